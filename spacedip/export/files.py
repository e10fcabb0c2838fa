"""Writing exporter output: atomically, and never outside the folder the user gave."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from spacedip.errors import InputError
from spacedip.export.base import ExportOutput, FileContent, Stream

__all__ = ["safe_relative_path", "write_atomic", "write_if_changed", "write_output"]


def write_atomic(path: Path, data: FileContent) -> None:
    """Write ``data`` (bytes, or a :class:`Stream` of them) to ``path`` through a temporary file in
    the same folder and a rename, so a crash never leaves a half-written file in place of a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it 0600; give it the mode open() would
        os.replace(tmp, path)
    except BaseException:
        with _suppress_oserror():
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """:func:`write_atomic` of ``data`` unless ``path`` already holds exactly these bytes (a small
    file rewritten by every run: no rename and no ``fsync`` when nothing changed).

    Returns:
        Whether the file was written.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    write_atomic(path, data)
    return True


class _suppress_oserror:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return isinstance(exc[1], OSError)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def safe_relative_path(name: str) -> PurePosixPath:
    """``name`` as a relative path that stays inside its folder.

    Raises:
        InputError: for an absolute path, a ``..`` part, a drive, an empty name or a NUL.
    """
    if not name or "\x00" in name or "\\" in name:
        raise InputError(f"exporter file name {name!r} is not a plain relative path")
    rel = PurePosixPath(name)
    if not rel.parts or rel.is_absolute() or any(part in ("..", "") for part in rel.parts) or ":" in rel.parts[0]:
        raise InputError(f"exporter file name {name!r} would leave the output folder")
    return rel


def write_output(output: ExportOutput, target: Path) -> list[Path]:
    """Write what an exporter returned: ``bytes`` to ``target``, a mapping inside the folder ``target``.

    Returns:
        The files written, in name order.

    Raises:
        InputError: if a name would leave the folder (``..``, absolute, or through a
            symbolic link inside it); nothing is written then.
    """
    if isinstance(output, bytes | bytearray | Stream):
        write_atomic(target, output)
        return [target]
    if not isinstance(output, Mapping):
        raise InputError(f"an exporter returned {type(output).__name__}; expected bytes, a Stream or a mapping")
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is a file; this exporter writes a folder", hint="give a folder path")
    root = target.resolve()
    paths = {name: target.joinpath(*safe_relative_path(name).parts) for name in sorted(output)}
    for name, path in paths.items():  # check every name before writing any file
        if not path.parent.resolve().is_relative_to(root):
            raise InputError(f"exporter file {name!r} would be written outside {target} through a symbolic link",
                             hint=f"remove the link {path.parent} or export to an empty folder")
    for name, path in paths.items():
        content = output[name]
        write_atomic(path, content if isinstance(content, Stream) else bytes(content))
    return list(paths.values())
