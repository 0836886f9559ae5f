"""Office packages: checked before any library opens them, written reproducibly.

python-docx and python-pptx write zip entries with the current time. :func:`write_package`
writes a package's members with a fixed timestamp, ``[Content_Types].xml`` first and the
other parts in name order, and fixed compression, so rebuilding gives byte-identical files;
:func:`package_date` is the moment core properties carry (the content's date, else
``SOURCE_DATE_EPOCH``, else a fixed date), never the clock. :func:`reproducible_zip` applies
the same to a finished package.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

#: 1980-01-01 00:00:00, the earliest time a zip entry can hold.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Core-property date of a document without a date, when SOURCE_DATE_EPOCH is not set.
FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
CONTENT_TYPES = "[Content_Types].xml"


def write_package(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip package of ``(name, data)`` members with fixed timestamps and order."""
    builder = PackageBuilder()
    for name, data in members:
        builder.add(name, data)
    return builder.package()


class PackageBuilder:
    """Builds a reproducible package from members given one at a time; it also stands in
    for python-docx's and python-pptx's zip writers (their package writers call
    ``write(part_uri, blob)``), so a package is serialised once and compressed once.

    The zip has ``[Content_Types].xml`` first, the other members in name order, fixed
    timestamps and fixed compression, and is written directly (each member deflated in one
    call, headers packed here) rather than through :mod:`zipfile`, whose bookkeeping costs
    more than the compression itself for the thousands of small parts of a long deck."""

    def __init__(self) -> None:
        self._members: list[tuple[str, bytes]] = []

    def write(self, uri: Any, blob: bytes) -> None:
        self.add(uri.membername, blob)

    def add(self, name: str, data: bytes) -> None:
        self._members.append((name, data))

    def package(self) -> bytes:
        """The zip, once every member has been added."""
        ordered = sorted(self._members, key=lambda member: (member[0] != CONTENT_TYPES,
                                                            member[0]))
        return _zip(_deflated(ordered))


#: Members of more bytes in all than this are deflated by two threads side by side (zlib
#: lets other threads run while it compresses); a long deck's parts are several megabytes.
PARALLEL_DEFLATE_BYTES = 2 * 1024 * 1024


def _deflated(members: list[tuple[str, bytes]]) -> list[_Entry]:
    """Every member's entry, in order; the second half deflated by a helper thread when
    the members are large."""
    total = sum(len(data) for _, data in members)
    if total < PARALLEL_DEFLATE_BYTES:
        return [_entry(name, data) for name, data in members]
    middle, seen = 0, 0
    while seen < total // 2:
        seen += len(members[middle][1])
        middle += 1
    later: list[_Entry] = []
    helper = threading.Thread(target=lambda: later.extend(
        _entry(name, data) for name, data in members[middle:]))
    helper.start()
    first = [_entry(name, data) for name, data in members[:middle]]
    helper.join()
    return first + later


def _entry(name: str, data: bytes) -> _Entry:
    return _Entry(name, zlib.crc32(data), len(data), zlib.compress(data, 6, -15))


class _Entry(NamedTuple):
    name: str
    crc: int
    size: int
    deflated: bytes


#: FIXED_ZIP_TIME as zip headers store it (DOS date and time).
_DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_DOS_TIME = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2
_VERSION = 20  # the zip format version deflate needs
_UNIX = 3  # "made by" system: the permissions in the external attributes are Unix ones
_PERMISSIONS = 0o600 << 16
_UTF8_NAME = 0x800


def _zip(entries: list[_Entry]) -> bytes:
    """A zip archive of deflated entries: local headers and data, then the central
    directory (the layout Python's zipfile writes to a seekable file)."""
    out = io.BytesIO()
    directory = []
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = 0 if entry.name.isascii() else _UTF8_NAME
        offset = out.tell()
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, flags,
                              zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, entry.crc,
                              len(entry.deflated), entry.size, len(name), 0))
        out.write(name)
        out.write(entry.deflated)
        directory.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, _UNIX,
                                     _VERSION, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME,
                                     _DOS_DATE, entry.crc, len(entry.deflated), entry.size,
                                     len(name), 0, 0, 0, 0, _PERMISSIONS, offset) + name)
    start = out.tell()
    central = b"".join(directory)
    out.write(central)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                          len(central), start, 0))
    return out.getvalue()


