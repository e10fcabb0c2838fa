"""Every entry's facts, kept compact: a few bytes per entry instead of a Python object.

A chronology of 10⁶ entries must be laid out without 10⁶ :class:`EntryFacts` in memory.
:class:`FactTable` keeps each field in a typed array, and each string that many entries share
(a kind, a group heading, a ``(place id, name)`` pair...) once, referred to by its index.
``table[n]`` gives back entry ``n``'s :class:`EntryFacts`, made on demand and equal to the
one that was added.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar, overload

import orjson

from ._facts import EntryFacts

__all__ = ["FactTable", "Interned"]

T = TypeVar("T")

_STARTS, _KNOWN, _DAY, _OPEN_END, _EARLIEST, _LATEST = (1 << bit for bit in range(6))
"""Bits of an entry's flags (``_EARLIEST``/``_LATEST``: that day is known)."""


class Interned(Generic[T]):
    """Distinct values, each numbered in the order first seen."""

    def __init__(self) -> None:
        self.values: list[T] = []
        self.numbers: dict[T, int] = {}
        """Value -> its number."""

    def __len__(self) -> int:
        return len(self.values)

    def add(self, value: T) -> int:
        """The number of ``value`` (a new one if not seen yet)."""
        values = self.values
        index = self.numbers.setdefault(value, len(values))
        if index == len(values):
            values.append(value)
        return index


