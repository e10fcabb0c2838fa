"""Helpers for testing exporters: small, realistic timelines built without a log.

Exporter authors (ours and third parties) use :func:`sample_timeline` to check their
output on entries of every precision, with and without ground positions, with several
sources, and with hostile article text that must come out inert.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacedip.model import (
    Actor,
    ActorKind,
    Coordinates,
    Date,
    Modality,
    Place,
    PlaceKind,
    Span,
)
from spacedip.model.ids import content_id
from spacedip.timeline.entry import ArticleInfo, Conflict, Source, Timeline, TimelineEntry

__all__ = ["HOSTILE_TEXT", "clock_free_records", "make_entry", "make_source", "sample_timeline"]

HOSTILE_TEXT = (
    '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
    '<a href="javascript:alert(2)">lien</a> ]]></description><Placemark>'
    "\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\n; , \\ **gras** [md](javascript:alert(3)) "
    "& &amp; « guillemets » ’apostrophe’ 🚀"
)
"""Article text trying every injection spacedip's exporters must neutralise."""

_T0 = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)

BAIKONUR = Place(
    "baikonur", "Cosmodrome de Baïkonour", PlaceKind.COSMODROME, Coordinates(45.9650, 63.3050),
    ("Baikonur", "Baïkonour"), "KZ",
)
VOSTOCHNY = Place(
    "vostochny", "Cosmodrome Vostotchny", PlaceKind.COSMODROME, Coordinates(51.8844, 128.3336),
    ("Vostochny", "Vostotchny"), "RU",
)
KREMLIN = Place("kremlin", "Kremlin de Moscou", PlaceKind.BUILDING, Coordinates(55.7520, 37.6175), (), "RU")
ISS = Place("iss", "Station spatiale internationale", PlaceKind.SPACECRAFT, None, ("ISS",))
ASTANA = Place("astana", "Astana", PlaceKind.CITY, Coordinates(51.1801, 71.4460), (), "KZ")

PUTIN = Actor("vladimir-putin", "Vladimir Poutine", ActorKind.PERSON, ("Poutine",), "RU", "président russe")
KIM = Actor("kim-jong-un", "Kim Jong-un", ActorKind.PERSON, ("Kim Jong Un",), "KP")
ABE = Actor("shinzo-abe", "Shinzo Abe", ActorKind.PERSON, (), "JP")
TOKAYEV = Actor("kassym-jomart-tokayev", "Kassym-Jomart Tokaïev", ActorKind.PERSON, (), "KZ")
ROSCOSMOS = Actor("roscosmos", "Roscosmos", ActorKind.ORGANISATION, (), "RU")


def _article(n: int, title: str, published: str, url: str | None) -> ArticleInfo:
    return ArticleInfo(
        id=content_id("art", title), title=title, published=Date.parse(published),
        publisher="Agence test", url=url, language="fr", origin=f"sample-{n}.txt",
    )


ARTICLES = (
    _article(0, "Poutine et Abe parlent à l'ISS", "2018-05-26", "https://example.org/a0"),
    _article(1, "Poutine au Kazakhstan", "2023-11", None),
    _article(2, "Poutine et Kim à Vostotchny", "2023-09", "https://example.org/a2?x=1&y=2"),
    _article(3, "Kim invite Poutine", "2023-09", "https://example.org/a3"),
    _article(4, HOSTILE_TEXT, "2023-09-13", "javascript:alert(4)"),
)


def make_source(
    article: ArticleInfo,
    quote: str,
    date: str,
    *,
    start: int = 0,
    modality: Modality = Modality.HAPPENED,
    summary: str = "",
    confidence: float = 0.9,
) -> Source:
    """A source for :func:`make_entry`: one article's words about a happening."""
    return Source(
        event_id=content_id("ev", article.id, start, quote),
        article=article,
        span=Span(start, start + len(quote)),
        quote=quote,
        date=Date.parse(date),
        modality=modality,
        summary=summary or quote,
        confidence=confidence,
    )


def make_entry(
    *,
    kind: str,
    date: str,
    summary: str,
    sources: Sequence[Source],
    places: Sequence[Place] = (),
    actors: Sequence[Actor] = (),
    modality: Modality = Modality.HAPPENED,
    position: int = 1,
    conflicts: Sequence[Conflict] = (),
    date_fixed_by: str | None = None,
) -> TimelineEntry:
    """A timeline entry whose id derives from its sources' event ids."""
    return TimelineEntry(
        id=content_id("entry", sorted(s.event_id for s in sources)),
        date=Date.parse(date),
        kind=kind,
        modality=modality,
        summary=summary,
        places=tuple(places),
        actors=tuple(actors),
        sources=tuple(sources),
        first_recorded=_T0 + dt.timedelta(seconds=position),
        last_modified=_T0 + dt.timedelta(seconds=position, milliseconds=500),
        position=position,
        date_fixed_by=date_fixed_by,
        conflicts=tuple(conflicts),
        confidence=min((s.confidence for s in sources), default=1.0),
    )


