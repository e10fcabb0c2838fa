"""The subcommands of ``spacedip``: each registers its parser and handles its arguments."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacedip.cli.base import Command
from spacedip.cli.extraction import EXTRACTION_COMMANDS
from spacedip.cli.output import entry_json, entry_line, report_json, report_line
from spacedip.cli.progress import progress
from spacedip.errors import InputError
from spacedip.model import Date, Modality

__all__ = ["COMMANDS", "Command", "add_filter_arguments"]

def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The filters shared by ``events`` and every exporter."""
    group = parser.add_argument_group("filters")
    group.add_argument("--from", dest="date_from", metavar="EDTF",
                       help="keep entries that may fall on or after this date")
    group.add_argument("--to", dest="date_to", metavar="EDTF", help="keep entries that may fall on or before this date")
    group.add_argument("--place", help="keep entries at this place (id or name, accents and case ignored)")
    group.add_argument("--actor", help="keep entries with this actor (id or name)")
    group.add_argument("--kind", help="keep entries of this kind (meeting, launch, offer...)")
    group.add_argument("--modality", choices=[m.value for m in Modality], help="keep entries of this modality")
    group.add_argument(
        "--as-of", metavar="WHEN",
        help="the log as it stood then: an EDTF day (2023-09-14), an ISO time, or #POSITION",
    )


def _filter(args: argparse.Namespace) -> Any:
    from spacedip.timeline.filters import TimelineFilter

    place = args.place
    if place:
        from spacedip.cli.places import resolve_places

        with contextlib.suppress(InputError):  # not in the gazetteer: match entries' own place names
            place = resolve_places([place])[0].id  # any spelling the gazetteer knows
    actor = args.actor
    if actor:
        from spacedip.cli.places import resolve_actor

        actor = resolve_actor(actor) or actor  # any spelling of a known actor, else entries' own names
    return TimelineFilter(
        start=Date.parse(args.date_from) if args.date_from else None,
        end=Date.parse(args.date_to) if args.date_to else None,
        place=place, actor=actor, kind=args.kind,
        modality=Modality(args.modality) if args.modality else None,
    )


def _open(args: argparse.Namespace, *, readonly: bool = False) -> Any:
    from spacedip.api import open_log

    if readonly and args.log != ":memory:" and not Path(args.log).exists():
        raise InputError(f"no log at {args.log}", hint="add articles first with `spacedip add`, or give --log")
    return open_log(args.log, readonly=readonly)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


# -- add -------------------------------------------------------------------------------------


def _setup_add(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 article files (front matter optional)")
    p.add_argument("--published", metavar="EDTF", help="publication date at its real precision (2023-09-13, 2023-09)")
    p.add_argument("--title")
    p.add_argument("--publisher")
    p.add_argument("--url")
    p.add_argument("--language", help="language of the text (default: front matter, else fr)")
    p.add_argument("--encoding", help="the files' encoding if not UTF-8 (e.g. latin-1, utf-16-le)")
    p.add_argument("--no-extract", action="store_true", help="record the articles only, find no events")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="extract with N processes (articles are appended in the order given)")


def _progress_bar(items: Iterable[Any], total: int, label: str) -> Iterator[Any]:
    """A progress bar over ``items`` (the records a checkpoint update folds in, the periods of a
    split export), in the ``progress(items, total, label)`` shape the library takes."""
    return progress(items, total=total, label=label)


def _add(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.articles import read_article

    if args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}: give 1 or more processes")
    # Read and check every file first, so one bad file leaves the log untouched.
    articles = [
        read_article(path, encoding=args.encoding, published=args.published, title=args.title,
                     publisher=args.publisher, url=args.url, language=args.language)
        for path in args.files
    ]
    extract = not args.no_extract
    # All events are found before the log is opened: a failure or Ctrl-C appends nothing.
    found = _extract_in_parallel(articles, args.jobs) if extract and args.jobs > 1 else None
    with _open(args) as log:
        pairs = zip(args.files, articles, strict=True)
        for index, (path, article) in enumerate(progress(pairs, total=len(articles), label="adding")):
            events = found[index] if found is not None else None
            result = log.add(article, extract=extract, events=events)
            state = "added" if result.added else "already in the log, unchanged"
            _out(f"{path}: {article.id} {state}; {len(result.events)} events found, {result.appended} records appended")
    return 0


