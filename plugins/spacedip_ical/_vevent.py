"""One VEVENT written straight to bytes, property by property, with ``icalendar``'s own encoding.

Building an ``icalendar.Event`` and calling ``to_ical(sorted=False)`` costs about a
millisecond per event (a CaselessDict, Parameters for every value, a per-character
folding loop). :func:`vevent` writes the same bytes (``tests/plugins/test_ical_vevent.py``
compares them with the Component path on hostile text) in a fraction of that time:

* every value is encoded by ``icalendar``: TEXT with its ``_escape_char`` (what
  ``vText.to_ical`` calls), ``vInt``, ``vUri``, ``vDatetime``, ``vDate``, and the class
  ``icalendar`` picks for ``X-SPACEDIP-EDTF``; each property's ``NAME;PARAMS:`` is what
  ``Event.add`` gives such a value (``VALUE=DATE`` for a day), asked once at import;
  lines of values from small sets (status, precision, modality, kind) are written by a
  real ``Event().add(...)`` once and kept, and so are values that repeat (days, times);
* each line is composed as ``Contentline.from_parts`` does (``to_unicode`` of the value,
  which drops a leading byte order mark, then ``NAME:value``);
* each line is folded by :func:`fold`, ``icalendar``'s folding rule computed on the UTF-8
  bytes instead of character by character. At import it is checked against
  ``Contentline.to_ical`` on tricky lines; if ``icalendar``'s folding ever differs,
  ``Contentline.to_ical`` is used instead.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any

from icalendar import Event
from icalendar.parser import Contentline
from icalendar.parser_tools import to_unicode
from icalendar.prop import vDate, vDatetime, vInt, vText, vUri
from icalendar.timezone import tzp

from spacedip.model import Modality
from spacedip.timeline import TimelineEntry
from spacedip_ical import _text
from spacedip_ical._span import DaySpan


def escape_text_public(text: str | bytes) -> str:
    """RFC 5545 TEXT escaping through ``icalendar``'s public ``vText`` (the fallback below)."""
    return vText(text).to_ical().decode("utf-8")


try:  # what vText.to_ical calls, without building a vText; private, hence the public fallback
    from icalendar.parser import _escape_char
except ImportError:  # pragma: no cover - an icalendar that moved it
    _escape_char = escape_text_public

__all__ = ["fold", "geo", "text", "utc", "vevent"]

_CRLF = b"\r\n"
_BOM = codecs.BOM_UTF8
_FOLD = b"\r\n "
_LIMIT = 75
"""``icalendar`` folds before a character that would bring a line to 75 octets."""
_ESCAPES = b"\\^"
"""A fold never leaves these last on a line: it would split ``\\,`` or an RFC 6868 ``^n``."""


def text(value: str) -> bytes:
    """``value`` as an RFC 5545 TEXT value, escaped by ``icalendar``, keeping a literal ``\\N``.

    ``icalendar`` 7 reads ``\\N`` in a Python string as a line break when writing;
    RFC 5545 only gives that meaning to the escaped form. Each piece between such pairs
    is escaped by ``icalendar`` (``vText.to_ical``); only the backslash of the pair is
    written escaped here.
    """
    if "\\N" not in value:
        return _escape_char(value).encode()
    return b"\\\\N".join(_escape_char(part).encode() for part in value.split("\\N"))


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC; a naive time is taken as UTC, as the timeline documents."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def geo(lat: float, lon: float) -> str:
    """A GEO value with plain decimals (``vGeo`` writes ``1e-05`` for a tiny coordinate,
    which is not an RFC 5545 FLOAT)."""
    return f"{_decimal(float(lat))};{_decimal(float(lon))}"


def _decimal(value: float) -> str:
    digits = f"{value:.6f}".rstrip("0")
    digits = digits + "0" if digits.endswith(".") else digits
    return "0.0" if digits in ("-0.0", "0.0") else digits


# -- folding ------------------------------------------------------------------------------


