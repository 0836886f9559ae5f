"""Real Word lists: numbering definitions added to the template's numbering part.

Two abstract definitions are added once per document (bullets and decimal numbers, nine
levels each, with their indents). Bullet lists share one ``w:num``; each numbered list gets
its own ``w:num`` with a ``w:lvlOverride/w:startOverride``, so every new list restarts at
its start number while the items of one list (even around nested lists) keep counting.
The numbering part is created when the template has none. New ids are above every id the
template uses or refers to (a style pointing to a list the numbering part lacks must not
become one of ours).

A template's heading numbering numbers our headings only when the template asks for it:
when the numbering its heading style carries shows a number or letter and is tied back to
that style (the level names it in ``w:pStyle``: what Word writes when a multilevel list is
linked to the heading styles, and LibreOffice for chapter numbering). Numbering a heading
style merely points to — a list of the sample text, a definition that does not exist — is
switched off on our headings (:meth:`Numbering.unasked`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.parts.document import DocumentPart
from docx.parts.numbering import NumberingPart
from lxml import etree

from exporter.render.docx_template import element, qn

if TYPE_CHECKING:
    from exporter.render.docx_styles import StyleBook

_BULLETS = ("\u2022", "\u2013", "\u25aa")
_NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
INDENT_STEP = 360  # twips per level
HANGING = 360
_LEVELS = 9


def list_indent(level: int) -> tuple[int, int]:
    """(left, hanging) indent in twips of a list paragraph at ``level``."""
    return INDENT_STEP * (level + 1), HANGING


class Numbering:
    """Numbering definitions for the briefing's lists."""

    def __init__(self, document_part: DocumentPart,
                 referring: Iterable[etree._Element] = ()) -> None:
        """``referring``: the parts whose paragraphs and styles may refer to lists."""
        self.root = _numbering_root(document_part)
        abstract_ids = [n.get(qn("w:abstractNumId"), "") for n in
                        self.root.iterfind(qn("w:abstractNum"))]
        abstract_ids += [n.get(qn("w:val"), "") for n in
                         self.root.iterfind(f"{qn('w:num')}/{qn('w:abstractNumId')}")]
        num_ids = [n.get(qn("w:numId"), "") for n in self.root.iterfind(qn("w:num"))]
        num_ids += [n.get(qn("w:val"), "") for root in referring for n in root.iter(qn("w:numId"))]
        self._next_abstract = _largest(abstract_ids, -1) + 1
        self._next_num = _largest(num_ids, 0) + 1
        self._abstracts: dict[bool, int] = {}
        self._bullet_num: int | None = None
        self._new_abstracts: list[etree._Element] = []
        self._new_nums: list[etree._Element] = []

    def new_list(self, ordered: bool, level: int, start: int = 1) -> int:
        """The ``w:numId`` for a new list at ``level`` (bullets share one)."""
        if not ordered and self._bullet_num is not None:
            return self._bullet_num
        num_id = self._next_num
        self._next_num += 1
        num = element("w:num", {"w:numId": str(num_id)},
                      [element("w:abstractNumId", {"w:val": str(self._abstract(ordered))})])
        if ordered:
            num.append(element("w:lvlOverride", {"w:ilvl": str(level)}, [
                element("w:startOverride", {"w:val": str(max(0, start))})]))
        else:
            self._bullet_num = num_id
        self._new_nums.append(num)
        return num_id

    def _abstract(self, ordered: bool) -> int:
        if ordered not in self._abstracts:
            abstract_id = self._next_abstract
            self._next_abstract += 1
            self._abstracts[ordered] = abstract_id
            self._new_abstracts.append(_abstract_num(abstract_id, ordered))
        return self._abstracts[ordered]

    def unasked(self, style_id: str, styles: StyleBook) -> bool:
        """Whether the paragraph style ``style_id`` carries numbering the template does not
        ask for on headings (see the module's note): our headings then switch it off."""
        num_pr = styles.inherited(style_id, "w:pPr/w:numPr")
        num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
        if num_pr is None or num_id is None or num_id.get(qn("w:val")) in (None, "0"):
            return False
        ilvl = num_pr.find(qn("w:ilvl"))
        level = self._level(num_id.get(qn("w:val"), ""),
                            ilvl.get(qn("w:val"), "0") if ilvl is not None else "0", styles)
        if level is None:
            return True
        number_format = level.find(qn("w:numFmt"))
        text = level.find(qn("w:lvlText"))
        if (number_format is not None and number_format.get(qn("w:val")) == "none") or (
                text is not None and not (text.get(qn("w:val")) or "").strip()):
            return False  # shows nothing
        linked = level.find(qn("w:pStyle"))
        return linked is None or linked.get(qn("w:val")) != style_id

    def _level(self, num_id: str, ilvl: str, styles: StyleBook) -> etree._Element | None:
        """The ``w:lvl`` a list and level number show: the list's own override, else its
        abstract definition's (or that of the numbering style the definition links to)."""
        num = self._num(num_id)
        if num is None:
            return None
        for override in num.iterfind(qn("w:lvlOverride")):
            if override.get(qn("w:ilvl")) == ilvl and override.find(qn("w:lvl")) is not None:
                return override.find(qn("w:lvl"))
        abstract = self._abstract_of(num)
        link = abstract.find(qn("w:numStyleLink")) if abstract is not None else None
        if link is not None:
            linked = styles.inherited(link.get(qn("w:val"), ""), "w:pPr/w:numPr/w:numId")
            linked_num = self._num(linked.get(qn("w:val"), "")) if linked is not None else None
            abstract = self._abstract_of(linked_num) if linked_num is not None else None
        if abstract is None:
            return None
        return next((lvl for lvl in abstract.iterfind(qn("w:lvl"))
                     if lvl.get(qn("w:ilvl")) == ilvl), None)

    def _num(self, num_id: str) -> etree._Element | None:
        return next((num for num in self.root.iterfind(qn("w:num"))
                     if num.get(qn("w:numId")) == num_id), None)

    def _abstract_of(self, num: etree._Element) -> etree._Element | None:
        ref = num.find(qn("w:abstractNumId"))
        wanted = ref.get(qn("w:val")) if ref is not None else None
        return next((abstract for abstract in self.root.iterfind(qn("w:abstractNum"))
                     if abstract.get(qn("w:abstractNumId")) == wanted), None)

    def finish(self) -> None:
        """Write the new definitions (abstract ones before every ``w:num``, as the schema
        requires)."""
        children = list(self.root)
        last_abstract = max((i for i, c in enumerate(children)
                             if c.tag == qn("w:abstractNum")), default=None)
        if last_abstract is None:
            last_abstract = max((i for i, c in enumerate(children)
                                 if c.tag == qn("w:numPicBullet")), default=-1)
        self.root[last_abstract + 1:last_abstract + 1] = self._new_abstracts
        children = list(self.root)
        cleanup = next((i for i, c in enumerate(children)
                        if c.tag == qn("w:numIdMacAtCleanup")), len(children))
        self.root[cleanup:cleanup] = self._new_nums


