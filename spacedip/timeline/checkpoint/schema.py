"""The tables of the timeline checkpoint: a SQLite file beside the log, disposable by design.

Nothing here is a source of truth: every row is a function of the log up to the
position recorded in ``meta``. If the file is missing, stale (the log does not hold the
recorded hash at the recorded position), from another rule version or unreadable, it is
deleted and rebuilt from the log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["RULE_VERSION", "SCHEMA", "SCHEMA_VERSION", "TRIGGERS", "checkpoint_path", "connect", "drop_old_caches",
           "statements"]

SCHEMA_VERSION = "3"
"""Bumped whenever the tables change shape."""

RULE_VERSION = "grouping-1"
"""Bumped whenever grouping or entry building changes what an entry is: old checkpoints are rebuilt."""

SCHEMA = """
-- No semicolon inside a comment: statements() splits on them.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, info BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS languages (language TEXT PRIMARY KEY, articles INTEGER NOT NULL);
-- One row per reported event. state: the ReportedEvent (amendments applied) as JSON.
-- Features columns are what grouping compares, the group columns are where grouping put it.
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    article TEXT NOT NULL,
    active INTEGER NOT NULL,
    kind TEXT NOT NULL,
    edtf TEXT NOT NULL,
    actors TEXT NOT NULL,
    places TEXT NOT NULL,
    specific TEXT NOT NULL,
    component TEXT,
    home TEXT,
    leftover TEXT,
    grp TEXT,
    entry TEXT
);
CREATE INDEX IF NOT EXISTS events_article ON events (article);
CREATE INDEX IF NOT EXISTS events_component ON events (component);
CREATE INDEX IF NOT EXISTS events_home ON events (home);
CREATE INDEX IF NOT EXISTS events_leftover ON events (leftover);
CREATE INDEX IF NOT EXISTS events_grp ON events (grp);
CREATE INDEX IF NOT EXISTS events_entry ON events (entry);
CREATE INDEX IF NOT EXISTS events_edtf ON events (edtf);
-- Active events by (kind family, place or actor key) and day range: the grouping index.
CREATE TABLE IF NOT EXISTS event_keys (
    family TEXT NOT NULL, key TEXT NOT NULL, fine INTEGER NOT NULL,
    lo INTEGER NOT NULL, hi INTEGER NOT NULL, event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_keys_range ON event_keys (family, key, fine, lo);
CREATE INDEX IF NOT EXISTS event_keys_event ON event_keys (event);
-- The longest day range of a coarse, closed-ended event per bucket (never shrinks): bounds range scans.
CREATE TABLE IF NOT EXISTS spans (family TEXT NOT NULL, key TEXT NOT NULL, days INTEGER NOT NULL,
                                  PRIMARY KEY (family, key));
CREATE TABLE IF NOT EXISTS amendments (event TEXT NOT NULL, position INTEGER NOT NULL,
                                       recorded TEXT NOT NULL, record BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS amendments_event ON amendments (event, position);
CREATE TABLE IF NOT EXISTS retractions (event TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS overrides (position INTEGER PRIMARY KEY, action TEXT NOT NULL, ids TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, sort TEXT NOT NULL, digest TEXT NOT NULL,
                                    entry BLOB NOT NULL);
-- Covers the walk in timeline order with each entry's digest, without touching the entry rows.
CREATE INDEX IF NOT EXISTS entries_sort ON entries (sort, id, digest);
-- What an exporter rendered for one entry (see spacedip.export.fragments), valid while the digest holds.
-- Keyed by the entry's sort text so that a period's blocks lie together, in the order an export reads
-- them. Facts (small, read for every entry on each export) apart from the blocks themselves.
CREATE TABLE IF NOT EXISTS fragment_facts (
    renderer TEXT NOT NULL, sort TEXT NOT NULL, entry TEXT NOT NULL, digest TEXT NOT NULL, facts BLOB NOT NULL,
    PRIMARY KEY (renderer, sort, entry)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fragment_facts_entry ON fragment_facts (entry);
CREATE TABLE IF NOT EXISTS fragments (
    renderer TEXT NOT NULL, sort TEXT NOT NULL, entry TEXT NOT NULL, digest TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (renderer, sort, entry)
);
CREATE INDEX IF NOT EXISTS fragments_entry ON fragments (entry);
-- Entries per month of their sort text (its first 8 characters: known flag, year, month) and the
-- generation (meta 'generation', one per checkpoint transaction) that last changed one of them.
-- Kept by the triggers below: an export split by period rewrites only the periods changed since.
CREATE TABLE IF NOT EXISTS months (month TEXT PRIMARY KEY, entries INTEGER NOT NULL, generation INTEGER NOT NULL);
-- What an export split by period wrote: per output folder, export signature and period, the
-- generation it was made at and each file's size, modification time and SHA-256 (JSON).
CREATE TABLE IF NOT EXISTS exports (target TEXT NOT NULL, signature TEXT NOT NULL, period TEXT NOT NULL,
                                    generation INTEGER NOT NULL, files BLOB NOT NULL,
                                    PRIMARY KEY (target, signature, period));
"""

TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS entries_added AFTER INSERT ON entries BEGIN
        INSERT INTO months (month, entries, generation) VALUES (substr(NEW.sort, 1, 8), 1,
            (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'))
        ON CONFLICT (month) DO UPDATE SET entries = entries + 1, generation = excluded.generation;
    END""",
    """CREATE TRIGGER IF NOT EXISTS entries_removed AFTER DELETE ON entries BEGIN
        UPDATE months SET entries = entries - 1, generation =
            (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation') WHERE month = substr(OLD.sort, 1, 8);
    END""",
    """CREATE TRIGGER IF NOT EXISTS entries_changed AFTER UPDATE ON entries BEGIN
        UPDATE months SET entries = entries - 1, generation =
            (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation') WHERE month = substr(OLD.sort, 1, 8);
        INSERT INTO months (month, entries, generation) VALUES (substr(NEW.sort, 1, 8), 1,
            (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'))
        ON CONFLICT (month) DO UPDATE SET entries = entries + 1, generation = excluded.generation;
    END""",
)
"""Keep ``months`` in step with ``entries`` (``INSERT OR REPLACE`` fires the delete trigger too,
as :func:`connect` turns ``recursive_triggers`` on)."""


def statements() -> list[str]:
    """:data:`SCHEMA` and :data:`TRIGGERS` one statement at a time (``executescript`` would commit an
    open transaction)."""
    return [part for part in SCHEMA.split(";") if part.strip()] + list(TRIGGERS)


def drop_old_caches(conn: sqlite3.Connection) -> None:
    """Drop render caches of an older shape (blocks keyed by entry alone), so that the schema
    creates them anew; they are caches, refilled by the next export, and the rest is kept."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(fragments)")}
    if columns and "sort" not in columns:
        conn.execute("DROP TABLE IF EXISTS fragments")
        conn.execute("DROP TABLE IF EXISTS fragment_facts")


def checkpoint_path(log_path: str | Path) -> Path:
    """Where the checkpoint of the log at ``log_path`` lives: ``<log>.timeline`` beside it."""
    path = Path(log_path)
    return path.with_name(path.name + ".timeline")


def connect(path: Path, *, timeout: float = 60.0) -> sqlite3.Connection:
    """A connection to the checkpoint file in WAL mode, transactions managed by the caller."""
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # a lost checkpoint is rebuilt: no need to fsync each commit
    conn.execute("PRAGMA cache_size=-32768")
    conn.execute("PRAGMA recursive_triggers=ON")
    return conn
