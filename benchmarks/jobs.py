"""``spacedip add --jobs N`` (extraction in a process pool) against ``--jobs 1``.

Run from the repository root::

    .venv/bin/python benchmarks/jobs.py              # 2,000 generated articles
    .venv/bin/python benchmarks/jobs.py --quick      # 150 generated articles
    .venv/bin/python benchmarks/jobs.py --repeat 3   # each run 3 times, interleaved; the fastest kept

Articles are generated French agency wires (``synthetic.py``) written as files with front
matter; each run adds them all to a fresh log with extraction, in a fresh process. The
articles-per-second figure includes the process start, the model load and the appends.
A second table runs a small corpus (``--small``, 20 articles), where a pool must not cost
more than it saves. Every log is compared with the ``--jobs 1`` log: the same records in
the same order (times and hashes aside). The load average is printed: on a shared machine
another process on one of the two cores costs a pool far more than one process, so compare
runs at a low load, or use ``--repeat``. The extraction-quality benchmark (against dateparser
and HeidelTime) is ``benchmarks/extraction.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, SPACEDIP, ChildRun, Row, machine_info, run_child, table
from synthetic import write_articles


def jobs_available() -> bool:
    """True if ``spacedip add`` accepts ``--jobs``."""
    done = subprocess.run([*SPACEDIP, "add", "--help"], cwd=REPO, capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


def log_records(path: Path) -> list[dict[str, object]]:
    """The records of a log without what depends on the clock (time, and the hashes over it)."""
    from spacedip.testing import clock_free_records

    return clock_free_records(str(path))


def load() -> str:
    """The 1-minute load average."""
    return f"{os.getloadavg()[0]:.2f}"


def measure(files: Sequence[str], folder: Path, jobs_list: Sequence[int], repeat: int, limit: float) -> list[Row]:
    """Add ``files`` with each ``--jobs`` value, ``repeat`` times interleaved; one row per value."""
    best: dict[int, ChildRun] = {}
    same: dict[int, bool] = {}
    for round_ in range(repeat):
        logs = {jobs: folder / f"jobs{jobs}-{len(files)}-{round_}.db" for jobs in jobs_list}
        for jobs, log in logs.items():
            run = run_child([*SPACEDIP, "--log", str(log), "add", "--jobs", str(jobs), *files],
                            timeout=limit, cwd=REPO)
            if run.timed_out or run.returncode != 0:
                best.setdefault(jobs, run)
                continue
            if jobs not in best or best[jobs].returncode != 0 or run.seconds < best[jobs].seconds:
                best[jobs] = run
        reference = logs[jobs_list[0]]
        for jobs, log in logs.items():
            if jobs != jobs_list[0]:
                equal = log.exists() and reference.exists() and log_records(log) == log_records(reference)
                same[jobs] = same.get(jobs, True) and equal
        for log in logs.values():
            log.unlink(missing_ok=True)
    rows: list[Row] = []
    base_rate = None
    for jobs in jobs_list:
        run = best[jobs]
        name = f"spacedip add --jobs {jobs}"
        if run.timed_out or run.returncode != 0:
            last = (run.output.strip().splitlines() or [""])[-1][:120]
            rows.append(Row(name, None, "articles/s", None,
                            "killed at the time limit" if run.timed_out else f"exit {run.returncode}: {last}"))
            continue
        rate = len(files) / run.seconds
        base_rate = base_rate or rate
        events = sum(int(m) for m in re.findall(r"(\d+) events found", run.output))
        check = "" if jobs == jobs_list[0] else ("; log = --jobs 1 log" if same.get(jobs) else "; LOG DIFFERS!")
        rows.append(Row(name, rate, "articles/s", rate / base_rate,
                        f"{run.seconds:,.1f} s, {events:,} events found, largest process "
                        f"{run.max_rss_mb:,.0f} MB" + ("" if events else " (nothing extracted!)") + check))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the tables."""
    parser = argparse.ArgumentParser(description="spacedip add --jobs benchmark")
    parser.add_argument("--quick", action="store_true", help="150 articles instead of 2,000")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--small", type=int, default=20, help="articles of the small-corpus table (0: skip it)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each setting, interleaved; the fastest kept")
    parser.add_argument("--limit", type=float, default=3600.0, help="seconds before a run is killed")
    args = parser.parse_args(argv)
    count = args.articles or (150 if args.quick else 2_000)
    print("\n".join(machine_info()))
    if not jobs_available():
        print("### spacedip add --jobs N\n\nnot available: `spacedip add` has no --jobs option yet")
        return 0
    cores = os.cpu_count() or 1
    jobs_list = sorted({1, 2, cores})
    with tempfile.TemporaryDirectory(prefix="spacedip-bench-") as tmp:
        files = [str(p) for p in write_articles(Path(tmp), count)]
        print(f"# load average before: {load()}")
        rows = measure(files, Path(tmp), jobs_list, args.repeat, args.limit)
        print(f"# load average after: {load()}")
        best = f" (fastest of {args.repeat} interleaved runs)" if args.repeat > 1 else ""
        print(table(f"spacedip add --jobs N ({count:,} articles, {cores} cores){best}", rows, "÷ --jobs 1"))
        if args.small:
            small = measure(files[: args.small], Path(tmp), jobs_list, args.repeat, args.limit)
            print()
            print(table(f"spacedip add --jobs N, small corpus ({args.small} articles){best}", small, "÷ --jobs 1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
