"""Reading TimeML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacedip.errors import InputError
from spacedip.extract.timeml import parse_timeml, read_timeml

FTIB = Path(__file__).resolve().parents[2].parent / "shared" / "ftib-dev"

SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<TimeML><DOCID>doc-1</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="1999-05-20" /></DCT>
<TEXT>Il est mort <TIMEX3 tid="t2" type="TIME" value="1999-05-19TMO">hier <EVENT eid="e1">matin</EVENT></TIMEX3> après <TIMEX3 tid="t3" type="DURATION" value="P2Y" mod="MORE_THAN">plus de deux ans</TIMEX3>.</TEXT>
</TimeML>"""


def test_parse_strips_tags_and_keeps_offsets() -> None:
    doc = parse_timeml(SAMPLE)
    assert doc.doc_id == "doc-1"
    assert doc.dct == "1999-05-20"
    assert doc.text == "Il est mort hier matin après plus de deux ans."
    assert [(t.text, t.type, t.value, t.mod) for t in doc.timexes] == [
        ("hier matin", "TIME", "1999-05-19TMO", None),
        ("plus de deux ans", "DURATION", "P2Y", "MORE_THAN"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text


def test_malformed_xml_is_an_input_error() -> None:
    with pytest.raises(InputError, match="malformed"):
        parse_timeml("<TimeML><TEXT>oops</TimeML>")


def test_missing_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="TEXT"):
        parse_timeml("<TimeML></TimeML>")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_timeml(tmp_path / "absent.tml")


@pytest.mark.skipif(not FTIB.is_dir(), reason=f"French TimeBank dev half not found at {FTIB}")
def test_ftib_dev_reads_213_expressions() -> None:
    docs = [read_timeml(p) for p in sorted(FTIB.glob("*.tml"))]
    assert len(docs) == 52
    assert sum(len(d.timexes) for d in docs) == 213
    for d in docs:
        assert d.dct
        for t in d.timexes:
            assert d.text[t.start : t.end] == t.text
