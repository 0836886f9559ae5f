"""PresentationML inheritance: what slides get from their layout, their master and the theme.

A PowerPoint file leaves most of its formatting unsaid. A placeholder on a slide takes its
box, text styles and fill from the matching placeholder of its layout, which takes them
from the placeholder of the same family on its master. A paragraph level takes what its
shape's list style leaves unset from those placeholders' list styles, then the master's
title, body or other text style, then the presentation's default text style. Scheme
colours (``tx1``, ``bg1``...) are named through the master's colour map, which a layout or
a slide may override. The background is the slide's, else its layout's, else its master's,
else the white page.

The deck renderer reads templates through these rules and the audit reads finished decks
through them, so text the renderer makes readable is text the audit finds readable. Both
hand in lxml elements (python-pptx's ``.element`` of a master or layout, or parts the audit
parsed itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from exporter.ooxml.colour import (
    RGB,
    TRANSPARENT,
    UNKNOWN,
    WHITE,
    Fill,
    Theme,
    clr_map_of,
    colour_of,
    fill_of,
    style_reference_fill,
)
from exporter.ooxml.parts import qn

TITLE_TYPES = frozenset({"title", "ctrTitle"})
FOOTER_TYPES = frozenset({"dt", "ftr", "sldNum", "hdr"})
#: PowerPoint's size for text whose size is set nowhere.
DEFAULT_FONT_PT = 18.0
#: What lies behind a slide whose slide, layout and master state no background, or a
#: background of no fill: the white page (LibreOffice draws such slides white whatever the
#: scheme's ``bg1`` is; taking ``bg1`` would pass white text on them).
NO_BACKGROUND = Fill((WHITE,))
_TEXT_STYLES = {"title": "p:titleStyle", "body": "p:bodyStyle"}


# --- placeholders -----------------------------------------------------------------------


def family_of(placeholder_type: str) -> str:
    """The family a placeholder inherits within: ``title`` for titles, each footer type
    (date, footer, slide number, header) by itself, ``body`` for the rest."""
    if placeholder_type in TITLE_TYPES:
        return "title"
    return placeholder_type if placeholder_type in FOOTER_TYPES else "body"


@dataclass(frozen=True)
class Placeholder:
    """A placeholder's type (``obj`` when unstated) and idx, and its shape element."""

    type: str
    idx: str
    element: etree._Element | None = None

    @property
    def family(self) -> str:
        return family_of(self.type)


def placeholder_of(shape: etree._Element) -> Placeholder | None:
    """The placeholder a shape (``p:sp``, ``p:pic``, ``p:graphicFrame``...) is, if any."""
    ph = shape.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
    if ph is None:
        return None
    return Placeholder(ph.get("type", "obj"), ph.get("idx", "0"), shape)


def placeholders(root: etree._Element) -> list[Placeholder]:
    """The placeholders of a slide, layout or master, in the order of its shape tree."""
    tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    found = (placeholder_of(shape) for shape in (tree if tree is not None else ()))
    return [ph for ph in found if ph is not None]


def match_placeholder(candidates: Sequence[Placeholder],
                      wanted: Placeholder) -> Placeholder | None:
    """The layout placeholder a slide placeholder inherits from.

    Same idx and family first, then the same family for the placeholders a slide has once
    (title, date, footer...), then the same type, then the same idx: LibreOffice's exports
    give every placeholder idx 0, or repeat idx values across families.
    """
    for test in (
        lambda c: c.idx == wanted.idx and c.family == wanted.family,
        lambda c: wanted.family != "body" and c.family == wanted.family,
        lambda c: c.type == wanted.type,
        lambda c: c.idx == wanted.idx,
    ):
        for candidate in candidates:
            if test(candidate):
                return candidate
    return None


def family_placeholder(candidates: Iterable[Placeholder], family: str) -> Placeholder | None:
    """The first of ``candidates`` in ``family``: the master placeholder that layout
    placeholders of that family inherit from (a master has one per family)."""
    return next((ph for ph in candidates if ph.family == family), None)


# --- text properties --------------------------------------------------------------------


