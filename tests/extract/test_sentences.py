"""French sentence segmentation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedip.extract.mentions import Sentence
from spacedip.extract.sentences import _ABBREVIATIONS, sentence_at, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Poutine a vu Mme Merkel. Il part.", ["M. Poutine a vu Mme Merkel.", "Il part."]),
        ("Le Dr House et J. F. Kennedy sont là. Fin.", ["Le Dr House et J. F. Kennedy sont là.", "Fin."]),
        ("Il y a 3.5 ans et 1.000 jours. Bon.", ["Il y a 3.5 ans et 1.000 jours.", "Bon."]),
        ("« Je viens. », a-t-il dit. Puis il part.", ["« Je viens. », a-t-il dit.", "Puis il part."]),
        ("Il a dit « Oui. » Puis il part.", ["Il a dit « Oui. »", "Puis il part."]),
        ("Des pommes, des poires, etc. Ensuite, rien.", ["Des pommes, des poires, etc.", "Ensuite, rien."]),
        ("Il hésite... puis signe. Voilà… Fin", ["Il hésite... puis signe.", "Voilà…", "Fin"]),
        ("Un titre sans point\nLe texte commence.", ["Un titre sans point", "Le texte commence."]),
        (
            "Une ligne coupée\nen plein milieu.\n\nNouveau paragraphe",
            ["Une ligne coupée\nen plein milieu.", "Nouveau paragraphe"],
        ),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_point_into_the_text_with_crlf_and_bom() -> None:
    text = "\ufeffTitre\r\n\r\nM. Abe parle.\u00a0Il sourit."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Titre", "M. Abe parle.", "Il sourit."]
    for s in sentences:
        assert text[s.start : s.end] == s.text


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .!?…«»\"'\n\r\u00a0M1")), max_size=60))
def test_sentences_are_slices_in_order(text: str) -> None:
    last = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.start >= last and s.text.strip()
        last = s.end


# -- the implementation before sentence_at looked for end marks with str.find, kept as a reference --

_ETC = "etc"
_END = re.compile(
    r"[.!?…][.!?…]*"  # one run of end marks (a leading character class lets ``re`` skip fast)
    r"(?:\s?[»”’)\]]|\s?[\"'](?=[\s,.;:!?)]|$))*"
)
_NEXT_STARTS = re.compile(r"\s+(?=[\"'(\[«“‘\-–—]|[^\W\d_]|\d)")
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060")
_NEWLINE = re.compile(r"[\r\n\u2028\u2029](?:(?<=\r)\n)?")  # \r\n, \r, \n...: as \r\n?|[\n\u2028\u2029]


def _old_is_upper_start(text: str, i: int) -> bool:
    """True if the first letter from ``i`` (after quotes and dashes) is not lower case."""
    n = len(text)
    while i < n and (text[i] in "\"'(«“‘[-–—" or text[i].isspace()):
        i += 1
    if i >= n:
        return False
    c = text[i]
    return not c.islower()


def _old_word_before(text: str, i: int) -> str:
    """The run of word characters, dots and hyphens ending at ``i`` (within 40 characters):
    what ``([\\w.\\-]+)$`` finds in ``text[i - 40:i]``, or ``""``."""
    lo = max(0, i - 40)
    if i > lo and text[i - 1] == "\n":
        i -= 1  # ``$`` also matches before a final newline
    j = i
    while j > lo and (text[j - 1].isalnum() or text[j - 1] in "_.-"):
        j -= 1
    return text[j:i]


def _old_mark_boundary(text: str, m: re.Match[str]) -> int | None:
    """The sentence end after the end marks ``m`` (a match of ``_END``), or ``None``."""
    end = m.end()
    after = _NEXT_STARTS.match(text, end)
    if after is None:
        return None
    gap = after.group()
    if gap != " " and any(c in gap for c in "\n\r\u2028\u2029"):
        return None  # line breaks are handled by _newline_boundary
    if not _old_is_upper_start(text, after.end()):
        return None
    mark = m.group()
    if mark.startswith(".") and not mark.startswith(".."):
        written = _old_word_before(text, m.start())
        word = written.lower()
        last = word.rsplit(".", 1)[-1] if word else ""
        if len(written) == 1 and written.isupper():
            return None  # an initial: "J. F. Kennedy"
        if (word in _ABBREVIATIONS or last in _ABBREVIATIONS) and last != _ETC:
            return None
    return end


def _old_newline_boundary(text: str, m: re.Match[str]) -> int | None:
    """The sentence end at the line break ``m`` (a match of ``_NEWLINE``), or ``None``."""
    i = m.start()
    j = m.end()
    blank = False
    while j < len(text) and text[j].isspace():
        if text[j] in "\n\r\u2028\u2029":
            blank = True
        j += 1
    if j >= len(text):
        return None
    if blank or not text[j].islower():
        return i
    return None


def _old_boundaries(text: str) -> list[int]:
    """End offsets (exclusive) of the sentences of ``text``."""
    ends = [b for m in _END.finditer(text) if (b := _old_mark_boundary(text, m)) is not None]
    ends.extend(b for m in _NEWLINE.finditer(text) if (b := _old_newline_boundary(text, m)) is not None)
    return sorted(set(ends))


def _old_safe_start(text: str, pos: int) -> int:
    """``pos`` moved back to 0 or to just after a letter or digit.

    No end mark or line break match straddles such a point, so a scan from it finds
    the same matches (from there on) as a scan from the start of the text.
    """
    while pos > 0 and not text[pos - 1].isalnum():
        pos -= 1
    return pos


def _old_boundaries_around(text: str, pos: int, lo: int) -> tuple[int, int]:
    """The last sentence end ``<= pos`` (-1 if none from ``lo`` on) and the first ``> pos``.

    ``lo`` is a :func:`_safe_start` at or before ``pos``. One scan of the end marks and
    one of the line breaks serve both ends: the candidates up to ``pos`` are tested
    from the last one back, those after it from the first one on.
    """
    last, first = -1, len(text)
    marks = _END.finditer(text, lo)
    before = []
    for m in marks:
        before.append(m)
        if m.start() >= pos:
            break
    for i in range(len(before) - 1, -1, -1):
        b = _old_mark_boundary(text, before[i])
        if b is not None:
            if b <= pos:
                last = b
                break
            first = b  # an end straddling pos: the earliest accepted one is the first
    if first == len(text):  # none yet: go on from where the scan stopped
        for m in marks:
            b = _old_mark_boundary(text, m)
            if b is not None:
                first = b
                break
    # Line breaks past ``first`` cannot matter (a line break is at most 2 characters: stop
    # the scan just after ``first`` so that a "\r\n" across it is still seen whole).
    breaks = _NEWLINE.finditer(text, lo, min(len(text), first + 1))
    before = []
    for m in breaks:
        if m.start() > pos:
            b = _old_newline_boundary(text, m)
            if b is not None:
                first = min(first, b)
            else:
                for m2 in breaks:
                    if m2.start() >= first:
                        break
                    b = _old_newline_boundary(text, m2)
                    if b is not None:
                        first = min(first, b)
                        break
            break
        before.append(m)
    for m in reversed(before):
        if m.start() <= last:
            break
        b = _old_newline_boundary(text, m)
        if b is not None:
            last = b
            break
    return last, first


def old_sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    """The ``(start, end)`` of the sentence of :func:`split_sentences` holding ``text[pos]``.

    Only the text around ``pos`` is looked at. Returns ``None`` when ``pos`` is in the
    white space between two sentences (or outside the text).
    """
    if not 0 <= pos < len(text):
        return None
    width = 200
    while True:
        lo = _old_safe_start(text, max(0, pos - width))
        last, first = _old_boundaries_around(text, pos, lo)
        if last >= 0 or lo == 0:
            break
        width *= 4
    s, e = _old_trim(text, max(last, 0), first)
    return (s, e) if s <= pos < e else None


def _old_trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without leading and trailing white space and invisible characters."""
    while s < e and (text[s].isspace() or text[s] in _INVISIBLE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _INVISIBLE):
        e -= 1
    return s, e


