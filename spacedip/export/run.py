"""Running an exporter: call it on a timeline and write what it returns, safely."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from spacedip.export.base import Exporter
from spacedip.export.files import write_output
from spacedip.timeline.entry import Timeline

__all__ = ["default_target", "run_exporter"]


def default_target(exporter: Exporter, folder: Path) -> Path:
    """Where ``exporter`` writes inside ``folder`` when no path is given."""
    return folder / exporter.default_filename.rstrip("/")


def run_exporter(
    exporter: Exporter, timeline: Timeline, target: Path, options: Mapping[str, Any] | None = None
) -> list[Path]:
    """Export ``timeline`` with ``exporter`` to ``target``; returns the files written.

    Options not given take the exporter's defaults.
    """
    merged = exporter.defaults()
    merged.update(options or {})
    output = exporter.export(timeline, merged, target)
    return write_output(output, target)
