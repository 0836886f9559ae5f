"""Reproducible Office packages: the same input gives the same bytes.

python-docx and python-pptx write zip entries with the current time. :func:`reproducible_zip`
rewrites a package with a fixed timestamp, ``[Content_Types].xml`` first and the other parts
in a stable order, and fixed compression, so rebuilding gives byte-identical files.
"""

from __future__ import annotations

import io
import zipfile

#: 1980-01-01 00:00:00, the earliest time a zip entry can hold.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def reproducible_zip(data: bytes) -> bytes:
    """The package ``data`` re-zipped with fixed timestamps and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = sorted(names, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
