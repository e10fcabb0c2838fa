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

Streaming
---------
A map is written placemark by placemark, so none of this holds the entries. A first
pass over every entry's places (:class:`Census`: small facts, one entry at a time)
gives the gazetteer, and how many placemarks each distinct place has; from those,
:class:`Layout` knows every map's folders, framing and how crowded each position is.
A second pass (:meth:`Layout.place`, in timeline order, which is date order) places
each entry: its rank on a spiral is how many placemarks of that position came before.
The result is exactly that of laying out all entries at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from spacedip.model import Coordinates, Place, PlaceKind
from spacedip_kml._text import kml_id
from spacedip_kml.sites import SITES, Site, site_place

__all__ = [
    "SPIRAL_STEP_M",
    "Anchor",
    "Census",
    "Folder",
    "Gazetteer",
    "Layout",
    "MapLayout",
    "Pin",
    "Placement",
    "Unplaced",
    "View",
    "place_facts",
    "range_for",
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

PlaceFacts = Sequence[object]
"""A place as the first pass sees it: ``[id, name, kind, lat, lon, part_of]`` (JSON-friendly)."""


def place_facts(place: Place) -> list[object]:
    """What the maps use of ``place``, as :data:`PlaceFacts`."""
    coords = place.coordinates
    return [place.id, place.name, place.kind.value, coords.lat if coords else None,
            coords.lon if coords else None, place.part_of]


def _place(facts: PlaceFacts) -> Place:
    place_id, name, kind, lat, lon, part_of = facts
    coords = Coordinates(lat, lon) if lat is not None and lon is not None else None  # type: ignore[arg-type]
    return Place(str(place_id), str(name), PlaceKind(kind), coords, part_of=part_of)  # type: ignore[arg-type]


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
    """One placemark: an entry at one of its places, on one map."""

    id: str
    place: Place
    anchor: Anchor
    position: Coordinates
    """Where the icon is drawn: the anchor, or a point of the spiral around it."""
    folder: int = 0
    """The index of its folder in its map's :attr:`MapLayout.folders`."""
    offset_m: float = 0.0
    bearing: float = 0.0
    """Degrees clockwise from north, when ``offset_m`` is not 0."""
    crowd: int = 1
    """How many placemarks of the map share this position (1 when alone)."""
    no_ground: tuple[Place, ...] = ()
    """The entry's places that have no ground position."""

    @property
    def view(self) -> View:
        """The camera of the placemark (and of its tour stop): on the icon, framing the place."""
        wide = self.place.kind in _WIDE_KINDS
        reach = range_for(self.place) if wide else min(range_for(self.place), _PIN_RANGE_M)
        return View(self.position.lat, self.position.lon, reach)


_WIDE_KINDS = (PlaceKind.CITY, PlaceKind.REGION, PlaceKind.COUNTRY)
_PIN_RANGE_M = 6_000.0


@attrs.frozen
class Unplaced:
    """An entry with no ground position at all, listed without geometry."""

    id: str
    no_ground: tuple[Place, ...]
    """Its places (none of which has a ground position); empty if it names none."""


@attrs.frozen
class Folder:
    """A folder of a map: one place, framed, holding ``size`` placemarks in date order."""

    id: str
    place: Place
    anchor: Anchor
    view: View
    size: int


@attrs.frozen
class Gazetteer:
    """The places a timeline names, by id, with the site table as fallback."""

    places: Mapping[str, Place]
    lang: str

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


# -- pass 1: the places of every entry ----------------------------------------------------------


class Census:
    """The first pass: every entry's places, one entry at a time, kept small.

    It keeps each distinct place once (a *variant*: the same id may come with other
    names or coordinates), how many entries name it, and when it was first named; and
    the gazetteer: for an id seen twice, the first with coordinates wins.
    """

    def __init__(self) -> None:
        self._index: dict[tuple[object, ...], int] = {}
        self.variants: list[Place] = []
        """Every distinct place, in the order first seen."""
        self.uses: list[int] = []
        """Per variant: how many entries name it (once per entry, as their first place with its id)."""
        self.first_use: list[int] = []
        """Per variant: the rank of its first use among all uses, or -1 if never used."""
        self._gazetteer: dict[str, Place] = {}
        self._used = 0

    def variant(self, facts: PlaceFacts) -> int:
        """The index of the variant ``facts`` describe (a new one if not seen yet)."""
        key = (*facts, type(facts[3]), type(facts[4]))  # 10 and 10.0 are written differently
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.variants)
            self.variants.append(_place(facts))
            self.uses.append(0)
            self.first_use.append(-1)
        return index

    def add(self, places: Sequence[PlaceFacts]) -> None:
        """Count the places of one entry (in timeline order)."""
        seen: set[str] = set()
        for facts in places:
            index = self.variant(facts)
            place = self.variants[index]
            known = self._gazetteer.get(place.id)
            if known is None or (known.coordinates is None and place.coordinates is not None):
                self._gazetteer[place.id] = place
            if place.id in seen:
                continue
            seen.add(place.id)
            self.uses[index] += 1
            if self.first_use[index] < 0:
                self.first_use[index] = self._used
            self._used += 1

    def gazetteer(self, lang: str) -> Gazetteer:
        """Every place id seen, with the site table as fallback."""
        return Gazetteer(self._gazetteer, lang)


