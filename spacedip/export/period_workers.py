"""Periods of a split export written by worker processes: ``spacedip export NAME --per year --jobs N``.

An article often touches two or three years, and a first export by year writes them all; each
period's files are a function of that period's entries alone, so periods can be written side by
side, one process each. A worker opens the log's checkpoint itself (a read snapshot of its own),
checks that it holds the state this process planned from (same log position and hash), finds
the exporter by name and writes the period's files exactly as this process would.

Workers are *spawned*, not forked: this process holds a SQLite connection open on the checkpoint,
and SQLite's locks must not be inherited across ``fork``. A worker that cannot write its period
(the checkpoint moved on, an exporter it cannot find by name, any error) hands it back with the
reason, and this process writes it itself: the files are the same whichever process wrote them,
and a real error is raised here, where it can be reported.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from spacedip.export.base import Exporter
from spacedip.export.periods import Files, period_timeline, write_period
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.entry import Timeline
from spacedip.timeline.filters import TimelineFilter
from spacedip.timeline.periods import Per

__all__ = ["PeriodTask", "write_in_workers", "write_period_task"]


@attrs.frozen
class PeriodTask:
    """One period to write, as a worker is told it (everything here can be pickled)."""

    checkpoint: Path
    position: int
    """The log position of the checkpoint state planned from."""
    head_hash: str
    exporter: str
    """The exporter's name, looked up in the worker's own registry."""
    module: str
    """The module of the exporter's ``export`` function: the worker's must be the same."""
    options: Mapping[str, Any]
    folder: Path
    per: Per
    keep: TimelineFilter
    period: str


def write_period_task(task: PeriodTask) -> Files | str:
    """Write ``task``'s period (in a worker); returns its files, or why it was not written."""
    from spacedip.export.registry import load_exporters
    from spacedip.timeline.checkpoint import Checkpoint

    try:
        exporter = load_exporters().get(task.exporter)
        if exporter is None or exporter.export.__module__ != task.module:
            return f"no exporter {task.exporter!r} from {task.module} among the installed ones"
        timeline = Checkpoint(task.checkpoint).timeline()
        entries = timeline.entries
        assert isinstance(entries, StoredEntries)
        try:
            if (timeline.head_position, timeline.head_hash) != (task.position, task.head_hash):
                return "the checkpoint moved on while the export ran"
            return write_period(exporter, task.options, task.folder, task.period,
                                period_timeline(timeline, task.period, task.keep))
        finally:
            entries.close()
    except Exception as exc:  # handed back: this process writes the period and raises what it meets
        return f"the worker met {type(exc).__name__}: {exc}"


def write_in_workers(exporter: Exporter, options: Mapping[str, Any], folder: Path, timeline: Timeline, per: Per,
                     keep: TimelineFilter, periods: Sequence[str], jobs: int, progress: Any, label: str
                     ) -> list[Files | str]:
    """Write ``periods`` of the checkpoint's ``timeline`` with up to ``jobs`` worker processes.

    Returns, in the order of ``periods``, each period's files, or why its worker handed it back
    (every period, if the pool cannot start or breaks).
    """
    entries = timeline.entries
    assert isinstance(entries, StoredEntries)
    tasks = [PeriodTask(entries.path, timeline.head_position, timeline.head_hash, exporter.name,
                        exporter.export.__module__, dict(options), folder, per, keep, period) for period in periods]
    results: list[Files | str] = [f"period {period} not written by a worker" for period in periods]
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            futures: list[Future[Files | str]] = [pool.submit(write_period_task, task) for task in tasks]
            try:
                done = progress(enumerate(futures), len(futures), label) if progress is not None else enumerate(
                    futures)
                for index, future in done:
                    results[index] = future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    except (BrokenProcessPool, OSError) as exc:  # a worker died, or none could be started here
        reason = f"the worker processes failed: {exc}"
        return [reason if isinstance(result, str) else result for result in results]
    return results
