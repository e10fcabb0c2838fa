"""The French temporal tagger: table-driven cases, scores on gold, and robustness."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spacedip.extract.evaluation import Annotation, score
from spacedip.extract.mentions import TemporalExpression, TimexType
from spacedip.extract.temporal import tag
from spacedip.extract.timeml import read_timeml

REPO = Path(__file__).resolve().parents[2]
FTIB = REPO.parent / "shared" / "ftib-dev"
SEEDS = REPO.parent / "shared" / "seeds"
SEED_GOLD = REPO / "tests" / "gold" / "seeds.timex.jsonl"
SEED_DATES = {"000": "2018-05-26", "001": "2023-11", "002": "2023-09", "003": "2023-09", "004": "2023-09-13"}


def only(text: str, published: str | None) -> TemporalExpression:
    found = tag(text, published)
    assert len(found) == 1, found
    return found[0]


# (text, publication date, surface, type, EDTF value, TIMEX3 value, mod)
CASES = [
    ("Ils ont parlé samedi.", "2018-05-26", "samedi", "DATE", "2018-05-26", "2018-05-26", None),
    (
        "Ils se sont rencontrés mercredi matin.",
        "2023-09-13",
        "mercredi matin",
        "TIME",
        "2023-09-13",
        "2023-09-13TMO",
        None,
    ),
    ("Kim est arrivé mardi en Russie.", "2023-09-13", "mardi", "DATE", "2023-09-12", "2023-09-12", None),
    ("Il se rendra mardi à Paris.", "2023-09-13", "mardi", "DATE", "2023-09-19", "2023-09-19", None),
    ("Ils ont parlé ce mercredi.", "2023-09-13", "ce mercredi", "DATE", "2023-09-13", "2023-09-13", None),
    ("Il a rencontré mercredi le président.", "2023-09", "mercredi", "DATE", "2023-09", "XXXX-WXX-3", None),
    ("Ils sont arrivés en décembre.", "2018-05-26", "décembre", "DATE", "2017-12", "2017-12", None),
    ("Il reviendra en décembre.", "2018-05", "décembre", "DATE", "2018-12", "2018-12", None),
    ("Le sommet du 13 septembre.", "2023-09", "13 septembre", "DATE", "2023-09-13", "2023-09-13", None),
    ("Il est venu le 13 septembre.", "2023-09", "le 13 septembre", "DATE", "2023-09-13", "2023-09-13", None),
    ("Sa visite avait eu lieu en avril 2019.", None, "avril 2019", "DATE", "2019-04", "2019-04", None),
    ("La réunion aura lieu mi-septembre.", "2023-09-01", "mi-septembre", "DATE", "2023-09", "2023-09", "MID"),
    ("Les travaux finiront fin 2023.", "2023-05-01", "fin 2023", "DATE", "2023", "2023", "END"),
    ("Le chantier commencera début avril.", "2023-02-01", "début avril", "DATE", "2023-04", "2023-04", "START"),
    ("Il est parti hier.", "2023-09-13", "hier", "DATE", "2023-09-12", "2023-09-12", None),
    ("Il viendra demain à Paris.", "2023-09-13", "demain", "DATE", "2023-09-14", "2023-09-14", None),
    ("Il se rend aujourd'hui à Paris.", "2023-09-13", "aujourd'hui", "DATE", "2023-09-13", "2023-09-13", None),
    ("Aujourd'hui, la ville a changé.", "2023-09-13", "Aujourd'hui", "TIME", "2023-09-13", "PRESENT_REF", None),
    ("Actuellement, ils discutent.", "2023-09-13", "Actuellement", "TIME", "2023-09-13", "PRESENT_REF", None),
    (
        "Il est venu la semaine dernière.",
        "2023-09-13",
        "la semaine dernière",
        "DATE",
        "2023-09-04/2023-09-10",
        "2023-W36",
        None,
    ),
    ("Il est venu l'an dernier.", "2023-09-13", "l'an dernier", "DATE", "2022", "2022", None),
    ("Il est venu il y a deux ans.", "2023-09-13", "il y a deux ans", "DATE", "2021", "2021", None),
    ("Il est arrivé ce matin.", "2023-09-13", "ce matin", "TIME", "2023-09-13", "2023-09-13TMO", None),
    ("Il reviendra dans trois jours.", "2023-09-13", "dans trois jours", "DATE", "2023-09-16", "2023-09-16", None),
    ("Il reviendra le mois prochain.", "2023-09-13", "le mois prochain", "DATE", "2023-10", "2023-10", None),
    ("Il viendra cet été.", "2023-05-02", "cet été", "DATE", "2023-22", "2023-SU", None),
    ("La mode des années 90 revient.", "2023-05-02", "des années 90", "DATE", "199X", "199X", None),
    ("Il travaille depuis plus de 10 ans.", "2018-05-26", "plus de 10 ans", "DURATION", "P10Y", "P10Y", "MORE_THAN"),
    ("Le sommet a duré plus de cinq heures.", None, "plus de cinq heures", "DURATION", "PT5H", "PT5H", "MORE_THAN"),
    (
        "Il a serré la main pendant environ 40 secondes.",
        None,
        "environ 40 secondes",
        "DURATION",
        "PT40S",
        "PT40S",
        "APPROX",
    ),
    (
        "La guerre dure depuis plus d'un an et demi.",
        None,
        "plus d'un an et demi",
        "DURATION",
        "P18M",
        "P18M",
        "MORE_THAN",
    ),
    ("Il a attendu vingt-cinq ans.", None, "vingt-cinq ans", "DURATION", "P25Y", "P25Y", None),
    ("Il a attendu une quinzaine de jours.", None, "une quinzaine de jours", "DURATION", "P15D", "P15D", "APPROX"),
    ("Le rendez-vous est à 14 h 30.", "2023-09-13", "14 h 30", "TIME", "2023-09-13", "2023-09-13T14:30", None),
    ("La fête a lieu chaque année.", None, "chaque année", "SET", "P1Y", "P1Y", None),
    ("Le marché se tient tous les lundis.", None, "tous les lundis", "SET", None, "XXXX-WXX-1", None),
    ("Le VILLAGE FERA LA FÊTE DIMANCHE.", "1999-05-18", "DIMANCHE", "DATE", "1999-05-23", "1999-05-23", None),
    ("Il est mort au XXe siècle.", None, "XXe siècle", "DATE", "19XX", "19", None),
]


@pytest.mark.parametrize(("text", "published", "surface", "typ", "value", "timex3", "mod"), CASES)
def test_case(
    text: str, published: str | None, surface: str, typ: str, value: str | None, timex3: str, mod: str | None
) -> None:
    e = only(text, published)
    assert (e.text, e.type, e.value, e.timex3, e.mod) == (surface, TimexType(typ), value, timex3, mod)
    assert text[e.start : e.end] == e.text


class TestLists:
    def test_year_list_gives_three_dates(self) -> None:
        found = tag("Talgat Moussabaïev (1994, 1998, 2001) a volé.", "2023-11")
        assert [(e.text, e.value) for e in found] == [("1994", "1994"), ("1998", "1998"), ("2001", "2001")]

    def test_day_range_is_an_interval(self) -> None:
        e = only("Le salon se tiendra du 8 au 9 novembre.", "2023-10-02")
        assert (e.text, e.value) == ("du 8 au 9 novembre", "2023-11-08/2023-11-09")

    def test_year_range_is_an_interval(self) -> None:
        e = only("Ils ont été lancés entre 2011 et 2014.", None)
        assert (e.text, e.value) == ("entre 2011 et 2014", "2011/2014")

    def test_ranges_can_be_split_as_timebank_does(self) -> None:
        found = tag("Il sera fermé du 19 au 23 juillet.", "1999-07-16", ranges="split")
        assert [(e.text, e.timex3) for e in found] == [("19", "1999-07-19"), ("23 juillet", "1999-07-23")]


class TestWeekdaysByTense:
    @pytest.mark.parametrize(
        ("text", "published", "value", "timex3"),
        [
            ("Il est venu samedi.", "2023-09-13", "2023-09-09", "2023-09-09"),
            ("Il viendra samedi.", "2023-09-13", "2023-09-16", "2023-09-16"),
            ("Il est venu lundi dernier.", "2023-09-13", "2023-09-11", "2023-09-11"),
            ("Il viendra lundi prochain.", "2023-09-13", "2023-09-18", "2023-09-18"),
            ("Il est venu samedi.", "2023-09", "2023-09", "XXXX-WXX-6"),
            ("Il viendra samedi.", "2023", "2023", "XXXX-WXX-6"),
            ("Il viendra samedi.", None, None, "XXXX-WXX-6"),
        ],
    )
    def test_weekday(self, text: str, published: str | None, value: str | None, timex3: str) -> None:
        e = only(text, published)
        assert (e.value, e.timex3) == (value, timex3)


@pytest.mark.parametrize(
    "text",
    [
        "Je suis ravi, a dit sa mère à ma sœur.",
        "Le rover a atterri sur Mars hier soir pour explorer Mars.",
        "Il a volé à bord du Soyouz TMA-18M puis du Proton-K.",
        "Il faisait partie de la 18e expédition.",
        "L'ISS a coûté 100 milliards de dollars.",
        "Adresse : 79, rue Ly Thuong Kiêt, Hanoï.",
        "Tél : (+84) 24 38 25 20 96",
        "Permis de publication : 25/GP-BTTTT",
        "Le score est de 2-1 et la hausse de 12,5 %.",
        "La ville compte 60.082.000 habitants et 2000 voitures.",
        "Une fillette de 6 ans et un électricien allemand de 37 ans.",
    ],
)
def test_no_false_dates(text: str) -> None:
    found = [e for e in tag(text, "2023-09-13") if e.text not in ("hier soir",)]
    assert found == []


def _ftib_pairs() -> list[tuple[list[Annotation], list[Annotation]]]:
    pairs = []
    for path in sorted(FTIB.glob("*.tml")):
        d = read_timeml(path)
        gold = [Annotation(t.start, t.end, t.type, t.value) for t in d.timexes]
        found = tag(d.text, d.dct, ranges="split")
        pairs.append((gold, [Annotation(e.start, e.end, e.type.value, e.timex3) for e in found]))
    return pairs


@pytest.mark.skipif(not FTIB.is_dir(), reason=f"French TimeBank dev half not found at {FTIB}")
def test_ftib_dev_scores() -> None:
    s = score(_ftib_pairs())
    assert s.relaxed_f1 >= 0.93
    assert s.value_f1 >= 0.85


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")
def test_seed_gold_scores() -> None:
    by_file: dict[str, list[Annotation]] = {}
    for line in SEED_GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        by_file.setdefault(row["file"], []).append(Annotation(row["start"], row["end"], row["type"], row["value"]))
    pairs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = tag(text, SEED_DATES[path.name[:3]])
        pairs.append((by_file.get(path.name, []), [Annotation(e.start, e.end, e.type.value, e.value) for e in found]))
    s = score(pairs)
    assert s.relaxed_f1 >= 0.95
    assert s.value_accuracy >= 0.95


# -- robustness: random and mutated French ----------------------------------------------------

_SNIPPETS = [
    "le 13 septembre",
    "mercredi matin",
    "hier",
    "l'an dernier",
    "du 8 au 9 novembre",
    "plus de 10 ans",
    "à 14 h 30",
    "(1994, 1998, 2001)",
    "il y a deux ans",
    "chaque année",
    "mi-septembre",
    "Mars",
    "« ",
    " »",
    "’",
    "\u00a0",
    "\r\n",
    "\ufeff",
    "M. Poutine",
    "TMA-18M",
    "25/GP",
    "1.000",
    "3,5 %",
    "entre 2011 et",
    "vingt-cinq",
    "une quinzaine de",
    "jours",
    "ans",
    "dans",
    "depuis",
    "la veille",
    "ce même jour",
    "à midi",
]


def _check(text: str, published: str | None, ranges: Literal["interval", "split"] = "interval") -> None:
    for e in tag(text, published, ranges=ranges):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from([*_SNIPPETS, " ", ".", ",", "\n", "2023", "31", "1er"]), max_size=12))
def test_mutated_french_never_breaks(parts: list[str]) -> None:
    _check("".join(parts), "2023-09-13")


@settings(max_examples=3000, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["2023-09-13", "2023-09", "2023", None, "XXXX", "n'importe"]))
def test_random_text_never_breaks(text: str, published: str | None) -> None:
    _check(text, published, "split")


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(_SNIPPETS),
    st.sampled_from(_SNIPPETS),
    st.text(alphabet=st.sampled_from(list(" ,.'’-0123456789àéè\u0301\u00a0")), max_size=6),
)
def test_joined_snippets_never_break(a: str, b: str, glue: str) -> None:
    _check(a + glue + b, "2023-09")


# -- the fast paths find what the plain regexes find ------------------------------------------

_PHRASES = [
    *_SNIPPETS,
    "à la fin du mois de juin",
    "fin2023",
    "débutavril",
    "finance",
    "mi-mars",
    "l'été dernier",
    "a été",
    "24h",
    "10ans",
    "environ 3 jours",
    "dans trois semaines",
    "il y a une dizaine d'années",
    "le premier dimanche de mars",
    "du lundi 3 au mercredi 5 juin",
    "entre le 3 et le 5 juin",
    "13/09/2023",
    "2023-09-13",
    "1998/99",
    "vers 8 heures",
    "à 10:30",
    "les années 1980",
    "le XIXe siècle",
    "le deuxième trimestre 2020",
    "ce lundi-ci",
    "la saison dernière",
    "à Noël",
    "le Jour de l'An",
    "quatre-vingt-dix-neuf ans",
    "Il viendra",
    "ils étaient partis",
    "M. Dupont",
    "SEPTEMBRE",
    "Mars",
    "\u0130",
    "\u0131",
    "\u017f",
    "٣",
    "_",
    # durations: the words before the unit, "dans" and "il y a" before them (a space after
    # them: a unit glued to a word, "plusieursjours", is beyond the scan, see scan.py)
    "un peu plus d'",
    "les deux dernières ",
    "plusieurs ",
    "de longues ",
    "DANS ",
    "dans la",
    "dans à peine ",
    "Il Y A ",
    "il y a\n",
    "10,5",
    # rules tried from the words their matches begin with ("cet", "l'", "jusqu'à"...)
    "cet après-midi",
    "Cette",
    "l'avant-veille",
    "jusqu'à minuit",
    "ces derniers ",
    "dans la nuit du lundi au mardi",
    "au 1er trimestre",
    "en début d'année",
    "le",
]
_GLUE = st.text(alphabet=st.sampled_from(list(" ,.;:!?'’-()\"\n0123456789éè")), max_size=3)
_FRENCH = st.lists(st.tuples(st.sampled_from(_PHRASES), _GLUE), max_size=10).map(
    lambda parts: "".join(p + g for p, g in parts)
)


def _resolve_overlaps(found: list[tuple[int, int, int, str]]) -> list[tuple[int, int, str]]:
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, _, kind in found:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    return sorted(taken)


@settings(max_examples=400, deadline=None)
@given(_FRENCH)
def test_anchored_scan_finds_what_every_rule_finds(text: str) -> None:
    """The anchored scan gives each rule's own ``finditer`` over the whole text."""
    from spacedip.extract.temporal.patterns import RULES
    from spacedip.extract.temporal.scan import find_candidates, folded

    plain = [
        (m.start(), m.end(), priority, rule.kind)
        for priority, rule in enumerate(RULES)
        for m in rule.regex.finditer(text)
        if m.end() > m.start()
    ]
    # Beyond the scan, as scan.py says: a unit glued to a word ("cinqjours", "peine10ans").
    for rule in RULES:
        if "unit" in rule.regex.groupindex:
            for m in rule.regex.finditer(text):
                word = re.search(r"\w*$", text[: m.start("unit")])
                assume(word is None or not word.group() or word.group().isdecimal())
    expected = _resolve_overlaps(plain)
    for lowered in (folded(text), None):  # the lower-cased copy and the case-insensitive path
        found = find_candidates(text, lowered)
        assert [(c.start, c.end, c.kind) for c in found] == expected
        for c in found:
            reference = RULES[c.priority].regex.match(text, c.start)
            assert reference is not None
            assert {name: c.group(name) for name in reference.groupdict()} == reference.groupdict()


