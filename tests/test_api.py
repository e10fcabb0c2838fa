"""The Python API on a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from spacedip.api import Log, open_log
from spacedip.errors import ConcurrencyError, InputError, InvalidDateError, UnknownEventError
from spacedip.model import Date, EventReported, Modality
from tests.conftest import BAIKONUR, KREMLIN, make_article, make_event


def report(log: Log, *events: object) -> None:
    log.append([EventReported(e) for e in events])  # type: ignore[arg-type]


class TestAddArticle:
    def test_text_and_metadata(self, log: Log) -> None:
        result = log.add_article("Poutine a rencontré Kim.", published="2023-09", title="T", url="https://x.org")
        assert result.added and result.appended == 1
        article = log.article(result.article.id)
        assert article.published == Date.parse("2023-09") and article.url == "https://x.org"

    def test_same_article_twice_changes_nothing(self, log: Log, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_text("---\npublished: 2018-05-26\ntitle: Vidéoconférence\n---\nLe texte.\n", encoding="utf-8")
        first = log.add_article(path)
        head = log.head
        second = log.add_article(path)
        third = log.add_article(Path(path), published="2018-05")  # other metadata, same text
        assert first.added and not second.added and not third.added
        assert log.head == head
        assert first.article.text == "Le texte.\n" and first.article.title == "Vidéoconférence"
        assert first.article.origin == "a.txt"

    def test_bad_inputs_leave_the_log_as_it_was(self, log: Log, tmp_path: Path) -> None:
        log.add_article("Un article.", published="2023")
        before = list(log.store.read())
        (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
        (tmp_path / "latin.txt").write_bytes("Baïkonour".encode("latin-1"))
        (tmp_path / "fm.txt").write_text("---\npublished: 2023\npublished: 2024\n---\nx", encoding="utf-8")
        (tmp_path / "open.txt").write_text("---\ntitle: x\n", encoding="utf-8")
        (tmp_path / "key.txt").write_text("---\nauthor: x\n---\ntext", encoding="utf-8")
        cases = {
            tmp_path / "missing.txt": "no such file",
            tmp_path / "empty.txt": "empty",
            tmp_path / "latin.txt": "byte offset 2",
            tmp_path / "fm.txt": "appears twice",
            tmp_path / "open.txt": "never closed",
            tmp_path / "key.txt": "unknown front matter key 'author'",
        }
        for path, message in cases.items():
            with pytest.raises(InputError, match=message):
                log.add_article(path)
        with pytest.raises(InputError, match="publication date"):
            log.add_article("Texte.", published="13/09/2023")
        assert list(log.store.read()) == before

    def test_other_encoding_on_request(self, log: Log, tmp_path: Path) -> None:
        path = tmp_path / "latin.txt"
        path.write_bytes("Le cosmodrome de Baïkonour.".encode("latin-1"))
        assert log.add_article(path, encoding="latin-1").article.text == "Le cosmodrome de Baïkonour."

    def test_bom_is_removed(self, log: Log, tmp_path: Path) -> None:
        path = tmp_path / "bom.txt"
        path.write_bytes(b"\xef\xbb\xbfTexte.")
        assert log.add_article(path).article.text == "Texte."


class TestCorrections:
    def test_retract_removes_from_timeline_but_not_from_log(self, log: Log) -> None:
        article = make_article()
        event = make_event(article)
        report(log, event)
        assert len(log.timeline().entries) == 1
        log.retract(event.id, reason="duplicate")
        assert log.timeline().entries == ()
        assert any(isinstance(r.record, EventReported) for r in log.records())
        assert log.event(event.id).event == event

    def test_amend_applies_on_top_and_survives_a_new_report(self, log: Log) -> None:
        article = make_article()
        event = make_event(article, date="2023-09")
        report(log, event)
        log.amend(event.id, date="2023-09-13", places=(KREMLIN,), reason="the article says mercredi")
        (entry,) = log.timeline().entries
        assert entry.date == Date.parse("2023-09-13") and entry.places == (KREMLIN,)
        # The extractor reports the same claim again (same id, new content): the person's fix stays.
        import attrs

        report(log, attrs.evolve(event, summary="Nouveau résumé", places=(BAIKONUR,)))
        (entry,) = log.timeline().entries
        assert entry.summary == "Nouveau résumé"
        assert entry.date == Date.parse("2023-09-13") and entry.places == (KREMLIN,)

    def test_unknown_ids_and_empty_amendments(self, log: Log) -> None:
        with pytest.raises(UnknownEventError, match="ev-nope"):
            log.retract("ev-nope", reason="x")
        article = make_article()
        event = make_event(article)
        report(log, event)
        with pytest.raises(InputError, match="must change something"):
            log.amend(event.id, reason="nothing")
        with pytest.raises(InputError, match="needs a reason"):
            log.retract(event.id, reason=" ")
        with pytest.raises(InvalidDateError):
            log.amend(event.id, date="mercredi", reason="x")
        with pytest.raises(InputError, match="unknown modality"):
            log.amend(event.id, modality="maybe", reason="x")

    def test_merge_and_split(self, log: Log) -> None:
        a, b = make_article("Article A sur Vostotchny."), make_article("Article B sur le Kremlin.")
        one = make_event(a, date="2023-09-13")
        two = make_event(b, date="2023-09-13", places=(KREMLIN,))
        report(log, one, two)
        assert len(log.timeline().entries) == 2
        log.merge([one.id, two.id], reason="same meeting, the second article is wrong about the place")
        (entry,) = log.timeline().entries
        assert {s.event_id for s in entry.sources} == {one.id, two.id}
        assert [c.field for c in entry.conflicts] == ["place"]
        log.split([two.id], reason="different meeting after all")
        assert len(log.timeline().entries) == 2


class TestHistory:
    def test_as_of_position_and_time(self, log: Log) -> None:
        article = make_article()
        report(log, make_event(article, start=0, end=5))
        middle = log.head
        report(log, make_event(article, start=6, end=10, kind="launch", places=(BAIKONUR,)))
        assert len(log.timeline(as_of=middle.position).entries) == 1
        assert len(log.timeline(as_of=f"#{middle.position}").entries) == 1
        assert len(log.timeline().entries) == 2
        assert log.timeline(as_of="2000-01-01").entries == ()
        assert len(log.timeline(as_of=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).entries) == 2
        with pytest.raises(InputError, match="naive"):
            log.timeline(as_of=dt.datetime(2023, 9, 14))

    def test_expected_head(self, log: Log) -> None:
        log.add_article("Texte.", extract=False)
        with pytest.raises(ConcurrencyError):
            log.append([EventReported(make_event(make_article()))], expected_head=0)

    def test_memory_log(self) -> None:
        with open_log(":memory:", extractor=lambda a: ()) as log:
            log.add_article("Texte en mémoire.")
            assert log.head.position == 1 and log.verify().ok

    def test_modality_strings(self, log: Log) -> None:
        event = make_event(make_article())
        report(log, event)
        log.amend(event.id, modality="planned", reason="not yet")
        assert log.timeline().entries[0].modality is Modality.PLANNED
