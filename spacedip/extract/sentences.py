"""Rule-based French sentence segmentation.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed by a space and a
capital, a digit, an opening quote or a dash; at a blank line; and at a line break
unless the next line goes on in lower case (a wrapped paragraph). It does not end
after a title or an initial (``M. Poutine``, ``Mme``, ``Dr``, ``J. F. Kennedy``),
inside a number (``3.5``, ``1.000``) or before a lower-case word (``« … », a-t-il dit``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacedip.extract.mentions import Sentence

__all__ = ["sentence_at", "split_sentences"]

_ABBREVIATIONS = frozenset(
    [
        "m",
        "mm",
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "dr",
        "drs",
        "pr",
        "me",
        "mgr",
        "st",
        "ste",
        "sts",
        "stes",
        "cf",
        "p",
        "pp",
        "av",
        "apr",
        "j.-c",
        "jc",
        "n",
        "no",
        "nos",
        "art",
        "chap",
        "vol",
        "éd",
        "ed",
        "fig",
        "gén",
        "col",
        "cdt",
        "lt",
        "sgt",
        "adj",
        "réf",
        "tél",
        "env",
        "min",
        "max",
        "hab",
        "bd",
        "boul",
        "vs",
        "ex",
        "etc",
    ]
)
_ETC = "etc"
_PAST_ABBREVIATIONS = 1 + max(map(len, _ABBREVIATIONS))
_OPEN = "\"'(«“‘\\[\\-–—"  # what may come before the first letter of a sentence (quotes, dashes)
_CANDIDATE = re.compile(
    r"[.!?…](?<![.!?…]{2})"  # the start of a run of end marks (a scan from anywhere finds the same runs)
    r"(?>[.!?…]*(?:\s?[»”’)\]]|\s?[\"'](?=[\s,.;:!?)]|$))*)"  # the rest of them, closing quotes: all taken
    r"(?=[^\S\r\n\u2028\u2029]+"  # then white space without a line break (those end sentences on their own)
    rf"(?:([^\W_])|[{_OPEN}][\s{_OPEN}]*([^\s{_OPEN}])))"  # and a letter or digit, maybe after quotes
)
"""Possible sentence ends: end marks followed by the start of a next sentence.

