"""Actors: known people, organisations and states, and unknown ones found by spaCy's NER."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.errors import InputError
from spacedip.extract.actors import ActorFinder
from spacedip.extract.mentions import ActorMention
from spacedip.model import ActorKind

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def finder() -> ActorFinder:
    """One finder for the module: spaCy's model loads once per process (lazily, on first use)."""
    return ActorFinder.load()


@pytest.fixture(scope="module")
def known_only() -> ActorFinder:
    return ActorFinder.load(use_ner=False)


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def found(finder: ActorFinder, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.actor.id) for m in finder.find_actors(text)]


def by_text(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    return [m for m in mentions if m.text == text]


class TestKnownPeople:
    def test_full_titled_and_short_names(self, known_only: ActorFinder) -> None:
        text = "Le président russe Vladimir Poutine a reçu M. Abe. « Bienvenue », a dit M. Poutine. Poutine a souri."
        mentions = known_only.find_actors(text)
        assert [(m.text, m.actor.id) for m in mentions] == [
            ("Vladimir Poutine", "vladimir-putin"),
            ("M. Abe", "shinzo-abe"),
            ("M. Poutine", "vladimir-putin"),
            ("Poutine", "vladimir-putin"),
        ]
        assert mentions[0].actor.role == "président russe"
        assert mentions[0].actor.kind is ActorKind.PERSON

    @pytest.mark.parametrize("spelling", ["Kim Jong-un", "Kim Jong Un", "Kim Jong-Un"])
    def test_kim_spellings(self, known_only: ActorFinder, spelling: str) -> None:
        text = f"{spelling} est arrivé mardi. M. Kim a salué Poutine, puis Kim est reparti."
        assert [a for _, a in found(known_only, text)] == [
            "kim-jong-un",
            "kim-jong-un",
            "vladimir-putin",
            "kim-jong-un",
        ]

    @pytest.mark.parametrize("spelling", ["Tokayev", "Tokaïev", "Tokaev"])
    def test_transliterations(self, known_only: ActorFinder, spelling: str) -> None:
        assert found(known_only, f"Le président {spelling} a parlé.") == [(spelling, "kassym-jomart-tokayev")]

    def test_ambiguous_surname_is_left_alone(self, known_only: ActorFinder) -> None:
        assert found(known_only, "Kim a visité l'usine.") == []

    def test_surname_links_to_the_full_name_in_the_document(self, known_only: ActorFinder) -> None:
        text = "Kim Yo-jong a déclaré que Séoul avait tort. Kim a ajouté que Pyongyang répondrait."
        assert [a for t, a in found(known_only, text) if t == "Kim"] == ["kim-yo-jong"]

    def test_headline_before_the_full_name(self, known_only: ActorFinder) -> None:
        text = "Poutine et Kim se sont rencontrés\n\nVladimir Poutine et Kim Jong-un ont discuté."
        assert [a for _, a in found(known_only, text)][:2] == ["vladimir-putin", "kim-jong-un"]


class TestStates:
    def test_country_and_capital_as_the_state(self, known_only: ActorFinder) -> None:
        text = "Pyongyang a l'intention de coopérer avec Moscou. La RPDC et la Corée du Nord, c'est pareil."
        assert found(known_only, text) == [
            ("Pyongyang", "country-kp"),
            ("Moscou", "country-ru"),
            ("RPDC", "country-kp"),
            ("Corée du Nord", "country-kp"),
        ]

    def test_locative_uses_are_places_not_actors(self, known_only: ActorFinder) -> None:
        text = "Kim Jong-un est arrivé en Russie, puis à Vladivostok et à Moscou, depuis le Kremlin, au Japon."
        assert [a for _, a in found(known_only, text)] == ["kim-jong-un"]

    def test_every_gazetteer_country_is_an_actor(self, known_only: ActorFinder) -> None:
        assert found(known_only, "Le Brésil et le Sénégal ont signé.") == [
            ("Brésil", "country-br"),
            ("Sénégal", "country-sn"),
        ]

    def test_adjectives_are_not_states(self, known_only: ActorFinder) -> None:
        assert found(known_only, "le dirigeant nord-coréen et le président russe") == []

    def test_institutions(self, known_only: ActorFinder) -> None:
        text = "Le porte-parole du Kremlin, Dmitri Peskov, cité par TASS et RIA Novosti, a parlé à la NASA."
        assert found(known_only, text) == [
            ("Kremlin", "kremlin"),
            ("Dmitri Peskov", "dmitry-peskov"),
            ("TASS", "tass"),
            ("RIA Novosti", "ria-novosti"),
            ("NASA", "nasa"),
        ]


class TestRoles:
    @pytest.mark.parametrize(
        ("text", "name", "role"),
        [
            ("Le ministre russe de la Défense Sergueï Choïgou devrait venir.", "Sergueï Choïgou", "ministre russe de la Défense"),
            ("a déclaré le porte-parole du Kremlin, Dmitri Peskov, cité", "Dmitri Peskov", "porte-parole du Kremlin"),
            ("a déclaré le directeur général de Roscosmos, Youri Borissov.", "Youri Borissov", "directeur général de Roscosmos"),
            ("Youri Borissov, directeur général de Roscosmos, a confirmé.", "Youri Borissov", "directeur général de Roscosmos"),
            ("Le président russe Vladimir Poutine et Kim Jong-un", "Kim Jong-un", None),
        ],
    )  # fmt: skip
    def test_titles(self, known_only: ActorFinder, text: str, name: str, role: str | None) -> None:
        (mention,) = by_text(known_only.find_actors(text), name)
        assert mention.actor.role == role


class TestUnknownActors:
    def test_people_found_by_ner_with_ids_and_surnames(self, finder: ActorFinder) -> None:
        text = (
            "Le ministre kazakh de l'Industrie, Roman Sklyar, a rencontré mercredi à Astana le cosmonaute "
            "Oleg Artemiev. M. Sklyar a salué la coopération. Selon Sklyar, un accord sera signé."
        )
        mentions = finder.find_actors(text)
        people = [(m.text, m.actor.id) for m in mentions if m.actor.kind is ActorKind.PERSON]
        assert people == [
            ("Roman Sklyar", "person-roman-sklyar"),
            ("Oleg Artemiev", "person-oleg-artemiev"),
            ("M. Sklyar", "person-roman-sklyar"),
            ("Sklyar", "person-roman-sklyar"),
        ]
        assert by_text(mentions, "Roman Sklyar")[0].actor.role == "ministre kazakh de l'Industrie"
        assert by_text(mentions, "Oleg Artemiev")[0].actor.role == "cosmonaute"

    def test_organisations_found_by_ner(self, finder: ActorFinder) -> None:
        text = (
            "La directrice de l'Agence spatiale philippine, Joel Marciano, s'est rendue à Manille. "
            "La société Rosatom a signé un contrat avec la société Gazprom."
        )
        mentions = finder.find_actors(text)
        orgs = {(m.text, m.actor.id) for m in mentions if m.actor.kind is ActorKind.ORGANISATION}
        assert {("Rosatom", "org-rosatom"), ("Gazprom", "org-gazprom")} <= orgs
        assert ("Agence spatiale philippine", "org-agence-spatiale-philippine") in orgs

    def test_noise_is_filtered(self, finder: ActorFinder) -> None:
        text = "Vladimir Poutine et Kassym-Jomart Tokayev © Pavel Bednyakov/ Pool/ TASS.\n\nAdresse : 79, rue Ly Thuong Kiêt, Hanoï."
        mentions = finder.find_actors(text)
        assert [m.actor.id for m in mentions if m.actor.kind is ActorKind.PERSON] == [
            "vladimir-putin",
            "kassym-jomart-tokayev",
        ]
        assert "tass" in [m.actor.id for m in mentions]  # a known agency, even in a credit

    def test_seed_people(self, finder: ActorFinder) -> None:
        text = seed("001_855e7bb5014c4b67.txt")
        people = {m.actor.id for m in finder.find_actors(text) if m.actor.kind is ActorKind.PERSON}
        assert people == {
            "vladimir-putin",
            "kassym-jomart-tokayev",
            "yuri-borisov",
            "aidyn-aimbetov",
            "toktar-aubakirov",
            "talgat-musabayev",
        }

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("000_006e99510a8832ce.txt", {"vladimir-putin", "shinzo-abe", "anton-shkaplerov", "norishige-kanai"}),
            ("003_ac0a5c4a6fc9097b.txt", {"kim-jong-un", "vladimir-putin", "dmitry-peskov", "yi-so-yeon"}),
            ("004_86786374b0429f1a.txt", {"vladimir-putin", "kim-jong-un", "sergei-shoigu"}),
        ],
    )
    def test_other_seeds(self, finder: ActorFinder, name: str, expected: set[str]) -> None:
        mentions = finder.find_actors(seed(name))
        assert {m.actor.id for m in mentions if m.actor.kind is ActorKind.PERSON} == expected


