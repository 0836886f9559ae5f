"""Atomic file writes: a temporary file in the target's folder, then a rename.

Every file exporter writes (outputs, the manifest, ingested content) goes through
:func:`write_atomic`, so an interrupted or failed write never leaves a half-written file or
destroys the previous one. Kept apart from the pipeline so that commands that only write one
file (``ingest``) do not load the build machinery.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from exporter.errors import OutputError


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` via a temporary file and a rename."""
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
