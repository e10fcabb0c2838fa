"""The chronology exporter: formats, dates at their precision, grouping, TimelineJS shape, inert text,
and blocks kept in a log's checkpoint (cold, warm and in-memory exports give the same bytes)."""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import re
import sqlite3
import textwrap
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import lxml.html
import orjson
import pytest
import spacedip_chronology
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from spacedip_chronology import FILES, FORMATS, RENDER_VERSION, export, exporter
from spacedip_chronology import _stream as chronology_stream
from spacedip_chronology._chunks import coalesce, one_final_newline
from spacedip_chronology._dates import format_date
from spacedip_chronology._labels import EN, FR
from spacedip_chronology._markdown import md_escape
from spacedip_chronology._outline import Outline
from spacedip_chronology._spill import MEMORY, Blocks, pack
from spacedip_chronology._stream import Chronology, renderer_name
from spacedip_chronology._svg import _GAP, _Lanes
from spacedip_chronology._table import FactTable
from spacedip_chronology._view import build, clean, safe_url
from spacedip_chronology._wrap import wrap

from spacedip.api import Log, open_log
from spacedip.errors import InputError
from spacedip.export.base import Stream, content_bytes
from spacedip.export.files import write_output
from spacedip.export.fragments import Fragments
from spacedip.export.registry import load_exporters
from spacedip.model import ArticleAdded, Date, EventReported, Modality, Place
from spacedip.testing import ARTICLES, HOSTILE_TEXT, make_entry, make_source, sample_timeline
from spacedip.timeline.checkpoint import Checkpoint
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.entry import ArticleInfo, Timeline
from spacedip.timeline.filters import TimelineFilter
from tests.conftest import ABE, BAIKONUR, KIM, KREMLIN, PALACE, PUTIN, VOSTOCHNY, make_article, make_event

SAFE_URLS = {a.url for a in ARTICLES if a.url and a.url.startswith("https://")}
ALL_FORMATS = tuple(FORMATS[suffix] for suffix in FILES.values())
"""The formats of a folder export, in the order their blocks are packed."""


def _timeline(*entries: Any, language: str = "fr") -> Timeline:
    ordered = tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.id)))
    articles = {s.article.id: s.article for e in ordered for s in e.sources}
    return Timeline(entries=ordered, articles=articles, head_position=len(ordered), head_hash="ab" * 32,
                    updated=ordered[-1].last_modified if ordered else None, language=language)


def _entry(date: str, summary: str = "Rencontre au cosmodrome", *, kind: str = "meeting", quote: str = "",
           article: ArticleInfo = ARTICLES[0], **kwargs: Any) -> Any:
    source = make_source(article, quote or f"citation {date}", date, start=len(summary))
    return make_entry(kind=kind, date=date, summary=summary, sources=(source,), **kwargs)


def _one(fmt: str, timeline: Timeline | None = None, **options: Any) -> bytes:
    out = export(timeline if timeline is not None else sample_timeline(), options, Path(f"out/chronology{fmt}"))
    assert isinstance(out, bytes | Stream)
    return content_bytes(out)


def _all(timeline: Timeline, **options: Any) -> dict[str, bytes]:
    """The four files of a folder export, as bytes."""
    out = export(timeline, options, Path("out/chronology"))
    assert isinstance(out, dict)
    return {name: content_bytes(content) for name, content in out.items()}


def _tree(html: bytes | str) -> Any:
    return lxml.html.document_fromstring(html)


def _fragment(html: str) -> Any:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def assert_inert(tree: Any, *, scripts_allowed: int = 0) -> None:
    """No script but ours, no event-handler attribute, no link or resource other than http(s) or #."""
    assert len(tree.xpath("//script")) == scripts_allowed
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in ("img", "iframe", "object", "embed", "Placemark", "placemark", "description")
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert value.startswith(("#", "https://", "http://", "data:,")), (el.tag, name, value)


