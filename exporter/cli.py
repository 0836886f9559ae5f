"""The ``exporter`` command line: Click commands over the library, nothing more.

stdout carries what a script needs (paths written, JSON); progress, warnings and errors go to
stderr. Every :class:`~exporter.errors.ExporterError` becomes one ``Error: ...`` line and its
exit code (1); usage errors exit 2 (Click). ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import gc
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from exporter.errors import ExporterError, OutputError

F = TypeVar("F", bound=Callable[..., Any])

CONTENT_ARG = click.argument(
    "content", required=False, type=click.Path(path_type=Path, dir_okay=False))
CONTENTS_ARG = click.argument("contents", nargs=-1, type=click.Path(path_type=Path))
AUDIENCES_OPT = click.option(
    "--audiences", "audiences_file", type=click.Path(path_type=Path, dir_okay=False),
    help="Audience profiles file (default: the shipped templates/audiences.yaml).")
DOCX_TEMPLATE_OPT = click.option("--docx-template", type=click.Path(path_type=Path,
                                                                    dir_okay=False),
                                 help="Word template for every audience.")
PPTX_TEMPLATE_OPT = click.option("--pptx-template", type=click.Path(path_type=Path,
                                                                    dir_okay=False),
                                 help="PowerPoint template for every audience.")


def output_selection(verb: str, formats: Sequence[str] = ("docx", "pptx")) -> Callable[[F], F]:
    """The -a / -f / -o options that choose which outputs ``verb`` makes, and where."""

    def decorate(func: F) -> F:
        options = (
            click.option("-a", "--audience", "audience_names", multiple=True,
                         help=f"Audience to {verb} (repeatable; default: every profile)."),
            click.option("-f", "--format", "formats", multiple=True,
                         type=click.Choice(list(formats)),
                         help=f"Format to {verb} (repeatable; default: docx and pptx)."),
            click.option("-o", "--outdir", type=click.Path(path_type=Path, file_okay=False),
                         default=Path("output"), show_default=True, help="Output folder."),
        )
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


class _WarningHandler(logging.Handler):
    """Prints each distinct warning once to stderr as ``Warning: ...``."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message not in self.seen:
            self.seen.add(message)
            click.echo(f"Warning: {message}", err=True)


def _setup_logging() -> None:
    """Warnings of this command to stderr, each once (a fresh handler per command, so a
    program that runs several commands sees each command's warnings)."""
    logger = logging.getLogger("exporter")
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _WarningHandler)]
    logger.addHandler(_WarningHandler())
    logger.propagate = False
    logger.setLevel(logging.WARNING)


def reports_errors(func: F) -> F:
    """Turn ExporterError into ``Error: ...`` and its exit code (unless --debug)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ExporterError as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            _report(exc)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; every output is as a complete build left it",
                       err=True)
            sys.exit(130)

    return cast(F, wrapper)


def _report(error: ExporterError) -> None:
    """``Error: ...`` lines on stderr: one per problem, the first few of many counted."""
    from exporter.errors import Problems

    if not isinstance(error, Problems):
        click.echo(f"Error: {error}", err=True)
        return
    for problem in error.problems[:Problems.SHOWN]:
        click.echo(f"Error: {problem}", err=True)
    hidden = len(error.problems) - Problems.SHOWN
    if hidden > 0:
        click.echo(f"Error: {len(error.problems):,} problems in all; {hidden:,} more not "
                   "shown (fix these and check again)", err=True)


def _progress(count: int, label: str) -> Any:
    """A progress bar on stderr for runs of more than a few files, when stderr is a terminal."""
    return click.progressbar(length=count, label=label, file=sys.stderr,
                             hidden=count <= 3 or not sys.stderr.isatty())


class _BuildProgress:
    """A build's progress bar (:class:`exporter.pipeline.Progress`), and the language of
    each output, for ``--audit``."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.langs: dict[Path, str | None] = {}

    def planned(self, plan: Any) -> None:
        self.langs = {output.target: output.job.document.meta.lang for output in plan.jobs}
        self.bar = _progress(len(plan.jobs), "Building")
        self.bar.__enter__()

    def rendered(self, output: Any) -> None:
        self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _build_request(contents: Sequence[Path], audience_names: Sequence[str],
                   formats: Sequence[str], outdir: Path, audiences_file: Path | None,
                   **options: Any) -> Any:
    """The pipeline's BuildRequest from the options ``build``, ``watch`` and ``preview``
    share (no content: the shipped article)."""
    from exporter.pipeline import DEFAULT_FORMATS, BuildRequest

    return BuildRequest(contents=tuple(contents) or (_content_path(None),), outdir=outdir,
                        audiences=tuple(audience_names),
                        formats=tuple(dict.fromkeys(formats)) or DEFAULT_FORMATS,
                        audiences_file=audiences_file, **options)


