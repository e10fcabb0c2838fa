"""The timeline checkpoint gives exactly the entries a full replay gives, however the log grows."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedip.api import Log, open_log
from spacedip.model import (
    Actor,
    ActorKind,
    ArticleAdded,
    Date,
    EntriesMerged,
    EntriesSplit,
    Event,
    EventAmended,
    EventReported,
    EventRetracted,
    Place,
    PlaceKind,
)
from spacedip.timeline.checkpoint import Checkpoint, checkpoint_path
from tests.conftest import ABE, BAIKONUR, KIM, KREMLIN, PALACE, PUTIN, VOSTOCHNY, make_article, make_event

RUSSIA = Place("russia", "Russie", PlaceKind.COUNTRY)
PESKOV = Actor("dmitri-peskov", "Dmitri Peskov", ActorKind.PERSON)
ARTICLES = [make_article(f"Dépêche {n}: Poutine et Kim se sont rencontrés, selon l'agence.", published)
            for n, published in enumerate(("2023-09-13", "2023-09", "2023-10-02", "2023"))]
DATES = [
    *(f"2023-09-{d:02d}" for d in range(10, 17)), "2023-09-30", "2023-10-01", "2023-09", "2023-10", "2023",
    "2023-23", "2023-09-12/2023-09-14", "2023-09/..", "2022-12-31", "XXXX",
]
KINDS = ["meeting", "talks", "visit", "launch", "flight", "agreement", "offer", "failure"]
PLACES = [VOSTOCHNY, KREMLIN, PALACE, BAIKONUR, RUSSIA]
ACTORS = [PUTIN, KIM, ABE, PESKOV]


def _date(text: str) -> Date:
    return Date.unknown() if text == "XXXX" else Date.parse(text)


COARSE_DATES = ["2023-09", "2023-10", "2023", "2023-23", "2023-09-12/2023-09-14", "2023-09/..", "XXXX",
                "2023-09-13", "2023-09-05", "2023-09-21", "2023-10-10"]
"""Coarse dates, and days far enough apart to make several components a coarse report may fit."""


@st.composite
def events(draw: st.DrawFn, dates: list[str] = DATES, narrow: bool = False) -> Event:
    article = draw(st.sampled_from(ARTICLES))
    kinds, places, actors = (KINDS[:3], PLACES[1:4], ACTORS[:2]) if narrow else (KINDS, PLACES, ACTORS)
    event = make_event(
        article,
        kind=draw(st.sampled_from(kinds)),
        date="2023-09-13",
        start=draw(st.integers(0, 20)),
        places=tuple(draw(st.lists(st.sampled_from(places), max_size=1 if narrow else 2, unique=True))),
        actors=tuple(draw(st.lists(st.sampled_from(actors), max_size=3, unique=True))),
    )
    # make_event parses its date; unknown dates are built here
    return Event.create(
        kind=event.kind, date=_date(draw(st.sampled_from(dates))), summary=event.summary,
        evidence=event.evidence, provenance=event.provenance, modality=event.modality,
        places=event.places, actors=event.actors, confidence=event.confidence,
    )


def _operations(dates: list[str] = DATES, narrow: bool = False) -> st.SearchStrategy[list[tuple[str, object]]]:
    ref = st.integers(0, 40)
    op = st.one_of(
        st.tuples(st.just("report"), events(dates, narrow)),
        st.tuples(st.just("report"), events(dates, narrow)),
        st.tuples(st.just("look"), st.none()),
        st.tuples(st.just("report"), events(dates, narrow)),
        st.tuples(st.just("article"), st.sampled_from(ARTICLES)),
        st.tuples(st.just("amend"), st.tuples(ref, st.sampled_from(DATES), st.sampled_from([None, *KINDS]))),
        st.tuples(st.just("retract"), ref),
        st.tuples(st.just("merge"), st.lists(ref, min_size=2, max_size=3)),
        st.tuples(st.just("split"), st.lists(ref, min_size=1, max_size=2)),
        st.tuples(st.just("look"), st.none()),
    )
    return st.lists(op, min_size=1, max_size=40)


def _record(op: str, arg: object, reported: list[str]) -> object | None:
    def pick(n: object) -> str | None:
        return reported[n % len(reported)] if reported and isinstance(n, int) else None

    if op == "report":
        assert isinstance(arg, Event)
        reported.append(arg.id)
        return EventReported(arg)
    if op == "article":
        return ArticleAdded(arg)  # type: ignore[arg-type]
    if op == "amend":
        n, date, kind = arg  # type: ignore[misc]
        target = pick(n)
        return target and EventAmended(target, reason="correction", date=_date(date), kind=kind)
    if op == "retract":
        target = pick(arg)
        return target and EventRetracted(target, reason="wrong")
    ids = tuple(dict.fromkeys(i for i in (pick(n) for n in arg) if i))  # type: ignore[attr-defined]
    if not ids:
        return None
    return EntriesMerged(ids, reason="same") if op == "merge" else EntriesSplit(ids, reason="apart")


def assert_same_as_replay(log: Log) -> None:
    stored = log.timeline()
    replayed = log.replay().timeline()
    assert tuple(stored.entries) == replayed.entries
    assert len(stored.entries) == len(replayed.entries)
    assert (stored.head_position, stored.head_hash, stored.updated, stored.language) == (
        replayed.head_position, replayed.head_hash, replayed.updated, replayed.language)
    assert_months_counted(checkpoint_path(log.location))


def assert_months_counted(path: Path) -> None:
    """The triggers keep ``months`` equal to a count of the entries by month."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        kept = conn.execute("SELECT month, entries FROM months WHERE entries != 0 ORDER BY month").fetchall()
        counted = conn.execute("SELECT substr(sort, 1, 8), count(*) FROM entries GROUP BY 1 ORDER BY 1").fetchall()
    assert kept == counted


