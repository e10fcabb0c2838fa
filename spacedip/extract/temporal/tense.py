"""Which way a clause points in time: past, future or neither, from its verbs.

The tagger uses it to resolve expressions that name a day or month without a year
or a week ("samedi", "en décembre"): the verb nearest to the expression decides.
"""

from __future__ import annotations

import enum
import re

from spacedip.extract.temporal.lexicon import alternation, lowercase_pattern

__all__ = ["Marker", "Tense", "clause_markers", "marker_spans", "tense_near"]


class Tense(enum.Enum):
    """The direction of a clause relative to the moment of writing."""

    PAST = "past"
    FUTURE = "future"


# The word lists below go through ``alternation`` (a prefix-factored alternation, much
# faster in ``re``). That keeps every match as it was because, where a list is used, at
# most one of its words can lead to a match at a given point: each is followed by a
# blank, a word end or a look-ahead, and no two end at the same valid point.
_ADVERBS = alternation(
    [
        "pas", "plus", "jamais", "déjà", "aussi", "également", "bien", "encore", "toujours", "ainsi", "notamment",
        "enfin", "alors", "donc", "même", "ensuite", "finalement", "d'abord", "longuement", "récemment",
        "officiellement", "lui", "leur", "eux", "hier", "samedi", "dimanche", "lundi", "mardi", "mercredi", "jeudi",
        "vendredi", "de son côté", "pour sa part", "en outre", "par ailleurs"
    ]
)  # fmt: skip
_NOT_PARTICIPLE = alternation(
    [
        "désormais", "jamais", "mais", "puis", "depuis", "parmi", "ainsi", "aussi", "ici", "lui", "aujourd'hui",
        "tous", "plus", "dessus", "sous", "nous", "vous", "tout", "bien", "très", "trop", "un", "une", "au", "aux",
        "du", "de", "des", "le", "la", "les", "si", "ni", "ou", "où", "eu", "vu"
    ]
)  # fmt: skip
_PLANNED = alternation(["prévu", "programmé", "fixé", "attendu", "censé", "planifié", "appelé", "rendez-vous"])
_PARTICIPLE_END = alternation(
    [
        "é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "it", "ite", "its", "ites", "ert",
        "erte", "erts", "ort", "orte", "int", "ainte", "eint", "einte", "eints", "ris", "rise", "uit", "uite", "û",
        "eu", "eue", "été", "fait", "dit", "pris", "mis", "né", "née", "mort"
    ]
)  # fmt: skip
_PARTICIPLE = rf"(?!{_NOT_PARTICIPLE}(?![\w']))(?!{_PLANNED})[a-zà-ÿœ'-]*?{_PARTICIPLE_END}"
_PAST_AUX = alternation(
    [
        "ai", "as", "a", "avons", "avez", "ont", "avait", "avaient", "avais", "avions", "aviez", "eut", "eurent",
        "est", "sont", "suis", "es", "sommes", "êtes", "était", "étaient", "étais", "fut", "furent"
    ]
)  # fmt: skip


def _word_ending(before: int, *suffixes: str) -> str:
    """A whole word of letters that ends with one of ``suffixes`` after at least
    ``before`` letters. The letters go lazily and the endings are prefix-factored, so
    ``re`` tries an ending only where one can begin; the match is the same as with
    ``[a-zà-ÿ]{before,}(?:suffixes)`` (it can only end where the word does).

    Most words end otherwise: a look-ahead first runs over the word at once and checks
    its last letters, and only then are the endings tried letter by letter. (The word
    can end only where it does, or before a "÷", the one non-word character of the
    class: the look-ahead lets that case through.)"""
    width = min(map(len, suffixes))
    last = "|".join(sorted({suffix[-width:] for suffix in suffixes}))
    check = rf"(?=[a-zà-öø-ÿ]*+(?:(?<={last})(?![\w-])|÷))"
    return rf"{check}[a-zà-ÿ]{{{before},}}?{alternation(suffixes)}(?![\w-])"


# The three kinds of markers, each behind a word-start look-behind (past: not after a
# letter, digit or hyphen; future and present: nor after an apostrophe).
_PAST_BODY = (
    rf"(?:{_PAST_AUX}(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles|on))?"
    rf"(?:\s+{_ADVERBS}){{0,3}}\s+(?:été\s+)?{_PARTICIPLE}(?![\w-])"
    rf"|(?<!')(?:{_word_ending(2, 'aient', 'ait', 'èrent', 'irent', 'urent')}"
    rf"|{alternation(['naguère', 'autrefois', 'jadis', 'récemment'])}(?![\w-])))"
)
_FUTURE_VERB = alternation(
    [
        "sera", "seront", "serai", "fera", "feront", "ira", "iront", "aura", "auront", "pourra", "pourront", "devra",
        "devront", "viendra", "viendront", "verra", "verront", "faudra", "tiendra", "tiendront", "rendra",
        "rendront"
    ]
)  # fmt: skip
_FUTURE_AUX = alternation(
    [
        "va", "vont", "vais", "allons", "allez", "doit", "doivent", "devrait", "devraient", "devait", "devaient",
        "compte", "comptent", "prévoit", "prévoient", "entend", "entendent", "s'apprête", "s'apprêtent", "pourrait",
        "pourraient", "envisage", "envisagent", "souhaite", "souhaitent", "espère", "espèrent"
    ]
)  # fmt: skip
_FUTURE_WORD = alternation(
    [
        "prochainement", "bientôt", "prévu", "prévue", "prévus", "prévues", "programmé", "programmée", "rendez-vous",
        "à venir"
    ]
)  # fmt: skip
_FUTURE_ENDINGS = [
    "era", "eront", "erai", "erons", "erez", "iront", "ira", "irai", "dra", "dront", "rra", "rront", "aura", "auront",
    "ront",
]  # fmt: skip
_FUTURE_BODY = (
    rf"(?:{_word_ending(1, *_FUTURE_ENDINGS)}|{_FUTURE_VERB}(?![\w-])"
    rf"|{_FUTURE_AUX}\s+(?:[a-zà-ÿ']+\s+){{0,2}}?{_word_ending(1, 'er', 'ir', 're', 'oir')}"
    rf"|{_FUTURE_WORD}(?![\w-]))"
)
_PRESENT_VERB = alternation(
    [
        "est", "sont", "a", "ont", "peut", "peuvent", "reste", "restent", "semble", "semblent", "paraît", "demeure",
        "demeurent", "fait", "font", "dit", "disent"
    ]
)  # fmt: skip
_PRESENT_BODY = rf"(?:{_PRESENT_VERB}|se\s+[a-zé]+(?:e|ent))(?![\w'-])"
_GATES = {"past": r"(?<![\w-])", "future": r"(?<![\w'-])", "present": r"(?<![\w'-])"}
_BODIES = {"past": _PAST_BODY, "future": _FUTURE_BODY, "present": _PRESENT_BODY}


