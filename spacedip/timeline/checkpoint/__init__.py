"""Checkpoints: the timeline kept in a file beside the log, brought forward record by record.

``Log.timeline()`` on a SQLite log reads its entries from the checkpoint
(``<log>.timeline``) after folding in only the records appended since the checkpoint's
position, and regrouping only what they can have changed (see :mod:`.regroup`). The
checkpoint is disposable: missing, stale (the log does not hold its recorded hash at its
recorded position), from another version or unreadable, it is rebuilt from the log. Every
update is one SQLite transaction, so a crash leaves the checkpoint as it was before.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from spacedip.log.base import Store
from spacedip.log.records import StoredRecord
from spacedip.model.codec import parse_utc
from spacedip.timeline.checkpoint.fold import Fold
from spacedip.timeline.checkpoint.regroup import regroup, regroup_all
from spacedip.timeline.checkpoint.schema import (
    RULE_VERSION,
    SCHEMA,
    SCHEMA_VERSION,
    TRIGGERS,
    checkpoint_path,
    connect,
    drop_old_caches,
    statements,
)
from spacedip.timeline.checkpoint.views import StoredArticles, StoredEntries
from spacedip.timeline.entry import Timeline

__all__ = ["CatchUp", "Checkpoint", "Progress", "checkpoint_path"]

Decoder = Callable[[StoredRecord], object]
Progress = Callable[[Iterator[StoredRecord], int, str], Iterator[StoredRecord]]
"""``progress(records, total, label)``: yields ``records`` while showing how far it got."""

_SHOW_PROGRESS = 5_000
"""From this many new records on, ``progress`` is shown."""

_RUN_RECORDS = 10_000
"""Records folded and regrouped per transaction: bounds memory on a first build of a big log."""


@attrs.frozen
class CatchUp:
    """What bringing a checkpoint forward did."""

    records: int
    """Records folded in."""
    entries: int
    """Entries built."""
    rebuilt: bool
    """True if the checkpoint was (re)built from the start of the log."""
    reason: str = ""
    """Why it was rebuilt (missing, stale, another version...)."""


class Checkpoint:
    """The timeline checkpoint of one log file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @classmethod
    def beside(cls, log_path: str | Path) -> Checkpoint:
        """The checkpoint of the log at ``log_path``."""
        return cls(checkpoint_path(log_path))

    # -- writing ------------------------------------------------------------------------

    def catch_up(self, store: Store, decode: Decoder, progress: Progress | None = None) -> CatchUp:
        """Fold every record of ``store`` past the checkpoint's position; rebuild it if needed.

        ``progress`` wraps the records read when there are many (a first build of a big log).

        Raises:
            sqlite3.Error: if the checkpoint file cannot be written (the caller falls back
                to a replay in memory).
        """
        try:
            return self._catch_up(store, decode, progress)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                raise
            self.discard()  # not a database, or a damaged one: start again
            return self._catch_up(store, decode, progress, reason=f"unreadable ({exc})")

    def _catch_up(self, store: Store, decode: Decoder, progress: Progress | None, reason: str = "") -> CatchUp:
        head = store.head()
        with contextlib.closing(connect(self.path)) as conn:
            drop_old_caches(conn)
            conn.executescript(SCHEMA + ";".join(TRIGGERS) + ";")
            _count_months(conn)
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if _current(meta, store) and int(meta["position"]) == head.position:
                return CatchUp(records=0, entries=0, rebuilt=False)
            conn.execute("BEGIN IMMEDIATE")
            try:
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
                start = int(meta["position"]) if _current(meta, store) else 0
                if start == 0 and meta:
                    reason = reason or _why_stale(meta, store)
                    _clear(conn)
                records = store.read(start + 1, head.position)
                if progress is not None and head.position - start >= _SHOW_PROGRESS:
                    records = progress(records, head.position - start, "updating the timeline checkpoint")
                folded = built = 0
                position = start
                while True:
                    # Each run of at most _RUN_RECORDS records is folded, regrouped and committed on its
                    # own: memory stays bounded on a first build of a big log, and a build that is
                    # stopped resumes from the last run committed.
                    _next_generation(conn)
                    fold = Fold(conn)
                    for stored in itertools.islice(records, _RUN_RECORDS):
                        fold.apply(stored, decode(stored))
                    changes = fold.changes
                    if not changes.records and position:
                        conn.execute("COMMIT")
                        break
                    built += regroup_all(conn) if position == 0 else regroup(conn, changes)
                    if fold.position:
                        _write_meta(conn, fold.position, fold.hash, fold.updated)
                    elif not meta:
                        _write_meta(conn, 0, "", "")
                    conn.execute("COMMIT")
                    folded += changes.records
                    position = fold.position
                    if changes.records < _RUN_RECORDS or position >= head.position:
                        break
                    conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return CatchUp(records=folded, entries=built, rebuilt=start == 0,
                       reason=reason or ("new" if start == 0 else ""))

    def discard(self) -> None:
        """Delete the checkpoint file (and SQLite's side files); the next catch-up rebuilds it."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(self.path) + suffix).unlink()

    # -- reading ------------------------------------------------------------------------

    def timeline(self) -> Timeline:
        """The timeline as the checkpoint holds it, read from one snapshot that stays open
        while the returned timeline's entries are read."""
        conn = connect(self.path)
        conn.execute("BEGIN")
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        languages = conn.execute("SELECT language FROM languages ORDER BY articles DESC, language LIMIT 1").fetchone()
        return Timeline(
            entries=StoredEntries(conn, self.path),
            articles=StoredArticles(conn),
            head_position=int(meta.get("position", 0)),
            head_hash=meta.get("hash", ""),
            updated=parse_utc(meta["updated"]) if meta.get("updated") else None,
            language=languages[0] if languages else "fr",
        )


def _current(meta: dict[str, str], store: Store) -> bool:
    """True if the checkpoint's recorded state is a prefix of ``store``, in this version."""
    if meta.get("schema") != SCHEMA_VERSION or meta.get("rule") != RULE_VERSION or "position" not in meta:
        return False
    position = int(meta["position"])
    if position == 0:
        return True
    record = next(iter(store.read(position, position)), None)
    return record is not None and record.hash == meta["hash"]


def _why_stale(meta: dict[str, str], store: Store) -> str:
    if meta.get("schema") != SCHEMA_VERSION or meta.get("rule") != RULE_VERSION:
        return "made by another version of spacedip"
    return "the log does not hold the record the checkpoint was made at"


def _clear(conn: sqlite3.Connection) -> None:
    """Drop every table (another version's may have another shape) and create them anew."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        conn.execute(f'DROP TABLE "{table}"')
    for statement in statements():
        conn.execute(statement)


def _next_generation(conn: sqlite3.Connection) -> None:
    """Start a new generation: the ``months`` rows this transaction's entry changes touch carry it."""
    conn.execute("INSERT INTO meta (key, value) VALUES ('generation', '1') "
                 "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")


def _count_months(conn: sqlite3.Connection) -> None:
    """Fill ``months`` for a checkpoint whose entries were built before the table existed."""
    if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM months) AND EXISTS (SELECT 1 FROM entries)").fetchone()[0]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _next_generation(conn)
            conn.execute("INSERT OR IGNORE INTO months (month, entries, generation) SELECT substr(sort, 1, 8), "
                         "count(*), (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation') "
                         "FROM entries GROUP BY 1")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _write_meta(conn: sqlite3.Connection, position: int, hash_: str, updated: str) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [("schema", SCHEMA_VERSION), ("rule", RULE_VERSION), ("position", str(position)), ("hash", hash_),
         ("updated", updated)],
    )


def _is_corruption(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


