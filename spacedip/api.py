"""The Python API: open a log, add articles, read the timeline, correct it, verify it.

>>> import spacedip
>>> log = spacedip.open_log(":memory:")
>>> result = log.add_article("Poutine a rencontré Kim mercredi.", published="2023-09-13", extract=False)
>>> result.added
True
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import attrs
import orjson

from spacedip.articles import make_article, read_article
from spacedip.errors import InputError, UnknownEventError
from spacedip.log import MemoryStore, SQLiteStore, Store, VerifyReport, verify_records
from spacedip.log.jsonl import parse_jsonl, write_jsonl
from spacedip.log.records import AppendResult, Head, NewRecord, StoredRecord
from spacedip.model import (
    Actor,
    Article,
    ArticleAdded,
    Date,
    EntriesMerged,
    EntriesSplit,
    Event,
    EventAmended,
    EventReported,
    EventRetracted,
    Modality,
    Place,
    Record,
)
from spacedip.model.codec import decode_json, decode_record, encode_record_json, format_utc, parse_utc, record_id
from spacedip.timeline.entry import Timeline
from spacedip.timeline.projection import ReportedEvent, TimelineState

if TYPE_CHECKING:
    from spacedip.timeline.checkpoint import Progress

__all__ = ["AddResult", "AsOf", "Extractor", "ImportResult", "Log", "LoggedRecord", "open_log"]

Extractor = Callable[[Article], Sequence[Event]]
"""A function from an article to the events it reports."""

AsOf = int | str | dt.datetime | None
"""A point of the log's history: a position (an int, or text ``#123``), an EDTF day, month or
year or an ISO time with offset (text), or an aware datetime."""


@attrs.frozen
class LoggedRecord:
    """A decoded record with its place in the log."""

    position: int
    id: str
    recorded_at: dt.datetime
    record: Record


@attrs.frozen
class AddResult:
    """What adding an article did."""

    article: Article
    added: bool
    """False when the article was already in the log (nothing changed)."""
    events: tuple[Event, ...]
    """The events the extractor found (appended unless already present)."""
    appended: int
    """How many records were appended."""


@attrs.frozen
class ImportResult:
    """What importing JSON Lines did."""

    records: int
    appended: int
    skipped: int
    verbatim: bool
    """True when the log was empty and the records were copied with their positions and hashes."""


_recorded_time = functools.lru_cache(maxsize=4096)(parse_utc)  # a batch shares one time
_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


def _encode(record: Record) -> NewRecord:
    type_name, version, data = encode_record_json(record)
    return NewRecord(record_id(type_name, data, record.identity()), type_name, version, data)


def _decode(stored: StoredRecord) -> Record:
    record: Record = decode_record(stored.type, stored.version, orjson.loads(stored.payload))
    return record


def _default_extractor() -> Extractor | None:
    try:
        from spacedip.extract.pipeline import extract_events
    except ImportError:  # pragma: no cover - the pipeline ships with spacedip
        return None
    return extract_events


class Log:
    """An append-only log of records and the timeline it projects.

    Use :func:`open_log` to get one. A log is a context manager that closes its store.
    """

    def __init__(self, store: Store, *, extractor: Extractor | None = None, checkpoints: bool = True) -> None:
        self.store = store
        self._extractor = extractor
        self.checkpoints = checkpoints and isinstance(store, SQLiteStore)
        """Whether :meth:`timeline` keeps a checkpoint beside the log (a SQLite log whose folder can be
        written; a log opened read-only still gets one, the log itself is only read)."""

    # -- life cycle -------------------------------------------------------------------

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<spacedip.Log {self.store.location!r} head={self.head.position}>"

    @property
    def location(self) -> str:
        """Where the log lives."""
        return self.store.location

    @property
    def head(self) -> Head:
        """The last position, its hash and time."""
        return self.store.head()

    # -- writing ------------------------------------------------------------------------

    def append(self, records: Sequence[Record], *, expected_head: int | None = None) -> AppendResult:
        """Append record objects all-or-nothing; records already in the log are skipped.

        Raises:
            ConcurrencyError: if ``expected_head`` is given and the log moved.
        """
        return self.store.append([_encode(r) for r in records], expected_head=expected_head)

    def add_article(
        self,
        source: str | os.PathLike[str],
        *,
        published: Date | str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        url: str | None = None,
        language: str | None = None,
        encoding: str | None = None,
        extract: bool = True,
    ) -> AddResult:
        """Add an article (and, with ``extract``, the events it reports) in one atomic append.

        ``source`` is a path (a :class:`~pathlib.Path`, or a one-line string naming an
        existing file) or the article's text. A file may carry front matter; arguments
        given here win over it. Adding the same text twice changes nothing.

        Raises:
            InputError: for a missing, empty or undecodable file, bad front matter or date.
        """
        article = self._load(source, published=published, title=title, publisher=publisher, url=url,
                             language=language, encoding=encoding)
        return self.add(article, extract=extract)

    def add(self, article: Article, *, extract: bool = True, events: Sequence[Event] | None = None) -> AddResult:
        """Add an :class:`Article` object (see :meth:`add_article`).

        ``events``, when given, are appended instead of running the extractor (they were
        found elsewhere, e.g. by a process pool: ``spacedip add --jobs N``).
        """
        found: tuple[Event, ...] = ()
        if events is not None:
            found = tuple(events)
        elif extract:
            extractor = self._extractor if self._extractor is not None else _default_extractor()
            if extractor is not None:
                found = tuple(extractor(article))
        records: list[Record] = [ArticleAdded(article), *(EventReported(e) for e in found)]
        result = self.append(records)
        added = bool(result.appended) and _encode(records[0]).id not in result.skipped
        return AddResult(article, added, found, len(result.appended))

    @staticmethod
    def _load(source: str | os.PathLike[str], **kwargs: object) -> Article:
        encoding = kwargs.pop("encoding")
        if isinstance(source, os.PathLike) or (isinstance(source, str) and _names_a_file(source)):
            return read_article(Path(source), encoding=encoding, **kwargs)  # type: ignore[arg-type]
        return make_article(str(source), **kwargs)  # type: ignore[arg-type]

    def retract(self, event_id: str, *, reason: str, by: str | None = None) -> AppendResult:
        """Withdraw a reported event from the timeline (the report stays in the log).

        Raises:
            UnknownEventError: if no event has that id.
        """
        self._require_event(event_id)
        _require_reason(reason)
        return self.append([EventRetracted(event_id, reason, by)])

    def amend(
        self,
        event_id: str,
        *,
        reason: str,
        date: Date | str | None = None,
        kind: str | None = None,
        summary: str | None = None,
        modality: Modality | str | None = None,
        places: Sequence[Place] | None = None,
        actors: Sequence[Actor] | None = None,
        by: str | None = None,
    ) -> AppendResult:
        """Correct fields of a reported event; the fields left ``None`` stay as they are.

        Raises:
            UnknownEventError: if no event has that id.
            InputError: if nothing would change, or a value is invalid.
        """
        self._require_event(event_id)
        _require_reason(reason)
        if isinstance(date, str):
            date = Date.parse(date)
        if isinstance(modality, str):
            try:
                modality = Modality(modality)
            except ValueError:
                raise InputError(
                    f"unknown modality {modality!r}", hint=f"use one of {', '.join(m.value for m in Modality)}"
                ) from None
        if all(v is None for v in (date, kind, summary, modality, places, actors)):
            raise InputError("an amendment must change something", hint="give --date, --place, --kind or --summary")
        amendment = EventAmended(
            event_id=event_id, reason=reason, date=date, kind=kind, summary=summary, modality=modality,
            places=tuple(places) if places is not None else None,
            actors=tuple(actors) if actors is not None else None, by=by,
        )
        return self.append([amendment])

    def merge(self, event_ids: Sequence[str], *, reason: str, by: str | None = None) -> AppendResult:
        """Say that these events tell one happening (they become one timeline entry)."""
        ids = self._require_events(event_ids, minimum=2)
        _require_reason(reason)
        return self.append([EntriesMerged(ids, reason, by)])

    def split(self, event_ids: Sequence[str], *, reason: str, by: str | None = None) -> AppendResult:
        """Say that these events tell a happening of their own, apart from the others."""
        ids = self._require_events(event_ids, minimum=1)
        _require_reason(reason)
        return self.append([EntriesSplit(ids, reason, by)])

    def import_jsonl(self, source: str | os.PathLike[str] | BinaryIO) -> ImportResult:
        """Read a JSON Lines export into this log, all or nothing.

        Into an empty log the records are copied as they were (positions, times, hashes),
        so exporting again gives the same bytes. Into a log that has records, the
        records not yet present are appended as new ones.

        Raises:
            InputError: naming the first bad line; nothing is imported.
        """
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            try:
                with path.open("rb") as handle:
                    records = parse_jsonl(handle, name=str(path))
            except FileNotFoundError:
                raise InputError("no such file", where=str(path)) from None
        else:
            records = parse_jsonl(source, name=getattr(source, "name", "<stream>"))
        for number, stored in enumerate(records, start=1):
            try:
                _decode(stored)
            except Exception as exc:
                raise InputError(f"record {stored.id} cannot be read: {exc}", where=f"line {number}") from None
        if self.head.position == 0:
            self.store.import_verbatim(records)
            return ImportResult(len(records), len(records), 0, True)
        result = self.store.append([NewRecord(r.id, r.type, r.version, r.payload) for r in records])
        return ImportResult(len(records), len(result.appended), len(result.skipped), False)

    # -- reading ------------------------------------------------------------------------

    def records(self, start: int = 1, stop: int | None = None) -> Iterator[LoggedRecord]:
        """Stream decoded records (upcast to the current schema) from ``start`` to ``stop``."""
        store, time_of = self.store, _recorded_time
        if not isinstance(store, SQLiteStore):
            for stored in store.read(start, stop):
                yield LoggedRecord(stored.position, stored.id, time_of(stored.recorded_at), _decode(stored))
            return
        # SQLite rows straight to records: no envelope objects, no chain hashes read.
        decode, last, moment = decode_json, None, _NEVER  # no text equals None: moment is set at the first row
        for page in store.read_payloads(start, stop):
            for position, ident, type_name, version, recorded_at, payload in page:
                if recorded_at != last:  # the records of one append share their time
                    last, moment = recorded_at, time_of(recorded_at)
                yield LoggedRecord(position, ident, moment, decode(type_name, version, payload))

    def export_jsonl(self, out: BinaryIO) -> int:
        """Write the whole log as JSON Lines to a binary stream; returns the record count."""
        return write_jsonl(self.store.read(), out)

    def position_as_of(self, as_of: AsOf) -> int:
        """The last position known at ``as_of`` (see :data:`AsOf`).

        An EDTF day, month or year means the end of that day, month or year (UTC).

        Raises:
            InputError: for a value that is neither a position nor a time.
        """
        head = self.head.position
        if as_of is None:
            return head
        if isinstance(as_of, int):
            if as_of < 0:
                raise InputError(f"position {as_of} is negative")
            return min(as_of, head)
        if isinstance(as_of, dt.datetime):
            if as_of.tzinfo is None:
                raise InputError("a naive datetime is ambiguous", hint="give a timezone-aware datetime (UTC)")
            return self.store.position_at(format_utc(as_of))
        text = as_of.strip()
        if text.startswith("#") and text[1:].isdigit():
            return min(int(text[1:]), head)
        if "T" in text:
            try:
                return self.store.position_at(format_utc(parse_utc(text)))
            except ValueError:
                raise InputError(f"{as_of!r} is not a time", hint="write e.g. 2023-09-14T12:00:00Z") from None
        day = Date.parse(text)
        if not day.is_known or day.latest is None:
            raise InputError(f"{as_of!r} has no end", hint="give a day such as 2023-09-14")
        end = dt.datetime.combine(day.latest, dt.time.max, tzinfo=dt.UTC)
        return self.store.position_at(format_utc(end))

    def replay(self, *, as_of: AsOf = None) -> TimelineState:
        """Fold the log (up to ``as_of``) into a :class:`TimelineState`."""
        stop = self.position_as_of(as_of)
        state = TimelineState()
        if stop == 0:
            return state
        return state.apply_all((stored, _decode(stored)) for stored in self.store.read(1, stop))

    def timeline(self, *, as_of: AsOf = None, progress: Progress | None = None) -> Timeline:
        """The timeline as the log tells it (at ``as_of``): grouped entries in date order.

        The current timeline of a SQLite log comes from its checkpoint (``<log>.timeline``),
        brought forward by the records appended since it was written; the same entries a full
        replay gives, without the replay. If the checkpoint cannot be written (a read-only
        folder), or for a past state (``as_of``), the log is replayed in memory. ``progress``
        (``progress(records, total, label)``, a generator wrapper) shows a long checkpoint update.
        """
        if as_of is None and self.checkpoints:
            from spacedip.timeline.checkpoint import Checkpoint

            checkpoint = Checkpoint.beside(self.store.location)
            try:
                checkpoint.catch_up(self.store, _decode, progress)
                return checkpoint.timeline()
            except (sqlite3.OperationalError, OSError):
                self.checkpoints = False  # cannot write beside the log: replay from now on
        return self.replay(as_of=as_of).timeline()

    def reports(self, *, as_of: AsOf = None) -> list[ReportedEvent]:
        """Every reported event not retracted, with amendments applied, in date order."""
        events = self.replay(as_of=as_of).current_events()
        return sorted(events, key=lambda r: (r.event.date.sort_key(), r.event.id))

    def event(self, event_id: str) -> ReportedEvent:
        """One reported event as it stands (retracted ones included).

        Raises:
            UnknownEventError: if no event has that id.
        """
        state = self.replay()
        try:
            return state.events[event_id]
        except KeyError:
            raise UnknownEventError(event_id) from None

    def article(self, article_id: str) -> Article:
        """An article by id.

        Raises:
            InputError: if no article has that id.
        """
        for logged in self.records():
            if isinstance(logged.record, ArticleAdded) and logged.record.article.id == article_id:
                return logged.record.article
        raise InputError(f"no article with id {article_id!r} in the log")

    def verify(self) -> VerifyReport:
        """Walk the hash chain, then check that every record id is unique; the report names the
        first bad position, if any."""
        report = verify_records(self.store.read(), self.store.anchor())
        fault = self.store.id_fault() if report.ok else None
        if fault is not None:
            return attrs.evolve(report, ok=False, first_bad_position=fault[0], reason=fault[1])
        return report

    # -- helpers ------------------------------------------------------------------------

    def _require_event(self, event_id: str) -> None:
        self._require_events([event_id], minimum=1)

    def _require_events(self, event_ids: Iterable[str], *, minimum: int) -> tuple[str, ...]:
        ids = tuple(dict.fromkeys(event_ids))
        if len(ids) < minimum:
            raise InputError(f"give at least {minimum} distinct event ids")
        known = self.replay().events
        for event_id in ids:
            if event_id not in known:
                raise UnknownEventError(event_id)
        return ids


def _names_a_file(text: str) -> bool:
    """True if ``text`` is one line naming an existing file (else it is an article's text)."""
    if "\n" in text or "\x00" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except OSError:  # e.g. a name longer than the file system allows: it is text
        return False


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise InputError("a correction needs a reason", hint="say why, e.g. --reason 'the article is satire'")


def open_log(
    path: str | os.PathLike[str] = "spacedip.db",
    *,
    readonly: bool = False,
    extractor: Extractor | None = None,
) -> Log:
    """Open (or create) the log at ``path``; ``":memory:"`` gives a throw-away log.

    Args:
        path: a SQLite file, created if missing.
        readonly: open without the right to append (chosen anyway for a read-only file).
        extractor: the function that finds events in an added article; the bundled
            French extractor by default.

    Raises:
        NotALogError: if ``path`` is some other file.
        StorageError: if it cannot be opened.
    """
    store: Store = MemoryStore() if str(path) == ":memory:" else SQLiteStore(path, readonly=readonly)
    return Log(store, extractor=extractor)
