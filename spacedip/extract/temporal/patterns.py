"""The regexes that find candidate temporal expressions in a normalised French text.

Each rule has a kind (what the resolver does with it) and one compiled regex. All
regexes are case-insensitive unless a rule needs case (holidays, ``Mars`` the planet).
Candidates may overlap; :func:`find_candidates` keeps the longest, then the earliest rule.
"""

from __future__ import annotations

import re

import attrs

from spacedip.extract.temporal.lexicon import (
    APPROX_NUMBERS,
    FULL_MONTHS,
    MONTHS,
    NUMBER,
    SEASONS,
    UNITS,
    WEEKDAYS,
    alternation,
)

__all__ = ["Candidate", "find_candidates"]

_I = re.IGNORECASE
_B = r"(?<![\w'’-])"  # word start
_E = r"(?![\w-])"  # word end
MONTH = alternation(FULL_MONTHS)
MONTH_ABBR = "(?:" + alternation(FULL_MONTHS) + "|" + alternation(set(MONTHS) - set(FULL_MONTHS)) + r"\.?)"
WEEKDAY = alternation(WEEKDAYS)
POD = (
    r"(?:matin|matinée|après-midi|apres-midi|midi|soir|soirée|nuit|"
    r"en\s+(?:début|fin)\s+(?:de\s+matinée|d'après-midi|de\s+soirée|de\s+journée)|"
    r"dans\s+la\s+(?:matinée|soirée|nuit|journée))"
)
YEAR4 = r"(?:1[0-9]\d\d|20\d\d)(?![\d])"
DAYNUM = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])(?!\d)"
SEASON = alternation(SEASONS)
UNIT = alternation(UNITS)
MOD = (
    r"(?P<mod>(?:(?:la|le|au|à\s+la|en)\s+)?(?:tout\s+)?(?:début|fin|milieu|mi-|courant)"
    r"(?:\s+(?:de\s+l'|de\s+la\s+|du\s+mois\s+de\s+|du\s+mois\s+d'|du\s+|des\s+|d'|de\s+))?\s*)"
)
REL_WORD = (
    r"(?:dernier|dernière|derniers|dernières|passé|passée|prochain|prochaine|prochains|prochaines|"
    r"suivant|suivante|précédent|précédente)"
)
_UNIT_WORDS = r"(?:%|€|\$|£|euros?|dollars?|francs?|km|kilomètres?|mètres?|m|kg|tonnes?|habitants?|personnes?|" \
    r"hommes|femmes|soldats|salariés|emplois|logements|voitures|exemplaires|points|voix|hectares?|ha|" \
    r"litres?|mégawatts?|MW|places|lits|élèves|enfants|militaires|victimes|morts|blessés|membres|km/h|" \
    r"milliards?|millions?|fois|ans|mois|jours|heures|pieds)"  # fmt: skip

APPROX_N = alternation(APPROX_NUMBERS)
DUR_MOD = (
    r"(?P<dmod>plus\s+de|plus\s+d'|moins\s+de|moins\s+d'|près\s+de|près\s+d'|presque|environ|"
    r"quelque|au\s+moins|pas\s+moins\s+de|pas\s+moins\s+d'|au\s+bout\s+de|au\s+bout\s+d'|quasiment|"
    r"à\s+peine|bien\s+plus\s+de|un\s+peu\s+plus\s+de|un\s+peu\s+plus\s+d'|un\s+peu\s+moins\s+de|"
    r"pas\s+plus\s+de|approximativement|grosso\s+modo|au\s+maximum|au\s+minimum)"
)
DUR_NUM = (
    rf"(?P<num>{NUMBER}|(?:une?\s+)?{APPROX_N}\s*(?:de\s+|d')|quelques|plusieurs|de\s+longues|de\s+longs|"
    r"de\s+nombreuses|de\s+nombreux|des)"
)


@attrs.define(slots=True)
class Candidate:
    """A match of one rule: ``kind`` names the rule, ``m`` is the regex match."""

    start: int
    end: int
    kind: str
    m: re.Match[str]
    priority: int

    def group(self, name: str) -> str | None:
        """A named group of the match, or ``None``."""
        try:
            return self.m.group(name)
        except IndexError:
            return None


