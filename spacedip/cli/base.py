"""What a subcommand is: its name, help, arguments and handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Command", "Handler"]

Handler = Callable[[argparse.Namespace, list[str]], int]
SubParsers = Any  # argparse's _SubParsersAction is private


@attrs.frozen
class Command:
    """A subcommand: its name, help and a function adding its arguments and handler."""

    name: str
    help: str
    setup: Callable[[argparse.ArgumentParser], None]
    handler: Handler
    filters: bool = False

    def register(self, sub: SubParsers, add_filters: Callable[[argparse.ArgumentParser], None]) -> None:
        """Add this command to the subparsers ``sub``."""
        parser = sub.add_parser(self.name, help=self.help, description=self.help)
        self.setup(parser)
        if self.filters:
            add_filters(parser)
        parser.set_defaults(handler=self.handler)
