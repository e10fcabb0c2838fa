"""The export function: the timeline in, ``{file name: bytes}`` out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spacedip.errors import InputError
from spacedip.timeline.entry import Timeline
from spacedip_kml._i18n import LANGUAGES, text
from spacedip_kml.document import build_kml
from spacedip_kml.kmz import pack_kmz
from spacedip_kml.placing import Gazetteer, MapPlan, plan_overview, plan_site
from spacedip_kml.sites import SITES
from spacedip_kml.styles import icon_files

__all__ = ["export_maps", "map_plans", "resolve_lang"]


def resolve_lang(options: Mapping[str, Any], timeline: Timeline) -> str:
    """The ``lang`` option, else the timeline's language if it is ``fr`` or ``en``, else ``en``.

    Raises:
        InputError: for a ``lang`` option other than ``fr`` or ``en``.
    """
    lang = options.get("lang")
    if lang is None:
        return timeline.language if timeline.language in LANGUAGES else "en"
    if lang not in LANGUAGES:
        raise InputError(f"the kml exporter has no labels in {lang!r}", hint="use --lang fr or --lang en")
    return str(lang)


def map_plans(timeline: Timeline, lang: str) -> list[MapPlan]:
    """The three site maps, then the overview."""
    gazetteer = Gazetteer.from_timeline(timeline, lang)
    return [*(plan_site(timeline, gazetteer, site) for site in SITES), plan_overview(timeline, gazetteer)]


def export_maps(timeline: Timeline, options: Mapping[str, Any], target: Path) -> dict[str, bytes]:
    """``<site>.kmz`` for each site and ``overview.kmz``; with the ``kml`` option, also
    ``<name>.kml`` beside each and the icons in ``files/`` for them.

    ``target`` is not used: the maps are always the same four files.
    """
    del target
    lang = resolve_lang(options, timeline)
    icons = icon_files()
    head = text(lang, "updated", position=timeline.head_position, head=timeline.head_hash[:12] or "—")
    out: dict[str, bytes] = {}
    for plan in map_plans(timeline, lang):
        site = plan.site
        title = text(lang, "site_map", site=site.name(lang)) if site else text(lang, "overview")
        doc = build_kml(plan, lang, title=title, head=head)
        out[f"{plan.key}.kmz"] = pack_kmz(doc, icons)
        if options.get("kml"):
            out[f"{plan.key}.kml"] = doc
    if options.get("kml"):
        out.update(icons)
    return out
