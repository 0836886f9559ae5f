"""read -> select -> render -> write: the build, and the only code that writes files.

:func:`prepare` reads and validates everything a build needs (content, profiles, templates,
images, output folder, hand-edited outputs) before anything is rendered; :func:`build`
renders every output in memory and then writes each one atomically (temporary file in the
same folder, then rename), so a failed build never leaves a broken file nor destroys the
previous good one. A manifest beside the outputs records the hash of each file written, so a
file edited by hand since is never overwritten without ``force``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.audience import FULL_AUDIENCE, Audience, choose, load_profiles, select
from exporter.checkcache import CheckCache
from exporter.errors import ContentError, ExporterError, OutputError, TemplateError
from exporter.files import read_input, write_atomic
from exporter.model import Block, Callout, Document, Image, Quote
from exporter.ooxml import check_package
from exporter.reader import Content, read_content
from exporter.render import FORMATS, OutputJob, RenderJob, TemplateFile
from exporter.render import render_output as render
from exporter.resources import default_audiences_file, default_template
from exporter.templating import document_context

if TYPE_CHECKING:
    from exporter.parallel import Workers

MANIFEST = ".exporter-manifest.json"
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
            template = _read_template(key[0])
            if self._checks is None or not self._checks.passed(fmt, template.path,
                                                               template.data):
                check_package(template.data, template.path, fmt)
            self._files[key] = template
        return self._files[key]


def _read_template(path: Path) -> TemplateFile:
    if path.is_file() and path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"template is {path.stat().st_size // 2**20} MB, over the 200 MB "
                            "limit", path=path, hint="use a smaller template")
    data = read_input(path, error=TemplateError, what="template",
                      missing_hint="check the template path", expected="a .docx or .pptx file")
    return TemplateFile(path=path, data=data)


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
            workers: Workers | None = None, checks: CheckCache | None = None) -> BuildPlan:
    """Read and validate everything; nothing is rendered or written. A long article is
    parsed in pieces by ``workers`` too, while they wait for their outputs; templates that
    ``checks`` remembers as passed are not checked again."""
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


def build(
    request: BuildRequest,
    *,
    plan: BuildPlan | None = None,
    workers: Workers | None = None,
    on_rendered: Callable[[OutputJob], None] | None = None,
) -> list[Path]:
    """Render every output of ``plan`` (prepared now if not given) with ``workers`` (else
    ``request.jobs`` processes), then write them all.

    Returns the paths written."""
    plan = plan or prepare(request, workers=workers)
    if workers is not None:
        results = list(workers.render_all(plan.jobs, render, on_rendered))
    else:
        from exporter.parallel import cpu_count, render_all

        results = list(render_all(plan.jobs, render, request.jobs or cpu_count(),
                                  on_rendered))
    written = []
    for output, data in zip(plan.jobs, results, strict=True):
        write_atomic(output.target, data)
        written.append(output.target)
    _record(written)
    return written


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
