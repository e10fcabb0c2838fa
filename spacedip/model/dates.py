"""Dates honest about their precision, written and read as EDTF (ISO 8601-2).

A :class:`Date` is a day (``2023-09-13``), a month (``2017-12``), a season or
quarter (``2023-21``, ``2023-33``), a year (``1998``), a decade or century
(``199X``, ``19XX``), an interval (``2023-11-08/2023-11-09``, ``2011/2014``,
``2011/..``) or unknown (``XXXX``). A single date may carry an EDTF qualifier:
``?`` uncertain, ``~`` approximate, ``%`` both.

Bounds and order
----------------
:attr:`Date.earliest` and :attr:`Date.latest` are the first and last days the date
can mean (``2017-12`` spans 2017-12-01 to 2017-12-31); an open or unknown interval
end, or an unknown date, has ``None`` there. Dates sort by earliest day, then latest
day, then finest precision first, then their EDTF text; unknown dates sort last.
This order is total and deterministic, which exports rely on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from typing import ClassVar

import attrs

from spacedip.errors import InvalidDateError

__all__ = ["Date", "Precision"]


class Precision(enum.Enum):
    """How precisely a :class:`Date` is known, finest first."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    INTERVAL = "interval"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """0 for a day, growing as precision coarsens."""
        return _RANK[self]


_RANK = {p: i for i, p in enumerate(Precision)}

# EDTF sub-year groupings (level 2): code -> (first month, last month).
_SUBYEAR = {
    21: (3, 5),  # spring (northern hemisphere reading)
    22: (6, 8),  # summer
    23: (9, 11),  # autumn
    24: (12, 12),  # winter: December of the year (its Jan-Feb spill is not claimed)
    33: (1, 3),  # first quarter
    34: (4, 6),
    35: (7, 9),
    36: (10, 12),
    37: (1, 4),  # quadrimesters
    38: (5, 8),
    39: (9, 12),
    40: (1, 6),  # semesters
    41: (7, 12),
}

_SINGLE = re.compile(
    r"""^(?P<year>\d{4}|\d{3}X|\d{2}XX|XXXX)
        (?:-(?P<month>\d{2}))?
        (?:-(?P<day>\d{2}))?
        (?P<q>[?~%])?$""",
    re.VERBOSE,
)

_HINT = "write an EDTF date such as 2023-09-13, 2023-09, 2023, 2023-11-08/2023-11-09 or XXXX"


@attrs.frozen(eq=False, repr=False)
class Date:
    """A date at its real precision. Build one with :meth:`parse` or the constructors."""

    edtf: str
    """The canonical EDTF text of this date."""
    precision: Precision
    earliest: dt.date | None
    """The first day this date can mean, or ``None`` if unbounded or unknown."""
    latest: dt.date | None
    """The last day this date can mean, or ``None`` if unbounded or unknown."""
    qualifier: str = ""
    """The EDTF qualifier of a single date: ``""``, ``"?"``, ``"~"`` or ``"%"``."""

    UNKNOWN_TEXT: ClassVar[str] = "XXXX"

    # -- construction -------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Date:
        """Read an EDTF string.

        Raises:
            InvalidDateError: if ``text`` is not EDTF spacedip understands, or names
                a day that does not exist (``2023-02-30``).
        """
        if not isinstance(text, str):
            raise InvalidDateError(f"expected an EDTF string, got {type(text).__name__}", hint=_HINT)
        raw = text.strip()
        if raw in ("", "XXXX", "XXXX-XX", "XXXX-XX-XX", "unknown"):
            return cls.unknown()
        if "/" in raw:
            return cls._parse_interval(raw)
        return cls._parse_single(raw, original=text)

    @classmethod
    def _parse_interval(cls, raw: str) -> Date:
        left, sep, right = raw.partition("/")
        if "/" in right or not sep:
            raise InvalidDateError(f"{raw!r} is not an EDTF interval", hint=_HINT)
        start = None if left in ("", "..") else cls._parse_single(left, original=raw)
        end = None if right in ("", "..") else cls._parse_single(right, original=raw)
        if start is None and end is None:
            return cls.unknown()
        return cls.interval(start, end, open_start=left == "..", open_end=right == "..")

    @classmethod
    def _parse_single(cls, raw: str, *, original: str) -> Date:
        match = _SINGLE.match(raw)
        if not match:
            raise InvalidDateError(f"{original!r} is not an EDTF date", hint=_HINT)
        year_text, month_text, day_text, qualifier = match.group("year", "month", "day", "q")
        qualifier = qualifier or ""
        if "X" in year_text:
            if month_text or day_text:
                raise InvalidDateError(
                    f"{original!r}: a month or day under an unspecified year is not supported",
                    hint=_HINT,
                )
            if year_text == "XXXX":
                return cls.unknown()
            digits = year_text.rstrip("X")
            if year_text.endswith("XX"):
                return cls.century(int(digits), qualifier=qualifier)
            return cls.decade(int(digits), qualifier=qualifier)
        year = int(year_text)
        if month_text is None:
            return cls.year(year, qualifier=qualifier)
        month = int(month_text)
        if day_text is None:
            if month in _SUBYEAR:
                return cls.season(year, month, qualifier=qualifier)
            return cls.month(year, month, qualifier=qualifier)
        return cls.day(year, month, int(day_text), qualifier=qualifier)

    @classmethod
    def day(cls, year: int, month: int, day: int, *, qualifier: str = "") -> Date:
        """A single day."""
        _check_year(year)
        try:
            value = dt.date(year, month, day)
        except ValueError as exc:
            raise InvalidDateError(
                f"{year:04d}-{month:02d}-{day:02d} is not a real day ({exc})", hint=_HINT
            ) from None
        return cls(value.isoformat() + qualifier, Precision.DAY, value, value, qualifier)

    @classmethod
    def from_date(cls, value: dt.date) -> Date:
        """A :class:`datetime.date` as a day-precision date."""
        return cls.day(value.year, value.month, value.day)

    @classmethod
    def month(cls, year: int, month: int, *, qualifier: str = "") -> Date:
        """A whole month."""
        _check_year(year)
        if not 1 <= month <= 12:
            raise InvalidDateError(f"{year:04d}-{month:02d}: there is no month {month}", hint=_HINT)
        last = calendar.monthrange(year, month)[1]
        return cls(
            f"{year:04d}-{month:02d}{qualifier}",
            Precision.MONTH,
            dt.date(year, month, 1),
            dt.date(year, month, last),
            qualifier,
        )

    @classmethod
    def season(cls, year: int, code: int, *, qualifier: str = "") -> Date:
        """An EDTF sub-year grouping: seasons 21-24, quarters 33-36, quadrimesters 37-39, semesters 40-41."""
        _check_year(year)
        if code not in _SUBYEAR:
            raise InvalidDateError(f"{year:04d}-{code:02d}: unknown EDTF season code", hint=_HINT)
        first, last = _SUBYEAR[code]
        return cls(
            f"{year:04d}-{code:02d}{qualifier}",
            Precision.SEASON,
            dt.date(year, first, 1),
            dt.date(year, last, calendar.monthrange(year, last)[1]),
            qualifier,
        )

    @classmethod
    def year(cls, year: int, *, qualifier: str = "") -> Date:
        """A whole year."""
        _check_year(year)
        return cls(f"{year:04d}{qualifier}", Precision.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), qualifier)

    @classmethod
    def decade(cls, first_three_digits: int, *, qualifier: str = "") -> Date:
        """A decade: ``decade(199)`` is ``199X``, 1990 to 1999."""
        if not 0 <= first_three_digits <= 999:
            raise InvalidDateError(f"{first_three_digits}X is not a decade", hint=_HINT)
        start = max(first_three_digits * 10, 1)
        return cls(
            f"{first_three_digits:03d}X{qualifier}",
            Precision.DECADE,
            dt.date(start, 1, 1),
            dt.date(first_three_digits * 10 + 9, 12, 31),
            qualifier,
        )

    @classmethod
    def century(cls, first_two_digits: int, *, qualifier: str = "") -> Date:
        """A century as EDTF writes it: ``century(19)`` is ``19XX``, 1900 to 1999."""
        if not 0 <= first_two_digits <= 99:
            raise InvalidDateError(f"{first_two_digits}XX is not a century", hint=_HINT)
        start = max(first_two_digits * 100, 1)
        return cls(
            f"{first_two_digits:02d}XX{qualifier}",
            Precision.CENTURY,
            dt.date(start, 1, 1),
            dt.date(first_two_digits * 100 + 99, 12, 31),
            qualifier,
        )

    @classmethod
    def interval(
        cls,
        start: Date | None,
        end: Date | None,
        *,
        open_start: bool = False,
        open_end: bool = False,
    ) -> Date:
        """From ``start`` to ``end`` (both inclusive). ``None`` is an unknown end, or an
        open one (``..``) with ``open_start``/``open_end``.

        Raises:
            InvalidDateError: if an end is itself an interval or unknown, or ends before it starts.
        """
        for part in (start, end):
            if part is not None and part.precision in (Precision.INTERVAL, Precision.UNKNOWN):
                raise InvalidDateError(f"an interval end cannot be {part.edtf!r}", hint=_HINT)
        if start is not None and end is not None:
            assert start.earliest is not None and end.latest is not None
            if end.latest < start.earliest:
                raise InvalidDateError(
                    f"{start.edtf}/{end.edtf} ends before it starts", hint="swap the two ends"
                )
        left = start.edtf if start else (".." if open_start else "")
        right = end.edtf if end else (".." if open_end else "")
        return cls(
            f"{left}/{right}",
            Precision.INTERVAL,
            start.earliest if start else None,
            end.latest if end else None,
        )

    @classmethod
    def unknown(cls) -> Date:
        """A date nobody knows."""
        return _UNKNOWN

    # -- questions ------------------------------------------------------------------

    @property
    def is_known(self) -> bool:
        """False for :meth:`unknown`."""
        return self.precision is not Precision.UNKNOWN

    @property
    def is_interval(self) -> bool:
        """True for an interval."""
        return self.precision is Precision.INTERVAL

    @property
    def parts(self) -> tuple[Date | None, Date | None]:
        """The two ends of an interval (``None`` where open or unknown); ``(self, self)`` otherwise."""
        if not self.is_interval:
            return (self, self)
        left, _, right = self.edtf.partition("/")
        return (
            None if left in ("", "..") else Date.parse(left),
            None if right in ("", "..") else Date.parse(right),
        )

    @property
    def year_value(self) -> int | None:
        """The year of a day, month, season or year; ``None`` otherwise."""
        if self.precision in (Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR):
            assert self.earliest is not None
            return self.earliest.year
        return None

    @property
    def month_value(self) -> int | None:
        """The month of a day or month; ``None`` otherwise."""
        if self.precision in (Precision.DAY, Precision.MONTH):
            assert self.earliest is not None
            return self.earliest.month
        return None

    @property
    def day_value(self) -> int | None:
        """The day of the month of a day; ``None`` otherwise."""
        if self.precision is Precision.DAY:
            assert self.earliest is not None
            return self.earliest.day
        return None

    def contains(self, other: Date) -> bool:
        """True if every day ``other`` can mean is a day this date can mean."""
        if not self.is_known or not other.is_known:
            return False
        lo_ok = self.earliest is None or (other.earliest is not None and other.earliest >= self.earliest)
        hi_ok = self.latest is None or (other.latest is not None and other.latest <= self.latest)
        return lo_ok and hi_ok

    def overlaps(self, other: Date) -> bool:
        """True if some day could be meant by both dates."""
        if not self.is_known or not other.is_known:
            return False
        if self.latest is not None and other.earliest is not None and self.latest < other.earliest:
            return False
        return not (other.latest is not None and self.earliest is not None and other.latest < self.earliest)

    def sort_key(self) -> tuple[int, dt.date, dt.date, int, str]:
        """The key of the documented total order (see the module docstring)."""
        far = dt.date.max
        return (
            0 if self.is_known else 1,
            self.earliest or (dt.date.min if self.is_known else far),
            self.latest or far,
            self.precision.rank,
            self.edtf,
        )

    # -- dunder -------------------------------------------------------------------------

    def __str__(self) -> str:
        return self.edtf

    def __repr__(self) -> str:
        return f"Date({self.edtf!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Date):
            return NotImplemented
        return self.edtf == other.edtf

    def __hash__(self) -> int:
        return hash(("spacedip.Date", self.edtf))

    def __lt__(self, other: Date) -> bool:
        if not isinstance(other, Date):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Date) -> bool:
        if not isinstance(other, Date):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Date) -> bool:
        if not isinstance(other, Date):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Date) -> bool:
        if not isinstance(other, Date):
            return NotImplemented
        return self.sort_key() >= other.sort_key()


def _check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        raise InvalidDateError(f"year {year} is outside 0001-9999", hint=_HINT)


_UNKNOWN = Date(Date.UNKNOWN_TEXT, Precision.UNKNOWN, None, None)
