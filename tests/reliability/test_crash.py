"""Writers, exporters and checkpoint updates killed with SIGKILL at random moments: nothing
acknowledged is lost, nothing half-done is left, and a checkpoint always gives the timeline a
full replay gives.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.errors import StorageError
from spacedip.export.registry import load_exporters
from tests.conftest import PYTHON
from tests.reliability.helpers import ENV, WORKER, batch_counts, cli_process, read_acks
from tests.reliability.worker import batch_records

MID_BATCH_TRIALS = 200
CHECKPOINT_TRIALS = 12
EXPORT_TRIALS_PER_EXPORTER = 10


def test_writers_killed_mid_batch_lose_nothing_acknowledged_and_leave_no_partial_batch(tmp_path: Path) -> None:
    rng = random.Random(9)
    server = subprocess.Popen([PYTHON, str(WORKER), "forkserver"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=ENV)
    assert server.stdin is not None and server.stdout is not None
    acked_batches = records_seen = empty_logs = 0
    try:
        for trial in range(MID_BATCH_TRIALS):
            path = tmp_path / f"log-{trial // 20}.db"  # a fresh log every 20 trials: creation gets killed too
            start = _head(path) + 1
            ackfile = tmp_path / f"acks-{trial}.txt"
            server.stdin.write(f"{path} w{trial} {ackfile}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.15))
            os.kill(pid, signal.SIGKILL)
            _wait_gone(pid)
            acks = read_acks(ackfile, f"w{trial}")
            if _head(path) < 0:  # killed before the log's schema was committed
                assert not acks
                empty_logs += 1
                continue
            with open_log(path, readonly=True) as log:
                report = log.verify()
                assert report.ok, f"trial {trial}: {report}"
                counts, sizes = batch_counts(log, start)
            for batch, size in acks.items():
                assert counts[batch] == size, f"trial {trial}: acknowledged batch {batch} has {counts[batch]}/{size}"
            for batch, count in counts.items():
                assert count == sizes[batch], f"trial {trial}: partial batch {batch}: {count}/{sizes[batch]}"
            acked_batches += len(acks)
            records_seen += sum(counts.values())
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    # The kills must land while appending, not only before the first append.
    assert acked_batches >= MID_BATCH_TRIALS
    print(f"\nmid-batch: {MID_BATCH_TRIALS} kills, {acked_batches} acknowledged batches, {records_seen} records checked, "
          f"{empty_logs} kills before the log file had its tables")


def _head(path: Path) -> int:
    """The head position of the log at ``path``; -1 if there is no log (yet) or only an empty file."""
    if not path.exists():
        return -1
    try:
        with open_log(path, readonly=True) as log:
            return log.head.position
    except StorageError as exc:
        if "empty file" not in str(exc):
            raise
        return -1


def _wait_gone(pid: int) -> None:
    """Wait until the killed child has been reaped by the fork server (its pid no longer answers)."""
    for _ in range(400):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        status = Path(f"/proc/{pid}/stat")
        if status.exists() and status.read_text().split()[2] == "Z":
            return
        time.sleep(0.005)
    raise AssertionError(f"process {pid} survived SIGKILL")


@pytest.fixture(scope="module")
def export_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of 600 records (300 articles, 300 events), so exports take a while to write."""
    path = tmp_path_factory.mktemp("export") / "log.db"
    rng = random.Random(5)
    with open_log(path, extractor=lambda article: ()) as log:
        for batch in range(60):
            log.append(batch_records("x", batch, 10, rng))
    return path


def _snapshot(target: Path) -> dict[str, bytes]:
    if target.is_file():
        return {target.name: target.read_bytes()}
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def _restore(target: Path, files: dict[str, bytes]) -> None:
    """Put the previous export back under its real names (temporary files left by kills stay)."""
    for name, data in files.items():
        (target.parent / name if target.is_file() else target / name).write_bytes(data)


@pytest.mark.parametrize(("exporter", "name"), [("ical", "timeline.ics"), ("kml", "maps"),
                                                ("chronology", "chronology")])
