"""Small helpers for documents written piece by piece."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["lines_bytes", "one_final_newline"]


def lines_bytes(lines: Iterable[str]) -> bytes:
    """``lines`` as UTF-8, each followed by a line break."""
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def one_final_newline(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` with the line breaks at their very end replaced by exactly one."""
    pending = 0
    for chunk in chunks:
        body = chunk.rstrip(b"\n")
        if body:
            yield b"\n" * pending + body if pending else body
            pending = len(chunk) - len(body)
        else:
            pending += len(chunk)
    yield b"\n"