def _content_path(content: Path | None) -> Path:
    from exporter.resources import shipped_content

    return content if content is not None else shipped_content()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(package_name="exporter")
def main(debug: bool) -> None:
    """Turn an article's structured content into Word briefings and slide decks."""
    _setup_logging()


def run() -> None:
    """The ``exporter`` program: :func:`main`, in a process that ends with it. What the
    command made is frozen out of the cyclic collector's sight first (``gc.freeze``): the
    interpreter's last collection, as it ends, would otherwise walk every object a build
    made (a twelfth of a small build), only for the process to give back its memory."""
    try:
        main()
    finally:
        gc.freeze()


def build_options(verb: str) -> Callable[[F], F]:
    """What ``build`` and ``watch`` share: the contents, which outputs, templates, profiles,
    processes and safety switches."""

    def decorate(func: F) -> F:
        options = (
            CONTENTS_ARG,
            output_selection(verb, ("docx", "pptx", "pdf")),
            DOCX_TEMPLATE_OPT,
            PPTX_TEMPLATE_OPT,
            AUDIENCES_OPT,
            click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0,
                         help="Render in this many parallel processes (default: one per CPU "
                              "core)."),
            click.option("--force", is_flag=True,
                         help="Overwrite outputs even if edited by hand."),
            click.option("--allow-outside", is_flag=True,
                         help="Allow images from outside the content file's folder."),
        )
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@main.command()
@build_options("build")
@click.option("--audit", "run_audit", is_flag=True,
              help="Audit the outputs for accessibility; exit 1 on any error.")
@reports_errors
def build(contents: Sequence[Path], audience_names: Sequence[str], formats: Sequence[str],
          outdir: Path, docx_template: Path | None, pptx_template: Path | None,
          audiences_file: Path | None, jobs: int, force: bool, allow_outside: bool,
          run_audit: bool) -> None:
    """Build the briefing (.docx) and deck (.pptx) of each audience, for each CONTENTS
    file (a folder: the content files in it; none: the shipped article)."""
    from exporter.pipeline import build as run_build

    request = _build_request(contents, audience_names, formats, outdir, audiences_file,
                             docx_template=docx_template, pptx_template=pptx_template,
                             force=force, jobs=jobs, allow_outside=allow_outside)
    progress = _BuildProgress()
    try:
        written = run_build(request, progress=progress)
    finally:
        progress.finish()
    for path in written:
        click.echo(str(path))
    if run_audit:
        audited = [path for path in written if path.suffix in (".docx", ".pptx")]
        _report_audit(audited, as_json=False, langs=progress.langs)


@main.command()
@build_options("build")
@reports_errors
def watch(contents: Sequence[Path], audience_names: Sequence[str], formats: Sequence[str],
          outdir: Path, docx_template: Path | None, pptx_template: Path | None,
          audiences_file: Path | None, jobs: int, force: bool, allow_outside: bool) -> None:
    """Build, then build again on every change of the content, templates or profiles
    (Ctrl-C stops)."""
    from exporter.watch import watch as run_watch

    request = _build_request(contents, audience_names, formats, outdir, audiences_file,
                             docx_template=docx_template, pptx_template=pptx_template,
                             force=force, jobs=jobs, allow_outside=allow_outside)
    click.echo("Watching; Ctrl-C stops.", err=True)
    try:
        run_watch(request, _WatchReport())
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)


