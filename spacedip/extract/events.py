"""From sentences, temporal expressions, places and actors to :class:`~spacedip.model.Event` objects.

For each sentence (noise lines skipped), the triggers of the lexicon are found and
filtered (contexts that cancel them, first-person quotations, nouns that only refer back
to an event already told), the triggers of one kind family are merged into one event
taking the kind of highest priority, and each event gets:

* a date — the temporal expression of its clause; else, for a clause "après que ..."
  / "avant de ...", an open interval ending / starting at the sentence's date; else
  another date of its sentence; else, after "à l'époque" and the like, the date of the
  sentence before; else the last date of its paragraph; else the publication date
  (for a planned, proposed or conditional event: from the publication date on, an open
  interval); else unknown. Each fallback lowers the confidence and says so in ``reasons``;
* a modality (:mod:`spacedip.extract.modality`);
* places — the sentence's place mentions that stand after a locative preposition ("au
  cosmodrome", "depuis le Kremlin", "en Russie"), right after the trigger ("visiter la
  RPDC", "négociations d'Astana") or, for stations and cosmodromes, right before it
  ("l'ISS fête"); "in orbit" is not a place for meetings, talks, agreements or offers;
* actors — the sentence's actor mentions, except news sources ("selon l'agence TASS"),
  plus the person a subject pronoun ("il", "ils") stands for;
* a summary, evidence (the sentence), provenance, confidence and one reason per field.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TypeVar

import attrs

from spacedip.extract.discourse import FIRST_PERSON, Paragraphs, clause_bounds, is_noise_line, line_at
from spacedip.extract.mentions import ActorMention, PlaceMention, Sentence, TemporalExpression, TimexType
from spacedip.extract.modality import PROPOSING_KINDS, decide_modality
from spacedip.extract.participants import choose_actors, choose_places, incise_spans, resolve_pronoun
from spacedip.extract.summary import summarize
from spacedip.extract.text import NormalizedText
from spacedip.extract.triggers import Lexicon, Trigger, TriggerMatch, Word, match_phrases, words_of
from spacedip.model import (
    Actor,
    ActorKind,
    Date,
    Event,
    Evidence,
    Modality,
    Place,
    PlaceKind,
    Provenance,
    Reason,
    Span,
)

__all__ = ["MAX_EVIDENCE", "Document", "find_events"]

MAX_EVIDENCE = 600
"""Evidence longer than this many characters is cut to the trigger's clause (then to a window)."""

