"""The chronology in a real headless Chromium: the HTML page, and the TimelineJS JSON in Knight Lab's viewer.

Needs Debian's ``chromium`` and ``tests/js/node_modules/@knight-lab/timelinejs`` (both installed by
``tests/install-deps.sh``) and Playwright's Python package; skipped with the reason otherwise.
Screenshots go to pytest's ``tmp_path``.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedip_chronology import export
from spacedip_chronology._labels import FR
from spacedip_chronology._view import build

from spacedip.export.files import write_output
from spacedip.testing import sample_timeline

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
TIMELINEJS = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "@knight-lab" / "timelinejs"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium: run `bash tests/install-deps.sh`")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


class _Watcher:
    """Console errors, page errors and any request that leaves the machine."""

    def __init__(self, page: Any, allowed_prefixes: tuple[str, ...]) -> None:
        self.errors: list[str] = []
        self.remote: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r: Any) -> None:
            if r.request.url.startswith(allowed_prefixes):
                r.continue_()
            else:
                self.remote.append(r.request.url)
                r.abort()

        page.route("**/*", route)


def _visible_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("article.entry", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


def test_html_page(browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "chronology"
    write_output(export(sample_timeline(), {}, folder), folder)
    chronology = build(sample_timeline(), FR)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    watcher = _Watcher(page, ("file://", "data:"))
    page.goto((folder / "chronology.html").as_uri())
    page.wait_for_selector("#filters:not([hidden])")

    total = len(chronology.entries)
    assert page.locator("#shown").text_content() == f"{total} entrées affichées sur {total}"
    assert len(_visible_ids(page)) == total
    page.screenshot(path=str(tmp_path / "chronology.png"), full_page=True)

    vostochny = next(p for p in chronology.places if p.name == "Cosmodrome Vostotchny")
    page.select_option("#filter-place", vostochny.key)
    expected = [e.anchor for e in chronology.entries if vostochny in e.places]
    assert 0 < len(expected) < total
    assert _visible_ids(page) == expected
    assert page.locator("#shown").text_content() == f"{len(expected)} entrées affichées sur {total}"
    marks = page.eval_on_selector_all(
        "svg.timeline a.mark", "els => els.filter(e => !e.classList.contains('filtered-out')).map(e => e.dataset.entry)"
    )
    assert marks == expected
    hidden_groups = page.eval_on_selector_all("section.group[hidden] > h2", "els => els.map(e => e.textContent)")
    assert "2006" in hidden_groups

    kinds = {e.kind.key for e in chronology.entries if vostochny in e.places}
    other_kind = next(k for k in chronology.kinds if k.key not in kinds)
    page.select_option("#filter-kind", other_kind.key)
    assert _visible_ids(page) == []
    page.click("#show-all")
    assert len(_visible_ids(page)) == total
    page.screenshot(path=str(tmp_path / "chronology-filtered.png"))

    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    assert page.is_visible("svg.timeline")

    assert watcher.errors == []
    assert watcher.remote == []
    assert (tmp_path / "chronology.png").read_bytes().startswith(PNG)
    page.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    dist = TIMELINEJS / "dist"
    if not (dist / "js" / "timeline.js").exists():
        pytest.skip(f"TimelineJS is not installed in {TIMELINEJS}: run `bash tests/install-deps.sh`")
    site = tmp_path / "site"
    site.mkdir()
    (site / "tl").symlink_to(dist, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


VIEWER = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 1000px; height: 640px"></div>
<script>
fetch("timeline.json").then(function (r) { return r.json(); }).then(function (data) {
  window.tl = new TL.Timeline("timeline-embed", data, {
    script_path: new URL("tl/js/", location.href).href, language: "fr", hash_bookmark: false, font: null
  });
  window.tl.on("ready", function () { window.tlReady = true; });
});
</script></body></html>
"""


def test_timelinejs_viewer_loads_the_json(browser: Any, served: tuple[str, Path], tmp_path: Path) -> None:
    base, site = served
    out = export(sample_timeline(), {}, site / "timeline.json")
    assert isinstance(out, bytes)
    (site / "timeline.json").write_bytes(out)
    (site / "index.html").write_text(VIEWER, encoding="utf-8")
    dated = [e for e in build(sample_timeline(), FR).entries if e.date.earliest is not None]

    page = browser.new_page(viewport={"width": 1100, "height": 800})
    watcher = _Watcher(page, (base,))
    page.goto(f"{base}/index.html")
    page.wait_for_function("window.tl && window.tl.config !== null", timeout=10_000)
    result = page.evaluate(
        """() => ({
            valid: window.tl.config.isValid(),
            errors: window.tl.config.getErrors(),
            events: window.tl.config.events.length,
            ids: window.tl.config.events.map(e => e.unique_id),
            title: !!window.tl.config.title,
        })"""
    )
    assert result["valid"] is True
    assert result["errors"] == []
    assert result["events"] == len(dated)
    assert result["title"] is True
    assert sorted(result["ids"]) == sorted(e.id for e in dated)
    page.wait_for_function("window.tlReady === true", timeout=10_000)
    slides = page.evaluate("() => window.tl._storyslider._slides.length")
    assert slides == len(dated) + 1  # the title slide
    assert page.locator(".tl-timemarker").count() == len(dated)
    headlines = page.eval_on_selector_all(".tl-slide .tl-headline", "els => els.map(e => e.textContent)")
    assert any('<script>alert("x")</script>' in h for h in headlines)  # the hostile text, shown as text
    assert page.locator("#timeline-embed script, #timeline-embed img[onerror]").count() == 0
    page.screenshot(path=str(tmp_path / "timelinejs.png"))
    assert watcher.remote == []
    assert watcher.errors == []
    assert json.loads(out)["events"]
    page.close()


def test_a_split_chronology_and_its_index_are_walked_by_their_links(browser: Any, tmp_path: Path) -> None:
    """From a period's page to its row in index.html and on to another period, by clicking."""
    from spacedip.export.periods import export_by_period
    from spacedip.export.registry import get_exporter

    folder = tmp_path / "chron"
    run = export_by_period(get_exporter("chronology"), sample_timeline(), folder, "year", {"lang": "fr"})
    first, last = run.periods[0].period, run.periods[-1].period
    page = browser.new_page()
    watcher = _Watcher(page, ("file://", "data:"))
    page.goto((folder / first / "chronology.html").as_uri())
    page.click("p.generated a")
    page.wait_for_url(f"**/index.html#p-{first}")
    assert page.title() == "chronology by year — spacedip"
    assert page.eval_on_selector(":target > th", "e => e.textContent") == first
    page.click(f"#p-{last} a[href$='chronology.html']")
    page.wait_for_url(f"**/{last}/chronology.html")
    page.wait_for_selector("#filters:not([hidden])")
    assert page.locator("article.entry").count() == run.periods[-1].entries
    assert watcher.errors == []
    assert watcher.remote == []
