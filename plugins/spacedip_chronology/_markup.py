"""A tiny HTML builder that escapes by default: text is escaped unless it is :class:`Markup`.

Both the HTML page and the TimelineJS ``text`` fields are built with it, so article text
can only ever reach them as escaped character data or an escaped attribute value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["Markup", "element", "escape", "join", "start_tag"]

_VOID = frozenset({"meta", "link", "br", "input", "img", "hr"})


class Markup(str):
    """A string that is already HTML; :func:`escape` leaves it as it is."""

    __slots__ = ()


def escape(text: str) -> Markup:
    """``text`` escaped as HTML character data or a double-quoted attribute value (``& < > "``)."""
    if isinstance(text, Markup):
        return text
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def join(parts: Iterable[str], separator: str = "") -> Markup:
    """Escaped ``parts`` joined by an escaped ``separator``."""
    return Markup(escape(separator).join([escape(p) for p in parts]))


def start_tag(tag: str, attributes: Mapping[str, str | int | bool | None] | None = None) -> Markup:
    """``<tag attributes>`` alone, for content written piece by piece; attribute values are escaped.

    An attribute set to ``None`` or ``False`` is left out, ``True`` writes it bare. Tag and
    attribute names are spacedip's own, never article text.
    """
    if not attributes:
        return Markup(f"<{tag}>")
    parts = [f"<{tag}"]
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{escape(str(value))}"')
    parts.append(">")
    return Markup("".join(parts))


def element(
    tag: str,
    attributes: Mapping[str, str | int | bool | None] | None = None,
    *children: str,
) -> Markup:
    """``<tag attributes>children</tag>``; attribute values (see :func:`start_tag`) and text
    children are escaped."""
    start = start_tag(tag, attributes) if attributes else f"<{tag}>"
    if tag in _VOID:
        assert not children, f"<{tag}> has no content"
        return Markup(start)
    if len(children) == 1:
        (child,) = children
        return Markup(f"{start}{child if isinstance(child, Markup) else escape(child)}</{tag}>")
    return Markup(f"{start}{''.join([escape(child) for child in children])}</{tag}>")
