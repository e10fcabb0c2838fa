"""The append-only, hash-chained log and its stores (SQLite, memory) and interchange (JSON Lines)."""

from spacedip.log.base import Store
from spacedip.log.chain import VerifyReport, verify_records
from spacedip.log.memory import MemoryStore
from spacedip.log.records import AppendResult, Head, NewRecord, StoredRecord, record_hash
from spacedip.log.sqlite import SQLiteStore

__all__ = [
    "AppendResult",
    "Head",
    "MemoryStore",
    "NewRecord",
    "SQLiteStore",
    "Store",
    "StoredRecord",
    "VerifyReport",
    "record_hash",
    "verify_records",
]
