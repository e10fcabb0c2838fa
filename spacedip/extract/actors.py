"""Find the people, organisations and states a French text names.

Two sources, known names first:

* the actors shipped in ``spacedip/data/actors.toml`` plus user files (same format), and every
  country of the gazetteer as a state. Full names match anywhere; surnames and short forms
  ("Poutine", "Kim", "M. Abe") link to the actor whose full name the document gives, or to the
  only actor that has that short name;
* spaCy's French pipeline (``fr_core_news_sm``, its NER component only, loaded once per process)
  for the people (PER) and organisations (ORG) no list knows. They get content-derived ids
  (``person-`` / ``org-`` + a slug of the full name), and their surnames link within the document.

A title just before or after a person ("le président russe Vladimir Poutine", "Youri Borissov,
directeur général de Roscosmos") is kept as the mention's ``actor.role``. docs/gazetteer.md
states the rules.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import attrs

from spacedip.errors import InputError
from spacedip.extract.gazetteer import (
    CALENDAR_WORDS,
    EntryReader,
    Gazetteer,
    IndexedName,
    Token,
    TokenIndex,
    accept_name,
    index_name,
    match_tokens,
    normalise,
    read_entries,
    read_toml,
    tokenise,
)
from spacedip.extract.mentions import ActorMention, PlaceMention
from spacedip.model import Actor, ActorKind, PlaceKind

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["ActorFinder", "load_ner"]

_SHIPPED = "data/actors.toml"
_ACTOR_KEYS = ("id", "name", "kind", "aliases", "short_names", "country", "seat")
_KINDS = {k.value: k for k in ActorKind}
_SPACY_MODEL = "fr_core_news_sm"
_NOT_NEEDED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]


@functools.cache
def load_ner() -> Language:
    """spaCy's French pipeline with only its NER component (loaded once per process).

    Raises:
        InputError: the model package is not installed.
    """
    import spacy

    try:
        # The NER component has its own token-to-vector layer: nothing else needs loading.
        return spacy.load(_SPACY_MODEL, exclude=_NOT_NEEDED)
    except OSError as e:
        raise InputError(
            f"the spaCy model {_SPACY_MODEL} is not installed",
            hint=f"pip install {_SPACY_MODEL.replace('_', '-')}, or use ActorFinder.load(use_ner=False)",
        ) from e


@attrs.frozen
class _Entry:
    actor: Actor
    short_names: tuple[str, ...] = ()
    seat: str | None = None


@attrs.define
class _Lazy:
    full: TokenIndex[IndexedName] | None = None
    short: TokenIndex[IndexedName] | None = None
    short_targets: dict[tuple[str, ...], tuple[str, ...]] = attrs.Factory(dict)


class _Found(NamedTuple):
    start: int
    end: int
    actor: Actor
    known: bool
    """From a list (not from NER)."""


@attrs.frozen
class ActorFinder:
    """The actors a text can name, and the finder of their mentions.

    Build one with :meth:`load`; the name index is built on first use, the NER model on the
    first :meth:`find_actors` call that needs it.
    """

    actors: Mapping[str, Actor]
    """The known actors by id (shipped, user files, and the gazetteer's countries)."""
    gazetteer: Gazetteer = attrs.field(repr=False)
    use_ner: bool = True
    """Run spaCy's NER to find people and organisations no list knows."""
    _entries: Mapping[str, _Entry] = attrs.field(factory=dict, repr=False, alias="entries")
    _lazy: _Lazy = attrs.field(factory=_Lazy, repr=False, eq=False, init=False)

    @classmethod
    def load(
        cls, extra: Sequence[Path] = (), *, gazetteer: Gazetteer | None = None, use_ner: bool = True
    ) -> ActorFinder:
        """The shipped actors extended (and overridden, entry by entry) by user files.

        Args:
            extra: TOML files in the format of ``spacedip/data/actors.toml``, applied in order.
            gazetteer: the places (its countries become state actors; its place mentions keep NER
                from taking "Vostotchni" for a person); :meth:`Gazetteer.default` if omitted.
            use_ner: find unknown people and organisations with spaCy.

        Raises:
            InputError: a file cannot be read or has an invalid entry; the message names the
                file and the entry and says how to fix it.
        """
        gazetteer = gazetteer or Gazetteer.default()
        entries: dict[str, _Entry] = {}
        for place in gazetteer:
            if place.kind is PlaceKind.COUNTRY:
                actor = Actor(place.id, place.name, ActorKind.COUNTRY, place.aliases, place.country)
                entries[place.id] = _Entry(actor, seat=place.id)
        documents = [read_toml(None, shipped=_SHIPPED), *(read_toml(Path(p)) for p in extra)]
        for document, where in documents:
            seen: set[str] = set()
            for number, raw in enumerate(read_entries(document, where, "actor"), start=1):
                reader = EntryReader(raw, where, "actor", number, _ACTOR_KEYS)
                entry = _read_actor(reader)
                if entry.actor.id in seen:
                    raise reader.fail(f"id {entry.actor.id!r} is used twice in this file", "give each actor its own id")
                if entry.seat is not None and entry.seat not in gazetteer:
                    raise reader.fail(f"seat {entry.seat!r} names no place", "use the id of a place in the gazetteer")
                seen.add(entry.actor.id)
                entries[entry.actor.id] = entry
        return cls({k: e.actor for k, e in entries.items()}, gazetteer, use_ner, entries=entries)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, actor_id: str) -> Actor | None:
        """The known actor with this id."""
        return self.actors.get(actor_id)

    # ---- matching

    def find_actors(self, text: str, *, places: Sequence[PlaceMention] | None = None) -> list[ActorMention]:
        """Every span of ``text`` that names an actor, in text order, without overlaps.

        Args:
            text: the article text as stored.
            places: the text's place mentions if already found (saves a gazetteer pass).

        Returns:
            Mentions whose ``actor.role`` holds the title the text gives there, if any.
            ``mention.text == text[mention.start:mention.end]`` always holds.
        """
        tokens, joins, adjacent = tokenise(text)
        if places is None:
            places = self.gazetteer.find_places(text)
        found = self._known(text, tokens, joins, adjacent, places)
        if self.use_ner and text.strip():
            found = _merge(found, _unknown(text, tokens, found, places))
        mentions = []
        for item in found:
            actor = item.actor
            if actor.kind is ActorKind.PERSON:
                role = _role(text, item.start, item.end)
                if role is not None:
                    actor = attrs.evolve(actor, role=role)
            mentions.append(ActorMention(item.start, item.end, text[item.start : item.end], actor))
        return mentions

    def _known(
        self,
        text: str,
        tokens: Sequence[Token],
        joins: Sequence[bool],
        adjacent: Sequence[bool],
        places: Sequence[PlaceMention],
    ) -> list[_Found]:
        full, short, targets = self._indexes()
        indexes = [full, short]

        def accept(i: int, length: int, candidate: IndexedName) -> bool:
            return accept_name(
                text, tokens, adjacent, i, length, candidate, indexes, honorific_ok=True, neighbours=length == 1
            )

        matches = match_tokens(tokens, joins, indexes, accept)
        named_in_full = [
            (tokens[i].start, c.target) for i, n, c in matches if full.get(tuple(t.key for t in tokens[i : i + n])) is c
        ]
        found: list[_Found] = []
        for i, length, candidate in matches:
            keys = tuple(t.key for t in tokens[i : i + length])
            start, end = tokens[i].start, tokens[i + length - 1].end
            if full.get(keys) is candidate:
                actor_id: str | None = candidate.target
            else:
                actor_id = _resolve_short(targets.get(keys, ()), start, named_in_full)
            if actor_id is None:
                continue
            entry = self._entries[actor_id]
            if entry.seat is not None or entry.actor.kind is ActorKind.COUNTRY:
                if _LOCATIVE.search(text[max(0, start - 24) : start]):
                    continue  # "en Russie", "depuis le Kremlin": a place, left to the gazetteer
                if any(p.start <= start and end <= p.end and p.end - p.start > end - start for p in places):
                    continue  # "Kremlin" in "Grand Palais du Kremlin"
            start = _honorific_start(text, start)
            found.append(_Found(start, end, entry.actor, known=True))
        return found

    def _indexes(
        self,
    ) -> tuple[TokenIndex[IndexedName], TokenIndex[IndexedName], dict[tuple[str, ...], tuple[str, ...]]]:
        lazy = self._lazy
        if lazy.full is None or lazy.short is None:
            full: TokenIndex[IndexedName] = TokenIndex()
            short: TokenIndex[IndexedName] = TokenIndex()
            targets: dict[tuple[str, ...], list[str]] = {}
            for entry in self._entries.values():
                actor = entry.actor
                for name in dict.fromkeys((actor.name, *actor.aliases)):
                    index_name(full, name, actor.id, strict=True)
                for name in entry.short_names:
                    index_name(short, name, name_key(name), strict=True)
                    owners = targets.setdefault(_keys(name), [])
                    if actor.id not in owners:
                        owners.append(actor.id)
            lazy.short_targets = {k: tuple(v) for k, v in targets.items()}
            lazy.full, lazy.short = full, short
        return lazy.full, lazy.short, lazy.short_targets


