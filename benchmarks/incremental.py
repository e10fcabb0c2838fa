"""Incremental export: one new article on a big log, then ``export ical`` and ``export chronology``.

Run from the repository root::

    .venv/bin/python benchmarks/incremental.py            # a log of 10⁶ events
    .venv/bin/python benchmarks/incremental.py --quick    # a log of 2,000 events
    .venv/bin/python benchmarks/incremental.py --log big.db --skip-cold   # a log you built (copied first)
    .venv/bin/python benchmarks/incremental.py --quick --jobs 2           # every export with --jobs 2

Everything goes through the command line, as a user would, each command in a fresh
process (wall time with ``time.perf_counter``):

1. a log of N events is written (untimed), and both exports run once (``first export``:
   whatever checkpoints spacedip keeps are written then);
2. ``spacedip add one.txt`` adds one new article (with extraction, as by default);
3. ``spacedip export ical`` and ``export chronology`` run again: **incremental**, target < 2 s;
   each export runs as one file (``-o timeline.ics``) and split by year (``--per year``,
   which rewrites only the years whose entries changed), and with ``--modes ... month`` by month;
   Beside each, **the machine's floor** for it: the files that export rewrote (or wrote
   anew), written again with their SHA-256 and an ``fsync`` each, as spacedip writes them,
   in this process: what any tool producing those bytes would at least spend on them;
4. the log file alone is copied into an empty folder and any table of it whose name holds
   ``checkpoint`` or ``projection`` is dropped (so no checkpoint beside or inside it
   survives), and both exports run there: **cold**, a full rebuild, in the same run.

spacedip keeps the timeline's checkpoint in ``<log>.timeline`` beside the log (with each
exporter's cached per-entry blocks); the cold copy has none, so it rebuilds it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, SPACEDIP, machine_info, run_child
from synthetic import build_log, write_articles

TARGET_SECONDS = 2.0


def cold_copy(log: Path, folder: Path) -> Path:
    """The log file alone in ``folder``, its WAL merged, tables of checkpoints dropped."""
    conn = sqlite3.connect(log)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    folder.mkdir()
    copy = folder / log.name
    shutil.copy2(log, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        if "checkpoint" in name.lower() or "projection" in name.lower():
            conn.execute(f'DROP TABLE "{name}"')
    conn.close()
    return copy


def snapshot(target: Path) -> dict[Path, int]:
    """Every file under ``target`` (or ``target`` itself) with its modification time."""
    files = [target] if target.is_file() else [p for p in target.rglob("*") if p.is_file()]
    return {p: p.stat().st_mtime_ns for p in files}


def write_floor(files: Sequence[Path], scratch: Path) -> float:
    """Seconds to write ``files``' bytes again into ``scratch`` with SHA-256 and fsync (best of 3)."""
    best = float("inf")
    for attempt in range(3):
        folder = scratch / f"floor{attempt}"
        folder.mkdir()
        started = time.perf_counter()
        for n, source in enumerate(files):
            digest = hashlib.sha256()
            with source.open("rb") as inp, (folder / f"{n}.out").open("wb") as out:
                while chunk := inp.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        best = min(best, time.perf_counter() - started)
        shutil.rmtree(folder)
    return best


