"""JSON Lines, the interchange format of the log: one record a line, the same bytes back after a round trip.

Each line is the canonical JSON (sorted keys, no spaces, UTF-8) of an object with
``position``, ``id``, ``type``, ``version``, ``recorded_at``, ``prev_hash``, ``hash``
and ``payload`` (the record's payload as a JSON object).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import orjson

from spacedip.errors import InputError
from spacedip.log.chain import verify_records
from spacedip.log.records import StoredRecord
from spacedip.model.ids import canonical_json

__all__ = ["parse_jsonl", "record_to_line", "write_jsonl"]

_FIELDS = {
    "position": int,
    "id": str,
    "type": str,
    "version": int,
    "recorded_at": str,
    "prev_hash": str,
    "hash": str,
}


def record_to_line(record: StoredRecord) -> bytes:
    """One record as a JSON Lines line (with its newline)."""
    return canonical_json(
        {
            "position": record.position,
            "id": record.id,
            "type": record.type,
            "version": record.version,
            "recorded_at": record.recorded_at,
            "prev_hash": record.prev_hash,
            "hash": record.hash,
            "payload": orjson.loads(record.payload),
        }
    ) + b"\n"


def write_jsonl(records: Iterable[StoredRecord], out: BinaryIO) -> int:
    """Write records as JSON Lines to a binary stream; returns how many."""
    count = 0
    for record in records:
        out.write(record_to_line(record))
        count += 1
    return count


def parse_jsonl(lines: Iterable[bytes], *, name: str = "<jsonl>") -> list[StoredRecord]:
    """Read and check a whole JSON Lines export: every line well-formed and the chain whole.

    Raises:
        InputError: naming the first bad line (and nothing is returned).
    """
    records = list(_parse_lines(lines, name))
    report = verify_records(records)
    if not report.ok:
        assert report.first_bad_position is not None
        line = report.first_bad_position
        raise InputError(
            f"record at position {report.first_bad_position} breaks the hash chain: {report.reason}",
            where=f"{name}, line {line}",
            hint="the file was changed after export; export it again from the original log",
        )
    return records


def _parse_lines(lines: Iterable[bytes], name: str) -> Iterator[StoredRecord]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            raise InputError("empty line", where=f"{name}, line {number}", hint="remove blank lines")
        try:
            obj: Any = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc})", where=f"{name}, line {number}") from None
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object", where=f"{name}, line {number}")
        for field, kind in _FIELDS.items():
            value = obj.get(field)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise InputError(
                    f"field {field!r} is missing or not a {kind.__name__}", where=f"{name}, line {number}"
                )
        if not isinstance(obj.get("payload"), dict):
            raise InputError("field 'payload' is missing or not an object", where=f"{name}, line {number}")
        try:
            canonical_json(obj)
        except TypeError as exc:  # e.g. a number too large for the canonical form
            raise InputError(f"cannot be written canonically ({exc})", where=f"{name}, line {number}") from None
        yield StoredRecord(
            obj["position"], obj["id"], obj["type"], obj["version"], obj["recorded_at"],
            canonical_json(obj["payload"]), obj["prev_hash"], obj["hash"],
        )
