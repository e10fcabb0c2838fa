"""Calendar arithmetic for resolution: the publication date, year inference, weekdays."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

import attrs

from spacedip.extract.temporal.tense import Tense
from spacedip.model import Date
from spacedip.model.dates import Precision

__all__ = ["Anchor", "add_months", "easter", "last_day"]

PAST_RELS = frozenset(["dernier", "dernière", "derniers", "dernières", "passé", "passée", "précédent", "précédente"])
FUTURE_RELS = frozenset(["prochain", "prochaine", "prochains", "prochaines", "suivant", "suivante"])


def last_day(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year``."""
    return _calendar.monthrange(year, month)[1]


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """``(year, month)`` moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@attrs.frozen(slots=True)
class Anchor:
    """The publication date as the tagger uses it: whatever of day, month, year is known."""

    date: Date | None
    year: int | None
    month: int | None
    day: dt.date | None

    @classmethod
    def of(cls, published: Date | str | dt.date | None) -> Anchor:
        """Read a publication date of any precision (an unreadable one counts as unknown)."""
        if published is None:
            return cls(None, None, None, None)
        if isinstance(published, dt.date):
            published = Date.from_date(published)
        if isinstance(published, str):
            try:
                published = Date.parse(published[:10] if "T" in published else published)
            except ValueError:
                return cls(None, None, None, None)
        p = published
        if p.precision is Precision.DAY:
            assert p.earliest is not None
            return cls(p, p.earliest.year, p.earliest.month, p.earliest)
        if p.precision is Precision.MONTH:
            assert p.earliest is not None
            return cls(p, p.earliest.year, p.earliest.month, None)
        if p.precision in (Precision.YEAR, Precision.SEASON):
            return cls(p, p.year_value, None, None)
        return cls(p, None, None, None)

    @property
    def edtf(self) -> str | None:
        """The publication date as EDTF, or ``None`` if unknown."""
        return self.date.edtf if self.date is not None and self.date.is_known else None

    def needs_tense(self, month: int, day: int | None = None, rel: str | None = None) -> bool:
        """Whether ``infer_year(month, day, tense, rel)`` depends on ``tense``: only if
        publication is known to the month, ``rel`` does not decide, and the date is not
        publication's own month (own day, when both days are known). Callers skip
        finding the tense otherwise (it is the costly part of resolution)."""
        if self.month is None or rel in PAST_RELS or rel in FUTURE_RELS:
            return False
        if day is None or self.day is None:
            return month != self.month
        return month != self.month or day != self.day.day

    def needs_tense_weekday(self, iso_weekday: int, rel: str | None = None) -> bool:
        """Whether ``weekday(iso_weekday, tense, rel, det)`` depends on ``tense``: only if
        publication is known to the day, ``rel`` does not decide, and the weekday is not
        publication's own."""
        if self.day is None or rel in PAST_RELS or rel in FUTURE_RELS:
            return False
        return iso_weekday != self.day.isoweekday()

    def infer_year(self, month: int, day: int | None, tense: Tense | None, rel: str | None = None) -> int | None:
        """The year of ``day``/``month`` told without a year, from the tense or ``rel``.

        Past tense (or ``dernier``) picks the latest such date not after publication,
        future tense (or ``prochain``) the first not before it; no tense the nearest.
        """
        if self.year is None:
            return None
        if self.month is None:
            return self.year
        ref = (self.month, self.day.day if self.day else None)
        if day is None or ref[1] is None:
            order = (month > ref[0]) - (month < ref[0])
        else:
            order = ((month, day) > (ref[0], ref[1])) - ((month, day) < (ref[0], ref[1]))
        y = self.year
        if rel in PAST_RELS:
            return y - 1 if order > 0 or (order == 0 and (day is None or ref[1] is None)) else y
        if rel in FUTURE_RELS:
            return y + 1 if order < 0 or (order == 0 and (day is None or ref[1] is None)) else y
        if tense is Tense.PAST:
            return y - 1 if order > 0 else y
        if tense is Tense.FUTURE:
            return y + 1 if order < 0 else y
        diff = month - ref[0]
        if diff > 6:
            return y - 1
        if diff < -6:
            return y + 1
        return y

    def weekday(self, iso_weekday: int, tense: Tense | None, rel: str | None, det: str | None) -> dt.date | None:
        """The day a weekday name points to, or ``None`` unless publication is known to the day."""
        if self.day is None:
            return None
        today = self.day.isoweekday()
        back = (today - iso_weekday) % 7
        forward = (iso_weekday - today) % 7
        if rel in PAST_RELS:
            return self.day - dt.timedelta(days=back or 7)
        if rel in FUTURE_RELS:
            return self.day + dt.timedelta(days=forward or 7)
        if tense is Tense.PAST:
            return self.day - dt.timedelta(days=back)
        if tense is Tense.FUTURE:
            return self.day + dt.timedelta(days=forward)
        if back < forward - 1:
            return self.day - dt.timedelta(days=back)
        return self.day + dt.timedelta(days=forward)