def sample_timeline(*, hostile: bool = True) -> Timeline:
    """A timeline of eight entries covering what exporters must handle.

    Day, month, year and interval dates and one unknown date; places with and
    without ground positions (the ISS); an entry told by three sources, one of which
    gave only a month; a planned and a proposed event; a date conflict; and, with
    ``hostile``, an entry whose summary, quote, title and URL try to inject markup.
    """
    a0, a1, a2, a3, a4 = ARTICLES
    meeting_sources = (
        make_source(a2, "le 13 septembre au cosmodrome Vostotchny", "2023-09-13", start=120),
        make_source(a3, "a rencontré mercredi le président russe", "2023-09", start=200),
        make_source(a4 if hostile else a3, "se sont rencontrés mercredi matin", "2023-09-13", start=40),
    )
    entries = [
        make_entry(
            kind="video_call", date="2018-05-26", position=2,
            summary="Vladimir Poutine et Shinzo Abe parlent depuis le Kremlin à l'équipage de l'ISS",
            sources=(make_source(a0, "ont parlé samedi par vidéoconférence depuis le Kremlin", "2018-05-26"),),
            places=(KREMLIN, ISS), actors=(PUTIN, ABE),
        ),
        make_entry(
            kind="arrival", date="2017-12", position=3,
            summary="Anton Chkaplerov et Norishige Kanai arrivent à bord de l'ISS",
            sources=(make_source(a0, "sont tous les deux arrivés à bord de l'ISS en décembre", "2017-12", start=900),),
            places=(ISS,),
        ),
        make_entry(
            kind="meeting", date="2023-09-13", position=9,
            summary="Vladimir Poutine et Kim Jong-un se rencontrent au cosmodrome Vostotchny",
            sources=meeting_sources, places=(VOSTOCHNY,), actors=(PUTIN, KIM),
            date_fixed_by=meeting_sources[0].event_id,
        ),
        make_entry(
            kind="talks", date="2023-11-08/2023-11-09", position=5,
            summary="Négociations russo-kazakhes à Astana",
            sources=(make_source(a1, "adoptée lors des négociations d'Astana", "2023-11-08/2023-11-09", start=300),),
            places=(ASTANA,), actors=(PUTIN, TOKAYEV),
        ),
        make_entry(
            kind="launch", date="2006", position=6,
            summary="Lancement de KazSat depuis Baïkonour par un Proton-K",
            sources=(make_source(a1, "a été lancé en 2006 depuis Baïkonour", "2006", start=2500),),
            places=(BAIKONUR,), actors=(ROSCOSMOS,),
        ),
        make_entry(
            kind="offer", date="2023-09", position=7, modality=Modality.PROPOSED,
            summary="Poutine propose d'envoyer un cosmonaute nord-coréen dans l'espace",
            sources=(make_source(a3, "Poutine a proposé d'envoyer un nord-coréen dans l'espace",
                                 "2023-09", modality=Modality.PROPOSED),),
            actors=(PUTIN, KIM),
            conflicts=(Conflict("date", ("2023-09-13", "2023-09-14"), ("ev-a", "ev-b"),
                                "sources give two different days"),),
        ),
        make_entry(
            kind="visit", date="XXXX", position=8, modality=Modality.PLANNED,
            summary="Visite de Poutine en RPDC",
            sources=(make_source(a3, "a invité avec courtoisie Poutine à visiter la RPDC", "XXXX",
                                 start=1500, modality=Modality.PLANNED),),
            actors=(PUTIN, KIM),
        ),
    ]
    if hostile:
        entries.append(
            make_entry(
                kind="statement", date="2023-09-13", position=10, summary=HOSTILE_TEXT,
                sources=(make_source(a4, HOSTILE_TEXT, "2023-09-13", start=10),),
                places=(Place("evil", HOSTILE_TEXT[:40], PlaceKind.CITY, Coordinates(51.0, 128.0)),
                        VOSTOCHNY),
                actors=(Actor("evil", HOSTILE_TEXT, ActorKind.PERSON),),
            )
        )
    ordered = tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.id)))
    articles = {a.id: a for a in ARTICLES if hostile or a is not a4}
    last = max(ordered, key=lambda e: e.position)
    return Timeline(
        entries=ordered,
        articles=articles,
        head_position=last.position,
        head_hash="0" * 64,
        updated=last.last_modified,
        language="fr",
    )


def clock_free_records(path: str) -> list[dict[str, object]]:
    """The records of the log at ``path`` as JSON objects, without what depends on the clock (the
    time of recording, and the hashes over it): two logs of the same appends compare equal."""
    import json

    from spacedip.api import open_log
    from spacedip.log.jsonl import record_to_line

    kept = []
    with open_log(path, readonly=True) as log:
        for stored in log.store.read():
            record = json.loads(record_to_line(stored))
            for key in ("recorded_at", "prev_hash", "hash"):
                del record[key]
            kept.append(record)
    return kept
