"""The default store: one SQLite file in WAL mode.

Appends run in one ``BEGIN IMMEDIATE`` transaction (so concurrent writers queue up
instead of interleaving), triggers refuse ``UPDATE`` and ``DELETE`` on the records
table, and the head (position and hash) is written down in the ``meta`` table in the
same transaction, so a cut-off end of the log is caught by ``verify``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import starmap
from pathlib import Path
from typing import Any

from spacedip.errors import (
    ConcurrencyError,
    InputError,
    NotALogError,
    ReadOnlyLogError,
    StorageError,
)
from spacedip.log.chain import SealedRow, seal_rows
from spacedip.log.records import (
    GENESIS_HASH,
    AppendResult,
    Head,
    NewRecord,
    PayloadRow,
    StoredRecord,
    refuse_repeated_ids,
)

__all__ = ["CACHE_KIB", "FORMAT", "FORMAT_VERSION", "PAGE_SIZE", "SQLiteStore", "id_key"]

FORMAT = "spacedip-log"
FORMAT_VERSION = "2"
"""The version of the file layout a new log gets; versions 1 and 2 are read and written."""
_VERSIONS = ("1", "2")
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    id_key INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS records_id_key ON records (id_key);
CREATE INDEX IF NOT EXISTS records_recorded_at ON records (recorded_at);
CREATE TRIGGER IF NOT EXISTS records_refuse_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'the spacedip log is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS records_refuse_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'the spacedip log is append-only: DELETE refused'); END;
"""
"""A new log (format version 2). Version 1 had ``id TEXT NOT NULL UNIQUE`` and no ``id_key``: such a
file is read and appended to as it is (see :attr:`SQLiteStore.format_version`)."""

_COLUMNS = "position, id, type, version, recorded_at, payload, prev_hash, hash"
_READ_COLUMNS = "position, id, type, version, recorded_at, CAST(payload AS BLOB), prev_hash, hash"
"""The columns of a :class:`StoredRecord`, in order, the payload as its bytes (no decoding to ``str`` and back)."""
_PAYLOAD_COLUMNS = "position, id, type, version, recorded_at, CAST(payload AS BLOB)"
_PAYLOAD_TEXT_COLUMNS = "position, id, type, version, recorded_at, payload"
"""The columns of a :data:`~spacedip.log.records.PayloadRow`: what decoding needs, not the chain's hashes."""
_PAGE = 512
"""Rows fetched at a time while reading."""
_PAYLOAD_PAGE = 128
"""Rows fetched at a time by :meth:`SQLiteStore.read_payloads`: fewer than ``_PAGE``, so a row's payload is
still in the CPU's cache when it is decoded (about 3% faster than 512 when decoding)."""
PAGE_SIZE = 8192
"""SQLite page size of a new log file (SQLite's default is 4096). A record (about 1.2 KB of payload,
three 64-digit hashes) fills a fifth of a 4 KB page, so larger pages mean fewer WAL frames, fewer
B-tree splits and fewer pages copied per checkpoint: appends of 1,000 records spend a fifth to a
quarter less time in SQLite (docs/performance.md, session 7). Existing files keep the size they were created with."""
CACHE_KIB = 65536
"""SQLite page cache of a writing connection, in KiB (SQLite's default is 2,000). Record ids are content
hashes, so each append writes its entries at random places in the unique id index; once that index
outgrows the cache, every entry reads a page back from the file. 64 MiB holds the index of about 10⁶
records (a tenth faster appends at 10⁵ records, docs/performance.md, session 8). The cache grows only
as pages are used: a small log takes little of it, a writer that reads a large log takes up to all of it.
Read-only connections (exports, ``verify``) keep SQLite's default."""
_INSERT = f"INSERT INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608 - constant
_INSERT_UTF8 = f"INSERT INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)"  # noqa: S608
""":data:`_INSERT` with the payload bound as its UTF-8 bytes (a UTF-8 file only)."""
_INSERT_KEYED = f"INSERT INTO records ({_COLUMNS}, id_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
_INSERT_KEYED_UTF8 = (
    f"INSERT INTO records ({_COLUMNS}, id_key) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)"  # noqa: S608
)
"""The inserts of a format-2 log (with each record's :func:`id_key`)."""


