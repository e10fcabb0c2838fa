"""Small helpers for documents written piece by piece."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["coalesce", "lines_bytes", "one_final_newline"]


def lines_bytes(lines: Iterable[str]) -> bytes:
    """``lines`` as UTF-8, each followed by a line break."""
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def one_final_newline(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` with the line breaks at their very end replaced by exactly one."""
    held = b""  # the last chunk holding more than line breaks, and any chunks of line breaks after it
    for chunk in chunks:
        if not chunk or (chunk[0] == 0x0A and chunk.count(b"\n") == len(chunk)):
            held += chunk
        else:
            if held:
                yield held
            held = chunk
    yield held.rstrip(b"\n") + b"\n"


def coalesce(chunks: Iterable[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """``chunks`` joined into pieces of about ``size`` bytes (the same bytes in fewer, larger
    pieces: a file written piece by piece takes one write per piece)."""
    held = bytearray()
    for chunk in chunks:
        held += chunk
        if len(held) >= size:
            yield bytes(held)
            held.clear()
    if held:
        yield bytes(held)
