"""The chronology as plain UTF-8 text, wrapped at 78 columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ._chunks import lines_bytes, one_final_newline
from ._entry import EntryView
from ._labels import Labels
from ._outline import Outline
from ._wrap import wrap

__all__ = ["text_block", "text_document"]

_WIDTH = 78


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    """``text`` in lines of at most 78 columns (longer only for a longer word), as ``textwrap`` wraps it."""
    start = indent if first is None else first
    return wrap(text, _WIDTH, start, indent) or [start.rstrip()]


def _underline(text: str, char: str) -> list[str]:
    return [text, char * len(text), ""]


def text_block(entry: EntryView, labels: Labels) -> bytes:
    """One entry: a bulleted heading, its summary, facts and numbered sources, then a blank line."""
    heading = f"{entry.date_text} — {entry.kind.name}"
    if entry.modality_label:
        heading += f" ({entry.modality_label})"
    lines = _wrap(heading, "  ", "* ")
    lines.extend(_wrap(entry.summary, "  "))
    if entry.places:
        lines.extend(_wrap(f"{labels.colon('places')} {entry.place_names}", "  "))
    if entry.actors:
        lines.extend(_wrap(f"{labels.colon('actors')} {entry.actor_names}", "  "))
    if entry.fixed_by is not None:
        lines.extend(_wrap(f"{labels['date_fixed_by']} [{entry.fixed_by}]", "  "))
    for conflict in entry.conflicts:
        lines.extend(_wrap(f"! {conflict}", "    ", "  "))
    if entry.sources:
        lines.append(f"  {labels.colon('sources')}")
    for source in entry.sources:
        text = f"{labels.quote(source.quote)} — {source.title}"
        if source.publisher:
            text += f", {source.publisher}"
        text += f", {source.published}."
        number = f"[{source.number}] "
        indent = " " * (4 + len(number))
        lines.extend(_wrap(text, indent, f"    {number}"))
        if source.url:
            lines.append(f"{indent}{source.url}")
        elif source.inert_url:
            lines.extend(_wrap(f"{labels.colon('unsafe_link')} {source.inert_url}", indent))
    lines.append("")
    return lines_bytes(lines)


def text_document(outline: Outline, block: Callable[[int], bytes]) -> Iterator[bytes]:
    """The chronology as UTF-8 text with ``\\n`` line ends: its title, then groups and months
    around the entries' blocks (``block(number)``), ending in one line break."""
    return one_final_newline(_text_chunks(outline, block))


def _text_chunks(outline: Outline, block: Callable[[int], bytes]) -> Iterator[bytes]:
    lines = [*_underline(outline.title, "#")[:2], *_wrap(outline.generated, ""), ""]
    if not outline.groups:
        lines.extend([outline.labels["empty"], ""])
    yield lines_bytes(lines)
    for group in outline.groups:
        yield lines_bytes(_underline(group.heading, "="))
        yield from map(block, group.entries)
        for month in group.months:
            yield lines_bytes(_underline(month.heading, "-"))
            yield from map(block, month.entries)
