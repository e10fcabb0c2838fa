"""How entries and reported events are printed: one line each, or JSON objects."""

from __future__ import annotations

from typing import Any

from spacedip.model import Actor, Event, Place
from spacedip.timeline.entry import TimelineEntry
from spacedip.timeline.projection import ReportedEvent

__all__ = ["entry_json", "entry_line", "place_json", "report_json", "report_line"]


def place_json(place: Place) -> dict[str, Any]:
    """A place as ``{id, name, kind, lat, lon}`` (``lat``/``lon`` null without ground position)."""
    coords = place.coordinates
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind.value,
        "lat": coords.lat if coords else None,
        "lon": coords.lon if coords else None,
    }


def actor_json(actor: Actor) -> dict[str, Any]:
    """An actor as ``{id, name, kind}``."""
    return {"id": actor.id, "name": actor.name, "kind": actor.kind.value}


def _what_when_where(item: TimelineEntry | Event) -> dict[str, Any]:
    """The fields an entry and a reported event share, in the order they are printed."""
    return {
        "id": item.id,
        "date": item.date.edtf,
        "precision": item.date.precision.value,
        "kind": item.kind,
        "modality": item.modality.value,
        "summary": item.summary,
        "places": [place_json(p) for p in item.places],
        "actors": [actor_json(a) for a in item.actors],
    }


def entry_json(entry: TimelineEntry) -> dict[str, Any]:
    """A timeline entry as the JSON object ``spacedip events --json`` prints."""
    return {
        **_what_when_where(entry),
        "sources": [
            {
                "event": s.event_id,
                "article": s.article.id,
                "title": s.article.title,
                "published": s.article.published.edtf,
                "url": s.article.url,
                "span": [s.span.start, s.span.end],
                "quote": s.quote,
                "date": s.date.edtf,
                "modality": s.modality.value,
            }
            for s in entry.sources
        ],
        "date_fixed_by": entry.date_fixed_by,
        "conflicts": [
            {"field": c.field, "values": list(c.values), "events": list(c.event_ids), "note": c.note}
            for c in entry.conflicts
        ],
        "confidence": entry.confidence,
        "position": entry.position,
    }


def event_json(event: Event) -> dict[str, Any]:
    """A reported event as a JSON object with the same fields as an entry (one source)."""
    return {
        **_what_when_where(event),
        "sources": [
            {
                "event": event.id,
                "article": event.evidence.article,
                "span": [event.evidence.span.start, event.evidence.span.end],
                "quote": event.evidence.quote,
                "date": event.date.edtf,
            }
        ],
        "confidence": event.confidence,
        "extractor": f"{event.provenance.extractor} {event.provenance.version}",
        "reasons": {r.field: r.why for r in event.reasons},
    }


def report_json(reported: ReportedEvent, _log: object = None) -> dict[str, Any]:
    """A reported event as ``spacedip events --reports --json`` prints it."""
    data = event_json(reported.event)
    data["amended"] = reported.amended
    data["position"] = reported.last_position
    return data


def _names(things: tuple[Place, ...] | tuple[Actor, ...]) -> str:
    return ", ".join(t.name for t in things) or "-"


def entry_line(entry: TimelineEntry) -> str:
    """``DATE  KIND  [MODALITY]  SUMMARY  @ PLACES  (N sources)  ID``."""
    modality = "" if entry.modality.value == "happened" else f" [{entry.modality.value}]"
    flag = " !conflict" if entry.conflicts else ""
    return (f"{entry.date.edtf:<22} {entry.kind:<14}{modality} {entry.summary}  @ {_names(entry.places)}"
            f"  ({len(entry.sources)} source{'s' if len(entry.sources) != 1 else ''}){flag}  {entry.id}")


def report_line(reported: ReportedEvent) -> str:
    """One reported event on a line."""
    event = reported.event
    modality = "" if event.modality.value == "happened" else f" [{event.modality.value}]"
    mark = " (amended)" if reported.amended else ""
    return (f"{event.date.edtf:<22} {event.kind:<14}{modality} {event.summary}  @ {_names(event.places)}"
            f"{mark}  {event.id}")
