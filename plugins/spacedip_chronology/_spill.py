"""Every entry's blocks, one per format, waiting in temporary files until the files are written.

What the checkpoint keeps for an entry is one :func:`pack`: the entry's facts and its block
in each format of the export, so a warm export reads one row per entry. :class:`Blocks`
keeps the blocks of each pack as it comes (the facts go to the outline), each format's in a
temporary file of its own, and gives them back by entry number, in any order. A file is
read a window at a time: the formats read their blocks in nearly the order they were kept,
so most blocks come from the window already read.
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

__all__ = ["Blocks", "pack"]

_BUFFER = 1 << 15
"""Bytes gathered before each write to a temporary file, and read at once from it."""

_STRIDE = 64
"""Every how many blocks where a block starts is kept."""


@lru_cache(maxsize=8)
def _header(parts: int) -> struct.Struct:
    """The sizes at the start of a pack of ``parts`` parts (the facts, then each block)."""
    return struct.Struct(f"<{parts}I")


def pack(facts: bytes, blocks: Sequence[bytes]) -> bytes:
    """``facts`` and ``blocks`` as one bytes: their sizes (little-endian 32-bit), then each in turn."""
    return _header(1 + len(blocks)).pack(len(facts), *map(len, blocks)) + facts + b"".join(blocks)


class _Spill:
    """One format's blocks in a temporary file, in the order kept (:meth:`Blocks.add` writes them).

    The file lives as long as this object: a reader (:meth:`Blocks.reader`) keeps it, so the
    blocks stay readable after the :class:`Blocks` is gone.

    Each block's size is kept (4 bytes), and where every :data:`_STRIDE`-th block starts:
    a block starts where the last such mark says plus the sizes of the blocks since.
    """

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115 - closed with this object or by Blocks.close()
            prefix="spacedip-chronology-", buffering=_BUFFER)
        self.sizes = array("I")
        """Entry number -> the size of its block."""
        self.marks = array("Q")
        """Where blocks 0, :data:`_STRIDE`, 2 * :data:`_STRIDE`... start."""
        self.moved: dict[int, tuple[int, int]] = {}
        """Entry number -> ``(start, size)`` of a block kept again (:meth:`Blocks.replace`); its
        first size stays in :attr:`sizes`, where the blocks after it are found from."""

    def move(self, number: int, block: bytes) -> None:
        """Keep ``block`` as entry ``number``'s instead, at the end of the file."""
        end = self.file.seek(0, os.SEEK_END)
        self.moved[number] = (end, len(block))
        self.file.write(block)

    def slot(self, number: int) -> tuple[int, int]:
        """``(start, size)`` of block ``number`` as first kept (see :attr:`moved` for where it is now)."""
        first = number - number % _STRIDE
        return self.marks[number // _STRIDE] + sum(self.sizes[first:number]), self.sizes[number]


class Blocks:
    """The blocks of ``formats`` formats of each entry, by entry number (the order added)."""

    def __init__(self, formats: int) -> None:
        self.formats = formats
        self._header = _header(1 + formats)
        self._spills = [_Spill() for _ in range(formats)]
        self._writes = [spill.file.write for spill in self._spills]
        self._keeps = [spill.sizes.append for spill in self._spills]

    def __enter__(self) -> Blocks:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary files now (else each goes when the last of this object and the
        readers of its format is collected)."""
        for spill in self._spills:
            spill.file.close()

    def __len__(self) -> int:
        return len(self._spills[0].sizes)

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
        view = memoryview(packed)
        if not len(self._spills[0].sizes) % _STRIDE:
            for spill in self._spills:
                spill.marks.append(spill.file.tell())
        start = header.size + sizes[0]
        for write, keep, size in zip(self._writes, self._keeps, sizes[1:], strict=True):
            write(view[start:start + size])
            keep(size)
            start += size
        return view[header.size:header.size + sizes[0]]

    def whole(self, data: bytes) -> bool:
        """True if ``data`` is a :func:`pack` of facts and as many blocks, whole."""
        header = self._header
        return len(data) >= header.size and header.size + sum(header.unpack_from(data)) == len(data)

    def replace(self, number: int, blocks: Sequence[bytes]) -> None:
        """Keep ``blocks`` (one per format) as entry ``number``'s instead."""
        for spill, block in zip(self._spills, blocks, strict=True):
            spill.move(number, block)

    def reader(self, index: int) -> Callable[[int], bytes]:
        """``block(number)``: entry ``number``'s block in format ``index`` (ask for it once every
        entry is added, and replaced if need be)."""
        spill = self._spills[index]
        spill.file.flush()
        fd, slot, sizes, moved = spill.file.fileno(), spill.slot, spill.sizes, spill.moved
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
            if moved and number in moved:
                start, size = moved[number]
            offset = start - low
            if offset < 0 or offset + size > len(window):
                window, low, offset = pread(fd, max(size, _BUFFER), start), start, 0
            return window[offset:offset + size]

        return block


def _seek_read(file: IO[bytes]) -> Callable[[int, int, int], bytes]:
    """``os.pread`` where the system has none (after the blocks are all kept)."""

    def pread(_fd: int, size: int, offset: int) -> bytes:
        file.seek(offset)
        return file.read(size)

    return pread
