"""A slice of the fuzz campaign (``tests/reliability/fuzz.py``; the full run is in docs/reliability.md)."""

from __future__ import annotations

import pytest

from tests.reliability.fuzz import TARGETS, run

CASES_PER_TARGET = 300


@pytest.mark.parametrize("target", list(TARGETS))
def test_fuzz_slice_only_documented_errors(target: str) -> None:
    counts = run(target, CASES_PER_TARGET)
    assert counts["accepted"] + counts["refused"] >= CASES_PER_TARGET * 0.9
    if target != "temporal tagger":  # the tagger refuses nothing that is text
        assert counts["refused"] > 0, "the generator reaches the error paths"
    assert counts["accepted"] > 0, "the generator reaches the success path"
