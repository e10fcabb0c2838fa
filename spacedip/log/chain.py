"""Sealing new records onto the chain, and checking that a chain is whole."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import attrs

from spacedip.log.records import GENESIS_HASH, Head, NewRecord, StoredRecord, record_hash

__all__ = ["SealedRow", "VerifyReport", "now_utc_text", "seal", "seal_rows", "verify_records"]


def now_utc_text(not_before: str | None = None) -> str:
    """The current UTC time as the log writes it, never earlier than ``not_before``."""
    text = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if not_before is not None and text < not_before:
        return not_before
    return text


SealedRow = tuple[int, str, str, int, str, bytes, str, str]
"""A sealed record as a tuple: ``position, id, type, version, recorded_at, payload, prev_hash, hash``."""


def seal(records: Sequence[NewRecord], head: Head, known: set[str]) -> tuple[list[StoredRecord], list[str]]:
    """Positions, time and hashes for the records of a batch that are not yet known.

    Returns:
        The sealed records, and the ids skipped because they were known or repeated.
    """
    rows, skipped = seal_rows(records, head, known)
    return [StoredRecord(*row) for row in rows], skipped


def seal_rows(records: Sequence[NewRecord], head: Head, known: set[str]) -> tuple[list[SealedRow], list[str]]:
    """:func:`seal`, giving each sealed record as a tuple of its fields in :class:`StoredRecord` order.

    The hash is :func:`~spacedip.log.records.record_hash`'s, computed inline (this runs for every
    record appended).
    """
    recorded_at = now_utc_text(head.recorded_at)
    rows: list[SealedRow] = []
    skipped: list[str] = []
    seen = set(known)
    position, prev = head.position, head.hash
    sha256 = hashlib.sha256
    for rec in records:
        ident = rec.id
        if ident in seen:
            skipped.append(ident)
            continue
        seen.add(ident)
        position += 1
        type_name, version, payload = rec.type, rec.version, rec.payload
        header = f"{position}\x1f{ident}\x1f{type_name}\x1f{version}\x1f{recorded_at}\x1f{prev}\x1e"
        digest = sha256(header.encode("utf-8") + payload).hexdigest()
        rows.append((position, ident, type_name, version, recorded_at, payload, prev, digest))
        prev = digest
    return rows, skipped


@attrs.frozen
class VerifyReport:
    """The outcome of walking the hash chain."""

    ok: bool
    records: int
    """How many records were checked."""
    head_hash: str
    first_bad_position: int | None = None
    reason: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def verify_records(records: Iterable[StoredRecord], anchor: Head | None = None) -> VerifyReport:
    """Walk ``records`` from position 1 and name the first position where the chain breaks.

    Checks, for each record: its position follows the previous one, its ``prev_hash``
    is the previous record's hash, its own hash matches its content, and times never
    go back. With ``anchor`` (the head the store wrote down), also that the log ends there.

    When a link breaks between records ``q - 1`` and ``q`` but record ``q`` is untouched
    (it is chained to record ``q - 2``, or its own hash holds and the record after it is
    chained to it), the culprit is record ``q - 1`` (inserted, or changed and re-hashed
    by someone who knew the hash function), and that is the position named.
    """
    expected_position, prev_hash, prev_time, count = 1, GENESIS_HASH, "", 0
    grand_hash: str | None = None
    stream = iter(records)
    rec = next(stream, None)
    while rec is not None:
        after = next(stream, None)
        count += 1
        if rec.position != expected_position:
            return VerifyReport(False, count, prev_hash, expected_position,
                                f"expected position {expected_position}, found {rec.position}")
        intact = record_hash(rec.position, rec.id, rec.type, rec.version, rec.recorded_at, rec.prev_hash,
                             rec.payload) == rec.hash
        if rec.prev_hash != prev_hash:
            return _broken_link(rec, after, intact, grand_hash, prev_hash, count, anchor)
        if not intact:
            return VerifyReport(False, count, prev_hash, rec.position, "content does not match its hash")
        if rec.recorded_at < prev_time:
            return VerifyReport(False, count, prev_hash, rec.position, "recorded earlier than the record before it")
        expected_position, grand_hash, prev_hash, prev_time = rec.position + 1, prev_hash, rec.hash, rec.recorded_at
        rec = after
    last = expected_position - 1
    if anchor is not None and (anchor.position != last or anchor.hash != prev_hash):
        bad = min(anchor.position, last) + 1 if anchor.position != last else last
        return VerifyReport(False, count, prev_hash, max(bad, 1),
                            f"the log ends at position {last} but its head was recorded at {anchor.position}"
                            if anchor.position != last else "the last record is not the one the head recorded")
    return VerifyReport(True, count, prev_hash)


def _broken_link(
    rec: StoredRecord, after: StoredRecord | None, intact: bool, grand_hash: str | None, prev_hash: str,
    count: int, anchor: Head | None,
) -> VerifyReport:
    """Which record a broken link between ``rec.position - 1`` and ``rec`` points at."""
    before = rec.position - 1
    if grand_hash is not None and rec.prev_hash == grand_hash:
        return VerifyReport(False, count, prev_hash, before,
                            f"record {before} was inserted: record {rec.position} is chained to the one before it")
    untouched_after = (after.prev_hash == rec.hash) if after is not None else (
        anchor is not None and anchor.position == rec.position and anchor.hash == rec.hash)
    if intact and untouched_after:
        return VerifyReport(False, count, prev_hash, before,
                            f"record {before} is not the record that was sealed there "
                            f"(record {rec.position} was chained to another one): it was changed and re-hashed")
    return VerifyReport(False, count, prev_hash, rec.position, "previous-hash link does not match the record before it")
