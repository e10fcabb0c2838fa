"""Export: each exporter on logs of 10³ to 10⁶ events, wall time and peak RSS, and how both grow.

Run from the repository root::

    .venv/bin/python benchmarks/export.py            # 10³, 10⁴, 10⁵, 10⁶ events
    .venv/bin/python benchmarks/export.py --quick    # 10³ and 10⁴, 20 s limit per run

For each size a log is written (untimed) to a temporary SQLite file: one article of
about 1,500 characters for every five events (see ``synthetic.py``). Then each command
runs in a fresh process, measured from outside (wall time with ``time.perf_counter``,
peak RSS from ``os.wait4``):

- ``spacedip events --json`` (the projection: replay, grouping, one line per entry)
  beside the three exporters, so the projection's share is visible;
- ``spacedip export chronology|ical|kml -o <tmp>``.

A run that passes the time limit is killed and shown as ``> limit``. The growth column
is the exponent *k* in time ∝ nᵏ between consecutive sizes (1 is linear, 2 quadratic).
A command whose time at the next size, extrapolated with its measured *k* (at least 1),
would pass the limit is not run there: the row says so and gives the extrapolated time
(a log no command would run on is not built).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, SPACEDIP, ChildRun, machine_info, run_child
from synthetic import build_log

EXPORTERS = ("chronology", "ical", "kml")
MEMORY_LIMIT_MB = 300


def commands(log: Path, out: Path) -> dict[str, list[str]]:
    """The commands measured on one log."""
    base = [*SPACEDIP, "--log", str(log)]
    cmds = {"events (projection)": [*base, "events", "--json"]}
    for name in EXPORTERS:
        target = out / {"chronology": "chronology", "ical": "timeline.ics", "kml": "maps"}[name]
        cmds[f"export {name}"] = [*base, "export", name, "-o", str(target)]
    return cmds


def growth(prev: tuple[int, float] | None, size: int, seconds: float) -> str:
    """The exponent k of time ∝ nᵏ from the previous size to this one."""
    if prev is None or prev[1] <= 0 or seconds <= 0:
        return ""
    return f"{math.log(seconds / prev[1]) / math.log(size / prev[0]):.2f}"


def measure(sizes: Sequence[int], limit: float) -> list[str]:
    """Build each log, run each command; returns the table lines."""
    lines = [
        "### Export (fresh process per run; wall time and peak RSS)", "",
        "| events | records | log MB | command | seconds | peak RSS MB | time growth k | note |",
        "|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    previous: dict[str, tuple[int, float]] = {}
    exponent: dict[str, float] = {}
    dead: set[str] = set()
    names = list(commands(Path("log"), Path("out")))

    def predicted(name: str, size: int) -> float | None:
        if name not in previous:
            return None
        prev_size, prev_seconds = previous[name]
        return float(prev_seconds * (size / prev_size) ** max(exponent.get(name, 1.0), 1.0))

    with tempfile.TemporaryDirectory(prefix="spacedip-bench-") as tmp:
        for size in sizes:
            if all(n in dead or (predicted(n, size) or 0) > limit for n in names):
                for n in names:
                    guess = predicted(n, size)
                    why = f"not run: extrapolated {guess:,.0f} s" if guess else "not run: smaller log timed out"
                    lines.append(f"| {size:,} | | | {n} | | | | {why} (limit {limit:,.0f} s) |")
                continue
            log = Path(tmp) / f"log-{size}.db"
            started = time.perf_counter()
            records = build_log(log, size)
            built = time.perf_counter() - started
            megabytes = log.stat().st_size / 1e6
            print(f"# built a log of {size:,} events ({records:,} records, {megabytes:,.0f} MB) in {built:,.0f} s",
                  flush=True)
            out = Path(tmp) / f"out-{size}"
            out.mkdir()
            for name, argv in commands(log, out).items():
                guess = predicted(name, size)
                if name in dead or (guess is not None and guess > limit):
                    why = f"not run: extrapolated {guess:,.0f} s" if guess else "not run: smaller log timed out"
                    lines.append(f"| {size:,} | {records:,} | {megabytes:,.0f} | {name} | | | | "
                                 f"{why} (limit {limit:,.0f} s) |")
                    continue
                run: ChildRun = run_child(argv, timeout=limit, cwd=REPO)
                note = ""
                if run.timed_out:
                    dead.add(name)
                    seconds, k = f"> {limit:,.0f}", ""
                    note = "killed at the time limit"
                elif run.returncode != 0:
                    seconds, k = "failed", ""
                    note = f"exit {run.returncode}: {run.output.strip().splitlines()[-1:] or ''}"
                else:
                    seconds = f"{run.seconds:,.2f}"
                    k = growth(previous.get(name), size, run.seconds)
                    if k:
                        exponent[name] = float(k)
                    previous[name] = (size, run.seconds)
                    if run.max_rss_mb > MEMORY_LIMIT_MB:
                        note = f"over the {MEMORY_LIMIT_MB} MB target"
                lines.append(f"| {size:,} | {records:,} | {megabytes:,.0f} | {name} | {seconds} | "
                             f"{run.max_rss_mb:,.0f} | {k} | {note} |")
                print(lines[-1], flush=True)
            log.unlink()
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip export benchmark")
    parser.add_argument("--quick", action="store_true", help="10³ and 10⁴ events, 20 s limit per run")
    parser.add_argument("--sizes", type=int, nargs="+", help="event counts (default 1000 10000 100000 1000000)")
    parser.add_argument("--limit", type=float, help="seconds before a run is killed (default 900; 20 with --quick)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000])
    limit = args.limit or (20.0 if args.quick else 900.0)
    print("\n".join(machine_info()))
    print("\n".join(measure(sizes, limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