# Each kind twice: case-insensitive for the text as written, and case-sensitive in lower
# case (several times faster in ``re``) for its lower-cased copy.
_MARKERS = {kind: re.compile(_GATES[kind] + _BODIES[kind], re.IGNORECASE) for kind in _BODIES}
_MARKERS_LOWER = {kind: re.compile(lowercase_pattern(_GATES[kind] + _BODIES[kind])) for kind in _BODIES}
_CLAUSE_BREAK = re.compile(
    r"[;:\"«»()]|(?<![\w'-])(?:alors\s+que|tandis\s+que|mais|car|lorsque|lorsqu'|quand|parce\s+que|puisque)(?![\w-])",
    re.IGNORECASE,
)
_NOT_IMPERFECT = frozenset(
    [
        "fait",
        "sait",
        "plait",
        "plaît",
        "lait",
        "trait",
        "portrait",
        "souhait",
        "attrait",
        "extrait",
        "retrait",
        "parfait",
        "bienfait",
        "méfait",
        "forfait",
        "distrait",
        "abstrait",
        "contrait",
        "satisfait",
        "refait",
        "défait",
        "surfait",
    ]
)
_NOT_FUTURE = frozenset(
    [
        "caméra",
        "opéra",
        "extra",
        "sahara",
        "angara",
        "ankara",
        "samara",
        "tiara",
        "aura",
        "ultra",
        "contra",
        "sierra",
        "terra",
        "zebra",
        "cobra",
        "hydra",
        "mantra",
        "tantra",
        "cithara",
        "agora",
        "chimera",
        "viagra",
        "sutra",
        "era",
    ]
)
_CONDITIONAL = re.compile(r"(?:rait|raient)$", re.IGNORECASE)


Marker = tuple[int, int, "Tense | None"]
"""A verb (or adverb) that tells a tense: start and end in its sentence, and the tense."""


def marker_spans(text: str, markers: dict[str, re.Pattern[str]] = _MARKERS) -> dict[str, list[tuple[int, int]]]:
    """The spans of the ``past``, ``future`` and ``present`` markers in ``text``."""
    return {kind: [m.span() for m in regex.finditer(text)] for kind, regex in markers.items()}


def clause_markers(sentence: str, lowered: str | None = None) -> list[Marker]:
    """The tense markers of ``sentence``: past, future, then present ones, each in order.

    ``lowered`` may be ``sentence.lower()`` when ``re.IGNORECASE`` matches ``sentence``
    as its lower-cased copy (see ``scan.folded``): the search is then faster.
    """
    if lowered is None:
        lowered, spans = sentence, marker_spans(sentence, _MARKERS)
    else:
        spans = marker_spans(lowered, _MARKERS_LOWER)
    found: list[Marker] = []
    for start, end in spans["past"]:
        word = lowered[start:end].lower()
        if word in _NOT_IMPERFECT:
            continue
        found.append((start, end, Tense.FUTURE if _CONDITIONAL.search(word) and " " not in word else Tense.PAST))
    for start, end in spans["future"]:
        word = lowered[start:end].lower()
        written = sentence[start:end]
        if word in _NOT_FUTURE or (written[0].isupper() and not written.isupper() and " " not in word and start > 0):
            continue
        found.append((start, end, Tense.FUTURE))
    for start, end in spans["present"]:
        if not any(a < end and start < b for a, b, _ in found):
            found.append((start, end, None))
    return found


def tense_near(
    text: str, start: int, end: int, lo: int = 0, hi: int | None = None, markers: list[Marker] | None = None
) -> Tense | None:
    """The tense of the verb nearest to ``text[start:end]`` within ``text[lo:hi]`` (a sentence).

    ``markers`` are the sentence's :func:`clause_markers` if already known. Returns
    ``None`` when the nearest verb is in the present or the sentence has none.
    """
    hi = len(text) if hi is None else hi
    sentence = text[lo:hi]
    best: tuple[int, Tense | None] | None = None
    s, e = start - lo, end - lo
    for m_start, m_end, tense in clause_markers(sentence) if markers is None else markers:
        if m_start < e and m_end > s:
            continue  # the expression itself
        distance = s - m_end if m_end <= s else m_start - e
        if best is not None and distance >= best[0]:
            continue  # breaks only add to the distance: this one cannot be nearer
        # Clause breaks (";", a quote, "alors que", "mais"...) push a marker further away.
        between = sentence[m_end:s] if m_end <= s else sentence[e:m_start]
        distance += 40 * len(_CLAUSE_BREAK.findall(between))
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None
