"""One map's KML document, written piece by piece.

A map is a Document: its legend as description, a LookAt framing it, the style maps
it uses, a Folder per place (LookAt on the place) holding a Placemark per entry
(TimeStamp or TimeSpan, LookAt with the same time, balloon, ExtendedData), the
folder "Sans position au sol" in the overview, and, in the overview, a ``gx:Tour``
that flies from event to event in date order and opens each balloon.

The Document's head (everything before the first folder) is built once per map with
simplekml, then fixed (see :mod:`spacedip_kml._fixup`). Folders, placemarks and tour
stops are many, so they are written as text one at a time (:mod:`spacedip_kml.blocks`,
:mod:`spacedip_kml._xml`) in the same layout, and a map is a list of :data:`Part`:
text, or a bucket of placemarks (see :mod:`spacedip_kml._spill`).
"""

from __future__ import annotations

from typing import Any

from spacedip_kml._fixup import FixPlan, fix_kml
from spacedip_kml._i18n import text
from spacedip_kml._text import kml_id, label
from spacedip_kml._xml import close, leaf, open_tag
from spacedip_kml.balloon import folder_description
from spacedip_kml.blocks import lookat
from spacedip_kml.placing import Folder, View
from spacedip_kml.styles import add_styles

__all__ = [
    "DOCUMENT_END",
    "NO_GROUND_FOLDER_ID",
    "document_head",
    "folder_end",
    "folder_start",
    "no_ground_start",
    "tour_end",
    "tour_start",
]

NO_GROUND_FOLDER_ID = "folder-no-ground"
DOCUMENT_END = b" </Document>\n</kml>\n"
_FOLDER = 2
"""Folders (and the tour) are children of kml > Document."""


def _lookat(simplekml: Any, view: View) -> Any:
    return simplekml.LookAt(
        longitude=view.lon, latitude=view.lat, altitude=0, heading=0, tilt=0, range=view.range_m,
        altitudemode="relativeToGround",
    )


def document_head(key: str, *, title: str, description: str, view: View, styles: set[str]) -> bytes:
    """The start of a map's KML, up to its first folder: the XML declaration, ``<kml>`` and
    the Document's name, description, LookAt and the style maps in ``styles``.

    Args:
        key: the map's key (``overview``, ``baikonur``...), for the Document's id.
        title: the document's name.
        description: the legend (HTML).
        view: what the map is framed on.
        styles: the ids of the styles its placemarks use (see :func:`spacedip_kml.styles.style_id`).
    """
    import simplekml

    fix = FixPlan()
    kml = simplekml.Kml()
    document = kml.document
    fix.rename(document.id, kml_id("doc", key))
    document.name = label(title)
    document.open = 1
    document.description = description
    document.lookat = _lookat(simplekml, view)
    add_styles(simplekml, document, styles, fix)
    whole = fix_kml(kml.kml(format=False), fix)
    assert whole.endswith(DOCUMENT_END), whole[-80:]
    return whole[: -len(DOCUMENT_END)]


def folder_start(folder: Folder, lang: str) -> bytes:
    """A place's folder up to its first placemark: its name, description and LookAt."""
    inner = _FOLDER + 1
    return (
        open_tag(_FOLDER, "Folder", f' id="{folder.id}"') + leaf(inner, "name", label(folder.place.name))
        + leaf(inner, "description", folder_description(folder, lang)) + lookat(inner, folder.view)
    ).encode()


def no_ground_start(lang: str) -> bytes:
    """The start of the folder of entries with no ground position."""
    return (open_tag(_FOLDER, "Folder", f' id="{NO_GROUND_FOLDER_ID}"')
            + leaf(_FOLDER + 1, "name", text(lang, "no_ground"))).encode()


def folder_end() -> bytes:
    """The end of a folder."""
    return close(_FOLDER, "Folder").encode()


def tour_start(lang: str) -> bytes:
    """The start of the overview's tour, up to its first stop."""
    return (open_tag(_FOLDER, "gx:Tour") + leaf(_FOLDER + 1, "name", text(lang, "tour"))
            + open_tag(_FOLDER + 1, "gx:Playlist")).encode()


def tour_end() -> bytes:
    """The end of the tour."""
    return (close(_FOLDER + 1, "gx:Playlist") + close(_FOLDER, "gx:Tour")).encode()
