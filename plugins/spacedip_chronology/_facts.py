"""What the chronology needs to know of each entry besides its block: the small facts the
headings, counts, filters and visual timeline are made of.

They are computed when the entry is rendered and kept with its block, so a warm export
lays the page out without decoding a single entry (see :mod:`._stream`).
"""

from __future__ import annotations

import datetime as dt

import attrs
import orjson

from spacedip.model import Date, Precision
from spacedip.timeline.entry import TimelineEntry

from ._entry import EntryView, filing
from ._labels import Labels

__all__ = ["EntryFacts", "open_end"]


@attrs.frozen
class EntryFacts:
    """One entry's facts (see the module docstring)."""

    id: str
    modality: str
    """The modality's value (``happened``, ``planned``...)."""
    kind: str
    group: str
    """The key of the group the entry is shown under (see :func:`._entry.filing`)."""
    heading: str
    """That group's heading."""
    month: str | None
    """``YYYY-MM`` for an entry shown under a month."""
    places: tuple[tuple[str, str], ...]
    """``(place id, the entry's name for it)``, each id once, in the entry's order."""
    actors: tuple[tuple[str, str], ...]
    """The same for actors."""
    starts: bool
    """True if the date has a start TimelineJS can show (not unknown, not open at the start)."""
    known: bool
    """True if the date is known."""
    earliest: int | None
    """Proleptic ordinal of the earliest day the date can mean, if any."""
    latest: int | None
    """The same for the latest day."""
    day: bool
    """True for a date at day precision."""
    open_end: bool
    """True for an interval whose end is unknown or open."""

    @classmethod
    def of(cls, entry: TimelineEntry, view: EntryView, labels: Labels) -> EntryFacts:
        """The facts of ``entry`` in the language of ``labels``; ``view`` is its own
        :func:`._entry.entry_view` (its places and actors with the entry's names)."""
        date = entry.date
        filed = filing(date, labels)
        return cls(
            id=entry.id,
            modality=entry.modality.value,
            kind=entry.kind,
            group=filed.group,
            heading=filed.heading,
            month=filed.month,
            places=tuple((p.key, p.name) for p in view.places),
            actors=tuple((a.key, a.name) for a in view.actors),
            starts=date.is_known and not (date.is_interval and date.parts[0] is None),
            known=date.is_known,
            earliest=_ordinal(date.earliest),
            latest=_ordinal(date.latest),
            day=date.precision is Precision.DAY,
            open_end=open_end(date),
        )

    @property
    def drawn(self) -> bool:
        """True if the visual timeline draws the entry."""
        return self.known and self.earliest is not None

    def encode(self) -> bytes:
        """The facts as compact bytes (what the checkpoint keeps)."""
        return orjson.dumps([getattr(self, name) for name in _FIELDS])

    @classmethod
    def decode(cls, data: bytes) -> EntryFacts:
        """Facts from :meth:`encode`'s bytes."""
        row = orjson.loads(data)
        row[6] = tuple(map(tuple, row[6]))  # places
        row[7] = tuple(map(tuple, row[7]))  # actors
        return cls(*row)


_FIELDS = tuple(field.name for field in attrs.fields(EntryFacts))
"""The order :meth:`EntryFacts.encode` writes the fields in (and ``decode`` reads them)."""


def _ordinal(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def open_end(date: Date) -> bool:
    """True for an interval whose end is unknown or open."""
    return date.is_interval and date.edtf.partition("/")[2] in ("", "..")
