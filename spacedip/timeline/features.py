"""What grouping looks at in a reported event, and the test of two events telling one happening.

Grouping (``spacedip.timeline.grouping``) never needs an event's quote or summary: only
its kind, date, places and actors. :class:`Features` holds exactly that, small enough to
keep a million of them in memory, and :func:`related` is rules 1 and 2 of the grouping
docstring on them. The incremental projection stores the same fields in its read model
and rebuilds :class:`Features` from them, so both paths apply one rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from spacedip.model import Date, Event, Place, PlaceKind, Precision

__all__ = [
    "BROAD_KINDS",
    "FAR_FUTURE",
    "FAR_PAST",
    "KIND_FAMILIES",
    "NEAR_DAYS",
    "Features",
    "dates_compatible",
    "family_of",
    "features_of",
    "place_ids",
    "related",
    "specific_place_ids",
]

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

FAR_PAST, FAR_FUTURE = -(10**9), 10**9
"""Day numbers standing for an open start or end."""

BROAD_KINDS = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.ORBIT})
"""Place kinds too broad to tell two happenings apart."""


_FAMILY_OF = {kind: f"family-{number}" for number, family in enumerate(KIND_FAMILIES) for kind in family}


def family_of(kind: str) -> str:
    """The kind family a kind belongs to (``family-0``...), or the kind itself."""
    return _FAMILY_OF.get(kind, kind)


def place_ids(places: Iterable[Place]) -> frozenset[str]:
    """Ids of ``places`` and of what each lies in."""
    ids: set[str] = set()
    for place in places:
        ids.add(place.id)
        if place.part_of:
            ids.add(place.part_of)
    return frozenset(ids)


def specific_place_ids(places: Iterable[Place]) -> frozenset[str]:
    """Places narrower than a country, region or "orbit": the ones that tell two happenings apart."""
    return place_ids(p for p in places if p.kind not in BROAD_KINDS)


@attrs.frozen
class Features:
    """The fields of one reported event that grouping compares."""

    id: str
    kind: str
    date: Date
    actors: frozenset[str]
    places: frozenset[str]
    """Place ids with what they lie in (see :func:`place_ids`)."""
    specific: frozenset[str]
    """The same for places narrower than a country, region or orbit."""

    family: str = attrs.field(init=False)
    """The kind family (:func:`family_of`)."""
    fine: bool = attrs.field(init=False)
    """Dated to a day: grouped first, coarser events then look for a home among them."""
    open: bool = attrs.field(init=False)
    """An interval with an open end ("from September on")."""
    lo: int = attrs.field(init=False)
    """First day (ordinal) the date may fall on; :data:`FAR_PAST` for an open start."""
    hi: int = attrs.field(init=False)
    """Last day (ordinal) the date may fall on; :data:`FAR_FUTURE` for an open end."""

    def __attrs_post_init__(self) -> None:
        date = self.date
        object.__setattr__(self, "family", family_of(self.kind))
        object.__setattr__(self, "fine", date.precision is Precision.DAY)
        object.__setattr__(self, "open", date.is_interval and (date.earliest is None or date.latest is None))
        object.__setattr__(self, "lo", date.earliest.toordinal() if date.earliest is not None else FAR_PAST)
        object.__setattr__(self, "hi", date.latest.toordinal() if date.latest is not None else FAR_FUTURE)

    @property
    def index_keys(self) -> frozenset[str]:
        """What two events must share to be compared at all: a place (``p:`` id, or what it lies
        in) or an actor (``a:`` id). :func:`related` never holds between events that share none,
        so indexing events by these keys (and kind family and day) finds every pair worth checking.
        Made on demand: a million features would otherwise hold a million more sets."""
        return frozenset([*(f"p:{i}" for i in self.places), *(f"a:{a}" for a in self.actors)])


def features_of(event: Event) -> Features:
    """The grouping features of ``event``."""
    return Features(
        id=event.id,
        kind=event.kind,
        date=event.date,
        actors=frozenset(a.id for a in event.actors),
        places=place_ids(event.places),
        specific=specific_place_ids(event.places),
    )


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or any(a in fam and b in fam for fam in KIND_FAMILIES)


def dates_compatible(a: Date, b: Date) -> bool:
    """Rule 2: one date contains the other, two days are near, or two intervals overlap."""
    if not a.is_known or not b.is_known:
        return False
    a_open = a.is_interval and (a.earliest is None or a.latest is None)
    b_open = b.is_interval and (b.earliest is None or b.latest is None)
    if a_open or b_open:  # "from September on" contains every later day: too vague to group by
        return a == b
    if a.contains(b) or b.contains(a):
        return True
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        assert a.earliest is not None and b.earliest is not None
        return abs((a.earliest - b.earliest).days) <= NEAR_DAYS
    return a.is_interval and b.is_interval and a.overlaps(b)


def related(x: Features, y: Features) -> bool:
    """Rules 1 and 2 of the grouping docstring: ``x`` and ``y`` may tell the same happening."""
    if not _kinds_compatible(x.kind, y.kind) or not dates_compatible(x.date, y.date):
        return False
    if x.actors and y.actors and not x.actors & y.actors:
        return False
    if x.specific and y.specific:
        return bool(x.specific & y.specific)
    if x.places and y.places:
        return bool(x.places & y.places)
    shared = x.actors & y.actors
    return len(shared) >= 2 or (bool(shared) and len(shared) == min(len(x.actors), len(y.actors)))
