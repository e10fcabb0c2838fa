"""Writing one chronology file piece by piece, each entry rendered once and kept until it changes.

Pass 1 reads every entry's facts (:mod:`._facts`) through :class:`Fragments`, which renders
only the entries the log's checkpoint holds no block for (all of them for a timeline held in
memory); the outline (:mod:`._outline`) is made from those facts alone. Pass 2 reads the
blocks in timeline order into a temporary file, and the format puts the file together from
the outline and the blocks, in the order the chronology shows them (a year's own entries
before its months, for instance). Nothing holds every entry, or every block, in memory.

A block depends on its entry, the format and the language only, never on its neighbours: it
is kept under the renderer name :func:`renderer_name`, which :data:`RENDER_VERSION` is part of.
The one thing a block may need from other entries is a place's or an actor's name when
entries name one id differently; such rare blocks are made again (:attr:`Outline.renamed`).
"""

from __future__ import annotations

import hashlib
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import IO

import attrs

from spacedip.export.fragments import Fragments
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.entry import Timeline, TimelineEntry

from ._entry import EntryView, clean, entry_view
from ._facts import EntryFacts
from ._labels import Labels
from ._outline import Outline, generated_text
from ._table import FactTable

__all__ = ["RENDER_VERSION", "Format", "Outlines", "chunks", "in_timeline_order", "renderer_name"]

RENDER_VERSION = 1
"""Bump whenever an entry's block or facts would come out otherwise (labels, layout, escaping):
blocks kept by another version are then not reused."""


@attrs.frozen
class Format:
    """One file format of the chronology."""

    name: str
    """Short name, part of the renderer name (``md``, ``html``, ``txt``, ``json``)."""
    block: Callable[[EntryView, Labels], bytes]
    """An entry's block, from the entry alone."""
    document: Callable[[Outline, Callable[[int], bytes]], Iterator[bytes]]
    """The whole file from the outline and ``block(number)`` (entries numbered in timeline order)."""


def renderer_name(fmt: Format, labels: Labels) -> str:
    """The key blocks are kept under: everything a block depends on besides its entry."""
    return f"chronology/{RENDER_VERSION}/{fmt.name}/{labels.lang}"


def in_timeline_order(timeline: Timeline) -> Timeline:
    """``timeline`` with its entries by date then id.

    A checkpoint's (or filtered) entries already come so and are not read here; a tuple or a
    list built by hand is sorted, in memory since it is there already.
    """
    entries = timeline.entries
    if isinstance(entries, tuple | list):
        return attrs.evolve(timeline, entries=tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.id))))
    return timeline


class _Spill:
    """Blocks kept in a temporary file, read back by number in any order."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="spacedip-chronology-")  # noqa: SIM115 - closed by __exit__
        self._offsets = array("Q")  # block number -> where it starts and how long it is
        self._sizes = array("Q")
        self._end = 0
        self._at_end = True

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._sizes)

    def _write(self, data: bytes) -> int:
        if not self._at_end:
            self._file.seek(self._end)
            self._at_end = True
        self._file.write(data)
        offset = self._end
        self._end += len(data)
        return offset

    def add(self, data: bytes) -> None:
        """Keep the next block."""
        self._offsets.append(self._write(data))
        self._sizes.append(len(data))

    def replace(self, number: int, data: bytes) -> None:
        """Keep ``data`` as block ``number`` instead."""
        self._offsets[number] = self._write(data)
        self._sizes[number] = len(data)

    def read(self, number: int) -> bytes:
        """Block ``number``."""
        offset, size = self._offsets[number], self._sizes[number]
        self._file.seek(offset)
        self._at_end = False
        return self._file.read(size)


def _entries(
    entries: Sequence[TimelineEntry], outline: Outline, numbers: Sequence[int]
) -> Iterator[tuple[int, TimelineEntry]]:
    """Entries ``numbers`` (in timeline order): fetched by id from a checkpoint, else read through once."""
    if isinstance(entries, StoredEntries):
        for number in numbers:
            yield number, entries.get(outline.facts[number].id)
        return
    wanted = set(numbers)
    for number, entry in enumerate(entries):
        if number in wanted:
            yield number, entry


class Outlines:
    """The outline last made from a list of facts, reused when the next file of the same export
    reads the very same facts (the four formats of a folder share them)."""

    def __init__(self) -> None:
        self._key: tuple[str, str, str, bytes] | None = None
        self._outline: Outline | None = None

    def get(self, facts: Iterable[bytes], labels: Labels, title: str, generated: str) -> Outline:
        """The outline of ``facts`` (encoded :class:`EntryFacts`, in timeline order).

        The facts are read once, into a temporary file while they are compared with the last
        outline's; only when they differ are they read back from it (nothing held per entry
        but the outline's compact table).
        """
        digest = hashlib.blake2b(digest_size=32)
        with _Spill() as kept:
            for data in facts:
                digest.update(b"%d:" % len(data))
                digest.update(data)
                kept.add(data)
            key = (labels.lang, title, generated, digest.digest())
            if self._outline is None or key != self._key:
                self._outline = None  # let the old outline go before the new one is made
                table = FactTable()
                for number in range(len(kept)):
                    table.add_encoded(kept.read(number))
                self._outline = Outline.of_table(table, labels, title, generated)
                self._key = key
        return self._outline


def chunks(timeline: Timeline, fmt: Format, labels: Labels, title: str | None,
           outlines: Outlines | None = None) -> Iterator[bytes]:
    """The bytes of one chronology file, piece by piece (see the module docstring).

    ``outlines`` lets the files of one export share the work of laying the chronology out.
    """
    timeline = in_timeline_order(timeline)

    def render(entry: TimelineEntry) -> tuple[bytes, bytes]:
        view = entry_view(entry, labels)
        return EntryFacts.of(entry, view, labels).encode(), fmt.block(view, labels)

    with Fragments(timeline, renderer_name(fmt, labels), render) as fragments, _Spill() as spill:
        outline = (outlines or Outlines()).get(fragments.facts(), labels, clean(title) or labels["title"],
                                               generated_text(timeline, labels))
        for data in fragments.data():
            spill.add(data)
        if len(spill) != outline.total:
            raise RuntimeError(f"chronology: {outline.total} entries' facts but {len(spill)} blocks")
        renamed = outline.renamed
        if renamed:
            places, actors = outline.place_names(), outline.actor_names()
            for number, entry in _entries(timeline.entries, outline, renamed):
                spill.replace(number, fmt.block(entry_view(entry, labels, places, actors), labels))
        yield from fmt.document(outline, spill.read)
