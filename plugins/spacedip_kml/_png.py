"""A tiny PNG writer (RGBA, 8 bits a channel) using only zlib and struct.

It is all the plugin needs to draw its own icons: no image library, and the same
pixels always give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

__all__ = ["Pixel", "encode_png"]

Pixel = tuple[int, int, int, int]
"""Red, green, blue, alpha, each 0-255."""

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_png(rows: Sequence[Sequence[Pixel]]) -> bytes:
    """Encode ``rows`` (top to bottom, each a row of equal length) as a PNG file.

    Raises:
        ValueError: if the image is empty or its rows differ in length.
    """
    height = len(rows)
    width = len(rows[0]) if rows else 0
    if not width or any(len(row) != width for row in rows):
        raise ValueError("a PNG needs at least one pixel and rows of equal length")
    raw = bytearray()
    for row in rows:
        raw.append(0)  # filter type None: simple and deterministic
        for pixel in row:
            raw.extend(pixel)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    image = zlib.compress(bytes(raw), 9)
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", image) + _chunk(b"IEND", b"")
