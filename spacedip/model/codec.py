"""The one cattrs converter through which every model object is (de)serialised.

Dates are EDTF strings, datetimes ISO 8601 in UTC with a ``Z``, enums their values,
tuples JSON arrays. :func:`encode_record` and :func:`decode_record` turn records into
``(type, version, payload)`` and back, running upcasters on old payloads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import cattrs

from spacedip.errors import InputError, SpacedipError
from spacedip.model.dates import Date
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


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=False)
    conv.register_unstructure_hook(Date, lambda d: d.edtf)
    conv.register_structure_hook(Date, lambda v, _: Date.parse(v))
    conv.register_unstructure_hook(dt.datetime, format_utc)
    conv.register_structure_hook(dt.datetime, lambda v, _: parse_utc(v))
    return conv


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