class TestContract:
    def test_registered_through_the_entry_point(self) -> None:
        assert load_exporters()["chronology"] is exporter
        assert exporter.default_filename == "chronology/"
        assert exporter.defaults() == {"lang": None, "title": None}
        assert next(o for o in exporter.options if o.name == "lang").choices == ("fr", "en")

    @pytest.mark.parametrize("suffix", [".md", ".html", ".txt", ".json", ".HTML"])
    def test_suffix_chooses_one_format(self, suffix: str) -> None:
        out = export(sample_timeline(), {}, Path(f"x/chrono{suffix}"))
        assert isinstance(out, bytes), "a timeline held in memory gives bytes"
        name = next(n for n, s in FILES.items() if s == suffix.lower())
        assert out == _all(sample_timeline())[name]

    def test_folder_gets_all_four_through_write_output(self, tmp_path: Path) -> None:
        target = tmp_path / "chronology"
        written = write_output(export(sample_timeline(), {}, target), target)
        assert sorted(p.name for p in written) == ["chronology.html", "chronology.md", "chronology.txt",
                                                   "timeline.json"]
        assert json.loads((target / "timeline.json").read_text(encoding="utf-8"))["events"]
        assert _tree((target / "chronology.html").read_bytes()).get("lang") == "fr"

    def test_byte_identical_for_the_same_log_and_options(self) -> None:
        assert _all(sample_timeline(), lang="en", title="T") == _all(sample_timeline(), lang="en", title="T")

    @settings(max_examples=25, deadline=None)
    @given(st.permutations(sample_timeline().entries))
    def test_entry_order_given_does_not_matter(self, entries: list[Any]) -> None:
        base = sample_timeline()
        shuffled = Timeline(tuple(entries), base.articles, base.head_position, base.head_hash, base.updated)
        assert _all(shuffled) == _all(base)

    def test_language_defaults_to_the_corpus_and_can_be_chosen(self) -> None:
        english_corpus = _timeline(_entry("2023-09-13"), language="en")
        assert _tree(_one(".html", english_corpus)).get("lang") == "en"
        assert _tree(_one(".html", english_corpus, lang="fr")).get("lang") == "fr"
        assert "13 September 2023" in _one(".txt", lang="en").decode()
        assert "13 septembre 2023" in _one(".txt").decode()

    def test_unsupported_language_is_an_input_error(self) -> None:
        with pytest.raises(InputError, match="--lang fr"):
            export(sample_timeline(), {"lang": "de"}, Path("a.md"))

    def test_no_clock_in_output(self) -> None:
        text = _one(".md").decode()
        assert "position 10" in text
        assert "1er janvier 2026 à 12:00 UTC" in text  # timeline.updated, not now

    def test_empty_timeline(self) -> None:
        empty = _timeline()
        assert json.loads(_one(".json", empty))["events"] == []
        assert "Aucune entrée." in _one(".md", empty).decode()
        assert "journal vide" in _one(".txt", empty).decode()
        assert not _tree(_one(".html", empty)).xpath("//article")


DATES = [
    ("2023-09-13", "13 septembre 2023", "13 September 2023"),
    ("2023-09-01", "1er septembre 2023", "1 September 2023"),
    ("2017-12", "décembre 2017", "December 2017"),
    ("2023-22", "été 2023", "summer 2023"),
    ("2024-21", "printemps 2024", "spring 2024"),
    ("2023-34", "deuxième trimestre 2023", "second quarter of 2023"),
    ("2023-40", "premier semestre 2023", "first half of 2023"),
    ("1998", "1998", "1998"),
    ("199X", "années 1990", "1990s"),
    ("19XX", "XXe siècle", "20th century"),
    ("20XX", "XXIe siècle", "21st century"),
    ("2023-11-08/2023-11-09", "du 8 au 9 novembre 2023", "8–9 November 2023"),
    ("2023-10-28/2023-11-02", "du 28 octobre au 2 novembre 2023", "28 October – 2 November 2023"),
    ("2022-12-28/2023-01-02", "du 28 décembre 2022 au 2 janvier 2023", "28 December 2022 – 2 January 2023"),
    ("2023-04/2023-06", "d'avril à juin 2023", "April–June 2023"),
    ("2011/2014", "de 2011 à 2014", "2011–2014"),
    ("2023-22/2024-23", "de l'été 2023 à l'automne 2024", "summer 2023 – autumn 2024"),
    ("199X/200X", "des années 1990 aux années 2000", "1990s–2000s"),
    ("2011/..", "à partir de 2011", "from 2011 onwards"),
    ("2023-11-08/", "à partir du 8 novembre 2023 (fin inconnue)", "from 8 November 2023 (end unknown)"),
    ("../2014", "jusqu'à 2014", "until 2014"),
    ("/2023-11-09", "jusqu'au 9 novembre 2023 (début inconnu)", "until 9 November 2023 (start unknown)"),
    ("1998~", "1998 (date approximative)", "1998 (approximate)"),
    ("2023-09-13?", "13 septembre 2023 (date incertaine)", "13 September 2023 (uncertain)"),
    ("XXXX", "date inconnue", "unknown date"),
]


