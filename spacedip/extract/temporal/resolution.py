"""Turn a candidate match into a typed, normalised temporal expression.

Each ``_resolve_<kind>`` reads one rule's match and returns :class:`Resolved` (or
``None`` to drop a false alarm). Values are EDTF (``value``) and TimeML (``timex3``);
see :mod:`spacedip.extract.temporal.timex3` for how they differ.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import attrs

from spacedip.extract.mentions import TimexType
from spacedip.extract.sentences import sentence_at
from spacedip.extract.temporal import timex3 as tx
from spacedip.extract.temporal.calendar import FUTURE_RELS, PAST_RELS, Anchor, add_months, easter, last_day
from spacedip.extract.temporal.lexicon import APPROX_NUMBERS, MONTHS, PARTS_OF_DAY, SEASONS, UNITS, WEEKDAYS
from spacedip.extract.temporal.lexicon import parse_number as _parse_number
from spacedip.extract.temporal.patterns import Candidate
from spacedip.extract.temporal.tense import Marker, Tense, clause_markers, tense_near

__all__ = ["Context", "Resolved", "resolve"]

DATE, TIME, DURATION, SET = TimexType.DATE, TimexType.TIME, TimexType.DURATION, TimexType.SET
PUBLICATION = "publication"
PREVIOUS = "previous"
_T = TypeVar("_T")


class Resolved(NamedTuple):
    """A resolved expression with its span in the normalised text.

    A named tuple rather than an attrs class: one is made for every expression and
    candidate, and a tuple is several times cheaper to build (it is as immutable).
    """

    start: int
    end: int
    type: TimexType
    value: str | None
    timex3: str | None
    mod: str | None = None
    anchor: str | None = None
    day: dt.date | None = None
    """The day it names, when it names one (times are anchored to it)."""
    kind: str = ""


@attrs.define(slots=True)
class Context:
    """What resolution needs besides the match: text, publication date, history.

    Sentences and their tense markers are found only where an expression needs them
    (:func:`~spacedip.extract.sentences.sentence_at`), and kept for the next one.
    ``lowered`` is the text lower-cased when ``re.IGNORECASE`` matches it so
    (``scan.folded``), which makes the tense search faster.
    """

    text: str
    anchor: Anchor
    lowered: str | None = None
    last: Resolved | None = None
    _sentences: list[tuple[int, int]] = attrs.field(factory=list)
    _markers: dict[tuple[int, int], list[Marker]] = attrs.field(factory=dict)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The bounds of the sentence holding ``pos`` (the whole text between sentences)."""
        i = bisect.bisect_right(self._sentences, (pos, len(self.text) + 1)) - 1
        if i >= 0 and self._sentences[i][0] <= pos < self._sentences[i][1]:
            return self._sentences[i]
        found = sentence_at(self.text, pos)
        if found is None:
            return 0, len(self.text)
        bisect.insort(self._sentences, found)
        return found

    def tense(self, start: int, end: int) -> Tense | None:
        """The tense of the clause around ``text[start:end]``."""
        lo, hi = self.sentence_of(start)
        markers = self._markers.get((lo, hi))
        if markers is None:
            lowered = self.lowered[lo:hi] if self.lowered is not None else None
            markers = self._markers[(lo, hi)] = clause_markers(self.text[lo:hi], lowered)
        return tense_near(self.text, start, end, lo, hi, markers)

    def by_tense(self, start: int, end: int, outcome: Callable[[Tense | None], _T]) -> _T:
        """``outcome`` of the tense around ``text[start:end]``, found only if ``outcome``
        differs between the tenses (``outcome`` must be a pure function)."""
        unknown = outcome(None)
        if outcome(Tense.PAST) == unknown == outcome(Tense.FUTURE):
            return unknown
        return outcome(self.tense(start, end))

    def before(self, pos: int, width: int = 40) -> str:
        """Up to ``width`` characters before ``pos``, lower-cased."""
        return self.text[max(0, pos - width) : pos].lower()

    def after(self, pos: int, width: int = 40) -> str:
        """Up to ``width`` characters from ``pos``, lower-cased."""
        return self.text[pos : pos + width].lower()


_MODS = {"début": "START", "fin": "END", "milieu": "MID", "mi-": "MID", "mi": "MID", "courant": None}
_DUR_MODS = {
    "plus de": "MORE_THAN", "plus d'": "MORE_THAN", "bien plus de": "MORE_THAN",
    "un peu plus de": "MORE_THAN", "un peu plus d'": "MORE_THAN", "moins de": "LESS_THAN",
    "moins d'": "LESS_THAN", "un peu moins de": "LESS_THAN", "près de": "APPROX", "près d'": "APPROX",
    "presque": "APPROX", "environ": "APPROX", "quelque": "APPROX", "quasiment": "APPROX",
    "approximativement": "APPROX", "grosso modo": "APPROX", "au moins": "EQUAL_OR_MORE",
    "pas moins de": "EQUAL_OR_MORE", "pas moins d'": "EQUAL_OR_MORE", "au minimum": "EQUAL_OR_MORE",
    "au maximum": "EQUAL_OR_LESS", "pas plus de": "EQUAL_OR_LESS", "à peine": "EQUAL_OR_LESS",
}  # fmt: skip
_LEADING_TRIM = re.compile(r"(?:au|aux|à\s+la|à|du|dès\s+le|dès|depuis\s+le|depuis|en|dans\s+la|vers\s+la)\s+", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10}
_TEMPORAL_PREV = re.compile(
    r"(?:^|[\s(])(?:en|de|d'|dès|depuis|début|fin|mi|mi-|courant|jusqu'en|jusqu'à|avant|après|pour|"
    r"le|au|mois\s+de|mois\s+d'|ce|entre|et|ou|à\s+partir\s+de|fin|vers|-|,)\s*$",
    re.I,
)
_STRONG_PREV = re.compile(
    r"(?:^|[\s(])(?:en|début|fin|mi|mi-|courant|jusqu'en|depuis|dès|mois\s+de|mois\s+d'|-)\s*$", re.I
)
_AGE_BEFORE = re.compile(
    r"(?:[âa]gée?s?\s+(?:de\s+|d')?|l'âge\s+de\s+|l'âge\s+d'|(?<![\w'])(?:ses|son|sa|leurs?|mes|nos|vos|tes)\s+|"
    r"(?:enfants?|fillettes?|garçons?|filles?|fils|hommes?|femmes?|jeunes?|adolescente?s?|bébés?|victimes?|"
    r"conducteurs?|conductrices?|retraitée?s?|personnes?|octogénaires?|patients?|élèves?|mères?|pères?|"
    r"dames?|messieurs?|monsieur|frères?|sœurs?|soeurs?|garçonnets?|gamins?|gamines?|quinquagénaires?|"
    r"quadragénaires?|trentenaires?|individus?|suspects?|cycliste|motard|piéton|piétonne)\s+(?:de\s+|d'|âgée?s?\s+de\s+)"
    r"(?:une?\s+)?|"
    r"(?:de|d')\s*\d+\s*(?:à|et)\s*|\(\s*)$",
    re.I,
)
# What ``_AGE_BEFORE`` and ``_WORD_DE`` can end with (before blanks, case folded), and
# how many blank-separated tokens their matches span at most ("enfant âgé de une",
# "mandat de une").
_AGE_TOKENS, _WORD_DE_TOKENS = 4, 3
_AGE_ENDINGS = ("de", "d'", "un", "une", "à", "et", "(", "ses", "son", "sa", "leur", "leurs", "mes", "nos", "vos",
                "tes", "âgé", "âgée", "âgés", "âgées", "agé", "agée", "agés", "agées")  # fmt: skip
