"""Tampering is caught at its position; JSON Lines round-trips byte for byte, all or nothing."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from spacedip.api import Log, open_log
from spacedip.errors import InputError
from spacedip.model import ArticleAdded
from tests.conftest import make_article


def fill(log: Log, n: int) -> None:
    log.append([ArticleAdded(make_article(f"Article numéro {i:05d}: Poutine et Kim.")) for i in range(n)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_flipping_one_byte_of_a_record_is_named_by_verify(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "log.db"
    with open_log(path) as log:
        fill(log, 50)
    target = random.Random(seed).randrange(50)
    marker = f"Article numéro {target:05d}".encode()
    data = bytearray(path.read_bytes())
    offset = data.index(marker) + len(marker) - 1
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with open_log(path, readonly=True) as log:
        report = log.verify()
        stored = {r.position: r for r in log.store.read()}
    assert not report.ok
    bad = report.first_bad_position
    assert bad is not None
    assert f"Article numéro {target:05d}".encode() not in stored[bad].payload
    assert report.reason == "content does not match its hash"


def test_cutting_off_the_end_is_caught(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "log.db"
    with open_log(path) as log:
        fill(log, 5)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER records_refuse_delete")
    conn.execute("DELETE FROM records WHERE position = 5")
    conn.commit()
    conn.close()
    with open_log(path, readonly=True) as log:
        report = log.verify()
    assert not report.ok and "head was recorded at 5" in (report.reason or "")


def test_jsonl_round_trip_is_byte_identical(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        fill(log, 30)
        first = io.BytesIO()
        log.export_jsonl(first)
    (tmp_path / "a.jsonl").write_bytes(first.getvalue())
    with open_log(tmp_path / "b.db") as other:
        result = other.import_jsonl(tmp_path / "a.jsonl")
        assert result.verbatim and result.appended == 30
        second = io.BytesIO()
        other.export_jsonl(second)
        assert other.verify().ok
    assert second.getvalue() == first.getvalue()


def test_jsonl_with_one_corrupt_line_imports_nothing_and_names_it(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        fill(log, 10)
        buf = io.BytesIO()
        log.export_jsonl(buf)
    lines = buf.getvalue().splitlines(keepends=True)
    lines[5] = lines[5][:40] + b"\n"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(lines))
    with open_log(tmp_path / "b.db") as other:
        fill(other, 2)
        before = other.head
        with pytest.raises(InputError, match="line 6"):
            other.import_jsonl(bad)
        assert other.head == before


def test_jsonl_with_an_edited_record_is_refused(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        fill(log, 4)
        buf = io.BytesIO()
        log.export_jsonl(buf)
    edited = buf.getvalue().replace(b"00002", b"99999")
    with open_log(tmp_path / "b.db") as other, pytest.raises(InputError, match=r"line 3.*hash chain"):
        other.import_jsonl(io.BytesIO(edited))


def test_import_into_a_log_with_records_appends_only_new_ones(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        fill(log, 6)
        buf = io.BytesIO()
        log.export_jsonl(buf)
    with open_log(tmp_path / "b.db") as other:
        other.append([ArticleAdded(make_article("Article numéro 00000: Poutine et Kim."))])
        result = other.import_jsonl(io.BytesIO(buf.getvalue()))
        assert (result.appended, result.skipped, result.verbatim) == (5, 1, False)
        assert other.head.position == 6 and other.verify().ok
