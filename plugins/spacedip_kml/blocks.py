"""Each entry rendered once, and the placemarks made from it on each map.

Most of a placemark depends on its entry alone: its name, the balloon around the notes
on where it is drawn, its time, style and data. :func:`render_entry` renders that once
per entry (:mod:`spacedip.export.fragments` keeps it between exports, keyed by
:func:`renderer`); what depends on the other entries (where the icon goes on the
spiral, how crowded the place is, which places have no ground position) is filled in by
:func:`placemark`, :func:`unplaced_placemark` and :func:`tour_stop` as each map is written.

The text is written by :mod:`spacedip_kml._xml`, one element per line as lxml indents
it, escaped with :func:`xml.sax.saxutils.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import orjson

from spacedip.timeline.entry import TimelineEntry
from spacedip_kml._i18n import text
from spacedip_kml._text import label, xml_text
from spacedip_kml._xml import close, esc, leaf, open_tag, raw_leaf
from spacedip_kml.balloon import balloon_parts, pin_notes, unplaced_notes
from spacedip_kml.placing import Pin, PlaceFacts, Unplaced, View, place_facts
from spacedip_kml.styles import style_id
from spacedip_kml.timecode import KmlTime, kml_time

__all__ = [
    "RENDER_VERSION",
    "TOUR_FLIGHT_SECONDS",
    "TOUR_STOP_SECONDS",
    "EntryBlock",
    "lookat",
    "placemark",
    "render_entry",
    "renderer",
    "tour_stop",
    "unplaced_placemark",
]

RENDER_VERSION = 1
"""Bump whenever an entry would be rendered differently (markup, words, escaping): blocks
cached by an older version are then not reused."""

TOUR_FLIGHT_SECONDS = 4.0
TOUR_STOP_SECONDS = 5.0

_PLACEMARK = 3
"""Placemarks are children of a folder: kml > Document > Folder > Placemark."""
_PLAYLIST_ITEM = 4
"""Tour steps are children of kml > Document > gx:Tour > gx:Playlist."""


def renderer(lang: str) -> str:
    """The cache key of rendered entries: what a block depends on besides its entry.

    Blocks are the same on every map and for every option but ``lang`` (``--kml`` only
    adds files), so the key is the plugin, :data:`RENDER_VERSION` and the language.
    """
    return f"kml/{RENDER_VERSION}/{lang}"


@attrs.frozen
class EntryBlock:
    """What the placemarks and tour stop of an entry need of it, rendered: the text is
    escaped XML, and whole lines at the depth where they go."""

    entry_id: str
    places: Sequence[PlaceFacts]
    """Every place of the entry, in order (see :func:`spacedip_kml.placing.place_facts`)."""
    dated: bool
    name: str
    """The ``<name>`` line."""
    head: str
    """The balloon up to the notes on where the entry is drawn."""
    tail: str
    """The balloon after those notes."""
    time: str
    """The ``TimeStamp`` or ``TimeSpan`` lines of a placemark (empty for an unknown date)."""
    view_time: str
    """The same as ``gx:TimeStamp`` or ``gx:TimeSpan`` in the placemark's ``LookAt``."""
    tour_time: str
    """The same in the ``LookAt`` of a tour stop."""
    style: str
    """The style's id."""
    data: str
    """The ``Data`` lines of ``ExtendedData`` but the place."""

    def to_bytes(self) -> bytes:
        """The block as cached."""
        return _dumps(attrs.astuple(self, recurse=False))

    @classmethod
    def from_bytes(cls, data: bytes) -> EntryBlock:
        """A block as :meth:`to_bytes` wrote it."""
        return cls(*orjson.loads(data))


def _dumps(value: object) -> bytes:
    """``orjson.dumps(value)`` in a bytes object of its own size: orjson's keeps the buffer
    it grew (4 KiB at least), which adds up where blocks wait to be cached."""
    return memoryview(orjson.dumps(value)).tobytes()


def _data(level: int, name: str, value: str) -> str:
    return (open_tag(level, "Data", f' name="{name}"') + raw_leaf(level + 1, "value", esc(xml_text(value)))
            + close(level, "Data"))


def _time(level: int, time: KmlTime | None, *, gx: bool = False) -> str:
    if time is None:
        return ""
    prefix = "gx:" if gx else ""
    if time.when is not None:
        return (open_tag(level, f"{prefix}TimeStamp") + leaf(level + 1, "when", time.when)
                + close(level, f"{prefix}TimeStamp"))
    ends = (leaf(level + 1, "begin", time.begin) if time.begin is not None else "") + (
        leaf(level + 1, "end", time.end) if time.end is not None else "")
    return open_tag(level, f"{prefix}TimeSpan") + ends + close(level, f"{prefix}TimeSpan")


def render_entry(entry: TimelineEntry, lang: str) -> tuple[bytes, bytes]:
    """``(facts, block)`` of one entry: its places (for placing every entry before any
    map is written), and its :class:`EntryBlock` as bytes."""
    places = [place_facts(place) for place in entry.places]
    when = entry.date.edtf if entry.date.is_known else text(lang, "unknown_date")
    head, tail = balloon_parts(entry, lang)
    time = kml_time(entry.date)
    values = {"entry": entry.id, "edtf": entry.date.edtf, "precision": entry.date.precision.value,
              "kind": entry.kind, "modality": entry.modality.value}
    block = EntryBlock(
        entry_id=entry.id,
        places=places,
        dated=entry.date.is_known,
        name=leaf(_PLACEMARK + 1, "name", label(f"{when} — {entry.summary}")),
        head=esc(head),
        tail=esc(tail),
        time=_time(_PLACEMARK + 1, time),
        view_time=_time(_PLACEMARK + 2, time, gx=True),
        tour_time=_time(_PLAYLIST_ITEM + 2, time, gx=True),
        style=style_id(entry.kind, entry.modality),
        data="".join(_data(_PLACEMARK + 2, key, value) for key, value in values.items()),
    )
    return _dumps(places), block.to_bytes()


