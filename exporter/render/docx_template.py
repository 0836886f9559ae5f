"""Opening a Word template safely, and the small XML helpers the Word renderer shares.

:func:`open_template` turns a template's bytes into a python-docx document or raises a
one-line :class:`~exporter.errors.TemplateError` saying what the file really is and what to
do (an encrypted or legacy .doc, a PowerPoint file, a corrupt zip...). A Word *template*
(.dotx) is accepted by relabelling its main part as a document.

:class:`Notices` sends each warning once per template (the pipeline renders one template
for several audiences) and counts the XML-illegal characters removed from text.
"""

from __future__ import annotations

import functools
import io
import logging
import zipfile
from collections.abc import Iterable

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import NamespacePrefixedTag
from docx.oxml.ns import qn as docx_qn
from docx.oxml.parser import oxml_parser
from lxml import etree

from exporter.errors import TemplateError
from exporter.model import XML_ILLEGAL
from exporter.ooxml import check_package
from exporter.render import TemplateFile

#: python-docx's ``qn``, remembered: drawing a briefing asks for the same few names again
#: and again.
qn = functools.cache(docx_qn)

LOGGER = logging.getLogger("exporter")

_CONTENT_TYPES = "[Content_Types].xml"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACRO_MAIN = "macroEnabled"

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
    """The template as a python-docx document, or a TemplateError saying why not."""
    data = template.data
    path = template.path
    check_package(data, path, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        content_types = package.read(_CONTENT_TYPES).decode("utf-8", "replace")
    if _MACRO_MAIN in content_types:
        raise TemplateError("is a macro-enabled Word file (.docm/.dotm)", path=path,
                            hint="save it as Word Document (.docx) without macros")
    if _DOTX_MAIN in content_types:
        data = _as_document(data, content_types)
    try:
        return docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError,
            OSError) as exc:
        raise TemplateError(f"cannot be read as a Word document ({type(exc).__name__}: "
                            f"{str(exc).splitlines()[0] if str(exc) else 'corrupt'})",
                            path=path, hint="open it in Word or LibreOffice and save it again "
                                            "as .docx") from None


def _as_document(data: bytes, content_types: str) -> bytes:
    """A .dotx package relabelled as a .docx (the only difference is the main part's type)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == _CONTENT_TYPES:
                payload = content_types.replace(_DOTX_MAIN, _DOCX_MAIN).encode("utf-8")
            target.writestr(info, payload)
    return out.getvalue()


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
    """A ``w:t`` (or ``w:instrText``) keeping leading and trailing spaces."""
    node = _new(tag)
    node.text = text
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
