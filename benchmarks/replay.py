"""Replay: reading and decoding the whole log, against raw ``sqlite3`` + ``json.loads`` and eventsourcing.

Run from the repository root::

    .venv/bin/python benchmarks/replay.py            # 100,000 records
    .venv/bin/python benchmarks/replay.py --quick    # 10,000 records

The logs are written first (untimed) with the records of ``synthetic.py``. Then:

- **raw sqlite3**: ``SELECT`` every column of the same rows in position order, 512 rows a
  ``fetchmany``, ``json.loads`` of each payload (plain dicts).
- **spacedip** ``Log.records()``: the same rows decoded into model objects (``Event``,
  ``Place``, ``Date``...) with upcasting: the headline. Also shown: ``store.read()`` alone
  (no decoding) and ``Log.replay()`` (decoding and folding into the timeline state).
- **eventsourcing**: its notification log read in sections of 512 (``select``) and each
  notification decoded into its domain event (``mapper.to_domain_event``). The events were
  saved with spacedip's record as their attribute (see ``append.py``), so decoding gives
  the same model objects through eventsourcing's ``Transcoding`` (spacedip's converter,
  the same fast hooks). The earlier shape, where eventsourcing stopped at a dict and so
  skipped building the objects spacedip's side is timed building, is still measured
  ("payload left a dict").
- **peak RSS** of a fresh process streaming ``Log.records()`` over the whole log, minus
  that of the same process opening the log only: flat if replay is streamed. That process's
  rate is shown too: its first pass reads every distinct date, place and actor for the first
  time, while the timed rounds above share the tables the earlier rounds filled.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PYTHON, REPO, Row, machine_info, run_child, table
from append import BATCH, Workload, es_app, es_available, es_events_one_aggregate, es_save

from spacedip.api import open_log


def raw_read(path: Path) -> int:
    """Every row, payload through ``json.loads``."""
    conn = sqlite3.connect(path)
    cursor = conn.execute(
        "SELECT position, id, type, version, recorded_at, payload, prev_hash, hash FROM records ORDER BY position")
    count = 0
    loads = json.loads
    while rows := cursor.fetchmany(512):
        for row in rows:
            loads(row[5])
            count += 1
    conn.close()
    return count


def spacedip_records(path: Path) -> int:
    """``Log.records()``: decoded model objects."""
    with open_log(path, readonly=True) as log:
        return sum(1 for _ in log.records())


def spacedip_read(path: Path) -> int:
    """``store.read()``: the stored envelopes, not decoded."""
    with open_log(path, readonly=True) as log:
        return sum(1 for _ in log.store.read())


def spacedip_replay(path: Path) -> int:
    """``Log.replay()``: decoded and folded into the timeline state."""
    with open_log(path, readonly=True) as log:
        return log.replay().position


def es_read(path: Path, *, models: bool = True) -> int:
    """eventsourcing's notification log, section by section, each notification decoded."""
    from es_model import SECTION

    app = es_app(path, models=models)
    select, decode = app.notification_log.select, app.mapper.to_domain_event
    start, count = 1, 0
    while True:
        section = select(start, SECTION)
        if not section:
            break
        for notification in section:
            decode(notification)
        count += len(section)
        start = section[-1].id + 1
    app.close()
    return count


_STREAM = """
import sys, time
from spacedip.api import open_log
with open_log(sys.argv[1], readonly=True) as log:
    if sys.argv[2] == "records":
        started = time.perf_counter()
        n = sum(1 for _ in log.records())
        print(n / (time.perf_counter() - started))
"""


def stream_memory(path: Path) -> tuple[float, float, float]:
    """Peak RSS (MB) of a process streaming ``Log.records()`` and of one only opening the log, and the
    first process's rate (records/s): a first pass, its tables of dates, places and actors empty."""
    full = run_child([PYTHON, "-c", _STREAM, str(path), "records"], timeout=1800, cwd=REPO)
    idle = run_child([PYTHON, "-c", _STREAM, str(path), "open"], timeout=600, cwd=REPO)
    return full.max_rss_mb, idle.max_rss_mb, float(full.output.split()[-1])