_DE_ENDINGS = ("de", "d'", "un", "une")
_NAME_COMMA = re.compile(r"[A-ZÀ-Ý][\w-]+\s*,\s*$")
_PRESENT_DATE_AFTER = re.compile(r"\s*(?:à|au|aux|en|dans|sur|chez|devant|contre|[.;)]|,\s*(?:à|au|aux)\s)", re.I)


def _may_end_with(text: str, endings: tuple[str, ...]) -> bool:
    """Whether ``text``, without its trailing blanks and case folded, ends with one of
    ``endings``: a quick test that a ``...\\s*$`` search below needs to pass to match
    (such searches try every position of the text, which is slow)."""
    return text.rstrip().casefold().endswith(endings)


def _tail_start(text: str, tokens: int) -> int:
    """Where the last ``tokens`` blank-separated tokens of ``text`` begin (0 if it has no
    more): a ``...\\s*$`` search whose matches span at most so many tokens may start its
    scan there rather than at every position of ``text``."""
    parts = text.rsplit(None, tokens)
    return len(parts[0]) if len(parts) > tokens else 0


def _norm(text: str | None) -> str:
    """Lower case, blanks collapsed to one space, none at the ends (``str.split`` splits
    on exactly the characters ``\\s`` matches)."""
    if not text:
        return ""
    if text.isalnum():  # one word: nothing to collapse
        return text.lower()
    return " ".join(text.lower().split())


_MOD_SEARCHES = [(re.compile(rf"(?:^|\s){re.escape(word)}"), word, mod) for word, mod in _MODS.items()]


def _mod_of(text: str | None) -> str | None:
    raw = _norm(text)
    if not raw:
        return None
    for search, word, mod in _MOD_SEARCHES:
        if search.search(raw) or raw.startswith(word):
            return mod
    return None


def _trim(c: Candidate, ctx: Context, start: int | None = None) -> tuple[int, int]:
    """The span of ``c`` without a leading preposition TimeBank leaves out."""
    s = c.start if start is None else start
    m = _LEADING_TRIM.match(ctx.text, s, c.end)
    if m and m.end() < c.end:
        s = m.end()
    return s, c.end


def _day_values(day: dt.date, pod: str | None) -> tuple[TimexType, str, str]:
    value = tx.day(day)
    if pod:
        return TIME, value, f"{value}T{pod}"
    return DATE, value, value


_PODS_LONGEST_FIRST = sorted(PARTS_OF_DAY, key=len, reverse=True)


def _pod_code(text: str | None) -> tuple[str | None, str | None]:
    """(TimeML part-of-day code, mod) of ``matin``, ``en début d'après-midi``..."""
    raw = _norm(text)
    if not raw:
        return None, None
    mod = "START" if "début" in raw else "END" if raw.startswith("en fin") else None
    for word in _PODS_LONGEST_FIRST:
        if raw.endswith(word):
            code = PARTS_OF_DAY[word]
            return code, mod
    return None, None


def _publication_values(ctx: Context, day: dt.date | None) -> tuple[str | None, str | None]:
    """EDTF and TimeML of a day known only as precisely as publication is."""
    if day is not None:
        return tx.day(day), tx.day(day)
    a = ctx.anchor
    if a.month is not None and a.year is not None:
        v = tx.month(a.year, a.month)
        return v, v
    if a.year is not None:
        return f"{a.year:04d}", f"{a.year:04d}"
    return None, None


# -- dates ------------------------------------------------------------------------------------


def _resolve_date(c: Candidate, ctx: Context) -> Resolved | None:
    month = MONTHS[_norm(c.group("month")).rstrip(".")]
    day_text = _norm(c.group("day"))
    day_number = 1 if day_text in ("1er", "premier") else int(day_text)
    year_text = c.group("year")
    rel = _norm(c.group("rel")) or None
    if year_text:
        year: int | None = _year_of(year_text, ctx)
        anchor = None
    else:
        tense = ctx.tense(c.start, c.end) if ctx.anchor.needs_tense(month, day_number, rel) else None
        year = ctx.anchor.infer_year(month, day_number, tense, rel)
        anchor = PUBLICATION
    pod, pmod = _pod_code(c.group("pod"))
    start, end = c.start, c.end
    if year is None:
        code = f"XXXX-{month:02d}-{day_number:02d}"
        if day_number > 31 or (month == 2 and day_number > 29):
            return None
        return Resolved(start, end, TIME if pod else DATE, None, code + (f"T{pod}" if pod else ""), pmod, anchor)
    if day_number > last_day(year, month):
        return None
    d = dt.date(year, month, day_number)
    typ, value, timex = _day_values(d, pod)
    return Resolved(start, end, typ, value, timex, pmod, anchor, day=d)


