"""Checks that decks and briefings share: the document title, alt text, decorative marks."""

from __future__ import annotations

import re

from lxml import etree

from exporter.audit.findings import Issue, error, warning
from exporter.ooxml.parts import Package, local_name, qn

#: An alt text that is only a file name, as python-docx/python-pptx and some tools leave it.
_FILE_NAME = re.compile(
    r"^[\w\-. ()]+\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic)$", re.IGNORECASE
)
_DRAWING_KINDS = {
    "picture": "picture",
    "chart": "chart",
    "diagram": "diagram",
    "ole": "embedded object",
    "wordprocessingGroup": "group",
}


def core_title(package: Package) -> str:
    """The title in the file's core properties ("" when absent)."""
    core = package.first_related("/", "core-properties")
    if core is None or not package.has(core):
        return ""
    title = package.xml(core).find(qn("dc:title"))
    return (title.text or "").strip() if title is not None else ""


def check_doc_title(package: Package, *, severity_error: bool) -> list[Issue]:
    """``doc-title``: the core properties carry a title."""
    if core_title(package):
        return []
    make = error if severity_error else warning
    return [make("document", "doc-title",
                 "the file has no title; set it in File › Info › Properties › Title "
                 "(core property dc:title)")]


def is_decorative(properties: etree._Element) -> bool:
    """Whether a ``cNvPr``/``docPr`` carries Office's "Mark as decorative" flag."""
    return any(
        local_name(el) == "decorative" and el.get("val", "").lower() in ("1", "true")
        for el in properties.iter()
        if isinstance(el.tag, str)
    )


def drawing_kind(graphic_data_uri: str) -> str | None:
    """``"picture"``, ``"chart"``... for a ``graphicData`` uri; None for tables and shapes."""
    return _DRAWING_KINDS.get(graphic_data_uri.rstrip("/").rsplit("/", 1)[-1])


def alt_text_problem(properties: etree._Element) -> str | None:
    """What is wrong with the alt text of a drawing's ``cNvPr``/``docPr``, or None."""
    if is_decorative(properties):
        return None
    description = (properties.get("descr") or properties.get("title") or "").strip()
    if not description:
        return "has no alt text"
    if _FILE_NAME.match(description):
        return f"has only a file name as alt text ('{description}')"
    return None


ALT_TEXT_FIX = "describe what it shows (right-click › View Alt Text) or mark it decorative"
