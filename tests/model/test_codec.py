"""The fast codec hooks agree with the hooks cattrs generates, on valid and on damaged payloads."""

from __future__ import annotations

import copy
import hashlib
import math
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedip.model import (
    Actor,
    ActorKind,
    Article,
    ArticleAdded,
    Coordinates,
    Date,
    EntriesMerged,
    Event,
    EventAmended,
    EventReported,
    EventRetracted,
    Evidence,
    Modality,
    Place,
    PlaceKind,
    Provenance,
    Reason,
    Span,
)
from spacedip.model.codec import (
    converter,
    decode_json,
    decode_record,
    encode_record,
    encode_record_json,
    fast_hooks_current,
    generic_converter,
    record_id,
)
from spacedip.model.event import EVENT_KINDS
from spacedip.model.ids import CanonicalPayload, canonical_json

GENERIC = generic_converter()

# -- strategies -----------------------------------------------------------------------------------------

words = st.text(max_size=12)
maybe_words = st.none() | words
# Few ids, so the same id often comes back with other content: sharing must never confuse them.
place_ids = st.sampled_from(["baikonur", "kremlin", "iss", "p-1"])
actor_ids = st.sampled_from(["vladimir-putin", "kim-jong-un", "a-1"])
dates = st.sampled_from([
    "2023-09-13", "2017-12", "2023-21", "1998", "199X", "19XX", "2023-11-08/2023-11-09", "2011/..",
    "../2014", "XXXX", "2023-09-13?", "2020~",
]).map(Date.parse)
latitudes = st.floats(-90, 90, allow_nan=False) | st.sampled_from([0.0, -0.0, 45.0])
longitudes = st.floats(-180, 180, allow_nan=False) | st.sampled_from([0.0, -0.0, 63.305])
coordinates = st.none() | st.builds(Coordinates, latitudes, longitudes)
places = st.builds(
    Place, place_ids, st.sampled_from(["Baïkonour", "Kremlin", ""]) | words, st.sampled_from(PlaceKind), coordinates,
    st.lists(words, max_size=2).map(tuple), maybe_words, st.none() | place_ids,
)
actors = st.builds(
    Actor, actor_ids, st.sampled_from(["Vladimir Poutine", "Kim"]) | words, st.sampled_from(ActorKind),
    st.lists(words, max_size=2).map(tuple), maybe_words, maybe_words,
)
reasons = st.builds(Reason, st.sampled_from(["date", "place"]), st.sampled_from(["jour de la semaine"]) | words)
spans = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)).map(lambda ab: Span(min(ab), max(ab)))
kinds = st.sampled_from(EVENT_KINDS) | st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
events = st.builds(
    Event, words, kinds, dates, st.sampled_from(Modality), words,
    st.builds(Evidence, words, spans, words),
    st.builds(Provenance, st.sampled_from(["spacedip-fr", "manual"]), st.sampled_from(["0.1.0"]) | words),
    st.lists(places, max_size=3).map(tuple), st.lists(actors, max_size=3).map(tuple),
    st.floats(0, 1), st.lists(reasons, max_size=2).map(tuple),
)
articles = st.builds(Article, words, st.text(max_size=60), dates, maybe_words, words, maybe_words, maybe_words,
                     maybe_words)
records = st.one_of(
    st.builds(EventReported, events),
    st.builds(ArticleAdded, articles),
    st.builds(EventAmended, words, words, st.none() | dates, st.none() | kinds, maybe_words,
              st.none() | st.sampled_from(Modality), st.none() | st.lists(places, max_size=2).map(tuple),
              st.none() | st.lists(actors, max_size=2).map(tuple), maybe_words),
    st.builds(EventRetracted, words, words, maybe_words),
    st.builds(EntriesMerged, st.lists(words, max_size=3).map(tuple), words, maybe_words),
)

_SCALARS = [None, 0, 1, -1, 1.0, 0.5, True, False, "", "x", "2023", "city", "happened", [], {}, ["x"], {"a": 1}]


