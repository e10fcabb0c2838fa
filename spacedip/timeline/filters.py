"""The filters every exporter and ``spacedip events`` share."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from spacedip.model import Date, Event, Modality
from spacedip.model.text import fold
from spacedip.timeline.entry import EntryView, Timeline, TimelineEntry

__all__ = ["FilteredEntries", "TimelineFilter"]


@attrs.frozen
class TimelineFilter:
    """Which entries to keep. Every condition given must hold; ``None`` means any.

    ``start``/``end`` keep entries that may fall within them (a month overlapping the
    range is kept); entries of unknown date are dropped when either is given. ``place``
    and ``actor`` match an id exactly or a name/alias ignoring case and accents;
    ``kind`` and ``modality`` match exactly.
    """

    start: Date | None = None
    end: Date | None = None
    place: str | None = None
    actor: str | None = None
    kind: str | None = None
    modality: Modality | None = None

    def matches(self, entry: TimelineEntry | Event) -> bool:
        """True if a timeline entry (or a reported event) passes every condition."""
        date = entry.date
        if self.start is not None or self.end is not None:
            if not date.is_known:
                return False
            lo = self.start.earliest if self.start is not None else None
            hi = self.end.latest if self.end is not None else None
            if lo is not None and date.latest is not None and date.latest < lo:
                return False
            if hi is not None and date.earliest is not None and date.earliest > hi:
                return False
        if self.kind is not None and entry.kind != self.kind:
            return False
        if self.modality is not None and entry.modality is not self.modality:
            return False
        if self.place is not None and not _named(self.place, entry.places):
            return False
        return not (self.actor is not None and not _named(self.actor, entry.actors))

    def apply(self, timeline: Timeline) -> Timeline:
        """A timeline holding only the entries that match."""
        if self == TimelineFilter():
            return timeline
        return attrs.evolve(timeline, entries=FilteredEntries(timeline.entries, self))


class FilteredEntries(EntryView):
    """The entries of a sequence that pass a filter, found as they are read (nothing copied)."""

    def __init__(self, entries: Sequence[TimelineEntry], keep: TimelineFilter) -> None:
        self._entries = entries
        self._keep = keep
        self._count: int | None = None

    def __iter__(self) -> Iterator[TimelineEntry]:
        return (entry for entry in self._entries if self._keep.matches(entry))

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count


def _named(wanted: str, things: tuple[object, ...]) -> bool:
    key = fold(wanted)
    for thing in things:
        if getattr(thing, "id", None) == wanted:
            return True
        names = (getattr(thing, "name", ""), *getattr(thing, "aliases", ()))
        if any(fold(n) == key for n in names):
            return True
    return False
