"""Content-derived identifiers: the same content always gets the same id."""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["canonical_json", "content_id"]


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 JSON encoding used for ids and the hash chain.

    Keys sorted, no insignificant white space, non-ASCII kept as UTF-8, no NaN.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_id(prefix: str, *parts: Any) -> str:
    """``prefix`` + ``-`` + 20 hex digits of the SHA-256 of the canonical JSON of ``parts``."""
    digest = hashlib.sha256(canonical_json(list(parts))).hexdigest()
    return f"{prefix}-{digest[:20]}"