class TestDates:
    @pytest.mark.parametrize(("edtf", "fr", "en"), DATES)
    def test_written_at_precision(self, edtf: str, fr: str, en: str) -> None:
        assert format_date(Date.parse(edtf), FR) == fr
        assert format_date(Date.parse(edtf), EN) == en

    def test_table_covers_every_precision(self) -> None:
        assert {Date.parse(edtf).precision for edtf, _, _ in DATES} == set(Date.parse("2023").precision.__class__)

    def test_each_format_shows_the_date_as_written(self) -> None:
        timeline = _timeline(_entry("2023-22", "Sommet d'été"), _entry("199X", "Accords des années 1990"))
        for fmt in (".md", ".txt", ".html"):
            text = _one(fmt, timeline).decode()
            assert "été 2023" in text
            assert "années 1990" in text
        display = [e["display_date"] for e in json.loads(_one(".json", timeline, lang="en"))["events"]]
        assert display == ["1990s", "summer 2023"]


class TestGrouping:
    def test_years_then_months_unknown_last(self) -> None:
        chronology = build(sample_timeline(), FR)
        assert [g.heading for g in chronology.groups] == ["2006", "2017", "2018", "2023", "Date inconnue"]
        year_2023 = chronology.groups[3]
        assert [m.heading for m in year_2023.months] == ["Septembre 2023", "Novembre 2023"]
        assert [e.date.edtf for e in year_2023.months[0].entries] == ["2023-09", "2023-09-13", "2023-09-13"]
        assert [e.date.edtf for e in year_2023.months[1].entries] == ["2023-11-08/2023-11-09"]  # by its start
        assert [e.date.edtf for e in chronology.groups[0].entries] == ["2006"]  # under the year, no month
        assert chronology.groups[0].months == ()

    def test_decades_seasons_and_open_starts(self) -> None:
        timeline = _timeline(
            _entry("2023-22", "été"), _entry("2023-09-13", "jour"), _entry("199X", "décennie"),
            _entry("../2014", "ouvert"), _entry("2023-21/2024", "saison puis année"), _entry("XXXX", "inconnu"),
        )
        groups = build(timeline, FR).groups
        assert [g.heading for g in groups] == ["Début inconnu", "Années 1990", "2023", "Date inconnue"]
        assert [e.summary for e in groups[2].entries] == ["saison puis année", "été"]
        assert [m.key for m in groups[2].months] == ["2023-09"]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from([d for d, _, _ in DATES]), min_size=1, max_size=12))
    def test_every_entry_shown_once_in_date_order(self, dates: list[str]) -> None:
        timeline = _timeline(*(_entry(d, f"entrée {i}") for i, d in enumerate(dates)))
        chronology = build(timeline, EN)
        assert sorted(e.id for e in chronology.entries) == sorted(e.id for e in timeline)
        lists = [g.entries for g in chronology.groups] + [m.entries for g in chronology.groups for m in g.months]
        for entries in lists:
            keys = [(e.date.sort_key(), e.id) for e in entries]
            assert keys == sorted(keys)
        firsts = [min(e.date.sort_key() for e in g.all_entries()) for g in chronology.groups]
        assert firsts == sorted(firsts)  # groups in date order, unknown dates last
        for group in chronology.groups:
            assert [m.key for m in group.months] == sorted(m.key for m in group.months)
            assert all(m.key.startswith(group.key) for m in group.months)


TIMELINEJS_EVENT_KEYS = {"start_date", "end_date", "display_date", "text", "group", "unique_id", "media",
                         "location", "background", "autolink", "type"}
TIMELINEJS_DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "format",
                        "display_date", "display_text"}


class TestTimelineJS:
    def test_documented_shape(self) -> None:
        data = json.loads(_one(".json"))
        assert set(data) <= {"title", "events", "eras", "scale"}
        assert data["scale"] == "human"
        assert set(data["title"]["text"]) == {"headline", "text"}
        timeline = sample_timeline()
        dated = [e for e in timeline if e.date.is_known]
        assert [ev["unique_id"] for ev in data["events"]] == [e.id for e in build(timeline, FR).entries
                                                              if e.date.is_known]
        assert len(data["events"]) == len(dated)
        for event in data["events"]:
            assert set(event) <= TIMELINEJS_EVENT_KEYS
            assert {"start_date", "text", "unique_id", "group", "display_date"} <= set(event)
            for key in ("start_date", "end_date"):
                if key in event:
                    assert set(event[key]) <= TIMELINEJS_DATE_KEYS
                    assert "year" in event[key]
                    assert all(isinstance(v, str) and v.isdigit() for v in event[key].values())
            assert set(event["text"]) == {"headline", "text"}
        assert "1 entrée sans date de début" in data["title"]["text"]["text"]

    @pytest.mark.parametrize(("edtf", "start", "end"), [
        ("2023-09-13", {"year": "2023", "month": "9", "day": "13"}, None),
        ("2017-12", {"year": "2017", "month": "12"}, None),
        ("1998", {"year": "1998"}, None),
        ("2023-22", {"year": "2023", "month": "6"}, {"year": "2023", "month": "8"}),
        ("199X", {"year": "1990"}, {"year": "1999"}),
        ("2023-11-08/2023-11-09", {"year": "2023", "month": "11", "day": "8"},
         {"year": "2023", "month": "11", "day": "9"}),
        ("2011/2014-03", {"year": "2011"}, {"year": "2014", "month": "3"}),
        ("2011/..", {"year": "2011"}, None),
    ])
    def test_start_date_parts_at_precision(self, edtf: str, start: dict[str, str], end: dict[str, str] | None) -> None:
        event = json.loads(_one(".json", _timeline(_entry(edtf))))["events"][0]
        assert event["start_date"] == start
        assert event.get("end_date") == end

    @pytest.mark.parametrize("edtf", ["XXXX", "../2014", "/2014"])
    def test_entries_without_a_start_are_left_out_and_counted(self, edtf: str) -> None:
        data = json.loads(_one(".json", _timeline(_entry(edtf), _entry("2020")), lang="en"))
        assert len(data["events"]) == 1
        assert "1 entry without a start date" in data["title"]["text"]["text"]

    def test_group_and_modality(self) -> None:
        entry = _entry("2024", "Vol habité", kind="flight", modality=Modality.PLANNED)
        event = json.loads(_one(".json", _timeline(entry), lang="en"))["events"][0]
        assert event["group"] == "flight"
        assert event["text"]["headline"] == "Vol habité (planned)"


