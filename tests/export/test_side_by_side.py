"""An export's files written side by side by forked processes (``spacedip.export.side_by_side``).

The processes are real: each test forks, and the files' contents say which process wrote them.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedip.export.base import Stream
from spacedip.export.files import WrittenFile, write_files
from spacedip.export.side_by_side import can_write_side_by_side, write_side_by_side

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="files are forked side by side on Linux")


class _Prepared:
    """A ``prepare`` that counts its calls and the processes it ran in."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self) -> None:
        self.calls.append(os.getpid())


def _stamped(name: str, prepare: Callable[[], object], meet: tuple[Path, int] | None = None) -> Stream:
    """A stream of a few chunks naming the process that reads it.

    With ``meet=(folder, n)``, reading it leaves a mark in ``folder`` and waits (10 s at most)
    until ``n`` files have been started, so ``n`` processes must each have taken one.
    """

    def chunks() -> Iterator[bytes]:
        if meet is not None:
            folder, count = meet
            (folder / name).touch()
            deadline = time.monotonic() + 10
            while len(list(folder.iterdir())) < count and time.monotonic() < deadline:
                time.sleep(0.005)
        yield f"{name}\n".encode()
        yield f"{os.getpid()}\n".encode()

    return Stream(_Again(chunks), prepare=prepare)


class _Again:
    def __init__(self, make: Callable[[], Iterator[bytes]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[bytes]:
        return self._make()


def _on_disk(written: list[WrittenFile]) -> list[tuple[str, int, str]]:
    """What each written file holds now, as ``(name, size, SHA-256)``."""
    out = []
    for file in written:
        data = file.path.read_bytes()
        out.append((file.path.name, len(data), hashlib.sha256(data).hexdigest()))
    return out


def _children() -> set[int]:
    """This process's child processes, zombies included (Linux's ``/proc``)."""
    return {int(pid) for task in Path("/proc/self/task").iterdir()
            for pid in (task / "children").read_text().split()}


@pytest.fixture
def no_helper_left() -> Iterator[None]:
    """Every forked helper has been waited for (none runs on, none is left a zombie)."""
    before = _children()
    yield
    assert _children() <= before


def test_forked_processes_write_the_files_and_report_them(tmp_path: Path, no_helper_left: None) -> None:
    prepare = _Prepared()
    started = tmp_path / "started"
    started.mkdir()
    out = tmp_path / "out"
    files = [(out / f"f{i}.txt", _stamped(f"f{i}", prepare, (started, 3))) for i in range(6)]
    written = write_side_by_side(files, jobs=3)
    assert [w.path for w in written] == [path for path, _ in files]
    assert [(w.path.name, w.size, w.sha256) for w in written] == _on_disk(written)
    writers = {int(w.path.read_text().split()[1]) for w in written}
    assert os.getpid() in writers and len(writers) == 3  # this process and two helpers
    assert [w.path.read_text().split()[0] for w in written] == [f"f{i}" for i in range(6)]
    assert prepare.calls == [os.getpid()] * 6  # prepared here, before forking
    assert sorted(p.name for p in out.iterdir()) == [f"f{i}.txt" for i in range(6)]  # no temporary file left


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.lists(st.binary(max_size=300), max_size=4), min_size=1, max_size=7),
       jobs=st.integers(1, 4))
def test_the_files_and_digests_are_those_one_process_writes(tmp_path: Path, no_helper_left: None,
                                                            contents: list[list[bytes]], jobs: int) -> None:
    def output() -> dict[str, Stream]:
        return {f"part-{i}.bin": Stream(list(chunks), prepare=lambda: None) for i, chunks in enumerate(contents)}

    one = write_files(output(), tmp_path / f"one-{jobs}", jobs=1)
    side = write_files(output(), tmp_path / f"side-{jobs}", jobs=jobs)
    assert [(w.path.name, w.size, w.sha256) for w in one] == [(w.path.name, w.size, w.sha256) for w in side]
    assert _on_disk(side) == _on_disk(one)
    assert [w.path.read_bytes() for w in side] == [b"".join(chunks) for chunks in contents]


def test_a_file_a_helper_fails_to_write_is_written_by_this_process(tmp_path: Path, no_helper_left: None) -> None:
    parent = os.getpid()

    def fussy() -> Iterator[bytes]:
        time.sleep(0.1)
        if os.getpid() != parent:
            raise RuntimeError("only the parent may write this")
        yield b"written by the parent\n"

    def crashing() -> Iterator[bytes]:
        time.sleep(0.1)
        if os.getpid() != parent:
            os._exit(7)  # a helper dies without a word
        yield b"also written by the parent\n"

    files = [(tmp_path / f"{name}.txt", Stream(_Again(make), prepare=lambda: None))
             for name, make in (("a", fussy), ("b", fussy), ("c", crashing), ("d", crashing))]
    written = write_side_by_side(files, jobs=2)
    assert [w.path.read_bytes() for w in written] == [b"written by the parent\n"] * 2 + [
        b"also written by the parent\n"] * 2
    assert [(w.path.name, w.size, w.sha256) for w in written] == _on_disk(written)


def test_an_error_in_every_process_is_raised_here_and_leaves_no_file(tmp_path: Path, no_helper_left: None
                                                                    ) -> None:
    def broken() -> Iterator[bytes]:
        yield b"half"
        raise ValueError("the exporter broke")

    files = [(tmp_path / f"{i}.txt", Stream(_Again(broken), prepare=lambda: None)) for i in range(3)]
    with pytest.raises(ValueError, match="the exporter broke"):
        write_side_by_side(files, jobs=2)
    assert list(tmp_path.iterdir()) == []


def test_files_that_cannot_be_forked_are_written_here(tmp_path: Path) -> None:
    prepare = _Prepared()
    prepared = [(tmp_path / f"p{i}.txt", _stamped(f"p{i}", prepare)) for i in range(3)]
    unprepared = [(tmp_path / "u.txt", Stream([b"u\n", b"0\n"])), *prepared[1:]]
    in_bytes = [(tmp_path / "b.txt", b"b\n0\n"), *prepared[1:]]
    assert can_write_side_by_side(prepared)
    assert not can_write_side_by_side(unprepared) and not can_write_side_by_side(in_bytes)
    assert not can_write_side_by_side(prepared[:1])  # one file: nothing to share
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_write_side_by_side(prepared)  # forking a threaded process is not safe
        written = write_side_by_side(prepared, jobs=2)
    finally:
        stop.set()
        other.join()
    assert {int(w.path.read_text().split()[1]) for w in written} == {os.getpid()}
    assert prepare.calls == []  # written one after the other: nothing prepared ahead
    for files in (unprepared, in_bytes):
        written = write_side_by_side(files, jobs=2)
        assert [w.path.read_bytes().split()[0] for w in written] == [files[0][0].stem.encode(), b"p1", b"p2"]


def test_when_no_process_can_be_forked_this_one_writes_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  no_helper_left: None) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    prepare = _Prepared()
    files = [(tmp_path / f"n{i}.txt", _stamped(f"n{i}", prepare)) for i in range(3)]
    written = write_side_by_side(files, jobs=3)
    assert [w.path.read_text().split() for w in written] == [[f"n{i}", str(os.getpid())] for i in range(3)]
    assert [(w.path.name, w.size, w.sha256) for w in written] == _on_disk(written)
