"""Read-only views of a checkpoint's entries and articles, streamed from one read snapshot."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from spacedip.model import Date
from spacedip.timeline.checkpoint.rows import SORT_PREFIX, date_of_sort_text, decode_article, decode_entry
from spacedip.timeline.entry import ArticleInfo, EntryView, TimelineEntry

__all__ = ["StoredArticles", "StoredEntries"]


class StoredEntries(EntryView):
    """The timeline's entries in timeline order, decoded as they are read (never all in memory).

    Every read runs inside the read transaction the checkpoint opened, so all of them see
    the same state of the log even while another process brings the checkpoint forward.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._count: int | None = None
        self.path = path
        """The checkpoint file (where :mod:`spacedip.export.fragments` keeps rendered entries)."""

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        return self._count

    def __iter__(self) -> Iterator[TimelineEntry]:
        for (blob,) in self._conn.execute("SELECT entry FROM entries ORDER BY sort, id"):
            yield decode_entry(blob)

    def with_fragments(self, renderer: str, column: str) -> Iterator[tuple[str, str, bytes | None]]:
        """``(entry id, entry digest, cached fragment or None)`` in timeline order.

        ``column`` is ``"facts"`` or ``"data"``; the fragment is ``None`` where the cache of
        ``renderer`` holds nothing for the entry as it now is.
        """
        assert column in ("facts", "data")
        table = "fragment_facts" if column == "facts" else "fragments"
        rows = self._conn.execute(
            f"SELECT e.id, e.digest, f.digest, f.{column} FROM entries e LEFT JOIN {table} f "  # noqa: S608
            "ON f.renderer = ? AND f.entry = e.id ORDER BY e.sort, e.id",
            (renderer,),
        )
        for entry_id, digest, cached_digest, fragment in rows:
            yield entry_id, digest, fragment if cached_digest == digest else None

    def where_date(self, keep: Callable[[Date], bool]) -> list[TimelineEntry]:
        """The entries whose date ``keep`` accepts, in timeline order; ``keep`` is asked once per
        distinct date and only matching entries are decoded."""
        start = SORT_PREFIX + 1  # SQLite counts from 1
        dates = [row[0] for row in self._conn.execute("SELECT DISTINCT substr(sort, ?) FROM entries", (start,))]
        wanted = [edtf for edtf in dates if keep(date_of_sort_text("x" * SORT_PREFIX + edtf))]
        rows: list[tuple[str, str, bytes]] = []
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            rows.extend(self._conn.execute(
                f"SELECT sort, id, entry FROM entries WHERE substr(sort, ?) IN ({','.join('?' * len(chunk))})",  # noqa: S608
                (start, *chunk),
            ))
        return [decode_entry(blob) for _, _, blob in sorted(rows)]

    def get(self, entry_id: str) -> TimelineEntry:
        """One entry by id."""
        row = self._conn.execute("SELECT entry FROM entries WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return decode_entry(row[0])

    def _at(self, index: int) -> TimelineEntry:
        row = self._conn.execute("SELECT entry FROM entries ORDER BY sort, id LIMIT 1 OFFSET ?", (index,)).fetchone()
        return decode_entry(row[0])

    def __repr__(self) -> str:
        return f"<StoredEntries: {len(self)} entries>"


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