def _year_of(text: str, ctx: Context) -> int:
    digits = text.strip("'’ ")
    if len(digits) == 4:
        return int(digits)
    two = int(digits)
    base = ctx.anchor.year or 2000
    century = base // 100 * 100
    year = century + two
    return year - 100 if year > base + 10 else year


def _resolve_numeric_date(c: Candidate, ctx: Context) -> Resolved | None:
    day, month = int(c.group("day") or 0), int(c.group("month") or 0)
    year = _year_of(c.group("year") or "", ctx)
    if not 1 <= month <= 12 or not 1 <= day <= last_day(year, month):
        return None
    d = dt.date(year, month, day)
    return Resolved(c.start, c.end, DATE, tx.day(d), tx.day(d), day=d)


def _resolve_iso_date(c: Candidate, ctx: Context) -> Resolved | None:
    year, month = int(c.group("year") or 0), int(c.group("month") or 0)
    day_text = c.group("day")
    if day_text:
        if int(day_text) > last_day(year, month):
            return None
        d = dt.date(year, month, int(day_text))
        return Resolved(c.start, c.end, DATE, tx.day(d), tx.day(d), day=d)
    v = tx.month(year, month)
    return Resolved(c.start, c.end, DATE, v, v)


_MONTH_LIST_AFTER = re.compile(r"^\s*(?:-|et|ou|à)\s*(?:" + "|".join(MONTHS) + r")")


def _month_is_plausible(c: Candidate, ctx: Context) -> bool:
    """A bare month name (no day, year, determiner, modifier) must look like a month."""
    word = c.group("month") or ""
    if c.group("year") or c.group("det") or c.group("rel") or c.group("mod"):
        return True
    before = ctx.before(c.start, 25)
    after = ctx.after(c.end, 25)
    # capitalised within a sentence: more likely a name (Mars the planet, a brand)
    named = word[0].isupper() and ctx.sentence_of(c.start)[0] != c.start
    list_after = _MONTH_LIST_AFTER.match(after) is not None
    if word.lower() == "mars":
        if named:
            return bool(_STRONG_PREV.search(before)) or list_after
        return bool(_TEMPORAL_PREV.search(before)) or list_after
    if named:
        return bool(_TEMPORAL_PREV.search(before)) or list_after
    return True


def _resolve_month(c: Candidate, ctx: Context) -> Resolved | None:
    if not _month_is_plausible(c, ctx):
        return None
    month = MONTHS[_norm(c.group("month")).rstrip(".")]
    mod = _mod_of(c.group("mod"))
    rel = _norm(c.group("rel")) or None
    year_text = c.group("year")
    anchor = None
    if year_text:
        year: int | None = _year_of(year_text, ctx)
    else:
        tense = ctx.tense(c.start, c.end) if ctx.anchor.needs_tense(month, None, rel) else None
        year = ctx.anchor.infer_year(month, None, tense, rel)
        anchor = PUBLICATION
    start, end = _trim(c, ctx)
    if year is None:
        return Resolved(start, end, DATE, None, f"XXXX-{month:02d}", mod, anchor)
    v = tx.month(year, month)
    return Resolved(start, end, DATE, v, v, mod, anchor)


_ORDINALS = {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "troisième": 3, "3e": 3}
_ORDINALS.update({"quatrième": 4, "4e": 4})


_SEASON_STARTS = {"printemps": (3, 20), "l'été": (6, 21), "l'automne": (9, 22), "l'hiver": (12, 21)}


def _resolve_nth_weekday(c: Candidate, ctx: Context) -> Resolved | None:
    iso = WEEKDAYS[_norm(c.group("wd"))]
    ordinal = _norm(c.group("ord"))
    season = _norm(c.group("season"))
    if season:
        month, first_day = _SEASON_STARTS[season]
    else:
        month, first_day = MONTHS[_norm(c.group("month"))], 1
    if c.group("year"):
        year: int | None = int(c.group("year") or 0)
    else:
        tense = ctx.tense(c.start, c.end) if ctx.anchor.needs_tense(month) else None
        year = ctx.anchor.infer_year(month, None, tense)
    if year is None:
        return None
    if ordinal == "dernier":
        if season:
            return None
        probe = dt.date(year, month, last_day(year, month))
        probe -= dt.timedelta(days=(probe.isoweekday() - iso) % 7)
    else:
        n = _ORDINALS.get(ordinal, 1)
        probe = dt.date(year, month, first_day)
        probe += dt.timedelta(days=(iso - probe.isoweekday()) % 7 + 7 * (n - 1))
    v = tx.day(probe)
    return Resolved(c.start, c.end, DATE, v, v, None, PUBLICATION if not c.group("year") else None, day=probe)


def _resolve_quarter(c: Candidate, ctx: Context) -> Resolved | None:
    n = _ORDINALS[_norm(c.group("ord"))]
    semester = _norm(c.group("unit")) == "semestre"
    if semester and n > 2:
        return None
    rel = _norm(c.group("rel")) or None
    a = ctx.anchor
    anchor = None
    if c.group("year"):
        year: int | None = int(c.group("year") or 0)
    elif a.year is not None:
        anchor = PUBLICATION
        year = a.year
        if a.month is not None:
            current = (a.month - 1) // (6 if semester else 3) + 1
            if rel in PAST_RELS and n >= current:
                year -= 1
            elif rel in FUTURE_RELS and n <= current:
                year += 1
    else:
        year = None
    start, end = _trim(c, ctx)
    code = f"H{n}" if semester else f"Q{n}"
    edtf_code = (39 + n) if semester else (32 + n)
    if year is None:
        return Resolved(start, end, DATE, None, f"XXXX-{code}", None, anchor)
    return Resolved(start, end, DATE, f"{year:04d}-{edtf_code}", f"{year:04d}-{code}", None, anchor)


