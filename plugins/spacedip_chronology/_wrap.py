"""Wrapping text into lines exactly as ``textwrap.wrap`` does with ``break_long_words=False``
and ``break_on_hyphens=False`` (its other options left as they are), only faster.

The text chronology wraps several lines per entry; ``textwrap`` builds a ``TextWrapper``
for each call and goes through options the chronology never sets. This does the same
greedy filling for the one set of options used, and takes a shortcut for the common text
that fits on its first line. ``tests/plugins/test_chronology.py`` checks it against
``textwrap.wrap`` on arbitrary text.
"""

from __future__ import annotations

import re

__all__ = ["wrap"]

_ASCII_SPACE = "\t\n\x0b\x0c\r "
"""What ``textwrap`` counts as white space (it splits only there)."""
_TO_SPACE = str.maketrans(dict.fromkeys(_ASCII_SPACE, " "))
_SPACES = re.compile(f"([{re.escape(_ASCII_SPACE)}]+)")
_UNMUNGED = re.compile("[\t\n\x0b\x0c\r]")


def wrap(text: str, width: int, first: str, indent: str) -> list[str]:
    """``textwrap.wrap(text, width, initial_indent=first, subsequent_indent=indent,
    break_long_words=False, break_on_hyphens=False)``.

    Lines are filled greedily with the words (runs of anything but ASCII white space) and the
    spaces between them; a word longer than a line gets a line of its own. Blank pieces
    (``str.strip`` leaves nothing) are dropped at the start of every line but the first and
    at the end of every line.
    """
    if not _UNMUNGED.search(text):
        if text and len(text) <= width - len(first) and not text[-1].isspace():
            return [first + text]  # one line: nothing is dropped, nothing moves
        words = text.split(" ")
        if all(map(str.strip, words)):  # words between single spaces, none blank
            return _fill(words, width, first, indent)
    text = text.expandtabs().translate(_TO_SPACE)
    pieces = [piece for piece in _SPACES.split(text) if piece]
    pieces.reverse()  # taken from the end
    lines: list[str] = []
    while pieces:
        prefix = indent if lines else first
        room = width - len(prefix)
        if lines and not pieces[-1].strip():
            pieces.pop()
        line: list[str] = []
        used = 0
        while pieces and used + len(pieces[-1]) <= room:
            used += len(pieces[-1])
            line.append(pieces.pop())
        if not line and pieces and len(pieces[-1]) > room:
            line.append(pieces.pop())  # a word longer than the line, kept whole
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append(prefix + "".join(line))
    return lines


def _fill(words: list[str], width: int, first: str, indent: str) -> list[str]:
    """:func:`wrap` of words separated by single spaces, none of them blank: a line ends where
    the next word and the space before it would not fit (a space left at its end is dropped)."""
    lines: list[str] = []
    prefix, room = first, width - len(first)
    line = [words[0]]
    used = len(words[0])
    for word in words[1:]:
        if used + 1 + len(word) <= room:
            line.append(word)
            used += 1 + len(word)
        else:
            lines.append(prefix + " ".join(line))
            prefix, room = indent, width - len(indent)
            line = [word]
            used = len(word)
    lines.append(prefix + " ".join(line))
    return lines
