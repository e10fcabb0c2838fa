"""Score temporal expressions against gold as TempEval-3 does.

Extraction: *strict* counts a system span equal to a gold span, *relaxed* one that
overlaps it. Precision is the share of system spans that match some gold span, recall
the share of gold spans matched by some system span (TempEval-3's rule).

Attributes: every gold span is paired with the relaxed-matching system span that
overlaps it most (one to one). *Value accuracy* is the share of pairs with equal
values; *value F1* (TempEval-3's value attribute F1) is the relaxed F1 counting only
pairs with equal values; *type F1* is the same for the type.

Values are compared after :func:`canonical_value`, which removes trivial notational
differences only: case and blanks; seconds of ``:00`` in clock times; a century as
``19`` or ``19XX`` and a decade as ``199`` or ``199X``; and durations written in
different units for the same amount (``P1.5Y`` = ``P18M``, ``PT90M`` = ``PT1.5H``,
``P2W`` = ``P14D``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

__all__ = ["Annotation", "Scores", "canonical_value", "diff", "score"]


@attrs.frozen(slots=True)
class Annotation:
    """One temporal expression, gold or system: span, type and value."""

    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@attrs.frozen(slots=True)
class Scores:
    """TempEval-3 figures over a set of documents."""

    gold: int
    system: int
    strict_precision: float
    strict_recall: float
    strict_f1: float
    relaxed_precision: float
    relaxed_recall: float
    relaxed_f1: float
    value_accuracy: float
    value_f1: float
    type_accuracy: float
    type_f1: float


_DURATION = re.compile(r"^P(?:(?P<date>[\d.]+)(?P<du>[YMWD]))?(?:T(?P<time>[\d.]+)(?P<tu>[HMS]))?$")
_DATE_FACTORS = {"Y": ("M", 12), "M": ("M", 1), "W": ("D", 7), "D": ("D", 1)}
_TIME_FACTORS = {"H": 3600, "M": 60, "S": 1}


def canonical_value(value: str | None) -> str | None:
    """``value`` with trivial notational differences removed (see the module docstring)."""
    if value is None:
        return None
    v = re.sub(r"\s+", "", value).upper()
    if not v:
        return None
    v = re.sub(r"(T\d\d:\d\d):00$", r"\1", v)
    if re.fullmatch(r"\d\d", v):
        return v + "XX"
    if re.fullmatch(r"\d\d\d", v):
        return v + "X"
    m = _DURATION.match(v)
    if m and (m.group("date") or m.group("time")):
        try:
            if m.group("date") and not m.group("time"):
                unit, factor = _DATE_FACTORS[m.group("du")]
                return f"P{_number(float(m.group('date')) * factor)}{unit}"
            if m.group("time") and not m.group("date"):
                return f"PT{_number(float(m.group('time')) * _TIME_FACTORS[m.group('tu')])}S"
        except ValueError:
            return v
    return v


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4f}".rstrip("0")


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _pairs(gold: Sequence[Annotation], system: Sequence[Annotation]) -> list[tuple[Annotation, Annotation]]:
    """One-to-one pairs of overlapping spans, largest overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((overlap, gi, si))
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def score(documents: Iterable[tuple[Sequence[Annotation], Sequence[Annotation]]]) -> Scores:
    """Score ``(gold, system)`` annotation lists, one pair per document, as one corpus."""
    n_gold = n_sys = 0
    strict_sys = strict_gold = relaxed_sys = relaxed_gold = 0
    matched = value_ok = type_ok = 0
    for gold, system in documents:
        n_gold += len(gold)
        n_sys += len(system)
        gold_spans = {(g.start, g.end) for g in gold}
        sys_spans = {(s.start, s.end) for s in system}
        strict_sys += sum((s.start, s.end) in gold_spans for s in system)
        strict_gold += sum((g.start, g.end) in sys_spans for g in gold)
        relaxed_sys += sum(any(s.start < g.end and g.start < s.end for g in gold) for s in system)
        relaxed_gold += sum(any(s.start < g.end and g.start < s.end for s in system) for g in gold)
        for g, s in _pairs(gold, system):
            matched += 1
            value_ok += canonical_value(g.value) == canonical_value(s.value)
            type_ok += g.type == s.type
    sp, sr = _ratio(strict_sys, n_sys), _ratio(strict_gold, n_gold)
    rp, rr = _ratio(relaxed_sys, n_sys), _ratio(relaxed_gold, n_gold)
    vp, vr = _ratio(value_ok, n_sys), _ratio(value_ok, n_gold)
    tp, tr = _ratio(type_ok, n_sys), _ratio(type_ok, n_gold)
    return Scores(
        gold=n_gold,
        system=n_sys,
        strict_precision=sp,
        strict_recall=sr,
        strict_f1=_f1(sp, sr),
        relaxed_precision=rp,
        relaxed_recall=rr,
        relaxed_f1=_f1(rp, rr),
        value_accuracy=_ratio(value_ok, matched),
        value_f1=_f1(vp, vr),
        type_accuracy=_ratio(type_ok, matched),
        type_f1=_f1(tp, tr),
    )


def diff(gold: Sequence[Annotation], system: Sequence[Annotation]) -> list[str]:
    """Human-readable misses: unmatched gold (``-``), spurious system (``+``), wrong values (``~``)."""
    lines: list[str] = []
    paired = _pairs(gold, system)
    paired_gold = {id(g) for g, _ in paired}
    paired_sys = {id(s) for _, s in paired}
    for g in gold:
        if id(g) not in paired_gold:
            lines.append(f"- {g.start}:{g.end} {g.type} {g.value} [{g.text}]")
    for s in system:
        if id(s) not in paired_sys:
            lines.append(f"+ {s.start}:{s.end} {s.type} {s.value} [{s.text}]")
    for g, s in paired:
        if canonical_value(g.value) != canonical_value(s.value) or g.type != s.type:
            lines.append(f"~ [{g.text}] gold {g.type} {g.value} / system [{s.text}] {s.type} {s.value}")
        elif (g.start, g.end) != (s.start, s.end):
            lines.append(f"= [{g.text}] gold span / system span [{s.text}]")
    return lines