def _rule(kind: str, pattern: str, flags: int = _I) -> tuple[str, re.Pattern[str]]:
    return kind, re.compile(pattern, flags)


RULES: list[tuple[str, re.Pattern[str]]] = [
    # "du 19 au 23 juillet": the bare first day takes the month of the second.
    _rule(
        "range_day",
        rf"{_B}(?:du|entre\s+le|entre\s+les|des|les)\s+(?P<core>(?:(?P<wd>{WEEKDAY})\s+)?(?P<day>{DAYNUM}))"
        rf"\s*(?:au|et\s+le|et|à|-|/)\s*(?=(?:{WEEKDAY}\s+)?{DAYNUM}\s+{MONTH})",
    ),
    _rule(
        "night_between",
        rf"{_B}(?:dans\s+)?la\s+nuit\s+(?:de|du)\s+(?P<wd>{WEEKDAY})\s+(?:à|au)\s+(?P<wd2>{WEEKDAY}){_E}",
    ),
    _rule(
        "date",
        rf"{_B}(?:(?P<le>le|ce)\s+)?(?:(?P<wd>{WEEKDAY})\s+)?(?P<day>{DAYNUM})\s+(?P<month>{MONTH_ABBR})"
        rf"(?:\s+(?P<year>{YEAR4}|'\d\d(?!\d))(?!\s*(?:{_UNIT_WORDS}){_E}))?"
        rf"(?:\s+(?P<rel>dernier|prochain|passé))?(?:(?:\s+|\s*,\s*)(?:au\s+|dans\s+la\s+|en\s+)?(?P<pod>{POD}))?"
        rf"(?![\w-])",
    ),
    _rule(
        "numeric_date",
        r"(?<![\w/.-])(?P<day>0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)"
        r"(?P<year>(?:19|20)\d\d|\d\d)(?![\w/.-]|[.,]\d)",
    ),
    _rule(
        "iso_date",
        r"(?<![\w/.-])(?P<year>(?:1[89]|20)\d\d)-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?"
        r"(?![\w/-]|[.,]\d)",
    ),
    _rule(
        "month",
        rf"(?<![\w'’]){MOD}?(?:(?P<det>(?:le\s+|au\s+|du\s+|ce\s+|dès\s+le\s+)?mois\s+(?:de\s+|d')))?"
        rf"(?P<month>{MONTH})(?:\s+(?:de\s+l'année\s+)?(?P<year>{YEAR4}|'?\d\d(?!\d|[,.]\d))"
        rf"(?!\s*(?:{_UNIT_WORDS}){_E}))?(?:\s+(?P<rel>{REL_WORD}))?(?!\w)(?!-(?!{MONTH}))",
    ),
    _rule(
        "nth_weekday",
        rf"{_B}(?:le\s+)?(?P<ord>premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e|dernier)\s+"
        rf"(?P<wd>{WEEKDAY})\s+(?:du\s+mois\s+)?(?:de\s+|d'|du\s+)(?:(?P<month>{MONTH})"
        rf"(?:\s+(?P<year>{YEAR4}))?|(?P<season>printemps|l'été|l'automne|l'hiver)){_E}",
    ),
    _rule(
        "quarter",
        rf"{_B}(?:le\s+|au\s+|du\s+|ce\s+)?(?P<ord>premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e)"
        rf"\s+(?P<unit>trimestre|semestre)(?:\s+(?:de\s+l'année\s+)?(?P<year>{YEAR4}))?"
        rf"(?:\s+(?P<rel>{REL_WORD}))?{_E}",
    ),
    _rule(
        "season",
        rf"{_B}{MOD}?(?P<det>(?:l'|cet\s+|ce\s+|en\s+|au\s+|d'|chaque\s+|tout\s+l'|les\s+mois\s+d'))?"
        rf"(?P<season>{SEASON})(?:\s+(?P<year>{YEAR4}))?(?:\s+(?P<rel>{REL_WORD}))?{_E}",
    ),
    _rule(
        "decade",
        rf"{_B}{MOD}?(?:les\s+|des\s+|aux\s+)?années\s+(?P<decade>(?:19|20)?\d0)(?:'|s)?{_E}",
    ),
    _rule(
        "century",
        rf"{_B}(?:le\s+|au\s+|du\s+)?{MOD}?(?:(?P<num>[XVI]{{1,5}}|\d{{1,2}})(?:e|ème|eme|è)\s+siècle"
        rf"|siècle\s+(?P<rel>dernier|passé|prochain|précédent)){_E}",
    ),
    _rule(
        "year",
        rf"(?<![\w.,/’'$€£+#°-]){MOD}?(?P<pre>(?:l'an(?:née)?|année|an|l'exercice|exercice)\s+)?(?P<year>{YEAR4})"
        rf"(?P<range>\s*[-/]\s*(?P<year2>{YEAR4}|\d\d(?!\d)))?"
        rf"(?![\w/]|[.,]\d|\s*(?:{_UNIT_WORDS}){_E}|\s*[:h]\s*\d)",
    ),
    _rule(
        "relday",
        rf"(?<![\w-])(?P<word>avant-hier|après-demain|hier|aujourd'hui|demain)"
        rf"(?:(?:\s+|\s*,\s*)(?:au\s+|dans\s+la\s+)?(?P<pod>{POD}))?{_E}",
    ),
    _rule(
        "this",
        rf"{_B}(?P<det>ce|cet|cette)\s+(?:(?P<wd>{WEEKDAY})(?:\s+(?P<wpod>{POD}))?|"
        r"(?P<noun>matin|matinée|soir|soirée|après-midi|nuit|semaine|mois|année|an|week-end|weekend|"
        r"trimestre|semestre|printemps|été|automne|hiver|siècle|décennie))(?:-ci)?(?![\w-])",
    ),
    _rule(
        "lastnext",
        rf"{_B}{MOD}?(?:l'|la\s+|le\s+|les\s+)?(?P<noun>an|année|semaine|mois|week-end|weekend|trimestre|semestre|"
        rf"printemps|été|automne|hiver|décennie|saison)\s+(?P<rel>{REL_WORD}){_E}",
    ),
    _rule(
        "current",
        rf"{_B}(?P<mod2>(?:la|le|en|à\s+la|au)\s+(?:début|fin|milieu)\s+(?:de\s+l'|du\s+|de\s+la\s+|d'))"
        r"(?P<noun>année|an|mois|semaine|journée|matinée|soirée|après-midi|siècle)(?![\w-])"
        rf"(?!\s+(?:{YEAR4}|prochaine?|dernière?|passée?|suivante?|précédente?|scolaire|d'))",
    ),
    _rule(
        "weekday",
        rf"{_B}(?:(?P<det>ce|dès|depuis|le)\s+)?(?P<wd>{WEEKDAY})s?(?:\s+(?P<pod>{POD}))?"
        rf"(?:\s+(?P<rel>dernier|prochain|passé|suivant|précédent))?{_E}",
    ),
    _rule(
        "anaphor",
        rf"{_B}(?:(?P<same>(?:le|ce)\s+même\s+jour|le\s+jour\s+même|ce\s+jour-là|le\s+(?:matin|soir)\s+même)|"
        rf"(?P<rel>la\s+veille|le\s+lendemain|le\s+surlendemain|l'avant-veille))"
        rf"(?:\s+(?:au\s+|dans\s+la\s+)?(?P<pod>{POD}))?{_E}",
    ),
    _rule(
        "time",
        r"(?<![\w,.:])(?P<pre>(?:à|vers|dès|jusqu'à|avant|après|de|entre|et|aux\s+alentours\s+de|autour\s+de)\s+)?"
        r"(?P<hour>[01]?\d|2[0-4])\s*(?P<hunit>h|H|heures?)\s*(?P<minute>[0-5]\d)?(?!\w|[.,]\d)"
        r"|(?<![\w,.:])(?P<pre2>(?:à|vers|dès|jusqu'à|avant|après|de)\s+)(?P<hour2>[01]?\d|2[0-3]):(?P<minute2>[0-5]\d)(?![\d:])",
    ),
    _rule(
        "noon",
        r"(?<![\w-])(?P<pre>à|vers|avant|après|dès|jusqu'à|aux\s+alentours\s+de|autour\s+de|sur\s+le\s+coup\s+de)"
        r"\s+(?P<word>midi|minuit)(?![\w-])",
    ),
    _rule(
        "ago",
        rf"{_B}(?:il\s+y\s+a|voici|voilà)\s+{DUR_MOD}?\s*{DUR_NUM}\s*(?P<unit>{UNIT})(?P<half>\s+et\s+demie?)?{_E}",
    ),
    _rule(
        "in",
        rf"{_B}(?:dans|d'ici)\s+{DUR_MOD}?\s*(?P<num>{NUMBER}|quelques|plusieurs)\s+(?P<unit>{UNIT})"
        rf"(?P<half>\s+et\s+demie?)?{_E}(?!\s+(?:de|d'|du|des)\s)",
    ),
    _rule(
        "duration",
        rf"(?<![\w-])(?:{DUR_MOD}\s*)?(?P<last>(?:les|ces|ses|leurs|des)\s+(?:(?:deux|trois|quatre|cinq|six|sept|huit|"
        rf"neuf|dix|\d+)\s+)?(?:dernières|derniers|prochaines|prochains)\s+)?{DUR_NUM}\s*"
        rf"(?P<unit>{UNIT})(?P<half>\s+et\s+demie?)?(?P<last2>\s+(?:derniers|dernières|prochains|prochaines|"
        r"à\s+venir))?(?![\w-])",
    ),
    _rule(
        "recent",
        rf"{_B}(?:ces|les)\s+(?P<rel>dernières|derniers|prochaines|prochains)\s+"
        r"(?P<unit>années|mois|semaines|jours|décennies|siècles)(?![\w-])",
    ),
    _rule(
        "half",
        rf"{_B}(?:{DUR_MOD}\s*)?(?:un|une)\s+demi-(?P<unit>siècle|heure|journée|année|mois|semaine|"
        r"douzaine\s+d'années|minute|seconde|décennie)(?![\w-])",
    ),
    _rule(
        "set",
        rf"{_B}(?:(?P<every>chaque|tous\s+les|toutes\s+les)\s+(?:(?P<num>{NUMBER})\s+)?"
        rf"(?P<unit>{UNIT}|soirs?|matins?|{WEEKDAY}s?|étés|hivers|printemps|automnes)"
        rf"|(?<=par\s)(?P<per>an|jour|mois|semaine|heure|année|minute|seconde)"
        r"|(?P<adv>quotidiennement|annuellement|mensuellement|hebdomadairement))(?![\w-])",
    ),
    _rule(
        "ref",
        r"(?<![\w'-])(?P<present>maintenant|désormais|actuellement|dorénavant|à\s+présent|de\s+nos\s+jours|"
        r"en\s+ce\s+moment|pour\s+le\s+moment|pour\s+l'instant|jusqu'à\s+présent|"
        r"à\s+l'heure\s+actuelle|actuel|actuelle|actuels|actuelles)(?![\w-])"
        r"|(?<![\w-])(?P<future>l'avenir|avenir|futur|future|futurs|futures|prochainement|bientôt|ultérieurement|"
        r"une\s+date\s+ultérieure)(?![\w-])"
        r"|(?<![\w'-])(?P<past>récemment|précédemment|naguère|autrefois|jadis|dernièrement|nouvellement|"
        r"précédent|précédente|précédents|précédentes|par\s+le\s+passé)(?![\w-])",
    ),
    _rule(
        "holiday",
        r"(?<![\w-])(?:(?:(?:cette|la)\s+)?fête\s+(?:de\s+la\s+|de\s+)?|(?:à\s+|la\s+|le\s+|)?)"
        r"(?P<name>Noël|Pâques|Pentecôte|Toussaint|Ascension|Assomption|Saint-Sylvestre|Nouvel\s+An|"
        r"[Jj]our\s+de\s+l'An|Épiphanie|Chandeleur)(?:\s+(?P<year>" + YEAR4 + r"))?(?![\w-])",
        0,
    ),
]

