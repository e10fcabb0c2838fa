"""Rendering a timeline entry by entry, with each entry's output kept between exports.

An exporter whose output is a header, one block per entry and a footer can render each
entry once and reuse the block until the entry changes. ``Fragments`` does that::

    fragments = Fragments(timeline, "ical/1/en", render)  # render(entry) -> (facts, data)
    with fragments:
        for facts in fragments.facts():   # pass 1: small facts for the header (counts...)
            ...
        body = fragments.data()           # pass 2: the blocks, in timeline order

An exporter that can keep what it needs of each block as the block comes (the chronology
spills every block and keeps its small facts inside it) reads everything in one pass instead::

    with fragments:
        for data in fragments.blocks():   # each entry's block, in timeline order
            ...

When the timeline comes from a checkpoint (``Log.timeline()`` on a SQLite log), blocks are
stored in the checkpoint in timeline order (keyed by the renderer name and the entry's sort text
and id, valid while the entry's digest holds), and only new or
changed entries are decoded and rendered: after one new article, an export of a huge log
renders a handful of entries. Otherwise every entry is rendered. Either way blocks are
spilled to a temporary file between the passes, never all held in memory.

``renderer`` must change whenever the same entry would render differently (options,
language, the plugin's version): it is the cache key.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import IO

from spacedip.timeline.checkpoint.schema import connect
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.entry import Timeline, TimelineEntry

__all__ = ["Fragments", "Render"]

Render = Callable[[TimelineEntry], tuple[bytes, bytes]]
"""``render(entry) -> (facts, data)``: small facts the header needs, and the entry's block."""

_WRITE_BATCH = 2_000

_Row = tuple[str, str, str, str, bytes, bytes]
"""A freshly rendered entry to cache: ``(renderer, sort text, entry id, digest, facts, data)``."""


class Fragments:
    """The rendered blocks of a timeline's entries, in timeline order (see the module docstring)."""

    def __init__(self, timeline: Timeline, renderer: str, render: Render) -> None:
        self.timeline = timeline
        self.renderer = renderer
        self.render = render
        self.rendered = 0
        """How many entries were rendered (the others came from the cache)."""
        self._spill: IO[bytes] = tempfile.TemporaryFile(prefix="spacedip-fragments-")  # noqa: SIM115 - closed by close()
        self._fresh = bytearray()
        """One byte per entry in timeline order: 1 if pass 1 rendered it (its block is in the spill)."""
        self._passed = False

    def __enter__(self) -> Fragments:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Remove the spill file."""
        self._spill.close()

    def _keep(self, data: bytes) -> None:
        """Spill a freshly rendered block; pass 2 reads them back in the same order."""
        self._spill.write(len(data).to_bytes(8, "little"))
        self._spill.write(data)

    def _spilled(self) -> Iterator[bytes]:
        self._spill.seek(0)
        while header := self._spill.read(8):
            yield self._spill.read(int.from_bytes(header, "little"))

    # -- pass 1 -------------------------------------------------------------------------

    def facts(self) -> Iterator[bytes]:
        """Each entry's facts in timeline order; renders (and caches) what the cache lacks."""
        entries = self.timeline.entries
        if not isinstance(entries, StoredEntries):
            for entry in entries:
                facts, data = self.render(entry)
                self.rendered += 1
                self._keep(data)
                self._fresh.append(1)
                yield facts
            self._passed = True
            return
        fresh: list[_Row] = []
        for entry_id, sort, digest, cached in entries.with_fragments(self.renderer, "facts"):
            if cached is not None:
                self._fresh.append(0)
                yield cached
                continue
            facts, data = self.render(entries.get(entry_id))
            self.rendered += 1
            self._keep(data)
            self._fresh.append(1)
            fresh.append((self.renderer, sort, entry_id, digest, facts, data))
            if len(fresh) >= _WRITE_BATCH:
                self._store(entries, fresh)
            yield facts
        self._store(entries, fresh)
        self._passed = True

    def _store(self, entries: StoredEntries, rows: list[_Row], *,
               with_facts: bool = True) -> None:
        """Cache freshly rendered blocks, and their facts unless ``with_facts`` is false (best effort: a
        busy or read-only checkpoint just misses)."""
        if not rows:
            return
        with contextlib.suppress(sqlite3.Error, OSError), contextlib.closing(connect(entries.path, timeout=5)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            if with_facts:
                conn.executemany(
                    "INSERT OR REPLACE INTO fragment_facts (renderer, sort, entry, digest, facts) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [row[:5] for row in rows],
                )
            conn.executemany(
                "INSERT OR REPLACE INTO fragments (renderer, sort, entry, digest, data) VALUES (?, ?, ?, ?, ?)",
                [(*row[:4], row[5]) for row in rows],
            )
            conn.execute("COMMIT")
        rows.clear()

    # -- pass 2 -------------------------------------------------------------------------

    def data(self) -> Iterator[bytes]:
        """Each entry's block in timeline order (call after :meth:`facts` has been read through)."""
        if not self._passed:
            raise RuntimeError("read Fragments.facts() through before Fragments.data()")
        spilled = self._spilled()
        entries = self.timeline.entries
        if not isinstance(entries, StoredEntries):
            yield from spilled
            return
        fresh: list[_Row] = []
        rows = entries.with_fragments(self.renderer, "data")
        for rendered, (entry_id, sort, digest, cached) in zip(self._fresh, rows, strict=True):
            if rendered:
                yield next(spilled)
            elif cached is not None:
                yield cached
            else:  # facts cached without their block (a damaged cache): render and keep both again
                facts, data = self.render(entries.get(entry_id))
                self.rendered += 1
                fresh.append((self.renderer, sort, entry_id, digest, facts, data))
                yield data
        self._store(entries, fresh)

    # -- one pass -----------------------------------------------------------------------

    def blocks(self, valid: Callable[[bytes], bool] | None = None) -> Iterator[bytes]:
        """Each entry's block in timeline order, in one pass, rendering (and caching) what the
        cache lacks; the facts ``render`` returns are neither read nor kept.

        For an exporter that keeps what it needs of each block as it comes: one walk over the
        checkpoint instead of two, and no block spilled here. Do not mix with :meth:`facts`
        and :meth:`data` on the same object.

        Args:
            valid: says whether a cached block is whole; one it refuses is rendered and kept
                again (a damaged cache heals).
        """
        entries = self.timeline.entries
        if not isinstance(entries, StoredEntries):
            for entry in entries:
                self.rendered += 1
                yield self.render(entry)[1]
            return
        fresh: list[_Row] = []
        for entry_id, sort, digest, cached in entries.with_fragments(self.renderer, "data"):
            if cached is not None and (valid is None or valid(cached)):
                yield cached
                continue
            data = self.render(entries.get(entry_id))[1]
            self.rendered += 1
            fresh.append((self.renderer, sort, entry_id, digest, b"", data))
            if len(fresh) >= _WRITE_BATCH:
                self._store(entries, fresh, with_facts=False)
            yield data
        self._store(entries, fresh, with_facts=False)
