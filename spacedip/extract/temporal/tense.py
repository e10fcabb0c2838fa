"""Which way a clause points in time: past, future or neither, from its verbs.

The tagger uses it to resolve expressions that name a day or month without a year
or a week ("samedi", "en décembre"): the verb nearest to the expression decides.
"""

from __future__ import annotations

import enum
import re

__all__ = ["Tense", "tense_near"]


class Tense(enum.Enum):
    """The direction of a clause relative to the moment of writing."""

    PAST = "past"
    FUTURE = "future"


_ADVERBS = (
    r"(?:pas|plus|jamais|déjà|aussi|également|bien|encore|toujours|ainsi|notamment|enfin|alors|donc|"
    r"même|ensuite|finalement|d'abord|longuement|récemment|officiellement|lui|leur|eux|"
    r"de\s+son\s+côté|pour\s+sa\s+part|en\s+outre|par\s+ailleurs|hier|samedi|dimanche|lundi|mardi|"
    r"mercredi|jeudi|vendredi)"
)
_PARTICIPLE = (
    r"(?!(?:désormais|jamais|mais|puis|depuis|parmi|ainsi|aussi|ici|lui|aujourd'hui|tous|plus|dessus|"
    r"sous|nous|vous|tout|bien|très|trop|un|une|au|aux|du|de|des|le|la|les|si|ni|ou|où|eu|vu)(?![\w']))"
    r"(?!prévu|programmé|fixé|attendu|censé|planifié|appelé|rendez-vous)[a-zà-ÿœ'-]*?(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ites|ert|erte|erts|ort|orte|"
    r"int|ainte|eint|einte|eints|ris|rise|uit|uite|û|eu|eue|été|fait|dit|pris|mis|né|née|mort)"
)
_PAST_AUX = (
    r"(?:ai|as|a|avons|avez|ont|avait|avaient|avais|avions|aviez|eut|eurent|est|sont|suis|es|"
    r"sommes|êtes|était|étaient|étais|fut|furent)"
)
_PAST = re.compile(
    rf"(?<![\w-]){_PAST_AUX}(?:-t-(?:il|elle|on)|-(?:il|elle|ils|elles|on))?"
    rf"(?:\s+{_ADVERBS}){{0,3}}\s+(?:été\s+)?{_PARTICIPLE}(?![\w-])"
    r"|(?<![\w'-])[a-zà-ÿ]{2,}(?:aient|ait|èrent|irent|urent)(?![\w-])"
    r"|(?<![\w'-])(?:naguère|autrefois|jadis|récemment)(?![\w-])",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"(?<![\w'-])[a-zà-ÿ]{1,}(?:era|eront|erai|erons|erez|iront|ira|irai|dra|dront|rra|rront|"
    r"aura|auront|ront)(?![\w-])"
    r"|(?<![\w'-])(?:sera|seront|serai|fera|feront|ira|iront|aura|auront|pourra|pourront|devra|devront|"
    r"viendra|viendront|verra|verront|faudra|tiendra|tiendront|rendra|rendront)(?![\w-])"
    r"|(?<![\w'-])(?:va|vont|vais|allons|allez|doit|doivent|devrait|devraient|devait|devaient|compte|comptent|"
    r"prévoit|prévoient|entend|entendent|s'apprête|s'apprêtent|pourrait|pourraient|envisage|envisagent|"
    r"souhaite|souhaitent|espère|espèrent)\s+(?:[a-zà-ÿ']+\s+){0,2}?[a-zà-ÿ]+(?:er|ir|re|oir)(?![\w-])"
    r"|(?<![\w'-])(?:prochainement|bientôt|à\s+venir|"
    r"prévu|prévue|prévus|prévues|programmé|programmée|rendez-vous)(?![\w-])",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"(?<![\w'-])(?:est|sont|a|ont|peut|peuvent|reste|restent|semble|semblent|paraît|demeure|demeurent|"
    r"fait|font|dit|disent|se\s+[a-zé]+(?:e|ent))(?![\w'-])",
    re.IGNORECASE,
)
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


def _markers(sentence: str) -> list[tuple[int, int, Tense | None]]:
    found: list[tuple[int, int, Tense | None]] = []
    for m in _PAST.finditer(sentence):
        word = m.group().lower()
        if word in _NOT_IMPERFECT:
            continue
        if _CONDITIONAL.search(word) and " " not in word:
            found.append((m.start(), m.end(), Tense.FUTURE))
            continue
        found.append((m.start(), m.end(), Tense.PAST))
    for m in _FUTURE.finditer(sentence):
        word = m.group().lower()
        if word in _NOT_FUTURE or (
            m.group()[0].isupper() and not m.group().isupper() and " " not in word and m.start() > 0
        ):
            continue
        found.append((m.start(), m.end(), Tense.FUTURE))
    for m in _PRESENT.finditer(sentence):
        if not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), None))
    return found


def tense_near(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> Tense | None:
    """The tense of the verb nearest to ``text[start:end]`` within ``text[lo:hi]`` (a sentence).

    Returns ``None`` when the nearest verb is in the present or the sentence has none.
    """
    hi = len(text) if hi is None else hi
    sentence = text[lo:hi]
    best: tuple[int, Tense | None] | None = None
    s, e = start - lo, end - lo
    for m_start, m_end, tense in _markers(sentence):
        if m_start < e and m_end > s:
            continue  # the expression itself
        distance = s - m_end if m_end <= s else m_start - e
        # Clause breaks (";", a quote, "alors que", "mais"...) push a marker further away.
        between = sentence[m_end:s] if m_end <= s else sentence[e:m_start]
        distance += 40 * len(_CLAUSE_BREAK.findall(between))
        if best is None or distance < best[0]:
            best = (distance, tense)
    return best[1] if best else None
