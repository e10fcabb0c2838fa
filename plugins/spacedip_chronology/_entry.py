"""One entry as every format shows it, from the entry alone (nothing from its neighbours).

Each format renders an entry into a block that is kept between exports (see
:mod:`._stream`), so what is decided here may depend only on the entry and the language.
Article text is cleaned here (control and bidirectional-override characters removed, white
space collapsed) but not escaped: each format escapes for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import attrs

from spacedip.errors import InvalidDateError
from spacedip.model import Date, Precision
from spacedip.timeline.entry import Conflict, Source, TimelineEntry

from ._dates import format_date
from ._labels import Labels

__all__ = [
    "EntryView",
    "Facet",
    "Filing",
    "SourceView",
    "anchor",
    "clean",
    "entry_view",
    "filing",
    "kind_name",
    "safe_url",
]

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Unicode's Cc (control) characters, all of them."""
_CLEANED = re.compile(f"{_BIDI_CONTROLS.pattern}|{_CONTROLS.pattern}")
"""Either kind: most text has none, and is only split and joined."""
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def clean(text: str | None) -> str:
    """Article text made safe to lay out on one line: control characters and bidirectional
    overrides removed, runs of white space turned into one space, ends stripped."""
    if not text:
        return ""
    if _CLEANED.search(text):
        text = _CONTROLS.sub(" ", _BIDI_CONTROLS.sub("", text))
    return " ".join(text.split())


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
    """A place, actor or kind with the name the chronology shows for it."""

    key: str
    """In an entry's own view, the place, actor or kind id; in :func:`._view.build` and the
    HTML page's filters, a short token (``p0``, ``a3``, ``k1``) numbered over the whole chronology."""
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
    in_month: bool
    """True if the entry is filed under a month (its heading is one level deeper)."""
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
class Filing:
    """Where an entry is shown: its group (a year, a decade, a century, an unknown date)
    and, for a day or a month, the month within that year."""

    group: str
    heading: str
    month: str | None
    """``YYYY-MM``, or ``None`` for entries shown under the group itself."""


def anchor(date: Date) -> Date | None:
    """The date an entry is filed under: the date itself, an interval's start, or ``None``."""
    if not date.is_known:
        return None
    return date.parts[0] if date.is_interval else date


def filing(date: Date, labels: Labels) -> Filing:
    """Where an entry of ``date`` is shown: under the year of its date or interval start,
    then under its month when that is a day or a month; decades and centuries get a
    group of their own, open starts and unknown dates one each."""
    start = anchor(date)
    if not date.is_known:
        return Filing("unknown", labels["unknown_section"], None)
    if start is None:
        return Filing("no-start", labels["no_start_section"], None)
    year = start.year_value
    if year is None:  # a decade or a century
        text = format_date(start, labels)
        return Filing(start.edtf, text[:1].upper() + text[1:], None)
    month = start.month_value if start.precision in (Precision.DAY, Precision.MONTH) else None
    return Filing(f"{year:04d}", str(year), None if month is None else f"{year:04d}-{month:02d}")


def _names(named: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each id once, in order of first appearance, with the smallest of its cleaned names."""
    names: dict[str, str] = {}
    for key, raw in named:
        name = clean(raw) or clean(key)
        if key not in names or name < names[key]:
            names[key] = name
    return names


def _place_names(entry: TimelineEntry) -> dict[str, str]:
    """The entry's places: id -> name, in the entry's order."""
    return _names((p.id, p.name) for p in entry.places)


def _actor_names(entry: TimelineEntry) -> dict[str, str]:
    """The entry's actors: id -> name (with the role, if any), in the entry's order."""
    return _names((a.id, f"{a.name} ({a.role})" if a.role and clean(a.role) else a.name) for a in entry.actors)


def kind_name(kind: str, labels: Labels) -> str:
    """The name shown for an event kind."""
    return clean(labels.kind(kind)) or clean(kind)


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


def entry_view(
    entry: TimelineEntry,
    labels: Labels,
    places: Mapping[str, str] | None = None,
    actors: Mapping[str, str] | None = None,
) -> EntryView:
    """``entry`` as the formats show it.

    Args:
        entry: the entry.
        labels: the chronology's language.
        places: names to show instead of the entry's own, by place id (the chronology shows
            one name per id, the smallest one any entry gives; see :mod:`._outline`).
        actors: the same for actors.
    """
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
        in_month=filing(entry.date, labels).month is not None,
        kind=Facet(entry.kind, kind_name(entry.kind, labels)),
        modality=entry.modality.value,
        modality_label=labels.modality(entry.modality),
        summary=summary or labels.kind(entry.kind),
        places=tuple(Facet(k, (places or {}).get(k, name)) for k, name in _place_names(entry).items()),
        actors=tuple(Facet(k, (actors or {}).get(k, name)) for k, name in _actor_names(entry).items()),
        conflicts=tuple(_conflict_text(c, labels) for c in entry.conflicts),
        fixed_by=fixed[0] if fixed else None,
        sources=sources,
    )
