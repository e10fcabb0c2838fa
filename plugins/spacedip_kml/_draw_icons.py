"""Draws the plugin's icons: a coloured disc with a white ring and a white glyph.

The PNG files in ``icons/`` are this script's output, kept in the package so the
maps need no drawing at export time. Regenerate them with
``python -m spacedip_kml._draw_icons`` after changing a family or a glyph; a test
checks the shipped files still match.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from spacedip_kml._png import Pixel, encode_png
from spacedip_kml.families import FAMILIES, Family

__all__ = ["SIZE", "render_icon", "render_icons"]

SIZE = 64
"""Icons are SIZE x SIZE pixels; Google Earth scales them to its icon size."""

_SUPERSAMPLE = 4
Shape = Callable[[float, float], bool]
"""Is the point (x, y), both in -1..1 with y pointing down, inside the shape?"""


def _segment(x0: float, y0: float, x1: float, y1: float, width: float) -> Shape:
    def inside(x: float, y: float) -> bool:
        dx, dy = x1 - x0, y1 - y0
        t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        return math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) <= width / 2
    return inside


def _disc(cx: float, cy: float, r: float) -> Shape:
    return lambda x, y: math.hypot(x - cx, y - cy) <= r


def _rect(x0: float, y0: float, x1: float, y1: float) -> Shape:
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def _triangle(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> Shape:
    def side(p: tuple[float, float], q: tuple[float, float], x: float, y: float) -> float:
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])

    def inside(x: float, y: float) -> bool:
        s1, s2, s3 = side(a, b, x, y), side(b, c, x, y), side(c, a, x, y)
        return (s1 >= 0 and s2 >= 0 and s3 >= 0) or (s1 <= 0 and s2 <= 0 and s3 <= 0)
    return inside


def _union(*shapes: Shape) -> Shape:
    return lambda x, y: any(shape(x, y) for shape in shapes)


_GLYPHS: dict[str, Shape] = {
    # a rocket: nose cone, body and two fins
    "launch": _union(_triangle((0.0, -0.62), (-0.2, -0.28), (0.2, -0.28)), _rect(-0.2, -0.28, 0.2, 0.34),
                     _triangle((-0.2, 0.0), (-0.42, 0.5), (-0.2, 0.34)),
                     _triangle((0.2, 0.0), (0.42, 0.5), (0.2, 0.34))),
    # two people: heads and shoulders
    "meeting": _union(_disc(-0.27, -0.25, 0.16), _disc(0.27, -0.25, 0.16),
                      lambda x, y: y >= 0.05 and y <= 0.45 and math.hypot(x + 0.27, y - 0.45) <= 0.3,
                      lambda x, y: y >= 0.05 and y <= 0.45 and math.hypot(x - 0.27, y - 0.45) <= 0.3),
    # a video camera: body and lens cone
    "call": _union(_rect(-0.5, -0.26, 0.16, 0.26), _triangle((0.16, 0.0), (0.5, -0.28), (0.5, 0.28))),
    # a tick
    "agreement": _union(_segment(-0.42, 0.02, -0.12, 0.34, 0.2), _segment(-0.12, 0.34, 0.45, -0.34, 0.2)),
    # a speech bubble
    "statement": _union(_rect(-0.48, -0.38, 0.48, 0.18), _triangle((-0.25, 0.1), (-0.3, 0.5), (0.05, 0.1))),
    # a cross
    "failure": _union(_segment(-0.36, -0.36, 0.36, 0.36, 0.2), _segment(-0.36, 0.36, 0.36, -0.36, 0.2)),
    # a dot
    "other": _disc(0.0, 0.0, 0.22),
}

_FILL_RADIUS = 0.84
_RING_RADIUS = 0.97
_OUTLINE = (33, 37, 41)


def _pixel(family: Family, px: int, py: int) -> Pixel:
    glyph = _GLYPHS[family.key]
    fill = ring = outline = mark = 0
    n = _SUPERSAMPLE
    for sy in range(n):
        for sx in range(n):
            x = ((px + (sx + 0.5) / n) / SIZE) * 2 - 1
            y = ((py + (sy + 0.5) / n) / SIZE) * 2 - 1
            r = math.hypot(x, y)
            if r <= _FILL_RADIUS:
                if glyph(x, y):
                    mark += 1
                else:
                    fill += 1
            elif r <= _RING_RADIUS:
                ring += 1
            elif r <= 1.0:
                outline += 1
    total = n * n
    covered = fill + ring + outline + mark
    if not covered:
        return (0, 0, 0, 0)
    weights = ((family.rgb, fill), ((255, 255, 255), ring + mark), (_OUTLINE, outline))
    rgb = tuple(round(sum(c[i] * w for c, w in weights) / covered) for i in range(3))
    return (rgb[0], rgb[1], rgb[2], round(255 * covered / total))


def render_icon(family: Family) -> bytes:
    """The PNG icon of ``family``."""
    return encode_png([[_pixel(family, px, py) for px in range(SIZE)] for py in range(SIZE)])


def render_icons() -> dict[str, bytes]:
    """Every family's icon by file name."""
    return {family.icon: render_icon(family) for family in FAMILIES}


def main() -> None:
    """Write the icons into the package's ``icons/`` folder."""
    folder = Path(__file__).with_name("icons")
    folder.mkdir(exist_ok=True)
    for name, data in render_icons().items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    main()