@settings(max_examples=300, deadline=None)
@given(st.one_of(_FRENCH, st.text(alphabet=st.sampled_from(list("fin mardi 2023 été-'(\n_×÷ſIİœ9")), max_size=30)))
def test_anchor_spans_match_a_plain_word_start_search(text: str) -> None:
    """The trie tried after spaces and other non-word characters finds the anchors a
    plain search of every word start finds (the test above checks that the anchors'
    tails and digit conditions lose no match)."""
    from spacedip.extract.temporal import scan
    from spacedip.extract.temporal.patterns import MOD_HEADS

    words = sorted(set(scan._WORD_RULES) | MOD_HEADS, key=len, reverse=True)
    plain = "(?<!\\w)(?:" + "|".join(re.escape(w) + scan._tail(w) for w in words) + "|" + scan._DIGITS + ")"
    lowered = scan.folded(text)
    if lowered is not None:
        assert scan.anchor_spans(text, lowered) == [m.span() for m in re.finditer(plain, lowered)]
    assert scan.anchor_spans(text, None) == [m.span() for m in re.finditer(plain, text, re.IGNORECASE)]


@settings(max_examples=300, deadline=None)
@given(_FRENCH)
def test_tense_markers_in_lower_case(text: str) -> None:
    """The lower-cased search gives what the case-insensitive one gives."""
    from spacedip.extract.temporal import tense

    expected = {
        kind: [m.span() for m in re.finditer(gate + body, text, re.IGNORECASE)]
        for kind, gate, body in (
            ("past", r"(?<![\w-])", tense._PAST_BODY),
            ("future", r"(?<![\w'-])", tense._FUTURE_BODY),
            ("present", r"(?<![\w'-])", tense._PRESENT_BODY),
        )
    }
    assert tense.marker_spans(text) == expected
    lowered = text.lower()
    if len(lowered) == len(text) and not any(ch in text for ch in "\u0130\u0131\u017f"):
        assert tense.marker_spans(lowered, tense._MARKERS_LOWER) == expected
        assert tense.clause_markers(text, lowered) == tense.clause_markers(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_PHRASES,
                "M.",
                "Mme",
                "J.",
                "3.5",
                "etc.",
                "...",
                "!",
                "?",
                "« Oui. »",
                "\n",
                "\n\n",
                "\r\n",
                "a\nb",
                " ",
                ". Le",
                ". le",
            ]
        ),
        max_size=14,
    )
)
def test_sentence_at_agrees_with_split_sentences(parts: list[str]) -> None:
    from spacedip.extract.sentences import sentence_at, split_sentences

    text = " ".join(parts)
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    for pos in range(len(text)):
        expected = next(((s, e) for s, e in sentences if s <= pos < e), None)
        assert sentence_at(text, pos) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcé' ", min_size=1, max_size=5), min_size=1, max_size=8),
    st.text(alphabet="abcé' x", max_size=12),
)
def test_prefix_factored_alternation_matches_like_a_plain_one(words: list[str], text: str) -> None:
    from spacedip.extract.temporal.lexicon import alternation

    plain = (
        "(?:"
        + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))
        + ")"
    )
    for tail in ("", r"(?!\w)", "x"):
        factored, reference = re.compile(alternation(words) + tail), re.compile(plain + tail)
        for pos in range(len(text) + 1):
            a, b = factored.match(text, pos), reference.match(text, pos)
            assert (a.span() if a else None) == (b.span() if b else None)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aitenrèAIT ÷×œ-'2")), max_size=16),
    st.sampled_from([(2, ("aient", "ait", "èrent")), (1, ("era", "ront", "rra")), (1, ("er", "oir"))]),
)
def test_word_endings_checked_first_match_like_the_plain_pattern(text: str, case: tuple[int, tuple[str, ...]]) -> None:
    from spacedip.extract.temporal import tense
    from spacedip.extract.temporal.lexicon import alternation

    before, suffixes = case
    plain = rf"(?<![\w-])[a-zà-ÿ]{{{before},}}?{alternation(suffixes)}(?![\w-])"
    checked = rf"(?<![\w-]){tense._word_ending(before, *suffixes)}"
    for flags in (0, re.IGNORECASE):
        assert [m.span() for m in re.finditer(checked, text, flags)] == [
            m.span() for m in re.finditer(plain, text, flags)
        ]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["2023-09-13", "2023-02-28", "2023-09", "2023", None]),
    st.integers(1, 12),
    st.one_of(st.none(), st.integers(1, 28)),
    st.integers(1, 7),
    st.sampled_from([None, "dernier", "prochain", "passé", "suivant"]),
)
def test_the_tense_is_skipped_only_where_it_decides_nothing(
    published: str | None, month: int, day: int | None, iso: int, rel: str | None
) -> None:
    from spacedip.extract.temporal.calendar import Anchor
    from spacedip.extract.temporal.tense import Tense

    anchor = Anchor.of(published)
    tenses = (None, Tense.PAST, Tense.FUTURE)
    if not anchor.needs_tense(month, day, rel):
        assert len({anchor.infer_year(month, day, t, rel) for t in tenses}) == 1
    if not anchor.needs_tense_weekday(iso, rel):
        assert len({anchor.weekday(iso, t, rel, None) for t in tenses}) == 1


