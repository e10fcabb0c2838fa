"""``spacedip add --jobs N`` (extraction in a process pool) against ``--jobs 1``.

Run from the repository root::

    .venv/bin/python benchmarks/jobs.py            # 3,000 generated articles
    .venv/bin/python benchmarks/jobs.py --quick    # 150 generated articles

Articles are generated French agency wires (``synthetic.py``) written as files with front
matter; each run adds them all to a fresh log with extraction, in a fresh process. The
articles-per-second figure includes the process start and the model load. While
``spacedip add`` has no ``--jobs`` option, the benchmark says "not available" and stops.
The extraction-quality benchmark (against dateparser and HeidelTime) is
``benchmarks/extraction.py``.
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

from _common import REPO, SPACEDIP, Row, machine_info, run_child, table
from synthetic import write_articles


def jobs_available() -> bool:
    """True if ``spacedip add`` accepts ``--jobs``."""
    done = subprocess.run([*SPACEDIP, "add", "--help"], cwd=REPO, capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip add --jobs benchmark")
    parser.add_argument("--quick", action="store_true", help="150 articles instead of 3,000")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--limit", type=float, default=3600.0, help="seconds before a run is killed")
    args = parser.parse_args(argv)
    count = args.articles or (150 if args.quick else 3_000)
    print("\n".join(machine_info()))
    if not jobs_available():
        print("### spacedip add --jobs N\n\nnot available: `spacedip add` has no --jobs option yet")
        return 0
    cores = os.cpu_count() or 1
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="spacedip-bench-") as tmp:
        files = [str(p) for p in write_articles(Path(tmp), count)]
        base_rate = None
        for jobs in sorted({1, 2, cores}):
            log = Path(tmp) / f"jobs{jobs}.db"
            run = run_child([*SPACEDIP, "--log", str(log), "add", "--jobs", str(jobs), *files],
                            timeout=args.limit, cwd=REPO)
            if run.timed_out or run.returncode != 0:
                last = (run.output.strip().splitlines() or [""])[-1][:120]
                rows.append(Row(f"spacedip add --jobs {jobs}", None, "articles/s", None,
                                "killed at the time limit" if run.timed_out else f"exit {run.returncode}: {last}"))
                continue
            rate = count / run.seconds
            base_rate = base_rate or rate
            events = sum(int(m) for m in re.findall(r"(\d+) events found", run.output))
            rows.append(Row(f"spacedip add --jobs {jobs}", rate, "articles/s", rate / base_rate,
                            f"{run.seconds:,.1f} s, {events:,} events found, largest process "
                            f"{run.max_rss_mb:,.0f} MB" + ("" if events else " (nothing extracted!)")))
    print(table(f"spacedip add --jobs N ({count:,} articles, {cores} cores)", rows, "÷ --jobs 1"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
