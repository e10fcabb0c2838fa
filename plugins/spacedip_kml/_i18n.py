"""The words the maps use, in French and English, and dates written for people."""

from __future__ import annotations

from spacedip.model import Date, Modality, Precision

__all__ = ["LANGUAGES", "human_date", "kind_label", "modality_label", "text"]

LANGUAGES = ("fr", "en")

_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "date": "Date",
        "kind": "Type",
        "modality": "Modalité",
        "places": "Lieux",
        "actors": "Acteurs",
        "sources": "Sources",
        "reported_date": "date donnée",
        "published": "publié",
        "unsafe_link": "lien non ouvert (adresse non http/https)",
        "date_used": "date retenue",
        "colon": " : ",
        "no_ground": "Sans position au sol",
        "no_ground_places": "Pas de position au sol : {places}.",
        "no_place": "Aucun lieu nommé.",
        "no_ground_note": "Lieux sans position au sol (non placés) : {places}.",
        "offset": "Icône décalée de {metres} m ({bearing}) pour ne pas masquer {others} autre(s) "
                  "événement(s) au même endroit ; position du lieu : {lat}, {lon}.",
        "conflict": "Les sources divergent ({field}) : {values}.",
        "confidence": "Confiance",
        "entry": "Entrée",
        "overview": "spacedip — tous les lieux",
        "site_map": "spacedip — {site}",
        "tour": "Visite guidée, événement par événement",
        "legend": "Légende",
        "unconfirmed": "Icône à demi transparente : événement prévu, proposé ou conditionnel.",
        "summary_counts": "{placed} événement(s) placé(s) en {folders} lieu(x) ; "
                          "{unplaced} sans position au sol.",
        "updated": "Journal à la position {position} ({head}).",
        "period": "Période {period} d'une carte découpée par période ; la position du journal est dans "
                  "periods.json.",
        "time_note": "Chaque événement porte sa date à sa vraie précision (jour, mois ou année) ; "
                     "la règle temporelle de Google Earth les montre au fil des années.",
        "offset_note": "Plusieurs événements au même endroit sont disposés sur une petite spirale "
                       "autour du lieu ; la bulle indique le décalage.",
        "no_ground_rule": "Un événement sans lieu au sol (à bord de l'ISS, en orbite) est placé à un "
                          "autre de ses lieux s'il en a un ; sinon il figure dans le dossier "
                          "« Sans position au sol », sans géométrie.",
        "coords": "Coordonnées",
        "coords_own": "données par le gazetteer",
        "coords_parent": "celles de {parent} (ce lieu en fait partie)",
        "coords_site": "table des sites du greffon : {source}",
        "site_empty": "Aucun événement de la chronologie n'a encore lieu ici.",
        "unknown_date": "date inconnue",
        "uncertain": "incertain",
        "approximate": "environ",
        "from_to": "du {start} au {end}",
        "from": "à partir de {start}",
        "to": "jusqu'à {end}",
        "decade": "années {start}",
        "N": "nord", "NE": "nord-est", "E": "est", "SE": "sud-est",
        "S": "sud", "SW": "sud-ouest", "W": "ouest", "NW": "nord-ouest",
    },
    "en": {
        "date": "Date",
        "kind": "Kind",
        "modality": "Modality",
        "places": "Places",
        "actors": "Actors",
        "sources": "Sources",
        "reported_date": "date given",
        "published": "published",
        "unsafe_link": "link not opened (not an http/https address)",
        "date_used": "the entry's date",
        "colon": ": ",
        "no_ground": "No ground position",
        "no_ground_places": "No ground position: {places}.",
        "no_place": "No place named.",
        "no_ground_note": "Places with no ground position (not mapped): {places}.",
        "offset": "Icon moved {metres} m ({bearing}) so as not to hide {others} other event(s) at the same "
                  "place; the place is at {lat}, {lon}.",
        "conflict": "Sources disagree ({field}): {values}.",
        "confidence": "Confidence",
        "entry": "Entry",
        "overview": "spacedip — every place",
        "site_map": "spacedip — {site}",
        "tour": "Guided tour, event by event",
        "legend": "Legend",
        "unconfirmed": "Half-transparent icon: a planned, proposed or conditional event.",
        "summary_counts": "{placed} event(s) placed at {folders} place(s); "
                          "{unplaced} with no ground position.",
        "updated": "Log at position {position} ({head}).",
        "period": "Period {period} of a map split by period; the log's position is in periods.json.",
        "time_note": "Each event carries its date at its real precision (day, month or year); "
                     "Google Earth's time slider shows them through the years.",
        "offset_note": "Several events at one place are laid out on a small spiral around it; "
                       "the balloon gives the offset.",
        "no_ground_rule": "An event with no place on the ground (aboard the ISS, in orbit) is shown at "
                          "another of its places if it has one; otherwise it is listed in the "
                          "\"No ground position\" folder, with no geometry.",
        "coords": "Coordinates",
        "coords_own": "from the gazetteer",
        "coords_parent": "those of {parent} (this place is part of it)",
        "coords_site": "the plugin's site table: {source}",
        "site_empty": "No event of the timeline takes place here yet.",
        "unknown_date": "unknown date",
        "uncertain": "uncertain",
        "approximate": "approximately",
        "from_to": "from {start} to {end}",
        "from": "from {start}",
        "to": "until {end}",
        "decade": "the {start}s",
        "N": "north", "NE": "north-east", "E": "east", "SE": "south-east",
        "S": "south", "SW": "south-west", "W": "west", "NW": "north-west",
    },
}

