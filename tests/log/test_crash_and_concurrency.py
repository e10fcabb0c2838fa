"""Real processes: writers killed with SIGKILL, and writers racing each other."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from spacedip.api import open_log
from spacedip.model import ArticleAdded
from tests.conftest import PYTHON, REPO

WRITER = Path(__file__).with_name("writer.py")
ENV = {"PYTHONPATH": str(REPO)}


def batches_in_log(path: Path, name: str, start: int = 1) -> Counter[int]:
    counts: Counter[int] = Counter()
    with open_log(path, readonly=True) as log:
        assert log.verify().ok, log.verify()
        for logged in log.records(start):
            assert isinstance(logged.record, ArticleAdded)
            origin = logged.record.article.origin or ""
            match = re.fullmatch(rf"{name}-(\d+)-\d+", origin)
            if match:
                counts[int(match.group(1))] += 1
    return counts


def test_sigkill_never_loses_an_acknowledged_batch_nor_leaves_a_partial_one(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    rng = random.Random(20231913)
    size = 40
    acked_total: set[tuple[int, int]] = set()
    kills = 0
    for trial in range(24):
        start = 1
        if path.exists():
            with open_log(path, readonly=True) as log:
                start = log.head.position + 1
        proc = subprocess.Popen(
            [PYTHON, str(WRITER), str(path), f"w{trial}", "100000", str(size)],
            stdout=subprocess.PIPE, text=True, env={**ENV, "PATH": "/usr/bin:/bin"},
        )
        assert proc.stdout is not None
        # Wait for the writer to start appending, then kill it at a random moment.
        first = proc.stdout.readline()
        assert first.startswith("ACK"), first
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        kills += proc.returncode == -signal.SIGKILL
        acked = {int(line.split()[1]) for line in (first + out).splitlines() if line.startswith("ACK")}
        counts = batches_in_log(path, f"w{trial}", start)
        for batch in acked:
            assert counts[batch] == size, f"trial {trial}: acknowledged batch {batch} has {counts[batch]}"
        assert all(n == size for n in counts.values()), f"trial {trial}: partial batch {counts}"
        acked_total.update((trial, b) for b in acked)
    assert kills >= 20
    assert len(acked_total) >= 24


def test_four_processes_append_a_thousand_events_each(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    open_log(path).close()  # create the schema once, as a user's first command would
    procs = [
        subprocess.Popen([PYTHON, str(WRITER), str(path), f"p{n}", "100", "10"],
                         stdout=subprocess.PIPE, text=True, env={**ENV, "PATH": "/usr/bin:/bin"})
        for n in range(4)
    ]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        assert out.count("ACK") == 100
    with open_log(path, readonly=True) as log:
        positions = [r.position for r in log.store.read()]
        assert log.verify().ok
        ids = [r.id for r in log.store.read()]
    assert positions == list(range(1, 4001))
    assert len(set(ids)) == 4000
    for n in range(4):
        counts = batches_in_log(path, f"p{n}")
        assert sum(counts.values()) == 1000
