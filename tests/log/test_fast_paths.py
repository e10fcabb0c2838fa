"""The append and read fast paths keep the chain and the file format as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.log import NewRecord, SQLiteStore, StoredRecord, record_hash, verify_records
from spacedip.log.chain import seal, seal_rows
from spacedip.log.records import GENESIS_HASH, Head

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
    path = tmp_path / "utf16.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE t (x)")  # fixes the encoding; the store adds its own tables
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    payload = '{"event_id":"ev-1","reason":"Poutine à Vostotchny"}'.encode()
    store = SQLiteStore(path)
    store.append([NewRecord("rec-1", "event-retracted", 1, payload), NewRecord("rec-2", "event-retracted", 1, b"{}")])
    records = list(store.read())
    assert [r.payload for r in records] == [payload, b"{}"]
    assert verify_records(records, store.anchor()).ok
    store.close()
