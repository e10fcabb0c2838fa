"""The bundled French extractor: an :class:`~spacedip.model.Article` in, events out.

:func:`extract_events` is the default extractor of :class:`spacedip.Log`; :func:`analyse`
returns everything found on the way (sentences, temporal expressions, places, actors,
events) for ``spacedip explain`` and for evaluation; :func:`make_extractor` builds an
extractor that also reads user gazetteer, actor and trigger files.

The gazetteer, the actor list (and spaCy, on first need) and the trigger lexicon are
loaded once per process, on first use (or all at once by :func:`warm_up`). Long texts are
processed block by block (blocks of at most :data:`BLOCK_CHARS` characters cut at paragraph
breaks) and only their first :data:`MAX_CHARS` characters are read, so time stays bounded
whatever the input.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from spacedip.errors import InputError
from spacedip.extract.discourse import guess_language, quote_spans
from spacedip.extract.events import Document, find_events
from spacedip.extract.mentions import ActorMention, PlaceMention, Sentence, TemporalExpression
from spacedip.extract.sentences import split_sentences
from spacedip.extract.temporal import tag
from spacedip.extract.text import NormalizedText, normalize
from spacedip.extract.triggers import Lexicon, Word, load_lexicon, words_of
from spacedip.model import Article, Event, Provenance

if TYPE_CHECKING:
    from spacedip.extract.actors import ActorFinder
    from spacedip.extract.gazetteer import Gazetteer

__all__ = [
    "BLOCK_CHARS",
    "MAX_CHARS",
    "PROVENANCE",
    "VERSION",
    "Extraction",
    "analyse",
    "extract_events",
    "make_extractor",
    "warm_up",
]

VERSION = "1.0"
"""The version of the bundled extractor (in every event's provenance)."""
PROVENANCE = Provenance("spacedip-fr", VERSION)

MAX_CHARS = 2_000_000
"""Characters of an article read at most (news articles are far shorter; the rest is noted)."""
BLOCK_CHARS = 50_000
"""Mentions are found block by block, blocks cut at paragraph breaks near this size."""
_MIN_WORDS_FOR_LANGUAGE = 8
Ner = Literal["auto", "always", "never"]


@attrs.frozen
class Extraction:
    """Everything the extractor found in one article; offsets into ``article.text``."""

    article: Article
    language: str
    """The language the text was taken to be in (``fr``; ``und`` when unknown)."""
    sentences: tuple[Sentence, ...]
    temporal: tuple[TemporalExpression, ...]
    places: tuple[PlaceMention, ...]
    actors: tuple[ActorMention, ...]
    events: tuple[Event, ...]
    notes: tuple[str, ...] = ()
    """What the reader should know: another language, a truncated text, no event found."""


@attrs.frozen
class _Resources:
    gazetteer: Gazetteer
    actors: ActorFinder | None
    lexicon: Lexicon


@functools.cache
def _default_resources() -> _Resources:
    from spacedip.extract.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    return _Resources(gazetteer, _actor_finder(gazetteer, ()), load_lexicon())


def _actor_finder(gazetteer: Gazetteer, files: Sequence[Path]) -> ActorFinder | None:
    try:
        from spacedip.extract.actors import ActorFinder
    except ImportError:  # pragma: no cover - the actor finder ships with spacedip
        return None
    return ActorFinder.load(tuple(files), gazetteer=gazetteer)


def analyse(
    article: Article,
    *,
    gazetteer: Gazetteer | None = None,
    actors: ActorFinder | None = None,
    triggers: Lexicon | None = None,
    max_chars: int = MAX_CHARS,
    ner: Ner = "auto",
) -> Extraction:
    """Find sentences, temporal expressions, places, actors and events in ``article``.

    Args:
        article: the article; its ``published`` date anchors relative dates.
        gazetteer: places to link (the shipped gazetteer by default).
        actors: the actor finder (the shipped one by default).
        triggers: the trigger lexicon (the shipped one by default).
        max_chars: read at most this many characters.
        ner: when to run spaCy's NER for people and organisations no list knows:
            ``"auto"`` (default) only on sentences that hold a trigger and a capitalised
            name no list or gazetteer explains, ``"always"`` on the whole text (as
            :meth:`ActorFinder.find_actors` does; about 0.1 s per article), ``"never"``.

    Returns:
        An :class:`Extraction`; never raises for odd text (empty, another language,
        binary-looking, huge): its ``notes`` say what happened.
    """
    defaults = _default_resources() if gazetteer is None or actors is None or triggers is None else None
    gaz = gazetteer or (defaults.gazetteer if defaults else None)
    finder = actors if actors is not None else (defaults.actors if defaults else None)
    lexicon = triggers or (defaults.lexicon if defaults else None)
    assert gaz is not None and lexicon is not None
    text = article.text if isinstance(article.text, str) else ""
    notes: list[str] = []
    if len(text) > max_chars:
        cut = text.rfind("\n", 0, max_chars)
        cut = cut if cut > max_chars * 0.9 else max_chars
        notes.append(f"the text has {len(text)} characters; only the first {cut} were read")
        text = text[:cut]
    if not text.strip():
        return Extraction(article, "und", (), (), (), (), (), ("the text is empty: no events",))
    norm = normalize(text)
    words = words_of(norm.text)
    language = _language(article, words, notes)
    if language != "fr":
        return Extraction(article, language, (), (), (), (), (), tuple(notes))
    sentences: list[Sentence] = []
    timexes: list[TemporalExpression] = []
    places: list[PlaceMention] = []
    found_actors: list[ActorMention] = []
    for offset, block in _blocks(norm.text):
        block_sentences = split_sentences(block)
        sentences += [Sentence(s.start + offset, s.end + offset, s.text) for s in block_sentences]
        block_timexes = tag(block, article.published)
        timexes += [attrs.evolve(t, start=t.start + offset, end=t.end + offset) for t in block_timexes]
        block_places = gaz.find_places(block)
        places += [attrs.evolve(p, start=p.start + offset, end=p.end + offset) for p in block_places]
        if finder is not None:
            block_actors = _find_actors(finder, block, block_places, block_sentences, lexicon, ner=ner)
            found_actors += [attrs.evolve(a, start=a.start + offset, end=a.end + offset) for a in block_actors]
    doc = Document(
        article_id=article.id,
        norm=norm,
        published=article.published,
        words=words,
        sentences=sentences,
        timexes=timexes,
        places=places,
        actors=found_actors,
        quotes=quote_spans(norm.text),
    )
    events = find_events(doc, lexicon, PROVENANCE)
    if not events:
        notes.append("no event found: no trigger of the lexicon reports one")
    original = article.text
    return Extraction(
        article=article,
        language="fr",
        sentences=tuple(_sentence_back(norm, original, s) for s in sentences),
        temporal=tuple(_back(norm, original, t) for t in timexes),
        places=tuple(_back(norm, original, p) for p in places),
        actors=tuple(_back(norm, original, a) for a in found_actors),
        events=tuple(events),
        notes=tuple(notes),
    )


_WITHOUT_NER: dict[int, tuple[ActorFinder, ActorFinder]] = {}


def _without_ner(finder: ActorFinder) -> ActorFinder:
    """The same finder without NER (made once per finder; the pair keeps the id valid)."""
    held = _WITHOUT_NER.get(id(finder))
    if held is None or held[0] is not finder:
        held = (finder, attrs.evolve(finder, use_ner=False))
        _WITHOUT_NER[id(finder)] = held
    return held[1]


def _find_actors(
    finder: ActorFinder,
    text: str,
    places: Sequence[PlaceMention],
    sentences: Sequence[Sentence],
    lexicon: Lexicon,
    *,
    ner: Ner,
) -> list[ActorMention]:
    """Known actors on the whole text; NER (see :func:`analyse`) where it may add someone."""
    if ner == "always" or not finder.use_ner:
        return finder.find_actors(text, places=places)
    known = _without_ner(finder).find_actors(text, places=places)
    if ner == "never":
        return known
    covered = sorted([(m.start, m.end) for m in known] + [(p.start, p.end) for p in places])
    chosen = [s for s in sentences if _needs_ner(s, covered, lexicon)]
    if not chosen:
        return known
    joined = "\n\n".join(s.text for s in chosen)
    offsets = []
    pos = 0
    for s in chosen:
        offsets.append((pos, s.start))
        pos += len(s.text) + 2
    joined_places = [
        attrs.evolve(p, start=p.start - s.start + o, end=p.end - s.start + o)
        for (o, _), s in zip(offsets, chosen, strict=True)
        for p in places
        if s.start <= p.start and p.end <= s.end
    ]
    extra: list[ActorMention] = []
    for m in finder.find_actors(joined, places=joined_places):
        if finder.get(m.actor.id) is not None:
            continue
        k = max(i for i, (o, _) in enumerate(offsets) if o <= m.start)
        o, start = offsets[k]
        shifted = attrs.evolve(m, start=m.start - o + start, end=m.end - o + start)
        if not any(a < shifted.end and shifted.start < b for a, b in covered):
            extra.append(shifted)
    return sorted(known + extra, key=lambda m: (m.start, m.end))


def _needs_ner(sentence: Sentence, covered: Sequence[tuple[int, int]], lexicon: Lexicon) -> bool:
    words = words_of(sentence.text, sentence.start)
    if not lexicon.find(words):
        return False
    return any(w.cap and len(w.key) > 1 and not any(a <= w.start < b for a, b in covered) for w in words[1:])


def _language(article: Article, words: Sequence[Word], notes: list[str]) -> str:
    declared = (article.language or "fr").lower()
    if not declared.startswith("fr"):
        notes.append(f"the article is declared in {declared!r}; the extractor reads French only: no events")
        return declared
    guess, share = guess_language(words)
    if guess == "fr":
        return "fr"
    if guess == "und":
        if len(words) >= _MIN_WORDS_FOR_LANGUAGE:
            notes.append("the text does not look like prose in any known language (binary data?): no events")
            return "und"
        return "fr"
    notes.append(
        f"the text looks like {guess!r} ({share:.0%} of its words are {guess} function words), not French: no events"
    )
    return guess


def _blocks(text: str) -> list[tuple[int, str]]:
    if len(text) <= BLOCK_CHARS:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + BLOCK_CHARS)
        if end < len(text):
            cut = text.rfind("\n\n", start + BLOCK_CHARS // 2, end)
            if cut < 0:
                cut = text.rfind("\n", start + BLOCK_CHARS // 2, end)
            if cut < 0:
                cut = text.rfind(". ", start + BLOCK_CHARS // 2, end)
                cut = cut + 1 if cut >= 0 else -1
            if cut < 0:
                cut = text.rfind(" ", start + BLOCK_CHARS // 2, end)
            end = cut if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def _back_span(norm: NormalizedText, start: int, end: int) -> tuple[int, int]:
    return norm.span(start, end)


def _sentence_back(norm: NormalizedText, original: str, s: Sentence) -> Sentence:
    start, end = _back_span(norm, s.start, s.end)
    return Sentence(start, end, original[start:end])


def _back(norm: NormalizedText, original: str, item: TemporalExpression | PlaceMention | ActorMention):  # type: ignore[no-untyped-def]
    start, end = _back_span(norm, item.start, item.end)
    return attrs.evolve(item, start=start, end=end, text=original[start:end])


def extract_events(article: Article) -> list[Event]:
    """The events ``article`` reports, with the shipped gazetteer, actors and triggers.

    Deterministic: the same article gives the same events in the same order (text order),
    each (evidence span, kind) once.
    """
    return list(analyse(article).events)


Extractor = Callable[[Article], Sequence[Event]]

_WARM_UP_TEXT = (
    "Le 13 septembre 2023, le président russe a reçu son homologue nord-coréen au cosmodrome de "
    "Vostotchny, dans la région de l'Amour. Les deux dirigeants ont signé un accord de coopération "
    "spatiale, a annoncé Marc Delorme, porte-parole de Roscosmos, à Moscou."
)


def warm_up() -> None:
    """Load now what the shipped extractor otherwise loads on first need.

    That is spaCy's French NER model, the gazetteer and its indexes, the actor list and the
    trigger lexicon (about 5 s, once per process), e.g. before forking worker processes that
    then share them (``spacedip add --jobs N``). Outputs do not change: only caches fill.
    A missing spaCy model is not raised here but, as without warm-up, on the first article
    that needs it.
    """
    with contextlib.suppress(InputError):
        analyse(Article.create(_WARM_UP_TEXT, published="2023-09-13"), ner="always")


def make_extractor(
    gazetteer_files: Sequence[Path | str] = (),
    actor_files: Sequence[Path | str] = (),
    trigger_files: Sequence[Path | str] = (),
) -> Extractor:
    """An extractor that also reads the user's gazetteer, actor and trigger files.

    The files are read (and checked) now, so a bad file fails here, not on the first article.

    Raises:
        InputError: for a missing or malformed file, naming it.
    """
    if not (gazetteer_files or actor_files or trigger_files):
        return extract_events
    from spacedip.extract.gazetteer import Gazetteer

    gaz = Gazetteer.load(tuple(Path(f) for f in gazetteer_files)) if gazetteer_files else _default_resources().gazetteer
    finder = (
        _actor_finder(gaz, tuple(Path(f) for f in actor_files))
        if (actor_files or gazetteer_files)
        else (_default_resources().actors)
    )
    lexicon = load_lexicon(tuple(Path(f) for f in trigger_files))

    def extract(article: Article) -> list[Event]:
        return list(analyse(article, gazetteer=gaz, actors=finder, triggers=lexicon).events)

    return extract
