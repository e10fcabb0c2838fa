"""``index.html`` of an export split by period: one page that links every period's files.

A folder of 372 months is hard to browse; the index lists each period with its entry count
and a link to each of its files (with its size), under the log's head the export came from.
It is made from what ``periods.json`` states and nothing else, so the same log gives the same
bytes. Names and paths are escaped: an exporter's file names are a plugin's to choose.
"""

from __future__ import annotations

import html
import itertools
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = ["INDEX", "index_link", "index_page", "period_anchor"]

INDEX = "index.html"
"""The index's file name, beside ``periods.json``."""

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;"
    "border-bottom:1px solid #ddd;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "tbody th[colspan]{background:#f3f3f3}ul{margin:0;padding:0;list-style:none}.size{color:#666}"
)


def index_page(manifest: Mapping[str, Any]) -> bytes:
    """The HTML index of a split export, from its ``periods.json`` content (as a dict)."""
    return "".join(_page(manifest)).encode("utf-8")


def _page(manifest: Mapping[str, Any]) -> Iterator[str]:
    e = html.escape
    title = f"{manifest['exporter']} by {manifest['per']}"
    periods: Sequence[Mapping[str, Any]] = manifest["periods"]
    log = manifest["log"]
    yield ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<meta name="generator" content="spacedip">\n<title>{e(title)} — spacedip</title>\n'
           f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{e(title)}</h1>\n")
    count = int(manifest["entries"])
    entries = "entry" if count == 1 else "entries"
    noun = "period" if len(periods) == 1 else "periods"
    yield (f"<p>{count:,} {entries} in {len(periods):,} {noun}, exported from the log at position "
           f"{int(log['position']):,} (head hash <code>{e(str(log['hash']))}</code>"
           + (f", last record {e(str(log['updated']))}" if log.get("updated") else "") + ").</p>\n")
    described = [f"{k} = {v}" for k, v in sorted(manifest.get("options", {}).items()) if v is not None]
    described += [f"filter {k} = {v}" for k, v in sorted(manifest.get("filter", {}).items())]
    if described:
        yield "<p>" + "; ".join(e(d) for d in described) + ".</p>\n"
    yield ('<p>Each file is checked by the SHA-256 that <a href="periods.json">periods.json</a> lists for it.</p>\n'
           '<table>\n<thead><tr><th scope="col">Period</th><th scope="col">Entries</th>'
           '<th scope="col">Files</th></tr></thead>\n')
    by_year = manifest["per"] == "month"
    for heading, members in itertools.groupby(periods, lambda p: _group_of(str(p["period"])) if by_year else None):
        yield "<tbody>\n"
        if heading is not None:
            yield f'<tr><th colspan="3" scope="rowgroup">{e(heading)}</th></tr>\n'
        for period in members:
            name = str(period["period"])
            links = "".join(
                f'<li><a href="{e(_href(file["path"]))}">{e(_within_period(file["path"]))}</a> '
                f'<span class="size">({_size(int(file["bytes"]))})</span></li>' for file in period["files"])
            yield (f'<tr id="{e(period_anchor(name))}"><th scope="row">{e(name)}</th>'
                   f'<td class="n">{int(period["entries"]):,}</td><td><ul>{links}</ul></td></tr>\n')
        yield "</tbody>\n"
    yield "</table>\n</body>\n</html>\n"


def _group_of(period: str) -> str | None:
    """The year a month belongs to (``2021-03`` → ``2021``); periods with no year stand alone."""
    year, dash, _ = period.partition("-")
    return year if dash and year.isdigit() else None


def _href(path: str) -> str:
    """A relative URL for a file's path (``/``-separated in ``periods.json``)."""
    return urllib.parse.quote(path, safe="/")


def _within_period(path: str) -> str:
    """A file's path inside its period's folder (``2021/sub/x.kml`` → ``sub/x.kml``)."""
    return path.partition("/")[2] or path


def period_anchor(period: str) -> str:
    """The id of ``period``'s row in the index (``p-2021-03``)."""
    return "p-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in period)


def index_link(period: str) -> str:
    """The relative URL, from a file in ``period``'s folder, of that period's row in the index."""
    return f"../{INDEX}#{period_anchor(period)}"


def _size(count: int) -> str:
    """A file size people read: bytes, kB, MB or GB (powers of 1,000)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"