def unique_variants(census: Census, places: Sequence[PlaceFacts]) -> list[int]:
    """The variants of an entry's places, each id once (its first mention), in order."""
    seen: set[object] = set()
    out = []
    for facts in places:
        if facts[0] not in seen:
            seen.add(facts[0])
            out.append(census.variant(facts))
    return out


# -- the maps -------------------------------------------------------------------------------------


def _crowd_key(coordinates: Coordinates) -> tuple[float, float]:
    return round(coordinates.lat, 6), round(coordinates.lon, 6)


@attrs.define
class MapLayout:
    """One map: its folders and framing, and the spiral ranks handed out so far."""

    key: str
    """``baikonur``, ``vostochny``, ``kremlin`` or ``overview``: the file name."""
    site: Site | None
    view: View
    folders: tuple[Folder, ...]
    folder_of: dict[int, int]
    """Variant index -> folder index, for the variants this map draws."""
    crowds: dict[tuple[float, float], int]
    """How many placemarks of the map share each (rounded) position."""
    ranks: dict[tuple[float, float], int] = attrs.field(factory=dict)
    """How many of them have been placed so far."""

    def pin(self, entry_id: str, variant: int, place: Place, anchor: Anchor, no_ground: tuple[Place, ...]) -> Pin:
        """The placemark of an entry at ``place`` (variant number ``variant``), next on its position's spiral."""
        key = _crowd_key(anchor.coordinates)
        crowd = self.crowds[key]
        pin_id = kml_id("pm", entry_id, place.id)
        folder = self.folder_of[variant]
        if crowd < 2:
            return Pin(pin_id, place, anchor, anchor.coordinates, folder, no_ground=no_ground)
        rank = self.ranks.get(key, 0)
        self.ranks[key] = rank + 1
        metres = round(SPIRAL_STEP_M * math.sqrt(rank + 1), 1)
        bearing = round((rank * _GOLDEN_ANGLE) % 360.0, 1)
        return Pin(pin_id, place, anchor, _offset(anchor.coordinates, metres, bearing), folder,
                   offset_m=metres, bearing=bearing, crowd=crowd, no_ground=no_ground)


@attrs.frozen
class Placement:
    """Where one entry goes: its pins on each map (in :attr:`Layout.maps` order), or, on
    the overview, in the folder of entries with no ground position."""

    pins: tuple[tuple[Pin, ...], ...]
    """Per map, the entry's placemarks in the order of its places."""
    unplaced: Unplaced | None


