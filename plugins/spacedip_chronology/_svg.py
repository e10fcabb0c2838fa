"""The visual timeline of the HTML page: an inline SVG years axis with one mark per entry.

A day is a dot; anything coarser (a month, a year, an interval) is a bar over the days it
can mean (at least a few pixels wide), so the drawing shows precision as honestly as the
text. What did not (yet) happen is drawn hollow. Marks that would
overlap go to the next lane. Entries with no start date are not drawn.
"""

from __future__ import annotations

import datetime as dt

import attrs

from spacedip.model import Precision

from ._markup import Markup, element, join
from ._view import Chronology, EntryView

__all__ = ["render_svg"]

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
    entry: EntryView
    x0: float
    x1: float
    dot: bool
    open_end: bool


def _n(value: float) -> str:
    return f"{value:.1f}"


def _span(entries: tuple[EntryView, ...]) -> tuple[int, int] | None:
    years = [
        d.year for e in entries if e.date.is_known for d in (e.date.earliest, e.date.latest) if d is not None
    ]
    return (min(years), max(years)) if years else None


def render_svg(chronology: Chronology, title_id: str) -> Markup:
    """The ``<svg>`` element, or empty markup when no entry has a date to draw.

    Args:
        chronology: what to draw.
        title_id: id of the element naming the drawing (for ``aria-labelledby``).
    """
    drawable = tuple(e for e in chronology.entries if e.date.is_known and e.date.earliest is not None)
    span = _span(drawable)
    if span is None:
        return Markup("")
    first_year, last_year = span
    start = dt.date(first_year, 1, 1).toordinal()
    end = (dt.date(last_year, 12, 31) + dt.timedelta(days=1)).toordinal()

    def x_of(day: int) -> float:
        return _MARGIN + (day - start) / (end - start) * (_WIDTH - 2 * _MARGIN)

    marks = []
    for entry in drawable:
        date = entry.date
        assert date.earliest is not None
        x0 = x_of(date.earliest.toordinal())
        x1 = x_of((date.latest + dt.timedelta(days=1)).toordinal()) if date.latest else x_of(end)
        dot = date.precision is Precision.DAY
        if not dot and x1 - x0 < _MIN_BAR:
            x1 = x0 + _MIN_BAR
        right = date.edtf.partition("/")[2]
        marks.append(_Mark(entry, x0, x1, dot, date.is_interval and right in ("", "..")))

    lanes: list[float] = []
    placed: list[tuple[_Mark, int]] = []
    for mark in marks:
        lo = mark.x0 - (6.0 if mark.dot else 0.0)
        hi = mark.x0 + 6.0 if mark.dot else mark.x1
        lane = next((i for i, right_edge in enumerate(lanes) if right_edge + _GAP <= lo), len(lanes))
        if lane == len(lanes):
            lanes.append(hi)
        else:
            lanes[lane] = hi
        placed.append((mark, lane))
    height = _LANE_TOP + len(lanes) * _LANE_HEIGHT + 10.0

    years = last_year - first_year + 1
    step = next((s for s in _STEPS if years / s <= _MAX_LABELS), _STEPS[-1])
    axis = [element("line", {"class": "axis", "x1": _n(_MARGIN), "y1": _n(_AXIS_Y),
                             "x2": _n(_WIDTH - _MARGIN), "y2": _n(_AXIS_Y)})]
    for year in range(first_year, last_year + 2):
        x = x_of(dt.date(year, 1, 1).toordinal()) if year <= last_year else x_of(end)
        labelled = year % step == 0
        axis.append(element("line", {"class": "tick major" if labelled else "tick", "x1": _n(x),
                                     "y1": _n(_AXIS_Y - (6 if labelled else 3)), "x2": _n(x),
                                     "y2": _n(_AXIS_Y + (6 if labelled else 3))}))
        if labelled and year <= last_year:
            mid = x_of(dt.date(year, 7, 2).toordinal()) if step == 1 else x
            axis.append(element("text", {"class": "year", "x": _n(mid), "y": _n(_AXIS_Y - 12),
                                         "text-anchor": "middle"}, str(year)))

    shapes = []
    for mark, lane in placed:
        y = _LANE_TOP + lane * _LANE_HEIGHT
        entry = mark.entry
        label = f"{entry.date_text} — {entry.summary}"
        if mark.dot:
            shape = element("circle", {"cx": _n(mark.x0), "cy": _n(y), "r": "5"})
        else:
            shape = element("rect", {"x": _n(mark.x0), "y": _n(y - 4), "width": _n(mark.x1 - mark.x0),
                                     "height": "8", "rx": "2"})
        classes = f"mark modality-{entry.modality}" + (" open" if mark.open_end else "")
        shapes.append(element("a", {"href": f"#{entry.anchor}", "class": classes, "data-entry": entry.anchor},
                              element("title", None, label), shape))

    return element(
        "svg",
        {"class": "timeline", "viewBox": f"0 0 {_n(_WIDTH)} {_n(height)}", "role": "group",
         "aria-labelledby": title_id, "xmlns": "http://www.w3.org/2000/svg"},
        join(axis), join(shapes),
    )
