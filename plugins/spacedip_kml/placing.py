"""Where each entry goes on which map: the rule for places with no ground position,
``part_of`` sites, and the spiral that keeps entries at one place from hiding each other.

The rule for places with no ground position
-------------------------------------------
An entry is drawn once at each of its places that has a ground position: its own
coordinates, else those of the place it is ``part_of`` (followed up the chain), else,
for the three sites, the plugin's site table. Places with no ground position (the ISS,
"en orbite") are named in the balloon. An entry none of whose places has a ground
position, or that names no place, is never drawn at 0,0: the overview lists it in the
folder "Sans position au sol" as a placemark without geometry (its balloon says why).

Entries at one place
--------------------
Placemarks of one map whose places have the same position are laid out on a
Vogel spiral around it, in date order: the n-th (from 0) at ``120 m * sqrt(n + 1)``,
turned ``n * 137.5°`` clockwise from north. A lone placemark sits on the place itself.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from spacedip.model import Coordinates, Place, PlaceKind
from spacedip.timeline.entry import Timeline, TimelineEntry
from spacedip_kml._text import kml_id
from spacedip_kml.sites import SITES, Site, site_place

__all__ = [
    "SPIRAL_STEP_M",
    "Anchor",
    "Gazetteer",
    "MapPlan",
    "Pin",
    "PlaceFolder",
    "Unplaced",
    "View",
    "plan_overview",
    "plan_site",
]

SPIRAL_STEP_M = 120.0
"""Distance from the place of the first placemark of a crowded place, in metres."""
_GOLDEN_ANGLE = 180.0 * (3.0 - math.sqrt(5.0))
_EARTH_RADIUS_M = 6_371_008.8
_MAX_PART_OF_DEPTH = 8

_RANGE_BY_KIND = {
    PlaceKind.COSMODROME: 40_000.0,
    PlaceKind.LAUNCH_COMPLEX: 3_000.0,
    PlaceKind.BUILDING: 1_500.0,
    PlaceKind.CITY: 25_000.0,
    PlaceKind.REGION: 400_000.0,
    PlaceKind.COUNTRY: 2_000_000.0,
    PlaceKind.OTHER: 10_000.0,
}


@attrs.frozen
class View:
    """A camera looking straight down at a point from ``range_m`` metres."""

    lat: float
    lon: float
    range_m: float


@attrs.frozen
class Anchor:
    """A place's ground position and where it comes from."""

    coordinates: Coordinates
    via: str
    """``"own"``, ``"parent"`` (a place it is ``part_of``) or ``"site"`` (the site table)."""
    parent: Place | None = None
    """The place whose coordinates are used, for ``via == "parent"``."""
    site: Site | None = None
    """The site whose table entry is used, for ``via == "site"``."""


@attrs.frozen
class Pin:
    """One placemark: an entry at one of its places."""

    id: str
    entry: TimelineEntry
    place: Place
    anchor: Anchor
    position: Coordinates
    """Where the icon is drawn: the anchor, or a point of the spiral around it."""
    offset_m: float = 0.0
    bearing: float = 0.0
    """Degrees clockwise from north, when ``offset_m`` is not 0."""
    crowd: int = 1
    """How many placemarks of the map share this position (1 when alone)."""
    no_ground: tuple[Place, ...] = ()
    """The entry's places that have no ground position."""


@attrs.frozen
class PlaceFolder:
    """A folder of the map: one place and its placemarks in date order."""

    id: str
    place: Place
    anchor: Anchor
    view: View
    pins: tuple[Pin, ...]


@attrs.frozen
class Unplaced:
    """An entry with no ground position at all, listed without geometry."""

    id: str
    entry: TimelineEntry
    no_ground: tuple[Place, ...]
    """Its places (none of which has a ground position); empty if it names none."""


@attrs.frozen
class MapPlan:
    """Everything one map shows, before any KML is written."""

    key: str
    """``baikonur``, ``vostochny``, ``kremlin`` or ``overview``: the file name."""
    site: Site | None
    view: View
    folders: tuple[PlaceFolder, ...]
    unplaced: tuple[Unplaced, ...] = ()

    @property
    def pins(self) -> tuple[Pin, ...]:
        """Every placemark with a position, folder by folder."""
        return tuple(pin for folder in self.folders for pin in folder.pins)


