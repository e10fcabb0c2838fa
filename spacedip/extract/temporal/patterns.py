"""The regexes that find candidate temporal expressions in a normalised French text.

Each rule has a kind (what the resolver does with it), one compiled regex and its
anchors (:class:`Rule`). All regexes are case-insensitive unless a rule needs case
(holidays). Candidates may overlap; :func:`~spacedip.extract.temporal.scan.find_candidates`
keeps the longest, then the earliest rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import attrs

from spacedip.extract.temporal.lexicon import (
    APPROX_NUMBERS,
    FULL_MONTHS,
    MONTHS,
    NUMBER,
    NUMBER_ATOMS,
    SEASONS,
    UNITS,
    WEEKDAYS,
    alternation,
    lowercase_pattern,
)

__all__ = ["MOD_HEADS", "RULES", "Candidate", "Rule"]

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
# The lists below are prefix-factored by ``alternation`` (much faster in ``re``). The
# matches stay the same: each list is followed by a word end or sits in a look-ahead,
# so at most one of its words can lead to a match at a given point.
REL_WORD = alternation(
    [
        "dernier", "dernière", "derniers", "dernières", "passé", "passée", "prochain", "prochaine", "prochains",
        "prochaines", "suivant", "suivante", "précédent", "précédente"
    ]
)  # fmt: skip
_UNIT_WORDS = alternation(
    [
        "%", "€", "$", "£", "euro", "euros", "dollar", "dollars", "franc", "francs", "km", "kilomètre", "kilomètres",
        "mètre", "mètres", "m", "kg", "tonne", "tonnes", "habitant", "habitants", "personne", "personnes", "hommes",
        "femmes", "soldats", "salariés", "emplois", "logements", "voitures", "exemplaires", "points", "voix",
        "hectare", "hectares", "ha", "litre", "litres", "mégawatt", "mégawatts", "mw", "places", "lits", "élèves",
        "enfants", "militaires", "victimes", "morts", "blessés", "membres", "km/h", "milliard", "milliards",
        "million", "millions", "fois", "ans", "mois", "jours", "heures", "pieds"
    ]
)  # fmt: skip

APPROX_N = alternation(APPROX_NUMBERS)
_DUR_MODS = [
    "plus de", "plus d'", "moins de", "moins d'", "près de", "près d'", "presque", "environ", "quelque", "au moins",
    "pas moins de", "pas moins d'", "au bout de", "au bout d'", "quasiment", "à peine", "bien plus de",
    "un peu plus de", "un peu plus d'", "un peu moins de", "pas plus de", "approximativement", "grosso modo",
    "au maximum", "au minimum"
]  # fmt: skip
DUR_MOD = "(?P<dmod>" + alternation(_DUR_MODS) + ")"
DUR_NUM = (
    rf"(?P<num>{NUMBER}|(?:une?\s+)?{APPROX_N}\s*(?:de\s+|d')|quelques|plusieurs|de\s+longues|de\s+longs|"
    r"de\s+nombreuses|de\s+nombreux|des)"
)
_LAST_DETS = ("les", "ces", "ses", "leurs", "des")
_LAST_NUMBERS = ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")
_LAST_RELS = ("dernières", "derniers", "prochaines", "prochains")
# What can start the words after "dans" in a match of "in" (prefixes of them will do).
_IN_STARTS = {phrase.split()[0] for phrase in _DUR_MODS} | set(NUMBER_ATOMS) | {"quelques", "plusieurs"}
# Every word a duration can hold before its unit: those of DUR_MOD, of "les deux dernières"
# and of DUR_NUM (number words, "et", approximate numbers, "quelques"...); digits besides.
_DURATION_WORDS = frozenset(
    [
        *(w for phrase in _DUR_MODS for w in re.findall(r"\w+", phrase)), *_LAST_DETS, *_LAST_NUMBERS,
        *_LAST_RELS, *NUMBER_ATOMS, "et", "un", "une", *APPROX_NUMBERS, "de", "d", "quelques", "plusieurs",
        "longues", "longs", "nombreuses", "nombreux", "des"
    ]
)  # fmt: skip


class Candidate(NamedTuple):
    """A match of one rule: ``kind`` names the rule, ``m`` is the regex match.

    ``m`` may be a match in a lower-cased copy of ``text`` (same offsets): read the
    groups through :meth:`group`, which returns them as written in ``text``. (A named
    tuple: one is made per match, and it is several times cheaper to build than an
    attrs class.)
    """

    start: int
    end: int
    kind: str
    m: re.Match[str]
    priority: int
    text: str

    def group(self, name: str) -> str | None:
        """A named group of the match as written, or ``None``."""
        try:
            start, end = self.m.span(name)
        except IndexError:
            return None
        return None if start < 0 else self.text[start:end]

    @property
    def surface(self) -> str:
        """The whole match as written."""
        return self.text[self.start : self.end]


@attrs.frozen(slots=True)
class Rule:
    """One rule: its regex and the anchors that tell where its matches can start.

    Every match of ``regex`` holds an anchor and starts at most so many words before it
    (the anchor's own word counted; a word is a run of ``\\w``): its *reach*. The
    anchors are the words of ``words`` (lower case, whole; each with its reach), digit
    runs of the kind ``digits`` names (see :mod:`~spacedip.extract.temporal.scan`), and,
    if ``mod_reach``, the :data:`MOD_HEADS` (alone or glued to what follows: "fin2023")
    that have one of the others close after them, so that "à la fin du mois de juin"
    needs no long reach from "juin". Rules are tried only at the words before their
    anchors, which keeps the tagger fast.
    """

    kind: str
    regex: re.Pattern[str]
    words: dict[str, int]
    digits: str | None
    digit_reach: int
    mod_reach: int
    reach: int
    """The longest reach of any anchor."""
    finder: re.Pattern[str]
    """``regex`` (as group ``rule``) behind a lazy skip of up to ``reach - 1`` words:
    matched at a word start, it finds the first match of ``regex`` at that word or one of
    the next ``reach - 1``."""
    finder_lowered: re.Pattern[str] | None
    """The same in lower case and case-sensitive, for the lower-cased text (``re`` is
    several times faster so); ``None`` for a rule that needs case. For a rule with
    ``inner`` words, it skips only those (and digit runs): matched from the start of the
    run of them before an anchor (or from a point after it), it tries the rule at each of
    their word starts and at the anchor, and no further."""
    inner: re.Pattern[str] | None = None
    """For a rule whose matches hold only a few words before their anchor (a duration:
    "plus de deux", then the unit): matched on the reversed lower-cased text from an
    anchor, it runs back over those words (and digit runs), so a match starts no earlier
    than where it stops; ``None`` if the reach alone bounds the start."""
    follows: dict[str, str] = attrs.field(factory=dict)
    """For some of ``words``: a regex of what must follow them for a match to hold them
    (a necessary condition: "il" only before "y a"), so that the anchor search passes
    over them elsewhere."""
    lead: dict[int, re.Pattern[str]] = attrs.field(factory=dict)
    """For a rule whose every match begins with one of a few words ("ce", "cet", "cette"),
    none of them an anchor: by reach, matched on the reversed lower-cased text from an
    anchor, it finds the farthest of those words within the reach. A match holding the
    anchor starts there or at a later one of them; with none, no match holds it."""


MOD_HEADS = frozenset(["début", "fin", "milieu", "courant", "mi"])
"""The words at the heart of ``MOD`` ("fin" of "à la fin de"): anchors of rules with ``mod``."""


def _rule(
    kind: str,
    pattern: str,
    flags: int = _I,
    *,
    words: Iterable[str] = (),
    reach: int,
    near: dict[str, int] | None = None,
    digits: str | None = None,
    mod: int = 0,
    inner: Iterable[str] = (),
    follows: dict[str, str] | None = None,
    lead: Iterable[str] = (),
) -> Rule:
    """A rule whose anchors ``words`` and ``digits`` have the reach ``reach``, the words of
    ``near`` their own, and the MOD heads the reach ``mod`` (none if 0); ``inner`` are
    the words its matches may hold before an anchor, if they are few (see ``Rule.inner``),
    ``follows`` what must follow some of ``words`` (see ``Rule.follows``), and ``lead``
    the words every match begins with, if they are few (see ``Rule.lead``)."""
    reaches = dict.fromkeys(words, reach) | (near or {})
    longest = max(reach, mod, *reaches.values())
    skip = rf"(?:\w*+\W++){{0,{longest - 1}}}?"
    inner = sorted(inner)
    lower_skip = rf"\W*+(?:(?:{alternation(inner)}|\d++)(?!\w)\W++)*?" if inner else skip
    return Rule(
        kind,
        re.compile(pattern, flags),
        reaches,
        digits,
        reach,
        mod,
        longest,
        re.compile(f"{skip}(?P<rule>{pattern})", flags),
        re.compile(f"{lower_skip}(?P<rule>{lowercase_pattern(pattern)})") if flags & re.IGNORECASE else None,
        re.compile(rf"(?:\W*+(?:{alternation(w[::-1] for w in inner)}|\d++)(?!\w))*+") if inner else None,
        follows or {},
        _lead_finders(kind, lead, {reach, *reaches.values()}, set(reaches), mod),
    )


def _lead_finders(
    kind: str, lead: Iterable[str], reaches: set[int], words: set[str], mod: int
) -> dict[int, re.Pattern[str]]:
    """``Rule.lead`` for each reach of a rule's anchors (none without ``lead``)."""
    lead = sorted(lead)
    if not lead:
        return {}
    if mod or words & set(lead) or 1 in reaches:
        raise ValueError(f"rule {kind!r}: lead words need anchors that are not lead words, with a reach over 1")
    reversed_lead = alternation(w[::-1] for w in lead)
    return {r: re.compile(rf"(?:\W*+\w++){{0,{r - 2}}}\W*+{reversed_lead}(?!\w)") for r in reaches}


_ORDINALS = ("premier", "1er", "deuxième", "second", "2e", "troisième", "3e", "quatrième", "4e", "dernier")
# Anchor words that are not simply a lexicon's keys ("week-end" is the words "week", "end").
_THIS_NOUNS = ("matin", "matinée", "soir", "soirée", "midi", "nuit", "semaine", "mois", "année", "an", "week",
               "weekend", "trimestre", "semestre", "printemps", "été", "automne", "hiver", "siècle",
               "décennie")  # fmt: skip
_REL_WORDS = ("dernier", "dernière", "derniers", "dernières", "passé", "passée", "prochain", "prochaine", "prochains",
              "prochaines", "suivant", "suivante", "précédent", "précédente")  # fmt: skip
_UNIT_RUNS = tuple(sorted({u.split("-")[0] for u in UNITS}))
_SET_STARTS = ("chaque", "tous", "toutes", "an", "jour", "mois", "semaine", "heure", "année", "minute", "seconde",
               "quotidiennement", "annuellement", "mensuellement", "hebdomadairement")  # fmt: skip
_REF_WORDS = ("maintenant", "désormais", "actuellement", "dorénavant", "présent", "jours", "moment", "instant",
              "heure", "actuel", "actuelle", "actuels", "actuelles", "avenir", "futur", "future", "futurs", "futures",
              "prochainement", "bientôt", "ultérieurement", "ultérieure", "récemment", "précédemment", "naguère",
              "autrefois", "jadis", "dernièrement", "nouvellement", "précédent", "précédente", "précédents",
              "précédentes", "passé")  # fmt: skip
_HOLIDAY_WORDS = ("noël", "pâques", "pentecôte", "toussaint", "ascension", "assomption", "saint", "nouvel", "jour",
                  "épiphanie", "chandeleur")  # fmt: skip

RULES: list[Rule] = [
    # "du 19 au 23 juillet": the bare first day takes the month of the second.
    _rule(
        "range_day",
        rf"{_B}(?:du|entre\s+le|entre\s+les|des|les)\s+(?P<core>(?:(?P<wd>{WEEKDAY})\s+)?(?P<day>{DAYNUM}))"
        rf"\s*(?:au|et\s+le|et|à|-|/)\s*(?=(?:{WEEKDAY}\s+)?{DAYNUM}\s+{MONTH})",
        digits="range",
        words=("premier",),
        reach=4,
        lead=("du", "entre", "des", "les"),
    ),
    _rule(
        "night_between",
        rf"{_B}(?:dans\s+)?la\s+nuit\s+(?:de|du)\s+(?P<wd>{WEEKDAY})\s+(?:à|au)\s+(?P<wd2>{WEEKDAY}){_E}",
        words=("nuit",),
        reach=3,
        lead=("dans", "la"),
    ),
    _rule(
        "date",
        rf"{_B}(?:(?P<le>le|ce)\s+)?(?:(?P<wd>{WEEKDAY})\s+)?(?P<day>{DAYNUM})\s+(?P<month>{MONTH_ABBR})"
        rf"(?:\s+(?P<year>{YEAR4}|'\d\d(?!\d))(?!\s*(?:{_UNIT_WORDS}){_E}))?"
        rf"(?:\s+(?P<rel>dernier|prochain|passé))?(?:(?:\s+|\s*,\s*)(?:au\s+|dans\s+la\s+|en\s+)?(?P<pod>{POD}))?"
        rf"(?![\w-])",
        words=tuple(MONTHS),
        reach=4,
    ),
    _rule(
        "numeric_date",
        r"(?<![\w/.-])(?P<day>0?[1-9]|[12]\d|3[01])(?P<sep>[/.])(?P<month>0?[1-9]|1[0-2])(?P=sep)"
        r"(?P<year>(?:19|20)\d\d|\d\d)(?![\w/.-]|[.,]\d)",
        digits="numeric",
        reach=1,
    ),
    _rule(
        "iso_date",
        r"(?<![\w/.-])(?P<year>(?:1[89]|20)\d\d)-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?"
        r"(?![\w/-]|[.,]\d)",
        digits="iso",
        reach=1,
    ),
    _rule(
        "month",
        rf"(?<![\w'’]){MOD}?(?:(?P<det>(?:le\s+|au\s+|du\s+|ce\s+|dès\s+le\s+)?mois\s+(?:de\s+|d')))?"
        rf"(?P<month>{MONTH})(?:\s+(?:de\s+l'année\s+)?(?P<year>{YEAR4}|'?\d\d(?!\d|[,.]\d))"
        rf"(?!\s*(?:{_UNIT_WORDS}){_E}))?(?:\s+(?P<rel>{REL_WORD}))?(?!\w)(?!-(?!{MONTH}))",
        words=tuple(FULL_MONTHS),
        reach=1,
        near={"mois": 3},  # "dès le mois de juin"
        mod=4,
    ),
    _rule(
        "nth_weekday",
        rf"{_B}(?:le\s+)?(?P<ord>premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e|dernier)\s+"
        rf"(?P<wd>{WEEKDAY})\s+(?:du\s+mois\s+)?(?:de\s+|d'|du\s+)(?:(?P<month>{MONTH})"
        rf"(?:\s+(?P<year>{YEAR4}))?|(?P<season>printemps|l'été|l'automne|l'hiver)){_E}",
        words=tuple(WEEKDAYS),
        reach=3,
        lead=("le", *_ORDINALS),
    ),
    _rule(
        "quarter",
        rf"{_B}(?:le\s+|au\s+|du\s+|ce\s+)?(?P<ord>premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e)"
        rf"\s+(?P<unit>trimestre|semestre)(?:\s+(?:de\s+l'année\s+)?(?P<year>{YEAR4}))?"
        rf"(?:\s+(?P<rel>{REL_WORD}))?{_E}",
        words=("trimestre", "semestre"),
        reach=3,
        lead=("le", "au", "du", "ce", *_ORDINALS[:-1]),
    ),
    _rule(
        "season",
        rf"{_B}{MOD}?(?P<det>(?:l'|cet\s+|ce\s+|en\s+|au\s+|d'|chaque\s+|tout\s+l'|les\s+mois\s+d'))?"
        rf"(?P<season>{SEASON})(?:\s+(?P<year>{YEAR4}))?(?:\s+(?P<rel>{REL_WORD}))?{_E}",
        words=tuple(SEASONS),
        reach=3,  # "tout l'été"
        near={"mois": 2},  # "les mois d'été"
        mod=4,
    ),
    _rule(
        "decade",
        rf"{_B}{MOD}?(?:les\s+|des\s+|aux\s+)?années\s+(?P<decade>(?:19|20)?\d0)(?:'|s)?{_E}",
        words=("années",),
        reach=2,
        mod=4,
    ),
    _rule(
        "century",
        rf"{_B}(?:le\s+|au\s+|du\s+)?{MOD}?(?:(?P<num>[XVI]{{1,5}}|\d{{1,2}})(?:e|ème|eme|è)\s+siècle"
        rf"|siècle\s+(?P<rel>dernier|passé|prochain|précédent)){_E}",
        words=("siècle",),
        reach=3,
        mod=5,
    ),
    _rule(
        "year",
        rf"(?<![\w.,/’'$€£+#°-]){MOD}?(?P<pre>(?:l'an(?:née)?|année|an|l'exercice|exercice)\s+)?(?P<year>{YEAR4})"
        rf"(?P<range>\s*[-/]\s*(?P<year2>{YEAR4}|\d\d(?!\d)))?"
        rf"(?![\w/]|[.,]\d|\s*(?:{_UNIT_WORDS}){_E}|\s*[:h]\s*\d)",
        digits="year",
        reach=3,  # "l'exercice 2023"
        mod=4,
    ),
    _rule(
        "relday",
        rf"(?<![\w-])(?P<word>avant-hier|après-demain|hier|aujourd'hui|demain)"
        rf"(?:(?:\s+|\s*,\s*)(?:au\s+|dans\s+la\s+)?(?P<pod>{POD}))?{_E}",
        words=("hier", "demain"),
        reach=2,  # "avant-hier"
        near={"aujourd": 1},
    ),
    _rule(
        "this",
        rf"{_B}(?P<det>ce|cet|cette)\s+(?:(?P<wd>{WEEKDAY})(?:\s+(?P<wpod>{POD}))?|"
        r"(?P<noun>matin|matinée|soir|soirée|après-midi|nuit|semaine|mois|année|an|week-end|weekend|"
        r"trimestre|semestre|printemps|été|automne|hiver|siècle|décennie))(?:-ci)?(?![\w-])",
        words=(*WEEKDAYS, *_THIS_NOUNS),
        reach=2,
        lead=("ce", "cet", "cette"),
        near={"midi": 3},  # "cet après-midi"
    ),
    _rule(
        "lastnext",
        rf"{_B}{MOD}?(?:l'|la\s+|le\s+|les\s+)?(?P<noun>an|année|semaine|mois|week-end|weekend|trimestre|semestre|"
        rf"printemps|été|automne|hiver|décennie|saison)\s+(?P<rel>{REL_WORD}){_E}",
        words=_REL_WORDS,
        reach=4,
        mod=4,
    ),
    _rule(
        "current",
        rf"{_B}(?P<mod2>(?:la|le|en|à\s+la|au)\s+(?:début|fin|milieu)\s+(?:de\s+l'|du\s+|de\s+la\s+|d'))"
        r"(?P<noun>année|an|mois|semaine|journée|matinée|soirée|après-midi|siècle)(?![\w-])"
        rf"(?!\s+(?:{YEAR4}|prochaine?|dernière?|passée?|suivante?|précédente?|scolaire|d'))",
        words=("début", "fin", "milieu"),
        reach=3,
        lead=("la", "le", "en", "à", "au"),
    ),
    _rule(
        "weekday",
        rf"{_B}(?:(?P<det>ce|dès|depuis|le)\s+)?(?P<wd>{WEEKDAY})s?(?:\s+(?P<pod>{POD}))?"
        rf"(?:\s+(?P<rel>dernier|prochain|passé|suivant|précédent))?{_E}",
        words=(*WEEKDAYS, *(w + "s" for w in WEEKDAYS)),
        reach=2,
    ),
    _rule(
        "anaphor",
        rf"{_B}(?:(?P<same>(?:le|ce)\s+même\s+jour|le\s+jour\s+même|ce\s+jour-là|le\s+(?:matin|soir)\s+même)|"
        rf"(?P<rel>la\s+veille|le\s+lendemain|le\s+surlendemain|l'avant-veille))"
        rf"(?:\s+(?:au\s+|dans\s+la\s+)?(?P<pod>{POD}))?{_E}",
        words=("même", "jour", "veille", "lendemain", "surlendemain"),
        reach=3,
        lead=("le", "ce", "la", "l"),
    ),
    _rule(
        "time",
        r"(?<![\w,.:])(?P<pre>(?:à|vers|dès|jusqu'à|avant|après|de|entre|et|aux\s+alentours\s+de|autour\s+de)\s+)?"
        r"(?P<hour>[01]?\d|2[0-4])\s*(?P<hunit>h|H|heures?)\s*(?P<minute>[0-5]\d)?(?!\w|[.,]\d)"
        r"|(?<![\w,.:])(?P<pre2>(?:à|vers|dès|jusqu'à|avant|après|de)\s+)(?P<hour2>[01]?\d|2[0-3]):(?P<minute2>[0-5]\d)(?![\d:])",
        digits="hour",
        reach=4,
    ),
    _rule(
        "noon",
        r"(?<![\w-])(?P<pre>à|vers|avant|après|dès|jusqu'à|aux\s+alentours\s+de|autour\s+de|sur\s+le\s+coup\s+de)"
        r"\s+(?P<word>midi|minuit)(?![\w-])",
        words=("midi", "minuit"),
        reach=5,
        lead=("à", "vers", "avant", "après", "dès", "jusqu", "aux", "autour", "sur"),
    ),
    _rule(
        "ago",
        rf"{_B}(?:il\s+y\s+a|voici|voilà)\s+{DUR_MOD}?\s*{DUR_NUM}\s*(?P<unit>{UNIT})(?P<half>\s+et\s+demie?)?{_E}",
        words=("il", "voici", "voilà"),
        reach=1,
        follows={"il": r"\s+y\s+a\s"},
    ),
    _rule(
        "in",
        rf"{_B}(?:dans|d'ici)\s+{DUR_MOD}?\s*(?P<num>{NUMBER}|quelques|plusieurs)\s+(?P<unit>{UNIT})"
        rf"(?P<half>\s+et\s+demie?)?{_E}(?!\s+(?:de|d'|du|des)\s)",
        words=("dans",),
        reach=1,
        near={"ici": 2},  # "d'ici"
        follows={"dans": rf"\s+(?:\d|{alternation(_IN_STARTS)})"},  # the start of DUR_MOD or of the number
    ),
    _rule(
        "duration",
        rf"(?<![\w-])(?:{DUR_MOD}\s*)?(?P<last>(?:{'|'.join(_LAST_DETS)})\s+(?:(?:{'|'.join(_LAST_NUMBERS)}|"
        rf"\d+)\s+)?(?:{'|'.join(_LAST_RELS)})\s+)?{DUR_NUM}\s*"
        rf"(?P<unit>{UNIT})(?P<half>\s+et\s+demie?)?(?P<last2>\s+(?:derniers|dernières|prochains|prochaines|"
        r"à\s+venir))?(?![\w-])",
        words=_UNIT_RUNS,
        digits="unit",
        reach=16,
        inner=_DURATION_WORDS,
    ),
    _rule(
        "recent",
        rf"{_B}(?:ces|les)\s+(?P<rel>dernières|derniers|prochaines|prochains)\s+"
        r"(?P<unit>années|mois|semaines|jours|décennies|siècles)(?![\w-])",
        words=("dernières", "derniers", "prochaines", "prochains"),
        reach=2,
        lead=("ces", "les"),
    ),
    _rule(
        "half",
        rf"{_B}(?:{DUR_MOD}\s*)?(?:un|une)\s+demi-(?P<unit>siècle|heure|journée|année|mois|semaine|"
        r"douzaine\s+d'années|minute|seconde|décennie)(?![\w-])",
        words=("demi",),
        reach=6,
    ),
    _rule(
        "set",
        rf"{_B}(?:(?P<every>chaque|tous\s+les|toutes\s+les)\s+(?:(?P<num>{NUMBER})\s+)?"
        rf"(?P<unit>{UNIT}|soirs?|matins?|{WEEKDAY}s?|étés|hivers|printemps|automnes)"
        rf"|(?<=par\s)(?P<per>an|jour|mois|semaine|heure|année|minute|seconde)"
        r"|(?P<adv>quotidiennement|annuellement|mensuellement|hebdomadairement))(?![\w-])",
        words=_SET_STARTS,
        reach=1,
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
        words=_REF_WORDS,
        reach=3,
    ),
    _rule(
        "holiday",
        r"(?<![\w-])(?:(?:(?:cette|la)\s+)?fête\s+(?:de\s+la\s+|de\s+)?|(?:à\s+|la\s+|le\s+|)?)"
        r"(?P<name>Noël|Pâques|Pentecôte|Toussaint|Ascension|Assomption|Saint-Sylvestre|Nouvel\s+An|"
        r"[Jj]our\s+de\s+l'An|Épiphanie|Chandeleur)(?:\s+(?P<year>" + YEAR4 + r"))?(?![\w-])",
        0,
        words=_HOLIDAY_WORDS,
        reach=5,
    ),
]
