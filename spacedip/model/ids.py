"""Content-derived identifiers: the same content always gets the same id."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import orjson

__all__ = ["canonical_json", "content_id"]


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON encoding used for ids and the hash chain.

    Keys sorted, no insignificant white space, non-ASCII kept as UTF-8, floats in their
    shortest round-trip form, written by orjson (several times faster than the standard
    library). Reading it back and writing it again gives the same bytes, which JSON Lines
    round trips rely on (``tests/model/test_ids.py``).

    Raises:
        TypeError: for values JSON cannot hold, lone surrogates, NaN or infinities.
    """
    _check_finite(value)
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _check_finite(value: Any) -> None:
    """orjson writes NaN and infinities as null; the canonical form refuses them instead."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"{value!r} has no JSON form")
    elif isinstance(value, dict):
        for item in value.values():
            _check_finite(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_finite(item)


def content_id(prefix: str, *parts: Any) -> str:
    """``prefix`` + ``-`` + 20 hex digits of the SHA-256 of the canonical JSON of ``parts``."""
    digest = hashlib.sha256(canonical_json(list(parts))).hexdigest()
    return f"{prefix}-{digest[:20]}"
