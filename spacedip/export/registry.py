"""Finding exporters through the ``spacedip.exporters`` entry-point group.

Set ``SPACEDIP_TRACE_PLUGINS=1`` to print each plugin as it loads.
"""

from __future__ import annotations

import functools
import os
import sys
from importlib.metadata import EntryPoint, entry_points

from spacedip.errors import SpacedipError
from spacedip.export.base import Exporter

__all__ = ["ENTRY_POINT_GROUP", "UnknownExporterError", "exporter_entry_points", "get_exporter", "load_exporters"]

ENTRY_POINT_GROUP = "spacedip.exporters"


class UnknownExporterError(SpacedipError, LookupError):
    """No installed exporter has that name."""


@functools.cache
def exporter_entry_points() -> tuple[EntryPoint, ...]:
    """The entry points of the ``spacedip.exporters`` group, in name order (looked up once per
    process: scanning every installed distribution's metadata takes a tenth of a second)."""
    return tuple(sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name))


def load_exporters() -> dict[str, Exporter]:
    """Every installed exporter by name, in name order.

    A plugin that fails to load is reported on stderr and skipped, so one broken
    plugin never hides the others.
    """
    found: dict[str, Exporter] = {}
    trace = os.environ.get("SPACEDIP_TRACE_PLUGINS") == "1"
    for ep in exporter_entry_points():
        try:
            obj = ep.load()
        except Exception as exc:  # a third-party plugin may raise anything
            print(f"spacedip: exporter plugin {ep.name!r} ({ep.value}) failed to load: {exc}", file=sys.stderr)
            continue
        if not isinstance(obj, Exporter):
            print(
                f"spacedip: entry point {ep.name!r} ({ep.value}) is not a spacedip.export.Exporter; skipped",
                file=sys.stderr,
            )
            continue
        if trace:
            print(f"spacedip: loaded exporter {obj.name!r} from {ep.value}", file=sys.stderr)
        found.setdefault(obj.name, obj)
    return found


def get_exporter(name: str) -> Exporter:
    """The installed exporter called ``name``.

    Raises:
        UnknownExporterError: naming the exporters that are installed.
    """
    exporters = load_exporters()
    try:
        return exporters[name]
    except KeyError:
        known = ", ".join(exporters) or "none"
        raise UnknownExporterError(
            f"no exporter named {name!r}; installed exporters: {known} (see `spacedip exporters`)"
        ) from None
