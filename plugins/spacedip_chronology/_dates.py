"""Dates written at their precision: "13 septembre 2023", "décembre 2017", "été 2023", "1998".

French intervals read as a sentence ("du 8 au 9 novembre 2023", "de 2011 à 2014",
"des années 1990 aux années 2000"); English ones use an en dash ("8–9 November 2023",
"2011–2014"). Each end keeps its own precision, and an EDTF qualifier is written after
the date it qualifies ("1998 (date incertaine)").
"""

from __future__ import annotations

import attrs

from spacedip.model import Date, Precision

from ._labels import Labels

__all__ = ["format_date", "month_heading", "season_code"]

_VOWELS = frozenset("aeiouyàâäéèêëîïôöûüh")


@attrs.frozen
class _Phrase:
    """A date as a noun phrase; ``article`` is the French article it takes in a sentence."""

    body: str
    article: str = ""
    """``"le "``, ``"l'"``, ``"les "`` or ``""``; French ``de``/``à`` contract with it."""

    def de(self) -> str:
        """French "from": du 8 novembre, de l'été, des années 1990, d'avril, de 2011."""
        if self.article == "le ":
            return f"du {self.body}"
        if self.article == "les ":
            return f"des {self.body}"
        if self.article == "l'":
            return f"de l'{self.body}"
        return f"d'{self.body}" if self.body[:1].lower() in _VOWELS else f"de {self.body}"

    def a(self) -> str:
        """French "to": au 9 novembre, à l'automne, aux années 2000, à 2014."""
        if self.article == "le ":
            return f"au {self.body}"
        if self.article == "les ":
            return f"aux {self.body}"
        return f"à {self.article}{self.body}"


def season_code(date: Date) -> int:
    """The EDTF sub-year code (21-41) of a season-precision date."""
    return int(date.edtf[5:7])


def _day(day: int, labels: Labels) -> str:
    return "1er" if day == 1 and labels.lang == "fr" else str(day)


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _roman(n: int) -> str:
    out = []
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _single(date: Date, labels: Labels) -> _Phrase:
    """A date that is neither an interval nor unknown, without its qualifier."""
    fr = labels.lang == "fr"
    assert date.earliest is not None
    year = date.earliest.year
    month = labels.months[date.earliest.month - 1]
    if date.precision is Precision.DAY:
        return _Phrase(f"{_day(date.earliest.day, labels)} {month} {year}", "le ")
    if date.precision is Precision.MONTH:
        return _Phrase(f"{month} {year}")
    if date.precision is Precision.SEASON:
        name = labels.subyear[season_code(date)]
        article = ("l'" if name[0] in _VOWELS else "le ") if fr else ""
        return _Phrase(f"{name} {year}", article)
    if date.precision is Precision.YEAR:
        return _Phrase(str(year))
    if date.precision is Precision.DECADE:
        start = int(date.edtf[:3]) * 10
        return _Phrase(f"années {start}", "les ") if fr else _Phrase(f"{start}s")
    if date.precision is Precision.CENTURY:
        number = int(date.edtf[:2]) + 1
        if fr:
            return _Phrase(f"{_roman(number)}e siècle", "le ")
        return _Phrase(f"{_ordinal_en(number)} century")
    raise AssertionError(f"not a single date: {date.edtf}")  # pragma: no cover - callers filter


def _qualified(date: Date, labels: Labels) -> _Phrase:
    phrase = _single(date, labels)
    if date.qualifier:
        return _Phrase(f"{phrase.body} {labels['qualifier' + date.qualifier]}", phrase.article)
    return phrase


def _join_en(left: str, right: str) -> str:
    return f"{left} – {right}" if " " in left or " " in right else f"{left}–{right}"


def _compact(start: Date, end: Date, labels: Labels) -> str | None:
    """Two days or two months of one year written once: "du 8 au 9 novembre 2023"."""
    if start.qualifier or end.qualifier or start.precision is not end.precision:
        return None
    assert start.earliest is not None
    assert end.earliest is not None
    if start.earliest.year != end.earliest.year:
        return None
    fr = labels.lang == "fr"
    year = start.earliest.year
    months = labels.months
    if start.precision is Precision.DAY:
        d1, d2 = _day(start.earliest.day, labels), _day(end.earliest.day, labels)
        m1, m2 = months[start.earliest.month - 1], months[end.earliest.month - 1]
        if start.earliest.month == end.earliest.month:
            return f"du {d1} au {d2} {m2} {year}" if fr else f"{d1}–{d2} {m2} {year}"
        return f"du {d1} {m1} au {d2} {m2} {year}" if fr else f"{d1} {m1} – {d2} {m2} {year}"
    if start.precision is Precision.MONTH:
        m1, m2 = months[start.earliest.month - 1], months[end.earliest.month - 1]
        return f"{_Phrase(m1).de()} à {m2} {year}" if fr else f"{m1}–{m2} {year}"
    return None


def _interval(date: Date, labels: Labels) -> str:
    fr = labels.lang == "fr"
    start, end = date.parts
    left, _, right = date.edtf.partition("/")
    if start is not None and end is not None:
        compact = _compact(start, end, labels)
        if compact is not None:
            return compact
        a, b = _qualified(start, labels), _qualified(end, labels)
        return f"{a.de()} {b.a()}" if fr else _join_en(a.body, b.body)
    if start is not None:
        a = _qualified(start, labels)
        text = f"à partir {a.de()}" if fr else f"from {a.body}"
        if right == "..":
            return text if fr else f"{text} onwards"
        return f"{text} ({labels['end_unknown']})"
    assert end is not None
    b = _qualified(end, labels)
    text = f"jusqu'{b.a()}" if fr else f"until {b.body}"
    return text if left == ".." else f"{text} ({labels['start_unknown']})"


def format_date(date: Date, labels: Labels) -> str:
    """``date`` written at its precision in the language of ``labels``.

    Examples (French / English): ``2023-09-13`` "13 septembre 2023" / "13 September 2023";
    ``2017-12`` "décembre 2017"; ``2023-22`` "été 2023" / "summer 2023"; ``1998``;
    ``199X`` "années 1990" / "1990s"; ``2023-11-08/2023-11-09`` "du 8 au 9 novembre 2023" /
    "8–9 November 2023"; ``XXXX`` "date inconnue" / "unknown date".
    """
    if not date.is_known:
        return labels["unknown_date"]
    if date.is_interval:
        return _interval(date, labels)
    return _qualified(date, labels).body


def month_heading(year: int, month: int, labels: Labels) -> str:
    """A month as a heading: "Septembre 2023" / "September 2023"."""
    name = labels.months[month - 1]
    return f"{name[:1].upper()}{name[1:]} {year}"
