"""Writing KML one element at a time, laid out exactly as lxml writes an indented tree.

The maps are written piece by piece (a placemark, a folder's header, a step of the
tour), never as one tree, so the text is made here: one element per line, indented by
one space per level, a leaf as ``<tag>text</tag>`` or ``<tag/>`` when it has no text,
and text escaped the way lxml (libxml2) escapes it: ``&``, ``<``, ``>`` and the
carriage return. A test checks that lxml, re-indenting what is written here, gives the
same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

__all__ = ["close", "esc", "leaf", "open_tag", "raw_leaf"]

_ENTITIES = {"\r": "&#13;"}


def esc(text: str) -> str:
    """``text`` as XML character data (:func:`xml.sax.saxutils.escape`, and ``\\r`` as ``&#13;``)."""
    return escape(text, _ENTITIES) if "\r" in text else escape(text)


def raw_leaf(level: int, tag: str, escaped: str) -> str:
    """A leaf element holding ``escaped`` (already XML text) on its own line."""
    if not escaped:
        return f"{' ' * level}<{tag}/>\n"
    return f"{' ' * level}<{tag}>{escaped}</{tag}>\n"


def leaf(level: int, tag: str, value: object) -> str:
    """A leaf element holding ``str(value)``, escaped."""
    return raw_leaf(level, tag, esc(str(value)))


def open_tag(level: int, tag: str, attributes: str = "") -> str:
    """The start tag of an element with children; ``attributes`` is `` name="value"``, escaped."""
    return f"{' ' * level}<{tag}{attributes}>\n"


def close(level: int, tag: str) -> str:
    """The end tag of an element with children."""
    return f"{' ' * level}</{tag}>\n"