def _largest(values: Iterable[str], default: int) -> int:
    return max((int(value) for value in values if value.isdigit()), default=default)


def _numbering_root(document_part: DocumentPart) -> etree._Element:
    try:
        return cast(NumberingPart, document_part.part_related_by(RT.NUMBERING)).element
    except KeyError:
        pass
    root = parse_xml(f"<w:numbering {nsdecls('w')}/>")
    partname = PackURI("/word/numbering.xml")
    if any(part.partname == partname for part in document_part.package.iter_parts()):
        partname = document_part.package.next_partname("/word/numbering%d.xml")
    part = NumberingPart(partname, CT.WML_NUMBERING, root, document_part.package)
    document_part.relate_to(part, RT.NUMBERING)
    return root


def _abstract_num(abstract_id: int, ordered: bool) -> etree._Element:
    abstract = element("w:abstractNum", {"w:abstractNumId": str(abstract_id)},
                       [element("w:multiLevelType", {"w:val": "hybridMultilevel"})])
    for level in range(_LEVELS):
        if ordered:
            fmt, text = _NUMBER_FORMATS[level % 3]
            text = text.format(n=level + 1)
            font = None
        else:
            fmt, text = "bullet", _BULLETS[level % 3]
            font = "Calibri"
        left, hanging = list_indent(level)
        lvl = element("w:lvl", {"w:ilvl": str(level)}, [
            element("w:start", {"w:val": "1"}),
            element("w:numFmt", {"w:val": fmt}),
            element("w:lvlText", {"w:val": text}),
            element("w:lvlJc", {"w:val": "left"}),
            element("w:pPr", children=[
                element("w:ind", {"w:left": str(left), "w:hanging": str(hanging)})]),
        ])
        if font:
            lvl.append(element("w:rPr", children=[element("w:rFonts", {
                "w:ascii": font, "w:hAnsi": font, "w:hint": "default"})]))
        abstract.append(lvl)
    return abstract
