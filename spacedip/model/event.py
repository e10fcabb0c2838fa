"""Events: what an article says happened, is planned, proposed or conditional."""

from __future__ import annotations

import enum
import re

import attrs

from spacedip.errors import InputError
from spacedip.model.dates import Date
from spacedip.model.entities import Actor, Place
from spacedip.model.ids import content_id

__all__ = [
    "EVENT_KINDS",
    "Event",
    "Evidence",
    "Modality",
    "Provenance",
    "Reason",
    "Span",
    "event_id",
]

EVENT_KINDS: tuple[str, ...] = (
    "meeting",
    "talks",
    "visit",
    "video_call",
    "launch",
    "flight",
    "docking",
    "return",
    "arrival",
    "departure",
    "agreement",
    "joint_statement",
    "statement",
    "offer",
    "invitation",
    "request",
    "cooperation",
    "failure",
    "anniversary",
    "other",
)
"""The kinds the bundled extractor uses. Any lowercase word (``[a-z][a-z0-9_]*``) is a valid kind."""

_KIND = re.compile(r"[a-z][a-z0-9_]*")
_KINDS_SEEN: set[str] = set(EVENT_KINDS)
"""Kinds already accepted (exact ``str``), so the pattern runs once per kind, not once per event."""


def _check_kind(_: object, __: attrs.Attribute[str], value: str) -> None:
    if type(value) is str and value in _KINDS_SEEN:
        return
    if not isinstance(value, str) or not _KIND.fullmatch(value):
        raise InputError(
            f"event kind {value!r} is not a lowercase word",
            hint=f"use one of {', '.join(EVENT_KINDS)} or another word in [a-z0-9_]",
        )
    if type(value) is str and len(_KINDS_SEEN) < 10_000:
        _KINDS_SEEN.add(value)


class Modality(enum.Enum):
    """Whether the event happened, or is only planned, proposed or conditional."""

    HAPPENED = "happened"
    PLANNED = "planned"
    PROPOSED = "proposed"
    CONDITIONAL = "conditional"


@attrs.frozen
class Span:
    """Character offsets ``[start, end)`` into an article's text as stored."""

    start: int
    end: int

    def __attrs_post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int) and 0 <= self.start <= self.end):
            raise InputError(f"span {self.start}..{self.end} is not a valid character range")


@attrs.frozen
class Evidence:
    """Where an event is told: the article, the character span and the quoted words."""

    article: str
    span: Span
    quote: str


@attrs.frozen
class Provenance:
    """Who produced a value: an extractor and its version, or a person (``"manual"``)."""

    extractor: str
    version: str


@attrs.frozen
class Reason:
    """Why a field of an event got its value (shown by ``spacedip explain``)."""

    field: str
    why: str


def event_id(article: str, span: Span, kind: str) -> str:
    """The id of an event: the claim a span of an article makes about one kind of happening.

    It does not depend on the extractor's version, so corrections made to an event
    by a person still apply after the article is extracted again.
    """
    return content_id("ev", article, span.start, span.end, kind)


@attrs.frozen
class Event:
    """One event as one article reports it."""

    id: str
    kind: str = attrs.field(validator=_check_kind)
    date: Date
    modality: Modality
    summary: str
    evidence: Evidence
    provenance: Provenance
    places: tuple[Place, ...] = ()
    actors: tuple[Actor, ...] = ()
    confidence: float = attrs.field(default=1.0)
    reasons: tuple[Reason, ...] = ()

    @confidence.validator
    def _check_confidence(self, _: attrs.Attribute[float], value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise InputError(f"confidence {value!r} is outside 0..1")

    @classmethod
    def create(
        cls,
        *,
        kind: str,
        date: Date | str,
        summary: str,
        evidence: Evidence,
        provenance: Provenance,
        modality: Modality = Modality.HAPPENED,
        places: tuple[Place, ...] = (),
        actors: tuple[Actor, ...] = (),
        confidence: float = 1.0,
        reasons: tuple[Reason, ...] = (),
    ) -> Event:
        """An event with its content-derived id; ``date`` may be EDTF text."""
        if isinstance(date, str):
            date = Date.parse(date)
        return cls(
            id=event_id(evidence.article, evidence.span, kind),
            kind=kind,
            date=date,
            modality=modality,
            summary=summary,
            evidence=evidence,
            provenance=provenance,
            places=places,
            actors=actors,
            confidence=confidence,
            reasons=reasons,
        )
