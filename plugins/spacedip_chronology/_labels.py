"""The words of the chronology in French and English: months, seasons, kinds, headings."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from spacedip.errors import InputError
from spacedip.model import Modality

__all__ = ["EN", "FR", "LANGUAGES", "Labels", "labels_for"]


@attrs.frozen
class Labels:
    """Everything the chronology writes that does not come from the articles."""

    lang: str
    """BCP 47 code written into the HTML ``lang`` attribute."""
    months: tuple[str, ...]
    """January to December, lower case as written inside a sentence."""
    subyear: Mapping[int, str]
    """EDTF sub-year code (21-24 seasons, 33-36 quarters...) to its name."""
    kinds: Mapping[str, str]
    modalities: Mapping[Modality, str]
    """Only what did not (yet) happen: ``HAPPENED`` has no label."""
    words: Mapping[str, str]
    """Headings and phrases, by key; see :data:`FR` for the keys."""

    def kind(self, kind: str) -> str:
        """The name of an event kind; unknown kinds are written as their words."""
        return self.kinds.get(kind, kind.replace("_", " "))

    def modality(self, modality: Modality) -> str | None:
        """The label of a modality, ``None`` for what happened."""
        return self.modalities.get(modality)

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def colon(self, key: str) -> str:
        """The label under ``key`` followed by a colon, with French spacing ("Lieux :")."""
        return f"{self.words[key]} :" if self.lang == "fr" else f"{self.words[key]}:"

    def quote(self, text: str) -> str:
        """``text`` between the language's quotation marks: « … » or “…”."""
        return f"« {text} »" if self.lang == "fr" else f"“{text}”"

    def plural(self, n: int, one: str, many: str) -> str:
        """The phrase under key ``one`` if ``n`` is 1, else the one under ``many`` with ``{n}`` filled in."""
        return self.words[one if n == 1 else many].format(n=n)


