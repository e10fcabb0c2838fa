"""The one cattrs converter through which every model object is (de)serialised.

Dates are EDTF strings, datetimes ISO 8601 in UTC with a ``Z``, enums their values,
tuples JSON arrays. :func:`encode_record` and :func:`decode_record` turn records into
``(type, version, payload)`` and back, running upcasters on old payloads.

Speed. Replaying a log structures millions of events, so the hot classes (``Event`` and
what it holds, ``Article``, ``EventReported``, ``ArticleAdded``) have hand-written hooks
registered on the converter: direct constructor calls, with the same coercions
(``str(...)``, ``int(...)``, ``float(...)``, ``Enum(value)``) as the hooks cattrs
generates, and equal places, actors, reasons, provenances and dates shared rather than
rebuilt. A fast hook that fails on a payload (a missing key, a wrong type, a validator
refusing a value) hands it to the hook cattrs generates for the class, which gives the
same result or the same detailed error as before. A hand-written hook is used only while
its class has exactly the fields it was written for; a class that gains a field falls
back to the generated hooks (``tests/model/test_codec.py`` fails until the hook is updated).
:func:`decode_json` parses and decodes a stored payload in one call (``Log.records``' path).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
import orjson
from cattrs.gen import make_dict_structure_fn

from spacedip.errors import InputError, SpacedipError
from spacedip.model.article import Article
from spacedip.model.dates import Date
from spacedip.model.entities import Actor, ActorKind, Coordinates, Place, PlaceKind
from spacedip.model.event import Event, Evidence, Modality, Provenance, Reason, Span
from spacedip.model.ids import CanonicalPayload, canonical_json
from spacedip.model.records import ArticleAdded, EventReported, Payload, Record, record_class, upcast

__all__ = [
    "converter",
    "decode_json",
    "decode_record",
    "encode_record",
    "encode_record_json",
    "fast_hooks_current",
    "format_utc",
    "generic_converter",
    "parse_utc",
    "record_id",
]


T = TypeVar("T")

_DATE_LIMIT = 100_000
_TABLE_LIMIT = 20_000
"""Shared-value tables are cleared when they reach this many values (dates: ``_DATE_LIMIT``), so memory
stays flat: a place or actor kept costs about 1 KB with the payload it is matched against."""


def format_utc(moment: dt.datetime) -> str:
    """An aware datetime as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.

    Raises:
        ValueError: for a naive datetime.
    """
    if moment.tzinfo is None:
        raise ValueError("naive datetime: spacedip records only UTC times")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> dt.datetime:
    """Read a time written by :func:`format_utc` (any ISO 8601 with an offset works)."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise InputError(f"time {text!r} has no UTC offset", hint="write e.g. 2023-09-14T00:00:00Z")
    return value.astimezone(dt.UTC)


# -- shared values ------------------------------------------------------------------------------------

_DATES: dict[str, Date] = {}


def _date(text: Any) -> Date:
    """``Date.parse`` with a table of the dates already read (a log repeats its dates)."""
    found = _DATES.get(text)
    if found is None:
        if type(text) is not str:
            return Date.parse(text)  # refuses it, as it should
        digits = text[:4] + text[5:7] + text[8:]
        if len(text) == 10 and text[4] == "-" == text[7] and digits.isascii() and digits.isdigit():
            found = Date.day(int(text[:4]), int(text[5:7]), int(text[8:]))  # a day: what Date.parse ends up calling
        else:
            found = Date.parse(text)
        if len(_DATES) >= _DATE_LIMIT:
            _DATES.clear()
        _DATES[text] = found
    return found


_MODALITIES = {m.value: m for m in Modality}
_PLACE_KINDS = {k.value: k for k in PlaceKind}
_ACTOR_KINDS = {k.value: k for k in ActorKind}


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _is_str(*values: Any) -> bool:
    """True when every value is an exact ``str`` (the only values equal to a string)."""
    return all(type(v) is str for v in values)


def _is_opt_str(*values: Any) -> bool:
    return all(v is None or type(v) is str for v in values)


