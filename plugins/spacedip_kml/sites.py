"""The three sites the project is about, with coordinates and where they come from.

The site maps always exist, even for a timeline with no entry at a site, so the
plugin carries its own coordinates for the three sites: they frame each site map
(its LookAt) and stand in for a site the timeline names without coordinates. An
entry's own gazetteer coordinates, when it has them, place its placemarks.
"""

from __future__ import annotations

import attrs

from spacedip.model import Coordinates, Place, PlaceKind

__all__ = ["SITES", "Site", "site_place"]


@attrs.frozen
class Site:
    """One of the project's sites."""

    id: str
    """The gazetteer's place id, and the map's file name (``<id>.kmz``)."""
    name_fr: str
    name_en: str
    kind: PlaceKind
    coordinates: Coordinates
    range_m: float
    """Camera distance that frames the site in Google Earth."""
    source: str
    """Where the coordinates come from."""
    country: str

    def name(self, lang: str) -> str:
        """The site's name in ``lang`` (``fr`` or ``en``)."""
        return self.name_fr if lang == "fr" else self.name_en


SITES: tuple[Site, ...] = (
    Site(
        "baikonur", "Cosmodrome de Baïkonour", "Baikonur Cosmodrome", PlaceKind.COSMODROME,
        Coordinates(45.965, 63.305), 60_000.0,
        "Wikipedia, « Baikonur Cosmodrome », infobox: 45°57′54″ N 63°18′18″ E "
        "(45.965, 63.305), centre of the launch area near Tyuratam",
        "KZ",
    ),
    Site(
        "vostochny", "Cosmodrome Vostotchny", "Vostochny Cosmodrome", PlaceKind.COSMODROME,
        Coordinates(51.884, 128.334), 25_000.0,
        "the Soyuz launch complex (site 1S) north of Tsiolkovsky, 51.884 N 128.334 E, as in the "
        "project gazetteer and public launch-site tables; not yet checked against an official source",
        "RU",
    ),
    Site(
        "kremlin", "Kremlin de Moscou", "Moscow Kremlin", PlaceKind.BUILDING,
        Coordinates(55.752, 37.6175), 2_500.0,
        "Wikipedia, « Moscow Kremlin »: 55°45′06″ N 37°37′04″ E (55.7517, 37.6178); "
        "55.752, 37.6175 is 40 m from it, inside the walls",
        "RU",
    ),
)
"""Baikonur, Vostochny and the Kremlin, in the order their maps are listed."""


def site_place(site: Site, lang: str) -> Place:
    """The site as a :class:`Place`, for a timeline that does not name it."""
    return Place(site.id, site.name(lang), site.kind, site.coordinates, (), site.country)
