"""Turning place names given on the command line into gazetteer places."""

from __future__ import annotations

from collections.abc import Sequence

from spacedip.errors import InputError
from spacedip.model import Place

__all__ = ["resolve_places"]


def resolve_places(names: Sequence[str]) -> tuple[Place, ...]:
    """The gazetteer place for each id or name.

    Raises:
        InputError: for a name the gazetteer does not know, with a hint.
    """
    from spacedip.extract.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    places = []
    for name in names:
        place = gazetteer.lookup(name)
        if place is None:
            raise InputError(f"no place called {name!r} in the gazetteer",
                             hint="give a gazetteer id such as vostochny, or add the place to a gazetteer file")
        places.append(place)
    return tuple(places)