@attrs.frozen
class Gazetteer:
    """The places a timeline names, by id, with the site table as fallback."""

    places: Mapping[str, Place]
    lang: str

    @classmethod
    def from_timeline(cls, timeline: Timeline, lang: str) -> Gazetteer:
        """Index every place of ``timeline``; for an id seen twice, the first with coordinates wins."""
        places: dict[str, Place] = {}
        for entry in timeline.entries:
            for place in entry.places:
                known = places.get(place.id)
                if known is None or (known.coordinates is None and place.coordinates is not None):
                    places[place.id] = place
        return cls(places, lang)

    def place(self, place_id: str) -> Place | None:
        """The place with that id, from the timeline or else the site table."""
        found = self.places.get(place_id)
        if found is not None:
            return found
        site = _SITE_BY_ID.get(place_id)
        return site_place(site, self.lang) if site else None

    def chain(self, place: Place) -> list[Place]:
        """``place`` and the places it is ``part_of``, innermost first (cycles cut)."""
        chain = [place]
        seen = {place.id}
        current = place
        while current.part_of and current.part_of not in seen and len(chain) <= _MAX_PART_OF_DEPTH:
            parent = self.place(current.part_of)
            if parent is None:
                break
            chain.append(parent)
            seen.add(parent.id)
            current = parent
        return chain

    def anchor(self, place: Place) -> Anchor | None:
        """Where ``place`` is on the ground, or ``None`` if it has no ground position."""
        if place.kind in (PlaceKind.SPACECRAFT, PlaceKind.ORBIT) and place.coordinates is None:
            return None
        for index, link in enumerate(self.chain(place)):
            if link.coordinates is not None:
                if index == 0:
                    return Anchor(link.coordinates, "own")
                return Anchor(link.coordinates, "parent", parent=link)
            site = _SITE_BY_ID.get(link.id)
            if site is not None:
                return Anchor(site.coordinates, "site", site=site)
        return None

    def site_of(self, place: Place) -> str | None:
        """The id of the site ``place`` is, or lies within; ``None`` if none."""
        for link in self.chain(place):
            if link.id in _SITE_BY_ID:
                return link.id
        return None


_SITE_BY_ID = {site.id: site for site in SITES}


def range_for(place: Place) -> float:
    """Camera distance framing a place of this kind."""
    site = _SITE_BY_ID.get(place.id)
    return site.range_m if site else _RANGE_BY_KIND.get(place.kind, 10_000.0)


def _unique_places(entry: TimelineEntry) -> list[Place]:
    seen: set[str] = set()
    out = []
    for place in entry.places:
        if place.id not in seen:
            seen.add(place.id)
            out.append(place)
    return out


def _split(
    entry: TimelineEntry, gazetteer: Gazetteer
) -> tuple[list[tuple[Place, Anchor]], tuple[Place, ...]]:
    grounded, floating = [], []
    for place in _unique_places(entry):
        anchor = gazetteer.anchor(place)
        if anchor is None:
            floating.append(place)
        else:
            grounded.append((place, anchor))
    return grounded, tuple(floating)


def _offset(position: Coordinates, metres: float, bearing: float) -> Coordinates:
    """The point ``metres`` away from ``position`` towards ``bearing`` (small distances)."""
    angle = metres / _EARTH_RADIUS_M
    theta = math.radians(bearing)
    lat = position.lat + math.degrees(angle * math.cos(theta))
    cos_lat = max(math.cos(math.radians(position.lat)), 0.01)
    lon = position.lon + math.degrees(angle * math.sin(theta) / cos_lat)
    lon = (lon + 180.0) % 360.0 - 180.0
    return Coordinates(round(max(-90.0, min(90.0, lat)), 6), round(lon, 6))


