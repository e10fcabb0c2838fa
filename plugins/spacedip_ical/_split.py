"""``--split-by place``: which entries go into which calendar file.

An entry with several places is in each of their calendars (with the same UID: it is
the same happening); an entry with no place is in ``unplaced.ics``. File names are
the place id. When the id had to be changed to make a safe name (anything but
``A-Z a-z 0-9 . _ -`` becomes ``_``, a leading dot is dropped, more than 100
characters are cut), when two places would get the same name (ignoring case, for macOS
and Windows disks), or when a place is called ``unplaced``, the name also gets ``-``
and 8 hex digits of the id's SHA-256, so names never collide.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

import attrs

from spacedip.model import Place
from spacedip.timeline import TimelineEntry

__all__ = ["UNPLACED", "PlaceGroup", "group_by_place"]

UNPLACED = "unplaced"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_MAX_BASE = 100


@attrs.frozen
class PlaceGroup:
    """The entries of one calendar file, in timeline order."""

    filename: str
    place: Place | None
    """``None`` for the calendar of entries with no place."""
    entries: tuple[TimelineEntry, ...]


def group_by_place(entries: Iterable[TimelineEntry]) -> list[PlaceGroup]:
    """One group per place (in order of first appearance), then the unplaced entries if any."""
    places: dict[str, Place] = {}
    members: dict[str, list[TimelineEntry]] = {}
    unplaced: list[TimelineEntry] = []
    for entry in entries:
        if not entry.places:
            unplaced.append(entry)
        for place_id in dict.fromkeys(p.id for p in entry.places):
            places.setdefault(place_id, next(p for p in entry.places if p.id == place_id))
            members.setdefault(place_id, []).append(entry)
    names = _filenames(list(places))
    groups = [PlaceGroup(names[pid], places[pid], tuple(members[pid])) for pid in places]
    if unplaced:
        groups.append(PlaceGroup(f"{UNPLACED}.ics", None, tuple(unplaced)))
    return groups


def _filenames(place_ids: list[str]) -> dict[str, str]:
    bases = {pid: (_UNSAFE.sub("_", pid).lstrip(".") or "_")[:_MAX_BASE] for pid in place_ids}
    counts = Counter(base.lower() for base in bases.values())
    names = {}
    for pid, base in bases.items():
        stem = base
        if counts[base.lower()] > 1 or base.lower() == UNPLACED or base != pid:
            stem = f"{base}-{hashlib.sha256(pid.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
        names[pid] = f"{stem}.ics"
    return names
