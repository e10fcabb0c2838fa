"""spacedip's chronology exporter: Markdown, a self-contained HTML page, plain text and
TimelineJS3 JSON, grouped by year and month, each date written at its precision.

``spacedip export chronology -o PATH`` writes one format when ``PATH`` ends in ``.md``,
``.html``, ``.txt`` or ``.json``, and all four into the folder ``PATH`` otherwise.
Output depends only on the timeline and the options, byte for byte. See
``docs/chronology.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from spacedip.export import Exporter, ExportOutput, Option
from spacedip.timeline.entry import Timeline

from ._html import render_html
from ._labels import LANGUAGES, labels_for
from ._markdown import render_markdown
from ._text import render_text
from ._timelinejs import render_timelinejs
from ._view import Chronology, build

__all__ = ["FILES", "FORMATS", "export", "exporter"]

FORMATS: Mapping[str, Callable[[Chronology], bytes]] = {
    ".md": render_markdown,
    ".html": render_html,
    ".txt": render_text,
    ".json": render_timelinejs,
}
"""The renderer for each file suffix."""

FILES: Mapping[str, str] = {
    "chronology.md": ".md",
    "chronology.html": ".html",
    "chronology.txt": ".txt",
    "timeline.json": ".json",
}
"""What a folder target receives: file name -> format suffix."""


def export(timeline: Timeline, options: Mapping[str, Any], target: Path) -> ExportOutput:
    """The chronology of ``timeline``: one format chosen by ``target``'s suffix, or all four.

    Args:
        timeline: the entries to show (already filtered by the command line).
        options: ``lang`` (``fr``, ``en`` or ``None`` for the corpus language) and
            ``title`` (``None`` for "Chronologie"/"Chronology").
        target: the path the user gave.

    Returns:
        ``bytes`` for a ``.md``, ``.html``, ``.txt`` or ``.json`` target, otherwise
        ``{"chronology.md", "chronology.html", "chronology.txt", "timeline.json"}`` as bytes.

    Raises:
        InputError: for a ``lang`` other than ``fr`` or ``en``.
    """
    labels = labels_for(options.get("lang"), timeline.language)
    chronology = build(timeline, labels, options.get("title"))
    render = FORMATS.get(target.suffix.lower())
    if render is not None:
        return render(chronology)
    return {name: FORMATS[suffix](chronology) for name, suffix in FILES.items()}


exporter = Exporter(
    name="chronology",
    description="Chronology by year and month: Markdown, self-contained HTML page, text, TimelineJS JSON",
    default_filename="chronology/",
    export=export,
    options=(
        Option("lang", "language of the labels: fr or en (default: the corpus language)",
               choices=tuple(LANGUAGES)),
        Option("title", "title of the chronology (default: Chronologie / Chronology)"),
    ),
)
