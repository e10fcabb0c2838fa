"""Exports split by period: one folder of files per year (or month), rewritten only when it changes.

``spacedip export ical --per year -o calendars/`` writes ``calendars/2019/timeline.ics``,
``calendars/2020/timeline.ics``... (and ``undated/``, ``open-start/`` where entries have no
known date or no known start), each the exporter's output for that period's entries alone,
and ``calendars/periods.json``: the log's head, then each period's entry count and each file's
size and SHA-256, so a reader can check that the folder is the export of that log; and
``calendars/index.html``, a page linking every period's files (:mod:`spacedip.export.period_index`).

A period's files are a function of its entries only (the period's timeline states no log head,
see :attr:`Timeline.period <spacedip.timeline.entry.Timeline.period>`). When the timeline comes
from a checkpoint, the checkpoint knows the last transaction that changed each month's entries;
a period is rendered again only if one of its months changed since it was last written to this
folder with the same exporter, options, filters and versions, or if one of its files is no
longer the one written (missing, or another size or modification time). After one new article
in a log of a million events, only the periods that article touches are written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import orjson

import spacedip
from spacedip.export.base import Exporter, ExportOutput
from spacedip.export.files import safe_relative_path, write_files, write_if_changed
from spacedip.export.period_index import INDEX, index_page
from spacedip.timeline.checkpoint.schema import connect
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.entry import Timeline, TimelineEntry
from spacedip.timeline.filters import TimelineFilter
from spacedip.timeline.periods import Per, period_bounds, period_of, period_of_month_key

__all__ = ["MANIFEST", "MIN_ENTRIES_FOR_SIDE_BY_SIDE", "MIN_ENTRIES_FOR_WORKERS", "Files", "PeriodFiles",
           "SplitExport", "export_by_period", "period_timeline", "write_period"]

MANIFEST = "periods.json"
"""The file, beside the period folders, that lists them with the log's head."""

MANIFEST_FORMAT = "spacedip-periods/1"

Progress = Callable[[Iterable[Any], int, str], Iterator[Any]]


Files = tuple[tuple[str, int, str], ...]
"""Each file of a period: its path relative to the split's folder, its size and its SHA-256."""


@attrs.frozen
class PeriodFiles:
    """What one period's folder holds."""

    period: str
    entries: int
    files: Files
    """``(path relative to the split's folder, bytes, SHA-256)`` of each file, in name order."""
    written: bool
    """False when the files of an earlier export were still current and left as they were."""


@attrs.frozen
class SplitExport:
    """What an export split by period did."""

    folder: Path
    periods: tuple[PeriodFiles, ...]
    messages: tuple[str, ...]


@attrs.frozen
class _Plan:
    period: str
    generation: int
    """The last checkpoint transaction that changed the period's entries; 0 if unknown (always written)."""
    timeline: Timeline


