"""Find every rule's matches without running the rules over the whole text.

Running 28 regexes over every position of an article is what made the tagger slow.
Instead, one pass of one regex over the lower-cased text finds the *anchors*: the words
(and digit runs) that every match of a rule must hold (:class:`~.patterns.Rule`). A rule
is then tried only at the few word starts before each of its anchors (its *reach*), in
lower case and case-sensitively where it can be. The result is what
``rule.regex.finditer(text)`` gives for every rule (leftmost match, then the next one
from its end), overlaps then resolved as before: longest first, then rule order.

The reaches are read off the regexes and checked by the tests against plain
``finditer``. Only text no writer produces escapes them: a duration whose unit is glued
to a number word ("troisans", "environ10ans") or that has more than eight number words.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from spacedip.extract.temporal.lexicon import UNITS, alternation
from spacedip.extract.temporal.patterns import MOD_HEADS, RULES, Candidate

__all__ = ["anchors", "find_candidates", "folded"]

# Digit runs that can anchor a rule, by kind: what the run must be, and what must
# follow it (a necessary condition read off the rule's regex), checked case-insensitively.
_DIGIT_KINDS: dict[str, tuple[Callable[[str], bool], re.Pattern[str] | None]] = {
    "numeric": (lambda run: len(run) <= 2, re.compile(r"[/.]")),  # 13/09/2023
    "range": (lambda run: len(run) <= 2, re.compile(r"(?:er)?\s*(?:au|et|à|-|/)", re.IGNORECASE)),  # du 8 au 9
    "hour": (lambda run: len(run) <= 2, re.compile(r"\s*h|:", re.IGNORECASE)),  # 14 h 30, 9:30
    "iso": (lambda run: len(run) == 4 and run[:2] in ("18", "19", "20"), re.compile("-")),  # 2023-09-13
    "year": (lambda run: len(run) == 4 and (run[0] == "1" or run[:2] == "20"), None),  # 1994
}
# A MOD head glued to what follows ("fin2023", "débutavril"); alone it is an anchor word.
_GLUED_HEADS = alternation(sorted(MOD_HEADS - {"mi"}))  # "mi-" has its hyphen

# Anchor -> the rules it anchors, each with its reach.
_WORD_RULES: dict[str, tuple[tuple[int, int], ...]] = {}
for _index, _rule in enumerate(RULES):
    for _word, _reach in _rule.words.items():
        _WORD_RULES[_word] = (*_WORD_RULES.get(_word, ()), (_index, _reach))
_ALL_WORD_RULES = tuple((i, r.reach) for i, r in enumerate(RULES) if r.words)  # odd case: try them all
_MOD_RULES = tuple((i, r.mod_reach) for i, r in enumerate(RULES) if r.mod_reach)
_UNIT_RULES = tuple((i, r.digit_reach) for i, r in enumerate(RULES) if r.digits == "unit")
_UNIT_WORDS = frozenset(UNITS)


# Anchor words, digit runs and glued MOD heads, at word starts, in one pass: each match
# skips whole words that anchor nothing (``re`` then looks at each word once rather than
# at each position) and ends on an anchor, or empty at the end of the text.
_WORD = alternation(set(_WORD_RULES) | MOD_HEADS)
_ANCHOR_START = rf"{_WORD}(?!\w)|\d|{_GLUED_HEADS}\w"
_ANCHORS_PATTERN = (
    rf"(?:(?<=\w)\w++)?(?:\W*+(?!{_ANCHOR_START})\w++)*+\W*+"
    rf"(?:(?P<w>{_WORD})(?!\w)|(?P<d>\d++)|(?P<m>{_GLUED_HEADS})(?=\w)|\Z)"
)
_ANCHORS = re.compile(_ANCHORS_PATTERN)
_ANCHORS_ANY_CASE = re.compile(_ANCHORS_PATTERN, re.IGNORECASE)
# Characters that ``re.IGNORECASE`` matches to a letter ``str.lower`` does not map them
# to (dotted and dotless i, long s): with one of them, anchors are found case-insensitively
# in the text itself rather than in its lower-cased copy.
_ODD_CASE = "\u0130\u0131\u017f"
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_RUN = re.compile(r"\w+")
# From a word start: the start of the 9th word (or the end). In a match of a rule with a
# MOD prefix, the rule's own anchor is at most the 9th word from the MOD head ("fin du
# mois de", then "dès le mois de", then the month).
_MOD_SPAN = re.compile(r"(?:\w++\W*+){0,8}+")
# Up to N words backwards (on the reversed text): where the Nth word before a point starts.
_BACK = [re.compile(rf"(?:\W*+\w++){{0,{n}}}+") for n in range(max(r.reach for r in RULES))]


@lru_cache(maxsize=4096)
def _digit_rules(run: str) -> tuple[tuple[int, int, re.Pattern[str] | None], ...]:
    """The rules a digit run may anchor, each with its reach and what must follow the run."""
    out = []
    for i, rule in enumerate(RULES):
        if rule.digits in _DIGIT_KINDS:
            fits, after = _DIGIT_KINDS[rule.digits]
            if fits(run):
                out.append((i, rule.digit_reach, after))
    return tuple(out)


def folded(text: str) -> str | None:
    """``text`` lower-cased, or ``None`` if ``re.IGNORECASE`` would not match it as so."""
    lowered = text.lower()
    if len(lowered) == len(text) and not any(ch in text for ch in _ODD_CASE):
        return lowered
    return None


Spots = dict[int, list[tuple[int, int]]]
"""Rule index -> its anchors in a text: (word start, reach), by word start."""


def anchors(text: str, lowered: str | None) -> Spots:
    """The anchors in ``text`` of each rule that has some (by index in ``RULES``).

    ``lowered`` is :func:`folded` ``text``; without it the search is case-insensitive.
    """
    if lowered is not None:
        scanned, found = lowered, _ANCHORS.finditer(lowered)
    else:
        scanned, found = text, _ANCHORS_ANY_CASE.finditer(text)
    spots: Spots = defaultdict(list)
    heads: list[tuple[int, str]] = []  # MOD heads: where, and what is glued to them
    for m in found:
        kind = m.lastgroup
        if kind is None:  # the end of the text
            break
        pos, end = m.span(kind)
        word = scanned[pos:end] if lowered is not None else scanned[pos:end].lower()
        if kind == "w":
            if word in MOD_HEADS:
                heads.append((pos, ""))
            for i, reach in _WORD_RULES.get(word, () if word in MOD_HEADS else _ALL_WORD_RULES):
                spots[i].append((pos, reach))  # all rules: a word matched only case-insensitively
        elif kind == "m":
            glued = _WORD_RUN.match(scanned, end)
            heads.append((pos, glued.group().lower() if glued else ""))
        else:
            for i, reach, after in _digit_rules(word):
                if after is None or after.match(scanned, end):
                    spots[i].append((pos, reach))
            if end < len(text) and text[end].isalpha():
                tail = _LETTERS.match(text, end)
                if tail is not None and tail.group().lower() in _UNIT_WORDS:
                    for i, reach in _UNIT_RULES:
                        spots[i].append((pos, reach))
    if heads:
        _add_mod_heads(spots, heads, scanned)
    return spots


def _add_mod_heads(spots: Spots, heads: list[tuple[int, str]], scanned: str) -> None:
    """Add the MOD heads to the spots of the rules with a ``mod_reach``, where they matter.

    In a match, the other anchor comes at most ``_MOD_SPAN`` words after the MOD head
    ("fin du mois de juin": 5), or is glued to it ("finavril", "fin2023"). A head with
    neither ("la finale", "en fin de compte") anchors nothing, and is left out.
    """
    for pos, glued in heads:
        limit = _MOD_SPAN.match(scanned, pos).end()  # type: ignore[union-attr]
        for i, reach in _MOD_RULES:
            own = spots.get(i, [])
            k = bisect.bisect_right(own, (pos, 0))
            if (glued and (glued in RULES[i].words or glued[0].isdigit())) or (k < len(own) and own[k][0] <= limit):
                own.insert(k, (pos, reach))
                spots[i] = own


_UNSET = ""


def find_candidates(text: str, lowered: str | None = _UNSET) -> list[Candidate]:
    """Every rule's matches in ``text``, overlaps resolved (longest first, then rule order).

    ``lowered`` is :func:`folded` ``text`` if the caller has it already.
    """
    if lowered is _UNSET:
        lowered = folded(text)
    found: list[Candidate] = []
    reversed_text: str | None = None
    n = len(text)
    by_rule = anchors(text, lowered)
    firsts: dict[tuple[int, int], int] = {}  # (word start, reach) -> where the reach begins
    for priority in sorted(by_rule):
        rule = RULES[priority]
        if lowered is not None and rule.finder_lowered is not None:
            match, scanned = rule.finder_lowered.match, lowered
        else:
            match, scanned = rule.finder.match, text
        # Where each anchor's matches may start: its word, or ``reach - 1`` words before.
        starts = []
        for spot in by_rule[priority]:
            pos, reach = spot
            if reach == 1:
                starts.append((pos, pos))
                continue
            first = firsts.get(spot)
            if first is None:
                if reversed_text is None:
                    reversed_text = text[::-1]
                first = firsts[spot] = n - _BACK[reach - 1].match(reversed_text, n - pos).end()  # type: ignore[union-attr]
            starts.append((first, pos))
        starts.sort()
        kind = rule.kind
        floor = 0  # every match starting before ``floor`` is found
        for first, pos in starts:
            if pos < floor:
                continue
            while floor <= pos:
                m = match(scanned, first if first > floor else floor)
                if m is None:
                    floor = pos + 1
                    break
                start, end = m.span("rule")
                if end > start:
                    found.append(Candidate(start, end, kind, m, priority, text))
                    floor = end
                else:
                    floor = start + 1
    if len(found) < 2:
        return found
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[Candidate] = []
    occupied = bytearray(n + 1)
    for cand in found:
        if any(occupied[cand.start : cand.end]):
            continue
        taken.append(cand)
        occupied[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    taken.sort(key=lambda c: c.start)
    return taken
