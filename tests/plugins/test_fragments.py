"""Per-entry blocks kept in the checkpoint: reused while the entry holds, rendered again otherwise."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from spacedip.api import open_log
from spacedip.export.fragments import Fragments
from spacedip.model import ArticleAdded, EventReported
from spacedip.timeline.checkpoint import checkpoint_path
from spacedip.timeline.entry import TimelineEntry
from tests.conftest import make_article, make_event


def _render(entry: TimelineEntry) -> tuple[bytes, bytes]:
    return entry.date.edtf.encode(), f"[{entry.summary}|{len(entry.sources)}]".encode()


def _export(path: Path) -> tuple[list[bytes], bytes, int]:
    with open_log(path) as log, Fragments(log.timeline(), "test/1", _render) as fragments:
        facts = list(fragments.facts())
        data = b"".join(fragments.data())
        return facts, data, fragments.rendered


def test_blocks_are_rendered_once_then_reused_and_a_damaged_cache_heals(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    article = make_article("Poutine et Kim à Vostotchny.", "2023-09")
    events = [make_event(article, date=f"2023-09-{d}", kind=k, start=d - 10)
              for d, k in ((12, "meeting"), (20, "launch"), (25, "offer"))]
    with open_log(path) as log:
        log.append([ArticleAdded(article), *(EventReported(e) for e in events)])
        expected = [_render(entry) for entry in log.replay().timeline().entries]
    first = _export(path)
    assert first == ([f for f, _ in expected], b"".join(d for _, d in expected), 3)
    assert _export(path)[2] == 0
    with sqlite3.connect(checkpoint_path(path)) as conn:  # blocks lost, facts kept
        conn.execute("DELETE FROM fragments")
    healed = _export(path)
    assert healed[:2] == first[:2] and healed[2] == 3
    assert _export(path)[2] == 0
    with open_log(path) as log:  # one more event: only its entry is rendered
        log.append([EventReported(make_event(article, date="2023-10-01", kind="visit", start=1))])
    assert _export(path)[2] == 1


def test_another_renderer_name_renders_again(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    article = make_article()
    with open_log(path) as log:
        log.append([ArticleAdded(article), EventReported(make_event(article))])
    assert _export(path)[2] == 1
    with open_log(path) as log, Fragments(log.timeline(), "test/2", _render) as fragments:
        list(fragments.facts())
        assert fragments.rendered == 1
