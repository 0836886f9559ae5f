"""PowerPoint templates: opening them and reading them for the slide plan.

Owns everything the deck renderer learns from a user's .pptx (or .potx) before drawing:

- :func:`open_template` opens a template whose package the pipeline has checked, accepts
  templates (.potx), shows and macro-enabled files (macros dropped,
  :func:`exporter.ooxml.parts.editable_package`), removes the sample slides while keeping
  masters, layouts, theme, fonts and footers, and gives masters exported by LibreOffice the
  text styles they lack;
- :func:`render_placeholders` renders Jinja placeholders in the text of masters and layouts;
- :func:`analyse` chooses a layout for every role of :data:`exporter.deck.ROLES` by the
  placeholders a layout has (title, subtitle, body/object, picture; position decides between
  a section header and a content slide), with names as a hint and per-audience overrides,
  and resolves each placeholder's real box, insets, fonts, sizes, spacing and readable text
  colour through the layout, the master and the theme, by the inheritance rules of
  :mod:`exporter.ooxml.presentation` (those the audit judges decks by). Templates exported
  by LibreOffice (no text styles on the master, every placeholder idx 0) are read by
  placeholder type and position.
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
from pptx.slide import SlideLayout, SlideMaster

from exporter.deck import (
    ROLES,
    TITLE_MIN_RATIO,
    TITLE_MIN_SIZE,
    Frame,
    Geometry,
    Layout,
    Rect,
    TextStyle,
    body_floor,
    size_floor,
)
from exporter.errors import TemplateError, TemplateSyntaxError
from exporter.ooxml import presentation as pml
from exporter.ooxml.colour import (
    BLACK,
    RGB,
    hex_code,
    readable_colour,
    required_ratio,
    worst_background,
)
from exporter.ooxml.parts import editable_package
from exporter.render import TemplateFile, warn_removed
from exporter.templating import environment, has_jinja, render_text

#: python-pptx's ``qn``, remembered: reading a template asks for the same few dozen names
#: thousands of times.
qn = functools.cache(pptx_qn)
EMU_PER_PT = 12700
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


def open_template(template: TemplateFile) -> PresentationObject:
    """The template as a presentation without sample slides and without anything that
    reaches outside it (a warning names what was removed); TemplateError when unusable."""
    data, removed = editable_package(template.data, "pptx")
    warn_removed(template, removed)
    try:
        prs = Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many kinds for broken packages
        raise TemplateError(f"cannot be read as a PowerPoint file ({_short(exc)})",
                            path=template.path,
                            hint="open and re-save it in PowerPoint or LibreOffice") from None
    if not any(len(master.slide_layouts) for master in prs.slide_masters):
        raise TemplateError("has no slide layouts", path=template.path,
                            hint="use a presentation made from a theme, e.g. the shipped "
                                 "templates/default/deck.pptx")
    remove_slides(prs)
    for master in prs.slide_masters:
        complete_text_styles(master)
    return prs


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
                        path: str) -> None:
    """Render Jinja in every paragraph of the masters and layouts (runs joined first, so a
    placeholder split across runs still works; the first run's formatting is kept)."""
    for master in prs.slide_masters:
        _render_element(master.element, context, path, f"slide master {master.name or ''}")
        for layout in master.slide_layouts:
            _render_element(layout.element, context, path, f"layout {layout.name!r}")


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
                    part: str) -> None:
    for paragraph in root.iter(qn("a:p")):
        texts = paragraph.findall(f"{qn('a:r')}/{qn('a:t')}")
        joined = "".join(t.text or "" for t in texts)
        if not texts or not has_jinja(joined):
            continue
        texts[0].text = render_text(joined, context, path=path, part=part)
        for extra in texts[1:]:
            run = extra.getparent()
            run.getparent().remove(run)


# ---------------------------------------------------------------------------------------
# Placeholders, styles and boxes
# ---------------------------------------------------------------------------------------


