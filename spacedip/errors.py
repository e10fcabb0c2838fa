"""Every exception spacedip raises on purpose inherits from :class:`SpacedipError`.

Each error says what went wrong, where, and how to fix it. The specific classes also
subclass the fitting built-in (``ValueError``, ``LookupError``...) so that generic
handlers keep working.
"""

from __future__ import annotations

__all__ = [
    "ConcurrencyError",
    "InputError",
    "InvalidDateError",
    "LogIntegrityError",
    "NotALogError",
    "ReadOnlyLogError",
    "SpacedipError",
    "StorageError",
    "UnknownEventError",
    "UnknownRecordTypeError",
]


class SpacedipError(Exception):
    """Base class of all spacedip errors."""


class InputError(SpacedipError, ValueError):
    """Input that spacedip cannot accept (a file, a text, an option value).

    ``where`` names the file, line or byte offset; ``hint`` says how to fix it.
    """

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_input_error, (type(self), self.message, self.where, self.hint))


def _rebuild_input_error(
    cls: type[InputError], message: str, where: str | None, hint: str | None
) -> InputError:
    return cls(message, where=where, hint=hint)


class InvalidDateError(InputError):
    """A string that is not an EDTF date spacedip understands, or an impossible date."""


class UnknownEventError(SpacedipError, LookupError):
    """An event id that is not in the log."""

    def __init__(self, event_id: str) -> None:
        self.event_id = event_id
        super().__init__(
            f"no event with id {event_id!r} in the log "
            "(list the ids with `spacedip events --reports`)"
        )


class UnknownRecordTypeError(SpacedipError, LookupError):
    """A stored record whose type or schema version this spacedip does not know."""


class StorageError(SpacedipError, OSError):
    """The log's storage failed (disk full, locked for too long, I/O error)."""


class ReadOnlyLogError(StorageError):
    """An append to a log opened read-only, or stored on a read-only file."""


class NotALogError(StorageError):
    """A file that exists but is not a spacedip log."""


class ConcurrencyError(SpacedipError):
    """The log moved past the head the caller expected."""

    def __init__(self, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"the log has moved: expected head at position {expected}, found {actual} "
            "(another writer appended; read the new records and retry)"
        )


class LogIntegrityError(SpacedipError):
    """The hash chain of the log is broken at ``position``."""

    def __init__(self, position: int, reason: str) -> None:
        self.position = position
        self.reason = reason
        super().__init__(f"log integrity check failed at position {position}: {reason}")