_PLACE_KEYS = frozenset(("id", "name", "kind", "coordinates", "aliases", "country", "part_of"))
_ACTOR_KEYS = frozenset(("id", "name", "kind", "aliases", "country", "role"))
_COORDINATE_KEYS = frozenset(("lat", "lon"))


class _Shared:
    """The tables of shared places, actors, reasons and provenances of the fast hooks.

    Places and actors are found by id, then kept only if the payload equals (``==``, in C)
    the payload they were built from; reasons and provenances by the tuple of their values.
    Only payloads whose strings are exact ``str`` (the only values equal to a string) are
    kept, so a match always stands for the object the generated hooks would build from
    this payload (numbers equal across types, ``1 == 1.0``, give equal coordinates; a
    coordinate of zero is not kept, as ``0.0 == -0.0`` but they are written differently).
    """

    def __init__(self) -> None:
        self.places: dict[Any, tuple[dict[str, Any], Place]] = {}
        self.actors: dict[Any, tuple[dict[str, Any], Actor]] = {}
        self.reasons: dict[tuple[Any, ...], Reason] = {}
        self.provenances: dict[tuple[Any, ...], Provenance] = {}

    def place(self, d: dict[str, Any]) -> Place:
        """The place of payload ``d``, built and remembered."""
        ident, name, coords, aliases, country, part_of = (
            d["id"], d["name"], d["coordinates"], d["aliases"], d["country"], d["part_of"])
        point = None if coords is None else Coordinates(float(coords["lat"]), float(coords["lon"]))
        found = Place(str(ident), str(name), _enum(_PLACE_KINDS, PlaceKind, d["kind"]), point,
                      tuple(map(str, aliases)), _opt_str(country), _opt_str(part_of))
        exact = d.keys() == _PLACE_KEYS and _is_str(ident, name, *aliases) and _is_opt_str(country, part_of)
        if exact and (point is None or (coords.keys() == _COORDINATE_KEYS and point.lat and point.lon)):
            kept = {**d, "aliases": list(aliases), "coordinates": None if coords is None else dict(coords)}
            _remember(self.places, ident, (kept, found))
        return found

    def actor(self, d: dict[str, Any]) -> Actor:
        """The actor of payload ``d``, built and remembered."""
        ident, name, aliases, country, role = d["id"], d["name"], d["aliases"], d["country"], d["role"]
        found = Actor(
            str(ident), str(name), _enum(_ACTOR_KINDS, ActorKind, d["kind"]), tuple(map(str, aliases)),
            _opt_str(country), _opt_str(role),
        )
        if d.keys() == _ACTOR_KEYS and _is_str(ident, name, *aliases) and _is_opt_str(country, role):
            _remember(self.actors, ident, ({**d, "aliases": list(aliases)}, found))
        return found

    def reason(self, key: tuple[Any, ...]) -> Reason:
        """The reason of ``(field, why)``, built and remembered."""
        found = Reason(str(key[0]), str(key[1]))
        if _is_str(*key):
            _remember(self.reasons, key, found)
        return found

    def provenance(self, key: tuple[Any, ...]) -> Provenance:
        """The provenance of ``(extractor, version)``, built and remembered."""
        found = Provenance(str(key[0]), str(key[1]))
        if _is_str(*key):
            _remember(self.provenances, key, found)
        return found


def _remember(table: dict[Any, T], key: Any, value: T) -> None:
    if len(table) >= _TABLE_LIMIT:
        table.clear()
    table[key] = value


def _enum(table: dict[str, T], cls: Callable[[Any], T], value: Any) -> T:
    found = table.get(value)
    return found if found is not None else cls(value)


# -- fast structure hooks -----------------------------------------------------------------------------