def _extract_in_parallel(articles: Sequence[Any], jobs: int) -> list[Any]:
    """The events of each article, in order, found by up to ``jobs`` processes (see ``cli.parallel``)."""
    from spacedip.cli.parallel import extract_many

    return extract_many(articles, jobs)


# -- events ----------------------------------------------------------------------------------


def _setup_events(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON Lines instead of one line per entry")
    p.add_argument("--reports", action="store_true", help="list the reported events one by one, not grouped")


def _events(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args, readonly=True) as log:
        flt = _filter(args)
        if args.reports:
            for reported in log.reports(as_of=args.as_of):
                if flt.matches(reported.event):
                    _out(json.dumps(report_json(reported, log), ensure_ascii=False) if args.json
                         else report_line(reported))
            return 0
        timeline = flt.apply(log.timeline(as_of=args.as_of, progress=_progress_bar))
        for entry in timeline.entries:
            _out(json.dumps(entry_json(entry), ensure_ascii=False) if args.json else entry_line(entry))
    return 0


# -- corrections ----------------------------------------------------------------------------


def _setup_retract(p: argparse.ArgumentParser) -> None:
    p.add_argument("event_id", metavar="EVENT_ID")
    p.add_argument("--reason", required=True, help="why the event is withdrawn")
    p.add_argument("--by", help="who withdraws it")


def _retract(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args) as log:
        result = log.retract(args.event_id, reason=args.reason, by=args.by)
    _out(f"retracted {args.event_id} (log position {result.head.position})")
    return 0


def _setup_amend(p: argparse.ArgumentParser) -> None:
    p.add_argument("event_id", metavar="EVENT_ID")
    p.add_argument("--reason", required=True, help="why the correction is made")
    p.add_argument("--date", metavar="EDTF", help="the right date, at its real precision")
    p.add_argument("--place", action="append", metavar="PLACE",
                   help="the right place (gazetteer id or name); repeat for several")
    p.add_argument("--kind", help="the right kind of event")
    p.add_argument("--summary", help="a better summary")
    p.add_argument("--modality", choices=[m.value for m in Modality])
    p.add_argument("--by", help="who corrects it")


def _amend(args: argparse.Namespace, _: list[str]) -> int:
    places = None
    if args.place:
        from spacedip.cli.places import resolve_places

        places = resolve_places(args.place)
    with _open(args) as log:
        result = log.amend(
            args.event_id, reason=args.reason, date=args.date, kind=args.kind, summary=args.summary,
            modality=args.modality, places=places, by=args.by,
        )
    _out(f"amended {args.event_id} (log position {result.head.position})")
    return 0


def _setup_merge(p: argparse.ArgumentParser) -> None:
    p.add_argument("event_ids", nargs="+", metavar="EVENT_ID", help="reported events (see `events --reports`)")
    p.add_argument("--reason", required=True)
    p.add_argument("--by")


def _merge(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args) as log:
        result = log.merge(args.event_ids, reason=args.reason, by=args.by)
    _out(f"merged {len(args.event_ids)} events into one entry (log position {result.head.position})")
    return 0


def _split(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args) as log:
        result = log.split(args.event_ids, reason=args.reason, by=args.by)
    _out(f"split {len(args.event_ids)} events into an entry of their own (log position {result.head.position})")
    return 0


# -- log -----------------------------------------------------------------------------------


def _setup_log(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="log_command", metavar="ACTION")
    sub.required = True
    show = sub.add_parser("show", help="list the records of the log", description="List the records of the log.")
    show.add_argument("--start", type=int, default=1, help="first position (default 1)")
    show.add_argument("--json", action="store_true", help="the records as JSON Lines")
    show.set_defaults(handler=_log_show)
    verify = sub.add_parser(
        "verify", help="check the hash chain and that no record id repeats; names the first bad position",
        description="Walk the hash chain, check that no record id repeats, and name the first bad position.")
    verify.set_defaults(handler=_log_verify)
    export = sub.add_parser("export", help="write the log as JSON Lines", description="Write the log as JSON Lines.")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=_log_export)
    imp = sub.add_parser("import", help="read a JSON Lines export into the log (all or nothing)",
                         description="Read a JSON Lines export into the log, all or nothing.")
    imp.add_argument("file", type=Path)
    imp.set_defaults(handler=_log_import)


