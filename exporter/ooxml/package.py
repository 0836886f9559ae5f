"""Office packages as zip files: checked before any library opens them, written reproducibly.

:func:`check_package` refuses what is not a safe package of the expected format (encrypted
or legacy files, corrupt zips, zip bombs, the other format) from the zip directory alone,
before anything is decompressed; the pipeline runs it once per template and build. It uses
the standard library only, so checking costs no XML library in the main process.

python-docx and python-pptx write zip entries with the current time. :func:`reproducible_zip`
rewrites a saved package with Python's :mod:`zipfile`: a fixed timestamp and permissions,
``[Content_Types].xml`` first and the other parts in name order, fixed compression, so
rebuilding gives byte-identical files (ZIP64 where a package needs it);
:func:`package_date` is the moment core properties carry (the content's date, else
``SOURCE_DATE_EPOCH``, else a fixed date), never the clock.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exporter.errors import ExporterError

#: 1980-01-01 00:00:00, the earliest time a zip entry can hold.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Core-property date of a document without a date, when SOURCE_DATE_EPOCH is not set.
FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
CONTENT_TYPES = "[Content_Types].xml"
#: Permissions and "made by" system (Unix) recorded for every member, whatever the platform.
_MEMBER_PERMISSIONS = 0o600 << 16
_UNIX = 3
_COMPRESS_LEVEL = 6
#: Members already compressed by their own format (pictures, media, embedded packages):
#: stored, since deflating them again costs time and saves nothing (OPC allows both).
COMPRESSED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".wdp", ".mp3", ".m4a",
                       ".mp4", ".xlsx", ".docx", ".pptx")


def write_package(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip package of ``(name, data)`` members with fixed timestamps and order; members in
    :data:`COMPRESSED_SUFFIXES` stored, the others deflated."""
    ordered = sorted(members, key=lambda member: (member[0] != CONTENT_TYPES, member[0]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, data in ordered:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if \
                name.lower().endswith(COMPRESSED_SUFFIXES) else zipfile.ZIP_DEFLATED
            info.external_attr = _MEMBER_PERMISSIONS
            info.create_system = _UNIX
            archive.writestr(info, data, compresslevel=_COMPRESS_LEVEL)
    return out.getvalue()


def reproducible_zip(data: bytes) -> bytes:
    """The package ``data`` (as a library saved it) re-zipped with fixed timestamps and
    order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return write_package([(name, source.read(name)) for name in source.namelist()])


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
#: The main part of each format, where Word, PowerPoint and LibreOffice put it.
MAIN_PART = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml"}
_DESCRIPTIONS = {"docx": ("a Word .docx file", ".docx"),
                 "pptx": ("a PowerPoint .pptx file", ".pptx")}
_KINDS = {"docx": "a Word document", "pptx": "a PowerPoint presentation"}


def check_package(data: bytes, path: str | Path, fmt: str) -> None:
    """Refuse, with a one-line TemplateError, anything that is not a safe ``fmt`` package:
    what :func:`check_zip` refuses, and the other Office format given in place of this
    one."""
    from exporter.errors import TemplateError

    main_part, (kind, suffix) = MAIN_PART[fmt], _DESCRIPTIONS[fmt]
    infos = check_zip(data, path, error=TemplateError, kind=kind, suffix=suffix)
    names = {info.filename for info in infos}
    if main_part not in names:
        other = next((k for k, part in MAIN_PART.items() if part in names), None)
        found = f"it is {_KINDS[other]}" if other else "it has no main part"
        raise TemplateError(f"is not {kind}: {found}", path=path,
                            hint=f"pass a {suffix} file here")
    if CONTENT_TYPES not in names:
        raise TemplateError(f"is not {kind}: it has no [Content_Types].xml", path=path,
                            hint=f"re-save it as {suffix}")


#: Parts that XML parsers read (pictures and binary parts are not looked into).
_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: What an entity declaration looks like in a part, in the encodings XML allows.
_DOCTYPE = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le",
                                                               "utf-16-be"))


def check_zip(data: bytes, path: str | Path, *, error: type[ExporterError],
              kind: str = "a Word or PowerPoint file", suffix: str = ".docx or .pptx"
              ) -> list[zipfile.ZipInfo]:
    """The members of an Office package that is safe to open, or ``error`` (one line):

    password-protected files (OLE containers, or an encrypted zip member), files that are
    not zips, corrupt zips, zip bombs (too many members, members or totals too large,
    extreme compression ratios — read from the zip directory before anything is
    decompressed), damaged members (every member is read, so every checksum is verified,
    once the sizes are known to be sane), and any part that declares a DOCTYPE (entity
    declarations have no place in an Office file; a part with them is refused before any
    XML parser sees it)."""
    if data.startswith(OLE_SIGNATURE):
        raise error("is password-protected or an old binary Office file", path=path,
                    hint=f"save it without a password as {suffix}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise error(f"is not {kind} (not a zip package, or corrupt)", path=path,
                    hint=f"use a {suffix} file saved by Word, PowerPoint or LibreOffice"
                    ) from None
    _check_sizes(infos, path, error)
    for info in infos:
        if info.flag_bits & 0x1:
            raise error("is password-protected or encrypted", path=path,
                        hint=f"save it without a password as {suffix}")
        try:
            member = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, RuntimeError):
            raise error(f"is not {kind} (not a zip package, or corrupt: damaged member "
                        f"{info.filename})", path=path,
                        hint=f"open and re-save it, or use another {suffix} file") from None
        if info.filename.lower().endswith(_XML_SUFFIXES) and any(
                marker in member for marker in _DOCTYPE):
            raise error(f"part {info.filename} declares a DOCTYPE (entity declarations), "
                        "which no Office file needs; refusing it", path=path,
                        hint=f"open and re-save it in Word, PowerPoint or LibreOffice as "
                             f"{suffix}")
    return infos


def _check_sizes(infos: list[zipfile.ZipInfo], path: str | Path,
                 error: type[ExporterError]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise error(f"has {len(infos)} zip members, over the limit of {MAX_MEMBERS}",
                    path=path, hint="this is not a normal Office file")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (info.file_size > 2**20 and ratio > MAX_RATIO):
            raise error(f"member {info.filename} would expand to {info.file_size:,} "
                        "bytes; refusing a possible zip bomb", path=path,
                        hint="use a normal Office file")
    if total > MAX_TOTAL_BYTES:
        raise error(f"would expand to {total:,} bytes, over the limit", path=path,
                    hint="use a smaller file")