_SETTINGS = settings(max_examples=120, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_SETTINGS
@given(operations=_operations())
def test_checkpoint_entries_equal_a_full_replay_after_every_batch(tmp_path: Path, operations: list[tuple[str, object]]
                                                                  ) -> None:
    _check_operations(tmp_path, operations)


@_SETTINGS
@given(operations=_operations(COARSE_DATES, narrow=True))
def test_checkpoint_groups_coarse_dates_like_a_full_replay(tmp_path: Path, operations: list[tuple[str, object]]) -> None:
    """Months, years, seasons and intervals: homes and leftover groups change as reports arrive."""
    _check_operations(tmp_path, operations)


@settings(_SETTINGS, max_examples=60)
@given(operations=st.lists(st.one_of(
    st.tuples(st.just("report"), events(COARSE_DATES, narrow=True)),
    st.tuples(st.just("look"), st.none()),
    st.tuples(st.just("retract"), st.integers(0, 40)),
), min_size=12, max_size=30))
def test_checkpoint_finds_homes_like_a_full_replay_when_looked_at_often(tmp_path: Path,
                                                                         operations: list[tuple[str, object]]) -> None:
    """Reports of days and coarser dates, each few of them looked at: a coarse report's home
    moves, turns ambiguous and back as day reports arrive and are retracted."""
    _check_operations(tmp_path, operations)


def _check_operations(tmp_path: Path, operations: list[tuple[str, object]]) -> None:
    """Apply ``operations`` to a fresh log; at each ``look`` (and at the end) the checkpoint must
    give what a full replay gives."""
    path = tmp_path / f"log-{os.urandom(6).hex()}.db"
    reported: list[str] = []
    with open_log(path, extractor=lambda article: ()) as log:
        batch: list[object] = []
        for op, arg in operations:
            if op == "look":
                if batch:
                    log.append(batch)  # type: ignore[arg-type]
                    batch = []
                assert_same_as_replay(log)
                continue
            record = _record(op, arg, reported)
            if record is not None:
                batch.append(record)
        if batch:
            log.append(batch)  # type: ignore[arg-type]
        assert_same_as_replay(log)


def _look_after_each(*events: Event) -> list[tuple[str, object]]:
    return [op for event in events for op in (("report", event), ("look", None))]


def test_a_new_coarse_report_joins_an_earlier_leftover_group(tmp_path: Path) -> None:
    month = make_event(ARTICLES[0], date="2023-09", places=(BAIKONUR,), actors=(PUTIN,))
    year = make_event(ARTICLES[1], date="2023", places=(BAIKONUR,), actors=(PUTIN,))
    _check_operations(tmp_path, _look_after_each(month, year))


def test_a_new_day_report_takes_coarse_reports_home_or_makes_them_ambiguous(tmp_path: Path) -> None:
    month = make_event(ARTICLES[0], date="2023-09", places=(KREMLIN,), actors=(PUTIN, KIM))
    day = make_event(ARTICLES[1], date="2023-09-13", places=(PALACE,), actors=(PUTIN,))
    other = make_event(ARTICLES[2], date="2023-09-20", places=(KREMLIN,), actors=(KIM,))
    bridge = make_event(ARTICLES[3], date="2023-09-15", places=(KREMLIN,), actors=(PUTIN, KIM))
    _check_operations(tmp_path, _look_after_each(month, day, other, bridge))


def test_a_retraction_splits_a_component_and_its_coarse_members(tmp_path: Path) -> None:
    days = [make_event(ARTICLES[n], date=f"2023-09-{d}", places=(VOSTOCHNY,)) for n, d in enumerate((12, 14, 16))]
    month = make_event(ARTICLES[3], date="2023-09", places=(VOSTOCHNY,))
    ops = _look_after_each(*days, month)
    _check_operations(tmp_path, [*ops, ("retract", 1), ("look", None), ("merge", [0, 2]), ("look", None)])


def test_a_checkpoint_of_another_log_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "spacedip.db"
    one = make_event(ARTICLES[0], date="2023-09-13")
    with open_log(path) as log:
        log.append([ArticleAdded(ARTICLES[0]), EventReported(one)])
        assert len(log.timeline().entries) == 1
    kept = checkpoint_path(path).read_bytes()
    path.unlink()
    two = make_event(ARTICLES[1], date="2023-10-01", kind="launch")
    with open_log(path) as log:
        log.append([ArticleAdded(ARTICLES[1]), EventReported(two)])
        checkpoint_path(path).write_bytes(kept)  # the old checkpoint, at position 2 of another log
        (entry,) = log.timeline().entries
        assert entry.sources[0].event_id == two.id


def test_an_unreadable_checkpoint_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "spacedip.db"
    with open_log(path) as log:
        log.append([ArticleAdded(ARTICLES[0]), EventReported(make_event(ARTICLES[0]))])
        checkpoint_path(path).write_bytes(b"this is not a database" * 100)
        assert_same_as_replay(log)
    with sqlite3.connect(checkpoint_path(path)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'position'").fetchone() == ("2",)


def test_catch_up_folds_only_new_records(tmp_path: Path) -> None:
    path = tmp_path / "spacedip.db"
    with open_log(path) as log:
        log.append([ArticleAdded(ARTICLES[0]), EventReported(make_event(ARTICLES[0]))])
        checkpoint = Checkpoint.beside(path)
        from spacedip.api import _decode

        first = checkpoint.catch_up(log.store, _decode)
        assert first.rebuilt and first.records == 2
        assert checkpoint.catch_up(log.store, _decode).records == 0
        log.append([EventReported(make_event(ARTICLES[0], date="2023-09-30", kind="launch"))])
        again = checkpoint.catch_up(log.store, _decode)
        assert (again.records, again.entries, again.rebuilt) == (1, 1, False)


def test_a_read_only_folder_falls_back_to_a_replay(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "spacedip.db"
    with open_log(path) as log:
        log.append([ArticleAdded(ARTICLES[0]), EventReported(make_event(ARTICLES[0]))])
    checkpoint_path(path).unlink(missing_ok=True)
    folder.chmod(0o555)
    try:
        with open_log(path) as log:
            assert len(log.timeline().entries) == 1
            assert not checkpoint_path(path).exists()
    finally:
        folder.chmod(0o755)


def test_stored_and_filtered_entries_index_slice_and_compare_like_tuples(tmp_path: Path) -> None:
    from spacedip.model import Date as D
    from spacedip.timeline.filters import TimelineFilter

    article = ARTICLES[0]
    events = [make_event(article, date=f"2023-09-{d}", kind=k, start=d - 10)
              for d, k in ((12, "meeting"), (20, "launch"), (25, "offer"), (28, "failure"))]
    with open_log(tmp_path / "log.db") as log:
        log.append([ArticleAdded(article), *(EventReported(e) for e in events)])
        stored, replayed = log.timeline(), log.replay().timeline()
        assert stored.entries == replayed.entries and replayed.entries == stored.entries
        assert (stored.entries[0], stored.entries[-1]) == (replayed.entries[0], replayed.entries[-1])
        assert tuple(stored.entries[1:3]) == replayed.entries[1:3]
        with pytest.raises(IndexError):
            stored.entries[len(replayed.entries)]
        late = TimelineFilter(start=D.parse("2023-09-21"))
        filtered, expected = late.apply(stored).entries, tuple(e for e in replayed.entries if late.matches(e))
        assert filtered == expected and len(filtered) == 2 and filtered[-1] == expected[-1]
        assert stored.articles[article.id].title == replayed.articles[article.id].title
        assert list(stored.articles) == list(replayed.articles)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=_operations(), run=st.integers(1, 6))
def test_a_first_build_in_runs_equals_a_full_replay(tmp_path: Path, operations: list[tuple[str, object]],
                                                     run: int) -> None:
    """A first build folds and regroups a few records per transaction: the entries are the same."""
    import spacedip.timeline.checkpoint as module

    path = tmp_path / f"log-{os.urandom(6).hex()}.db"
    reported: list[str] = []
    records = [r for r in (_record(op, arg, reported) for op, arg in operations if op != "look") if r is not None]
    kept = module._RUN_RECORDS
    module._RUN_RECORDS = run
    try:
        with open_log(path, extractor=lambda article: ()) as log:
            if records:
                log.append(records)  # type: ignore[arg-type]
            assert_same_as_replay(log)
    finally:
        module._RUN_RECORDS = kept


def test_a_stopped_first_build_resumes_from_its_last_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spacedip.timeline.checkpoint as module
    from spacedip.api import _decode

    path = tmp_path / "spacedip.db"
    with open_log(path) as log:
        log.append([ArticleAdded(a) for a in ARTICLES])
        log.append([EventReported(make_event(ARTICLES[n % 4], date=f"2023-09-{10 + n}", kind=KINDS[n % 8]))
                    for n in range(9)])
        monkeypatch.setattr(module, "_RUN_RECORDS", 5)
        decoded = 0

        def failing(stored: object) -> object:
            nonlocal decoded
            decoded += 1
            if decoded == 8:
                raise KeyboardInterrupt
            return _decode(stored)  # type: ignore[arg-type]

        checkpoint = Checkpoint.beside(path)
        with pytest.raises(KeyboardInterrupt):
            checkpoint.catch_up(log.store, failing)
        with sqlite3.connect(checkpoint_path(path)) as conn:  # the first run of five was committed
            assert conn.execute("SELECT value FROM meta WHERE key = 'position'").fetchone() == ("5",)
        resumed = checkpoint.catch_up(log.store, _decode)
        assert (resumed.records, resumed.rebuilt) == (8, False)
        assert_same_as_replay(log)


def test_a_checkpoint_made_before_months_were_counted_gets_them(tmp_path: Path) -> None:
    path = tmp_path / "spacedip.db"
    with open_log(path) as log:
        log.append([ArticleAdded(ARTICLES[0]), EventReported(make_event(ARTICLES[0])),
                    EventReported(make_event(ARTICLES[0], date="2023-10-02", kind="launch"))])
        log.timeline()
        with contextlib.closing(sqlite3.connect(checkpoint_path(path))) as conn:
            conn.execute("DELETE FROM months")
            conn.commit()
        assert len(log.timeline().entries) == 2
    assert_months_counted(checkpoint_path(path))
    with contextlib.closing(sqlite3.connect(checkpoint_path(path))) as conn:
        assert conn.execute("SELECT count(*) FROM months").fetchone() == (2,)


def test_a_coarse_report_at_home_becomes_ambiguous_when_another_component_fits(tmp_path: Path) -> None:
    month = make_event(ARTICLES[0], date="2023-09", places=(KREMLIN,), actors=(PUTIN,))
    first = make_event(ARTICLES[1], date="2023-09-05", places=(KREMLIN,), actors=(PUTIN,))
    second = make_event(ARTICLES[2], date="2023-09-21", places=(KREMLIN,), actors=(PUTIN,))
    third = make_event(ARTICLES[3], date="2023-09-28", places=(KREMLIN,), actors=(PUTIN,))
    _check_operations(tmp_path, _look_after_each(month, first, second, third))