def _log_show(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.log.jsonl import record_to_line

    with _open(args, readonly=True) as log:
        for stored in log.store.read(args.start):
            if args.json:
                sys.stdout.write(record_to_line(stored).decode("utf-8"))
            else:
                _out(f"{stored.position:>7}  {stored.recorded_at}  {stored.type:<16} v{stored.version}  "
                     f"{stored.id}  {stored.hash[:16]}")
    return 0


def _log_verify(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args, readonly=True) as log:
        report = log.verify()
    if report.ok:
        _out(f"ok: {report.records} records, chain whole, head hash {report.head_hash or '(empty log)'}")
        return 0
    print(f"spacedip: log verification FAILED at position {report.first_bad_position}: {report.reason} "
          f"({report.records} records read)", file=sys.stderr)
    return 1


def _log_export(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args, readonly=True) as log:
        if args.output is None:
            count = log.export_jsonl(sys.stdout.buffer)
            sys.stdout.flush()
        else:
            from spacedip.export.files import write_atomic
            from spacedip.log.jsonl import record_to_line

            data = b"".join(record_to_line(r) for r in log.store.read())
            write_atomic(args.output, data)
            count = data.count(b"\n")
            _out(f"wrote {count} records to {args.output}")
    return 0


def _log_import(args: argparse.Namespace, _: list[str]) -> int:
    with _open(args) as log:
        result = log.import_jsonl(args.file)
    how = "copied verbatim" if result.verbatim else f"appended, {result.skipped} already present"
    _out(f"imported {result.appended} of {result.records} records ({how})")
    return 0


# -- exporters ------------------------------------------------------------------------------


def _exporters(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.export.registry import load_exporters

    for name, exporter in load_exporters().items():
        _out(f"{name:<12} {exporter.description} (default: {exporter.default_filename})")
        for opt in exporter.options:
            _out(f"{'':<14}--{opt.name.replace('_', '-')}: {opt.help}")
    return 0


def _setup_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="the exporter (see `spacedip exporters`)")
    p.add_argument("-o", "--output", type=Path, help="file or folder to write (default: the exporter's)")
    p.add_argument("--per", choices=("year", "month"),
                   help="split the export: one folder per year or month of the entries' dates, periods.json "
                        "listing them with the log's head, and index.html linking them; a later export rewrites "
                        "only the periods that changed")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="use up to N processes: with --per, periods are written side by side, and an export of "
                        "several files (the chronology's four) writes them side by side once laid out "
                        "(the files are the same; worth it on big timelines)")


def exporter_parser(exporter: Any) -> argparse.ArgumentParser:
    """The parser of one exporter's own options."""
    parser = argparse.ArgumentParser(prog=f"spacedip export {exporter.name}", description=exporter.description,
                                     add_help=False)
    for opt in exporter.options:
        flag = "--" + opt.name.replace("_", "-")
        if opt.flag:
            parser.add_argument(flag, dest=opt.name, action="store_true", help=opt.help)
        else:
            parser.add_argument(flag, dest=opt.name, type=opt.parse, choices=opt.choices, default=opt.default,
                                help=opt.help)
    return parser


def _export(args: argparse.Namespace, extra: list[str]) -> int:
    from spacedip.export.registry import get_exporter
    from spacedip.export.run import run_exporter

    exporter = get_exporter(args.name)
    own = exporter_parser(exporter)
    options, unknown = own.parse_known_args(extra)
    if unknown:
        known = ", ".join("--" + o.name.replace("_", "-") for o in exporter.options) or "none"
        raise InputError(f"unknown option(s) for exporter {exporter.name!r}: {' '.join(unknown)}",
                         hint=f"its options: {known}")
    if args.jobs < 1:
        raise InputError(f"--jobs {args.jobs}: give 1 or more processes")
    target = args.output or Path(exporter.default_filename.rstrip("/"))
    if args.per:
        return _export_by_period(args, exporter, vars(options), args.output or target.with_suffix(""))
    with _open(args, readonly=True) as log:
        timeline = _filter(args).apply(log.timeline(as_of=args.as_of, progress=_progress_bar))
    run = run_exporter(exporter, timeline, target, vars(options), target_is_default=args.output is None,
                       jobs=args.jobs)
    _out(f"{exporter.name}: {len(timeline.entries)} entries, wrote {len(run.files)} file(s): "
         + ", ".join(str(f) for f in run.files[:6]) + (" ..." if len(run.files) > 6 else ""))
    for message in run.messages:
        _out(f"{exporter.name}: {message}")
    return 0


