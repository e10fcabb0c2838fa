"""Any single changed, removed, reordered or inserted record of a 10,000-record log is named by
``spacedip log verify`` at its position.

Each tampering is tried at random positions (and at both ends), in two strengths: a clumsy
edit, and a forger who recomputes the hash of the record they touched (the chain's hash
function is public). Rewriting every hash after the change *and* the head the log wrote down
is not detectable from the file alone: that is what publishing the head hash is for
(docs/reliability.md).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.log import record_hash
from spacedip.log.sqlite import id_key
from spacedip.model import Article, ArticleAdded
from tests.reliability.helpers import cli, cli_process

SIZE = 10_000
POSITIONS_PER_CASE = 3

Row = tuple[int, str, str, int, str, str, str, str]
Tamper = Callable[[sqlite3.Connection, int], int]
"""Tampers with the records table around ``position``; returns the position verify must name."""


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tamper") / "log.db"
    with open_log(path, extractor=lambda article: ()) as log:
        for start in range(0, SIZE, 2_000):
            log.append([ArticleAdded(Article.create(f"Article {n} : Poutine et Kim.", published="2023"))
                        for n in range(start, start + 2_000)])
        assert log.head.position == SIZE
    return path


def _row(conn: sqlite3.Connection, position: int) -> Row:
    row: Row = conn.execute("SELECT position, id, type, version, recorded_at, payload, prev_hash, hash "
                            "FROM records WHERE position = ?", (position,)).fetchone()
    return row


def _rehash(row: Row) -> Row:
    position, rid, type_, version, at, payload, prev, _ = row
    return (position, rid, type_, version, at, payload, prev,
            record_hash(position, rid, type_, version, at, prev, payload.encode("utf-8")))


def _put(conn: sqlite3.Connection, row: Row) -> None:
    conn.execute("DELETE FROM records WHERE position = ?", (row[0],))
    conn.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row, id_key(row[1])))


def _shift(conn: sqlite3.Connection, after: int, by: int) -> None:
    """Renumber every record after ``after`` by ``by`` (so positions stay gapless)."""
    rows = conn.execute("SELECT * FROM records WHERE position > ? ORDER BY position", (after,)).fetchall()
    conn.execute("DELETE FROM records WHERE position > ?", (after,))
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(r[0] + by, *r[1:]) for r in rows])


def change(conn: sqlite3.Connection, p: int, *, forge: bool = False) -> int:
    row = _row(conn, p)
    edited = (*row[:5], row[5].replace("Poutine", "Biden"), *row[6:])
    _put(conn, _rehash(edited) if forge else edited)
    return p


def remove(conn: sqlite3.Connection, p: int, *, forge: bool = False) -> int:
    conn.execute("DELETE FROM records WHERE position = ?", (p,))
    if forge:  # renumber the rest so positions stay gapless
        _shift(conn, p, -1)
    return p


def reorder(conn: sqlite3.Connection, p: int, *, forge: bool = False) -> int:
    q = p + 1 if p < SIZE else p - 1
    a, b = _row(conn, p), _row(conn, q)
    moved_a, moved_b = (b[0], *a[1:]), (a[0], *b[1:])  # swap contents, keep positions
    if forge:
        moved_a, moved_b = _rehash(moved_a), _rehash(moved_b)
    conn.execute("DELETE FROM records WHERE position IN (?, ?)", (p, q))
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(*row, id_key(row[1])) for row in (moved_a, moved_b)])
    return min(p, q)


def insert(conn: sqlite3.Connection, p: int, *, forge: bool = False) -> int:
    _shift(conn, p - 1, +1)
    prev = _row(conn, p - 1)[7] if p > 1 else ""
    after = _row(conn, p + 1)
    payload = '{"article":{"text":"Un faux."}}'
    row: Row = (p, "art-forged", "article-added", 2, after[4], payload, prev if forge else "0" * 64, "f" * 64)
    _put(conn, _rehash(row) if forge else row)
    return p


CASES: dict[str, Callable[..., int]] = {"change": change, "remove": remove, "reorder": reorder, "insert": insert}


def _tampered(big_log: Path, tmp_path: Path, tamper: Callable[..., int], position: int, forge: bool) -> tuple[Path, int]:
    copy = tmp_path / f"tampered-{position}.db"
    shutil.copyfile(big_log, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("DROP TRIGGER records_refuse_update")
    conn.execute("DROP TRIGGER records_refuse_delete")
    conn.execute("BEGIN")
    expected = tamper(conn, position, forge=forge)
    conn.execute("COMMIT")
    conn.close()
    return copy, expected


def _positions(case: str, forge: bool) -> list[int]:
    rng = random.Random(f"{case}-{forge}")
    return [1, SIZE, *rng.sample(range(2, SIZE), POSITIONS_PER_CASE)]


@pytest.mark.parametrize("forge", [False, True], ids=["clumsy", "rehashed"])
@pytest.mark.parametrize("case", list(CASES))
def test_verify_names_the_tampered_position(big_log: Path, tmp_path: Path, case: str, forge: bool) -> None:
    for position in _positions(case, forge):
        copy, expected = _tampered(big_log, tmp_path, CASES[case], position, forge)
        code, out, err = cli("--log", str(copy), "log", "verify")
        assert code == 1, (case, position, out)
        assert f"FAILED at position {expected}:" in err, (case, position, err)
        copy.unlink()


def test_the_untouched_log_verifies_and_the_command_runs_as_a_process(big_log: Path, tmp_path: Path) -> None:
    proc = cli_process("--log", str(big_log), "log", "verify", cwd=tmp_path)
    assert proc.returncode == 0 and f"ok: {SIZE} records, chain whole" in proc.stdout
    copy, expected = _tampered(big_log, tmp_path, insert, 4321, True)
    proc = cli_process("--log", str(copy), "log", "verify", cwd=tmp_path)
    assert proc.returncode == 1 and f"FAILED at position {expected}:" in proc.stderr
