"""Places and actors: who and where."""

from __future__ import annotations

import enum
import math

import attrs

from spacedip.errors import InputError

__all__ = ["Actor", "ActorKind", "Coordinates", "Place", "PlaceKind"]


class PlaceKind(enum.Enum):
    """What sort of place a :class:`Place` is."""

    COSMODROME = "cosmodrome"
    LAUNCH_COMPLEX = "launch_complex"
    BUILDING = "building"
    """A seat of power or a named building (the Kremlin, its Grand Palace)."""
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"
    SPACECRAFT = "spacecraft"
    """No ground position: a station or vessel in orbit (the ISS)."""
    ORBIT = "orbit"
    """No ground position: "en orbite", "dans l'espace"."""
    OTHER = "other"


def _check_lat(_: object, __: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and -90.0 <= value <= 90.0):
        raise InputError(f"latitude {value!r} is outside -90..90", hint="write decimal degrees")


def _check_lon(_: object, __: attrs.Attribute[float], value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and -180.0 <= value <= 180.0):
        raise InputError(f"longitude {value!r} is outside -180..180", hint="write decimal degrees")


@attrs.frozen
class Coordinates:
    """A point on the ground in WGS 84 decimal degrees."""

    lat: float = attrs.field(validator=_check_lat)
    lon: float = attrs.field(validator=_check_lon)


@attrs.frozen
class Place:
    """A place an article names, linked to one id whatever the spelling.

    ``coordinates`` is ``None`` for places with no ground position (the ISS, orbit)
    or whose position nobody supplied.
    """

    id: str
    name: str
    kind: PlaceKind = PlaceKind.OTHER
    coordinates: Coordinates | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    """ISO 3166-1 alpha-2 code of the country the place is in, if any."""
    part_of: str | None = None
    """Id of the place this one lies within (the Grand Palace is part of the Kremlin)."""

    @property
    def has_ground_position(self) -> bool:
        """True if the place can be put on a map."""
        return self.coordinates is not None


class ActorKind(enum.Enum):
    """What sort of actor an :class:`Actor` is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COUNTRY = "country"


@attrs.frozen
class Actor:
    """A person, an organisation or a country taking part in an event."""

    id: str
    name: str
    kind: ActorKind = ActorKind.PERSON
    aliases: tuple[str, ...] = ()
    country: str | None = None
    """ISO 3166-1 alpha-2 code of the actor's country, if known."""
    role: str | None = None
    """A title as the article gives it ("président russe")."""
