"""Every entry's blocks, one per format, held until the files are written: in memory up to a
budget, then in temporary files.

What the checkpoint keeps for an entry is one :func:`pack`: the entry's facts and its block
in each format of the export, so a warm export reads one row per entry. :class:`Blocks`
keeps the blocks of each pack as it comes (the facts go to the outline) and gives them back by
entry number, in any order. The first packs are held as they came, up to :data:`MEMORY`
bytes (a year of a big log: no temporary file written and read back); the blocks of the packs
after those go to a temporary file per format. Such a file is read a window at a time: the
formats read their blocks in nearly the order they were kept, so most blocks come from the
window already read.
"""

from __future__ import annotations

import os
import struct
import tempfile
from array import array
from collections.abc import Callable, Sequence
from functools import lru_cache
from types import TracebackType
from typing import IO

__all__ = ["MEMORY", "Blocks", "pack"]

MEMORY = 96 << 20
"""Bytes of packs held in memory before the rest are spilled to temporary files. Year 2000 of a
10⁶-event log (30,000 entries) is about 100 MB; holding it saves about 0.16 s of a 0.56 s layout."""

_BUFFER = 1 << 15
"""Bytes gathered before each write to a temporary file, and read at once from it."""

_STRIDE = 64
"""Every how many spilled blocks where a block starts is kept."""


@lru_cache(maxsize=8)
def _header(parts: int) -> struct.Struct:
    """The sizes at the start of a pack of ``parts`` parts (the facts, then each block)."""
    return struct.Struct(f"<{parts}I")


def pack(facts: bytes, blocks: Sequence[bytes]) -> bytes:
    """``facts`` and ``blocks`` as one bytes: their sizes (little-endian 32-bit), then each in turn."""
    return _header(1 + len(blocks)).pack(len(facts), *map(len, blocks)) + facts + b"".join(blocks)


