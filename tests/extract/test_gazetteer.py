"""The gazetteer: shipped places, user files, and place matching in French text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.errors import InputError
from spacedip.extract.gazetteer import Gazetteer, fold, normalise
from spacedip.model import PlaceKind

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def ids(gaz: Gazetteer, text: str) -> list[str]:
    return [m.place.id for m in gaz.find_places(text)]


def spans(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.place.id) for m in gaz.find_places(text)]


class TestNormalisation:
    def test_strips_accents_and_case(self) -> None:
        assert normalise("Baïkonour") == "baikonour"
        assert normalise("ÉTATS-UNIS") == "etats-unis"
        assert normalise("Œuvre") == "oeuvre"

    @pytest.mark.parametrize("variant", ["vostotchny", "vostochny", "vostotchni", "vostotsjny", "vostochnyi"])
    def test_folds_transliterations_together(self, variant: str) -> None:
        assert fold(variant) == fold("vostochny")


class TestVariants:
    @pytest.mark.parametrize(
        "name",
        ["Vostotchny", "Vostochny", "Vostotchni", "Vostotsjny", "Vostochnyi", "Vostotchnyi", "Wostotschny"],
    )
    def test_vostochny(self, gaz: Gazetteer, name: str) -> None:
        assert spans(gaz, f"Ils se sont rencontrés à {name} mercredi.") == [(name, "vostochny")]

    @pytest.mark.parametrize("name", ["Baïkonour", "Baikonur", "Baykonur", "Baïkonur", "Baikonour"])
    def test_baikonur(self, gaz: Gazetteer, name: str) -> None:
        assert spans(gaz, f"Lancé depuis {name} en 2006.") == [(name, "baikonur")]

    @pytest.mark.parametrize("name", ["Plessetsk", "Plesetsk"])
    def test_plesetsk(self, gaz: Gazetteer, name: str) -> None:
        assert ids(gaz, f"Un tir depuis {name}.") == ["plesetsk"]

    @pytest.mark.parametrize("name", ["BAÏKONOUR", "baïkonour", "BaIkOnOuR", "baikonour"])
    def test_case_and_accents_do_not_matter(self, gaz: Gazetteer, name: str) -> None:
        assert ids(gaz, f"depuis {name}") == ["baikonur"]

    @pytest.mark.parametrize(
        "name", ["Komsomolsk-sur-l'Amour", "Komsomolsk-sur-l’Amour", "Komsomolsk sur l'Amour", "komsomolsk-sur-l'amour"]
    )
    def test_apostrophes_and_hyphens(self, gaz: Gazetteer, name: str) -> None:
        assert spans(gaz, f"Il se rend à {name} où il visitera les usines.") == [(name, "komsomolsk-on-amur")]

    def test_other_sites(self, gaz: Gazetteer) -> None:
        text = "Kourou, Cap Canaveral, Tanegashima, Sriharikota, la base de Sohae et le centre spatial de Naro."
        assert ids(gaz, text) == ["kourou", "cape-canaveral", "tanegashima", "sriharikota", "sohae", "naro"]


class TestLongestMatch:
    def test_cosmodrome_phrase(self, gaz: Gazetteer) -> None:
        assert spans(gaz, "au cosmodrome de Vostotchny") == [("cosmodrome de Vostotchny", "vostochny")]

    def test_grand_palace_not_kremlin(self, gaz: Gazetteer) -> None:
        assert spans(gaz, "au Grand Palais du Kremlin, puis au Kremlin") == [
            ("Grand Palais du Kremlin", "grand-kremlin-palace"),
            ("Kremlin", "kremlin"),
        ]

    def test_parenthesised_acronym_joins_the_name(self, gaz: Gazetteer) -> None:
        text = "à bord de la Station spatiale internationale (ISS)."
        assert spans(gaz, text) == [("Station spatiale internationale (ISS)", "iss")]

    def test_parenthesis_naming_something_else_stays_apart(self, gaz: Gazetteer) -> None:
        assert spans(gaz, "Vostotchny (Russie)") == [("Vostotchny", "vostochny"), ("Russie", "country-ru")]

    def test_orbit_phrases(self, gaz: Gazetteer) -> None:
        assert spans(gaz, "lancés en orbite terrestre basse") == [("en orbite terrestre basse", "low-earth-orbit")]


class TestWordBoundaries:
    def test_hyphenated_pair(self, gaz: Gazetteer) -> None:
        assert ids(gaz, "l'amitié Russie-RPDC") == ["country-ru", "country-kp"]

    @pytest.mark.parametrize("text", ["la kremlinologie", "les Baïkonouriens", "un Russien", "Japonais"])
    def test_no_match_inside_words(self, gaz: Gazetteer, text: str) -> None:
        assert ids(gaz, text) == []


class TestNoFalsePlaces:
    @pytest.mark.parametrize(
        "text",
        [
            "Le président russe a salué la coopération japonaise.",
            "Si la partie nord-coréenne le souhaite, ce sera en mars.",
            "Un satellite sera lancé. Or, il fait beau. Mars sera visible.",
            "Kim a remercié Poutine.",
            "Vladimir Poutine et Anton Chkaplerov ont parlé.",
            "M. Kim et M. Borissov ont parlé à l'agence Ria.",
            "C'est une idée si nice, seul le temps le dira.",
            "Trente-cinq volontaires ont rejoint la Ligue des droits de l'homme.",
            "Marine Le Pen et Dominique de Villepin ont débattu.",
            "Le lanceur Angara et le complexe Soyouz.",
        ],
    )
    def test_common_words_and_people(self, gaz: Gazetteer, text: str) -> None:
        assert spans(gaz, text) == []

    def test_a_city_still_matches_where_it_is_one(self, gaz: Gazetteer) -> None:
        assert ids(gaz, "Le sommet se tiendra à Nice, puis à Lyon.") == ["geonames-2990440", "geonames-2996944"]

    def test_small_town_needs_a_locative_cue(self, gaz: Gazetteer) -> None:
        assert ids(gaz, "Belfort a gagné.") == []
        assert ids(gaz, "Le concert aura lieu à Belfort.") == ["geonames-3033791"]

    def test_geonames_exonyms(self, gaz: Gazetteer) -> None:
        assert [gaz[i].country for i in ids(gaz, "De Varsovie à Alger.")] == ["PL", "DZ"]


class TestNoGroundPosition:
    @pytest.mark.parametrize(
        ("text", "place_id", "kind"),
        [
            ("l'ISS", "iss", PlaceKind.SPACECRAFT),
            ("la station Tiangong", "tiangong", PlaceKind.SPACECRAFT),
            ("mis en orbite", "orbit", PlaceKind.ORBIT),
            ("dans l'espace", "outer-space", PlaceKind.ORBIT),
            ("en orbite terrestre basse", "low-earth-orbit", PlaceKind.ORBIT),
        ],
    )
    def test_no_coordinates(self, gaz: Gazetteer, text: str, place_id: str, kind: PlaceKind) -> None:
        (mention,) = gaz.find_places(text)
        assert mention.place.id == place_id
        assert mention.place.kind is kind
        assert mention.place.coordinates is None
        assert gaz.position(place_id) is None


class TestShippedData:
    def test_key_places(self, gaz: Gazetteer) -> None:
        assert gaz["grand-kremlin-palace"].part_of == "kremlin"
        for place_id in ("baikonur", "vostochny", "kremlin"):
            assert gaz[place_id].coordinates is not None
            assert "Wikipedia" in (gaz.source(place_id) or "")

    def test_every_country_is_there(self, gaz: Gazetteer) -> None:
        countries = [p for p in gaz if p.kind is PlaceKind.COUNTRY]
        assert len(countries) >= 249
        assert all(p.id == f"country-{p.country.lower()}" for p in countries if p.country)
        assert gaz["country-kp"].name == "Corée du Nord"

    def test_every_coordinate_has_a_source(self, gaz: Gazetteer) -> None:
        assert all(gaz.source(p.id) for p in gaz if p.coordinates is not None)

    def test_launch_complex_falls_back_to_its_cosmodrome(self, gaz: Gazetteer) -> None:
        assert gaz["vostochny-site-1s"].coordinates is None
        assert gaz.position("vostochny-site-1s") == gaz["vostochny"].coordinates

    def test_geonames_cities_resolve(self, gaz: Gazetteer) -> None:
        (mention,) = gaz.find_places("à Moskau")  # a GeoNames spelling resolves to the curated city
        assert mention.place.id == "moscow"
        assert gaz.get("geonames-524901") == gaz["moscow"]
        assert gaz.get("geonames-0") is None


SEED_PLACES = {
    "000_006e99510a8832ce.txt": {
        "Kremlin": "kremlin",
        "Grand Palais du Kremlin": "grand-kremlin-palace",
        "Station spatiale internationale (ISS)": "iss",
        "ISS": "iss",
        "Japon": "country-jp",
        "Russie": "country-ru",
        "États-Unis": "country-us",
    },
    "001_855e7bb5014c4b67.txt": {
        "Kazakhstan": "country-kz",
        "Moscou": "moscow",
        "Astana": "astana",
        "cosmodrome de Baïkonour": "baikonur",
        "Baïkonour": "baikonur",
        "Kremlin": "kremlin",
        "Russie": "country-ru",
        "ISS": "iss",
    },
    "002_1ce626b149202106.txt": {
        "cosmodrome Vostotchny": "vostochny",
        "RPDC": "country-kp",
        "Russie": "country-ru",
        "Pyongyang": "pyongyang",
        "Moscou": "moscow",
        "Pékin": "beijing",
        "Chine": "country-cn",
        "Komsomolsk-sur-l'Amour": "komsomolsk-on-amur",
        "Vladivostok": "vladivostok",
        "Hanoï": "hanoi",
        "Vietnam": "country-vn",
    },
    "003_ac0a5c4a6fc9097b.txt": {
        "Extrême-Orient russe": "russian-far-east",
        "Corée du Nord": "country-kp",
        "cosmodrome de Vostotchny": "vostochny",
        "Kremlin": "kremlin",
        "Pyongyang": "pyongyang",
        "Station spatiale internationale (ISS)": "iss",
        "Etats-Unis": "country-us",
        "Ukraine": "country-ua",
        "Moscou": "moscow",
        "RPDC": "country-kp",
    },
    "004_86786374b0429f1a.txt": {
        "Vostochny": "vostochny",
        "Vostotchni": "vostochny",
        "Vostotsjny": "vostochny",
        "Russie": "country-ru",
        "Chine": "country-cn",
        "Pyongyang": "pyongyang",
        "Ukraine": "country-ua",
        "Corée du Nord": "country-kp",
        "États-Unis": "country-us",
        "région de l’Amour": "amur-oblast",
        "Baïkonour": "baikonur",
        "Moscou": "moscow",
        "Kazakhstan": "country-kz",
    },
}


@pytest.mark.parametrize("name", sorted(SEED_PLACES))
def test_seed_places_are_all_linked(gaz: Gazetteer, name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    mentions = gaz.find_places(text)
    for surface, place_id in SEED_PLACES[name].items():
        start = 0
        while (start := text.find(surface, start)) != -1:
            end = start + len(surface)
            covering = [m for m in mentions if m.start <= start and end <= m.end]
            assert covering, f"{surface!r} at {start} is not linked"
            assert (
                covering[0].place.id == place_id
                or covering[0].place.part_of == place_id
                or (
                    # the surface is part of a longer name of another place ("Kremlin" in "Grand Palais du Kremlin")
                    covering[0].end - covering[0].start > len(surface)
                )
            ), (surface, covering[0])
            start = end
    assert not [m for m in mentions if m.place.id.startswith("geonames-")], "no stray GeoNames city in the seeds"


class TestUserFiles:
    def write(self, tmp_path: Path, body: str) -> Path:
        path = tmp_path / "mine.toml"
        path.write_text(body, encoding="utf-8")
        return path

    def test_extends_and_overrides(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            """