def export_by_period(
    exporter: Exporter,
    timeline: Timeline,
    folder: Path,
    per: Per,
    options: Mapping[str, Any] | None = None,
    keep: TimelineFilter | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
) -> SplitExport:
    """Export ``timeline`` one period at a time into ``folder`` (see the module docstring).

    Args:
        exporter: The exporter run on each period's timeline.
        timeline: The whole (unfiltered) timeline; a checkpoint's lets unchanged periods be skipped.
        folder: Where the period folders and ``periods.json`` go.
        per: ``"year"`` or ``"month"``.
        options: The exporter's options (missing ones take their defaults).
        keep: Only entries this filter keeps are exported.
        progress: ``progress(items, total, label)``, a generator wrapper showing how far it got.
        jobs: Periods written at once, each by a process of its own
            (:mod:`spacedip.export.period_workers`); the files are the same for any number.

    Raises:
        InputError: if ``folder`` is a file, or an exporter file name would leave its folder.
    """
    merged = exporter.defaults()
    merged.update(options or {})
    keep = keep or TimelineFilter()
    if folder.exists() and not folder.is_dir():
        from spacedip.errors import InputError

        raise InputError(f"{folder} is a file; an export split by period writes a folder",
                         hint="give a folder path with -o")
    plans = _plans(timeline, per, keep)
    signature = _signature(exporter, merged, keep, timeline.language, per)
    ledger = _Ledger.open(timeline, folder)
    try:
        kept: dict[str, PeriodFiles] = {}
        todo: list[_Plan] = []
        for plan in plans:
            unchanged = ledger.current(plan.period, signature, plan.generation, folder)
            if unchanged is not None:
                kept[plan.period] = unchanged
            elif not len(plan.timeline.entries):  # every entry of the period filtered out: no folder for it
                ledger.record(PeriodFiles(plan.period, 0, (), written=False), signature, plan.generation, folder)
            else:
                todo.append(plan)
        messages: list[str] = []
        label = f"{exporter.name} by {per}"
        for plan, files, note in _write_periods(exporter, merged, folder, timeline, per, keep, todo, jobs,
                                                progress, label):
            written = PeriodFiles(plan.period, len(plan.timeline.entries), files, written=True)
            ledger.record(written, signature, plan.generation, folder)
            kept[plan.period] = written
            if note:
                messages.append(f"{plan.period}: {note}")
            if exporter.messages:
                messages += [f"{plan.period}: {m}" for m in exporter.messages(plan.timeline, merged)]
        done = [kept[plan.period] for plan in plans if plan.period in kept]
        done = [p for p in done if p.entries]
        current = {p.period for p in done}
        _remove_stale(folder, current)
        ledger.forget_others({plan.period for plan in plans})
    finally:
        ledger.close()
    manifest = _manifest(exporter, timeline, per, merged, keep, done)
    listing = orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    write_if_changed(folder / MANIFEST, listing)
    write_if_changed(folder / INDEX, index_page(manifest))
    return SplitExport(folder, tuple(done), tuple(messages))


def _file_name(exporter: Exporter) -> str:
    return exporter.default_filename.rstrip("/")


def _plans(timeline: Timeline, per: Per, keep: TimelineFilter) -> list[_Plan]:
    """Each period of ``timeline`` that holds entries, in timeline order."""
    entries = timeline.entries
    if isinstance(entries, StoredEntries):
        generations: dict[str, int] = {}
        for month, _, generation in entries.months():
            period = period_of_month_key(month, per)
            generations[period] = max(generation, generations.get(period, 0))
        return [_Plan(p, g, period_timeline(timeline, p, keep)) for p, g in generations.items()]
    grouped: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        grouped.setdefault(period_of(entry.date, per), []).append(entry)
    return [_Plan(p, 0, _part(timeline, p, tuple(these), keep)) for p, these in grouped.items()]


def period_timeline(timeline: Timeline, period: str, keep: TimelineFilter) -> Timeline:
    """The entries of ``period`` in a checkpoint's ``timeline`` that ``keep`` keeps, as the period's timeline."""
    assert isinstance(timeline.entries, StoredEntries)
    return _part(timeline, period, timeline.entries.within(*period_bounds(period)), keep)


def _part(timeline: Timeline, period: str, entries: Any, keep: TimelineFilter) -> Timeline:
    whole = attrs.evolve(timeline, entries=entries, head_position=0, head_hash="", updated=None, period=period)
    return keep.apply(whole)


MIN_ENTRIES_FOR_WORKERS = 5_000
"""Fewer entries to write than this and the periods are written in this process, whatever ``jobs``:
starting worker processes costs about 0.2 s, more than a few thousand entries take to export."""


MIN_ENTRIES_FOR_SIDE_BY_SIDE = 1_000
"""Fewer entries in a period written by this process and its files are written one after the other,
whatever ``jobs``: forking a helper costs about 5 ms, more than a small period's files take (a
first export by month of a small log writes hundreds of them)."""


