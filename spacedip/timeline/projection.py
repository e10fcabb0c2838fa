"""The Timeline projection: the log folded, record by record, into the current state.

The state is a pure function of the records folded so far: articles, reported events
(the latest report of an event id wins, a person's amendments stay on top of it),
retractions, and a person's merges and splits. :meth:`TimelineState.timeline` turns it
into a :class:`~spacedip.timeline.entry.Timeline` of grouped entries.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable

import attrs

from spacedip.log.records import StoredRecord
from spacedip.model import (
    Article,
    ArticleAdded,
    EntriesMerged,
    EntriesSplit,
    Event,
    EventAmended,
    EventReported,
    EventRetracted,
)
from spacedip.model.codec import parse_utc
from spacedip.timeline.entry import ArticleInfo, Timeline

recorded_time = functools.lru_cache(maxsize=4096)(parse_utc)  # a batch shares one time

__all__ = ["ReportedEvent", "TimelineState", "amend_event", "article_info", "reported_again", "with_amendments"]


@attrs.frozen
class ReportedEvent:
    """An event as the log tells it now, with the log positions and times that made it so."""

    event: Event
    """The event with every amendment applied."""
    reported: Event
    """The event as last reported, before amendments."""
    first_position: int
    last_position: int
    first_recorded: dt.datetime
    last_modified: dt.datetime
    amended: bool = False


def article_info(article: Article) -> ArticleInfo:
    """What exporters see of an article (everything but its text)."""
    return ArticleInfo(
        id=article.id, title=article.title, published=article.published, publisher=article.publisher,
        url=article.url, language=article.language, origin=article.origin,
    )


def amend_event(event: Event, amendment: EventAmended) -> Event:
    """``event`` with the fields ``amendment`` gives replaced."""
    changes = {
        name: value
        for name in ("date", "kind", "summary", "modality", "places", "actors")
        if (value := getattr(amendment, name)) is not None
    }
    return attrs.evolve(event, **changes)


def reported_again(
    previous: ReportedEvent | None, event: Event, position: int, when: dt.datetime
) -> ReportedEvent:
    """The state of ``event`` reported at ``position`` (``previous``: its state before, if any)."""
    return ReportedEvent(
        event=event,
        reported=event,
        first_position=previous.first_position if previous else position,
        last_position=position,
        first_recorded=previous.first_recorded if previous else when,
        last_modified=when,
    )


def with_amendments(
    state: ReportedEvent, amendments: Iterable[tuple[EventAmended, int, dt.datetime]]
) -> ReportedEvent:
    """``state`` with every amendment (in log order, with its position and time) applied to the report."""
    event = state.reported
    last_position, last_when = state.last_position, state.last_modified
    for amendment, position, when in amendments:
        event = amend_event(event, amendment)
        if position > last_position:
            last_position, last_when = position, when
    return attrs.evolve(state, event=event, last_position=last_position, last_modified=last_when, amended=True)


class TimelineState:
    """The mutable fold of the log; feed it records in order with :meth:`apply`."""

    def __init__(self) -> None:
        self.articles: dict[str, ArticleInfo] = {}
        """What the timeline shows of each article: never its text, which can be large."""
        self.events: dict[str, ReportedEvent] = {}
        self.amendments: dict[str, list[tuple[EventAmended, int, dt.datetime]]] = {}
        self.retracted: dict[str, str] = {}
        self.overrides: list[tuple[str, tuple[str, ...]]] = []
        self.position = 0
        self.hash = ""
        self.updated: dt.datetime | None = None

    def apply(self, stored: StoredRecord, record: object) -> None:
        """Fold one record (already decoded and upcast) read at ``stored``'s position."""
        when = recorded_time(stored.recorded_at)
        if isinstance(record, ArticleAdded):
            if record.article.id not in self.articles:
                self.articles[record.article.id] = article_info(record.article)
        elif isinstance(record, EventReported):
            self._report(record.event, stored.position, when)
        elif isinstance(record, EventAmended):
            self.amendments.setdefault(record.event_id, []).append((record, stored.position, when))
            if record.event_id in self.events:
                self._rebuild(record.event_id)
        elif isinstance(record, EventRetracted):
            self.retracted.setdefault(record.event_id, record.reason)
        elif isinstance(record, EntriesMerged):
            self.overrides.append(("merge", record.event_ids))
        elif isinstance(record, EntriesSplit):
            self.overrides.append(("split", record.event_ids))
        self.position = stored.position
        self.hash = stored.hash
        self.updated = when

    def apply_all(self, pairs: Iterable[tuple[StoredRecord, object]]) -> TimelineState:
        """Fold many ``(stored, record)`` pairs; returns ``self``."""
        for stored, record in pairs:
            self.apply(stored, record)
        return self

    def _report(self, event: Event, position: int, when: dt.datetime) -> None:
        self.events[event.id] = reported_again(self.events.get(event.id), event, position, when)
        if event.id in self.amendments:
            self._rebuild(event.id)

    def _rebuild(self, event_id: str) -> None:
        self.events[event_id] = with_amendments(self.events[event_id], self.amendments.get(event_id, ()))

    def current_events(self) -> list[ReportedEvent]:
        """Reported events not retracted, in id order."""
        return [self.events[i] for i in sorted(self.events) if i not in self.retracted]

    def timeline(self) -> Timeline:
        """The grouped timeline of the state as it stands."""
        from spacedip.timeline.grouping import build_entries

        infos = dict(sorted(self.articles.items()))
        entries = build_entries(self.current_events(), infos, overrides=self.overrides)
        languages = Counter(a.language for a in self.articles.values())
        language = sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if languages else "fr"
        return Timeline(
            entries=tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.id))),
            articles=infos,
            head_position=self.position,
            head_hash=self.hash,
            updated=self.updated,
            language=language,
        )
