"""Which days a calendar event covers, and which dates cannot honestly be put on a calendar.

A calendar can only show whole days. Each precision is shown like this:

* a day: that day;
* a month, season/quarter or year: every day it spans (``2017-12`` covers 1 to 31
  December), or with ``collapse`` its first day only;
* an interval with two known ends: from the first day of its start to the last day
  of its end (``2011/2014`` covers 2011-01-01 to 2014-12-31);
* a decade or century (alone or as an interval end): left out, as too vague for a
  calendar (a ten-year bar says nothing a reader can use, and its first day would be a
  false day);
* an interval with an open or unknown end, or an unknown date: left out;
* a span reaching 9999-12-31: left out (iCalendar cannot write the day after it).

Spans are half-open: ``end`` is the day after the last day, as DTEND of an all-day
event is exclusive (:rfc:`5545#section-3.6.1`).
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from spacedip.model import Date, Precision

__all__ = ["DaySpan", "Omission", "day_span"]

_COLLAPSIBLE = (Precision.MONTH, Precision.SEASON, Precision.YEAR)
_TOO_VAGUE = (Precision.DECADE, Precision.CENTURY)


class Omission(enum.Enum):
    """Why an entry is not in the calendar."""

    UNKNOWN_DATE = "unknown date"
    OPEN_INTERVAL = "interval with an open or unknown end"
    TOO_VAGUE = "decade or century: too vague for a calendar"
    OUT_OF_RANGE = "reaches 9999-12-31, past what iCalendar can write"


@attrs.frozen
class DaySpan:
    """Whole days ``[start, end)`` an all-day event covers."""

    start: dt.date
    end: dt.date
    """The day after the last day (exclusive, like DTEND)."""
    collapsed: bool = False
    """True if a longer date was put on its first day only."""

    @property
    def days(self) -> int:
        """How many days the event covers."""
        return (self.end - self.start).days


def day_span(date: Date, *, collapse: bool = False) -> DaySpan | Omission:
    """The days a calendar shows ``date`` on, or why it cannot show it.

    Args:
        date: The entry's date.
        collapse: Put month, season and year precision on their first day only.
    """
    precision = date.precision
    if precision is Precision.UNKNOWN:
        return Omission.UNKNOWN_DATE
    if precision in _TOO_VAGUE:
        return Omission.TOO_VAGUE
    if precision is Precision.INTERVAL:
        start, end = date.parts
        if start is None or end is None:
            return Omission.OPEN_INTERVAL
        if start.precision in _TOO_VAGUE or end.precision in _TOO_VAGUE:
            return Omission.TOO_VAGUE
    first, last = date.earliest, date.latest
    assert first is not None, date
    assert last is not None, date
    if collapse and precision in _COLLAPSIBLE:
        last = first
    if last == dt.date.max:
        return Omission.OUT_OF_RANGE
    return DaySpan(first, last + dt.timedelta(days=1), collapsed=last != date.latest)
