"""spacedip's chronology exporter: Markdown, a self-contained HTML page, plain text and
TimelineJS3 JSON, grouped by year and month, each date written at its precision.

``spacedip export chronology -o PATH`` writes one format when ``PATH`` ends in ``.md``,
``.html``, ``.txt`` or ``.json``, and all four into the folder ``PATH`` otherwise.
Output depends only on the timeline and the options, byte for byte. Each file is a
:class:`~spacedip.export.base.Stream`: every entry is rendered once and its block kept in the
log's checkpoint until the entry changes, once for all the files of an export (see
:mod:`._stream`). See ``docs/chronology.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from spacedip.export import Exporter, ExportOutput, Option
from spacedip.export.base import FileContent, Stream, content_bytes
from spacedip.timeline.entry import Timeline

from ._html import html_block, html_document
from ._labels import LANGUAGES, Labels, labels_for
from ._markdown import markdown_block, markdown_document
from ._stream import RENDER_VERSION, Chronology, Format
from ._text import text_block, text_document
from ._timelinejs import timelinejs_block, timelinejs_document

__all__ = ["FILES", "FORMATS", "RENDER_VERSION", "export", "exporter"]

FORMATS: Mapping[str, Format] = {
    ".md": Format("md", markdown_block, markdown_document),
    ".html": Format("html", html_block, html_document),
    ".txt": Format("txt", text_block, text_document),
    ".json": Format("json", timelinejs_block, timelinejs_document),
}
"""The format for each file suffix."""

FILES: Mapping[str, str] = {
    "chronology.md": ".md",
    "chronology.html": ".html",
    "chronology.txt": ".txt",
    "timeline.json": ".json",
}
"""What a folder target receives: file name -> format suffix."""


class _Chunks:
    """A file's pieces, made afresh each time they are read (so a :class:`Stream` can be read twice)."""

    def __init__(self, make: Callable[[], Iterator[bytes]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[bytes]:
        return self._make()


def _files(timeline: Timeline, formats: Sequence[Format], labels: Labels, title: str | None) -> list[FileContent]:
    """The file of each format, laid out together (see :class:`._stream.Chronology`)."""
    chronology = Chronology(timeline, formats, labels, title)
    streams: list[FileContent] = [Stream(_Chunks(partial(chronology.chunks, fmt)), prepare=chronology.prepare)
                                  for fmt in formats]
    if isinstance(timeline.entries, tuple | list):  # held in memory already: so may its files be
        return [content_bytes(stream) for stream in streams]
    return streams


def export(timeline: Timeline, options: Mapping[str, Any], target: Path) -> ExportOutput:
    """The chronology of ``timeline``: one format chosen by ``target``'s suffix, or all four.

    Args:
        timeline: the entries to show (already filtered by the command line).
        options: ``lang`` (``fr``, ``en`` or ``None`` for the corpus language) and
            ``title`` (``None`` for "Chronologie"/"Chronology").
        target: the path the user gave.

    Returns:
        The file for a ``.md``, ``.html``, ``.txt`` or ``.json`` target, otherwise
        ``{"chronology.md", "chronology.html", "chronology.txt", "timeline.json"}`` -> file.
        A file is ``bytes`` when the timeline's entries are a tuple (held in memory), else a
        :class:`~spacedip.export.base.Stream` of its bytes (a log's timeline: nothing held whole).

    Raises:
        InputError: for a ``lang`` other than ``fr`` or ``en``.
    """
    labels = labels_for(options.get("lang"), timeline.language)
    title = options.get("title")
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is not None:
        (content,) = _files(timeline, (fmt,), labels, title)
        return content
    contents = _files(timeline, [FORMATS[suffix] for suffix in FILES.values()], labels, title)
    return dict(zip(FILES, contents, strict=True))


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