def measure(events: int, limit: float, source: Path | None = None, cold: bool = True,
            modes: Sequence[str] = ("file", "year"), jobs: int = 1) -> list[str]:
    """Run the scenario (each export with ``--jobs jobs``); returns the table lines."""
    lines = [
        f"### Incremental export after one new article (log of {events:,} events; fresh process per command; "
        f"exports with `--jobs {jobs}`)", "",
        "| step | seconds | peak RSS MB | note |", "|---|---:|---:|---|",
    ]

    hopeless: set[str] = set()

    def run(label: str, argv: list[str], note: str = "", exporter: str = "") -> float | None:
        if exporter in hopeless:
            lines.append(f"| {label} | | | not run: the first export of {exporter} passed the {limit:,.0f} s limit |")
            return None
        result = run_child(argv, timeout=limit, cwd=REPO)
        if result.timed_out:
            lines.append(f"| {label} | > {limit:,.0f} | {result.max_rss_mb:,.0f} | killed at the time limit |")
            if label.startswith("first export"):
                hopeless.add(exporter)
            return None
        if result.returncode != 0:
            last = result.output.strip().splitlines()[-1:] or [""]
            lines.append(f"| {label} | failed | | exit {result.returncode}: {last[0]} |")
            return None
        lines.append(f"| {label} | {result.seconds:,.2f} | {result.max_rss_mb:,.0f} | {note} |")
        print(lines[-1], flush=True)
        return result.seconds

    with tempfile.TemporaryDirectory(prefix="spacedip-bench-") as tmp:
        folder = Path(tmp) / "warm"
        folder.mkdir()
        log = folder / "spacedip.db"
        checkpoint = log.with_name(log.name + ".timeline")
        if source is None:
            build_log(log, events)
        else:
            shutil.copy2(source, log)
            kept = source.with_name(source.name + ".timeline")
            if kept.exists():
                shutil.copy2(kept, checkpoint)
        (one,) = write_articles(Path(tmp), 1, seed=2024)
        base = [*SPACEDIP, "--log", str(log)]
        outputs: dict[str, tuple[str, list[str]]] = {}
        jobs_flag = ["--jobs", str(jobs)]
        for name in ("ical", "chronology"):
            if "file" in modes:
                outputs[name] = (name, [*jobs_flag, "-o", str(folder / ("timeline.ics" if name == "ical" else name))])
            for per in ("year", "month"):
                if per in modes:
                    outputs[f"{name} --per {per}"] = (name, [*jobs_flag, "--per", per, "-o",
                                                             str(folder / f"{name}-by-{per}")])
        for label, (name, extra) in outputs.items():
            run(f"first export {label}", [*base, "export", name, *extra], "writes checkpoints, if any", name)
        size = checkpoint.stat().st_size / 1e6 if checkpoint.exists() else 0.0
        sizes = f"checkpoint file {size:,.0f} MB, log {log.stat().st_size / 1e6:,.0f} MB"
        run("add one.txt", [*base, "add", str(one)], sizes)
        warm: dict[str, float | None] = {}
        for label, (name, extra) in outputs.items():
            target = Path(extra[-1])
            before = snapshot(target)
            warm[label] = run(f"**export {label} after the new article (incremental)**",
                              [*base, "export", name, *extra], f"target < {TARGET_SECONDS:.0f} s", name)
            rewritten = [p for p, mtime in snapshot(target).items() if before.get(p) != mtime]
            if warm[label] is not None and rewritten:
                size = sum(p.stat().st_size for p in rewritten)
                floor = write_floor(rewritten, Path(tmp))
                lines.append(f"| {label}: the machine's floor | {floor:,.2f} | | writing the {len(rewritten)} files "
                             f"({size / 1e6:,.1f} MB) it rewrote, with SHA-256 and fsync; incremental ÷ floor "
                             f"{warm[label] / floor:,.1f} |")
                print(lines[-1], flush=True)
        if not cold:
            return lines
        for n, (label, (name, extra)) in enumerate(outputs.items()):
            cold_log = cold_copy(log, Path(tmp) / f"cold{n}")  # a copy each: none reuses another's checkpoint
            cold_base = [*SPACEDIP, "--log", str(cold_log)]
            cold_extra = [*extra[:-1], str(cold_log.parent / Path(extra[-1]).name)]
            seconds = run(f"export {label}, cold (no checkpoint)", [*cold_base, "export", name, *cold_extra],
                          "full rebuild", name)
            incremental = warm[label]
            if seconds and incremental:
                lines.append(f"| {label}: incremental ÷ cold | {incremental / seconds:.2f} | | "
                             f"{'met' if incremental < TARGET_SECONDS else 'NOT met'}: incremental "
                             f"{incremental:.2f} s vs target {TARGET_SECONDS:.0f} s |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip incremental export benchmark")
    parser.add_argument("--quick", action="store_true", help="a log of 2,000 events")
    parser.add_argument("--events", type=int)
    parser.add_argument("--limit", type=float, help="seconds before a command is killed (default 900; 60 quick)")
    parser.add_argument("--log", type=Path, help="start from a copy of this log (and its checkpoint, if any)")
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold rebuilds")
    parser.add_argument("--modes", nargs="+", choices=("file", "year", "month"), default=["file", "year"],
                        help="one file per export, split by year, by month (default: file and year)")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs given to every export (default 1)")
    args = parser.parse_args(argv)
    events = args.events or (2_000 if args.quick else 1_000_000)
    if args.log:
        with sqlite3.connect(args.log) as conn:
            events = conn.execute("SELECT count(*) FROM records WHERE type = 'event-reported'").fetchone()[0]
    limit = args.limit or (60.0 if args.quick else 900.0)
    print("\n".join(machine_info()))
    print("\n".join(measure(events, limit, args.log, not args.skip_cold, args.modes, args.jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
