"""Extraction of many articles over a process pool: ``spacedip add --jobs N``.

Extraction is a pure function of one article: about 15 ms for an agency wire, after a
load of about 6 s (spaCy's French model, the gazetteer's indexes) that every process
pays once. On Linux this process pays it (:func:`~spacedip.extract.pipeline.warm_up`)
and then *forks* the workers, which inherit the loaded extractor and the articles
copy-on-write: a task is a range of article indices, its result the events found.
Elsewhere (``spawn``) each worker loads the extractor itself and is sent the articles.

Results come back in input order whatever the number of processes, so ``--jobs 1`` and
``--jobs N`` append the same records in the same order. Too few articles to pay for the
workers (:data:`MIN_ARTICLES_PER_WORKER`) are extracted in this process. A worker that
dies, an extractor that raises, or Ctrl-C stops the pool and raises before anything
is appended.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Literal

import attrs

from spacedip.cli.progress import progress
from spacedip.errors import SpacedipError
from spacedip.model import Article, Event

__all__ = ["MIN_ARTICLES_PER_WORKER", "StartMethod", "extract_many"]

Extractor = Callable[[Article], Sequence[Event]]
StartMethod = Literal["fork", "spawn"]

MIN_ARTICLES_PER_WORKER: dict[str, int] = {"fork": 16, "spawn": 150}
"""Fewer articles than this per worker are extracted in this process, with no pool.

A pool of forked workers costs about 0.1 s to start and stop, which ~8 articles per worker
pay back on an idle machine; 16 leaves a margin for a busy one, where a pool gains less.
A spawned worker loads the extractor itself (about 6 s, in parallel with the others),
which ~150 articles per worker pay back on two cores.
"""
_MAX_CHUNK = 16
"""Articles per task at most: small enough that the workers finish together and the
progress bar moves, large enough that the ~0.1 ms per task of messaging does not count."""


@attrs.define
class _Work:
    """What the workers extract with: set before forking (the workers inherit it) or, in a
    spawned worker, by its initializer."""

    extractor: Extractor | None = None
    articles: Sequence[Article] = ()


_WORK = _Work()


@attrs.frozen
class _Failure:
    """An article the extractor raised on, with the worker's traceback."""

    index: int
    error: str
    trace: str


