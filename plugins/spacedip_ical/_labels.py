"""The words the calendar shows around the log's own text, in French or English.

Only spacedip's labels are translated; summaries, quotes and names stay as the
articles wrote them.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from spacedip.model import Date, Modality, Precision

__all__ = ["LANGUAGES", "count", "format_date", "kind_label", "label", "modality_label", "precision_label"]

LANGUAGES: Final = ("fr", "en")

_MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# EDTF sub-year codes (see spacedip.model.dates) -> label with {year}.
_SEASONS = {
    "fr": {
        21: "printemps {year}",
        22: "été {year}",
        23: "automne {year}",
        24: "hiver {year}",
        33: "1er trimestre {year}",
        34: "2e trimestre {year}",
        35: "3e trimestre {year}",
        36: "4e trimestre {year}",
        37: "1er quadrimestre {year}",
        38: "2e quadrimestre {year}",
        39: "3e quadrimestre {year}",
        40: "1er semestre {year}",
        41: "2e semestre {year}",
    },
    "en": {
        21: "spring {year}",
        22: "summer {year}",
        23: "autumn {year}",
        24: "winter {year}",
        33: "Q1 {year}",
        34: "Q2 {year}",
        35: "Q3 {year}",
        36: "Q4 {year}",
        37: "first third of {year}",
        38: "second third of {year}",
        39: "last third of {year}",
        40: "first half of {year}",
        41: "second half of {year}",
    },
}

_PRECISIONS = {
    "fr": {
        Precision.DAY: "jour",
        Precision.MONTH: "mois",
        Precision.SEASON: "saison ou trimestre",
        Precision.YEAR: "année",
        Precision.DECADE: "décennie",
        Precision.CENTURY: "siècle",
        Precision.INTERVAL: "intervalle",
        Precision.UNKNOWN: "inconnue",
    },
    "en": {
        Precision.DAY: "day",
        Precision.MONTH: "month",
        Precision.SEASON: "season or quarter",
        Precision.YEAR: "year",
        Precision.DECADE: "decade",
        Precision.CENTURY: "century",
        Precision.INTERVAL: "interval",
        Precision.UNKNOWN: "unknown",
    },
}

_MODALITIES = {
    "fr": {
        Modality.HAPPENED: "a eu lieu",
        Modality.PLANNED: "prévu",
        Modality.PROPOSED: "proposé",
        Modality.CONDITIONAL: "conditionnel",
    },
    "en": {
        Modality.HAPPENED: "happened",
        Modality.PLANNED: "planned",
        Modality.PROPOSED: "proposed",
        Modality.CONDITIONAL: "conditional",
    },
}

_QUALIFIERS = {
    "fr": {"?": "incertain", "~": "environ", "%": "incertain, environ"},
    "en": {"?": "uncertain", "~": "approximate", "%": "uncertain, approximate"},
}

_KINDS = {
    "fr": {
        "meeting": "rencontre",
        "talks": "négociations",
        "visit": "visite",
        "video_call": "visioconférence",
        "launch": "lancement",
        "flight": "vol",
        "docking": "amarrage",
        "return": "retour",
        "arrival": "arrivée",
        "departure": "départ",
        "agreement": "accord",
        "joint_statement": "déclaration commune",
        "statement": "déclaration",
        "offer": "offre",
        "invitation": "invitation",
        "cooperation": "coopération",
        "failure": "échec",
        "anniversary": "anniversaire",
        "other": "autre",
    },
    "en": {
        "meeting": "meeting",
        "talks": "talks",
        "visit": "visit",
        "video_call": "video call",
        "launch": "launch",
        "flight": "flight",
        "docking": "docking",
        "return": "return",
        "arrival": "arrival",
        "departure": "departure",
        "agreement": "agreement",
        "joint_statement": "joint statement",
        "statement": "statement",
        "offer": "offer",
        "invitation": "invitation",
        "cooperation": "cooperation",
        "failure": "failure",
        "anniversary": "anniversary",
        "other": "other",
    },
}

_LABELS = {
    "fr": {
        "calendar_name": "spacedip — chronologie",
        "date": "Date",
        "precision": "précision",
        "span_note": "montré sur toute sa durée",
        "collapsed_note": "placé sur son premier jour",
        "status": "Statut",
        "kind": "Type",
        "places": "Lieux",
        "actors": "Acteurs",
        "day_fixed_by": "jour donné par",
        "date_fixed_by": "date donnée par",
        "conflict": "Les sources divergent sur {field} : {values}",
        "sources": "Sources",
        "reported_date": "date rapportée",
        "entry": "Entrée",
        "unknown_date": "date inconnue",
        "from_to": "du {start} au {end}",
        "since": "depuis {start}",
        "until": "jusqu'à {end}",
        "decade": "années {start}",
        "century": "de {start} à {end}",
        "no_place": "sans lieu",
        "cal_desc": "Événements datés du journal spacedip : {events}, tirés de {articles}.",
        "event": "événement",
        "events": "événements",
        "article": "article",
        "articles": "articles",
        "cal_omitted": "Sans date utilisable, donc absentes de ce calendrier : {omitted}.",
        "entry_one": "entrée",
        "entries": "entrées",
        "cal_place": "Lieu : {place}.",
        "cal_head": "État du journal : position {position}, empreinte {hash}.",
        "field_date": "la date",
        "field_place": "le lieu",
        "field_modality": "le statut",
        "field_kind": "le type",
        "field_actors": "les acteurs",
        "field_summary": "le résumé",
    },
    "en": {
        "calendar_name": "spacedip — timeline",
        "date": "Date",
        "precision": "precision",
        "span_note": "shown over its whole span",
        "collapsed_note": "shown on its first day",
        "status": "Status",
        "kind": "Kind",
        "places": "Places",
        "actors": "Actors",
        "day_fixed_by": "day given by",
        "date_fixed_by": "date given by",
        "conflict": "Sources disagree on {field}: {values}",
        "sources": "Sources",
        "reported_date": "reported date",
        "entry": "Entry",
        "unknown_date": "unknown date",
        "from_to": "from {start} to {end}",
        "since": "since {start}",
        "until": "until {end}",
        "decade": "the {start}s",
        "century": "{start} to {end}",
        "no_place": "no place",
        "cal_desc": "Dated events of the spacedip log: {events}, drawn from {articles}.",
        "event": "event",
        "events": "events",
        "article": "article",
        "articles": "articles",
        "cal_omitted": "Without a usable date, so not in this calendar: {omitted}.",
        "entry_one": "entry",
        "entries": "entries",
        "cal_place": "Place: {place}.",
        "cal_head": "Log state: position {position}, hash {hash}.",
        "field_date": "the date",
        "field_place": "the place",
        "field_modality": "the status",
        "field_kind": "the kind",
        "field_actors": "the actors",
        "field_summary": "the summary",
    },
}


def label(lang: str, key: str) -> str:
    """The label ``key`` in ``lang`` (``"fr"`` or ``"en"``)."""
    return _LABELS[lang][key]


def count(lang: str, n: int, one: str, many: str) -> str:
    """``n`` and the noun: ``1 article``, ``0 article`` (French singular), ``2 articles``."""
    singular = n <= 1 if lang == "fr" else n == 1
    return f"{n} {label(lang, one if singular else many)}"


def precision_label(lang: str, precision: Precision) -> str:
    """``"mois"``/``"month"`` for :attr:`Precision.MONTH`, and so on."""
    return _PRECISIONS[lang][precision]


def modality_label(lang: str, modality: Modality) -> str:
    """``"prévu"``/``"planned"`` for :attr:`Modality.PLANNED`, and so on."""
    return _MODALITIES[lang][modality]


def kind_label(lang: str, kind: str) -> str:
    """A readable name for an event kind; other kinds read as their words (``sea_trial``: ``sea trial``)."""
    return _KINDS[lang].get(kind, kind.replace("_", " "))


def _day(lang: str, day: dt.date) -> str:
    month = _MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year:04d}"
    return f"{day.day} {month} {day.year:04d}"


def format_date(lang: str, date: Date) -> str:
    """``date`` as a reader says it: ``13 septembre 2023``, ``décembre 2017 (environ)``,
    ``du 8 novembre 2023 au 9 novembre 2023``, ``date inconnue``."""
    text = _format_plain(lang, date)
    if date.qualifier:
        text += f" ({_QUALIFIERS[lang][date.qualifier]})"
    return text


def _format_plain(lang: str, date: Date) -> str:
    precision = date.precision
    if precision is Precision.UNKNOWN:
        return label(lang, "unknown_date")
    if precision is Precision.INTERVAL:
        start, end = date.parts
        if start is not None and end is not None:
            return label(lang, "from_to").format(start=format_date(lang, start), end=format_date(lang, end))
        if start is not None:
            return label(lang, "since").format(start=format_date(lang, start))
        if end is not None:
            return label(lang, "until").format(end=format_date(lang, end))
        return label(lang, "unknown_date")
    assert date.earliest is not None
    first = date.earliest
    if precision is Precision.DAY:
        return _day(lang, first)
    if precision is Precision.MONTH:
        return f"{_MONTHS[lang][first.month - 1]} {first.year:04d}"
    if precision is Precision.SEASON:
        code = int(date.edtf.rstrip("?~%")[5:7])
        return _SEASONS[lang][code].format(year=f"{first.year:04d}")
    if precision is Precision.YEAR:
        return f"{first.year:04d}"
    digits = date.edtf.rstrip("?~%")
    if precision is Precision.DECADE:
        return label(lang, "decade").format(start=digits.replace("X", "0"))
    assert date.latest is not None
    return label(lang, "century").format(start=digits.replace("X", "0"), end=f"{date.latest.year:04d}")
