"""The Word renderer: a briefing for one audience, drawn into the audience's template.

``render_briefing(job) -> bytes`` works in this order:

1. open the template (:mod:`.docx_template`: repairable damage repaired, clear errors for
   files that are not a .docx); a template without any placeholder is a style reference
   whose own body is left out (:mod:`.docx_reference`);
2. render its Jinja placeholders on the XML tree — body, tables, text boxes, every header
   and footer, core properties (:mod:`.docx_jinja`; docxtpl's tag forms:
   :mod:`.docx_tags`);
3. plan the briefing (:func:`exporter.briefing.plan_briefing`, pure) and draw it with the
   template's styles (:mod:`.docx_blocks`, :mod:`.docx_styles`, :mod:`.docx_numbering`);
4. put it in place of the paragraph holding only ``{{ body }}``, or after the template's own
   text;
5. add the classification banner to every header and footer that does not show it yet,
   on one line inside the page margins (:mod:`.docx_banner`);
6. set core properties and the document language from the front matter, dates from
   ``meta.date`` (never the clock), save, and re-zip reproducibly.

``check_template(template) -> list[str]`` validates a template without rendering it.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from docx.document import Document as DocxDocument
from docx.shared import Inches
from lxml import etree

from exporter.briefing import Heading, plan_briefing
from exporter.ooxml.package import package_date, reproducible_zip
from exporter.ooxml.textlang import mark_word_text
from exporter.render import CORE_PROPERTY_LIMIT, RenderJob, TemplateFile, core_values
from exporter.render.docx_banner import add_banners
from exporter.render.docx_blocks import BodyBuilder, Canvas
from exporter.render.docx_jinja import BODY_SENTINEL, PlaceholderRenderer, clean_context
from exporter.render.docx_numbering import Numbering
from exporter.render.docx_reference import drop_sample_body, has_placeholders, sample_text_notice
from exporter.render.docx_styles import StyleBook, set_language
from exporter.render.docx_template import (
    CORE_TEXT,
    Notices,
    header_footer_roots,
    open_template,
    paragraph_text,
    qn,
)
from exporter.templating import environment, has_jinja, render_text

#: ``{{ title }}``, ``{{ meta.title | upper }}``, docxtpl's ``{{r title }}``...
_TITLE_PLACEHOLDER = re.compile(r"\{\{-?(?:[pr]\s)?\s*(?:meta\.)?title\b")
_BODY_PLACEHOLDER = re.compile(r"^\s*\{\{-?\s*body\s*-?\}\}\s*$")
W_P, W_T = qn("w:p"), qn("w:t")


def render_briefing(job: RenderJob) -> bytes:
    """The finished .docx for ``job`` (a document already selected for its audience)."""
    notices = Notices(job.template)
    document = open_template(job.template)
    if not has_placeholders(document):
        if notice := sample_text_notice(document):
            notices.warn(notice)
        drop_sample_body(document)
    context = clean_context(dict(job.context))
    body = document.element.body
    template_has_title = bool(_TITLE_PLACEHOLDER.search(_all_text(body)))

    placeholders = PlaceholderRenderer(context, path=job.template.path, clean=notices.clean)
    placeholders.render_story(body, "body", {**context, "body": BODY_SENTINEL})
    for root, kind in header_footer_roots(document):
        placeholders.render_story(root, kind)
    rendered_core = _render_core_properties(document, context, job.template)

    styles = StyleBook(document.styles.element, notices.warn)
    styles.ensure_readable_colours()
    numbering = Numbering(document.part, (body, document.styles.element))
    labels = job.labels
    plan = plan_briefing(job.document, job.audience, title_block=not template_has_title,
                         labels=labels)
    canvas = Canvas(
        part=document.part, styles=styles, numbering=numbering, notices=notices,
        text_width=_text_width(document), images=job.images,
        source_path=job.document.source_path, labels=labels,
        anchors={item.key: item.anchor for item in plan if isinstance(item, Heading)},
        bookmark_ids=_counter_after([body], qn("w:bookmarkStart"), qn("w:id")),
        shape_ids=_counter_after([body, *(root for root, _ in header_footer_roots(document))],
                                 qn("wp:docPr"), "id"))
    _place_body(body, BodyBuilder(canvas).build(plan), notices)
    numbering.finish()

    add_banners(document, str(context.get("classification") or ""),
                job.audience.banner_color, styles, notices.warn, notices.clean)
    lang = job.document.meta.lang or "en-US"
    for root in (body, *(root for root, _ in header_footer_roots(document))):
        mark_word_text(root, lang)
    _set_core_properties(document, job, rendered_core, notices)
    set_language(document.styles.element, lang)
    notices.finish()
    return _package(document)


def check_template(template: TemplateFile) -> list[str]:
    """Validate a template without rendering: errors raise, warnings are returned."""
    document = open_template(template)
    body = document.element.body
    checker = PlaceholderRenderer({}, path=template.path, clean=str)
    checker.check_story(body, "body")
    for root, kind in header_footer_roots(document):
        checker.check_story(root, kind)
    for name in CORE_TEXT:
        value = getattr(document.core_properties, name) or ""
        if has_jinja(value):
            _check_syntax(value, template, "core properties")
    warnings = [f"the template has no {name!r} style; a built-in definition will be used"
                for name in StyleBook(document.styles.element, lambda _: None).missing()]
    if not has_placeholders(document) and (notice := sample_text_notice(document)):
        warnings.append(notice)
    anchors = [p for p in body.iter(W_P) if _BODY_PLACEHOLDER.match(paragraph_text(p))]
    if len(anchors) > 1:
        warnings.append("the template has several {{ body }} paragraphs; only the first is used")
    if any(p.getparent() is not body for p in anchors):
        warnings.append("{{ body }} must be a paragraph of its own in the body (not in a table "
                        "or text box) to be replaced by the briefing")
    return warnings


def _check_syntax(source: str, template: TemplateFile, part: str) -> None:
    try:
        environment().parse(source)
    except Exception:  # the exact message comes from render_text
        render_text(source, {}, path=template.path, part=part)


# --- template text ----------------------------------------------------------------------


def _all_text(root: etree._Element) -> str:
    return "".join(node.text or "" for node in root.iter(W_T))


def _render_core_properties(document: DocxDocument, context: Mapping[str, Any],
                            template: TemplateFile) -> set[str]:
    """Render placeholders in the template's core properties; the names rendered."""
    props = document.core_properties
    rendered = set()
    for name in CORE_TEXT:
        value = getattr(props, name) or ""
        if has_jinja(value):
            text = render_text(value, context, path=template.path, part="core properties")
            setattr(props, name, text[:CORE_PROPERTY_LIMIT])
            rendered.add(name)
    return rendered