class Layout:
    """Every map, from the first pass; :meth:`place` then places entries in timeline order."""

    def __init__(self, census: Census, lang: str) -> None:
        self.census = census
        gazetteer = census.gazetteer(lang)
        self.anchors = [gazetteer.anchor(place) for place in census.variants]
        self._sites = [gazetteer.site_of(place) if anchor else None
                       for place, anchor in zip(census.variants, self.anchors, strict=True)]
        maps = [self._site_map(gazetteer, site) for site in SITES]
        maps.append(self._map("overview", None, [i for i, a in enumerate(self.anchors) if a is not None], {}))
        self.maps: tuple[MapLayout, ...] = tuple(maps)
        """The three site maps, in :data:`SITES` order, then the overview (last)."""
        self._drawn_on = [[number for number, layout in enumerate(maps) if i in layout.folder_of]
                          for i in range(len(census.variants))]

    def _site_map(self, gazetteer: Gazetteer, site: Site) -> MapLayout:
        site_place = gazetteer.place(site.id)
        assert site_place is not None
        site_anchor = gazetteer.anchor(site_place)
        assert site_anchor is not None
        drawn = [i for i, found in enumerate(self._sites) if found == site.id]
        return self._map(site.id, site, drawn, {site.id: (site_place, site_anchor)})

    def _map(self, key: str, site: Site | None, drawn: list[int],
             places: dict[str, tuple[Place, Anchor]]) -> MapLayout:
        """A map drawing the variants ``drawn``; ``places`` holds the folders it always has."""
        census = self.census
        drawn = [i for i in drawn if census.uses[i]]
        crowds: dict[tuple[float, float], int] = {}
        sizes: dict[str, int] = {}
        for i in drawn:
            anchor = self.anchors[i]
            assert anchor is not None
            key_ = _crowd_key(anchor.coordinates)
            crowds[key_] = crowds.get(key_, 0) + census.uses[i]
            place_id = census.variants[i].id
            sizes[place_id] = sizes.get(place_id, 0) + census.uses[i]
        for i in sorted(drawn, key=lambda v: census.first_use[v]):  # a folder shows its first placemark's place
            anchor = self.anchors[i]
            assert anchor is not None
            places.setdefault(census.variants[i].id, (census.variants[i], anchor))
        first = site.id if site else None
        order = sorted(places, key=lambda pid: (pid != first, places[pid][0].name.casefold(), pid))
        folders = []
        for place_id in order:
            place, anchor = places[place_id]
            view = View(anchor.coordinates.lat, anchor.coordinates.lon, range_for(place))
            folders.append(Folder(kml_id("place", place_id), place, anchor, view, sizes.get(place_id, 0)))
        index = {place_id: n for n, place_id in enumerate(order)}
        folder_of = {i: index[census.variants[i].id] for i in drawn}
        if site is not None:
            view = View(site.coordinates.lat, site.coordinates.lon, site.range_m)
        else:
            anchors = [anchor.coordinates for _, anchor in places.values()]
            view = _frame(anchors or [s.coordinates for s in SITES])
        return MapLayout(key, site, view, tuple(folders), folder_of, crowds)

    def place(self, entry_id: str, places: Sequence[PlaceFacts]) -> Placement:
        """Place one entry; call for every entry, in timeline order (date order, then id),
        so that spiral ranks follow that order."""
        census = self.census
        variants = unique_variants(census, places)
        grounded = [(i, anchor) for i in variants if (anchor := self.anchors[i]) is not None]
        floating = tuple(census.variants[i] for i in variants if self.anchors[i] is None)
        if not grounded:
            return Placement(tuple(() for _ in self.maps), Unplaced(kml_id("np", entry_id), floating))
        # an entry's placemarks at one position take their ranks in the order of their place ids
        if len(grounded) > 1:
            grounded.sort(key=lambda item: census.variants[item[0]].id)
        per_map: list[list[tuple[int, Pin]]] = [[] for _ in self.maps]
        for i, anchor in grounded:
            for number in self._drawn_on[i]:
                pin = self.maps[number].pin(entry_id, i, census.variants[i], anchor, floating)
                per_map[number].append((variants.index(i), pin))
        for pins in per_map:
            pins.sort(key=lambda item: item[0])  # back in the order of the entry's places
        return Placement(tuple(tuple(pin for _, pin in pins) for pins in per_map), None)


def _offset(position: Coordinates, metres: float, bearing: float) -> Coordinates:
    """The point ``metres`` away from ``position`` towards ``bearing`` (small distances)."""
    angle = metres / _EARTH_RADIUS_M
    theta = math.radians(bearing)
    lat = position.lat + math.degrees(angle * math.cos(theta))
    cos_lat = max(math.cos(math.radians(position.lat)), 0.01)
    lon = position.lon + math.degrees(angle * math.sin(theta) / cos_lat)
    lon = (lon + 180.0) % 360.0 - 180.0
    return Coordinates(round(max(-90.0, min(90.0, lat)), 6), round(lon, 6))


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
