"""The write phase of a build: every output of a run published together, atomically.

A build renders everything in memory first; :func:`publish` then writes it under the output
folder's lock (``OUTDIR/.exporter.lock``, so two builds into one folder never interleave):

1. it finishes any publish an earlier run left half done (its journal), and removes files
   an earlier run staged but never committed;
2. it refuses to replace a file that was edited by hand since exporter wrote it, or that
   exporter never wrote (the manifest beside the outputs holds the hash of each file
   written), unless ``force``;
3. it writes every new file to a staging name beside its target
   (``.<name>.exporter-new``), flushed to disk;
4. it writes the journal (``OUTDIR/.exporter-journal.json``): each staged file, its target
   and the manifests as they will be. From that moment the run is committed;
5. it renames every staged file over its target, writes each folder's manifest and removes
   the journal (Ctrl-C waits for these renames).

A run stopped before step 4, by an error, a full disk, Ctrl-C or ``kill -9``, leaves every
output as it was; one stopped after it is finished by the next run, before anything else.
So each output is always the previous good file or the new one, and the manifest knows it.
Nothing is written through a symbolic link below the output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from exporter.errors import OutputError
from exporter.files import check_inside, read_input, write_atomic
from exporter.limits import STATE_FILE

MANIFEST = ".exporter-manifest.json"
JOURNAL = ".exporter-journal.json"
LOCK = ".exporter.lock"
STAGED_SUFFIX = ".exporter-new"
_JOURNAL_VERSION = 1
LOGGER = logging.getLogger("exporter")


@dataclass(frozen=True)
class Output:
    """One file to publish: where, and its bytes."""

    target: Path
    data: bytes


def publish(outdir: Path, outputs: Sequence[Output], *, force: bool) -> list[Path]:
    """Write ``outputs`` (every target inside ``outdir``) as one atomic set; the paths
    written, in order."""
    for output in outputs:
        check_inside(outdir, output.target)
    with folder_lock(outdir):
        recover(outdir, {output.target.parent for output in outputs})
        check_outputs(outdir, [output.target for output in outputs], force=force)
        moves = _stage(outputs)
        manifests = _new_manifests(outputs)
        _commit(outdir, moves, manifests)
        with _interrupts_deferred():
            _apply(outdir, moves, manifests)
    return [output.target for output in outputs]


def digest(data: bytes) -> str:
    """The hash a manifest records for a file's bytes."""
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------


def check_outputs(outdir: Path, targets: Iterable[Path], *, force: bool) -> None:
    """Refuse to replace a file exporter did not write, or that was edited since (a file
    that an unfinished publish in ``outdir`` wrote counts as written by exporter)."""
    pending = _read_journal(outdir, remove_bad=False)
    pending_manifests = pending[1] if pending is not None else {}
    for target in targets:
        if target.is_symlink():
            raise OutputError("an output path is a symbolic link; not replacing it",
                              path=target, hint="remove the link, or choose another -o")
        if not target.exists() or force:
            if target.is_dir():
                raise OutputError("an output path is a folder", path=target,
                                  hint="remove or rename the folder")
            continue
        if target.is_dir():
            raise OutputError("an output path is a folder", path=target,
                              hint="remove or rename the folder")
        recorded = {read_manifest(target.parent).get(target.name),
                    pending_manifests.get(target.parent.absolute(), {}).get(target.name)}
        try:
            current = digest(target.read_bytes())
        except OSError as exc:
            raise OutputError(f"cannot read the existing output: {exc.strerror}", path=target,
                              hint="check the file's permissions") from None
        if current not in recorded:
            why = "was edited since exporter wrote it" if recorded - {None} else \
                "exists and was not written by exporter"
            raise OutputError(f"{why}; not overwriting", path=target,
                              hint="move it away, or pass --force to overwrite")


def read_manifest(folder: Path) -> dict[str, str]:
    """The manifest of an output folder: file name -> hash (empty when missing or not
    ours)."""
    data = _read_state(folder / MANIFEST)
    if not isinstance(data, dict):
        return {}
    return {str(name): value for name, value in data.items() if isinstance(value, str)}


# ---------------------------------------------------------------------------------------
# Staging, committing, applying
# ---------------------------------------------------------------------------------------


def _read_state(path: Path) -> object:
    """The JSON of one of exporter's own small files (a manifest, a journal); None when it
    is missing, not a plain file (a link, a pipe), too large or not JSON."""
    try:
        data = read_input(path, error=OutputError, what="file", missing_hint="",
                          expected="a file", limit=STATE_FILE, follow_links=False)
        return json.loads(data.decode("utf-8"))
    except (OutputError, ValueError):
        return None


def _staged_name(target: Path) -> Path:
    return target.with_name(f".{target.name}{STAGED_SUFFIX}")


