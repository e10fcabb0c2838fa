"""A disk that fills up mid-append, and logs that cannot be written."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.errors import ReadOnlyLogError, StorageError
from spacedip.model import Article, ArticleAdded
from tests.conftest import PYTHON, REPO
from tests.reliability.helpers import cli

AS_ROOT = os.geteuid() == 0


def _run(*args: str) -> bool:
    return subprocess.run(args, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def tiny_filesystem(tmp_path: Path, kib: int) -> Iterator[Path]:
    """A loop-mounted ext4 image of ``kib`` KiB (or a tmpfs of that size if loop devices are missing)."""
    if not AS_ROOT:
        pytest.skip("mounting a tiny filesystem needs root (CI runs as root)")
    mount = tmp_path / "mnt"
    mount.mkdir()
    image = tmp_path / "disk.img"
    with image.open("wb") as handle:
        handle.truncate(kib * 1024)
    if not (_run("mkfs.ext4", "-q", "-F", str(image)) and _run("mount", "-o", "loop", str(image), str(mount))) \
            and not _run("mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(mount)):
        pytest.skip("neither a loop device nor tmpfs can be mounted here")
    try:
        yield mount
    finally:
        _run("umount", str(mount))


def _batch(n: int) -> list[ArticleAdded]:
    return [ArticleAdded(Article.create(f"lot {n} article {i} : " + os.urandom(1500).hex(), published="2023"))
            for i in range(6)]


def test_disk_full_mid_append_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path, 1024) as disk:
        path = disk / "log.db"
        with open_log(path, extractor=lambda article: ()) as log:
            batches, error = 0, None
            while error is None and batches < 10_000:
                before = list(log.store.read())
                try:
                    log.append(_batch(batches))
                except StorageError as exc:
                    error = exc
                else:
                    batches += 1
            assert f"the disk holding {path} is full: nothing of this batch was written" in str(error)
            assert list(log.store.read()) == before
        # Another process, later, sees exactly the acknowledged batches and a whole chain.
        with open_log(path, readonly=True) as log:
            assert list(log.store.read()) == before and log.verify().ok
        # The command line says so too, with the storage exit code, and writes nothing.
        article = tmp_path / "a.txt"
        article.write_text(" ".join(os.urandom(8000).hex()), encoding="utf-8")
        code, _, err = cli("--log", str(path), "add", str(article), "--no-extract")
        assert code == 3 and "is full: nothing of this batch was written" in err, err
        with open_log(path, readonly=True) as log:
            assert list(log.store.read()) == before and log.verify().ok
        assert len(before) == batches * 6 and batches >= 3
    print(f"\ndisk full after {batches} batches ({len(before)} records); the failed batch left no trace")


def test_disk_full_then_space_freed(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path, 1024) as disk:
        ballast = disk / "ballast"
        ballast.write_bytes(os.urandom(300 * 1024))
        path = disk / "log.db"
        with open_log(path, extractor=lambda article: ()) as log:
            n, full = 0, False
            while not full and n < 10_000:
                try:
                    log.append(_batch(n))
                    n += 1
                except StorageError as exc:
                    full = "is full" in str(exc)
            assert full
            head = log.head
            ballast.unlink()
            result = log.append(_batch(n))
            assert result.appended[0] == head.position + 1
            assert log.verify().ok


@pytest.fixture
def readable_log() -> Iterator[Path]:
    """A log in a world-readable folder outside pytest's private tmp (another user must reach it)."""
    folder = Path(tempfile.mkdtemp(prefix="spacedip-ro-"))
    folder.chmod(0o755)
    path = folder / "log.db"
    with open_log(path, extractor=lambda article: ()) as log:
        log.append(_batch(0))
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)
    shutil.rmtree(folder)


def test_readonly_open_reads_and_exports_but_refuses_appends(readable_log: Path, tmp_path: Path) -> None:
    before = readable_log.read_bytes()
    with open_log(readable_log, readonly=True) as log:
        assert log.store.readonly and log.verify().ok and log.head.position == 6
        with pytest.raises(ReadOnlyLogError, match="is read-only: nothing was appended"):
            log.append(_batch(1))
        with pytest.raises(ReadOnlyLogError, match="is read-only: nothing was imported"):
            log.store.import_verbatim([])
    code, _, err = cli("--log", str(readable_log), "export", "ical", "-o", str(tmp_path / "cal.ics"))
    assert (code, err) == (0, "") and (tmp_path / "cal.ics").exists()
    assert readable_log.read_bytes() == before


def _unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line without the right to ignore file permissions.

    As root, the process runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (``setpriv``),
    so read-only modes bind it as they bind any user.
    """
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if AS_ROOT else []
    if AS_ROOT and shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's right to ignore permissions")
    return subprocess.run([*prefix, PYTHON, "-m", "spacedip.cli", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_chmod_read_only_file_and_folder(readable_log: Path) -> None:
    out = Path(tempfile.mkdtemp(prefix="spacedip-out-"))
    out.chmod(0o777)
    try:
        readable_log.chmod(0o444)
        readable_log.parent.chmod(0o555)
        before = readable_log.read_bytes()
        for exporter, target in (("ical", "cal.ics"), ("chronology", "chrono"), ("kml", "maps")):
            proc = _unprivileged("--log", str(readable_log), "export", exporter, "-o", str(out / target), cwd=out)
            assert proc.returncode == 0, proc.stderr
        proc = _unprivileged("--log", str(readable_log), "log", "verify", cwd=out)
        assert proc.returncode == 0 and "ok: 6 records" in proc.stdout
        (out / "a.txt").write_text("Un article.", encoding="utf-8")
        proc = _unprivileged("--log", str(readable_log), "add", str(out / "a.txt"), "--no-extract", cwd=out)
        assert proc.returncode == 3 and "is read-only: nothing was appended" in proc.stderr, proc.stderr
        assert readable_log.read_bytes() == before
        assert sorted(p.name for p in readable_log.parent.iterdir()) == ["log.db"]
    finally:
        shutil.rmtree(out)


@pytest.mark.skipif(not AS_ROOT, reason="remounting read-only needs root")
def test_read_only_mount(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path, 2048) as disk:
        path = disk / "log.db"
        with open_log(path, extractor=lambda article: ()) as log:
            log.append(_batch(0))
        crashed = disk / "crashed.db"
        proc = subprocess.run([PYTHON, "-c", (
            "import os, signal, sys; sys.path.insert(0, sys.argv[2]); from spacedip.api import open_log; "
            "log = open_log(sys.argv[1]); log.add_article('Un article.', extract=False); "
            "os.remove(sys.argv[1] + '-shm'); os.kill(os.getpid(), signal.SIGKILL)"), str(crashed), str(REPO)],
            check=False)
        assert proc.returncode == -9 and Path(f"{crashed}-wal").exists()
        assert _run("mount", "-o", "remount,ro", str(disk))
        code, _, err = cli("--log", str(path), "export", "ical", "-o", str(tmp_path / "cal.ics"))
        assert (code, err) == (0, "")
        code, out, err = cli("--log", str(path), "log", "verify")
        assert code == 0 and "ok: 6 records" in out
        (tmp_path / "a.txt").write_text("Un article.", encoding="utf-8")
        code, _, err = cli("--log", str(path), "add", str(tmp_path / "a.txt"), "--no-extract")
        assert code == 3 and "is read-only: nothing was appended" in err
        # A log a writer crashed on keeps records in its -wal file: say so, never show an older log.
        code, _, err = cli("--log", str(crashed), "events")
        assert code == 3 and "has unmerged records in crashed.db-wal" in err, err
