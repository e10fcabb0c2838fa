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

__all__ = ["split_sentences"]

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
    r"[.!?…]+"  # one run of end marks (a single character class scans fast)
    r"(?:\s?[»”’)\]]|\s?[\"'](?=[\s,.;:!?)]|$))*"
)
_NEXT_STARTS = re.compile(r"\s+(?=[\"'(\[«“‘\-–—]|[^\W\d_]|\d)")
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")
_NEWLINE = re.compile(r"\r\n?|[\n\u2028\u2029]")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")


def _is_upper_start(text: str, i: int) -> bool:
    """True if the first letter from ``i`` (after quotes and dashes) is not lower case."""
    n = len(text)
    while i < n and (text[i] in "\"'(«“‘[-–—" or text[i].isspace()):
        i += 1
    if i >= n:
        return False
    c = text[i]
    return not c.islower()


def _boundaries(text: str) -> list[int]:
    """End offsets (exclusive) of the sentences of ``text``."""
    ends: list[int] = []
    for m in _END.finditer(text):
        end = m.end()
        after = _NEXT_STARTS.match(text, end)
        if after is None:
            continue
        if any(c in after.group() for c in "\n\r\u2028\u2029"):
            continue  # line breaks are handled below
        if not _is_upper_start(text, after.end()):
            continue
        mark = m.group()
        if mark.startswith(".") and not mark.startswith(".."):
            word_match = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            word = word_match.group(1).lower() if word_match else ""
            last = word.rsplit(".", 1)[-1] if word else ""
            if word_match and len(word_match.group(1)) == 1 and word_match.group(1).isupper():
                continue  # an initial: "J. F. Kennedy"
            if (word in _ABBREVIATIONS or last in _ABBREVIATIONS) and last != _ETC:
                continue
        ends.append(end)
    for m in _NEWLINE.finditer(text):
        i = m.start()
        j = m.end()
        blank = False
        while j < len(text) and text[j].isspace():
            if text[j] in "\n\r\u2028\u2029":
                blank = True
            j += 1
        if j >= len(text):
            continue
        if blank or not text[j].islower():
            ends.append(i)
    return sorted(set(ends))


def split_sentences(text: str) -> list[Sentence]:
    """Split French ``text`` into sentences, with offsets into ``text`` as given.

    Leading and trailing white space is left out of every sentence, and a sentence
    that would be only white space is dropped. ``s.text == text[s.start:s.end]``.
    """
    work = text
    sentences: list[Sentence] = []
    start = 0
    for end in [*_boundaries(work), len(work)]:
        s, e = start, end
        while s < e and (work[s].isspace() or work[s] in _INVISIBLE):
            s += 1
        while e > s and (work[e - 1].isspace() or work[e - 1] in _INVISIBLE):
            e -= 1
        if e > s:
            sentences.append(Sentence(start=s, end=e, text=text[s:e]))
        start = max(start, end)
    return sentences
