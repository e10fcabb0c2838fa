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


def test_blocks_are_stored_in_timeline_order(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    article = make_article("Poutine et Kim à Vostotchny.", "2023-09")
    with open_log(path) as log:
        log.append([ArticleAdded(article), *(EventReported(make_event(article, date=f"2023-09-{d}", kind=k, start=d))
                                             for d, k in ((25, "offer"), (12, "meeting"), (20, "launch")))])
    _export(path)
    with sqlite3.connect(checkpoint_path(path)) as conn:
        walk = conn.execute("SELECT sort, id FROM entries ORDER BY sort, id").fetchall()
        for table in ("fragments", "fragment_facts"):
            assert conn.execute(f"SELECT sort, entry FROM {table} WHERE renderer = 'test/1'").fetchall() == walk


def test_caches_of_the_older_shape_are_dropped_and_the_timeline_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    article = make_article()
    with open_log(path) as log:
        log.append([ArticleAdded(article), EventReported(make_event(article))])
    first = _export(path)
    with sqlite3.connect(checkpoint_path(path)) as conn:  # as spacedip 0.1 made them: keyed by entry alone
        conn.execute("DROP TABLE fragments")
        conn.execute("DROP TABLE fragment_facts")
        conn.execute("CREATE TABLE fragments (renderer TEXT NOT NULL, entry TEXT NOT NULL, digest TEXT NOT NULL, "
                     "data BLOB NOT NULL, PRIMARY KEY (renderer, entry))")
        conn.execute("CREATE TABLE fragment_facts (renderer TEXT NOT NULL, entry TEXT NOT NULL, digest TEXT NOT NULL, "
                     "facts BLOB NOT NULL, PRIMARY KEY (renderer, entry)) WITHOUT ROWID")
        conn.execute("INSERT INTO fragments SELECT 'test/1', id, digest, X'00' FROM entries")
        generation = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    again = _export(path)
    assert again == (first[0], first[1], 1), "the old blocks are not read: the entry is rendered again"
    with sqlite3.connect(checkpoint_path(path)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone() == generation, "not rebuilt"
        assert "sort" in {row[1] for row in conn.execute("PRAGMA table_info(fragments)")}
    assert _export(path)[2] == 0
