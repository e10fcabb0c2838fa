"""Folding new log records into the checkpoint's tables, noting what changed for regrouping."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator

import attrs
import orjson

from spacedip.log.records import StoredRecord
from spacedip.model import ArticleAdded, EntriesMerged, EntriesSplit, EventAmended, EventReported, EventRetracted
from spacedip.model.codec import converter
from spacedip.timeline.checkpoint.rows import (
    decode_state,
    encode_article,
    encode_state,
    feature_columns,
    features_from_row,
)
from spacedip.timeline.features import Features, features_of
from spacedip.timeline.projection import (
    ReportedEvent,
    article_info,
    recorded_time,
    reported_again,
    with_amendments,
)

__all__ = ["Changes", "Fold"]

_FEATURE_COLUMNS = "id, kind, edtf, actors, places, specific"


@attrs.define
class Changes:
    """What a run of records changed, for :mod:`spacedip.timeline.checkpoint.regroup`."""

    events: dict[str, Features | None] = attrs.field(factory=dict)
    """Each event whose report, amendments or retraction changed, with its features before the
    run if it was then active (``None`` if it was new or retracted)."""
    articles: set[str] = attrs.field(factory=set)
    """Articles added in the run (entries quoting them show their title from now on)."""
    overrides: bool = False
    """A person merged or split entries in the run."""
    records: int = 0

    def __bool__(self) -> bool:
        return bool(self.events or self.articles or self.overrides)


class Fold:
    """Applies records, in log order, to the checkpoint tables on ``conn`` (inside its transaction)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.changes = Changes()
        self.position = 0
        self.hash = ""
        self.updated = ""

    def apply(self, stored: StoredRecord, record: object) -> None:
        """Fold one decoded record read at ``stored``'s position."""
        when = recorded_time(stored.recorded_at)
        if isinstance(record, ArticleAdded):
            self._article(record)
        elif isinstance(record, EventReported):
            previous = self._state(record.event.id)
            state = reported_again(previous, record.event, stored.position, when)
            amendments = list(self._amendments(record.event.id))
            if amendments:
                state = with_amendments(state, amendments)
            self._write(state)
        elif isinstance(record, EventAmended):
            self.conn.execute(
                "INSERT INTO amendments (event, position, recorded, record) VALUES (?, ?, ?, ?)",
                (record.event_id, stored.position, stored.recorded_at,
                 orjson.dumps(converter.unstructure(record))),
            )
            current = self._state(record.event_id)
            if current is not None:
                self._write(with_amendments(current, self._amendments(record.event_id)))
        elif isinstance(record, EventRetracted):
            self._retract(record.event_id)
        elif isinstance(record, EntriesMerged | EntriesSplit):
            action = "merge" if isinstance(record, EntriesMerged) else "split"
            self.conn.execute(
                "INSERT INTO overrides (position, action, ids) VALUES (?, ?, ?)",
                (stored.position, action, "\n".join(record.event_ids)),
            )
            self.changes.overrides = True
        self.position, self.hash, self.updated = stored.position, stored.hash, stored.recorded_at
        self.changes.records += 1

    # -- records ------------------------------------------------------------------------

    def _article(self, record: ArticleAdded) -> None:
        info = article_info(record.article)
        inserted = self.conn.execute(
            "INSERT OR IGNORE INTO articles (id, info) VALUES (?, ?)", (info.id, encode_article(info))
        ).rowcount
        if inserted:
            self.conn.execute(
                "INSERT INTO languages (language, articles) VALUES (?, 1) "
                "ON CONFLICT (language) DO UPDATE SET articles = articles + 1",
                (info.language,),
            )
            self.changes.articles.add(info.id)

    def _retract(self, event_id: str) -> None:
        if not self.conn.execute("INSERT OR IGNORE INTO retractions (event) VALUES (?)", (event_id,)).rowcount:
            return
        row = self.conn.execute("SELECT active FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is not None and row[0]:
            self._note(event_id)
            self.conn.execute("UPDATE events SET active = 0 WHERE id = ?", (event_id,))
            self.conn.execute("DELETE FROM event_keys WHERE event = ?", (event_id,))

    # -- rows ---------------------------------------------------------------------------

    def _state(self, event_id: str) -> ReportedEvent | None:
        row = self.conn.execute("SELECT state FROM events WHERE id = ?", (event_id,)).fetchone()
        return decode_state(row[0]) if row is not None else None

    def _amendments(self, event_id: str) -> Iterator[tuple[EventAmended, int, dt.datetime]]:
        rows = self.conn.execute(
            "SELECT record, position, recorded FROM amendments WHERE event = ? ORDER BY position", (event_id,)
        ).fetchall()
        for blob, position, recorded in rows:
            yield converter.structure(orjson.loads(blob), EventAmended), position, recorded_time(recorded)

    def _note(self, event_id: str) -> None:
        """Remember ``event_id``'s features as they were before this run (once)."""
        if event_id in self.changes.events:
            return
        row = self.conn.execute(
            f"SELECT {_FEATURE_COLUMNS}, active FROM events WHERE id = ?", (event_id,)  # noqa: S608 (constant)
        ).fetchone()
        self.changes.events[event_id] = features_from_row(row[:6]) if row is not None and row[6] else None

    def _write(self, state: ReportedEvent) -> None:
        event = state.event
        self._note(event.id)
        active = self.conn.execute("SELECT 1 FROM retractions WHERE event = ?", (event.id,)).fetchone() is None
        features = features_of(event)
        self.conn.execute(
            "INSERT INTO events (id, state, article, active, kind, edtf, actors, places, specific) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
            "article = excluded.article, active = excluded.active, kind = excluded.kind, edtf = excluded.edtf, "
            "actors = excluded.actors, places = excluded.places, specific = excluded.specific",
            (event.id, encode_state(state), event.evidence.article, int(active), *feature_columns(features)),
        )
        self.conn.execute("DELETE FROM event_keys WHERE event = ?", (event.id,))
        if active:
            index_event(self.conn, features)


def index_event(conn: sqlite3.Connection, features: Features) -> None:
    """Add an active event to the grouping index (``event_keys`` and ``spans``)."""
    conn.executemany(
        "INSERT INTO event_keys (family, key, fine, lo, hi, event) VALUES (?, ?, ?, ?, ?, ?)",
        [(features.family, key, int(features.fine), features.lo, features.hi, features.id)
         for key in sorted(features.index_keys)],
    )
    if not features.fine and not features.open and features.date.is_known:
        conn.executemany(
            "INSERT INTO spans (family, key, days) VALUES (?, ?, ?) "
            "ON CONFLICT (family, key) DO UPDATE SET days = max(days, excluded.days)",
            [(features.family, key, features.hi - features.lo) for key in sorted(features.index_keys)],
        )
