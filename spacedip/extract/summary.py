"""A short French summary of an event, generated from its parts.

``Vladimir Poutine et Kim Jong-un se rencontrent au cosmodrome Vostotchny``: the actors
as subject, a verb phrase of the kind (in the present; "doivent"/"pourraient"/"envisagent
de" + infinitive for planned, conditional and proposed events) and the place as the
article words it ("au cosmodrome Vostotchny", "depuis le Kremlin"). Without actors, a
noun phrase: ``Lancement à Baïkonour (2006)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacedip.model import Modality

__all__ = ["summarize"]

# kind -> (3rd singular, 3rd plural, infinitive, noun)
_PHRASES: dict[str, tuple[str, str, str, str]] = {
    "meeting": ("participe à une rencontre", "se rencontrent", "se rencontrer", "Rencontre"),
    "talks": ("mène des pourparlers", "mènent des pourparlers", "mener des pourparlers", "Pourparlers"),
    "visit": ("se rend", "se rendent", "se rendre", "Visite"),
    "video_call": (
        "s'entretient par vidéoconférence",
        "s'entretiennent par vidéoconférence",
        "s'entretenir par vidéoconférence",
        "Vidéoconférence",
    ),
    "launch": ("procède à un lancement", "procèdent à un lancement", "procéder à un lancement", "Lancement"),
    "flight": ("effectue un vol spatial", "effectuent un vol spatial", "effectuer un vol spatial", "Vol spatial"),
    "docking": ("s'amarre", "s'amarrent", "s'amarrer", "Amarrage"),
    "arrival": ("arrive", "arrivent", "arriver", "Arrivée"),
    "departure": ("part", "partent", "partir", "Départ"),
    "return": ("revient sur Terre", "reviennent sur Terre", "revenir sur Terre", "Retour sur Terre"),
    "agreement": ("conclut un accord", "concluent un accord", "conclure un accord", "Accord"),
    "joint_statement": (
        "adopte une déclaration commune",
        "adoptent une déclaration commune",
        "adopter une déclaration commune",
        "Déclaration commune",
    ),
    "statement": ("fait une déclaration", "font une déclaration", "faire une déclaration", "Déclaration"),
    "offer": ("fait une offre", "font une offre", "faire une offre", "Offre"),
    "invitation": ("lance une invitation", "lancent une invitation", "lancer une invitation", "Invitation"),
    "request": ("formule une demande", "formulent une demande", "formuler une demande", "Demande"),
    "cooperation": ("coopère", "coopèrent", "coopérer", "Coopération"),
    "failure": ("subit un échec", "subissent un échec", "subir un échec", "Échec"),
    "anniversary": ("fête un anniversaire", "fêtent un anniversaire", "fêter un anniversaire", "Anniversaire"),
}
_MODAL = {
    Modality.PLANNED: ("doit", "doivent", "prévu"),
    Modality.CONDITIONAL: ("pourrait", "pourraient", "sous condition"),
    Modality.PROPOSED: ("envisage de", "envisagent de", "proposé"),
}


def _join(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]


def summarize(
    kind: str,
    modality: Modality,
    actors: Sequence[str],
    place_phrases: Sequence[str],
    *,
    trigger_text: str = "",
    date_text: str = "",
    recipients: Sequence[str] = (),
) -> str:
    """A one-line summary.

    Args:
        kind: the event kind.
        modality: the event's modality.
        actors: actor names, subject first (at most three are used).
        place_phrases: places as the article words them, with their preposition.
        trigger_text: the trigger words, used for kinds without a built-in phrase.
        date_text: appended in parentheses to noun summaries.
        recipients: for an offer, invitation or request, who it is made to ("à ...").
    """
    names = list(dict.fromkeys(actors))[:3]
    places = " ".join(list(dict.fromkeys(place_phrases))[:2])
    sg, pl, inf, noun = _PHRASES.get(kind, ("", "", "", trigger_text.capitalize() or kind.replace("_", " ")))
    proposing = kind in ("offer", "invitation", "request")
    if names and sg:
        plural = len(names) > 1
        if modality is Modality.HAPPENED or (proposing and modality is Modality.PROPOSED):
            verb = pl if plural else sg
        else:
            modal = _MODAL[modality][1 if plural else 0]
            verb = f"{modal} {inf}"
        text = f"{_join(names)} {verb}"
        if recipients:
            text += " à " + _join(list(dict.fromkeys(recipients))[:2])
    else:
        text = noun
        if names:
            text += " : " + _join(names)
        if modality is not Modality.HAPPENED and not (proposing and modality is Modality.PROPOSED):
            text += f" ({_MODAL[modality][2]})"
    if places:
        text += " " + places
    if date_text and not names:
        text += f" ({date_text})"
    text = re.sub(r"\b(d|qu)e ([aeiouéèêh])", r"\1'\2", text)
    return " ".join(text.split())