def _set_core_properties(document: DocxDocument, job: RenderJob, rendered: set[str],
                         notices: Notices) -> None:
    """Front-matter values (where the template had no placeholder) and fixed dates."""
    props = document.core_properties
    for name, value in core_values(job).items():
        if name not in rendered:
            setattr(props, name, notices.clean(value))
    moment = package_date(job.document.meta.date)
    props.created = moment
    props.modified = moment
    props.revision = 1


def _package(document: DocxDocument) -> bytes:
    """The .docx bytes as python-docx saves them, re-zipped reproducibly."""
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue())


# --- body -------------------------------------------------------------------------------


def _text_width(document: DocxDocument) -> int:
    section = document.sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if not width or left is None or right is None or width - left - right <= 0:
        return int(Inches(6.5))
    return int(width - left - right)


def _counter_after(roots: list[etree._Element], tag: str, attribute: str) -> Iterator[int]:
    """Numbers above every ``attribute`` of the ``tag`` elements already in ``roots``."""
    used = [int(value) for root in roots for node in root.iter(tag)
            if (value := node.get(attribute, "")).isdigit()]
    return itertools.count(max(used, default=0) + 1)


def _place_body(body: etree._Element, elements: list[etree._Element],
                notices: Notices) -> None:
    """Replace the ``{{ body }}`` paragraph with ``elements`` (or append them)."""
    anchors = []
    for node in body.iter(W_T):
        if node.text and BODY_SENTINEL in node.text:
            paragraph = next(node.iterancestors(W_P))
            if paragraph.getparent() is body and paragraph_text(paragraph).strip() == \
                    BODY_SENTINEL:
                if paragraph not in anchors:
                    anchors.append(paragraph)
            else:
                node.text = node.text.replace(BODY_SENTINEL, "")
                notices.warn("{{ body }} is only replaced when it is alone in a body "
                             "paragraph; ignored elsewhere")
    if not anchors:
        last = body[-1] if len(body) else None
        position = len(body) - 1 if last is not None and last.tag == qn("w:sectPr") \
            else len(body)
        body[position:position] = elements
        return
    for extra in anchors[1:]:
        body.remove(extra)
        notices.warn("the template has several {{ body }} paragraphs; only the first is used")
    anchor = anchors[0]
    position = body.index(anchor)
    body[position:position] = elements
    if anchor.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        for child in list(anchor):
            if child.tag != qn("w:pPr"):
                anchor.remove(child)
    else:
        body.remove(anchor)