class TestInert:
    def test_html_page(self) -> None:
        page = _one(".html")
        tree = _tree(page)
        assert_inert(tree, scripts_allowed=1)
        assert tree.xpath("//script")[0].text == spacedip_chronology._html.SCRIPT
        hostile = [a for a in tree.xpath("//article") if clean(HOSTILE_TEXT) in a.text_content()]
        assert hostile, "the hostile entry is shown, as text"
        summary = hostile[0].xpath(".//p[@class='summary']")[0]
        assert summary.text_content() == clean(HOSTILE_TEXT)
        assert not summary.getchildren()
        assert not tree.xpath("//a[contains(@href, 'javascript')]")
        assert tree.xpath("//span[@class='inert']")[0].text == "javascript:alert(4)"
        assert {a.get("href") for a in tree.xpath("//article//a") if not a.get("href").startswith("#")} <= SAFE_URLS

    def test_html_head_policy_and_no_network(self) -> None:
        tree = _tree(_one(".html"))
        assert tree.xpath("//meta/@charset") == ["utf-8"]
        csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        assert "default-src 'none'" in csp
        for tag, directive in (("script", "script-src"), ("style", "style-src")):
            body = tree.xpath(f"//{tag}")[0].text
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"{directive} 'sha256-{digest}'" in csp
        assert "unsafe-inline" not in csp
        assert not tree.xpath("//*[@src]")
        assert tree.xpath("//link/@href") == ["data:,"]
        assert "@media print" in tree.xpath("//style")[0].text

    def test_html_filters_and_visual_timeline(self) -> None:
        tree = _tree(_one(".html"))
        chronology = build(sample_timeline(), FR)
        options = tree.xpath("//select[@name='place']/option/@value")
        assert options == ["", *(p.key for p in chronology.places)]
        assert len(tree.xpath("//select")) == 3
        assert all(tree.xpath(f"//label[.//select[@name='{n}']]") for n in ("place", "actor", "kind"))
        marks = tree.xpath("//*[local-name()='svg']//*[local-name()='a']")
        dated = [e.anchor for e in chronology.entries if e.date.earliest is not None]
        assert [m.get("data-entry") for m in marks] == dated
        articles = {a.get("id") for a in tree.xpath("//article")}
        assert set(dated) <= articles

    def test_markdown_renders_to_inert_html(self) -> None:
        md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        source = _one(".md").decode()
        tokens = md.parse(source)
        flat = [t for tok in tokens for t in [tok, *(tok.children or [])]]
        assert not [t for t in flat if t.type in ("html_block", "html_inline", "image")]
        links = [t.attrGet("href") for t in flat if t.type == "link_open"]
        assert links
        assert set(links) <= SAFE_URLS
        tree = _fragment(md.render(source))
        assert_inert(tree)
        assert clean(HOSTILE_TEXT) in [p.text_content() for p in tree.xpath("//p")]

    def test_timelinejs_text_fields(self) -> None:
        data = json.loads(_one(".json"))
        hostile = [e for e in data["events"] if e["text"]["headline"] != e["text"]["headline"].replace("&lt;", "")]
        assert hostile
        for event in data["events"]:
            for field in ("headline", "text"):
                tree = _fragment(event["text"][field])
                assert_inert(tree)
        headline = _fragment(hostile[0]["text"]["headline"])
        assert headline.text_content() == clean(HOSTILE_TEXT)
        assert not headline.getchildren()
        links = {a.get("href") for e in data["events"] for a in _fragment(e["text"]["text"]).xpath("//a")}
        assert links <= SAFE_URLS

    def test_text_has_no_control_characters(self) -> None:
        text = _one(".txt").decode()
        assert "\r" not in text
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", text)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(min_size=1, max_size=60).filter(lambda s: clean(s) != ""))
    def test_any_text_stays_text(self, text: str) -> None:
        timeline = _timeline(_entry("2023-09-13", text, quote=text))
        md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        rendered = _fragment(md.render(_one(".md", timeline).decode()))
        assert_inert(rendered)
        assert clean(text) in [p.text_content() for p in rendered.xpath("//p")]
        summary = _tree(_one(".html", timeline)).xpath("//p[@class='summary']")[0]
        assert summary.text_content() == clean(text)
        headline = json.loads(_one(".json", timeline))["events"][0]["text"]["headline"]
        assert _fragment(headline).text_content() == clean(text)


