"""The chronology laid out from the entries' facts alone: groups, months, filters and counts.

Entries come in timeline order (date, then id). Each is filed under a group (the year of its
date or interval start, a decade, a century, "start unknown", "unknown date") and, for a day
or a month, under a month of that year. Groups are shown in the order their first entry
comes, unknown dates last; within a group, its own entries (a year, a season, an
interval starting so) first, then its months in order. Entries are referred to by their
number in timeline order; :meth:`Outline.order` is the order they are shown in.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from spacedip.model import Date
from spacedip.timeline.entry import Timeline

from ._dates import format_date, month_heading
from ._entry import Facet, kind_name
from ._facts import EntryFacts
from ._labels import Labels
from ._table import FactTable

__all__ = ["GroupPlan", "MonthPlan", "Outline", "generated_text"]


def generated_text(timeline: Timeline, labels: Labels) -> str:
    """"Made from log position N (hash …), as of …": the log's head, never the clock."""
    if timeline.period is not None:  # one period of a split export: its files depend on its entries only
        return labels["period_part"].format(period=timeline.period)
    if timeline.updated is None:
        return labels["empty_log"]
    utc = timeline.updated.astimezone(dt.UTC)
    day = format_date(Date.from_date(utc.date()), labels)
    return labels["generated"].format(
        position=timeline.head_position,
        hash=timeline.head_hash[:12],
        updated=f"{day} {labels['at_time']} {utc:%H:%M} UTC",
    )


@attrs.frozen
class MonthPlan:
    """The entries of one month of a year."""

    key: str
    """``YYYY-MM``."""
    heading: str
    entries: Sequence[int]


@attrs.frozen
class GroupPlan:
    """A year (or a decade, a century, an unknown date) with its entries and months."""

    key: str
    heading: str
    entries: Sequence[int]
    """Entries known to the year (or the group's period) only, shown before the months."""
    months: tuple[MonthPlan, ...] = ()

    def all_entries(self) -> Iterator[int]:
        """The group's entries as shown: its own first, then month by month."""
        yield from self.entries
        for month in self.months:
            yield from month.entries


def _facets(prefix: str, names: Mapping[str, str]) -> dict[str, Facet]:
    """Facets by id, numbered in the order of their names (then ids) so tokens are stable."""
    ordered = sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[1], pair[0]))
    return {key: Facet(f"{prefix}{i}", name) for i, (key, name) in enumerate(ordered)}


class _Names:
    """The smallest name given for each id, and the ids given more than one name."""

    def __init__(self) -> None:
        self.smallest: dict[str, str] = {}
        self.varied: set[str] = set()

    def add(self, pairs: Iterable[tuple[str, str]]) -> None:
        smallest = self.smallest
        for key, name in pairs:
            known = smallest.get(key)
            if known is None:
                smallest[key] = name
            elif name != known:
                self.varied.add(key)
                if name < known:
                    smallest[key] = name

    def renames(self, pairs: Iterable[tuple[str, str]]) -> bool:
        """True if ``pairs`` name an id otherwise than :attr:`smallest`."""
        return any(key in self.varied and self.smallest[key] != name for key, name in pairs)


@attrs.frozen
class Outline:
    """What is shown, and where, for entries given by their facts in timeline order."""

    labels: Labels
    title: str
    generated: str
    """"Made from log position N (hash …)": deterministic, never the clock."""
    facts: FactTable
    """Every entry's facts, by number in timeline order (compact: each made on demand)."""
    groups: tuple[GroupPlan, ...]
    places: dict[str, Facet]
    """Place id -> its facet; one name per id, the smallest any entry gives."""
    actors: dict[str, Facet]
    kinds: dict[str, Facet]
    renamed: tuple[int, ...]
    """The entries that name a place or an actor otherwise than the chronology does (another
    entry gives a smaller name for the same id): their blocks must be made again with
    :meth:`place_names` and :meth:`actor_names`."""
    period: str | None = None
    """The period shown, in one period's files of an export split by period (they link to its index)."""

    @classmethod
    def of(cls, facts: Iterable[EntryFacts], labels: Labels, title: str, generated: str,
           period: str | None = None) -> Outline:
        """The outline of entries whose facts come in timeline order."""
        table = FactTable()
        for fact in facts:
            table.add(fact)
        return cls.of_table(table, labels, title, generated, period)

    @classmethod
    def of_table(cls, table: FactTable, labels: Labels, title: str, generated: str,
                 period: str | None = None) -> Outline:
        """The outline of the entries of ``table`` (in timeline order)."""
        places, actors = _Names(), _Names()
        places.add(table.places.values)
        actors.add(table.actors.values)
        kinds = {kind: kind_name(kind, labels) for kind in table.kinds.values}
        groups: dict[str, tuple[str, array[int], dict[str, array[int]]]] = {}
        filings = table.filings.values
        for number in range(len(table)):
            group, heading, month = filings[table.filing(number)]
            _, own, months = groups.setdefault(group, (heading, array("I"), {}))
            if month is None:
                own.append(number)
            else:
                months.setdefault(month, array("I")).append(number)
        ordered = sorted(groups.items(), key=lambda item: item[0] == "unknown")  # stable: unknown last
        plans = tuple(
            GroupPlan(
                key=key,
                heading=heading,
                entries=own,
                months=tuple(
                    MonthPlan(m, month_heading(int(m[:4]), int(m[5:]), labels), months[m])
                    for m in sorted(months)
                ),
            )
            for key, (heading, own, months) in ordered
        )
        renamed: tuple[int, ...] = ()
        if places.varied or actors.varied:
            odd_places = {i for i, pair in enumerate(table.places.values) if places.renames((pair,))}
            odd_actors = {i for i, pair in enumerate(table.actors.values) if actors.renames((pair,))}
            renamed = tuple(
                number for number in range(len(table))
                if not odd_places.isdisjoint(table.place_pairs(number))
                or not odd_actors.isdisjoint(table.actor_pairs(number))
            )
        return cls(labels=labels, title=title, generated=generated, facts=table, groups=plans,
                   places=_facets("p", places.smallest), actors=_facets("a", actors.smallest),
                   kinds=_facets("k", kinds), renamed=renamed, period=period)

    @property
    def total(self) -> int:
        """How many entries are shown."""
        return len(self.facts)

    def order(self) -> Iterator[int]:
        """Every entry's number, in the order shown."""
        for group in self.groups:
            yield from group.all_entries()

    def place_names(self) -> dict[str, str]:
        """Place id -> the name the chronology shows."""
        return {k: f.name for k, f in self.places.items()}

    def actor_names(self) -> dict[str, str]:
        """Actor id -> the name the chronology shows."""
        return {k: f.name for k, f in self.actors.items()}
