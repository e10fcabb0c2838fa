"""The SQLite log's file layout: format 2 (ids found by a numeric key), and format 1 files kept as they are."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.api import open_log
from spacedip.errors import InputError, StorageError
from spacedip.log import MemoryStore, NewRecord, SQLiteStore, StoredRecord, record_hash, verify_records
from spacedip.log import sqlite as sqlite_store
from spacedip.log.sqlite import id_key
from tests.reliability.helpers import cli

V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX records_recorded_at ON records (recorded_at);
CREATE TRIGGER records_refuse_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'the spacedip log is append-only: UPDATE refused'); END;
CREATE TRIGGER records_refuse_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'the spacedip log is append-only: DELETE refused'); END;
INSERT INTO meta VALUES ('format', 'spacedip-log'), ('format_version', '1');
"""
"""The layout spacedip wrote before format 2 (sessions 1 to 8), as such a file holds it."""


def rec(name: str) -> NewRecord:
    return NewRecord(name, "event-retracted", 1, f'{{"event_id":"{name}","reason":"doublon"}}'.encode())


def make_v1_log(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.close()


def columns(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute("PRAGMA table_info(records)")]
    finally:
        conn.close()


def raw(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def test_a_new_log_is_format_2_and_files_each_record_under_its_ids_key(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    store = SQLiteStore(path)
    store.append([rec("rec-0123456789abcdef0123"), rec("art-1"), rec("rec-zz")])
    store.close()
    assert raw(path, "SELECT value FROM meta WHERE key = 'format_version'") == [("2",)]
    assert columns(path)[-1] == "id_key"
    assert raw(path, "SELECT id, id_key FROM records ORDER BY position") == [
        ("rec-0123456789abcdef0123", 0x0123456789ABCDE), ("art-1", id_key("art-1")), ("rec-zz", id_key("rec-zz"))]
    # No unique index on the id text any more: the only indexes are the key's and the time's.
    assert sorted(name for (name,) in raw(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'")) == [
        "records_id_key", "records_recorded_at"]


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_an_id_key_is_the_same_every_time_and_fits_a_sqlite_integer(record_id: str) -> None:
    key = id_key(record_id)
    assert key == id_key(record_id) and abs(key) < 2**60
    assert id_key("rec-" + record_id) == id_key("rec-" + record_id)


def test_a_format_1_log_is_read_and_appended_to_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_log(path)
    store = SQLiteStore(path)
    assert store.format_version == "1"
    first = store.append([rec("rec-a"), rec("rec-b")])
    again = store.append([rec("rec-b"), rec("rec-c"), rec("rec-a")])
    assert (first.appended, again.appended, set(again.skipped)) == ((1, 2), (3,), {"rec-a", "rec-b"})
    assert store.known_ids(["rec-a", "rec-x"]) == {"rec-a"}
    assert store.id_fault() is None
    store.close()
    assert "id_key" not in columns(path)
    assert raw(path, "SELECT value FROM meta WHERE key = 'format_version'") == [("1",)]
    with open_log(path, readonly=True) as log:
        assert log.verify().ok and log.head.position == 3


def test_a_log_of_a_newer_format_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SQLiteStore(path).close()
    raw(path, "UPDATE meta SET value = '3' WHERE key = 'format_version'")
    before = path.read_bytes()
    with pytest.raises(StorageError, match=r"format version 3, written by a newer spacedip; this one reads "
                                           r"versions 1 and 2 \(upgrade spacedip to open it\)"):
        SQLiteStore(path)
    assert path.read_bytes() == before


id_batches = st.lists(st.lists(st.sampled_from(["rec-a", "rec-b", "rec-c", "art-d", "art-e", "rec-f"]), max_size=6),
                      min_size=1, max_size=6)


@pytest.mark.parametrize("layout", ["format 1", "format 2", "format 2, every id one key"])
@settings(max_examples=40, deadline=None)
@given(batches=id_batches)
def test_batches_with_known_records_anywhere_append_what_the_memory_store_appends(
    layout: str, batches: list[list[str]]
) -> None:
    # Format 1 inserts first and looks ids up when the unique index refuses one; format 2 looks
    # them up by key first. With every id under one key, look-ups must still compare whole ids.
    one_key = mock.patch.object(sqlite_store, "id_key", return_value=7) if layout.endswith("one key") else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.db"
        if layout == "format 1":
            make_v1_log(path)
        if one_key:
            one_key.start()
        sqlite, memory = SQLiteStore(path), MemoryStore()
        try:
            for batch in batches:
                records = [rec(i) for i in batch]
                got, want = sqlite.append(records), memory.append(records)
                assert (got.appended, got.skipped) == (want.appended, want.skipped)
                assert sqlite.known_ids(["rec-a", "art-d", "rec-z"]) == memory.known_ids(["rec-a", "art-d", "rec-z"])
            assert [(r.position, r.id) for r in sqlite.read()] == [(r.position, r.id) for r in memory.read()]
            assert verify_records(sqlite.read(), sqlite.anchor()).ok
            assert sqlite.id_fault() is None
        finally:
            sqlite.close()
            if one_key:
                one_key.stop()


def _forge(path: Path, record_id: str, key: int) -> int:
    """Append a row behind the store's back, chained and hashed as spacedip would (so only the id check can tell)."""
    (position, prev), = raw(path, "SELECT position, hash FROM records ORDER BY position DESC LIMIT 1")
    assert isinstance(position, int) and isinstance(prev, str)
    at, payload = "2030-01-01T00:00:00.000000Z", '{"event_id":"ev-forged"}'
    digest = record_hash(position + 1, record_id, "event-retracted", 1, at, prev, payload.encode())
    raw(path, "INSERT INTO records VALUES (?, ?, 'event-retracted', 1, ?, ?, ?, ?, ?)",
        position + 1, record_id, at, payload, prev, digest, key)
    raw(path, "UPDATE meta SET value = ? WHERE key = 'head'", f"{position + 1}:{digest}")
    return position + 1


@pytest.mark.parametrize(("forged_key", "reason"), [
    (id_key, "repeats the id rec-b of an earlier record"),
    (lambda record_id: id_key(record_id) + 1, "is filed under another id key than its id's"),
])
def test_verify_names_a_record_whose_id_is_repeated_or_filed_under_another_key(
    tmp_path: Path, forged_key: object, reason: str
) -> None:
    path = tmp_path / "log.db"
    with open_log(path) as log:
        log.store.append([rec("rec-a"), rec("rec-b"), rec("rec-c")])
        assert log.verify().ok
    assert callable(forged_key)
    position = _forge(path, "rec-b", forged_key("rec-b"))
    with open_log(path, readonly=True) as log:
        report = log.verify()
    assert not report.ok and report.first_bad_position == position == 4
    assert report.reason is not None and reason in report.reason
    code, out, err = cli("--log", str(path), "log", "verify")
    assert code != 0 and "4" in out + err and reason in out + err


@pytest.mark.parametrize("make", [MemoryStore, "sqlite"])
def test_a_verbatim_import_refuses_records_that_repeat_an_id_and_imports_nothing(tmp_path: Path, make: object) -> None:
    store = SQLiteStore(tmp_path / "log.db") if make == "sqlite" else MemoryStore()
    records = []
    prev = ""
    for position, name in enumerate(["rec-a", "rec-b", "rec-a"], start=1):
        at, payload = "2030-01-01T00:00:00.000000Z", f'{{"event_id":"{name}"}}'.encode()
        digest = record_hash(position, name, "event-retracted", 1, at, prev, payload)
        records.append(StoredRecord(position, name, "event-retracted", 1, at, payload, prev, digest))
        prev = digest
    with pytest.raises(InputError, match="record id rec-a comes twice, the second time at position 3"):
        store.import_verbatim(records)
    assert store.head().position == 0 and store.id_fault() is None
    store.import_verbatim(records[:2])
    assert [r.id for r in store.read()] == ["rec-a", "rec-b"]
    store.close()


def test_a_format_1_log_moves_to_format_2_through_its_json_lines_export(tmp_path: Path) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    make_v1_log(old)
    with open_log(old) as log:
        log.store.append([rec("rec-a"), rec("art-b")])
        log.store.append([rec("rec-c")])
        with (tmp_path / "log.jsonl").open("wb") as out:
            log.export_jsonl(out)
        before = list(log.store.read())
    with open_log(new) as log:
        result = log.import_jsonl(tmp_path / "log.jsonl")
        assert result.verbatim and list(log.store.read()) == before and log.verify().ok
    assert raw(new, "SELECT value FROM meta WHERE key = 'format_version'") == [("2",)]
    assert raw(new, "SELECT id, id_key FROM records ORDER BY position") == [(r.id, id_key(r.id)) for r in before]
