"""A corpus of hostile and broken inputs (``hostile/``): each gets its clear error, and the log
does not change by one byte."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.articles import MAX_ARTICLE_BYTES
from spacedip.errors import InputError
from spacedip.extract.gazetteer import Gazetteer
from tests.reliability.helpers import HOSTILE, cli


@pytest.fixture
def good_log(tmp_path: Path) -> Path:
    path = tmp_path / "log.db"
    with open_log(path, extractor=lambda article: ()) as log:
        log.add_article("Un premier article : Poutine et Kim.", published="2023-09")
    return path


def _state(path: Path) -> dict[str, bytes]:
    """The bytes of the log file and its companions (-wal, -shm)."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}


ARTICLES = {
    "invalid_utf8.txt": "not valid utf-8 at byte offset 19 (byte 0xef)",
    "utf16_no_bom.txt": "NUL byte at byte offset 1: this looks like UTF-16 without a byte-order mark",
    "nul_bytes.txt": "NUL byte at byte offset 14",
    "yaml_bomb.txt": "yaml_bomb.txt, line 2: unknown front matter key 'a'",
    "yaml_bomb_in_title.txt": "yaml_bomb_in_title.txt, line 3: front matter key 'title' appears twice",
    "duplicate_key.txt": "duplicate_key.txt, line 4: front matter key 'published' appears twice",
    "date_feb30.txt": "publication date: 2023-02-30 is not a real day",
    "date_99999.txt": "publication date: '99999' is not an EDTF date",
    "front_matter_unclosed.txt": "front_matter_unclosed.txt, line 3: front matter line 'Poutine",
    "empty.txt": "empty.txt: the article is empty",
}


@pytest.mark.parametrize(("name", "message"), list(ARTICLES.items()))
def test_hostile_article_is_refused_and_the_log_is_unchanged(good_log: Path, name: str, message: str) -> None:
    before = _state(good_log)
    code, out, err = cli("--log", str(good_log), "add", str(HOSTILE / name), "--no-extract")
    assert code == 2, (name, out, err)
    assert err.startswith("spacedip: error: ") and message in err, err
    assert _state(good_log) == before


def test_one_bad_file_among_good_ones_adds_none_of_them(good_log: Path, tmp_path: Path) -> None:
    fine = tmp_path / "fine.txt"
    fine.write_text("Un article parfaitement correct.", encoding="utf-8")
    before = _state(good_log)
    code, _, err = cli("--log", str(good_log), "add", str(fine), str(HOSTILE / "nul_bytes.txt"), "--no-extract")
    assert code == 2 and "nul_bytes.txt" in err
    assert _state(good_log) == before


def test_a_50_mb_article_is_refused_from_a_file_and_from_the_api(good_log: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    line = "Poutine et Kim se sont rencontrés au cosmodrome Vostotchny le 13 septembre 2023. " * 12 + "\n"
    with huge.open("w", encoding="utf-8") as out:
        while out.tell() < 50 * 10**6:
            out.write(line * 100)
    before = _state(good_log)
    started = time.monotonic()
    code, _, err = cli("--log", str(good_log), "add", str(huge), "--no-extract")
    assert code == 2 and f"larger than the {MAX_ARTICLE_BYTES // 2**20} MiB an article may be" in err
    with open_log(good_log, extractor=lambda article: ()) as log, pytest.raises(InputError, match="larger than"):
        log.add_article(huge.read_text(encoding="utf-8"))
    assert time.monotonic() - started < 15
    assert _state(good_log) == before


def test_a_10_mb_line_is_stored_whole(good_log: Path, tmp_path: Path) -> None:
    one_line = tmp_path / "line.txt"
    text = ("Poutine et Kim se sont rencontrés, " * 300_000)[: 10 * 10**6]
    one_line.write_text(text, encoding="utf-8")
    started = time.monotonic()
    code, out, err = cli("--log", str(good_log), "add", str(one_line), "--no-extract")
    assert (code, err) == (0, "") and " added;" in out
    with open_log(good_log, readonly=True) as log:
        assert log.verify().ok
        (last,) = list(log.records(2))
        assert last.record.article.text == text  # type: ignore[attr-defined]
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(("name", "message"), [
    ("gazetteer_out_of_range.toml", "[[place]] #1 (id 'nulle-part'): latitude 91.5 is outside -90..90"),
    ("gazetteer_lon_out_of_range.toml", "[[place]] #1 (id 'au-dela'): longitude -200.0 is outside -180..180"),
])
def test_user_gazetteer_with_coordinates_out_of_range(name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        Gazetteer.load([HOSTILE / name], min_population=None)
    assert name in str(caught.value) and message in str(caught.value)


@pytest.mark.parametrize(("name", "message"), [
    ("corrupt_line_4.jsonl", "corrupt_line_4.jsonl, line 4: not valid JSON"),
    ("edited_line_5.jsonl", "edited_line_5.jsonl, line 5: record at position 5 breaks the hash chain"),
])
@pytest.mark.parametrize("into", ["empty", "filled"])
def test_jsonl_with_one_bad_line_imports_nothing_and_names_the_line(
    tmp_path: Path, good_log: Path, name: str, message: str, into: str
) -> None:
    path = good_log if into == "filled" else tmp_path / "new.db"
    if into == "empty":
        open_log(path).close()
    before = _state(path)
    code, _, err = cli("--log", str(path), "log", "import", str(HOSTILE / name))
    assert code == 2 and message in err, err
    assert _state(path) == before


@pytest.mark.parametrize("name", ["not_sqlite.db", "sqlite_header_garbage.db", "zip_archive.db"])
@pytest.mark.parametrize("command", [["events"], ["log", "verify"], ["add", "--no-extract"], ["export", "ical"]])
def test_a_log_that_is_not_a_spacedip_log(tmp_path: Path, name: str, command: list[str]) -> None:
    path = tmp_path / name
    shutil.copyfile(HOSTILE / name, path)
    article = tmp_path / "a.txt"
    article.write_text("Un article.", encoding="utf-8")
    extra = {"add": [str(article)], "export": ["-o", str(tmp_path / "cal.ics")]}.get(command[0], [])
    code, _, err = cli("--log", str(path), *command, *extra)
    assert code == 3 and f"{path} is not a spacedip log" in err, err
    assert path.read_bytes() == (HOSTILE / name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "a.txt"])
