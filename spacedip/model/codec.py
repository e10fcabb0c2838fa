"""The one cattrs converter through which every model object is (de)serialised.

Dates are EDTF strings, datetimes ISO 8601 in UTC with a ``Z``, enums their values,
tuples JSON arrays. :func:`encode_record` and :func:`decode_record` turn records into
``(type, version, payload)`` and back, running upcasters on old payloads.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

import cattrs

from spacedip.errors import InputError, SpacedipError
from spacedip.model.dates import Date
from spacedip.model.entities import Actor, Place
from spacedip.model.event import Reason
from spacedip.model.ids import canonical_json
from spacedip.model.records import Payload, Record, record_class, upcast

__all__ = [
    "converter",
    "decode_record",
    "encode_record",
    "format_utc",
    "parse_utc",
    "record_id",
]


T = TypeVar("T")


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


_parse_date = functools.lru_cache(maxsize=65_536)(Date.parse)


def _interning(conv: cattrs.Converter, cls: type[T], key: Callable[[dict[str, Any]], object]) -> Callable[..., Any]:
    """A structure hook for ``tuple[cls, ...]`` that shares equal objects.

    Places and actors repeat across millions of events; sharing one frozen object per
    distinct value keeps replay fast and its memory flat. The table is cleared when it
    grows past 100,000 values.
    """
    single = conv.get_structure_hook(cls)
    table: dict[object, T] = {}

    def structure(value: list[dict[str, Any]], _: object) -> tuple[T, ...]:
        out = []
        for item in value:
            k = key(item)
            found = table.get(k)
            if found is None:
                if len(table) >= 100_000:
                    table.clear()
                found = table[k] = single(item, cls)
            out.append(found)
        return tuple(out)

    return structure


def _place_key(d: dict[str, Any]) -> object:
    coords = d.get("coordinates")
    return (d.get("id"), d.get("name"), d.get("kind"), coords and (coords.get("lat"), coords.get("lon")),
            tuple(d.get("aliases") or ()), d.get("country"), d.get("part_of"))


def _actor_key(d: dict[str, Any]) -> object:
    return (d.get("id"), d.get("name"), d.get("kind"), tuple(d.get("aliases") or ()), d.get("country"),
            d.get("role"))


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=False)
    conv.register_unstructure_hook(Date, lambda d: d.edtf)
    conv.register_structure_hook(Date, lambda v, _: _parse_date(v))
    conv.register_unstructure_hook(dt.datetime, format_utc)
    conv.register_structure_hook(dt.datetime, lambda v, _: parse_utc(v))
    reason = conv.get_structure_hook(Reason)
    hooks: dict[object, Callable[..., Any]] = {
        tuple[Place, ...]: _interning(conv, Place, _place_key),
        tuple[Actor, ...]: _interning(conv, Actor, _actor_key),
        tuple[Reason, ...]: lambda v, _: tuple(reason(r, Reason) for r in v),
        tuple[str, ...]: lambda v, _: tuple(str(x) for x in v),
    }
    for hint, hook in hooks.items():
        conv.register_structure_hook_func(_is_exactly(hint), hook)
    for cls in (Place, Actor, Reason):
        single = conv.get_unstructure_hook(cls)
        conv.register_unstructure_hook_func(
            _is_exactly(tuple[cls, ...]),  # type: ignore[valid-type]
            functools.partial(_unstructure_all, single),
        )
    return conv


def _unstructure_all(single: Callable[[Any], dict[str, Any]], items: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [single(item) for item in items]


def _is_exactly(hint: object) -> Callable[[object], bool]:
    def predicate(candidate: object) -> bool:
        return candidate == hint

    return predicate


converter: cattrs.Converter = _make_converter()
"""The converter for every model class."""


def encode_record(record: Record) -> tuple[str, int, Payload]:
    """``(type name, schema version, payload)`` of a record."""
    payload: Payload = converter.unstructure(record)
    return record.TYPE, record.VERSION, payload


def decode_record(type_name: str, version: int, payload: Payload) -> Any:
    """The record object for a stored payload, upcast to the current schema version.

    Raises:
        UnknownRecordTypeError: for a type or version this spacedip does not know.
        InputError: if the payload does not fit its type.
    """
    cls = record_class(type_name)
    current = upcast(type_name, version, payload)
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
    if identity is None:
        digest.update(payload)
    else:
        digest.update(canonical_json(identity))
    return "rec-" + digest.hexdigest()[:32]
