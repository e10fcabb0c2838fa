"""The append and read fast paths keep the chain, the file format and the records read as they were."""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.api import LoggedRecord, open_log
from spacedip.log import MemoryStore, NewRecord, SQLiteStore, StoredRecord, record_hash, verify_records
from spacedip.log import sqlite as sqlite_store
from spacedip.log.chain import seal, seal_rows
from spacedip.log.records import GENESIS_HASH, Head
from spacedip.model import ArticleAdded, EventReported
from spacedip.model.codec import decode_record, parse_utc
from tests.conftest import BAIKONUR, KREMLIN, make_article, make_event

payloads = st.text(max_size=40).map(lambda t: ('{"reason":' + repr(t).replace("'", '"') + "}").encode("utf-8", "replace"))
batches = st.lists(st.tuples(st.sampled_from(["rec-a", "rec-b", "rec-c", "rec-d", "rec-e"]), payloads), max_size=8)


@settings(max_examples=100, deadline=None)
@given(batches, st.sets(st.sampled_from(["rec-a", "rec-b", "rec-z"])), st.integers(0, 5))
def test_sealed_rows_carry_the_documented_hash(batch: list[tuple[str, bytes]], known: set[str], start: int) -> None:
    records = [NewRecord(i, "event-retracted", 1, p) for i, p in batch]
    head = Head(start, "f" * 64 if start else GENESIS_HASH, "2024-01-01T00:00:00.000000Z" if start else None)
    rows, skipped = seal_rows(records, head, known)
    prev, position, seen = head.hash, start, set(known)
    for rec in records:
        if rec.id in seen:
            continue
        seen.add(rec.id)
        position += 1
        row = rows[position - start - 1]
        assert row[:4] == (position, rec.id, rec.type, rec.version) and row[5:7] == (rec.payload, prev)
        assert row[7] == record_hash(position, rec.id, rec.type, rec.version, row[4], prev, rec.payload)
        prev = row[7]
    assert len(rows) + len(skipped) == len(records)
    sealed, skipped_again = seal(records, head, known)  # the same, as StoredRecords (sealed a moment later)
    assert [(r.position, r.id, r.payload) for r in sealed] == [(p, i, data) for p, i, _, _, _, data, _, _ in rows]
    assert all(isinstance(r, StoredRecord) and r.hash == record_hash(r.position, r.id, r.type, r.version,
                                                                       r.recorded_at, r.prev_hash, r.payload)
               for r in sealed)
    assert skipped == skipped_again