def _fold_bytes(line: bytes) -> bytes:
    """``icalendar``'s folding on the UTF-8 bytes of one content line.

    Each physical line holds the longest run of whole characters under 75 octets; if
    that run ends with ``\\`` or ``^`` (and has more than one character), that character
    starts the next line instead. Continuation lines start with one space.
    """
    size = len(line)
    if size < _LIMIT:
        return line
    pieces = []
    start = 0
    while size - start >= _LIMIT:
        end = start + _LIMIT - 1
        while line[end] & 0xC0 == 0x80:  # not in the middle of a UTF-8 character
            end -= 1
        if line[end - 1] in _ESCAPES and end - 1 > start:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return _FOLD.join(pieces)


def _icalendar_fold(line: bytes) -> bytes:
    """What ``Component.to_ical`` writes for one content line (no line break)."""
    return bytes(Contentline(line.decode()).to_ical())


_FOLD_CHECKS = (
    "DESCRIPTION:" + "a" * 200,
    "SUMMARY:" + "é" * 70 + "🚀" * 30 + "x",
    "X:" + "\\" * 160,
    "X:" + "^" * 160,
    "X:" + ("a" * 71 + "\\,") * 4,
    "X:" + ("é" * 35 + "^n") * 4,
    "X:" + "a" * 72,
    "X:" + "a" * 73,
)


