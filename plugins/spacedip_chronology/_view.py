"""The chronology as every format shows it: entries grouped by year and month, in one language.

This module decides what is shown and in which order; the format modules only lay it out.
Article text is cleaned here (control and bidirectional-override characters removed, white
space collapsed) but not escaped: each format escapes for itself.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import attrs

from spacedip.errors import InvalidDateError
from spacedip.model import Date, Precision
from spacedip.timeline.entry import Conflict, Source, Timeline, TimelineEntry

from ._dates import format_date, month_heading
from ._labels import Labels

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

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def clean(text: str | None) -> str:
    """Article text made safe to lay out on one line: control characters and bidirectional
    overrides removed, runs of white space turned into one space, ends stripped."""
    if not text:
        return ""
    kept = []
    for char in text:
        if char in _BIDI_CONTROLS:
            continue
        if unicodedata.category(char) == "Cc" or char.isspace():
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an ``http``/``https`` address with a host and no space or control
    character; ``None`` for anything else (``javascript:``, ``data:``, relative paths...)."""
    if not url or not _SAFE_URL.fullmatch(url):
        return None
    try:
        host = urlsplit(url).netloc
    except ValueError:
        return None
    return url if host else None


@attrs.frozen
class Facet:
    """A place, actor or kind as the filters of the HTML page offer it."""

    key: str
    """A short token (``p0``, ``a3``, ``k1``) used in the page instead of the id."""
    name: str


@attrs.frozen
class SourceView:
    """One numbered source of an entry."""

    number: int
    title: str
    publisher: str
    published: str
    """The article's publication date, written at its precision."""
    quote: str
    url: str | None
    """An ``http``/``https`` address to link to, or ``None``."""
    inert_url: str
    """An address that is not made a link (``javascript:``...), shown as text; else ``""``."""
    fixed_date: bool
    """True if this source is the one whose date the entry took."""


@attrs.frozen
class EntryView:
    """One entry, every field already written in the chronology's language."""

    id: str
    anchor: str
    """The HTML id of the entry (``e-`` + entry id)."""
    date: Date
    date_text: str
    kind: Facet
    modality: str
    """The modality's value (``happened``, ``planned``...)."""
    modality_label: str | None
    """The modality as shown, ``None`` for what happened."""
    summary: str
    places: tuple[Facet, ...]
    actors: tuple[Facet, ...]
    conflicts: tuple[str, ...]
    fixed_by: int | None
    """Number of the source that fixed the date, when sources differ in precision."""
    sources: tuple[SourceView, ...]

    @property
    def place_names(self) -> str:
        """The places, comma-separated."""
        return ", ".join(p.name for p in self.places)

    @property
    def actor_names(self) -> str:
        """The actors, comma-separated."""
        return ", ".join(a.name for a in self.actors)


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


def anchor(date: Date) -> Date | None:
    """The date an entry is filed under: the date itself, an interval's start, or ``None``."""
    if not date.is_known:
        return None
    return date.parts[0] if date.is_interval else date


def _facets(prefix: str, named: Iterable[tuple[str, str]]) -> dict[str, Facet]:
    """Facets by id, numbered in the order of their names (then ids) so tokens are stable."""
    names: dict[str, str] = {}
    for key, raw in named:
        name = clean(raw) or clean(key)
        if key not in names or name < names[key]:
            names[key] = name
    ordered = sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[1], pair[0]))
    return {key: Facet(f"{prefix}{i}", name) for i, (key, name) in enumerate(ordered)}


def _conflict_text(conflict: Conflict, labels: Labels) -> str:
    if conflict.field == "date":
        values = []
        for value in conflict.values:
            try:
                values.append(format_date(Date.parse(value), labels))
            except InvalidDateError:
                values.append(clean(value))
        field = labels["conflict_field_date"]
    else:
        values = [clean(v) for v in conflict.values]
        field = f"{labels['conflict_field']} {clean(conflict.field)}"
    text = f"{labels['conflict']} {field} : " if labels.lang == "fr" else f"{labels['conflict']} {field}: "
    text += " / ".join(values)
    note = clean(conflict.note)
    return f"{text} ({note})" if note else text


def _source_view(number: int, source: Source, fixed_by: str | None, labels: Labels) -> SourceView:
    article = source.article
    url = safe_url(article.url)
    return SourceView(
        number=number,
        title=clean(article.title) or labels["untitled"],
        publisher=clean(article.publisher),
        published=format_date(article.published, labels),
        quote=clean(source.quote),
        url=url,
        inert_url="" if url or not article.url else clean(article.url),
        fixed_date=fixed_by is not None and source.event_id == fixed_by,
    )


