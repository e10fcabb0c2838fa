"""Append: spacedip's SQLite log against raw ``sqlite3`` and the ``eventsourcing`` library.

Run from the repository root::

    .venv/bin/python benchmarks/append.py            # 100,000 records
    .venv/bin/python benchmarks/append.py --quick    # 10,000 records

Every contender writes the same records (``event-reported``, about 1.1 KB of canonical
JSON each, see ``synthetic.py``) into a fresh file in WAL mode with ``synchronous=FULL``
(SQLite's default, which spacedip and eventsourcing both use), in batches of 1,000 and,
on a smaller count, one record per transaction:

- **spacedip** ``Log.append(records)``: model objects → cattrs → canonical JSON →
  content id → duplicate check → hash chain → ``INSERT`` + head in ``meta``.
- **raw sqlite3**: ``json.dumps`` (canonical: sorted keys, no spaces, UTF-8) of the
  payload dicts and ``executemany`` in one transaction into a table with the same
  columns and indexes (integer primary key, unique id, index on time); ids and hashes are
  computed beforehand. "+ chain" also computes the SHA-256 chain in the loop.
- **eventsourcing** (PyPI) with ``PERSISTENCE_MODULE=eventsourcing.sqlite``:
  ``Application.save`` of 1,000 events a call, either 1,000 pending events of *one*
  aggregate or 1,000 new aggregates (one creation event each), the payload dict as the
  event's attribute (its JSON transcoder encodes it); "recorder direct" maps and inserts
  the same events without the application layer. Events and aggregates are built
  before the clock starts, as spacedip's record objects are.

The headline ratios divide spacedip's batched rate by raw ``executemany`` (no chain) and by
the faster of the two ``Application.save`` variants.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, machine_info, table
from synthetic import Generator

from spacedip.api import _encode, open_log
from spacedip.log.chain import now_utc_text
from spacedip.log.records import GENESIS_HASH, record_hash
from spacedip.model import Record
from spacedip.model.codec import converter

BATCH = 1000

RAW_SCHEMA = (
    "CREATE TABLE records (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, "
    "version INTEGER NOT NULL, recorded_at TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, "
    "hash TEXT NOT NULL)",
    "CREATE INDEX records_recorded_at ON records (recorded_at)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
RAW_INSERT = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


def dumps(payload: Any) -> str:
    """The canonical JSON spacedip stores, as text."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


class Workload:
    """The records, and what the baselines need of them (computed once, untimed)."""

    def __init__(self, count: int, seed: int = 8) -> None:
        self.records: list[Record] = list(Generator(seed).events(count))
        self.payloads: list[dict[str, Any]] = [converter.unstructure(r) for r in self.records]
        encoded = [_encode(r) for r in self.records]
        self.ids = [e.id for e in encoded]
        self.type, self.version = encoded[0].type, encoded[0].version
        self.bytes = sum(len(e.payload) for e in encoded)
        self.hashes = [record_hash(i + 1, e.id, e.type, e.version, "2024-01-01T00:00:00.000000Z", "", e.payload)
                       for i, e in enumerate(encoded)]

    def __len__(self) -> int:
        return len(self.records)


# -- contenders ---------------------------------------------------------------------------------------


def spacedip_append(work: Workload, path: Path, batch: int) -> None:
    """``Log.append`` of ``batch`` model records at a time."""
    with open_log(path, extractor=lambda _: ()) as log:
        records = work.records
        for i in range(0, len(records), batch):
            log.append(records[i : i + batch])


