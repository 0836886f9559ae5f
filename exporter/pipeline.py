"""read -> select -> render -> write: the build, and the only code that writes files.

:func:`prepare` reads and validates everything a build needs (content, profiles, templates,
images, output folder, hand-edited outputs) before anything is rendered; :func:`build`
renders every output in memory and then writes each one atomically (temporary file in the
same folder, then rename), so a failed build never leaves a broken file nor destroys the
previous good one. A manifest beside the outputs records the hash of each file written, so a
file edited by hand since is never overwritten without ``force``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from exporter.audience import FULL_AUDIENCE, Audience, choose, load_profiles, select
from exporter.checkcache import CheckCache
from exporter.errors import ContentError, ExporterError, OutputError, TemplateError
from exporter.files import read_input, write_atomic
from exporter.model import Block, Callout, Document, Image, Quote
from exporter.ooxml.package import check_package
from exporter.render import FORMATS, OutputJob, RenderJob, TemplateFile, render_output
from exporter.resources import default_audiences_file, default_template
from exporter.templating import document_context

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from exporter.reader import Content

MANIFEST = ".exporter-manifest.json"
LOGGER = "exporter"
MAX_TEMPLATE_BYTES = 200 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class BuildRequest:
    """What the user asked for (the CLI's options)."""

    content: Path
    outdir: Path = Path("output")
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = FORMATS
    docx_template: Path | None = None
    pptx_template: Path | None = None
    audiences_file: Path | None = None
    force: bool = False
    jobs: int = 1  # processes that render; 0: one per CPU core
    allow_outside: bool = False


@dataclass
class BuildPlan:
    """Everything validated and ready to render."""

    jobs: list[OutputJob] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Preparing: read and validate everything
# ---------------------------------------------------------------------------------------


def load_audiences(request: BuildRequest) -> tuple[list[Audience], str]:
    """The audiences to build and the profiles file they came from."""
    path = request.audiences_file or default_audiences_file()
    if request.audiences_file is None and not path.is_file():
        return [FULL_AUDIENCE], str(path)
    profiles = load_profiles(path)
    return choose(profiles, request.audiences, str(path)), str(path)


class TemplateCache:
    """Each template file is read and its package checked once per run (not at all when
    ``checks`` remembers that the same bytes passed)."""

    def __init__(self, checks: CheckCache | None = None) -> None:
        self._files: dict[tuple[Path, str], TemplateFile] = {}
        self._checks = checks

    def get(self, path: Path, fmt: str) -> TemplateFile:
        key = (path.resolve(), fmt)
        if key not in self._files:
            self._files[key] = checked_template(key[0], _read_template(key[0]), fmt,
                                                self._checks)
        return self._files[key]


def checked_template(path: Path, data: bytes, fmt: str,
                     checks: CheckCache | None = None) -> TemplateFile:
    """The template the renderers are given: ``data`` checked as a ``fmt`` package (unless
    ``checks`` remembers that these bytes passed), so that no renderer checks it again."""
    if checks is None or not checks.passed(fmt, path, data):
        check_package(data, path, fmt)
    return TemplateFile(path=path, data=data)


def _read_template(path: Path) -> bytes:
    if path.is_file() and path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"template is {path.stat().st_size // 2**20} MB, over the 200 MB "
                            "limit", path=path, hint="use a smaller template")
    return read_input(path, error=TemplateError, what="template",
                      missing_hint="check the template path", expected="a .docx or .pptx file")


def template_for(request: BuildRequest, audience: Audience, fmt: str) -> Path:
    """The template of one output: command line, else the profile's, else the default."""
    override = request.docx_template if fmt == "docx" else request.pptx_template
    profile = audience.docx_template if fmt == "docx" else audience.pptx_template
    return override or profile or default_template(fmt)


