"""Shared helpers of the reliability tests: running the command line, counting batches in a log."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from collections import Counter
from pathlib import Path

from spacedip.api import Log
from spacedip.cli import main
from spacedip.model import ArticleAdded, EventReported
from tests.conftest import PYTHON, REPO

WORKER = Path(__file__).with_name("worker.py")
HOSTILE = Path(__file__).with_name("hostile")
ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
_TAG = re.compile(r"(?P<name>[\w]+)-(?P<batch>\d+)-(?P<item>\d+)-of-(?P<size>\d+)")


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line's ``main`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def cli_process(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m spacedip.cli ARGS`` as a user runs it."""
    return subprocess.run([PYTHON, "-m", "spacedip.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=timeout, check=False)


def batch_counts(log: Log, start: int = 1) -> tuple[Counter[tuple[str, int]], dict[tuple[str, int], int]]:
    """How many records of each ``(writer, batch)`` the log holds from ``start``, and each batch's size."""
    counts: Counter[tuple[str, int]] = Counter()
    sizes: dict[tuple[str, int], int] = {}
    for logged in log.records(start):
        record = logged.record
        if isinstance(record, ArticleAdded):
            text = record.article.origin or ""
        elif isinstance(record, EventReported):
            text = record.event.summary.removeprefix("Rencontre ")
        else:
            continue
        match = _TAG.fullmatch(text)
        if match:
            key = (match["name"], int(match["batch"]))
            counts[key] += 1
            sizes[key] = int(match["size"])
    return counts, sizes


def read_acks(path: Path, name: str) -> dict[tuple[str, int], int]:
    """The batches a worker acknowledged, with their sizes."""
    if not path.exists():
        return {}
    acks = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        _, batch, size = line.split()
        acks[(name, int(batch))] = int(size)
    return acks
