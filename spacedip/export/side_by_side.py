"""The files of one export written side by side, one forked process each: ``--jobs N``.

An export of one period of the chronology is four files (HTML, Markdown, text, JSON) made from
one layout. Once the layout is done (each :class:`~spacedip.export.base.Stream`'s ``prepare``),
the files are independent: this process forks up to ``jobs - 1`` helpers, and every process
takes the next file not yet taken (one byte read from a pipe that holds each file's number, so
no file is taken twice) until none is left. A helper writes a file exactly as this process
would (:func:`~spacedip.export.files.write_atomic`), sends back its size and SHA-256, and leaves
with ``os._exit``, running nothing of this process's clean-up.

Forking is safe here because of what ``prepare`` promises: reading the prepared chunks needs no
open database connection (a helper never touches the log or its checkpoint) and no shared file
offset. A file that a helper took and did not report written (an error, a crash) is written by
this process afterwards, so a real error is raised here, where it is reported; the bytes are the
same whichever process wrote them. Off Linux (as for ``spacedip add --jobs``: macOS's system
libraries are not safe to fork), when another thread runs (forking a threaded process can
deadlock the child), or when a file is not a prepared ``Stream``, every file is written by this
process, one after the other.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import orjson

from spacedip.export.base import FileContent, Stream
from spacedip.export.files import WrittenFile, write_atomic

__all__ = ["can_write_side_by_side", "write_side_by_side"]

_MAX_FILES = 255
"""Files numbered by one byte each in the pipe they are taken from."""


def can_write_side_by_side(files: Sequence[tuple[Path, FileContent]]) -> bool:
    """Whether ``files`` can be written by forked processes (see the module docstring)."""
    return (
        sys.platform.startswith("linux")
        and 1 < len(files) <= _MAX_FILES
        and threading.active_count() == 1
        and all(isinstance(content, Stream) and content.prepare is not None for _, content in files)
    )


def write_side_by_side(files: Sequence[tuple[Path, FileContent]], jobs: int) -> list[WrittenFile]:
    """Write each ``(path, content)`` of ``files`` with up to ``jobs`` processes; returns them in order.

    Falls back to writing them one after the other in this process when they cannot be written
    side by side (:func:`can_write_side_by_side`).
    """
    if jobs < 2 or not can_write_side_by_side(files):
        return [write_atomic(path, content) for path, content in files]
    for _, content in files:
        assert isinstance(content, Stream) and content.prepare is not None
        content.prepare()
    queue_out, queue_in = os.pipe()
    os.write(queue_in, bytes(range(len(files))))
    os.close(queue_in)  # taken to the end, the queue reads as empty
    results_out, results_in = os.pipe()
    helpers: list[int] = []
    written: dict[int, WrittenFile] = {}
    try:
        for _ in range(min(jobs, len(files)) - 1):
            try:
                pid = os.fork()
            except OSError:  # no more processes to be had: the ones there are write the files
                break
            if pid == 0:  # pragma: no cover - runs in the helper, which leaves through os._exit
                _helper(files, queue_out, results_in, results_out)
            helpers.append(pid)
        os.close(results_in)
        results_in = -1
        try:
            while (number := _take(queue_out)) is not None:
                written[number] = write_atomic(*files[number])
        except BaseException:
            while _take(queue_out) is not None:  # leave the helpers nothing more to start
                pass
            raise
        reports = _read_all(results_out)
    finally:
        for fd in (queue_out, results_out, results_in):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        for pid in helpers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    for line in reports.splitlines():
        number, size, sha256 = orjson.loads(line)
        written[number] = WrittenFile(files[number][0], size, sha256)
    for number, (path, content) in enumerate(files):
        if number not in written:  # a helper took it and failed: written (or its error raised) here
            written[number] = write_atomic(path, content)
    return [written[number] for number in range(len(files))]


def _take(queue: int) -> int | None:
    """The number of the next file no process has taken, or ``None`` when there is none left."""
    taken = os.read(queue, 1)
    return taken[0] if taken else None


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _helper(files: Sequence[tuple[Path, FileContent]], queue: int, results: int,
            parents_end: int) -> None:  # pragma: no cover - runs in a forked helper
    """A forked helper's whole life: write files taken from ``queue``, report each on ``results``, leave
    (``parents_end``, the end of the results pipe the parent reads, is closed first)."""
    status = 1
    try:
        os.close(parents_end)
        while (number := _take(queue)) is not None:
            done = write_atomic(*files[number])
            os.write(results, orjson.dumps([number, done.size, done.sha256]) + b"\n")  # < PIPE_BUF: one write
        status = 0
    finally:
        os._exit(status)