def _choose_fold(reference: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """:func:`_fold_bytes` if it folds like ``reference`` on lines that exercise every rule,
    else ``reference`` itself."""
    if all(_fold_bytes(line) == reference(line) for line in (c.encode() for c in _FOLD_CHECKS)):
        return _fold_bytes
    return reference


fold: Callable[[bytes], bytes] = _choose_fold(_icalendar_fold)
"""Fold one content line (UTF-8 bytes, no line break) exactly as ``icalendar`` does."""


# -- lines ----------------------------------------------------------------------------------


def _line(prefix: bytes, value: bytes) -> bytes:
    """``NAME:value`` (``prefix`` is ``NAME:`` or ``NAME;PARAMS:``) folded, with its CRLF.

    ``Contentline.from_parts`` passes the value through ``to_unicode``, whose ``utf-8-sig``
    decoding drops a leading byte order mark; it is called here only when that matters.
    """
    if value.startswith(_BOM):
        value = to_unicode(value).encode()
    return fold(prefix + value) + _CRLF


@functools.lru_cache(maxsize=1 << 12)
def _added(name: str, value: str) -> bytes:
    """The line ``Event().add(name, value)`` writes, by ``icalendar`` itself (kept: these
    values come from small sets: statuses, precisions, modalities, kinds)."""
    event = Event()
    event.add(name, value)
    return bytes(event.content_line(name, event[name], sorted=False).to_ical()) + _CRLF


def _prefix(name: str, sample: object) -> bytes:
    """``NAME:`` or ``NAME;PARAMS:`` with the parameters ``Event.add`` gives a value of
    ``sample``'s type (``VALUE=DATE`` for a date), composed as ``Contentline.from_parts`` does."""
    event = Event()
    event.add(name, sample)
    params = event[name].params
    written = to_unicode(params.to_ical(sorted=False)) if params else ""
    return f"{name};{written}:".encode() if written else f"{name}:".encode()


def _typed(name: str) -> Callable[[str], Any]:
    """The value class ``Event.add`` picks for a string value of property ``name``."""
    return Event.types_factory.for_property(name, None)


@functools.lru_cache(maxsize=1 << 12)
def _moment(moment: dt.datetime) -> bytes:
    """A UTC DATE-TIME value, ``20230913T120000Z``, by ``vDatetime``, as ``Event.add`` writes
    DTSTAMP, CREATED and LAST-MODIFIED (converted to UTC, so with no TZID)."""
    return bytes(vDatetime(tzp.localize_utc(moment)).to_ical())


@functools.lru_cache(maxsize=1 << 15)
def _day(day: dt.date) -> bytes:
    """A DATE value, ``20230913``, by ``vDate`` (what ``vDDDTypes`` writes for a date)."""
    return bytes(vDate(day).to_ical())


_SAMPLE_DAY = dt.date(2000, 1, 1)
_BEGIN = _line(b"BEGIN:", text("VEVENT"))
_END = _line(b"END:", text("VEVENT"))
_UID = _prefix("UID", "")
_DTSTAMP = _prefix("DTSTAMP", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
_CREATED = _prefix("CREATED", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
_LAST_MODIFIED = _prefix("LAST-MODIFIED", dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
_SEQUENCE = _prefix("SEQUENCE", 0)
_DTSTART = _prefix("DTSTART", _SAMPLE_DAY)
_DTEND = _prefix("DTEND", _SAMPLE_DAY)
_SUMMARY = _prefix("SUMMARY", "")
_DESCRIPTION = _prefix("DESCRIPTION", "")
_LOCATION = _prefix("LOCATION", "")
_GEO = _prefix("GEO", (0.0, 0.0))
_URL = _prefix("URL", "")
_CATEGORIES = _prefix("CATEGORIES", [""])
_ENTRY_ID = _prefix("X-SPACEDIP-ENTRY-ID", "")
_EDTF = _prefix("X-SPACEDIP-EDTF", "")
_EDTF_TYPE = _typed("X-SPACEDIP-EDTF")


@functools.lru_cache(maxsize=1 << 14)
def _edtf(edtf: str) -> bytes:
    """The X-SPACEDIP-EDTF line, its value written by the class ``Event.add`` picks (kept: dates repeat)."""
    return _line(_EDTF, _EDTF_TYPE(edtf).to_ical())


_TRANSPARENT = _added("TRANSP", "TRANSPARENT")


def vevent(entry: TimelineEntry, span: DaySpan, lang: str) -> bytes:
    """The VEVENT of one entry shown on ``span``, from ``BEGIN:VEVENT`` to ``END:VEVENT``'s CRLF.

    Properties in a fixed order; every value from the log, none from the clock.
    """
    entry_id = _text.clean_text(entry.id)
    modified = _moment(utc(entry.last_modified))
    lines = [
        _BEGIN,
        _line(_UID, text(f"{entry_id}@spacedip")),
        _line(_DTSTAMP, modified),
        _line(_CREATED, _moment(utc(entry.first_recorded))),
        _line(_LAST_MODIFIED, modified),
        _line(_SEQUENCE, vInt(entry.position).to_ical()),
        _line(_DTSTART, _day(span.start)),
        _line(_DTEND, _day(span.end)),
        _line(_SUMMARY, text(_text.summary(entry, span, lang))),
        _line(_DESCRIPTION, text(_text.description(entry, span, lang))),
    ]
    where = _text.location(entry)
    if where:
        lines.append(_line(_LOCATION, text(where)))
    ground = next((p.coordinates for p in entry.places if p.coordinates is not None), None)
    if ground is not None:
        lines.append(_line(_GEO, geo(ground.lat, ground.lon).encode()))
    url = next((u for u in (_text.web_url(s.article.url) for s in entry.sources) if u), None)
    if url:
        lines.append(_line(_URL, vUri(url).to_ical()))
    lines += [
        _line(_CATEGORIES, _categories(_text.categories(entry, lang))),
        _added("STATUS", "CONFIRMED" if entry.modality is Modality.HAPPENED else "TENTATIVE"),
        _TRANSPARENT,
        _line(_ENTRY_ID, text(entry_id)),
        _edtf(entry.date.edtf),
        _added("X-SPACEDIP-PRECISION", entry.date.precision.value),
        _added("X-SPACEDIP-MODALITY", entry.modality.value),
        _added("X-SPACEDIP-KIND", entry.kind),
        _END,
    ]
    return b"".join(lines)


def _categories(names: Sequence[str]) -> bytes:
    """CATEGORIES as ``vCategory.to_ical`` writes it: each name TEXT-escaped, joined by commas."""
    return b",".join(text(name) for name in names)
