"""The normalised matching copy and its map back to original offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.extract.text import normalize


class TestNormalize:
    def test_plain_text_is_shared(self) -> None:
        n = normalize("Le 13 septembre.")
        assert n.text == n.original
        assert n.span(3, 15) == (3, 15)

    def test_quotes_and_spaces_are_folded_one_to_one(self) -> None:
        n = normalize("« Je suis l’invité »\u202f!")
        assert n.text == '" Je suis l\'invité " !'
        assert n.span(3, 7) == (3, 7)

    def test_crlf_bom_and_soft_hyphen_map_back(self) -> None:
        original = "\ufeffTitre\r\nLe 8 no\u00advembre"
        n = normalize(original)
        assert n.text == "Titre\nLe 8 novembre"
        start = n.text.index("8 novembre")
        s, e = n.span(start, start + len("8 novembre"))
        assert original[s:e] == "8 no\u00advembre"

    def test_nfc_composition_maps_to_the_whole_cluster(self) -> None:
        original = "De\u0301cembre 2017"
        n = normalize(original)
        assert n.text == "Décembre 2017"
        s, e = n.span(0, 8)
        assert original[s:e] == "De\u0301cembre"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é\r\n\ufeff\u00a0’«»\u0301\u00ad2")), max_size=40))
def test_every_span_maps_inside_the_original(original: str) -> None:
    n = normalize(original)
    for i in range(len(n.text) + 1):
        for j in range(i, len(n.text) + 1):
            s, e = n.span(i, j)
            assert 0 <= s <= e <= len(original)