def _fast_structure_hooks(shared: _Shared) -> dict[object, Callable[[Any], Any]]:
    """Hand-written structure functions (payload -> object) of the hot classes."""
    places, actors, reasons, provenances = shared.places, shared.actors, shared.reasons, shared.provenances

    def place_list(items: list[dict[str, Any]]) -> tuple[Place, ...]:
        out = []
        for d in items:
            kept = places.get(d["id"])
            out.append(kept[1] if kept is not None and kept[0] == d else shared.place(d))
        return tuple(out)

    def actor_list(items: list[dict[str, Any]]) -> tuple[Actor, ...]:
        out = []
        for d in items:
            kept = actors.get(d["id"])
            out.append(kept[1] if kept is not None and kept[0] == d else shared.actor(d))
        return tuple(out)

    def reason_list(items: list[dict[str, Any]]) -> tuple[Reason, ...]:
        out = []
        for d in items:
            key = (d["field"], d["why"])
            out.append(reasons.get(key) or shared.reason(key))
        return tuple(out)

    def provenance(d: dict[str, Any]) -> Provenance:
        key = (d["extractor"], d["version"])
        return provenances.get(key) or shared.provenance(key)

    # Bound once: the tables are cleared in place, never replaced.
    place_of, actor_of, reason_of, provenance_of = places.get, actors.get, reasons.get, provenances.get
    date_of, modality_of = _DATES.get, _MODALITIES.get

    def event(d: dict[str, Any]) -> Event:
        # The loops of place_list, actor_list and reason_list, inlined: this runs once per event read.
        places_out: list[Place] = []
        for p in d["places"]:
            place = place_of(p["id"])
            places_out.append(place[1] if place is not None and place[0] == p else shared.place(p))
        actors_out: list[Actor] = []
        for a in d["actors"]:
            actor = actor_of(a["id"])
            actors_out.append(actor[1] if actor is not None and actor[0] == a else shared.actor(a))
        reasons_out: list[Reason] = []
        for r in d["reasons"]:
            key = (r["field"], r["why"])
            reasons_out.append(reason_of(key) or shared.reason(key))
        evidence, modality, date, origin = d["evidence"], d["modality"], d["date"], d["provenance"]
        span, confidence = evidence["span"], d["confidence"]
        start, end = span["start"], span["end"]
        key = (origin["extractor"], origin["version"])
        # int(x) and float(x) return x itself for an exact int or float: the test skips the call, not the check.
        return Event(
            str(d["id"]), str(d["kind"]), date_of(date) or _date(date),
            modality_of(modality) or Modality(modality), str(d["summary"]),
            Evidence(str(evidence["article"]),
                     Span(start if type(start) is int else int(start), end if type(end) is int else int(end)),
                     str(evidence["quote"])),
            provenance_of(key) or shared.provenance(key), tuple(places_out), tuple(actors_out),
            confidence if type(confidence) is float else float(confidence), tuple(reasons_out),
        )

    def article(d: dict[str, Any]) -> Article:
        return Article(
            str(d["id"]), str(d["text"]), _date(d["published"]), _opt_str(d["title"]), str(d["language"]),
            _opt_str(d["publisher"]), _opt_str(d["url"]), _opt_str(d["origin"]),
        )

    return {
        Event: event,
        EventReported: lambda d: EventReported(event(d["event"])),
        Article: article,
        ArticleAdded: lambda d: ArticleAdded(article(d["article"])),
        Provenance: provenance,
        tuple[Place, ...]: place_list,
        tuple[Actor, ...]: actor_list,
        tuple[Reason, ...]: reason_list,
    }


# -- fast unstructure hooks ---------------------------------------------------------------------------


# Enum members are read through ``_value_`` (the attribute ``.value`` reads, without its descriptor):
# eight times faster, and this runs for every place and actor written.


def _place_dict(p: Place) -> dict[str, Any]:
    c = p.coordinates
    return {
        "aliases": list(p.aliases), "coordinates": None if c is None else {"lat": c.lat, "lon": c.lon},
        "country": p.country, "id": p.id, "kind": p.kind._value_, "name": p.name, "part_of": p.part_of,
    }


def _actor_dict(a: Actor) -> dict[str, Any]:
    return {"aliases": list(a.aliases), "country": a.country, "id": a.id, "kind": a.kind._value_, "name": a.name,
            "role": a.role}


def _reason_dict(r: Reason) -> dict[str, Any]:
    return {"field": r.field, "why": r.why}


# The dicts below are built with their keys in sorted order: encode_record's CanonicalPayload relies on it.