Groups 1 or 2 hold the first letter (or other character) of that next sentence.
"""
_WORD_START = re.compile(r".*[^\w.\-]", re.DOTALL)  # ends where the word before the mark starts
_BREAK = re.compile(r"[\r\n\u2028\u2029](?<!\r\n)(?:(?<=\r)\n)?")  # \r\n, \r, \n...: not the \n of a \r\n
_MARKS = ".!?…"
_BREAKS = "\n\r\u2028\u2029"
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """True if the candidate ``m`` (a match of ``_CANDIDATE``) ends a sentence: the next one
    starts with a letter that is not lower case, and the marks do not follow a title,
    an abbreviation or an initial."""
    if (m[1] or m[2]).islower():
        return False
    s = m.start()
    if text[s] != "." or text.startswith("..", s):
        return True
    if s >= _PAST_ABBREVIATIONS and text[s - _PAST_ABBREVIATIONS : s].isalnum():
        return True  # a word longer than any abbreviation (and no initial)
    lo = max(0, s - 40)
    if s > lo and text[s - 1] == "\n":
        s -= 1  # as ``([\w.\-]+)$`` in ``text[s - 40:s]``: ``$`` also matches before a final newline
    word_start = _WORD_START.match(text, lo, s)
    written = text[word_start.end() if word_start else lo : s]
    if len(written) == 1 and written.isupper():
        return False  # an initial: "J. F. Kennedy"
    word = written.lower()
    last = word.rsplit(".", 1)[-1] if word else ""
    return not ((word in _ABBREVIATIONS or last in _ABBREVIATIONS) and last != _ETC)


def _newline_boundary(text: str, m: re.Match[str]) -> int | None:
    """The sentence end at the line break ``m`` (a match of ``_NEWLINE``), or ``None``."""
    i = m.start()
    j = m.end()
    blank = False
    while j < len(text) and text[j].isspace():
        if text[j] in "\n\r\u2028\u2029":
            blank = True
        j += 1
    if j >= len(text):
        return None
    if blank or not text[j].islower():
        return i
    return None


def _boundaries(text: str) -> list[int]:
    """End offsets (exclusive) of the sentences of ``text``."""
    ends = [m.end() for m in _CANDIDATE.finditer(text) if _ends_sentence(text, m)]
    ends.extend(b for m in _BREAK.finditer(text) if (b := _newline_boundary(text, m)) is not None)
    return sorted(set(ends))


def _safe_start(text: str, pos: int) -> int:
    """``pos`` moved back to 0 or to just after a letter or digit.

    No end mark or line break match straddles such a point, so a scan from it finds
    the same matches (from there on) as a scan from the start of the text.
    """
    while pos > 0 and not text[pos - 1].isalnum():
        pos -= 1
    return pos


def _find_any(text: str, chars: str, i: int, j: int) -> int:
    """The first offset in ``text[i:j]`` holding one of ``chars``, or -1 (``str.find`` is
    many times faster than a regular expression scan)."""
    found = -1
    for c in chars:
        k = text.find(c, i, j)
        if k >= 0:
            found = j = k
    return found


def _rfind_any(text: str, chars: str, i: int, j: int) -> int:
    """The last offset in ``text[i:j]`` holding one of ``chars``, or -1."""
    found = -1
    for c in chars:
        k = text.rfind(c, i, j)
        if k >= 0:
            found = k
            i = k + 1
    return found


def _last_mark_end(text: str, pos: int) -> int:
    """The last sentence end ``<= pos`` after end marks, or -1: run starts from ``pos`` back."""
    j = pos
    while (r := _rfind_any(text, _MARKS, 0, j)) >= 0:
        while r > 0 and text[r - 1] in _MARKS:
            r -= 1
        m = _CANDIDATE.match(text, r)
        if m is not None and m.end() <= pos and _ends_sentence(text, m):
            return m.end()
        j = r
    return -1


def _candidates(text: str, i: int) -> Iterator[re.Match[str]]:
    """The matches of ``_CANDIDATE`` from ``i`` (0 or just after a letter or digit) on:
    runs of end marks found with ``str.find``, each tried where it starts."""
    n = len(text)
    while (r := _find_any(text, _MARKS, i, n)) >= 0:
        m = _CANDIDATE.match(text, r)  # ``r`` starts a run: ``i`` is 0 or follows a letter
        if m is not None:
            yield m
            i = m.end()
        else:
            i = r + 1
            while i < n and text[i] in _MARKS:
                i += 1


def _first_mark_end(text: str, pos: int) -> int:
    """The first sentence end ``> pos`` after end marks, or ``len(text)``."""
    for m in _candidates(text, _safe_start(text, pos)):  # no run of marks goes across it
        if m.end() > pos and _ends_sentence(text, m):
            return m.end()
    return len(text)


def _boundaries_around(text: str, pos: int) -> tuple[int, int]:
    """The last sentence end ``<= pos`` (-1 if none) and the first ``> pos``.

    End marks are found with ``str.find`` from ``pos`` outward and tested until one
    ends a sentence; line breaks only between those two (a line break at ``i``
    ends the sentence at ``i``).
    """
    last = _last_mark_end(text, pos)
    first = _first_mark_end(text, pos)
    j = pos + 1
    while (r := _rfind_any(text, _BREAKS, last + 1, j)) >= 0:
        if text[r] == "\n" and r > 0 and text[r - 1] == "\r":
            r -= 1  # the "\r\n" starts at the "\r"
            if r <= last:
                break
        m = _BREAK.match(text, r)
        assert m is not None
        if _newline_boundary(text, m) is not None:
            last = r
            break
        j = r
    i = pos + 1
    while (r := _find_any(text, _BREAKS, i, first)) >= 0:
        if text[r] == "\n" and text[r - 1] == "\r":
            i = r + 1  # the end of a "\r\n" that starts at ``pos``
            continue
        m = _BREAK.match(text, r)
        assert m is not None
        if _newline_boundary(text, m) is not None:
            first = r
            break
        i = m.end()
    return last, first


def sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    """The ``(start, end)`` of the sentence of :func:`split_sentences` holding ``text[pos]``.

    Only the text around ``pos`` is looked at. Returns ``None`` when ``pos`` is in the
    white space between two sentences (or outside the text).
    """
    if not 0 <= pos < len(text):
        return None
    last, first = _boundaries_around(text, pos)
    s, e = _trim(text, max(last, 0), first)
    return (s, e) if s <= pos < e else None


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without leading and trailing white space and invisible characters."""
    while s < e and (text[s].isspace() or text[s] in _INVISIBLE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _INVISIBLE):
        e -= 1
    return s, e


def split_sentences(text: str) -> list[Sentence]:
    """Split French ``text`` into sentences, with offsets into ``text`` as given.

    Leading and trailing white space is left out of every sentence, and a sentence
    that would be only white space is dropped. ``s.text == text[s.start:s.end]``.
    """
    work = text
    sentences: list[Sentence] = []
    start = 0
    for end in [*_boundaries(work), len(work)]:
        s, e = _trim(work, start, end)
        if e > s:
            sentences.append(Sentence(start=s, end=e, text=text[s:e]))
        start = max(start, end)
    return sentences
