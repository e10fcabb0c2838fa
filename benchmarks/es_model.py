"""The ``eventsourcing`` side of the baselines: one application and two aggregate shapes.

Defined once at module level so eventsourcing can resolve the classes by topic
(``es_model:Wire``) when it decodes notifications. Imported only when the library is installed.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

__all__ = ["SECTION", "Story", "Wire", "Wires"]

SECTION = 512
"""Notifications per section read, as spacedip reads 512 rows a page."""


class Wire(Aggregate):
    """One aggregate receiving every event (1,000 pending events per save)."""

    @event("Reported")
    def report(self, payload: dict[str, Any]) -> None:
        """Nothing to fold: the payload is the event."""


class Story(Aggregate):
    """One aggregate per event (its creation event carries the payload)."""

    @event("Created")
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload


class Wires(Application):  # type: ignore[type-arg]
    """The application; its notification log is read in sections of :data:`SECTION`."""

    log_section_size = SECTION
