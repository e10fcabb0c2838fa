"""A log kept in memory: for tests and throw-away work (``open_log(":memory:")``)."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator, Sequence

from spacedip.errors import ConcurrencyError, InputError
from spacedip.log.chain import seal
from spacedip.log.records import (
    GENESIS_HASH,
    AppendResult,
    Head,
    NewRecord,
    StoredRecord,
    first_repeated_id,
    refuse_repeated_ids,
)

__all__ = ["MemoryStore"]


class MemoryStore:
    """The :class:`~spacedip.log.base.Store` contract on a Python list; thread-safe."""

    def __init__(self) -> None:
        self._records: list[StoredRecord] = []
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    @property
    def location(self) -> str:
        return ":memory:"

    @property
    def readonly(self) -> bool:
        return False

    def head(self) -> Head:
        if not self._records:
            return Head(0, GENESIS_HASH, None)
        last = self._records[-1]
        return Head(last.position, last.hash, last.recorded_at)

    def anchor(self) -> Head | None:
        return None

    def append(self, records: Sequence[NewRecord], *, expected_head: int | None = None) -> AppendResult:
        with self._lock:
            head = self.head()
            if expected_head is not None and expected_head != head.position:
                raise ConcurrencyError(expected_head, head.position)
            sealed, skipped = seal(records, head, self._ids & {r.id for r in records})
            self._records.extend(sealed)
            self._ids.update(r.id for r in sealed)
            return AppendResult(tuple(r.position for r in sealed), tuple(skipped), self.head())

    def read(self, start: int = 1, stop: int | None = None) -> Iterator[StoredRecord]:
        end = len(self._records) if stop is None else min(stop, len(self._records))
        for index in range(max(start, 1) - 1, end):
            yield self._records[index]

    def position_at(self, recorded_at: str) -> int:
        times = [r.recorded_at for r in self._records]
        return bisect.bisect_right(times, recorded_at)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return self._ids.intersection(ids)

    def import_verbatim(self, records: Sequence[StoredRecord]) -> None:
        with self._lock:
            if self._records:
                raise InputError("verbatim import needs an empty log", hint="import into a new log file")
            refuse_repeated_ids(records)
            self._records.extend(records)
            self._ids.update(r.id for r in records)

    def id_fault(self) -> tuple[int, str] | None:
        repeated = first_repeated_id(self._records)
        return None if repeated is None else (repeated.position, f"record id {repeated.id} is there twice")

    def close(self) -> None:
        """Nothing to release."""