def write_period(exporter: Exporter, options: Mapping[str, Any], folder: Path, period: str,
                 timeline: Timeline, jobs: int = 1) -> Files:
    """Export one period's ``timeline`` into ``folder/period``; returns each file's relative path, size and SHA-256.

    With ``jobs`` above 1, the period's files may be written side by side
    (:func:`~spacedip.export.files.write_files`).
    """
    name = _file_name(exporter)
    return _write(exporter.export(timeline, options, folder / period / name), folder, period, name, jobs)


def _write_periods(exporter: Exporter, options: Mapping[str, Any], folder: Path, timeline: Timeline, per: Per,
                   keep: TimelineFilter, todo: list[_Plan], jobs: int, progress: Progress | None, label: str
                   ) -> Iterator[tuple[_Plan, Files, str]]:
    """Write each period of ``todo``: ``(plan, files, note)`` in order, ``note`` saying why a period
    meant for a worker process was written here instead ("" otherwise)."""
    if (jobs > 1 and len(todo) > 1 and isinstance(timeline.entries, StoredEntries)
            and sum(len(plan.timeline.entries) for plan in todo) >= MIN_ENTRIES_FOR_WORKERS):
        from spacedip.export.period_workers import write_in_workers

        handed_back = write_in_workers(exporter, options, folder, timeline, per, keep,
                                       [plan.period for plan in todo], jobs, progress, label)
        for plan, result in zip(todo, handed_back, strict=True):
            if isinstance(result, str):
                yield plan, write_period(exporter, options, folder, plan.period, plan.timeline), (
                    f"written by this process ({result})")
            else:
                yield plan, result, ""
        return
    items: Iterable[_Plan] = progress(todo, len(todo), label) if progress is not None and todo else todo
    for plan in items:
        files_jobs = jobs if len(plan.timeline.entries) >= MIN_ENTRIES_FOR_SIDE_BY_SIDE else 1
        yield plan, write_period(exporter, options, folder, plan.period, plan.timeline, files_jobs), ""


def _signature(exporter: Exporter, options: Mapping[str, Any], keep: TimelineFilter, language: str, per: Per) -> str:
    """What, besides the entries, decides a period's bytes: exporter, versions, options, filters."""
    described = [exporter.name, spacedip.__version__, _version_of(exporter.export.__module__), per, language,
                 repr(keep), sorted((k, repr(v)) for k, v in options.items())]
    return hashlib.sha256(orjson.dumps(described)).hexdigest()


@functools.cache
def _version_of(module: str) -> str:
    """The name and version of the distribution whose exporter entry point lives in ``module``'s
    package ("" if none does, e.g. an exporter made in a script)."""
    from spacedip.export.registry import exporter_entry_points

    top = module.partition(".")[0]
    found = {f"{ep.dist.name}=={ep.dist.version}" for ep in exporter_entry_points()
             if ep.dist is not None and ep.value.partition(":")[0].partition(".")[0] == top}
    return ",".join(sorted(found))


def _write(output: ExportOutput, folder: Path, period: str, file_name: str, jobs: int) -> Files:
    """Write one period's output; returns each file's relative path, size and SHA-256."""
    if isinstance(output, Mapping):
        written = write_files(output, folder / period, jobs)
        names = dict(zip((w.path for w in written), sorted(output), strict=True))
    else:
        written = write_files(output, folder / period / file_name)
        names = {written[0].path: file_name}
    return tuple(sorted((f"{period}/{names[w.path]}", w.size, w.sha256) for w in written))


def _remove_stale(folder: Path, periods: set[str]) -> None:
    """Remove the files the previous ``periods.json`` lists for periods that hold no entries now
    (a retraction emptied them); files it does not list, and non-empty folders, are left alone."""
    try:
        previous = orjson.loads((folder / MANIFEST).read_bytes())
        if previous.get("format") != MANIFEST_FORMAT:
            return
        stale = [p for p in previous["periods"] if p["period"] not in periods]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return
    for period in stale:
        with contextlib.suppress(Exception):
            for file in period["files"]:
                (folder / safe_relative_path(file["path"])).unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                (folder / safe_relative_path(period["period"])).rmdir()


