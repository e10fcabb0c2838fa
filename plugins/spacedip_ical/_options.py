"""The ical exporter's own options, declared for the CLI and checked once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from spacedip.errors import InputError
from spacedip.export import Option
from spacedip.timeline import Timeline
from spacedip_ical._labels import LANGUAGES, label

__all__ = ["DEFAULT_NAME", "OPTIONS", "SPLITS", "IcalOptions"]

DEFAULT_NAME = label("fr", "calendar_name")
SPLITS = ("none", "place")

OPTIONS = (
    Option(
        "collapse",
        "show month, season and year dates as one all-day event on their first day "
        "instead of over their whole span (the text still states the precision)",
        default=False,
        flag=True,
    ),
    Option(
        "split_by",
        "'place' writes one calendar per place (<place-id>.ics, plus unplaced.ics) into the output folder",
        default="none",
        choices=SPLITS,
    ),
    Option("name", f"calendar name shown by calendar apps (default {DEFAULT_NAME!r})", default=DEFAULT_NAME),
    Option(
        "lang",
        "language of spacedip's labels in the event text: fr or en (default: the timeline's language, "
        "fr if it is French, else en)",
        default=None,
        choices=LANGUAGES,
    ),
)


@attrs.frozen
class IcalOptions:
    """Checked option values."""

    collapse: bool = False
    split_by: str = "none"
    name: str = DEFAULT_NAME
    lang: str = "fr"

    @classmethod
    def read(cls, options: Mapping[str, Any], timeline: Timeline) -> IcalOptions:
        """Options from the mapping the CLI (or a caller) gives; missing ones take their defaults,
        keys this exporter does not know are ignored.

        Raises:
            InputError: for a value out of its choices, or a name that is not text.
        """
        collapse = options.get("collapse", False)
        if not isinstance(collapse, bool):
            raise InputError(
                f"ical option collapse={collapse!r} is not true or false", hint="pass --collapse"
            )
        split_by = options.get("split_by") or "none"
        if split_by not in SPLITS:
            raise InputError(
                f"ical option split_by={split_by!r} is not one of {', '.join(SPLITS)}",
                hint="use --split-by place, or leave it out",
            )
        name = options.get("name")
        if name is None:
            name = DEFAULT_NAME
        if not isinstance(name, str) or not name.strip():
            raise InputError(
                f"ical option name={name!r} is not a non-empty text", hint="pass --name 'My calendar'"
            )
        lang = options.get("lang") or ("fr" if timeline.language == "fr" else "en")
        if lang not in LANGUAGES:
            raise InputError(
                f"ical option lang={lang!r} is not one of {', '.join(LANGUAGES)}",
                hint="use --lang fr or --lang en",
            )
        return cls(collapse=collapse, split_by=split_by, name=name, lang=lang)
