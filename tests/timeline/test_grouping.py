"""One happening, many sources: the grouping rule on constructed cases."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.api import open_log
from spacedip.model import ArticleAdded, Date, EventReported, Modality
from tests.conftest import ABE, BAIKONUR, KIM, KREMLIN, PALACE, PUTIN, VOSTOCHNY, make_article, make_event


def timeline_of(*events: object, articles: tuple[object, ...] = ()) -> list[object]:
    with open_log(":memory:") as log:
        log.append([*(ArticleAdded(a) for a in articles), *(EventReported(e) for e in events)])  # type: ignore[arg-type]
        return list(log.timeline().entries)


A = make_article("Article A: Poutine et Kim à Vostotchny le 13 septembre.", "2023-09")
B = make_article("Article B: ils se sont rencontrés mercredi.", "2023-09")
C = make_article("Article C: rencontre mercredi matin au centre spatial.", "2023-09-13")


class TestSameHappening:
    def test_day_and_month_sources_make_one_entry_dated_to_the_day(self) -> None:
        day = make_event(A, date="2023-09-13")
        month = make_event(B, date="2023-09", kind="meeting")
        third = make_event(C, date="2023-09-13", kind="talks")
        (entry,) = timeline_of(day, month, third, articles=(A, B, C))
        assert entry.date == Date.parse("2023-09-13")
        assert {s.event_id for s in entry.sources} == {day.id, month.id, third.id}
        assert entry.date_fixed_by in {day.id, third.id}
        assert entry.conflicts == ()
        assert [s.date.edtf for s in entry.sources if s.event_id == month.id] == ["2023-09"]

    def test_same_day_different_places_are_two_entries(self) -> None:
        one = make_event(A, date="2023-09-13", places=(VOSTOCHNY,))
        two = make_event(B, date="2023-09-13", places=(BAIKONUR,))
        assert len(timeline_of(one, two)) == 2

    def test_place_inside_another_counts_as_the_same_place(self) -> None:
        one = make_event(A, date="2018-05-26", places=(KREMLIN,), actors=(PUTIN, ABE))
        two = make_event(B, date="2018-05-26", places=(PALACE,), actors=(PUTIN, ABE))
        assert len(timeline_of(one, two)) == 1

    def test_conflicting_days_are_kept_and_flagged(self) -> None:
        one = make_event(A, date="2023-09-13")
        two = make_event(B, date="2023-09-14")
        three = make_event(C, date="2023-09-13")
        (entry,) = timeline_of(one, two, three)
        assert entry.date == Date.parse("2023-09-13")  # what most sources say
        (conflict,) = entry.conflicts
        assert conflict.field == "date" and conflict.values == ("2023-09-13", "2023-09-14")
        assert len(entry.sources) == 3

    def test_days_far_apart_are_different_happenings(self) -> None:
        assert len(timeline_of(make_event(A, date="2023-09-13"), make_event(B, date="2023-09-25"))) == 2

    def test_month_fitting_two_day_groups_stays_apart(self) -> None:
        first = make_event(A, date="2023-09-05")
        second = make_event(B, date="2023-09-20")
        vague = make_event(C, date="2023-09")
        entries = timeline_of(first, second, vague)
        assert len(entries) == 3

    def test_incompatible_kinds_stay_apart(self) -> None:
        meeting = make_event(A, date="2023-09-13")
        launch = make_event(B, date="2023-09-13", kind="launch")
        assert len(timeline_of(meeting, launch)) == 2

    def test_different_actors_stay_apart(self) -> None:
        one = make_event(A, date="2023-09-13", actors=(PUTIN, KIM))
        two = make_event(B, date="2023-09-13", actors=(ABE,))
        assert len(timeline_of(one, two)) == 2

    def test_modality_prefers_what_happened(self) -> None:
        planned = make_event(A, date="2023-09-13", modality=Modality.PLANNED)
        happened = make_event(B, date="2023-09-13")
        (entry,) = timeline_of(planned, happened)
        assert entry.modality is Modality.HAPPENED


events = [
    make_event(A, date="2023-09-13"),
    make_event(B, date="2023-09"),
    make_event(C, date="2023-09-14", kind="talks"),
    make_event(A, date="2023-09-13", kind="launch", places=(BAIKONUR,), start=1),
    make_event(B, date="2018-05-26", places=(KREMLIN,), actors=(PUTIN, ABE), start=2),
    make_event(C, date="2023", kind="offer", places=(), start=3),
    make_event(A, date="XXXX", kind="visit", places=(), start=4),
]


def _shape(entries: list[object]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(e.id, e.date.edtf, tuple(s.event_id for s in e.sources)) for e in entries]  # type: ignore[attr-defined]


def test_order_of_addition_does_not_matter() -> None:
    expected = _shape(timeline_of(*events))
    for perm in itertools.islice(itertools.permutations(events), 0, 200, 7):
        assert _shape(timeline_of(*perm)) == expected


@settings(max_examples=40, deadline=None)
@given(st.permutations(events))
def test_order_of_addition_does_not_matter_property(order: list[object]) -> None:
    assert _shape(timeline_of(*order)) == _shape(timeline_of(*events))