def old_split_sentences(text: str) -> list[Sentence]:
    """Split French ``text`` into sentences, with offsets into ``text`` as given.

    Leading and trailing white space is left out of every sentence, and a sentence
    that would be only white space is dropped. ``s.text == text[s.start:s.end]``.
    """
    work = text
    sentences: list[Sentence] = []
    start = 0
    for end in [*_old_boundaries(work), len(work)]:
        s, e = _old_trim(work, start, end)
        if e > s:
            sentences.append(Sentence(start=s, end=e, text=text[s:e]))
        start = max(start, end)
    return sentences


_TOKENS = [
    "le", "la", "président", "a", "dit", "que", "été", "ans", "en", "mai", "2003", "Il", "Le", "Elle", "La",
    "NASA", "Élysée", "Ça", "M.", "Mme", "Dr.", "Dr", "av. J.-C.", "J.-C.", "apr.", "etc.", "etc", "p.", "St.",
    "J.", "F.", "Kennedy", "Poutine", "3.5", "1.000", "31.12.", "n°", ".", ". ", "!", "?", "...", "…", "?!",
    "«", "»", "« ", " »", '"', "'", "“", "”", "‘", "’", "(", ")", "[", "]", "-", "–", "—", "_", ",", ";",
    "\n", "\n\n", "\r\n", "\r", "\u2028", "\u2029", " ", "  ", "\t", "\u00a0", "\ufeff", "\u200b",
]  # fmt: skip
french_like = st.lists(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(["", " ", " ", " ", "\n", ". ", ", "])), min_size=8, max_size=40
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=400, deadline=None)
@given(french_like)
def test_sentence_at_and_split_sentences_are_as_before(text: str) -> None:
    assert split_sentences(text) == old_split_sentences(text)
    for pos in range(-1, len(text) + 2):
        assert sentence_at(text, pos) == old_sentence_at(text, pos), pos


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAé É1 .!?…«»\"'()-–_\n\r\u2028\u00a0\ufeffMJCetcv")), max_size=80))
def test_sentence_at_is_as_before_on_any_mix(text: str) -> None:
    assert split_sentences(text) == old_split_sentences(text)
    for pos in range(-1, len(text) + 2):
        assert sentence_at(text, pos) == old_sentence_at(text, pos), pos


@pytest.mark.parametrize(
    "text",
    [
        "Des pommes, etc. Ensuite, rien. Le 3.5. M. Abe et J. F. Kennedy. En 52 av. J.-C. César vint.",
        "« Je viens. », a-t-il dit.\r\nPuis il part…\n\nFin.\u2028Le\nlendemain. « Oui ! » Non.",
        "Titre\r\n\r\nM.\n Dupont. " + "x" * 300 + ". Suite ici. " + "y. " * 50 + "Z.",
    ],
)
def test_sentence_at_is_the_sentence_of_split_sentences(text: str) -> None:
    spans = [(s.start, s.end) for s in split_sentences(text)]
    for pos in range(len(text)):
        found = sentence_at(text, pos)
        assert found == next(((s, e) for s, e in spans if s <= pos < e), None)
        assert found == old_sentence_at(text, pos)
