"""The dates, extract and explain commands."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from spacedip.cli.commands import add_filter_arguments
from spacedip.cli.extraction import EXTRACTION_COMMANDS, highlight
from spacedip.corpus import example_corpus


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="spacedip")
    parser.add_argument("--log", default="spacedip.db")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in EXTRACTION_COMMANDS:
        command.register(sub, add_filter_arguments)
    args = parser.parse_args(argv)
    code: int = args.handler(args, [])
    return code


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(
        "Le président chinois s'est rendu samedi à Moscou.\n\nLa fusée a décollé le 3 mars 2024 depuis Baïkonour.\n",
        encoding="utf-8",
    )
    return path


def test_dates_json(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["dates", str(article), "--published", "2024-03-04", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"text", "start", "end", "type", "value", "timex3"} <= set(rows[0])
    assert [r["value"] for r in rows] == ["2024-03-02", "2024-03-03"]
    text = article.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_dates_lines(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["dates", str(article), "--published", "2024-03"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_extract_json(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["extract", str(article), "--published", "2024-03-04", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["date"]) for r in rows] == [("visit", "2024-03-02"), ("launch", "2024-03-03")]
    assert rows[0]["places"][0]["id"] == "moscow"
    assert rows[0]["reasons"]["date"]
    assert rows[0]["extractor"].startswith("spacedip-fr")


def test_extract_with_user_triggers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "b.txt"
    path.write_text("L'Union européenne a sanctionné Roscosmos le 2 mars 2024.", encoding="utf-8")
    triggers = tmp_path / "t.toml"
    triggers.write_text('[[kind]]\nname = "sanction"\nverbs = ["sanctionner"]\n', encoding="utf-8")
    assert run(["extract", str(path), "--triggers", str(triggers)]) == 0
    assert "sanction" in capsys.readouterr().out


def test_explain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import spacedip

    log_path = tmp_path / "log.db"
    item = example_corpus()[4]
    with spacedip.open_log(log_path) as log:
        result = log.add_article(item.path, published=item.published)
    meeting = next(e for e in result.events if e.kind == "meeting")
    assert run(["--log", str(log_path), "explain", meeting.id]) == 0
    out = capsys.readouterr().out
    assert "[[" in out and "]]" in out
    assert "because:" in out
    assert "2023-09-13" in out
    assert "vostochny" in out


def test_explain_unknown_event(tmp_path: Path) -> None:
    from spacedip.errors import SpacedipError

    with pytest.raises(SpacedipError):
        run(["--log", str(tmp_path / "none.db"), "explain", "ev-0"])


def test_highlight() -> None:
    assert highlight("abcdef", 2, 4, tty=False) == "ab[[cd]]ef"
    assert highlight("abcdef", 2, 4, tty=True) == "ab\033[1mcd\033[0mef"
