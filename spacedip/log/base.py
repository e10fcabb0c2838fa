"""The interface every store of the log implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from spacedip.log.records import AppendResult, Head, NewRecord, StoredRecord

__all__ = ["Store"]


class Store(Protocol):
    """An append-only, hash-chained sequence of records.

    Implementations: :class:`~spacedip.log.sqlite.SQLiteStore` (the default, one file)
    and :class:`~spacedip.log.memory.MemoryStore` (tests, throw-away logs). The
    contract tests in ``tests/log/test_store_contract.py`` run against each.
    """

    @property
    def location(self) -> str:
        """Where the log lives (a path, or ``:memory:``)."""
        ...

    @property
    def readonly(self) -> bool:
        """True if appends are refused."""
        ...

    def append(self, records: Sequence[NewRecord], *, expected_head: int | None = None) -> AppendResult:
        """Append ``records`` all-or-nothing, skipping ids already in the log (or twice in the batch).

        Raises:
            ConcurrencyError: if ``expected_head`` is given and the log's head differs.
            ReadOnlyLogError: on a read-only log.
            StorageError: when the storage fails; nothing of the batch is then written.
        """
        ...

    def read(self, start: int = 1, stop: int | None = None) -> Iterator[StoredRecord]:
        """Stream records from position ``start`` up to ``stop`` (inclusive) in order."""
        ...

    def head(self) -> Head:
        """The last record's position, hash and time (cheap)."""
        ...

    def position_at(self, recorded_at: str) -> int:
        """The last position recorded at or before the UTC time ``recorded_at`` (0 if none)."""
        ...

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already in the log."""
        ...

    def anchor(self) -> Head | None:
        """The head the store wrote down with its last append, to catch a cut-off end (``None`` if it keeps none)."""
        ...

    def import_verbatim(self, records: Sequence[StoredRecord]) -> None:
        """Copy records with their positions, times and hashes into an empty store, all-or-nothing.

        Raises:
            InputError: if the store is not empty, or two of ``records`` have the same id.
        """
        ...

    def id_fault(self) -> tuple[int, str] | None:
        """The first position whose record id the store cannot vouch for as unique (an id an
        earlier record has, or one filed where look-ups cannot find it), with the reason;
        ``None`` when every id is unique and found. ``verify`` asks after walking the chain."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...
