"""Writing the chronology's files piece by piece, each entry rendered once and kept until it changes.

One pass reads every entry through :class:`Fragments`, which renders only the entries the
log's checkpoint holds nothing for (all of them for a timeline held in memory): an entry is
rendered once for all the formats of the export, into one :func:`._spill.pack` of its facts
(:mod:`._facts`) and its block in each format. The facts go to a compact table the outline
(:mod:`._outline`) is made from; the blocks wait in memory up to a budget, then in temporary
files (:class:`._spill.Blocks`).
Each format then puts its file together from the outline and the blocks, in the order the
chronology shows them (a year's own entries before its months, for instance). Nothing holds
every entry, or more blocks than the budget, in memory; the files of one export share that one pass.

A block depends on its entry, the format and the language only, never on its neighbours: it
is kept under the renderer name :func:`renderer_name`, which :data:`RENDER_VERSION` and the
formats of the export are part of. The one thing a block may need from other entries is a
place's or an actor's name when entries name one id differently; such rare blocks are made
again (:attr:`Outline.renamed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import attrs

from spacedip.export.fragments import Fragments
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.entry import Timeline, TimelineEntry

from ._chunks import coalesce
from ._entry import EntryView, clean, entry_view
from ._facts import EntryFacts
from ._labels import Labels
from ._outline import Outline, generated_text
from ._spill import Blocks, pack
from ._table import FactTable

__all__ = ["RENDER_VERSION", "Chronology", "Format", "in_timeline_order", "renderer_name"]

RENDER_VERSION = 2
"""Bump whenever an entry's block or facts would come out otherwise (labels, layout, escaping,
how they are packed): blocks kept by another version are then not reused."""


@attrs.frozen
class Format:
    """One file format of the chronology."""

    name: str
    """Short name, part of the renderer name (``md``, ``html``, ``txt``, ``json``)."""
    block: Callable[[EntryView, Labels], bytes]
    """An entry's block, from the entry alone."""
    document: Callable[[Outline, Callable[[int], bytes]], Iterator[bytes]]
    """The whole file from the outline and ``block(number)`` (entries numbered in timeline order)."""


def renderer_name(formats: Sequence[Format], labels: Labels) -> str:
    """The key blocks are kept under: everything a block depends on besides its entry (the
    formats packed together, in their order)."""
    return f"chronology/{RENDER_VERSION}/{'+'.join(fmt.name for fmt in formats)}/{labels.lang}"


def in_timeline_order(timeline: Timeline) -> Timeline:
    """``timeline`` with its entries by date then id.

    A checkpoint's (or filtered) entries already come so and are not read here; a tuple or a
    list built by hand is sorted, in memory since it is there already.
    """
    entries = timeline.entries
    if isinstance(entries, tuple | list):
        return attrs.evolve(timeline, entries=tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.id))))
    return timeline


def _entries(entries: Sequence[TimelineEntry], table: FactTable, numbers: Sequence[int]
             ) -> Iterator[tuple[int, TimelineEntry]]:
    """Entries ``numbers`` (in timeline order): fetched by id from a checkpoint, else read through once."""
    if isinstance(entries, StoredEntries):
        for number in numbers:
            yield number, entries.get(table.entry_id(number))
        return
    wanted = set(numbers)
    for number, entry in enumerate(entries):
        if number in wanted:
            yield number, entry


@attrs.frozen
class _Laid:
    outline: Outline
    blocks: Blocks


class Chronology:
    """The files of one export: laid out once, when the first of them is read, then each
    written from the same outline and blocks (so the files agree, and a file can be read again).

    Args:
        timeline: the entries to show.
        formats: the formats of the export's files.
        labels: the language.
        title: the title given, if any.
    """

    def __init__(self, timeline: Timeline, formats: Sequence[Format], labels: Labels, title: str | None) -> None:
        self.timeline = in_timeline_order(timeline)
        self.formats = tuple(formats)
        self.labels = labels
        self.title = clean(title) or labels["title"]
        self._laid: _Laid | None = None

    def prepare(self) -> None:
        """Lay the files out now (once): then each file's chunks read only the outline, held in
        memory, and the blocks, with ``os.pread``, so they can be read in a forked process
        (see :class:`~spacedip.export.base.Stream`)."""
        self._lay_out()

    def chunks(self, fmt: Format) -> Iterator[bytes]:
        """The bytes of the file of format ``fmt``, piece by piece."""
        laid = self._lay_out()
        return coalesce(fmt.document(laid.outline, laid.blocks.reader(self.formats.index(fmt))))

    def _render(self, entry: TimelineEntry) -> tuple[bytes, bytes]:
        labels = self.labels
        view = entry_view(entry, labels)
        return b"", pack(EntryFacts.of(entry, view, labels).encode(), [fmt.block(view, labels) for fmt in self.formats])

    def _lay_out(self) -> _Laid:
        if self._laid is not None:
            return self._laid
        labels = self.labels
        table = FactTable()
        blocks = Blocks(len(self.formats))
        try:
            with Fragments(self.timeline, renderer_name(self.formats, labels), self._render) as fragments:
                add_facts, add_blocks = table.add_encoded, blocks.add
                for packed in fragments.blocks(blocks.whole):
                    add_facts(add_blocks(packed))
            outline = Outline.of_table(table, labels, self.title, generated_text(self.timeline, labels),
                                       self.timeline.period)
            if outline.renamed:
                places, actors = outline.place_names(), outline.actor_names()
                for number, entry in _entries(self.timeline.entries, table, outline.renamed):
                    view = entry_view(entry, labels, places, actors)
                    blocks.replace(number, [fmt.block(view, labels) for fmt in self.formats])
            blocks.flush()
        except BaseException:
            blocks.close()
            raise
        self._laid = _Laid(outline, blocks)
        return self._laid
