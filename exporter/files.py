"""Reading input files with clear errors, and atomic writes.

Every input file (content, article, template, profiles) is read by :func:`read_input`, which
turns a missing file, a folder, a named pipe or device, a file over its size limit
(:mod:`exporter.limits`) or an unreadable file into the caller's ExporterError with a
hint. Every file exporter writes (outputs, the manifest, ingested content) goes through
:func:`write_atomic` — a temporary file in the target's folder, then a rename — so an
interrupted or failed write never leaves a half-written file nor destroys the previous one.
Kept apart from the pipeline so that commands such as ``ingest`` do not load the build.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from exporter.errors import ExporterError, OutputError
from exporter.limits import TEMPLATE_FILE, Limit

#: Opening a named pipe without a writer would wait for one; the file is refused anyway.
_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_input(path: Path, *, error: type[ExporterError], what: str, missing_hint: str,
               expected: str, limit: Limit = TEMPLATE_FILE,
               follow_links: bool = True) -> bytes:
    """The bytes of an input file, or ``error`` saying what is wrong and what to do.

    ``what`` names the file in messages ("content file"), ``expected`` the kind of file a
    folder should have been ("a .md, .json or .yaml file"). Only a regular file is read
    (a named pipe or a device would block or never end), and at most ``limit`` of it;
    templates, the largest inputs, are bounded by the default. Without ``follow_links``, a
    file that is a symbolic link is not opened (it was checked as another path)."""
    flags = os.O_RDONLY | _NON_BLOCKING | (0 if follow_links else _NO_FOLLOW)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"{what} not found", path=path, hint=missing_hint) from None
    except IsADirectoryError:
        raise _folder_error(error, path, what, expected) from None
    except OSError as exc:
        raise _unreadable(error, path, what, exc) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise _folder_error(error, path, what, expected)
        if not stat.S_ISREG(mode):
            raise error(f"is {_special_kind(mode)}, not a regular file", path=path,
                        hint=f"name {expected}")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(limit.bytes + 1)
    except OSError as exc:
        raise _unreadable(error, path, what, exc) from None
    finally:
        os.close(descriptor)
    if len(data) > limit.bytes:
        raise error(f"is larger than {limit}, the limit for {limit.bounds}", path=path,
                    hint=f"use a smaller file, or {limit.raise_hint}")
    return data


def _folder_error(error: type[ExporterError], path: Path, what: str,
                  expected: str) -> ExporterError:
    article = "an" if what[:1].lower() in "aeiou" else "a"
    return error(f"is a folder, not {article} {what}", path=path, hint=f"name {expected}")


def _unreadable(error: type[ExporterError], path: Path, what: str,
                exc: OSError) -> ExporterError:
    return error(f"cannot read the {what}: {exc.strerror}", path=path,
                 hint="check the file's permissions")


def _special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def check_inside(root: Path, target: Path) -> None:
    """``target`` lies in ``root``, and neither it nor a folder between them is a symbolic
    link (a write there would land elsewhere): OutputError otherwise."""
    base = root.absolute()
    path = target.absolute()
    if not path.is_relative_to(base):
        raise OutputError("an output would lie outside the output folder", path=target,
                          hint="choose another -o")
    folder = path.parent
    while folder != base:
        if folder.is_symlink():
            raise OutputError("a folder of the outputs is a symbolic link; not writing "
                              "through it", path=folder,
                              hint="remove the link, or choose another folder")
        folder = folder.parent


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a temporary file and a rename."""
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder: {exc.strerror}",
                          path=target.parent, hint="choose a writable folder with -o") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, target)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the output: {exc.strerror}", path=target,
                              hint="check free space and permissions") from None
        raise
