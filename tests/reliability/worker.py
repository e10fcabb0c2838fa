"""Worker processes for the crash and concurrency tests (run as scripts, never imported by pytest).

Usage:
    python worker.py forkserver
        Imports spacedip once, then for each line ``LOG NAME ACKFILE`` read on stdin forks a
        child that appends batches to LOG until killed, and prints the child's pid. The child
        appends ``ACK <batch> <size>`` to ACKFILE (one ``write``) after each append returned.
    python worker.py append LOG NAME SECONDS ACKFILE
        Appends batches (articles, events, and articles every writer shares) for SECONDS.
    python worker.py export LOG EXPORTER SECONDS OUTDIR RESULTS
        Runs ``spacedip export EXPORTER`` (the command line's ``main``) in a loop for SECONDS,
        each time to a new file, and writes one JSON line per run to RESULTS.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sys
import time
from pathlib import Path

from spacedip.api import Log, open_log
from spacedip.model import (
    Article,
    ArticleAdded,
    Coordinates,
    Event,
    EventReported,
    Evidence,
    Place,
    PlaceKind,
    Provenance,
    Record,
    Span,
)

PLACES = (
    Place("vostochny", "Cosmodrome Vostotchny", PlaceKind.COSMODROME, Coordinates(51.884, 128.334)),
    Place("baikonur", "Cosmodrome de Baïkonour", PlaceKind.COSMODROME, Coordinates(45.965, 63.305)),
    Place("kremlin", "Kremlin de Moscou", PlaceKind.BUILDING, Coordinates(55.752, 37.6175)),
)


def batch_records(name: str, batch: int, size: int, rng: random.Random, *, shared: int = 0) -> list[Record]:
    """``size`` records of one batch: articles named ``NAME-BATCH-ITEM-of-SIZE`` and events reported from them.

    With ``shared`` > 0, the last record is an article every writer may append (``shared-K``): it must
    end up in the log once.
    """
    records: list[Record] = []
    item = 0
    while len(records) < size:
        tag = f"{name}-{batch}-{item}-of-{size}"
        text = f"{tag} : Poutine et Kim se sont rencontrés au cosmodrome. " + "texte " * rng.randrange(5, 40)
        article = Article.create(text, published="2023-09", origin=tag)
        records.append(ArticleAdded(article))
        item += 1
        if len(records) < size:
            day = f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            records.append(EventReported(Event.create(
                kind="meeting", date=day, summary=f"Rencontre {tag}",
                evidence=Evidence(article.id, Span(0, len(tag)), tag), provenance=Provenance("reliability", "1"),
                places=(rng.choice(PLACES),), confidence=0.9,
            )))
    if shared:
        key = rng.randrange(shared)
        records[-1] = ArticleAdded(Article.create(f"shared-{key} : un article que plusieurs écrivains ajoutent.",
                                                  published="2023", origin=f"shared-{key}"))
    return records


def _ack(fd: int, batch: int, size: int) -> None:
    os.write(fd, f"ACK {batch} {size}\n".encode())  # one write: a line is whole or absent


def append_loop(log: Log, name: str, ack_fd: int, seconds: float | None, *, shared: int = 0,
                pause: tuple[float, float] = (0.0, 0.0), max_size: int = 8) -> None:
    """Append batches of 1 to ``max_size`` records, acknowledging each after ``append`` returned."""
    rng = random.Random(f"{name}-{os.getpid()}")
    deadline = None if seconds is None else time.monotonic() + seconds
    batch = 0
    while deadline is None or time.monotonic() < deadline:
        size = rng.randrange(1, max_size + 1)
        log.append(batch_records(name, batch, size, rng, shared=shared))
        _ack(ack_fd, batch, size)
        batch += 1
        if pause[1]:
            time.sleep(rng.uniform(*pause))


def forkserver() -> None:
    """Fork one appending child per request line; print its pid."""
    for line in sys.stdin:
        path, name, ackfile = line.split()
        pid = os.fork()
        if pid == 0:  # the child: append until killed
            try:
                fd = os.open(ackfile, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                with open_log(path, extractor=lambda article: ()) as log:
                    append_loop(log, name, fd, None)
            finally:
                os._exit(1)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass


def append_main(path: str, name: str, seconds: float, ackfile: str) -> None:
    """Append for ``seconds``; any error is printed on stderr and ends the process with status 1."""
    fd = os.open(ackfile, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    with open_log(path, extractor=lambda article: ()) as log:
        append_loop(log, name, fd, seconds, shared=40, pause=(0.15, 0.45), max_size=4)


def export_main(path: str, exporter: str, seconds: float, outdir: str, results: str) -> None:
    """Run ``spacedip export`` through the command line's ``main`` in a loop."""
    from spacedip.cli import main

    suffix = {"ical": ".ics", "chronology": ".json", "kml": ""}[exporter]
    deadline = time.monotonic() + seconds
    run = 0
    with open(results, "a", encoding="utf-8") as out:
        while time.monotonic() < deadline:
            target = Path(outdir) / f"{exporter}-{os.getpid()}-{run}{suffix}"
            err, std = io.StringIO(), io.StringIO()
            started = time.monotonic()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
                code = main(["--log", path, "export", exporter, "-o", str(target)])
            out.write(json.dumps({"exporter": exporter, "target": str(target), "code": code,
                                  "stderr": err.getvalue(), "seconds": time.monotonic() - started}) + "\n")
            out.flush()
            run += 1


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "forkserver":
        forkserver()
    elif mode == "append":
        append_main(rest[0], rest[1], float(rest[2]), rest[3])
    elif mode == "export":
        export_main(rest[0], rest[1], float(rest[2]), rest[3], rest[4])
    else:
        sys.exit(f"unknown mode {mode!r}")