def _export_by_period(args: argparse.Namespace, exporter: Any, options: dict[str, Any], folder: Path) -> int:
    from spacedip.export.period_index import INDEX
    from spacedip.export.periods import export_by_period

    with _open(args, readonly=True) as log:
        timeline = log.timeline(as_of=args.as_of, progress=_progress_bar)
    run = export_by_period(exporter, timeline, folder, args.per, options, keep=_filter(args),
                           progress=_progress_bar, jobs=args.jobs)
    written = [p for p in run.periods if p.written]
    entries = sum(p.entries for p in run.periods)
    _out(f"{exporter.name}: {entries} entries in {len(run.periods)} periods ({args.per}) in {folder}: "
         f"{len(written)} written, {len(run.periods) - len(written)} unchanged"
         + (f" ({', '.join(p.period for p in written[:6])}{' ...' if len(written) > 6 else ''})" if written else ""))
    for message in run.messages:
        _out(f"{exporter.name}: {message}")
    _out(f"{exporter.name}: every period is linked from {folder / INDEX}")
    return 0


# -- demo -----------------------------------------------------------------------------------


def _setup_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("out"), help="folder for the log and every export (default out/)")


def _demo(args: argparse.Namespace, _: list[str]) -> int:
    from spacedip.api import open_log
    from spacedip.articles import read_article
    from spacedip.corpus import example_corpus
    from spacedip.export.registry import load_exporters
    from spacedip.export.run import default_target, run_exporter

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    corpus = example_corpus()
    with open_log(out / "spacedip.db") as log:
        for item in progress(corpus, total=len(corpus), label="adding articles"):
            article = read_article(item.path, published=item.published, title=item.title,
                                   publisher=item.publisher, url=item.url, language=item.language)
            result = log.add(article)
            _out(f"{item.path.name}: {len(result.events)} events"
                 + ("" if result.added else " (already in the log)"))
        report = log.verify()
        timeline = log.timeline(progress=_progress_bar)
    _out(f"log {out / 'spacedip.db'}: {report.records} records, chain {'whole' if report.ok else 'BROKEN'}; "
         f"{len(timeline.entries)} timeline entries")
    for name, exporter in load_exporters().items():
        target = default_target(exporter, out)
        run = run_exporter(exporter, timeline, target, target_is_default=True)
        _out(f"{name}: {len(run.files)} file(s) in {target}")
        for message in run.messages:
            _out(f"{name}: {message}")
    return 0 if report.ok else 1


COMMANDS: Sequence[Command] = (
    Command("add", "add article files to the log (and the events they report)", _setup_add, _add),
    *EXTRACTION_COMMANDS,
    Command("events", "list the timeline: one entry per happening, with its sources", _setup_events, _events,
            filters=True),
    Command("retract", "withdraw a reported event from the timeline", _setup_retract, _retract),
    Command("amend", "correct a reported event (date, place, kind, summary, modality)", _setup_amend, _amend),
    Command("merge", "say that reported events tell one happening", _setup_merge, _merge),
    Command("split", "say that reported events tell a happening of their own", _setup_merge, _split),
    Command("log", "show, verify, export or import the log itself", _setup_log, _log_show),
    Command("exporters", "list the installed exporters and their options", lambda p: None, _exporters),
    Command("export", "run an exporter: spacedip export NAME -o PATH [options]", _setup_export, _export,
            filters=True),
    Command("demo", "the main job on the bundled corpus: log, calendar, maps, chronology", _setup_demo, _demo),
)