def name_key(name: str) -> str:
    """A readable key for a short name (the index's target for it)."""
    return "short:" + " ".join(_keys(name))


def _keys(name: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenise(name)[0])


def _resolve_short(candidates: Sequence[str], start: int, named_in_full: Sequence[tuple[int, str]]) -> str | None:
    """The actor a short name stands for, or ``None`` when the document leaves it open.

    The nearest earlier full mention of a candidate wins; else the only candidate named in full
    anywhere in the document; else the only candidate there is.
    """
    if not candidates:
        return None
    earlier = [(pos, actor) for pos, actor in named_in_full if actor in candidates and pos < start]
    if earlier:
        return max(earlier)[1]
    anywhere = {actor for _, actor in named_in_full if actor in candidates}
    if len(anywhere) == 1:
        return anywhere.pop()
    if not anywhere and len(candidates) == 1:
        return candidates[0]
    return None


_LOCATIVE = re.compile(
    r"(?:^|[\s'’(])(?:en|à|a|au|aux|dans|depuis|vers|via|jusqu['’]à|près\s+d[eu]|sur)\s+"
    r"(?:(?:la|le|les)\s+|l['’]\s*)?\Z",
    re.IGNORECASE,
)
_HONORIFIC_BEFORE = re.compile(r"(?:^|(?<=[\s(«\"'’]))(?:M|Mme|Mlle|MM|Dr|Pr)\.?[^\S\n]+\Z")