def raw_connect(path: Path) -> sqlite3.Connection:
    """A raw connection with spacedip's pragmas and the same table and indexes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    for statement in RAW_SCHEMA:
        conn.execute(statement)
    return conn


def raw_append(work: Workload, path: Path, batch: int, *, chain: bool = False) -> None:
    """``json.dumps`` + ``executemany`` per batch in one transaction (optionally computing the chain)."""
    conn = raw_connect(path)
    payloads, ids, hashes = work.payloads, work.ids, work.hashes
    type_name, version = work.type, work.version
    prev = GENESIS_HASH
    for start in range(0, len(payloads), batch):
        when = now_utc_text()
        rows = []
        for i in range(start, min(start + batch, len(payloads))):
            text = dumps(payloads[i])
            if chain:
                digest = record_hash(i + 1, ids[i], type_name, version, when, prev, text.encode("utf-8"))
                rows.append((i + 1, ids[i], type_name, version, when, text, prev, digest))
                prev = digest
            else:
                rows.append((i + 1, ids[i], type_name, version, when, text, prev, hashes[i]))
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(RAW_INSERT, rows)
        if chain:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (f"{rows[-1][0]}:{rows[-1][7]}",))
        conn.execute("COMMIT")
    conn.close()


# -- eventsourcing ------------------------------------------------------------------------------------


def es_available() -> str | None:
    """``None`` if eventsourcing imports, else why not."""
    try:
        import eventsourcing  # noqa: F401
    except ImportError as exc:
        return f"eventsourcing not installed ({exc}); pip install 'eventsourcing>=9.3'"
    return None


def es_app(path: Path) -> Any:
    """An eventsourcing application on a SQLite file."""
    from es_model import Wires

    return Wires(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)})


def es_events_one_aggregate(work: Workload) -> list[Any]:
    """Every payload as a pending event of one aggregate, collected."""
    from es_model import Wire

    wire = Wire()
    for payload in work.payloads:
        wire.report(payload)
    return list(wire.collect_events())


def es_aggregates(work: Workload) -> list[Any]:
    """One new aggregate per payload."""
    from es_model import Story

    return [Story(payload) for payload in work.payloads]


def es_save(app: Any, items: Sequence[Any], batch: int) -> None:
    """``Application.save`` of ``batch`` events (or aggregates) per call."""
    for i in range(0, len(items), batch):
        app.save(*items[i : i + batch])
    app.close()


def es_recorder(app: Any, events: Sequence[Any], batch: int) -> None:
    """The recorder called directly with the mapped events."""
    to_stored, insert = app.mapper.to_stored_event, app.recorder.insert_events
    for i in range(0, len(events), batch):
        insert([to_stored(e) for e in events[i : i + batch]])
    app.close()


# -- running ------------------------------------------------------------------------------------------


class Fresh:
    """A new file name per run, in a temporary folder removed at the end."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="spacedip-bench-")
        self._n = 0
        self.path = Path(self._dir.name) / "none"

    def next(self) -> Path:
        """A fresh path (the previous run's files are deleted)."""
        for old in Path(self._dir.name).iterdir():
            old.unlink()
        self._n += 1
        self.path = Path(self._dir.name) / f"run{self._n}.db"
        return self.path

    def close(self) -> None:
        """Remove the folder."""
        self._dir.cleanup()


Contender = tuple[int, Callable[[], Any], Callable[[Path, Any], None]]
"""Records written, an untimed setup (its result is passed on), and the timed run into a fresh file."""