def output_path(outdir: Path, content: Path, audience: Audience, fmt: str) -> Path:
    """``OUTDIR/<article>/<article>--<audience>.<fmt>``, always inside OUTDIR."""
    stem = _SAFE_NAME.sub("-", content.stem).strip(".-") or "article"
    name = _SAFE_NAME.sub("-", audience.name).strip(".-") or "audience"
    return outdir / stem / f"{stem}--{name}.{fmt}"


def prepare(request: BuildRequest, content: Content | None = None,
            checks: CheckCache | None = None) -> BuildPlan:
    """Read and validate everything; nothing is rendered or written. Templates that
    ``checks`` remembers as passed are not checked again."""
    with collector_paused():
        return _prepare(request, content, checks)


def _prepare(request: BuildRequest, content: Content | None,
             checks: CheckCache | None) -> BuildPlan:
    from exporter.reader import read_content  # markdown-it: after the render processes start

    content = content or read_content(request.content)
    audiences, _ = load_audiences(request)
    templates = TemplateCache(checks)
    base_dir = request.content.resolve().parent
    plan = BuildPlan()
    for audience in audiences:
        document = select(content.document_for(audience), audience)
        check_images(document, base_dir, allow_outside=request.allow_outside)
        context = document_context(document, audience)
        for fmt in request.formats:
            template = templates.get(template_for(request, audience, fmt), fmt)
            job = RenderJob(document=document, audience=audience, template=template,
                            context=context, base_dir=base_dir)
            plan.jobs.append(OutputJob(fmt, output_path(request.outdir, request.content,
                                                        audience, fmt), job))
    _check_outputs(plan.jobs, force=request.force)
    return plan


def iter_images(blocks: Iterable[Block]) -> Iterator[Image]:
    for block in blocks:
        if isinstance(block, Image):
            yield block
        elif isinstance(block, Quote | Callout):
            yield from iter_images(block.blocks)


def check_images(document: Document, base_dir: Path, *, allow_outside: bool) -> None:
    """Every image exists, is an image, and lies inside the content's folder."""
    blocks = list(document.intro)
    for section in document.walk():
        blocks.extend(section.blocks)
    for image in iter_images(blocks):
        resolve_image(image.src, base_dir, source=document.source_path,
                      allow_outside=allow_outside)


