"""Eight processes appending and four exporting at once, for 30 seconds."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.errors import StorageError
from spacedip.export.registry import load_exporters
from spacedip.export.run import run_exporter
from spacedip.log import NewRecord, SQLiteStore
from spacedip.model import ArticleAdded
from tests.conftest import PYTHON
from tests.reliability.helpers import ENV, WORKER, batch_counts, cli, read_acks

SECONDS = 30
APPENDERS = 8
EXPORTERS = ("ical", "ical", "chronology", "kml")
CHECKED_PER_EXPORTER = 2
_POSITION = re.compile(r"X-SPACEDIP-HEAD-POSITION:(\d+)|position (\d+)")


def _head_position(target: Path) -> int:
    """The log position an export says it was made from (the calendar's property, or its text)."""
    if target.is_dir():
        with zipfile.ZipFile(target / "overview.kmz") as kmz:
            text = kmz.read("doc.kml").decode("utf-8")
    else:
        text = target.read_text(encoding="utf-8")
    match = _POSITION.search(text)
    assert match, f"{target} does not say which log position it shows"
    return int(match.group(1) or match.group(2))


def _files(target: Path) -> dict[str, bytes]:
    if target.is_file():
        return {"": target.read_bytes()}
    return {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_eight_appenders_and_four_exporters_for_thirty_seconds(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    open_log(path).close()  # the log exists before the race, as after a user's first command
    outdir = tmp_path / "exports"
    outdir.mkdir()
    procs = []
    for n in range(APPENDERS):
        procs.append(subprocess.Popen([PYTHON, str(WORKER), "append", str(path), f"a{n}", str(SECONDS),
                                       str(tmp_path / f"acks-{n}.txt")], env=ENV, stderr=subprocess.PIPE,
                                      text=True))
    for n, exporter in enumerate(EXPORTERS):
        procs.append(subprocess.Popen([PYTHON, str(WORKER), "export", str(path), exporter, str(SECONDS),
                                       str(outdir), str(tmp_path / f"runs-{n}.jsonl")], env=ENV,
                                      stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=SECONDS + 90)
        assert proc.returncode == 0, err
        assert "locked" not in err and "busy" not in err, err

    # No lost, no doubled record: gapless positions, unique ids, every acknowledged batch whole.
    with open_log(path, readonly=True) as log:
        assert log.verify().ok
        stored = list(log.store.read())
        counts, sizes = batch_counts(log)
        shared = Counter(r.record.article.origin for r in log.records()
                         if isinstance(r.record, ArticleAdded) and (r.record.article.origin or "").startswith("shared-"))
    assert [r.position for r in stored] == list(range(1, len(stored) + 1))
    assert len({r.id for r in stored}) == len(stored)
    assert shared and set(shared.values()) == {1}, "an article several writers appended is in the log once"
    acked = 0
    for n in range(APPENDERS):
        for batch, size in read_acks(tmp_path / f"acks-{n}.txt", f"a{n}").items():
            tagged = size - 1  # the last record of each batch is a shared article
            assert counts.get(batch, 0) == tagged, f"batch {batch}: {counts[batch]} of {tagged} records"
            acked += 1
    assert all(counts[b] == sizes[b] - 1 for b in counts), "a batch is in the log in part"
    assert acked > APPENDERS * 20

    # Every export succeeded and shows a consistent prefix of the log: exporting the log as it
    # stood at the position the file names gives the same bytes.
    runs = [json.loads(line) for n in range(len(EXPORTERS))
            for line in (tmp_path / f"runs-{n}.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = [r for r in runs if r["code"] != 0 or r["stderr"]]
    assert not failed, failed[:3]
    exporters = load_exporters()
    checked = 0
    with open_log(path, readonly=True) as log:
        for exporter in set(EXPORTERS):
            mine = [r for r in runs if r["exporter"] == exporter]
            assert len(mine) >= 2
            step = max(1, len(mine) // CHECKED_PER_EXPORTER)
            for run in [*mine[::step][:CHECKED_PER_EXPORTER], mine[-1]]:
                target = Path(run["target"])
                position = _head_position(target)
                assert 0 <= position <= len(stored)
                again = tmp_path / "again" / target.name
                run_exporter(exporters[exporter], log.timeline(as_of=position), again)
                assert _files(again) == _files(target), f"{target} is not the log at #{position}"
                checked += 1
    per_exporter = Counter(r["exporter"] for r in runs)
    slowest = max(r["seconds"] for r in runs)
    print(f"\nconcurrency: {len(stored)} records from {acked} acknowledged batches, {len(runs)} exports "
          f"{dict(per_exporter)}, {checked} recomputed byte for byte; slowest export {slowest:.2f} s")


class TestLocks:
    """A writer holding the lock makes others wait a bounded time, then fail clearly; readers never wait."""

    @staticmethod
    def _held(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        return conn

    def test_a_lock_held_too_long_gives_a_clear_error_in_bounded_time(self, tmp_path: Path) -> None:
        path = tmp_path / "log.db"
        with open_log(path) as log:
            log.add_article("Un article.", extract=False)
        holder = self._held(path)
        try:
            store = SQLiteStore(path, lock_timeout=0.5)
            started = time.monotonic()
            with pytest.raises(StorageError, match=r"stayed locked by another writer for 0 s; nothing was appended"):
                store.append([NewRecord("x", "event-retracted", 1, b"{}")])
            assert time.monotonic() - started < 2.0
            store.close()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        with open_log(path, readonly=True) as log:
            assert log.head.position == 1 and log.verify().ok

    def test_a_short_lock_is_waited_for_and_readers_go_on(self, tmp_path: Path) -> None:
        path = tmp_path / "log.db"
        with open_log(path) as log:
            log.add_article("Un article.", extract=False)
        article = tmp_path / "a.txt"
        article.write_text("Poutine et Kim se sont rencontrés.", encoding="utf-8")
        holder = self._held(path)
        def let_go() -> None:
            holder.execute("ROLLBACK")
            holder.close()

        release = threading.Timer(1.0, let_go)
        release.start()
        try:
            code, out, err = cli("--log", str(path), "export", "ical", "-o", str(tmp_path / "cal.ics"))
            assert (code, err) == (0, ""), "reading does not wait for the writer"
            started = time.monotonic()
            code, out, err = cli("--log", str(path), "add", str(article), "--no-extract")
            assert (code, err) == (0, "") and " added;" in out
            assert time.monotonic() - started >= 0.5, "the append waited for the lock"
        finally:
            release.join()
        with open_log(path, readonly=True) as log:
            assert log.head.position == 2 and log.verify().ok
