"""Content-derived identifiers: the same content always gets the same id."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import orjson

__all__ = ["CanonicalPayload", "canonical_json", "content_id"]


class CanonicalPayload(dict[str, Any]):
    """A JSON object the codec built in canonical form: keys in sorted order at every level, floats finite.

    :func:`spacedip.model.codec.encode_record` returns one for the records it writes most
    (events, articles), so :func:`canonical_json` writes it as it stands, without sorting or
    walking it again. Anything else, including ``dict(payload)``, is checked and sorted.
    """

    __slots__ = ()


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON encoding used for ids and the hash chain.

    Keys sorted, no insignificant white space, non-ASCII kept as UTF-8, floats in their
    shortest round-trip form, written by orjson (several times faster than the standard
    library). Reading it back and writing it again gives the same bytes, which JSON Lines
    round trips rely on (``tests/model/test_ids.py``).

    Raises:
        TypeError: for values JSON cannot hold, lone surrogates, NaN or infinities.
    """
    if type(value) is CanonicalPayload:
        return orjson.dumps(value)
    _check_finite(value)
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


_LEAVES = frozenset((str, int, bool, type(None)))


def _check_finite(value: Any) -> None:
    """orjson writes NaN and infinities as null; the canonical form refuses them instead."""
    pending = [value]
    pop, push = pending.pop, pending.extend
    while pending:
        item = pop()
        kind = type(item)
        if kind is dict or kind is CanonicalPayload:
            push(item.values())
        elif kind is list or kind is tuple:
            push(item)
        elif kind is float:
            if not math.isfinite(item):
                raise TypeError(f"{item!r} has no JSON form")
        elif kind in _LEAVES:
            continue
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise TypeError(f"{item!r} has no JSON form")
        elif isinstance(item, dict):
            push(item.values())
        elif isinstance(item, list | tuple):
            push(item)


def content_id(prefix: str, *parts: Any) -> str:
    """``prefix`` + ``-`` + 20 hex digits of the SHA-256 of the canonical JSON of ``parts``."""
    digest = hashlib.sha256(canonical_json(list(parts))).hexdigest()
    return f"{prefix}-{digest[:20]}"
