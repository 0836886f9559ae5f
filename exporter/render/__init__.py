"""Renderers: the only modules that import python-docx and python-pptx.

Each renderer takes a :class:`RenderJob` (a document already selected for one audience, the
audience, the template's bytes and the placeholder context) and returns the finished file as
bytes; the pipeline writes it. Import ``exporter.render.docx`` or ``exporter.render.pptx``
only when that format is built, so a deck build never imports python-docx.

A :class:`TemplateFile` is made by the pipeline (:func:`exporter.pipeline.checked_template`),
which has checked its package (:func:`exporter.ooxml.package.check_package`: encrypted,
corrupt, oversized or of the other format) once for the whole build, before any library
opens it; renderers trust it and do not check it again for each audience.

:class:`OutputJob` and :func:`render_output` live here, not in the pipeline, because they
are what worker processes unpickle: a worker imports this light module and its format's
renderer, never the reader and its Markdown parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from exporter.labels import Labels, labels_for

if TYPE_CHECKING:
    from exporter.audience import Audience
    from exporter.model import Document

#: The formats a renderer draws, each by ``exporter.render.<format>``.
RENDERED_FORMATS = ("docx", "pptx")


@dataclass(frozen=True)
class TemplateFile:
    """A template read once per run: its path (for messages) and its bytes."""

    path: Path
    data: bytes


@dataclass(frozen=True)
class RenderJob:
    """Everything one output needs."""

    document: Document
    audience: Audience
    template: TemplateFile
    context: Mapping[str, Any] = field(hash=False)
    #: The bytes of every image the document shows, by its ``src`` (read and checked by
    #: the pipeline, once: a renderer opens no file).
    images: Mapping[str, bytes] = field(default_factory=dict, hash=False)
    #: The words the output adds (:func:`output_labels`; made from the document and the
    #: audience when not given).
    labels: Labels = field(default=cast(Labels, None), hash=False, compare=False)

    def __post_init__(self) -> None:
        if self.labels is None:
            object.__setattr__(self, "labels", output_labels(self.document, self.audience))


def output_labels(document: Document, audience: Audience) -> Labels:
    """The words an output adds, in the document's language (the audience's when it has
    one: :func:`exporter.audience.select` set it), with the profile's overrides, the
    document's date and small numbers written out (:meth:`~exporter.labels.Labels.
    written_out`), so that a render process loads no locale data for them."""
    return labels_for(document.meta.lang, audience.labels).written_out((document.meta.date,))


#: The longest text Office apps keep in a core property.
CORE_PROPERTY_LIMIT = 255


def core_values(job: RenderJob) -> dict[str, str]:
    """What an output's text core properties say (File > Properties), from the front
    matter and the audience's classification, each one line short enough for a core
    property (cut at a word, with an ellipsis); the same in briefings and decks."""
    meta = job.document.meta
    values = {"title": meta.title, "subject": meta.subtitle, "author": meta.author,
              "last_modified_by": meta.author, "keywords": ", ".join(meta.keywords),
              "category": str(job.context.get("classification", "") or ""),
              "comments": meta.summary, "language": meta.lang or "en-US"}
    return {name: _clipped(value) for name, value in values.items()}


def _clipped(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[:CORE_PROPERTY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class OutputJob:
    """One file to render: which renderer, which job, where it goes, and whether it is
    written (not when it is rendered only to be converted to PDF)."""

    fmt: str
    target: Path
    job: RenderJob
    publish: bool = True


def render_output(output: OutputJob) -> bytes:
    """Render one output; imports only the renderer of its format."""
    if output.fmt == "docx":
        from exporter.render.docx import render_briefing

        return render_briefing(output.job)
    from exporter.render.pptx import render_deck

    return render_deck(output.job)


def warn_repaired(template: TemplateFile, repairs: tuple[str, ...]) -> None:
    """One warning naming the damage mended in a template's package
    (:func:`exporter.ooxml.parts.repaired_package`)."""
    if repairs:
        import logging

        logging.getLogger("exporter").warning(
            "%s: repaired the package (%s); save it again in Word, PowerPoint or LibreOffice "
            "to fix it for good", template.path, "; ".join(repairs))


def warn_removed(template: TemplateFile, removed: tuple[str, ...]) -> None:
    """One warning naming what was taken out of a template (macros, external links) so
    that no output reaches outside itself."""
    if not removed:
        return
    import logging

    shown = "; ".join(removed[:3]) + (f"; and {len(removed) - 3} more" if len(removed) > 3
                                      else "")
    logging.getLogger("exporter").warning(
        "%s: removed what would reach outside the document (%s); the outputs do not carry "
        "it", template.path, shown)
