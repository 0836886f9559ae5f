"""``exporter watch``: build once, then build again whenever an input changes.

The process stays warm between builds: the libraries are imported once, the render
processes of :class:`~exporter.renderpool.RenderPool` are kept (their renderers loaded), and
templates are read again at each build but checked again only when their bytes changed
(:class:`~exporter.pipeline.TemplateCache`). Changes are seen through the operating
system's file notifications (watchfiles: inotify on Linux), in the folders of the content
files (their images too), of the templates and of the audience profiles; a burst of events
(an editor saving through a temporary file) makes one build. Only the files a build reads
count (content files and pictures in the content folders, the templates, the profiles);
the output folder and hidden files never do, so a build never triggers itself.

A build that fails (bad content, a broken template) is reported and watching goes on; the
outputs of the last good build stay as they were, as after any failed ``exporter build``.

Notifications only cover what happens once the watcher runs: a save that lands while the
first build runs, or while the watcher starts again over a new set of folders, would go
unseen. So the inputs' sizes and modification times are noted when each build starts, and
compared once more when the watcher has run for :data:`CATCH_UP_MS` (or at its first
event): a difference makes a build as an event would.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from exporter.errors import ExporterError
from exporter.pipeline import BuildRequest, TemplateCache, build
from exporter.renderpool import RenderPool, cpu_count
from exporter.resources import default_audiences_file

#: Milliseconds without a new event before a burst of changes makes a build, and the
#: longest a burst is gathered.
QUIET_MS = 50
LONGEST_BURST_MS = 1000
#: How long after the watcher starts the inputs are compared with what the last build read
#: (and how often the watcher looks whether it was asked to stop).
CATCH_UP_MS = 300

#: The inputs as a build found them: each file's modification time and size.
Snapshot = dict[Path, tuple[int, int]]


@dataclass(frozen=True)
class Rebuild:
    """What one build of a watch did: the files written (none when it failed), how long
    it took, what changed to cause it, and its error."""

    written: tuple[Path, ...]
    seconds: float
    changed: tuple[Path, ...] = ()
    error: ExporterError | None = None


class Report(Protocol):
    """Where a watch tells what each build did (the CLI prints it)."""

    def rebuilt(self, rebuild: Rebuild) -> None: ...


def watch(request: BuildRequest, report: Report, *,
          stop: threading.Event | None = None) -> None:
    """Build ``request`` now and after every change of its inputs, until ``stop`` is set
    (or Ctrl-C, which is raised as KeyboardInterrupt)."""
    import watchfiles

    templates = TemplateCache()
    with RenderPool(request.rendered_formats, request.jobs or cpu_count()) as pool:
        seen = Inputs.of(request, templates).snapshot()
        report.rebuilt(_build(request, pool, templates, ()))
        while stop is None or not stop.is_set():
            inputs = Inputs.of(request, templates)
            caught_up = False  # whether this watcher has compared the inputs once
            for changes in watchfiles.watch(*inputs.folders, watch_filter=inputs.affects,
                                            step=QUIET_MS, debounce=LONGEST_BURST_MS,
                                            stop_event=stop, raise_interrupt=True,
                                            recursive=False, yield_on_timeout=True,
                                            rust_timeout=CATCH_UP_MS):
                if not changes and caught_up:
                    continue  # running, the watcher sees every change itself
                caught_up = True
                now = inputs.snapshot()
                missed = inputs.changes_between(seen, now)
                if not changes and not missed:
                    continue
                changed = tuple(sorted({Path(path) for _, path in changes} or missed))
                seen = now
                report.rebuilt(_build(request, pool, templates, changed))
                if Inputs.of(request, templates) != inputs:
                    break  # a template or folder came or went: watch the new set
            else:
                return


def _build(request: BuildRequest, pool: RenderPool, templates: TemplateCache,
           changed: tuple[Path, ...]) -> Rebuild:
    started = time.perf_counter()
    try:
        written = build(request, pool=pool, templates=templates)
    except ExporterError as error:
        return Rebuild((), time.perf_counter() - started, changed, error)
    return Rebuild(tuple(written), time.perf_counter() - started, changed)


#: Files in a content folder whose change a build may see: content files and pictures.
WATCHED_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".json", ".png", ".jpg",
                              ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"})


@dataclass(frozen=True)
class Inputs:
    """What a build reads: the folders to watch, the files in them that count (the
    templates, the profiles, the content files given), and the folders whose content files
    and pictures count (the content files' folders). Nothing in the output folder counts,
    nor hidden files (lock files, staged outputs)."""

    folders: tuple[Path, ...]
    files: frozenset[Path]
    content_folders: frozenset[Path]
    outdir: Path

    @classmethod
    def of(cls, request: BuildRequest, templates: TemplateCache) -> Inputs:
        content_folders = {(path if path.is_dir() else path.parent).resolve()
                           for path in request.contents}
        files = {path.resolve() for path in request.contents if not path.is_dir()}
        files.add((request.audiences_file or default_audiences_file()).resolve())
        files.update(path.resolve() for path in (request.docx_template, request.pptx_template)
                     if path is not None)
        files.update(path.resolve() for path in templates.paths())
        folders = {path.parent for path in files} | content_folders
        return cls(tuple(sorted(folder for folder in folders if folder.is_dir())),
                   frozenset(files), frozenset(content_folders), request.outdir.resolve())

    def snapshot(self) -> Snapshot:
        """The files that count, as they are now (their modification times and sizes)."""
        found = {}
        for folder in self.folders:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_file() and self.affects(None, entry.path):
                        stat = entry.stat()
                        found[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size)
        return found

    def changes_between(self, before: Snapshot, after: Snapshot) -> set[Path]:
        """The files changed, gone or new from ``before`` to ``after``; a file new to the
        snapshot counts only in a content folder (a template counts from the first build
        that reads it on, not as a change of that build)."""
        return {path for path in before.keys() | after.keys()
                if before.get(path) != after.get(path)
                and (path in before or path.parent in self.content_folders)}

    def affects(self, _change: object, name: str) -> bool:
        """Whether a change of the file ``name`` may change what a build makes."""
        path = Path(name).resolve()
        if path.name.startswith(".") or path == self.outdir or path.is_relative_to(
                self.outdir):
            return False
        if path in self.files:
            return True
        return path.parent in self.content_folders and path.suffix.lower() in WATCHED_SUFFIXES
