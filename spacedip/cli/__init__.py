"""The ``spacedip`` command line: a thin layer over the Python API.

Exit codes: 0 success; 1 the log failed verification; 2 bad usage or bad input
(nothing in the log changed); 3 the storage failed (disk full, locked, read-only,
not a spacedip log).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from spacedip.cli.commands import COMMANDS, add_filter_arguments
from spacedip.errors import InputError, SpacedipError, StorageError

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_VERIFY, EXIT_INPUT, EXIT_STORAGE = 0, 1, 2, 3

_EPILOG = """\
The log is a SQLite file: --log PATH, or $SPACEDIP_LOG, or ./spacedip.db.
Exit codes: 0 success, 1 the log failed verification, 2 bad usage or input
(the log is left as it was), 3 storage failure.
Start with:  spacedip demo --out out/
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    from spacedip import __version__

    parser = argparse.ArgumentParser(
        prog="spacedip",
        description="Turn news articles about space diplomacy into a timeline you can trust, open and share.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"spacedip {__version__}")
    parser.add_argument(
        "--log", metavar="PATH", default=os.environ.get("SPACEDIP_LOG", "spacedip.db"),
        help="the log file (default: $SPACEDIP_LOG or ./spacedip.db)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in COMMANDS:
        command.register(sub, add_filter_arguments)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(args_list)
    if extra and getattr(args, "command", None) != "export":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        code: int = args.handler(args, extra)
    except StorageError as exc:
        print(f"spacedip: error: {exc}", file=sys.stderr)
        return EXIT_STORAGE
    except (InputError, SpacedipError) as exc:
        print(f"spacedip: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("spacedip: interrupted; the log holds every batch acknowledged before", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