class TestHelpers:
    @pytest.mark.parametrize("url", ["https://example.org/a?x=1&y=2", "http://ex.org", "HTTPS://EX.ORG/p"])
    def test_safe_urls(self, url: str) -> None:
        assert safe_url(url) == url

    @pytest.mark.parametrize("url", ["javascript:alert(1)", " https://ex.org", "https://ex .org", "data:,x",
                                     "//ex.org", "http:/ex.org", "https://", "ftp://ex.org", "https://ex.org\n",
                                     "java\tscript:x", None, ""])
    def test_unsafe_urls(self, url: str | None) -> None:
        assert safe_url(url) is None

    @pytest.mark.parametrize(("text", "escaped"), [
        ("1. liste", "1\\. liste"), ("- tiret", "\\- tiret"), ("# titre", "\\# titre"),
        ("a *b* [c](d) <e> & `f`", "a \\*b\\* \\[c\\](d) \\<e\\> \\& \\`f\\`"),
        ("Kim Jong-un, l'ISS.", "Kim Jong-un, l'ISS."),
    ])
    def test_markdown_escape(self, text: str, escaped: str) -> None:
        assert md_escape(text) == escaped

    def test_clean(self) -> None:
        assert clean(" a\r\n\tb\x00c\u202ed\u2028 e ") == "a b cd e"


def _reference_clean(text: str) -> str:
    """What ``clean`` means, character by character."""
    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
    kept = "".join(" " if unicodedata.category(c) == "Cc" or c.isspace() else c for c in text if c not in bidi)
    return " ".join(kept.split())