class TestUserFiles:
    def test_extends(self, tmp_path: Path) -> None:
        path = tmp_path / "actors.toml"
        path.write_text(
            '[[actor]]\nid = "roman-sklyar"\nname = "Roman Sklyar"\nkind = "person"\nshort_names = ["Sklyar"]\n'
            'country = "KZ"\n',
            encoding="utf-8",
        )
        finder = ActorFinder.load([path], use_ner=False)
        assert found(finder, "Sklyar a parlé.") == [("Sklyar", "roman-sklyar")]

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ('[[actor]]\nid = "x"\nname = "X"\nkind = "robot"\n', "not an actor kind"),
            ('[[actor]]\nid = "x"\nname = "X"\nseat = "atlantis"\n', "names no place"),
            ('[[actor]]\nid = "x"\nname = "X"\nshort_names = "X"\n', "list of strings"),
            ('[[actor]]\nid = "x"\nname = "X"\ncountry = "Russia"\n', "alpha-2"),
            ('[[actors]]\nid = "x"\n', "unknown top-level"),
        ],
    )
    def test_bad_files(self, tmp_path: Path, body: str, message: str) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(body, encoding="utf-8")
        with pytest.raises(InputError, match=message) as info:
            ActorFinder.load([path], use_ner=False)
        assert str(path) in (info.value.where or "")


WORDS = st.sampled_from(
    ["Vladimir Poutine", "M. ", "Kim", " ", "Jong-un", "le président russe ", ",", ".", "\n", "© ", "/", "TASS",
     "Moscou", "en ", "Ivan Petrov", "rue ", "Mercredi", "é", "’"]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=20).map("".join))
def test_random_text_spans_are_exact(finder: ActorFinder, text: str) -> None:
    previous_end = 0
    for mention in finder.find_actors(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end
