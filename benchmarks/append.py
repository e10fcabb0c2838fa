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
  columns and indexes as a spacedip log (format 2: integer primary key, an index on each
  id's key, an index on time); ids, keys and hashes (previous and own, so rows are the size
  of spacedip's) are computed beforehand.
  "+ chain" also computes the SHA-256 chain in the loop.
- **eventsourcing** (PyPI) with ``PERSISTENCE_MODULE=eventsourcing.sqlite``:
  ``Application.save`` of 1,000 events a call, either 1,000 pending events of *one*
  aggregate or 1,000 new aggregates (one creation event each). The event's attribute is
  the same record object spacedip appends (an ``EventReported``), stored the way
  eventsourcing stores a type of one's own: a ``Transcoding`` registered on its JSON
  transcoder, here calling spacedip's converter (the same fast hooks spacedip uses), so
  both sides go from model objects to bytes inside the clock. The earlier shape (the
  payload already turned into a dict before the clock starts, which left the model-to-dict
  step out of eventsourcing's time only) is still measured, as "prebuilt dicts". "recorder
  direct" maps and inserts the same events without the application layer. Events and
  aggregates are built before the clock starts, as spacedip's record objects are.
- **SQLite's share**: raw ``executemany`` of JSON text encoded before the clock starts: what
  the same inserts, commits and checkpoints cost with no encoding at all. No contender
  that writes these rows this way can beat it.

The headline ratios divide spacedip's batched rate by raw ``executemany`` (no chain) and by
the faster of the two ``Application.save`` variants on model records.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
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
from spacedip.log.sqlite import CACHE_KIB, PAGE_SIZE, id_key
from spacedip.model import EventReported, Record
from spacedip.model.codec import converter

BATCH = 1000

RAW_SCHEMA = (
    "CREATE TABLE records (position INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, "
    "version INTEGER NOT NULL, recorded_at TEXT NOT NULL, payload TEXT NOT NULL, prev_hash TEXT NOT NULL, "
    "hash TEXT NOT NULL, id_key INTEGER NOT NULL)",
    "CREATE INDEX records_id_key ON records (id_key)",
    "CREATE INDEX records_recorded_at ON records (recorded_at)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
"""The layout of a spacedip log (format 2): the same columns and indexes."""
RAW_INSERT = "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


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
        self.keys = [id_key(i) for i in self.ids]
        self.type, self.version = encoded[0].type, encoded[0].version
        self.bytes = sum(len(e.payload) for e in encoded)
        self.texts = [e.payload.decode("utf-8") for e in encoded]
        # A whole chain, so the raw rows are the size of spacedip's (a 64-digit previous hash each).
        self.hashes: list[str] = []
        for i, e in enumerate(encoded):
            prev = self.hashes[-1] if self.hashes else GENESIS_HASH
            self.hashes.append(record_hash(i + 1, e.id, e.type, e.version, "2024-01-01T00:00:00.000000Z", prev,
                                           e.payload))

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
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    for statement in RAW_SCHEMA:
        conn.execute(statement)
    return conn


def raw_append(work: Workload, path: Path, batch: int, *, chain: bool = False, encoded: bool = False) -> None:
    """``json.dumps`` + ``executemany`` per batch in one transaction (optionally computing the chain).

    With ``encoded``, the JSON text made before the clock started is inserted (SQLite's share alone).
    """
    conn = raw_connect(path)
    payloads, ids, keys, hashes, texts = work.payloads, work.ids, work.keys, work.hashes, work.texts
    type_name, version = work.type, work.version
    prev = GENESIS_HASH
    for start in range(0, len(payloads), batch):
        when = now_utc_text()
        rows = []
        for i in range(start, min(start + batch, len(payloads))):
            text = texts[i] if encoded else dumps(payloads[i])
            if chain:
                digest = record_hash(i + 1, ids[i], type_name, version, when, prev, text.encode("utf-8"))
                rows.append((i + 1, ids[i], type_name, version, when, text, prev, digest, keys[i]))
                prev = digest
            else:
                rows.append((i + 1, ids[i], type_name, version, when, text, hashes[i - 1] if i else GENESIS_HASH,
                             hashes[i], keys[i]))
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


@functools.cache
def es_transcoding() -> Any:
    """How eventsourcing stores a type of one's own: a ``Transcoding``, here through spacedip's converter."""
    from eventsourcing.persistence import Transcoding

    class EventReportedAsDict(Transcoding):
        type = EventReported
        name = "spacedip_event_reported"

        def encode(self, obj: EventReported) -> dict[str, Any]:
            payload: dict[str, Any] = converter.unstructure(obj)
            return payload

        def decode(self, data: dict[str, Any]) -> EventReported:
            record: EventReported = converter.structure(data, EventReported)
            return record

    return EventReportedAsDict()


def es_app(path: Path, *, models: bool = True) -> Any:
    """An eventsourcing application on a SQLite file; with ``models``, it stores spacedip's records."""
    from es_model import Wires
    from eventsourcing.persistence import JSONTranscoder

    app = Wires(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)})
    if models:
        transcoder = app.mapper.transcoder
        assert isinstance(transcoder, JSONTranscoder)
        transcoder.register(es_transcoding())
    return app


def es_events_one_aggregate(work: Workload, *, models: bool = True) -> list[Any]:
    """Every record (or its prebuilt payload dict) as a pending event of one aggregate, collected."""
    from es_model import Wire

    wire = Wire()
    items: list[Any] = work.records if models else work.payloads  # es_model's annotation says dict; any value goes
    for item in items:
        wire.report(item)
    return list(wire.collect_events())


def es_aggregates(work: Workload, *, models: bool = True) -> list[Any]:
    """One new aggregate per record (or prebuilt payload dict)."""
    from es_model import Story

    items: list[Any] = work.records if models else work.payloads
    return [Story(item) for item in items]


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
    quieter during the benchmark weighs on every contender alike.  Every run starts after ``os.sync()``, so none
    pays for writing back the pages of the run before it.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, (_, setup, run) in contenders.items():
            prepared = setup()
            path = fresh.next()
            if hasattr(os, "sync"):  # the files of the run before are on disk: no write-back weighs on this one
                os.sync()
            started = time.perf_counter()
            run(path, prepared)
            times[name].append(time.perf_counter() - started)
    return {name: contenders[name][0] / statistics.median(t) for name, t in times.items()}


def measure(count: int, single: int, repeat: int = 5) -> tuple[list[Row], dict[str, float | None]]:
    """Run every contender; returns the table rows and the headline ratios."""
    work = Workload(count)
    few = Workload(single, seed=9)
    why = es_available()
    none: Callable[[], Any] = lambda: None  # noqa: E731
    batched: dict[str, Contender] = {
        "raw": (len(work), none, lambda p, _: raw_append(work, p, BATCH)),
        "raw_chain": (len(work), none, lambda p, _: raw_append(work, p, BATCH, chain=True)),
        "raw_encoded": (len(work), none, lambda p, _: raw_append(work, p, BATCH, encoded=True)),
        "ours": (len(work), none, lambda p, _: spacedip_append(work, p, BATCH)),
    }
    single_runs: dict[str, Contender] = {
        "raw_one": (len(few), none, lambda p, _: raw_append(few, p, 1)),
        "ours_one": (len(few), none, lambda p, _: spacedip_append(few, p, 1)),
    }
    if why is None:
        events = es_events_one_aggregate(work)
        dict_events = es_events_one_aggregate(work, models=False)
        few_events = es_events_one_aggregate(few)
        batched["es_one"] = (len(work), none, lambda p, _: es_save(es_app(p), events, BATCH))
        # Saving an aggregate collects (empties) its pending events: build them afresh for each run.
        batched["es_many"] = (len(work), lambda: es_aggregates(work), lambda p, aggs: es_save(es_app(p), aggs, BATCH))
        batched["es_one_dicts"] = (len(work), none,
                                   lambda p, _: es_save(es_app(p, models=False), dict_events, BATCH))
        batched["es_many_dicts"] = (len(work), lambda: es_aggregates(work, models=False),
                                    lambda p, aggs: es_save(es_app(p, models=False), aggs, BATCH))
        batched["es_rec"] = (len(work), none, lambda p, _: es_recorder(es_app(p), events, BATCH))
        single_runs["es_single"] = (len(few), none, lambda p, _: es_save(es_app(p), few_events, 1))
    fresh = Fresh()
    try:
        got: dict[str, float] = {**rates(batched, fresh, repeat), **rates(single_runs, fresh, repeat)}
    finally:
        fresh.close()
    raw, raw_chain, raw_encoded, ours, raw_one, ours_one = (
        got[k] for k in ("raw", "raw_chain", "raw_encoded", "ours", "raw_one", "ours_one"))
    es_one, es_many, es_one_dicts, es_many_dicts, es_rec, es_single = (
        got.get(k) for k in ("es_one", "es_many", "es_one_dicts", "es_many_dicts", "es_rec", "es_single"))
    es_best = max((r for r in (es_one, es_many) if r is not None), default=None)
    es_best_dicts = max((r for r in (es_one_dicts, es_many_dicts) if r is not None), default=None)
    rows: list[Row] = []

    def row(name: str, value: float | None, base: float | None, note: str = "") -> Row:
        ratio = value / base if value is not None and base else None
        return Row(name, value, "records/s", ratio, note if value is not None else (why or note))

    size = work.bytes / len(work)
    rows += [
        row(f"raw sqlite3 executemany + json.dumps (batch {BATCH})", raw, raw, "baseline (a): this machine's limit"),
        row("raw sqlite3 + json.dumps + SHA-256 chain", raw_chain, raw),
        row("raw sqlite3, JSON encoded before the clock (SQLite's share)", raw_encoded, raw,
            "the ceiling for anyone writing these rows"),
        row(f"**spacedip Log.append (batch {BATCH})**", ours, raw, "vs (a); target ≥ 0.70"),
        row("eventsourcing save: 1 aggregate, 1,000 events/save", es_one, raw, "model records, transcoded"),
        row("eventsourcing save: 1,000 aggregates/save", es_many, raw, "model records, transcoded"),
        row("eventsourcing save: 1 aggregate, prebuilt dicts", es_one_dicts, raw, "no model encoding timed"),
        row("eventsourcing save: 1,000 aggregates, prebuilt dicts", es_many_dicts, raw, "no model encoding timed"),
        row("eventsourcing recorder direct (1,000/insert)", es_rec, raw, "model records, transcoded"),
        Row("**spacedip ÷ best eventsourcing Application.save**", ours / es_best if es_best else None, "×", None,
            "target ≥ 2" if es_best else (why or "")),
        Row("spacedip ÷ best eventsourcing save of prebuilt dicts", ours / es_best_dicts if es_best_dicts else None,
            "×", None, "the earlier baseline" if es_best_dicts else (why or "")),
        Row("SQLite's share ÷ best eventsourcing Application.save", raw_encoded / es_best if es_best else None, "×",
            None, "the most any contender writing these rows can reach" if es_best else (why or "")),
        row("raw sqlite3, one record per transaction", raw_one, raw_one, f"{len(few):,} records"),
        row("spacedip Log.append, one record per call", ours_one, raw_one),
        row("eventsourcing save, one event per call", es_single, raw_one),
    ]
    rows.insert(0, Row(f"records ({size:,.0f} bytes of payload each)", len(work), "records"))
    ratios = {
        "append_vs_sqlite": ours / raw if raw else None,
        # the baseline: eventsourcing saves the payload dicts (built before the clock)
        "append_vs_eventsourcing": ours / es_best_dicts if es_best_dicts else None,
        # both sides start from the same model objects (eventsourcing transcodes them with our converter)
        "append_vs_eventsourcing_models": ours / es_best if es_best else None,
    }
    return rows, ratios


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip append benchmark")
    parser.add_argument("--quick", action="store_true", help="10,000 records instead of 100,000")
    parser.add_argument("--count", type=int, help="records for the batched runs")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds; the median is kept")
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
