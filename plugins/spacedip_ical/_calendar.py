"""Building the iCalendar bytes with ``icalendar`` (imported only when exporting): the
calendar's properties through a ``Calendar``, each VEVENT by :func:`spacedip_ical._vevent.vevent`.

Every value comes from the log, never from the clock or a random source, and
properties are written in a fixed order, so the same timeline and options always
give the same bytes. ``Event.new()`` is not used: it stamps DTSTAMP with the clock
and invents a UID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import icalendar
import orjson
from icalendar import Calendar
from icalendar.prop import vText

from spacedip.export.base import Stream
from spacedip.export.fragments import Fragments
from spacedip.model import Place
from spacedip.timeline import Timeline, TimelineEntry
from spacedip_ical import _text
from spacedip_ical._labels import count, label
from spacedip_ical._options import IcalOptions
from spacedip_ical._span import DaySpan, day_span
from spacedip_ical._split import group_by_place
from spacedip_ical._vevent import text, utc, vevent

__all__ = ["render"]

PRODID = "-//spacedip//spacedip timeline//{lang}"
"""No version number in it, so upgrading spacedip alone does not change the bytes."""


class _Text(vText):
    """TEXT that keeps a literal backslash followed by ``N`` (see :func:`spacedip_ical._vevent.text`)."""

    def to_ical(self) -> bytes:
        return text(str(self))


def render(timeline: Timeline, opts: IcalOptions) -> Stream | dict[str, bytes]:
    """One calendar, or with ``split_by="place"`` one per place file name."""
    if opts.split_by == "place":
        return {
            group.filename: _calendar(
                timeline, group.entries, opts, group.place, unplaced=group.place is None
            )
            for group in group_by_place(timeline.entries)
        }
    return Stream(_streamed_calendar(timeline, opts))


RENDER_VERSION = 1
"""Bump whenever a VEVENT would be written differently: cached blocks of older versions are not reused."""


def _streamed_calendar(timeline: Timeline, opts: IcalOptions) -> Iterator[bytes]:
    """The whole calendar, each VEVENT rendered once and kept (see :mod:`spacedip.export.fragments`)."""
    lang = opts.lang

    def render(entry: TimelineEntry) -> tuple[bytes, bytes]:
        span = day_span(entry.date, collapse=opts.collapse)
        shown = isinstance(span, DaySpan)
        articles = sorted({source.article.id for source in entry.sources})
        data = vevent(entry, span, lang) if isinstance(span, DaySpan) else b""
        # a right-sized copy: orjson's result keeps its larger working buffer alive, and thousands of
        # these wait in memory before they are written to the cache
        return memoryview(orjson.dumps([shown, articles])).tobytes(), data

    # icalendar's version too: its escaping and encoders write every VEVENT
    renderer = f"ical/{RENDER_VERSION}/{icalendar.__version__}/{lang}/{'collapse' if opts.collapse else 'spans'}"
    with Fragments(timeline, renderer, render) as fragments:
        shown = omitted = 0
        articles: set[str] = set()
        for facts in fragments.facts():
            was_shown, ids = orjson.loads(facts)
            shown += was_shown
            omitted += not was_shown
            articles.update(ids)
        about = _about_counts(timeline, None, shown=shown, omitted=omitted, articles=len(articles), lang=lang)
        yield _head(timeline, opts, None, unplaced=False, about=about, omitted=omitted)
        yield from fragments.data()
    yield _END


_END = b"END:VCALENDAR\r\n"


def _calendar(
    timeline: Timeline,
    entries: Sequence[TimelineEntry],
    opts: IcalOptions,
    place: Place | None,
    *,
    unplaced: bool = False,
) -> bytes:
    lang = opts.lang
    # Each event is written to bytes as soon as it is built, so memory holds bytes, not a
    # tree of icalendar objects for the whole timeline.
    events: list[bytes] = []
    omitted = 0
    for entry in entries:
        span = day_span(entry.date, collapse=opts.collapse)
        if isinstance(span, DaySpan):
            events.append(vevent(entry, span, lang))
        else:
            omitted += 1
    articles = len({source.article.id for entry in entries for source in entry.sources})
    about = _about_counts(timeline, place, shown=len(events), omitted=omitted, articles=articles, lang=lang)
    return _head(timeline, opts, place, unplaced=unplaced, about=about, omitted=omitted) + b"".join(events) + _END


def _head(timeline: Timeline, opts: IcalOptions, place: Place | None, *, unplaced: bool, about: str,
          omitted: int) -> bytes:
    """The calendar's properties: everything before the first VEVENT."""
    lang = opts.lang
    name = _text.clean_text(opts.name)
    if place is not None:
        name = f"{name} — {_text.clean_text(place.name)}"
    elif unplaced:
        name = f"{name} — {label(lang, 'no_place')}"
    if timeline.period is not None:  # one period of a split export: named by it, no log head (periods.json has it)
        name = f"{name} — {_text.clean_text(timeline.period)}"
    cal = Calendar()
    cal.add("PRODID", PRODID.format(lang=lang.upper()))
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", _Text(name))
    cal.add("X-WR-CALNAME", _Text(name))
    cal.add("DESCRIPTION", _Text(about))
    cal.add("X-WR-CALDESC", _Text(about))
    if timeline.updated is not None:
        cal.add("LAST-MODIFIED", utc(timeline.updated))
    cal.add("REFRESH-INTERVAL", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", "P1D")
    cal.add("X-SPACEDIP-OMITTED", str(omitted))
    if timeline.period is not None:
        cal.add("X-SPACEDIP-PERIOD", timeline.period)
    else:
        cal.add("X-SPACEDIP-HEAD-POSITION", str(timeline.head_position))
    if timeline.head_hash:
        cal.add("X-SPACEDIP-HEAD-HASH", timeline.head_hash)
    head = bytes(cal.to_ical(sorted=False))
    assert head.endswith(_END)
    return head[: -len(_END)]


def _about_counts(timeline: Timeline, place: Place | None, *, shown: int, omitted: int, articles: int,
                  lang: str) -> str:
    parts = [
        label(lang, "cal_desc").format(
            events=count(lang, shown, "event", "events"),
            articles=count(lang, articles, "article", "articles"),
        )
    ]
    if place is not None:
        parts.append(label(lang, "cal_place").format(place=_text.clean_text(place.name)))
    if omitted:
        parts.append(label(lang, "cal_omitted").format(omitted=count(lang, omitted, "entry_one", "entries")))
    if timeline.head_hash:
        parts.append(
            label(lang, "cal_head").format(position=timeline.head_position, hash=timeline.head_hash[:16])
        )
    return " ".join(parts)
