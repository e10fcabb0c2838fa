"""Turning place and actor names given on the command line into gazetteer places and known actors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacedip.errors import InputError
from spacedip.model import Place

if TYPE_CHECKING:
    from spacedip.extract.gazetteer import Gazetteer

__all__ = ["resolve_actor", "resolve_places"]


def _whole(gazetteer: Gazetteer, text: str) -> Place | None:
    whole = [m for m in gazetteer.find_places(text) if m.start == 0 and m.end == len(text)]
    return whole[0].place if whole else None


def resolve_places(names: Sequence[str]) -> tuple[Place, ...]:
    """The gazetteer place for each id (``vostochny``) or name (``Vostotchny``, ``Baïkonour``).

    A name must be a whole place name the gazetteer knows, in any of its spellings.

    Raises:
        InputError: for a name the gazetteer does not know, with a hint.
    """
    from spacedip.extract.gazetteer import Gazetteer

    curated = Gazetteer.load(min_population=None)  # fast: no GeoNames index
    places = []
    for name in names:
        text = name.strip()
        place = curated.get(text) or _whole(curated, text)
        if place is None:
            everything = Gazetteer.default()  # the cities of the world, built once
            place = everything.get(text) or _whole(everything, text)
        if place is None:
            raise InputError(
                f"no place called {name!r} in the gazetteer",
                hint="give a gazetteer id such as vostochny or a place name such as Baïkonour",
            )
        places.append(place)
    return tuple(places)


def resolve_actor(name: str) -> str | None:
    """The id of the known actor ``name`` names in any of its spellings ("Poutine", "Kim Jong Un"), if any."""
    from spacedip.extract.actors import ActorFinder
    from spacedip.extract.gazetteer import Gazetteer

    text = name.strip()
    finder = ActorFinder.load(gazetteer=Gazetteer.load(min_population=None), use_ner=False)
    if finder.get(text) is not None:
        return text
    whole = [m for m in finder.find_actors(text) if m.start == 0 and m.end == len(text)]
    return whole[0].actor.id if whole else None