def _lookat_template(level: int) -> str:
    inner = level + 1
    return (
        open_tag(level, "LookAt") + "{time}"
        + leaf(inner, "longitude", "{lon}") + leaf(inner, "latitude", "{lat}")
        + leaf(inner, "altitude", 0) + leaf(inner, "heading", 0) + leaf(inner, "tilt", 0)
        + leaf(inner, "range", "{range}") + leaf(inner, "altitudeMode", "relativeToGround")
        + close(level, "LookAt")
    )


def lookat(level: int, view: View, time: str = "") -> str:
    """A ``LookAt`` straight down on ``view``, with ``time`` (rendered ``gx:TimeStamp`` or
    ``gx:TimeSpan`` lines) first."""
    template = _LOOKAT.get(level) or _lookat_template(level)
    return template.format(time=time, lon=view.lon, lat=view.lat, range=view.range_m)


_LOOKAT = {level: _lookat_template(level) for level in (_PLACEMARK - 1, _PLACEMARK + 1, _PLAYLIST_ITEM + 1)}

_LEVEL = _PLACEMARK + 1
_PLACEMARK_TEMPLATE = (
    open_tag(_PLACEMARK, "Placemark", ' id="{id}"') + "{name}"
    + raw_leaf(_LEVEL, "description", "{description}") + "{lookat}{time}"
    + leaf(_LEVEL, "styleUrl", "#{style}") + open_tag(_LEVEL, "ExtendedData") + "{data}"
    + open_tag(_LEVEL + 1, "Data", ' name="place"') + "{place}" + close(_LEVEL + 1, "Data")
    + close(_LEVEL, "ExtendedData") + "{geometry}"
    + close(_PLACEMARK, "Placemark")
)
_POINT_TEMPLATE = (open_tag(_LEVEL, "Point") + leaf(_LEVEL + 1, "coordinates", "{lon},{lat},0.0")
                   + close(_LEVEL, "Point"))


def placemark(block: EntryBlock, pin: Pin, lang: str) -> str:
    """The placemark of ``block``'s entry drawn at ``pin``."""
    notes = pin_notes(lang, [p.name for p in pin.no_ground], crowd=pin.crowd, offset_m=pin.offset_m,
                      bearing=pin.bearing, anchor=pin.anchor.coordinates) if pin.no_ground or pin.crowd > 1 else ""
    position = pin.position
    return _PLACEMARK_TEMPLATE.format(
        id=pin.id, name=block.name, description=block.head + esc(notes) + block.tail,
        lookat=lookat(_LEVEL, pin.view, block.view_time), time=block.time, style=block.style, data=block.data,
        place=raw_leaf(_LEVEL + 2, "value", esc(xml_text(pin.place.id))),
        geometry=_POINT_TEMPLATE.format(lon=position.lon, lat=position.lat),
    )


def unplaced_placemark(block: EntryBlock, unplaced: Unplaced, lang: str) -> str:
    """The placemark, without geometry, of an entry with no ground position."""
    notes = unplaced_notes(lang, [p.name for p in unplaced.no_ground])
    return _PLACEMARK_TEMPLATE.format(
        id=unplaced.id, name=block.name, description=block.head + esc(notes) + block.tail,
        lookat="", time=block.time, style=block.style, data=block.data,
        place=raw_leaf(_LEVEL + 2, "value", ""), geometry="",
    )


def _balloon_template(visible: int) -> str:
    level = _PLAYLIST_ITEM
    return (
        open_tag(level, "gx:AnimatedUpdate") + leaf(level + 1, "gx:duration", 0.0)
        + open_tag(level + 1, "Update") + raw_leaf(level + 2, "targetHref", "")
        + open_tag(level + 2, "Change") + open_tag(level + 3, "Placemark", ' targetId="{id}"')
        + leaf(level + 4, "gx:balloonVisibility", visible)
        + close(level + 3, "Placemark") + close(level + 2, "Change") + close(level + 1, "Update")
        + close(level, "gx:AnimatedUpdate")
    )


_STOP_TEMPLATE = (
    open_tag(_PLAYLIST_ITEM, "gx:FlyTo") + leaf(_PLAYLIST_ITEM + 1, "gx:duration", TOUR_FLIGHT_SECONDS)
    + leaf(_PLAYLIST_ITEM + 1, "gx:flyToMode", "bounce") + "{lookat}" + close(_PLAYLIST_ITEM, "gx:FlyTo")
    + _balloon_template(1)
    + open_tag(_PLAYLIST_ITEM, "gx:Wait") + leaf(_PLAYLIST_ITEM + 1, "gx:duration", TOUR_STOP_SECONDS)
    + close(_PLAYLIST_ITEM, "gx:Wait")
    + _balloon_template(0)
)


def tour_stop(block: EntryBlock, pin: Pin) -> str:
    """One stop of the overview's tour: fly to ``pin`` at its entry's time, open its balloon,
    wait, close it."""
    return _STOP_TEMPLATE.format(lookat=lookat(_PLAYLIST_ITEM + 1, pin.view, block.tour_time), id=pin.id)
