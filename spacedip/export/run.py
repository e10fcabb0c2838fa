"""Running an exporter: call it on a timeline and write what it returns, safely."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from spacedip.export.base import Exporter
from spacedip.export.files import write_files
from spacedip.timeline.entry import Timeline

__all__ = ["ExportRun", "default_target", "run_exporter"]


def default_target(exporter: Exporter, folder: Path) -> Path:
    """Where ``exporter`` writes inside ``folder`` when no path is given."""
    return folder / exporter.default_filename.rstrip("/")


@attrs.frozen
class ExportRun:
    """What an export wrote, and what the exporter wants the user to know."""

    files: tuple[Path, ...]
    messages: tuple[str, ...]


def run_exporter(
    exporter: Exporter,
    timeline: Timeline,
    target: Path,
    options: Mapping[str, Any] | None = None,
    *,
    target_is_default: bool = False,
    jobs: int = 1,
) -> ExportRun:
    """Export ``timeline`` with ``exporter`` to ``target``.

    Options not given take the exporter's defaults. When ``target`` is the exporter's
    default file name (``timeline.ics``) but the exporter returns several files, they go
    into a folder named without the suffix (``timeline/``). With ``jobs`` above 1, files that
    can be are written side by side (:func:`~spacedip.export.files.write_files`).
    """
    merged = exporter.defaults()
    merged.update(options or {})
    output = exporter.export(timeline, merged, target)
    if target_is_default and isinstance(output, Mapping) and target.suffix:
        target = target.with_suffix("")
    files = [written.path for written in write_files(output, target, jobs)]
    messages = tuple(exporter.messages(timeline, merged)) if exporter.messages else ()
    return ExportRun(tuple(files), messages)