def _season_year(ctx: Context, code: int, tense: Tense | None, rel: str | None, det: str) -> int | None:
    a = ctx.anchor
    if a.year is None:
        return None
    if a.month is None:
        return a.year
    first, last = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}[code]
    m = a.month if not (code == 24 and a.month <= 2) else a.month + 12
    base = a.year - (1 if code == 24 and a.month <= 2 else 0)
    if rel in PAST_RELS or (tense is Tense.PAST and det not in ("cet", "ce")):
        return base if last < m else base - 1
    if rel in FUTURE_RELS or (tense is Tense.FUTURE and det not in ("cet", "ce")):
        return base if first > m else base + 1
    if det in ("cet", "ce") or first <= m <= last:
        return base
    return None


_SEASON_NAME_AFTER = re.compile(r"\s+(?:de\s+l'|du\s+|de\s+la\s+|des\s+)(?!année|an\b)")


def _resolve_season(c: Candidate, ctx: Context) -> Resolved | None:
    if c.surface in ("été", "ete", "eté"):
        return None  # "a été", the commonest case of the test below, told at once
    word = c.group("season") or ""
    code_tm, code = SEASONS[_norm(word)]
    det = _norm(c.group("det")).rstrip("'")
    rel = _norm(c.group("rel")) or None
    mod = _mod_of(c.group("mod"))
    bare = not (det or rel or c.group("year") or c.group("mod"))
    sentence_initial = word[0].isupper() and ctx.sentence_of(c.start)[0] == c.start
    if _norm(word) in ("été", "ete", "eté") and bare and not sentence_initial:
        return None  # "a été": a past participle
    if not c.group("year") and _SEASON_NAME_AFTER.match(ctx.after(c.end)):
        return None  # "le Printemps de l'environnement", "le printemps des poètes": a name
    start, end = _trim(c, ctx)
    anchor = None
    if c.group("year"):
        year: int | None = int(c.group("year") or 0)
    elif det in ("les mois d", "chaque", "tout l"):
        year = None
    else:
        anchor = PUBLICATION

        def year_if(tense: Tense | None) -> int | None:
            return _season_year(ctx, code, tense, rel, det) if (det in ("cet", "ce") or rel or tense) else None

        year = ctx.by_tense(c.start, c.end, year_if)
    if year is None:
        return Resolved(start, end, DATE, None, f"XXXX-{code_tm}", mod, anchor)
    return Resolved(start, end, DATE, f"{year:04d}-{code}", f"{year:04d}-{code_tm}", mod, anchor)


def _resolve_decade(c: Candidate, ctx: Context) -> Resolved | None:
    digits = c.group("decade") or ""
    if len(digits) == 4:
        first3 = int(digits[:3])
    else:
        two = int(digits)
        base = ctx.anchor.year or 1999
        first3 = (200 + two // 10) if 2000 + two <= base - 10 else (190 + two // 10)
    v = f"{first3:03d}X"
    start, end = _trim(c, ctx)
    return Resolved(start, end, DATE, v, v, _mod_of(c.group("mod")))


def _roman(text: str) -> int | None:
    total = 0
    previous = 0
    for ch in reversed(text.upper()):
        value = _ROMAN.get(ch)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _resolve_century(c: Candidate, ctx: Context) -> Resolved | None:
    num = c.group("num")
    anchor = None
    if num:
        n = int(num) if num.isdigit() else _roman(num)
        if not n or n > 21:
            return None
        first2 = n - 1
    else:
        if ctx.anchor.year is None:
            return None
        rel = _norm(c.group("rel"))
        first2 = ctx.anchor.year // 100 + (1 if rel == "prochain" else -1)
        anchor = PUBLICATION
    start, end = _trim(c, ctx)
    return Resolved(start, end, DATE, f"{first2:02d}XX", f"{first2:02d}", _mod_of(c.group("mod")), anchor)


_YEAR_BAD_BEFORE = re.compile(
    r"(?:n°|no|nº|numéro|rue|route|article|art\.|loi|page|p\.|tél\.?|code|vol\.?|rn|rd|bp|cedex|"
    r"décret|arrêté|circulaire|modèle|version|airbus|boeing|a|b)\s*$",
    re.I,
)
_YEAR_BAD_ENDINGS = ("n°", "no", "nº", "numéro", "rue", "route", "article", "art.", "loi", "page", "p.", "tél.",
                     "tél", "code", "vol.", "vol", "rn", "rd", "bp", "cedex", "décret", "arrêté", "circulaire",
                     "modèle", "version", "airbus", "boeing", "a", "b")  # fmt: skip
_YEAR_GOOD_BEFORE = re.compile(
    r"(?:en|depuis|dès|de|d'|avant|après|vers|l'an|année|jusqu'en|entre|et|à|au|fin|début|mi-?|"
    r"printemps|été|automne|hiver|courant)\s*$",
    re.I,
)


_DIGIT_BEFORE = re.compile(r"\d[\s.]?$")
_LIST_BEFORE = re.compile(r"[,;(]\s*$")


def _resolve_year(c: Candidate, ctx: Context) -> list[Resolved] | None:
    year = int(c.group("year") or 0)
    before = ctx.before(c.start, 20)
    if not c.group("pre") and _may_end_with(before, _YEAR_BAD_ENDINGS) and _YEAR_BAD_BEFORE.search(before):
        return None
    if _DIGIT_BEFORE.search(before) and not _LIST_BEFORE.search(before):
        return None  # inside a longer number ("12 2000", "1.2000")
    if year < 1800 and not (c.group("pre") or _YEAR_GOOD_BEFORE.search(before)):
        return None
    mod = _mod_of(c.group("mod"))
    start, end = _trim(c, ctx)
    second = c.group("year2")
    if not second:
        v = f"{year:04d}"
        return [Resolved(start, end, DATE, v, v, mod, kind="year")]
    year2 = int(second) if len(second) == 4 else year // 100 * 100 + int(second)
    if year2 <= year or year2 - year > 100:
        if len(second) == 4:
            return None
        v = f"{year:04d}"
        return [Resolved(start, c.m.end("year"), DATE, v, v, mod, kind="year")]
    m = c.m
    y1_end = m.end("year")
    y2_start = m.start("year2")
    return [
        Resolved(start, y1_end, DATE, f"{year:04d}", f"{year:04d}", mod, kind="year"),
        Resolved(y2_start, end, DATE, f"{year2:04d}", f"{year2:04d}", None, kind="year"),
    ]


# -- relative to publication ------------------------------------------------------------------


_REL_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "après-demain": 2}


