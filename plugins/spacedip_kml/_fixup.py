"""Turning simplekml 1.3.6's output into KML that validates against OGC KML 2.2 + ``gx``.

simplekml numbers every object from a process-wide counter (``id="12"``: not a
valid ``xs:ID``, and different for a second document in the same process), writes a
Document's ``<Style>`` before its ``<name>`` and a LookAt's ``gx:TimeStamp`` after its
coordinates. This module rewrites its output: ids become the stable ids the builder
chose (others are dropped), ``styleUrl`` references follow, and children are put in
schema order. The plugin builds each map's head with simplekml (see
:mod:`spacedip_kml.document`); what follows is written in the layout this gives.
"""

from __future__ import annotations

from typing import Any

import attrs

from spacedip.errors import SpacedipError

__all__ = ["GX_NS", "KML_NS", "FixPlan", "KmlOutputError", "fix_kml"]

KML_NS = "http://www.opengis.net/kml/2.2"
GX_NS = "http://www.google.com/kml/ext/2.2"
_ATOM_NS = "http://www.w3.org/2005/Atom"
_XAL_NS = "urn:oasis:names:tc:ciq:xsdschema:xAL:2.0"


class KmlOutputError(SpacedipError, RuntimeError):
    """simplekml wrote something the fixer does not know how to put in schema order."""


def _k(name: str) -> str:
    return f"{{{KML_NS}}}{name}"


def _gx(name: str) -> str:
    return f"{{{GX_NS}}}{name}"


_FEATURES = {_k(n) for n in ("Document", "Folder", "Placemark", "NetworkLink", "ScreenOverlay",
                             "GroundOverlay", "PhotoOverlay")} | {_gx("Tour")}
_GEOMETRIES = {_k(n) for n in ("Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Model")} | {
    _gx("Track"), _gx("MultiTrack")}

# AbstractFeatureType's sequence (ogckml22.xsd), then what each feature type adds.
_FEATURE_ORDER: tuple[frozenset[str], ...] = tuple(frozenset(group) for group in (
    {_k("name")}, {_k("visibility")}, {_k("open")}, {f"{{{_ATOM_NS}}}author"}, {f"{{{_ATOM_NS}}}link"},
    {_k("address")}, {f"{{{_XAL_NS}}}AddressDetails"}, {_k("phoneNumber")}, {_k("Snippet"), _k("snippet")},
    {_k("description")}, {_k("LookAt"), _k("Camera")}, {_k("TimeStamp"), _k("TimeSpan")}, {_k("styleUrl")},
    {_k("Style"), _k("StyleMap")}, {_k("Region")}, {_k("Metadata"), _k("ExtendedData")},
    {_gx("balloonVisibility")}, {_k("Schema")},
    _FEATURES | _GEOMETRIES | {_gx("Playlist")},
))
# LookAt: AbstractViewType's extension groups (where gx:TimeStamp goes) come first.
_VIEW_ORDER: tuple[frozenset[str], ...] = tuple(frozenset(group) for group in (
    {_gx("TimeStamp"), _gx("TimeSpan"), _gx("ViewerOptions")}, {_k("longitude")}, {_k("latitude")},
    {_k("altitude")}, {_k("heading")}, {_k("tilt")}, {_k("roll")}, {_k("range")},
    {_k("altitudeMode"), _gx("altitudeMode")}, {_gx("horizFov")},
))


@attrs.define
class FixPlan:
    """What the builder asks of the fixer: the final ids."""

    ids: dict[str, str] = attrs.field(factory=dict)
    """simplekml's id -> the id to write. Objects not listed lose their id."""

    def rename(self, simplekml_id: str, final_id: str) -> None:
        """Give the object simplekml numbered ``simplekml_id`` the id ``final_id``."""
        if final_id in self.ids.values():
            raise KmlOutputError(f"two objects of one map would share the id {final_id!r}")
        self.ids[simplekml_id] = final_id


def _reorder(element: Any, order: tuple[frozenset[str], ...]) -> None:
    rank = {tag: i for i, group in enumerate(order) for tag in group}
    children = list(element)
    for child in children:
        if child.tag not in rank:
            raise KmlOutputError(
                f"unexpected <{child.tag}> in <{element.tag}>; teach spacedip_kml._fixup its schema position"
            )
    for child in children:
        element.remove(child)
    for child in sorted(children, key=lambda c: rank[str(c.tag)]):  # sorted() is stable
        element.append(child)


def fix_kml(kml_text: str, plan: FixPlan) -> bytes:
    """simplekml's ``Kml.kml(format=False)`` text, fixed, as indented UTF-8 KML.

    Raises:
        KmlOutputError: for a ``styleUrl`` to an object with no final id, or an
            element whose schema position the fixer does not know.
    """
    from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(kml_text.encode("utf-8"), parser)
    for element in root.iter():
        old = element.get("id")
        if old is None:
            continue
        if old in plan.ids:
            element.set("id", plan.ids[old])
        else:
            del element.attrib["id"]
    for url in root.iter(_k("styleUrl")):
        target = (url.text or "").removeprefix("#")
        if target in plan.ids:
            url.text = "#" + plan.ids[target]
        elif target not in plan.ids.values():
            raise KmlOutputError(f"styleUrl #{target} points to no style of this map")
    for element in list(root.iter()):  # a list: reordering must not disturb the walk
        if element.tag in _FEATURES:
            _reorder(element, _FEATURE_ORDER)
        elif element.tag in (_k("LookAt"), _k("Camera")):
            _reorder(element, _VIEW_ORDER)
    etree.indent(root, space=" ")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
