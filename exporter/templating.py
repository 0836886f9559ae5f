"""Jinja2 for content files and Office templates: one sandboxed environment, one context.

Everything Jinja renders (content files, placeholders in .docx/.pptx parts, core
properties) goes through :func:`render_text`, which uses the sandbox of
:mod:`exporter.sandbox` (``jinja2.sandbox.SandboxedEnvironment`` bounded in time, output,
value sizes, numbers and depth) with ``StrictUndefined``: template code cannot reach
Python internals (``''.__class__`` is refused), cannot make exporter hang or exhaust
memory, and a typo names the missing variable. Jinja errors and limits reached become
:class:`~exporter.errors.TemplateSyntaxError` naming the file, the part (body, header,
footer...), the line and the text around the problem.

Content files use ``{## ... ##}`` for Jinja comments, because ``{#id}`` after a heading is
the heading-attribute syntax.

Jinja2 is imported the first time something has Jinja syntax to render: reading a content
file without any, or building a deck from a template without placeholders, never loads it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporter.audience import Audience
from exporter.errors import TemplateSyntaxError
from exporter.labels import Labels, labels_for
from exporter.model import Document, Section, plain_text

if TYPE_CHECKING:
    import jinja2

    from exporter.sandbox import BoundedSandbox


@functools.cache
def environment(*, content: bool = False) -> BoundedSandbox:
    """The shared sandboxed environment (``content=True``: ``{## ##}`` comments)."""
    import jinja2

    from exporter.sandbox import BoundedSandbox

    options: dict[str, Any] = {}
    if content:
        options.update(comment_start_string="{##", comment_end_string="##}")
    env = BoundedSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
        **options,
    )
    return env


def has_jinja(text: str, *, content: bool = False) -> bool:
    """Whether ``text`` holds any Jinja syntax at all (fast path: nothing to render)."""
    comment = "{##" if content else "{#"
    return "{{" in text or "{%" in text or comment in text


@functools.lru_cache(maxsize=4096)
def _compile(source: str, content: bool) -> jinja2.Template:
    return environment(content=content).from_string(source)


def render_text(
    source: str,
    context: Mapping[str, Any],
    *,
    path: str | Path,
    part: str = "",
    content: bool = False,
    line_offset: int = 0,
) -> str:
    """Render ``source`` in the sandbox; Jinja errors become TemplateSyntaxError."""
    if not has_jinja(source, content=content):
        return source
    import jinja2

    from exporter.sandbox import RenderLimitError

    where = f" in the {part}" if part else ""
    try:
        return _compile(source, content).render(context)
    except jinja2.TemplateSyntaxError as exc:
        near = f" near {_around(source, exc.lineno)!r}" if exc.lineno else ""
        raise TemplateSyntaxError(
            f"Jinja syntax error{where}: {exc.message}{near}",
            path=path, line=exc.lineno + line_offset if content and exc.lineno else None,
            hint="fix the placeholder's {{ }} or {% %} syntax") from None
    except jinja2.UndefinedError as exc:
        raise TemplateSyntaxError(
            f"unknown variable{where}: {exc.message}", path=path,
            line=_error_line(exc, line_offset) if content else None,
            hint=f"use one of: {', '.join(sorted(context))}") from None
    except RenderLimitError as exc:
        raise TemplateSyntaxError(
            f"template limit reached{where}: {exc}", path=path,
            line=_error_line(exc, line_offset) if content else None,
            hint=f"simplify the template, or {exc.limit.raise_hint}") from None
    except (RecursionError, MemoryError) as exc:
        problem = "nested too deeply" if isinstance(exc, RecursionError) else "too large"
        raise TemplateSyntaxError(f"template {problem} to render{where}", path=path,
                                  hint="simplify the template") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateSyntaxError(
            f"unsafe template code refused{where}: {exc}", path=path,
            hint="templates may only read the documented variables") from None
    except jinja2.TemplateError as exc:
        raise TemplateSyntaxError(f"template error{where}: {exc}", path=path,
                                  hint="check the placeholder") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise TemplateSyntaxError(f"template error{where}: {exc}", path=path,
                                  hint="check the placeholder's expression") from None


def _around(source: str, lineno: int | None) -> str:
    lines = source.splitlines() or [source]
    index = max(0, min(len(lines), lineno or 1) - 1)
    text = lines[index].strip()
    return text if len(text) <= 80 else text[:77] + "..."


def _error_line(exc: BaseException, offset: int) -> int | None:
    """The template line from the traceback of a render-time error, if any."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return None if line is None else line + offset


def _section_context(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "level": section.level,
        "tags": list(section.tags),
        "keypoints": [plain_text(point) for point in section.keypoints],
        "subsections": [_section_context(child) for child in section.subsections],
    }


def document_context(document: Document, audience: Audience,
                     labels: Labels | None = None) -> dict[str, Any]:
    """What Office-template placeholders can use (DESIGN.md: Templates), with the words
    of :mod:`exporter.labels` in the document's language (``labels`` when given):
    ``labels`` (the audience, date and classification filled in), ``display_date`` and
    ``page_numbering``."""
    meta = document.meta
    labels = labels or labels_for(meta.lang, audience.labels)
    classification = audience.classification or meta.classification
    shown_date = labels.date(meta.date)
    return {
        **free_variables(document, audience),
        "title": meta.title,
        "subtitle": meta.subtitle,
        "date": meta.date,
        "display_date": shown_date,
        "summary": meta.summary,
        "classification": classification,
        "audience": audience.template_context(),
        "meta": meta.as_dict(),
        "sections": [_section_context(section) for section in document.sections],
        "labels": labels.filled(audience=audience.display_label, date=shown_date,
                                classification=classification),
        "page_numbering": labels.page_numbering(),
    }


def free_variables(document: Document, audience: Audience) -> dict[str, Any]:
    """The ``vars:`` of the front matter and of the profile (which wins), by name: what a
    template written for another engine (docxtpl's ``{{ name }}``) reads at the top level.
    The documented names (``title``, ``audience``...) always mean what they document."""
    front_matter = document.meta.extra.get("vars") or {}
    found = {**front_matter, **dict(audience.vars)} if isinstance(front_matter, dict) else \
        dict(audience.vars)
    return {str(name): value for name, value in found.items()}


def content_context(audience: Audience) -> dict[str, Any]:
    """What a content file can use before it is parsed: the audience."""
    return {"audience": audience.template_context()}
