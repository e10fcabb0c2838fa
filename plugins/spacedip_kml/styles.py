"""Styles by family of event (icon, balloon, label), and the icons they use.

Each family has a ``StyleMap`` ``style-<family>``: icon only in normal state, icon
and label when the pointer is on it. Entries that did not (yet) happen use
``style-<family>-unconfirmed``: the same icon, half transparent. Every balloon shows
only the placemark's description (``$[description]``), which :mod:`balloon` builds
from escaped text; the placemark's name never goes into the balloon's HTML.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from spacedip.model import Modality
from spacedip_kml.families import FAMILIES, Family, family_of

if TYPE_CHECKING:
    from spacedip_kml._fixup import FixPlan

__all__ = ["ICON_FOLDER", "add_styles", "icon_files", "style_id"]

ICON_FOLDER = "files"
"""Where icons are, relative to the KML file (inside the KMZ, or beside a plain .kml)."""

_UNCONFIRMED_ALPHA = "80"  # KML colours are aabbggrr


def style_id(kind: str, modality: Modality) -> str:
    """The id of the style a placemark of this kind and modality uses."""
    family = family_of(kind)
    return f"style-{family.key}" if modality is Modality.HAPPENED else f"style-{family.key}-unconfirmed"


def icon_files() -> dict[str, bytes]:
    """Every family's icon as ``{"files/<key>.png": bytes}``, read from the package."""
    folder = resources.files("spacedip_kml").joinpath("icons")
    return {f"{ICON_FOLDER}/{family.icon}": folder.joinpath(family.icon).read_bytes() for family in FAMILIES}


def _style(simplekml: Any, family: Family, *, confirmed: bool, highlight: bool) -> Any:
    style = simplekml.Style()
    style.iconstyle.icon.href = f"{ICON_FOLDER}/{family.icon}"
    style.iconstyle.scale = 1.2 if highlight else 1.0
    style.iconstyle.hotspot = simplekml.HotSpot(x=0.5, y=0.5, xunits="fraction", yunits="fraction")
    if not confirmed:
        style.iconstyle.color = _UNCONFIRMED_ALPHA + "ffffff"
    style.labelstyle.scale = 1.0 if highlight else 0.0
    style.balloonstyle.text = "$[description]"
    return style


def add_styles(simplekml: Any, document: Any, used: set[str], plan: FixPlan) -> None:
    """Add to ``document`` the style maps whose ids are in ``used``, in legend order.

    Args:
        simplekml: the imported ``simplekml`` module (imported lazily by the caller).
        document: the ``simplekml.Document`` to hold the styles.
        used: style ids as :func:`style_id` returns them.
        plan: receives the final id of each style simplekml numbered.
    """
    for family in FAMILIES:
        for confirmed in (True, False):
            sid = f"style-{family.key}" + ("" if confirmed else "-unconfirmed")
            if sid not in used:
                continue
            normal = _style(simplekml, family, confirmed=confirmed, highlight=False)
            highlight = _style(simplekml, family, confirmed=confirmed, highlight=True)
            style_map = simplekml.StyleMap(normalstyle=normal, highlightstyle=highlight)
            document.stylemaps.append(style_map)
            plan.rename(style_map.id, sid)
            plan.rename(normal.id, f"{sid}-normal")
            plan.rename(highlight.id, f"{sid}-highlight")
