"""The whole extractor on the seed corpus and on text in any state."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spacedip
from spacedip.articles import read_article
from spacedip.corpus import example_corpus
from spacedip.extract.event_evaluation import by_file, read_gold, score_events
from spacedip.extract.pipeline import PROVENANCE, analyse, extract_events, make_extractor
from spacedip.model import Article

GOLD = Path(__file__).resolve().parents[1] / "gold" / "seeds.events.jsonl"


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return [read_article(item.path, published=item.published) for item in example_corpus()]


class TestSeeds:
    def test_event_f1_on_the_gold(self, seeds: list[Article]) -> None:
        gold = by_file(read_gold(GOLD))
        docs = []
        for item, article in zip(example_corpus(), seeds, strict=True):
            x = analyse(article)
            docs.append((gold[item.path.name], x.events, [p.place.id for p in x.places]))
        scores = score_events(docs)
        assert scores.f1 >= 0.85, scores.table()
        assert scores.place_linking == 1.0
        assert scores.date_accuracy >= 0.8

    def test_spans_quote_the_text(self, seeds: list[Article]) -> None:
        for article in seeds:
            for event in extract_events(article):
                span = event.evidence.span
                assert event.evidence.quote == article.text[span.start : span.end]
                assert event.evidence.article == article.id
                assert event.provenance == PROVENANCE
                assert {r.field for r in event.reasons} >= {"kind", "date", "modality", "places", "actors"}

    def test_deterministic_without_duplicates(self, seeds: list[Article]) -> None:
        for article in seeds:
            first, second = extract_events(article), extract_events(article)
            assert first == second
            keys = [(e.evidence.span, e.kind) for e in first]
            assert len(keys) == len(set(keys))

    def test_timeline_of_the_seeds(self) -> None:
        log = spacedip.open_log(":memory:")
        for item in example_corpus():
            log.add_article(item.path, published=item.published)
        entries = log.timeline().entries
        vostochny = [
            e for e in entries if any(p.id == "vostochny" for p in e.places) and e.kind in ("meeting", "talks", "visit")
        ]
        assert len(vostochny) == 1
        entry = vostochny[0]
        assert entry.date.edtf == "2023-09-13"
        files = {s.article.origin for s in entry.sources if s.article.origin}
        names = {Path(f).name[:3] for f in files}
        assert {"002", "003", "004"} <= names, names
        assert {a.id for a in entry.actors} >= {"vladimir-putin", "kim-jong-un"}
        call = [e for e in entries if e.kind == "video_call"]
        assert [e.date.edtf for e in call] == ["2018-05-26"]
        assert {p.id for p in call[0].places} >= {"kremlin", "iss"}
        arrival = [e for e in entries if e.kind == "arrival" and e.date.edtf == "2017-12"]
        assert len(arrival) == 1 and {a.id for a in arrival[0].actors} == {"anton-shkaplerov", "norishige-kanai"}

    def test_speed(self, seeds: list[Article]) -> None:
        extract_events(seeds[0])
        start = time.perf_counter()
        for article in seeds * 2:
            extract_events(article)
        rate = 2 * len(seeds) / (time.perf_counter() - start)
        assert rate > 5, f"{rate:.1f} articles/s"


class TestAnyInput:
    def test_empty(self) -> None:
        x = analyse(Article.create("   \n"))
        assert x.events == () and "empty" in x.notes[0]

    def test_english(self) -> None:
        text = (
            "Vladimir Putin met Kim Jong Un on Wednesday at the Vostochny cosmodrome, where the two leaders "
            "held talks that lasted for more than five hours, the Kremlin said."
        )
        x = analyse(Article.create(text, published="2023-09-13"))
        assert x.events == ()
        assert x.language == "en"
        assert any("not French" in n for n in x.notes)

    def test_declared_language(self) -> None:
        x = analyse(Article.create("Poutine a rencontré Kim mercredi au Kremlin.", language="de"))
        assert x.events == () and x.language == "de"

    def test_binary(self) -> None:
        data = bytes(range(256)).decode("latin-1") * 40
        x = analyse(Article.create(data))
        assert x.events == ()
        assert x.language == "und"

    def test_future_publication(self) -> None:
        x = analyse(Article.create("Le cargo s'est amarré à l'ISS samedi.", published="2031-06-07"))
        assert [e.date.edtf for e in x.events] == ["2031-06-07"]

    def test_huge_text_is_bounded(self) -> None:
        paragraph = (
            "Le 4 octobre 2024, la Russie a lancé un satellite depuis Baïkonour. "
            "Les deux ministres se sont rencontrés à Moscou.\n\n"
        )
        text = paragraph * (20_000_000 // len(paragraph) + 1)
        start = time.perf_counter()
        x = analyse(Article.create(text, published="2024-10"), max_chars=300_000)
        assert time.perf_counter() - start < 30
        assert any("only the first" in n for n in x.notes)
        assert x.events and all(e.evidence.span.end <= 300_000 for e in x.events)

    def test_user_files(self, tmp_path: Path) -> None:
        triggers = tmp_path / "t.toml"
        triggers.write_text('[[kind]]\nname = "sanction"\nverbs = ["sanctionner"]\n', encoding="utf-8")
        extractor = make_extractor(trigger_files=[triggers])
        events = extractor(
            Article.create("L'Union européenne a sanctionné Roscosmos le 2 mars 2024.", published="2024-03")
        )
        assert [e.kind for e in events] == ["sanction"]
        assert events[0].date.edtf == "2024-03-02"


_FRENCH = st.sampled_from(
    [
        "Poutine",
        "a",
        "rencontré",
        "Kim",
        "mercredi",
        "au",
        "cosmodrome",
        "Vostotchny",
        "«",
        "»",
        ",",
        ".",
        "\n\n",
        "se rendra",
        "à",
        "Pékin",
        "si",
        "le",
        "lancement",
        "en",
        "2019",
        "devrait",
        "s'est",
        "amarré",
        "l'ISS",
        "Tél :",
        "invité",
        "d'envoyer",
        "dans l'espace",
        "é",
        "\u00a0",
        "’",
        "\r\n",
        "qui",
        "Il",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRENCH, max_size=60), st.text(max_size=20), st.sampled_from([None, "2023-09", "2023-09-13"]))
def test_random_french_never_breaks(words: list[str], noise: str, published: str | None) -> None:
    text = " ".join(words) + noise
    article = Article.create(text, published=published)
    for event in extract_events(article):
        span = event.evidence.span
        assert 0 <= span.start <= span.end <= len(text)
        assert event.evidence.quote == text[span.start : span.end]
