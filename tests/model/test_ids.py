"""The canonical JSON form: what ids and the hash chain are computed over."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.model.ids import canonical_json, content_id

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(exclude_categories=("Cs",))),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=8), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=2000)
@given(json_values)
def test_canonical_form_is_sorted_compact_utf8_json_and_a_fixed_point(value: object) -> None:
    data = canonical_json(value)
    again = json.loads(data)
    assert again == value or (isinstance(value, float) and math.isclose(again, value))  # -0.0 == 0.0
    assert canonical_json(again) == data  # re-reading and re-writing gives the same bytes (JSONL round trip)
    # The same text as the standard library's sorted, compact, UTF-8 form, floats aside
    # (orjson writes 0.0001 where json writes 1e-04; both read back to the same number).
    if not _has_float(value):
        expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        assert data == expected


def _has_float(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, {"x": [1.0, math.nan]}])
def test_no_nan_or_infinity(bad: object) -> None:
    with pytest.raises(TypeError):
        canonical_json(bad)


def test_content_ids_are_stable() -> None:
    assert content_id("art", "Bonjour") == content_id("art", "Bonjour")
    assert content_id("art", "Bonjour") != content_id("art", "Bonjour ")
    assert content_id("art", "Bonjour").startswith("art-")


# The floats a record holds (confidences in [0, 1], coordinates in degrees), as the canonical form
# has always written them. A record's id is the SHA-256 of its canonical bytes, so if a new orjson
# wrote one of them otherwise (orjson 3.11.7 did change how it writes exponents from 1e16 up),
# re-adding an article would append its records again under new ids: this fails first.
PINNED_FLOATS = [
    (0.0, b"0.0"), (1.0, b"1.0"), (0.9, b"0.9"), (0.85, b"0.85"), (1 / 3, b"0.3333333333333333"),
    (0.0001, b"0.0001"), (0.00001, b"0.00001"), (1e-7, b"1e-7"), (2.5e-10, b"2.5e-10"), (5e-324, b"5e-324"),
    (45.9646, b"45.9646"), (-179.5, b"-179.5"), (89.99999999999999, b"89.99999999999999"), (63.305, b"63.305"),
    (-0.0, b"-0.0"),
]


@pytest.mark.parametrize(("value", "text"), PINNED_FLOATS, ids=[t.decode() for _, t in PINNED_FLOATS])
def test_the_floats_records_hold_keep_their_canonical_text(value: float, text: bytes) -> None:
    assert canonical_json(value) == text
    assert canonical_json({"confidence": value}) == b'{"confidence":' + text + b"}"
