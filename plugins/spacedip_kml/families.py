"""Kinds of event grouped into families, each with a colour, an icon and a label.

The map draws one icon per family (``icons/<key>.png``); an entry whose modality is
not ``happened`` (planned, proposed, conditional) gets the same icon, half transparent.
"""

from __future__ import annotations

import attrs

__all__ = ["FAMILIES", "Family", "family_of"]


@attrs.frozen
class Family:
    """A family of event kinds shown with one icon."""

    key: str
    """Names the icon (``icons/<key>.png``) and the style (``style-<key>``)."""
    kinds: tuple[str, ...]
    rgb: tuple[int, int, int]
    label_fr: str
    label_en: str

    def label(self, lang: str) -> str:
        """The legend label in ``lang`` (``fr`` or ``en``)."""
        return self.label_fr if lang == "fr" else self.label_en

    @property
    def icon(self) -> str:
        """The icon's file name."""
        return f"{self.key}.png"


FAMILIES: tuple[Family, ...] = (
    Family("launch", ("launch", "flight", "docking", "return", "arrival", "departure"), (232, 89, 12),
           "Lancement, vol, amarrage, arrivée, retour", "Launch, flight, docking, arrival, return"),
    Family("meeting", ("meeting", "talks", "visit"), (28, 126, 214),
           "Rencontre, négociations, visite", "Meeting, talks, visit"),
    Family("call", ("video_call",), (112, 72, 232),
           "Appel, vidéoconférence", "Call, video link"),
    Family("agreement", ("agreement", "joint_statement", "cooperation"), (47, 158, 68),
           "Accord, déclaration commune, coopération", "Agreement, joint statement, cooperation"),
    Family("statement", ("statement", "offer", "invitation"), (12, 133, 153),
           "Déclaration, offre, invitation", "Statement, offer, invitation"),
    Family("failure", ("failure",), (201, 42, 42),
           "Échec, accident", "Failure, accident"),
    Family("other", ("anniversary", "other"), (73, 80, 87),
           "Autre (anniversaire, divers)", "Other (anniversary, misc.)"),
)
"""Every family, in legend order; ``other`` takes any kind not listed."""

_BY_KIND = {kind: family for family in FAMILIES for kind in family.kinds}


def family_of(kind: str) -> Family:
    """The family of an event kind; ``other`` for kinds no family lists."""
    return _BY_KIND.get(kind, FAMILIES[-1])
