"""The code stays typed (mypy) and linted (ruff), as the project promises."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import PYTHON, REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    proc = _run("ruff", "check", "--output-format", "concise", "spacedip", "plugins", "tests", "examples")
    if "No module named ruff" in proc.stderr:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = _run("mypy")
    if "No module named mypy" in proc.stderr:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    assert proc.returncode == 0, proc.stdout + proc.stderr
