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
"""

from __future__ import annotations

import json
from typing import Any

from spacedip.model import Date, Precision

from ._markup import Markup, element, escape, join
from ._view import Chronology, EntryView, SourceView

__all__ = ["date_parts", "render_timelinejs"]

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


def _source(source: SourceView, chronology: Chronology) -> Markup:
    labels = chronology.labels
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


def _text(entry: EntryView, chronology: Chronology) -> Markup:
    labels = chronology.labels
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
        parts.append(element("ol", None, join(_source(s, chronology) for s in entry.sources)))
    return join(parts)


def _event(entry: EntryView, chronology: Chronology) -> dict[str, Any] | None:
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
    event["text"] = {"headline": str(escape(headline)), "text": str(_text(entry, chronology))}
    event["group"] = entry.kind.name
    event["unique_id"] = entry.id
    return event


def render_timelinejs(chronology: Chronology) -> bytes:
    """The chronology as TimelineJS3 JSON (UTF-8, two-space indent, keys in a fixed order)."""
    labels = chronology.labels
    events = []
    left_out = 0
    for entry in chronology.entries:
        event = _event(entry, chronology)
        if event is None:
            left_out += 1
        else:
            events.append(event)
    notes = [element("p", None, chronology.generated)]
    if left_out:
        notes.append(element("p", None, labels.plural(left_out, "left_out_one", "left_out_many")))
    data = {
        "title": {"text": {"headline": str(escape(chronology.title)), "text": str(join(notes))}},
        "events": events,
        "scale": "human",
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
