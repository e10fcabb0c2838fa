"""A normalised copy of a text for matching, with a map back to the original offsets.

Extraction rules match against :attr:`NormalizedText.text`: NFC, typographic quotes and
apostrophes made plain, every kind of space made a plain space, CRLF and CR made
``\\n``, and invisible characters (BOM, zero-width space, soft hyphen) dropped. Every
span found there is reported in the ORIGINAL text through :meth:`NormalizedText.span`.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

__all__ = ["NormalizedText", "normalize"]

# One original character -> one replacement (same length).
_SAME_LENGTH = {
    "\u2019": "'",  # ’
    "\u2018": "'",  # ‘
    "\u02bc": "'",  # ʼ
    "\u00b4": "'",  # ´
    "\u201b": "'",
    "\u2032": "'",
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u2039": '"',  # ‹
    "\u203a": '"',  # ›
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2008": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2028": "\n",
    "\u2029": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\x85": "\n",
}
_DROPPED = frozenset("\ufeff\u200b\u200c\u200d\u2060\u00ad")
_SPECIAL_CHARS = (*_SAME_LENGTH, *_DROPPED, "\r")
_LENGTH_CHANGING_CHARS = (*_DROPPED, "\r")
_LENGTH_CHANGING = re.compile("[" + re.escape("".join(_DROPPED)) + "\r]")


@attrs.frozen(slots=True)
class NormalizedText:
    """``text`` is the matching copy of ``original``.

    ``starts[i]``/``ends[i]`` are the original offsets of ``text[i]`` (``None`` when the
    two texts are aligned one to one).
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, i: int) -> int:
        """The original offset of position ``i`` of :attr:`text` (``0 <= i <= len(text)``)."""
        if self.starts is None:
            return i
        if i >= len(self.starts):
            return len(self.original)
        return self.starts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of ``text[start:end]``."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.starts[start], self.ends[end - 1]


def normalize(original: str) -> NormalizedText:
    """Normalise ``original`` for matching, keeping the map back to its offsets."""
    nfc = unicodedata.is_normalized("NFC", original)
    # ``in`` per character is much faster than a regex character class over the text
    if nfc and not any(map(original.__contains__, _SPECIAL_CHARS)):
        return NormalizedText(original, original)
    if nfc and not any(map(original.__contains__, _LENGTH_CHANGING_CHARS)):
        return NormalizedText(original, _fold(original))  # one to one
    if nfc:
        return _drop_and_fold(original)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(original)
    while i < n:
        c = original[i]
        if c == "\r":
            step = 2 if i + 1 < n and original[i + 1] == "\n" else 1
            out.append("\n")
            starts.append(i)
            ends.append(i + step)
            i += step
            continue
        if c in _DROPPED:
            i += 1
            continue
        if c in _SAME_LENGTH:
            out.append(_SAME_LENGTH[c])
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        if nfc:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        # A cluster: a starter and the combining marks that follow it.
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        composed = unicodedata.normalize("NFC", original[i:j])
        for ch in composed:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return NormalizedText(original, "".join(out), tuple(starts), tuple(ends))


def _fold(text: str) -> str:
    """``text`` with every character of ``_SAME_LENGTH`` replaced (``str.replace`` per
    character present: much faster than ``str.translate`` with a dict on non-ASCII text)."""
    for ch, replacement in _SAME_LENGTH.items():
        if ch in text:
            text = text.replace(ch, replacement)
    return text


def _drop_and_fold(original: str) -> NormalizedText:
    """NFC text with CR or invisible characters: copy the runs between them in bulk."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    n = len(original)
    for m in _LENGTH_CHANGING.finditer(original):
        i = m.start()
        if i < pos:
            continue
        pieces.append(_fold(original[pos:i]))
        starts.extend(range(pos, i))
        ends.extend(range(pos + 1, i + 1))
        if original[i] == "\r":
            step = 2 if i + 1 < n and original[i + 1] == "\n" else 1
            pieces.append("\n")
            starts.append(i)
            ends.append(i + step)
            pos = i + step
        else:
            pos = i + 1
    pieces.append(_fold(original[pos:]))
    starts.extend(range(pos, n))
    ends.extend(range(pos + 1, n + 1))
    return NormalizedText(original, "".join(pieces), tuple(starts), tuple(ends))
