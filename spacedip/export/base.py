"""The exporter contract: a named function from a timeline (plus options) to bytes or files.

An exporter is an :class:`Exporter` object exposed through the entry-point group
``spacedip.exporters``. Its ``export`` function returns either ``bytes`` (written
to the path the user gave) or a mapping of relative file names to bytes (written
inside the folder the user gave). spacedip does the writing: atomically (temporary
file, then rename) and never outside that folder. See ``docs/plugins.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from spacedip.timeline.entry import Timeline

__all__ = ["ExportFunction", "ExportOutput", "Exporter", "FileContent", "Option", "Stream", "content_bytes"]

class Stream:
    """The content of one file given piece by piece: spacedip writes each piece as it comes,
    so an exporter of a huge timeline never holds its whole output in memory.

    Args:
        chunks: the file's bytes, piece by piece.
        prepare: optional; what must run, in this process, before the chunks are read (files
            that share work, say a layout, do it there). Giving it promises that once it has
            returned the chunks can be read in a *forked* process: reading them then uses no
            open database connection and no file offset shared with this process (``os.pread``
            is fine). spacedip may then write the files of a mapping whose every ``Stream`` has
            one side by side, one process each (``spacedip export --jobs N``); the bytes are
            the same either way. Calling it more than once must do the work once.
    """

    __slots__ = ("_chunks", "prepare")

    def __init__(self, chunks: Iterable[bytes], prepare: Callable[[], object] | None = None) -> None:
        self._chunks = chunks
        self.prepare = prepare

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._chunks)


def content_bytes(content: bytes | Stream) -> bytes:
    """All the bytes of one file's content (joins a :class:`Stream`; for tests and small outputs)."""
    return content if isinstance(content, bytes) else b"".join(content)


FileContent: TypeAlias = bytes | Stream
"""What one output file holds: all its bytes, or a :class:`Stream` of them."""

ExportOutput: TypeAlias = FileContent | Mapping[str, FileContent]
"""One file's content, or ``{relative name: content}`` for a folder of files."""

ExportFunction: TypeAlias = Callable[[Timeline, Mapping[str, Any], Path], ExportOutput]
"""``export(timeline, options, target) -> bytes | {name: bytes}``; ``target`` is the path
the user gave, so an exporter may choose a format from its suffix."""


@attrs.frozen
class Option:
    """One command-line option of an exporter (``--name VALUE``, or ``--name`` for a flag)."""

    name: str
    help: str
    default: Any = None
    choices: tuple[str, ...] | None = None
    flag: bool = False
    parse: Callable[[str], Any] = str
    """Turns the command-line text into the value the exporter receives."""


@attrs.frozen
class Exporter:
    """A named projection of the timeline into files."""

    name: str
    description: str
    default_filename: str
    """What ``spacedip demo`` and ``export`` without ``-o`` write: a file name, or a folder name ending in ``/``."""
    export: ExportFunction
    options: tuple[Option, ...] = ()
    messages: Callable[[Timeline, Mapping[str, Any]], Sequence[str]] | None = None
    """Optional: what to tell the user after an export, e.g. how many entries were left out and why."""

    def defaults(self) -> dict[str, Any]:
        """Every option at its default value."""
        return {opt.name: opt.default for opt in self.options}
