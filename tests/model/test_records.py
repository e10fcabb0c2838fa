from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.errors import InputError, UnknownRecordTypeError
from spacedip.log import NewRecord, SQLiteStore
from spacedip.model import (
    ArticleAdded,
    Date,
    EntriesMerged,
    EntriesSplit,
    EventAmended,
    EventReported,
    EventRetracted,
    Modality,
)
from spacedip.model.codec import decode_record, encode_record
from spacedip.model.ids import canonical_json
from tests.conftest import KREMLIN, make_article, make_event


def all_records() -> list[object]:
    article = make_article()
    event = make_event(article)
    return [
        ArticleAdded(article),
        EventReported(event),
        EventRetracted(event.id, "satire", "alice"),
        EventAmended(event.id, "wrong day", date=Date.parse("2023-09-12"), places=(KREMLIN,),
                     modality=Modality.PLANNED),
        EntriesMerged((event.id, "ev-other"), "same meeting"),
        EntriesSplit((event.id,), "different meeting", "bob"),
    ]


@pytest.mark.parametrize("record", all_records(), ids=lambda r: type(r).__name__)
def test_round_trip_through_json(record: object) -> None:
    type_name, version, payload = encode_record(record)  # type: ignore[arg-type]
    again = decode_record(type_name, version, json.loads(canonical_json(payload)))
    assert again == record


def test_types_are_past_tense_and_versioned() -> None:
    for record in all_records():
        assert type(record).TYPE.endswith(("added", "reported", "retracted", "amended", "merged", "split"))
        assert type(record).VERSION >= 1


def test_unknown_type_and_newer_version_are_clear_errors() -> None:
    with pytest.raises(UnknownRecordTypeError, match="unknown record type 'event-teleported'"):
        decode_record("event-teleported", 1, {})
    with pytest.raises(UnknownRecordTypeError, match="newer than this spacedip"):
        decode_record("event-retracted", 99, {"event_id": "x", "reason": "r"})


def test_payload_that_does_not_fit_is_an_input_error() -> None:
    with pytest.raises(InputError, match="does not fit its schema"):
        decode_record("event-retracted", 1, {"reason": "no id"})


def test_reads_a_log_written_with_version_1_of_article_added(tmp_path: Path) -> None:
    """A log file written by an older spacedip (article-added v1: ``date`` and no language) is
    read through the upcaster as today's record."""
    path = tmp_path / "old.db"
    store = SQLiteStore(path)
    v1_payload = {"article": {"id": "art-old", "text": "Texte ancien.", "date": "2018-05-26", "title": "Vieux",
                              "publisher": None, "url": None, "origin": "old.txt"}}
    store.append([NewRecord("rec-old", "article-added", 1, canonical_json(v1_payload))])
    store.close()

    with open_log(path, readonly=True) as log:
        (logged,) = list(log.records())
        assert log.verify().ok
    assert isinstance(logged.record, ArticleAdded)
    article = logged.record.article
    assert article.published == Date.parse("2018-05-26")
    assert article.language == "fr"
    assert article.title == "Vieux"


@pytest.mark.parametrize("kind", ["meeting\n", "Meeting", "", "lancement spatial", "é"])
def test_an_event_kind_must_be_one_lowercase_word(kind: str) -> None:
    with pytest.raises(InputError, match="not a lowercase word"):
        make_event(make_article(), kind=kind)


def test_a_kind_accepted_once_is_accepted_again_and_a_new_word_is_a_kind() -> None:
    article = make_article()
    assert make_event(article, kind="docking_2").kind == make_event(article, kind="docking_2").kind == "docking_2"