def ph_of(shape: etree._Element) -> etree._Element | None:
    """The ``p:ph`` element of a shape, if it is a placeholder."""
    return shape.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")


def _xfrm(sp: etree._Element) -> tuple[int, int, int, int] | None:
    xfrm = sp.find(f"./{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    if None in values:
        return None
    x, y, cx, cy = (int(v or 0) for v in values)
    return (x, y, cx, cy) if cx > 0 and cy > 0 else None


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

    @classmethod
    def read(cls, master: SlideMaster, default_style: etree._Element | None) -> MasterInfo:
        theme = _theme(master)
        major = _theme_font(theme, "a:majorFont")
        minor = _theme_font(theme, "a:minorFont")
        return cls(master, pml.Master.read(master.element, theme), major or minor or "Calibri",
                   minor or major or "Calibri", default_style)

    @property
    def scheme(self) -> dict[str, RGB]:
        """Scheme colours under every name (tx1, bg1...), through the master's map."""
        return self.inheritance.scheme()

    def placeholder(self, family: str) -> etree._Element | None:
        """The master's placeholder shape of a family (title, body, ftr, sldNum, dt)."""
        found = self.inheritance.placeholder(family)
        return None if found is None else found.element

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
    its real box and text styles."""

    kind: str  # the ph type: title, ctrTitle, subTitle, body, obj, pic, ftr, sldNum, dt
    ph: etree._Element | None  # the layout's p:ph (copied onto slides); None: master's
    rect: tuple[int, int, int, int]
    frame: Frame
    vertical: bool = False
    source: etree._Element | None = field(default=None, compare=False)
    master: MasterInfo | None = field(default=None, compare=False)
    ink: str = "000000"  # the text colour (hex), raised to a readable contrast
    recolor: bool = False  # the template's own colour is not readable: write ``ink``

    @property
    def from_layout(self) -> bool:
        return self.ph is not None


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
    styles = tuple(_text_style(sources, _level_props(sp, outside, level, scheme), level, info,
                               found.type) for level in range(levels))
    frame = Frame(emu_rect(rect), tuple(i / EMU_PER_PT for i in insets),  # type: ignore[arg-type]
                  styles)
    ph = copy.deepcopy(ph_of(sp)) if from_layout else None
    text = _level_props(sp, outside, 0, scheme).colour or scheme.get("tx1", BLACK)
    ink, recolor = _ink(text, _behind(sp, inherited, owner, info, scheme), found.type, frame)
    return Placeholder(found.type, ph, rect, frame, vertical, sp, info, ink, recolor)


def _level_props(sp: etree._Element, outside: Sequence[etree._Element | None], level: int,
                 scheme: Mapping[str, RGB]) -> pml.TextProps:
    """Size, colour and boldness of a paragraph level in ``sp``: its own, then inherited."""
    return pml.own_props(sp, level, scheme).over(pml.chain_props(outside, level, scheme))


def _behind(sp: etree._Element, inherited: Sequence[etree._Element], owner: etree._Element,
            info: MasterInfo, scheme: Mapping[str, RGB]) -> tuple[RGB, ...]:
    """The colours behind a placeholder's text (none when they cannot be known): its fill,
    else the background of its layout (``owner``) or master."""
    master = info.inheritance
    behind = pml.background((owner, master.root), master.theme, scheme)
    fill = pml.fill_behind(sp, inherited, behind, master.theme, scheme)
    return fill.colours if fill.known else ()


# ---------------------------------------------------------------------------------------
# Colours: the text colour a placeholder shows over what lies behind it
# ---------------------------------------------------------------------------------------


def _ink(text: RGB, behind: Sequence[RGB], kind: str, frame: Frame) -> tuple[str, bool]:
    """The placeholder's text colour as hex, and whether it must be written because the
    template's colour reads below the WCAG ratio on what lies ``behind`` it (its colours;
    none when unknown), then moved until it reads."""
    if not behind:
        return hex_code(text), False
    need = required_ratio(_smallest_size(kind, frame), frame.levels[0].bold)
    if worst_background(text, behind)[0] >= need:
        return hex_code(text), False
    return hex_code(readable_colour(text, behind, need)), True


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


# ---------------------------------------------------------------------------------------
# Choosing layouts by role
# ---------------------------------------------------------------------------------------

_NAME_HINTS = {
    "title": ("title slide",),
    "section": ("section",),
    "content": ("title and content", "title, content"),
    "agenda": ("title and content", "title, content"),
    "closing": ("title and content", "title, content"),
    "two_column": ("two content", "2 content", "comparison"),
    "picture": ("picture",),
    "title_only": ("title only",),
}
_NEEDS = {
    "title": "a title and a subtitle",
    "section": "a title low on the slide and at most one text box",
    "content": "a title and one large body",
    "agenda": "a title and one large body",
    "closing": "a title and one large body",
    "two_column": "a title and two bodies side by side",
    "picture": "a title and a picture placeholder",
    "title_only": "a title and no body",
}
_FALLBACKS = {
    "title": ("section", "content", "title_only"),
    "section": ("title", "title_only", "content"),
    "content": ("two_column", "title_only"),
    "agenda": ("content", "two_column", "title_only"),
    "closing": ("content", "two_column", "title_only"),
    "two_column": ("content",),
    "picture": ("title_only", "content"),
    "title_only": ("content", "section", "title"),
}


@dataclass
class LayoutInfo:
    """A layout's usable placeholders, sorted into titles, subtitles, bodies, pictures."""

    layout: SlideLayout
    index: int
    master: MasterInfo
    titles: list[Placeholder]
    subtitles: list[Placeholder]
    bodies: list[Placeholder]
    pictures: list[Placeholder]
    footers: dict[str, Placeholder]

    @property
    def name(self) -> str:
        return self.layout.name or f"layout {self.index + 1}"

    @classmethod
    def read(cls, layout: SlideLayout, index: int, master: MasterInfo) -> LayoutInfo:
        info = cls(layout, index, master, [], [], [], [], {})
        for found in pml.placeholders(layout.element):
            resolved = resolve(found, master, layout.element)
            if resolved is None or resolved.vertical:
                continue
            kind = resolved.kind
            if kind in TITLE_TYPES:
                info.titles.append(resolved)
            elif kind == "subTitle":
                info.subtitles.append(resolved)
            elif kind in BODY_TYPES:
                info.bodies.append(resolved)
            elif kind == "pic":
                info.pictures.append(resolved)
            elif kind in FOOTER_TYPES:
                info.footers.setdefault(kind, resolved)
        info.bodies.sort(key=lambda p: (p.rect[1], p.rect[0]))
        return info