# Every rule's match holds a trigger word of one of its categories; a rule only runs in
# windows around its triggers, which keeps the tagger fast on long texts.
_CATEGORY_WORDS = {
    "month": set(MONTHS),
    "weekday": set(WEEKDAYS),
    "unit": set(UNITS) | {"weekend", "mois"},
    "relday": {"hier", "avant-hier", "demain", "après-demain", "aujourd'hui", "veille", "avant-veille",
               "lendemain", "surlendemain", "jour"},
    "pod": {"matin", "matinée", "soir", "soirée", "après-midi", "apres-midi", "midi", "minuit", "nuit", "journée"},
    "season": set(SEASONS) | {"eté"},
    "ref": {"maintenant", "désormais", "actuel", "actuelle", "actuellement", "dorénavant", "présent",
            "jours", "moment", "instant", "heure", "avenir", "futur", "future", "prochainement", "bientôt",
            "ultérieure", "ultérieurement", "récemment", "précédemment", "précédent", "précédente",
            "naguère", "autrefois", "jadis", "dernièrement", "nouvellement", "passé"},
    "set": {"quotidiennement", "annuellement", "mensuellement", "hebdomadairement"},
    "holiday": {"noël", "pâques", "pentecôte", "toussaint", "ascension", "assomption", "saint-sylvestre",
                "nouvel", "an", "épiphanie", "chandeleur"},
}  # fmt: skip
_RULE_CATEGORIES = {
    "range_day": {"digit"}, "night_between": {"weekday"}, "date": {"digit"}, "numeric_date": {"digit"},
    "iso_date": {"digit"}, "month": {"month"}, "nth_weekday": {"weekday"}, "quarter": {"unit"},
    "season": {"season"}, "decade": {"unit"}, "century": {"unit"}, "year": {"digit"},
    "relday": {"relday"}, "this": {"pod", "unit", "weekday", "season"}, "lastnext": {"unit", "season"},
    "current": {"unit", "pod"}, "weekday": {"weekday"}, "anaphor": {"relday", "pod"}, "time": {"digit"},
    "noon": {"pod"}, "ago": {"unit"}, "in": {"unit"}, "duration": {"unit"}, "recent": {"unit"},
    "half": {"unit"}, "set": {"unit", "weekday", "pod", "season", "set"}, "ref": {"ref"},
    "holiday": {"holiday"},
}  # fmt: skip
_WORD_CATEGORIES: dict[str, set[str]] = {}
for _category, _words in _CATEGORY_WORDS.items():
    for _word in _words:
        _WORD_CATEGORIES.setdefault(_word, set()).add(_category)
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_BEFORE, _AFTER = 70, 90


