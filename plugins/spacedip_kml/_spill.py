"""Pieces of text sorted into numbered buckets, kept in a temporary file, read back bucket by bucket.

A map lists its placemarks folder by folder, but entries come in date order: each
placemark goes into its folder's bucket as it is made, and the map is written by
reading the buckets in folder order. Only a small buffer per bucket stays in memory;
the rest is written to one temporary file in chunks, so memory does not grow with the
number of placemarks (the index is one pair of numbers per chunk of up to 64 KiB).
Chunks are compressed (zlib, fastest level: KML shrinks about sixfold), so the file
stays small even where the temporary folder is in memory (tmpfs).
"""

from __future__ import annotations

import tempfile
import zlib
from array import array
from collections.abc import Iterator
from typing import IO

__all__ = ["Buckets"]

_BUFFER_BUDGET = 2 << 20
"""Bytes held in memory over all buckets, at most (beyond one piece per bucket)."""
_MIN_CHUNK = 4 << 10
_MAX_CHUNK = 64 << 10


class Buckets:
    """Bytes appended to numbered buckets; each bucket reads back in the order it was filled."""

    def __init__(self, count: int) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="spacedip-kml-")  # noqa: SIM115 - closed by close()
        self._chunks = [array("q") for _ in range(count)]
        """Per bucket: offset and length of each chunk written, one after the other."""
        self._buffers: list[list[bytes]] = [[] for _ in range(count)]
        self._buffered = [0] * count
        self.sizes = [0] * count
        """Bytes in each bucket."""
        self._limit = max(_MIN_CHUNK, min(_MAX_CHUNK, _BUFFER_BUDGET // max(count, 1)))

    def add(self, bucket: int, data: bytes) -> None:
        """Append ``data`` to ``bucket``."""
        self._buffers[bucket].append(data)
        self._buffered[bucket] += len(data)
        self.sizes[bucket] += len(data)
        if self._buffered[bucket] >= self._limit:
            self._flush(bucket)

    def _flush(self, bucket: int) -> None:
        data = zlib.compress(b"".join(self._buffers[bucket]), 1)
        self._file.seek(0, 2)
        self._chunks[bucket].extend((self._file.tell(), len(data)))
        self._file.write(data)
        self._buffers[bucket].clear()
        self._buffered[bucket] = 0

    def read(self, bucket: int) -> Iterator[bytes]:
        """The bytes of ``bucket``, in chunks, in the order they were added."""
        chunks = self._chunks[bucket]
        for offset, size in zip(chunks[::2], chunks[1::2], strict=True):
            self._file.seek(offset)
            yield zlib.decompress(self._file.read(size))
        if self._buffers[bucket]:
            yield b"".join(self._buffers[bucket])

    def close(self) -> None:
        """Remove the temporary file."""
        self._file.close()
