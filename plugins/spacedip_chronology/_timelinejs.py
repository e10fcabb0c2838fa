"""The chronology as TimelineJS3 JSON, the format Knight Lab's viewer loads.

Shape (https://timeline.knightlab.com/docs/json-format.html)::

    {"title": {"text": {"headline", "text"}},
     "events": [{"start_date": {"year", "month"?, "day"?}, "end_date"?, "display_date",
                 "text": {"headline", "text"}, "group", "unique_id"}],
     "scale": "human"}

``start_date`` carries only the parts the date really has: a month has no ``day``, a year
no ``month``. A season, decade or century becomes a start and an end at the precision
it covers (``2023-22`` is June to August 2023). TimelineJS renders ``text`` as HTML,
so every field is built with :mod:`._markup` and article text is escaped. Entries
without a start date (unknown dates, intervals open at the start) are left out, and the
title slide says how many.

The file is written as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it, one event
at a time: each event is a block of its own, indented as it sits in the ``events`` array.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from spacedip.model import Date, Precision

from ._entry import EntryView, SourceView
from ._labels import Labels
from ._markup import Markup, element, escape, join
from ._outline import Outline

__all__ = ["date_parts", "timelinejs_block", "timelinejs_document"]

_EVENT_INDENT = "    "
"""Where an event of the ``events`` array starts with ``indent=2``."""
_EVENT_INDENT_BYTES = _EVENT_INDENT.encode()

def date_parts(date: Date, *, end: bool = False) -> dict[str, str]:
    """A TimelineJS date object for a single date, with only the parts its precision has.

    Args:
        date: a day, month, season, year, decade or century.
        end: ``True`` for the last month or year a season, decade or century covers.
    """
    assert date.earliest is not None, date.edtf
    assert date.latest is not None, date.edtf
    bound = date.latest if end else date.earliest
    if date.precision is Precision.DAY:
        return {"year": str(bound.year), "month": str(bound.month), "day": str(bound.day)}
    if date.precision in (Precision.MONTH, Precision.SEASON):
        return {"year": str(bound.year), "month": str(bound.month)}
    return {"year": str(bound.year)}


def _dates(date: Date) -> tuple[dict[str, str], dict[str, str] | None] | None:
    """(start_date, end_date or ``None``), or ``None`` if the date has no start."""
    if not date.is_known:
        return None
    if date.is_interval:
        start, end = date.parts
        if start is None:
            return None
        return date_parts(start), None if end is None else date_parts(end, end=True)
    if date.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        return date_parts(date), None
    return date_parts(date), date_parts(date, end=True)


def _source(source: SourceView, labels: Labels) -> Markup:
    parts = [escape(f"{labels.quote(source.quote)} — "), element("cite", None, source.title)]
    if source.publisher:
        parts.append(escape(f", {source.publisher}"))
    parts.append(escape(f", {source.published}."))
    if source.url:
        link = element("a", {"href": source.url, "rel": "noopener noreferrer"}, labels["link"])
        parts += [Markup(" "), link]
    elif source.inert_url:
        parts.append(escape(f" {labels.colon('unsafe_link')} {source.inert_url}"))
    return element("li", None, join(parts))


def _text(entry: EntryView, labels: Labels) -> Markup:
    head = [element("strong", None, entry.kind.name)]
    if entry.modality_label:
        head.append(escape(f" · {entry.modality_label}"))
    parts = [element("p", None, join(head))]
    if entry.places:
        parts.append(element("p", None, f"{labels.colon('places')} {entry.place_names}"))
    if entry.actors:
        parts.append(element("p", None, f"{labels.colon('actors')} {entry.actor_names}"))
    if entry.fixed_by is not None:
        parts.append(element("p", None, f"{labels['date_fixed_by']} {entry.fixed_by}."))
    parts.extend(element("p", None, conflict) for conflict in entry.conflicts)
    if entry.sources:
        parts.append(element("p", None, labels.colon("sources")))
        parts.append(element("ol", None, join(_source(s, labels) for s in entry.sources)))
    return join(parts)


def _event(entry: EntryView, labels: Labels) -> dict[str, Any] | None:
    dates = _dates(entry.date)
    if dates is None:
        return None
    start, end = dates
    headline = entry.summary
    if entry.modality_label:
        headline = f"{headline} ({entry.modality_label})"
    event: dict[str, Any] = {"start_date": start}
    if end is not None:
        event["end_date"] = end
    event["display_date"] = entry.date_text
    event["text"] = {"headline": str(escape(headline)), "text": str(_text(entry, labels))}
    event["group"] = entry.kind.name
    event["unique_id"] = entry.id
    return event


def timelinejs_block(entry: EntryView, labels: Labels) -> bytes:
    """One event of the ``events`` array as indented JSON, or nothing for an entry without a start."""
    event = _event(entry, labels)
    if event is None:
        return b""
    text = orjson.dumps(event, option=orjson.OPT_INDENT_2)  # as json.dumps(..., ensure_ascii=False, indent=2)
    return _EVENT_INDENT_BYTES + text.replace(b"\n", b"\n" + _EVENT_INDENT_BYTES)


def timelinejs_document(outline: Outline, block: Callable[[int], bytes]) -> Iterator[bytes]:
    """The chronology as TimelineJS3 JSON (UTF-8, two-space indent, keys in a fixed order),
    with the entries' blocks (``block(number)``) as its events."""
    labels = outline.labels
    left_out = outline.facts.how_many("starts", False)
    notes = [element("p", None, outline.generated)]
    if left_out:
        notes.append(element("p", None, labels.plural(left_out, "left_out_one", "left_out_many")))
    title = {"title": {"text": {"headline": str(escape(outline.title)), "text": str(join(notes))}}}
    head = json.dumps(title, ensure_ascii=False, indent=2)
    assert head.endswith("\n}")
    yield (head[:-2] + ',\n  "events": [').encode("utf-8")
    separator = b"\n"
    starts = outline.facts.starts
    for number in outline.order():
        if starts(number):
            yield separator + block(number)
            separator = b",\n"
    yield (b"\n  ]" if separator != b"\n" else b"]") + b',\n  "scale": "human"\n}\n'