def _spread(pins: Sequence[Pin]) -> list[Pin]:
    """Lay out pins that share a position on the spiral; keep lone pins in place."""
    groups: dict[tuple[float, float], list[int]] = defaultdict(list)
    for index, pin in enumerate(pins):
        key = (round(pin.anchor.coordinates.lat, 6), round(pin.anchor.coordinates.lon, 6))
        groups[key].append(index)
    out = list(pins)
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(
            members, key=lambda i: (pins[i].entry.date.sort_key(), pins[i].entry.id, pins[i].place.id)
        )
        for rank, index in enumerate(ordered):
            metres = round(SPIRAL_STEP_M * math.sqrt(rank + 1), 1)
            bearing = round((rank * _GOLDEN_ANGLE) % 360.0, 1)
            pin = pins[index]
            out[index] = attrs.evolve(
                pin, position=_offset(pin.anchor.coordinates, metres, bearing),
                offset_m=metres, bearing=bearing, crowd=len(members),
            )
    return out


def _folders(
    pins: list[Pin], places: Mapping[str, tuple[Place, Anchor]], first: str | None = None
) -> tuple[PlaceFolder, ...]:
    by_place: dict[str, list[Pin]] = defaultdict(list)
    for pin in _spread(pins):
        by_place[pin.place.id].append(pin)
    order = sorted(places, key=lambda pid: (pid != first, places[pid][0].name.casefold(), pid))
    folders = []
    for place_id in order:
        place, anchor = places[place_id]
        view = View(anchor.coordinates.lat, anchor.coordinates.lon, range_for(place))
        folders.append(PlaceFolder(kml_id("place", place_id), place, anchor, view, tuple(by_place[place_id])))
    return tuple(folders)


def _pin(entry: TimelineEntry, place: Place, anchor: Anchor, floating: tuple[Place, ...]) -> Pin:
    return Pin(kml_id("pm", entry.id, place.id), entry, place, anchor, anchor.coordinates, no_ground=floating)


def plan_site(timeline: Timeline, gazetteer: Gazetteer, site: Site) -> MapPlan:
    """The map of one site: every entry at the site or at a place within it.

    The site's own folder is always there (empty if nothing happened there), and the
    map is framed on the site-table coordinates.
    """
    pins: list[Pin] = []
    site_as_place = gazetteer.place(site.id)
    assert site_as_place is not None
    site_anchor = gazetteer.anchor(site_as_place)
    assert site_anchor is not None
    places: dict[str, tuple[Place, Anchor]] = {site.id: (site_as_place, site_anchor)}
    for entry in timeline.entries:
        grounded, floating = _split(entry, gazetteer)
        for place, anchor in grounded:
            if gazetteer.site_of(place) == site.id:
                places.setdefault(place.id, (place, anchor))
                pins.append(_pin(entry, place, anchor, floating))
    view = View(site.coordinates.lat, site.coordinates.lon, site.range_m)
    return MapPlan(site.id, site, view, _folders(pins, places, first=site.id))


def plan_overview(timeline: Timeline, gazetteer: Gazetteer) -> MapPlan:
    """The overview: every entry at every one of its places with a ground position,
    and the entries with none in a folder of their own."""
    pins: list[Pin] = []
    places: dict[str, tuple[Place, Anchor]] = {}
    unplaced: list[Unplaced] = []
    for entry in timeline.entries:
        grounded, floating = _split(entry, gazetteer)
        if not grounded:
            unplaced.append(Unplaced(kml_id("np", entry.id), entry, floating))
            continue
        for place, anchor in grounded:
            places.setdefault(place.id, (place, anchor))
            pins.append(_pin(entry, place, anchor, floating))
    anchors = [anchor.coordinates for _, anchor in places.values()] or [site.coordinates for site in SITES]
    return MapPlan("overview", None, _frame(anchors), _folders(pins, places), tuple(unplaced))


def _frame(points: Iterable[Coordinates]) -> View:
    """A view that takes in every point: centred on their mean direction, far enough back."""
    pts = list(points)
    x = sum(math.cos(math.radians(p.lat)) * math.cos(math.radians(p.lon)) for p in pts)
    y = sum(math.cos(math.radians(p.lat)) * math.sin(math.radians(p.lon)) for p in pts)
    z = sum(math.sin(math.radians(p.lat)) for p in pts)
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x)) if (x or y) else 0.0
    centre = Coordinates(round(lat, 6), round(lon, 6))
    farthest = max(_distance_m(centre, p) for p in pts)
    return View(centre.lat, centre.lon, round(min(max(2.5 * farthest, 20_000.0), 15_000_000.0)))


def _distance_m(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
