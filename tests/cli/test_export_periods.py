"""Exports split by period: every entry in exactly one period, unchanged periods left alone,
and the files after an update the same as a fresh export's."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacedip.api import Log, open_log
from spacedip.export import periods as periods_module
from spacedip.export.period_index import INDEX
from spacedip.export.periods import MANIFEST, export_by_period
from spacedip.export.registry import get_exporter
from spacedip.model import ArticleAdded, Date, EventReported, EventRetracted
from spacedip.timeline.checkpoint.rows import sort_text
from spacedip.timeline.checkpoint.views import StoredEntries
from spacedip.timeline.filters import TimelineFilter
from spacedip.timeline.periods import period_bounds, period_of, period_of_month_key
from tests.conftest import BAIKONUR, PYTHON, make_article, make_event

DATES = ["2021-03-04", "2021-03", "2021", "2022-07-14", "2022-11-02/2022-11-05", "2023-21", "../2020", "XXXX",
         "2019-12-31/2020-01-02", "2020-02-29"]


def _date(text: str) -> Date:
    return Date.unknown() if text == "XXXX" else Date.parse(text)


def _fill(log: Log, dates: list[str], tag: str = "") -> list[str]:
    article = make_article(f"Dépêche {tag}: Poutine et Kim se sont rencontrés, selon l'agence.", "2023-09-13")
    events = [make_event(article, date="2023-09-13", kind=kind, summary=f"{kind} {tag} {n}")
              for n, kind in enumerate(["meeting", "launch", "agreement", "offer", "visit", "flight", "failure",
                                        "talks", "meeting", "launch"][: len(dates)])]
    events = [e.__class__.create(kind=e.kind, date=_date(d), summary=e.summary, evidence=e.evidence,
                                 provenance=e.provenance, modality=e.modality, places=e.places, actors=e.actors,
                                 confidence=e.confidence) for e, d in zip(events, dates, strict=True)]
    log.append([ArticleAdded(article), *(EventReported(e) for e in events)])
    return [e.id for e in events]


def _split(log: Log, folder: Path, per: str = "year", **options: object) -> dict[str, bool]:
    run = export_by_period(get_exporter("ical"), log.timeline(), folder, per, options)  # type: ignore[arg-type]
    return {p.period: p.written for p in run.periods}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_entry_lands_in_one_period_and_the_manifest_lists_each_file(tmp_path: Path) -> None:
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        written = _split(log, tmp_path / "cal")
        total = len(log.timeline().entries)
    assert list(written) == ["open-start", "2019", "2020", "2021", "2022", "2023", "undated"]
    manifest = json.loads((tmp_path / "cal" / MANIFEST).read_bytes())
    assert manifest["entries"] == total == sum(p["entries"] for p in manifest["periods"])
    for period in manifest["periods"]:
        (file,) = period["files"]
        data = (tmp_path / "cal" / file["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (file["bytes"], file["sha256"])
        calendar = icalendar.Calendar.from_ical(data)  # a reader we did not write accepts each file
        # unknown dates and open starts have no day a calendar can show: counted, not shown
        shown = len(calendar.walk("VEVENT"))
        assert shown + int(calendar["X-SPACEDIP-OMITTED"]) == period["entries"]
        assert "X-SPACEDIP-HEAD-HASH" not in calendar and "X-SPACEDIP-HEAD-POSITION" not in calendar
        assert calendar["X-SPACEDIP-PERIOD"] == period["period"] and str(calendar["X-WR-CALNAME"]).endswith(
            f" — {period['period']}")


def test_a_second_export_rewrites_only_the_periods_that_changed(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        _split(log, folder)
        before = {p: p.stat().st_mtime_ns for p in folder.rglob("*.ics")}
        assert not any(_split(log, folder).values())  # nothing new: nothing written
        assert {p: p.stat().st_mtime_ns for p in folder.rglob("*.ics")} == before
        _fill(log, ["2022-01-05"], tag="new")
        assert [p for p, w in _split(log, folder).items() if w] == ["2022"]
        after = _files(folder)
    # the same bytes as a fresh export of the same log, into a new folder
    with open_log(tmp_path / "log.db") as log:
        _split(log, tmp_path / "fresh")
    assert _files(tmp_path / "fresh") == after


def test_a_period_a_retraction_empties_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    with open_log(tmp_path / "log.db") as log:
        ids = _fill(log, ["2021-03-04", "2022-07-14"])
        _split(log, folder)
        assert (folder / "2021" / "timeline.ics").exists()
        log.append([EventRetracted(ids[0], reason="wrong")])
        assert _split(log, folder) == {"2022": False}
    assert not (folder / "2021").exists()
    assert [p["period"] for p in json.loads((folder / MANIFEST).read_bytes())["periods"]] == ["2022"]


def test_a_file_changed_by_hand_or_other_options_are_written_again(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    with open_log(tmp_path / "log.db") as log:
        _fill(log, ["2021-03-04", "2022-07-14"])
        _split(log, folder)
        (folder / "2021" / "timeline.ics").write_bytes(b"edited")
        assert _split(log, folder) == {"2021": True, "2022": False}
        assert _split(log, folder, name="Autre nom") == {"2021": True, "2022": True}
        (folder / "2022" / "timeline.ics").unlink()
        assert _split(log, folder, name="Autre nom") == {"2021": False, "2022": True}


def test_months_filters_and_a_replayed_timeline_give_the_same_files(tmp_path: Path) -> None:
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        _fill(log, ["2021-03-20", "2021-04-02"], tag="more")
        keep = TimelineFilter(start=Date.parse("2021"))
        stored = export_by_period(get_exporter("ical"), log.timeline(), tmp_path / "a", "month", keep=keep)
        export_by_period(get_exporter("ical"), log.replay().timeline(), tmp_path / "b", "month", keep=keep)
    assert [p.period for p in stored.periods][:3] == ["2021-01", "2021-03", "2021-04"]
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_the_command_line_splits_and_says_what_it_wrote(tmp_path: Path) -> None:
    log_file = tmp_path / "log.db"
    with open_log(log_file) as log:
        _fill(log, ["2021-03-04", "2022-07-14"])
    command = [PYTHON, "-m", "spacedip", "--log", str(log_file), "export", "ical", "--per", "year", "-o",
               str(tmp_path / "cal")]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "2 periods (year)" in first.stdout and "2 written" in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "0 written, 2 unchanged" in again.stdout
    wrong = subprocess.run([*command[:-4], "--per", "week"], capture_output=True, text=True)
    assert wrong.returncode != 0 and "week" in wrong.stderr


@given(st.sampled_from([*DATES, "1999-12", "2000", "2024-04-30", "2024-12-01/2025-01-05", "2019/.."]))
def test_a_date_s_period_holds_its_sort_text(text: str) -> None:
    date = _date(text)
    key = sort_text(date)
    for per in ("year", "month"):
        period = period_of(date, per)  # type: ignore[arg-type]
        assert period == period_of_month_key(key[:8], per)  # type: ignore[arg-type]
        low, high = period_bounds(period)
        assert low <= key < high


def test_places_stay_apart_inside_a_period(tmp_path: Path) -> None:
    """An exporter writing several files (ical with --split-by place) gets a folder per period."""
    with open_log(tmp_path / "log.db") as log:
        article = make_article()
        log.append([ArticleAdded(article), EventReported(make_event(article, places=(BAIKONUR,)))])
        _split(log, tmp_path / "cal", split_by="place")
    assert sorted(_files(tmp_path / "cal")) == ["2023/baikonur.ics", INDEX, MANIFEST]


def test_a_period_s_map_names_its_period_not_a_log_position(tmp_path: Path) -> None:
    import zipfile

    with open_log(tmp_path / "log.db") as log:
        _fill(log, ["2021-03-04", "2022-07-14"])
        export_by_period(get_exporter("kml"), log.timeline(), tmp_path / "maps", "year", {"lang": "en"})
    with zipfile.ZipFile(tmp_path / "maps" / "2021" / "overview.kmz") as kmz:
        doc = kmz.read("doc.kml").decode()
    assert "Period 2021 of a map split by period" in doc and "Log at position" not in doc


def test_a_period_s_chronology_names_its_period(tmp_path: Path) -> None:
    with open_log(tmp_path / "log.db") as log:
        _fill(log, ["2021-03-04", "2022-07-14"])
        export_by_period(get_exporter("chronology"), log.timeline(), tmp_path / "chron", "year", {"lang": "en"})
    text = (tmp_path / "chron" / "2021" / "chronology.md").read_text(encoding="utf-8")
    assert "Period 2021 of a chronology split by period" in text
    assert "empty log" not in text and "Made from log position" not in text


def test_a_period_counts_its_entries_from_the_months_as_a_walk_would(tmp_path: Path) -> None:
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        _fill(log, ["2021-03-05", "2021-04"], tag="b")
        entries = log.timeline().entries
        assert isinstance(entries, StoredEntries)
        periods = {period_of_month_key(month, per) for month, _, _ in entries.months() for per in ("year", "month")}
        bounds = [period_bounds(p) for p in sorted(periods)] + [("", "2"), ("02021-03-05", "02022")]
        for low, high in bounds:
            part = entries.within(low, high)
            assert len(part) == sum(1 for _ in part), (low, high)


def _mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def test_periods_written_by_worker_processes_are_the_files_this_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(periods_module, "MIN_ENTRIES_FOR_WORKERS", 0)  # a small log, written by workers all the same
    keep = TimelineFilter(kind="agreement")  # two months, one of them with an entry of another kind
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        _fill(log, ["2021-03-20", "2021-04-02", "2022-07-01"], tag="more")
        for name in ("chronology", "ical", "kml"):
            serial = export_by_period(get_exporter(name), log.timeline(), tmp_path / name / "one", "year")
            parallel = export_by_period(get_exporter(name), log.timeline(), tmp_path / name / "two", "year", jobs=3)
            assert parallel.messages == serial.messages  # no period was handed back to this process
            assert parallel.periods == serial.periods and all(p.written for p in parallel.periods)
            assert _files(tmp_path / name / "one") == _files(tmp_path / name / "two")
        filtered = export_by_period(get_exporter("ical"), log.timeline(), tmp_path / "kept", "month", keep=keep,
                                    jobs=2)
        assert filtered.messages == ()
        one = export_by_period(get_exporter("ical"), log.timeline(), tmp_path / "kept-one", "month", keep=keep)
        assert _files(tmp_path / "kept") == _files(tmp_path / "kept-one")
        assert 0 < sum(p.entries for p in one.periods) < len(log.timeline().entries)
        # The ledger knows what the workers wrote: nothing is written again.
        before = _mtimes(tmp_path / "ical" / "two")
        again = export_by_period(get_exporter("ical"), log.timeline(), tmp_path / "ical" / "two", "year", jobs=3)
        assert not any(p.written for p in again.periods) and _mtimes(tmp_path / "ical" / "two") == before


def test_few_entries_are_written_here_whatever_the_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spacedip.export import period_workers

    def no_workers(*_: object, **__: object) -> None:
        raise AssertionError("no worker process for a few entries")

    monkeypatch.setattr(period_workers, "write_in_workers", no_workers)
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        assert len(log.timeline().entries) < periods_module.MIN_ENTRIES_FOR_WORKERS
        run = export_by_period(get_exporter("chronology"), log.timeline(), tmp_path / "cal", "year", jobs=4)
    assert all(p.written for p in run.periods) and run.messages == ()


def test_a_worker_hands_its_period_back_when_it_cannot_write_it(tmp_path: Path) -> None:
    from spacedip.export.period_workers import PeriodTask, write_period_task

    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        timeline = log.timeline()
        assert isinstance(timeline.entries, StoredEntries)
        task = PeriodTask(timeline.entries.path, timeline.head_position, timeline.head_hash, "ical",
                          get_exporter("ical").export.__module__, get_exporter("ical").defaults(), tmp_path / "cal",
                          "year", TimelineFilter(), "2021")
        files = write_period_task(task)
        assert not isinstance(files, str) and [name for name, _, _ in files] == ["2021/timeline.ics"]
        assert (tmp_path / "cal" / "2021" / "timeline.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
        moved = write_period_task(PeriodTask(**{**attrs.asdict(task, recurse=False), "position": 1}))
        unknown = write_period_task(PeriodTask(**{**attrs.asdict(task, recurse=False), "exporter": "nope"}))
        other = write_period_task(PeriodTask(**{**attrs.asdict(task, recurse=False), "module": "elsewhere"}))
        missing = write_period_task(PeriodTask(**{**attrs.asdict(task, recurse=False),
                                                  "checkpoint": tmp_path / "none" / "x.timeline"}))
    assert moved == "the checkpoint moved on while the export ran"
    assert "no exporter 'nope'" in str(unknown) and "no exporter 'ical' from elsewhere" in str(other)
    assert isinstance(missing, str) and missing.startswith("the worker met ")


def test_the_command_line_writes_periods_and_files_side_by_side(tmp_path: Path) -> None:
    log_file = tmp_path / "log.db"
    with open_log(log_file) as log:
        _fill(log, ["2021-03-04", "2022-07-14", "2023-01-02"])
    command = [PYTHON, "-m", "spacedip", "--log", str(log_file), "export", "chronology", "--per", "year"]
    two = subprocess.run([*command, "--jobs", "2", "-o", str(tmp_path / "two")], capture_output=True, text=True,
                         check=True)
    assert "3 written" in two.stdout and "written by this process" not in two.stdout
    subprocess.run([*command, "-o", str(tmp_path / "one")], capture_output=True, text=True, check=True)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    # One piece (no --per): the chronology's four files, side by side once laid out, are the same files.
    for jobs in ("1", "2"):
        subprocess.run([*command[:-2], "--jobs", jobs, "-o", str(tmp_path / f"whole-{jobs}")], capture_output=True,
                       text=True, check=True)
    assert len(_files(tmp_path / "whole-2")) == 4 and _files(tmp_path / "whole-1") == _files(tmp_path / "whole-2")
    wrong = subprocess.run([*command, "--jobs", "0", "-o", str(tmp_path / "x")], capture_output=True, text=True)
    assert wrong.returncode != 0 and "--jobs 0" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.parametrize("threshold", [0, 10_000])
def test_a_period_big_enough_has_its_files_written_side_by_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                threshold: int) -> None:
    from spacedip.export import side_by_side

    calls: list[int] = []
    real = side_by_side.write_side_by_side

    def spy(files: Any, jobs: int) -> Any:
        calls.append(jobs)
        return real(files, jobs)

    monkeypatch.setattr(side_by_side, "write_side_by_side", spy)
    monkeypatch.setattr(periods_module, "MIN_ENTRIES_FOR_SIDE_BY_SIDE", threshold)
    with open_log(tmp_path / "log.db") as log:
        _fill(log, DATES)
        one = export_by_period(get_exporter("chronology"), log.timeline(), tmp_path / "one", "year")
        assert calls == []
        two = export_by_period(get_exporter("chronology"), log.timeline(), tmp_path / "two", "year", jobs=2)
    assert calls == ([2] * len(two.periods) if threshold == 0 else [])
    assert one.periods == two.periods and _files(tmp_path / "one") == _files(tmp_path / "two")
