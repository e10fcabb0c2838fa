"""Packing a KMZ: ``doc.kml`` first, then its files, with nothing that changes between runs.

Google Earth opens the first ``.kml`` entry of the archive, so ``doc.kml`` comes first;
the other entries follow in name order. Every entry carries the same date
(1980-01-01 00:00, the earliest a ZIP can hold), the same permissions and the same
"made on Unix" mark, and a fixed compression level, so the same map gives the same
bytes. Icons are stored (PNG is already compressed), the KML is deflated.

:func:`kmz_chunks` packs a ``doc.kml`` given piece by piece: the pieces are compressed
into a temporary file as they come (``ZipFile.open(..., "w")``), then the archive is
read back in chunks. Given the KML's size beforehand, the archive is byte for byte the
one :func:`pack_kmz` makes of the whole text (ZIP64 records exactly when it would use them).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping

__all__ = ["FIXED_DATE", "kmz_chunks", "pack_kmz"]

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
_PERMISSIONS = 0o100644 << 16  # a regular file, rw-r--r--
_LEVEL = 9
_READ_CHUNK = 1 << 20


def _entry(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = compress
    info.create_system = _UNIX
    info.external_attr = _PERMISSIONS
    return info


def _files(archive: zipfile.ZipFile, files: Mapping[str, bytes]) -> None:
    for name in sorted(files):
        compress = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
        archive.writestr(_entry(name, compress), files[name], compresslevel=_LEVEL)


def pack_kmz(doc_kml: bytes, files: Mapping[str, bytes]) -> bytes:
    """A KMZ holding ``doc_kml`` as ``doc.kml`` and ``files`` (relative name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("doc.kml", zipfile.ZIP_DEFLATED), doc_kml, compresslevel=_LEVEL)
        _files(archive, files)
    return buffer.getvalue()


def kmz_chunks(doc_kml: Iterable[bytes], size: int, files: Mapping[str, bytes]) -> Iterator[bytes]:
    """The KMZ :func:`pack_kmz` makes of ``b"".join(doc_kml)``, in chunks, without holding it.

    Args:
        doc_kml: the pieces of ``doc.kml``.
        size: their total length in bytes (it decides whether the entry needs ZIP64, as
            ``ZipFile.writestr`` decides it).
        files: the other entries (relative name -> bytes).

    Raises:
        ValueError: if the pieces do not add up to ``size``.
    """
    with tempfile.TemporaryFile(prefix="spacedip-kmz-") as spool:
        with zipfile.ZipFile(spool, "w") as archive:
            info = _entry("doc.kml", zipfile.ZIP_DEFLATED)
            info.file_size = size
            # what writestr(..., compresslevel=9) sets (Python 3.13 calls it compress_level, keeping this alias)
            info._compresslevel = _LEVEL  # type: ignore[attr-defined]
            written = 0
            with archive.open(info, "w") as member:
                for piece in doc_kml:
                    member.write(piece)
                    written += len(piece)
            if written != size:
                raise ValueError(f"doc.kml has {written} bytes, not the {size} announced")
            _files(archive, files)
        spool.seek(0)
        while chunk := spool.read(_READ_CHUNK):
            yield chunk