class TestPieces:
    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x85\u2028\u202e\u200f\x9f\x00\t\r\n ")))
    def test_clean_removes_controls_and_collapses_space(self, text: str) -> None:
        assert clean(text) == _reference_clean(text)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.tuples(st.floats(0, 1000), st.sampled_from([0.0, 6.0, 12.0, 40.0, 300.0])), max_size=120))
    def test_lanes_are_the_first_that_fit(self, marks: list[tuple[float, float]]) -> None:
        lanes, edges = _Lanes(), []
        for lo, width in marks:
            first = next((i for i, edge in enumerate(edges) if edge + _GAP <= lo), len(edges))
            if first == len(edges):
                edges.append(lo + width)
            else:
                edges[first] = lo + width
            assert lanes.place(lo, lo + width) == first
        assert lanes.count == len(edges)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.binary(max_size=6).map(lambda b: b.replace(b"\r", b"\n")), min_size=1, max_size=8))
    def test_one_final_newline(self, chunks: list[bytes]) -> None:
        assert b"".join(one_final_newline(chunks)) == b"".join(chunks).rstrip(b"\n") + b"\n"

    def test_renderer_name_holds_what_a_block_depends_on(self) -> None:
        sets = [(fmt,) for fmt in FORMATS.values()] + [ALL_FORMATS, ALL_FORMATS[::-1]]
        names = {renderer_name(formats, labels) for formats in sets for labels in (FR, EN)}
        assert len(names) == 12
        assert all(f"/{RENDER_VERSION}/" in name for name in names)

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(["a", "bb", "mot", "très", "«\xa0cité\xa0»", "\xa0", " ", "  ", "\t", "\n",
                                     "anticonstitutionnellement" * 3, "Baïkonour,", "—", "\u2009"]), max_size=40),
           st.integers(1, 90), st.sampled_from(["", "* ", "  ", "    [12] "]), st.sampled_from(["", "  ", "    "]))
    def test_wrap_is_textwrap(self, words: list[str], width: int, first: str, indent: str) -> None:
        for text in ("".join(words), " ".join(words)):
            expected = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=indent,
                                     break_long_words=False, break_on_hyphens=False)
            assert wrap(text, width, first, indent) == expected

    @settings(max_examples=300, deadline=None)
    @given(st.recursive(st.dictionaries(st.text(), st.text(), max_size=3),
                        lambda inner: st.dictionaries(st.text(), st.text() | inner, max_size=4), max_leaves=10))
    def test_events_are_indented_as_json_dumps_would(self, event: dict[str, Any]) -> None:
        """TimelineJS events are written by orjson: the same text as ``json.dumps(indent=2)``."""
        try:
            expected = json.dumps(event, ensure_ascii=False, indent=2).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: neither writes it
            return
        assert orjson.dumps(event, option=orjson.OPT_INDENT_2) == expected

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.tuples(st.binary(max_size=40), st.lists(st.binary(max_size=300), min_size=3, max_size=3)),
                    max_size=300),
           st.randoms(use_true_random=False), st.sets(st.integers(0, 299), max_size=20),
           st.sampled_from([0, 1, 2_000, 1 << 30]))
    def test_blocks_come_back_in_any_order(self, packs: list[tuple[bytes, list[bytes]]], rng: Any,
                                           moved: set[int], memory: int) -> None:
        """Held in memory, spilled to temporary files (``memory=0``), or the first held and the rest spilled."""
        blocks = [list(three) for _, three in packs]
        with Blocks(3, memory=memory) as kept:
            for facts, three in packs:
                packed = pack(facts, three)
                assert kept.whole(packed) and not kept.whole(packed + b"x") and not kept.whole(packed[:-1])
                assert bytes(kept.add(packed)) == facts
            for number in sorted(moved & set(range(len(packs)))):
                blocks[number] = [b"moved " + block * 2 for block in blocks[number]]
                kept.replace(number, blocks[number])
            assert len(kept) == len(packs)
            for index in range(3):
                read = kept.reader(index)
                numbers = list(range(len(packs)))
                assert [read(n) for n in numbers] == [three[index] for three in blocks]
                rng.shuffle(numbers)
                assert [read(n) for n in numbers] == [blocks[n][index] for n in numbers]

    @pytest.mark.parametrize("memory", [0, 20, MEMORY])
    def test_a_reader_outlives_its_blocks_and_a_closed_one_says_so(self, memory: int) -> None:
        kept = Blocks(1, memory=memory)
        for n in range(3):
            kept.add(pack(b"", [b"block %d" % n]))
        read = kept.reader(0)
        del kept  # the files went with the Blocks once, and a stream still reading got EBADF
        gc.collect()
        assert [read(n) for n in (2, 0, 1)] == [b"block 2", b"block 0", b"block 1"]
        closed = Blocks(1, memory=memory)
        closed.add(pack(b"", [b"x"]))
        closed.add(pack(b"", [b"y"]))
        read = closed.reader(0)
        closed.close()
        for number in (0, 1):
            with pytest.raises(ValueError, match="closed"):
                read(number)

    def test_a_stream_reads_through_when_nothing_else_holds_its_chronology(self) -> None:
        timeline = attrs.evolve(sample_timeline(), entries=list(sample_timeline().entries))
        md = FORMATS[".md"]
        output = export(timeline, {}, Path("c.md"))
        assert isinstance(output, bytes)
        chunks = Chronology(timeline, [md], FR, None).chunks(md)
        gc.collect()
        assert b"".join(chunks) == output

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.binary(max_size=50)), st.integers(1, 120))
    def test_coalesce_keeps_the_bytes(self, chunks: list[bytes], size: int) -> None:
        pieces = list(coalesce(chunks, size))
        assert b"".join(pieces) == b"".join(chunks)
        assert all(len(piece) >= size for piece in pieces[:-1])


# -- blocks kept in a log's checkpoint --------------------------------------------------------------

_CHECKPOINT_DATES = [d for d, _, _ in DATES if d != "XXXX"] + ["2023-09-13", "2023-09-30", "2020", "202X"]


def _records(text: str) -> list[Any]:
    """A few dozen reported events of every precision, with hostile text, conflicting dates and a
    place two events name differently (the chronology shows the smaller name for both)."""
    article = make_article(text, "2023-09")
    other = attrs.evolve(make_article(text + " Deuxième dépêche.", "2023-09-14"), title=HOSTILE_TEXT)
    kinds = ["meeting", "launch", "visit", "offer", "agreement", "flight"]
    places = [(VOSTOCHNY,), (BAIKONUR, KREMLIN), (), (PALACE,)]
    actors = [(PUTIN, KIM), (ABE,), ()]
    events = [
        make_event(article if n % 3 else other, date=date, kind=kinds[n % len(kinds)], start=n,
                   places=places[n % len(places)], actors=actors[n % len(actors)],
                   summary=HOSTILE_TEXT if n == 5 else f"Événement {n} à suivre",
                   modality=list(Modality)[n % len(Modality)])
        for n, date in enumerate(_CHECKPOINT_DATES)
    ]
    events.append(attrs.evolve(make_event(article, date="2023-09-13", start=90, summary="Sans date"),
                               date=Date.unknown()))
    renamed = Place(VOSTOCHNY.id, "Cosmodrome Vostochny", VOSTOCHNY.kind, VOSTOCHNY.coordinates)
    events.append(make_event(other, date="2023-09-13", kind="talks", start=91, places=(renamed,)))
    return [ArticleAdded(article), ArticleAdded(other), *(EventReported(e) for e in events)]


