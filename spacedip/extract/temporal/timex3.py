"""TimeML (TIMEX3) and EDTF notation for what the tagger resolves.

The two notations differ for seasons (TimeML ``2023-SU``, EDTF ``2023-22``), weeks
(TimeML ``2023-W36``, EDTF the interval Monday/Sunday), times of day (TimeML
``2023-09-13TMO`` or ``T14:30``; the EDTF value keeps the day) and references
(``PRESENT_REF``: no EDTF notation).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "day",
    "duration",
    "month",
    "timex3_to_edtf",
    "week",
    "weekend",
]

_DURATION_UNITS = {
    "Y": ("Y", False), "M": ("M", False), "W": ("W", False), "D": ("D", False),
    "H": ("H", True), "MIN": ("M", True), "S": ("S", True), "WE": ("WE", False),
}  # fmt: skip
_SCALE = {"CE": ("Y", 100), "DE": ("Y", 10), "ML": ("Y", 1000), "Q": ("M", 3), "SEM": ("M", 6)}
_SMALLER = {"Y": ("M", 12), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def day(value: dt.date) -> str:
    """``2023-09-13``."""
    return value.isoformat()


def month(year: int, month_number: int) -> str:
    """``2023-09``."""
    return f"{year:04d}-{month_number:02d}"


def week(value: dt.date) -> tuple[str, str]:
    """(TimeML ``2023-W36``, EDTF ``2023-09-04/2023-09-10``) of the ISO week holding ``value``."""
    year, number, weekday = value.isocalendar()
    monday = value - dt.timedelta(days=weekday - 1)
    return f"{year:04d}-W{number:02d}", f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"


def weekend(value: dt.date) -> tuple[str, str]:
    """(TimeML ``2003-W05-WE``, EDTF ``2003-02-01/2003-02-02``) of the week-end of ``value``'s week."""
    year, number, weekday = value.isocalendar()
    saturday = value + dt.timedelta(days=6 - weekday)
    return (
        f"{year:04d}-W{number:02d}-WE",
        f"{saturday.isoformat()}/{(saturday + dt.timedelta(days=1)).isoformat()}",
    )


def _number(n: float) -> str:
    if float(n).is_integer():
        return str(int(n))
    return f"{n:.3f}".rstrip("0").rstrip(".")


def duration(amount: float | None, unit: str) -> str:
    """The ISO 8601 / TimeML duration of ``amount`` ``unit`` (a unit code of the lexicon).

    ``None`` amount gives ``PXY``-style vague durations; half units move to the smaller
    unit (``1.5`` years is ``P18M``, half an hour is ``PT30M``).
    """
    if unit in _SCALE:
        base, factor = _SCALE[unit]
        if amount is not None:
            amount *= factor
        unit = base
    if amount is not None and not float(amount).is_integer() and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        if float(amount * factor).is_integer():
            amount *= factor
            unit = smaller
    letter, is_time = _DURATION_UNITS[unit]
    text = "X" if amount is None else _number(amount)
    return f"PT{text}{letter}" if is_time else f"P{text}{letter}"


_SEASON_EDTF = {"SP": "21", "SU": "22", "FA": "23", "WI": "24"}
_QUARTER_EDTF = {"Q1": "33", "Q2": "34", "Q3": "35", "Q4": "36"}
_TIMEX_DATE = re.compile(r"^(\d{4})(?:-(\d{2}|SP|SU|FA|WI|Q[1-4]|W\d{2}))?(?:-(\d{2}))?(?:T.*)?$")


def timex3_to_edtf(value: str | None) -> str | None:
    """The EDTF reading of a TimeML date value, or ``None`` if it has none.

    ``1999-05-18TMO`` -> ``1999-05-18``, ``2023-SU`` -> ``2023-22``, ``196X`` -> ``196X``,
    ``19`` (a century) -> ``19XX``; ``PRESENT_REF``, ``XXXX-WXX-3``, weeks and durations -> ``None``.
    """
    if not value:
        return None
    if re.fullmatch(r"\d{3}X", value):
        return value
    if re.fullmatch(r"\d{2}", value):
        return value + "XX"
    if re.fullmatch(r"\d{3}", value):
        return value + "X"
    m = _TIMEX_DATE.match(value)
    if not m:
        return None
    year, mid, dd = m.groups()
    if mid is None:
        return year
    if mid in _SEASON_EDTF:
        return f"{year}-{_SEASON_EDTF[mid]}"
    if mid in _QUARTER_EDTF:
        return f"{year}-{_QUARTER_EDTF[mid]}"
    if mid.startswith("W"):
        return None
    return f"{year}-{mid}-{dd}" if dd else f"{year}-{mid}"