def id_key(record_id: str) -> int:
    """The number a record id is indexed by in a format-2 log (under 2⁶⁰ in magnitude).

    A ``rec-`` id is a SHA-256 digest in hex already: the number its first 15 digits write.
    Any other id: the first 60 bits of its BLAKE2b digest. Two ids may share a number; look-ups
    compare whole ids, so the number only has to be the same every time for the same id.
    """
    if record_id.startswith("rec-"):
        try:
            return int(record_id[4:19], 16)
        except ValueError:
            pass
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=8).digest(), "big") >> 4


class SQLiteStore:
    """The :class:`~spacedip.log.base.Store` contract on a SQLite file.

    Args:
        path: the log file; created if missing (unless ``readonly``).
        readonly: refuse appends; also chosen automatically when the file cannot be written.
        lock_timeout: seconds an append waits for other writers before a clear error.

    Raises:
        NotALogError: if ``path`` exists but is not a spacedip log.
        StorageError: if the file cannot be opened or created.
    """

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False, lock_timeout: float = 60.0) -> None:
        self._path = Path(path)
        self._lock_timeout = lock_timeout
        # SQLite's own wait for a lock, inside each attempt of _begin: never longer than lock_timeout.
        self._busy_timeout = min(5.0, lock_timeout)
        self._readonly = readonly or (self._path.exists() and not os.access(self._path, os.W_OK))
        self._check_file()
        self._conn = self._connect()
        self._prepare()
        self._keyed = self.format_version != "1"
        """Ids found by :func:`id_key` (format 2), not by a unique index on them (format 1)."""
        # Payloads are read as their stored bytes when the file's text is UTF-8 (every log spacedip creates).
        self._utf8 = self._conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-8"

    # -- opening ------------------------------------------------------------------------

    def _check_file(self) -> None:
        path = self._path
        if path.is_dir():
            raise NotALogError(f"{path} is a folder, not a spacedip log file")
        if not path.exists():
            if self._readonly:
                raise StorageError(f"no log at {path}")
            if not path.parent.exists():
                raise StorageError(f"cannot create the log {path}: folder {path.parent} does not exist")
            return
        try:
            with path.open("rb") as handle:
                magic = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise StorageError(f"cannot read {path}: {exc.strerror}") from exc
        if magic and magic != _SQLITE_MAGIC:
            raise NotALogError(
                f"{path} is not a spacedip log (not a SQLite database; it starts with {magic[:8]!r})"
            )

    def _connect(self) -> sqlite3.Connection:
        try:
            if self._readonly and self._can_recover():
                # A read-only connection cannot replay the WAL a killed writer left behind
                # ("attempt to write a readonly database"); where the file and its folder can be
                # written, open normally so SQLite may recover, and refuse writes with query_only.
                conn = sqlite3.connect(self._path, isolation_level=None, timeout=self._busy_timeout,
                                       check_same_thread=False)
                conn.execute("PRAGMA query_only = ON")
            elif self._readonly:
                conn = sqlite3.connect(
                    f"{self._path.resolve().as_uri()}?{self._readonly_query()}", uri=True, isolation_level=None,
                    timeout=self._busy_timeout, check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(self._path, isolation_level=None, timeout=self._busy_timeout,
                                       check_same_thread=False)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open the log {self._path}: {exc}") from exc
        return conn

    def _can_recover(self) -> bool:
        """True when the log file and its folder can be written (so WAL recovery can run)."""
        return os.access(self._path, os.W_OK) and os.access(self._path.resolve().parent, os.W_OK)

    def _readonly_query(self) -> str:
        """URI parameters for a read-only connection.

        A WAL-mode file can be read through ``mode=ro`` only if its ``-shm`` index exists or
        can be created. In a folder we cannot write (a read-only mount, a locked-down
        archive) with no ``-wal`` file left over, nobody can be writing the log, so it is
        opened ``immutable``. A ``-wal`` file left by a crash there holds committed records
        that cannot be read without the index: a clear error rather than an older log.
        """
        folder = self._path.resolve().parent
        if os.access(folder, os.W_OK):
            return "mode=ro"
        shm = self._path.with_name(self._path.name + "-shm")
        wal = self._path.with_name(self._path.name + "-wal")
        if shm.exists():
            return "mode=ro"
        if wal.exists() and wal.stat().st_size > 0:
            raise StorageError(
                f"the log {self._path} has unmerged records in {wal.name} and its folder cannot be written, "
                "so they cannot be read; open the log once where its folder is writable (e.g. copy the folder), "
                "then read it anywhere"
            )
        return "mode=ro&immutable=1"

    def _prepare(self) -> None:
        conn = self._conn
        self.format_version = FORMAT_VERSION
        """The file's layout: ``2`` (ids found by :func:`id_key`) or ``1`` (a unique index on ids)."""
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise NotALogError(f"{self._path} is not a spacedip log ({exc})") from exc
            raise StorageError(f"cannot open the log {self._path}: {exc}") from exc
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != FORMAT:
                conn.close()
                raise NotALogError(f"{self._path} is a SQLite database but not a spacedip log")
            row = conn.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
            self.format_version = "1" if row is None else row[0]
            if self.format_version not in _VERSIONS:
                conn.close()
                raise StorageError(
                    f"the log {self._path} has format version {self.format_version}, written by a newer spacedip; "
                    f"this one reads versions {' and '.join(_VERSIONS)} (upgrade spacedip to open it)")
        elif tables:
            conn.close()
            raise NotALogError(
                f"{self._path} is a SQLite database of another program (tables: {', '.join(sorted(tables))})",
            )
        if self._readonly:
            if not tables:
                conn.close()
                raise StorageError(f"{self._path} is an empty file and the log is read-only")
            return
        try:
            if not tables:
                # Only a file with no pages yet takes a page size, and WAL mode fixes it: set it first.
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        except sqlite3.Error as exc:
            raise _translate(exc, self._path) from exc
        if "records" not in tables:
            with self._immediate():
                for statement in _SCHEMA.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)", (FORMAT,))
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('format_version', ?)", (FORMAT_VERSION,))

    # -- Store --------------------------------------------------------------------------

    @property
    def location(self) -> str:
        return str(self._path)

    @property
    def readonly(self) -> bool:
        return self._readonly

    def head(self) -> Head:
        row = self._conn.execute(
            "SELECT position, hash, recorded_at FROM records ORDER BY position DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return Head(0, GENESIS_HASH, None)
        return Head(row[0], row[1], row[2])

    def anchor(self) -> Head | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
        if row is None:
            return Head(0, GENESIS_HASH, None)
        position, _, digest = row[0].partition(":")
        return Head(int(position), digest, None)

    def append(self, records: Sequence[NewRecord], *, expected_head: int | None = None) -> AppendResult:
        if self._readonly:
            raise ReadOnlyLogError(f"the log {self._path} is read-only: nothing was appended")
        if not records and expected_head is None:
            return AppendResult((), (), self.head())
        if self._keyed:  # ids are looked up by their key, in the append's transaction
            return self._append(records, expected_head, look_up=True)
        try:
            # Most appends bring only new records: insert them without looking their ids up first;
            # the unique index on ``id`` refuses a known one, and then the batch is sealed again
            # without the known records (in a new transaction: nothing of the first try is kept).
            return self._append(records, expected_head, look_up=False)
        except _KnownRecordError:
            return self._append(records, expected_head, look_up=True)

    def _append(self, records: Sequence[NewRecord], expected_head: int | None, *, look_up: bool) -> AppendResult:
        with self._immediate():
            head = self.head()
            if expected_head is not None and expected_head != head.position:
                raise ConcurrencyError(expected_head, head.position)
            known = self._known([r.id for r in records]) if look_up else set()
            rows, skipped = seal_rows(records, head, known)
            try:
                self._insert_rows(rows)
            except sqlite3.IntegrityError as exc:
                if not look_up and "records.id" in str(exc):
                    raise _KnownRecordError from exc
                raise
        new_head = Head(rows[-1][0], rows[-1][7], rows[-1][4]) if rows else head
        return AppendResult(tuple(row[0] for row in rows), tuple(skipped), new_head)

    def read(self, start: int = 1, stop: int | None = None) -> Iterator[StoredRecord]:
        cursor = self._select(_READ_COLUMNS if self._utf8 else _COLUMNS, start, stop)
        try:
            while rows := cursor.fetchmany(_PAGE):
                if self._utf8:
                    yield from starmap(StoredRecord, rows)
                else:
                    for row in rows:
                        yield StoredRecord(row[0], row[1], row[2], row[3], row[4], row[5].encode("utf-8"), row[6],
                                           row[7])
        finally:
            _close(cursor)

    def read_payloads(self, start: int = 1, stop: int | None = None) -> Iterator[list[PayloadRow]]:
        """Pages of :data:`~spacedip.log.records.PayloadRow` from ``start`` up to ``stop`` (inclusive), in order.

        What decoding needs and no more: no envelope objects, no chain hashes (:meth:`read`
        has them). The payload is its stored bytes, or its text in a log whose text is not UTF-8.
        """
        cursor = self._select(_PAYLOAD_COLUMNS if self._utf8 else _PAYLOAD_TEXT_COLUMNS, start, stop)
        try:
            while rows := cursor.fetchmany(_PAYLOAD_PAGE):
                yield rows
        finally:
            _close(cursor)

    def _select(self, columns: str, start: int, stop: int | None) -> sqlite3.Cursor:
        sql = f"SELECT {columns} FROM records WHERE position >= ?"  # noqa: S608 - constant
        params: tuple[int, ...] = (start,)
        if stop is not None:
            sql += " AND position <= ?"
            params = (start, stop)
        return self._conn.execute(sql + " ORDER BY position", params)

    def position_at(self, recorded_at: str) -> int:
        row = self._conn.execute("SELECT MAX(position) FROM records WHERE recorded_at <= ?", (recorded_at,)).fetchone()
        return int(row[0] or 0)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return self._known(list(ids))

    def import_verbatim(self, records: Sequence[StoredRecord]) -> None:
        if self._readonly:
            raise ReadOnlyLogError(f"the log {self._path} is read-only: nothing was imported")
        with self._immediate():
            if self.head().position != 0:
                raise InputError("verbatim import needs an empty log", hint="import into a new log file")
            refuse_repeated_ids(records)
            self._insert(records)

    def id_fault(self) -> tuple[int, str] | None:
        if not self._keyed:  # the unique index on ids vouches for them
            return None
        conn = self._conn
        conn.create_function("spacedip_id_key", 1, id_key, deterministic=True)
        faults: list[tuple[int, str]] = []
        row = conn.execute("SELECT position, id FROM records WHERE id_key IS NOT spacedip_id_key(id) "
                           "ORDER BY position LIMIT 1").fetchone()
        if row is not None:
            faults.append((row[0], f"record {row[0]} (id {row[1]}) is filed under another id key than its id's: "
                                   "it was inserted by another program, and look-ups cannot find it"))
        shared = [key for (key,) in conn.execute(
            "SELECT id_key FROM records INDEXED BY records_id_key GROUP BY id_key HAVING count(*) > 1")]
        for key in shared:
            seen: set[str] = set()
            for position, record_id in conn.execute(
                    "SELECT position, id FROM records WHERE id_key = ? ORDER BY position", (key,)):
                if record_id in seen:
                    faults.append((position, f"record {position} repeats the id {record_id} of an earlier record"))
                    break
                seen.add(record_id)
        return min(faults, default=None)

    def close(self) -> None:
        self._conn.close()

    # -- helpers ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` transaction: committed if the block succeeds, else rolled back.

        SQLite errors leave as spacedip's own (disk full, read-only...).
        """
        conn = self._conn
        try:
            self._begin()
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _translate(exc, self._path) from exc

    def _insert(self, records: Sequence[StoredRecord]) -> None:
        """Insert sealed records and write down the new head (inside :meth:`_immediate`)."""
        self._insert_rows([(r.position, r.id, r.type, r.version, r.recorded_at, r.payload, r.prev_hash, r.hash)
                           for r in records])

    def _insert_rows(self, rows: Sequence[SealedRow]) -> None:
        """Insert sealed rows (payloads as UTF-8 bytes) and write down the new head (inside :meth:`_immediate`).

        In a UTF-8 file, SQLite stores the checked bytes as the payload's text (``CAST(? AS TEXT)``),
        with no ``str`` made of them.

        Raises:
            UnicodeDecodeError: if a payload is not UTF-8 (before anything is inserted).
        """
        if not rows:
            return
        params: Sequence[tuple[Any, ...]]  # a SealedRow, its payload as text where the file is not UTF-8
        if self._utf8:
            for row in rows:
                row[5].decode("utf-8")
            params, sql = rows, (_INSERT_KEYED_UTF8 if self._keyed else _INSERT_UTF8)
        else:
            params = [(*row[:5], row[5].decode("utf-8"), *row[6:]) for row in rows]
            sql = _INSERT_KEYED if self._keyed else _INSERT
        if self._keyed:
            params = [(*row, id_key(row[1])) for row in params]
        self._conn.executemany(sql, params)
        last = rows[-1]
        self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('head', ?)", (f"{last[0]}:{last[7]}",))

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, waiting for other writers up to ``lock_timeout`` seconds."""
        deadline = time.monotonic() + self._lock_timeout
        delay = 0.005
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise StorageError(
                        f"the log {self._path} stayed locked by another writer for {self._lock_timeout:.0f} s; "
                        "nothing was appended (retry when the other process is done)"
                    ) from exc
                time.sleep(delay * (1 + random.random()))  # noqa: S311 - jitter, not crypto
                delay = min(delay * 2, 0.2)

    def _known(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` the log holds: by the unique index on ids (format 1), or by their
        :func:`id_key` and then the whole id (format 2)."""
        wanted = set(ids)
        column, values = ("id_key", list({id_key(record_id) for record_id in wanted})) if self._keyed else ("id", ids)
        found: set[str] = set()
        for i in range(0, len(values), 500):
            part = values[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(f"SELECT id FROM records WHERE {column} IN ({marks})", part)  # noqa: S608
            found.update(row[0] for row in rows if row[0] in wanted)
        return found


class _KnownRecordError(Exception):
    """An append without looking ids up met a record the log already holds (it is retried with the look-up)."""


def _close(cursor: sqlite3.Cursor) -> None:
    """Close a reading cursor; a no-op once the store is closed (a reader left unfinished, then collected)."""
    with contextlib.suppress(sqlite3.ProgrammingError):
        cursor.close()


def _translate(exc: sqlite3.Error, path: Path) -> Exception:
    text = str(exc)
    if "full" in text:
        return StorageError(f"the disk holding {path} is full: nothing of this batch was written ({text})")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyLogError(f"the log {path} cannot be written ({text}); it can still be read and exported")
    if "append-only" in text:
        return StorageError(text)
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
        return NotALogError(f"{path} is not a spacedip log ({text})")
    return StorageError(f"the log {path} failed: {text}")
