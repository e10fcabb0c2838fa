"""The whole chronology as one object in memory: groups of months of entry views.

The exporter itself never builds it (it streams, see :mod:`._stream`); it is made from the
same facts and outline, for tests and for callers that want the chronology as data.
"""

from __future__ import annotations

import attrs

from spacedip.timeline.entry import Timeline

from ._entry import EntryView, Facet, SourceView, anchor, clean, entry_view, safe_url
from ._facts import EntryFacts
from ._labels import Labels
from ._outline import Outline, generated_text

__all__ = [
    "Chronology",
    "EntryView",
    "Facet",
    "Group",
    "MonthGroup",
    "SourceView",
    "anchor",
    "build",
    "clean",
    "safe_url",
]


@attrs.frozen
class MonthGroup:
    """Entries whose date (or interval start) is a day or a month of one month."""

    key: str
    """``YYYY-MM``."""
    heading: str
    entries: tuple[EntryView, ...]


@attrs.frozen
class Group:
    """A year (or a decade, a century, an unknown date) with its entries and months."""

    key: str
    heading: str
    entries: tuple[EntryView, ...]
    """Entries known to the year (or the group's period) only, shown before the months."""
    months: tuple[MonthGroup, ...] = ()

    def all_entries(self) -> tuple[EntryView, ...]:
        """The group's entries as shown: its own first, then month by month."""
        return self.entries + tuple(e for m in self.months for e in m.entries)


@attrs.frozen
class Chronology:
    """What the four formats show."""

    labels: Labels
    title: str
    generated: str
    """"Made from log position N (hash …)": deterministic, never the clock."""
    groups: tuple[Group, ...]
    places: tuple[Facet, ...]
    actors: tuple[Facet, ...]
    kinds: tuple[Facet, ...]

    @property
    def entries(self) -> tuple[EntryView, ...]:
        """Every entry in the order shown."""
        return tuple(e for g in self.groups for e in g.all_entries())


def build(timeline: Timeline, labels: Labels, title: str | None = None) -> Chronology:
    """The chronology of ``timeline`` in the language of ``labels``, in memory.

    Entries are ordered by date (:meth:`Date.sort_key`) then id, whatever order they come in,
    and laid out as :class:`._outline.Outline` says. Their places, actors and kind are the
    page's facets (with its ``p0``/``a0``/``k0`` tokens).
    """
    entries = sorted(timeline.entries, key=lambda e: (e.date.sort_key(), e.id))
    facts = (EntryFacts.of(e, entry_view(e, labels), labels) for e in entries)
    outline = Outline.of(facts, labels, clean(title) or labels["title"],
                         generated_text(timeline, labels), timeline.period)
    place_names, actor_names = outline.place_names(), outline.actor_names()

    def view(number: int) -> EntryView:
        own = entry_view(entries[number], labels, place_names, actor_names)
        return attrs.evolve(
            own,
            kind=outline.kinds[own.kind.key],
            places=tuple(outline.places[p.key] for p in own.places),
            actors=tuple(outline.actors[a.key] for a in own.actors),
        )

    groups = tuple(
        Group(
            key=group.key,
            heading=group.heading,
            entries=tuple(map(view, group.entries)),
            months=tuple(MonthGroup(m.key, m.heading, tuple(map(view, m.entries))) for m in group.months),
        )
        for group in outline.groups
    )
    return Chronology(
        labels=labels,
        title=outline.title,
        generated=outline.generated,
        groups=groups,
        places=tuple(outline.places.values()),
        actors=tuple(outline.actors.values()),
        kinds=tuple(outline.kinds.values()),
    )
