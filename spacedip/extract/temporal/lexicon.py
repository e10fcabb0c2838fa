"""French words for time: months, weekdays, units, parts of the day, seasons, numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "MONTHS",
    "PARTS_OF_DAY",
    "SEASONS",
    "UNITS",
    "WEEKDAYS",
    "alternation",
    "lowercase_pattern",
    "parse_number",
]

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
FULL_MONTHS = [k for k in MONTHS if len(k) > 4 or k in ("mars", "mai", "juin", "août", "aout")]

WEEKDAYS: dict[str, int] = {
    "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5, "samedi": 6, "dimanche": 7,
}  # fmt: skip
"""ISO weekday numbers (Monday is 1)."""

PARTS_OF_DAY: dict[str, str] = {
    "matin": "MO", "matinée": "MO", "après-midi": "AF", "apres-midi": "AF", "midi": "MI",
    "soir": "EV", "soirée": "EV", "nuit": "NI", "fin de journée": "EV", "début de soirée": "EV",
    "fin d'après-midi": "AF", "début d'après-midi": "AF", "fin de matinée": "MO",
    "début de matinée": "MO", "fin de soirée": "EV", "journée": "DT",
}  # fmt: skip
"""TimeML part-of-day codes."""

SEASONS: dict[str, tuple[str, int]] = {
    "printemps": ("SP", 21), "été": ("SU", 22), "ete": ("SU", 22), "eté": ("SU", 22), "automne": ("FA", 23),
    "hiver": ("WI", 24),
}  # fmt: skip
"""Season -> (TimeML code, EDTF sub-year code)."""

UNITS: dict[str, str] = {
    "an": "Y", "ans": "Y", "année": "Y", "années": "Y", "annee": "Y", "annees": "Y",
    "mois": "M", "semaine": "W", "semaines": "W", "jour": "D", "jours": "D",
    "journée": "D", "journées": "D", "heure": "H", "heures": "H", "h": "H", "minute": "MIN",
    "minutes": "MIN", "min": "MIN", "mn": "MIN", "seconde": "S", "secondes": "S",
    "siècle": "CE", "siècles": "CE", "décennie": "DE", "décennies": "DE",
    "trimestre": "Q", "trimestres": "Q", "semestre": "SEM", "semestres": "SEM",
    "nuit": "D", "nuits": "D", "week-end": "WE", "week-ends": "WE", "millénaire": "ML",
    "millénaires": "ML",
}  # fmt: skip
"""Unit word -> unit code (``H``, ``MIN``, ``S`` are times; ``CE`` century, ``DE`` decade)."""

_UNITS_0_19 = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
]  # fmt: skip
_SIMPLE: dict[str, int] = {w: i for i, w in enumerate(_UNITS_0_19)}
_SIMPLE.update({"une": 1, "zero": 0, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
                "cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
                "septante": 70, "huitante": 80, "octante": 80, "nonante": 90})  # fmt: skip
APPROX_NUMBERS: dict[str, int] = {
    "huitaine": 8, "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20,
    "trentaine": 30, "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip

NUMBER_ATOMS = sorted({w for w in _SIMPLE if "-" not in w}, key=lambda w: (-len(w), w))


def parse_number(text: str) -> float | None:
    """The value of digits or French number words, or ``None`` if it is not a number.

    >>> parse_number("quatre-vingt-dix-sept"), parse_number("30,4"), parse_number("deux cents")
    (97, 30.4, 200)
    """
    raw = text.strip().lower()
    if not raw:
        return None
    if raw[0].isdigit():
        try:
            return float(raw.replace(",", ".")) if ("," in raw or "." in raw) else int(raw)
        except ValueError:
            return None
    words = [w for w in re.split(r"[- ]+", raw) if w and w != "et"]
    if not words:
        return None
    total = 0
    current = 0
    for word in words:
        value = _SIMPLE.get(word)
        if value is None:
            return None
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        elif word in ("vingt", "vingts") and current % 100 == 4:
            current = current - 4 + 80  # quatre-vingt(s)
        elif value == 10 and current % 100 in (60, 80):
            current += 10  # soixante-dix, quatre-vingt-dix
        else:
            current += value
    return total + current


_CASED_ESCAPE = re.compile(r"\\[A-Z]")
_GROUP_SYNTAX = re.compile(r"\(\?p[<=]")


def lowercase_pattern(pattern: str) -> str:
    """``pattern`` in lower case, for a case-sensitive search of lower-cased text.

    Raises:
        ValueError: if ``pattern`` holds an escape whose meaning depends on case (``\\W``).
    """
    if _CASED_ESCAPE.search(pattern):
        raise ValueError(f"cannot lower-case a pattern with upper-case escapes: {pattern[:60]!r}")
    return _GROUP_SYNTAX.sub(lambda m: m.group().upper(), pattern.lower())


_Trie = dict[str, "_Trie"]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any blank.

    The alternation is factored by prefix (``mar(?:s)?`` rather than ``mars|mar``), which
    matches exactly as the plain longest-first list but fails much faster in ``re``: of
    two words one of which begins the other, the longer is still tried first. (Words
    with a blank at an end or two blanks in a row get the plain list.)
    """
    words = sorted(set(words), key=lambda w: (-len(w), w))
    if any("  " in w or w.startswith(" ") or w.endswith(" ") for w in words):
        # a blank next to a blank or an end: keep the plain list (``\\s+`` could backtrack)
        return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + ")"
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(root) + ")"


NUMBER_WORD = alternation(NUMBER_ATOMS) + r"(?:[- ](?:et[- ])?" + alternation(NUMBER_ATOMS) + r")*"
"""A regex for French number words (``vingt-cinq``, ``quatre-vingt-dix``, ``deux cents``)."""
NUMBER = r"(?:\d+(?:[.,]\d+)?|" + NUMBER_WORD + r")"
"""Digits (``3``, ``30,4``) or number words."""
