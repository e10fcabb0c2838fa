"""``spacedip add --jobs N``: the process pool of ``spacedip.cli.parallel``, and the command itself.

The pool tests use cheap stand-in extractors (no spaCy); the command tests run the real
CLI in subprocesses on the bundled articles and pieces of them.
"""

from __future__ import annotations

import operator
import os
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.cli.parallel import MIN_ARTICLES_PER_WORKER, extract_many
from spacedip.errors import SpacedipError
from spacedip.model import Article
from spacedip.testing import clock_free_records
from tests.conftest import PYTHON, REPO

CORPUS = REPO / "spacedip" / "data" / "corpus"
ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks on Linux only")


def _articles(count: int) -> list[Article]:
    return [Article.create(f"Dépêche numéro {n} sur la coopération spatiale.", origin=f"wire-{n}.txt")
            for n in range(count)]


def _where(article: Article) -> list[object]:
    """A stand-in extractor: which process saw which article."""
    return [article.origin, os.getpid()]


def _state(pid: int) -> tuple[str, int] | None:
    """The state letter and parent of a process, from /proc (None if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    state = _state(pid)
    return state is not None and state[0] not in "ZX"


def _children(pid: int) -> list[int]:
    """The live child processes of ``pid``."""
    return [int(e.name) for e in Path("/proc").iterdir()
            if e.name.isdigit() and _alive(int(e.name)) and (_state(int(e.name)) or ("", 0))[1] == pid]


def _wait_for_children(pid: int, count: int, timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = _children(pid)
        if len(children) >= count:
            return children
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not start {count} workers within {timeout} s")


class TestPool:
    @settings(max_examples=12, deadline=None)
    @given(count=st.integers(0, 60), jobs=st.integers(1, 3))
    def test_results_come_back_in_input_order(self, count: int, jobs: int) -> None:
        articles = _articles(count)
        found = extract_many(articles, jobs, extractor=_where)
        assert [origin for origin, _ in found] == [a.origin for a in articles]
        pids = {pid for _, pid in found}
        if jobs > 1 and count >= 2 * MIN_ARTICLES_PER_WORKER["fork"]:
            assert os.getpid() not in pids  # the workers did the work
        else:
            assert pids <= {os.getpid()}  # too few articles to pay for a pool: done here

    def test_work_is_shared_between_workers(self) -> None:
        def slow(article: Article) -> list[object]:
            time.sleep(0.005)
            return _where(article)

        found = extract_many(_articles(200), 2, extractor=slow)
        per_worker = [sum(1 for _, pid in found if pid == p) for p in {pid for _, pid in found}]
        assert len(per_worker) == 2 and min(per_worker) >= 40, per_worker

    def test_spawned_workers_are_sent_the_articles(self) -> None:
        articles = _articles(2 * MIN_ARTICLES_PER_WORKER["spawn"])
        extractor = operator.attrgetter("id", "origin")  # picklable, as spawn needs
        found = extract_many(articles, 2, extractor=extractor, start_method="spawn")
        assert found == [[a.id, a.origin] for a in articles]

    def test_an_extractor_error_names_the_article(self, capsys: pytest.CaptureFixture[str]) -> None:
        def fragile(article: Article) -> list[object]:
            if article.origin == "wire-33.txt":
                raise ValueError("unexpected text")
            return []

        with pytest.raises(SpacedipError, match=r"wire-33.txt: the extractor failed \(ValueError: unexpected text\)"):
            extract_many(_articles(60), 2, extractor=fragile)
        assert "Traceback" in capsys.readouterr().err  # the worker's, for the bug report

    def test_a_stopped_pool_leaves_no_executor_thread_behind(self) -> None:
        """Its thread still running at exit raced the interpreter's own wake-up of it: EBADF on Ctrl-C."""
        import threading

        def fragile(article: Article) -> list[object]:
            if article.origin == "wire-33.txt":
                raise ValueError("unexpected text")
            return []

        with pytest.raises(SpacedipError):
            extract_many(_articles(60), 2, extractor=fragile)
        assert [t for t in threading.enumerate() if type(t).__name__ == "_ExecutorManagerThread"] == []

    def test_a_worker_that_dies_stops_the_pool(self) -> None:
        import multiprocessing

        def lethal(article: Article) -> list[object]:
            if article.origin == "wire-20.txt":
                os._exit(9)  # as if killed: no exception, no result
            return []

        with pytest.raises(SpacedipError, match="an extraction process died"):
            extract_many(_articles(60), 2, extractor=lethal)
        deadline = time.monotonic() + 10  # ended, not lingering (a terminated child may take a moment to reap)
        while multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert multiprocessing.active_children() == []

    def test_ctrl_c_stops_the_workers_at_once(self, tmp_path: Path) -> None:
        script = tmp_path / "slow.py"
        script.write_text(textwrap.dedent("""
            import sys, time
            from spacedip.cli.parallel import extract_many
            from spacedip.model import Article

            def slow(article):
                time.sleep(0.1)
                return []

            articles = [Article.create(f"Texte {n}.") for n in range(400)]  # 20 s of work on 2 workers
            try:
                extract_many(articles, 2, extractor=slow)
            except KeyboardInterrupt:
                print("interrupted", file=sys.stderr)
                sys.exit(130)
        """), encoding="utf-8")
        proc = subprocess.Popen([PYTHON, str(script)], env=ENV, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)  # its own group, as a shell job is
        workers = _wait_for_children(proc.pid, 2, timeout=30)
        time.sleep(0.3)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        started = time.monotonic()
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - started < 5  # the queued work was dropped, not finished
        assert proc.returncode == 130 and err.strip() == "interrupted", err  # no worker tracebacks
        assert not [pid for pid in workers if _alive(pid)]


