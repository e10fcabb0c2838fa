"""The chronology as CommonMark, with article text escaped so it stays text.

Every character CommonMark (and the usual GFM extensions) gives a meaning to anywhere in a
line is backslash-escaped in article text, as is a first character that could open a
block (a list, a heading, a thematic break). Article text is one line (see
:func:`._entry.clean`), so nothing can start a block mid-text. Links are only written for
``http``/``https`` addresses, percent-encoded so the destination cannot break out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import quote

from spacedip.export.period_index import index_link

from ._chunks import lines_bytes, one_final_newline
from ._entry import EntryView, SourceView
from ._labels import Labels
from ._outline import Outline

__all__ = ["markdown_block", "markdown_document", "md_escape", "md_url"]

_INLINE = re.compile(r"([\\`*_\[\]{}<>#!|~&])")
_BLOCK_START = re.compile(r"^([-+=:]|\d+(?=[.)]))")
_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"


def md_escape(text: str) -> str:
    """``text`` as literal CommonMark inline text: no emphasis, link, image, HTML or entity."""
    escaped = _INLINE.sub(r"\\\1", text)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():  # "1." or "1)": escape the delimiter after the digits
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"\\{escaped}"


def md_url(url: str) -> str:
    """An ``http``/``https`` address percent-encoded for a link destination (no space,
    parenthesis, angle bracket, quote or backslash left)."""
    return quote(url, safe=_URL_SAFE)


def _source(source: SourceView, labels: Labels) -> str:
    parts = [f"{source.number}. {labels.quote(md_escape(source.quote))} — *{md_escape(source.title)}*"]
    if source.publisher:
        parts.append(f", {md_escape(source.publisher)}")
    parts.append(f", {md_escape(source.published)}.")
    if source.url:
        parts.append(f" [{labels['link']}]({md_url(source.url)})")
    elif source.inert_url:
        parts.append(f" {labels.colon('unsafe_link')} {md_escape(source.inert_url)}")
    return "".join(parts)


def markdown_block(entry: EntryView, labels: Labels) -> bytes:
    """One entry: a heading (level 4 under a month, else 3), its summary, facts and sources."""
    heading = f"{entry.date_text} — {entry.kind.name}"
    if entry.modality_label:
        heading += f" ({entry.modality_label})"
    level = 4 if entry.in_month else 3
    lines = [f"{'#' * level} {md_escape(heading)}", "", md_escape(entry.summary), ""]
    facts = []
    if entry.places:
        facts.append(f"- {labels.colon('places')} {md_escape(entry.place_names)}")
    if entry.actors:
        facts.append(f"- {labels.colon('actors')} {md_escape(entry.actor_names)}")
    if entry.fixed_by is not None:
        facts.append(f"- {labels['date_fixed_by']} {entry.fixed_by}")
    facts.extend(f"- **{md_escape(c)}**" for c in entry.conflicts)
    if facts:
        lines.extend([*facts, ""])
    if entry.sources:
        lines.extend([labels.colon("sources"), ""])
        lines.extend(_source(s, labels) for s in entry.sources)
        lines.append("")
    return lines_bytes(lines)


def markdown_document(outline: Outline, block: Callable[[int], bytes]) -> Iterator[bytes]:
    """The chronology as UTF-8 CommonMark: its heading, then groups and months around the
    entries' blocks (``block(number)``), ending in one line break."""
    return one_final_newline(_markdown_chunks(outline, block))


def _markdown_chunks(outline: Outline, block: Callable[[int], bytes]) -> Iterator[bytes]:
    generated = md_escape(outline.generated)
    if outline.period is not None:  # one period's file: a link to the index of every period
        generated += f" [{md_escape(outline.labels['all_periods'])}]({index_link(outline.period)})"
    lines = [f"# {md_escape(outline.title)}", "", generated, ""]
    if not outline.groups:
        lines.extend([outline.labels["empty"], ""])
    yield lines_bytes(lines)
    for group in outline.groups:
        yield lines_bytes([f"## {md_escape(group.heading)}", ""])
        yield from map(block, group.entries)
        for month in group.months:
            yield lines_bytes([f"### {md_escape(month.heading)}", ""])
            yield from map(block, month.entries)
