"""EDTF dates as KML time: a ``TimeStamp`` at the date's precision, or a ``TimeSpan``.

KML's ``when``, ``begin`` and ``end`` take ``xs:gYear`` (``2006``),
``xs:gYearMonth`` (``2023-09``) or ``xs:date`` (``2023-09-13``), the same three
precisions as EDTF years, months and days, so:

- a day, a month or a year is a ``TimeStamp`` with that text (qualifiers ``?``,
  ``~`` and ``%`` have no KML form and are dropped; the balloon shows them);
- a season or quarter is a ``TimeSpan`` from its first to its last month;
- a decade or a century is a ``TimeSpan`` from its first to its last year;
- an interval is a ``TimeSpan`` whose ends are its ends written the same way
  (an open or unknown end is left out);
- an unknown date has no time element: Google Earth then shows the entry at every time.
"""

from __future__ import annotations

import attrs

from spacedip.model import Date, Precision

__all__ = ["KmlTime", "kml_time"]


@attrs.frozen
class KmlTime:
    """A ``TimeStamp`` (``when``) or a ``TimeSpan`` (``begin`` and/or ``end``)."""

    when: str | None = None
    begin: str | None = None
    end: str | None = None

    @property
    def is_span(self) -> bool:
        """True for a ``TimeSpan``."""
        return self.when is None


def _single(date: Date, *, at_end: bool) -> str:
    """One end of a span, or a stamp, at the precision of ``date``."""
    assert date.earliest is not None
    assert date.latest is not None
    if date.precision is Precision.DAY:
        return date.earliest.isoformat()
    if date.precision is Precision.MONTH:
        return f"{date.earliest.year:04d}-{date.earliest.month:02d}"
    if date.precision is Precision.YEAR:
        return f"{date.earliest.year:04d}"
    bound = date.latest if at_end else date.earliest
    if date.precision is Precision.SEASON:
        return f"{bound.year:04d}-{bound.month:02d}"
    return f"{bound.year:04d}"  # decade, century


def kml_time(date: Date) -> KmlTime | None:
    """The KML time of ``date``, or ``None`` for an unknown date (see the module docstring)."""
    if date.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        return KmlTime(when=_single(date, at_end=False))
    if date.precision in (Precision.SEASON, Precision.DECADE, Precision.CENTURY):
        return KmlTime(begin=_single(date, at_end=False), end=_single(date, at_end=True))
    if date.is_interval:
        start, end = date.parts
        begin_text = _single(start, at_end=False) if start is not None else None
        end_text = _single(end, at_end=True) if end is not None else None
        if begin_text is None and end_text is None:
            return None
        return KmlTime(begin=begin_text, end=end_text)
    return None
