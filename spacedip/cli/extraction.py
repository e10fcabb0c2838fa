"""The extraction commands: ``dates``, ``extract`` and ``explain``.

``dates`` and ``extract`` read an article file and print what the extractor finds, without
touching the log; ``explain`` shows why an event of the log has the values it has.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from spacedip.cli.base import Command
from spacedip.cli.output import event_json

__all__ = ["EXTRACTION_COMMANDS", "highlight"]

_BOLD = "\033[1m"
_RESET = "\033[0m"


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _read(args: argparse.Namespace) -> Any:
    from spacedip.articles import read_article

    return read_article(args.file, published=args.published, encoding=getattr(args, "encoding", None))


def _setup_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="a UTF-8 article file (front matter optional)")
    p.add_argument(
        "--published",
        metavar="EDTF",
        help="publication date at its real precision (2023-09-13, 2023-09); anchors relative dates",
    )
    p.add_argument("--encoding", help="the file's encoding if not UTF-8")
    p.add_argument("--json", action="store_true", help="JSON Lines instead of one line each")


# -- dates ------------------------------------------------------------------------------------


def _dates(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.extract.temporal import tag

    article = _read(args)
    for t in tag(article.text, article.published):
        if args.json:
            _out(
                json.dumps(
                    {
                        "text": t.text,
                        "start": t.start,
                        "end": t.end,
                        "type": t.type.value,
                        "value": t.value,
                        "timex3": t.timex3,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            text = " ".join(t.text.split())
            _out(f"{t.start:>6}-{t.end:<6} {t.type.value:<8} {t.value or '-':<22} {text}")
    return 0


# -- extract ----------------------------------------------------------------------------------


def _setup_extract(p: argparse.ArgumentParser) -> None:
    _setup_file(p)
    p.add_argument(
        "--gazetteer",
        action="append",
        type=Path,
        default=[],
        metavar="F",
        help="a places file in the format of spacedip/data/places.toml (repeatable)",
    )
    p.add_argument(
        "--actors",
        action="append",
        type=Path,
        default=[],
        metavar="F",
        help="an actors file in the format of spacedip/data/actors.toml (repeatable)",
    )
    p.add_argument(
        "--triggers",
        action="append",
        type=Path,
        default=[],
        metavar="F",
        help="a trigger file in the format of spacedip/data/triggers.toml (repeatable)",
    )


def _extract(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.extract.pipeline import make_extractor

    extractor = make_extractor(args.gazetteer, args.actors, args.triggers)
    article = _read(args)
    events = extractor(article)
    for event in events:
        if args.json:
            _out(json.dumps(event_json(event), ensure_ascii=False))
        else:
            modality = "" if event.modality.value == "happened" else f" [{event.modality.value}]"
            places = ", ".join(p.name for p in event.places) or "-"
            _out(
                f"{event.date.edtf:<22} {event.kind:<15}{modality} {event.summary}  @ {places}"
                f"  ({event.confidence:.2f})  {event.id}"
            )
    if not events and not args.json:
        print(f"spacedip: no events found in {args.file}", file=sys.stderr)
    return 0


# -- explain ----------------------------------------------------------------------------------


def highlight(text: str, start: int, end: int, *, tty: bool) -> str:
    """``text`` with ``text[start:end]`` in ANSI bold (``tty``) or between ``[[`` and ``]]``."""
    left, right = (_BOLD, _RESET) if tty else ("[[", "]]")
    return text[:start] + left + text[start:end] + right + text[end:]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    from spacedip.extract.sentences import split_sentences

    lo = max(0, text.rfind("\n\n", 0, start))
    hi = text.find("\n\n", end)
    hi = len(text) if hi < 0 else hi
    for s in split_sentences(text[lo:hi]):
        if s.start + lo <= start < s.end + lo or (s.start + lo < end <= s.end + lo):
            return min(s.start + lo, start), max(s.end + lo, end)
    return start, end


def _setup_explain(p: argparse.ArgumentParser) -> None:
    p.add_argument("event_id", metavar="EVENT_ID", help="a reported event (see `spacedip events --reports`)")


def _explain(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.api import open_log
    from spacedip.errors import InputError

    if args.log != ":memory:" and not Path(args.log).exists():
        raise InputError(f"no log at {args.log}", hint="add articles first with `spacedip add`, or give --log")
    with open_log(args.log, readonly=True) as log:
        reported = log.event(args.event_id)
        event = reported.event
        article = log.article(event.evidence.article)
    span = event.evidence.span
    text = article.text
    lo, hi = _sentence_bounds(text, span.start, span.end)
    shown = highlight(text[lo:hi], span.start - lo, span.end - lo, tty=sys.stdout.isatty())
    _out(
        f"event {event.id}  ({event.provenance.extractor} {event.provenance.version})"
        + ("  [amended]" if reported.amended else "")
    )
    _out(
        f"article {article.id}"
        + (f" ({article.origin})" if article.origin else "")
        + f", published {article.published.edtf}, characters {span.start}-{span.end}"
    )
    _out("")
    _out("  " + " ".join(shown.split()))
    _out("")
    values = {
        "kind": event.kind,
        "date": f"{event.date.edtf} ({event.date.precision.value})",
        "modality": event.modality.value,
        "places": ", ".join(f"{p.name} [{p.id}]" for p in event.places) or "-",
        "actors": ", ".join(f"{a.name} [{a.id}]" for a in event.actors) or "-",
        "summary": event.summary,
        "confidence": f"{event.confidence:.2f}",
    }
    reasons = {r.field: r.why for r in event.reasons}
    for field, value in values.items():
        _out(f"{field:<11} {value}")
        if field in reasons:
            _out(f"{'':<11} because: {reasons[field]}")
    for field, why in reasons.items():
        if field not in values:
            _out(f"{field:<11} {why}")
    return 0


EXTRACTION_COMMANDS: tuple[Command, ...] = (
    Command("dates", "list the temporal expressions of an article file (normalised)", _setup_file, _dates),
    Command(
        "extract", "show the events an article file reports, without adding it to the log", _setup_extract, _extract
    ),
    Command("explain", "show an event's sentence and why each of its fields has its value", _setup_explain, _explain),
)
"""The extraction commands, for ``spacedip.cli.commands.COMMANDS``."""
