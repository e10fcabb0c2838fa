"""The same log gives byte-identical files, whatever the process: another hash seed, another
time zone, a checkpoint built afresh or brought forward, an export split by period or not."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PYTHON

pytestmark = pytest.mark.slow

EXPORTS = (
    ("ical", ["-o", "out/timeline.ics"]),
    ("chronology", ["-o", "out/chronology"]),
    ("kml", ["-o", "out/maps"]),
    ("ical", ["--per", "month", "-o", "out/by-month"]),
)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _export_all(log: Path, seed: str, tz: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
    for name, args in EXPORTS:
        done = subprocess.run([PYTHON, "-m", "spacedip", "--log", str(log), "export", name, *args], cwd=log.parent,
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return _files(log.parent / "out")


_ADD = """
import sys, spacedip
with spacedip.open_log(sys.argv[1]) as log:
    for item in list(spacedip.example_corpus())[int(sys.argv[2]):int(sys.argv[3])]:
        log.add_article(item.path, published=item.published, title=item.title, publisher=item.publisher)
"""


def _add(log: Path, first: int, last: int) -> None:
    subprocess.run([PYTHON, "-c", _ADD, str(log), str(first), str(last)], check=True, capture_output=True,
                   timeout=300)


def test_the_bundled_corpus_exports_to_the_same_bytes_in_any_process(tmp_path: Path) -> None:
    source = tmp_path / "source" / "spacedip.db"
    source.parent.mkdir()
    _add(source, 0, 3)
    _export_all(source, "7", "UTC")  # checkpoint and caches made for three articles...
    _add(source, 3, 5)
    runs = [_export_all(source, "7", "UTC")]  # ...then brought forward by two more
    for n, (seed, tz) in enumerate((("1", "UTC"), ("4242", "Pacific/Kiritimati"))):
        copy = tmp_path / f"run{n}" / "spacedip.db"
        copy.parent.mkdir()
        shutil.copy2(source, copy)  # the log alone: each run builds its checkpoint afresh
        runs.append(_export_all(copy, seed, tz))
    assert runs[0], "the exports wrote nothing"
    assert {"timeline.ics", "chronology/chronology.html", "maps/overview.kmz"} <= set(runs[0])
    for other in runs[1:]:
        assert other.keys() == runs[0].keys()
        assert [name for name in runs[0] if other[name] != runs[0][name]] == []
