"""The command line, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from spacedip.api import open_log
from spacedip.model import EventReported
from tests.conftest import PYTHON, REPO, make_article, make_event

CORPUS = REPO / "spacedip" / "data" / "corpus"


def run(*args: str, cwd: Path, check: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [PYTHON, "-m", "spacedip.cli", *args], cwd=cwd, capture_output=True, text=True, input=stdin,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.mark.parametrize(
    "command",
    [[], ["add"], ["events"], ["retract"], ["amend"], ["merge"], ["split"], ["log"], ["log", "verify"],
     ["log", "export"], ["log", "import"], ["log", "show"], ["exporters"], ["export"], ["demo"]],
)
def test_every_command_has_help(command: list[str], tmp_path: Path) -> None:
    proc = run(*command, "--help", cwd=tmp_path)
    assert "usage: spacedip" in proc.stdout


def test_add_is_idempotent_and_reports_it(tmp_path: Path) -> None:
    article = CORPUS / "000_006e99510a8832ce.txt"
    first = run("add", str(article), "--published", "2018-05-26", "--no-extract", cwd=tmp_path)
    second = run("add", str(article), "--published", "2018-05-26", "--no-extract", cwd=tmp_path)
    assert " added;" in first.stdout
    assert "already in the log, unchanged" in second.stdout
    assert (tmp_path / "spacedip.db").exists()
    shown = run("log", "show", cwd=tmp_path).stdout.splitlines()
    assert len(shown) == 1 and "article-added" in shown[0]


def test_bad_input_exits_2_and_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Poutine et Kim.", encoding="utf-8")
    run("add", str(good), "--no-extract", cwd=tmp_path)
    before = (tmp_path / "spacedip.db").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Texte \xe9crit en latin-1")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    cases = [
        (["add", str(good), str(bad)], "bad.txt: not valid utf-8 at byte offset 6"),
        (["add", str(empty)], "empty.txt: the article is empty"),
        (["add", str(tmp_path / "nope.txt")], "nope.txt: no such file"),
        (["add", str(good), "--published", "2023-02-30"], "not a real day"),
        (["retract", "ev-unknown", "--reason", "x"], "no event with id 'ev-unknown'"),
        (["events", "--from", "hier"], "not an EDTF date"),
        (["export", "nonesuch"], "no exporter named 'nonesuch'; installed exporters:"),
    ]
    for args, message in cases:
        proc = run(*args, cwd=tmp_path, check=False)
        assert proc.returncode == 2, (args, proc.stderr)
        assert message in proc.stderr, (args, proc.stderr)
        assert proc.stderr.startswith("spacedip: error:")
    assert (tmp_path / "spacedip.db").read_bytes() == before


def test_not_a_log_and_tampered_log(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("ceci n'est pas une base", encoding="utf-8")
    proc = run("--log", "notes.db", "events", cwd=tmp_path, check=False)
    assert proc.returncode == 3 and "is not a spacedip log" in proc.stderr

    with open_log(tmp_path / "log.db") as log:
        log.add_article("Un article marqueur unique.", extract=False)
    data = bytearray((tmp_path / "log.db").read_bytes())
    data[data.index(b"marqueur")] ^= 0x20
    (tmp_path / "log.db").write_bytes(bytes(data))
    proc = run("--log", "log.db", "log", "verify", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and "FAILED at position 1" in proc.stderr


def test_events_json_and_corrections(tmp_path: Path) -> None:
    article = make_article()
    event = make_event(article)
    with open_log(tmp_path / "spacedip.db") as log:
        log.append([EventReported(event)])
    (line,) = run("events", "--json", cwd=tmp_path).stdout.splitlines()
    entry = json.loads(line)
    assert {"id", "date", "kind", "modality", "summary", "places", "actors", "sources"} <= set(entry)
    assert entry["date"] == "2023-09-13"
    assert entry["places"][0] == {"id": "vostochny", "name": "Cosmodrome Vostotchny", "kind": "cosmodrome",
                                  "lat": 51.884, "lon": 128.334}
    assert entry["sources"][0]["article"] == article.id and entry["sources"][0]["span"] == [0, len(article.text)]
    run("amend", event.id, "--date", "2023-09-12", "--summary", "Corrigé", "--reason", "erreur", cwd=tmp_path)
    (line,) = run("events", "--json", "--reports", cwd=tmp_path).stdout.splitlines()
    assert json.loads(line)["date"] == "2023-09-12" and json.loads(line)["amended"] is True
    assert run("events", "--from", "2023-10", cwd=tmp_path).stdout == ""
    assert run("events", "--place", "VOSTOTCHNY", cwd=tmp_path).stdout != ""  # any spelling the gazetteer knows
    assert run("events", "--place", "Baïkonour", cwd=tmp_path).stdout == ""
    assert run("events", "--place", "cosmodrome vostotchny", cwd=tmp_path).stdout != ""
    run("retract", event.id, "--reason", "satire", cwd=tmp_path)
    assert run("events", cwd=tmp_path).stdout == ""


def test_log_export_import_round_trip(tmp_path: Path) -> None:
    with open_log(tmp_path / "a.db") as log:
        for n in range(3):
            log.add_article(f"Article {n}.", extract=False)
    exported = run("--log", "a.db", "log", "export", cwd=tmp_path).stdout
    run("--log", "a.db", "log", "export", "-o", "a.jsonl", cwd=tmp_path)
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == exported
    assert "copied verbatim" in run("--log", "b.db", "log", "import", "a.jsonl", cwd=tmp_path).stdout
    assert run("--log", "b.db", "log", "export", cwd=tmp_path).stdout == exported
    (tmp_path / "broken.jsonl").write_text(exported.replace('"version":2', '"version":"2"', 1), encoding="utf-8")
    proc = run("--log", "c.db", "log", "import", "broken.jsonl", cwd=tmp_path, check=False)
    assert proc.returncode == 2 and "broken.jsonl, line 1" in proc.stderr
