"""read -> select -> render -> write: the build.

:func:`prepare` reads and validates everything a build needs (every article, the
profiles, templates, images, the output folder, hand-edited outputs) before anything is
rendered, and reports every problem it finds at once; :func:`build` renders every output in
memory (in a :class:`~exporter.renderpool.RenderPool`: worker processes and this one),
converts what was asked as PDF with one LibreOffice run, and hands the whole set to
:func:`exporter.publish.publish`, the only code that writes outputs, which writes them
atomically as one set.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from exporter.audience import (
    FULL_AUDIENCE,
    Audience,
    choose,
    includes_none,
    load_profiles,
    select,
    unmatched_selectors,
)
from exporter.checkcache import CheckCache
from exporter.errors import ContentError, ExporterError, Problems, TemplateError
from exporter.files import read_input
from exporter.labels import known_language
from exporter.limits import IMAGE_FILE, IMAGE_PIXELS, TEMPLATE_FILE
from exporter.model import Block, Callout, Document, Image, Quote
from exporter.ooxml.package import check_package
from exporter.publish import Output, check_outputs, publish
from exporter.render import (
    RENDERED_FORMATS,
    OutputJob,
    RenderJob,
    TemplateFile,
    output_labels,
)
from exporter.renderpool import LOGGER, RenderPool, collector_paused, cpu_count
from exporter.resources import default_audiences_file, default_template
from exporter.templating import document_context

if TYPE_CHECKING:

    from exporter.reader import Content



#: What a build can write: briefings, decks, and both as PDF.
FORMATS = (*RENDERED_FORMATS, "pdf")
#: What a build writes when no format is asked for.
DEFAULT_FORMATS = RENDERED_FORMATS
#: Content files a folder given as CONTENT stands for.
CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".json")
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class BuildRequest:
    """What the user asked for (the CLI's options). ``contents`` are content files, or
    folders standing for the content files in them."""

    contents: tuple[Path, ...]
    outdir: Path = Path("output")
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    docx_template: Path | None = None
    pptx_template: Path | None = None
    audiences_file: Path | None = None
    force: bool = False
    jobs: int = 1  # processes that render; 0: one per CPU core
    allow_outside: bool = False

    @property
    def rendered_formats(self) -> tuple[str, ...]:
        """The formats to render: those asked for, and both for a PDF."""
        if "pdf" in self.formats:
            return RENDERED_FORMATS
        return tuple(fmt for fmt in RENDERED_FORMATS if fmt in self.formats)


@dataclass
class BuildPlan:
    """Everything validated and ready to render: each output to render (in order), and
    which of them are also written as PDF, where."""

    jobs: list[OutputJob] = field(default_factory=list)
    pdfs: list[tuple[int, Path]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def targets(self) -> list[Path]:
        """Every file the build writes, in order."""
        return [job.target for job in self.jobs if job.publish] + [t for _, t in self.pdfs]


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
    """Each template file read and its package checked once per run (not at all when
    ``checks`` remembers that the same bytes passed). Kept across runs (``exporter
    watch``), a template is read again each run and checked again only when its bytes
    changed."""

    def __init__(self, checks: CheckCache | None = None) -> None:
        self._files: dict[tuple[Path, str], TemplateFile] = {}
        self._read: set[tuple[Path, str]] = set()
        self._checks = checks

    def new_run(self) -> None:
        """Read every template again when next asked for (a new build)."""
        self._read.clear()

    def paths(self) -> list[Path]:
        """The template files read so far."""
        return list(dict.fromkeys(path for path, _ in self._files))

    def get(self, path: Path, fmt: str) -> TemplateFile:
        key = (path.resolve(), fmt)
        if key in self._read:
            return self._files[key]
        data = _read_template(path)
        known = self._files.get(key)
        if known is None or known.data != data:
            self._files[key] = checked_template(path, data, fmt, self._checks)
        self._read.add(key)
        return self._files[key]


def checked_template(path: Path, data: bytes, fmt: str,
                     checks: CheckCache | None = None) -> TemplateFile:
    """The template the renderers are given: ``data`` checked as a ``fmt`` package (unless
    ``checks`` remembers that these bytes passed), so that no renderer checks it again."""
    if checks is None or not checks.passed(fmt, path, data):
        check_package(data, path, fmt)
    return TemplateFile(path=path, data=data)


def _read_template(path: Path) -> bytes:
    return read_input(path, error=TemplateError, what="template",
                      missing_hint="check the template path", expected="a .docx or .pptx file",
                      limit=TEMPLATE_FILE)


def template_for(request: BuildRequest, audience: Audience, fmt: str) -> Path:
    """The template of one output: command line, else the profile's, else the default."""
    override = request.docx_template if fmt == "docx" else request.pptx_template
    profile = audience.docx_template if fmt == "docx" else audience.pptx_template
    return override or profile or default_template(fmt)


def article_name(content: Path) -> str:
    """The name an article's outputs carry: its file name without the suffix, made safe
    for any file system; a name that had to change gets a short hash of the original, so
    that two articles never share one (``a b.md`` and ``a-b.md``)."""
    stem = content.stem
    safe = _UNSAFE_NAME.sub("-", stem).strip(".-")
    if safe == stem:
        return safe
    tag = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{safe or 'article'}-{tag}"


def output_path(outdir: Path, content: Path, audience: Audience, fmt: str) -> Path:
    """``OUTDIR/<article>/<article>--<audience>.<fmt>``, always inside OUTDIR."""
    stem = article_name(content)
    name = _UNSAFE_NAME.sub("-", audience.name).strip(".-") or "audience"
    return outdir / stem / f"{stem}--{name}.{fmt}"


#: What the PDF of each rendered format is called after (``…--analyst--deck.pdf``).
PDF_NAMES = {"docx": "briefing", "pptx": "deck"}


def pdf_path(outdir: Path, content: Path, audience: Audience, fmt: str) -> Path:
    """``OUTDIR/<article>/<article>--<audience>--briefing.pdf`` (or ``--deck.pdf``)."""
    rendered = output_path(outdir, content, audience, fmt)
    return rendered.with_name(f"{rendered.stem}--{PDF_NAMES[fmt]}.pdf")


def content_files(paths: Sequence[Path]) -> list[Path]:
    """The content files ``paths`` name: files as they are, folders as the content files
    in them (``*.md``, ``*.yaml``, ``*.json``... in name order); ContentError for a folder
    without any."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in CONTENT_SUFFIXES and p.is_file())
            if not found:
                raise ContentError("folder has no content files", path=path,
                                   hint="put .md, .yaml or .json content files in it")
            files.extend(found)
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def prepare(request: BuildRequest, content: Content | None = None,
            checks: CheckCache | None = None,
            templates: TemplateCache | None = None) -> BuildPlan:
    """Read and validate everything; nothing is rendered or written. Every problem found is
    reported at once (:class:`~exporter.errors.Problems` when there are several).
    Templates that ``checks`` remembers as passed are not checked again; ``templates``
    keeps templates between runs."""
    templates = templates or TemplateCache(checks)
    templates.new_run()
    with collector_paused():
        return _prepare(request, content, templates)


def _prepare(request: BuildRequest, content: Content | None,
             templates: TemplateCache) -> BuildPlan:
    if "pdf" in request.formats:
        from exporter.preview import find_tool

        find_tool("soffice")
    audiences, _ = load_audiences(request)
    files = content_files(request.contents)
    _refuse_shared_names(files)
    plan = BuildPlan()
    problems: list[ExporterError] = []
    for path in files:
        try:
            _plan_article(plan, request, path, content, audiences, templates)
        except Problems as found:
            problems.extend(found.problems)
        except ExporterError as problem:
            problems.append(problem)
    _warn_unknown_languages(plan)
    if not problems:
        try:
            check_outputs(request.outdir, plan.targets, force=request.force)
        except ExporterError as problem:
            problems.append(problem)
    Problems.raise_all(problems)
    return plan


def _warn_unknown_languages(plan: BuildPlan) -> None:
    """One warning for each language of the build that has no label table."""
    documents = {output.job.document.meta.lang: output.job.document for output in plan.jobs}
    for lang, document in documents.items():
        if not known_language(lang):
            logging.getLogger(LOGGER).warning(
                "%s: no labels in language %r; the words exporter adds (Agenda, Contents, "
                "page numbers...) are in English (an audience profile's `labels:` can "
                "replace them)", document.source_path, lang)


def _warn_unmatched(path: Path, document: Document, audience: Audience) -> None:
    """A warning when an audience's include or exclude list names sections the article
    does not have (and when its include list names none it has, so that it keeps all)."""
    missing = unmatched_selectors(document, audience)
    if not missing:
        return
    kept = "; it keeps every section" if includes_none(document, audience) else ""
    ids = [section.id for section in document.walk()]
    shown = ", ".join(ids[:12]) + (f" and {len(ids) - 12} more" if len(ids) > 12 else "")
    logging.getLogger(LOGGER).warning(
        "%s: audience %s names sections this article does not have (%s)%s — use the ids "
        "of its headings: %s", path, audience.name, ", ".join(missing), kept, shown)


def _refuse_shared_names(files: Sequence[Path]) -> None:
    """Two articles of one build may not write into one output folder."""
    seen: dict[str, Path] = {}
    for path in files:
        name = article_name(path)
        if name in seen:
            raise ContentError(f"two articles are both named {name!r} ({seen[name]} and "
                               f"{path}); their outputs would overwrite each other",
                               path=path, hint="rename one of them, or build them apart")
        seen[name] = path


def _plan_article(plan: BuildPlan, request: BuildRequest, path: Path,
                  content: Content | None, audiences: Sequence[Audience],
                  templates: TemplateCache) -> None:
    """Add one article's outputs to ``plan``."""
    from exporter.reader import read_content  # markdown-it: after the render processes start

    article = content if content is not None and content.path == path else read_content(path)
    base_dir = path.resolve().parent
    for audience in audiences:
        whole = article.document_for(audience)
        _warn_unmatched(path, whole, audience)
        document = select(whole, audience)
        images = read_images(document, base_dir, allow_outside=request.allow_outside)
        labels = output_labels(document, audience)
        context = document_context(document, audience, labels)
        for fmt in request.rendered_formats:
            template = templates.get(template_for(request, audience, fmt), fmt)
            job = RenderJob(document=document, audience=audience, template=template,
                            context=context, images=images, labels=labels)
            if "pdf" in request.formats:
                plan.pdfs.append((len(plan.jobs), pdf_path(request.outdir, path, audience,
                                                           fmt)))
            plan.jobs.append(OutputJob(fmt, output_path(request.outdir, path, audience, fmt),
                                       job, publish=fmt in request.formats))


def iter_images(blocks: Iterable[Block]) -> Iterator[Image]:
    for block in blocks:
        if isinstance(block, Image):
            yield block
        elif isinstance(block, Quote | Callout):
            yield from iter_images(block.blocks)


def read_images(document: Document, base_dir: Path, *, allow_outside: bool
                ) -> dict[str, bytes]:
    """The bytes of every image of ``document``, by ``src``: each found, checked to lie
    inside the content's folder and to be an image, and read once (the renderers are given
    these bytes and open no file)."""
    blocks = list(document.intro)
    for section in document.walk():
        blocks.extend(section.blocks)
    found: dict[str, bytes] = {}
    for image in iter_images(blocks):
        if image.src not in found:
            found[image.src] = read_image(image.src, base_dir, source=document.source_path,
                                          allow_outside=allow_outside)
    return found


def read_image(src: str, base_dir: Path, *, source: str, allow_outside: bool) -> bytes:
    """The bytes of the image ``src``, checked; ContentError naming the content file.

    The path is resolved first (links followed) and checked to lie in ``base_dir``; the
    file is then opened once, without following a link (so one swapped in after the check
    is refused), and read from that descriptor."""
    if not src.strip():
        raise ContentError("an image has no source", path=source,
                           hint="write the picture's file name in ![description](file)")
    if re.match(r"^[a-z][a-z0-9+.-]*://", src, re.I) or "%" in src:
        why = "is a URL" if "://" in src else "is written with %-escapes"
        raise ContentError(f"image {src!r} {why}; exporter reads images from files only",
                           path=source, hint="download the image and refer to the file by "
                                             "its plain name")
    path = (base_dir / src).resolve()
    if not allow_outside and not path.is_relative_to(base_dir):
        raise ContentError(f"image {src!r} lies outside the content's folder", path=source,
                           hint="move it next to the content file, or pass --allow-outside")
    data = read_input(path, error=ContentError, what="image", limit=IMAGE_FILE,
                      missing_hint=f"put the image {src!r} there, or fix its path in {source}",
                      expected="an image file", follow_links=False)
    _check_picture(data, src, source)
    return data


def _check_picture(data: bytes, src: str, source: str) -> None:
    """``data`` is an image Pillow can read, of at most :data:`~exporter.limits.IMAGE_PIXELS`."""
    import io
    import warnings

    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():  # the pixels are counted here, against our limit
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as picture:
                pixels = picture.width * picture.height
                picture.verify()
    except PILImage.DecompressionBombError:
        pixels = IMAGE_PIXELS.count + 1
    except (OSError, SyntaxError, ValueError) as exc:
        raise ContentError(f"image {src!r} is not a readable image ({exc})", path=source,
                           hint="use a PNG, JPEG or GIF file") from None
    if pixels > IMAGE_PIXELS.count:
        raise ContentError(f"image {src!r} has over {IMAGE_PIXELS}; refusing a possible "
                           "decompression bomb", path=source,
                           hint=f"use a smaller image, or {IMAGE_PIXELS.raise_hint}")


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
          progress: Progress | None = None, pool: RenderPool | None = None,
          templates: TemplateCache | None = None) -> list[Path]:
    """Read and validate everything (unless ``plan`` is given), render every output,
    convert the PDFs, then publish the whole set. Returns the paths written.

    The worker processes start first and load their renderers while this process reads
    the content, then this one renders its share too (see
    :class:`~exporter.renderpool.RenderPool`); a caller that builds again and again (``exporter
    watch``) passes its own ``pool`` and ``templates``, kept warm between builds."""
    with contextlib.ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(RenderPool(request.rendered_formats,
                                                  request.jobs or cpu_count()))
        plan = plan or prepare(request, templates=templates)
        if progress is not None:
            progress.planned(plan)
        results = pool.render_all(plan.jobs, progress.rendered if progress else None)
    outputs = [Output(job.target, data) for job, data in zip(plan.jobs, results, strict=True)
               if job.publish]
    if plan.pdfs:
        outputs.extend(_pdfs(plan, results))
    return publish(request.outdir, outputs, force=request.force)


def _pdfs(plan: BuildPlan, results: Sequence[bytes]) -> list[Output]:
    """The PDF outputs of ``plan``, converted by one LibreOffice run."""
    from exporter.preview import convert_to_pdf

    sources = {f"{index}.{plan.jobs[index].fmt}": results[index] for index, _ in plan.pdfs}
    converted = convert_to_pdf(sources)
    return [Output(target, converted[f"{index}.{plan.jobs[index].fmt}"])
            for index, target in plan.pdfs]


def validate_all(request: BuildRequest, cache: CheckCache | None = None,
                 ) -> tuple[list[ExporterError], list[str]]:
    """Every problem and warning ``exporter check`` can find, collected, not stopping at one.

    With a ``cache``, templates that passed the same check before are not opened again."""
    try:
        plan = prepare(dataclasses.replace(request, force=True), checks=cache)
    except Problems as several:
        return list(several.problems), []
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