def resolve_image(src: str, base_dir: Path, *, source: str, allow_outside: bool) -> Path:
    """The image file of ``src``, checked; ContentError naming the content file."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", src, re.I):
        raise ContentError(f"image {src!r} is a URL; exporter never fetches from the network",
                           path=source, hint="download the image and refer to the file")
    path = (base_dir / src).resolve()
    if not allow_outside and not path.is_relative_to(base_dir):
        raise ContentError(f"image {src!r} lies outside the content's folder", path=source,
                           hint="move it next to the content file, or pass --allow-outside")
    if not path.is_file():
        raise ContentError(f"image {src!r} not found", path=source,
                           hint=f"put the image at {path}")
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as picture:
            picture.verify()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ContentError(f"image {src!r} is not a readable image ({exc})", path=source,
                           hint="use a PNG, JPEG or GIF file") from None
    return path


# ---------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------

class Progress(Protocol):
    """What a build tells its caller as it goes (the CLI draws a progress bar)."""

    def planned(self, plan: BuildPlan) -> None:
        """Everything is read and valid: ``plan`` holds the outputs about to render."""

    def rendered(self, output: OutputJob) -> None:
        """One more output is rendered (in output order)."""


def build(request: BuildRequest, *, plan: BuildPlan | None = None,
          progress: Progress | None = None) -> list[Path]:
    """Read and validate everything (unless ``plan`` is given), render every output, then
    write them all. Returns the paths written.

    The render processes start first and load their renderers while this process reads
    the content (see :class:`RenderPool`)."""
    processes = request.jobs or cpu_count()
    with RenderPool(request.formats, processes) as pool:
        plan = plan or prepare(request)
        if progress is not None:
            progress.planned(plan)
        results = pool.render_all(plan.jobs, progress.rendered if progress else None)
    written = []
    for output, data in zip(plan.jobs, results, strict=True):
        write_atomic(output.target, data)
        written.append(output.target)
    _record(written)
    return written


def cpu_count() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class RenderPool:
    """Worker processes that render outputs side by side: one
    :class:`~concurrent.futures.ProcessPoolExecutor` per output format, whose processes
    import that format's renderer as they start (their initializer), so a deck process never
    loads python-docx nor a briefing process python-pptx. With one process in all, outputs
    render here.

    ``processes`` are shared between the formats (at least one each). Processes start when
    the pool is entered, before the content is read, so that loading python-pptx and
    python-docx (most of a small build) overlaps reading."""

    def __init__(self, formats: Sequence[str], processes: int) -> None:
        self.formats = tuple(dict.fromkeys(formats))
        self.processes = processes
        self._executors: dict[str, ProcessPoolExecutor] = {}

    def __enter__(self) -> RenderPool:
        if self.processes > 1 and self.formats:
            context = _start_method()
            each = max(1, self.processes // len(self.formats))
            for fmt in self.formats:
                executor = ProcessPoolExecutor(each, mp_context=context,
                                               initializer=_start_worker,
                                               initargs=(os.getpid(), fmt))
                executor.submit(os.getpid)  # an executor starts its processes with a task
                self._executors[fmt] = executor
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        for executor in self._executors.values():
            executor.shutdown(wait=True, cancel_futures=kind is not None)
        self._executors = {}

    def render_all(self, jobs: Sequence[OutputJob],
                   on_rendered: Callable[[OutputJob], None] | None = None) -> list[bytes]:
        """The bytes of every output, in order. Warnings are logged in output order,
        whatever the number of processes, and the first failed output's error is
        raised."""
        if not self._executors:
            return _delivered(jobs, map(render_collecting, jobs), on_rendered)
        futures = [self._executors[job.fmt].submit(render_collecting, job)
                   if job.fmt in self._executors else None for job in jobs]
        outcomes = (future.result() if future is not None else render_collecting(job)
                    for job, future in zip(jobs, futures, strict=True))
        return _delivered(jobs, outcomes, on_rendered)


def render_collecting(output: OutputJob) -> tuple[bytes, list[str]]:
    """One output rendered (:func:`exporter.render.render_output`) with the warnings it
    gave collected instead of printed, and the cyclic collector paused."""
    collector = _Collector()
    logger = logging.getLogger(LOGGER)
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collector]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with collector_paused():
            return render_output(output), collector.messages
    finally:
        logger.handlers[:], logger.propagate, level = saved
        logger.setLevel(level)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _delivered(jobs: Sequence[OutputJob], outcomes: Iterable[tuple[bytes, list[str]]],
               on_rendered: Callable[[OutputJob], None] | None) -> list[bytes]:
    """The bytes of each outcome, in job order, its warnings logged first."""
    results = []
    for job, (data, warnings) in zip(jobs, outcomes, strict=True):
        for message in warnings:
            logging.getLogger(LOGGER).warning("%s", message)
        if on_rendered is not None:
            on_rendered(job)
        results.append(data)
    return results


def _start_method() -> BaseContext:
    """Fork where the platform's processes fork (Linux): a render process starts as a copy
    of this one, with the model and the job's classes loaded, in a few milliseconds. Each
    executor forks its processes as it starts, before it starts its own threads; the
    second executor's processes are forked while the first executor's manager thread runs,
    which holds none of the locks a render process takes (it waits on its own pipes).
    Elsewhere, the platform's default (spawn)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _start_worker(parent: int, fmt: str) -> None:
    """A render process's start: it loads the renderer of ``fmt``; Ctrl-C is for the main
    process (which stops the pool); and it ends when the main process is gone, even if it
    was killed."""
    import importlib
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while _alive(parent):
            time.sleep(WORKER_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    importlib.import_module(f"exporter.render.{fmt}")


#: How often a render process looks whether the main process is still there.
WORKER_WATCH_SECONDS = 0.5


def _alive(pid: int) -> bool:
    """Whether the process ``pid`` still exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the ``with`` block (if it was running).

    Reading an article and drawing its files create hundreds of thousands of objects that
    live until the output is written; the collector would examine all survivors again
    each time enough new ones are made, so a large build would cost more per object the
    larger it is. Reference counting still frees what is dropped meanwhile."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _check_outputs(jobs: Sequence[OutputJob], *, force: bool) -> None:
    """Refuse to overwrite a file exporter did not write, or that was edited since."""
    if force:
        return
    for output in jobs:
        target = output.target
        if not target.exists():
            continue
        if target.is_dir():
            raise OutputError("an output path is a folder", path=target,
                              hint="remove or rename the folder")
        recorded = _manifest(target.parent).get(target.name)
        try:
            current = _digest(target.read_bytes())
        except OSError as exc:
            raise OutputError(f"cannot read the existing output: {exc.strerror}", path=target,
                              hint="check the file's permissions") from None
        if recorded != current:
            why = "was edited since exporter wrote it" if recorded else \
                "exists and was not written by exporter"
            raise OutputError(f"{why}; not overwriting", path=target,
                              hint="move it away, or pass --force to overwrite")


def _record(written: Sequence[Path]) -> None:
    by_folder: dict[Path, list[Path]] = {}
    for path in written:
        by_folder.setdefault(path.parent, []).append(path)
    for folder, paths in by_folder.items():
        manifest = _manifest(folder)
        for path in paths:
            manifest[path.name] = _digest(path.read_bytes())
        text = json.dumps(dict(sorted(manifest.items())), indent=2) + "\n"
        write_atomic(folder / MANIFEST, text.encode("utf-8"))


def validate_all(request: BuildRequest, cache: CheckCache | None = None,
                 ) -> tuple[list[ExporterError], list[str]]:
    """Every problem and warning ``exporter check`` can find, collected, not stopping at one.

    With a ``cache``, templates that passed the same check before are not opened again."""
    try:
        plan = prepare(dataclasses.replace(request, force=True), checks=cache)
    except ExporterError as exc:
        return [exc], []
    problems: list[ExporterError] = []
    warnings: list[str] = []
    seen: set[tuple[str, Path, tuple[tuple[str, str], ...]]] = set()
    for output in plan.jobs:
        audience = output.job.audience
        key = (output.fmt, output.job.template.path, tuple(sorted(audience.layouts.items())))
        if key in seen:
            continue
        seen.add(key)
        try:
            found = check_template(output.fmt, output.job.template, audience, cache)
        except ExporterError as exc:
            problems.append(exc)
        else:
            warnings.extend(f"{output.job.template.path}: {w}" for w in found)
    if cache is not None:
        cache.save()
    return problems, list(dict.fromkeys(warnings))


def check_template(fmt: str, template: TemplateFile, audience: Audience,
                   cache: CheckCache | None = None) -> list[str]:
    """Validate one template with its renderer (or find that it passed before); returns
    warnings."""
    key = ""
    if cache is not None:
        key = cache.key(fmt, template.path, template.data, audience.layouts)
        remembered = cache.get(key)
        if remembered is not None:
            return remembered
    found = _check_with_renderer(fmt, template, audience)
    if cache is not None:
        cache.put(key, found, fmt=fmt, path=template.path, data=template.data)
    return found


def _check_with_renderer(fmt: str, template: TemplateFile, audience: Audience) -> list[str]:
    if fmt == "docx":
        from exporter.render.docx import check_template as check_docx

        return check_docx(template)
    from exporter.render.pptx import check_template as check_pptx

    return check_pptx(template, audience.layouts)