def _event_dict(
    e: Event, place: Callable[[Place], Any] = _place_dict, actor: Callable[[Actor], Any] = _actor_dict
) -> dict[str, Any]:
    evidence, provenance = e.evidence, e.provenance
    span = evidence.span
    return {
        "actors": list(map(actor, e.actors)),
        "confidence": e.confidence,
        "date": e.date.edtf,
        "evidence": {"article": evidence.article, "quote": evidence.quote,
                     "span": {"end": span.end, "start": span.start}},
        "id": e.id,
        "kind": e.kind,
        "modality": e.modality._value_,
        "places": list(map(place, e.places)),
        "provenance": {"extractor": provenance.extractor, "version": provenance.version},
        "reasons": list(map(_reason_dict, e.reasons)),
        "summary": e.summary,
    }


def _article_dict(a: Article) -> dict[str, Any]:
    return {"id": a.id, "language": a.language, "origin": a.origin, "published": a.published.edtf,
            "publisher": a.publisher, "text": a.text, "title": a.title, "url": a.url}


def _event_floats_finite(e: Event) -> bool:
    """True when the event's floats (confidence, coordinates) have a JSON form."""
    isfinite = math.isfinite
    if not isfinite(e.confidence):
        return False
    for place in e.places:
        point = place.coordinates
        if point is not None and not (isfinite(point.lat) and isfinite(point.lon)):
            return False
    return True


_FAST_UNSTRUCTURE: dict[object, Callable[[Any], Any]] = {
    Event: _event_dict,
    EventReported: lambda r: {"event": _event_dict(r.event)},
    Article: _article_dict,
    ArticleAdded: lambda r: {"article": _article_dict(r.article)},
    Place: _place_dict,
    Actor: _actor_dict,
    Reason: _reason_dict,
    tuple[Place, ...]: lambda items: list(map(_place_dict, items)),
    tuple[Actor, ...]: lambda items: list(map(_actor_dict, items)),
    tuple[Reason, ...]: lambda items: list(map(_reason_dict, items)),
}

_WRITTEN_FOR: dict[type[Any], tuple[str, ...]] = {
    Event: ("id", "kind", "date", "modality", "summary", "evidence", "provenance", "places", "actors",
            "confidence", "reasons"),
    Evidence: ("article", "span", "quote"),
    Span: ("start", "end"),
    Provenance: ("extractor", "version"),
    Reason: ("field", "why"),
    Place: ("id", "name", "kind", "coordinates", "aliases", "country", "part_of"),
    Coordinates: ("lat", "lon"),
    Actor: ("id", "name", "kind", "aliases", "country", "role"),
    Article: ("id", "text", "published", "title", "language", "publisher", "url", "origin"),
    EventReported: ("event",),
    ArticleAdded: ("article",),
}
"""The fields each hand-written hook was written for, in order."""

_NEEDS: dict[object, tuple[type[Any], ...]] = {
    Event: (Event, Evidence, Span, Provenance, Reason, Place, Coordinates, Actor),
    EventReported: (EventReported, Event, Evidence, Span, Provenance, Reason, Place, Coordinates, Actor),
    Article: (Article,),
    ArticleAdded: (ArticleAdded, Article),
    Provenance: (Provenance,),
    Place: (Place, Coordinates),
    Actor: (Actor,),
    Reason: (Reason,),
    tuple[Place, ...]: (Place, Coordinates),
    tuple[Actor, ...]: (Actor,),
    tuple[Reason, ...]: (Reason,),
}
"""The classes whose fields each hand-written hook depends on."""


def fast_hooks_current() -> dict[object, bool]:
    """For each hand-written hook (by class or tuple type): do its classes still have the fields it was written for?"""
    return {hint: _fits(hint) for hint in _NEEDS}


def _fits(hint: object) -> bool:
    return all(tuple(f.name for f in attrs.fields(cls)) == _WRITTEN_FOR[cls] for cls in _NEEDS[hint])


# -- the converters -----------------------------------------------------------------------------------


def _base_converter() -> cattrs.Converter:
    """A converter with spacedip's scalar hooks (dates, datetimes) and cattrs-generated hooks for the rest."""
    conv = cattrs.Converter(forbid_extra_keys=False)
    conv.register_unstructure_hook(Date, lambda d: d.edtf)
    conv.register_structure_hook(Date, lambda v, _: _date(v))
    conv.register_unstructure_hook(dt.datetime, format_utc)
    conv.register_structure_hook(dt.datetime, lambda v, _: parse_utc(v))
    conv.register_structure_hook_func(_is_exactly(tuple[str, ...]), lambda v, _: tuple(str(x) for x in v))
    return conv


