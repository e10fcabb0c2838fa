"""The domain model: dates, articles, places, actors, events and the records of the log."""

from spacedip.model.article import Article, article_id
from spacedip.model.codec import converter, decode_record, encode_record
from spacedip.model.dates import Date, Precision
from spacedip.model.entities import Actor, ActorKind, Coordinates, Place, PlaceKind
from spacedip.model.event import (
    EVENT_KINDS,
    Event,
    Evidence,
    Modality,
    Provenance,
    Reason,
    Span,
    event_id,
)
from spacedip.model.records import (
    ArticleAdded,
    EntriesMerged,
    EntriesSplit,
    EventAmended,
    EventReported,
    EventRetracted,
    Record,
    record_type,
    upcaster,
)

__all__ = [
    "EVENT_KINDS",
    "Actor",
    "ActorKind",
    "Article",
    "ArticleAdded",
    "Coordinates",
    "Date",
    "EntriesMerged",
    "EntriesSplit",
    "Event",
    "EventAmended",
    "EventReported",
    "EventRetracted",
    "Evidence",
    "Modality",
    "Place",
    "PlaceKind",
    "Precision",
    "Provenance",
    "Reason",
    "Record",
    "Span",
    "article_id",
    "converter",
    "decode_record",
    "encode_record",
    "event_id",
    "record_type",
    "upcaster",
]
