"""The README's two commands are the ones CI and a new user run."""

from __future__ import annotations

import re

from tests.conftest import REPO


def commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv .*?)\n```", text)


def test_readme_has_the_two_setup_commands() -> None:
    found = commands()
    assert len(found) == 2
    assert "spacedip demo --out out/" in found[0]
    assert "pytest" in found[1] and "tests/install-deps.sh" in found[1]


def test_ci_runs_the_readme_test_command_literally() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci.splitlines()
