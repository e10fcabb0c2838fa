"""The store contract, written once and run against every store."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacedip.errors import ConcurrencyError, NotALogError, ReadOnlyLogError
from spacedip.log import MemoryStore, NewRecord, SQLiteStore, Store, verify_records


def rec(n: int, body: str = "x") -> NewRecord:
    return NewRecord(f"rec-{n}", "event-retracted", 1, f'{{"event_id":"ev-{n}","reason":"{body}"}}'.encode())


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "log.db")
    yield made
    made.close()


class TestAppend:
    def test_positions_are_gapless_from_one(self, store: Store) -> None:
        store.append([rec(1), rec(2)])
        store.append([rec(3)])
        assert [r.position for r in store.read()] == [1, 2, 3]
        assert store.head().position == 3

    def test_empty_log_head(self, store: Store) -> None:
        head = store.head()
        assert (head.position, head.hash, head.recorded_at) == (0, "", None)

    def test_idempotent_by_id(self, store: Store) -> None:
        first = store.append([rec(1), rec(2)])
        again = store.append([rec(2), rec(1), rec(3)])
        assert first.appended == (1, 2)
        assert again.appended == (3,)
        assert set(again.skipped) == {"rec-1", "rec-2"}
        assert [r.id for r in store.read()] == ["rec-1", "rec-2", "rec-3"]

    def test_duplicate_inside_a_batch_is_written_once(self, store: Store) -> None:
        result = store.append([rec(1), rec(1)])
        assert result.appended == (1,) and result.skipped == ("rec-1",)

    def test_expected_head(self, store: Store) -> None:
        store.append([rec(1)], expected_head=0)
        with pytest.raises(ConcurrencyError, match="expected head at position 0, found 1"):
            store.append([rec(2)], expected_head=0)
        assert store.head().position == 1

    def test_chain_links_and_verifies(self, store: Store) -> None:
        store.append([rec(1), rec(2)])
        store.append([rec(3)])
        records = list(store.read())
        assert records[0].prev_hash == ""
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
        assert verify_records(records, store.anchor()).ok

    def test_times_never_go_back(self, store: Store) -> None:
        for n in range(20):
            store.append([rec(n)])
        times = [r.recorded_at for r in store.read()]
        assert times == sorted(times)
        assert all(t.endswith("Z") for t in times)


class TestRead:
    def test_from_any_position(self, store: Store) -> None:
        store.append([rec(n) for n in range(1, 11)])
        assert [r.position for r in store.read(7)] == [7, 8, 9, 10]
        assert [r.position for r in store.read(3, 5)] == [3, 4, 5]
        assert list(store.read(11)) == []

    def test_position_at_time(self, store: Store) -> None:
        store.append([rec(1)])
        first_time = store.head().recorded_at
        assert first_time is not None
        store.append([rec(2)])
        assert store.position_at(first_time) >= 1
        assert store.position_at("2000-01-01T00:00:00.000000Z") == 0
        assert store.position_at("9999-01-01T00:00:00.000000Z") == 2

    def test_known_ids(self, store: Store) -> None:
        store.append([rec(1), rec(2)])
        assert store.known_ids(["rec-1", "rec-9"]) == {"rec-1"}


class TestSQLiteOnly:
    def test_triggers_refuse_update_and_delete(self, tmp_path: Path) -> None:
        path = tmp_path / "log.db"
        store = SQLiteStore(path)
        store.append([rec(1)])
        store.close()
        conn = sqlite3.connect(path)
        with pytest.raises(sqlite3.DatabaseError, match="append-only: UPDATE refused"):
            conn.execute("UPDATE records SET payload = '{}'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only: DELETE refused"):
            conn.execute("DELETE FROM records")
        conn.close()

    def test_not_a_log(self, tmp_path: Path) -> None:
        text = tmp_path / "notes.txt"
        text.write_text("hello, this is not SQLite at all\n")
        with pytest.raises(NotALogError, match="not a spacedip log"):
            SQLiteStore(text)
        other = tmp_path / "other.db"
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE customers (id INTEGER)")
        conn.commit()
        conn.close()
        with pytest.raises(NotALogError, match="another program"):
            SQLiteStore(other)
        with pytest.raises(NotALogError, match="folder"):
            SQLiteStore(tmp_path)

    def test_readonly_reads_but_refuses_appends(self, tmp_path: Path) -> None:
        path = tmp_path / "log.db"
        store = SQLiteStore(path)
        store.append([rec(1)])
        store.close()
        ro = SQLiteStore(path, readonly=True)
        assert [r.id for r in ro.read()] == ["rec-1"]
        with pytest.raises(ReadOnlyLogError, match="read-only"):
            ro.append([rec(2)])
        ro.close()

    def test_failed_batch_leaves_nothing(self, tmp_path: Path) -> None:
        path = tmp_path / "log.db"
        store = SQLiteStore(path)
        store.append([rec(1)])
        bad = NewRecord("rec-bad", "event-retracted", 1, b"\xff\xfe not utf-8")
        with pytest.raises(UnicodeDecodeError):
            store.append([rec(2), bad])
        assert [r.id for r in store.read()] == ["rec-1"]
        assert store.append([rec(2)]).appended == (2,)
        store.close()
