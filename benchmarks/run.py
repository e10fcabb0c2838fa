"""Run every spacedip benchmark and end with the headline ratios.

Run from the repository root::

    .venv/bin/python benchmarks/run.py            # full size (hours: the 10⁶-event logs)
    .venv/bin/python benchmarks/run.py --quick    # each benchmark at a size finishing in about two minutes
    .venv/bin/python benchmarks/run.py --only append replay

Each benchmark runs in its own process (so one's imports and memory do not colour the
next) and prints its own Markdown table. The last line is
``RATIOS append_vs_sqlite=… append_vs_eventsourcing=… replay_vs_sqlite=… replay_vs_eventsourcing=…``:
spacedip's rate divided by the baseline's, both measured in this run. Results and how
to read them: ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("startup", "append", "replay", "export", "incremental", "jobs", "extraction")
RATIO_KEYS = ("append_vs_sqlite", "append_vs_eventsourcing", "replay_vs_sqlite", "replay_vs_eventsourcing")
"""The issue's headline ratios: eventsourcing is given (and returns) payload dicts, as the issue defines it."""
EXTRA_KEYS = ("append_vs_eventsourcing_models", "replay_vs_eventsourcing_models")
"""The same with eventsourcing given our model objects (transcoded by our converter): like for like."""


def run_one(name: str, quick: bool) -> dict[str, str]:
    """Run ``benchmarks/<name>.py``, echo its output, and return the ratios it printed."""
    argv = [sys.executable, str(HERE / f"{name}.py"), *(["--quick"] if quick else [])]
    print(f"\n## {name}: {' '.join(Path(a).name if a.endswith('.py') else a for a in argv[1:])}\n", flush=True)
    started = time.perf_counter()
    ratios: dict[str, str] = {}
    with subprocess.Popen(argv, cwd=HERE.parent, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("RATIOS "):
                for part in line.split()[1:]:
                    key, _, value = part.partition("=")
                    ratios[key] = value
            sys.stdout.write(line)
            sys.stdout.flush()
    if proc.returncode:
        print(f"# {name} FAILED (exit {proc.returncode})")
    print(f"# {name} took {time.perf_counter() - started:,.0f} s", flush=True)
    return ratios


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; the last line holds the headline ratios."""
    parser = argparse.ArgumentParser(description="run spacedip's benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes: each benchmark in about two minutes")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run these benchmarks only")
    args = parser.parse_args(argv)
    ratios: dict[str, str] = {}
    for name in args.only or BENCHMARKS:
        ratios.update(run_one(name, args.quick))
    print("RATIOS " + " ".join(f"{key}={ratios.get(key, 'n/a')}" for key in RATIO_KEYS))
    print("RATIOS-MODELS " + " ".join(f"{key}={ratios.get(key, 'n/a')}" for key in EXTRA_KEYS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
