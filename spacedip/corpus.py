"""The bundled example corpus: five French articles about Russian space diplomacy."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import attrs

__all__ = ["CorpusArticle", "example_corpus"]


@attrs.frozen
class CorpusArticle:
    """A bundled article file and what is known of it."""

    path: Path
    published: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str = "fr"


def example_corpus() -> list[CorpusArticle]:
    """The bundled articles in file-name order, with their publication dates at real precision."""
    folder = Path(str(resources.files("spacedip") / "data" / "corpus"))
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    items = [
        CorpusArticle(
            path=folder / entry["file"],
            published=entry["published"],
            title=entry.get("title"),
            publisher=entry.get("publisher"),
            url=entry.get("url"),
            language=entry.get("language", "fr"),
        )
        for entry in manifest["article"]
    ]
    return sorted(items, key=lambda a: a.path.name)
