"""The visual timeline of the HTML page: an inline SVG years axis with one mark per entry.

A day is a dot; anything coarser (a month, a year, an interval) is a bar over the days it
can mean (at least a few pixels wide), so the drawing shows precision as honestly as the
text. What did not (yet) happen is drawn hollow. Marks that would
overlap go to the next lane. Entries with no start date are not drawn.

The drawing is laid out from the entries' facts (:mod:`._facts`); only each mark's
``<title>`` (the entry's date and summary) comes from its block.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Callable, Iterator

import attrs

from ._facts import EntryFacts
from ._markup import Markup, element, escape, start_tag
from ._outline import Outline

__all__ = ["mark_title", "render_svg"]

_WIDTH = 1000.0
_MARGIN = 30.0
_AXIS_Y = 34.0
_LANE_TOP = 56.0
_LANE_HEIGHT = 18.0
_GAP = 4.0
_MIN_BAR = 12.0
_MAX_LABELS = 16
_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


@attrs.frozen
class _Mark:
    number: int
    x0: float
    x1: float
    lane: int


class _Lanes:
    """The right edge of each lane so far; finds the first lane a mark fits in, in O(log lanes).

    A tree of minimums over the edges (unused slots are infinite): the first lane whose edge
    plus the gap is at most the mark's left end is found by walking down from the root.
    """

    def __init__(self) -> None:
        self._size = 1
        self._tree = [math.inf, math.inf]
        self.count = 0

    def place(self, lo: float, hi: float) -> int:
        """The lane of a mark spanning ``lo``..``hi``: the first whose edge + gap <= ``lo``, else a new one."""
        tree = self._tree
        if tree[1] + _GAP <= lo:
            node = 1
            while node < self._size:
                node = 2 * node if tree[2 * node] + _GAP <= lo else 2 * node + 1
            lane = node - self._size
        else:
            lane = self.count
            self.count += 1
            if lane == self._size:
                self._grow()
        self._set(lane, hi)
        return lane

    def _grow(self) -> None:
        leaves = self._tree[self._size:]
        self._size *= 2
        self._tree = [math.inf] * (2 * self._size)
        self._tree[self._size:self._size + len(leaves)] = leaves
        for node in range(self._size - 1, 0, -1):
            self._tree[node] = min(self._tree[2 * node], self._tree[2 * node + 1])

    def _set(self, lane: int, edge: float) -> None:
        node = lane + self._size
        self._tree[node] = edge
        node //= 2
        while node:
            self._tree[node] = min(self._tree[2 * node], self._tree[2 * node + 1])
            node //= 2


def _n(value: float) -> str:
    return f"{value:.1f}"


def mark_title(date_text: str, summary: str) -> Markup:
    """The tooltip of an entry's mark: its date and summary (kept in the entry's block)."""
    return element("title", None, f"{date_text} — {summary}")


def _year(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


def render_svg(outline: Outline, title_id: str, title: Callable[[int], str]) -> Iterator[str]:
    """The ``<svg>`` element piece by piece, or nothing when no entry has a date to draw.

    Args:
        outline: what to draw.
        title_id: id of the element naming the drawing (for ``aria-labelledby``).
        title: the ``<title>`` of entry number ``n``'s mark (see :func:`mark_title`).
    """
    facts = outline.facts
    drawable = array("I", (n for n in outline.order() if facts[n].drawn))
    first_year = last_year = None
    for number in drawable:
        fact = facts[number]
        for day in (fact.earliest, fact.latest):
            if day is not None:
                year = _year(day)
                first_year = year if first_year is None else min(first_year, year)
                last_year = year if last_year is None else max(last_year, year)
    if first_year is None or last_year is None:
        return
    start = dt.date(first_year, 1, 1).toordinal()
    end = (dt.date(last_year, 12, 31) + dt.timedelta(days=1)).toordinal()

    def x_of(day: int) -> float:
        return _MARGIN + (day - start) / (end - start) * (_WIDTH - 2 * _MARGIN)

    lanes = _Lanes()
    left, right, lane_of = array("d"), array("d"), array("I")  # each drawn entry's mark, compact
    for number in drawable:
        fact = facts[number]
        assert fact.earliest is not None
        x0 = x_of(fact.earliest)
        x1 = x_of(fact.latest + 1) if fact.latest is not None else x_of(end)
        if not fact.day and x1 - x0 < _MIN_BAR:
            x1 = x0 + _MIN_BAR
        lo = x0 - (6.0 if fact.day else 0.0)
        hi = x0 + 6.0 if fact.day else x1
        left.append(x0)
        right.append(x1)
        lane_of.append(lanes.place(lo, hi))
    height = _LANE_TOP + lanes.count * _LANE_HEIGHT + 10.0

    yield start_tag("svg", {"class": "timeline", "viewBox": f"0 0 {_n(_WIDTH)} {_n(height)}", "role": "group",
                            "aria-labelledby": title_id, "xmlns": "http://www.w3.org/2000/svg"})
    yield element("line", {"class": "axis", "x1": _n(_MARGIN), "y1": _n(_AXIS_Y),
                           "x2": _n(_WIDTH - _MARGIN), "y2": _n(_AXIS_Y)})
    count = last_year - first_year + 1
    step = next((s for s in _STEPS if count / s <= _MAX_LABELS), _STEPS[-1])
    for year in range(first_year, last_year + 2):
        x = x_of(dt.date(year, 1, 1).toordinal()) if year <= last_year else x_of(end)
        labelled = year % step == 0
        yield element("line", {"class": "tick major" if labelled else "tick", "x1": _n(x),
                               "y1": _n(_AXIS_Y - (6 if labelled else 3)), "x2": _n(x),
                               "y2": _n(_AXIS_Y + (6 if labelled else 3))})
        if labelled and year <= last_year:
            mid = x_of(dt.date(year, 7, 2).toordinal()) if step == 1 else x
            yield element("text", {"class": "year", "x": _n(mid), "y": _n(_AXIS_Y - 12),
                                   "text-anchor": "middle"}, str(year))
    for i, number in enumerate(drawable):
        yield _shape(_Mark(number, left[i], right[i], lane_of[i]), facts[number], title(number))
    yield "</svg>"


def _shape(mark: _Mark, fact: EntryFacts, title: str) -> str:
    """An entry's mark, written by hand as :func:`element` would, for speed (no text but ``title``)."""
    y = _LANE_TOP + mark.lane * _LANE_HEIGHT
    if fact.day:
        shape = f'<circle cx="{_n(mark.x0)}" cy="{_n(y)}" r="5"></circle>'
    else:
        shape = (f'<rect x="{_n(mark.x0)}" y="{_n(y - 4)}" width="{_n(mark.x1 - mark.x0)}" height="8" rx="2">'
                 "</rect>")
    anchor = escape(f"e-{fact.id}")
    classes = escape(f"mark modality-{fact.modality}") + (" open" if fact.open_end else "")
    return f'<a href="#{anchor}" class="{classes}" data-entry="{anchor}">{title}{shape}</a>'
