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
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from spacedip.model import Actor, Date, Modality, Place, PlaceKind, Precision
from spacedip.model.ids import content_id
from spacedip.timeline.entry import ArticleInfo, Conflict, Source, TimelineEntry
from spacedip.timeline.projection import ReportedEvent

__all__ = ["KIND_FAMILIES", "NEAR_DAYS", "build_entries", "group_events", "same_happening"]

T = TypeVar("T", Place, Actor)

NEAR_DAYS = 2
"""Days two day-precise reports may differ by and still be one happening (with a conflict)."""

KIND_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("video_call", "meeting", "talks", "visit"),
    ("launch", "flight"),
    ("docking", "arrival"),
    ("return", "departure"),
    ("joint_statement", "agreement", "cooperation"),
    ("invitation", "offer", "request"),
)
"""Kinds that may name the same happening in different articles, the most specific first: when
sources of one entry give different kinds equally often, the more specific one names the entry."""

_MODALITY_RANK = {Modality.HAPPENED: 0, Modality.PLANNED: 1, Modality.PROPOSED: 2, Modality.CONDITIONAL: 3}


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or any(a in fam and b in fam for fam in KIND_FAMILIES)


def _specificity(kind: str) -> int:
    for family in KIND_FAMILIES:
        if kind in family:
            return family.index(kind)
    return 0


def _place_ids(places: Iterable[Place]) -> set[str]:
    ids: set[str] = set()
    for place in places:
        ids.add(place.id)
        if place.part_of:
            ids.add(place.part_of)
    return ids


_BROAD = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.ORBIT})


def _specific_place_ids(places: Iterable[Place]) -> set[str]:
    """Places narrower than a country, region or "orbit": the ones that tell two happenings apart."""
    return _place_ids(p for p in places if p.kind not in _BROAD)


def _open(date: Date) -> bool:
    return date.is_interval and (date.earliest is None or date.latest is None)


def _dates_compatible(a: Date, b: Date) -> bool:
    if not a.is_known or not b.is_known:
        return False
    if _open(a) or _open(b):  # "from September on" contains every later day: too vague to group by
        return a == b
    if a.contains(b) or b.contains(a):
        return True
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        assert a.earliest is not None and b.earliest is not None
        return abs((a.earliest - b.earliest).days) <= NEAR_DAYS
    return a.is_interval and b.is_interval and a.overlaps(b)


def same_happening(a: ReportedEvent, b: ReportedEvent) -> bool:
    """Rule 1 and 2 of the module docstring."""
    x, y = a.event, b.event
    if not _kinds_compatible(x.kind, y.kind) or not _dates_compatible(x.date, y.date):
        return False
    actors_x, actors_y = {p.id for p in x.actors}, {p.id for p in y.actors}
    if actors_x and actors_y and not actors_x & actors_y:
        return False
    specific_x, specific_y = _specific_place_ids(x.places), _specific_place_ids(y.places)
    if specific_x and specific_y:
        return bool(specific_x & specific_y)
    places_x, places_y = _place_ids(x.places), _place_ids(y.places)
    if places_x and places_y:
        return bool(places_x & places_y)
    shared = actors_x & actors_y
    return len(shared) >= 2 or (bool(shared) and len(shared) == min(len(actors_x), len(actors_y)))


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

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

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for item in sorted(self.parent):
            out.setdefault(self.find(item), []).append(item)
        return sorted(out.values())


def _is_fine(event: ReportedEvent) -> bool:
    return event.event.date.precision is Precision.DAY


def _family(kind: str) -> str:
    for number, family in enumerate(KIND_FAMILIES):
        if kind in family:
            return f"family-{number}"
    return kind


def _keys(event: ReportedEvent) -> set[str]:
    """What two events must share to be compared at all: a place (or what it lies in), or an actor.

    ``same_happening`` never holds between events that share neither, so indexing events by
    these keys (and by kind family and day) finds every pair worth checking without comparing
    all pairs: grouping stays close to linear in the number of events.
    """
    keys = {f"p:{i}" for i in _place_ids(event.event.places)}
    keys.update(f"a:{a.id}" for a in event.event.actors)
    return keys


_FAR_PAST, _FAR_FUTURE = -(10**9), 10**9


def _bounds(date: Date) -> tuple[int, int]:
    lo = date.earliest.toordinal() if date.earliest is not None else _FAR_PAST
    hi = date.latest.toordinal() if date.latest is not None else _FAR_FUTURE
    return lo, hi


