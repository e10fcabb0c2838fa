"""One happening, many sources: grouping reported events into timeline entries.

The rule (deterministic, and independent of the order in which articles were added):

1. Two reported events *tell the same happening* when their kinds are compatible
   (equal, or of one family such as meeting/talks/visit), their places overlap (a
   shared place, or one inside the other, like the Grand Kremlin Palace in the
   Kremlin; when both name a place narrower than a country, region or orbit, those
   narrower places must overlap; when either has no place, their actors must share at
   least two members or all of the smaller set), their actors do not contradict (they
   share one, or either has none), and their dates are compatible.
2. Dates are compatible when one contains the other (``2023-09`` contains
   ``2023-09-13``), or when both are days at most :data:`NEAR_DAYS` apart (kept as a
   date conflict), or both intervals that overlap. An interval with an open end
   (``2023-09/..``, "from September on") is compatible only with the same interval.
3. Events dated to a day or finer are grouped first (connected components of rule 1).
   A coarser event (a month, a year...) then joins the single group it is compatible
   with; if it fits several groups it stays on its own rather than guess; coarse
   events that fit no group are grouped among themselves by rule 1.
4. A person's merges and splits (``entries-merged``/``entries-split`` records) are
   applied last, in log order: a merge joins the groups of the named events, a split
   takes the named events out into one group of their own. Event ids do not change when
   an article is extracted again, so these choices outlive re-extraction.

An entry's date is the most precise date its sources agree on; ``date_fixed_by`` names
the source that gave it when others were coarser. Sources that give different days or
disjoint places are kept and listed in ``conflicts``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import attrs

from spacedip.model import Actor, Date, Modality, Place
from spacedip.model.ids import content_id
from spacedip.timeline.entry import ArticleInfo, Conflict, Source, TimelineEntry
from spacedip.timeline.features import (
    BROAD_KINDS,
    KIND_FAMILIES,
    NEAR_DAYS,
    Features,
    features_of,
    related,
    specific_place_ids,
)
from spacedip.timeline.projection import ReportedEvent

__all__ = [
    "KIND_FAMILIES",
    "NEAR_DAYS",
    "Assignment",
    "apply_overrides",
    "assign_groups",
    "build_entries",
    "build_entry",
    "group_events",
    "same_happening",
]

T = TypeVar("T", Place, Actor)
C = TypeVar("C")

Overrides = Sequence[tuple[str, tuple[str, ...]]]
"""A person's merges and splits in log order: ``("merge" | "split", event ids)``."""

_MODALITY_RANK = {Modality.HAPPENED: 0, Modality.PLANNED: 1, Modality.PROPOSED: 2, Modality.CONDITIONAL: 3}


def _specificity(kind: str) -> int:
    for family in KIND_FAMILIES:
        if kind in family:
            return family.index(kind)
    return 0


def same_happening(a: ReportedEvent, b: ReportedEvent) -> bool:
    """Rule 1 and 2 of the module docstring."""
    return related(features_of(a.event), features_of(b.event))


class UnionFind:
    """Disjoint sets of ids whose representative is always the smallest id of the set."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.parent = {i: i for i in items}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def roots(self) -> dict[str, str]:
        """Each item's representative."""
        return {item: self.find(item) for item in self.parent}


class _DayIndex:
    """Events by (kind family, key), each list sorted by first day, for range look-ups."""

    def __init__(self, events: Iterable[Features]) -> None:
        buckets: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for event in events:
            for key in event.index_keys:
                buckets.setdefault((event.family, key), []).append((event.lo, event.id))
        self.days = {k: [d for d, _ in sorted(v)] for k, v in buckets.items()}
        self.ids = {k: [i for _, i in sorted(v)] for k, v in buckets.items()}

    def candidates(self, event: Features, lo: int, hi: int) -> set[str]:
        found: set[str] = set()
        for key in event.index_keys:
            days = self.days.get((event.family, key))
            if days is None:
                continue
            ids = self.ids[(event.family, key)]
            found.update(ids[bisect.bisect_left(days, lo) : bisect.bisect_right(days, hi)])
        found.discard(event.id)
        return found


@attrs.frozen
class Assignment:
    """How rule 3 placed each event, before a person's merges and splits.

    Every event is in exactly one of: ``component`` (day-precise events, by connected
    component), ``home`` (a coarser event that joined the one component it fits),
    ``leftover`` (coarser events that fit no component, grouped among themselves) or
    neither (a coarser event that fits several components, or has no usable date: alone).
    Component ids are the smallest event id of the component.
    """

    component: dict[str, str]
    home: dict[str, str]
    leftover: dict[str, str]

    def group_of(self, event_id: str) -> str:
        """The id of the automatic group ``event_id`` is in."""
        return (
            self.component.get(event_id) or self.home.get(event_id) or self.leftover.get(event_id) or event_id
        )


