"""The fast VEVENT writer gives the bytes of icalendar's Component path, byte for byte.

``reference_vevent`` below is the exporter's former rendering, kept here verbatim: an
``icalendar.Event`` filled with ``add`` and written with ``to_ical(sorted=False)``. Every
test compares :func:`spacedip_ical._vevent.vevent` with it on hostile entries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
import spacedip_ical
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Event
from icalendar.parser import Contentline
from icalendar.prop import vCategory, vGeo, vText, vUri
from spacedip_ical import _text, _vevent
from spacedip_ical._span import DaySpan, day_span

from spacedip.export.base import content_bytes
from spacedip.model import Actor, ActorKind, Coordinates, Date, Modality, Place, PlaceKind, Span
from spacedip.model.event import EVENT_KINDS
from spacedip.model.ids import content_id
from spacedip.testing import HOSTILE_TEXT, sample_timeline
from spacedip.timeline import ArticleInfo, Conflict, Source, TimelineEntry

# -- the former rendering, kept as the reference --------------------------------------------


class _RefText(vText):
    def to_ical(self) -> bytes:
        return b"\\\\N".join(vText(part).to_ical() for part in str(self).split("\\N"))


class _RefGeo(vGeo):
    def to_ical(self) -> str:
        return f"{_ref_decimal(self.latitude)};{_ref_decimal(self.longitude)}"


def _ref_decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text in ("-0.0", "0.0") else text


def _ref_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def reference_vevent(entry: TimelineEntry, span: DaySpan, lang: str) -> bytes:
    event = Event()
    event.add("UID", _RefText(f"{_text.clean_text(entry.id)}@spacedip"))
    event.add("DTSTAMP", _ref_utc(entry.last_modified))
    event.add("CREATED", _ref_utc(entry.first_recorded))
    event.add("LAST-MODIFIED", _ref_utc(entry.last_modified))
    event.add("SEQUENCE", entry.position)
    event.add("DTSTART", span.start)
    event.add("DTEND", span.end)
    event.add("SUMMARY", _RefText(_text.summary(entry, span, lang)))
    event.add("DESCRIPTION", _RefText(_text.description(entry, span, lang)))
    where = _text.location(entry)
    if where:
        event.add("LOCATION", _RefText(where))
    ground = next((p.coordinates for p in entry.places if p.coordinates is not None), None)
    if ground is not None:
        event.add("GEO", _RefGeo((ground.lat, ground.lon)))
    url = next((u for u in (_text.web_url(s.article.url) for s in entry.sources) if u), None)
    if url:
        event.add("URL", vUri(url))
    categories = vCategory(_text.categories(entry, lang))
    categories.cats = [_RefText(name) for name in _text.categories(entry, lang)]
    event.add("CATEGORIES", categories)
    event.add("STATUS", "CONFIRMED" if entry.modality is Modality.HAPPENED else "TENTATIVE")
    event.add("TRANSP", "TRANSPARENT")
    event.add("X-SPACEDIP-ENTRY-ID", _RefText(_text.clean_text(entry.id)))
    event.add("X-SPACEDIP-EDTF", entry.date.edtf)
    event.add("X-SPACEDIP-PRECISION", entry.date.precision.value)
    event.add("X-SPACEDIP-MODALITY", entry.modality.value)
    event.add("X-SPACEDIP-KIND", entry.kind)
    return bytes(event.to_ical(sorted=False))


# -- hostile entries ----------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "\\", "\\N", "\\n", "\\\\N", "\\,", "N", ",", ";", ":", "^", "^n", "^^", '"',
    "\n", "\r", "\r\n", "\t", "\x00", "\x1f", "\x7f", "\ufeff", "\ud800",
    "é", "€", "ß", "𝄞", "🚀", "🛰️", "👩‍🚀", "« guillemets »", " ",
    "a" * 60, "é" * 40, "x" * 73, "BEGIN:VEVENT", "END:VEVENT",
])
HOSTILE = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=10).map("".join)
"""Text full of what TEXT escaping and folding must handle, often long enough to fold."""
LONG = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)
"""The same, long enough to fold many times."""
_ID = HOSTILE.map(lambda text: text.replace("\ud800", ""))
"""Entry ids are content ids; a lone surrogate in one is not cleaned from DESCRIPTION (both paths fail)."""

_QUALIFIER = st.sampled_from(["", "?", "~", "%"])
_SEASONS = (21, 22, 23, 24, 33, 34, 35, 36, 37, 38, 39, 40, 41)


@st.composite
def _single(draw: st.DrawFn, *, qualified: bool = True) -> str:
    year = draw(st.one_of(st.integers(1, 9998), st.integers(1900, 2100)))
    qualifier = draw(_QUALIFIER) if qualified else ""
    form = draw(st.sampled_from(["day", "month", "season", "year"]))
    if form == "day":
        day = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        return f"{day.isoformat()}{qualifier}"
    if form == "month":
        return f"{year:04d}-{draw(st.integers(1, 12)):02d}{qualifier}"
    if form == "season":
        return f"{year:04d}-{draw(st.sampled_from(_SEASONS))}{qualifier}"
    return f"{year:04d}{qualifier}"


@st.composite
def _edtf(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(_single())
    ends = sorted((Date.parse(draw(_single())), Date.parse(draw(_single()))), key=lambda d: d.earliest or dt.date.min)
    start, end = ends
    if end.latest is not None and start.earliest is not None and end.latest < start.earliest:
        end = start
    return f"{start.edtf}/{end.edtf}"


_URLS = st.one_of(
    st.none(),
    st.sampled_from([
        "https://example.org/a b/é?q=1,2", "javascript:alert(1)", "http://x.y/a;b,c\\d", "file:///etc/passwd",
        "https://example.org/" + "é" * 50, "HTTPS://EXAMPLE.ORG/%41",
    ]),
    HOSTILE.map(lambda path: "https://example.org/" + path),
)


@st.composite
def _article(draw: st.DrawFn) -> ArticleInfo:
    title = draw(st.one_of(st.none(), HOSTILE))
    return ArticleInfo(
        id=content_id("art", draw(st.integers(0, 9))),
        title=title,
        published=Date.parse(draw(_single())),
        publisher=draw(st.one_of(st.none(), HOSTILE)),
        url=draw(_URLS),
        language="fr",
        origin=draw(st.one_of(st.none(), HOSTILE)),
    )


@st.composite
def _source(draw: st.DrawFn) -> Source:
    article = draw(_article())
    quote = draw(LONG)
    start = draw(st.integers(0, 10_000))
    return Source(
        event_id=content_id("ev", article.id, start, draw(st.integers(0, 9))),
        article=article,
        span=Span(start, start + len(quote)),
        quote=quote,
        date=Date.parse(draw(_edtf())),
        modality=draw(st.sampled_from(Modality)),
        summary=draw(HOSTILE),
        confidence=0.9,
    )


_COORDINATES = st.one_of(
    st.none(),
    st.builds(Coordinates, st.floats(-90, 90), st.floats(-180, 180)),
    st.sampled_from([Coordinates(0.00001, -0.0), Coordinates(-1e-7, 1e-9), Coordinates(90, -180),
                     Coordinates(45.965, 63.305)]),
)
_PLACE = st.builds(Place, HOSTILE, HOSTILE, st.sampled_from(PlaceKind), _COORDINATES)
_ACTOR = st.builds(Actor, HOSTILE, HOSTILE, st.sampled_from(ActorKind), role=st.one_of(st.none(), HOSTILE))
_CONFLICT = st.builds(
    Conflict,
    st.one_of(st.sampled_from(["date", "place", "places", "modality", "kind", "actors", "summary"]), HOSTILE),
    st.lists(HOSTILE, max_size=3).map(tuple),
    st.just(()),
    HOSTILE,
)
_MOMENT = st.datetimes(
    dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1),
    timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                               dt.timezone(dt.timedelta(hours=-11))]),
)
_KIND = st.one_of(st.sampled_from(sorted(EVENT_KINDS)), st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True))


@st.composite
def entries(draw: st.DrawFn) -> TimelineEntry:
    """A timeline entry with a date a calendar shows and hostile text everywhere."""
    sources = tuple(draw(st.lists(_source(), min_size=1, max_size=3)))
    fixed_by = draw(st.one_of(st.none(), st.sampled_from([s.event_id for s in sources]), HOSTILE))
    return TimelineEntry(
        id=draw(st.one_of(st.just(content_id("entry", sorted(s.event_id for s in sources))), _ID)),
        date=Date.parse(draw(_edtf())),
        kind=draw(_KIND),
        modality=draw(st.sampled_from(Modality)),
        summary=draw(LONG),
        places=tuple(draw(st.lists(_PLACE, max_size=3))),
        actors=tuple(draw(st.lists(_ACTOR, max_size=3))),
        sources=sources,
        first_recorded=draw(_MOMENT),
        last_modified=draw(_MOMENT),
        position=draw(st.integers(0, 2**31 - 1)),
        date_fixed_by=fixed_by,
        conflicts=tuple(draw(st.lists(_CONFLICT, max_size=2))),
    )


# -- the tests -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(entry=entries(), collapse=st.booleans(), lang=st.sampled_from(["fr", "en"]))
def test_vevent_bytes_are_the_component_paths(entry: TimelineEntry, collapse: bool, lang: str) -> None:
    span = day_span(entry.date, collapse=collapse)
    assert isinstance(span, DaySpan)
    assert _vevent.vevent(entry, span, lang) == reference_vevent(entry, span, lang)


@pytest.mark.parametrize(
    "edtf",
    ["2023-09-13", "2023-12-31?", "0950-01-01~", "2024-02", "2023-21%", "2023-24", "2023-36", "2023-41",
     "2006~", "0001", "2023-11-08/2023-11-09", "2011/2014-06", "2020-21/2021~", "9998-12-31"],
)
@pytest.mark.parametrize("collapse", [False, True])
def test_every_precision_a_calendar_shows(edtf: str, collapse: bool) -> None:
    summary = f"Été \\N {HOSTILE_TEXT} " * 3
    entry = TimelineEntry(
        id="entry-1", date=Date.parse(edtf), kind="meeting", modality=Modality.PLANNED, summary=summary,
        places=(Place("b", "Baïkonour", PlaceKind.COSMODROME, Coordinates(45.965, 63.305)),), actors=(),
        sources=(), first_recorded=dt.datetime(2026, 1, 1, 12, 0, 1, 5),
        last_modified=dt.datetime(2026, 1, 1, 13, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=2))), position=7,
    )
    span = day_span(entry.date, collapse=collapse)
    assert isinstance(span, DaySpan)
    assert _vevent.vevent(entry, span, "fr") == reference_vevent(entry, span, "fr")


def test_a_leading_byte_order_mark_is_dropped_as_icalendar_does() -> None:
    """``Contentline.from_parts`` decodes each value as ``utf-8-sig``: a value's leading BOM goes."""
    entry = TimelineEntry(
        id="\ufeffentry", date=Date.parse("2023-09-13"), kind="meeting", modality=Modality.HAPPENED,
        summary="\ufeff\ufeffRencontre", places=(Place("p", "\ufeffLieu"),), actors=(), sources=(),
        first_recorded=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), last_modified=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        position=1,
    )
    span = day_span(entry.date)
    assert isinstance(span, DaySpan)
    data = _vevent.vevent(entry, span, "fr")
    assert data == reference_vevent(entry, span, "fr")
    assert b"\r\nSUMMARY:\xef\xbb\xbfRencontre\r\n" in data