FR = Labels(
    lang="fr",
    months=(
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    subyear={
        21: "printemps", 22: "été", 23: "automne", 24: "hiver",
        33: "premier trimestre", 34: "deuxième trimestre", 35: "troisième trimestre",
        36: "quatrième trimestre",
        37: "premier quadrimestre", 38: "deuxième quadrimestre", 39: "troisième quadrimestre",
        40: "premier semestre", 41: "second semestre",
    },
    kinds={
        "meeting": "rencontre", "talks": "négociations", "visit": "visite",
        "video_call": "visioconférence", "launch": "lancement", "flight": "vol",
        "docking": "amarrage", "return": "retour", "arrival": "arrivée", "departure": "départ",
        "agreement": "accord", "joint_statement": "déclaration commune", "statement": "déclaration",
        "offer": "offre", "invitation": "invitation", "cooperation": "coopération",
        "failure": "échec", "anniversary": "anniversaire", "other": "autre",
    },
    modalities={
        Modality.PLANNED: "prévu",
        Modality.PROPOSED: "proposé",
        Modality.CONDITIONAL: "sous condition",
    },
    words={
        "title": "Chronologie",
        "unknown_date": "date inconnue",
        "unknown_section": "Date inconnue",
        "no_start_section": "Début inconnu",
        "qualifier?": "(date incertaine)",
        "qualifier~": "(date approximative)",
        "qualifier%": "(date incertaine et approximative)",
        "start_unknown": "début inconnu",
        "end_unknown": "fin inconnue",
        "entry": "1 entrée",
        "entries": "{n} entrées",
        "places": "Lieux",
        "actors": "Acteurs",
        "kind": "Type",
        "modality": "Statut",
        "sources": "Sources",
        "source": "source",
        "conflict": "Désaccord entre les sources",
        "conflict_field_date": "sur la date",
        "conflict_field": "sur le champ",
        "date_fixed_by": "Date précisée par la source",
        "untitled": "sans titre",
        "published": "publié",
        "link": "lien",
        "unsafe_link": "adresse non cliquable",
        "generated": (
            "Produit depuis la position {position} du journal (empreinte {hash}), état au {updated}."
        ),
        "at_time": "à",
        "empty_log": "Produit depuis un journal vide.",
        "period_part": "Période {period} d'une chronologie découpée par période ; la position du journal "
                       "est dans periods.json.",
        "all_periods": "Toutes les périodes",
        "filters": "Filtres",
        "filter_place": "Lieu",
        "filter_actor": "Acteur",
        "filter_kind": "Type",
        "all": "tous",
        "reset": "Tout afficher",
        "shown": "{shown} entrées affichées sur {total}",
        "visual": "Frise chronologique",
        "legend": "● un jour · ▬ une période (mois, saison, année, intervalle) · ○ prévu, proposé ou sous condition",
        "left_out_one": "1 entrée sans date de début n'apparaît pas sur cette frise.",
        "left_out_many": "{n} entrées sans date de début n'apparaissent pas sur cette frise.",
        "empty": "Aucune entrée.",
    },
)

EN = Labels(
    lang="en",
    months=(
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    subyear={
        21: "spring", 22: "summer", 23: "autumn", 24: "winter",
        33: "first quarter of", 34: "second quarter of", 35: "third quarter of",
        36: "fourth quarter of",
        37: "first third of", 38: "second third of", 39: "last third of",
        40: "first half of", 41: "second half of",
    },
    kinds={
        "meeting": "meeting", "talks": "talks", "visit": "visit", "video_call": "video call",
        "launch": "launch", "flight": "flight", "docking": "docking", "return": "return",
        "arrival": "arrival", "departure": "departure", "agreement": "agreement",
        "joint_statement": "joint statement", "statement": "statement", "offer": "offer",
        "invitation": "invitation", "cooperation": "cooperation", "failure": "failure",
        "anniversary": "anniversary", "other": "other",
    },
    modalities={
        Modality.PLANNED: "planned",
        Modality.PROPOSED: "proposed",
        Modality.CONDITIONAL: "conditional",
    },
    words={
        "title": "Chronology",
        "unknown_date": "unknown date",
        "unknown_section": "Unknown date",
        "no_start_section": "Start unknown",
        "qualifier?": "(uncertain)",
        "qualifier~": "(approximate)",
        "qualifier%": "(uncertain, approximate)",
        "start_unknown": "start unknown",
        "end_unknown": "end unknown",
        "entry": "1 entry",
        "entries": "{n} entries",
        "places": "Places",
        "actors": "Actors",
        "kind": "Kind",
        "modality": "Status",
        "sources": "Sources",
        "source": "source",
        "conflict": "Sources disagree",
        "conflict_field_date": "on the date",
        "conflict_field": "on the field",
        "date_fixed_by": "Date made precise by source",
        "untitled": "untitled",
        "published": "published",
        "link": "link",
        "unsafe_link": "address not made clickable",
        "generated": "Made from log position {position} (hash {hash}), as of {updated}.",
        "at_time": "at",
        "empty_log": "Made from an empty log.",
        "period_part": "Period {period} of a chronology split by period; the log's position is in periods.json.",
        "all_periods": "All periods",
        "filters": "Filters",
        "filter_place": "Place",
        "filter_actor": "Actor",
        "filter_kind": "Kind",
        "all": "all",
        "reset": "Show all",
        "shown": "{shown} of {total} entries shown",
        "visual": "Visual timeline",
        "legend": "● a day · ▬ a period (month, season, year, interval) · ○ planned, proposed or conditional",
        "left_out_one": "1 entry without a start date is not on this timeline.",
        "left_out_many": "{n} entries without a start date are not on this timeline.",
        "empty": "No entries.",
    },
)

LANGUAGES: Mapping[str, Labels] = {"fr": FR, "en": EN}


def labels_for(lang: str | None, default: str) -> Labels:
    """The labels for ``lang``, or for the corpus language ``default`` when ``lang`` is ``None``.

    A corpus in another language than French or English gets English labels.

    Raises:
        InputError: if ``lang`` is given and is neither ``fr`` nor ``en``.
    """
    if lang is None:
        return FR if default.lower().startswith("fr") else EN
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise InputError(
            f"chronology language {lang!r} is not supported", hint="use --lang fr or --lang en"
        ) from None
