"""Reading articles from files: decoding, an optional front matter block, clear errors.

A file is UTF-8 text (a UTF-8 or UTF-16 byte-order mark is honoured), optionally
starting with front matter between two ``---`` lines::

    ---
    published: 2023-09
    title: Poutine et Kim à Vostotchny
    publisher: Le Courrier du Vietnam
    url: https://example.org/article
    language: fr
    ---
    Le texte de l'article…

Front matter is read by a strict ``key: value`` parser (not YAML): only the keys
above, each at most once, one per line.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import attrs

from spacedip.errors import InputError
from spacedip.model import Article, Date

__all__ = ["FRONT_MATTER_KEYS", "ArticleFile", "decode_text", "parse_front_matter", "read_article"]

FRONT_MATTER_KEYS = ("published", "title", "publisher", "url", "language")
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
"""The largest article accepted (UTF-8 bytes): news articles are a few kB; more is a wrong file."""


@attrs.frozen
class ArticleFile:
    """The text of an article file and the metadata its front matter gave."""

    text: str
    metadata: dict[str, str]


def decode_text(data: bytes, *, where: str, encoding: str | None = None) -> str:
    """Bytes of an article as text, with the BOM removed.

    Raises:
        InputError: naming the byte offset of the first undecodable byte, or NUL bytes.
    """
    if encoding is None:
        if data.startswith(codecs.BOM_UTF8):
            encoding, data = "utf-8", data[len(codecs.BOM_UTF8):]
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
            if b"\x00" in data:
                offset = data.index(b"\x00")
                raise InputError(
                    f"NUL byte at byte offset {offset}: this looks like UTF-16 without a byte-order mark, "
                    "or binary data, not UTF-8 text",
                    where=where,
                    hint="convert it to UTF-8, or pass --encoding utf-16-le (or utf-16-be)",
                )
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", where=where, hint="try utf-8, latin-1, utf-16") from None
    except UnicodeDecodeError as exc:
        bad = exc.object[exc.start : exc.start + 1]
        raise InputError(
            f"not valid {encoding} at byte offset {exc.start} (byte 0x{bad.hex()})",
            where=where,
            hint="pass --encoding with the file's real encoding, e.g. --encoding latin-1",
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InputError(f"the text holds a NUL character at offset {text.index(chr(0))}", where=where,
                         hint="this is binary data, not an article")
    return text


def parse_front_matter(text: str, *, where: str) -> ArticleFile:
    """Split front matter from the body.

    Raises:
        InputError: for an unclosed block, a line that is not ``key: value``, an
            unknown or repeated key, naming its line number.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return ArticleFile(text, {})
    metadata: dict[str, str] = {}
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        if line == "---":
            body = "\n".join(lines[number:])
            return ArticleFile(body, metadata)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"front matter line {line!r} is not 'key: value'", where=f"{where}, line {number}")
        if key not in FRONT_MATTER_KEYS:
            raise InputError(
                f"unknown front matter key {key!r}", where=f"{where}, line {number}",
                hint=f"use {', '.join(FRONT_MATTER_KEYS)}",
            )
        if key in metadata:
            raise InputError(f"front matter key {key!r} appears twice", where=f"{where}, line {number}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        metadata[key] = value
    raise InputError("front matter opened with '---' is never closed", where=f"{where}, line 1",
                     hint="end it with a line holding only ---")


def read_article(
    path: Path,
    *,
    encoding: str | None = None,
    published: Date | str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Article:
    """An :class:`Article` from a file; arguments given here win over its front matter.

    Raises:
        InputError: for a missing, empty, too large or undecodable file, or bad front matter
            or publication date.
    """
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", where=where, hint="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read it ({exc.strerror})", where=where) from None
    if path.is_dir():
        raise InputError("this is a folder, not an article file", where=where, hint="name the files, e.g. folder/*.txt")
    if size > MAX_ARTICLE_BYTES:
        raise InputError(f"{size} bytes is larger than the {MAX_ARTICLE_BYTES // 2**20} MiB an article may be",
                         where=where, hint="split it into articles")
    text = decode_text(path.read_bytes(), where=where, encoding=encoding)
    parsed = parse_front_matter(text, where=where)
    meta = parsed.metadata
    return make_article(
        parsed.text,
        where=where,
        origin=path.name,
        published=published if published is not None else meta.get("published"),
        title=title if title is not None else meta.get("title"),
        publisher=publisher if publisher is not None else meta.get("publisher"),
        url=url if url is not None else meta.get("url"),
        language=language if language is not None else meta.get("language"),
    )


def make_article(
    text: str,
    *,
    where: str = "<text>",
    origin: str | None = None,
    published: Date | str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Article:
    """An :class:`Article` from text, checking it is not empty and its date is EDTF.

    Raises:
        InputError: for empty, too large or non-Unicode text, or a publication date that is not EDTF.
    """
    if not text.strip():
        raise InputError("the article is empty", where=where, hint="give a file with text in it")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InputError(f"the text holds a lone surrogate at offset {exc.start}, which is not Unicode text",
                         where=where, hint="decode the source with the right encoding") from None
    if size > MAX_ARTICLE_BYTES:
        raise InputError(f"the text is larger than the {MAX_ARTICLE_BYTES // 2**20} MiB an article may be",
                         where=where, hint="split it into articles")
    if isinstance(published, str):
        try:
            published = Date.parse(published)
        except InputError as exc:
            raise InputError(f"publication date: {exc.message}", where=where, hint=exc.hint) from None
    return Article.create(
        text, published=published, title=title or None, language=language or "fr",
        publisher=publisher or None, url=url or None, origin=origin,
    )