@st.composite
def damaged_payloads(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A record's payload with one to three values removed, replaced or added somewhere inside."""
    record = draw(st.builds(EventReported, events) | st.builds(ArticleAdded, articles))
    payload: dict[str, Any] = orjson.loads(canonical_json(GENERIC.unstructure(record)))
    for _ in range(draw(st.integers(1, 3))):
        containers = [payload]
        node: Any = payload
        while True:
            children = [v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, dict | list)]
            if not children or draw(st.integers(0, 2)) == 0:
                break
            node = draw(st.sampled_from(children))
            containers.append(node)
        target = draw(st.sampled_from(containers))
        op = draw(st.integers(0, 2))
        if isinstance(target, dict) and target and op < 2:
            key = draw(st.sampled_from(sorted(target)))
            if op == 0:
                del target[key]
            else:
                target[key] = copy.deepcopy(draw(st.sampled_from(_SCALARS)))  # never share a mutable one
        elif isinstance(target, dict):
            target[draw(st.sampled_from(["extra", "id", "lat", "aliases"]))] = copy.deepcopy(draw(st.sampled_from(_SCALARS)))  # never share a mutable one
        elif target:
            target[draw(st.integers(0, len(target) - 1))] = copy.deepcopy(draw(st.sampled_from(_SCALARS)))  # never share a mutable one
    return record.TYPE, payload


def _outcome(fn: Any, *args: Any) -> tuple[str, object]:
    try:
        return "ok", fn(*args)
    except Exception as exc:  # any refusal counts as one outcome
        return "error", type(exc).__name__


# -- tests ------------------------------------------------------------------------------------------------


def test_fast_hooks_cover_every_field_of_the_model() -> None:
    # A class that gained or lost a field falls back to the generated hooks: update codec.py.
    assert all(fast_hooks_current().values()), fast_hooks_current()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_fast_hooks_agree_with_the_generated_ones(record: Any) -> None:
    cls = type(record)
    generic_payload = GENERIC.unstructure(record)
    type_name, version, payload = encode_record(record)
    assert (type_name, version) == (cls.TYPE, cls.VERSION)
    assert payload == generic_payload == converter.unstructure(record)
    data = canonical_json(payload)
    assert data == canonical_json(generic_payload)
    assert encode_record_json(record) == (type_name, version, data)  # what the log stores, in one step
    decoded = decode_record(type_name, version, orjson.loads(data))
    assert decoded == GENERIC.structure(orjson.loads(data), cls) == converter.structure(orjson.loads(data), cls)
    assert decoded == record
    assert decode_json(type_name, version, data) == decode_json(type_name, version, data.decode()) == record
    assert canonical_json(encode_record(decoded)[2]) == data  # the same bytes again (JSON Lines round trips)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_payloads())
def test_damaged_payloads_give_what_the_generated_hooks_give(case: tuple[str, dict[str, Any]]) -> None:
    type_name, payload = case
    cls = EventReported if type_name == "event-reported" else ArticleAdded
    fast = _outcome(decode_record, type_name, cls.VERSION, copy.deepcopy(payload))
    generic = _outcome(GENERIC.structure, copy.deepcopy(payload), cls)
    assert fast[0] == generic[0], (fast, generic)
    assert _outcome(decode_json, type_name, cls.VERSION, orjson.dumps(payload)) == fast  # the same record or error
    if fast[0] == "ok":
        assert fast[1] == generic[1]
        assert canonical_json(encode_record(fast[1])[2]) == canonical_json(encode_record(generic[1])[2])  # type: ignore[arg-type]


def test_equal_places_and_actors_are_shared_and_different_ones_are_not() -> None:
    place = Place("p-shared", "Baïkonour", PlaceKind.COSMODROME, Coordinates(45.965, 63.305), ("Baikonur",), "KZ")
    actor = Actor("a-shared", "Vladimir Poutine", ActorKind.PERSON, (), "RU", "président russe")
    event = Event.create(kind="launch", date="2023-09-13", summary="Lancement",
                         evidence=Evidence("art-1", Span(0, 5), "texte"), provenance=Provenance("manual", "1"),
                         places=(place,), actors=(actor,))
    data = canonical_json(encode_record(EventReported(event))[2])
    first = decode_record("event-reported", 1, orjson.loads(data)).event
    second = decode_record("event-reported", 1, orjson.loads(data)).event
    assert first.places[0] is second.places[0] and first.actors[0] is second.actors[0]

    renamed = EventReported(Event.create(
        kind="launch", date="2023-09-13", summary="Lancement", evidence=Evidence("art-1", Span(0, 5), "texte"),
        provenance=Provenance("manual", "1"), places=(Place("p-shared", "Baïkonour (ville)"),), actors=(actor,)))
    third = decode_record("event-reported", 1, orjson.loads(canonical_json(encode_record(renamed)[2]))).event
    assert third.places[0].name == "Baïkonour (ville)" and third.places[0].coordinates is None
    assert decode_record("event-reported", 1, orjson.loads(data)).event.places[0] == place


