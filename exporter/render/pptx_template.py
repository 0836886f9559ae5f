"""PowerPoint templates: opening them and reading their placeholders.

Owns what the deck renderer learns from a user's .pptx (or .potx) before it chooses
layouts (:mod:`exporter.render.pptx_layouts`):

- :func:`open_template` opens a template whose package the pipeline has checked, accepts
  templates (.potx), shows and macro-enabled files (macros dropped,
  :func:`exporter.ooxml.parts.editable_package`), removes the sample slides while keeping
  masters, layouts, theme, fonts and footers, and gives masters exported by LibreOffice the
  text styles they lack;
- :func:`render_placeholders` renders Jinja placeholders in the text of masters and layouts;
- :func:`resolve` reads a layout's (or master's) placeholder as its real box, insets, fonts,
  sizes, spacing, alignment and text colour through the layout, the master and the theme,
  by the inheritance rules of :mod:`exporter.ooxml.presentation` (those the audit judges
  decks by). Templates exported by LibreOffice (no text styles on the master, every
  placeholder idx 0) are read by placeholder type and position.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn as pptx_qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.presentation import Presentation as PresentationObject
from pptx.slide import SlideMaster

from exporter.deck import (
    TITLE_MIN_RATIO,
    TITLE_MIN_SIZE,
    Frame,
    Rect,
    TextStyle,
    body_floor,
    size_floor,
)
from exporter.errors import TemplateError, TemplateSyntaxError
from exporter.ooxml import presentation as pml
from exporter.ooxml.colour import BLACK, RGB, required_ratio
from exporter.ooxml.parts import editable_package, repaired_package
from exporter.render import TemplateFile, warn_removed, warn_repaired
from exporter.render.pptx_artwork import EMU_PER_PT, Behind, Ink, readable_ink
from exporter.templating import environment, has_jinja, render_text

#: python-pptx's ``qn``, remembered: reading a template asks for the same few dozen names
#: thousands of times.
qn = functools.cache(pptx_qn)
_DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # left, top, right, bottom (EMU)
_VERTICAL = {"vert", "vert270", "eaVert", "mongolianVert", "wordArtVert", "wordArtVertRtl"}
TITLE_TYPES = pml.TITLE_TYPES
BODY_TYPES = {"body", "obj"}
FOOTER_TYPES = {"ftr", "sldNum", "dt"}
#: Footer text (classification, slide number) is never smaller than this (accessibility).
MIN_FOOTER_SIZE = 12.0
#: Roles whose text boxes hold plain paragraphs (subtitle, section text, caption), not bullets.
PLAIN_ROLES = frozenset({"title", "section", "picture"})


# ---------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedTemplate:
    """A template opened: the presentation without its sample slides, and the boxes those
    slides put body text in, by the part name of their layout."""

    prs: PresentationObject
    samples: Mapping[str, tuple[Rect, ...]]


def open_template(template: TemplateFile) -> OpenedTemplate:
    """The template as a presentation without sample slides and without anything that
    reaches outside it (a warning names what was removed), and where its sample slides had
    their body text; TemplateError when unusable."""
    data, repairs = repaired_package(template.data, "pptx")
    warn_repaired(template, repairs)
    data, removed = editable_package(data, "pptx")
    warn_removed(template, removed)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many kinds for broken packages
        raise TemplateError(f"cannot be read as a PowerPoint file ({_short(exc)})",
                            path=template.path,
                            hint="open and re-save it in PowerPoint or LibreOffice") from None
    if not any(len(master.slide_layouts) for master in prs.slide_masters):
        if repairs:  # its masters were lost with the damage: say what was mended
            raise TemplateError(f"has no slide layouts once repaired: {'; '.join(repairs)}",
                                path=template.path,
                                hint="the file is damaged: open and re-save it in PowerPoint "
                                     "or LibreOffice")
        raise TemplateError("has no slide layouts", path=template.path,
                            hint="use a presentation made from a theme, e.g. the shipped "
                                 "templates/default/deck.pptx")
    samples = sample_bodies(prs)
    remove_slides(prs)
    for master in prs.slide_masters:
        complete_text_styles(master)
    return OpenedTemplate(prs, samples)


def sample_bodies(prs: PresentationObject) -> dict[str, tuple[Rect, ...]]:
    """The boxes of the body placeholders the template's own slides place themselves, by
    the part name of their layout: where its designer put the text of slides of a layout."""
    found: dict[str, list[Rect]] = {}
    for slide in prs.slides:
        for shape in pml.placeholders(slide.element):
            box = _xfrm(shape.element) if shape.family == "body" else None
            if box is not None and shape.type in ("body", "obj"):
                found.setdefault(str(slide.slide_layout.part.partname), []).append(
                    emu_rect(box))
    return {name: tuple(boxes) for name, boxes in found.items()}


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def remove_slides(prs: PresentationObject) -> int:
    """Remove every slide (and what only slides use: custom shows, section lists)."""
    presentation = prs.element
    id_list = presentation.find(qn("p:sldIdLst"))
    removed = 0
    if id_list is not None:
        for slide_id in list(id_list):
            prs.part.drop_rel(slide_id.get(qn("r:id")))
            id_list.remove(slide_id)
            removed += 1
    for stale in presentation.findall(qn("p:custShowLst")):
        presentation.remove(stale)
    for ext in presentation.xpath("./p:extLst/p:ext[.//*[local-name()='sectionLst']]"):
        ext.getparent().remove(ext)
    return removed


def complete_text_styles(master: SlideMaster) -> None:
    """Give a master the text styles its sample paragraphs show when it has none.

    LibreOffice exports masters without ``p:txStyles``, keeping the title and outline
    styles only on the master placeholders' sample paragraphs; PowerPoint and LibreOffice
    then draw new slides in default fonts without bullets. The styles are rebuilt from
    those paragraphs (level N from the N-th paragraph), so slides inherit the design.
    """
    root = master.element
    if root.find(qn("p:txStyles")) is not None:
        return
    styles = OxmlElement("p:txStyles")
    for key, family in (("title", "title"), ("body", "body"), ("other", None)):
        style = _sub(styles, f"p:{key}Style")
        sample = pml.family_placeholder(pml.placeholders(root), family) if family else None
        paragraphs = [] if sample is None or sample.element is None else \
            sample.element.findall(f"./{qn('p:txBody')}/{qn('a:p')}")
        for level, paragraph in enumerate(paragraphs[:9]):
            style.append(_level_from_paragraph(paragraph, level))
    ext = root.find(qn("p:extLst"))
    if ext is not None:
        ext.addprevious(styles)
    else:
        root.append(styles)


def _sub(parent: etree._Element, tag: str) -> etree._Element:
    child = OxmlElement(tag)
    parent.append(child)
    return child


def _level_from_paragraph(paragraph: etree._Element, level: int) -> etree._Element:
    """``a:lvlNpPr`` from a sample paragraph's properties and its first run's."""
    props = OxmlElement(f"a:lvl{level + 1}pPr")
    source = paragraph.find(qn("a:pPr"))
    if source is not None:
        for name, value in source.attrib.items():
            if name != "lvl":
                props.set(name, value)
        for child in source:
            if child.tag not in (qn("a:extLst"), qn("a:defRPr")):
                props.append(copy.deepcopy(child))
    run = paragraph.find(f"./{qn('a:r')}/{qn('a:rPr')}")
    if run is None:
        run = paragraph.find(qn("a:endParaRPr"))
    if run is not None:
        default = OxmlElement("a:defRPr")
        for name, value in run.attrib.items():
            if name != "lang":
                default.set(name, value)
        for child in run:
            default.append(copy.deepcopy(child))
        props.append(default)
    return props


# ---------------------------------------------------------------------------------------
# Jinja placeholders in masters and layouts
# ---------------------------------------------------------------------------------------


def render_placeholders(prs: PresentationObject, context: Mapping[str, Any],
                        path: str) -> int:
    """Render Jinja in every paragraph of the masters and layouts (runs joined first, so a
    placeholder split across runs still works; the first run's formatting is kept).
    Returns how many paragraphs had Jinja (none: the masters and layouts are the
    template's own, whatever the audience)."""
    rendered = 0
    for master in prs.slide_masters:
        rendered += _render_element(master.element, context, path,
                                    f"slide master {master.name or ''}")
        for layout in master.slide_layouts:
            rendered += _render_element(layout.element, context, path, f"layout {layout.name!r}")
    return rendered


def check_placeholders(prs: PresentationObject, path: str) -> None:
    """Parse (without rendering) the Jinja placeholders of masters and layouts (Jinja2 is
    imported only for a template that has some)."""
    for master in prs.slide_masters:
        for root, part in ((master.element, "slide master"),
                           *((layout.element, f"layout {layout.name!r}")
                             for layout in master.slide_layouts)):
            for text in _paragraph_texts(root):
                import jinja2

                try:
                    environment().parse(text)
                except jinja2.TemplateSyntaxError as exc:
                    raise TemplateSyntaxError(
                        f"Jinja syntax error in the {part}: {exc.message} near {text!r}",
                        path=path, hint="fix the placeholder's {{ }} or {% %} syntax") from None


def _paragraph_texts(root: etree._Element) -> Iterator[str]:
    for paragraph in root.iter(qn("a:p")):
        joined = "".join(t.text or "" for t in paragraph.iter(qn("a:t")))
        if has_jinja(joined):
            yield joined


def _render_element(root: etree._Element, context: Mapping[str, Any], path: str,
                    part: str) -> int:
    rendered = 0
    for paragraph in root.iter(qn("a:p")):
        texts = paragraph.findall(f"{qn('a:r')}/{qn('a:t')}")
        joined = "".join(t.text or "" for t in texts)
        if not texts or not has_jinja(joined):
            continue
        rendered += 1
        texts[0].text = render_text(joined, context, path=path, part=part)
        for extra in texts[1:]:
            run = extra.getparent()
            run.getparent().remove(run)
    return rendered


# ---------------------------------------------------------------------------------------
# Placeholders, styles and boxes
# ---------------------------------------------------------------------------------------


def ph_of(shape: etree._Element) -> etree._Element | None:
    """The ``p:ph`` element of a shape, if it is a placeholder."""
    return shape.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")


def _xfrm(sp: etree._Element | None) -> tuple[int, int, int, int] | None:
    """A shape's box in EMU, when it states one of some size."""
    box = None if sp is None else pml.shape_box(sp)
    return box if box is not None and box[2] > 0 and box[3] > 0 else None


def emu_rect(rect: tuple[int, int, int, int]) -> Rect:
    x, y, cx, cy = rect
    return Rect(x / EMU_PER_PT, y / EMU_PER_PT, cx / EMU_PER_PT, cy / EMU_PER_PT)


@dataclass
class MasterInfo:
    """What a slide master contributes to its layouts' placeholders: its inheritance
    (placeholders, text styles, colour map and theme, :class:`exporter.ooxml.presentation.
    Master`), its theme's fonts and the presentation's default text style."""

    master: SlideMaster
    inheritance: pml.Master
    major_font: str
    minor_font: str
    default_style: etree._Element | None
    slots: dict[str, Placeholder | None] = field(default_factory=dict, repr=False)
    #: What inherited list styles give a paragraph level, by (styles, level, scheme): the
    #: layouts' placeholders of one family inherit the same few chains. The key holds the
    #: styles and the value the scheme, so neither identity is reused while it is kept.
    chains: dict[tuple[tuple[etree._Element | None, ...], int, int],
                 tuple[Mapping[str, RGB], pml.TextProps]] = field(default_factory=dict,
                                                                  repr=False)

    @classmethod
    def read(cls, master: SlideMaster, default_style: etree._Element | None) -> MasterInfo:
        theme = _theme(master)
        major = _theme_font(theme, "a:majorFont")
        minor = _theme_font(theme, "a:minorFont")
        return cls(master, pml.Master.read(master.element, theme), major or minor or "Calibri",
                   minor or major or "Calibri", default_style)

    def chain_props(self, styles: Sequence[etree._Element | None], level: int,
                    scheme: Mapping[str, RGB]) -> pml.TextProps:
        """:func:`exporter.ooxml.presentation.chain_props`, remembered."""
        key = (tuple(styles), level, id(scheme))
        found = self.chains.get(key)
        if found is None:
            found = self.chains[key] = (scheme, pml.chain_props(styles, level, scheme))
        return found[1]

    @property
    def scheme(self) -> dict[str, RGB]:
        """Scheme colours under every name (tx1, bg1...), through the master's map."""
        return self.inheritance.scheme()

    def placeholder(self, family: str) -> etree._Element | None:
        """The master's placeholder shape of a family (title, body, ftr, sldNum, dt)."""
        found = self.inheritance.placeholder(family)
        return None if found is None else found.element

    def slot(self, family: str) -> Placeholder | None:
        """The master's placeholder of a family read as a box for text boxes (once)."""
        if family not in self.slots:
            found = self.inheritance.placeholder(family)
            self.slots[family] = None if found is None else resolve(
                found, self, self.master.element, from_layout=False)
        return self.slots[family]

    def font(self, typeface: str | None) -> str | None:
        if not typeface:
            return None
        if typeface.startswith("+mj"):
            return self.major_font
        if typeface.startswith("+mn"):
            return self.minor_font
        return typeface


def _theme(master: SlideMaster) -> etree._Element | None:
    try:
        part = master.part.part_related_by(RT.THEME)
    except (KeyError, ValueError):
        return None
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None


def _theme_font(theme: etree._Element | None, which: str) -> str | None:
    if theme is None:
        return None
    latin = theme.find(f".//{qn('a:fontScheme')}/{qn(which)}/{qn('a:latin')}")
    face = latin.get("typeface") if latin is not None else None
    return face or None


@dataclass(frozen=True)
class Placeholder:
    """A placeholder of a layout (or of its master, when the layout lacks one) resolved to
    its real box (``frame.rect``) and text styles, and how its text is written over what
    lies behind it (set by the layout analysis, :mod:`exporter.render.pptx_layouts`)."""

    kind: str  # the ph type: title, ctrTitle, subTitle, body, obj, pic, ftr, sldNum, dt
    ph: etree._Element | None  # the layout's p:ph (copied onto slides); None: master's
    frame: Frame
    vertical: bool = False
    source: etree._Element | None = field(default=None, compare=False)
    master: MasterInfo | None = field(default=None, compare=False)
    text_colour: RGB = BLACK  # the template's text colour
    fill: tuple[RGB, ...] = ()  # the colours of its own fill, when it has one
    align: str | None = None  # the alignment its styles give the first level
    ink: str = "000000"  # the text colour (hex), raised to a readable contrast
    recolor: bool = False  # the template's own colour is not readable: write ``ink``
    panel: str | None = None  # the fill of a backing panel, when no colour reads without

    @property
    def from_layout(self) -> bool:
        return self.ph is not None

    @property
    def rect(self) -> tuple[int, int, int, int]:
        """The box in EMU."""
        box = self.frame.rect
        return (round(box.x * EMU_PER_PT), round(box.y * EMU_PER_PT),
                round(box.w * EMU_PER_PT), round(box.h * EMU_PER_PT))

    def at(self, rect: Rect) -> Placeholder:
        """This placeholder with its box moved to ``rect``."""
        if rect == self.frame.rect:
            return self
        return dataclasses.replace(self, frame=dataclasses.replace(self.frame, rect=rect))

    def inked(self, ink: Ink) -> Placeholder:
        return dataclasses.replace(self, ink=ink.colour, recolor=ink.recolour,
                                   panel=ink.panel)

    def smallest_size(self) -> float:
        """The smallest size the plan may set in it."""
        return _smallest_size(self.kind, self.frame)

    def need(self) -> float:
        """The contrast its text needs at the smallest size the plan may set in it."""
        return required_ratio(self.smallest_size(), self.frame.levels[0].bold)


def resolve(found: pml.Placeholder, info: MasterInfo, owner: etree._Element, *,
            from_layout: bool = True, levels: int = 3) -> Placeholder | None:
    """A layout (or master) placeholder with its box, styles and readable text colour, or
    None without a box. ``owner`` is the layout (or master) element holding it."""
    sp = found.element
    if sp is None:
        return None
    inherited = info.inheritance.inherited(found)
    counterpart = inherited[0] if inherited else None
    rect = _xfrm(sp) or (_xfrm(counterpart) if counterpart is not None else None)
    if rect is None:
        return None
    bodies = [b for b in (_body_pr(sp), _body_pr(counterpart)) if b is not None]
    insets = tuple(_first_int(bodies, name, default)
                   for name, default in zip(("lIns", "tIns", "rIns", "bIns"), _DEFAULT_INSETS,
                                            strict=True))
    vertical = any(b.get("vert") in _VERTICAL for b in bodies)
    scheme = info.inheritance.scheme(owner)
    outside = pml.inherited_list_styles(inherited, info.inheritance, found.family,
                                        info.default_style)
    sources = [pml.list_style(sp), *outside]
    effective = [_level_props(sp, outside, level, scheme, info) for level in range(levels)]
    styles = tuple(_text_style(sources, props, level, info, found.type)
                   for level, props in enumerate(effective))
    frame = Frame(emu_rect(rect), tuple(i / EMU_PER_PT for i in insets),  # type: ignore[arg-type]
                  styles)
    ph = copy.deepcopy(ph_of(sp)) if from_layout else None
    text = effective[0].colour or scheme.get("tx1", BLACK)
    own = pml.shape_fill(sp, inherited, info.inheritance.theme, scheme)
    fill = own.colours if own is not None and own.known else ()
    resolved = Placeholder(found.type, ph, frame, vertical, sp, info, text, fill,
                           _alignment(sources))
    return resolved.inked(readable_ink(text, Behind(fill) if fill else None,
                                       resolved.need()))


def _alignment(sources: Sequence[etree._Element | None]) -> str | None:
    """The alignment of the first level, from the nearest list style that states it."""
    for source in sources:
        paragraph = pml.level_paragraph(source, 0)
        if paragraph is not None and paragraph.get("algn"):
            return paragraph.get("algn")
    return None


def _level_props(sp: etree._Element, outside: Sequence[etree._Element | None], level: int,
                 scheme: Mapping[str, RGB], info: MasterInfo) -> pml.TextProps:
    """Size, colour and boldness of a paragraph level in ``sp``: its own, then inherited."""
    return pml.own_props(sp, level, scheme).over(info.chain_props(outside, level, scheme))


def _smallest_size(kind: str, frame: Frame) -> float:
    """The smallest size the plan may set in this placeholder."""
    base = frame.levels[0].size
    if kind in TITLE_TYPES:
        return size_floor(base, TITLE_MIN_RATIO, TITLE_MIN_SIZE)
    if kind in FOOTER_TYPES:
        return max(MIN_FOOTER_SIZE, base)
    return body_floor(frame)


def _body_pr(sp: etree._Element | None) -> etree._Element | None:
    return None if sp is None else sp.find(f"./{qn('p:txBody')}/{qn('a:bodyPr')}")


def _first_int(elements: Sequence[etree._Element], name: str, default: int) -> int:
    for element in elements:
        value = element.get(name)
        if value is not None and value.lstrip("-").isdigit():
            return int(value)
    return default


def _text_style(sources: Sequence[etree._Element | None], effective: pml.TextProps,
                level: int, info: MasterInfo, kind: str) -> TextStyle:
    """A level's style for the plan: size and boldness as inherited (``effective``), the
    rest collected from ``sources``, the list styles nearest first."""
    props: dict[str, Any] = {}
    for source in sources:
        pPr = pml.level_paragraph(source, level)
        if pPr is not None:
            _collect(pPr, props, info)
    size = effective.size if effective.size is not None else pml.DEFAULT_FONT_PT
    font = props.get("font") or (info.major_font if kind in TITLE_TYPES else info.minor_font)
    return TextStyle(
        font=font, size=size, bold=bool(effective.bold), italic=props.get("italic", False),
        line_spacing=props.get("line_spacing", 1.0), line_points=props.get("line_points", 0.0),
        space_before=props.get("space_before", 0.0),
        space_before_lines=props.get("space_before_lines", 0.0),
        indent=props.get("indent", 0.0), first_indent=props.get("first_indent", 0.0),
        caps=props.get("caps", False), tracking=props.get("tracking", 0.0))


def _collect_spacing(spacing: etree._Element | None, props: dict[str, Any], percent_key: str,
                     points_key: str) -> None:
    """A spacing element (``a:lnSpc``, ``a:spcBef``) as a multiple or in points, if not known."""
    if spacing is None or percent_key in props or points_key in props:
        return
    pct, pts = spacing.find(qn("a:spcPct")), spacing.find(qn("a:spcPts"))
    if pct is not None:
        props[percent_key] = _percent(pct.get("val"))
    elif pts is not None:
        props[points_key] = int(pts.get("val", "0")) / 100


def _collect(pPr: etree._Element, props: dict[str, Any], info: MasterInfo) -> None:
    """Fill properties not yet known from one ``a:lvlNpPr`` (or ``a:pPr``); size and
    boldness are read with the colour (:func:`exporter.ooxml.presentation.run_props`)."""
    for attr, key in (("marL", "indent"), ("indent", "first_indent")):
        value = pPr.get(attr)
        if value is not None and key not in props:
            props[key] = int(value) / EMU_PER_PT
    _collect_spacing(pPr.find(qn("a:lnSpc")), props, "line_spacing", "line_points")
    _collect_spacing(pPr.find(qn("a:spcBef")), props, "space_before_lines", "space_before")
    rPr = pPr.find(qn("a:defRPr"))
    if rPr is None:
        return
    if rPr.get("i") is not None and "italic" not in props:
        props["italic"] = rPr.get("i") in ("1", "true")
    if rPr.get("cap") is not None and "caps" not in props:
        props["caps"] = rPr.get("cap") != "none"
    if rPr.get("spc") is not None and "tracking" not in props:
        props["tracking"] = max(0, int(rPr.get("spc"))) / 100
    latin = rPr.find(qn("a:latin"))
    if latin is not None and "font" not in props:
        font = info.font(latin.get("typeface"))
        if font:
            props["font"] = font


def _percent(value: str | None) -> float:
    """A DrawingML percentage ("90000" or "90%") as a fraction."""
    if not value:
        return 1.0
    if value.endswith("%"):
        return float(value[:-1]) / 100
    return int(value) / 100000