def _manifest(exporter: Exporter, timeline: Timeline, per: Per, options: Mapping[str, Any], keep: TimelineFilter,
              periods: list[PeriodFiles]) -> dict[str, Any]:
    """What ``periods.json`` states: the log's head, then each period with its files (same log, same bytes)."""
    return {
        "format": MANIFEST_FORMAT,
        "exporter": exporter.name,
        "per": per,
        "options": {k: v if isinstance(v, str | int | float | bool) or v is None else repr(v)
                    for k, v in sorted(options.items())},
        "filter": {k: str(v) for k, v in attrs.asdict(keep, recurse=False).items() if v is not None},
        "log": {"position": timeline.head_position, "hash": timeline.head_hash,
                "updated": timeline.updated.isoformat() if timeline.updated else None},
        "entries": sum(p.entries for p in periods),
        "periods": [{"period": p.period, "entries": p.entries,
                     "files": [{"path": name, "bytes": size, "sha256": sha} for name, size, sha in p.files]}
                    for p in periods],
    }


class _Ledger:
    """What earlier split exports wrote into a folder, kept in the checkpoint (``exports`` table).

    Best effort: without a checkpoint, or if it cannot be read or written, every period is written.
    """

    def __init__(self, conn: sqlite3.Connection | None, target: str) -> None:
        self._conn = conn
        self._target = target
        self._rows: dict[str, tuple[str, int, dict[str, Any]]] = {}
        if conn is not None:
            for period, signature, generation, files in conn.execute(
                    "SELECT period, signature, generation, files FROM exports WHERE target = ?", (target,)):
                self._rows[period] = (signature, generation, orjson.loads(files))

    @classmethod
    def open(cls, timeline: Timeline, folder: Path) -> _Ledger:
        entries = timeline.entries
        target = str(folder.resolve())
        if isinstance(entries, StoredEntries):
            with contextlib.suppress(sqlite3.Error, OSError):
                return cls(connect(entries.path, timeout=5), target)
        return cls(None, target)

    def current(self, period: str, signature: str, generation: int, folder: Path) -> PeriodFiles | None:
        """The period's files as last written, if they are still what this export would write."""
        row = self._rows.get(period)
        if row is None or not generation or row[0] != signature or row[1] != generation:
            return None
        info = row[2]
        for name, size, _, mtime in info["files"]:
            try:
                seen = os.stat(folder / name)
            except OSError:
                return None
            if seen.st_size != size or seen.st_mtime_ns != mtime:
                return None
        files = tuple((name, size, sha) for name, size, sha, _ in info["files"])
        return PeriodFiles(period, info["entries"], files, written=False)

    def record(self, done: PeriodFiles, signature: str, generation: int, folder: Path) -> None:
        """Remember what was written for ``done.period``."""
        files = [(name, size, sha, os.stat(folder / name).st_mtime_ns) for name, size, sha in done.files]
        info = {"entries": done.entries, "files": files}
        self._rows[done.period] = (signature, generation, info)
        self._execute("INSERT OR REPLACE INTO exports (target, signature, period, generation, files) "
                      "VALUES (?, ?, ?, ?, ?)", (self._target, signature, done.period, generation, orjson.dumps(info)))

    def forget_others(self, periods: set[str]) -> None:
        """Forget the periods not in ``periods``."""
        for period in sorted(set(self._rows) - periods):
            del self._rows[period]
            self._execute("DELETE FROM exports WHERE target = ? AND period = ?", (self._target, period))

    def _execute(self, sql: str, parameters: tuple[Any, ...]) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(sql, parameters)
        except sqlite3.Error:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
