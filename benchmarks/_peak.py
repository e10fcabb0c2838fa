"""Run a Python command and write its own peak RSS (``VmHWM``, kB) to a file when it exits.

``python benchmarks/_peak.py OUT -m module args…`` (or ``-c code args…``, or ``script args…``).
``os.wait4``'s ``ru_maxrss`` is not used for this because Linux carries the parent's peak over
a ``fork``/``vfork`` + ``exec``, so a small command started by a big benchmark process would
report the benchmark's size; ``VmHWM`` belongs to the new program's own memory map.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def _report(out: Path) -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            out.write_text(line.split()[1])
            return


def main() -> None:
    """Register the report, then run the command as ``python`` would."""
    out, rest = Path(sys.argv[1]), sys.argv[2:]
    atexit.register(_report, out)
    if rest[0] == "-m":
        sys.argv = [rest[1], *rest[2:]]
        runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
    elif rest[0] == "-c":
        sys.argv = ["-c", *rest[2:]]
        exec(compile(rest[1], "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = rest
        runpy.run_path(rest[0], run_name="__main__")


if __name__ == "__main__":
    main()
