"""What the timeline shows: one entry per happening, with every source that tells it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import attrs

from spacedip.model import Actor, Date, Modality, Place, Span

__all__ = ["ArticleInfo", "Conflict", "EntryView", "Source", "Timeline", "TimelineEntry"]


@attrs.frozen
class ArticleInfo:
    """What an exporter may show of an article: everything but its text."""

    id: str
    title: str | None
    published: Date
    publisher: str | None
    url: str | None
    language: str
    origin: str | None


@attrs.frozen
class Source:
    """One reported event behind an entry: which article, which words, which date it gave."""

    event_id: str
    article: ArticleInfo
    span: Span
    quote: str
    date: Date
    """The date as this source reports it (before any refinement by other sources)."""
    modality: Modality
    summary: str
    confidence: float


@attrs.frozen
class Conflict:
    """Sources of one entry that disagree on a field; both values are kept."""

    field: str
    """``"date"``, ``"place"``, ``"modality"``..."""
    values: tuple[str, ...]
    event_ids: tuple[str, ...]
    note: str


@attrs.frozen
class TimelineEntry:
    """One happening as the log tells it now, with all its sources."""

    id: str
    """Stable id of the entry (see ``docs/architecture.md`` for how it is derived)."""
    date: Date
    kind: str
    modality: Modality
    summary: str
    places: tuple[Place, ...]
    actors: tuple[Actor, ...]
    sources: tuple[Source, ...]
    first_recorded: dt.datetime
    """When the first of its records was recorded in the log (UTC)."""
    last_modified: dt.datetime
    """When the last record that changed it was recorded (UTC)."""
    position: int
    """The last log position that changed this entry."""
    date_fixed_by: str | None = None
    """Event id of the source whose date is the entry's date, when sources differ in precision."""
    conflicts: tuple[Conflict, ...] = ()
    confidence: float = 1.0


class EntryView(Sequence[TimelineEntry]):
    """Base of the sequences that read timeline entries as they go instead of holding them.

    Subclasses give ``__iter__`` and ``__len__``, and ``_at`` if they can reach one entry
    faster than by walking to it. A view equals any sequence of the same entries in order.
    """

    def _at(self, index: int) -> TimelineEntry:
        for number, entry in enumerate(self):
            if number == index:
                return entry
        raise IndexError("timeline entry index out of range")

    @overload
    def __getitem__(self, index: int) -> TimelineEntry: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[TimelineEntry]: ...

    def __getitem__(self, index: int | slice) -> TimelineEntry | Sequence[TimelineEntry]:
        if isinstance(index, slice):
            return tuple(self)[index]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("timeline entry index out of range")
        return self._at(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]


@attrs.frozen
class Timeline:
    """The state of the log as exporters see it: entries in date order and the articles."""

    entries: Sequence[TimelineEntry]
    """Sorted by :meth:`Date.sort_key`, then id: dated entries first, unknown dates last. A tuple,
    or (from a checkpoint) a sequence that reads entries as it goes: iterate it rather than
    copying it, so a timeline of millions of entries stays out of memory."""
    articles: Mapping[str, ArticleInfo]
    head_position: int
    """The last log position folded in (0 for an empty log)."""
    head_hash: str
    """The hash of that record (empty for an empty log)."""
    updated: dt.datetime | None
    """When that record was recorded, or ``None`` for an empty log."""
    language: str = "fr"
    """The main language of the articles (the most common one)."""
    period: str | None = None
    """Set when this timeline is one period of an export split by period (``spacedip export --per
    year``): ``"2019"``, ``"2019-03"``, ``"undated"`` or ``"open-start"``. Its entries are that
    period's; ``head_position`` is 0, ``head_hash`` empty and ``updated`` ``None``, so that a
    period's files change only when its entries do (the log's head is stated once, in the split's
    ``periods.json``)."""

    def __iter__(self) -> Iterator[TimelineEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)
