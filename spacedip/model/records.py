"""The records of the log: facts in the past tense, each with a type name and a schema version.

A record type is an attrs class decorated with :func:`record_type`, which gives it a
stable ``TYPE`` name (stored with every record, never the Python class name) and a
``VERSION``. When a record's shape changes, bump ``VERSION`` and register an
upcaster with :func:`upcaster` that turns the previous version's payload into the
new one; old logs are then read as if written today. See ``docs/architecture.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import attrs

from spacedip.errors import UnknownRecordTypeError
from spacedip.model.article import Article
from spacedip.model.dates import Date
from spacedip.model.entities import Actor, Place
from spacedip.model.event import Event, Modality

__all__ = [
    "ArticleAdded",
    "EntriesMerged",
    "EntriesSplit",
    "EventAmended",
    "EventReported",
    "EventRetracted",
    "Payload",
    "Record",
    "record_class",
    "record_type",
    "record_types",
    "upcast",
    "upcaster",
]

Payload = dict[str, Any]
R = TypeVar("R")

_TYPES: dict[str, type[Any]] = {}
_UPCASTERS: dict[tuple[str, int], Callable[[Payload], Payload]] = {}


def record_type(name: str, version: int = 1) -> Callable[[type[R]], type[R]]:
    """Register an attrs class as the record type ``name`` at schema ``version``."""

    def register(cls: type[R]) -> type[R]:
        if name in _TYPES and _TYPES[name] is not cls:
            raise ValueError(f"record type {name!r} is already registered to {_TYPES[name]!r}")
        cls.TYPE = name  # type: ignore[attr-defined]
        cls.VERSION = version  # type: ignore[attr-defined]
        _TYPES[name] = cls
        return cls

    return register


def upcaster(name: str, from_version: int) -> Callable[[Callable[[Payload], Payload]], Callable[[Payload], Payload]]:
    """Register a function turning a ``name`` payload of ``from_version`` into ``from_version + 1``."""

    def register(fn: Callable[[Payload], Payload]) -> Callable[[Payload], Payload]:
        _UPCASTERS[(name, from_version)] = fn
        return fn

    return register


def record_class(name: str) -> type[Any]:
    """The class registered for the record type ``name``.

    Raises:
        UnknownRecordTypeError: for a name no installed spacedip knows.
    """
    try:
        return _TYPES[name]
    except KeyError:
        raise UnknownRecordTypeError(
            f"unknown record type {name!r} (known: {', '.join(sorted(_TYPES))}); "
            "the log was written by a newer spacedip or a plugin that is not installed"
        ) from None


def record_types() -> dict[str, type[Any]]:
    """All registered record types by name."""
    return dict(_TYPES)


def upcast(name: str, version: int, payload: Payload) -> Payload:
    """Bring a stored payload of ``name`` at ``version`` up to the current schema version.

    Raises:
        UnknownRecordTypeError: if the version is newer than this spacedip, or no
            upcaster bridges a gap.
    """
    current: int = record_class(name).VERSION
    if version > current:
        raise UnknownRecordTypeError(
            f"record type {name!r} version {version} is newer than this spacedip knows "
            f"(up to {current}); upgrade spacedip"
        )
    while version < current:
        try:
            step = _UPCASTERS[(name, version)]
        except KeyError:
            raise UnknownRecordTypeError(
                f"no upcaster from {name!r} version {version} to {version + 1}"
            ) from None
        payload = step(payload)
        version += 1
    return payload


class Record:
    """Marker base of record classes (for typing only): each has ``TYPE`` and ``VERSION``."""

    __slots__ = ()
    TYPE: ClassVar[str]
    VERSION: ClassVar[int]

    def identity(self) -> object:
        """What makes two records the same fact; the record id derives from it.

        By default the whole payload: appending an identical record twice changes
        nothing. :class:`ArticleAdded` narrows it to the article id.
        """
        return None


@record_type("article-added", version=2)
@attrs.frozen
class ArticleAdded(Record):
    """An article was added to the log."""

    article: Article

    def identity(self) -> object:
        """The article's content-derived id: the same text added twice is one article."""
        return self.article.id


@upcaster("article-added", 1)
def _article_added_v1_to_v2(payload: Payload) -> Payload:
    """Version 1 stored ``date`` (an ISO day or null) and had no ``language``; version 2
    stores ``published`` as EDTF at its real precision and the article's language."""
    article = dict(payload["article"])
    article["published"] = article.pop("date", None) or Date.UNKNOWN_TEXT
    article.setdefault("language", "fr")
    return {**payload, "article": article}


@record_type("event-reported")
@attrs.frozen
class EventReported(Record):
    """An article was found to report an event (by an extractor or a person)."""

    event: Event


@record_type("event-retracted")
@attrs.frozen
class EventRetracted(Record):
    """A reported event was withdrawn from the timeline."""

    event_id: str
    reason: str
    by: str | None = None


@record_type("event-amended")
@attrs.frozen
class EventAmended(Record):
    """A person corrected fields of a reported event; ``None`` leaves a field as it was."""

    event_id: str
    reason: str
    date: Date | None = None
    kind: str | None = None
    summary: str | None = None
    modality: Modality | None = None
    places: tuple[Place, ...] | None = None
    actors: tuple[Actor, ...] | None = None
    by: str | None = None


@record_type("entries-merged")
@attrs.frozen
class EntriesMerged(Record):
    """A person said these events tell one happening."""

    event_ids: tuple[str, ...]
    reason: str
    by: str | None = None


@record_type("entries-split")
@attrs.frozen
class EntriesSplit(Record):
    """A person said these events tell a happening of their own, apart from the rest."""

    event_ids: tuple[str, ...]
    reason: str
    by: str | None = None