class _DayIndex:
    """Events by (kind family, key), each list sorted by day, for range look-ups."""

    def __init__(self, events: Iterable[ReportedEvent]) -> None:
        buckets: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for event in events:
            day, _ = _bounds(event.event.date)
            family = _family(event.event.kind)
            for key in _keys(event):
                buckets.setdefault((family, key), []).append((day, event.event.id))
        self.days = {k: [d for d, _ in sorted(v)] for k, v in buckets.items()}
        self.ids = {k: [i for _, i in sorted(v)] for k, v in buckets.items()}

    def candidates(self, event: ReportedEvent, lo: int, hi: int) -> set[str]:
        family = _family(event.event.kind)
        found: set[str] = set()
        for key in _keys(event):
            days = self.days.get((family, key))
            if days is None:
                continue
            ids = self.ids[(family, key)]
            found.update(ids[bisect.bisect_left(days, lo) : bisect.bisect_right(days, hi)])
        found.discard(event.event.id)
        return found


def group_events(
    events: Sequence[ReportedEvent],
    overrides: Sequence[tuple[str, tuple[str, ...]]] = (),
) -> list[list[str]]:
    """Group event ids by the rule of the module docstring; each group sorted, groups sorted."""
    by_id = {e.event.id: e for e in events}
    ids = sorted(by_id)
    fine = [by_id[i] for i in ids if _is_fine(by_id[i])]
    coarse = [by_id[i] for i in ids if not _is_fine(by_id[i])]
    uf = _UnionFind(ids)
    fine_index = _DayIndex(fine)
    for event in fine:
        day, _ = _bounds(event.event.date)
        for other in sorted(fine_index.candidates(event, day - NEAR_DAYS, day + NEAR_DAYS)):
            # Already grouped together: no need to ask (this keeps dense days cheap).
            if uf.find(other) != uf.find(event.event.id) and same_happening(event, by_id[other]):
                uf.union(event.event.id, other)
    leftovers: list[ReportedEvent] = []
    for event in coarse:
        lo, hi = _bounds(event.event.date)
        homes: set[str] = set()
        for other in sorted(fine_index.candidates(event, lo, hi)):
            root = uf.find(other)
            if root in homes:
                continue
            if same_happening(event, by_id[other]):
                homes.add(root)
                if len(homes) > 1:
                    break
        if len(homes) == 1:
            uf.union(event.event.id, homes.pop())
        elif not homes:
            leftovers.append(event)
    _group_leftovers(leftovers, uf)
    return _apply_overrides(uf.groups(), overrides, by_id)


def _group_leftovers(leftovers: Sequence[ReportedEvent], uf: _UnionFind) -> None:
    """Coarse events that fit no day group, grouped among themselves: a sweep over date ranges
    within each (kind family, key) bucket, since one date must contain the other."""
    buckets: dict[tuple[str, str], list[ReportedEvent]] = {}
    for event in leftovers:
        if not event.event.date.is_known:
            continue
        for key in _keys(event):
            buckets.setdefault((_family(event.event.kind), key), []).append(event)
    for members in buckets.values():
        members.sort(key=lambda e: (_bounds(e.event.date), e.event.id))
        active: list[ReportedEvent] = []
        for event in members:
            lo, _ = _bounds(event.event.date)
            active = [a for a in active if _bounds(a.event.date)[1] >= lo]
            for other in active:
                if same_happening(event, other):
                    uf.union(event.event.id, other.event.id)
            active.append(event)


def _apply_overrides(
    groups: list[list[str]],
    overrides: Sequence[tuple[str, tuple[str, ...]]],
    by_id: Mapping[str, ReportedEvent],
) -> list[list[str]]:
    """A person's merges and splits, in log order, on top of the automatic groups."""
    if not overrides:
        return groups
    members: dict[int, set[str]] = dict(enumerate(set(g) for g in groups))
    group_of = {i: n for n, g in members.items() for i in g}
    next_id = len(members)
    for action, named in overrides:
        present = [i for i in named if i in by_id]
        if not present:
            continue
        touched = {group_of[i] for i in present}
        if action == "merge":
            merged = set().union(*(members.pop(n) for n in touched))
        else:
            merged = set(present)
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
    placed = [m for m in members if _specific_place_ids(m.event.places)]
    if len(placed) < 2:
        return []
    sets = [_specific_place_ids(m.event.places) for m in placed]
    if set.intersection(*sets):
        return []
    names = sorted({p.name for m in placed for p in m.event.places if p.kind not in _BROAD})
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
