"""Start-up: ``import spacedip`` and ``spacedip --help`` wall time, in fresh processes.

Run from the repository root::

    .venv/bin/python benchmarks/startup.py [--quick]

Each command runs ``--repeat`` times (default 15; 7 with ``--quick``) and the median
is shown, beside ``python -c pass`` (the interpreter's own start) measured in the same
run. The import target (issue 8) is 150 ms for ``import spacedip``; the ``-X importtime``
line names the slowest modules ``spacedip --help`` imports.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PYTHON, REPO, Row, machine_info, table

TARGET_MS = 150.0


def wall_ms(argv: Sequence[str], repeat: int) -> float:
    """Median wall time of ``argv`` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def slowest_imports(argv: Sequence[str], top: int = 5) -> str:
    """The ``top`` modules with the largest cumulative import time under ``-X importtime``."""
    done = subprocess.run([PYTHON, "-X", "importtime", *argv], cwd=REPO, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    rows.sort(reverse=True)
    return ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in rows[:top] if not name.startswith(" "))


def main(argv: Sequence[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description="spacedip start-up benchmark")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int)
    args = parser.parse_args(argv)
    repeat = args.repeat or (7 if args.quick else 15)
    bare = wall_ms([PYTHON, "-c", "pass"], repeat)
    imp = wall_ms([PYTHON, "-c", "import spacedip"], repeat)
    imp_api = wall_ms([PYTHON, "-c", "import spacedip; spacedip.open_log"], repeat)
    helps = wall_ms([PYTHON, "-m", "spacedip", "--help"], repeat)
    print("\n".join(machine_info()))
    rows = [
        Row("python -c pass", bare, "ms", None, "the interpreter alone"),
        Row("**import spacedip**", imp, "ms", None,
            f"{imp - bare:.0f} ms over the interpreter; target < {TARGET_MS:.0f} ms: "
            + ("met" if imp < TARGET_MS else "NOT met")),
        Row("import spacedip; spacedip.open_log", imp_api, "ms", None, f"{imp_api - bare:.0f} ms over the interpreter"),
        Row("spacedip --help", helps, "ms", None, f"{helps - bare:.0f} ms over the interpreter"),
    ]
    print(table(f"Start-up (median of {repeat} runs, fresh process each)", rows, ""))
    print(f"# slowest imports of `spacedip --help`: {slowest_imports(['-m', 'spacedip', '--help'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
