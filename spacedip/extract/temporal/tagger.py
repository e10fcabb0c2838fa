"""The tagger: candidates, resolution in reading order, times, ranges, original offsets."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from operator import attrgetter
from typing import Literal

from spacedip.errors import InputError
from spacedip.extract.mentions import TemporalExpression, TimexType
from spacedip.extract.temporal import timex3 as tx
from spacedip.extract.temporal.calendar import Anchor
from spacedip.extract.temporal.patterns import Candidate
from spacedip.extract.temporal.resolution import SECOND_PASS, Context, Resolved, resolve, resolve_time
from spacedip.extract.temporal.scan import find_candidates, folded
from spacedip.extract.text import normalize
from spacedip.model import Date

__all__ = ["tag"]

Ranges = Literal["interval", "split"]
_RANGE_PREFIX = re.compile(r"(?:(?<![\w'])(?:du|de|d'|entre|depuis)\s*)$", re.IGNORECASE)
_START = attrgetter("start")
_RANGE_LINK = re.compile(r"^\s*(?:au|à|et|jusqu'au|jusqu'à)\s*$|^\s*[-–/]\s*$", re.IGNORECASE)


def tag(
    text: str, published: Date | str | dt.date | None = None, *, ranges: Ranges = "interval"
) -> list[TemporalExpression]:
    """Find and normalise the temporal expressions of a French text.

    Args:
        text: the article text as stored; every span points into it.
        published: the publication date at whatever precision is known (``Date``,
            EDTF such as ``"2023-09"``, a :class:`datetime.date`, or ``None``).
            Relative expressions are resolved against it and never made more
            precise than it allows.
        ranges: ``"interval"`` (default) makes "du 8 au 9 novembre" or "entre 2011
            et 2014" one DATE whose value is an EDTF interval; ``"split"`` keeps its
            two ends as two DATEs, as TimeBank annotates them.

    Returns:
        The expressions in text order, without overlaps.

    Raises:
        InputError: if ``text`` is not a string or ``ranges`` is unknown.
    """
    if not isinstance(text, str):
        raise InputError(f"expected the article text as str, got {type(text).__name__}")
    if ranges not in ("interval", "split"):
        raise InputError(f"unknown ranges mode {ranges!r}", hint="use 'interval' or 'split'")
    norm = normalize(text)
    work = norm.text
    lowered = folded(work)
    ctx = Context(work, _anchor(published), lowered)
    found: list[Resolved] = []
    deferred: list[Candidate] = []
    for cand in find_candidates(work, lowered):
        if cand.kind in SECOND_PASS:
            deferred.append(cand)
            continue
        for r in resolve(cand, ctx):
            found.append(r)
            if r.type in (TimexType.DATE, TimexType.TIME) and r.value and r.kind != "present":
                ctx.last = r
    found.sort(key=_START)
    for cand in deferred:
        r2 = _range_day(cand, found) if cand.kind == "range_day" else resolve_time(cand, ctx, found)
        if r2 is not None:
            found.append(r2)
    found.sort(key=_START)
    if ranges == "interval":
        found = _merge_ranges(found, work)
    out: list[TemporalExpression] = []
    aligned = norm.starts is None  # the same offsets in the text as stored
    for r in found:
        start, end = (r.start, r.end) if aligned else norm.span(r.start, r.end)
        out.append(
            TemporalExpression(
                text=text[start:end],
                start=start,
                end=end,
                type=r.type,
                value=r.value,
                timex3=r.timex3,
                mod=r.mod,
                anchor=r.anchor,
            )
        )
    return out


def _anchor(published: Date | str | dt.date | None) -> Anchor:
    """:meth:`Anchor.of`, remembered for the last publication dates seen (a pure function)."""
    try:
        return _anchor_cached(published)
    except TypeError:  # not hashable
        return Anchor.of(published)


_anchor_cached = lru_cache(maxsize=256)(Anchor.of)


def _range_day(cand: Candidate, found: list[Resolved]) -> Resolved | None:
    """The bare first day of "du 19 au 23 juillet", in the month of the second end."""
    following = next((r for r in found if r.start >= cand.end), None)
    if following is None:
        return None
    day_text = (cand.group("day") or "").lower()
    number = 1 if day_text in ("1er", "premier") else int(day_text)
    start, end = cand.m.start("core"), cand.m.end("core")
    if following.day is None:
        if following.timex3 and re.match(r"^XXXX-\d\d-\d\d", following.timex3):
            return Resolved(start, end, TimexType.DATE, None, f"{following.timex3[:8]}{number:02d}", kind="date")
        return None
    year, month = following.day.year, following.day.month
    if number > following.day.day:
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    try:
        day = dt.date(year, month, number)
    except ValueError:
        return None
    return Resolved(start, end, TimexType.DATE, tx.day(day), tx.day(day), anchor="previous", day=day, kind="date")


def _merge_ranges(found: list[Resolved], text: str) -> list[Resolved]:
    """Join "du A au B", "entre A et B", "A-B" into one DATE with an EDTF interval."""
    out: list[Resolved] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        merged = _try_merge(a, b, text) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _try_merge(a: Resolved, b: Resolved, text: str) -> Resolved | None:
    if a.type is not TimexType.DATE or b.type is not TimexType.DATE or not a.value or not b.value:
        return None
    if "/" in a.value or "/" in b.value:
        return None
    link = text[a.end : b.start]
    if not _RANGE_LINK.match(link):
        return None
    word = link.strip().lower()
    # The prefix is a word of at most 6 letters ("depuis") and blanks, ending at ``a``.
    j = a.start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    prefix = _RANGE_PREFIX.search(text, max(0, j - 6), a.start)
    if word in ("-", "–", "/"):
        if a.kind != "year" or b.kind != "year":
            return None
    elif prefix is None or (word == "et" and not prefix.group().lower().startswith("entre")):
        return None
    try:
        interval = Date.interval(Date.parse(a.value), Date.parse(b.value))
    except ValueError:
        return None
    start = prefix.start() if prefix is not None else a.start
    return Resolved(start, b.end, TimexType.DATE, interval.edtf, None, None, a.anchor or b.anchor, kind="range")
