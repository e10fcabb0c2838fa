"""How checkpoint rows hold model objects: JSON by the one cattrs converter, features as columns."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import orjson

from spacedip.model import Date
from spacedip.model.codec import converter
from spacedip.timeline.entry import ArticleInfo, TimelineEntry
from spacedip.timeline.features import Features
from spacedip.timeline.projection import ReportedEvent

__all__ = [
    "SORT_PREFIX",
    "date_of_sort_text",
    "decode_article",
    "decode_entry",
    "decode_state",
    "encode_article",
    "encode_entry",
    "encode_state",
    "feature_columns",
    "features_from_row",
    "sort_text",
]

_date = functools.lru_cache(maxsize=65_536)(Date.parse)


def _dump(value: object) -> bytes:
    return orjson.dumps(converter.unstructure(value), option=orjson.OPT_SORT_KEYS)


def encode_state(state: ReportedEvent) -> bytes:
    """A reported event's state as JSON (the report is left out while no amendment changed it)."""
    data = converter.unstructure(state)
    if state.reported == state.event:
        del data["reported"]
    return orjson.dumps(data)


def decode_state(blob: bytes) -> ReportedEvent:
    """The reported event :func:`encode_state` wrote."""
    data = orjson.loads(blob)
    data.setdefault("reported", data["event"])
    return converter.structure(data, ReportedEvent)


def encode_entry(entry: TimelineEntry) -> tuple[bytes, str]:
    """A timeline entry as JSON, and the digest of that JSON (changes whenever the entry does)."""
    blob = _dump(entry)
    return blob, hashlib.blake2b(blob, digest_size=16).hexdigest()


def decode_entry(blob: bytes) -> TimelineEntry:
    """The entry :func:`encode_entry` wrote."""
    return converter.structure(orjson.loads(blob), TimelineEntry)


def encode_article(info: ArticleInfo) -> bytes:
    """What the timeline shows of an article, as JSON."""
    return _dump(info)


def decode_article(blob: bytes) -> ArticleInfo:
    """The article info :func:`encode_article` wrote."""
    return converter.structure(orjson.loads(blob), ArticleInfo)


def feature_columns(features: Features) -> tuple[str, str, str, str, str]:
    """``(kind, edtf, actors, places, specific)`` column values of ``features``."""
    return (
        features.kind,
        features.date.edtf,
        _ids(features.actors),
        _ids(features.places),
        _ids(features.specific),
    )


def _ids(ids: frozenset[str]) -> str:
    return "\n".join(sorted(ids))


def _id_set(text: str) -> frozenset[str]:
    return frozenset(text.split("\n")) if text else frozenset()


# Equal sets are shared: features kept for a run cost less. Actors and specific places take few
# distinct values; places with what they lie in many, so they get a cache of their own.
_actor_set = functools.lru_cache(maxsize=32_768)(_id_set)
_place_set = functools.lru_cache(maxsize=8_192)(_id_set)


def features_from_row(row: tuple[Any, ...]) -> Features:
    """Features from ``(id, kind, edtf, actors, places, specific)`` column values."""
    event_id, kind, edtf, actors, places, specific = row
    return Features(
        id=event_id, kind=kind, date=_date(edtf), actors=_actor_set(actors), places=_place_set(places),
        specific=_actor_set(specific),
    )


def date_of_sort_text(text: str) -> Date:
    """The date a :func:`sort_text` was made from."""
    return _date(text[SORT_PREFIX:])


SORT_PREFIX = 1 + 10 + 10 + 2
"""Characters of a :func:`sort_text` before the EDTF."""


def sort_text(date: Date) -> str:
    """A text that sorts like :meth:`Date.sort_key` (fixed-width fields, then the EDTF)."""
    known, earliest, latest, rank, edtf = date.sort_key()
    return f"{known}{earliest.isoformat()}{latest.isoformat()}{rank:02d}{edtf}"
