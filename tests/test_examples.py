"""Every example script runs, in order, on a real log file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import PYTHON, REPO

EXAMPLES = ["add_corpus.py", "walk_timeline.py", "correct_event.py", "verify_and_export.py"]


def test_examples_run_in_order(tmp_path: Path) -> None:
    log = tmp_path / "example.db"
    outputs = {}
    for name in EXAMPLES:
        proc = subprocess.run([PYTHON, str(REPO / "examples" / name), str(log)], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)
        assert proc.returncode == 0, f"{name}:\n{proc.stderr}"
        outputs[name] = proc.stdout
    assert "000_006e99510a8832ce.txt: added" in outputs["add_corpus.py"]
    assert outputs["correct_event.py"].splitlines()[:2] == ["2023-09-13", "0"]
    assert "chain whole" in outputs["verify_and_export.py"] and "same head: True" in outputs["verify_and_export.py"]
    again = subprocess.run([PYTHON, str(REPO / "examples" / "add_corpus.py"), str(log)], capture_output=True,
                           text=True, timeout=300, cwd=tmp_path)
    assert again.stdout.count("already there") == 5
