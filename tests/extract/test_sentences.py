"""French sentence segmentation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.extract.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Poutine a vu Mme Merkel. Il part.", ["M. Poutine a vu Mme Merkel.", "Il part."]),
        ("Le Dr House et J. F. Kennedy sont là. Fin.", ["Le Dr House et J. F. Kennedy sont là.", "Fin."]),
        ("Il y a 3.5 ans et 1.000 jours. Bon.", ["Il y a 3.5 ans et 1.000 jours.", "Bon."]),
        ("« Je viens. », a-t-il dit. Puis il part.", ["« Je viens. », a-t-il dit.", "Puis il part."]),
        ("Il a dit « Oui. » Puis il part.", ["Il a dit « Oui. »", "Puis il part."]),
        ("Des pommes, des poires, etc. Ensuite, rien.", ["Des pommes, des poires, etc.", "Ensuite, rien."]),
        ("Il hésite... puis signe. Voilà… Fin", ["Il hésite... puis signe.", "Voilà…", "Fin"]),
        ("Un titre sans point\nLe texte commence.", ["Un titre sans point", "Le texte commence."]),
        (
            "Une ligne coupée\nen plein milieu.\n\nNouveau paragraphe",
            ["Une ligne coupée\nen plein milieu.", "Nouveau paragraphe"],
        ),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_point_into_the_text_with_crlf_and_bom() -> None:
    text = "\ufeffTitre\r\n\r\nM. Abe parle.\u00a0Il sourit."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Titre", "M. Abe parle.", "Il sourit."]
    for s in sentences:
        assert text[s.start : s.end] == s.text


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .!?…«»\"'\n\r\u00a0M1")), max_size=60))
def test_sentences_are_slices_in_order(text: str) -> None:
    last = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.start >= last and s.text.strip()
        last = s.end