[[place]]
id = "svobodny-cosmodrome"
name = "Cosmodrome de Svobodny"
kind = "cosmodrome"
lat = 51.7
lon = 128.0
country = "RU"
aliases = ["Svobodny-18"]
source = "my notes"

[[place]]
id = "baikonur"
name = "Baïkonour"
kind = "cosmodrome"
lat = 45.9
lon = 63.3
aliases = ["Tiouratam"]
source = "a test"
""",
        )
        gaz = Gazetteer.load([path], min_population=None)
        assert ids(gaz, "depuis Svobodny-18 et Tiouratam") == ["svobodny-cosmodrome", "baikonur"]
        assert gaz["baikonur"].coordinates is not None and gaz["baikonur"].coordinates.lat == 45.9
        assert gaz.source("baikonur") == "a test"
        assert ids(gaz, "depuis Baikonur") == ["baikonur"]  # the name still matches, through folding
        assert "vostochny" in gaz  # the rest of the shipped file is still there

    @pytest.mark.parametrize(
        ("body", "message", "hint"),
        [
            ('[[place]]\nid = "x"\nname = "X"\nlat = 95.0\nlon = 0.0\nsource = "s"\n', "latitude", "-90..90"),
            ('[[place]]\nid = "x"\nname = "X"\nlat = 10.0\nsource = "s"\n', "lat and lon go together", "both"),
            ('[[place]]\nid = "x"\nname = "X"\nkind = "castle"\n', "not a place kind", "cosmodrome"),
            ('[[place]]\nid = "x"\nname = "X"\nheight = 3\n', "unknown key", "aliases"),
            ('[[place]]\nid = "Bad Id"\nname = "X"\n', "malformed", "lower-case"),
            ('[[place]]\nid = "x"\nname = "X"\npart_of = "atlantis"\n', "names no place", "id of a place"),
            (
                '[[place]]\nid = "x"\nname = "X"\nkind = "spacecraft"\nlat = 1.0\nlon = 1.0\nsource = "s"\n',
                "no ground position",
                "remove lat",
            ),
            ('[[place]]\nid = "x"\nname = "X"\n\n[[place]]\nid = "x"\nname = "Y"\n', "used twice", "own id"),
            ('[[place]]\nid = "x"\nname = "X"\n\n[[place]]\nid = "y"\nname = "x"\n', "also names", "one entry"),
            ('[[place]]\nid = "x"\nname = "X"\nlat = 1.0\nlon = 2.0\n', "without a source", "source ="),
            ('[[place]\nid = "x"\n', "not valid TOML", "syntax"),
        ],
    )
    def test_bad_files_say_where_and_how(self, tmp_path: Path, body: str, message: str, hint: str) -> None:
        path = self.write(tmp_path, body)
        with pytest.raises(InputError) as info:
            Gazetteer.load([path], min_population=None)
        error = info.value
        assert str(path) in (error.where or "")
        assert message in error.message
        assert hint in (error.hint or "")

    def test_the_error_names_the_entry(self, tmp_path: Path) -> None:
        path = self.write(
            tmp_path,
            '[[place]]\nid = "ok"\nname = "Ok"\n\n[[place]]\nid = "far"\nname = "F"\nlat = 1.0\nlon = 200.0\nsource = "s"\n',
        )
        with pytest.raises(InputError, match=r"\[\[place\]\] #2 \(id 'far'\).*longitude"):
            Gazetteer.load([path], min_population=None)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(InputError, match="cannot read"):
            Gazetteer.load([tmp_path / "nope.toml"])


FRAGMENTS = st.sampled_from(
    ["Vostotchny", "Baïkonour", " ", "-", "'", "’", "(ISS)", "Station spatiale internationale", "Grand Palais du ",
     "Kremlin", "M. ", "Kim", "en orbite", "\n", ",", "é", "\u0301", "Corée du Nord", "Russie", "Moscou", "à "]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=25).map("".join))
def test_random_text_spans_are_exact(text: str) -> None:
    mentions = Gazetteer.default().find_places(text)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end
