"""spacedip's iCalendar exporter: every dated entry of the timeline as an all-day event.

``spacedip export ical -o timeline.ics`` writes one calendar that Google Calendar,
Apple Calendar and Thunderbird open; ``--split-by place`` writes one calendar per
place into a folder. What each event holds and how each date precision is shown is
in ``docs/ical.md``.

Entries whose date cannot be put on a calendar (unknown, open interval, decade or
century) are left out; :func:`omitted_entries` lists them so the CLI can say so, and
each calendar states their number in ``X-SPACEDIP-OMITTED``.

Importing this package is cheap: ``icalendar`` is imported when exporting.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spacedip.export import Exporter
from spacedip.export.base import Stream
from spacedip.timeline import Timeline, TimelineEntry
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip_ical._options import OPTIONS, IcalOptions
from spacedip_ical._span import DaySpan, Omission, day_span

__all__ = ["Omission", "export", "exporter", "omission_reason", "omitted_entries"]


def export(timeline: Timeline, options: Mapping[str, Any], target: Path) -> Stream | dict[str, bytes]:
    """The timeline as one iCalendar file (a :class:`~spacedip.export.base.Stream` of its bytes:
    each VEVENT is rendered once and kept in the log's checkpoint until its entry changes), or
    ``{"<place-id>.ics": bytes, ...}`` with ``split_by="place"``.

    Args:
        timeline: The (already filtered) timeline.
        options: ``collapse``, ``split_by``, ``name``, ``lang`` (see ``docs/ical.md``);
            missing ones take their defaults.
        target: The output path the user gave (not used: the format is always iCalendar).

    Raises:
        InputError: for an option value this exporter does not accept.
    """
    from spacedip_ical._calendar import render

    return render(timeline, IcalOptions.read(options, timeline))


def omission_reason(entry: TimelineEntry, options: Mapping[str, Any] | None = None) -> Omission | None:
    """Why ``entry`` is not in the calendar, or ``None`` if it is."""
    collapse = bool((options or {}).get("collapse", False))
    span = day_span(entry.date, collapse=collapse)
    return None if isinstance(span, DaySpan) else span


def omitted_entries(timeline: Timeline, options: Mapping[str, Any] | None = None) -> list[TimelineEntry]:
    """The entries :func:`export` leaves out for want of a usable date, in timeline order.

    Pure and cheap (no ``icalendar``): the CLI calls it to print how many entries, and
    which, are not in the calendar. :func:`omission_reason` says why for each.
    """
    entries = timeline.entries
    if isinstance(entries, StoredEntries):  # from a checkpoint: decode only the entries left out
        collapse = bool((options or {}).get("collapse", False))
        return entries.where_date(lambda date: not isinstance(day_span(date, collapse=collapse), DaySpan))
    return [entry for entry in entries if omission_reason(entry, options) is not None]


def messages(timeline: Timeline, options: Mapping[str, Any]) -> list[str]:
    """What the CLI prints after an export: the entries left out, and why."""
    left_out = [(entry, omission_reason(entry, options)) for entry in omitted_entries(timeline, options)]
    if not left_out:
        return []
    lines = [f"{len(left_out)} entries left out for want of a date a calendar can show (none given a false day):"]
    lines += [
        f"  {entry.date.edtf} {entry.summary[:60]} ({reason.value if reason else ''})" for entry, reason in left_out
    ]
    return lines


exporter = Exporter(
    name="ical",
    description="iCalendar (.ics) for Google Calendar, Apple Calendar and Thunderbird: one all-day event "
    "per dated entry, with its sources",
    default_filename="timeline.ics",
    export=export,
    options=OPTIONS,
    messages=messages,
)
