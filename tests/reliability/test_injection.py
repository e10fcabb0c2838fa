"""Hostile article text comes out inert in every exporter, checked on the parsed output.

The log is built end to end: the article goes in through ``spacedip add``, events reported
from spans of its text are appended as ``EventReported`` records, and every exporter runs as
``spacedip export``. Each output is parsed (lxml, icalendar and ical.js, markdown-it-py, json)
and compared with the output of a *benign twin*: the same log with every non-blank character
of the hostile text replaced by ``x``. Inert means the hostile text changed no structure: the
same elements, attributes, components, properties and Markdown tokens, no script URL anywhere,
and the hostile characters still there as text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]
import pytest
from markdown_it import MarkdownIt

from spacedip.api import open_log
from spacedip.errors import InputError
from spacedip.export.files import write_output
from spacedip.model import (
    Actor,
    ActorKind,
    Coordinates,
    Event,
    EventReported,
    Evidence,
    Place,
    PlaceKind,
    Provenance,
    Span,
)
from spacedip.testing import HOSTILE_TEXT
from tests.conftest import REPO
from tests.reliability.helpers import cli_process

MORE_HOSTILE = (
    '<!-- commentaire --> <iframe src="javascript:alert(5)"></iframe> <svg onload=alert(6)> '
    "<javascript:alert(7)> [x](<javascript:alert(8)>) ![img](javascript:alert(10)) "
    "`</code><script>alert(11)</script>` &#106;avascript:alert(12) <style>*{}</style>\n"
    "DESCRIPTION:faux\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VALARM\r\n"
    "<Placemark><name>faux</name></Placemark> <![CDATA[ x ]]> ]]> --> \n# Titre\n\n<div>bloc</div>\n"
    '"}, {"text": {"headline": "injecté"}} </p>'
)
CHECK_ICAL = REPO / "tests" / "js" / "check_ical.mjs"
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


def benign(text: str) -> str:
    """The benign twin of a hostile string: same length and white space, nothing else."""
    return re.sub(r"\S", "x", text)


def build_log(folder: Path, twist: Any) -> Path:
    """A log whose article, title, URL and events carry ``twist(hostile text)``."""
    folder.mkdir(parents=True)
    hostile, more = twist(HOSTILE_TEXT), twist(MORE_HOSTILE)
    text = f"Début de l'article. {hostile} Milieu. {more} Fin de l'article.\n"
    article_file = folder / "article.txt"
    article_file.write_text(text, encoding="utf-8")
    proc = cli_process("--log", "log.db", "add", "article.txt", "--no-extract", "--published", "2023-09-13",
                       "--title", twist('<b onmouseover="alert(13)">Titre</b> ]]>'), "--url",
                       twist("javascript:alert(9)"), "--publisher", twist("<script>alert(14)</script>"),
                       cwd=folder)
    assert proc.returncode == 0, proc.stderr
    with open_log(folder / "log.db", extractor=lambda article: ()) as log:
        (logged,) = list(log.records())
        article = logged.record.article  # type: ignore[attr-defined]
        assert article.text == text

        def event(fragment: str, kind: str, date: str, places: tuple[Place, ...], actors: tuple[Actor, ...]) -> Event:
            start = text.index(fragment)
            return Event.create(
                kind=kind, date=date, summary=fragment,
                evidence=Evidence(article.id, Span(start, start + len(fragment)), fragment),
                provenance=Provenance("reliability", "1"), places=places, actors=actors, confidence=0.8,
            )

        evil_place = Place("evil-place", hostile[:60], PlaceKind.CITY, Coordinates(51.5, 128.0))
        vostochny = Place("vostochny", "Cosmodrome Vostotchny", PlaceKind.COSMODROME, Coordinates(51.884, 128.334))
        evil_actor = Actor("evil-actor", more[:80], ActorKind.PERSON)
        log.append([
            EventReported(event(hostile, "statement", "2023-09-13", (evil_place, vostochny), (evil_actor,))),
            EventReported(event(more, "meeting", "2023-09-14", (vostochny,), ())),
            EventReported(event(hostile[:30], "visit", "2023-10", (), (evil_actor,))),
        ])
    exports = {"ical": "timeline.ics", "kml": "maps", "chronology": "chronology"}
    for exporter, target in exports.items():
        extra = ["--kml"] if exporter == "kml" else []
        proc = cli_process("--log", "log.db", "export", exporter, "-o", target, *extra, cwd=folder)
        assert proc.returncode == 0, proc.stderr
    return folder


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("injection")
    return build_log(root / "hostile", lambda s: s), build_log(root / "benign", benign)


# -- structure of parsed documents --------------------------------------------------------------


def xml_shape(root: Any) -> list[tuple[str, tuple[str, ...]]]:
    """Every element in document order: its tag and the names of its attributes."""
    return [(str(el.tag), tuple(sorted(el.attrib))) for el in root.iter() if isinstance(el.tag, str)]


def script_urls(root: Any) -> list[str]:
    """Attribute values that would run script when followed or loaded."""
    return [f"{el.tag}@{name}={value}" for el in root.iter() if isinstance(el.tag, str)
            for name, value in el.attrib.items() if SCRIPT_URL.match(value)]


def handlers(root: Any) -> list[str]:
    return [f"{el.tag}@{name}" for el in root.iter() if isinstance(el.tag, str)
            for name in el.attrib if name.lower().startswith("on")]


def html_of(fragment: str) -> Any:
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def _kml_documents(folder: Path) -> Iterator[tuple[str, bytes]]:
    for kmz in sorted(folder.glob("*.kmz")):
        with zipfile.ZipFile(kmz) as archive:
            yield kmz.name, archive.read("doc.kml")
    for kml in sorted(folder.glob("*.kml")):
        yield kml.name, kml.read_bytes()


def test_kml_and_its_balloons_are_inert(twins: tuple[Path, Path]) -> None:
    hostile, good = twins
    bad_docs, good_docs = dict(_kml_documents(hostile / "maps")), dict(_kml_documents(good / "maps"))
    assert set(bad_docs) == set(good_docs) and bad_docs
    seen_text = False
    for name, data in bad_docs.items():
        root, twin = lxml.etree.fromstring(data), lxml.etree.fromstring(good_docs[name])
        # Folders are sorted by place name, so compare the elements as a multiset.
        assert Counter(xml_shape(root)) == Counter(xml_shape(twin)), f"{name}: the hostile text changed the KML"
        balloons = [html_of(d.text or "") for d in root.iter("{*}description")]
        twin_balloons = [html_of(d.text or "") for d in twin.iter("{*}description")]
        assert sorted(map(xml_shape, balloons)) == sorted(map(xml_shape, twin_balloons)), f"{name}: balloon HTML"
        for balloon in balloons:
            assert not script_urls(balloon) and not handlers(balloon)
            seen_text |= '<script>alert("x")</script>' in balloon.text_content()
        assert not script_urls(root)
    assert seen_text, "the hostile text is shown, as text, in a balloon"


def test_html_chronology_is_inert(twins: tuple[Path, Path]) -> None:
    hostile, good = twins
    page = lxml.html.fromstring((hostile / "chronology" / "chronology.html").read_bytes())
    twin = lxml.html.fromstring((good / "chronology" / "chronology.html").read_bytes())
    assert xml_shape(page) == xml_shape(twin)
    assert [s.text for s in page.iter("script")] == [s.text for s in twin.iter("script")], "only our own scripts"
    assert not script_urls(page) and handlers(page) == handlers(twin)
    assert '<script>alert("x")</script>' in page.text_content()
    assert "<svg onload=alert(6)>" in page.text_content()


def _ical_shape(cal: icalendar.Calendar) -> list[tuple[str, tuple[str, ...]]]:
    return [(str(component.name), tuple(component.keys())) for component in cal.walk()]


def test_calendar_is_inert_for_icalendar_and_ical_js(twins: tuple[Path, Path]) -> None:
    hostile, good = twins
    cal = icalendar.Calendar.from_ical((hostile / "timeline.ics").read_bytes())
    twin = icalendar.Calendar.from_ical((good / "timeline.ics").read_bytes())
    assert _ical_shape(cal) == _ical_shape(twin), "the hostile text added a component or a property"
    summaries = [str(event["SUMMARY"]) for event in cal.walk("VEVENT")]
    assert any('<script>alert("x")</script>' in s and "BEGIN:VEVENT" in s for s in summaries)
    assert any("END:VCALENDAR" in str(event["DESCRIPTION"]) for event in cal.walk("VEVENT"))
    node = shutil.which("node")
    if node is None or not (REPO / "tests" / "js" / "node_modules" / "ical.js").exists():
        pytest.skip("node and ical.js (tests/install-deps.sh) are needed for the ical.js half")
    proc = subprocess.run([node, str(CHECK_ICAL), str(hostile / "timeline.ics"), str(good / "timeline.ics")],
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    bad, twin_js = json.loads(proc.stdout)
    assert bad["components"] == twin_js["components"]
    assert [e["properties"] for e in bad["events"]] == [e["properties"] for e in twin_js["events"]]
    assert sorted(e["summary"] for e in bad["events"]) == sorted(summaries)


def _md_structure(text: str) -> list[str]:
    md = MarkdownIt("commonmark")  # raw HTML allowed, as most Markdown renderers do

    def walk(tokens: list[Any]) -> Iterator[str]:
        for token in tokens:
            if token.type not in ("text", "text_special"):
                yield f"{token.type}:{token.tag}"
            yield from walk(token.children or [])

    return list(walk(md.parse(text)))


def test_markdown_is_inert(twins: tuple[Path, Path]) -> None:
    hostile, good = twins
    text = (hostile / "chronology" / "chronology.md").read_text(encoding="utf-8")
    shape = _md_structure(text)
    assert shape == _md_structure((good / "chronology" / "chronology.md").read_text(encoding="utf-8"))
    assert not [t for t in shape if t.startswith(("html_block", "html_inline"))]
    rendered = lxml.html.fromstring(f"<div>{MarkdownIt('commonmark').render(text)}</div>")
    assert not rendered.findall(".//script") and not script_urls(rendered) and not handlers(rendered)
    assert '<script>alert("x")</script>' in rendered.text_content()


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif isinstance(value, str):
        yield path, value


def test_timelinejs_json_is_inert(twins: tuple[Path, Path]) -> None:
    hostile, good = twins
    data = json.loads((hostile / "chronology" / "timeline.json").read_bytes())
    twin = json.loads((good / "chronology" / "timeline.json").read_bytes())
    bad_strings, good_strings = dict(_strings(data)), dict(_strings(twin))
    assert set(bad_strings) == set(good_strings), "the hostile text added JSON fields or events"
    for path, value in bad_strings.items():  # TimelineJS renders these strings as HTML
        fragment, twin_fragment = html_of(value), html_of(good_strings[path])
        assert xml_shape(fragment) == xml_shape(twin_fragment), path
        assert not script_urls(fragment) and not handlers(fragment), path
    assert any('<script>alert("x")</script>' in html_of(v).text_content() for v in bad_strings.values())


# -- output paths -------------------------------------------------------------------------------


PATH_IDS = ("../../escape", "/tmp/spacedip-evil", "..", ".", "a/b/c", ".hidden", "C:\\evil", "nul\x00byte",
            "unplaced", "CON", "~root", "%2e%2e%2fescape", "x" * 300)


def test_exporters_never_write_outside_their_folder_whatever_the_log_names(tmp_path: Path) -> None:
    path = tmp_path / "work" / "log.db"
    path.parent.mkdir()
    with open_log(path, extractor=lambda article: ()) as log:
        result = log.add_article("Poutine et Kim se sont rencontrés.\n" * 20, published="2023-09", extract=False)
        article = result.article
        log.append([
            EventReported(Event.create(
                kind="meeting", date="2023-09-13", summary=f"Lieu {n}",
                evidence=Evidence(article.id, Span(n, n + 5), article.text[n:n + 5]),
                provenance=Provenance("reliability", "1"),
                places=(Place(place_id, place_id, PlaceKind.CITY, Coordinates(10.0 + n, 20.0)),),
            ))
            for n, place_id in enumerate(PATH_IDS)
        ])
    outside_before = set(tmp_path.rglob("*"))
    runs = [("ical", "cal", ["--split-by", "place"]), ("kml", "maps", ["--kml"]), ("chronology", "chrono", [])]
    for exporter, target, extra in runs:
        proc = cli_process("--log", str(path), "export", exporter, "-o", f"out/{target}", *extra, cwd=path.parent)
        assert proc.returncode == 0, proc.stderr
    out = (path.parent / "out").resolve()
    # the log's own side files (SQLite's -wal and -shm, the timeline checkpoint) are not exporter output
    side = ("log.db-", "log.db.timeline")
    new = {p for p in set(tmp_path.rglob("*")) - outside_before if not p.name.startswith(side)}
    assert new, "something was exported"
    escaped = [p for p in new if not p.resolve().is_relative_to(out)]
    assert not escaped
    assert not Path("/tmp/spacedip-evil.ics").exists()
    calendars = list((out / "cal").iterdir())
    assert len(calendars) == len(PATH_IDS)
    assert all(p.is_file() and p.suffix == ".ics" and not p.name.startswith(".") for p in calendars)


class TestWriteOutput:
    """The file writer every exporter goes through refuses names and links that leave the folder."""

    @pytest.mark.parametrize("name", ["../x", "a/../../x", "/etc/x", "", ".", "C:x", "a\\b", "nul\x00"])
    def test_names_that_leave_the_folder(self, tmp_path: Path, name: str) -> None:
        box = tmp_path / "box"  # "../x" from box/out lands in box: watch all of tmp_path (not its parent,
        box.mkdir()             # which other pytest processes on the machine may clean up meanwhile)
        before = set(tmp_path.rglob("*"))
        with pytest.raises(InputError):
            write_output({"fine.txt": b"ok", name: b"evil"}, box / "out")
        assert set(tmp_path.rglob("*")) == before, "nothing is written, not even the good names"

    def test_a_symbolic_link_inside_the_folder(self, tmp_path: Path) -> None:
        outside = tmp_path / "outside"
        outside.mkdir()
        out = tmp_path / "out"
        out.mkdir()
        (out / "files").symlink_to(outside, target_is_directory=True)
        with pytest.raises(InputError, match="through a symbolic link"):
            write_output({"files/icon.png": b"evil"}, out)
        assert list(outside.iterdir()) == []
        (out / "page.html").symlink_to(outside / "target.html")
        write_output({"page.html": b"new"}, out)  # replaces the link itself, never writes through it
        assert not (outside / "target.html").exists() and (out / "page.html").read_bytes() == b"new"


def test_a_long_one_line_text_is_an_article_not_a_path() -> None:
    with open_log(":memory:") as log:
        result = log.add_article("Poutine et Kim se sont rencontrés. " * 20, extract=False)
    assert result.added
