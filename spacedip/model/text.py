"""Small text helpers shared by the model and its users."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "slug"]


def fold(text: str) -> str:
    """``text`` without accents, case or repeated white space: ``"Baïkonour "`` → ``"baikonour"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def slug(text: str) -> str:
    """A lowercase ASCII id made of ``text``: ``"Kim Jong-un"`` → ``"kim-jong-un"``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