def _make_converter(fast: dict[object, Callable[[Any], Any]]) -> cattrs.Converter:
    conv = _base_converter()
    for hint, fast_unstructure in _FAST_UNSTRUCTURE.items():
        if _fits(hint):
            conv.register_unstructure_hook_func(_is_exactly(hint), fast_unstructure)
    # Inner types first: a class's fallback (its generated hook) uses the hooks of its fields.
    for hint in (tuple[Place, ...], tuple[Actor, ...], tuple[Reason, ...], Provenance, Event, Article,
                 EventReported, ArticleAdded):
        if not _fits(hint):
            continue
        generated = _generated_structure(conv, hint)
        conv.register_structure_hook_func(_is_exactly(hint), _with_fallback(fast[hint], generated))
    return conv


def _generated_structure(conv: cattrs.Converter, hint: object) -> Callable[[Any, Any], Any]:
    """The hook cattrs makes for ``hint`` on ``conv`` (before any fast hook for ``hint`` is registered)."""
    if isinstance(hint, type) and attrs.has(hint):
        return make_dict_structure_fn(hint, conv)
    item = hint.__args__[0]  # type: ignore[attr-defined]
    single = conv.get_structure_hook(item)
    return lambda value, _: tuple(single(x, item) for x in value)


def _with_fallback(fast: Callable[[Any], T], generated: Callable[[Any, Any], T]) -> Callable[[Any, Any], T]:
    def structure(value: Any, hint: Any) -> T:
        try:
            return fast(value)
        except Exception:  # the generated hook gives the same result or a detailed error
            return generated(value, hint)

    return structure


def _is_exactly(hint: object) -> Callable[[object], bool]:
    def predicate(candidate: object) -> bool:
        return candidate == hint

    return predicate


_FAST_STRUCTURE = _fast_structure_hooks(_Shared())

converter: cattrs.Converter = _make_converter(_FAST_STRUCTURE)
"""The converter for every model class."""

_FAST_EVENT_REPORTED = _fits(EventReported)
_FAST_ARTICLE_ADDED = _fits(ArticleAdded)
_FAST_DECODE: dict[str, tuple[int, Callable[[Any], Any]]] = {
    cls.TYPE: (cls.VERSION, _FAST_STRUCTURE[cls]) for cls in (EventReported, ArticleAdded) if _fits(cls)
}
"""The hand-written hooks of the records read most, by type name, with the version they read."""


def generic_converter() -> cattrs.Converter:
    """A new converter with only cattrs-generated hooks for the model (what the fast hooks must agree with)."""
    return _base_converter()


# -- records --------------------------------------------------------------------------------------------


def encode_record(record: Record) -> tuple[str, int, Payload]:
    """``(type name, schema version, payload)`` of a record.

    The payload of an event or article record is a :class:`~spacedip.model.ids.CanonicalPayload`
    (built with its keys in order and its floats found finite, so
    :func:`~spacedip.model.ids.canonical_json` writes it as it stands); copy it with
    ``dict(payload)`` before changing it.
    """
    payload: Payload
    if type(record) is EventReported and _FAST_EVENT_REPORTED:
        payload = CanonicalPayload(event=_event_dict(record.event))
        if not _event_floats_finite(record.event):
            payload = dict(payload)  # canonical_json walks it and refuses the NaN or infinity
    elif type(record) is ArticleAdded and _FAST_ARTICLE_ADDED:
        payload = CanonicalPayload(article=_article_dict(record.article))
    else:
        payload = converter.unstructure(record)
    return record.TYPE, record.VERSION, payload