def extract_many(
    articles: Sequence[Article],
    jobs: int,
    *,
    extractor: Extractor | None = None,
    warm_up: Callable[[], object] | None = None,
    start_method: StartMethod | None = None,
    label: str = "extracting",
) -> list[list[Event]]:
    """The events of each article, in the order given, found by up to ``jobs`` processes.

    Args:
        articles: the articles.
        jobs: the number of worker processes at most (1: all in this process).
        extractor: the function of one article; the shipped French extractor by default
            (then ``warm_up`` defaults to :func:`~spacedip.extract.pipeline.warm_up`). With
            ``spawn`` it must be picklable (a module-level function).
        warm_up: loads what the extractor loads on first need, so that forked workers share it.
        start_method: ``fork`` (the default on Linux) or ``spawn`` (elsewhere).
        label: the progress bar's label (shown when stderr is a terminal).

    Returns:
        One list of events per article, as ``extractor(article)`` returns them.

    Raises:
        SpacedipError: a worker process died, or the extractor raised (naming the article).
        KeyboardInterrupt: on Ctrl-C, once the workers are stopped.
    """
    if extractor is None:
        from spacedip.extract.pipeline import extract_events
        from spacedip.extract.pipeline import warm_up as load_everything

        extractor, warm_up = extract_events, warm_up or load_everything
    method: StartMethod = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")
    workers = min(jobs, len(articles) // MIN_ARTICLES_PER_WORKER[method])
    if workers < 2:
        return [list(extractor(a)) for a in progress(articles, total=len(articles), label=label)]
    if method == "fork" and warm_up is not None:
        warm_up()  # once, here, before the workers are forked
    chunk = max(1, min(_MAX_CHUNK, len(articles) // (workers * 8)))
    bounds = [(start, min(start + chunk, len(articles))) for start in range(0, len(articles), chunk)]
    found = _in_pool(articles, bounds, workers, extractor, None if method == "fork" else warm_up, method)
    return list(progress(found, total=len(articles), label=f"{label} ({workers} processes)"))


def _in_pool(
    articles: Sequence[Article],
    bounds: Sequence[tuple[int, int]],
    workers: int,
    extractor: Extractor,
    warm_up: Callable[[], object] | None,
    method: StartMethod,
) -> Iterator[list[Event]]:
    """The events of each article, in order; ``warm_up`` runs in each spawned worker."""
    forked = method == "fork"
    if forked:
        _WORK.extractor, _WORK.articles = extractor, articles
        gc.freeze()  # the collector would otherwise touch (and copy) every inherited page
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_sigint)
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_start_spawned, initargs=(extractor, warm_up))
    before = set(multiprocessing.active_children())
    try:
        futures: list[Future[list[list[Event]] | _Failure]] = [
            pool.submit(_extract_range, start, stop, None if forked else tuple(articles[start:stop]))
            for start, stop in bounds
        ]
        for future in futures:
            result = future.result()
            if isinstance(result, _Failure):
                raise _failed(articles[result.index], result)
            yield from result
    except BaseException as exc:  # a failure, Ctrl-C, or the consumer stopped early
        _stop(pool, before)
        if isinstance(exc, BrokenProcessPool):
            raise SpacedipError(
                "an extraction process died (killed, out of memory, or crashed); nothing was added to the log "
                "(run again, with fewer --jobs if memory is short, or --jobs 1)"
            ) from None
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        if forked:
            gc.unfreeze()
            _WORK.extractor, _WORK.articles = None, ()


def _stop(pool: ProcessPoolExecutor, before: set[multiprocessing.process.BaseProcess]) -> None:
    """Drop the queued work and end the workers now, without waiting for their tasks.

    ``before`` are the child processes that existed before the pool: every other child is ended,
    including one the executor's own thread was still starting when the work was dropped. The
    executor's thread is then waited for: ``shutdown(wait=False)`` forgets it, and one still
    running at exit races the interpreter's wake-up of it (``OSError: Bad file descriptor``).
    """
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)  # CPython's name
    pool.shutdown(wait=False, cancel_futures=True)
    for _ in range(3):
        workers = set(multiprocessing.active_children()) - before
        if not workers:
            break
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():  # pragma: no cover - a worker stuck where SIGTERM waits
                worker.kill()
                worker.join()
    if manager is not None:
        manager.join(timeout=10)


def _failed(article: Article, failure: _Failure) -> SpacedipError:
    where = article.origin or article.id
    sys.stderr.write(failure.trace)
    return SpacedipError(
        f"{where}: the extractor failed ({failure.error}); nothing was added to the log "
        "(the traceback is above: please report it with the article)"
    )


def _ignore_sigint() -> None:
    """Ctrl-C reaches the whole process group: the parent alone handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_spawned(extractor: Extractor, warm_up: Callable[[], object] | None) -> None:
    _ignore_sigint()
    _WORK.extractor = extractor
    if warm_up is not None:
        warm_up()


def _extract_range(start: int, stop: int, sent: tuple[Article, ...] | None) -> list[list[Event]] | _Failure:
    """In a worker: the events of articles ``start`` to ``stop`` (inherited, or ``sent``)."""
    extractor = _WORK.extractor
    assert extractor is not None
    found: list[list[Event]] = []
    for index in range(start, stop):
        article = _WORK.articles[index] if sent is None else sent[index - start]
        try:
            found.append(list(extractor(article)))
        except Exception as exc:  # reported to the parent, which raises it
            return _Failure(index, f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return found
