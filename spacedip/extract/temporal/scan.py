"""Find every rule's matches without running the rules over the whole text.

Running 28 regexes over every position of an article is what made the tagger slow.
Instead, one search of the lower-cased text for one trie of words finds the *anchors*:
the words (and digit runs) that every match of a rule must hold (:class:`~.patterns.Rule`).
A rule is then tried only at the few word starts before each of its anchors (its
*reach*), in lower case and case-sensitively where it can be. The result is what
``rule.regex.finditer(text)`` gives for every rule (leftmost match, then the next one
from its end), overlaps then resolved as before: longest first, then rule order.

The reaches, and the other necessary conditions a rule states (the words a duration
holds before its unit, the words some matches begin with, what follows "il" or "dans"),
are read off the regexes and checked by the tests against plain ``finditer``. Only text
no writer produces escapes them: a duration whose unit is glued to a word ("troisans",
"environ10ans") or that has more than eight number words.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any

from spacedip.extract.temporal.lexicon import UNITS
from spacedip.extract.temporal.patterns import MOD_HEADS, RULES, Candidate

__all__ = ["anchor_spans", "anchors", "find_candidates", "folded"]

# Digit runs that can anchor a rule, by kind: what the run must be, and what must
# follow it (a necessary condition read off the rule's regex), checked case-insensitively.
_DIGIT_KINDS: dict[str, tuple[Callable[[str], bool], re.Pattern[str] | None]] = {
    "numeric": (lambda run: len(run) <= 2, re.compile(r"[/.]")),  # 13/09/2023
    "range": (lambda run: len(run) <= 2, re.compile(r"(?:er)?\s*(?:au|et|à|-|/)", re.IGNORECASE)),  # du 8 au 9
    "hour": (lambda run: len(run) <= 2, re.compile(r"\s*h|:", re.IGNORECASE)),  # 14 h 30, 9:30
    "iso": (lambda run: len(run) == 4 and run[:2] in ("18", "19", "20"), re.compile("-")),  # 2023-09-13
    "year": (lambda run: len(run) == 4 and (run[0] == "1" or run[:2] == "20"), None),  # 1994
}

# Anchor -> the rules it anchors, each with its reach.
_WORD_RULES: dict[str, tuple[tuple[int, int], ...]] = {}
for _index, _rule in enumerate(RULES):
    for _word, _reach in _rule.words.items():
        _WORD_RULES[_word] = (*_WORD_RULES.get(_word, ()), (_index, _reach))
_ALL_WORD_RULES = tuple((i, r.reach) for i, r in enumerate(RULES) if r.words)  # odd case: try them all
_MOD_RULES = tuple((i, r.mod_reach) for i, r in enumerate(RULES) if r.mod_reach)
_UNIT_RULES = tuple((i, r.digit_reach) for i, r in enumerate(RULES) if r.digits == "unit")
_UNIT_WORDS = frozenset(UNITS)


# Anchor words, digit runs and glued MOD heads, at word starts. One trie of the words
# (each whole, but a MOD head may be glued to what follows: "fin2023") or a digit run,
# tried after each plain space (``re`` finds those fast: a literal first character), and
# after any other character that is not a word character (rarer; a Latin letter, digit
# or space is passed over at once), and at the start of the text.
_GLUED = MOD_HEADS - {"mi"}  # "mi-" has its hyphen


def _trie(tails: dict[str, str]) -> str:
    """A regex of the words of ``tails`` as a trie, each word followed by its tail.

    Each branch of the trie starts with a literal, which ``re`` tests without entering
    the branch; a word's tail is tried after the longer words it begins."""
    root: dict[str, Any] = {}  # a letter -> the node after it; "" -> the tail of a word ending here
    for word, tail in tails.items():
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = tail

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append(node[""])
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


def _tail(word: str) -> str:
    """What must follow an anchor word: a word end (none for a MOD head, which may be
    glued), and what its rules need to follow it, if each of them says."""
    if word in _GLUED:
        return ""
    follows = [RULES[i].follows.get(word) for i, _ in _WORD_RULES.get(word, ())]
    if follows and all(follows):
        return rf"(?!\w)(?={'|'.join(f for f in follows if f)})"
    return r"(?!\w)"


# A digit run, where a rule may take it (see ``_DIGIT_KINDS``; the checks there decide):
# one or two digits before "/", ".", ":", "h", "au", "-"...; four digits; or digits
# glued to letters (a unit: "10ans").
_DIGITS = r"[\d]\d?(?!\d)(?=[/.:]|\s*h|(?:er)?\s*(?:au|et|à|-|/))|[\d]\d\d\d(?!\d)|[\d]\d*+(?=[^\W\d_])"
_ANCHOR = f"(?:{_trie({w: _tail(w) for w in set(_WORD_RULES) | MOD_HEADS})}|{_DIGITS})"


