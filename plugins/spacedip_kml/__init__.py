"""spacedip's KML/KMZ exporter: maps of Baikonur, Vostochny, the Kremlin and every place,
for Google Earth (see ``docs/kml.md``).

Importing this package is cheap: simplekml and lxml are imported only when maps are made.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spacedip.export.base import Exporter, FileContent, Option
from spacedip.timeline.entry import Timeline

__all__ = ["exporter"]


def _export(timeline: Timeline, options: Mapping[str, Any], target: Path) -> dict[str, FileContent]:
    from spacedip_kml._export import export_maps

    return export_maps(timeline, options, target)


exporter = Exporter(
    name="kml",
    description="Google Earth maps (KMZ): Baikonur, Vostochny, the Kremlin and an overview with a tour",
    default_filename="maps/",
    export=_export,
    options=(
        Option("kml", "also write plain .kml files (and their icons in files/) beside the .kmz",
               default=False, flag=True),
        Option("lang", "language of labels and balloons (default: the timeline's language)", default=None,
               choices=("fr", "en")),
    ),
)