class _WatchReport:
    """Each build of a watch: the paths written on stdout, what changed, the time taken
    and any error on stderr."""

    def rebuilt(self, rebuild: Any) -> None:
        changed = ", ".join(str(path) for path in rebuild.changed[:3])
        if len(rebuild.changed) > 3:
            changed += f" and {len(rebuild.changed) - 3} more"
        cause = f" after changes to {changed}" if changed else ""
        if rebuild.error is not None:
            _report(rebuild.error)
            click.echo(f"Build failed{cause} ({rebuild.seconds:.2f} s); the last good "
                       "outputs are kept; watching on.", err=True)
            return
        for path in rebuild.written:
            click.echo(str(path))
        click.echo(f"Built {len(rebuild.written)} files in {rebuild.seconds:.2f} s{cause}.",
                   err=True)


@main.command()
@CONTENT_ARG
@output_selection("preview")
@AUDIENCES_OPT
@click.option("--no-build", is_flag=True, help="Preview the existing outputs in OUTDIR.")
@click.option("--force", is_flag=True, help="Overwrite outputs even if edited by hand.")
@reports_errors
def preview(content: Path | None, audience_names: Sequence[str], formats: Sequence[str],
            outdir: Path, audiences_file: Path | None, no_build: bool, force: bool) -> None:
    """Render outputs to PDF, PNG pages and a contact sheet each (LibreOffice)."""
    from exporter.pipeline import build as run_build
    from exporter.pipeline import prepare
    from exporter.preview import find_tool
    from exporter.preview import preview as run_preview

    find_tool("soffice")
    find_tool("pdftoppm")
    request = _build_request([content] if content else [], audience_names, formats, outdir,
                             audiences_file, force=no_build or force)
    if no_build:
        sources = [job.target for job in prepare(request).jobs]
        missing = [p for p in sources if not p.is_file()]
        if missing:
            raise OutputError("output not built yet", path=missing[0],
                              hint="run without --no-build, or `exporter build` first")
    else:
        sources = run_build(request)
    results = []
    with _progress(len(sources), "Rendering pages") as bar:
        for source in sources:
            results.append(run_preview(source, source.parent / "preview"))
            bar.update(1)
    for result in results:
        click.echo(str(result.pdf))
        click.echo(str(result.contact_sheet))


@main.command()
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Content file to write (default: ARTICLE's name with .md; - for stdout).")
@click.option("--title", help="Title of the article (default: found in it, else the file name).")
@click.option("--levels", type=click.Choice(["auto", "flat"]), default="auto",
              show_default=True, help="auto: detect subsections; flat: every heading top-level.")
@click.option("--force", is_flag=True, help="Overwrite an existing content file.")
@reports_errors
def ingest(article: Path, output: Path | None, title: str | None, levels: str,
           force: bool) -> None:
    """Turn an ARTICLE (.txt, .md, .html or .docx) into a draft content file."""
    from exporter.files import write_atomic
    from exporter.ingest import ingest_file

    target = output or Path(article.with_suffix(".md").name)
    if str(target) != "-" and target.exists() and not force:
        raise OutputError("content file exists; not overwriting", path=target,
                          hint="pass --force to replace it, or choose another -o")
    result = ingest_file(article, title=title, levels=levels)
    for note in result.notes:
        click.echo(f"{article}: {note}", err=True)
    if result.repairs:
        words = ", ".join(f"{r.before} -> {r.after} (line {r.line})" for r in result.repairs)
        click.echo(f"repaired {len(result.repairs)} words: {words}", err=True)
    if str(target) == "-":
        if result.images:
            click.echo(f"{article}: {len(result.images)} pictures not saved (write the draft "
                       "to a file with -o to save them beside it)", err=True)
        click.echo(result.markdown, nl=False)
        return
    for name, data in result.images:
        write_atomic(target.parent / name, data)
        click.echo(str(target.parent / name))
    write_atomic(target, result.markdown.encode("utf-8"))
    click.echo(str(target))


@main.command()
@CONTENT_ARG
@AUDIENCES_OPT
@DOCX_TEMPLATE_OPT
@PPTX_TEMPLATE_OPT
@click.option("--no-cache", is_flag=True,
              help="Check every template again, even one that passed unchanged before.")
@reports_errors
def check(content: Path | None, audiences_file: Path | None, docx_template: Path | None,
          pptx_template: Path | None, no_cache: bool) -> None:
    """Validate content, audience profiles and templates without building."""
    from exporter.checkcache import CheckCache
    from exporter.errors import Problems
    from exporter.pipeline import BuildRequest, validate_all

    request = BuildRequest(contents=(_content_path(content),), audiences_file=audiences_file,
                           docx_template=docx_template, pptx_template=pptx_template)
    problems, warnings = validate_all(request, None if no_cache else CheckCache())
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    Problems.raise_all(problems)
    click.echo(f"{request.contents[0]}: ok", err=True)


@main.command()
@AUDIENCES_OPT
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@reports_errors
def audiences(audiences_file: Path | None, as_json: bool) -> None:
    """List the audience profiles."""
    from exporter.audience import load_profiles
    from exporter.resources import default_audiences_file

    profiles = load_profiles(audiences_file or default_audiences_file())
    rows = [{
        "name": p.name, "label": p.display_label, "description": p.description,
        "depth": p.depth, "classification": p.classification,
        "docx_template": str(p.docx_template or ""), "pptx_template": str(p.pptx_template or ""),
    } for p in profiles.values()]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['name']:<10} {row['label']:<14} {row['depth']:<8} {row['description']}")