def test_a_number_where_a_string_belongs_is_read_as_the_generated_hooks_read_it() -> None:
    base = GENERIC.unstructure(EventReported(Event.create(
        kind="visit", date="2023", summary="s", evidence=Evidence("art-1", Span(0, 1), "q"),
        provenance=Provenance("manual", "1"), places=(Place("p-num", "n"),))))
    for ident in (1, 1.0, True, "1"):  # equal as keys, different as text
        payload = copy.deepcopy(base)
        payload["event"]["places"][0]["id"] = ident
        got = decode_record("event-reported", 1, payload).event.places[0].id
        assert got == GENERIC.structure(copy.deepcopy(payload), EventReported).event.places[0].id == str(ident)


def test_zero_coordinates_keep_their_sign() -> None:
    for lat in (0.0, -0.0, 0.0):
        record = EventReported(Event.create(
            kind="visit", date="2023", summary="s", evidence=Evidence("art-1", Span(0, 1), "q"),
            provenance=Provenance("manual", "1"), places=(Place("p-zero", "Null", coordinates=Coordinates(lat, 1.0)),)))
        data = canonical_json(encode_record(record)[2])
        decoded = decode_record("event-reported", 1, orjson.loads(data))
        assert canonical_json(encode_record(decoded)[2]) == data


def test_canonical_payloads_are_written_as_they_stand_and_nothing_else_is() -> None:
    record = EventReported(Event.create(
        kind="visit", date="2023", summary="s", evidence=Evidence("art-1", Span(0, 1), "q"),
        provenance=Provenance("manual", "1"), confidence=0.5))
    payload = encode_record(record)[2]
    assert type(payload) is CanonicalPayload
    assert canonical_json(payload) == orjson.dumps(dict(payload), option=orjson.OPT_SORT_KEYS)
    copied = dict(payload)
    copied["event"] = {**copied["event"], "confidence": math.nan}
    with pytest.raises(TypeError, match="no JSON form"):
        canonical_json(copied)
    # A non-finite float smuggled past the validators is refused, as before.
    object.__setattr__(record.event, "confidence", math.inf)
    bad = encode_record(record)[2]
    assert type(bad) is dict
    with pytest.raises(TypeError, match="no JSON form"):
        canonical_json(bad)


def test_record_id_is_the_documented_digest() -> None:
    payload = b'{"event_id":"ev-1","reason":"doublon"}'
    expected = "rec-" + hashlib.sha256(b"event-retracted\x1f" + payload).hexdigest()[:32]
    assert record_id("event-retracted", payload) == expected
    article = Article.create("Texte.", published="2023")
    assert record_id("article-added", b"ignored", article.id) == (
        "rec-" + hashlib.sha256(b"article-added\x1f" + canonical_json(article.id)).hexdigest()[:32])


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9٠-٩]{4}-[0-9-]{2}-[0-9 ]{2}[?~]?", fullmatch=True),
    st.text(alphabet="0123456789-X?~/. ", max_size=12),
))
def test_dates_read_through_the_table_are_what_date_parse_reads(text: str) -> None:
    from spacedip.model.codec import _date

    expected = _outcome(Date.parse, text)
    got = _outcome(_date, text)
    assert got[0] == expected[0], (text, got, expected)
    if got[0] == "ok":
        assert got[1] == expected[1]
        assert (got[1].precision, got[1].earliest, got[1].latest, got[1].qualifier) == (  # type: ignore[attr-defined]
            expected[1].precision, expected[1].earliest, expected[1].latest, expected[1].qualifier)  # type: ignore[attr-defined]
    else:
        assert got[1] == expected[1]  # the same error
    assert _outcome(_date, text) == got  # and the same again, from the table


