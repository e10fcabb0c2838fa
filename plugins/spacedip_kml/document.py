"""Building one map's KML with simplekml, then fixing it (see :mod:`spacedip_kml._fixup`).

A map is a Document: its legend as description, a LookAt framing it, the style maps
it uses, a Folder per place (LookAt on the place) holding a Placemark per entry
(TimeStamp or TimeSpan, LookAt with the same time, balloon, ExtendedData), the
folder "Sans position au sol" in the overview, and, in the overview, a ``gx:Tour``
that flies from event to event in date order and opens each balloon.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape

from spacedip.model import PlaceKind
from spacedip.timeline.entry import TimelineEntry
from spacedip_kml._fixup import FixPlan, fix_kml
from spacedip_kml._i18n import text
from spacedip_kml._text import kml_id, label, xml_text
from spacedip_kml.balloon import entry_balloon, folder_description, legend_html
from spacedip_kml.placing import MapPlan, Pin, View, range_for
from spacedip_kml.styles import ICON_FOLDER, add_styles, style_id
from spacedip_kml.timecode import KmlTime, kml_time

__all__ = ["NO_GROUND_FOLDER_ID", "TOUR_STOP_SECONDS", "build_kml", "tour_stops"]

NO_GROUND_FOLDER_ID = "folder-no-ground"
TOUR_FLIGHT_SECONDS = 4.0
TOUR_STOP_SECONDS = 5.0
_WIDE_KINDS = (PlaceKind.CITY, PlaceKind.REGION, PlaceKind.COUNTRY)
_PIN_RANGE_M = 6_000.0


def _lookat(simplekml: Any, view: View, time: KmlTime | None = None) -> Any:
    lookat = simplekml.LookAt(
        longitude=view.lon, latitude=view.lat, altitude=0, heading=0, tilt=0, range=view.range_m,
        altitudemode="relativeToGround",
    )
    if time is not None and time.when is not None:
        lookat.gxtimestamp = simplekml.GxTimeStamp(when=time.when)
    elif time is not None:
        lookat.gxtimespan = simplekml.GxTimeSpan(begin=time.begin, end=time.end)
    return lookat


def _set_time(simplekml: Any, feature: Any, time: KmlTime | None) -> None:
    if time is None:
        return
    if time.when is not None:
        feature.timestamp = simplekml.TimeStamp(when=time.when)
    else:
        feature.timespan = simplekml.TimeSpan(begin=time.begin, end=time.end)


def _pin_view(pin: Pin) -> View:
    wide = pin.place.kind in _WIDE_KINDS
    reach = range_for(pin.place) if wide else min(range_for(pin.place), _PIN_RANGE_M)
    return View(pin.position.lat, pin.position.lon, reach)


def _name(entry: TimelineEntry, lang: str) -> str:
    when = entry.date.edtf if entry.date.is_known else text(lang, "unknown_date")
    return label(f"{when} — {entry.summary}")


def _data(placemark: Any, values: dict[str, str]) -> None:
    # simplekml writes <value> unescaped: escape it here.
    for key, value in values.items():
        placemark.extendeddata.newdata(name=key, value=xml_escape(xml_text(value)))


def _entry_data(entry: TimelineEntry, place_id: str) -> dict[str, str]:
    return {
        "entry": entry.id, "edtf": entry.date.edtf, "precision": entry.date.precision.value,
        "kind": entry.kind, "modality": entry.modality.value, "place": place_id,
    }


def tour_stops(plan: MapPlan) -> list[Pin]:
    """The tour's stops: each dated entry once (at its first placed place), in date order."""
    first: dict[str, Pin] = {}
    for pin in plan.pins:
        if pin.entry.date.is_known:
            order = [p.id for p in pin.entry.places]
            known = first.get(pin.entry.id)
            if known is None or order.index(pin.place.id) < order.index(known.place.id):
                first[pin.entry.id] = pin
    return sorted(first.values(), key=lambda p: (p.entry.date.sort_key(), p.entry.id))


def _tour(simplekml: Any, document: Any, plan: MapPlan, lang: str) -> None:
    stops = tour_stops(plan)
    if not stops:
        return
    tour = document.newgxtour(name=text(lang, "tour"))
    playlist = tour.newgxplaylist()
    for pin in stops:
        flight = playlist.newgxflyto(gxduration=TOUR_FLIGHT_SECONDS, gxflytomode="bounce")
        flight.lookat = _lookat(simplekml, _pin_view(pin), kml_time(pin.entry.date))
        for visible, wait in ((1, TOUR_STOP_SECONDS), (0, 0.0)):
            update = playlist.newgxanimatedupdate(gxduration=0.0)
            update.update.change = (
                f'<Placemark targetId="{pin.id}">'
                f"<gx:balloonVisibility>{visible}</gx:balloonVisibility></Placemark>"
            )
            if wait:
                playlist.newgxwait(gxduration=wait)


def build_kml(plan: MapPlan, lang: str, *, title: str, head: str) -> bytes:
    """The KML text of one map, valid against OGC KML 2.2 with Google's ``gx`` extension.

    Args:
        plan: what the map shows (see :mod:`spacedip_kml.placing`).
        lang: ``fr`` or ``en``, for every label and balloon.
        title: the document's name.
        head: a line about the log the map was made from, shown in the legend.
    """
    import simplekml

    fix = FixPlan()
    kml = simplekml.Kml()
    document = kml.document
    fix.rename(document.id, kml_id("doc", plan.key))
    document.name = label(title)
    document.open = 1
    document.description = legend_html(plan, lang, icon_folder=ICON_FOLDER, head=head)
    document.lookat = _lookat(simplekml, plan.view)
    used = {style_id(p.entry.kind, p.entry.modality) for p in plan.pins}
    used |= {style_id(u.entry.kind, u.entry.modality) for u in plan.unplaced}
    add_styles(simplekml, document, used, fix)

    for folder in plan.folders:
        container = document.newfolder(name=label(folder.place.name))
        fix.rename(container.id, folder.id)
        container.description = folder_description(folder, lang)
        container.lookat = _lookat(simplekml, folder.view)
        for pin in folder.pins:
            coords = [(pin.position.lon, pin.position.lat)]
            point = container.newpoint(name=_name(pin.entry, lang), coords=coords)
            placemark = point.placemark
            fix.rename(placemark.id, pin.id)
            placemark.description = entry_balloon(pin.entry, lang, pin=pin)
            time = kml_time(pin.entry.date)
            _set_time(simplekml, placemark, time)
            placemark.lookat = _lookat(simplekml, _pin_view(pin), time)
            placemark.styleurl = "#" + style_id(pin.entry.kind, pin.entry.modality)
            _data(placemark, _entry_data(pin.entry, pin.place.id))

    if plan.unplaced:
        container = document.newfolder(name=text(lang, "no_ground"))
        fix.rename(container.id, NO_GROUND_FOLDER_ID)
        for item in plan.unplaced:
            point = container.newpoint(name=_name(item.entry, lang))
            placemark = point.placemark
            fix.rename(placemark.id, item.id)
            fix.without_geometry.add(item.id)
            placemark.description = entry_balloon(item.entry, lang, unplaced=item)
            _set_time(simplekml, placemark, kml_time(item.entry.date))
            placemark.styleurl = "#" + style_id(item.entry.kind, item.entry.modality)
            _data(placemark, _entry_data(item.entry, ""))

    if plan.site is None:
        _tour(simplekml, document, plan, lang)
    return fix_kml(kml.kml(format=False), fix)
