"""The visual timeline of the HTML page: an inline SVG years axis with one mark per entry.

A day is a dot; anything coarser (a month, a year, an interval) is a bar over the days it
can mean (at least a few pixels wide), so the drawing shows precision as honestly as the
text. What did not (yet) happen is drawn hollow. Marks that would
overlap go to the next lane. Entries with no start date are not drawn.

The drawing is laid out from the entries' facts (:mod:`._facts`); only the start of each
mark (its link and its ``<title>``, the entry's date and summary) comes from its block.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from collections.abc import Callable, Iterator

from ._entry import EntryView
from ._facts import open_end
from ._markup import element, escape, start_tag
from ._outline import Outline

__all__ = ["mark_start", "render_svg"]

_WIDTH = 1000.0
_MARGIN = 30.0
_AXIS_Y = 34.0
_LANE_TOP = 56.0
_LANE_HEIGHT = 18.0
_GAP = 4.0
_MIN_BAR = 12.0
_MAX_LABELS = 16
_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


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
        tree, size = self._tree, self._size
        if tree[1] + _GAP <= lo:
            node = 1
            while node < size:
                node <<= 1  # the left child, unless no lane under it fits
                if not tree[node] + _GAP <= lo:
                    node += 1
            lane = node - size
        else:
            lane = self.count
            self.count += 1
            if lane == size:
                self._grow()
                tree, size = self._tree, self._size
        node = lane + size
        tree[node] = hi
        node >>= 1
        while node:  # the minimums above the lane
            left, right = tree[2 * node], tree[2 * node + 1]
            smallest = left if left <= right else right
            if tree[node] == smallest:  # so are all the minimums above it
                break
            tree[node] = smallest
            node >>= 1
        return lane

    def _grow(self) -> None:
        leaves = self._tree[self._size:]
        self._size *= 2
        self._tree = [math.inf] * (2 * self._size)
        self._tree[self._size:self._size + len(leaves)] = leaves
        for node in range(self._size - 1, 0, -1):
            self._tree[node] = min(self._tree[2 * node], self._tree[2 * node + 1])


def _n(value: float) -> str:
    return f"{value:.1f}"


def mark_start(entry: EntryView) -> str:
    """The start of an entry's mark, kept in its block: the link to the entry (with the
    classes its modality and an open end give it) and the tooltip, its date and summary;
    :func:`render_svg` adds the shape where the mark is drawn."""
    anchor = escape(entry.anchor)
    classes = escape(f"mark modality-{entry.modality}") + (" open" if open_end(entry.date) else "")
    title = element("title", None, f"{entry.date_text} — {entry.summary}")
    return f'<a href="#{anchor}" class="{classes}" data-entry="{anchor}">{title}'


def _year(ordinal: int) -> int:
    return dt.date.fromordinal(ordinal).year


def render_svg(outline: Outline, title_id: str, mark: Callable[[int], str]) -> Iterator[str]:
    """The ``<svg>`` element piece by piece, or nothing when no entry has a date to draw.

    Args:
        outline: what to draw.
        title_id: id of the element naming the drawing (for ``aria-labelledby``).
        mark: the start of entry number ``n``'s mark (see :func:`mark_start`).
    """
    table = outline.facts
    drawn, days = table.drawn, table.days
    drawable = array("I", (n for n in outline.order() if drawn(n)))
    first_day = last_day = None  # the years drawn are those of the first and the last day an entry can mean
    for number in drawable:
        earliest, latest, _ = days(number)
        assert earliest is not None  # as for every entry drawn
        low = high = earliest
        if latest is not None:
            low, high = min(low, latest), max(high, latest)
        first_day = low if first_day is None else min(first_day, low)
        last_day = high if last_day is None else max(last_day, high)
    if first_day is None or last_day is None:
        return
    first_year, last_year = _year(first_day), _year(last_day)
    start = dt.date(first_year, 1, 1).toordinal()
    end = (dt.date(last_year, 12, 31) + dt.timedelta(days=1)).toordinal()
    span, width = end - start, _WIDTH - 2 * _MARGIN

    def x_of(day: int) -> float:
        return _MARGIN + (day - start) / span * width

    lanes = _Lanes()
    place = lanes.place
    left, right, lane_of = array("d"), array("d"), array("I")  # each drawn entry's mark, compact
    x_end = x_of(end)
    for number in drawable:
        earliest, latest, day = days(number)
        assert earliest is not None
        x0 = _MARGIN + (earliest - start) / span * width
        x1 = _MARGIN + (latest + 1 - start) / span * width if latest is not None else x_end
        if day:
            lane = place(x0 - 6.0, x0 + 6.0)
        else:
            if x1 - x0 < _MIN_BAR:
                x1 = x0 + _MIN_BAR
            lane = place(x0, x1)
        left.append(x0)
        right.append(x1)
        lane_of.append(lane)
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
    is_day = table.day
    for i, number in enumerate(drawable):
        x0, y = left[i], _LANE_TOP + lane_of[i] * _LANE_HEIGHT
        if is_day(number):
            shape = f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="5"></circle>'
        else:
            shape = f'<rect x="{x0:.1f}" y="{y - 4:.1f}" width="{right[i] - x0:.1f}" height="8" rx="2"></rect>'
        yield f"{mark(number)}{shape}</a>"  # written by hand as element() would, for speed
    yield "</svg>"