def _stage(outputs: Sequence[Output]) -> list[tuple[Path, Path]]:
    """Every output written to its staging name and flushed; ``(staged, target)`` pairs.
    On any failure the staged files are removed and nothing else has changed."""
    moves: list[tuple[Path, Path]] = []
    try:
        for output in outputs:
            staged = _staged_name(output.target)
            _write_flushed(staged, output.data)
            moves.append((staged, output.target))
    except BaseException:
        for staged, _ in moves:
            staged.unlink(missing_ok=True)
        if len(moves) < len(outputs):
            _staged_name(outputs[len(moves)].target).unlink(missing_ok=True)
        raise
    return moves


def _write_flushed(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        handle = os.open(path, flags, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror}", path=path.with_name(
            path.name.removeprefix(".").removesuffix(STAGED_SUFFIX)),
            hint="check free space and permissions") from None


def _new_manifests(outputs: Sequence[Output]) -> dict[Path, dict[str, str]]:
    """Each output folder's manifest once the outputs are in place."""
    manifests: dict[Path, dict[str, str]] = {}
    for output in outputs:
        folder = output.target.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder)
        manifests[folder][output.target.name] = digest(output.data)
    return manifests


def _commit(outdir: Path, moves: Sequence[tuple[Path, Path]],
            manifests: dict[Path, dict[str, str]]) -> None:
    """Write the journal: from now on, the run is finished by whoever comes next."""
    root = outdir.absolute()
    journal = {
        "version": _JOURNAL_VERSION,
        "moves": [[str(staged.absolute().relative_to(root)),
                   str(target.absolute().relative_to(root))] for staged, target in moves],
        "manifests": {str(folder.absolute().relative_to(root)): dict(sorted(entries.items()))
                      for folder, entries in manifests.items()},
    }
    try:
        write_atomic(outdir / JOURNAL, json.dumps(journal, indent=1).encode("utf-8"))
    except BaseException:
        for staged, _ in moves:
            staged.unlink(missing_ok=True)
        raise


def _apply(outdir: Path, moves: Sequence[tuple[Path, Path]],
           manifests: dict[Path, dict[str, str]]) -> None:
    """Rename the staged files into place, write the manifests, drop the journal."""
    for staged, target in moves:
        if staged.exists():
            os.replace(staged, target)
    for folder, entries in manifests.items():
        text = json.dumps(dict(sorted(entries.items())), indent=2) + "\n"
        write_atomic(folder / MANIFEST, text.encode("utf-8"))
    for folder in {target.parent for _, target in moves} | set(manifests):
        _sync_folder(folder)
    (outdir / JOURNAL).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames) to disk, where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# ---------------------------------------------------------------------------------------
# Recovering what an earlier run left
# ---------------------------------------------------------------------------------------


def recover(outdir: Path, folders: Iterable[Path] = ()) -> None:
    """Finish the publish an earlier run committed but did not complete; remove files an
    earlier run staged in ``folders`` but never committed."""
    journal = _read_journal(outdir)
    if journal is not None:
        moves, manifests = journal
        LOGGER.warning("%s: finishing the outputs of a build that was stopped", outdir)
        with _interrupts_deferred():
            _apply(outdir, moves, manifests)
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            for stale in folder.glob(f".*{STAGED_SUFFIX}"):
                stale.unlink(missing_ok=True)


def _read_journal(outdir: Path, *, remove_bad: bool = True
                  ) -> tuple[list[tuple[Path, Path]], dict[Path, dict[str, str]]] | None:
    """The moves and manifests of an unfinished publish; None when there is none. A
    journal that is not ours, or names anything outside ``outdir`` or anything but staged
    outputs, is ignored (and removed, when ``remove_bad``)."""
    path = outdir / JOURNAL
    if not path.exists() and not path.is_symlink():
        return None
    root = outdir.absolute()
    try:
        data = _read_state(path)
        assert isinstance(data, dict) and data.get("version") == _JOURNAL_VERSION
        moves = [(_inside(root, staged), _inside(root, target))
                 for staged, target in data["moves"]]
        assert all(staged == _staged_name(target) for staged, target in moves)
        manifests = {_inside(root, folder): {str(k): str(v) for k, v in entries.items()}
                     for folder, entries in data["manifests"].items()}
    except (OSError, ValueError, KeyError, TypeError, AssertionError, AttributeError):
        if remove_bad:
            LOGGER.warning("%s: ignoring an unreadable build journal", path)
            path.unlink(missing_ok=True)
        return None
    return moves, manifests


def _inside(root: Path, relative: str) -> Path:
    path = (root / relative).absolute()
    if ".." in Path(relative).parts or not path.is_relative_to(root):
        raise ValueError(f"{relative} lies outside {root}")
    return path


# ---------------------------------------------------------------------------------------
# Locking and signals
# ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def folder_lock(outdir: Path) -> Iterator[None]:
    """Hold ``outdir``'s lock for the ``with`` block, waiting for another build that holds
    it (where the platform has ``flock``)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        yield
        return
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        handle = os.open(outdir / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                         0o644)
    except OSError as exc:
        raise OutputError(f"cannot write to the output folder: {exc.strerror}", path=outdir,
                          hint="choose a writable folder with -o") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            LOGGER.warning("%s: waiting for another build writing into this folder", outdir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl-C held back until the ``with`` block is done (in the main thread, where
    signals are delivered)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
