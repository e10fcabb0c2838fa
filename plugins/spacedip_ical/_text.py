"""The text of each calendar event: summary, description, location, categories, link.

Everything here is plain text; iCalendar escaping is left to ``icalendar`` (see
``_calendar``). Two things are done before it: :func:`clean_text` drops what a TEXT
value cannot hold, and :func:`web_url` keeps only http(s) links.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from spacedip.model import Date, Modality, Place, Precision
from spacedip.timeline import Source, TimelineEntry
from spacedip_ical._labels import format_date, kind_label, label, modality_label, precision_label
from spacedip_ical._span import DaySpan

__all__ = [
    "categories",
    "clean_text",
    "description",
    "location",
    "summary",
    "web_url",
]

# RFC 5545 TEXT cannot hold control characters other than HTAB (line breaks are escaped).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def clean_text(text: str) -> str:
    """``text`` as a calendar can carry it: line breaks as ``\\n`` (CRLF and lone CR
    become LF), other control characters removed, lone surrogates as U+FFFD.

    Everything else, markup and iCalendar syntax included, is kept as it is: it stays
    text because ``icalendar`` escapes it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def web_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address with a host, with spaces and non-ASCII
    percent-encoded; ``None`` otherwise (``javascript:``, ``file:``, relative paths).
    """
    if not url:
        return None
    url = url.strip()
    if _CONTROL.search(url) or _SURROGATE.search(url):
        return None
    encoded = quote(url, safe=_URL_SAFE)
    try:
        parts = urlsplit(encoded)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return encoded


def summary(entry: TimelineEntry, span: DaySpan, lang: str) -> str:
    """The event title: the entry summary, marked when not something that happened
    (``[prévu] …``) and, when collapsed onto a first day, followed by the real date."""
    text = clean_text(entry.summary)
    if entry.modality is not Modality.HAPPENED:
        text = f"[{modality_label(lang, entry.modality)}] {text}"
    if span.collapsed:
        text = f"{text} ({format_date(lang, entry.date)})"
    return text


def location(entry: TimelineEntry) -> str | None:
    """The place names, comma-separated, or ``None`` for an entry with no place."""
    names = [clean_text(p.name) for p in _unique_places(entry.places)]
    return ", ".join(names) or None


def categories(entry: TimelineEntry, lang: str) -> list[str]:
    """Kind, then place names, then actor names, without repeats."""
    names = [kind_label(lang, entry.kind)]
    names += [clean_text(p.name) for p in _unique_places(entry.places)]
    names += [clean_text(a.name) for a in entry.actors]
    return [n for i, n in enumerate(names) if n and n not in names[:i]]


def description(entry: TimelineEntry, span: DaySpan, lang: str) -> str:
    """What happened, when and how precisely, where, who, whether sources disagree,
    then every source with its title, publisher, date, quote and link."""
    lines = [clean_text(entry.summary), ""]
    note = ""
    if span.collapsed:
        note = label(lang, "collapsed_note")
    elif span.days > 1:
        note = label(lang, "span_note")
    precision = precision_label(lang, entry.date.precision)
    when = f"{format_date(lang, entry.date)} — {label(lang, 'precision')}{_sep(lang)}{precision}"
    lines.append(_field(lang, "date", f"{when}, {note}" if note else when))
    lines.append(_field(lang, "status", modality_label(lang, entry.modality)))
    lines.append(_field(lang, "kind", kind_label(lang, entry.kind)))
    places = location(entry)
    if places:
        lines.append(_field(lang, "places", places))
    if entry.actors:
        lines.append(_field(lang, "actors", ", ".join(_actor(a.name, a.role) for a in entry.actors)))
    if entry.date_fixed_by:
        lines.append(_fixed_by(entry, lang))
    for conflict in entry.conflicts:
        field = _LABELLED_FIELDS.get(conflict.field)
        values = " / ".join(clean_text(v) for v in conflict.values)
        text = label(lang, "conflict").format(
            field=label(lang, field) if field else clean_text(conflict.field), values=values
        )
        if conflict.note:
            text += f" ({clean_text(conflict.note)})"
        lines.append(text)
    lines += ["", f"{label(lang, 'sources')}{_sep(lang).rstrip()}"]
    for number, source in enumerate(entry.sources, start=1):
        lines += _source_lines(number, source, entry.date, lang)
    lines += ["", f"{label(lang, 'entry')} {entry.id} · EDTF {entry.date.edtf}"]
    return "\n".join(lines)


_LABELLED_FIELDS = {
    "date": "field_date",
    "place": "field_place",
    "places": "field_place",
    "modality": "field_modality",
    "kind": "field_kind",
    "actors": "field_actors",
    "summary": "field_summary",
}


def _sep(lang: str) -> str:
    """French typography puts a space before the colon."""
    return " : " if lang == "fr" else ": "


def _field(lang: str, key: str, value: str) -> str:
    return f"{label(lang, key)}{_sep(lang)}{value}"


def _actor(name: str, role: str | None) -> str:
    return f"{clean_text(name)} ({clean_text(role)})" if role else clean_text(name)


def _fixed_by(entry: TimelineEntry, lang: str) -> str:
    for number, source in enumerate(entry.sources, start=1):
        if source.event_id == entry.date_fixed_by:
            who = f"[{number}] {_title(source)}"
            break
    else:
        who = clean_text(entry.date_fixed_by or "")
    key = "day_fixed_by" if entry.date.precision is Precision.DAY else "date_fixed_by"
    text = f"{label(lang, key)}{_sep(lang)}{who}"
    return text[0].upper() + text[1:]


def _title(source: Source) -> str:
    return clean_text(source.article.title or source.article.origin or source.article.id)


def _source_lines(number: int, source: Source, entry_date: Date, lang: str) -> list[str]:
    article = source.article
    head = f"[{number}] {_title(source)}"
    facts = [clean_text(article.publisher)] if article.publisher else []
    facts.append(format_date(lang, article.published))
    head += " — " + ", ".join(facts)
    lines = [
        head,
        f"    « {clean_text(source.quote)} »" if lang == "fr" else f"    “{clean_text(source.quote)}”",
    ]
    if source.date != entry_date:
        lines.append(f"    {label(lang, 'reported_date')}{_sep(lang)}{format_date(lang, source.date)}")
    url = web_url(article.url)
    if url:
        lines.append(f"    {url}")
    return lines


def _unique_places(places: tuple[Place, ...]) -> list[Place]:
    seen: set[str] = set()
    unique = []
    for place in places:
        if place.id not in seen:
            seen.add(place.id)
            unique.append(place)
    return unique
