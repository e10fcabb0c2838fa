"""The shape of a text around its sentences: paragraphs, quotations, clauses, noise lines, language.

All offsets are into the text given (the normalised matching text of an article, whose
offsets map back to the original through :class:`~spacedip.extract.text.NormalizedText`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

import attrs

from spacedip.extract.triggers import Word

__all__ = [
    "FIRST_PERSON",
    "Paragraphs",
    "clause_bounds",
    "guess_language",
    "is_noise_line",
    "quote_spans",
]

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

FIRST_PERSON = frozenset(
    {"je", "j", "nous", "moi", "me", "m", "notre", "nos", "mon", "ma", "mes", "vous", "votre", "vos"}
)
"""Words that make a quotation the speaker's own opinion or intention."""


@attrs.frozen
class Paragraphs:
    """Paragraph numbers of offsets: paragraphs are separated by blank lines."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Paragraphs:
        """The paragraphs of ``text``."""
        return cls((0, *(m.end() for m in _BLANK_LINE.finditer(text))))

    def number(self, offset: int) -> int:
        """The number (from 0) of the paragraph holding ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1


def line_at(text: str, offset: int) -> str:
    """The line of ``text`` holding ``offset``, without its line break."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]


def is_noise_line(line: str, prefixes: Sequence[str], contains: Sequence[str]) -> bool:
    """True for a line that is not prose: a link, a credit, an address, a footer."""
    stripped = line.strip()
    if not stripped:
        return True
    low = stripped.casefold()
    if any(low.startswith(p.casefold()) for p in prefixes):
        return True
    if any(c.casefold() in low for c in contains):
        return True
    letters = sum(c.isalpha() for c in stripped)
    return letters < 0.5 * len(stripped)  # phone numbers, codes, separators


_QUOTE_CHARS = '"«»“”„'


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The quoted passages of ``text`` (quotation marks included).

    Quotation marks toggle in and out (so a wrongly typed closing ``«`` still closes); a
    blank line closes a quotation left open, which keeps one stray mark from swallowing
    the rest of the article.
    """
    marks = [m.start() for m in re.finditer("[" + _QUOTE_CHARS + "]", text)]
    if not marks:
        return []
    breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in marks:
        if opened is not None:
            k = bisect.bisect_right(breaks, opened)
            if k < len(breaks) and breaks[k] < i:
                opened = None
        c = text[i]
        if opened is None:
            if c in "»”":
                # A closing mark with no opening one: the quotation began at the paragraph
                # (or after the last quotation), as in « ... ». Vostotchni est venu. »
                k = bisect.bisect_right(breaks, i) - 1
                begin = max(breaks[k] if k >= 0 else 0, spans[-1][1] if spans else 0)
                spans.append((begin, i + 1))
                continue
            opened = i
        else:
            spans.append((opened, i + 1))
            opened = None
    return spans


_CLAUSE_BREAK = re.compile(
    r";|:(?!\d)|\s[—–-]\s|,\s*(?:qui|dont|où|mais|tandis|alors|lorsque|quand|puisque|car|soulignant|"
    r"précisant|affirmant|ajoutant|estimant|selon|au\s+moment)(?![\w'])|"
    r"(?<![\w'])(?:mais|tandis\s+que|alors\s+que|lorsque|après\s+que|avant\s+que|après\s+avoir|avant\s+de|"
    r"parce\s+que|puisque|au\s+moment\s+(?:même\s+)?où|pendant\s+que|dès\s+que|depuis\s+que)(?![\w])|"
    r"(?<![\w'])(?:lorsqu'|après\s+qu'|avant\s+qu'|avant\s+d'|parce\s+qu')",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(
    r"(?P<after>après\s+que|après\s+qu'|après\s+avoir)|(?P<before>avant\s+que|avant\s+qu'|avant\s+de|avant\s+d')",
    re.IGNORECASE,
)


def clause_bounds(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The clauses of ``text[start:end]`` (a sentence) as ``(start, end, relation)``.

    ``relation`` is ``"after"`` for a clause introduced by "après que"/"après avoir" (it
    tells something that happened before the main clause's time), ``"before"`` for "avant
    que"/"avant de", else ``""``.
    """
    cuts: list[tuple[int, str]] = [(start, "")]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        sub = _SUBORDINATE.match(m.group().lstrip(" ,"))
        relation = ""
        if sub is not None:
            relation = "after" if sub.group("after") else "before"
        cuts.append((m.start(), relation))
    cuts.append((end, ""))
    out: list[tuple[int, int, str]] = []
    for (a, rel), (b, _) in itertools.pairwise(cuts):
        if b > a:
            out.append((a, b, rel))
    return out or [(start, end, "")]


_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "et",
        "un",
        "une",
        "en",
        "est",
        "que",
        "qui",
        "dans",
        "pour",
        "pas",
        "au",
        "sur",
        "par",
        "il",
        "elle",
        "ils",
        "ont",
        "a",
        "avec",
        "ce",
        "cette",
        "ses",
        "son",
        "sa",
        "se",
        "plus",
        "ou",
        "mais",
        "aux",
        "ete",
        "etre",
        "leur",
        "nous",
        "vous",
        "lors",
        "selon",
        "entre",
        "depuis",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "in",
        "that",
        "was",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "his",
        "her",
        "their",
        "have",
        "has",
        "were",
        "be",
        "this",
        "which",
        "will",
        "would",
        "an",
        "are",
        "not",
        "but",
        "said",
    ]
)
_OTHER = {
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "von",
            "zu",
            "den",
            "ein",
            "eine",
            "dem",
            "auf",
            "für",
            "sich",
            "auch",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "los",
            "las",
            "y",
            "del",
            "que",
            "en",
            "por",
            "con",
            "una",
            "para",
            "es",
            "su",
            "al",
            "lo",
            "como",
            "más",
        ]
    ),
    "it": frozenset(["di", "che", "e", "per", "una", "sono", "con", "del", "della", "gli", "nel"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "is", "dat", "op", "te", "zijn", "met", "voor", "niet", "aan"]),
}


def guess_language(words: Sequence[Word], *, sample: int = 3000) -> tuple[str, float]:
    """A guess at the language of a text from its most common short words.

    Returns:
        ``(code, share)``: ``"fr"``, ``"en"``, ``"de"``, ``"es"``, ``"it"``, ``"nl"``, or
        ``"und"`` when too few words are known; ``share`` is the part of the sampled words
        that are function words of the chosen language.
    """
    keys = [w.key for w in words[:sample] if w.key.isalpha()]
    if len(keys) < 3:
        return ("und", 0.0)
    sets = {"fr": _FRENCH, "en": _ENGLISH, **_OTHER}
    scores = {code: sum(k in stop for k in keys) for code, stop in sets.items()}
    best = max(scores, key=lambda c: (scores[c], c == "fr"))
    share = scores[best] / len(keys)
    distinct = len({k for k in keys if k in sets[best]})
    needed = 3 if len(keys) >= 20 else 2 if len(keys) >= 8 else 1
    if scores[best] == 0 or share < 0.05 or distinct < needed:
        return ("und", share)
    return best, share