@dataclass(frozen=True)
class TextProps:
    """Size (pt), colour and boldness of text; None where this level does not say."""

    size: float | None = None
    colour: RGB | None = None
    bold: bool | None = None

    def over(self, general: TextProps) -> TextProps:
        """These properties, with ``general`` filling what they leave unset."""
        return TextProps(
            self.size if self.size is not None else general.size,
            self.colour if self.colour is not None else general.colour,
            self.bold if self.bold is not None else general.bold,
        )


NO_PROPS = TextProps()


def run_props(rpr: etree._Element | None, scheme: Mapping[str, RGB]) -> TextProps:
    """The properties an ``a:rPr`` or ``a:defRPr`` sets (hyperlinks take ``hlink``)."""
    if rpr is None:
        return NO_PROPS
    size = rpr.get("sz")
    bold = rpr.get("b")
    fill = rpr.find(qn("a:solidFill"))
    colour = colour_of(fill, scheme) if fill is not None else None
    if colour is None and rpr.find(qn("a:hlinkClick")) is not None:
        colour = scheme.get("hlink")
    return TextProps(
        int(size) / 100 if size and size.isdigit() else None,
        colour,
        bold in ("1", "true") if bold is not None else None,
    )


def level_paragraph(list_style: etree._Element | None, level: int) -> etree._Element | None:
    """A list style's (``a:lstStyle``, ``p:titleStyle``...) ``a:lvlNpPr`` for a level (0-8)."""
    if list_style is None:
        return None
    return list_style.find(qn(f"a:lvl{level + 1}pPr"))


def level_props(list_style: etree._Element | None, level: int,
                scheme: Mapping[str, RGB]) -> TextProps:
    """What a list style sets for a paragraph level."""
    paragraph = level_paragraph(list_style, level)
    if paragraph is None:
        return NO_PROPS
    return run_props(paragraph.find(qn("a:defRPr")), scheme)


def chain_props(list_styles: Iterable[etree._Element | None], level: int,
                scheme: Mapping[str, RGB]) -> TextProps:
    """What a paragraph level gets from ``list_styles``, nearest first."""
    props = NO_PROPS
    for style in list_styles:
        props = props.over(level_props(style, level, scheme))
    return props


def list_style(shape: etree._Element | None) -> etree._Element | None:
    """A shape's own ``a:lstStyle``."""
    if shape is None:
        return None
    return shape.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")


def own_props(shape: etree._Element, level: int, scheme: Mapping[str, RGB]) -> TextProps:
    """What a shape itself sets for a paragraph level: its list style, then the text colour
    of its shape style (``fontRef``)."""
    props = level_props(list_style(shape), level, scheme)
    reference = shape.find(f"{qn('p:style')}/{qn('a:fontRef')}")
    if reference is not None:
        props = props.over(TextProps(colour=colour_of(reference, scheme)))
    return props


# --- masters and layouts ----------------------------------------------------------------


@dataclass
class Master:
    """A slide master: its theme, colour map, placeholders and text styles."""

    root: etree._Element
    theme: Theme
    placeholders: list[Placeholder]
    colour_map: dict[str, str]
    _schemes: dict[tuple[tuple[str, str], ...], dict[str, RGB]] = field(
        default_factory=dict, repr=False, compare=False)

    @classmethod
    def read(cls, root: etree._Element, theme: etree._Element | None) -> Master:
        """The master ``root`` (a ``p:sldMaster``) with its theme part's root, if any."""
        return cls(root, Theme.from_xml(theme), placeholders(root),
                   clr_map_of(root.find(qn("p:clrMap"))))

    def placeholder(self, family: str) -> Placeholder | None:
        return family_placeholder(self.placeholders, family)

    def text_style(self, family: str) -> etree._Element | None:
        """The master's title, body or other text style for a placeholder family (or
        ``other`` for shapes that are not placeholders)."""
        name = _TEXT_STYLES.get(family, "p:otherStyle")
        return self.root.find(f"{qn('p:txStyles')}/{qn(name)}")

    def scheme(self, *overriding: etree._Element) -> dict[str, RGB]:
        """Scheme colours by every name for a layout or slide on this master (``overriding``,
        outermost first: the layout, then the slide): the master's colour map, replaced by
        the last ``clrMapOvr`` that overrides it. The same mapping gives the same dict."""
        clr_map = self.colour_map
        for root in overriding:
            override = root.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
            if override is not None:
                clr_map = clr_map_of(override)
        key = tuple(sorted(clr_map.items()))
        if key not in self._schemes:
            self._schemes[key] = self.theme.mapped(clr_map)
        return self._schemes[key]

    def inherited(self, placeholder: Placeholder) -> list[etree._Element]:
        """The master placeholder a layout placeholder inherits from (none for the
        master's own)."""
        found = self.placeholder(placeholder.family)
        if found is None or found.element is None or found.element is placeholder.element:
            return []
        return [found.element]


