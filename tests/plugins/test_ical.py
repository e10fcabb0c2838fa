"""The iCalendar exporter, checked by readers we did not write.

Every file these tests write is read by Mozilla's ical.js (Thunderbird's parser) under
Node.js; the bytes are also parsed back with ``icalendar`` and checked line by line
for RFC 5545 folding and escaping.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
import spacedip_ical
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacedip_ical import Omission, omission_reason, omitted_entries
from spacedip_ical._text import clean_text

from spacedip.errors import InputError
from spacedip.export import Exporter
from spacedip.export.base import content_bytes
from spacedip.export.files import write_output
from spacedip.model import Coordinates, Date, Modality, Place, PlaceKind
from spacedip.testing import ARTICLES, HOSTILE_TEXT, make_entry, make_source, sample_timeline
from spacedip.timeline import Conflict, Timeline, TimelineEntry

REPO = Path(__file__).resolve().parents[2]
JS_DIR = REPO / "tests" / "js"
CHECK_ICAL = JS_DIR / "check_ical.mjs"


# -- helpers ------------------------------------------------------------------------------


def export(timeline: Timeline, **options: Any) -> bytes | Mapping[str, Any]:
    output = spacedip_ical.exporter.export(
        timeline, {**spacedip_ical.exporter.defaults(), **options}, Path("timeline.ics")
    )
    return output if isinstance(output, Mapping) else content_bytes(output)


def export_one(timeline: Timeline, **options: Any) -> bytes:
    data = export(timeline, **options)
    assert isinstance(data, bytes)
    return data


def timeline_of(*entries: TimelineEntry, language: str = "fr") -> Timeline:
    ordered = tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.id)))
    return Timeline(
        entries=ordered,
        articles={s.article.id: s.article for e in entries for s in e.sources},
        head_position=max((e.position for e in entries), default=0),
        head_hash="ab" * 32 if entries else "",
        updated=max((e.last_modified for e in entries), default=None),
        language=language,
    )


def entry(
    date: str,
    *,
    summary: str = "Rencontre au sommet",
    quote: str = "se sont rencontrés",
    places: tuple[Place, ...] = (),
    modality: Modality = Modality.HAPPENED,
    position: int = 1,
    kind: str = "meeting",
) -> TimelineEntry:
    source = make_source(ARTICLES[0], quote, date, start=position, modality=modality)
    return make_entry(
        kind=kind,
        date=date,
        summary=summary,
        sources=(source,),
        places=places,
        modality=modality,
        position=position,
    )


def events(data: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT") if isinstance(c, icalendar.Event)]


def event_text(event: icalendar.Event, name: str) -> str:
    return str(event[name])


def categories(event: icalendar.Event) -> list[str]:
    prop = event["CATEGORIES"]
    assert isinstance(prop, icalendar.prop.vCategory)
    return [str(c) for c in prop.cats]


@pytest.fixture(scope="session")
def icaljs() -> Any:
    """Reads files with ical.js; skips when Node.js or the npm package is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (run `bash tests/install-deps.sh`)")
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        pytest.skip("ical.js is not in tests/js/node_modules (run `bash tests/install-deps.sh`)")

    def read(*paths: Path) -> list[dict[str, Any]]:
        done = subprocess.run(
            [node, str(CHECK_ICAL), *map(str, paths)], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        parsed: list[dict[str, Any]] = json.loads(done.stdout)
        return parsed

    return read


def write_and_read(icaljs: Any, output: bytes | Mapping[str, bytes], target: Path) -> list[dict[str, Any]]:
    """Write as the CLI does, then read every written file with ical.js."""
    return list(icaljs(*write_output(output, target)))


def unescape_text(raw: str) -> str:
    """RFC 5545 section 3.3.11 TEXT unescaping, in one left-to-right pass."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


# -- the contract -----------------------------------------------------------------------


class TestContract:
    def test_exporter_declares_its_options(self) -> None:
        exp = spacedip_ical.exporter
        assert isinstance(exp, Exporter)
        assert (exp.name, exp.default_filename) == ("ical", "timeline.ics")
        assert exp.defaults() == {
            "collapse": False,
            "split_by": "none",
            "name": "spacedip — chronologie",
            "lang": None,
        }
        split = next(o for o in exp.options if o.name == "split_by")
        assert split.choices == ("none", "place")
        assert next(o for o in exp.options if o.name == "collapse").flag

    def test_import_is_cheap(self) -> None:
        code = "import sys, spacedip_ical; print('icalendar' in sys.modules)"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        assert done.stdout.strip() == "False"

    def test_bad_options_are_input_errors(self) -> None:
        tl = sample_timeline()
        with pytest.raises(InputError, match="split_by"):
            export(tl, split_by="country")
        with pytest.raises(InputError, match="lang"):
            export(tl, lang="de")
        with pytest.raises(InputError, match="name"):
            export(tl, name="  ")

    def test_options_are_documented(self) -> None:
        doc = (REPO / "docs" / "ical.md").read_text(encoding="utf-8")
        for opt in spacedip_ical.exporter.options:
            assert f"`--{opt.name.replace('_', '-')}" in doc, opt.name
        assert "X-SPACEDIP-OMITTED" in doc
        assert "omitted_entries" in doc

    def test_missing_options_take_defaults(self) -> None:
        output = spacedip_ical.exporter.export(sample_timeline(), {}, Path("x.ics"))
        assert not isinstance(output, Mapping)
        data = content_bytes(output)
        assert data == export_one(sample_timeline())


# -- Mozilla's ical.js ---------------------------------------------------------------------

EXPECTED_DAYS = {  # kind in sample_timeline -> (DTSTART, DTEND exclusive)
    "launch": ("2006-01-01", "2007-01-01"),
    "arrival": ("2017-12-01", "2018-01-01"),
    "video_call": ("2018-05-26", "2018-05-27"),
    "offer": ("2023-09-01", "2023-10-01"),
    "meeting": ("2023-09-13", "2023-09-14"),
    "statement": ("2023-09-13", "2023-09-14"),
    "talks": ("2023-11-08", "2023-11-10"),
}


class TestReadByIcalJs:
    def test_sample_timeline(self, icaljs: Any, tmp_path: Path) -> None:
        tl = sample_timeline()
        [read] = write_and_read(icaljs, export(tl), tmp_path / "timeline.ics")
        dated = [e for e in tl.entries if e.kind in EXPECTED_DAYS]
        assert len(read["events"]) == len(dated) == 7
        assert read["components"] == ["vevent"] * 7
        assert [ev["uid"] for ev in read["events"]] == [f"{e.id}@spacedip" for e in dated]
        for ev, e in zip(read["events"], dated, strict=True):
            start, end = EXPECTED_DAYS[e.kind]
            assert ev["dtstart"] == {"value": start, "isDate": True}
            assert ev["dtend"] == {"value": end, "isDate": True}
            assert ev["edtf"] == e.date.edtf
            assert ev["entryId"] == e.id
            assert ev["sequence"] == e.position
            assert ev["dtstamp"] == ev["lastModified"] == e.last_modified.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert ev["created"] == e.first_recorded.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert ev["status"] == ("CONFIRMED" if e.modality is Modality.HAPPENED else "TENTATIVE")
            assert ev["transp"] == "TRANSPARENT"
            ground = next((p.coordinates for p in e.places if p.coordinates), None)
            assert ev["geo"] == ([ground.lat, ground.lon] if ground else None)
            for source in e.sources:
                assert clean_text(source.quote) in ev["description"]
        assert read["calendar"]["version"] == "2.0"
        assert read["calendar"]["name"] == "spacedip — chronologie"
        assert read["calendar"]["omitted"] == "1"

    def test_hostile_text_stays_text(self, icaljs: Any, tmp_path: Path) -> None:
        [read] = write_and_read(icaljs, export(sample_timeline()), tmp_path / "t.ics")
        hostile = [ev for ev in read["events"] if ev["summary"] == clean_text(HOSTILE_TEXT)]
        assert len(hostile) == 1
        assert hostile[0]["description"].startswith(clean_text(HOSTILE_TEXT) + "\n\n")
        assert hostile[0]["location"] == f"{HOSTILE_TEXT[:40]}, Cosmodrome Vostotchny"
        assert clean_text(HOSTILE_TEXT) in hostile[0]["categories"]
        assert hostile[0]["url"] is None  # javascript: is not a link
        assert not any(ev["summary"] == "injected" for ev in read["events"])

    def test_escaped_text(self, icaljs: Any, tmp_path: Path) -> None:
        nasty = [
            "a, b; c \\ d\ne",
            "\\N et \\n et \\\\N",
            "C:\\Nouveau\\new",
            "fin \\",
            "\\",
            ";",
            ",",
            "\t tab",
            "tiret — « guillemets » 🚀" * 5,
            "ligne\r\nsuivante\rencore",
            "x\x00y\x1fz\x7f",
            "BEGIN:VEVENT\nUID:x\nEND:VEVENT",
            "é" * 200,
        ]
        tl = timeline_of(
            *(entry("2020-01-02", summary=s, quote=s, position=i) for i, s in enumerate(nasty, 1))
        )
        data = export_one(tl)
        [read] = write_and_read(icaljs, data, tmp_path / "nasty.ics")
        assert len(read["events"]) == len(nasty)
        by_uid = {ev["uid"]: ev for ev in read["events"]}
        for e in tl.entries:
            ev = by_uid[f"{e.id}@spacedip"]
            assert ev["summary"] == clean_text(e.summary)
            assert f"« {clean_text(e.sources[0].quote)} »" in ev["description"]
        ours = {str(ev["UID"]): ev for ev in events(data)}
        for e in tl.entries:
            assert event_text(ours[f"{e.id}@spacedip"], "SUMMARY") == clean_text(e.summary)

    def test_geo_is_plain_decimals(self, icaljs: Any, tmp_path: Path) -> None:
        tiny = Place("tiny", "Golfe de Guinée", PlaceKind.OTHER, Coordinates(0.00001, -0.0))
        data = export_one(timeline_of(entry("2020-01-02", places=(tiny,))))
        assert b"GEO:0.00001;0.0\r\n" in data
        [read] = write_and_read(icaljs, data, tmp_path / "geo.ics")
        assert read["events"][0]["geo"] == [0.00001, 0.0]

    def test_english_labels(self, icaljs: Any, tmp_path: Path) -> None:
        tl = sample_timeline()
        [read] = write_and_read(icaljs, export(tl, lang="en", name="Space, diplomacy"), tmp_path / "en.ics")
        assert read["calendar"]["prodid"].endswith("//EN")
        offer = next(ev for ev in read["events"] if ev["edtf"] == "2023-09")
        assert offer["summary"].startswith("[proposed] ")
        assert "Date: September 2023 — precision: month, shown over its whole span" in offer["description"]
        assert "offer" in offer["categories"]

    def test_empty_timeline(self, icaljs: Any, tmp_path: Path) -> None:
        [read] = write_and_read(icaljs, export(timeline_of()), tmp_path / "empty.ics")
        assert read["events"] == []
        assert read["calendar"]["omitted"] == "0"
        assert export(timeline_of(), split_by="place") == {}

    @pytest.mark.parametrize(("language", "prodid"), [("fr", "//FR"), ("en", "//EN"), ("de", "//EN")])
    def test_label_language_follows_the_timeline(self, language: str, prodid: str) -> None:
        data = export_one(timeline_of(entry("2020-01-02"), language=language))
        assert str(icalendar.Calendar.from_ical(data)["PRODID"]).endswith(prodid)


# -- icalendar round trip, folding, escaping -----------------------------------------------


class TestBytes:
    def test_round_trip_through_icalendar(self) -> None:
        tl = sample_timeline()
        data = export_one(tl)
        cal = icalendar.Calendar.from_ical(data)
        assert str(cal["X-SPACEDIP-OMITTED"]) == "1"
        assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "spacedip — chronologie"
        assert "1 entrée" in str(cal["DESCRIPTION"])
        evs = events(data)
        dated = [e for e in tl.entries if e.date.is_known]
        assert [str(ev["UID"]) for ev in evs] == [f"{e.id}@spacedip" for e in dated]
        for ev, e in zip(evs, dated, strict=True):
            assert ev.decoded("DTSTAMP") == e.last_modified.replace(microsecond=0)
            assert ev.decoded("CREATED") == e.first_recorded.replace(microsecond=0)
            assert ev.decoded("DTSTART").isoformat() == EXPECTED_DAYS[e.kind][0]
            assert not isinstance(ev.decoded("DTSTART"), dt.datetime)
            assert str(ev["X-SPACEDIP-EDTF"]) == e.date.edtf
            expected = clean_text(e.summary)
            if e.modality is not Modality.HAPPENED:
                expected = f"[{ {'planned': 'prévu', 'proposed': 'proposé'}[e.modality.value] }] {expected}"
            assert event_text(ev, "SUMMARY") == expected
        # an event icalendar writes back the same way
        assert icalendar.Calendar.from_ical(data).to_ical(sorted=False) == data

    def test_folding(self) -> None:
        long = "Été 2023 : « négociations » à Baïkonour 🚀🛰️ " * 20
        data = export_one(timeline_of(entry("2023-09-13", summary=long, quote=long)))
        lines = physical_lines(data)
        assert max(len(line) for line in lines) <= 75
        assert any(len(line) >= 72 for line in lines)
        for line in lines:
            assert b"\r" not in line
            assert b"\n" not in line
            line.decode("utf-8")  # no multibyte character split across a fold
        assert event_text(events(data)[0], "SUMMARY") == long

    def test_escaping_on_the_wire(self) -> None:
        text = "a, b; c \\ d\ne"
        data = export_one(timeline_of(entry("2023-09-13", summary=text)))
        unfolded = re.sub(rb"\r\n[ \t]", b"", data)
        assert b"\r\nSUMMARY:a\\, b\\; c \\\\ d\\ne\r\n" in unfolded

    def test_hostile_text_does_not_start_a_component(self) -> None:
        data = export_one(sample_timeline())
        unfolded = re.sub(rb"\r\n[ \t]", b"", data).split(b"\r\n")
        assert unfolded.count(b"BEGIN:VEVENT") == unfolded.count(b"END:VEVENT") == 7
        assert not any(line.startswith(b"SUMMARY:injected") for line in unfolded)
        [hostile] = [ev for ev in events(data) if "injected" in event_text(ev, "SUMMARY")]
        assert event_text(hostile, "SUMMARY") == clean_text(HOSTILE_TEXT)
        assert event_text(hostile, "DESCRIPTION").startswith(clean_text(HOSTILE_TEXT))
        assert "URL" not in hostile

    def test_urls_are_web_links_only(self) -> None:
        article = ARTICLES[0]
        odd = type(article)(
            id="odd",
            title="t",
            published=Date.parse("2020"),
            publisher=None,
            url="https://example.org/a b/é?q=1,2",
            language="fr",
            origin=None,
        )
        e = make_entry(
            kind="visit", date="2020-01-02", summary="s", sources=(make_source(odd, "q", "2020-01-02"),)
        )
        [ev] = events(export_one(timeline_of(e)))
        assert str(ev["URL"]) == "https://example.org/a%20b/%C3%A9?q=1,2"


class TestDeterminism:
    def test_two_exports_are_byte_identical(self) -> None:
        assert export_one(sample_timeline()) == export_one(sample_timeline())
        split_a, split_b = (
            export(sample_timeline(), split_by="place"),
            export(sample_timeline(), split_by="place"),
        )
        assert isinstance(split_a, Mapping)
        assert isinstance(split_b, Mapping)
        assert dict(split_a) == dict(split_b)

    def test_same_bytes_in_another_process(self) -> None:
        code = (
            "import sys, spacedip_ical; from pathlib import Path;"
            "from spacedip.testing import sample_timeline; from spacedip.export.base import content_bytes;"
            "sys.stdout.buffer.write(content_bytes(spacedip_ical.export(sample_timeline(), {}, Path('t.ics'))))"
        )
        env = {
            **os.environ,
            "PYTHONHASHSEED": "12345",
            "TZ": "Pacific/Kiritimati",
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        }
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True)
        assert done.stdout == export_one(sample_timeline())

    def test_timestamps_come_from_the_log(self) -> None:
        text = export_one(sample_timeline()).decode()
        stamps = set(re.findall(r"\r\n(?:DTSTAMP|CREATED|LAST-MODIFIED):(\d{8}T\d{6}Z)", text))
        assert stamps
        assert all(s.startswith("20260101T1200") for s in stamps)


# -- dates and their precision ------------------------------------------------------------


def span_of(date: str, **options: Any) -> tuple[str, str] | None:
    evs = events(export_one(timeline_of(entry(date)), **options))
    if not evs:
        return None
    [ev] = evs
    return ev.decoded("DTSTART").isoformat(), ev.decoded("DTEND").isoformat()


class TestPrecision:
    @pytest.mark.parametrize(
        ("date", "span", "collapsed"),
        [
            ("2023-09-13", ("2023-09-13", "2023-09-14"), ("2023-09-13", "2023-09-14")),
            ("2023-12-31?", ("2023-12-31", "2024-01-01"), ("2023-12-31", "2024-01-01")),
            ("2024-02", ("2024-02-01", "2024-03-01"), ("2024-02-01", "2024-02-02")),
            ("2023-21", ("2023-03-01", "2023-06-01"), ("2023-03-01", "2023-03-02")),
            ("2023-36", ("2023-10-01", "2024-01-01"), ("2023-10-01", "2023-10-02")),
            ("2006~", ("2006-01-01", "2007-01-01"), ("2006-01-01", "2006-01-02")),
            ("2023-11-08/2023-11-09", ("2023-11-08", "2023-11-10"), ("2023-11-08", "2023-11-10")),
            ("2011/2014-06", ("2011-01-01", "2014-07-01"), ("2011-01-01", "2014-07-01")),
        ],
    )
    def test_shown_span(self, date: str, span: tuple[str, str], collapsed: tuple[str, str]) -> None:
        assert span_of(date) == span
        assert span_of(date, collapse=True) == collapsed

    @pytest.mark.parametrize(
        ("date", "reason"),
        [
            ("XXXX", Omission.UNKNOWN_DATE),
            ("2011/..", Omission.OPEN_INTERVAL),
            ("../2011", Omission.OPEN_INTERVAL),
            ("2011/", Omission.OPEN_INTERVAL),
            ("199X", Omission.TOO_VAGUE),
            ("19XX", Omission.TOO_VAGUE),
            ("199X/2003", Omission.TOO_VAGUE),
            ("9999", Omission.OUT_OF_RANGE),
        ],
    )
    def test_left_out_and_counted(self, date: str, reason: Omission) -> None:
        kept = entry("2020-05-05", position=1)
        dropped = entry(date, position=2, summary="sans date")
        tl = timeline_of(kept, dropped)
        assert omission_reason(dropped) is reason
        assert omitted_entries(tl, {}) == [dropped]
        data = export_one(tl)
        assert [str(ev["UID"]) for ev in events(data)] == [f"{kept.id}@spacedip"]
        assert str(icalendar.Calendar.from_ical(data)["X-SPACEDIP-OMITTED"]) == "1"
        assert span_of(date) is None

    def test_precision_is_stated(self) -> None:
        [month] = events(export_one(timeline_of(entry("2017-12", summary="Arrivée"))))
        assert event_text(month, "SUMMARY") == "Arrivée"
        assert "Date : décembre 2017 — précision : mois, montré sur toute sa durée" in event_text(
            month, "DESCRIPTION"
        )
        [collapsed] = events(export_one(timeline_of(entry("2017-12", summary="Arrivée")), collapse=True))
        assert event_text(collapsed, "SUMMARY") == "Arrivée (décembre 2017)"
        assert "précision : mois, placé sur son premier jour" in event_text(collapsed, "DESCRIPTION")
        [day] = events(export_one(timeline_of(entry("2023-09-01~"))))
        assert "Date : 1er septembre 2023 (environ) — précision : jour\n" in event_text(day, "DESCRIPTION")

    def test_sources_conflicts_and_fixed_day(self) -> None:
        tl = sample_timeline()
        evs = {str(ev["X-SPACEDIP-ENTRY-ID"]): ev for ev in events(export_one(tl))}
        meeting = next(e for e in tl.entries if e.kind == "meeting")
        text = event_text(evs[meeting.id], "DESCRIPTION")
        assert "Jour donné par : [1] Poutine et Kim à Vostotchny" in text
        assert "[2] Kim invite Poutine — Agence test, septembre 2023" in text
        assert "    date rapportée : septembre 2023\n" in text
        assert "https://example.org/a2?x=1&y=2" in text
        offer = next(e for e in tl.entries if e.kind == "offer")
        assert "Les sources divergent sur la date : 2023-09-13 / 2023-09-14" in event_text(
            evs[offer.id], "DESCRIPTION"
        )
        cats = categories(evs[meeting.id])
        assert cats == ["rencontre", "Cosmodrome Vostotchny", "Vladimir Poutine", "Kim Jong-un"]


# -- split by place --------------------------------------------------------------------------


class TestSplitByPlace:
    def test_one_calendar_per_place(self, icaljs: Any, tmp_path: Path) -> None:
        tl = sample_timeline()
        out = export(tl, split_by="place")
        assert isinstance(out, Mapping)
        assert sorted(out) == sorted(
            [
                "kremlin.ics",
                "iss.ics",
                "vostochny.ics",
                "astana.ics",
                "baikonur.ics",
                "evil.ics",
                "unplaced.ics",
            ]
        )
        read = {Path(r["path"]).name: r for r in write_and_read(icaljs, out, tmp_path / "cals")}
        assert len(read) == 7
        uids = {name: [ev["uid"] for ev in r["events"]] for name, r in read.items()}
        statement = next(e for e in tl.entries if e.kind == "statement")
        at_vostochny = [f"{e.id}@spacedip" for e in tl.entries if "vostochny" in {p.id for p in e.places}]
        assert len(at_vostochny) == 2
        assert uids["vostochny.ics"] == at_vostochny  # timeline order, the hostile entry included
        assert uids["evil.ics"] == [f"{statement.id}@spacedip"]
        assert len(uids["iss.ics"]) == 2
        # the unplaced calendar has the proposal; the planned visit has no date and is counted
        assert [ev["edtf"] for ev in read["unplaced.ics"]["events"]] == ["2023-09"]
        assert read["unplaced.ics"]["calendar"]["omitted"] == "1"
        assert read["unplaced.ics"]["calendar"]["name"] == "spacedip — chronologie — sans lieu"
        assert read["astana.ics"]["calendar"]["name"] == "spacedip — chronologie — Astana"
        assert read["astana.ics"]["calendar"]["omitted"] == "0"

    def test_file_names_never_collide(self, icaljs: Any, tmp_path: Path) -> None:
        ids = ["a/b", "a_b", "A_B", "unplaced", "../up", ".hidden", "x" * 300, "Moscou"]
        places = [Place(pid, f"Lieu {pid}", PlaceKind.CITY) for pid in ids]
        tl = timeline_of(
            *(entry("2020-01-02", places=(p,), position=i) for i, p in enumerate(places, 1)),
            entry("2020-01-03", position=99),
        )
        out = export(tl, split_by="place")
        assert isinstance(out, Mapping)
        assert len(out) == len(ids) + 1
        assert len({n.lower() for n in out}) == len(out)
        assert "Moscou.ics" in out
        assert "unplaced.ics" in out
        written = write_output(out, tmp_path / "cals")
        assert all(p.parent == tmp_path / "cals" for p in written)
        read = icaljs(*written)
        assert sum(len(r["events"]) for r in read) == len(ids) + 1


# -- random text ---------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=120)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=TEXT, quote=TEXT, place=TEXT, name=TEXT)
def test_random_text_round_trips(summary: str, quote: str, place: str, name: str) -> None:
    where = Place("p", place, PlaceKind.CITY, Coordinates(1.5, -2.25))
    tl = timeline_of(entry("2023-09-13", summary=summary, quote=quote, places=(where,)))
    data = export_one(tl, name=name) if name.strip() else export_one(tl)
    for line in physical_lines(data):
        assert len(line) <= 75
        assert b"\r" not in line
        assert b"\n" not in line
        line.decode("utf-8")
    cal = icalendar.Calendar.from_ical(data)
    [ev] = events(data)
    assert event_text(ev, "SUMMARY") == clean_text(summary)
    assert event_text(ev, "DESCRIPTION").startswith(clean_text(summary) + "\n\n")
    assert f"« {clean_text(quote)} »" in event_text(ev, "DESCRIPTION")
    assert categories(ev)[0] == "rencontre"
    if clean_text(place):
        assert event_text(ev, "LOCATION") == clean_text(place)
    if name.strip():
        # icalendar and ical.js hand NAME back unescaped as an unknown property: read it by RFC 5545 rules
        assert unescape_text(str(cal["NAME"])) == unescape_text(str(cal["X-WR-CALNAME"])) == clean_text(name)


def test_conflict_on_other_field_is_stated() -> None:
    base = entry("2023-09-13")
    with_conflict = attrs.evolve(base, conflicts=(Conflict("actors", ("A", "B"), ("x", "y"), ""),))
    [ev] = events(export_one(timeline_of(with_conflict)))
    assert "Les sources divergent sur les acteurs : A / B\n" in event_text(ev, "DESCRIPTION")


def test_clean_text_keeps_what_text_can_hold() -> None:
    assert clean_text("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert clean_text("x\x00y\x1fz\x7f\tt") == "xyz\tt"
    assert clean_text("lone \ud800") == "lone \ufffd"
    assert clean_text(HOSTILE_TEXT) == HOSTILE_TEXT.replace("\r\n", "\n")


def test_a_checkpointed_timeline_gives_the_same_calendar_and_left_out_entries_as_a_replay(tmp_path: Path) -> None:
    """On a SQLite log, VEVENTs come from the checkpoint's cache and left-out entries from its dates."""
    from spacedip.api import open_log
    from spacedip.export.fragments import Fragments
    from spacedip.model import ArticleAdded, EventReported
    from tests.conftest import make_article, make_event

    article = make_article("Poutine et Kim à Vostotchny, puis à Baïkonour, selon l'agence.", "2023-09")
    dates = ["2023-09-13", "2023-09", "XXXX", "2023-09-20/..", "2023", "2023-10-01", "202X"]
    events = [make_event(article, date="2023-09-13" if d == "XXXX" else d, kind=k, start=n)
              for n, (d, k) in enumerate(zip(dates, ["meeting", "launch", "flight", "offer", "visit", "docking",
                                                       "agreement"], strict=True))]
    unknown = attrs.evolve(events[2], date=Date.unknown())
    events[2] = unknown
    with open_log(tmp_path / "log.db", extractor=lambda a: ()) as log:
        log.append([ArticleAdded(article), *(EventReported(e) for e in events)])
        stored, replayed = log.timeline(), log.replay().timeline()
        assert content_bytes(export(stored)) == content_bytes(export(replayed))  # type: ignore[arg-type]
        assert omitted_entries(stored) == omitted_entries(replayed)
        assert {e.date.edtf for e in omitted_entries(stored)} == {"XXXX", "2023-09-20/..", "202X"}
        renders: list[str] = []
        original = Fragments.__init__

        def counting(self: Fragments, timeline: Timeline, renderer: str, render: Any) -> None:
            def counted(entry: TimelineEntry) -> tuple[bytes, bytes]:
                renders.append(entry.id)
                result: tuple[bytes, bytes] = render(entry)
                return result

            original(self, timeline, renderer, counted)

        Fragments.__init__ = counting  # type: ignore[method-assign]
        try:
            again = content_bytes(export(log.timeline()))  # type: ignore[arg-type]
        finally:
            Fragments.__init__ = original  # type: ignore[method-assign]
        assert again == content_bytes(export(replayed)) and renders == []  # type: ignore[arg-type]