def _shift(ctx: Context, days: int) -> dt.date | None:
    return ctx.anchor.day + dt.timedelta(days=days) if ctx.anchor.day else None


def _resolve_relday(c: Candidate, ctx: Context) -> Resolved | None:
    word = _norm(c.group("word"))
    pod, pmod = _pod_code(c.group("pod"))
    if word == "aujourd'hui" and not pod and not _PRESENT_DATE_AFTER.match(ctx.text, c.end):
        return Resolved(c.start, c.end, TIME, ctx.anchor.edtf, "PRESENT_REF", None, PUBLICATION, kind="present")
    day = _shift(ctx, _REL_DAYS[word])
    value, timex = _publication_values(ctx, day)
    if pod and timex is not None:
        timex = f"{timex}T{pod}"
    return Resolved(c.start, c.end, TIME if pod else DATE, value, timex, pmod, PUBLICATION, day=day)


def _resolve_this(c: Candidate, ctx: Context) -> Resolved | None:
    det = _norm(c.group("det"))
    wd = c.group("wd")
    a = ctx.anchor
    if wd:
        pod, pmod = _pod_code(c.group("wpod"))
        return _weekday(c, ctx, WEEKDAYS[_norm(wd)], pod, pmod, None, det, c.start)
    noun = _norm(c.group("noun"))
    if noun in PARTS_OF_DAY:
        value, timex = _publication_values(ctx, a.day)
        code = PARTS_OF_DAY[noun]
        return Resolved(c.start, c.end, TIME, value, f"{timex}T{code}" if timex else None, None, PUBLICATION, day=a.day)
    return _relative_unit(c, ctx, noun, 0, c.start, None)


