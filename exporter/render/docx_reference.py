"""A Word template without placeholders, used as a style reference (as pandoc uses its
reference.docx).

A template with no Jinja placeholder anywhere (body, tables, text boxes, headers, footers,
document properties) is somebody's document or another tool's example: a reference file
whose body shows its styles ("Heading 1", "Body Text"), a thesis with its title pages and
sample chapters, an example of another engine with its own tags. Its styles, numbering,
page setup (the last section's, which the body ends with), headers and footers are what
the briefing uses; its own text is left out (:func:`drop_sample_body`, with one warning
when there was text to leave out: :func:`sample_text_notice`), so the briefing starts on
the first page. A template
with placeholders keeps its own text: its author wrote it for exporter.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from exporter.render.docx_jinja import story_has_jinja
from exporter.render.docx_template import CORE_TEXT, header_footer_roots, paragraph_text, qn
from exporter.templating import has_jinja

#: Relationships of the document that exist only because its body refers to them (the
#: body's pictures, links, objects and the headers of its sections); the others (styles,
#: numbering, settings, footnotes...) belong to the document as a whole.
_REFERRED_TO = frozenset({
    RT.HEADER, RT.FOOTER, RT.IMAGE, RT.HYPERLINK, RT.OLE_OBJECT, RT.PACKAGE, RT.CHART,
    RT.DIAGRAM_DATA, RT.DIAGRAM_LAYOUT, RT.DIAGRAM_QUICK_STYLE, RT.DIAGRAM_COLORS,
    RT.A_F_CHUNK, RT.CONTROL, RT.VIDEO, RT.AUDIO})
_R_NAMESPACE = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SHOWN = (qn("w:tbl"), qn("w:drawing"), qn("w:pict"), qn("w:object"))


def has_placeholders(document: DocxDocument) -> bool:
    """Whether the template holds Jinja anywhere exporter renders it."""
    if story_has_jinja(document.element.body):
        return True
    if any(story_has_jinja(root) for root, _ in header_footer_roots(document)):
        return True
    properties = document.core_properties
    return any(has_jinja(getattr(properties, name) or "") for name in CORE_TEXT)


def sample_text_notice(document: DocxDocument) -> str:
    """The warning that a style reference's own text is left out ("" when its body shows
    nothing)."""
    shown = _shown_content(document.element.body)
    if not shown:
        return ""
    return (f"the template has no placeholder, so it is used as a style reference: its "
            f"styles, page setup, headers and footers are used and its own text ({shown}) "
            "is left out (write {{ body }} where the briefing goes to keep it)")


def drop_sample_body(document: DocxDocument) -> None:
    """Empty the body but for its last section's properties, and drop what only the body
    referred to."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_unreferenced_relationships(document)


def _shown_content(body: etree._Element) -> str:
    """What the body shows, counted for the warning ("3 paragraphs, 1 table")."""
    counts = {"paragraph": 0, "table": 0, "picture": 0}
    for node in body.iter(qn("w:p"), *_SHOWN):
        if node.tag == qn("w:p"):
            counts["paragraph"] += bool(paragraph_text(node).strip())
        else:
            counts["table" if node.tag == qn("w:tbl") else "picture"] += 1
    return ", ".join(f"{count} {name}{'s' if count > 1 else ''}"
                     for name, count in counts.items() if count)


def _drop_unreferenced_relationships(document: DocxDocument) -> None:
    """Remove the relationships that nothing left in the document refers to, so that the
    sample's pictures and the headers of its other sections are not carried along."""
    referenced = {value for node in document.element.iter() if isinstance(node.tag, str)
                  for name, value in node.attrib.items() if name.startswith(_R_NAMESPACE)}
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in _REFERRED_TO and rel_id not in referenced:
            part.drop_rel(rel_id)
