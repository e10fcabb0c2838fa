"""Shared helpers of the benchmarks: timing, tables, machine info, measured child processes."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SPACEDIP = [PYTHON, "-m", "spacedip"]


def machine_info() -> list[str]:
    """CPU model, cores, memory, Python and SQLite versions, as comment lines."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) // 1024:,} MB"
                break
    except OSError:
        pass
    return [
        f"# machine: {cpu}, {os.cpu_count()} cores, {memory} RAM, {platform.system()} {platform.release()}",
        f"# Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}",
    ]


def median_time(run: Callable[[], object], setup: Callable[[], object] | None = None, repeat: int = 3) -> float:
    """Median wall time (``time.perf_counter``) of ``run`` over ``repeat`` runs, ``setup`` untimed before each."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@attrs.frozen
class Row:
    """One line of a benchmark table: a rate (or a time) and its ratio to the row's baseline."""

    name: str
    value: float | None
    unit: str
    ratio: float | None = None
    note: str = ""


def table(title: str, rows: Sequence[Row], ratio_label: str = "ratio") -> str:
    """A Markdown table of ``rows``."""
    lines = [f"### {title}", "", f"| measure | value | unit | {ratio_label} | note |", "|---|---:|---|---:|---|"]
    for r in rows:
        value = "n/a" if r.value is None else (f"{r.value:,.0f}" if r.value >= 100 else f"{r.value:,.3g}")
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
        lines.append(f"| {r.name} | {value} | {r.unit} | {ratio} | {r.note} |")
    return "\n".join(lines)


@attrs.frozen
class ChildRun:
    """A finished child process: wall time, peak RSS, exit code and output."""

    seconds: float
    max_rss_mb: float
    returncode: int
    output: str
    timed_out: bool


def run_child(argv: Sequence[str], *, timeout: float, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> ChildRun:
    """Run ``argv``, measuring its wall time and its own peak RSS.

    A Python command (``argv[0]`` is this interpreter) runs under ``_peak.py``, which reports
    the program's own ``VmHWM``; otherwise ``os.wait4``'s ``ru_maxrss`` is used (which on
    Linux includes this process's peak: see ``_peak.py``). The wrapper adds about 1 ms.
    The child is killed after ``timeout`` seconds (``timed_out`` is then true).
    """
    peak_file = Path(tempfile.mkstemp(prefix="spacedip-peak-")[1])
    if argv and argv[0] == PYTHON:
        argv = [PYTHON, str(Path(__file__).resolve().parent / "_peak.py"), str(peak_file), *argv[1:]]
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                env={**os.environ, **(env or {})})
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    reported = peak_file.read_text().strip()
    peak_file.unlink()
    peak_mb = int(reported) / 1024 if reported.isdigit() else usage.ru_maxrss / 1024
    return ChildRun(seconds, peak_mb, proc.returncode, text, killed.is_set())


def fmt_rate(value: float | None) -> str:
    """A rate for the RATIOS line."""
    return "n/a" if value is None else f"{value:.2f}"