@dataclass
class Layout:
    """A slide layout on its master."""

    root: etree._Element
    master: Master
    placeholders: list[Placeholder]

    @classmethod
    def read(cls, root: etree._Element, master: Master) -> Layout:
        return cls(root, master, placeholders(root))

    def inherited(self, placeholder: Placeholder) -> list[etree._Element]:
        """The placeholders a slide placeholder inherits from, nearest first: the matching
        one of this layout, then the master's of its family."""
        found = []
        on_layout = match_placeholder(self.placeholders, placeholder)
        if on_layout is not None and on_layout.element is not None:
            found.append(on_layout.element)
        on_master = self.master.placeholder(placeholder.family)
        if on_master is not None and on_master.element is not None:
            found.append(on_master.element)
        return found


def inherited_list_styles(inherited: Iterable[etree._Element], master: Master, family: str,
                          default_style: etree._Element | None) -> list[etree._Element | None]:
    """Where a paragraph level's properties come from outside its shape, nearest first:
    the list styles of the placeholders it inherits from, the master's text style for its
    family, the presentation's default text style (``p:defaultTextStyle``)."""
    return [*(list_style(shape) for shape in inherited), master.text_style(family),
            default_style]


# --- backgrounds and fills --------------------------------------------------------------


def background(roots: Iterable[etree._Element], theme: Theme,
               scheme: Mapping[str, RGB]) -> Fill:
    """What lies behind everything on a slide, given the slide, layout and master roots
    (nearest first): the first that has a ``p:bg`` decides, with its own fill (unknown when
    it cannot be read) or the theme background style it names; with none, or no fill, the
    white page (:data:`NO_BACKGROUND`)."""
    for root in roots:
        found = root.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if found is None:
            continue
        properties = found.find(qn("p:bgPr"))
        reference = found.find(qn("p:bgRef"))
        if properties is not None:
            fill = fill_of(properties, scheme) or UNKNOWN
        elif reference is not None:
            fill = style_reference_fill(reference, theme, scheme)
        else:
            continue
        return NO_BACKGROUND if fill == TRANSPARENT else fill
    return NO_BACKGROUND


def shape_fill(shape: etree._Element, inherited: Iterable[etree._Element], theme: Theme,
               scheme: Mapping[str, RGB], group_fill: Fill | None = None) -> Fill | None:
    """The fill a shape has, None when stated nowhere: its own (its group's for
    ``a:grpFill``), else the nearest stated by the placeholders it inherits from (so a
    layout's ``a:noFill`` hides the master's fill), else its shape style's ``fillRef``."""
    properties = shape.find(qn("p:spPr"))
    if properties is not None and properties.find(qn("a:grpFill")) is not None:
        own = group_fill
    else:
        own = fill_of(properties, scheme)
    for placeholder in inherited:
        if own is not None:
            break
        own = fill_of(placeholder.find(qn("p:spPr")), scheme)
    if own is None:
        reference = shape.find(f"{qn('p:style')}/{qn('a:fillRef')}")
        if reference is not None:
            own = style_reference_fill(reference, theme, scheme)
    return own


def fill_behind(shape: etree._Element, inherited: Iterable[etree._Element], behind: Fill,
                theme: Theme, scheme: Mapping[str, RGB],
                group_fill: Fill | None = None) -> Fill:
    """What lies directly behind a shape's text: its fill (:func:`shape_fill`), or
    ``behind`` (the slide's background) where it has none or no fill."""
    own = shape_fill(shape, inherited, theme, scheme, group_fill)
    return behind if own is None or own == TRANSPARENT else own


