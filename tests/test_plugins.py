"""Exporters are found through entry points: ours, and a third party's installed for real."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from spacedip.errors import InputError
from spacedip.export import Exporter
from spacedip.export.files import write_output
from spacedip.export.registry import get_exporter, load_exporters
from tests.conftest import PYTHON, REPO


def test_our_exporters_are_registered_like_any_plugin() -> None:
    found = load_exporters()
    for name in ("chronology", "ical", "kml"):
        assert name in found, f"{name} not installed through the spacedip.exporters entry point"
        assert isinstance(found[name], Exporter)
        assert found[name].name == name


def test_unknown_exporter_lists_the_known_ones() -> None:
    with pytest.raises(LookupError, match=r"installed exporters: .*ical"):
        get_exporter("pdf")


def test_a_third_party_exporter_installed_with_pip_is_found(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO / "examples" / "spacedip-geojson", source)
    site = tmp_path / "site"
    install = subprocess.run(
        [PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(site), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = {"PYTHONPATH": f"{site}:{REPO}", "PATH": "/usr/bin:/bin"}
    listed = subprocess.run([PYTHON, "-m", "spacedip", "exporters"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "geojson" in listed.stdout and "example third-party plugin" in listed.stdout

    log = tmp_path / "log.db"
    script = (
        "import spacedip\n"
        "from spacedip.model import EventReported\n"
        "from tests.conftest import make_article, make_event\n"
        f"log = spacedip.open_log({str(log)!r}, extractor=lambda a: ())\n"
        "a = make_article()\n"
        "log.append([EventReported(make_event(a))])\n"
    )
    subprocess.run([PYTHON, "-c", script], check=True, env=env, cwd=REPO, timeout=120)
    out = tmp_path / "map.geojson"
    done = subprocess.run([PYTHON, "-m", "spacedip", "--log", str(log), "export", "geojson", "-o", str(out),
                           "--pretty"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [128.334, 51.884]
    assert feature["properties"]["date"] == "2023-09-13"


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "a/../../b", "", "a\\b", "c:x"])
def test_exporters_never_write_outside_their_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError):
        write_output({name: b"x"}, tmp_path / "out")
    assert not (tmp_path / "escape.txt").exists()
