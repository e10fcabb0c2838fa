"""The trigger lexicon (``spacedip/data/triggers.toml`` plus user files) and trigger matching.

Matching works on :class:`Word` tokens: runs of letters and digits, folded (lower case,
no accents), apostrophes and hyphens separating words (``s'est`` is ``s`` + ``est``). A
verb trigger matches any form of its verb (:func:`~spacedip.extract.inflection.verb_forms`);
the words after it must follow as written (``…`` allows a gap of up to four words, ``<N>``
a number); a reflexive trigger (``se rendre``) needs a reflexive pronoun before the verb.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs

from spacedip.errors import InputError
from spacedip.extract.inflection import fold_word, noun_forms, verb_forms

__all__ = [
    "GAP",
    "NUMBER",
    "Lexicon",
    "Trigger",
    "TriggerMatch",
    "Word",
    "load_lexicon",
    "match_phrases",
    "words_of",
]

GAP = "…"
"""In a trigger phrase: up to :data:`MAX_GAP` words may come here."""
NUMBER = "<N>"
"""In a trigger phrase: a number."""
MAX_GAP = 4

_KIND = re.compile(r"[a-z][a-z0-9_]*\Z")
_WORD = re.compile(r"[^\W_]+")
_PHRASE_TOKEN = re.compile(r"…|\.\.\.|<N>|[^\W_]+")
_REFLEXIVE = frozenset({"se", "s", "me", "m", "te", "t"})
_PLURAL_REFLEXIVE = frozenset({"nous", "vous"})
_DETERMINERS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "du",
        "au",
        "aux",
        "ce",
        "cet",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "notre",
        "nos",
        "votre",
        "vos",
        "mon",
        "ma",
        "mes",
        "premier",
        "premiere",
        "nouvelle",
        "nouveau",
        "prochaine",
        "prochain",
        "precedente",
        "derniere",
        "dernier",
        "de",
        "d",
    ]
)

Pos = Literal["verb", "noun"]


@attrs.frozen(slots=True)
class Word:
    """A word of the matching text: ``[start, end)`` in that text, folded form, capitalised."""

    start: int
    end: int
    key: str
    cap: bool


def words_of(text: str, offset: int = 0) -> list[Word]:
    """The words of ``text`` (offsets shifted by ``offset``)."""
    return [
        Word(m.start() + offset, m.end() + offset, fold_word(m.group()), m.group()[0].isupper())
        for m in _WORD.finditer(text)
    ]


@attrs.frozen(slots=True)
class Trigger:
    """One entry of the lexicon: a word or phrase that reports an event of ``kind``."""

    kind: str
    phrase: str
    pos: Pos
    slots: tuple[frozenset[str] | str, ...]
    """The words to match after the reflexive pronoun: form sets, :data:`GAP` or :data:`NUMBER`."""
    reflexive: bool = False
    needs_place: bool = False


@attrs.frozen(slots=True)
class TriggerMatch:
    """A trigger found in a list of words: ``words[first:last + 1]``."""

    trigger: Trigger
    first: int
    last: int
    head: int
    """The index of the word that carries the inflection (the verb or the noun)."""


@attrs.frozen
class KindInfo:
    """What the lexicon says of one kind."""

    name: str
    family: str
    priority: int


@attrs.frozen
class Lexicon:
    """Triggers, modality cues, cancelling contexts and noise lines, ready to match."""

    kinds: Mapping[str, KindInfo]
    triggers: tuple[Trigger, ...]
    cues: Mapping[str, tuple[tuple[str, ...], ...]]
    """Modality name → cue phrases as folded word tuples."""
    before_noun: tuple[tuple[str, ...], ...]
    before: tuple[tuple[str, ...], ...]
    occurrence: tuple[Trigger, ...]
    previous_time: tuple[tuple[str, ...], ...]
    noise_prefixes: tuple[str, ...]
    noise_contains: tuple[str, ...]
    sources: tuple[str, ...]
    index: Mapping[str, tuple[Trigger, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "index", _build_index(self.triggers))

    def find(self, words: Sequence[Word]) -> list[TriggerMatch]:
        """Every trigger in ``words``, longest first at each start, without overlaps."""
        return match_phrases(words, self.index)

    def family(self, kind: str) -> str:
        """The family of ``kind`` (itself if the lexicon does not say)."""
        info = self.kinds.get(kind)
        return info.family if info else kind

    def priority(self, kind: str) -> int:
        """The priority of ``kind`` within its family."""
        info = self.kinds.get(kind)
        return info.priority if info else 0


def _build_index(triggers: Iterable[Trigger]) -> dict[str, tuple[Trigger, ...]]:
    index: dict[str, list[Trigger]] = {}
    for trig in triggers:
        first = trig.slots[0]
        assert isinstance(first, frozenset)
        for form in first:
            index.setdefault(form, []).append(trig)
    return {k: tuple(v) for k, v in index.items()}


def _slot_matches(slot: frozenset[str] | str, word: Word) -> bool:
    if slot == NUMBER:
        return word.key.isdigit()
    return isinstance(slot, frozenset) and word.key in slot


def _match_rest(words: Sequence[Word], slots: Sequence[frozenset[str] | str], i: int) -> int | None:
    """Index of the last word matched for ``slots`` starting at ``words[i]``, or None."""
    if not slots:
        return i - 1
    slot = slots[0]
    if slot == GAP:
        for skip in range(MAX_GAP + 1):
            end = _match_rest(words, slots[1:], i + skip)
            if end is not None:
                return end
        return None
    if i >= len(words) or not _slot_matches(slot, words[i]):
        return None
    return _match_rest(words, slots[1:], i + 1)


def _has_reflexive(words: Sequence[Word], head: int) -> bool:
    window = [w.key for w in words[max(0, head - 4) : head]]
    if any(k in _REFLEXIVE for k in window):
        return True
    return any(a == b and a in _PLURAL_REFLEXIVE for a, b in itertools.pairwise(window))


def match_phrases(words: Sequence[Word], index: Mapping[str, Sequence[Trigger]]) -> list[TriggerMatch]:
    """Leftmost-longest, non-overlapping matches of the triggers of ``index`` in ``words``."""
    found: list[TriggerMatch] = []
    i = 0
    n = len(words)
    while i < n:
        best: TriggerMatch | None = None
        # A word that is both a noun and a verb form ("visite", "offre") is a noun after a determiner.
        prefer: Pos = "noun" if i > 0 and words[i - 1].key in _DETERMINERS else "verb"
        for trig in index.get(words[i].key, ()):
            last = _match_rest(words, trig.slots[1:], i + 1)
            if last is None:
                continue
            if trig.reflexive and not _has_reflexive(words, i):
                continue
            if (
                best is None
                or last > best.last
                or (last == best.last and trig.pos == prefer and best.trigger.pos != prefer)
            ):
                best = TriggerMatch(trig, i, last, i)
        if best is None:
            i += 1
            continue
        found.append(best)
        i = best.last + 1
    return found


# -- loading -------------------------------------------------------------------------------


def _phrase_tokens(phrase: str) -> list[str]:
    return [t if t in (GAP, NUMBER) else (GAP if t == "..." else fold_word(t)) for t in _PHRASE_TOKEN.findall(phrase)]


def make_trigger(kind: str, phrase: str, pos: Pos, *, needs_place: bool = False, where: str = "") -> Trigger:
    """A :class:`Trigger` from a phrase as written in the lexicon.

    Raises:
        InputError: for a phrase with no word to match.
    """
    tokens = _phrase_tokens(phrase)
    reflexive = False
    if pos == "verb" and len(tokens) > 1 and tokens[0] in ("se", "s"):
        reflexive = True
        tokens = tokens[1:]
    if not tokens or tokens[0] in (GAP, NUMBER):
        raise InputError(
            f"trigger {phrase!r} of kind {kind!r} has no word to match",
            where=where,
            hint='write a verb infinitive or a noun, e.g. "rencontrer" or "sommet"',
        )
    slots: list[frozenset[str] | str] = []
    for n, tok in enumerate(tokens):
        if tok in (GAP, NUMBER):
            slots.append(tok)
        elif n == 0 and pos == "verb":
            slots.append(verb_forms(tok))
        else:
            slots.append(noun_forms(tok))
    return Trigger(kind, phrase, pos, tuple(slots), reflexive, needs_place)


@functools.cache
def _shipped_text() -> str:
    return resources.files("spacedip").joinpath("data/triggers.toml").read_text(encoding="utf-8")


def _read(source: Path | None) -> tuple[dict[str, Any], str]:
    if source is None:
        where = "spacedip/data/triggers.toml"
        text = _shipped_text()
    else:
        where = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError("no such trigger file", where=where) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"cannot read the trigger file: {exc}",
                where=where,
                hint="give a UTF-8 TOML file in the format of spacedip/data/triggers.toml",
            ) from None
    try:
        return tomllib.loads(text), where
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", where=where) from None


def _strings(value: object, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{key} must be a list of strings", where=where)
    return list(value)


def _entries(value: object, where: str, key: str) -> list[tuple[str, bool]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{key} must be a list", where=where, hint='write e.g. verbs = ["rencontrer"]')
    out: list[tuple[str, bool]] = []
    for item in value:
        if isinstance(item, str):
            out.append((item, False))
        elif isinstance(item, dict) and isinstance(item.get("phrase"), str):
            unknown = set(item) - {"phrase", "needs_place"}
            if unknown:
                raise InputError(
                    f"{key}: unknown key(s) {', '.join(sorted(unknown))}",
                    where=where,
                    hint="a trigger table has phrase and needs_place",
                )
            out.append((item["phrase"], bool(item.get("needs_place", False))))
        else:
            raise InputError(f"{key}: {item!r} is neither a string nor a {{ phrase = ... }} table", where=where)
    return out


def load_lexicon(files: Sequence[Path | str] = ()) -> Lexicon:
    """The shipped lexicon, extended by ``files`` (same TOML format), in order.

    Raises:
        InputError: for a missing or malformed file, naming the file and the problem.
    """
    return _load(tuple(Path(f) for f in files))


@functools.lru_cache(maxsize=8)
def _load(files: tuple[Path, ...]) -> Lexicon:
    kinds: dict[str, KindInfo] = {}
    triggers: list[Trigger] = []
    cues: dict[str, list[tuple[str, ...]]] = {"conditional": [], "proposed": [], "planned": []}
    ctx: dict[str, list[str]] = {"before_noun": [], "before": [], "occurrence": [], "previous_time": []}
    noise: dict[str, list[str]] = {"line_prefixes": [], "line_contains": []}
    sources = []
    for source in (None, *files):
        doc, where = _read(source)
        sources.append(where)
        unknown = set(doc) - {"kind", "modality", "context", "noise"}
        if unknown:
            raise InputError(
                f"unknown table(s) {', '.join(sorted(unknown))}",
                where=where,
                hint="a trigger file has [[kind]], [modality.*], [context] and [noise]",
            )
        raw_kinds = doc.get("kind", [])
        if not isinstance(raw_kinds, list):
            raise InputError("kind must be an array of tables ([[kind]])", where=where)
        for number, entry in enumerate(raw_kinds, start=1):
            at = f"{where}, [[kind]] #{number}"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise InputError("a [[kind]] needs a name", where=at, hint='name = "meeting"')
            name = entry["name"]
            if not _KIND.match(name):
                raise InputError(f"kind {name!r} is not a lowercase word", where=at, hint="use [a-z][a-z0-9_]*")
            extra = set(entry) - {"name", "family", "priority", "verbs", "nouns"}
            if extra:
                raise InputError(
                    f"unknown key(s) {', '.join(sorted(extra))}",
                    where=at,
                    hint="a [[kind]] has name, family, priority, verbs and nouns",
                )
            old = kinds.get(name)
            priority = entry.get("priority", old.priority if old else 0)
            if not isinstance(priority, int):
                raise InputError("priority must be an integer", where=at)
            family = entry.get("family", old.family if old else _DEFAULT_FAMILIES.get(name, name))
            if not isinstance(family, str):
                raise InputError("family must be a string", where=at)
            kinds[name] = KindInfo(name, family, priority)
            for phrase, needs_place in _entries(entry.get("verbs"), at, "verbs"):
                triggers.append(make_trigger(name, phrase, "verb", needs_place=needs_place, where=at))
            for phrase, needs_place in _entries(entry.get("nouns"), at, "nouns"):
                triggers.append(make_trigger(name, phrase, "noun", needs_place=needs_place, where=at))
        modality = doc.get("modality", {})
        if not isinstance(modality, dict):
            raise InputError("modality must be a table", where=where)
        for mname, table in modality.items():
            if mname not in cues:
                raise InputError(
                    f"unknown modality {mname!r}",
                    where=where,
                    hint="use [modality.conditional], [modality.proposed] or [modality.planned]",
                )
            if not isinstance(table, dict):
                raise InputError(f"modality.{mname} must be a table", where=where)
            cues[mname] += [tuple(_phrase_tokens(c)) for c in _strings(table.get("cues"), where, f"{mname}.cues")]
        context = doc.get("context", {})
        if not isinstance(context, dict):
            raise InputError("context must be a table", where=where)
        for key, value in context.items():
            if key not in ctx:
                raise InputError(f"unknown context list {key!r}", where=where, hint=f"use {', '.join(ctx)}")
            ctx[key] += _strings(value, where, f"context.{key}")
        noise_table = doc.get("noise", {})
        if not isinstance(noise_table, dict):
            raise InputError("noise must be a table", where=where)
        for key, value in noise_table.items():
            if key not in noise:
                raise InputError(f"unknown noise list {key!r}", where=where, hint="use line_prefixes, line_contains")
            noise[key] += _strings(value, where, f"noise.{key}")
    occurrence = tuple(make_trigger("_occurs", p, "verb" if _looks_verbal(p) else "noun") for p in ctx["occurrence"])
    return Lexicon(
        kinds=kinds,
        triggers=tuple(triggers),
        cues={k: tuple(v) for k, v in cues.items()},
        before_noun=tuple(tuple(_phrase_tokens(p)) for p in ctx["before_noun"]),
        before=tuple(tuple(_phrase_tokens(p)) for p in ctx["before"]),
        occurrence=occurrence,
        previous_time=tuple(tuple(_phrase_tokens(p)) for p in ctx["previous_time"]),
        noise_prefixes=tuple(noise["line_prefixes"]),
        noise_contains=tuple(noise["line_contains"]),
        sources=tuple(sources),
    )


def _looks_verbal(phrase: str) -> bool:
    first = _phrase_tokens(phrase)
    if first and first[0] in ("se", "s") and len(first) > 1:
        first = first[1:]
    return bool(first) and first[0].endswith(("er", "ir", "re", "oir"))


_DEFAULT_FAMILIES = {
    "meeting": "meeting", "talks": "meeting", "visit": "meeting", "video_call": "meeting",
    "launch": "launch", "flight": "launch", "arrival": "arrival", "docking": "arrival",
    "return": "return", "departure": "return", "agreement": "agreement", "joint_statement": "agreement",
    "cooperation": "agreement", "offer": "offer", "invitation": "offer",
}  # fmt: skip
"""Kinds that may name one happening (the families of spacedip.timeline.grouping)."""
