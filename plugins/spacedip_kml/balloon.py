"""Balloon HTML: what happened, when, where, who, and which sources say so.

Google Earth renders a description as HTML, and every word of it but our own
markup comes from articles, so every piece of text goes through
:func:`html.escape` and a link is only made for an ``http``/``https`` address;
anything else is shown as inert text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from spacedip.model import Coordinates, Modality
from spacedip.timeline.entry import Source, TimelineEntry
from spacedip_kml._i18n import human_date, kind_label, modality_label, text
from spacedip_kml._text import xml_text
from spacedip_kml.families import FAMILIES
from spacedip_kml.placing import Anchor, Folder, Pin, Unplaced

__all__ = [
    "balloon_parts",
    "entry_balloon",
    "folder_description",
    "legend_html",
    "pin_notes",
    "safe_url",
    "unplaced_notes",
]

_URL = re.compile(r"https?://[^\s\"'<>`\\]+", re.IGNORECASE)
_COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def _e(value: object) -> str:
    """Untrusted text as HTML text (quotes escaped too, so it is safe in attributes)."""
    return escape(xml_text(str(value)), quote=True)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain ``http``/``https`` address, else ``None``."""
    if url is None:
        return None
    return url if _URL.fullmatch(url) else None


def _link(url: str | None, label: str, lang: str) -> str:
    good = safe_url(url)
    if good is not None:
        return f'<a href="{_e(good)}">{_e(label)}</a>'
    if url:
        note = text(lang, "unsafe_link") + text(lang, "colon") + url
        return f'{_e(label)} <span style="color:#868e96">[{_e(note)}]</span>'
    return _e(label)


def _coordinates(lat: float, lon: float) -> str:
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.5f}° {ns}, {abs(lon):.5f}° {ew}"


def _places(entry: TimelineEntry) -> str:
    return ", ".join(_e(place.name) for place in entry.places)


def _actor_names(entry: TimelineEntry) -> str:
    parts = []
    for actor in entry.actors:
        parts.append(f"{_e(actor.name)} ({_e(actor.role)})" if actor.role else _e(actor.name))
    return ", ".join(parts)


def _source(source: Source, lang: str, date_fixed_by: str | None) -> str:
    article = source.article
    title = article.title or article.id
    bits = [_link(article.url, title, lang)]
    meta = [m for m in (article.publisher, f"{text(lang, 'published')} {article.published.edtf}") if m]
    bits.append(f" — {', '.join(_e(m) for m in meta)}")
    bits.append(f"<br/><q>{_e(source.quote)}</q>")
    happened = source.modality is Modality.HAPPENED
    modality = "" if happened else ", " + _e(modality_label(lang, source.modality))
    if source.event_id == date_fixed_by:
        modality += ", " + _e(text(lang, "date_used"))
    given = text(lang, "reported_date") + text(lang, "colon") + source.date.edtf
    bits.append(f" <small>({_e(given)}{modality})</small>")
    return "<li>" + "".join(bits) + "</li>"


def _sources(sources: Sequence[Source], lang: str, date_fixed_by: str | None) -> str:
    items = "".join(_source(source, lang, date_fixed_by) for source in sources)
    return f"<h4>{_e(text(lang, 'sources'))}</h4><ol>{items}</ol>"


def _bearing_word(lang: str, bearing: float) -> str:
    return text(lang, _COMPASS[round(bearing / 45.0) % 8])


def _row(label: str, value_html: str) -> str:
    return f"<tr><th align=\"left\" valign=\"top\">{_e(label)}</th><td>{value_html}</td></tr>"


def balloon_parts(entry: TimelineEntry, lang: str) -> tuple[str, str]:
    """The two parts of an entry's balloon that depend on the entry alone: what comes
    before the notes on where it is drawn, and what comes after (see :func:`entry_balloon`)."""
    rows = [
        _row(text(lang, "date"),
             f"{_e(human_date(lang, entry.date))} <small>(EDTF {_e(entry.date.edtf)})</small>"),
        _row(text(lang, "kind"), _e(kind_label(lang, entry.kind))),
        _row(text(lang, "modality"), _e(modality_label(lang, entry.modality))),
    ]
    if entry.places:
        rows.append(_row(text(lang, "places"), _places(entry)))
    if entry.actors:
        rows.append(_row(text(lang, "actors"), _actor_names(entry)))
    conflicts = [
        _e(text(lang, "conflict", field=conflict.field, values=", ".join(conflict.values)))
        + (f" — {_e(conflict.note)}" if conflict.note else "")
        for conflict in entry.conflicts
    ]
    footer = (f"<p><small>{_e(text(lang, 'entry'))} {_e(entry.id)} · "
              f"{_e(text(lang, 'confidence'))} {entry.confidence:.2f}</small></p>")
    head = (f'<div style="max-width:460px;font-family:sans-serif"><h3>{_e(entry.summary)}</h3>'
            f"<table>{''.join(rows)}</table>")
    tail = f"{_notes(conflicts)}{_sources(entry.sources, lang, entry.date_fixed_by)}{footer}</div>"
    return head, tail