_FOLDED = st.lists(
    st.one_of(st.sampled_from(["\\", "^", "\\,", "^n", "é", "€", "🚀", "a", ";", " "]), st.text(max_size=3)),
    max_size=200,
).map("".join).filter(lambda s: "\n" not in s)


@settings(max_examples=500, deadline=None)
@given(name=st.sampled_from(["X", "SUMMARY", "DESCRIPTION", "X-SPACEDIP-ENTRY-ID"]), value=_FOLDED)
@example(name="X", value="a" * 72)
@example(name="X", value="a" * 71 + "\\" + "b" * 10)
@example(name="X", value="a" * 70 + "é" + "b" * 10)
def test_folding_is_icalendars(name: str, value: str) -> None:
    line = f"{name}:{value}"
    assert _vevent.fold(line.encode()) == Contentline(line).to_ical()


def test_the_byte_folding_is_in_use() -> None:
    """The import-time check found the byte folding equal to icalendar's (else exports are slow)."""
    assert _vevent.fold is _vevent._fold_bytes


@given(value=st.text(st.sampled_from(["\\", ";", ",", "\n", "\r", "N", "a", "é", " ", ":"]), max_size=20) | st.text())
def test_the_public_escaping_fallback_escapes_as_the_private_one(value: str) -> None:
    """If a later icalendar moves ``_escape_char``, the ``vText`` fallback gives the same bytes."""
    assert _vevent.escape_text_public(value) == _vevent._escape_char(value)


def test_a_different_icalendar_folding_is_followed() -> None:
    def narrower(line: bytes) -> bytes:
        return b"\r\n ".join(line[i : i + 40] for i in range(0, len(line), 40))

    assert _vevent._choose_fold(narrower) is narrower


def _blocks(data: bytes) -> list[bytes]:
    return re.findall(rb"^BEGIN:VEVENT\r\n.*?^END:VEVENT\r\n", data, re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("options", [{}, {"collapse": True}, {"lang": "en"}, {"split_by": "place"}])
def test_exported_calendars_hold_the_reference_events(options: dict[str, object]) -> None:
    tl = sample_timeline()
    output = spacedip_ical.export(tl, options, Path("t.ics"))
    files = output if isinstance(output, Mapping) else {"": content_bytes(output)}
    lang = str(options.get("lang", "fr"))
    written = sorted(block for data in files.values() for block in _blocks(data))
    expected = []
    for entry in tl.entries:
        span = day_span(entry.date, collapse=bool(options.get("collapse", False)))
        if isinstance(span, DaySpan):
            block = reference_vevent(entry, span, lang)
            expected += [block] * (max(1, len({p.id for p in entry.places})) if options.get("split_by") else 1)
    assert written == sorted(expected)