def test_payloads_stay_text_and_read_back_as_their_bytes(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    payload = '{"event_id":"ev-1","reason":"Baïkonour « ’ » 🚀"}'.encode()
    store = SQLiteStore(path)
    store.append([NewRecord("rec-1", "event-retracted", 1, payload)])
    assert [r.payload for r in store.read()] == [payload]
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT typeof(payload), payload FROM records").fetchone() == ("text", payload.decode())
    conn.close()


def test_a_log_whose_text_is_utf16_reads_the_same(tmp_path: Path) -> None:
    path = _utf16_file(tmp_path / "utf16.db")
    payload = '{"event_id":"ev-1","reason":"Poutine à Vostotchny"}'.encode()
    store = SQLiteStore(path)
    store.append([NewRecord("rec-1", "event-retracted", 1, payload), NewRecord("rec-2", "event-retracted", 1, b"{}")])
    records = list(store.read())
    assert [r.payload for r in records] == [payload, b"{}"]
    assert verify_records(records, store.anchor()).ok
    store.close()


# -- reading records without envelopes ----------------------------------------------------------------------


def _utf16_file(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE t (x)")  # fixes the encoding; the store adds its own tables
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    return path


def _events(count: int, offset: int = 0) -> list[EventReported]:
    article = make_article("Poutine et Kim se sont rencontrés à Vostotchny mercredi, a dit l'agence « TASS ».")
    kinds = ("meeting", "visit", "launch", "talks")
    return [EventReported(make_event(article, kind=kinds[i % 4], start=offset + i, end=offset + i + 5,
                                     places=((BAIKONUR,), (KREMLIN, BAIKONUR), ())[i % 3],
                                     confidence=(i % 10) / 10))
            for i in range(count)]


def _decoded_from_envelopes(store: SQLiteStore, start: int, stop: int | None) -> list[LoggedRecord]:
    """What ``Log.records`` gave before it read rows: each envelope through ``decode_record``."""
    return [LoggedRecord(s.position, s.id, parse_utc(s.recorded_at),
                         decode_record(s.type, s.version, orjson.loads(s.payload)))
            for s in store.read(start, stop)]


@pytest.mark.parametrize("utf16", [False, True])
def test_payload_rows_are_the_envelopes_without_their_hashes(tmp_path: Path, utf16: bool) -> None:
    path = tmp_path / "log.db"
    if utf16:
        _utf16_file(path)
    with open_log(path, extractor=lambda _: ()) as log:
        log.append(_events(150))
        log.append(_events(150, offset=1000))  # a second append: another recorded_at
        store = log.store
        assert isinstance(store, SQLiteStore)
        for start, stop in ((1, None), (1, 300), (7, 7), (120, 140), (129, 260), (301, None), (0, 2)):
            rows = [row for page in store.read_payloads(start, stop) for row in page]
            expected = [(r.position, r.id, r.type, r.version, r.recorded_at, r.payload) for r in store.read(start, stop)]
            assert [(*row[:5], row[5].encode() if isinstance(row[5], str) else row[5]) for row in rows] == expected
            assert all(isinstance(row[5], str) == utf16 for row in rows)


@pytest.mark.parametrize("utf16", [False, True])
def test_records_read_from_rows_equal_the_records_decoded_from_envelopes(tmp_path: Path, utf16: bool) -> None:
    path = tmp_path / "log.db"
    if utf16:
        _utf16_file(path)
    with open_log(path, extractor=lambda _: ()) as log:
        for batch in range(3):
            log.append(_events(90, offset=100 * batch))
            log.append([ArticleAdded(make_article(f"Article numéro {batch}."))])
        log.retract(log.reports()[0].event.id, reason="doublon")
        store = log.store
        assert isinstance(store, SQLiteStore)
        for start, stop in ((1, None), (1, 90), (90, 92), (200, None), (400, None)):
            got = list(log.records(start, stop))
            assert got == _decoded_from_envelopes(store, start, stop)
            assert [type(r.recorded_at) for r in got] == [dt.datetime] * len(got)
        assert len({r.recorded_at for r in log.records()}) == 7  # one time per append


def _tamper(path: Path, payload: str, *, recorded_at: str = "2030-01-01T00:00:00.000000Z") -> None:
    """Add a row behind the store's back (the triggers refuse UPDATE and DELETE, not INSERT)."""
    conn = sqlite3.connect(path)
    position = conn.execute("SELECT MAX(position) FROM records").fetchone()[0] + 1
    record_id = f"rec-tampered-{position}"
    conn.execute("INSERT INTO records VALUES (?, ?, 'event-reported', 1, ?, ?, '', '', ?)",
                 (position, record_id, recorded_at, payload, sqlite_store.id_key(record_id)))
    conn.commit()
    conn.close()


def _error(fn: Callable[[], object]) -> tuple[str, str]:
    try:
        fn()
    except Exception as exc:  # the error itself is compared
        return type(exc).__name__, str(exc)
    raise AssertionError("no error")


@pytest.mark.parametrize("case", ["bad kind", "confidence", "not json", "time"])
def test_a_tampered_row_is_refused_after_the_records_before_it(tmp_path: Path, case: str) -> None:
    path = tmp_path / "log.db"
    with open_log(path, extractor=lambda _: ()) as log:
        log.append(_events(200))
        good = list(log.records())
        payload = orjson.loads(log.store.read(1, 1).__next__().payload)
    if case == "bad kind":
        payload["event"]["kind"] = "Pas un mot"
    elif case == "confidence":
        payload["event"]["confidence"] = 1.5
    text = "{not json" if case == "not json" else orjson.dumps(payload).decode()
    _tamper(path, text, recorded_at="hier" if case == "time" else "2030-01-01T00:00:00.000000Z")
    with open_log(path, readonly=True) as log:
        store = log.store
        assert isinstance(store, SQLiteStore)
        reader = log.records()
        assert [next(reader) for _ in good] == good
        expected = _error(lambda: _decoded_from_envelopes(store, len(good) + 1, None))
        assert _error(lambda: next(reader)) == expected
    if case in ("bad kind", "confidence"):
        assert expected[0] == "InputError" and ("kind" in expected[1] or "confidence" in expected[1])


def test_an_unfinished_reader_closes_quietly_after_its_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with open_log(tmp_path / "log.db", extractor=lambda _: ()) as log:
        log.append(_events(300))
    log = open_log(tmp_path / "log.db", readonly=True)
    records, envelopes = log.records(), log.store.read()
    assert isinstance(records, Generator) and isinstance(envelopes, Generator)
    next(records), next(envelopes)
    log.close()
    records.close()  # used to report "Cannot operate on a closed database" from the cursor's close
    envelopes.close()  # used to raise it
    del records, envelopes
    gc.collect()
    assert unraisable == []


# -- appending without looking ids up first ---------------------------------------------------------------

id_batches = st.lists(st.lists(st.sampled_from(["rec-a", "rec-b", "rec-c", "rec-d", "rec-e", "rec-f"]), max_size=6),
                      min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(id_batches)
def test_batches_with_known_records_anywhere_append_what_the_memory_store_appends(batches: list[list[str]]) -> None:
    # The SQLite store inserts first and looks ids up only when the unique index refuses one:
    # whatever was inserted before the refused record must be gone, and the chain whole.
    with tempfile.TemporaryDirectory() as folder:
        sqlite, memory = SQLiteStore(Path(folder) / "log.db"), MemoryStore()
        try:
            for batch in batches:
                records = [NewRecord(i, "event-retracted", 1, f'{{"event_id":"{i}"}}'.encode()) for i in batch]
                got, want = sqlite.append(records), memory.append(records)
                assert (got.appended, got.skipped) == (want.appended, want.skipped)
            assert [(r.position, r.id) for r in sqlite.read()] == [(r.position, r.id) for r in memory.read()]
            assert verify_records(sqlite.read(), sqlite.anchor()).ok
        finally:
            sqlite.close()


def test_a_new_log_takes_the_larger_page_size_and_an_old_one_keeps_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def page_size(path: Path) -> int:
        conn = sqlite3.connect(path)
        try:
            return int(conn.execute("PRAGMA page_size").fetchone()[0])
        finally:
            conn.close()

    def append(path: Path, n: int) -> None:
        store = SQLiteStore(path)
        store.append([NewRecord(f"rec-{n}", "event-retracted", 1, f'{{"event_id":"ev-{n}"}}'.encode())])
        store.close()

    with monkeypatch.context() as patch:  # a log made before the page size was set: SQLite's default
        patch.setattr(sqlite_store, "PAGE_SIZE", 4096)
        append(tmp_path / "old.db", 1)
    append(tmp_path / "old.db", 2)
    append(tmp_path / "new.db", 1)
    assert (page_size(tmp_path / "new.db"), page_size(tmp_path / "old.db")) == (sqlite_store.PAGE_SIZE, 4096)
    assert sqlite_store.PAGE_SIZE > 4096
    old = SQLiteStore(tmp_path / "old.db", readonly=True)
    assert [r.id for r in old.read()] == ["rec-1", "rec-2"] and verify_records(old.read(), old.anchor()).ok
    old.close()


def test_a_writing_connection_keeps_a_larger_page_cache_and_a_reading_one_the_default(tmp_path: Path) -> None:
    # The id index takes entries at random places: a writer caches it (CACHE_KIB), a reader needs no more.
    writer = SQLiteStore(tmp_path / "log.db")
    writer.append([NewRecord("rec-1", "event-retracted", 1, b'{"event_id":"ev-1"}')])
    reader = SQLiteStore(tmp_path / "log.db", readonly=True)
    try:
        sizes = [int(store._conn.execute("PRAGMA cache_size").fetchone()[0]) for store in (writer, reader)]
    finally:
        writer.close()
        reader.close()
    assert sizes[0] == -sqlite_store.CACHE_KIB and sqlite_store.CACHE_KIB > 2000
    assert sizes[1] != sizes[0]