def measure(count: int, repeat: int = 7) -> tuple[list[Row], dict[str, float | None]]:
    """Write the logs, then time each reader; returns rows and the headline ratios."""
    work = Workload(count)
    with tempfile.TemporaryDirectory(prefix="spacedip-bench-") as tmp:
        ours_path, es_path, es_dicts_path = Path(tmp) / "spacedip.db", Path(tmp) / "es.db", Path(tmp) / "es-dicts.db"
        with open_log(ours_path, extractor=lambda _: ()) as log:
            for i in range(0, len(work.records), BATCH):
                log.append(work.records[i : i + BATCH])
        why = es_available()
        if why is None:
            es_save(es_app(es_path), es_events_one_aggregate(work), BATCH)
            es_save(es_app(es_dicts_path, models=False), es_events_one_aggregate(work, models=False), BATCH)

        readers: dict[str, tuple[Any, Path]] = {
            "raw": (raw_read, ours_path), "records": (spacedip_records, ours_path),
            "envelopes": (spacedip_read, ours_path), "replay": (spacedip_replay, ours_path),
        }
        if why is None:
            readers["es"] = (es_read, es_path)
            readers["es_dicts"] = (lambda p: es_read(p, models=False), es_dicts_path)
        times: dict[str, list[float]] = {name: [] for name in readers}
        for _ in range(repeat):  # interleaved, so a busier machine weighs on every reader alike
            for name, (fn, path) in readers.items():
                started = time.perf_counter()
                fn(path)
                times[name].append(time.perf_counter() - started)
        got = {name: count / statistics.median(t) for name, t in times.items()}
        raw, records, envelopes, replay = got["raw"], got["records"], got["envelopes"], got["replay"]
        es, es_dicts = got.get("es"), got.get("es_dicts")
        peak, idle, cold = stream_memory(ours_path)

    rows = [
        Row("records", count, "records"),
        Row("raw sqlite3 fetchmany(512) + json.loads", raw, "records/s", 1.0, "baseline"),
        Row("spacedip store.read() (envelopes, no decoding)", envelopes, "records/s", envelopes / raw),
        Row("**spacedip Log.records() (model objects)**", records, "records/s", records / raw, "target ≥ 0.70"),
        Row("spacedip Log.records(), first pass in a fresh process", cold, "records/s", cold / raw,
            "every date, place and actor read for the first time"),
        Row("spacedip Log.replay() (decode + fold)", replay, "records/s", replay / raw),
        Row("eventsourcing notification log select(512) + decode", es, "records/s",
            es / raw if es else None, "model objects, transcoded" if es else (why or "")),
        Row("eventsourcing notification log, payload left a dict", es_dicts, "records/s",
            es_dicts / raw if es_dicts else None, "no model objects built" if es_dicts else (why or "")),
        Row("**spacedip Log.records() ÷ eventsourcing**", records / es if es else None, "×", None,
            "target ≥ 1.5"),
        Row("spacedip Log.records() ÷ eventsourcing, payload left a dict", records / es_dicts if es_dicts else None,
            "×", None, "the earlier baseline"),
        Row("peak RSS streaming Log.records()", peak, "MB", None, f"{idle:.0f} MB when only opening the log"),
    ]
    ratios = {"replay_vs_sqlite": records / raw,
              # the baseline: eventsourcing's notification log read, payloads decoded to dicts
              "replay_vs_eventsourcing": records / es_dicts if es_dicts else None,
              # both sides end with the same model objects (eventsourcing transcodes with our converter)
              "replay_vs_eventsourcing_models": records / es if es else None}
    return rows, ratios


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip replay benchmark")
    parser.add_argument("--quick", action="store_true", help="10,000 records instead of 100,000")
    parser.add_argument("--count", type=int)
    parser.add_argument("--repeat", type=int, default=7, help="interleaved rounds; the median is kept")
    args = parser.parse_args(argv)
    count = args.count or (10_000 if args.quick else 100_000)
    print("\n".join(machine_info()))
    rows, ratios = measure(count, args.repeat)
    print(table(f"Replay (median of {args.repeat} runs)", rows, "÷ raw"))
    print("RATIOS " + " ".join(f"{k}={v:.2f}" if v is not None else f"{k}=n/a" for k, v in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
