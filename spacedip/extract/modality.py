"""Modality of a trigger: did the event happen, or is it planned, proposed or conditional?

Read from the trigger's clause: the cues of the lexicon (``[modality.*]`` in
``triggers.toml``), the tense and mood of the trigger verb or of its auxiliary, and the
kind itself (an offer, an invitation or a request proposes something that has not
happened). Precedence: conditional, proposed, planned, happened. An explicit past
("a été lancé", "avait eu lieu", "lança") cancels the planned cues, which are mostly
adverbs ("ensuite", "bientôt") that also occur in narratives of the past.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from spacedip.extract.triggers import Lexicon, TriggerMatch, Word
from spacedip.model import Modality

__all__ = ["PROPOSING_KINDS", "Tense", "decide_modality", "verb_tense"]

PROPOSING_KINDS = frozenset({"offer", "invitation", "request"})
"""Kinds whose events propose something: their modality is ``proposed`` unless conditional."""


class Tense(enum.Enum):
    """What the form of a trigger verb says of its time."""

    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    CONDITIONAL = "conditional"
    INFINITIVE = "infinitive"
    PARTICIPLE = "participle"
    NONE = "none"


_FUTURE_END = ("era", "eras", "erai", "erez", "eront", "erons", "ira", "iras", "irai", "irez", "iront", "irons",
               "dra", "dront", "drai", "drons", "drez", "rra", "rront", "vra", "vront", "tra", "tront", "ura",
               "uront")  # fmt: skip
_COND_END = ("erait", "eraient", "erais", "irait", "iraient", "irais", "drait", "draient", "rrait", "rraient")
_PAST_PARTICIPLE_END = ("e", "ee", "es", "ees", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "t", "te", "ts",
                        "tes", "se", "ses")  # fmt: skip
_AUX_PAST = frozenset(
    [
        "a",
        "ont",
        "avait",
        "avaient",
        "eut",
        "eurent",
        "est",
        "sont",
        "etait",
        "etaient",
        "fut",
        "furent",
        "ete",
        "as",
        "ai",
        "avons",
        "avez",
        "sommes",
        "etes",
    ]
)
_AUX_FUTURE = frozenset(["sera", "seront", "aura", "auront"])
_AUX_COND = frozenset(["serait", "seraient", "aurait", "auraient"])
_SIMPLE_PAST_END = ("a", "erent", "irent", "it", "ut", "urent", "int", "inrent")
_IMPERFECT_END = ("ait", "aient")
_NOT_FUTURE = frozenset(
    [
        "camera",
        "opera",
        "extra",
        "sahara",
        "angara",
        "ankara",
        "samara",
        "aura",
        "ultra",
        "contra",
        "sierra",
        "terra",
        "cobra",
        "hydra",
        "mantra",
        "agora",
        "era",
        "vera",
    ]
)
_SI_FOLLOWERS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "il",
        "ils",
        "elle",
        "elles",
        "on",
        "nous",
        "vous",
        "cela",
        "ce",
        "un",
        "une",
        "des",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "pyongyang",
        "moscou",
    ]
)


def verb_tense(words: Sequence[Word], match: TriggerMatch) -> Tense:
    """The tense of the trigger verb of ``match`` (``NONE`` for a noun trigger)."""
    if match.trigger.pos != "verb":
        return Tense.NONE
    form = words[match.head].key
    before = [w.key for w in words[max(0, match.head - 4) : match.head]]
    if form.endswith(_COND_END):
        return Tense.CONDITIONAL
    if form.endswith(_FUTURE_END) and form not in _NOT_FUTURE:
        return Tense.FUTURE
    if form.endswith(("er", "ir", "re", "oir")) and not form.endswith(("ier",)):
        return Tense.INFINITIVE
    if form.endswith("ant"):
        return Tense.PARTICIPLE
    if form.endswith(_PAST_PARTICIPLE_END):
        for key in reversed(before):
            if key in _AUX_FUTURE:
                return Tense.FUTURE
            if key in _AUX_COND:
                return Tense.CONDITIONAL
            if key in _AUX_PAST:
                return Tense.PAST
        if form.endswith(("e", "es", "ent")):
            return Tense.PRESENT
        return Tense.PARTICIPLE
    if form.endswith(_IMPERFECT_END) or form.endswith(_SIMPLE_PAST_END):
        return Tense.PAST
    return Tense.PRESENT


_AFTER = 3
"""Cues may follow the trigger by this many words ("se rend ensuite", "lancé prochainement")."""


def _find_cue(
    words: Sequence[Word], lo: int, hi: int, match: TriggerMatch, cues: Sequence[tuple[str, ...]]
) -> str | None:
    """The first cue of ``cues`` before the trigger in its clause, or just after it."""
    firsts = {c[0] for c in cues if c}
    stop = min(hi, match.last + 1 + _AFTER)
    for i in range(lo, stop):
        if match.first <= i <= match.last or words[i].key not in firsts:
            continue
        for cue in cues:
            n = len(cue)
            if i + n > hi or tuple(w.key for w in words[i : i + n]) != cue:
                continue
            if cue == ("si",):
                nxt = words[i + 1] if i + 1 < len(words) else None
                if nxt is None or not (nxt.key in _SI_FOLLOWERS or nxt.cap):
                    continue
            return " ".join(cue)
    return None


def _future_elsewhere(words: Sequence[Word], lo: int, hi: int, skip: range) -> str | None:
    for i in range(lo, hi):
        if i in skip:
            continue
        w = words[i]
        if w.cap or len(w.key) < 5 or w.key in _NOT_FUTURE:
            continue
        if w.key.endswith(_FUTURE_END):
            return w.key
    return None


def decide_modality(
    kind: str, words: Sequence[Word], clause: tuple[int, int], match: TriggerMatch, lexicon: Lexicon
) -> tuple[Modality, str]:
    """The modality of one trigger and why.

    Args:
        kind: the event kind.
        words: the words of the sentence.
        clause: ``(first, end)`` word indexes of the trigger's clause in ``words``.
        match: the trigger.
        lexicon: for the cues.

    Returns:
        ``(modality, reason)``.
    """
    lo, hi = clause
    tense = verb_tense(words, match)
    cond = _find_cue(words, lo, hi, match, lexicon.cues.get("conditional", ()))
    if cond is not None:
        return Modality.CONDITIONAL, f"conditional cue «{cond}» in the clause"
    if tense is Tense.CONDITIONAL:
        return Modality.CONDITIONAL, f"the verb «{words[match.head].key}» is in the conditional"
    if kind in PROPOSING_KINDS:
        return Modality.PROPOSED, f"a {kind} proposes what has not happened yet"
    prop = _find_cue(words, lo, hi, match, lexicon.cues.get("proposed", ()))
    if prop is not None:
        return Modality.PROPOSED, f"proposal cue «{prop}» in the clause"
    if tense is Tense.PAST:
        return Modality.HAPPENED, f"the verb «{words[match.head].key}» is in a past tense"
    if tense is Tense.FUTURE:
        return Modality.PLANNED, f"the verb «{words[match.head].key}» is in the future"
    plan = _find_cue(words, lo, hi, match, lexicon.cues.get("planned", ()))
    if plan is not None:
        return Modality.PLANNED, f"planning cue «{plan}» in the clause"
    if tense is Tense.PRESENT:
        future = _future_elsewhere(words, lo, hi, range(match.first, match.last + 1))
        if future is not None:
            return Modality.PLANNED, f"present tense followed by the future «{future}»"
        return Modality.HAPPENED, "present tense of a news report"
    return Modality.HAPPENED, "no cue of planning, proposal or condition"