def _entry_view(
    entry: TimelineEntry,
    labels: Labels,
    places: dict[str, Facet],
    actors: dict[str, Facet],
    kinds: dict[str, Facet],
) -> EntryView:
    sources = tuple(
        _source_view(i, s, entry.date_fixed_by, labels) for i, s in enumerate(entry.sources, start=1)
    )
    fixed = [s.number for s in sources if s.fixed_date]
    summary = clean(entry.summary) or next((clean(s.summary) for s in entry.sources if clean(s.summary)), "")
    return EntryView(
        id=entry.id,
        anchor=f"e-{entry.id}",
        date=entry.date,
        date_text=format_date(entry.date, labels),
        kind=kinds[entry.kind],
        modality=entry.modality.value,
        modality_label=labels.modality(entry.modality),
        summary=summary or labels.kind(entry.kind),
        places=tuple(dict.fromkeys(places[p.id] for p in entry.places)),
        actors=tuple(dict.fromkeys(actors[a.id] for a in entry.actors)),
        conflicts=tuple(_conflict_text(c, labels) for c in entry.conflicts),
        fixed_by=fixed[0] if fixed else None,
        sources=sources,
    )


def _actor_name(name: str, role: str | None) -> str:
    return f"{name} ({role})" if role and clean(role) else name


def _group_key(date: Date, labels: Labels) -> tuple[str, str, str | None]:
    """(group key, group heading, month key or ``None``) of an entry's date."""
    start = anchor(date)
    if not date.is_known:
        return ("unknown", labels["unknown_section"], None)
    if start is None:
        return ("no-start", labels["no_start_section"], None)
    year = start.year_value
    if year is None:  # a decade or a century
        text = format_date(start, labels)
        return (start.edtf, text[:1].upper() + text[1:], None)
    month = start.month_value if start.precision in (Precision.DAY, Precision.MONTH) else None
    return (f"{year:04d}", str(year), None if month is None else f"{year:04d}-{month:02d}")


def _updated_text(updated: dt.datetime, labels: Labels) -> str:
    utc = updated.astimezone(dt.UTC)
    day = format_date(Date.from_date(utc.date()), labels)
    return f"{day} {labels['at_time']} {utc:%H:%M} UTC"


def build(timeline: Timeline, labels: Labels, title: str | None = None) -> Chronology:
    """The chronology of ``timeline`` in the language of ``labels``.

    Entries are ordered by date (:meth:`Date.sort_key`) then id, whatever order they come in,
    and filed under the year of their date or interval start, then under its month when that
    is a day or a month; decades and centuries get a group of their own, and unknown dates
    the last group.
    """
    entries: Sequence[TimelineEntry] = sorted(timeline.entries, key=lambda e: (e.date.sort_key(), e.id))
    places = _facets("p", ((p.id, p.name) for e in entries for p in e.places))
    actors = _facets("a", ((a.id, _actor_name(a.name, a.role)) for e in entries for a in e.actors))
    kinds = _facets("k", ((e.kind, labels.kind(e.kind)) for e in entries))

    groups: dict[str, tuple[str, list[EntryView], dict[str, list[EntryView]]]] = {}
    for entry in entries:
        view = _entry_view(entry, labels, places, actors, kinds)
        key, heading, month = _group_key(entry.date, labels)
        _, own, months = groups.setdefault(key, (heading, [], {}))
        if month is None:
            own.append(view)
        else:
            months.setdefault(month, []).append(view)
    ordered = sorted(groups.items(), key=lambda item: item[0] == "unknown")  # stable: unknown last
    built = tuple(
        Group(
            key=key,
            heading=heading,
            entries=tuple(own),
            months=tuple(
                MonthGroup(m, month_heading(int(m[:4]), int(m[5:]), labels), tuple(months[m]))
                for m in sorted(months)
            ),
        )
        for key, (heading, own, months) in ordered
    )
    if timeline.updated is None:
        generated = labels["empty_log"]
    else:
        generated = labels["generated"].format(
            position=timeline.head_position,
            hash=timeline.head_hash[:12],
            updated=_updated_text(timeline.updated, labels),
        )
    return Chronology(
        labels=labels,
        title=clean(title) or labels["title"],
        generated=generated,
        groups=built,
        places=tuple(places.values()),
        actors=tuple(actors.values()),
        kinds=tuple(kinds.values()),
    )
