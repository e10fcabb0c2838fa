"""Writing exporter output: atomically, and never outside the folder the user gave."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import attrs

from spacedip.errors import InputError
from spacedip.export.base import ExportOutput, FileContent, Stream

__all__ = ["WrittenFile", "safe_relative_path", "write_atomic", "write_files", "write_if_changed", "write_output"]


@attrs.frozen
class WrittenFile:
    """A file an export wrote: where, how many bytes, and their SHA-256 (hex)."""

    path: Path
    size: int
    sha256: str


def write_atomic(path: Path, data: FileContent) -> WrittenFile:
    """Write ``data`` (bytes, or a :class:`Stream` of them) to ``path`` through a temporary file in
    the same folder and a rename, so a crash never leaves a half-written file in place of a good one.

    Returns:
        The file, with the size and SHA-256 of the bytes written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes | bytearray):
                handle.write(data)
                digest.update(data)
                size = len(data)
            else:
                for chunk in data:
                    handle.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it 0600; give it the mode open() would
        os.replace(tmp, path)
    except BaseException:
        with _suppress_oserror():
            os.unlink(tmp)
        raise
    return WrittenFile(path, size, digest.hexdigest())


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
    return [written.path for written in write_files(output, target)]


def write_files(output: ExportOutput, target: Path, jobs: int = 1) -> list[WrittenFile]:
    """:func:`write_output`, giving each file's size and SHA-256 too.

    With ``jobs`` above 1, the files of a mapping whose every :class:`Stream` can be prepared
    (see :class:`~spacedip.export.base.Stream`) are written by up to ``jobs`` processes side by
    side (:mod:`spacedip.export.side_by_side`); the bytes are the same.
    """
    if isinstance(output, bytes | bytearray | Stream):
        return [write_atomic(target, output)]
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
    files: list[tuple[Path, FileContent]] = []
    for name, path in paths.items():
        content = output[name]
        files.append((path, content if isinstance(content, Stream) else bytes(content)))
    if jobs > 1:
        from spacedip.export.side_by_side import write_side_by_side

        return write_side_by_side(files, jobs)
    return [write_atomic(path, content) for path, content in files]
