"""Shared fixtures: real log files on disk, sample events, the seed corpus."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from spacedip.api import Log, open_log
from spacedip.model import (
    Actor,
    ActorKind,
    Article,
    Coordinates,
    Date,
    Event,
    Evidence,
    Modality,
    Place,
    PlaceKind,
    Provenance,
    Span,
)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
PYTHON = sys.executable

VOSTOCHNY = Place("vostochny", "Cosmodrome Vostotchny", PlaceKind.COSMODROME, Coordinates(51.884, 128.334))
KREMLIN = Place("kremlin", "Kremlin de Moscou", PlaceKind.BUILDING, Coordinates(55.752, 37.6175))
PALACE = Place("grand-kremlin-palace", "Grand Palais du Kremlin", PlaceKind.BUILDING,
               Coordinates(55.7505, 37.6165), part_of="kremlin")
BAIKONUR = Place("baikonur", "Cosmodrome de Baïkonour", PlaceKind.COSMODROME, Coordinates(45.965, 63.305))
PUTIN = Actor("vladimir-putin", "Vladimir Poutine", ActorKind.PERSON)
KIM = Actor("kim-jong-un", "Kim Jong-un", ActorKind.PERSON)
ABE = Actor("shinzo-abe", "Shinzo Abe", ActorKind.PERSON)


def make_article(text: str = "Poutine et Kim se sont rencontrés mercredi.", published: str = "2023-09-13") -> Article:
    """An article with a content-derived id."""
    return Article.create(text, published=published, title="Titre", publisher="Agence")


def make_event(
    article: Article,
    *,
    kind: str = "meeting",
    date: str = "2023-09-13",
    start: int = 0,
    end: int | None = None,
    places: tuple[Place, ...] = (VOSTOCHNY,),
    actors: tuple[Actor, ...] = (PUTIN, KIM),
    modality: Modality = Modality.HAPPENED,
    summary: str = "Poutine et Kim se rencontrent",
    confidence: float = 0.9,
) -> Event:
    """A reported event of ``article`` over ``[start, end)``."""
    end = len(article.text) if end is None else end
    return Event.create(
        kind=kind, date=Date.parse(date), summary=summary,
        evidence=Evidence(article.id, Span(start, end), article.text[start:end]),
        provenance=Provenance("test", "1"), modality=modality, places=places, actors=actors,
        confidence=confidence,
    )


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    """Where a fresh on-disk log goes."""
    return tmp_path / "spacedip.db"


@pytest.fixture
def log(log_path: Path) -> Iterator[Log]:
    """A fresh SQLite log on disk, extraction off."""
    with open_log(log_path, extractor=lambda article: ()) as opened:
        yield opened
