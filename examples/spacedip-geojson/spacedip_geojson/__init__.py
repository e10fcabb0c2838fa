"""A spacedip exporter written as a third party would: the timeline as GeoJSON (RFC 7946).

One Feature per (entry, place with ground coordinates), with the entry's EDTF date,
kind, modality, summary and sources as properties. Entries without a ground position
are counted in the collection's ``omitted`` member rather than placed at 0,0.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spacedip.export import Exporter, Option
from spacedip.timeline import Timeline

__all__ = ["export", "exporter"]


def export(timeline: Timeline, options: Mapping[str, Any], target: Path) -> bytes:
    """The timeline as one GeoJSON FeatureCollection (UTF-8, sorted keys: deterministic)."""
    features = []
    omitted = 0
    for entry in timeline.entries:
        placed = [p for p in entry.places if p.coordinates is not None]
        if not placed:
            omitted += 1
            continue
        for place in placed:
            assert place.coordinates is not None
            features.append(
                {
                    "type": "Feature",
                    "id": f"{entry.id}/{place.id}",
                    "geometry": {"type": "Point", "coordinates": [place.coordinates.lon, place.coordinates.lat]},
                    "properties": {
                        "date": entry.date.edtf,
                        "kind": entry.kind,
                        "modality": entry.modality.value,
                        "summary": entry.summary,
                        "place": place.name,
                        "sources": [
                            {"title": s.article.title, "url": s.article.url, "quote": s.quote}
                            for s in entry.sources
                        ],
                    },
                }
            )
    collection = {"type": "FeatureCollection", "features": features, "omitted": omitted}
    indent = 2 if options.get("pretty") else None
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, indent=indent).encode("utf-8") + b"\n"


exporter = Exporter(
    name="geojson",
    description="GeoJSON FeatureCollection: one point per entry and place (example third-party plugin)",
    default_filename="timeline.geojson",
    export=export,
    options=(Option("pretty", "indent the JSON for people to read", default=False, flag=True),),
)
