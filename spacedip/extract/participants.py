"""Where and who: the places and actors of one event, chosen among its sentence's mentions.

Places. A place mention counts for an event when it lies in the event's clause and

* names a location by itself ("dans l'espace", "en orbite"), or
* follows a locative preposition, with only articles, place nouns and nationality adjectives
  between (``au`` centre spatial russe ``Vostochny``, ``depuis le`` Kremlin, ``en`` Russie), or
* directly follows a trigger of the sentence (``visiter la`` RPDC, ``négociations d'``Astana,
  ``visitant avec lui le`` cosmodrome), or
* is a station or cosmodrome right before the trigger (``l'ISS fête``).

"In orbit" is no place for ground events (meetings, talks, agreements, statements, offers...).

Actors. The sentence's actor mentions, except the sources of a report ("selon l'agence TASS",
", a déclaré le directeur de Roscosmos, Youri Borissov" when the event is told outside that
incise), plus the person(s) a subject pronoun before the trigger stands for: the last person
named before it in the sentence, else the first person of the latest sentence naming one
("il"), or the people of the latest sentence naming at least two ("ils").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacedip.extract.mentions import ActorMention, PlaceMention
from spacedip.extract.triggers import Word
from spacedip.model import Actor, ActorKind, Place, PlaceKind

__all__ = ["GROUND_KINDS", "choose_actors", "choose_places", "incise_spans", "resolve_pronoun"]

GROUND_KINDS = frozenset(
    {"meeting", "talks", "agreement", "joint_statement", "statement", "offer", "invitation", "request",
     "cooperation"}
)  # fmt: skip
"""Kinds of events that happen on the ground: "in orbit" is never their place."""

_LOCATIVE = frozenset(
    [
        "a",
        "au",
        "aux",
        "en",
        "dans",
        "depuis",
        "sur",
        "vers",
        "chez",
        "pres",
        "bord",
        "large",
        "hors",
        "jusqu",
        "proximite",
        "aupres",
        "devant",
        "via",
    ]
)
_PLACE_FILLERS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "d",
        "du",
        "des",
        "centre",
        "spatial",
        "spatiale",
        "base",
        "cosmodrome",
        "site",
        "ville",
        "port",
        "region",
        "capitale",
        "village",
        "complexe",
        "station",
        "palais",
        "siege",
        "aeroport",
        "extreme",
        "sud",
        "nord",
        "est",
        "ouest",
        "russe",
        "russes",
        "chinois",
        "chinoise",
        "americain",
        "americaine",
        "japonais",
        "japonaise",
        "kazakh",
        "kazakhe",
        "coreen",
        "coreenne",
        "francais",
        "francaise",
        "europeen",
        "europeenne",
        "indien",
        "indienne",
        "iranien",
        "iranienne",
        "ukrainien",
        "ukrainienne",
        "international",
        "internationale",
        "militaire",
        "navale",
        "aerienne",
        "grand",
        "grande",
    ]
)
_DETERMINERS = frozenset(
    ["le", "la", "les", "l", "de", "d", "du", "des", "un", "une", "son", "sa", "ses", "leur", "leurs"]
)
_OBJECT_FILLERS = _DETERMINERS | {"avec", "lui", "eux", "elle", "ensemble", "officiellement"}
_PUNCTUATION = re.compile(r"[,;:.()!?«»\"]")
_SUBJECT_PLACE_KINDS = frozenset({PlaceKind.SPACECRAFT, PlaceKind.COSMODROME, PlaceKind.LAUNCH_COMPLEX})
_SOURCE_CUES = frozenset(
    [
        "selon",
        "agence",
        "agences",
        "rapporte",
        "rapportent",
        "rapporte",
        "cite",
        "citee",
        "cites",
        "interview",
        "chaine",
        "journal",
        "quotidien",
        "media",
        "medias",
    ]
)
_SUBJECT_PRONOUNS = {"il": 1, "elle": 1, "ils": 2, "elles": 2}
_IMPERSONAL_NEXT = frozenset({"y", "faut", "semble", "existe", "convient", "parait"})
_IMPERSONAL_ADJ = frozenset({"possible", "question", "important", "necessaire", "clair", "vrai", "temps"})
_REPORTING = (
    r"déclaré|dit|indiqué|affirmé|ajouté|précisé|annoncé|souligné|rappelé|relevé|noté|estimé|expliqué|"
    r"assuré|constaté|répondu|lancé|confié|rapporté|poursuivi|martelé|insisté|jugé|commenté|écrit|conclu|"
    r"réagi|averti|prévenu|raconté|reconnu|observé|déploré|salué|résumé|communiqué|fait\s+savoir|"
    r"déclare|dit|indique|affirme|ajoute|précise|annonce|souligne|rappelle|estime|explique|assure|constate|"
    r"répond|rapporte|rapportent|indiquent|affirment|estiment|déclarent|selon"
)
_INCISE = re.compile(
    r"[,»\"]\s*(?:(?:a|ont|avait|avaient|aurait)(?:-t-(?:il|elle|on))?\s+"
    r"(?:(?:également|encore|aussi|alors|ensuite|déjà|pour\s+sa\s+part|de\s+son\s+côté)\s+)*)?"
    rf"(?P<verb>{_REPORTING})(?![\w])",
    re.IGNORECASE,
)
_INCISE_END = re.compile(r",\s*\w+ant(?![\w'])|[«\"]")
_MAX_PLACE_STEPS = 5


def incise_spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Reporting incises in ``text[start:end]`` ("», a déclaré X", ", selon Y") as ``(start, verb, end)``."""
    out = []
    for m in _INCISE.finditer(text, start, end):
        stop = _INCISE_END.search(text, m.end(), end)
        out.append((m.start(), m.start("verb"), stop.start() if stop else end))
    return out


