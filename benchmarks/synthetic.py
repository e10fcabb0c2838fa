"""Realistic synthetic records for the benchmarks, from a seeded RNG.

The events have the size and shape of the extractor's: a French summary of about 80
characters, a quote of about 200 characters taken from the article text (with its span),
one to three places of the gazetteer with coordinates, two or three actors, EDTF dates
of mixed precision (mostly days, some months, seasons, years and intervals), a
provenance, a confidence and one or two reasons. Articles are agency wires of about
1,500 characters made of French sentences about space diplomacy.

Places and actors come from ``spacedip/data/*.toml`` so ids, names and coordinates are
the real ones. Nothing here depends on the five seed articles.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator
from pathlib import Path

from spacedip.model import (
    Actor,
    ActorKind,
    Article,
    ArticleAdded,
    Coordinates,
    Date,
    Event,
    EventReported,
    Evidence,
    Modality,
    Place,
    PlaceKind,
    Provenance,
    Reason,
    Record,
    Span,
)
from spacedip.model.event import EVENT_KINDS

DATA = Path(__file__).resolve().parent.parent / "spacedip" / "data"

_SUMMARIES = (
    "{a} et {b} se rencontrent à {p} pour parler de coopération spatiale",
    "{a} annonce avec {b} un accord sur les lancements depuis {p}",
    "Lancement d'une fusée Soyouz depuis {p} en présence de {a}",
    "{a} invite {b} à visiter le cosmodrome de {p} l'an prochain",
    "Déclaration commune de {a} et {b} sur l'exploration lunaire à {p}",
    "{a} et {b} s'entretiennent par vidéoconférence avec l'équipage de l'ISS",
    "Échec du lancement d'un satellite depuis {p}, selon {a}",
    "{b} propose à {a} de former un cosmonaute à {p}",
)

_SENTENCES = (
    "Le président {a} a rencontré {b} {d} à {p}, où les deux dirigeants ont évoqué la coopération spatiale.",
    "« Nous voulons aller plus loin dans l'espace ensemble », a déclaré {a} à l'issue des entretiens.",
    "Selon l'agence, {b} a visité le cosmodrome de {p} et assisté au lancement d'une fusée Soyouz.",
    "Les deux parties ont signé un accord portant sur la formation de cosmonautes et l'échange de données.",
    "{a} a proposé à {b} d'envoyer un cosmonaute sur la Station spatiale internationale {d}.",
    "La déclaration commune adoptée à {p} prévoit de poursuivre l'exploitation conjointe du site.",
    "Les discussions entre {a} et {b} ont duré près de quatre heures, a précisé le porte-parole.",
    "Le directeur général de l'agence spatiale a indiqué que le prochain vol était prévu {d}.",
    "D'après des sources diplomatiques, {b} aurait également demandé une aide technologique à {a}.",
    "Cette rencontre intervient alors que les sanctions pèsent sur l'industrie spatiale du pays.",
)

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "la semaine dernière",
         "le mois prochain", "en septembre", "au printemps")


def _load(name: str) -> dict[str, list[dict[str, object]]]:
    with (DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def gazetteer_places() -> list[Place]:
    """Places of the bundled gazetteer that have coordinates."""
    out = []
    for item in _load("places.toml").get("place", []):
        if "lat" not in item or "lon" not in item:
            continue
        out.append(Place(
            id=str(item["id"]), name=str(item["name"]), kind=PlaceKind(str(item.get("kind", "other"))),
            coordinates=Coordinates(float(item["lat"]), float(item["lon"])),  # type: ignore[arg-type]
            country=item.get("country"), part_of=item.get("part_of"),  # type: ignore[arg-type]
        ))
    return out


def gazetteer_actors() -> list[Actor]:
    """Actors of the bundled list."""
    out = []
    for item in _load("actors.toml").get("actor", []):
        out.append(Actor(
            id=str(item["id"]), name=str(item["name"]), kind=ActorKind(str(item.get("kind", "person"))),
            country=item.get("country"),  # type: ignore[arg-type]
        ))
    return out


class Generator:
    """Seeded source of articles and events; the same seed gives the same records."""

    def __init__(self, seed: int = 8) -> None:
        self.rng = random.Random(seed)
        self.places = gazetteer_places()
        self.actors = [a for a in gazetteer_actors() if a.kind is ActorKind.PERSON] or gazetteer_actors()
        self.serial = 0

    def _date(self) -> Date:
        rng = self.rng
        year = rng.randint(1995, 2025)
        month = rng.randint(1, 12)
        roll = rng.random()
        if roll < 0.70:
            return Date.day(year, month, rng.randint(1, 28))
        if roll < 0.85:
            return Date.month(year, month)
        if roll < 0.90:
            return Date.season(year, rng.choice((21, 22, 23, 24)))
        if roll < 0.96:
            return Date.year(year)
        day = rng.randint(1, 25)
        return Date.parse(f"{year:04d}-{month:02d}-{day:02d}/{year:04d}-{month:02d}-{day + 2:02d}")

    def article_text(self) -> str:
        """About 1,500 characters of French agency wire."""
        rng = self.rng
        self.serial += 1
        a, b = rng.sample(self.actors, 2)
        parts = [f"Dépêche n° {self.serial} — {a.name} et {b.name}."]
        while sum(len(p) + 1 for p in parts) < 1400:
            parts.append(rng.choice(_SENTENCES).format(
                a=a.name, b=b.name, p=rng.choice(self.places).name, d=rng.choice(_DAYS)))
        return "\n".join(parts)

    def article(self) -> Article:
        """A new article with a day or month publication date."""
        published = self._date()
        if published.precision.rank > 1:
            published = Date.year(published.earliest.year) if published.earliest else Date.unknown()
        return Article.create(self.article_text(), published=published, title=f"Dépêche {self.serial}",
                              publisher="Agence synthétique", origin=f"wire-{self.serial:07d}.txt")

    def event(self, article: Article) -> Event:
        """One event reported by ``article``, quoting about 200 characters of it."""
        rng = self.rng
        places = tuple(rng.sample(self.places, rng.choice((1, 1, 1, 2, 2, 3))))
        actors = tuple(rng.sample(self.actors, rng.choice((2, 2, 3))))
        start = rng.randint(0, max(0, len(article.text) - 220))
        end = min(len(article.text), start + rng.randint(160, 220))
        summary = rng.choice(_SUMMARIES).format(a=actors[0].name, b=actors[1].name, p=places[0].name)
        kind = rng.choice(EVENT_KINDS)
        return Event.create(
            kind=kind, date=self._date(), summary=summary[:100],
            evidence=Evidence(article.id, Span(start, end), article.text[start:end]),
            provenance=Provenance("spacedip-fr", "0.1.0"),
            modality=rng.choice((Modality.HAPPENED,) * 6 + (Modality.PLANNED, Modality.PROPOSED)),
            places=places, actors=actors, confidence=round(rng.uniform(0.5, 0.99), 2),
            reasons=(Reason("date", "jour de la semaine, rapporté à la publication"),),
        )

    def events(self, count: int, per_article: int = 5) -> Iterator[EventReported]:
        """``count`` event-reported records (their articles are not emitted)."""
        article = self.article()
        for n in range(count):
            if n % per_article == 0 and n:
                article = self.article()
            yield EventReported(self.event(article))

    def log_records(self, events: int, per_article: int = 5) -> Iterator[Record]:
        """A whole log: each article followed by the ``per_article`` events it reports."""
        made = 0
        while made < events:
            article = self.article()
            yield ArticleAdded(article)
            for _ in range(min(per_article, events - made)):
                yield EventReported(self.event(article))
                made += 1


def build_log(path: Path, events: int, *, seed: int = 8, batch: int = 1000) -> int:
    """Write a log of ``events`` events (and their articles) to ``path``, streaming; returns its records."""
    from itertools import islice

    from spacedip.api import open_log

    source = Generator(seed).log_records(events)
    total = 0
    with open_log(path, extractor=lambda _: ()) as log:
        while chunk := list(islice(source, batch)):
            log.append(chunk)
            total += len(chunk)
    return total


def write_articles(folder: Path, count: int, *, seed: int = 11) -> list[Path]:
    """``count`` article files with front matter (title, publication date) in ``folder``."""
    gen = Generator(seed)
    paths = []
    for _ in range(count):
        article = gen.article()
        path = folder / f"wire-{gen.serial:06d}.txt"
        path.write_text(f"---\ntitle: {article.title}\npublished: {article.published.edtf}\n---\n{article.text}\n",
                        encoding="utf-8")
        paths.append(path)
    return paths