def _score(role: str, info: LayoutInfo, height: int) -> float | None:
    """How well a layout suits a role by its placeholders (None: not at all)."""
    if len(info.titles) != 1:
        return None
    title = info.titles[0]
    title_centre = (title.rect[1] + title.rect[3] / 2) / height
    bodies, subtitles, pictures = info.bodies, info.subtitles, info.pictures
    score: float | None = None
    if role == "title":
        if subtitles and not bodies and not pictures:
            score = 10 + (3 if title.kind == "ctrTitle" else 0)
    elif role == "section":
        if not subtitles and not pictures and len(bodies) <= 1 and title_centre > 0.3:
            score = 10
    elif role in ("content", "agenda", "closing"):
        if len(bodies) == 1 and not subtitles and not pictures and title_centre <= 0.3 \
                and bodies[0].rect[3] >= 0.3 * height:
            score = 10 + (1 if bodies[0].kind == "obj" else 0)
    elif role == "two_column":
        if len(bodies) == 2 and not subtitles and not pictures and _side_by_side(*bodies):
            score = 10
    elif role == "picture":
        if pictures and not subtitles:
            score = 10
    elif role == "title_only" and not bodies and not subtitles and not pictures:
        score = 10
    if score is not None and any(hint in info.name.casefold() for hint in _NAME_HINTS[role]):
        score += 5
    return score


