"""Packing a KMZ: ``doc.kml`` first, then its files, with nothing that changes between runs.

Google Earth opens the first ``.kml`` entry of the archive, so ``doc.kml`` comes first;
the other entries follow in name order. Every entry carries the same date
(1980-01-01 00:00, the earliest a ZIP can hold), the same permissions and the same
"made on Unix" mark, and a fixed compression level, so the same map gives the same
bytes. Icons are stored (PNG is already compressed), the KML is deflated.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

__all__ = ["FIXED_DATE", "pack_kmz"]

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
_PERMISSIONS = 0o100644 << 16  # a regular file, rw-r--r--


def _entry(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = compress
    info.create_system = _UNIX
    info.external_attr = _PERMISSIONS
    return info


def pack_kmz(doc_kml: bytes, files: Mapping[str, bytes]) -> bytes:
    """A KMZ holding ``doc_kml`` as ``doc.kml`` and ``files`` (relative name -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("doc.kml", zipfile.ZIP_DEFLATED), doc_kml, compresslevel=9)
        for name in sorted(files):
            compress = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            archive.writestr(_entry(name, compress), files[name], compresslevel=9)
    return buffer.getvalue()