# -- the command -------------------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([PYTHON, "-m", "spacedip.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def _start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([PYTHON, "-m", "spacedip.cli", *args], cwd=cwd, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _corpus_files(folder: Path) -> list[Path]:
    """The bundled articles, then each of their paragraphs as an article of its own."""
    manifest = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["article"]
    files = []
    for n, entry in enumerate(manifest):
        text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
        pieces = [text] + [p for p in text.split("\n\n") if len(p) > 200]
        for k, piece in enumerate(pieces):
            path = folder / f"{n}-{k:02d}.txt"
            path.write_text(f"---\npublished: {entry['published']}\n---\n{piece}", encoding="utf-8")
            files.append(path)
    return files


def _records(path: Path) -> list[dict[str, object]]:
    """The records of a log without what depends on the clock."""
    return clock_free_records(str(path))


@pytest.mark.slow
class TestAddJobs:
    def test_jobs_2_appends_the_same_records_as_jobs_1(self, tmp_path: Path) -> None:
        files = [str(p) for p in _corpus_files(tmp_path)]
        assert len(files) >= 2 * MIN_ARTICLES_PER_WORKER["fork"]  # enough for a pool of 2
        runs = [_start("--log", f"jobs{n}.db", "add", "--jobs", str(n), *files, cwd=tmp_path) for n in (1, 2)]
        (out1, err1), (out2, err2) = (run.communicate(timeout=300) for run in runs)
        assert [run.returncode for run in runs] == [0, 0], err1 + err2
        assert out2 == out1
        one, two = _records(tmp_path / "jobs1.db"), _records(tmp_path / "jobs2.db")
        assert two == one
        assert sum(r["type"] == "event-reported" for r in one) > len(files)

    def test_ctrl_c_during_extraction_leaves_the_log_as_it_was(self, tmp_path: Path) -> None:
        files = [str(p) for p in _corpus_files(tmp_path)]
        _run("add", "--no-extract", files[0], cwd=tmp_path)
        before = (tmp_path / "spacedip.db").read_bytes()
        proc = _start("add", "--jobs", "2", *(files * 12), cwd=tmp_path)
        _wait_for_children(proc.pid, 2, timeout=120)  # the model is loaded: the workers are extracting
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal signals the whole group
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
        assert out == ""
        assert (tmp_path / "spacedip.db").read_bytes() == before