def _honorific_start(text: str, start: int) -> int:
    """Extend a person's span over a preceding "M. " or "Mme "."""
    m = _HONORIFIC_BEFORE.search(text, max(0, start - 6), start)
    return m.start() if m else start


def _merge(known: list[_Found], unknown: list[_Found]) -> list[_Found]:
    """Known mentions win over overlapping NER ones."""
    out = list(known)
    for item in unknown:
        if not any(item.start < k.end and k.start < item.end for k in known):
            out.append(item)
    out.sort(key=lambda f: (f.start, -f.end))
    result: list[_Found] = []
    for item in out:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return result


# --------------------------------------------------------------------------------------------
# Unknown actors from spaCy's NER

_PARTICLES = frozenset(
    {"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "bin", "ben", "al", "el", "ibn", "da", "di"}
    | {"dos", "del", "y"}
)
_NOT_NAMES = frozenset(
    normalise(w)
    for w in [
        *CALENDAR_WORDS,
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "ce",
        "cette",
        "ces",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "nous",
        "vous",
        "je",
        "tu",
        "notre",
        "votre",
        "leur",
        "selon",
        "après",
        "avant",
        "pendant",
        "depuis",
        "mais",
        "et",
        "ou",
        "donc",
        "or",
        "ni",
        "car",
        "si",
        "quand",
        "lorsque",
        "alors",
        "ainsi",
        "comme",
        "pour",
        "par",
        "sur",
        "sous",
        "dans",
        "avec",
        "sans",
        "chez",
        "vers",
        "entre",
        "contre",
        "malgré",
        "crédit",
        "crédits",
        "photo",
        "photos",
        "source",
        "sources",
        "ndlr",
        "afp",
        "etat",
        "état",
        "gouvernement",
        "président",
        "présidente",
        "ministre",
        "ministère",
        "agence",
        "permettez",
        "internet",
        "e-mail",
        "email",
        "tél",
        "tel",
        "adresse",
        "rédaction",
        "rédacteur",
        "rédactrice",
    ]
)
_ADDRESS_BEFORE = re.compile(
    r"\b(?:rue|avenue|av|boulevard|bd|place|quai|allée|impasse|chemin|route|square|cours|passage)\.?\s+\Z",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"©[^\n]*|^[^\S\n]*(?:photo|photos|crédits?|credits?|sources?)\b[^\n]*", re.IGNORECASE | re.MULTILINE
)
_TRIM = " \t\r\n/\\|,;:.·-–—'’\"«»()[]*_"


def _unknown(
    text: str, tokens: Sequence[Token], known: Sequence[_Found], places: Sequence[PlaceMention]
) -> list[_Found]:
    """People and organisations found by spaCy that survive the noise filters."""
    doc = load_ner()(text)
    credits = [m.span() for m in _CREDIT_LINE.finditer(text)]
    people: list[tuple[int, int, str]] = []  # start, end, clean name (full names and single words)
    orgs: list[_Found] = []
    for ent in doc.ents:
        if ent.label_ not in ("PER", "ORG"):
            continue
        span = _clean(text, ent.start_char, ent.end_char)
        if span is None:
            continue
        start, end = span
        if any(s <= start < e for s, e in credits):
            continue  # photo credits and source lines: the photographer is not an actor
        if any(k.start < end and start < k.end for k in known):
            continue
        if any(p.start <= start and end <= p.end for p in places):
            continue  # "Vostotchni" taken for a person
        name = text[start:end]
        if "@" in text[max(0, start - 1) : end + 1] or any(ch.isdigit() for ch in name):
            continue
        if ent.label_ == "PER":
            if _ADDRESS_BEFORE.search(text, max(0, start - 16), start):
                continue  # "79, rue Ly Thuong Kiêt"
            words = _words(name)
            if _person_words_ok(words):
                people.append((start, end, name))
        elif _org_ok(name):
            orgs.append(_Found(start, end, _unknown_actor("org", name, ActorKind.ORGANISATION), known=False))
    return orgs + _link_people(text, tokens, people, known, places)


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut an entity at a line break and trim punctuation and leading articles."""
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    m = re.match(r"(?:l['’]|la\s+|le\s+|les\s+)", text[start:end])
    if m and end - start > m.end():
        start += m.end()
    if end - start < 2 or not any(ch.isalpha() for ch in text[start:end]):
        return None
    return start, end


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’.-]*", name)


def _person_words_ok(words: Sequence[str]) -> bool:
    names = [w for w in words if normalise(w).rstrip(".") not in ("m", "mme", "mlle", "dr", "pr")]
    if not names or len(names) > 5:
        return False
    for word in names:
        norm = normalise(word)
        if norm in _PARTICLES:
            continue
        if not word[0].isupper() or norm in _NOT_NAMES:
            return False
    return not (len(names) == 1 and names[0].isupper())  # "TASS" is no person


def _org_ok(name: str) -> bool:
    words = _words(name)
    if not words or not (name[0].isupper() or name[0].isdigit()):
        return False
    if all(normalise(w) in _NOT_NAMES or normalise(w) in _PARTICLES for w in words):
        return False
    return len(name) >= 2 and len(words) <= 8


def _link_people(
    text: str,
    tokens: Sequence[Token],
    people: Sequence[tuple[int, int, str]],
    known: Sequence[_Found],
    places: Sequence[PlaceMention],
) -> list[_Found]:
    """Give each unknown person an id; link surnames ("Ivanov", "M. Ivanov") to full names.

    Full names (two words or more) become actors; a single word links to the nearest earlier
    full name that ends with it (or the only one anywhere), else counts only after an honorific
    or a title. The document is then scanned once more for the full names and surnames NER missed.
    """
    full: list[tuple[int, Actor, tuple[str, ...]]] = []
    single: list[tuple[int, int, str]] = []
    for start, end, name in people:
        bare = _strip_honorific(name)
        if len(_words(bare)) >= 2:
            actor = _unknown_actor("person", bare, ActorKind.PERSON)
            full.append((start, actor, tuple(normalise(w) for w in _words(bare))))
        else:
            single.append((start, end, bare))
    found: list[_Found] = []
    by_id: dict[str, Actor] = {}
    for _, actor, _ in full:
        by_id[actor.id] = actor
    surnames: dict[str, set[str]] = {}
    for _, actor, words in full:
        surnames.setdefault(words[-1], set()).add(actor.id)
    for start, end, name in people:
        bare = _strip_honorific(name)
        if len(_words(bare)) >= 2:
            actor = _unknown_actor("person", bare, ActorKind.PERSON)
            found.append(_Found(_honorific_start(text, start), end, actor, known=False))
    for start, end, bare in single:
        ids = surnames.get(normalise(bare), set())
        earlier = [(s, a) for s, a, w in full if a.id in ids and s < start]
        if earlier:
            actor = max(earlier, key=lambda x: x[0])[1]
        elif len(ids) == 1:
            actor = by_id[next(iter(ids))]
        elif _honorific_start(text, start) < start or _role(text, start, end) is not None:
            actor = _unknown_actor("person", bare, ActorKind.PERSON)
        else:
            continue  # a lone capitalised word: too weak to call a person
        found.append(_Found(_honorific_start(text, start), end, actor, known=False))
    # a second pass for the mentions NER missed
    index: TokenIndex[IndexedName] = TokenIndex()
    for _, actor, words in full:
        index_name(index, actor.name, actor.id, strict=True)
        if len(surnames.get(words[-1], ())) == 1 and len(words[-1]) >= 3:
            index_name(index, _words(actor.name)[-1], actor.id, strict=True)
    taken = [(f.start, f.end) for f in (*known, *found)] + [(p.start, p.end) for p in places]
    _, joins, _ = tokenise(text)
    for i, length, candidate in match_tokens(tokens, joins, [index], lambda i, n, c: True):
        start, end = tokens[i].start, tokens[i + length - 1].end
        if not all(t.cap for t in tokens[i : i + length]):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        found.append(_Found(_honorific_start(text, start), end, by_id[candidate.target], known=False))
    return found


def _strip_honorific(name: str) -> str:
    return re.sub(r"^(?:M|Mme|Mlle|MM|Dr|Pr)\.?\s+", "", name).strip()


def _unknown_actor(prefix: str, name: str, kind: ActorKind) -> Actor:
    slug = re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-") or "x"
    return Actor(f"{prefix}-{slug}", name, kind)


# --------------------------------------------------------------------------------------------
# Roles: the title a text gives a person

_TITLE_HEADS = (
    "président-directeur général", "vice-premier ministre", "premier ministre", "première ministre",
    "vice-président", "vice-présidente", "présidente", "président", "vice-ministre", "ministre", "porte-parole",
    "directeur général", "directrice générale", "directeur", "directrice", "administrateur",
    "administratrice", "secrétaire d'État", "secrétaire général", "secrétaire générale", "secrétaire",
    "chancelier", "chancelière", "chef de l'État", "chef d'État", "chef", "cheffe", "dirigeant",
    "dirigeante", "leader", "numéro un", "ambassadeur", "ambassadrice", "envoyé spécial", "envoyée spéciale",
    "conseiller", "conseillère", "gouverneur", "gouverneure", "maire", "sénateur", "sénatrice", "député",
    "députée", "roi", "reine", "prince", "princesse", "émir", "général", "amiral", "colonel", "commandant",
    "commandante", "cosmonaute", "astronaute", "spationaute", "taïkonaute", "ingénieur de vol", "pilote",
    "patron", "patronne", "PDG", "responsable", "représentant", "représentante", "rédacteur en chef",
    "rédactrice en chef", "correspondant", "correspondante", "photographe", "journaliste", "analyste",
    "expert", "experte", "chercheur", "chercheuse", "professeur", "professeure", "fondateur", "fondatrice",
)  # fmt: skip
_TITLE = "|".join(
    re.escape(t).replace(r"\ ", r"\s+").replace("'", "['’]") for t in sorted(_TITLE_HEADS, key=len, reverse=True)
)
_TAIL_WORD = r"(?:[a-zà-ÿ][\w'’-]*|[A-ZÀ-Ý][\w'’-]*|d['’]|l['’])"
_ROLE_BEFORE = re.compile(
    rf"(?<![\w-])(?P<role>(?:{_TITLE})(?:\s+{_TAIL_WORD}|(?<=['’]){_TAIL_WORD}){{0,6}}?)\s*[,:]?\s*\Z",
    re.IGNORECASE,
)
_ROLE_AFTER = re.compile(
    rf"\A\s*,\s*(?:(?:le|la|l['’]|son|sa|leur|l'actuel|l'actuelle|ancien|ancienne|nouveau|nouvelle)\s*)*"
    rf"(?P<role>(?:{_TITLE})(?:\s+{_TAIL_WORD}|(?<=['’]){_TAIL_WORD}){{0,6}}?)\s*(?=[,.;:)\n]|\Z)",
    re.IGNORECASE,
)
_NOT_IN_ROLE = frozenset(
    normalise(w)
    for w in [
        "a",
        "à",
        "ont",
        "est",
        "sont",
        "était",
        "été",
        "avait",
        "avec",
        "que",
        "qui",
        "dont",
        "où",
        "et",
        "ou",
        "mais",
        "pour",
        "par",
        "sur",
        "dans",
        "au",
        "aux",
        "se",
        "s",
        "ne",
        "n",
        "pas",
        "il",
        "elle",
        "ils",
        "elles",
        "on",
        "lui",
        "leur",
        "son",
        "sa",
        "ses",
        "ce",
        "cette",
        "ces",
        "un",
        "une",
        "selon",
        "après",
        "avant",
        "a-t-il",
        "a-t-elle",
        "déclaré",
        "dit",
        "rencontré",
        "reçu",
        "annoncé",
    ]
)
_CLAUSE_END = re.compile(r"[.!?;«»\"\n(]")


def _role(text: str, start: int, end: int) -> str | None:
    """The title right before ("le président russe Vladimir Poutine") or after (", directeur de ...") a name."""
    window_start = max(0, start - 120)
    before = text[window_start:start]
    before = _HONORIFIC_TAIL.sub("", before)
    breaks = list(_CLAUSE_END.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    m = _ROLE_BEFORE.search(before)
    if m is not None:
        role = _clean_role(m.group("role"))
        if role is not None:
            return role
    m = _ROLE_AFTER.match(text[end : end + 120])
    if m is not None:
        return _clean_role(m.group("role"))
    return None


_HONORIFIC_TAIL = re.compile(r"(?:M|Mme|Mlle|MM|Dr|Pr)\.?\s*\Z")


def _clean_role(role: str) -> str | None:
    role = " ".join(role.split()).strip(" ,:")
    words = role.split(" ")
    if any(normalise(w) in _NOT_IN_ROLE for w in words[1:]):
        return None
    return role or None


def _read_actor(reader: EntryReader) -> _Entry:
    ident = reader.ident()
    name = reader.text("name", required=True)
    assert name is not None
    kind = reader.choice("kind", _KINDS, "person", "an actor kind")
    aliases = tuple(a for a in reader.names("aliases") if a != name)
    actor = Actor(ident, name, kind, aliases, reader.country())
    return _Entry(actor, reader.names("short_names"), reader.text("seat"))
