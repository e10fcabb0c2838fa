"""Read-only views of a checkpoint's entries and articles, streamed from one read snapshot."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from spacedip.model import Date
from spacedip.timeline.checkpoint.rows import SORT_PREFIX, date_of_sort_text, decode_article, decode_entry
from spacedip.timeline.entry import ArticleInfo, EntryView, TimelineEntry

__all__ = ["ALL", "StoredArticles", "StoredEntries"]

ALL = ("", "2")
"""Bounds that hold every sort text (they start with ``0``, known, or ``1``, unknown)."""

_MONTH_KEY = 8
"""Characters of a sort text that name its month (known flag, year, month): the ``months`` key."""


class StoredEntries(EntryView):
    """The timeline's entries in timeline order, decoded as they are read (never all in memory).

    Every read runs inside the read transaction the checkpoint opened, so all of them see
    the same state of the log even while another process brings the checkpoint forward.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, bounds: tuple[str, str] = ALL) -> None:
        self._conn = conn
        self._count: int | None = None
        self.path = path
        """The checkpoint file (where :mod:`spacedip.export.fragments` keeps rendered entries)."""
        self.bounds = bounds
        """The entries seen: those whose sort text is at least ``bounds[0]`` and below ``bounds[1]``."""

    def close(self) -> None:
        """End the read snapshot (the connection is shared by every view made from it, and by the
        timeline's articles): none of them can be read afterwards."""
        self._conn.close()

    def within(self, low: str, high: str) -> StoredEntries:
        """The entries whose sort text (:func:`~spacedip.timeline.checkpoint.rows.sort_text`) is at least
        ``low`` and below ``high``, read from the same snapshot."""
        return StoredEntries(self._conn, self.path, (max(low, self.bounds[0]), min(high, self.bounds[1])))

    def months(self) -> list[tuple[str, int, int]]:
        """``(month key, entries, generation)`` of every month holding entries within the bounds: the
        key is the first 8 characters of the entries' sort texts, the generation that of the last
        checkpoint transaction that changed one of them."""
        low, high = self.bounds
        rows = self._conn.execute(
            "SELECT month, entries, generation FROM months WHERE entries > 0 AND month >= substr(?, 1, ?) "
            "AND month < ? ORDER BY month", (low, _MONTH_KEY, high))
        return [(month, entries, generation) for month, entries, generation in rows]

    def __len__(self) -> int:
        if self._count is None:
            low, high = self.bounds
            if len(low) <= _MONTH_KEY and len(high) <= _MONTH_KEY:  # whole months: their counts are kept
                self._count = sum(entries for _, entries, _ in self.months())
            else:
                self._count = self._conn.execute("SELECT count(*) FROM entries WHERE sort >= ? AND sort < ?",
                                                 self.bounds).fetchone()[0]
        return self._count

    def __iter__(self) -> Iterator[TimelineEntry]:
        for (blob,) in self._conn.execute("SELECT entry FROM entries WHERE sort >= ? AND sort < ? ORDER BY sort, id",
                                          self.bounds):
            yield decode_entry(blob)

    def with_fragments(self, renderer: str, column: str) -> Iterator[tuple[str, str, str, bytes | None]]:
        """``(entry id, sort text, entry digest, cached fragment or None)`` in timeline order.

        ``column`` is ``"facts"`` or ``"data"``; the fragment is ``None`` where the cache of
        ``renderer`` holds nothing for the entry as it now is. The cache is keyed by sort text,
        so the walk reads it in the order it is stored.
        """
        assert column in ("facts", "data")
        table = "fragment_facts" if column == "facts" else "fragments"
        rows = self._conn.execute(
            f"SELECT e.id, e.sort, e.digest, f.digest, f.{column} FROM entries e LEFT JOIN {table} f "  # noqa: S608
            "ON f.renderer = ? AND f.sort = e.sort AND f.entry = e.id "
            "WHERE e.sort >= ? AND e.sort < ? ORDER BY e.sort, e.id",
            (renderer, *self.bounds),
        )
        for entry_id, sort, digest, cached_digest, fragment in rows:
            yield entry_id, sort, digest, fragment if cached_digest == digest else None

    def where_date(self, keep: Callable[[Date], bool]) -> list[TimelineEntry]:
        """The entries whose date ``keep`` accepts, in timeline order; ``keep`` is asked once per
        distinct date and only matching entries are decoded."""
        start = SORT_PREFIX + 1  # SQLite counts from 1
        dates = [row[0] for row in self._conn.execute(
            "SELECT DISTINCT substr(sort, ?) FROM entries WHERE sort >= ? AND sort < ?", (start, *self.bounds))]
        wanted = [edtf for edtf in dates if keep(date_of_sort_text("x" * SORT_PREFIX + edtf))]
        rows: list[tuple[str, str, bytes]] = []
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            rows.extend(self._conn.execute(
                "SELECT sort, id, entry FROM entries WHERE sort >= ? AND sort < ? AND substr(sort, ?) "  # noqa: S608
                f"IN ({','.join('?' * len(chunk))})",
                (*self.bounds, start, *chunk),
            ))
        return [decode_entry(blob) for _, _, blob in sorted(rows)]

    def get(self, entry_id: str) -> TimelineEntry:
        """One entry by id."""
        row = self._conn.execute("SELECT entry FROM entries WHERE id = ? AND sort >= ? AND sort < ?",
                                 (entry_id, *self.bounds)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return decode_entry(row[0])

    def _at(self, index: int) -> TimelineEntry:
        row = self._conn.execute(
            "SELECT entry FROM entries WHERE sort >= ? AND sort < ? ORDER BY sort, id LIMIT 1 OFFSET ?",
            (*self.bounds, index)).fetchone()
        return decode_entry(row[0])

    def __repr__(self) -> str:
        return f"<StoredEntries: {len(self)} entries>" if self.bounds == ALL else (
            f"<StoredEntries: {len(self)} entries from {self.bounds[0]!r} to {self.bounds[1]!r}>")


class StoredArticles(Mapping[str, ArticleInfo]):
    """The articles of the log by id, read on demand."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getitem__(self, article_id: str) -> ArticleInfo:
        row = self._conn.execute("SELECT info FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return decode_article(row[0])

    def __iter__(self) -> Iterator[str]:
        for (article_id,) in self._conn.execute("SELECT id FROM articles ORDER BY id"):
            yield article_id

    def __len__(self) -> int:
        count: int = self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return count
