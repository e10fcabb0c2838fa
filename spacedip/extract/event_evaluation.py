"""Score extracted events against hand-written gold (``tests/gold/seeds.events.jsonl``).

Matching rule (tests/gold/README.md states it too): a system event and a gold event
*match* when they come from the same article, their kinds are compatible (equal, or of
one kind family: meeting/talks/visit/video_call, launch/flight, arrival/docking,
return/departure, agreement/joint_statement/cooperation, offer/invitation) and the
system's evidence span overlaps the gold span. Pairs are made one to one, same kind
first, then largest overlap, then text order. Precision is matched system events over
system events, recall matched gold events over gold events.

On the matched pairs:

* *date*: the system date equals the gold date, or the gold date is an interval
  (``1991/2001``) that contains it;
* *places*: every gold place is among the system's places (or is the place a system
  place lies within); *actors*: every gold actor is among the system's actors;
* *modality* and *kind*: equal.

*Place linking* is the share of gold places that the gazetteer linked somewhere in the
article (a mention of that place was found): "every place mention linked".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from spacedip.errors import InputError
from spacedip.model import Date, Event

__all__ = ["FAMILIES", "EventScores", "GoldEvent", "by_file", "diff_events", "read_gold", "score_events"]

FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"meeting", "talks", "visit", "video_call"}),
    frozenset({"launch", "flight"}),
    frozenset({"arrival", "docking"}),
    frozenset({"return", "departure"}),
    frozenset({"agreement", "joint_statement", "cooperation"}),
    frozenset({"offer", "invitation"}),
)
"""Kinds that may name one happening (as in spacedip.timeline.grouping)."""


@attrs.frozen
class GoldEvent:
    """One hand-annotated event."""

    file: str
    kind: str
    date: str
    places: tuple[str, ...]
    actors: tuple[str, ...]
    modality: str
    start: int
    end: int
    text: str = ""


@attrs.frozen
class EventScores:
    """Event extraction figures over a corpus."""

    gold: int
    system: int
    matched: int
    precision: float
    recall: float
    f1: float
    kind_accuracy: float
    date_accuracy: float
    place_accuracy: float
    actor_accuracy: float
    modality_accuracy: float
    place_linking: float

    def table(self) -> str:
        """The figures as a Markdown table."""
        rows = [
            ("gold events", str(self.gold)), ("system events", str(self.system)),
            ("matched", str(self.matched)), ("precision", f"{self.precision:.3f}"),
            ("recall", f"{self.recall:.3f}"), ("F1", f"{self.f1:.3f}"),
            ("kind accuracy", f"{self.kind_accuracy:.3f}"), ("date accuracy", f"{self.date_accuracy:.3f}"),
            ("place accuracy", f"{self.place_accuracy:.3f}"), ("actor accuracy", f"{self.actor_accuracy:.3f}"),
            ("modality accuracy", f"{self.modality_accuracy:.3f}"),
            ("gold places linked", f"{self.place_linking:.3f}"),
        ]  # fmt: skip
        return "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


def read_gold(path: Path | str) -> list[GoldEvent]:
    """Read gold events from JSON Lines.

    Raises:
        InputError: naming the line that is not a gold event.
    """
    out: list[GoldEvent] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            out.append(
                GoldEvent(
                    file=raw["file"],
                    kind=raw["kind"],
                    date=raw["date"],
                    places=tuple(raw["places"]),
                    actors=tuple(raw["actors"]),
                    modality=raw["modality"],
                    start=int(raw["start"]),
                    end=int(raw["end"]),
                    text=raw.get("text", ""),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"not a gold event: {exc}",
                where=f"{path}, line {number}",
                hint="see tests/gold/README.md for the fields",
            ) from None
    return out


def _compatible(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in FAMILIES)


def _pairs(gold: Sequence[GoldEvent], system: Sequence[Event]) -> list[tuple[GoldEvent, Event]]:
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            span = s.evidence.span
            overlap = min(g.end, span.end) - max(g.start, span.start)
            if overlap > 0 and _compatible(g.kind, s.kind):
                candidates.append((g.kind != s.kind, -overlap, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def _date_ok(gold: str, system: Date) -> bool:
    expected = Date.parse(gold)
    if system.edtf == expected.edtf:
        return True
    return expected.is_interval and system.is_known and expected.contains(system)


def _places_ok(gold: GoldEvent, system: Event) -> bool:
    ids = {p.id for p in system.places} | {p.part_of for p in system.places if p.part_of}
    return set(gold.places) <= ids


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score_events(
    documents: Iterable[tuple[Sequence[GoldEvent], Sequence[Event], Iterable[str]]],
) -> EventScores:
    """Score ``(gold, system events, ids of the places found in the article)`` per document.

    Example (what ``benchmarks/extraction.py`` can call)::

        gold = read_gold("tests/gold/seeds.events.jsonl")
        docs = []
        for path, published in seeds:
            x = analyse(read_article(path, published=published))
            docs.append(([g for g in gold if g.file == path.name], x.events, [p.place.id for p in x.places]))
        print(score_events(docs).table())
    """
    n_gold = n_sys = matched = 0
    kind_ok = date_ok = place_ok = actor_ok = modality_ok = 0
    gold_places = linked = 0
    for gold, system, found_places in documents:
        found = set(found_places)
        n_gold += len(gold)
        n_sys += len(system)
        for g in gold:
            gold_places += len(g.places)
            linked += sum(p in found for p in g.places)
        for g, s in _pairs(gold, system):
            matched += 1
            kind_ok += g.kind == s.kind
            date_ok += _date_ok(g.date, s.date)
            place_ok += _places_ok(g, s)
            actor_ok += set(g.actors) <= {a.id for a in s.actors}
            modality_ok += g.modality == s.modality.value
    p, r = _ratio(matched, n_sys), _ratio(matched, n_gold)
    return EventScores(
        gold=n_gold, system=n_sys, matched=matched, precision=p, recall=r,
        f1=2 * p * r / (p + r) if p + r else 0.0,
        kind_accuracy=_ratio(kind_ok, matched), date_accuracy=_ratio(date_ok, matched),
        place_accuracy=_ratio(place_ok, matched), actor_accuracy=_ratio(actor_ok, matched),
        modality_accuracy=_ratio(modality_ok, matched), place_linking=_ratio(linked, gold_places),
    )  # fmt: skip


def diff_events(gold: Sequence[GoldEvent], system: Sequence[Event]) -> list[str]:
    """Human-readable differences: missed gold (``-``), spurious system (``+``), wrong fields (``~``)."""
    pairs = _pairs(gold, system)
    paired_g = {id(g) for g, _ in pairs}
    paired_s = {id(s) for _, s in pairs}
    lines = [f"- {g.kind} {g.date} [{g.text}]" for g in gold if id(g) not in paired_g]
    lines += [
        f"+ {s.kind} {s.date.edtf} [{' '.join(s.evidence.quote.split())[:90]}]" for s in system if id(s) not in paired_s
    ]
    for g, s in pairs:
        wrong: list[str] = []
        if not _date_ok(g.date, s.date):
            wrong.append(f"date {s.date.edtf} (gold {g.date})")
        if not _places_ok(g, s):
            wrong.append(f"places {[p.id for p in s.places]} (gold {list(g.places)})")
        if not set(g.actors) <= {a.id for a in s.actors}:
            wrong.append(f"actors {[a.id for a in s.actors]} (gold {list(g.actors)})")
        if g.modality != s.modality.value:
            wrong.append(f"modality {s.modality.value} (gold {g.modality})")
        if wrong:
            lines.append(f"~ {g.kind} [{g.text}]: " + "; ".join(wrong))
    return lines


def by_file(gold: Sequence[GoldEvent]) -> Mapping[str, list[GoldEvent]]:
    """Gold events grouped by file name."""
    out: dict[str, list[GoldEvent]] = {}
    for g in gold:
        out.setdefault(g.file, []).append(g)
    return out
