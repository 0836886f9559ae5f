"""Opening a Word template safely, and the small XML helpers the Word renderer shares.

:func:`open_template` turns a template's bytes (a package the pipeline has checked) into a
python-docx document, or raises a one-line :class:`~exporter.errors.TemplateError` when
python-docx cannot read it. A package with repairable damage (parts without a content type,
relationships to missing parts) is repaired first, with a warning
(:func:`exporter.ooxml.parts.repaired_package`); Word templates (.dotx) and macro-enabled
files (.docm, .dotm) are opened as the plain document they hold, without their macros
(:func:`exporter.ooxml.parts.editable_package`).

:class:`Notices` sends each warning once per template (the pipeline renders one template
for several audiences) and counts the XML-illegal characters removed from text.
"""

from __future__ import annotations

import functools
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.opc.rel import Relationships
from docx.oxml.ns import NamespacePrefixedTag
from docx.oxml.ns import qn as docx_qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from exporter.errors import TemplateError
from exporter.model import XML_ILLEGAL
from exporter.ooxml.parts import editable_package, repaired_package
from exporter.render import TemplateFile, warn_removed, warn_repaired

#: python-docx's ``qn``, remembered: drawing a briefing asks for the same few names again
#: and again.
qn = functools.cache(docx_qn)

LOGGER = logging.getLogger("exporter")
#: The text core properties, where placeholders may be written.
CORE_TEXT = ("title", "subject", "author", "keywords", "category", "comments",
             "content_status", "identifier", "version", "last_modified_by")


class Notices:
    """Warnings about one rendering, each logged once (the CLI folds repeats across outputs)."""

    def __init__(self, template: TemplateFile) -> None:
        self.path = str(template.path)
        self.messages: list[str] = []
        self.removed_characters = 0

    def warn(self, message: str) -> None:
        if message in self.messages:
            return
        self.messages.append(message)
        LOGGER.warning("%s: %s", self.path, message)

    def clean(self, text: str) -> str:
        """``text`` without the characters XML cannot hold (counted for one warning)."""
        cleaned, count = XML_ILLEGAL.subn("", text)
        self.removed_characters += count
        return cleaned

    def finish(self) -> None:
        if self.removed_characters:
            self.warn(f"removed {self.removed_characters} control character(s) that a Word "
                      "file cannot hold")


def open_template(template: TemplateFile) -> DocxDocument:
    """The template as a python-docx document without anything that reaches outside it (a
    warning names what was removed), or a TemplateError saying why not."""
    path = template.path
    data, repairs = repaired_package(template.data, "docx")
    warn_repaired(template, repairs)
    data, removed = editable_package(data, "docx")
    warn_removed(template, removed)
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError,
            OSError) as exc:
        raise TemplateError(f"cannot be read as a Word document ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0] if str(exc) else 'corrupt'})",
                            path=path, hint="open it in Word or LibreOffice and save it again "
                                            "as .docx") from None
    if _drop_dangling_header_references(document):
        LOGGER.warning("%s: repaired the package (removed references to headers or footers "
                       "it does not hold); save it again in Word or LibreOffice to fix it for "
                       "good", path)
    return document


def _drop_dangling_header_references(document: DocxDocument) -> int:
    """Remove the sections' references to headers and footers the document has no
    relationship to (or that are not headers and footers); how many there were."""
    rels = document.part.rels
    dangling = [reference for section in document.element.body.iter(qn("w:sectPr"))
                for reference in section.iterchildren(qn("w:headerReference"),
                                                      qn("w:footerReference"))
                if not _reaches_story(rels, reference.get(qn("r:id"), ""))]
    for reference in dangling:
        reference.getparent().remove(reference)
    return len(dangling)


def _reaches_story(rels: Relationships, rel_id: str) -> bool:
    """Whether the relationship ``rel_id`` reaches a header or footer python-docx has read
    as one."""
    rel = rels.get(rel_id)
    return (rel is not None and not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER)
            and isinstance(rel.target_part, XmlPart))


def header_footer_roots(document: DocxDocument) -> Iterator[tuple[etree._Element, str]]:
    """Each header and footer part once (sections may share them), with its kind."""
    seen: set[int] = set()
    rels = document.part.rels
    for rel_id, rel in rels.items():
        if not _reaches_story(rels, rel_id):
            continue
        part = rel.target_part
        if id(part) in seen:
            continue
        seen.add(id(part))
        yield part.element, "header" if rel.reltype == RT.HEADER else "footer"


# --- XML helpers ------------------------------------------------------------------------


def _new(tag: str) -> etree._Element:
    """What python-docx's ``OxmlElement(tag)`` gives, with the tag's name resolved once."""
    clark, nsmap = _names(tag)
    return oxml_parser.makeelement(clark, nsmap=nsmap)


@functools.cache
def _names(tag: str) -> tuple[str, dict[str, str]]:
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


def element(tag: str, attrs: dict[str, str] | None = None,
            children: Iterable[etree._Element] = ()) -> etree._Element:
    """A new WordprocessingML element (``w:p``...) with ``w:`` attributes and children."""
    node = _new(tag)
    for key, value in (attrs or {}).items():
        node.set(qn(key) if ":" in key else key, value)
    for child in children:
        node.append(child)
    return node


def text_element(text: str, tag: str = "w:t") -> etree._Element:
    """A ``w:t`` (or ``w:instrText``) keeping leading and trailing spaces.

    ``xml:space="preserve"`` is written only where there is such a space, as Word does:
    besides being shorter, each such attribute made in a separate element refers to its
    own copy of the XML namespace, and lxml's cost of moving a subtree into the document
    grows with the square of those (a long table took minutes to place)."""
    node = _new(tag)
    node.text = text
    if text[:1].isspace() or text[-1:].isspace():
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return node


def paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a ``w:p`` (its own runs, not those of nested text boxes)."""
    return "".join(node.text or "" for node in text_nodes(paragraph))


def text_nodes(root: etree._Element) -> list[etree._Element]:
    """The ``w:t`` elements of a paragraph in reading order, skipping nested text boxes."""
    found: list[etree._Element] = []
    stack = [iter(root)]
    skip = (qn("w:txbxContent"), qn("w:delText"))
    tag_t = qn("w:t")
    while stack:
        for node in stack[-1]:
            if node.tag == tag_t:
                found.append(node)
            elif node.tag not in skip and len(node):
                stack.append(iter(node))
                break
        else:
            stack.pop()
    return found
