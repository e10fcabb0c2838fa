"""The fuzz campaign: hypothesis on the article reader, the front matter parser, the temporal
tagger and the JSON Lines importer.

    python tests/reliability/fuzz.py --cases 100000

splits the cases evenly across the four targets and prints, per target, the cases run, how
many were accepted and refused (with one of spacedip's documented errors, InputError and its
subclasses), and the time taken. Any other exception is a crash: hypothesis shrinks it and
the script exits with status 1. ``tests/reliability/test_fuzz.py`` runs a small slice.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from spacedip.api import open_log
from spacedip.articles import parse_front_matter, read_article
from spacedip.errors import InputError
from spacedip.extract.temporal import tag
from spacedip.model import Article, ArticleAdded, Date

__all__ = ["TARGETS", "run"]

# -- inputs ------------------------------------------------------------------------------------

_WORDS = ["le", "13", "septembre", "2023", "mercredi", "hier", "demain", "du", "au", "8", "9", "novembre",
          "entre", "2011", "et", "2014", "30", "février", "99999", "0", "31", "avril", "l'an", "dernier",
          "prochain", "à", "14h30", "midi", "depuis", "jusqu'au", "début", "fin", "mi-", "années", "1990",
          "XXe", "siècle", "semaine", "mois", "janvier", "-", "/", "–", ".", ",", "\n", "Poutine", "Kim",
          "il", "y", "a", "deux", "ans", "lundi", "matin", "soir", "1er", "mai", "2023-09-13", "printemps"]
_VALUES = ["2023-02-30", "99999", "&a [*a, *a]", '"x"', "'", "2023-09-13", "javascript:alert(1)"]
_KEYS = ["published", "title", "publisher", "url", "language", "author", "a", "", " ", "#"]

french = st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join)
any_text = st.one_of(french, st.text(max_size=200), st.builds(lambda a, b: a + b, french, st.text(max_size=50)))
dates = st.one_of(st.none(), st.sampled_from(["2023-09-13", "2023-09", "2023", "2018-05-26", "XXXX", "2023-11-08/2023-11-09"]))


@st.composite
def front_matter_texts(draw: st.DrawFn) -> str:
    """Text that starts like front matter, with plausible and broken lines."""
    lines = ["---"] if draw(st.integers(0, 9)) else []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(draw(st.text(max_size=30)))
        elif kind == 1:
            lines.append("---")
        else:
            key = draw(st.sampled_from(_KEYS))
            separator = draw(st.sampled_from([":", ": ", " :", "="]))
            value = draw(st.one_of(st.text(max_size=20), st.sampled_from(_VALUES)))
            lines.append(f"{key}{separator}{value}")
    if draw(st.booleans()):
        lines.append("---")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline + draw(any_text)


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """File contents: front matter and text in several encodings, with BOMs, NULs and junk."""
    text = draw(st.one_of(front_matter_texts(), any_text))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "raw"]))
    if encoding == "raw":
        return draw(st.binary(max_size=300))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 4)) == 0 and data:
        index = draw(st.integers(0, len(data) - 1))
        data = data[:index] + draw(st.binary(min_size=1, max_size=4)) + data[index + 1:]
    return data


def _valid_export() -> list[bytes]:
    log = open_log(":memory:")
    log.append([ArticleAdded(Article.create(f"Article {n} : Poutine et Kim.", published="2023")) for n in range(6)])
    out = io.BytesIO()
    log.export_jsonl(out)
    return out.getvalue().splitlines(keepends=True)


_EXPORT = _valid_export()


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    """A real export, mutated: lines dropped, doubled, swapped, cut, bytes flipped, junk added."""
    lines = list(_EXPORT)
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.integers(0, 6))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines.append(draw(st.binary(max_size=80)))
        elif op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))] + b"\n"
        elif op == 4:
            k = draw(st.integers(0, max(len(lines[i]) - 2, 0)))
            lines[i] = lines[i][:k] + bytes([draw(st.integers(0, 255))]) + lines[i][k + 1:]
        elif op == 5:
            lines.insert(i, draw(st.binary(max_size=80)) + b"\n")
        else:
            k = draw(st.integers(0, max(len(lines[i]) - 2, 0)))
            lines[i] = lines[i][:k] + draw(st.sampled_from([b'"position":1', b"null", b"{}", b"[]", b'"', b"1e999",
                                                            b'"version":true', b"\\ud800"])) + lines[i][k:]
    return b"".join(lines)


# -- targets -----------------------------------------------------------------------------------

_SCRATCH = Path(tempfile.mkdtemp(prefix="spacedip-fuzz-"))


def article_reader(data: bytes) -> object:
    path = _SCRATCH / "article.txt"
    path.write_bytes(data)
    article = read_article(path)
    assert article.text.strip() and "\x00" not in article.text
    return article


def front_matter(text: str) -> object:
    parsed = parse_front_matter(text, where="fuzz")
    assert text.endswith(parsed.text) or not parsed.metadata
    return parsed


def temporal_tagger(case: tuple[str, str | None]) -> object:
    text, published = case
    found = tag(text, Date.parse(published) if published else None)
    previous_end = 0
    for expression in found:
        assert previous_end <= expression.start < expression.end <= len(text)
        assert text[expression.start:expression.end] == expression.text
        previous_end = expression.end
    return found


def jsonl_importer(data: bytes) -> object:
    with open_log(":memory:") as log:
        result = log.import_jsonl(io.BytesIO(data))
        assert log.verify().ok and log.head.position == result.appended
        out = io.BytesIO()
        log.export_jsonl(out)
        assert out.getvalue() == data  # what was accepted comes back byte for byte
    return result


TARGETS: dict[str, tuple[Callable[[object], object], st.SearchStrategy[object]]] = {
    "article reader": (article_reader, article_bytes()),  # type: ignore[dict-item]
    "front matter parser": (front_matter, front_matter_texts()),  # type: ignore[dict-item]
    "temporal tagger": (temporal_tagger, st.tuples(any_text, dates)),  # type: ignore[dict-item]
    "JSONL importer": (jsonl_importer, jsonl_files()),  # type: ignore[dict-item]
}


def run(name: str, cases: int, *, seed: int | None = None) -> Counter[str]:
    """Run ``cases`` generated inputs through target ``name``; raise on a crash.

    Returns:
        Counts of ``accepted`` and ``refused`` (an :class:`InputError`) cases.
    """
    function, strategy = TARGETS[name]
    counts: Counter[str] = Counter()

    @settings(max_examples=cases, deadline=None, database=None, derandomize=seed is None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def fuzz(value: object) -> None:
        try:
            function(value)
        except InputError:
            counts["refused"] += 1
            return
        counts["accepted"] += 1

    fuzz()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="total cases, split across the targets")
    parser.add_argument("--target", choices=list(TARGETS), action="append", help="only these targets")
    args = parser.parse_args(argv)
    names = args.target or list(TARGETS)
    total, started = 0, time.monotonic()
    for name in names:
        begin = time.monotonic()
        counts = run(name, args.cases // len(names))
        ran = counts["accepted"] + counts["refused"]
        total += ran
        print(f"{name:<20} {ran:>7} cases  {counts['accepted']:>7} accepted  {counts['refused']:>7} refused "
              f"(InputError)  {time.monotonic() - begin:7.1f} s", flush=True)
    print(f"{'total':<20} {total:>7} cases, no crash, {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
