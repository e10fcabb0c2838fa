"""What the extraction steps find in a text, each with character offsets into it.

Offsets are always into the article's text as stored (``Article.text``), never into
a normalised copy.
"""

from __future__ import annotations

import enum

import attrs

from spacedip.model import Actor, Date, Place

__all__ = ["ActorMention", "PlaceMention", "Sentence", "TemporalExpression", "TimexType"]


class TimexType(enum.Enum):
    """The TIMEX3 types of TimeML."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


@attrs.frozen
class Sentence:
    """A sentence: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str


@attrs.frozen
class TemporalExpression:
    """A temporal expression found by the tagger.

    ``value`` is EDTF for dates (``2023-09-13``, ``2017-12``), an ISO 8601 duration
    for durations (``P8D``), or ``None`` where no honest value exists. ``timex3`` is
    the same value in TimeML notation, as TimeBank annotates it (``1999-05-18TMO``,
    ``P5Y``, ``XXXX-WXX-1``, ``PRESENT_REF``).
    """

    text: str
    start: int
    end: int
    type: TimexType
    value: str | None
    timex3: str | None
    mod: str | None = None
    """TimeML ``mod``: ``START``, ``MID``, ``END``, ``APPROX``, ``MORE_THAN``..."""
    anchor: str | None = None
    """What a relative expression was resolved against (``"publication"``, ``"previous"``)."""

    @property
    def date(self) -> Date | None:
        """The value as a :class:`Date` for a ``DATE`` with an EDTF value, else ``None``."""
        if self.type is not TimexType.DATE or not self.value:
            return None
        try:
            return Date.parse(self.value)
        except ValueError:
            return None


@attrs.frozen
class PlaceMention:
    """A span of text that names a place, linked to that place."""

    start: int
    end: int
    text: str
    place: Place


@attrs.frozen
class ActorMention:
    """A span of text that names an actor, linked to that actor."""

    start: int
    end: int
    text: str
    actor: Actor
