"""Making untrusted text safe for KML: valid XML characters, inert labels, valid ids."""

from __future__ import annotations

import hashlib
import re

__all__ = ["kml_id", "label", "xml_text"]

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry, line ends as ``\\n``."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def label(text: str, limit: int = 100) -> str:
    """A one-line plain-text label (a ``<name>``) made from untrusted text.

    White space is collapsed, ``<`` and ``>`` become ``‹`` and ``›`` so that no
    reader can take the label for markup, and the label is cut at ``limit``
    characters with an ellipsis.
    """
    flat = _SPACES.sub(" ", xml_text(text)).strip().replace("<", "‹").replace(">", "›")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def kml_id(prefix: str, *parts: str) -> str:
    """A valid ``xs:ID`` (an XML NCName) built from ``prefix`` and ``parts``.

    ``prefix`` must start with a letter. Characters an NCName cannot hold become
    ``_``; when that happens a short hash of the original keeps distinct inputs apart.
    """
    raw = "-".join(parts)
    safe = _NOT_NAME.sub("_", raw)
    if safe != raw:
        safe += "-" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{safe}" if safe else prefix
