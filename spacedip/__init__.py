"""spacedip: news articles about space diplomacy as a timeline people can trust, open and share.

>>> import spacedip
>>> log = spacedip.open_log(":memory:")

The names below are imported on first use, so ``import spacedip`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "open_log": "spacedip.api",
    "Log": "spacedip.api",
    "AddResult": "spacedip.api",
    "Article": "spacedip.model",
    "Date": "spacedip.model",
    "Event": "spacedip.model",
    "Place": "spacedip.model",
    "Actor": "spacedip.model",
    "Modality": "spacedip.model",
    "Timeline": "spacedip.timeline",
    "TimelineEntry": "spacedip.timeline",
    "SpacedipError": "spacedip.errors",
    "InputError": "spacedip.errors",
    "example_corpus": "spacedip.corpus",
}

__all__ = [
    "Actor",
    "AddResult",
    "Article",
    "Date",
    "Event",
    "InputError",
    "Log",
    "Modality",
    "Place",
    "SpacedipError",
    "Timeline",
    "TimelineEntry",
    "__version__",
    "example_corpus",
    "open_log",
]

if TYPE_CHECKING:
    from spacedip.api import AddResult, Log, open_log
    from spacedip.corpus import example_corpus
    from spacedip.errors import InputError, SpacedipError
    from spacedip.model import Actor, Article, Date, Event, Modality, Place
    from spacedip.timeline import Timeline, TimelineEntry


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'spacedip' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