def reproducible_zip(data: bytes) -> bytes:
    """The package ``data`` re-zipped with fixed timestamps and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return write_package((name, source.read(name)) for name in source.namelist())


def package_date(value: str) -> _dt.datetime:
    """The created/modified date of a document dated ``value`` (YYYY-MM-DD): that day at
    midnight UTC; without a valid date, ``SOURCE_DATE_EPOCH`` (seconds since 1970, the
    reproducible-builds convention) when set, else 2000-01-01."""
    try:
        day = _dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    else:
        return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return FIXED_DATE


# ---------------------------------------------------------------------------------------
# Checking a template package before any library opens it
# ---------------------------------------------------------------------------------------

#: Limits on a template's zip, checked from its directory before anything is decompressed.
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_MAIN_PARTS = {
    "docx": ("word/document.xml", "a Word .docx file", ".docx"),
    "pptx": ("ppt/presentation.xml", "a PowerPoint .pptx file", ".pptx"),
}

_KINDS = {"docx": "a Word document", "pptx": "a PowerPoint presentation"}


def check_package(data: bytes, path: str | Path, fmt: str) -> None:
    """Refuse, with a one-line TemplateError, anything that is not a safe ``fmt`` package.

    Catches: password-protected files (OLE containers), files that are not zips, corrupt
    zips, zip bombs (too many members, members or totals too large, extreme compression
    ratios — read from the zip directory before anything is decompressed), damaged members
    (every checksum is verified once the sizes are known to be sane), and the other Office
    format given in place of this one.
    """
    from exporter.errors import TemplateError

    main_part, kind, suffix = _MAIN_PARTS[fmt]
    if data.startswith(OLE_SIGNATURE):
        raise TemplateError("is password-protected or an old binary Office file", path=path,
                            hint=f"save it without a password as {suffix}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise TemplateError(f"is not {kind} (not a zip package, or corrupt)", path=path,
                            hint=f"use a {suffix} file saved by Word, PowerPoint or LibreOffice"
                            ) from None
    _check_sizes(infos, path)
    try:
        damaged = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        damaged = "?"
    if damaged:
        raise TemplateError(f"is not {kind} (not a zip package, or corrupt: damaged member "
                            f"{damaged})", path=path,
                            hint=f"open and re-save it, or use another {suffix} file")
    names = {info.filename for info in infos}
    if main_part not in names:
        other = next((k for k, (part, _, _) in _MAIN_PARTS.items() if part in names), None)
        found = f"it is {_KINDS[other]}" if other else "it has no main part"
        raise TemplateError(f"is not {kind}: {found}", path=path,
                            hint=f"pass a {suffix} file here")
    if "[Content_Types].xml" not in names:
        raise TemplateError(f"is not {kind}: it has no [Content_Types].xml", path=path,
                            hint=f"re-save it as {suffix}")


def _check_sizes(infos: list[zipfile.ZipInfo], path: str | Path) -> None:
    from exporter.errors import TemplateError

    if len(infos) > MAX_MEMBERS:
        raise TemplateError(f"has {len(infos)} zip members, over the limit of {MAX_MEMBERS}",
                            path=path, hint="this is not a normal Office file")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 2**20 and ratio > MAX_RATIO):
            raise TemplateError(f"member {info.filename} would expand to {info.file_size:,} "
                                "bytes; refusing a possible zip bomb", path=path,
                                hint="use a normal Office file")
    if total > MAX_TOTAL_BYTES:
        raise TemplateError(f"would expand to {total:,} bytes, over the limit", path=path,
                            hint="use a smaller template")