def assign_groups(events: Sequence[Features]) -> Assignment:
    """Rule 3 of the module docstring over ``events`` (all of the log's current events)."""
    by_id = {e.id: e for e in events}
    fine = [by_id[i] for i in sorted(by_id) if by_id[i].fine]
    coarse = [by_id[i] for i in sorted(by_id) if not by_id[i].fine]
    uf = UnionFind(e.id for e in fine)
    fine_index = _DayIndex(fine)
    for event in fine:
        for other in sorted(fine_index.candidates(event, event.lo - NEAR_DAYS, event.lo + NEAR_DAYS)):
            # Already grouped together: no need to ask (this keeps dense days cheap).
            if uf.find(other) != uf.find(event.id) and related(event, by_id[other]):
                uf.union(event.id, other)
    component = uf.roots()
    home: dict[str, str] = {}
    leftovers: list[Features] = []
    for event in coarse:
        found = homes(event, (by_id[i] for i in sorted(fine_index.candidates(event, event.lo, event.hi))),
                      lambda other: component[other.id], lambda other: other)
        if len(found) == 1:
            home[event.id] = found.pop()
        elif not found:
            leftovers.append(event)
    return Assignment(component=component, home=home, leftover=group_leftovers(leftovers))


def homes(event: Features, candidates: Iterable[C], component_of: Callable[[C], str],
          features: Callable[[C], Features], found: set[str] | None = None) -> set[str]:
    """The components a coarse ``event`` fits among ``candidates`` (the day-precise events in its
    range), added to ``found``: at most two in all, since one more says "several".

    ``features`` is asked only for a candidate whose component is not found yet, so callers may
    read candidates lazily; it stops at the second component.
    """
    found = set() if found is None else found
    if event.open or not event.date.is_known or len(found) > 1:  # only equal dates are compatible: no day is
        return found
    for other in candidates:
        root = component_of(other)
        if root in found:
            continue
        if related(event, features(other)):
            found.add(root)
            if len(found) > 1:
                break
    return found


def group_leftovers(leftovers: Iterable[Features]) -> dict[str, str]:
    """Coarse events that fit no day group, grouped among themselves (each id to its group id).

    A sweep over date ranges within each (kind family, key) bucket, since one date must
    contain the other. Events without a usable date stay alone.
    """
    uf = UnionFind()
    buckets: dict[tuple[str, str], list[Features]] = {}
    for event in leftovers:
        uf.add(event.id)
        if not event.date.is_known:
            continue
        for key in event.index_keys:
            buckets.setdefault((event.family, key), []).append(event)
    for members in buckets.values():
        members.sort(key=lambda e: (e.lo, e.hi, e.id))
        active: list[Features] = []
        for event in members:
            active = [a for a in active if a.hi >= event.lo]
            for other in active:
                if related(event, other):
                    uf.union(event.id, other.id)
            active.append(event)
    return uf.roots()


def groups_of(assignment: Assignment, ids: Iterable[str]) -> list[list[str]]:
    """``ids`` gathered by automatic group; each group sorted, groups sorted."""
    out: dict[str, list[str]] = {}
    for event_id in sorted(ids):
        out.setdefault(assignment.group_of(event_id), []).append(event_id)
    return sorted(out.values())


def group_events(events: Sequence[ReportedEvent], overrides: Overrides = ()) -> list[list[str]]:
    """Group event ids by the rule of the module docstring; each group sorted, groups sorted."""
    features = [features_of(e.event) for e in events]
    groups = groups_of(assign_groups(features), (f.id for f in features))
    return apply_overrides(groups, overrides, {f.id for f in features})


def apply_overrides(
    groups: list[list[str]], overrides: Overrides, present: set[str] | Mapping[str, object]
) -> list[list[str]]:
    """A person's merges and splits, in log order, on top of the automatic groups.

    ``groups`` must hold every group that holds an event named by an override.
    """
    if not overrides:
        return groups
    members: dict[int, set[str]] = dict(enumerate(set(g) for g in groups))
    group_of = {i: n for n, g in members.items() for i in g}
    next_id = len(members)
    for action, named in overrides:
        here = [i for i in named if i in present and i in group_of]
        if not here:
            continue
        touched = {group_of[i] for i in here}
        if action == "merge":
            merged = set().union(*(members.pop(n) for n in touched))
        else:
            merged = set(here)
            for n in touched:
                members[n] -= merged
                if not members[n]:
                    del members[n]
        members[next_id] = merged
        group_of.update(dict.fromkeys(merged, next_id))
        next_id += 1
    return sorted(sorted(g) for g in members.values())