# --- what masters and layouts draw ------------------------------------------------------

#: The shapes a master or layout draws, by element name.
_DRAWN_KINDS = {"sp": "shape", "pic": "picture", "grpSp": "group", "graphicFrame": "graphic",
                "cxnSp": "line"}


@dataclass(frozen=True)
class Drawn:
    """A shape that a master or layout draws on every slide that uses it (not a
    placeholder): its kind (shape, picture, group, graphic, line), its box in EMU, its fill
    (None when it states none), the relationship id of the picture it shows, whether it has
    an outline, and its text."""

    element: etree._Element
    kind: str
    box: tuple[int, int, int, int]
    fill: Fill | None
    picture: str | None
    outlined: bool
    text: str

    @property
    def visible(self) -> bool:
        """Whether it paints anything (a fill, an outline, a picture or text)."""
        return self.kind in ("picture", "group", "graphic") or self.outlined or \
            bool(self.text.strip()) or (self.fill is not None and self.fill != TRANSPARENT)


def shape_box(shape: etree._Element) -> tuple[int, int, int, int] | None:
    """A shape's box (x, y, width, height) in EMU as its ``xfrm`` states it, or None."""
    xfrm = shape.find(f"./*/{qn('a:xfrm')}")
    if xfrm is None:
        xfrm = shape.find(qn("p:xfrm"))
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    try:
        return (int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")),
                int(ext.get("cy", "0")))
    except ValueError:
        return None


def _outlined(shape: etree._Element, theme: Theme, scheme: Mapping[str, RGB]) -> bool:
    line = shape.find(f"{qn('p:spPr')}/{qn('a:ln')}")
    if line is not None:
        fill = fill_of(line, scheme)
        if fill is not None:
            return fill != TRANSPARENT
    reference = shape.find(f"{qn('p:style')}/{qn('a:lnRef')}")
    return reference is not None and reference.get("idx", "0") != "0"


def _picture_id(shape: etree._Element) -> str | None:
    """The relationship id of the picture a shape shows (a picture, or a picture fill)."""
    blip = shape.find(f"{qn('p:blipFill')}/{qn('a:blip')}")
    if blip is None:
        blip = shape.find(f"{qn('p:spPr')}/{qn('a:blipFill')}/{qn('a:blip')}")
    return None if blip is None else blip.get(qn("r:embed"))


def drawn_shapes(root: etree._Element, theme: Theme,
                 scheme: Mapping[str, RGB]) -> list[Drawn]:
    """The shapes a master or layout (``root``) draws besides its placeholders, in drawing
    order (the lowest first); shapes without a box are left out."""
    tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    found = []
    for shape in tree if tree is not None else ():
        if not isinstance(shape.tag, str):
            continue
        kind = _DRAWN_KINDS.get(etree.QName(shape).localname)
        box = shape_box(shape)
        if kind is None or box is None or placeholder_of(shape) is not None:
            continue
        fill = shape_fill(shape, (), theme, scheme) if kind == "shape" else None
        text = "".join(t.text or "" for t in shape.iter(qn("a:t")))
        found.append(Drawn(shape, kind, box, fill, _picture_id(shape),
                           _outlined(shape, theme, scheme), text))
    return found


def shows_master_shapes(layout: etree._Element) -> bool:
    """Whether slides of a layout show its master's shapes (``showMasterSp``)."""
    return layout.get("showMasterSp", "1") not in ("0", "false")


def background_picture(roots: Sequence[etree._Element]) -> tuple[int, str] | None:
    """When the background that decides (see :func:`background`) is a picture: the index
    of the root that states it and the picture's relationship id."""
    for index, root in enumerate(roots):
        found = root.find(f"{qn('p:cSld')}/{qn('p:bg')}")
        if found is None or (found.find(qn("p:bgPr")) is None and
                              found.find(qn("p:bgRef")) is None):
            continue
        blip = found.find(f"{qn('p:bgPr')}/{qn('a:blipFill')}/{qn('a:blip')}")
        return None if blip is None else (index, blip.get(qn("r:embed")) or "")
    return None