def _relative_unit(c: Candidate, ctx: Context, noun: str, step: int, start: int, mod: str | None) -> Resolved | None:
    """``noun`` (année, mois, semaine...) moved by ``step`` from publication."""
    a = ctx.anchor
    end = c.end
    if noun in ("an", "année"):
        if a.year is None:
            return Resolved(start, end, DATE, None, None, mod, PUBLICATION)
        v = f"{a.year + step:04d}"
        return Resolved(start, end, DATE, v, v, mod, PUBLICATION)
    if noun == "mois":
        if a.month is None or a.year is None:
            return Resolved(start, end, DATE, None, None, mod, PUBLICATION)
        y, m = add_months(a.year, a.month, step)
        v = tx.month(y, m)
        return Resolved(start, end, DATE, v, v, mod, PUBLICATION)
    if noun in ("semaine", "week-end", "weekend"):
        if a.day is None:
            value, _ = _publication_values(ctx, None)
            return Resolved(start, end, DATE, value, None, mod, PUBLICATION)
        if noun == "semaine":
            timex, value = tx.week(a.day + dt.timedelta(days=7 * step))
        else:
            ref = a.day + dt.timedelta(days=7 * step)
            if step == 0 and a.day.isoweekday() < 6 and ctx.tense(c.start, c.end) is Tense.PAST:
                ref = a.day - dt.timedelta(days=7)
            timex, value = tx.weekend(ref)
        return Resolved(start, end, DATE, value, timex, mod, PUBLICATION)
    if noun in ("trimestre", "semestre"):
        if a.month is None or a.year is None:
            return None
        size = 3 if noun == "trimestre" else 6
        index = (a.month - 1) // size + step
        y = a.year + index // (12 // size)
        n = index % (12 // size) + 1
        code = f"Q{n}" if size == 3 else f"H{n}"
        edtf = (32 + n) if size == 3 else (39 + n)
        return Resolved(start, end, DATE, f"{y:04d}-{edtf}", f"{y:04d}-{code}", mod, PUBLICATION)
    if noun in ("décennie", "siècle"):
        if a.year is None:
            return None
        if noun == "décennie":
            v = f"{a.year // 10 + step:03d}X"
            return Resolved(start, end, DATE, v, v, mod, PUBLICATION)
        first2 = a.year // 100 + step
        return Resolved(start, end, DATE, f"{first2:02d}XX", f"{first2:02d}", mod, PUBLICATION)
    if noun in SEASONS:
        tm, season_code = SEASONS[noun]
        rel = "dernier" if step < 0 else "prochain" if step > 0 else None
        year = _season_year(ctx, season_code, None, rel, "cet" if step == 0 else "")
        if year is None:
            return Resolved(start, end, DATE, None, f"XXXX-{tm}", mod, PUBLICATION)
        return Resolved(start, end, DATE, f"{year:04d}-{season_code}", f"{year:04d}-{tm}", mod, PUBLICATION)
    return None


def _resolve_lastnext(c: Candidate, ctx: Context) -> Resolved | None:
    rel = _norm(c.group("rel"))
    step = -1 if rel in PAST_RELS else 1
    noun = _norm(c.group("noun"))
    start, _ = _trim(c, ctx)
    return _relative_unit(c, ctx, noun, step, start, _mod_of(c.group("mod")))


def _resolve_current(c: Candidate, ctx: Context) -> Resolved | None:
    noun = _norm(c.group("noun"))
    mod = _mod_of(c.group("mod2"))
    start, _ = _trim(c, ctx)
    if noun in ("matinée", "soirée", "après-midi", "journée"):
        value, timex = _publication_values(ctx, ctx.anchor.day)
        code = PARTS_OF_DAY.get(noun, "DT")
        return Resolved(start, c.end, TIME, value, f"{timex}T{code}" if timex else None, mod, PUBLICATION)
    return _relative_unit(c, ctx, noun, 0, start, mod)


def _weekday(
    c: Candidate,
    ctx: Context,
    iso: int,
    pod: str | None,
    pmod: str | None,
    rel: str | None,
    det: str | None,
    start: int,
) -> Resolved:
    tense = ctx.tense(c.start, c.end) if ctx.anchor.needs_tense_weekday(iso, rel) else None
    day = ctx.anchor.weekday(iso, tense, rel, det)
    typ = TIME if pod else DATE
    suffix = f"T{pod}" if pod else ""
    if day is not None:
        v = tx.day(day)
        return Resolved(start, c.end, typ, v, v + suffix, pmod, PUBLICATION, day=day)
    value, _ = _publication_values(ctx, None)
    return Resolved(start, c.end, typ, value, f"XXXX-WXX-{iso}{suffix}", pmod, PUBLICATION)


def _resolve_weekday(c: Candidate, ctx: Context) -> Resolved | None:
    det = _norm(c.group("det")) or None
    pod, pmod = _pod_code(c.group("pod"))
    rel = _norm(c.group("rel")) or None
    if rel in ("suivant", "précédent"):
        rel = None
    start = c.start if det == "ce" else c.m.start("wd")
    if c.surface.lower().startswith(("dimanches", "lundis", "mardis", "mercredis", "jeudis")):
        return None
    return _weekday(c, ctx, WEEKDAYS[_norm(c.group("wd"))], pod, pmod, rel, det, start)


def _resolve_night_between(c: Candidate, ctx: Context) -> Resolved | None:
    r = _weekday(c, ctx, WEEKDAYS[_norm(c.group("wd"))], "NI", None, None, None, c.start)
    return r


def _resolve_anaphor(c: Candidate, ctx: Context) -> Resolved | None:
    pod, pmod = _pod_code(c.group("pod"))
    text = _norm(c.surface)
    if "matin même" in text:
        pod = "MO"
    elif "soir même" in text:
        pod = "EV"
    offset = 0
    rel = _norm(c.group("rel"))
    if rel:
        offset = {"la veille": -1, "le lendemain": 1, "le surlendemain": 2, "l'avant-veille": -2}[rel]
    previous = ctx.last
    typ = TIME if pod else DATE
    suffix = f"T{pod}" if pod else ""
    if previous is not None and previous.day is not None:
        day = previous.day + dt.timedelta(days=offset)
        v = tx.day(day)
        return Resolved(c.start, c.end, typ, v, v + suffix, pmod, PREVIOUS, day=day)
    if previous is not None and previous.value and offset == 0:
        base = previous.timex3 or previous.value
        return Resolved(c.start, c.end, typ, previous.value, base + suffix, pmod, PREVIOUS)
    return Resolved(c.start, c.end, typ, None, None, pmod, PREVIOUS)


def _resolve_ago_in(c: Candidate, ctx: Context) -> Resolved | None:
    sign = -1 if c.kind == "ago" else 1
    unit_word = _norm(c.group("unit"))
    unit = UNITS.get(unit_word)
    if unit is None:
        return None
    amount = _amount(c)
    a = ctx.anchor
    vague = "PAST_REF" if sign < 0 else "FUTURE_REF"
    dmod = _DUR_MODS.get(_norm(c.group("dmod")))
    mod = None
    if dmod == "MORE_THAN":
        mod = "BEFORE" if sign < 0 else "AFTER"
    elif dmod == "APPROX":
        mod = "APPROX"
    if amount is None or not float(amount).is_integer():
        return Resolved(c.start, c.end, DATE, None, vague, mod, PUBLICATION)
    n = int(amount) * sign
    if unit in ("Y", "DE", "CE"):
        n *= {"Y": 1, "DE": 10, "CE": 100}[unit]
        if a.year is None:
            return Resolved(c.start, c.end, DATE, None, vague, mod, PUBLICATION)
        v = f"{a.year + n:04d}"
        return Resolved(c.start, c.end, DATE, v, v, mod, PUBLICATION)
    if unit in ("M", "Q", "SEM"):
        n *= {"M": 1, "Q": 3, "SEM": 6}[unit]
        if a.month is None or a.year is None:
            v2 = f"{a.year:04d}" if a.year else None
            return Resolved(c.start, c.end, DATE, v2, v2, mod, PUBLICATION)
        y, m = add_months(a.year, a.month, n)
        v = tx.month(y, m)
        return Resolved(c.start, c.end, DATE, v, v, mod, PUBLICATION)
    if unit in ("W", "D", "WE"):
        days = n * (7 if unit in ("W", "WE") else 1)
        day = _shift(ctx, days)
        value, timex = _publication_values(ctx, day)
        if day is not None and unit == "W":
            timex = tx.week(day)[0]
        return Resolved(c.start, c.end, DATE, value, timex, mod, PUBLICATION, day=day)
    value, timex = _publication_values(ctx, a.day)
    return Resolved(c.start, c.end, TIME, value, timex, mod, PUBLICATION)


# -- durations and sets -----------------------------------------------------------------------


_APPROX_SUFFIX = "aine"  # in every approximate number: "dizaine", "centaine" (a test checks)


def _approx_number(raw: str) -> int | None:
    """The value of the first approximate number ("dizaine") ``raw`` holds, or ``None``."""
    if _APPROX_SUFFIX not in raw:  # most numbers: no need to try each word
        return None
    return next((n for w, n in APPROX_NUMBERS.items() if w in raw), None)


def _amount(c: Candidate) -> float | None:
    raw = _norm(c.group("num"))
    amount: float | None
    if not raw or raw in ("quelques", "plusieurs", "des", "de longues", "de longs", "de nombreuses", "de nombreux"):
        amount = None
    else:
        approx = _approx_number(raw)
        amount = float(approx) if approx is not None else _parse_number(raw)
    if amount is not None and c.group("half"):
        amount += 0.5
    return amount


_DURATION_NOUNS = frozenset(
    [
        "plus",
        "moins",
        "près",
        "peine",
        "peines",
        "durée",
        "période",
        "délai",
        "intervalle",
        "mandat",
        "mandats",
        "contrat",
        "contrats",
        "plan",
        "programme",
        "bail",
        "absence",
        "attente",
        "travaux",
        "prison",
        "réclusion",
        "emprisonnement",
        "retard",
        "service",
        "carrière",
        "guerre",
        "règne",
        "exil",
        "séjour",
        "pause",
        "moratoire",
        "trêve",
        "gel",
        "interdiction",
        "suspension",
        "détention",
        "sursis",
        "vie",
        "espace",
        "cours",
        "moyenne",
        "bout",
        "après",
        "avant",
        "pendant",
        "depuis",
        "total",
        "maximum",
        "minimum",
        "minimale",
        "maximale",
        "garantie",
        "sommeil",
        "chômage",
        "stage",
        "formation",
        "engagement",
        "concession",
        "prolongation",
        "étalement",
        "crédit",
        "prêt",
        "emprunt",
        "échéance",
        "tranche",
        "cycle",
        "phase",
        "étape",
        "décalage",
        "écart",
    ]
)
_WORD_DE = re.compile(r"([\wàâçéèêëîïôûùüÿœ'-]+)\s+(?:de|d')\s*(?:une?\s+)?$", re.I)


_COMMA_AFTER = re.compile(r"\s*[,)]")


def _is_age(c: Candidate, ctx: Context, unit: str) -> bool:
    if unit != "Y" or c.group("dmod") or c.group("last"):
        return False
    before = ctx.text[max(0, c.start - 50) : c.start]
    after = ctx.text[c.end : c.end + 3]
    if _may_end_with(before, _AGE_ENDINGS):
        if _AGE_BEFORE.search(before, _tail_start(before, _AGE_TOKENS)):
            return True
        word = (
            _WORD_DE.search(before, _tail_start(before, _WORD_DE_TOKENS))
            if _may_end_with(before, _DE_ENDINGS)
            else None
        )
        if word and word.group(1).lower().split("'")[-1] not in _DURATION_NOUNS:
            return True
    return bool(_COMMA_AFTER.match(after) and _NAME_COMMA.search(before))


def _resolve_duration(c: Candidate, ctx: Context) -> Resolved | None:
    unit_word = _norm(c.group("unit"))
    unit = UNITS.get(unit_word)
    if unit is None:
        return None
    raw_num = _norm(c.group("num"))
    if unit_word == "h" and not c.group("dmod") and not c.group("last"):
        return None  # "14 h" is a time of day
    if raw_num in ("un", "une") and unit_word in ("jour", "journée", "nuit", "seconde") and not c.group("dmod"):
        return None  # "un jour" is mostly "one day, some day"
    if raw_num == "des" and unit not in ("Y", "M", "W", "DE", "CE") and not c.group("last"):
        return None
    if _is_age(c, ctx, unit):
        return None
    if unit == "WE":
        return None
    amount = _amount(c)
    mod = _DUR_MODS.get(_norm(c.group("dmod")))
    if mod is None and _approx_number(raw_num) is not None:
        mod = "APPROX"
    value = tx.duration(amount, unit)
    return Resolved(c.start, c.end, DURATION, value if amount is not None else None, value, mod, kind="duration")


def _resolve_recent(c: Candidate, ctx: Context) -> Resolved | None:
    unit = UNITS.get(_norm(c.group("unit")))
    if unit is None:
        return None
    return Resolved(c.start, c.end, DURATION, None, tx.duration(None, unit), None, PUBLICATION)


def _resolve_half(c: Candidate, ctx: Context) -> Resolved | None:
    word = _norm(c.group("unit"))
    unit = {"siècle": "CE", "heure": "H", "journée": "D", "année": "Y", "mois": "M", "semaine": "W"}.get(word)
    unit = unit or {"minute": "MIN", "seconde": "S", "décennie": "DE"}.get(word)
    if unit is None:
        return None
    value = tx.duration(0.5, unit)
    mod = _DUR_MODS.get(_norm(c.group("dmod")))
    return Resolved(c.start, c.end, DURATION, value, value, mod)


_SET_UNITS = {
    "jour": "P1D", "jours": "P1D", "semaine": "P1W", "semaines": "P1W", "mois": "P1M", "an": "P1Y",
    "ans": "P1Y", "année": "P1Y", "années": "P1Y", "heure": "PT1H", "heures": "PT1H", "minute": "PT1M",
    "minutes": "PT1M", "seconde": "PT1S", "soir": "TEV", "soirs": "TEV", "matin": "TMO", "matins": "TMO",
    "quotidiennement": "P1D", "annuellement": "P1Y", "mensuellement": "P1M", "hebdomadairement": "P1W",
    "week-end": "P1WE", "week-ends": "P1WE", "étés": "XXXX-SU", "hivers": "XXXX-WI",
    "printemps": "XXXX-SP", "automnes": "XXXX-FA", "été": "XXXX-SU", "hiver": "XXXX-WI",
    "automne": "XXXX-FA",
}  # fmt: skip


def _resolve_set(c: Candidate, ctx: Context) -> Resolved | None:
    word = _norm(c.group("unit") or c.group("per") or c.group("adv"))
    if word.rstrip("s") in WEEKDAYS:
        v = f"XXXX-WXX-{WEEKDAYS[word.rstrip('s')]}"
        return Resolved(c.start, c.end, SET, None, v)
    code = _SET_UNITS.get(word)
    if code is None:
        return None
    if code.startswith("T"):
        return Resolved(c.start, c.end, SET, None, f"XXXX-XX-XX{code}")
    amount = _parse_number(c.group("num") or "") if c.group("num") else None
    if amount and code.startswith("P") and float(amount).is_integer() and amount > 1:
        code = re.sub(r"1", str(int(amount)), code, count=1)
    value = code if code.startswith("P") and "WE" not in code else None
    return Resolved(c.start, c.end, SET, value, code)


_PRECEDENT_BEFORE = re.compile(r"(?:^|\s)(?:un|le|ce|du|au|sans)\s+$")
_PRECEDENT_AFTER = re.compile(r"\s*(?:[.,;:!?)]|$|(?:à|pour|dans|en|historique|dangereux|fâcheux)\b)")


def _resolve_ref(c: Candidate, ctx: Context) -> Resolved | None:
    if c.group("present"):
        return Resolved(c.start, c.end, TIME, ctx.anchor.edtf, "PRESENT_REF", None, PUBLICATION, kind="present")
    word = _norm(c.surface)
    if c.group("future"):
        return Resolved(c.start, c.end, TIME, None, "FUTURE_REF", None, PUBLICATION)
    if (
        word.startswith("précédent")
        and _PRECEDENT_BEFORE.search(ctx.before(c.start, 8))
        and _PRECEDENT_AFTER.match(ctx.after(c.end))
    ):
        return None  # "un précédent": a precedent
    return Resolved(c.start, c.end, TIME, None, "PAST_REF", None, PUBLICATION)


_FIXED_HOLIDAYS = {
    "noël": (12, 25), "toussaint": (11, 1), "assomption": (8, 15), "saint-sylvestre": (12, 31),
    "nouvel an": (1, 1), "jour de l'an": (1, 1), "épiphanie": (1, 6), "chandeleur": (2, 2),
}  # fmt: skip
_EASTER_OFFSETS = {"pâques": 0, "ascension": 39, "pentecôte": 49}


def _resolve_holiday(c: Candidate, ctx: Context) -> Resolved | None:
    name = _norm(c.group("name"))
    start, end = _trim(c, ctx)
    year: int | None
    anchor = None
    if c.group("year"):
        year = int(c.group("year") or 0)
    else:
        anchor = PUBLICATION
        if name in _FIXED_HOLIDAYS:
            month, day = _FIXED_HOLIDAYS[name]
        else:
            probe = easter(ctx.anchor.year or 2000) + dt.timedelta(days=_EASTER_OFFSETS[name])
            month, day = probe.month, probe.day
        tense = ctx.tense(c.start, c.end) if ctx.anchor.needs_tense(month, day) else None
        year = ctx.anchor.infer_year(month, day, tense)
    if year is None:
        if name in _FIXED_HOLIDAYS:
            month, day = _FIXED_HOLIDAYS[name]
            return Resolved(start, end, DATE, None, f"XXXX-{month:02d}-{day:02d}", None, anchor)
        return Resolved(start, end, DATE, None, None, None, anchor)
    if name in _FIXED_HOLIDAYS:
        month, day = _FIXED_HOLIDAYS[name]
        d = dt.date(year, month, day)
    else:
        d = easter(year) + dt.timedelta(days=_EASTER_OFFSETS[name])
    return Resolved(start, end, DATE, tx.day(d), tx.day(d), None, anchor, day=d)


# -- times (second pass) ----------------------------------------------------------------------


_DURATION_BEFORE_TIME = re.compile(
    r"(?:pendant|durant|en|depuis|les|des|ces|dernières|pour|de\s+plus\s+de|plus\s+de|moins\s+de|"
    r"toutes\s+les|chaque|sous|dans|d'ici)\s*$",
    re.I,
)


def resolve_time(c: Candidate, ctx: Context, dates: list[Resolved]) -> Resolved | None:
    """A clock time, anchored to the nearest day named in its sentence, else publication."""
    if c.kind == "noon":
        hour, minute = (12, 0) if _norm(c.group("word")) == "midi" else (24, 0)
        pre = _norm(c.group("pre"))
        start = c.m.start("word")
    else:
        hour_text = c.group("hour") or c.group("hour2")
        minute_text = c.group("minute") or c.group("minute2")
        hour, minute = int(hour_text or 0), int(minute_text or 0)
        pre = _norm(c.group("pre") or c.group("pre2"))
        start = c.m.start("hour") if c.group("hour") else c.m.start("hour2")
        unit_word = _norm(c.group("hunit"))
        if not pre and _DURATION_BEFORE_TIME.search(ctx.before(c.start, 20)):
            value = tx.duration(hour, "H") if not minute_text else tx.duration(hour * 60 + minute, "MIN")
            return Resolved(c.start, c.end, DURATION, value, value)
        if unit_word.startswith("heure") and not pre:
            value = tx.duration(hour, "H")
            return Resolved(c.start, c.end, DURATION, value, value)
    mod = "APPROX" if pre in ("vers", "aux alentours de", "autour de") else None
    lo, hi = ctx.sentence_of(c.start)
    day: dt.date | None = None
    anchor = PUBLICATION
    best = None
    for r in dates:
        if r.day is not None and lo <= r.start < hi:
            distance = c.start - r.end if r.end <= c.start else r.start - c.end + 1000
            if best is None or distance < best:
                best, day = distance, r.day
                anchor = PREVIOUS
    if day is None:
        day = ctx.anchor.day
    clock = f"T{hour:02d}:{minute:02d}"
    if day is not None:
        v = tx.day(day)
        return Resolved(start, c.end, TIME, v, v + clock, mod, anchor, day=day)
    coarse, _ = _publication_values(ctx, None)
    return Resolved(start, c.end, TIME, coarse, "XXXX-XX-XX" + clock, mod, anchor)


_RESOLVERS: dict[str, Callable[[Candidate, Context], Resolved | None]] = {
    "date": _resolve_date,
    "numeric_date": _resolve_numeric_date,
    "iso_date": _resolve_iso_date,
    "month": _resolve_month,
    "quarter": _resolve_quarter,
    "nth_weekday": _resolve_nth_weekday,
    "season": _resolve_season,
    "decade": _resolve_decade,
    "century": _resolve_century,
    "relday": _resolve_relday,
    "this": _resolve_this,
    "lastnext": _resolve_lastnext,
    "current": _resolve_current,
    "weekday": _resolve_weekday,
    "night_between": _resolve_night_between,
    "anaphor": _resolve_anaphor,
    "ago": _resolve_ago_in,
    "in": _resolve_ago_in,
    "duration": _resolve_duration,
    "recent": _resolve_recent,
    "half": _resolve_half,
    "set": _resolve_set,
    "ref": _resolve_ref,
    "holiday": _resolve_holiday,
}
SECOND_PASS = frozenset({"time", "noon", "range_day"})


def resolve(c: Candidate, ctx: Context) -> list[Resolved]:
    """Resolve a first-pass candidate (everything but times and bare range days)."""
    if c.kind == "year":
        return _resolve_year(c, ctx) or []
    resolver = _RESOLVERS.get(c.kind)
    if resolver is None:
        return []
    r = resolver(c, ctx)
    return [r] if r is not None else []