@main.command()
@CONTENT_ARG
@click.option("-a", "--audience", "audience_name", help="Show the document as this audience "
              "sees it.")
@AUDIENCES_OPT
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON.")
@reports_errors
def inspect(content: Path | None, audience_name: str | None, audiences_file: Path | None,
            as_json: bool) -> None:
    """Show the document model, as the renderers see it."""
    from exporter.audience import FULL_AUDIENCE, select
    from exporter.charts import describe
    from exporter.model import Chart, to_data
    from exporter.pipeline import BuildRequest, load_audiences
    from exporter.reader import read_content

    path = _content_path(content)
    audience = FULL_AUDIENCE
    if audience_name:
        request = BuildRequest(contents=(path,), audiences=(audience_name,),
                               audiences_file=audiences_file)
        audience = load_audiences(request)[0][0]
    document = select(read_content(path).document_for(audience), audience)
    if as_json:
        click.echo(json.dumps(to_data(document), indent=2, ensure_ascii=False))
        return
    click.echo(f"{document.meta.title} — {audience.display_label}")
    for section in document.walk():
        indent = "  " * (section.level - 1)
        tags = " ".join(f".{t}" for t in section.tags)
        click.echo(f"{indent}{section.title} {{#{section.id}{' ' + tags if tags else ''}}} "
                   f"[{len(section.blocks)} blocks, {len(section.keypoints)} key points]")
        for chart in (block for block in section.blocks if isinstance(block, Chart)):
            click.echo(f"{indent}  {describe(chart)}")


@main.group()
def templates() -> None:
    """Work with templates."""


@templates.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Copy into an existing, non-empty folder.")
@reports_errors
def templates_init(directory: Path, force: bool) -> None:
    """Copy the shipped templates and audiences.yaml to DIRECTORY to customise."""
    from exporter.resources import copy_templates

    for path in copy_templates(directory, force=force):
        click.echo(str(path))


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--lang", help="Expected document language of briefings, e.g. en-US "
              "(default: any declared language).")
@reports_errors
def audit(files: Sequence[Path], as_json: bool, lang: str | None) -> None:
    """Check .docx and .pptx FILES for accessibility problems."""
    _report_audit(files, as_json=as_json, langs=dict.fromkeys(files, lang))


def _report_audit(files: Sequence[Path], *, as_json: bool,
                  langs: Mapping[Path, str | None]) -> None:
    """Audit every file (an unreadable one does not hide the others); exit 1 on errors."""
    from exporter.audit import ERROR, audit_file, findings_to_json

    findings = []
    unreadable: list[ExporterError] = []
    for path in files:
        try:
            findings.extend(audit_file(path, lang=langs.get(path)))
        except ExporterError as exc:
            unreadable.append(exc)
    if as_json:
        click.echo(findings_to_json(findings))
    else:
        for finding in findings:
            click.echo(str(finding), err=True)
    errors = sum(1 for f in findings if f.severity == ERROR)
    click.echo(f"audit: {len(files)} files, {errors} errors, {len(findings) - errors} "
               f"warnings", err=True)
    for problem in unreadable[:-1]:
        click.echo(f"Error: {problem}", err=True)
    if unreadable:
        raise unreadable[-1]
    if errors:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