def rates(contenders: dict[str, Contender], fresh: Fresh, repeat: int) -> dict[str, float]:
    """Records per second of each contender: the median of ``repeat`` runs, each into a fresh file.

    Runs are interleaved (one of each contender per round), so a machine that gets busier or
    quieter during the benchmark weighs on every contender alike.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, (_, setup, run) in contenders.items():
            prepared = setup()
            path = fresh.next()
            started = time.perf_counter()
            run(path, prepared)
            times[name].append(time.perf_counter() - started)
    return {name: contenders[name][0] / statistics.median(t) for name, t in times.items()}


def measure(count: int, single: int, repeat: int = 3) -> tuple[list[Row], dict[str, float | None]]:
    """Run every contender; returns the table rows and the headline ratios."""
    work = Workload(count)
    few = Workload(single, seed=9)
    why = es_available()
    none: Callable[[], Any] = lambda: None  # noqa: E731
    batched: dict[str, Contender] = {
        "raw": (len(work), none, lambda p, _: raw_append(work, p, BATCH)),
        "raw_chain": (len(work), none, lambda p, _: raw_append(work, p, BATCH, chain=True)),
        "ours": (len(work), none, lambda p, _: spacedip_append(work, p, BATCH)),
    }
    single_runs: dict[str, Contender] = {
        "raw_one": (len(few), none, lambda p, _: raw_append(few, p, 1)),
        "ours_one": (len(few), none, lambda p, _: spacedip_append(few, p, 1)),
    }
    if why is None:
        events = es_events_one_aggregate(work)
        few_events = es_events_one_aggregate(few)
        batched["es_one"] = (len(work), none, lambda p, _: es_save(es_app(p), events, BATCH))
        # Saving an aggregate collects (empties) its pending events: build them afresh for each run.
        batched["es_many"] = (len(work), lambda: es_aggregates(work), lambda p, aggs: es_save(es_app(p), aggs, BATCH))
        batched["es_rec"] = (len(work), none, lambda p, _: es_recorder(es_app(p), events, BATCH))
        single_runs["es_single"] = (len(few), none, lambda p, _: es_save(es_app(p), few_events, 1))
    fresh = Fresh()
    try:
        got: dict[str, float] = {**rates(batched, fresh, repeat), **rates(single_runs, fresh, repeat)}
    finally:
        fresh.close()
    raw, raw_chain, ours, raw_one, ours_one = (got[k] for k in ("raw", "raw_chain", "ours", "raw_one", "ours_one"))
    es_one, es_many, es_rec, es_single = (got.get(k) for k in ("es_one", "es_many", "es_rec", "es_single"))
    es_best = max((r for r in (es_one, es_many) if r is not None), default=None)
    rows: list[Row] = []

    def row(name: str, value: float | None, base: float | None, note: str = "") -> Row:
        ratio = value / base if value is not None and base else None
        return Row(name, value, "records/s", ratio, note if value is not None else (why or note))

    size = work.bytes / len(work)
    rows += [
        row(f"raw sqlite3 executemany + json.dumps (batch {BATCH})", raw, raw, "baseline (a): this machine's limit"),
        row("raw sqlite3 + json.dumps + SHA-256 chain", raw_chain, raw),
        row(f"**spacedip Log.append (batch {BATCH})**", ours, raw, "vs (a); target ≥ 0.70"),
        row("eventsourcing save: 1 aggregate, 1,000 events/save", es_one, raw),
        row("eventsourcing save: 1,000 aggregates/save", es_many, raw),
        row("eventsourcing recorder direct (1,000/insert)", es_rec, raw),
        Row("**spacedip ÷ best eventsourcing Application.save**", ours / es_best if es_best else None, "×", None,
            "target ≥ 2" if es_best else (why or "")),
        row("raw sqlite3, one record per transaction", raw_one, raw_one, f"{len(few):,} records"),
        row("spacedip Log.append, one record per call", ours_one, raw_one),
        row("eventsourcing save, one event per call", es_single, raw_one),
    ]
    rows.insert(0, Row(f"records ({size:,.0f} bytes of payload each)", len(work), "records"))
    ratios = {
        "append_vs_sqlite": ours / raw if raw else None,
        "append_vs_eventsourcing": ours / es_best if es_best else None,
    }
    return rows, ratios


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip append benchmark")
    parser.add_argument("--quick", action="store_true", help="10,000 records instead of 100,000")
    parser.add_argument("--count", type=int, help="records for the batched runs")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    count = args.count or (10_000 if args.quick else 100_000)
    single = 300 if args.quick else 2_000
    print("\n".join(machine_info()))
    rows, ratios = measure(count, single, args.repeat)
    print(table(f"Append (median of {args.repeat} runs)", rows, "÷ baseline"))
    print("RATIOS " + " ".join(f"{k}={v:.2f}" if v is not None else f"{k}=n/a" for k, v in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
