"""The index page of an export split by period: every period and file linked, read back by lxml,
untrusted names escaped, and the same bytes for the same log."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import lxml.html
from hypothesis import example, given
from hypothesis import strategies as st

from spacedip.api import open_log
from spacedip.export.files import write_output
from spacedip.export.period_index import INDEX, index_page
from spacedip.export.periods import MANIFEST, export_by_period
from spacedip.export.registry import get_exporter
from spacedip.model import ArticleAdded, EventReported
from tests.conftest import make_article, make_event


def _log_with(path: Path, dates: list[str]) -> None:
    article = make_article("Poutine et Kim se sont rencontrés au cosmodrome, selon l'agence.", "2023-09-13")
    kinds = ["meeting", "launch", "agreement", "offer", "visit", "flight"]
    events = [make_event(article, date=d, kind=kinds[n], start=n, summary=f"{kinds[n]} {n}")
              for n, d in enumerate(dates)]
    with open_log(path) as log:
        log.append([ArticleAdded(article), *(EventReported(e) for e in events)])


def _rows(page: Any) -> dict[str, tuple[int, list[tuple[str, str]]]]:
    """Each period row: its entry count and its links (href, text)."""
    out = {}
    for row in page.xpath("//tbody/tr[@id]"):
        name = row.xpath("string(th)")
        count = int(row.xpath("string(td[1])").replace(",", ""))
        out[name] = (count, [(a.get("href"), a.text_content()) for a in row.xpath("td[2]//a")])
    return out


def test_the_index_links_every_file_the_manifest_lists(tmp_path: Path) -> None:
    _log_with(tmp_path / "log.db", ["2020", "2021-03-04", "2021-03-20", "2021-07", "2022-01-02"])
    folder = tmp_path / "chron"
    with open_log(tmp_path / "log.db") as log:
        export_by_period(get_exporter("chronology"), log.timeline(), folder, "month", {"lang": "en"})
    manifest = json.loads((folder / MANIFEST).read_bytes())
    page = lxml.html.parse(str(folder / INDEX)).getroot()  # a reader we did not write
    rows = _rows(page)
    assert list(rows) == [p["period"] for p in manifest["periods"]] == ["2020-01", "2021-03", "2021-07", "2022-01"]
    for period in manifest["periods"]:
        count, links = rows[period["period"]]
        assert count == period["entries"]
        assert [href for href, _ in links] == [f["path"] for f in period["files"]]
        for href, text in links:
            assert (folder / urllib.parse.unquote(href)).is_file() and href.endswith("/" + text)
    # months are grouped under their year (a year-precise entry is in the month of its first day)
    assert [th.text for th in page.xpath("//tbody/tr/th[@scope='rowgroup']")] == ["2020", "2021", "2022"]
    assert f"{manifest['entries']} entries in 4 periods" in page.xpath("string(//p[1])")


def test_the_index_follows_the_log_and_is_the_same_for_the_same_log(tmp_path: Path) -> None:
    _log_with(tmp_path / "log.db", ["2021-03-04", "2022-01-02"])
    with open_log(tmp_path / "log.db") as log:
        export_by_period(get_exporter("ical"), log.timeline(), tmp_path / "a", "year")
        export_by_period(get_exporter("ical"), log.replay().timeline(), tmp_path / "b", "year")
        assert (tmp_path / "a" / INDEX).read_bytes() == (tmp_path / "b" / INDEX).read_bytes()
        article = make_article("Une autre dépêche : lancement depuis Vostotchny.", "2023-10-01")
        log.append([ArticleAdded(article), EventReported(make_event(article, date="2023-10-01", kind="launch"))])
        export_by_period(get_exporter("ical"), log.timeline(), tmp_path / "a", "year")
    rows = _rows(lxml.html.parse(str(tmp_path / "a" / INDEX)).getroot())
    assert list(rows) == ["2021", "2022", "2023"]


def test_an_export_with_nothing_new_leaves_the_listing_and_the_index_untouched(tmp_path: Path) -> None:
    _log_with(tmp_path / "log.db", ["2021-03-04", "2022-01-02"])
    folder = tmp_path / "cal"

    def files() -> dict[str, tuple[int, int, bytes]]:
        return {name: ((folder / name).stat().st_ino, (folder / name).stat().st_mtime_ns,
                       (folder / name).read_bytes()) for name in (MANIFEST, INDEX)}

    with open_log(tmp_path / "log.db") as log:
        export_by_period(get_exporter("ical"), log.timeline(), folder, "year")
        before = files()
        export_by_period(get_exporter("ical"), log.timeline(), folder, "year")
        assert files() == before  # not even renamed over: the same inode, untouched
        article = make_article("Une autre dépêche : lancement depuis Vostotchny.", "2023-10-01")
        log.append([ArticleAdded(article), EventReported(make_event(article, date="2023-10-01", kind="launch"))])
        export_by_period(get_exporter("ical"), log.timeline(), folder, "year")
    after = files()
    assert all(after[name][2] != before[name][2] and after[name][0] != before[name][0] for name in after)


_MARKUP = st.sampled_from(["<", ">", "&", '"', "'", "=", " ", "script", "img", "onerror", "#", "%", "?"])
_HOSTILE = st.lists(st.one_of(_MARKUP, st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))),
                    min_size=1, max_size=12).map("".join)


@given(name=_HOSTILE, option=_HOSTILE, exporter=_HOSTILE)
@example(name="<script>alert(1)</script>", option='" onload="alert(1)', exporter="<img src=x onerror=alert(1)>")
def test_untrusted_names_are_shown_as_text_and_linked_as_given(name: str, option: str, exporter: str) -> None:
    """An exporter's file names and options are a plugin's (or a user's) to choose: they never
    become markup, and each link leads to the path ``periods.json`` states."""
    path = f"2021/{name.replace('/', '_')}"
    manifest = {
        "exporter": exporter, "per": "year", "entries": 3,
        "log": {"position": 7, "hash": "ab" * 32, "updated": "2024-01-01T00:00:00+00:00"},
        "options": {"title": option}, "filter": {"place": option},
        "periods": [{"period": "2021", "entries": 3, "files": [{"path": path, "bytes": 1234, "sha256": "0" * 64}]}],
    }
    page = lxml.html.fromstring(index_page(manifest))
    assert not page.xpath("//script | //iframe | //img | //*[@onerror] | //*[@onload]")
    ((href, text),) = _rows(page)["2021"][1]
    assert urllib.parse.unquote(href) == path and text == (path.partition("/")[2] or path)
    assert page.xpath("string(//h1)") == f"{exporter} by year"
    assert f"title = {option}" in page.xpath("string(//p[2])")


def test_dates_with_no_year_are_periods_of_their_own_in_the_index() -> None:
    manifest = {
        "exporter": "ical", "per": "month", "entries": 2, "log": {"position": 1, "hash": "h", "updated": None},
        "periods": [{"period": p, "entries": 1, "files": []} for p in ("open-start", "undated")],
    }
    page = lxml.html.fromstring(index_page(manifest))
    assert list(_rows(page)) == ["open-start", "undated"] and not page.xpath("//th[@scope='rowgroup']")


def test_each_period_s_chronology_links_back_to_its_row_in_the_index(tmp_path: Path) -> None:
    _log_with(tmp_path / "log.db", ["2021-03-04", "2022-01-02"])
    folder = tmp_path / "chron"
    with open_log(tmp_path / "log.db") as log:
        export_by_period(get_exporter("chronology"), log.timeline(), folder, "year", {"lang": "fr"})
        exporter = get_exporter("chronology")
        whole = exporter.export(log.timeline(), {**exporter.defaults(), "lang": "fr"}, tmp_path / "whole")
        write_output(whole, tmp_path / "whole")
    whole_page = lxml.html.parse(str(tmp_path / "whole" / "chronology.html")).getroot()
    assert not whole_page.xpath("//p[@class='generated']/a")  # a whole chronology has no index to go back to
    index = lxml.html.parse(str(folder / INDEX)).getroot()
    for period in ("2021", "2022"):
        page = lxml.html.parse(str(folder / period / "chronology.html")).getroot()
        (link,) = page.xpath("//p[@class='generated']/a")
        assert link.text == "Toutes les périodes"
        target, _, anchor = link.get("href").partition("#")
        assert (folder / period / target).resolve() == (folder / INDEX).resolve()
        assert index.get_element_by_id(anchor).xpath("string(th)") == period
        markdown = (folder / period / "chronology.md").read_text(encoding="utf-8")
        assert f"[Toutes les périodes]({link.get('href')})" in markdown


def test_nested_files_show_their_path_in_the_period_and_one_entry_is_singular() -> None:
    manifest = {
        "exporter": "kml", "per": "year", "entries": 1,
        "log": {"position": 2, "hash": "cd" * 32},
        "periods": [{"period": "2021", "entries": 1, "files": [
            {"path": "2021/places/baikonour.kml", "bytes": 900, "sha256": "0" * 64},
            {"path": "2021/timeline.kml", "bytes": 1200, "sha256": "1" * 64}]}],
    }
    page = lxml.html.fromstring(index_page(manifest))
    assert [text for _, text in _rows(page)["2021"][1]] == ["places/baikonour.kml", "timeline.kml"]
    assert page.xpath("string(//p[1])").startswith("1 entry in 1 period,")