def test_export_killed_mid_write_leaves_the_previous_file_whole(
    export_log: Path, tmp_path: Path, exporter: str, name: str
) -> None:
    assert exporter in load_exporters()
    target = tmp_path / name
    args = ["--log", str(export_log), "export", exporter, "-o", str(target)]
    proc = cli_process(*args, "--as-of", "#300", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    old = _snapshot(target)
    scratch = tmp_path / "scratch"
    started = time.monotonic()
    proc = cli_process("--log", str(export_log), "export", exporter, "-o", str(scratch / name), cwd=tmp_path)
    duration = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    new = _snapshot(scratch / name)
    assert new != old
    rng = random.Random(exporter)
    outcomes = {"old": 0, "new": 0, "mixed": 0, "temp files left": 0}
    for _ in range(EXPORT_TRIALS_PER_EXPORTER):
        _restore(target, old)
        before = _snapshot(target)
        child = subprocess.Popen([PYTHON, "-m", "spacedip.cli", *args], cwd=tmp_path, env=ENV,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5 * duration, 1.0 * duration))
        child.send_signal(signal.SIGKILL)
        child.wait()
        after = _snapshot(target)
        visible = {k: v for k, v in after.items() if not Path(k).name.startswith(".")}
        temps = sorted(k for k in after if Path(k).name.startswith("."))
        # Every file under its real name is a whole file: the one before the kill or the new one.
        assert set(visible) == set(old), sorted(visible)
        for file, data in visible.items():
            assert data in (before[file], new[file]), f"{file} is neither the previous nor the new export"
        # A temporary file left by the kill is never under a real name.
        assert all(t.endswith(".tmp") for t in temps), temps
        outcomes["temp files left"] += len(temps) - sum(1 for t in before if Path(t).name.startswith("."))
        state = {"old" if visible[f] == old[f] else "new" for f in visible}
        outcomes["mixed" if len(state) > 1 else state.pop()] += 1
    print(f"\n{exporter}: {EXPORT_TRIALS_PER_EXPORTER} kills over a {duration:.2f} s export: {outcomes}")


def test_exports_killed_mid_checkpoint_leave_a_checkpoint_that_gives_the_replayed_timeline(tmp_path: Path) -> None:
    """Kill ``export ical`` while it builds or brings forward the checkpoint (and caches VEVENTs):
    the next export must give the timeline, and the calendar, of a full replay."""
    import spacedip_ical

    from spacedip.export.base import content_bytes
    from spacedip.timeline.checkpoint import checkpoint_path

    path = tmp_path / "log.db"
    rng = random.Random(12)
    with open_log(path, extractor=lambda article: ()) as log:
        for batch in range(80):
            log.append(batch_records("c", batch, 20, rng))
    args = ["--log", str(path), "export", "ical", "-o", str(tmp_path / "t.ics")]
    started = time.monotonic()
    assert cli_process(*args, cwd=tmp_path).returncode == 0
    cold = time.monotonic() - started
    outcomes = {"rebuilt": 0, "brought forward": 0}
    for trial in range(CHECKPOINT_TRIALS):
        if trial % 2 == 0:
            checkpoint_path(path).unlink()  # the kill lands in a full build
            outcomes["rebuilt"] += 1
        else:
            with open_log(path, extractor=lambda article: ()) as log:  # ... or in bringing it forward
                log.append(batch_records("c", 100 + trial, 40, rng))
            outcomes["brought forward"] += 1
        child = subprocess.Popen([PYTHON, "-m", "spacedip.cli", *args], cwd=tmp_path, env=ENV,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * cold)
        child.send_signal(signal.SIGKILL)
        child.wait()
        with open_log(path, readonly=True) as log:
            stored, replayed = log.timeline(), log.replay().timeline()
            assert tuple(stored.entries) == replayed.entries, f"trial {trial}"
            options = spacedip_ical.exporter.defaults()
            calendar = content_bytes(spacedip_ical.export(stored, options, Path("t.ics")))  # type: ignore[arg-type]
            assert calendar == content_bytes(spacedip_ical.export(replayed, options, Path("t.ics")))  # type: ignore[arg-type]
    print(f"\ncheckpoint: {CHECKPOINT_TRIALS} kills over a {cold:.2f} s cold export: {outcomes}")
