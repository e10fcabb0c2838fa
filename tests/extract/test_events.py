"""Triggers, modality, dates, places and actors on made-up French sentences (not the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacedip.errors import InputError
from spacedip.extract.inflection import noun_forms, verb_forms
from spacedip.extract.pipeline import analyse
from spacedip.extract.triggers import load_lexicon, words_of
from spacedip.model import Article, Event, Modality


def events(text: str, published: str | None = "2024-03-14") -> list[Event]:
    return list(analyse(Article.create(text, published=published)).events)


def one(text: str, kind: str, published: str | None = "2024-03-14") -> Event:
    found = [e for e in events(text, published) if e.kind == kind]
    assert len(found) == 1, [(e.kind, e.evidence.quote) for e in events(text, published)]
    return found[0]


class TestInflection:
    @pytest.mark.parametrize(
        ("lemma", "form"),
        [
            ("rencontrer", "rencontres"),
            ("lancer", "lancons"),
            ("revenir", "reviendront"),
            ("se rendre", "rendra"),
            ("envoyer", "enverra"),
            ("offrir", "offert"),
            ("poursuivre", "poursuivront"),
            ("conclure", "conclu"),
            ("recevoir", "recu"),
            ("rejoindre", "rejoint"),
            ("construire", "construisent"),
        ],
    )
    def test_forms(self, lemma: str, form: str) -> None:
        assert form in verb_forms(lemma.removeprefix("se "))

    def test_noun_plurals(self) -> None:
        assert {"accord", "accords"} <= noun_forms("accord")
        assert "spatiaux" in noun_forms("spatial")


class TestTriggers:
    def test_reflexive_needs_its_pronoun(self) -> None:
        lexicon = load_lexicon()
        kinds = [m.trigger.kind for m in lexicon.find(words_of("Le ministre se rendra à Pékin."))]
        assert kinds == ["visit"]
        assert lexicon.find(words_of("Le ministre rendra hommage aux victimes.")) == []

    def test_gap_and_number(self) -> None:
        lexicon = load_lexicon()
        text = "Le lanceur a mis deux satellites en orbite et la station fête ses 25 ans."
        assert [m.trigger.kind for m in lexicon.find(words_of(text))] == ["launch", "anniversary"]

    def test_longest_phrase_wins(self) -> None:
        lexicon = load_lexicon()
        found = lexicon.find(words_of("Une déclaration commune a été signée."))
        assert found[0].trigger.kind == "joint_statement"

    def test_user_file_adds_a_kind(self, tmp_path: Path) -> None:
        extra = tmp_path / "mine.toml"
        extra.write_text(
            '[[kind]]\nname = "sanction"\nverbs = ["sanctionner"]\nnouns = ["sanction"]\n', encoding="utf-8"
        )
        lexicon = load_lexicon([extra])
        assert [m.trigger.kind for m in lexicon.find(words_of("L'Union a sanctionné Roscosmos."))] == ["sanction"]

    def test_bad_user_file_says_where(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.toml"
        bad.write_text('[[kind]]\nname = "Bad Kind"\n', encoding="utf-8")
        with pytest.raises(InputError, match="lowercase") as info:
            load_lexicon([bad])
        assert "bad.toml" in str(info.value)
        with pytest.raises(InputError, match="no such trigger file"):
            load_lexicon([tmp_path / "missing.toml"])


class TestModality:
    def test_conditional_after_si(self) -> None:
        event = one("Si Pyongyang accepte, un cosmonaute nord-coréen sera envoyé dans l'espace en 2025.", "flight")
        assert event.modality is Modality.CONDITIONAL

    def test_se_rend_ensuite_is_planned(self) -> None:
        event = one("Le président chinois se rend ensuite à Brasilia pour un sommet.", "visit")
        assert event.modality is Modality.PLANNED

    def test_envisagent_la_possibilite_is_proposed(self) -> None:
        text = "L'Inde et la France envisagent la possibilité d'envoyer en orbite un astronaute indien."
        assert one(text, "flight").modality is Modality.PROPOSED

    def test_a_propose_d_envoyer_is_an_offer(self) -> None:
        event = one("Le ministre a proposé d'envoyer un astronaute brésilien dans l'espace.", "offer")
        assert event.modality is Modality.PROPOSED
        assert not [
            e
            for e in events("Le ministre a proposé d'envoyer un astronaute brésilien dans l'espace.")
            if e.kind == "flight"
        ]

    def test_past_and_future(self) -> None:
        assert one("Le cargo s'est amarré à la station mardi.", "docking").modality is Modality.HAPPENED
        assert one("Le cargo s'amarrera à la station mardi.", "docking").modality is Modality.PLANNED
        assert one("Le lanceur devrait décoller de Kourou en juin.", "launch").modality is Modality.PLANNED


class TestDates:
    def test_date_of_the_clause(self) -> None:
        event = one("Le satellite a été lancé le 3 mars 2024 depuis Kourou.", "launch")
        assert event.date.edtf == "2024-03-03"
        assert event.confidence >= 0.8  # no actor: 0.9 - 0.1

    def test_without_a_date_the_paragraph_gives_one_with_less_confidence(self) -> None:
        text = (
            "Le 2 février 2024, une fusée a décollé de Baïkonour.\n"
            "Elle s'est amarrée à la station spatiale internationale."
        )
        launch, docking = one(text, "launch"), one(text, "docking")
        assert docking.date.edtf == "2024-02-02"
        assert docking.confidence < launch.confidence
        assert "paragraph" in {r.field: r.why for r in docking.reasons}["date"]

    def test_publication_date_for_an_undated_present_report(self) -> None:
        event = one("Les deux ministres se rencontrent à Pékin.", "meeting", published="2024-03")
        assert event.date.edtf == "2024-03"
        assert "publication" in {r.field: r.why for r in event.reasons}["date"]

    def test_weekday_in_a_month_article_stays_a_month(self) -> None:
        event = one("Les deux ministres se sont rencontrés mercredi à Pékin.", "meeting", published="2024-03")
        assert event.date.edtf == "2024-03"

    def test_unknown_publication(self) -> None:
        event = one("Les deux ministres se sont rencontrés à Pékin.", "meeting", published=None)
        assert not event.date.is_known
        assert event.confidence <= 0.6

    def test_a_l_epoque_takes_the_sentence_before(self) -> None:
        text = (
            "Le premier sommet avait eu lieu en mai 2015 à Sotchi.\n\n"
            "À l'époque, les négociations s'étaient tenues à Sotchi."
        )
        assert one(text, "talks").date.edtf == "2015-05"


class TestPlacesAndActors:
    def test_places_after_a_locative(self) -> None:
        event = one("Vladimir Poutine a rencontré Xi Jinping mardi au Kremlin.", "meeting")
        assert [p.id for p in event.places] == ["kremlin"]
        assert {a.id for a in event.actors} == {"vladimir-putin", "xi-jinping"}

    def test_pronoun_subject(self) -> None:
        text = "Emmanuel Macron a salué la mission. Il s'est rendu à Kourou le 5 mars 2024."
        event = one(text, "visit")
        assert [a.id for a in event.actors] == ["emmanuel-macron"]
        assert [p.id for p in event.places] == ["kourou"]

    def test_quoted_opinion_is_not_an_event(self) -> None:
        assert events("« Nous voulons coopérer davantage dans l'espace », a déclaré le ministre.") == []

    def test_footer_and_credits_are_not_events(self) -> None:
        text = "Photo : lancement de Soyouz à Baïkonour\n\nTél : 01 23 45 67 89\n\nback to top"
        assert events(text) == []

    def test_one_sentence_two_events(self) -> None:
        text = "Le 4 avril 2024, Xi Jinping a rencontré Vladimir Poutine à Pékin et l'a invité à Shanghai."
        assert {e.kind for e in events(text)} == {"meeting", "invitation"}

    def test_spans_quote_the_text(self) -> None:
        text = "Le\u00a0ministre s’est rendu à Kourou le 5\u00a0mars 2024.\r\nLa fusée a décollé."
        for event in events(text):
            span = event.evidence.span
            assert event.evidence.quote == text[span.start : span.end]
