"""A small progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["progress"]

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int, label: str, enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items`` while drawing ``label [#####     ] n/total`` on stderr."""
    show = sys.stderr.isatty() if enabled is None else enabled
    start = time.monotonic()
    drawn = 0.0
    for done, item in enumerate(items, start=1):
        yield item
        if show and (done == total or time.monotonic() - drawn >= 0.1):  # at most ten redraws a second
            drawn = time.monotonic()
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - start, 1e-9)
            sys.stderr.write(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total} {rate:5.1f}/s")
            sys.stderr.flush()
    if show:
        sys.stderr.write("\n")