def test_decode_json_refuses_what_is_not_json_as_orjson_does() -> None:
    for data in (b"{not json", b"", b'{"event": 1', "{'event': {}}"):
        with pytest.raises(orjson.JSONDecodeError) as caught:
            decode_json("event-reported", 1, data)
        with pytest.raises(orjson.JSONDecodeError) as expected:
            orjson.loads(data)
        assert str(caught.value) == str(expected.value)


def test_exact_numbers_and_their_look_alikes_read_as_the_generated_hooks_read_them() -> None:
    base = GENERIC.unstructure(EventReported(Event.create(
        kind="visit", date="2023", summary="s", evidence=Evidence("art-1", Span(2, 7), "q"),
        provenance=Provenance("manual", "1"), confidence=0.5)))
    cases: list[tuple[str, object]] = [
        ("start", True), ("start", 2.0), ("start", "2"), ("end", 7.9), ("end", False),
        ("confidence", 1), ("confidence", True), ("confidence", "0.25"), ("confidence", 0),
    ]
    for field, value in cases:
        payload = copy.deepcopy(base)
        target = payload["event"] if field == "confidence" else payload["event"]["evidence"]["span"]
        target[field] = value
        got = _outcome(decode_record, "event-reported", 1, copy.deepcopy(payload))
        expected = _outcome(GENERIC.structure, copy.deepcopy(payload), EventReported)
        assert got[0] == expected[0] and (got[0] == "error" or got[1] == expected[1]), (field, value, got, expected)
        if got[0] == "ok":
            event = got[1].event  # type: ignore[attr-defined]
            assert type(event.confidence) is float and type(event.evidence.span.start) is int, (field, value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(places, min_size=1, max_size=4), st.lists(actors, min_size=1, max_size=4),
       st.lists(st.tuples(st.lists(st.integers(0, 3), max_size=3), st.lists(st.integers(0, 3), max_size=3),
                          events), min_size=1, max_size=6))
def test_records_sharing_place_and_actor_objects_are_written_as_each_alone(
    shared_places: list[Place], shared_actors: list[Actor], picks: list[tuple[list[int], list[int], Event]],
) -> None:
    # encode_record_json keeps the JSON of each place and actor object it wrote: sharing the objects
    # between records (as extraction does) must give the bytes each record gives on its own.
    for place_picks, actor_picks, event in picks:
        shared = attrs.evolve(event, places=tuple(shared_places[i % len(shared_places)] for i in place_picks),
                              actors=tuple(shared_actors[i % len(shared_actors)] for i in actor_picks))
        record = EventReported(shared)
        assert encode_record_json(record)[2] == canonical_json(GENERIC.unstructure(record))


def test_place_json_kept_by_identity_survives_the_table_being_cleared() -> None:
    place = Place("p-kept", "Baïkonour", PlaceKind.COSMODROME, Coordinates(45.965, 63.305))
    event = Event.create(kind="launch", date="2023-09-13", summary="Lancement",
                         evidence=Evidence("art-1", Span(0, 5), "texte"), provenance=Provenance("manual", "1"),
                         places=(place,))
    expected = canonical_json(GENERIC.unstructure(EventReported(event)))
    for n in range(5000):  # more places than the table keeps, then the first one again
        other = Place(f"p-{n}", "x", coordinates=Coordinates(float(n % 90), 0.0))
        encode_record_json(EventReported(attrs.evolve(event, places=(other,))))
        if n in (0, 4095, 4096, 4999):
            assert encode_record_json(EventReported(event))[2] == expected


def test_a_place_without_finite_coordinates_is_refused_in_one_step_too() -> None:
    bad = Place("p-nan", "Nulle part", coordinates=Coordinates.__new__(Coordinates))
    object.__setattr__(bad.coordinates, "lat", float("nan"))
    object.__setattr__(bad.coordinates, "lon", 0.0)
    event = Event.create(kind="launch", date="2023", summary="s", evidence=Evidence("art-1", Span(0, 1), "q"),
                         provenance=Provenance("manual", "1"), places=(bad,))
    with pytest.raises(TypeError):
        encode_record_json(EventReported(event))
