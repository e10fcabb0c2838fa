"""A news article as it was added to the log."""

from __future__ import annotations

import attrs

from spacedip.model.dates import Date
from spacedip.model.ids import content_id

__all__ = ["Article", "article_id"]


def article_id(text: str) -> str:
    """The id of an article: derived from its text alone, so adding it twice changes nothing."""
    return content_id("art", text)


@attrs.frozen
class Article:
    """An article's text and what is known about it.

    ``text`` is kept exactly as decoded (a leading BOM removed), so every evidence
    span points into it. ``published`` is as precise as the source says, no more.
    """

    id: str
    text: str
    published: Date = attrs.field(factory=Date.unknown)
    title: str | None = None
    language: str = "fr"
    publisher: str | None = None
    url: str | None = None
    origin: str | None = None
    """Where the article came from: a file name, a feed, a person."""

    @classmethod
    def create(
        cls,
        text: str,
        *,
        published: Date | str | None = None,
        title: str | None = None,
        language: str = "fr",
        publisher: str | None = None,
        url: str | None = None,
        origin: str | None = None,
    ) -> Article:
        """An article with its content-derived id; ``published`` may be EDTF text."""
        if isinstance(published, str):
            published = Date.parse(published)
        return cls(
            id=article_id(text),
            text=text,
            published=published or Date.unknown(),
            title=title,
            language=language,
            publisher=publisher,
            url=url,
            origin=origin,
        )