class _Ids:
    """Many short strings in one buffer."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8")
        self._ends.append(len(self._data))

    def __getitem__(self, number: int) -> str:
        start = self._ends[number - 1] if number else 0
        return self._data[start:self._ends[number]].decode("utf-8")


class _Lists:
    """Short lists of interned numbers, one per entry, in two flat arrays."""

    def __init__(self) -> None:
        self._items = array("I")
        self._ends = array("Q")

    def append_pairs(self, pairs: Sequence[Sequence[str]], interned: Interned[tuple[str, str]]) -> None:
        """Append the list of the numbers of ``pairs`` in ``interned`` (numbering the new ones)."""
        items, numbers = self._items, interned.numbers
        for key, name in pairs:
            pair = (key, name)
            number = numbers.get(pair)
            items.append(interned.add(pair) if number is None else number)
        self._ends.append(len(items))

    def __getitem__(self, number: int) -> array[int]:
        start = self._ends[number - 1] if number else 0
        return self._items[start:self._ends[number]]


class FactTable(Sequence[EntryFacts]):
    """Entries' facts in the order added (timeline order), compact (see the module docstring)."""

    def __init__(self) -> None:
        self._ids = _Ids()
        self.modalities: Interned[str] = Interned()
        self.kinds: Interned[str] = Interned()
        self.filings: Interned[tuple[str, str, str | None]] = Interned()
        """``(group, heading, month)`` of the entries."""
        self.places: Interned[tuple[str, str]] = Interned()
        """``(place id, name)`` pairs the entries give."""
        self.actors: Interned[tuple[str, str]] = Interned()
        self._modality = array("B")
        self._kind = array("I")
        self._filing = array("I")
        self._places = _Lists()
        self._actors = _Lists()
        self._flags = array("B")
        self._earliest = array("i")
        self._latest = array("i")

    def __len__(self) -> int:
        return len(self._flags)

    def add(self, fact: EntryFacts) -> None:
        """Keep ``fact`` as the next entry's."""
        self.add_encoded(fact.encode())

    def add_encoded(self, data: bytes | memoryview) -> None:
        """Keep the facts :meth:`EntryFacts.encode` wrote as the next entry's."""
        (entry_id, modality, kind, group, heading, month, places, actors, starts, known, earliest, latest, day,
         open_end) = orjson.loads(data)
        self._ids.append(entry_id)
        number = self.modalities.numbers.get(modality)  # the interned values looked up here: faster
        self._modality.append(self.modalities.add(modality) if number is None else number)
        number = self.kinds.numbers.get(kind)
        self._kind.append(self.kinds.add(kind) if number is None else number)
        filing = (group, heading, month)
        number = self.filings.numbers.get(filing)
        self._filing.append(self.filings.add(filing) if number is None else number)
        self._places.append_pairs(places, self.places)
        self._actors.append_pairs(actors, self.actors)
        flags = (_STARTS if starts else 0) | (_KNOWN if known else 0) | (_DAY if day else 0) | (
            _OPEN_END if open_end else 0)
        if earliest is None:
            self._earliest.append(0)
        else:
            self._earliest.append(earliest)
            flags |= _EARLIEST
        if latest is None:
            self._latest.append(0)
        else:
            self._latest.append(latest)
            flags |= _LATEST
        self._flags.append(flags)

    def entry_id(self, number: int) -> str:
        """Entry ``number``'s id."""
        return self._ids[number]

    def starts(self, number: int) -> bool:
        """:attr:`EntryFacts.starts` of entry ``number``."""
        return bool(self._flags[number] & _STARTS)

    def drawn(self, number: int) -> bool:
        """:attr:`EntryFacts.drawn` of entry ``number`` (its date is known, and its earliest day)."""
        return self._flags[number] & (_KNOWN | _EARLIEST) == _KNOWN | _EARLIEST

    def day(self, number: int) -> bool:
        """:attr:`EntryFacts.day` of entry ``number``."""
        return bool(self._flags[number] & _DAY)

    def days(self, number: int) -> tuple[int | None, int | None, bool]:
        """``(earliest, latest, day)`` of entry ``number`` (see :class:`EntryFacts`), in one call."""
        flags = self._flags[number]
        return (self._earliest[number] if flags & _EARLIEST else None,
                self._latest[number] if flags & _LATEST else None, bool(flags & _DAY))

    def kind(self, number: int) -> int:
        """Entry ``number``'s kind, as an index into :attr:`kinds`."""
        return self._kind[number]

    def filing(self, number: int) -> int:
        """Entry ``number``'s ``(group, heading, month)``, as an index into :attr:`filings`."""
        return self._filing[number]

    def place_pairs(self, number: int) -> array[int]:
        """Entry ``number``'s places, as indexes into :attr:`places`."""
        return self._places[number]

    def actor_pairs(self, number: int) -> array[int]:
        """Entry ``number``'s actors, as indexes into :attr:`actors`."""
        return self._actors[number]

    def how_many(self, flag: str, value: bool = True) -> int:
        """How many entries have ``flag`` (``starts`` or ``earliest``, the earliest day known) as ``value``."""
        bit = {"starts": _STARTS, "earliest": _EARLIEST}[flag]
        return sum(1 for flags in self._flags if bool(flags & bit) is value)

    @overload
    def __getitem__(self, number: int) -> EntryFacts: ...

    @overload
    def __getitem__(self, number: slice) -> Sequence[EntryFacts]: ...

    def __getitem__(self, number: int | slice) -> EntryFacts | Sequence[EntryFacts]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        flags = self._flags[number]
        group, heading, month = self.filings.values[self._filing[number]]
        places, actors = self.places.values, self.actors.values
        return EntryFacts(
            id=self._ids[number],
            modality=self.modalities.values[self._modality[number]],
            kind=self.kinds.values[self._kind[number]],
            group=group,
            heading=heading,
            month=month,
            places=tuple(places[i] for i in self._places[number]),
            actors=tuple(actors[i] for i in self._actors[number]),
            starts=bool(flags & _STARTS),
            known=bool(flags & _KNOWN),
            earliest=self._earliest[number] if flags & _EARLIEST else None,
            latest=self._latest[number] if flags & _LATEST else None,
            day=bool(flags & _DAY),
            open_end=bool(flags & _OPEN_END),
        )

    def __iter__(self) -> Iterator[EntryFacts]:
        for number in range(len(self)):
            yield self[number]