_KINDS = {
    "fr": {
        "meeting": "rencontre", "talks": "négociations", "visit": "visite", "video_call": "vidéoconférence",
        "launch": "lancement", "flight": "vol", "docking": "amarrage", "return": "retour",
        "arrival": "arrivée", "departure": "départ", "agreement": "accord",
        "joint_statement": "déclaration commune", "statement": "déclaration", "offer": "offre",
        "invitation": "invitation", "cooperation": "coopération", "failure": "échec",
        "anniversary": "anniversaire", "other": "autre",
    },
    "en": {"video_call": "video call", "joint_statement": "joint statement"},
}

_MODALITIES = {
    "fr": {Modality.HAPPENED: "a eu lieu", Modality.PLANNED: "prévu", Modality.PROPOSED: "proposé",
           Modality.CONDITIONAL: "conditionnel"},
    "en": {Modality.HAPPENED: "happened", Modality.PLANNED: "planned", Modality.PROPOSED: "proposed",
           Modality.CONDITIONAL: "conditional"},
}

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

_SEASONS = {
    "fr": {21: "printemps", 22: "été", 23: "automne", 24: "hiver", 33: "1er trimestre", 34: "2e trimestre",
           35: "3e trimestre", 36: "4e trimestre", 40: "1er semestre", 41: "2e semestre"},
    "en": {21: "spring", 22: "summer", 23: "autumn", 24: "winter", 33: "first quarter", 34: "second quarter",
           35: "third quarter", 36: "fourth quarter", 40: "first half", 41: "second half"},
}


def text(lang: str, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang``, with ``values`` filled in (they are not escaped)."""
    template = _TEXT[lang][key]
    return template.format(**values) if values else template


def kind_label(lang: str, kind: str) -> str:
    """A readable name for an event kind (the kind itself, spaced, if unknown)."""
    return _KINDS[lang].get(kind, kind.replace("_", " "))


def modality_label(lang: str, modality: Modality) -> str:
    """A readable name for a modality."""
    return _MODALITIES[lang][modality]


def _single(lang: str, date: Date) -> str:
    assert date.earliest is not None
    assert date.latest is not None
    year = date.earliest.year
    if date.precision is Precision.DAY:
        month = _MONTHS[lang][date.earliest.month - 1]
        day = date.earliest.day
        if lang == "fr":
            return f"{'1er' if day == 1 else day} {month} {year}"
        return f"{day} {month} {year}"
    if date.precision is Precision.MONTH:
        return f"{_MONTHS[lang][date.earliest.month - 1]} {year}"
    if date.precision is Precision.YEAR:
        return str(year)
    if date.precision is Precision.SEASON:
        code = int(date.edtf[5:7])
        name = _SEASONS[lang].get(code)
        return f"{name} {year}" if name else f"{date.earliest.isoformat()} – {date.latest.isoformat()}"
    if date.precision is Precision.DECADE:
        return text(lang, "decade", start=date.latest.year - 9)
    return f"{date.latest.year - 99}–{date.latest.year}"  # century


def human_date(lang: str, date: Date) -> str:
    """``date`` written for people (``13 septembre 2023``, ``du 8 … au 9 novembre 2023``).

    A qualifier is spelled out; the EDTF text is not included (the balloon adds it).
    """
    if not date.is_known:
        return text(lang, "unknown_date")
    if date.is_interval:
        start, end = date.parts
        if start is not None and end is not None:
            return text(lang, "from_to", start=human_date(lang, start), end=human_date(lang, end))
        if start is not None:
            return text(lang, "from", start=human_date(lang, start))
        assert end is not None
        return text(lang, "to", end=human_date(lang, end))
    words = _single(lang, date)
    if date.qualifier == "?":
        words += f" ({text(lang, 'uncertain')})"
    elif date.qualifier == "~":
        words += f" ({text(lang, 'approximate')})"
    elif date.qualifier == "%":
        words += f" ({text(lang, 'approximate')}, {text(lang, 'uncertain')})"
    return words
