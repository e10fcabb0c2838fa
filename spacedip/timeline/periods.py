"""Periods of the timeline: a year or a month of its entries' dates, for exports split by period.

An entry belongs to the period of its date's earliest day (the date it sorts by), so the periods
in order hold the timeline in order. Entries of unknown date form the period ``undated``;
intervals with no known start (``../2019``) the period ``open-start``, which comes first.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from spacedip.errors import InputError
from spacedip.model import Date

__all__ = ["OPEN_START", "PERIOD_KINDS", "UNDATED", "Per", "parse_per", "period_bounds", "period_of",
           "period_of_month_key"]

Per = Literal["year", "month"]
PERIOD_KINDS: tuple[Per, ...] = ("year", "month")
UNDATED = "undated"
OPEN_START = "open-start"


def parse_per(text: str) -> Per:
    """``"year"`` or ``"month"``.

    Raises:
        InputError: for anything else.
    """
    if text == "year":
        return "year"
    if text == "month":
        return "month"
    raise InputError(f"cannot split an export by {text!r}", hint="use --per year or --per month")


def period_of(date: Date, per: Per) -> str:
    """The period of an entry of ``date``."""
    if not date.is_known:
        return UNDATED
    earliest = date.earliest
    if earliest is None or earliest == dt.date.min:
        return OPEN_START
    return f"{earliest.year:04d}" if per == "year" else f"{earliest.year:04d}-{earliest.month:02d}"


def period_of_month_key(key: str, per: Per) -> str:
    """The period of the entries whose sort text starts with ``key`` (its first 8 characters: the
    known flag, then the year and month of the earliest day; see
    :func:`spacedip.timeline.checkpoint.rows.sort_text`)."""
    if key.startswith("1"):
        return UNDATED
    year, month = key[1:5], key[6:8]
    if year == "0001":
        return OPEN_START
    return year if per == "year" else f"{year}-{month}"


def period_bounds(period: str) -> tuple[str, str]:
    """The sort texts of ``period``'s entries: at least the first and below the second."""
    if period == UNDATED:
        return "1", "2"
    if period == OPEN_START:
        return "00001-", "00002-"
    year = int(period[:4])
    if len(period) == 4:
        return f"0{year:04d}-", f"0{year + 1:04d}-"
    month = int(period[5:7])
    after = f"0{year + 1:04d}-01" if month == 12 else f"0{year:04d}-{month + 1:02d}"
    return f"0{year:04d}-{month:02d}", after