def _category_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Merged windows around the trigger words of each category."""
    windows: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    known = _TOKEN_CATEGORIES
    for m in _TOKEN.finditer(text):
        token = m.group()
        categories = known.get(token)
        if categories is None:
            categories = _token_categories(token)
            if len(known) < _TOKEN_CACHE_SIZE:
                known[token] = categories
        if not categories:
            continue
        start, end = m.span()
        lo, hi = max(0, start - _BEFORE), min(n, end + _AFTER)
        for category in categories:
            spans = windows.get(category)
            if spans is None:
                windows[category] = [(lo, hi)]
            elif lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
            else:
                spans.append((lo, hi))
    return windows


def _token_categories(token: str) -> tuple[str, ...]:
    """The trigger categories of one token (digits are all ``"digit"``)."""
    if token[0].isdigit():
        return ("digit",)
    return tuple(sorted(_categories_of(token.lower())))


# Token -> categories, filled as tokens are met: a pure function of the lexicon, capped.
_TOKEN_CATEGORIES: dict[str, tuple[str, ...]] = {}
_TOKEN_CACHE_SIZE = 50_000


def _lookup(word: str) -> set[str] | frozenset[str]:
    return _WORD_CATEGORIES.get(word) or _WORD_CATEGORIES.get(word[:-1]) or _NONE


def _categories_of(word: str) -> set[str] | frozenset[str]:
    found = _lookup(word)
    if ("'" in word or "’" in word or "-" in word) and not found:
        parts = _SPLIT.split(word)
        if parts[0] == "demi":
            return _UNIT
        found = set().union(*(_lookup(p) for p in parts))
    return found


_SPLIT = re.compile(r"['’-]")
_DIGIT = frozenset({"digit"})
_UNIT = frozenset({"unit"})
_NONE: frozenset[str] = frozenset()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


# Words (lower case) of which every match of a rule holds at least one, lookbehind
# included: a window holding none of them cannot match, so the rule skips it. Rules
# left out have no such cheap word and always run in their windows.
_MONTH_STEMS = ("janv", "févr", "fevr", "mars", "avr", "mai", "juin", "juil", "août", "aout", "sept", "oct",
                "nov", "déc", "dec")  # fmt: skip
_WEEKDAY_WORDS = tuple(WEEKDAYS)
_REL_STEMS = ("dernier", "dernière", "passé", "prochain", "suivant", "précédent")
_NEEDLES: dict[str, tuple[str, ...]] = {
    "range_day": ("du", "entre", "des", "les"), "night_between": ("nuit",), "date": _MONTH_STEMS,
    "numeric_date": ("/", "."), "iso_date": ("-",), "month": _MONTH_STEMS, "nth_weekday": _WEEKDAY_WORDS,
    "quarter": ("trimestre", "semestre"), "season": ("printemps", "été", "ete", "eté", "automne", "hiver"),
    "decade": ("années",), "century": ("siècle",), "relday": ("hier", "demain", "aujourd'hui"),
    "this": ("ce",), "lastnext": _REL_STEMS, "current": ("début", "fin", "milieu"), "weekday": _WEEKDAY_WORDS,
    "anaphor": ("même", "veille", "lendemain"), "time": ("h", ":"), "noon": ("midi", "minuit"),
    "ago": ("il", "voici", "voilà"), "in": ("dans", "d'ici"), "recent": ("dernier", "dernière", "prochain"),
    "half": ("demi-",), "set": ("chaque", "tous", "toutes", "ment", "par"),
    "ref": ("maintenant", "désormais", "actuel", "dorénavant", "présent", "nos", "moment", "instant",
            "avenir", "futur", "prochainement", "bientôt", "ultérieur", "récemment", "précédem", "naguère",
            "autrefois", "jadis", "dernièrement", "nouvellement", "précédent", "passé"),
    "holiday": ("noël", "pâques", "pentecôte", "toussaint", "ascension", "assomption", "saint-sylvestre",
                "nouvel", "our", "épiphanie", "chandeleur"),
}  # fmt: skip
_LOOKBEHIND = 4  # the longest lookbehind holding a needle: "(?<=par\s)"
# Characters that IGNORECASE matches to a needle letter although ``str.lower`` does not
# map them to it (dotted and dotless i, long s): with one of them, no rule is skipped.
_ODD_CASE = re.compile("[\u0130\u0131\u017f]")


def _holds(lowered: str, needles: tuple[str, ...], lo: int, hi: int) -> bool:
    lo = max(0, lo - _LOOKBEHIND)
    return any(lowered.find(needle, lo, hi) >= 0 for needle in needles)


def find_candidates(text: str) -> list[Candidate]:
    """Every rule's matches in ``text``, overlaps resolved (longest first, then rule order)."""
    found: list[Candidate] = []
    by_category = _category_windows(text)
    lowered = text.lower()
    prefilter = len(lowered) == len(text) and not _ODD_CASE.search(text)
    for priority, (kind, regex) in enumerate(RULES):
        categories = [c for c in _RULE_CATEGORIES[kind] if c in by_category]
        if not categories:
            continue
        needles = _NEEDLES.get(kind) if prefilter else None
        if needles is not None and not any(needle in lowered for needle in needles):
            continue
        spans = (
            by_category[categories[0]]
            if len(categories) == 1
            else _merge([w for c in categories for w in by_category[c]])
        )
        for lo, hi in spans:
            if needles is not None and not _holds(lowered, needles, lo, hi):
                continue
            for m in regex.finditer(text, lo, hi):
                if m.end() > m.start():
                    found.append(Candidate(m.start(), m.end(), kind, m, priority))
    found.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    taken: list[Candidate] = []
    occupied = bytearray(len(text) + 1)
    for cand in found:
        if any(occupied[cand.start : cand.end]):
            continue
        taken.append(cand)
        occupied[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    taken.sort(key=lambda c: c.start)
    return taken
