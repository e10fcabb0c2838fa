"""Rule-based French sentence segmentation.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed by a space and a
capital, a digit, an opening quote or a dash; at a blank line; and at a line break
unless the next line goes on in lower case (a wrapped paragraph). It does not end
after a title or an initial (``M. Poutine``, ``Mme``, ``Dr``, ``J. F. Kennedy``),
inside a number (``3.5``, ``1.000``) or before a lower-case word (``« … », a-t-il dit``).
"""

from __future__ import annotations

import re

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
_END = re.compile(
    r"[.!?…][.!?…]*"  # one run of end marks (a leading character class lets ``re`` skip fast)
    r"(?:\s?[»”’)\]]|\s?[\"'](?=[\s,.;:!?)]|$))*"
)
_NEXT_STARTS = re.compile(r"\s+(?=[\"'(\[«“‘\-–—]|[^\W\d_]|\d)")
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")
_NEWLINE = re.compile(r"[\r\n\u2028\u2029](?:(?<=\r)\n)?")  # \r\n, \r, \n...: as \r\n?|[\n\u2028\u2029]


def _is_upper_start(text: str, i: int) -> bool:
    """True if the first letter from ``i`` (after quotes and dashes) is not lower case."""
    n = len(text)
    while i < n and (text[i] in "\"'(«“‘[-–—" or text[i].isspace()):
        i += 1
    if i >= n:
        return False
    c = text[i]
    return not c.islower()


def _word_before(text: str, i: int) -> str:
    """The run of word characters, dots and hyphens ending at ``i`` (within 40 characters):
    what ``([\\w.\\-]+)$`` finds in ``text[i - 40:i]``, or ``""``."""
    lo = max(0, i - 40)
    if i > lo and text[i - 1] == "\n":
        i -= 1  # ``$`` also matches before a final newline
    j = i
    while j > lo and (text[j - 1].isalnum() or text[j - 1] in "_.-"):
        j -= 1
    return text[j:i]


def _mark_boundary(text: str, m: re.Match[str]) -> int | None:
    """The sentence end after the end marks ``m`` (a match of ``_END``), or ``None``."""
    end = m.end()
    after = _NEXT_STARTS.match(text, end)
    if after is None:
        return None
    gap = after.group()
    if gap != " " and any(c in gap for c in "\n\r\u2028\u2029"):
        return None  # line breaks are handled by _newline_boundary
    if not _is_upper_start(text, after.end()):
        return None
    mark = m.group()
    if mark.startswith(".") and not mark.startswith(".."):
        written = _word_before(text, m.start())
        word = written.lower()
        last = word.rsplit(".", 1)[-1] if word else ""
        if len(written) == 1 and written.isupper():
            return None  # an initial: "J. F. Kennedy"
        if (word in _ABBREVIATIONS or last in _ABBREVIATIONS) and last != _ETC:
            return None
    return end


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
    ends = [b for m in _END.finditer(text) if (b := _mark_boundary(text, m)) is not None]
    ends.extend(b for m in _NEWLINE.finditer(text) if (b := _newline_boundary(text, m)) is not None)
    return sorted(set(ends))


def _safe_start(text: str, pos: int) -> int:
    """``pos`` moved back to 0 or to just after a letter or digit.

    No end mark or line break match straddles such a point, so a scan from it finds
    the same matches (from there on) as a scan from the start of the text.
    """
    while pos > 0 and not text[pos - 1].isalnum():
        pos -= 1
    return pos


def _boundaries_around(text: str, pos: int, lo: int) -> tuple[int, int]:
    """The last sentence end ``<= pos`` (-1 if none from ``lo`` on) and the first ``> pos``.

    ``lo`` is a :func:`_safe_start` at or before ``pos``. One scan of the end marks and
    one of the line breaks serve both ends: the candidates up to ``pos`` are tested
    from the last one back, those after it from the first one on.
    """
    last, first = -1, len(text)
    marks = _END.finditer(text, lo)
    before = []
    for m in marks:
        before.append(m)
        if m.start() >= pos:
            break
    for i in range(len(before) - 1, -1, -1):
        b = _mark_boundary(text, before[i])
        if b is not None:
            if b <= pos:
                last = b
                break
            first = b  # an end straddling pos: the earliest accepted one is the first
    if first == len(text):  # none yet: go on from where the scan stopped
        for m in marks:
            b = _mark_boundary(text, m)
            if b is not None:
                first = b
                break
    # Line breaks past ``first`` cannot matter (a line break is at most 2 characters: stop
    # the scan just after ``first`` so that a "\r\n" across it is still seen whole).
    breaks = _NEWLINE.finditer(text, lo, min(len(text), first + 1))
    before = []
    for m in breaks:
        if m.start() > pos:
            b = _newline_boundary(text, m)
            if b is not None:
                first = min(first, b)
            else:
                for m2 in breaks:
                    if m2.start() >= first:
                        break
                    b = _newline_boundary(text, m2)
                    if b is not None:
                        first = min(first, b)
                        break
            break
        before.append(m)
    for m in reversed(before):
        if m.start() <= last:
            break
        b = _newline_boundary(text, m)
        if b is not None:
            last = b
            break
    return last, first


def sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    """The ``(start, end)`` of the sentence of :func:`split_sentences` holding ``text[pos]``.

    Only the text around ``pos`` is looked at. Returns ``None`` when ``pos`` is in the
    white space between two sentences (or outside the text).
    """
    if not 0 <= pos < len(text):
        return None
    width = 200
    while True:
        lo = _safe_start(text, max(0, pos - width))
        last, first = _boundaries_around(text, pos, lo)
        if last >= 0 or lo == 0:
            break
        width *= 4
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