def _side_by_side(a: Placeholder, b: Placeholder) -> bool:
    left, right = sorted((a, b), key=lambda p: p.rect[0])
    apart = left.rect[0] + left.rect[2] <= right.rect[0] + 1
    overlap = min(left.rect[1] + left.rect[3], right.rect[1] + right.rect[3]) - \
        max(left.rect[1], right.rect[1])
    return apart and overlap > 0


@dataclass
class Choice:
    """The layout drawn for a role and the placeholders that receive the plan's text."""

    role: str
    info: LayoutInfo
    title: Placeholder
    bodies: list[Placeholder]
    picture: Placeholder | None
    layout_geometry: Layout


@dataclass
class TemplateAnalysis:
    """A template read for the plan: the geometry and what each role is drawn with."""

    geometry: Geometry
    choices: dict[str, Choice]
    warnings: dict[str, str]  # role -> warning, when a role falls back
    general: list[str]  # warnings that do not depend on the roles used
    masters: dict[int, MasterInfo]
    layouts: list[LayoutInfo]


def analyse(prs: PresentationObject, overrides: Mapping[str, str] = {},
            name: str = "template") -> TemplateAnalysis:
    """Choose a layout for every role and describe it for the plan."""
    default_style = prs.element.find(qn("p:defaultTextStyle"))
    masters: dict[int, MasterInfo] = {}
    layouts: list[LayoutInfo] = []
    for master in prs.slide_masters:
        info = MasterInfo.read(master, default_style)
        masters[id(master)] = info
        for layout in master.slide_layouts:
            layouts.append(LayoutInfo.read(layout, len(layouts), info))
    height = prs.slide_height or 6858000
    width = prs.slide_width or 9144000
    general: list[str] = []
    picked: dict[str, LayoutInfo] = {}
    for role, layout_name in overrides.items():
        match = [li for li in layouts if li.name.strip().casefold() ==
                 layout_name.strip().casefold()]
        if match:
            picked[role] = match[0]
        else:
            general.append(f"{name}: layout {layout_name!r} named for role `{role}` is not in "
                           f"the template; choosing by placeholders (layouts: "
                           f"{', '.join(li.name for li in layouts)})")
    best = {role: _best(role, layouts, height) for role in ROLES}
    warnings: dict[str, str] = {}
    for role in ROLES:
        if role in picked:
            continue
        if best[role] is not None:
            picked[role] = best[role]  # type: ignore[assignment]
            continue
        fallback = next((best[f] for f in _FALLBACKS[role] if best[f] is not None), None)
        chosen = fallback or min(layouts, key=lambda li: (len(li.titles) == 0,
                                                          len(li.bodies) + len(li.subtitles)))
        picked[role] = chosen
        warnings[role] = (f"{name}: no layout for {role.replace('_', ' ')} slides "
                          f"({_NEEDS[role]}); using {chosen.name!r}")
    choices = {role: _choice(role, picked[role], width, height) for role in ROLES}
    geometry = Geometry(width / EMU_PER_PT, height / EMU_PER_PT,
                        {role: choice.layout_geometry for role, choice in choices.items()})
    return TemplateAnalysis(geometry, choices, warnings, general, masters, layouts)


def _best(role: str, layouts: Sequence[LayoutInfo], height: int) -> LayoutInfo | None:
    scored = [(score, -li.index, li) for li in layouts
              if (score := _score(role, li, height)) is not None]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def _master_placeholder(info: LayoutInfo, family: str) -> Placeholder | None:
    found = info.master.inheritance.placeholder(family)
    return None if found is None else resolve(found, info.master, info.master.master.element,
                                           from_layout=False)


