"""Drawing primitives for decks: shapes, text bodies and colours as DrawingML (lxml).

Builds the XML the deck renderer places on slides and notes pages: placeholders copied from
a layout with an explicit box, text boxes, timeline lines and markers, paragraphs and runs
(sizes decided by the plan, bold/italic/code/links from the content), slide-number fields
and fills.

Elements are made with ``lxml.etree.SubElement`` inside the slide's own tree (python-pptx's
parser, so its proxies still work on them), with namespaced tag names resolved once, and
shape ids come from a per-slide counter (:class:`ShapeTree`) instead of a search of the
slide: drawing costs the same for every slide, however long the deck.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import nsmap, qn
from pptx.oxml.xmlchemy import OxmlElement

from exporter.deck import NoteLine, Para, Rect
from exporter.model import Inline, Run

EMU_PER_PT = 12700
CODE_FONT = "Courier New"
#: PowerPoint's usual id for slide-number fields, used when the layout has none to copy.
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
_R_ID = qn("r:id")
_NSMAP = nsmap("a", "p", "r")


def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


_SHAPE_IDS = etree.XPath(".//*[local-name()='cNvPr']/@id")


def next_shape_id(tree: etree._Element) -> int:
    """One more than the largest shape id on a slide (ids are per slide)."""
    ids = [int(v) for v in _SHAPE_IDS(tree) if v.isdigit()]
    return max(ids, default=1) + 1


class ShapeTree:
    """A slide's (or notes page's) ``p:spTree`` and its next free shape id, counted from
    the ids already there rather than searched for every new shape."""

    def __init__(self, element: etree._Element, next_id: int | None = None) -> None:
        self.element = element
        self._next = next_shape_id(element) if next_id is None else next_id

    def take_id(self) -> int:
        shape_id = self._next
        self._next += 1
        return shape_id

    def taken(self, shape_id: int) -> None:
        """Record an id given by python-pptx (which searches the slide itself)."""
        self._next = max(self._next, shape_id + 1)


class Stamps:
    """Shapes that are the same on many slides (a layout's empty title box, the banner),
    built once and then copied: lxml copies a finished shape several times faster than it
    builds one element by element."""

    def __init__(self) -> None:
        self._scratch = ShapeTree(OxmlElement("p:spTree", nsmap=_NSMAP))
        self._shapes: dict[Hashable, etree._Element] = {}

    def place(self, shapes: ShapeTree, key: Hashable,
              build: Callable[[ShapeTree], etree._Element]) -> etree._Element:
        """A copy of the shape ``build`` makes for ``key``, added to ``shapes`` with the
        next shape id."""
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = build(self._scratch)
        placed = _clone_into(shapes.element, shape)
        placed[0][0].set("id", str(shapes.take_id()))
        return placed


_CLARK: dict[str, str] = {}


def _clark(tag: str) -> str:
    """``{namespace}name`` of a prefixed tag such as ``a:p`` (resolved once)."""
    clark = _CLARK.get(tag)
    if clark is None:
        clark = _CLARK[tag] = qn(tag)
    return clark


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _clark(tag), **attrs)


# ---------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------


def new_shape(shapes: ShapeTree, name: str,
              rect: Rect | tuple[int, int, int, int] | None, *,
              ph: etree._Element | None = None, text_box: bool = False,
              text: bool = True) -> etree._Element:
    """A ``p:sp`` appended to the slide: a placeholder (``ph`` copied from the layout) or a
    text box, with an explicit position (None: inherited) and an empty text body.

    The shape is a copy of a skeleton built once per kind of shape (lxml copies a subtree
    several times faster than it creates its elements one by one); only its id, name,
    placeholder and position are filled in."""
    sp = _clone_into(shapes.element, _skeleton(text_box, rect is not None, text))
    nv, sp_pr = sp[0], sp[1]
    c_nv_pr = nv[0]
    c_nv_pr.set("id", str(shapes.take_id()))
    c_nv_pr.set("name", name)
    if ph is not None:
        _sub(nv[2], "p:ph", **{key: ph.get(key) for key in ("type", "orient", "sz", "idx")
                               if ph.get(key) is not None})
    if rect is not None:
        x, y, cx, cy = _emu_rect(rect)
        off, ext = sp_pr[0]
        off.set("x", str(x))
        off.set("y", str(y))
        ext.set("cx", str(cx))
        ext.set("cy", str(cy))
    return sp


@functools.cache
def _skeleton(text_box: bool, positioned: bool, text: bool) -> etree._Element:
    """The elements every new shape of a kind starts with (ids and positions left blank)."""
    tree = OxmlElement("p:spTree", nsmap=_NSMAP)
    sp = _sub(tree, "p:sp")
    nv = _sub(sp, "p:nvSpPr")
    _sub(nv, "p:cNvPr", id="", name="")
    if text_box:
        _sub(nv, "p:cNvSpPr", txBox="1")
    else:
        _sub(_sub(nv, "p:cNvSpPr"), "a:spLocks", noGrp="1")
    _sub(nv, "p:nvPr")
    sp_pr = _sub(sp, "p:spPr")
    if positioned:
        set_xfrm(sp_pr, (0, 0, 0, 0))
    if text_box:
        _sub(_sub(sp_pr, "a:prstGeom", prst="rect"), "a:avLst")
        _sub(sp_pr, "a:noFill")
    if text:
        body = _sub(sp, "p:txBody")
        _sub(body, "a:bodyPr")
        _sub(body, "a:lstStyle")
    return sp


def _emu_rect(rect: Rect | tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return rect if isinstance(rect, tuple) else (emu(rect.x), emu(rect.y), emu(rect.w),
                                                 emu(rect.h))


def set_xfrm(sp_pr: etree._Element, rect: Rect | tuple[int, int, int, int]) -> None:
    x, y, cx, cy = _emu_rect(rect)
    xfrm = _sub(sp_pr, "a:xfrm")
    _sub(xfrm, "a:off", x=str(x), y=str(y))
    _sub(xfrm, "a:ext", cx=str(cx), cy=str(cy))


def body_pr(sp: etree._Element) -> etree._Element:
    return sp.find(_BODY_PR)


_BODY_PR = f"./{qn('p:txBody')}/{qn('a:bodyPr')}"


def set_body(sp: etree._Element, *, autofit: bool = True, wrap: bool = True,
             insets: Sequence[float] | None = None, anchor: str | None = None) -> None:
    """Body properties: word wrap, insets (points) and anchoring; ``normAutofit`` so
    PowerPoint shrinks text that is edited later to overflow."""
    props = body_pr(sp)
    if wrap:
        props.set("wrap", "square")
    if insets is not None:
        for name, value in zip(("lIns", "tIns", "rIns", "bIns"), insets, strict=True):
            props.set(name, str(emu(value)))
    if anchor:
        props.set("anchor", anchor)
    _sub(props, "a:normAutofit" if autofit else "a:noAutofit")


#: The fills a shape's properties may hold (only one at a time).
_FILLS = ("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")


def set_fill(sp: etree._Element, color: str) -> None:
    """A solid fill, placed where the schema wants it (after the geometry), instead of any
    fill the shape had (a backing panel's, when the banner's colour is set over it)."""
    sp_pr = sp.find(_clark("p:spPr"))
    for kind in _FILLS:
        for old in sp_pr.findall(_clark(kind)):
            sp_pr.remove(old)
    fill = _sub(sp_pr, "a:solidFill")
    _sub(fill, "a:srgbClr", val=color)
    anchor = sp_pr.find(_clark("a:prstGeom"))
    if anchor is None:
        anchor = sp_pr.find(_clark("a:xfrm"))
    anchor.addnext(fill)


def _scheme_fill(parent: etree._Element, color: str) -> None:
    _sub(_sub(parent, "a:solidFill"), "a:schemeClr", val=color)


def _shape_style(parent: etree._Element, refs: Sequence[tuple[str, str]], font: str) -> None:
    """``p:style``: the theme's line, fill and effect references in accent 1, and the minor
    font in ``font`` (what PowerPoint gives a new line or shape)."""
    style = _sub(parent, "p:style")
    for tag, idx in refs:
        _sub(_sub(style, tag, idx=idx), "a:schemeClr", val="accent1")
    _sub(_sub(style, "a:fontRef", idx="minor"), "a:schemeClr", val=font)


def add_line(shapes: ShapeTree, name: str, rect: Rect, width: float) -> None:
    """A straight connector from the left to the right of ``rect`` (at its top), ``width``
    points thick, in the theme's accent colour."""
    cxn = _sub(shapes.element, "p:cxnSp")
    nv = _sub(cxn, "p:nvCxnSpPr")
    _sub(nv, "p:cNvPr", id=str(shapes.take_id()), name=name)
    _sub(nv, "p:cNvCxnSpPr")
    _sub(nv, "p:nvPr")
    sp_pr = _sub(cxn, "p:spPr")
    set_xfrm(sp_pr, (emu(rect.x), emu(rect.y), emu(rect.right) - emu(rect.x), 0))
    _sub(_sub(sp_pr, "a:prstGeom", prst="line"), "a:avLst")
    _scheme_fill(_sub(sp_pr, "a:ln", w=str(emu(width))), "accent1")
    _shape_style(cxn, (("a:lnRef", "2"), ("a:fillRef", "0"), ("a:effectRef", "1")), "tx1")


def add_marker(shapes: ShapeTree, name: str, rect: Rect) -> None:
    """A filled circle in the theme's accent colour, without outline."""
    sp = _sub(shapes.element, "p:sp")
    nv = _sub(sp, "p:nvSpPr")
    _sub(nv, "p:cNvPr", id=str(shapes.take_id()), name=name)
    _sub(nv, "p:cNvSpPr")
    _sub(nv, "p:nvPr")
    sp_pr = _sub(sp, "p:spPr")
    set_xfrm(sp_pr, rect)
    _sub(_sub(sp_pr, "a:prstGeom", prst="ellipse"), "a:avLst")
    _scheme_fill(sp_pr, "accent1")
    _sub(_sub(sp_pr, "a:ln"), "a:noFill")
    _shape_style(sp, (("a:lnRef", "1"), ("a:fillRef", "3"), ("a:effectRef", "2")), "lt1")
    body = _sub(sp, "p:txBody")
    _sub(body, "a:bodyPr", rtlCol="0", anchor="ctr")
    _sub(body, "a:lstStyle")
    _sub(_sub(body, "a:p"), "a:pPr", algn="ctr")


def add_label(shapes: ShapeTree, name: str, rect: Rect, runs: Inline, size: float,
              font: str, *, bold: bool = False, anchor: str = "t", color: str | None = None,
              fill: str | None = None) -> None:
    """A centred text box of ``runs`` (timeline dates and events), not resized by
    PowerPoint: in ``color`` (else the theme's text colour), on a ``fill`` if given."""
    sp = new_shape(shapes, name, rect, text_box=True)
    set_body(sp, anchor=anchor, autofit=False)
    if fill:
        set_fill(sp, fill)
    p = _sub(sp.find(_clark("p:txBody")), "a:p")
    _sub(p, "a:pPr", algn="ctr")
    for run in runs:
        r = _sub(p, "a:r")
        props = _sub(r, "a:rPr", sz=str(round(size * 100)), b="1" if bold or run.bold else "0",
                     i="1" if run.italic else "0")
        if color:
            _sub(_sub(props, "a:solidFill"), "a:srgbClr", val=color)
        else:
            _scheme_fill(props, "tx1")
        _sub(props, "a:latin", typeface=font)
        _sub(r, "a:t").text = run.text


# ---------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------


class TextWriter:
    """Writes paragraphs and runs into text bodies of one part (slide or notes page).

    Paragraph and run elements are copies of prototypes made once per combination of
    properties (level, bullet, size, bold...); only their text (and links) are set here."""

    def __init__(self, part: Part, lang: str) -> None:
        self.part = part
        self.lang = lang or "en-US"

    def paragraphs(self, sp: etree._Element, paras: Sequence[Para], *, font: str | None = None,
                   color: str | None = None, bullets: bool = False, plain: bool = False,
                   bold: bool = False, align: str | None = None) -> None:
        """Replace the text of ``sp`` with ``paras`` (sizes from the plan): with explicit
        ``bullets`` (text boxes), or ``plain`` (no bullet, no indent), or as the
        placeholder's own style has it."""
        body = self._clear(sp)
        for para in paras:
            before = None if para.space_before is None else round(para.space_before * 100)
            p = _clone_into(body, _paragraph(para.level, align, bullets, plain,
                                             para.size if bullets else None, before))
            self.runs(p, para.runs, para.size, font=font, color=color, bold=bold)

    def plain(self, sp: etree._Element, text: str, size: float, **options: object) -> None:
        self.paragraphs(sp, [Para((Run(text),), 0, size)], **options)  # type: ignore[arg-type]

    def runs(self, p: etree._Element, runs: Inline, size: float | None, *,
             font: str | None = None, color: str | None = None, bold: bool = False) -> None:
        for run in runs:
            if not run.text:
                continue
            r = _clone_into(p, _run(self.lang, None if size is None else round(size * 100),
                                    run.bold or bold, run.italic, color,
                                    CODE_FONT if run.code else font))
            r[-1].text = run.text
            if run.link:
                rId = self.part.relate_to(run.link, RT.HYPERLINK, is_external=True)
                _sub(r[0], "a:hlinkClick").set(_R_ID, rId)

    def slide_number(self, sp: etree._Element, number: int, size: float, field_id: str,
                     color: str | None = None) -> None:
        body = self._clear(sp)
        p = _sub(body, "a:p")
        fld = _sub(p, "a:fld", id=field_id, type="slidenum")
        props = _sub(fld, "a:rPr", lang=self.lang, sz=str(round(size * 100)))
        if color:
            fill = _sub(props, "a:solidFill")
            _sub(fill, "a:srgbClr", val=color)
        _sub(fld, "a:t").text = str(number)

    def notes(self, sp: etree._Element, lines: Sequence[NoteLine]) -> None:
        """Speaker notes: paragraphs as paragraphs, list items as real bullets/numbers."""
        body = self._clear(sp)
        for line in lines:
            p = _clone_into(body, _note_paragraph(line.level, line.marker, line.number))
            self.runs(p, line.runs, None)
        if not lines:
            _sub(body, "a:p")

    @staticmethod
    def _clear(sp: etree._Element) -> etree._Element:
        body = sp.find(_clark("p:txBody"))
        for p in body.findall(_clark("a:p")):
            body.remove(p)
        return body


def _clone_into(parent: etree._Element, prototype: etree._Element) -> etree._Element:
    """A copy of ``prototype`` (with everything inside it) appended to ``parent``."""
    element = prototype.__copy__()  # lxml copies the whole subtree
    parent.append(element)
    return element


@functools.cache
def _prototypes() -> etree._Element:
    """Where prototypes live: an element declaring the namespaces of slides."""
    return OxmlElement("p:txBody", nsmap=_NSMAP)


@functools.lru_cache(maxsize=1024)
def _paragraph(level: int, align: str | None, bullets: bool, plain: bool,
               size: float | None, space_before: int | None = None) -> etree._Element:
    """An empty ``a:p`` of slide text: its level, alignment, space before (hundredths of a
    point, when the plan tightened it), bullet or none."""
    p = _sub(_prototypes(), "a:p")
    p_pr = _sub(p, "a:pPr")
    if level:
        p_pr.set("lvl", str(level))
    if align:
        p_pr.set("algn", align)
    if space_before is not None:
        _sub(_sub(p_pr, "a:spcBef"), "a:spcPts", val=str(space_before))
    if bullets and size is not None:
        _bullet(p_pr, level, size)
    elif plain:
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        _sub(p_pr, "a:buNone")
    if not len(p_pr.attrib) and not len(p_pr):
        p.remove(p_pr)
    return p


@functools.lru_cache(maxsize=1024)
def _note_paragraph(level: int, marker: str, number: int) -> etree._Element:
    """An empty ``a:p`` of speaker notes: plain, or a bullet or numbered item."""
    p = _sub(_prototypes(), "a:p")
    if marker or level:
        p_pr = _sub(p, "a:pPr")
        p_pr.set("marL", str(342900 * (level + (1 if marker else 0))))
        if marker:
            p_pr.set("indent", "-228600")
            if marker == "number":
                _sub(p_pr, "a:buFont", typeface="+mj-lt")
                _sub(p_pr, "a:buAutoNum", type="arabicPeriod", startAt=str(number))
            else:
                _sub(p_pr, "a:buFont", typeface="Arial")
                _sub(p_pr, "a:buChar", char="•")
    return p


@functools.lru_cache(maxsize=1024)
def _run(lang: str, size: int | None, bold: bool, italic: bool, color: str | None,
         typeface: str | None) -> etree._Element:
    """An ``a:r`` with its properties and an empty ``a:t``."""
    r = _sub(_prototypes(), "a:r")
    props = _sub(r, "a:rPr", lang=lang)
    if size is not None:
        props.set("sz", str(size))
    if bold:
        props.set("b", "1")
    if italic:
        props.set("i", "1")
    if color:
        _sub(_sub(props, "a:solidFill"), "a:srgbClr", val=color)
    if typeface:
        _sub(props, "a:latin", typeface=typeface)
    _sub(r, "a:t")
    return r


def _bullet(p_pr: etree._Element, level: int, size: float) -> None:
    """An explicit bullet for text boxes that do not inherit a body style."""
    step = round(size * 1.1 * EMU_PER_PT)
    p_pr.set("marL", str(step * (level + 1)))
    p_pr.set("indent", str(-step))
    _sub(p_pr, "a:buFont", typeface="Arial")
    _sub(p_pr, "a:buChar", char="•" if level % 2 == 0 else "–")