def _entry_date(members: Sequence[ReportedEvent]) -> tuple[Date, str | None, list[Conflict]]:
    dated = [m for m in members if m.event.date.is_known]
    if not dated:
        return Date.unknown(), None, []
    finest_rank = min(m.event.date.precision.rank for m in dated)
    finest = [m for m in dated if m.event.date.precision.rank == finest_rank]
    counts = Counter(m.event.date for m in finest)
    chosen = sorted(counts, key=lambda d: (-counts[d], d.sort_key()))[0]
    conflicts: list[Conflict] = []
    disagreeing = [m for m in dated if not (m.event.date.contains(chosen) or m.event.date == chosen)]
    if disagreeing:
        values = sorted({m.event.date.edtf for m in dated}, key=lambda t: Date.parse(t).sort_key())
        conflicts.append(
            Conflict(
                field="date",
                values=tuple(values),
                event_ids=tuple(sorted(m.event.id for m in dated)),
                note="sources give different dates; the entry shows the one most sources give",
            )
        )
    fixed_by = None
    if any(m.event.date != chosen for m in members):
        fixed_by = sorted(m.event.id for m in finest if m.event.date == chosen)[0]
    return chosen, fixed_by, conflicts


def _union_by_id(groups: Iterable[Sequence[T]]) -> tuple[T, ...]:
    seen: dict[str, T] = {}
    for items in groups:
        for item in items:
            seen.setdefault(item.id, item)
    return tuple(seen.values())


def _place_conflict(members: Sequence[ReportedEvent]) -> list[Conflict]:
    """Sources that name specific places (narrower than a country, region or orbit) none of which
    the others name. A country beside a city is no conflict: it is only less precise."""
    placed = [m for m in members if specific_place_ids(m.event.places)]
    if len(placed) < 2:
        return []
    sets = [specific_place_ids(m.event.places) for m in placed]
    if frozenset.intersection(*sets):
        return []
    names = sorted({p.name for m in placed for p in m.event.places if p.kind not in BROAD_KINDS})
    return [
        Conflict(
            field="place",
            values=tuple(names),
            event_ids=tuple(sorted(m.event.id for m in placed)),
            note="sources name places that do not overlap",
        )
    ]


def _source(member: ReportedEvent, articles: Mapping[str, ArticleInfo]) -> Source:
    event = member.event
    article = articles.get(event.evidence.article) or ArticleInfo(
        id=event.evidence.article, title=None, published=Date.unknown(), publisher=None, url=None,
        language="fr", origin=None,
    )
    return Source(
        event_id=event.id, article=article, span=event.evidence.span, quote=event.evidence.quote,
        date=event.date, modality=event.modality, summary=event.summary, confidence=event.confidence,
    )


def build_entry(members: Sequence[ReportedEvent], articles: Mapping[str, ArticleInfo]) -> TimelineEntry:
    """The entry of one group of reported events."""
    sources = sorted(
        (_source(m, articles) for m in members),
        key=lambda s: (s.article.published.sort_key(), s.article.id, s.span.start, s.event_id),
    )
    date, fixed_by, conflicts = _entry_date(members)
    kinds = Counter(m.event.kind for m in members)
    kind = sorted(kinds, key=lambda k: (-kinds[k], _specificity(k), k))[0]
    modality = min((m.event.modality for m in members), key=lambda mo: _MODALITY_RANK[mo])
    lead = sorted(
        members,
        key=lambda m: (m.event.date.precision.rank, -m.event.confidence, m.event.id),
    )[0]
    ordered = sorted(members, key=lambda m: m.event.id)
    doubt = 1.0
    for m in members:
        doubt *= 1.0 - m.event.confidence
    return TimelineEntry(
        id=content_id("entry", ordered[0].event.id),
        date=date,
        kind=kind,
        modality=modality,
        summary=lead.event.summary,
        places=_union_by_id(m.event.places for m in [lead, *ordered]),
        actors=_union_by_id(m.event.actors for m in [lead, *ordered]),
        sources=tuple(sources),
        first_recorded=min(m.first_recorded for m in members),
        last_modified=max(m.last_modified for m in members),
        position=max(m.last_position for m in members),
        date_fixed_by=fixed_by,
        conflicts=tuple(conflicts + _place_conflict(members)),
        confidence=round(1.0 - doubt, 6),
    )


def build_entries(
    events: Sequence[ReportedEvent],
    articles: Mapping[str, ArticleInfo],
    *,
    overrides: Sequence[tuple[str, tuple[str, ...]]] = (),
) -> list[TimelineEntry]:
    """Group ``events`` and build one entry per group."""
    by_id = {e.event.id: e for e in events}
    return [build_entry([by_id[i] for i in group], articles) for group in group_events(events, overrides)]