_DEMONSTRATIVE = frozenset({"ce", "cet", "cette", "ces"})
_POSSESSIVE = frozenset({"son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "mon", "ma", "mes"})
_DEFINITE = frozenset({"le", "la", "les", "l", "du", "des", "au", "aux"})
_INDEFINITE = frozenset({"un", "une"})
_NOUN_ADJECTIVES = frozenset(
    [
        "premier",
        "premiere",
        "premiers",
        "premieres",
        "nouvelle",
        "nouveau",
        "nouvel",
        "nouvelles",
        "nouveaux",
        "prochaine",
        "prochain",
        "precedente",
        "precedent",
        "derniere",
        "dernier",
        "grande",
        "grand",
        "veritable",
        "historique",
        "seconde",
        "second",
        "deuxieme",
        "troisieme",
        "importante",
        "important",
        "longue",
        "courte",
        "breve",
        "future",
        "futur",
        "eventuelle",
        "eventuel",
        "tout",
        "toute",
    ]
)
_AFTER_AUXILIARY = frozenset(
    [
        "a",
        "ont",
        "avait",
        "avaient",
        "aura",
        "auront",
        "aurait",
        "est",
        "sont",
        "etait",
        "etaient",
        "ete",
        "sera",
        "seront",
        "lui",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "ne",
        "n",
        "se",
        "s",
        "qui",
        "y",
    ]
)
_ABSORBING_KINDS = PROPOSING_KINDS | {"failure"}
_ABSORB_WINDOW = 8
_T = TypeVar("_T")
_RELATIVE = re.compile(r",?\s*qui(?![\w'])", re.IGNORECASE)
_PRONOUN_LOOKBACK = 6


@attrs.frozen
class Document:
    """An article prepared for event finding; every offset is into the matching text ``norm.text``."""

    article_id: str
    norm: NormalizedText
    published: Date
    words: Sequence[Word]
    sentences: Sequence[Sentence]
    timexes: Sequence[TemporalExpression]
    places: Sequence[PlaceMention]
    actors: Sequence[ActorMention]
    quotes: Sequence[tuple[int, int]]

    @property
    def text(self) -> str:
        """The matching text."""
        return self.norm.text

    @property
    def original(self) -> str:
        """The article text as stored."""
        return self.norm.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the stored text for ``text[start:end]``."""
        return self.norm.span(start, end)


@attrs.define
class _Candidate:
    match: TriggerMatch
    words: Sequence[Word]
    clause: tuple[int, int, str]
    """Character bounds of the trigger's clause and its relation (see clause_bounds)."""
    clause_words: tuple[int, int]
    absorbed: list[TriggerMatch] = attrs.field(factory=list)

    @property
    def kind(self) -> str:
        return self.match.trigger.kind

    @property
    def start(self) -> int:
        return self.words[self.match.first].start

    @property
    def end(self) -> int:
        return self.words[self.match.last].end


@attrs.define
class _State:
    """What the article has told so far."""

    kinds_seen: dict[str, Date] = attrs.field(factory=dict)
    dated: list[tuple[int, Date, str]] = attrs.field(factory=list)
    """(paragraph, date, text) of every sentence with a usable date, in order."""
    people: list[list[Actor]] = attrs.field(factory=list)
    """The people each earlier sentence names (sentences naming none left out)."""


@attrs.define
class _Sentence:
    """One sentence and everything found in it."""

    sentence: Sentence
    para: int
    words: Sequence[Word]
    timexes: Sequence[TemporalExpression]
    places: Sequence[PlaceMention]
    actors: Sequence[ActorMention]
    matches: Sequence[TriggerMatch]
    clauses: Sequence[tuple[int, int, str]]
    incises: Sequence[tuple[int, int, int]]
    occurs: Sequence[TriggerMatch]

    def usable_dates(self) -> list[tuple[TemporalExpression, Date]]:
        return [(t, d) for t in self.timexes if (d := _timex_date(t)) is not None]


def _timex_date(t: TemporalExpression) -> Date | None:
    if t.type not in (TimexType.DATE, TimexType.TIME) or not t.value:
        return None
    try:
        date = Date.parse(t.value)
    except ValueError:
        try:
            date = Date.parse(t.value[:10])
        except ValueError:
            return None
    return date if date.is_known else None


def _within(items: Sequence[_T], starts: Sequence[int], lo: int, hi: int) -> list[_T]:
    a, b = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    return [x for x in items[a:b] if x.end <= hi]  # type: ignore[attr-defined]


def find_events(doc: Document, lexicon: Lexicon, provenance: Provenance) -> list[Event]:
    """The events of a prepared article, in text order (see the module docstring)."""
    paragraphs = Paragraphs.of(doc.text)
    word_starts = [w.start for w in doc.words]
    timex_starts = [t.start for t in doc.timexes]
    place_starts = [p.start for p in doc.places]
    actor_starts = [a.start for a in doc.actors]
    quote_starts = [q[0] for q in doc.quotes]
    occurrence_index = _occurrence_index(lexicon)
    quote_first_person: dict[tuple[int, int], bool] = {}
    state = _State()
    events: list[Event] = []
    seen_ids: set[str] = set()
    for sentence in doc.sentences:
        para = paragraphs.number(sentence.start)
        timexes = _within(doc.timexes, timex_starts, sentence.start, sentence.end)
        actors = _within(doc.actors, actor_starts, sentence.start, sentence.end)
        people = [m.actor for m in actors if m.actor.kind is ActorKind.PERSON]
        noise = is_noise_line(line_at(doc.text, sentence.start), lexicon.noise_prefixes, lexicon.noise_contains)
        if not noise:
            a, b = bisect.bisect_left(word_starts, sentence.start), bisect.bisect_left(word_starts, sentence.end)
            words = doc.words[a:b]
            matches = lexicon.find(words) if words else []
            if matches:
                places = [
                    p
                    for p in _within(doc.places, place_starts, sentence.start, sentence.end)
                    if not _overlaps_actor(p, actors)
                ]
                ctx = _Sentence(
                    sentence,
                    para,
                    words,
                    timexes,
                    places,
                    actors,
                    matches,
                    clause_bounds(doc.text, sentence.start, sentence.end),
                    incise_spans(doc.text, sentence.start, sentence.end),
                    match_phrases(words, occurrence_index),
                )
                for event in _sentence_events(doc, lexicon, provenance, state, ctx, quote_starts, quote_first_person):
                    if event.id not in seen_ids:
                        seen_ids.add(event.id)
                        events.append(event)
            dates = [(t, d) for t in timexes if (d := _timex_date(t)) is not None]
            if dates:
                t, d = dates[-1]
                state.dated.append((para, d, t.text))
        if people:
            state.people.append(people)
    return events


def _occurrence_index(lexicon: Lexicon) -> dict[str, tuple[Trigger, ...]]:
    index: dict[str, list[Trigger]] = {}
    for trig in lexicon.occurrence:
        first = trig.slots[0]
        if isinstance(first, frozenset):
            for form in first:
                index.setdefault(form, []).append(trig)
    return {k: tuple(v) for k, v in index.items()}


def _overlaps_actor(place: PlaceMention, actors: Sequence[ActorMention]) -> bool:
    return any(m.start < place.end and place.start < m.end and m.actor.kind is not ActorKind.COUNTRY for m in actors)


def _phrase_before(words: Sequence[Word], end: int, phrases: Sequence[tuple[str, ...]]) -> str | None:
    """A phrase of ``phrases`` whose last word is ``words[end - 1]``."""
    for phrase in phrases:
        n = len(phrase)
        if n and end - n >= 0 and all(words[end - n + k].key == phrase[k] for k in range(n)):
            return " ".join(phrase)
    return None


def _determiner(words: Sequence[Word], first: int) -> tuple[str, int]:
    """The determiner class of a noun at ``words[first]`` and the index where it starts."""
    i = first - 1
    while i >= 0 and words[i].key in _NOUN_ADJECTIVES:
        i -= 1
    if i < 0:
        return "none", first
    key = words[i].key
    if key in _DEMONSTRATIVE:
        return "demonstrative", i
    if key in _POSSESSIVE:
        return "possessive", i
    if key in _DEFINITE:
        if key in ("la", "l") and i > 0 and words[i - 1].key in ("de", "d"):
            return "definite", i - 1
        return "definite", i
    if key in _INDEFINITE:
        return "indefinite", i
    if key in ("de", "d"):
        return "bare_de", i
    return "none", first


def _sentence_events(
    doc: Document,
    lexicon: Lexicon,
    provenance: Provenance,
    state: _State,
    ctx: _Sentence,
    quote_starts: Sequence[int],
    quote_first_person: dict[tuple[int, int], bool],
) -> list[Event]:
    candidates: list[_Candidate] = []
    for match in ctx.matches:
        cand = _candidate(ctx, match)
        quote = _in_quote(doc, quote_starts, cand.start)
        if _rejected(doc, lexicon, state, ctx, cand, quote, quote_first_person) is None:
            candidates.append(cand)
    candidates = _absorb(candidates)
    groups: dict[str, list[_Candidate]] = {}
    for cand in candidates:
        groups.setdefault(lexicon.family(cand.kind), []).append(cand)
    events = []
    for members in groups.values():
        lead = max(members, key=lambda c: (lexicon.priority(c.kind), c.match.trigger.pos == "verb", -c.start))
        quoted = _in_quote(doc, quote_starts, lead.start) is not None
        event = _build_event(doc, lexicon, provenance, state, ctx, lead, members, quoted)
        if event is not None:
            events.append(event)
            state.kinds_seen.setdefault(event.kind, event.date)
    events.sort(key=lambda e: (e.evidence.span.start, e.kind))
    return events


def _candidate(ctx: _Sentence, match: TriggerMatch) -> _Candidate:
    words = ctx.words
    start = words[match.first].start
    clause = next((c for c in ctx.clauses if c[0] <= start < c[1]), ctx.clauses[-1])
    lo = next((i for i, w in enumerate(words) if w.start >= clause[0]), 0)
    hi = next((i for i, w in enumerate(words) if w.start >= clause[1]), len(words))
    return _Candidate(match, words, clause, (lo, hi))


def _in_quote(doc: Document, quote_starts: Sequence[int], start: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(quote_starts, start) - 1
    if i >= 0 and doc.quotes[i][0] <= start < doc.quotes[i][1]:
        return doc.quotes[i]
    return None


def _rejected(
    doc: Document,
    lexicon: Lexicon,
    state: _State,
    ctx: _Sentence,
    cand: _Candidate,
    quote: tuple[int, int] | None,
    quote_first_person: dict[tuple[int, int], bool],
) -> str | None:
    """Why a trigger is not an event of its own (``None`` if it is)."""
    words = ctx.words
    match = cand.match
    trig = match.trigger
    lo, _hi = cand.clause_words
    for end in range(match.first, max(lo, match.first - 4), -1):
        cancel = _phrase_before(words, end, lexicon.before)
        if cancel:
            return f"«{trig.phrase}» after «{cancel}»"
    if any(verb == cand.start for _a, verb, _b in ctx.incises):
        return f"«{trig.phrase}» introduces a quotation (a reporting verb)"
    if quote is not None:
        if quote not in quote_first_person:
            quote_first_person[quote] = any(w.key in FIRST_PERSON for w in words_of(doc.text[quote[0] : quote[1]]))
        if quote_first_person[quote]:
            return f"«{trig.phrase}» in a quotation in the first person (an opinion or intention)"
    if trig.needs_place and not ctx.places:
        return f"«{trig.phrase}» counts only with a place in the sentence"
    if trig.pos != "noun":
        return None
    if match.first > 0 and words[match.first - 1].key in _AFTER_AUXILIARY:
        return f"«{trig.phrase}» after «{words[match.first - 1].key}» is a verb form, not the noun"
    det, det_start = _determiner(words, match.first)
    if det == "bare_de":
        return f"«{trig.phrase}» after a bare «de» names a thing, not an event"
    for end in (det_start, match.first):
        cancel = _phrase_before(words, end, lexicon.before_noun)
        if cancel:
            return f"«{trig.phrase}» after «{cancel}»"
    if det == "demonstrative":
        return f"«{trig.phrase}» with a demonstrative refers to an event already told"
    a, b, _rel = cand.clause
    clause_dates = [d for t, d in ctx.usable_dates() if a <= t.start < b]
    occurrence = any(a <= words[o.first].start < b for o in ctx.occurs)
    if det == "possessive" and not (clause_dates or occurrence):
        return f"«{trig.phrase}» with a possessive refers to an event already told"
    if det == "definite" and trig.kind in state.kinds_seen and not occurrence:
        if not clause_dates:
            return f"«{trig.phrase}» again: the same {trig.kind} as before"
        if all(d == state.kinds_seen[trig.kind] for d in clause_dates):
            return f"«{trig.phrase}» again, with the date already given: the same {trig.kind}"
    return None


def _absorb(candidates: list[_Candidate]) -> list[_Candidate]:
    """Triggers in the complement of an offer, invitation, request or failure belong to it."""
    out: list[_Candidate] = []
    for cand in candidates:
        host = next(
            (
                h
                for h in out
                if h.kind in _ABSORBING_KINDS
                and h.match.trigger.pos == "verb"
                and h.clause == cand.clause
                and 0 < cand.match.first - h.match.last <= _ABSORB_WINDOW
            ),
            None,
        )
        if host is not None:
            host.absorbed.append(cand.match)
            continue
        out.append(cand)
    return out


# -- building one event ---------------------------------------------------------------------


def _build_event(
    doc: Document,
    lexicon: Lexicon,
    provenance: Provenance,
    state: _State,
    ctx: _Sentence,
    lead: _Candidate,
    members: Sequence[_Candidate],
    quoted: bool,
) -> Event | None:
    kind = lead.kind
    words = ctx.words
    modality, modality_why = decide_modality(kind, words, lead.clause_words, lead.match, lexicon)
    reasons = [Reason("kind", _kind_reason(doc, lead, members)), Reason("modality", modality_why)]
    confidence = 0.9 if lead.match.trigger.pos == "verb" else 0.8
    date, date_why, date_penalty = _choose_date(doc, lexicon, state, ctx, lead, members, modality)
    reasons.append(Reason("date", date_why))
    confidence -= date_penalty
    anchors = [(m.first, m.last) for m in ctx.matches]
    clauses = [(m.clause[0], m.clause[1]) for m in members]
    event_places, place_phrases, place_whys = choose_places(
        doc.text, words, ctx.places, clauses, anchors, kind, subject_ok=not lead.match.trigger.needs_place
    )
    if lead.match.trigger.needs_place and not event_places:
        return None
    if not event_places:
        confidence -= 0.05
    reasons.append(Reason("places", "; ".join(place_whys) or "no place named where the event is told"))
    in_clauses = [m for m in ctx.actors if any(a <= m.start < b for a, b in clauses)]
    if not in_clauses and _RELATIVE.match(doc.text, lead.clause[0]):
        # ", qui a effectué son vol": the subject is the antecedent, named just before.
        in_clauses = [m for m in ctx.actors if m.end <= lead.clause[0]][-1:]
    event_actors, actor_whys = choose_actors(words, in_clauses, ctx.incises, lead.start)
    resolved = resolve_pronoun(words, lead.clause_words[0], lead.match.first, ctx.actors, state.people)
    pronoun = False
    if resolved is not None:
        pronoun_word, people = resolved
        new = [a for a in people if all(a.id != c.id for c in event_actors)]
        if new:
            pronoun = True
            event_actors = new + event_actors
            actor_whys.insert(0, f"«{pronoun_word}» → " + ", ".join(a.id for a in new) + " (named before)")
            confidence -= 0.05
    if not event_actors:
        confidence -= 0.1
    reasons.append(Reason("actors", "; ".join(actor_whys) or "no actor named in the sentence"))
    if quoted:
        confidence -= 0.05
        reasons.append(Reason("evidence", "told inside a quotation (in the third person, so kept)"))
    start, end = _evidence_bounds(doc, ctx.sentence, lead)
    o_start, o_end = doc.to_original(start, end)
    names, recipients = _summary_names(event_actors, kind, ctx, lead)
    summary = summarize(
        kind,
        modality,
        names,
        _summary_places(event_places, place_phrases),
        recipients=recipients,
        trigger_text=" ".join(doc.text[lead.start : lead.end].split()),
        date_text=date.edtf if date.is_known else "",
    )
    confidence = round(min(0.95, max(0.1, confidence)), 2)
    reasons.append(Reason("summary", "generated from the kind, modality, actors and places"))
    reasons.append(
        Reason(
            "confidence", f"{confidence}: {_confidence_note(lead, date_penalty, event_places, event_actors, pronoun)}"
        )
    )
    return Event.create(
        kind=kind,
        date=date,
        summary=summary,
        evidence=Evidence(doc.article_id, Span(o_start, o_end), doc.original[o_start:o_end]),
        provenance=provenance,
        modality=modality,
        # Aliases are the gazetteer's business, not the article's: the log keeps what identifies.
        places=tuple(map(_as_logged, event_places)),
        actors=tuple(map(_as_logged, event_actors)),
        confidence=confidence,
        reasons=tuple(reasons),
    )


_LOGGED: dict[Place | Actor, Place | Actor] = {}
_LOGGED_LIMIT = 4096
_Entity = TypeVar("_Entity", Place, Actor)


def _as_logged(item: _Entity) -> _Entity:
    """``item`` as events carry it (no aliases), one object for equal values.

    Events naming the same place or actor then share one object, which the codec writes
    once (:func:`~spacedip.model.codec.encode_record_json`) and the log's readers share too.
    """
    found = _LOGGED.get(item)
    if found is None:
        if len(_LOGGED) >= _LOGGED_LIMIT:
            _LOGGED.clear()
        found = _LOGGED[item] = attrs.evolve(item, aliases=()) if item.aliases else item
    return found  # type: ignore[return-value]  # keyed by the item: the same class


_SPECIFIC = {
    PlaceKind.LAUNCH_COMPLEX: 0, PlaceKind.COSMODROME: 1, PlaceKind.BUILDING: 1, PlaceKind.SPACECRAFT: 1,
    PlaceKind.CITY: 2, PlaceKind.OTHER: 3, PlaceKind.REGION: 4, PlaceKind.COUNTRY: 5, PlaceKind.ORBIT: 6,
}  # fmt: skip


_PREPOSITION = re.compile(r"^(?:à|au|aux|en|dans|depuis|sur|vers|chez|près|via|devant)\b", re.IGNORECASE)


def _summary_places(places: Sequence[Place], phrases: Sequence[str]) -> list[str]:
    if not places:
        return []
    best = min(range(len(places)), key=lambda i: (_SPECIFIC.get(places[i].kind, 3), i))
    phrase = phrases[best]
    if _PREPOSITION.match(phrase):
        return [phrase]
    place = places[best]
    return [f"à {place.name}" if place.kind is PlaceKind.CITY else f"({place.name})"]


def _summary_names(actors: Sequence[Actor], kind: str, ctx: _Sentence, lead: _Candidate) -> tuple[list[str], list[str]]:
    """The subject names of the summary and, for offers and invitations, their recipients."""
    people = [a for a in actors if a.kind is ActorKind.PERSON] or list(actors)
    if kind not in PROPOSING_KINDS or len(people) < 2:
        return [a.name for a in people], []
    before = [m.actor.id for m in ctx.actors if m.end <= lead.start and any(m.actor.id == p.id for p in people)]
    subject_id = before[-1] if before else people[0].id
    subject = next(p for p in people if p.id == subject_id)
    return [subject.name], [p.name for p in people if p.id != subject_id]


def _kind_reason(doc: Document, lead: _Candidate, members: Sequence[_Candidate]) -> str:
    trig = lead.match.trigger
    text = " ".join(doc.text[lead.start : lead.end].split())
    why = f"trigger «{text}» ({trig.pos} «{trig.phrase}» of kind {trig.kind})"
    others = [m for m in members if m is not lead]
    if others:
        why += "; same happening as " + ", ".join(f"«{m.match.trigger.phrase}» ({m.kind})" for m in others)
    if lead.absorbed:
        why += "; it includes " + ", ".join(f"«{m.trigger.phrase}»" for m in lead.absorbed)
    return why


def _confidence_note(
    lead: _Candidate, date_penalty: float, places: Sequence[Place], actors: Sequence[Actor], pronoun: bool
) -> str:
    parts = ["verb trigger 0.9" if lead.match.trigger.pos == "verb" else "noun trigger 0.8"]
    if date_penalty:
        parts.append(f"date not from its clause -{date_penalty:g}")
    if not places:
        parts.append("no place -0.05")
    if not actors:
        parts.append("no actor -0.1")
    if pronoun:
        parts.append("actor from a pronoun -0.05")
    return ", ".join(parts)


def _choose_date(
    doc: Document,
    lexicon: Lexicon,
    state: _State,
    ctx: _Sentence,
    lead: _Candidate,
    members: Sequence[_Candidate],
    modality: Modality,
) -> tuple[Date, str, float]:
    usable = ctx.usable_dates()
    words = ctx.words
    for cand in [lead, *[m for m in members if m is not lead]]:
        a, b, _rel = cand.clause
        inside = [(t, d) for t, d in usable if a <= t.start < b]
        if inside:
            t, d = min(inside, key=lambda td: _distance(td[0], cand))
            return d, f"«{t.text}» ({d.edtf}) in the same clause", 0.0
    relation = lead.clause[2]
    if relation and usable:
        t, d = min(usable, key=lambda td: _distance(td[0], lead))
        if relation == "after" and d.earliest is not None:
            return Date.parse(f"../{d.edtf}"), f"«après ...»: before «{t.text}» ({d.edtf}) of the sentence", 0.1
        if relation == "before":
            return Date.parse(f"{d.edtf}/.."), f"«avant ...»: after «{t.text}» ({d.edtf}) of the sentence", 0.1
    if usable:
        t, d = min(usable, key=lambda td: _distance(td[0], lead))
        return d, f"«{t.text}» ({d.edtf}) elsewhere in the sentence", 0.05
    lo, hi = lead.clause_words
    cue = _cue_in(words, lo, hi, lexicon.previous_time)
    if cue and state.dated:
        _p, d, text = state.dated[-1]
        return d, f"«{cue}» refers to the date of a sentence before: «{text}» ({d.edtf})", 0.1
    same_para = [x for x in state.dated if x[0] == ctx.para]
    if same_para:
        _p, d, text = same_para[-1]
        return d, f"no date in the sentence; the last date of its paragraph, «{text}» ({d.edtf})", 0.15
    published = doc.published
    if published.is_known:
        if modality is not Modality.HAPPENED and lead.kind not in PROPOSING_KINDS and not published.is_interval:
            return (
                Date.parse(f"{published.edtf}/.."),
                f"no date in its sentence or paragraph; {modality.value}, so from the publication date "
                f"({published.edtf}) on",
                0.2,
            )
        return published, f"no date in its sentence or paragraph; the publication date ({published.edtf})", 0.2
    return Date.unknown(), "no date in its sentence or paragraph, and the publication date is unknown", 0.3


def _distance(t: TemporalExpression, cand: _Candidate) -> int:
    if t.end <= cand.start:
        return cand.start - t.end
    return max(0, t.start - cand.end)


def _cue_in(words: Sequence[Word], lo: int, hi: int, phrases: Sequence[tuple[str, ...]]) -> str | None:
    for end in range(lo + 1, hi + 1):
        found = _phrase_before(words, end, phrases)
        if found:
            return found
    return None


def _evidence_bounds(doc: Document, sentence: Sentence, lead: _Candidate) -> tuple[int, int]:
    if sentence.end - sentence.start <= MAX_EVIDENCE:
        return sentence.start, sentence.end
    a, b, _ = lead.clause
    if b - a <= MAX_EVIDENCE:
        return a, b
    half = MAX_EVIDENCE // 2
    start = max(a, lead.start - half)
    end = min(b, lead.end + half)
    while start > a and not doc.text[start - 1].isspace():
        start -= 1
    while end < b and not doc.text[end].isspace():
        end += 1
    return start, end
