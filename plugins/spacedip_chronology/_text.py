"""The chronology as plain UTF-8 text, wrapped at 78 columns."""

from __future__ import annotations

import textwrap

from ._view import Chronology, EntryView, Group

__all__ = ["render_text"]

_WIDTH = 78


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [(indent if first is None else first).rstrip()]


def _underline(text: str, char: str) -> list[str]:
    return [text, char * len(text), ""]


def _entry(entry: EntryView, chronology: Chronology) -> list[str]:
    labels = chronology.labels
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
    return lines


def _group(group: Group, chronology: Chronology) -> list[str]:
    lines = _underline(group.heading, "=")
    for entry in group.entries:
        lines.extend(_entry(entry, chronology))
    for month in group.months:
        lines.extend(_underline(month.heading, "-"))
        for entry in month.entries:
            lines.extend(_entry(entry, chronology))
    return lines


def render_text(chronology: Chronology) -> bytes:
    """The chronology as UTF-8 text with ``\\n`` line ends."""
    lines = [*_underline(chronology.title, "#")[:2], *_wrap(chronology.generated, ""), ""]
    if not chronology.groups:
        lines.extend([chronology.labels["empty"], ""])
    for group in chronology.groups:
        lines.extend(_group(group, chronology))
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
