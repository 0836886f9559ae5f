"""Reading input files with clear errors, and atomic writes.

Every input file (content, article, template, profiles) is read by :func:`read_input`, which
turns a missing file, a folder or an unreadable file into the caller's ExporterError with a
hint. Every file exporter writes (outputs, the manifest, ingested content) goes through
:func:`write_atomic` — a temporary file in the target's folder, then a rename — so an
interrupted or failed write never leaves a half-written file nor destroys the previous one.
Kept apart from the pipeline so that commands such as ``ingest`` do not load the build.
"""

from __future__ import annotations

import os
from pathlib import Path

from exporter.errors import ExporterError, OutputError


def read_input(path: Path, *, error: type[ExporterError], what: str, missing_hint: str,
               expected: str) -> bytes:
    """The bytes of an input file, or ``error`` saying what is wrong and what to do.

    ``what`` names the file in messages ("content file"), ``expected`` the kind of file a
    folder should have been ("a .md, .json or .yaml file")."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{what} not found", path=path, hint=missing_hint) from None
    except IsADirectoryError:
        raise error(f"is a folder, not a {what}", path=path, hint=f"name {expected}") from None
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror}", path=path,
                    hint="check the file's permissions") from None


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