@pytest.fixture
def stored_log(tmp_path: Path) -> Iterator[Log]:
    with open_log(tmp_path / "log.db", extractor=lambda _: ()) as log:
        log.append(_records("Poutine et Kim à Vostotchny, puis à Baïkonour, selon l'agence. " * 3))
        yield log


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """``(renderer, entry id)`` of every entry rendered from now on."""
    seen: list[tuple[str, str]] = []

    class Counting(Fragments):
        def __init__(self, timeline: Timeline, renderer: str, render: Any) -> None:
            def counted(entry: Any) -> tuple[bytes, bytes]:
                seen.append((renderer, entry.id))
                result: tuple[bytes, bytes] = render(entry)
                return result

            super().__init__(timeline, renderer, counted)

    monkeypatch.setattr(chronology_stream, "Fragments", Counting)
    return seen


def _in_memory(log: Log) -> Timeline:
    timeline = log.replay().timeline()
    assert isinstance(timeline.entries, tuple)
    return timeline


class TestCheckpointed:
    @pytest.mark.parametrize("options", [{}, {"lang": "en", "title": "Mon <titre> $groups"}])
    def test_cold_warm_and_in_memory_give_the_same_bytes(
        self, stored_log: Log, renders: list[tuple[str, str]], options: dict[str, Any], tmp_path: Path
    ) -> None:
        Checkpoint.beside(tmp_path / "log.db").discard()
        cold_timeline = stored_log.timeline()
        assert isinstance(cold_timeline.entries, StoredEntries)
        entries = len(cold_timeline.entries)
        assert entries > 20
        streamed = export(cold_timeline, options, Path("out/chronology.md"))
        assert isinstance(streamed, Stream), "a log's timeline is streamed"
        assert content_bytes(streamed) == content_bytes(streamed), "and the stream can be read again"
        assert renders and {name for name, _ in renders} == {renderer_name((FORMATS[".md"],), EN if options else FR)}
        renders.clear()
        Checkpoint.beside(tmp_path / "log.db").discard()
        cold_timeline = stored_log.timeline()
        cold = _all(cold_timeline, **options)
        assert len(renders) == entries, "each entry is rendered once for the four files"
        assert {name for name, _ in renders} == {renderer_name(ALL_FORMATS, EN if options else FR)}
        renders.clear()
        warm = _all(stored_log.timeline(), **options)
        assert renders == [], "a second export renders no entry"
        memory = _all(_in_memory(stored_log), **options)
        assert cold == warm == memory
        chronology = build(_in_memory(stored_log), EN if options else FR)
        assert "Cosmodrome Vostochny" in [p.name for p in chronology.places]
        assert "Cosmodrome Vostotchny" not in memory["chronology.md"].decode()

    def test_one_new_event_renders_only_its_entry(
        self, stored_log: Log, renders: list[tuple[str, str]], tmp_path: Path
    ) -> None:
        _all(stored_log.timeline())
        renders.clear()
        article = make_article("Poutine et Kim à Vostotchny, puis à Baïkonour, selon l'agence. " * 3, "2023-09")
        new = make_event(article, date="1957-10-04", kind="anniversary", start=3, summary="Spoutnik",
                         places=(BAIKONUR,))
        stored_log.append([EventReported(new)])
        warm = _all(stored_log.timeline())
        new_entries = {e.id for e in stored_log.timeline().entries if new.id in {s.event_id for s in e.sources}}
        assert len(new_entries) == 1
        assert renders == [(renderer_name(ALL_FORMATS, FR), *new_entries)]
        assert warm == _all(_in_memory(stored_log))
        assert "## 1957" in warm["chronology.md"].decode()
        Checkpoint.beside(tmp_path / "log.db").discard()
        assert warm == _all(stored_log.timeline())

    def test_a_filtered_stored_timeline_gives_what_the_filtered_replay_gives(self, stored_log: Log) -> None:
        keep = TimelineFilter(start=Date.parse("2020"), place="vostochny")
        stored, memory = keep.apply(stored_log.timeline()), keep.apply(_in_memory(stored_log))
        assert 0 < len(stored.entries) < len(stored_log.timeline().entries)
        assert _all(stored) == _all(memory)

    def test_a_changed_render_version_renders_again(
        self, stored_log: Log, renders: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        first = _all(stored_log.timeline())
        renders.clear()
        monkeypatch.setattr(chronology_stream, "RENDER_VERSION", RENDER_VERSION + 1)
        assert _all(stored_log.timeline()) == first
        assert len(renders) == len(stored_log.timeline().entries)

    def test_a_damaged_block_is_rendered_again(
        self, stored_log: Log, renders: list[tuple[str, str]], tmp_path: Path
    ) -> None:
        first = _all(stored_log.timeline())
        with sqlite3.connect(Checkpoint.beside(tmp_path / "log.db").path) as conn:
            damaged = conn.execute("SELECT entry FROM fragments WHERE renderer = ? ORDER BY entry LIMIT 2",
                                   (renderer_name(ALL_FORMATS, FR),)).fetchall()
            assert len(damaged) == 2
            conn.execute("UPDATE fragments SET data = substr(data, 1, length(data) - 1) WHERE entry = ?", damaged[0])
            conn.execute("UPDATE fragments SET data = X'00' WHERE entry = ?", damaged[1])
        renders.clear()
        assert _all(stored_log.timeline()) == first
        assert sorted(entry for _, entry in renders) == sorted(entry for (entry,) in damaged)
        renders.clear()
        assert _all(stored_log.timeline()) == first
        assert renders == [], "and kept again"

    def test_one_file_and_the_folder_keep_their_blocks_apart(
        self, stored_log: Log, renders: list[tuple[str, str]]
    ) -> None:
        folder = _all(stored_log.timeline())
        entries = len(stored_log.timeline().entries)
        renders.clear()
        assert _one(".html", stored_log.timeline()) == folder["chronology.html"]
        assert len(renders) == entries
        renders.clear()
        assert _one(".html", stored_log.timeline()) == folder["chronology.html"]
        assert _all(stored_log.timeline()) == folder
        assert renders == []


# -- memory: the layout keeps a few bytes per entry, not a Python object -------------------------


def _many_facts(count: int) -> Iterator[bytes]:
    """Encoded facts of ``count`` entries of mixed dates, places and actors, in timeline order."""
    from spacedip_chronology._facts import EntryFacts

    places = [(f"geonames:{i}", f"Lieu {i}") for i in range(40)]
    actors = [(f"wikidata:Q{i}", f"Acteur {i}") for i in range(60)]
    for n in range(count):
        year = 1990 + n * 30 // count
        month = None if n % 7 == 0 else f"{year}-{n % 12 + 1:02d}"
        day = 726_000 + n * 3
        yield EntryFacts(
            id=f"entry-{n:020x}", modality=("happened", "planned")[n % 2], kind=("meeting", "launch")[n % 3 == 0],
            group=str(year), heading=str(year), month=month,
            places=tuple(places[(n + k) % 40] for k in range(n % 3 + 1)),
            actors=tuple(actors[(n * 7 + k) % 60] for k in range(2)),
            starts=n % 50 != 0, known=n % 50 != 0, earliest=None if n % 50 == 0 else day,
            latest=None if n % 50 == 0 else day + (0 if month else 30), day=bool(month) and n % 2 == 0,
            open_end=n % 97 == 0,
        ).encode()


def test_outline_memory_is_a_few_bytes_per_entry() -> None:
    """Laying out 5,000 entries holds no object per entry (the former layout peaked at 7 MB)."""
    import tracemalloc

    count = 5_000
    facts = list(_many_facts(count))  # made before measuring: what the layout adds is measured
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        table = FactTable()
        for data in facts:
            table.add_encoded(data)
        outline = Outline.of_table(table, FR, "Titre", "généré")
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert outline.total == count
    assert sorted(outline.order()) == list(range(count))
    assert [outline.facts[n].encode() for n in range(count)] == facts  # the compact table loses nothing
    assert peak < 2_000_000, f"laying out {count} entries peaked at {peak} bytes"


def test_the_table_answers_as_the_facts_do() -> None:
    from spacedip_chronology._facts import EntryFacts

    table = FactTable()
    facts = [EntryFacts.decode(data) for data in _many_facts(300)]
    for fact in facts:
        table.add(fact)
    for number, fact in enumerate(facts):
        assert table[number] == fact
        assert table.entry_id(number) == fact.id
        assert (table.starts(number), table.drawn(number), table.day(number)) == (fact.starts, fact.drawn, fact.day)
        assert table.days(number) == (fact.earliest, fact.latest, fact.day)
        assert [table.places.values[i] for i in table.place_pairs(number)] == list(fact.places)
        assert [table.actors.values[i] for i in table.actor_pairs(number)] == list(fact.actors)