def _default_rect(width: int, height: int, kind: str) -> tuple[int, int, int, int]:
    margin = width // 16
    if kind == "title":
        return margin, height // 20, width - 2 * margin, height // 6
    return margin, height // 4, width - 2 * margin, height * 3 // 5


def _synthetic(info: LayoutInfo, kind: str, width: int, height: int) -> Placeholder:
    """A placeholder the layout lacks, from the master's (else a default box)."""
    found = _master_placeholder(info, kind)
    if found is not None:
        return found
    rect = _default_rect(width, height, kind)
    return Placeholder(kind, None, rect, Frame(emu_rect(rect), levels=(
        TextStyle(font=info.master.major_font if kind == "title" else info.master.minor_font,
                  size=32.0 if kind == "title" else 20.0),)), master=info.master)


def _choice(role: str, info: LayoutInfo, width: int, height: int) -> Choice:
    title = info.titles[0] if info.titles else _synthetic(info, "title", width, height)
    bodies = _bodies_for(role, info, width, height)
    picture = info.pictures[0] if role == "picture" and info.pictures else None
    if role == "picture":
        bodies = [b for b in info.bodies if picture is None or
                  not _overlaps(b.rect, picture.rect)][:1]
    bodies = [dataclasses.replace(b, frame=_unindented(b.frame)) if role in PLAIN_ROLES else b
              for b in bodies]
    area = _content_area(info, title, width, height)
    geometry = Layout(role, info.name, title.frame, tuple(b.frame for b in bodies),
                      emu_rect(picture.rect) if picture else None, area)
    return Choice(role, info, title, bodies, picture, geometry)


def _unindented(frame: Frame) -> Frame:
    """A frame whose paragraphs are written without bullet indents."""
    return dataclasses.replace(frame, levels=tuple(
        dataclasses.replace(style, indent=0.0, first_indent=0.0) for style in frame.levels))


def _bodies_for(role: str, info: LayoutInfo, width: int, height: int) -> list[Placeholder]:
    if role == "title":
        found = info.subtitles or info.bodies[:1]
        return found[:1] if found else [_synthetic(info, "body", width, height)]
    if role == "section":
        return (info.bodies or info.subtitles)[:1]
    if role == "two_column":
        return sorted(info.bodies, key=lambda p: p.rect[0])[:2] if len(info.bodies) >= 2 \
            else info.bodies[:1]
    if role in ("content", "agenda", "closing"):
        return info.bodies[:1] or info.subtitles[:1] or [
            _synthetic(info, "body", width, height)]
    return []


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and \
        b[1] < a[1] + a[3]


def _content_area(info: LayoutInfo, title: Placeholder, width: int, height: int) -> Rect:
    """Room for tables, timelines and pictures: the master's body box when it lies below
    the title, else the space between the title and the footers."""
    gap = height // 50
    top = title.rect[1] + title.rect[3] + gap
    body = info.master.placeholder("body")
    rect = _xfrm(body) if body is not None else None
    if rect is not None and rect[1] >= top - gap and rect[3] >= height // 4:
        return emu_rect(rect)
    footers = [p.rect[1] for p in info.footers.values()] or [
        box[1] for kind in FOOTER_TYPES
        if (sp := info.master.placeholder(kind)) is not None and (box := _xfrm(sp)) is not None]
    bottom = min([*footers, height]) - gap
    left, span = (rect[0], rect[2]) if rect else (title.rect[0], title.rect[2])
    if bottom - top < height // 4:
        top, bottom = height // 4, height - gap
    return emu_rect((left, top, span, bottom - top))


def footer_slot(info: LayoutInfo, kind: str) -> Placeholder | None:
    """The layout's footer-type placeholder, else the master's (drawn as a text box)."""
    return info.footers.get(kind) or _master_placeholder(info, kind)