def _word_at(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_left(starts, offset)


def _place_role(
    text: str,
    words: Sequence[Word],
    i: int,
    mention: PlaceMention,
    anchors: Sequence[tuple[int, int]],
    subject_ok: bool,
) -> str | None:
    first_key = words[i].key if i < len(words) else ""
    if mention.place.kind is PlaceKind.ORBIT or first_key in _LOCATIVE:
        return "names where"
    j = i - 1
    while j >= 0 and i - j <= _MAX_PLACE_STEPS and words[j].key in _PLACE_FILLERS:
        j -= 1
    if (
        j >= 0
        and i - j <= _MAX_PLACE_STEPS
        and words[j].key in _LOCATIVE
        and not _PUNCTUATION.search(text, words[j].end, mention.start)
    ):
        return f"after «{text[words[j].start : words[j].end]}»"
    for first, last in anchors:
        if (
            last < i <= last + 5
            and all(w.key in _OBJECT_FILLERS for w in words[last + 1 : i])
            and not _PUNCTUATION.search(text, words[last].end, mention.start)
        ):
            return "right after the trigger"
        if subject_ok and mention.place.kind in _SUBJECT_PLACE_KINDS and 0 < first - i <= 3:
            return "subject of the trigger"
    return None


def _place_phrase(text: str, words: Sequence[Word], i: int, mention: PlaceMention) -> str:
    j = i - 1
    while j >= 0 and i - j <= _MAX_PLACE_STEPS and words[j].key in _PLACE_FILLERS:
        j -= 1
    if j >= 0 and i - j <= _MAX_PLACE_STEPS and words[j].key in _LOCATIVE:
        start = words[j].start
        if words[j].key in ("bord", "pres", "large", "proximite") and j > 0 and words[j - 1].key == "a":
            start = words[j - 1].start
        phrase = " ".join(text[start : mention.end].split())
    else:
        phrase = " ".join(mention.text.split())
    return phrase[:1].lower() + phrase[1:] if phrase[:2].lower() in ("au", "à ", "en", "da", "de", "su") else phrase


def choose_places(
    text: str,
    words: Sequence[Word],
    places: Sequence[PlaceMention],
    clauses: Sequence[tuple[int, int]],
    anchors: Sequence[tuple[int, int]],
    kind: str,
    *,
    subject_ok: bool = True,
) -> tuple[list[Place], list[str], list[str]]:
    """The places of an event: ``(places, phrases as the text words them, reasons)``.

    Args:
        text: the matching text; ``words`` and ``places`` point into it.
        words: the words of the sentence.
        places: the place mentions of the sentence.
        clauses: the character bounds of the event's clauses.
        anchors: ``(first, last)`` word indexes of the sentence's triggers.
        kind: the event kind (ground kinds drop "in orbit").
        subject_ok: a station or cosmodrome right before a trigger counts.
    """
    starts = [w.start for w in words]
    chosen: list[Place] = []
    phrases: list[str] = []
    whys: list[str] = []
    for mention in places:
        if not any(a <= mention.start < b for a, b in clauses):
            continue
        if mention.place.kind is PlaceKind.ORBIT and kind in GROUND_KINDS:
            continue
        i = _word_at(starts, mention.start)
        why = _place_role(text, words, i, mention, anchors, subject_ok)
        if why is None or any(p.id == mention.place.id for p in chosen):
            continue
        chosen.append(mention.place)
        phrases.append(_place_phrase(text, words, i, mention))
        whys.append(f"«{' '.join(mention.text.split())}» → {mention.place.id} ({why})")
    return chosen, phrases, whys


def choose_actors(
    words: Sequence[Word],
    actors: Sequence[ActorMention],
    incises: Sequence[tuple[int, int, int]],
    trigger_start: int,
) -> tuple[list[Actor], list[str]]:
    """The actors named in the sentence that take part in the event, and why."""
    starts = [w.start for w in words]
    own_incise = any(a <= trigger_start < b for a, _v, b in incises)
    chosen: list[Actor] = []
    whys: list[str] = []
    for mention in actors:
        i = _word_at(starts, mention.start)
        if {w.key for w in words[max(0, i - 3) : i]} & _SOURCE_CUES:
            continue
        if not own_incise and any(a <= mention.start < b for a, _v, b in incises):
            continue
        if any(a.id == mention.actor.id for a in chosen):
            continue
        chosen.append(mention.actor)
        whys.append(f"«{' '.join(mention.text.split())}» → {mention.actor.id}")
    return chosen, whys


def resolve_pronoun(
    words: Sequence[Word],
    lo: int,
    first: int,
    actors: Sequence[ActorMention],
    earlier: Sequence[Sequence[Actor]],
) -> tuple[str, list[Actor]] | None:
    """The people a subject pronoun before ``words[first]`` (within ``words[lo:]``) stands for.

    Args:
        words: the sentence's words.
        lo: the first word of the trigger's clause.
        first: the trigger's first word.
        actors: the sentence's actor mentions.
        earlier: the people named by earlier sentences, latest last.
    """
    trigger_start = words[first].start
    for i in range(first - 1, lo - 1, -1):
        key = words[i].key
        if key not in _SUBJECT_PRONOUNS:
            continue
        nxt = words[i + 1].key if i + 1 < len(words) else ""
        after = words[i + 2].key if i + 2 < len(words) else ""
        if (
            nxt in _IMPERSONAL_NEXT
            or (nxt == "est" and after in _IMPERSONAL_ADJ)
            or (nxt == "s" and after.startswith("agi"))  # il s'agit
        ):
            return None
        person = [m for m in actors if m.actor.kind is ActorKind.PERSON]
        if any(words[i].start <= m.start < trigger_start for m in person):
            return None
        count = _SUBJECT_PRONOUNS[key]
        before = [m.actor for m in person if m.end <= words[i].start]
        if count == 1 and before:
            return key, [before[-1]]
        if count == 2 and len({a.id for a in before}) >= 2:
            return key, _unique(before)
        for people in reversed(earlier):
            if count == 1 and people:
                return key, [people[0]]
            if len({a.id for a in people}) >= 2:
                return key, _unique(people)
        return None
    return None


def _unique(actors: Sequence[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if all(a.id != b.id for b in out):
            out.append(a)
    return out
