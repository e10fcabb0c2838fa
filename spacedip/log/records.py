"""The envelope of a record in a store: position, time, hash chain around an opaque payload."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import attrs

from spacedip.errors import InputError

__all__ = ["GENESIS_HASH", "AppendResult", "Head", "NewRecord", "PayloadRow", "StoredRecord", "first_repeated_id",
           "record_hash", "refuse_repeated_ids"]

GENESIS_HASH = ""
"""The ``prev_hash`` of the first record."""


@attrs.frozen
class NewRecord:
    """A record about to be appended: content-derived id, type, schema version, canonical JSON payload."""

    id: str
    type: str
    version: int
    payload: bytes


@attrs.frozen
class StoredRecord:
    """A record as the log holds it.

    ``hash`` is the SHA-256 (hex) of :func:`record_hash`'s encoding of every other
    field, ``prev_hash`` the hash of the record before it (empty for the first).
    """

    position: int
    id: str
    type: str
    version: int
    recorded_at: str
    """UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; never decreases along the log."""
    payload: bytes
    prev_hash: str
    hash: str


PayloadRow = tuple[int, str, str, int, str, bytes | str]
"""``(position, id, type, version, recorded_at, payload)`` of a stored record: what decoding it needs."""


@attrs.frozen
class Head:
    """Where the log ends: the last position (0 when empty), its hash and time."""

    position: int
    hash: str
    recorded_at: str | None


@attrs.frozen
class AppendResult:
    """What an append did: positions it wrote, ids it skipped as already present, the new head."""

    appended: tuple[int, ...]
    skipped: tuple[str, ...]
    head: Head


def record_hash(
    position: int, record_id: str, type_name: str, version: int, recorded_at: str, prev_hash: str, payload: bytes
) -> str:
    """The chain hash of a record: SHA-256 over a header line and the payload bytes.

    The header is ``position, id, type, version, recorded_at, prev_hash`` joined by
    the unit separator U+001F and ended by the record separator U+001E, in UTF-8.
    """
    header = f"{position}\x1f{record_id}\x1f{type_name}\x1f{version}\x1f{recorded_at}\x1f{prev_hash}\x1e"
    digest = hashlib.sha256(header.encode("utf-8"))
    digest.update(payload)
    return digest.hexdigest()


def first_repeated_id(records: Iterable[StoredRecord]) -> StoredRecord | None:
    """The first of ``records`` whose id an earlier one has, if any."""
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            return record
        seen.add(record.id)
    return None


def refuse_repeated_ids(records: Iterable[StoredRecord]) -> None:
    """Raise :class:`~spacedip.errors.InputError` if two of ``records`` have the same id (a verbatim import)."""
    repeated = first_repeated_id(records)
    if repeated is not None:
        raise InputError(f"record id {repeated.id} comes twice, the second time at position {repeated.position}",
                         hint="a log holds each record once: import a log's own export, unedited")