@cache
def _anchor_finders(flags: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The anchor trie after a space, and after any other non-word character (compiled
    once, the case-insensitive ones only when a text needs them)."""
    return (
        re.compile(f" ({_ANCHOR})", flags),
        re.compile(rf"[^a-zà-öø-ÿ0-9 ](?<=\W)({_ANCHOR})", flags),
    )


_anchor_finders(0)
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
    # ``re.IGNORECASE`` matches the dotted capital I, the dotless i and the long s to
    # letters ``str.lower`` does not map them to: with one of them, anchors are found
    # case-insensitively in the text itself. (The first lower-cases to two characters.)
    if len(lowered) == len(text) and "\u0131" not in text and "\u017f" not in text:
        return lowered
    return None


Spots = dict[int, list[tuple[int, int]]]
"""Rule index -> its anchors in a text: (word start, reach), by word start."""


def anchor_spans(text: str, lowered: str | None) -> list[tuple[int, int]]:
    """Where the anchor words, digit runs and glued MOD heads of ``text`` are, in order.

    ``lowered`` is :func:`folded` ``text``; without it the search is case-insensitive.
    """
    scanned = text if lowered is None else lowered
    after_space, after_other = _anchor_finders(0 if lowered is not None else re.IGNORECASE)
    spans = [m.span(1) for m in after_space.finditer(scanned)]
    others = [m.span(1) for m in after_other.finditer(scanned)]
    if scanned[:1].isalnum():  # an anchor at the very start: as if after a space (the trie looks only ahead)
        first = after_space.match(" " + scanned)
        if first is not None:
            others.append((0, first.end(1) - 1))
    if others:
        spans = sorted(spans + others)
    return spans


def anchors(text: str, lowered: str | None) -> Spots:
    """The anchors in ``text`` of each rule that has some (by index in ``RULES``).

    ``lowered`` is :func:`folded` ``text``; without it the search is case-insensitive.
    """
    scanned = text if lowered is None else lowered
    n = len(text)
    spots: Spots = defaultdict(list)
    heads: list[tuple[int, str]] = []  # MOD heads: where, and what is glued to them
    for pos, end in anchor_spans(text, lowered):
        if scanned[pos].isdigit():
            word = scanned[pos:end]
            for i, reach, after in _digit_rules(word):
                if after is None or after.match(scanned, end):
                    spots[i].append((pos, reach))
            if end < n and text[end].isalpha():
                tail = _LETTERS.match(text, end)
                if tail is not None and tail.group().lower() in _UNIT_WORDS:
                    for i, reach in _UNIT_RULES:
                        spots[i].append((pos, reach))
            continue
        word = scanned[pos:end] if lowered is not None else scanned[pos:end].lower()
        if end < n and (scanned[end].isalnum() or scanned[end] == "_"):  # a MOD head glued to a word
            glued = _WORD_RUN.match(scanned, end)
            heads.append((pos, glued.group().lower() if glued else ""))
            continue
        if word in MOD_HEADS:
            heads.append((pos, ""))
        for i, reach in _WORD_RULES.get(word, () if word in MOD_HEADS else _ALL_WORD_RULES):
            spots[i].append((pos, reach))  # all rules: a word matched only case-insensitively
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
# What find_candidates needs of each rule, by index.
_RULE_PARTS = [
    (rule.kind, rule.finder.match, rule.finder_lowered.match if rule.finder_lowered else None, rule.inner, rule.lead)
    for rule in RULES
]
_new_candidate = tuple.__new__  # Candidate(...) without its Python-level __new__


def find_candidates(text: str, lowered: str | None = _UNSET) -> list[Candidate]:
    """Every rule's matches in ``text``, overlaps resolved (longest first, then rule order).

    ``lowered`` is :func:`folded` ``text`` if the caller has it already.
    """
    if lowered is _UNSET:
        lowered = folded(text)
    found: list[Candidate] = []
    reversed_text: str | None = None
    reversed_lowered: str | None = None
    n = len(text)
    by_rule = anchors(text, lowered)
    firsts: dict[tuple[int, int], int] = {}  # (word start, reach) -> where the reach begins
    for priority in sorted(by_rule):
        kind, finder, finder_lowered, inner, lead = _RULE_PARTS[priority]
        if lowered is not None and finder_lowered is not None:
            match, scanned = finder_lowered, lowered
        else:
            match, scanned, inner, lead = finder, text, None, {}
        # Where each anchor's matches may start: its word, or ``reach - 1`` words before
        # (for a rule with ``inner`` words, none before the run of them; for one with
        # ``lead`` words, at the farthest of them, and nowhere without one).
        starts = []
        for spot in by_rule[priority]:
            pos, reach = spot
            if lead:
                if reversed_lowered is None:
                    reversed_lowered = lowered[::-1]  # type: ignore[index]
                found_lead = lead[reach].match(reversed_lowered, n - pos)
                if found_lead is not None:
                    starts.append((n - found_lead.end(), pos))
                continue
            if reach == 1:
                starts.append((pos, pos))
                continue
            first = firsts.get(spot)
            if first is None:
                if reversed_text is None:
                    reversed_text = text[::-1]
                first = firsts[spot] = n - _BACK[reach - 1].match(reversed_text, n - pos).end()  # type: ignore[union-attr]
            if inner is not None:
                if reversed_lowered is None:
                    reversed_lowered = lowered[::-1]  # type: ignore[index]
                first = max(first, n - inner.match(reversed_lowered, n - pos).end())  # type: ignore[union-attr]
            starts.append((first, pos))
        starts.sort()
        floor = 0  # every match starting before ``floor`` is found
        for first, pos in starts:
            if pos < floor:
                continue
            while floor <= pos:
                m = match(scanned, first if first > floor else floor)
                if m is None:
                    floor = pos + 1
                    break
                start, end = m.span(1)  # the group "rule"
                if end > start:
                    found.append(_new_candidate(Candidate, (start, end, kind, m, priority, text)))
                    floor = end
                else:
                    floor = start + 1
    if len(found) < 2:
        return found
    found.sort(key=_longest_first)
    taken: list[Candidate] = []
    for cand in found:
        start, end = cand.start, cand.end
        for other in taken:
            if start < other.end and other.start < end:
                break
        else:
            taken.append(cand)
    taken.sort(key=_START)
    return taken


def _longest_first(c: Candidate) -> tuple[int, int, int]:
    """Sort key: longest first, then by rule order, then leftmost."""
    return (c.start - c.end, c.priority, c.start)


_START = attrgetter("start")