def test_every_approximate_number_holds_the_suffix_checked_first() -> None:
    from spacedip.extract.temporal import resolution as r
    from spacedip.extract.temporal.lexicon import APPROX_NUMBERS

    assert all(r._APPROX_SUFFIX in word for word in APPROX_NUMBERS)
    assert r._approx_number("une dizaine de") == 10
    assert r._approx_number("vingt") is None


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*_PHRASES, "âgée de", "ses", "Ses ", "SA", "l'âge d'", "de 3 à", "( ", "la", "n°", "Tél.", "ſes"]
        ),
        max_size=6,
    ),
    st.text(alphabet=st.sampled_from(list(" \n\t'(ÂâgéeEs")), max_size=4),
)
def test_end_tests_never_skip_a_match(parts: list[str], tail: str) -> None:
    """``_may_end_with`` only skips ``...$`` searches that cannot match."""
    from spacedip.extract.temporal import resolution as r

    text = " ".join(parts) + tail
    for regex, endings in (
        (r._AGE_BEFORE, r._AGE_ENDINGS),
        (r._WORD_DE, r._DE_ENDINGS),
        (r._YEAR_BAD_BEFORE, r._YEAR_BAD_ENDINGS),
    ):
        if regex.search(text):
            assert r._may_end_with(text, endings)
