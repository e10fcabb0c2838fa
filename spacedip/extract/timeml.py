"""Read TimeML (``.tml``) files such as the French TimeBank.

The text is the content of ``<TEXT>`` with every tag stripped; gold TIMEX3 offsets
point into that stripped text. The document creation time (DCT) comes from the
``<DCT>`` element's TIMEX3 ``value``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import attrs

from spacedip.errors import InputError

__all__ = ["GoldTimex", "TimeMLDocument", "parse_timeml", "read_timeml"]


@attrs.frozen
class GoldTimex:
    """One TIMEX3 of a TimeML document: ``text == document.text[start:end]``."""

    start: int
    end: int
    type: str
    value: str | None
    text: str
    mod: str | None = None
    tid: str | None = None


@attrs.frozen
class TimeMLDocument:
    """A TimeML document: its id, stripped text, creation time and gold TIMEX3s."""

    doc_id: str
    text: str
    dct: str | None
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: str | Path) -> TimeMLDocument:
    """Read a ``.tml`` file.

    Raises:
        InputError: if the file cannot be read or is not TimeML with a ``<TEXT>`` element.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {exc.strerror or exc}", where=str(path)) from exc
    return parse_timeml(data, where=str(path), default_id=path.stem)


def parse_timeml(data: bytes | str, *, where: str = "<timeml>", default_id: str = "") -> TimeMLDocument:
    """Parse TimeML text (bytes or str).

    Raises:
        InputError: if the XML is malformed or has no ``<TEXT>`` element.
    """
    try:
        root = ET.fromstring(data)  # noqa: S314 - local corpus files, no entity expansion used
    except ET.ParseError as exc:
        raise InputError(f"malformed TimeML: {exc}", where=where, hint="check the XML is well formed") from exc
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise InputError("no <TEXT> element", where=where, hint="is this a TimeML file?")
    doc_id_el = root.find(".//DOCID")
    doc_id = (doc_id_el.text or "").strip() if doc_id_el is not None else default_id
    dct = None
    dct_el = root.find(".//DCT/TIMEX3")
    if dct_el is not None:
        dct = dct_el.get("value")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        start = length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if el.tag == "TIMEX3":
            surface = "".join(parts)[start:length]
            timexes.append(
                GoldTimex(
                    start=start,
                    end=length,
                    type=el.get("type", ""),
                    value=el.get("value"),
                    text=surface,
                    mod=el.get("mod"),
                    tid=el.get("tid"),
                )
            )

    walk(text_el)
    timexes.sort(key=lambda t: (t.start, t.end))
    return TimeMLDocument(doc_id=doc_id or default_id, text="".join(parts), dct=dct, timexes=tuple(timexes))