class _Spill:
    """One format's spilled blocks in a temporary file, in the order kept (:meth:`Blocks.add` writes them).

    The file lives as long as this object: a reader (:meth:`Blocks.reader`) keeps it, so the
    blocks stay readable after the :class:`Blocks` is gone.

    Each block's size is kept (4 bytes), and where every :data:`_STRIDE`-th block starts:
    a block starts where the last such mark says plus the sizes of the blocks since.
    """

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115 - closed with this object or by Blocks.close()
            prefix="spacedip-chronology-", buffering=_BUFFER)
        self.sizes = array("I")
        """Spilled block number -> its size."""
        self.marks = array("Q")
        """Where spilled blocks 0, :data:`_STRIDE`, 2 * :data:`_STRIDE`... start."""

    def slot(self, number: int) -> tuple[int, int]:
        """``(start, size)`` of spilled block ``number``."""
        first = number - number % _STRIDE
        return self.marks[number // _STRIDE] + sum(self.sizes[first:number]), self.sizes[number]


class Blocks:
    """The blocks of ``formats`` formats of each entry, by entry number (the order added).

    Args:
        formats: how many blocks each pack holds.
        memory: bytes of packs held in memory before the next ones are spilled (:data:`MEMORY`).
    """

    def __init__(self, formats: int, memory: int = MEMORY) -> None:
        self.formats = formats
        self._header = _header(1 + formats)
        self._memory = memory
        self._held: list[bytes] = []
        """The packs of the first entries, as they came."""
        self._held_bytes = 0
        self._spills: list[_Spill] = []
        """One per format once the first pack over the budget comes (none before)."""
        self._spilled = 0
        self._replaced: dict[int, Sequence[bytes]] = {}
        """Entry number -> the blocks kept again for it (:meth:`replace`; rare)."""
        self._closed = False

    def __enter__(self) -> Blocks:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Let the blocks go now: the temporary files are removed, the packs held are dropped
        (else each goes when the last of this object and the readers of its format is collected)."""
        self._closed = True
        self._held = []
        for spill in self._spills:
            spill.file.close()

    def __len__(self) -> int:
        return len(self._held) + self._spilled

    def flush(self) -> None:
        """Write out what the temporary files still buffer: after this, readers only ``pread``
        them, so a forked process can read them too (nothing buffered is written twice)."""
        for spill in self._spills:
            spill.file.flush()

    def add(self, packed: bytes) -> memoryview:
        """Keep the blocks of a :func:`pack` of as many blocks (see :meth:`whole`) as the next
        entry's; returns the pack's facts."""
        header = self._header
        sizes = header.unpack_from(packed)
        if not self._spills and self._held_bytes + len(packed) <= self._memory:
            packed = bytes(packed)  # as it is if it is bytes already: held, never copied
            self._held.append(packed)
            self._held_bytes += len(packed)
            return memoryview(packed)[header.size:header.size + sizes[0]]
        if not self._spills:
            self._spills = [_Spill() for _ in range(self.formats)]
        view = memoryview(packed)
        if not self._spilled % _STRIDE:
            for spill in self._spills:
                spill.marks.append(spill.file.tell())
        start = header.size + sizes[0]
        for spill, size in zip(self._spills, sizes[1:], strict=True):
            spill.file.write(view[start:start + size])
            spill.sizes.append(size)
            start += size
        self._spilled += 1
        return view[header.size:header.size + sizes[0]]

    def whole(self, data: bytes) -> bool:
        """True if ``data`` is a :func:`pack` of facts and as many blocks, whole."""
        header = self._header
        return len(data) >= header.size and header.size + sum(header.unpack_from(data)) == len(data)

    def replace(self, number: int, blocks: Sequence[bytes]) -> None:
        """Keep ``blocks`` (one per format) as entry ``number``'s instead."""
        self._replaced[number] = list(blocks)

    def reader(self, index: int) -> Callable[[int], bytes]:
        """``block(number)``: entry ``number``'s block in format ``index`` (ask for it once every
        entry is added, and replaced if need be)."""
        self.flush()
        held, replaced, unpack, first = self._held, self._replaced, self._header.unpack_from, self._header.size
        spilled = self._spill_reader(index)
        at = len(held)

        def block(number: int) -> bytes:
            if self._closed:
                raise ValueError("the blocks were closed before they were all read")
            if replaced and number in replaced:
                return replaced[number][index]
            if number >= at:
                return spilled(number - at)
            packed = held[number]
            sizes = unpack(packed)
            start = first + sum(sizes[:index + 1])
            return packed[start:start + sizes[index + 1]]

        return block

    def _spill_reader(self, index: int) -> Callable[[int], bytes]:
        """``block(number)`` of the ``number``-th spilled block of format ``index``."""
        if not self._spills:
            return _nothing_spilled
        spill = self._spills[index]
        fd, slot, sizes = spill.file.fileno(), spill.slot, spill.sizes
        pread = getattr(os, "pread", None) or _seek_read(spill.file)
        window, low = b"", 0  # the bytes read last, from offset low
        after, end = -1, 0  # the block read last, and where the slot of the next one starts

        def block(number: int) -> bytes:
            nonlocal window, low, after, end
            if spill.file.closed:  # its descriptor may be another file's by now
                raise ValueError("the blocks were closed before they were all read")
            if number == after + 1:  # the next slot: no sum of sizes needed
                start, size = end, sizes[number]
            else:
                start, size = slot(number)
            after, end = number, start + size
            offset = start - low
            if offset < 0 or offset + size > len(window):
                window, low, offset = pread(fd, max(size, _BUFFER), start), start, 0
            return window[offset:offset + size]

        return block


def _nothing_spilled(number: int) -> bytes:
    raise IndexError(f"no block {number}: nothing was spilled")


def _seek_read(file: IO[bytes]) -> Callable[[int, int, int], bytes]:
    """``os.pread`` where the system has none (after the blocks are all kept)."""

    def pread(_fd: int, size: int, offset: int) -> bytes:
        file.seek(offset)
        return file.read(size)

    return pread
