"""The chronology as CommonMark, with article text escaped so it stays text.

Every character CommonMark (and the usual GFM extensions) gives a meaning to anywhere in a
line is backslash-escaped in article text, as is a first character that could open a
block (a list, a heading, a thematic break). Article text is one line (see
:func:`._view.clean`), so nothing can start a block mid-text. Links are only written for
``http``/``https`` addresses, percent-encoded so the destination cannot break out.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ._view import Chronology, EntryView, Group, SourceView

__all__ = ["md_escape", "md_url", "render_markdown"]

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


def _source(source: SourceView, chronology: Chronology) -> str:
    labels = chronology.labels
    parts = [f"{source.number}. {labels.quote(md_escape(source.quote))} — *{md_escape(source.title)}*"]
    if source.publisher:
        parts.append(f", {md_escape(source.publisher)}")
    parts.append(f", {md_escape(source.published)}.")
    if source.url:
        parts.append(f" [{labels['link']}]({md_url(source.url)})")
    elif source.inert_url:
        parts.append(f" {labels.colon('unsafe_link')} {md_escape(source.inert_url)}")
    return "".join(parts)


def _entry(entry: EntryView, level: int, chronology: Chronology) -> list[str]:
    labels = chronology.labels
    heading = f"{entry.date_text} — {entry.kind.name}"
    if entry.modality_label:
        heading += f" ({entry.modality_label})"
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
        lines.extend(_source(s, chronology) for s in entry.sources)
        lines.append("")
    return lines


def _group(group: Group, chronology: Chronology) -> list[str]:
    lines = [f"## {md_escape(group.heading)}", ""]
    for entry in group.entries:
        lines.extend(_entry(entry, 3, chronology))
    for month in group.months:
        lines.extend([f"### {md_escape(month.heading)}", ""])
        for entry in month.entries:
            lines.extend(_entry(entry, 4, chronology))
    return lines


def render_markdown(chronology: Chronology) -> bytes:
    """The chronology as UTF-8 CommonMark."""
    lines = [f"# {md_escape(chronology.title)}", "", md_escape(chronology.generated), ""]
    if not chronology.groups:
        lines.extend([chronology.labels["empty"], ""])
    for group in chronology.groups:
        lines.extend(_group(group, chronology))
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