def encode_record_json(record: Record) -> tuple[str, int, bytes]:
    """``(type name, schema version, canonical JSON)`` of a record: what the log stores.

    The same bytes as ``canonical_json(encode_record(record)[2])``, in one step. The canonical
    JSON of each :class:`Place` and :class:`Actor` object is kept while the object lives (they
    are frozen, and extraction shares one object per distinct place or actor), so the places and
    actors that events repeat are written once.

    Raises:
        TypeError: for values JSON cannot hold, lone surrogates, NaN or infinities.
    """
    if type(record) is EventReported and _FAST_EVENT_REPORTED and math.isfinite(record.event.confidence):
        try:
            return record.TYPE, record.VERSION, orjson.dumps({"event": _event_dict(record.event, _place_json,
                                                                                  _actor_json)})
        except _NotFiniteError:
            pass  # encode_record and canonical_json refuse it with their error
    type_name, version, payload = encode_record(record)
    return type_name, version, canonical_json(payload)


_JSON_OF: dict[int, tuple[object, orjson.Fragment]] = {}
"""Canonical JSON of places and actors by ``id()``; each entry holds its object, so the id is not reused."""
_JSON_OF_LIMIT = 4096


def _place_json(p: Place) -> orjson.Fragment:
    held = _JSON_OF.get(id(p))
    if held is not None and held[0] is p:
        return held[1]
    c = p.coordinates
    if c is not None and not (math.isfinite(c.lat) and math.isfinite(c.lon)):
        raise _NotFiniteError
    return _keep_json(p, orjson.dumps(_place_dict(p)))


def _actor_json(a: Actor) -> orjson.Fragment:
    held = _JSON_OF.get(id(a))
    if held is not None and held[0] is a:
        return held[1]
    return _keep_json(a, orjson.dumps(_actor_dict(a)))


class _NotFiniteError(ValueError):
    """A place's coordinates are NaN or infinite (orjson would write them as ``null``)."""


def _keep_json(obj: Place | Actor, data: bytes) -> orjson.Fragment:
    if len(_JSON_OF) >= _JSON_OF_LIMIT:
        _JSON_OF.clear()
    fragment = orjson.Fragment(data)
    _JSON_OF[id(obj)] = (obj, fragment)
    return fragment


def decode_record(type_name: str, version: int, payload: Payload) -> Any:
    """The record object for a stored payload, upcast to the current schema version.

    Raises:
        UnknownRecordTypeError: for a type or version this spacedip does not know.
        InputError: if the payload does not fit its type.
    """
    fast = _FAST_DECODE.get(type_name)
    if fast is not None and version == fast[0]:
        try:
            return fast[1](payload)
        except Exception:  # noqa: S110 - the converter's hooks give the same result or a detailed error
            pass
    return _decode_generated(type_name, version, payload)


def decode_json(type_name: str, version: int, data: bytes | str) -> Any:
    """:func:`decode_record` of a payload as JSON text (its UTF-8 bytes or a ``str``).

    Raises:
        orjson.JSONDecodeError: (a ``ValueError``) if ``data`` is not JSON.
        UnknownRecordTypeError: for a type or version this spacedip does not know.
        InputError: if the payload does not fit its type.
    """
    return decode_record(type_name, version, orjson.loads(data))


def _decode_generated(type_name: str, version: int, payload: Payload) -> Any:
    """The record through the converter's hooks, upcast first: a detailed error for a payload that does not fit."""
    cls = record_class(type_name)
    current = payload if version == cls.VERSION else upcast(type_name, version, payload)
    try:
        return converter.structure(current, cls)
    except SpacedipError:
        raise
    except Exception as exc:  # cattrs raises ClassValidationError groups
        detail = "; ".join(_flatten(exc))
        raise InputError(
            f"record of type {type_name!r} v{version} does not fit its schema: {detail}"
        ) from exc


def _flatten(exc: BaseException) -> list[str]:
    if isinstance(exc, BaseExceptionGroup):
        out: list[str] = []
        for sub in exc.exceptions:
            out.extend(_flatten(sub))
        return out
    return [f"{type(exc).__name__}: {exc}"]


def record_id(type_name: str, payload: bytes, identity: object = None) -> str:
    """The content-derived id of a record: from its identity if it has one, else its payload."""
    digest = hashlib.sha256(type_name.encode("utf-8") + b"\x1f")
    digest.update(payload if identity is None else canonical_json(identity))
    return "rec-" + digest.hexdigest()[:32]