def _notes(notes: Sequence[str]) -> str:
    return "".join(f"<p><i>{note}</i></p>" for note in notes)


def pin_notes(lang: str, no_ground: Sequence[str], *, crowd: int = 1, offset_m: float = 0.0,
              bearing: float = 0.0, anchor: Coordinates | None = None) -> str:
    """The notes of a placemark drawn at one of its entry's places: the entry's places with
    no ground position (``no_ground``, their names), and the spiral offset when ``crowd``
    placemarks share the position ``anchor``."""
    notes = []
    if no_ground:
        notes.append(_e(text(lang, "no_ground_note", places=", ".join(no_ground))))
    if crowd > 1 and anchor is not None:
        notes.append(_e(text(
            lang, "offset", metres=f"{offset_m:.0f}", bearing=_bearing_word(lang, bearing),
            others=crowd - 1, lat=f"{anchor.lat:.5f}", lon=f"{anchor.lon:.5f}",
        )))
    return _notes(notes)


def unplaced_notes(lang: str, no_ground: Sequence[str]) -> str:
    """The note of an entry listed without geometry: its places (names), none of which
    has a ground position, or that it names none."""
    if no_ground:
        return _notes([_e(text(lang, "no_ground_places", places=", ".join(no_ground)))])
    return _notes([_e(text(lang, "no_place"))])


def entry_balloon(
    entry: TimelineEntry, lang: str, *, pin: Pin | None = None, unplaced: Unplaced | None = None
) -> str:
    """The balloon of one placemark: an entry drawn at ``pin``, or listed as ``unplaced``.

    It is :func:`balloon_parts`' two parts around the notes of :func:`pin_notes` or
    :func:`unplaced_notes`; the map writer puts them together the same way.
    """
    head, tail = balloon_parts(entry, lang)
    if pin is not None:
        notes = pin_notes(lang, [p.name for p in pin.no_ground], crowd=pin.crowd, offset_m=pin.offset_m,
                          bearing=pin.bearing, anchor=pin.anchor.coordinates)
    elif unplaced is not None:
        notes = unplaced_notes(lang, [p.name for p in unplaced.no_ground])
    else:
        notes = ""
    return head + notes + tail


def _anchor_words(anchor: Anchor, lang: str) -> str:
    if anchor.via == "parent" and anchor.parent is not None:
        return text(lang, "coords_parent", parent=anchor.parent.name)
    if anchor.via == "site" and anchor.site is not None:
        return text(lang, "coords_site", source=anchor.site.source)
    return text(lang, "coords_own")


def folder_description(folder: Folder, lang: str) -> str:
    """The description of a place's folder: its name, position and where that comes from."""
    coords = folder.anchor.coordinates
    body = (f"<h3>{_e(folder.place.name)}</h3><p>{_e(text(lang, 'coords') + text(lang, 'colon'))}"
            f"{_coordinates(coords.lat, coords.lon)} ({_e(_anchor_words(folder.anchor, lang))})</p>")
    if not folder.size:
        body += f"<p>{_e(text(lang, 'site_empty'))}</p>"
    return f'<div style="max-width:460px;font-family:sans-serif">{body}</div>'


def legend_html(lang: str, *, placed: int, folders: int, unplaced: int, icon_folder: str, head: str) -> str:
    """The document description: counts (entries placed, folders, entries with no ground
    position), the legend of icons, and how to read the map."""
    rows = "".join(
        f'<tr><td><img src="{icon_folder}/{family.icon}" width="24" height="24"/></td>'
        f"<td>{_e(family.label(lang))}</td></tr>"
        for family in FAMILIES
    )
    counts = text(lang, "summary_counts", placed=placed, folders=folders, unplaced=unplaced)
    paragraphs = (counts, text(lang, "time_note"), text(lang, "unconfirmed"), text(lang, "offset_note"),
                  text(lang, "no_ground_rule"), head)
    return (
        '<div style="max-width:460px;font-family:sans-serif">'
        f"<h4>{_e(text(lang, 'legend'))}</h4><table>{rows}</table>"
        + "".join(f"<p>{_e(p)}</p>" for p in paragraphs if p)
        + "</div>"
    )
