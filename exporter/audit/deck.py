"""The deck rules: what the audit checks in a PowerPoint file, slide by slide.

Titles (present, unique, read first), alt text of pictures, charts and diagrams, table
header rows, empty placeholders, and for every run of text its effective size and colour
and what lies behind it. Size and colour follow PowerPoint's inheritance: the run, the
shape's list style, the shape style (``fontRef``), the matching placeholder on the layout and
on the master, the master's title/body/other text styles, the presentation's default text
style; autofit shrinking (``normAutofit fontScale``) is applied. Backgrounds come from the
shape's fill (own, inherited from its placeholders, or its style's ``fillRef``), the group's
fill, then the slide, layout or master background; theme colours are mapped through the
master's ``clrMap`` and any ``clrMapOvr``. Masters, layouts, themes and inherited text
properties are read once per part and cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from exporter.audit.colour import (
    RGB,
    TRANSPARENT,
    UNKNOWN,
    WHITE,
    Fill,
    Theme,
    clr_map_of,
    colour_of,
    fill_of,
    required_ratio,
    style_reference_fill,
    to_hex,
    worst_background,
)
from exporter.audit.common import (
    ALT_TEXT_FIX,
    alt_text_problem,
    check_doc_title,
    drawing_kind,
    is_decorative,
)
from exporter.audit.findings import Issue, error, quote, warning
from exporter.audit.package import Package, local_name, qn
from exporter.audit.tablestyles import BUILTIN_TABLE_STYLES

MIN_FONT_PT = 12.0
#: PowerPoint's size for text whose size is set nowhere.
DEFAULT_FONT_PT = 18.0
TITLE_TYPES = frozenset({"title", "ctrTitle"})
_FOOTER_TYPES = frozenset({"dt", "ftr", "sldNum", "hdr"})
_SPACE = re.compile(r"\s+")


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
    """The properties an ``a:rPr`` or ``a:defRPr`` sets."""
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


def level_props(list_style: etree._Element | None, level: int,
                scheme: Mapping[str, RGB]) -> TextProps:
    """What a list style (``a:lstStyle``, ``p:titleStyle``...) sets for a paragraph level."""
    if list_style is None:
        return NO_PROPS
    paragraph = list_style.find(qn(f"a:lvl{level + 1}pPr"))
    if paragraph is None:
        return NO_PROPS
    return run_props(paragraph.find(qn("a:defRPr")), scheme)


def _list_style(shape: etree._Element | None) -> etree._Element | None:
    if shape is None:
        return None
    return shape.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")


def resolve_size(props: TextProps, font_scale: float) -> float:
    return (props.size if props.size is not None else DEFAULT_FONT_PT) * font_scale


# --- masters, layouts, placeholders -----------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    """A placeholder's type (``obj`` when unstated) and idx, and its shape element."""

    type: str
    idx: str
    element: etree._Element | None = None

    @property
    def family(self) -> str:
        if self.type in TITLE_TYPES:
            return "title"
        return self.type if self.type in _FOOTER_TYPES else "body"


def placeholder_of(shape: etree._Element) -> Placeholder | None:
    ph = shape.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")
    if ph is None:
        return None
    return Placeholder(ph.get("type", "obj"), ph.get("idx", "0"), shape)


def match_placeholder(candidates: list[Placeholder], wanted: Placeholder) -> Placeholder | None:
    """The layout (or master) placeholder a slide placeholder inherits from.

    Same idx and family first, then the same type for types a slide has once (title, date,
    footer...), then same family (LibreOffice templates repeat idx values), then same idx.
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


def _placeholders(root: etree._Element) -> list[Placeholder]:
    tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    found = (placeholder_of(shape) for shape in (tree if tree is not None else ()))
    return [ph for ph in found if ph is not None]


@dataclass
class Master:
    part: str
    root: etree._Element
    theme: Theme
    clr_map: dict[str, str]
    placeholders: list[Placeholder]

    def text_style(self, family: str) -> etree._Element | None:
        name = {"title": "p:titleStyle", "body": "p:bodyStyle"}.get(family, "p:otherStyle")
        return self.root.find(f"{qn('p:txStyles')}/{qn(name)}")

    def placeholder(self, family: str) -> Placeholder | None:
        wanted_type = {"title": "title", "body": "body"}.get(family, family)
        return next((ph for ph in self.placeholders if ph.type == wanted_type), None)


@dataclass
class Layout:
    part: str
    root: etree._Element
    master: Master
    placeholders: list[Placeholder]


# --- shapes -----------------------------------------------------------------------------


@dataclass
class Shape:
    """A shape on a slide with what the rules need to know about it."""

    element: etree._Element
    placeholder: Placeholder | None
    group_fill: Fill | None

    @cached_property
    def properties(self) -> etree._Element:
        found = self.element.find(f"./*/{qn('p:cNvPr')}")
        return found if found is not None else etree.Element(qn("p:cNvPr"))

    @property
    def name(self) -> str:
        return self.properties.get("name") or local_name(self.element)

    @property
    def kind(self) -> str:
        return local_name(self.element)

    @property
    def decorative(self) -> bool:
        return is_decorative(self.properties)

    @cached_property
    def text(self) -> str:
        return " ".join(paragraph_text(p) for p in self.element.iter(qn("a:p"))).strip()

    @property
    def is_title(self) -> bool:
        return self.placeholder is not None and self.placeholder.type in TITLE_TYPES

    @cached_property
    def graphic_uri(self) -> str:
        data = self.element.find(f"{qn('a:graphic')}/{qn('a:graphicData')}")
        return data.get("uri", "") if data is not None else ""

    @property
    def table(self) -> etree._Element | None:
        return self.element.find(f"{qn('a:graphic')}/{qn('a:graphicData')}/{qn('a:tbl')}")

    def is_read(self) -> bool:
        """Whether a screen reader announces it: text, pictures, charts, tables."""
        if self.decorative:
            return False
        return bool(self.text) or self.kind in ("pic", "graphicFrame")


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("a:t")))


def walk_shapes(tree: etree._Element, scheme: Mapping[str, RGB],
                inherited: Fill | None = None) -> Iterator[Shape]:
    """The shapes of a shape tree in reading order, groups opened, alternates resolved.

    Each shape carries its group's fill, for children filled with ``a:grpFill``.
    """
    for child in tree:
        if not isinstance(child.tag, str):
            continue
        kind = local_name(child)
        if kind == "AlternateContent":
            choice = child.find(qn("mc:Choice"))
            if choice is not None:
                yield from walk_shapes(choice, scheme, inherited)
        elif kind == "grpSp":
            own = fill_of(child.find(qn("p:grpSpPr")), scheme)
            yield from walk_shapes(child, scheme, own if own is not None else inherited)
        elif kind in ("sp", "pic", "graphicFrame", "cxnSp"):
            yield Shape(child, placeholder_of(child), inherited)


# --- the deck ---------------------------------------------------------------------------


@dataclass
class Slide:
    number: int
    root: etree._Element
    layout: Layout
    scheme: Mapping[str, RGB]
    background: Fill
    shapes: list[Shape] = field(default_factory=list)

    @property
    def location(self) -> str:
        return f"slide {self.number}"

    @property
    def title(self) -> Shape | None:
        return next((shape for shape in self.shapes if shape.is_title), None)


class Deck:
    """A presentation opened for the audit, with per-part caches."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.root = package.xml(package.main)
        self._themes: dict[str, Theme] = {}
        self._masters: dict[str, Master] = {}
        self._layouts: dict[str, Layout] = {}
        self._schemes: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, RGB]] = {}
        self._inherited: dict[tuple[int, str, str, int, str], TextProps] = {}
        self._table_cells: dict[tuple[int, tuple[str, ...], int, str],
                                tuple[TextProps, Fill]] = {}
        self.default_text_style = self.root.find(qn("p:defaultTextStyle"))
        self.table_styles = self._table_styles()

    def slides(self) -> Iterator[Slide]:
        id_list = self.root.find(qn("p:sldIdLst"))
        for number, slide_id in enumerate(id_list if id_list is not None else (), start=1):
            part = self.package.target(self.package.main, slide_id.get(qn("r:id"), ""))
            if part is not None and self.package.has(part):
                yield self._slide(number, part)

    def _slide(self, number: int, part: str) -> Slide:
        root = self.package.xml(part)
        layout = self.layout(self.package.first_related(part, "slideLayout") or "")
        scheme = self.scheme(layout, root)
        slide = Slide(number, root, layout, scheme, self._background(root, layout, scheme))
        tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        if tree is not None:
            slide.shapes = list(walk_shapes(tree, scheme))
        return slide

    # parts, each read once

    def theme(self, part: str | None) -> Theme:
        key = part or ""
        if key not in self._themes:
            found = part is not None and self.package.has(part)
            self._themes[key] = Theme.from_xml(self.package.xml(key) if found else None)
        return self._themes[key]

    def master(self, part: str) -> Master:
        if part not in self._masters:
            root = self.package.xml(part)
            self._masters[part] = Master(
                part, root, self.theme(self.package.first_related(part, "theme")),
                clr_map_of(root.find(qn("p:clrMap"))), _placeholders(root),
            )
        return self._masters[part]

    def layout(self, part: str) -> Layout:
        if part not in self._layouts:
            master_part = self.package.first_related(part, "slideMaster")
            if not self.package.has(part) or master_part is None:
                raise self.package.error("a slide has no layout or its layout has no master")
            root = self.package.xml(part)
            master = self.master(master_part)
            self._layouts[part] = Layout(part, root, master, _placeholders(root))
        return self._layouts[part]

    def scheme(self, layout: Layout, slide_root: etree._Element) -> dict[str, RGB]:
        """Scheme colours by every name, after the master's map and any override."""
        clr_map = dict(layout.master.clr_map)
        for root in (layout.root, slide_root):
            override = root.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
            if override is not None:
                clr_map = clr_map_of(override)
        key = (layout.master.part, tuple(sorted(clr_map.items())))
        if key not in self._schemes:
            self._schemes[key] = layout.master.theme.mapped(clr_map)
        return self._schemes[key]

    def _table_styles(self) -> dict[str, etree._Element]:
        part = self.package.first_related(self.package.main, "tableStyles")
        styles = dict(BUILTIN_TABLE_STYLES)
        if part is not None and self.package.has(part):
            for style in self.package.xml(part).iter(qn("a:tblStyle")):
                styles[style.get("styleId", "")] = style
        return styles

    def table_style_cell(self, style: etree._Element | None, parts: tuple[str, ...],
                         slide: Slide) -> tuple[TextProps, Fill]:
        """What a table style gives the cells of one kind (header, banded row...), cached."""
        key = (id(style), parts, id(slide.scheme), slide.layout.master.part)
        if key not in self._table_cells:
            self._table_cells[key] = _table_style_cell(style, parts, slide)
        return self._table_cells[key]

    # backgrounds and fills

    def _background(self, root: etree._Element, layout: Layout,
                    scheme: Mapping[str, RGB]) -> Fill:
        for part_root in (root, layout.root, layout.master.root):
            background = part_root.find(f"{qn('p:cSld')}/{qn('p:bg')}")
            if background is None:
                continue
            properties = background.find(qn("p:bgPr"))
            if properties is not None:
                return fill_of(properties, scheme) or UNKNOWN
            reference = background.find(qn("p:bgRef"))
            if reference is not None:
                return style_reference_fill(reference, layout.master.theme, scheme)
        return Fill((scheme.get("bg1", WHITE),))

    def shape_fill(self, shape: Shape, slide: Slide) -> Fill:
        """What lies directly behind the shape's text."""
        properties = shape.element.find(qn("p:spPr"))
        if properties is not None and properties.find(qn("a:grpFill")) is not None:
            own: Fill | None = shape.group_fill
        else:
            own = fill_of(properties, slide.scheme)
        for inherited in self._inherited_shapes(shape, slide.layout):
            if own is not None:
                break
            own = fill_of(inherited.find(qn("p:spPr")), slide.scheme)
        if own is None:
            reference = shape.element.find(f"{qn('p:style')}/{qn('a:fillRef')}")
            if reference is not None:
                own = style_reference_fill(reference, slide.layout.master.theme, slide.scheme)
        if own is None or own == TRANSPARENT:
            return slide.background
        return own

    def _inherited_shapes(self, shape: Shape, layout: Layout) -> list[etree._Element]:
        """The layout and master placeholders a placeholder shape inherits from."""
        if shape.placeholder is None:
            return []
        found: list[etree._Element] = []
        on_layout = match_placeholder(layout.placeholders, shape.placeholder)
        if on_layout is not None and on_layout.element is not None:
            found.append(on_layout.element)
        on_master = layout.master.placeholder(shape.placeholder.family)
        if on_master is not None and on_master.element is not None:
            found.append(on_master.element)
        return found

    # text properties

    def inherited_props(self, shape: Shape, slide: Slide, level: int) -> TextProps:
        """What a paragraph level gets from outside the shape: layout, master, defaults."""
        family = shape.placeholder.family if shape.placeholder else "other"
        placeholder = shape.placeholder
        key = (id(slide.scheme), slide.layout.part,
               f"{placeholder.type}/{placeholder.idx}" if placeholder else "", level, family)
        if key not in self._inherited:
            props = NO_PROPS
            for inherited in self._inherited_shapes(shape, slide.layout):
                props = props.over(level_props(_list_style(inherited), level, slide.scheme))
            for style in (slide.layout.master.text_style(family), self.default_text_style):
                props = props.over(level_props(style, level, slide.scheme))
            self._inherited[key] = props
        return self._inherited[key]

    def shape_props(self, shape: Shape, slide: Slide, level: int) -> TextProps:
        """A paragraph level's properties in a shape, before the run's own."""
        props = level_props(_list_style(shape.element), level, slide.scheme)
        reference = shape.element.find(f"{qn('p:style')}/{qn('a:fontRef')}")
        if reference is not None:
            props = props.over(TextProps(colour=colour_of(reference, slide.scheme)))
        return props.over(self.inherited_props(shape, slide, level))


# --- rules ------------------------------------------------------------------------------


def check_title(slide: Slide) -> list[Issue]:
    """``slide-title``: a title placeholder with text."""
    title = slide.title
    if title is None:
        return [error(slide.location, "slide-title",
                      "the slide has no title; use a layout with a title placeholder and "
                      "fill it (it can sit off-slide if it must not show)")]
    if not title.text:
        return [error(slide.location, "slide-title", "the slide title is empty; type a title")]
    return []


def normal_title(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def check_unique_title(slide: Slide, seen: dict[str, int]) -> list[Issue]:
    """``title-unique``: no earlier slide has the same title; remembers this one."""
    title = slide.title
    if title is None or not title.text:
        return []
    key = normal_title(title.text)
    if key in seen:
        return [error(slide.location, "title-unique",
                      f"same title as slide {seen[key]} ({quote(title.text)}); make each title "
                      f"unique, e.g. number continuation slides "
                      f"'{title.text.strip()} (cont. 2)'")]
    seen[key] = slide.number
    return []


def check_reading_order(slide: Slide) -> list[Issue]:
    """``reading-order``: nothing a screen reader announces comes before the title."""
    title = slide.title
    if title is None:
        return []
    before = []
    for shape in slide.shapes:
        if shape is title:
            break
        if shape.is_read():
            before.append(shape.name)
    if not before:
        return []
    names = ", ".join(f"'{name}'" for name in before)
    return [error(slide.location, "reading-order",
                  f"{names} is read before the title; move the title to the top of the "
                  "reading order (Review › Check Accessibility › Reading Order)")]


def check_alt_text(slide: Slide) -> list[Issue]:
    """``alt-text``: pictures, charts, diagrams and embedded objects are described."""
    issues = []
    for shape in slide.shapes:
        kind = "picture" if shape.kind == "pic" else drawing_kind(shape.graphic_uri)
        if kind is None or shape.kind not in ("pic", "graphicFrame"):
            continue
        problem = alt_text_problem(shape.properties)
        if problem:
            issues.append(error(slide.location, "alt-text",
                                f"{kind} '{shape.name}' {problem}; {ALT_TEXT_FIX}"))
    return issues


def check_table_headers(slide: Slide) -> list[Issue]:
    """``table-header``: every table has its header row turned on."""
    issues = []
    for shape in slide.shapes:
        table = shape.table
        if table is None:
            continue
        properties = table.find(qn("a:tblPr"))
        if properties is None or properties.get("firstRow") not in ("1", "true"):
            issues.append(error(slide.location, "table-header",
                                f"table '{shape.name}' has no header row; put the column names "
                                "in the first row and tick Header Row (Table Design)"))
    return issues


def check_empty_placeholders(slide: Slide) -> list[Issue]:
    """``empty-placeholder``: placeholders left empty (titles are left to ``slide-title``)."""
    return [
        warning(slide.location, "empty-placeholder",
                f"placeholder '{shape.name}' is empty; delete it or fill it")
        for shape in slide.shapes
        if shape.placeholder is not None and not shape.is_title and shape.kind == "sp"
        and not shape.text
    ]


@dataclass(frozen=True)
class TextRun:
    """A run of visible text with its effective size, colour, boldness and background."""

    shape: Shape
    text: str
    size: float
    font_scale: float
    colour: RGB | None
    bold: bool
    background: Fill


def _font_scale(body: etree._Element | None) -> float:
    if body is None:
        return 1.0
    autofit = body.find(f"{qn('a:bodyPr')}/{qn('a:normAutofit')}")
    scale = autofit.get("fontScale") if autofit is not None else None
    return int(scale) / 100_000 if scale and scale.isdigit() else 1.0


def _paragraph_runs(body: etree._Element, cell_style: TextProps | None, shape: Shape,
                    slide: Slide, deck: Deck, background: Fill) -> Iterator[TextRun]:
    scale = _font_scale(body)
    for paragraph in body.iter(qn("a:p")):
        properties = paragraph.find(qn("a:pPr"))
        level_text = properties.get("lvl", "0") if properties is not None else "0"
        level = int(level_text) if level_text.isdigit() else 0
        level_base = deck.shape_props(shape, slide, level)
        if cell_style is not None:  # a table cell: its list style, then the table style
            own = level_props(body.find(qn("a:lstStyle")), level, slide.scheme)
            level_base = own.over(cell_style).over(level_base)
        for run in paragraph:
            if not isinstance(run.tag, str) or local_name(run) not in ("r", "fld"):
                continue
            text = "".join(t.text or "" for t in run.iter(qn("a:t")))
            if not text.strip():
                continue
            props = run_props(run.find(qn("a:rPr")), slide.scheme).over(level_base)
            yield TextRun(shape, text, resolve_size(props, scale), scale,
                          props.colour or slide.scheme.get("tx1"), bool(props.bold), background)


def text_runs(slide: Slide, deck: Deck) -> Iterator[TextRun]:
    """Every run of visible text on the slide, in shapes and in table cells."""
    for shape in slide.shapes:
        body = shape.element.find(qn("p:txBody"))
        if body is not None:
            yield from _paragraph_runs(body, None, shape, slide, deck,
                                       deck.shape_fill(shape, slide))
        table = shape.table
        if table is not None:
            for cell, base, cell_fill in table_cells(table, slide, deck):
                cell_body = cell.find(qn("a:txBody"))
                if cell_body is not None:
                    background = cell_fill if cell_fill.opaque else slide.background
                    yield from _paragraph_runs(cell_body, base, shape, slide, deck, background)


def table_cells(table: etree._Element, slide: Slide,
                deck: Deck) -> Iterator[tuple[etree._Element, TextProps, Fill]]:
    """Each cell with the text properties and fill its table style and own fill give it."""
    properties = table.find(qn("a:tblPr"))
    flags = dict(properties.attrib) if properties is not None else {}
    style_id = properties.findtext(qn("a:tableStyleId")) if properties is not None else None
    style = deck.table_styles.get((style_id or "").strip())
    rows = table.findall(qn("a:tr"))
    for row_number, row in enumerate(rows):
        cells = row.findall(qn("a:tc"))
        for column, cell in enumerate(cells):
            parts = _table_style_parts(flags, row_number, len(rows), column, len(cells))
            props, fill = deck.table_style_cell(style, parts, slide)
            own = fill_of(cell.find(qn("a:tcPr")), slide.scheme)
            yield cell, props, own if own is not None else fill


def _on(flags: Mapping[str, str], name: str) -> bool:
    return flags.get(name) in ("1", "true")


def _table_style_parts(flags: Mapping[str, str], row: int, rows: int, column: int,
                       columns: int) -> tuple[str, ...]:
    """The parts of a table style that apply to a cell, most specific first."""
    parts = []
    if _on(flags, "firstRow") and row == 0:
        parts.append("a:firstRow")
    if _on(flags, "lastRow") and row == rows - 1:
        parts.append("a:lastRow")
    if _on(flags, "firstCol") and column == 0:
        parts.append("a:firstCol")
    if _on(flags, "lastCol") and column == columns - 1:
        parts.append("a:lastCol")
    if _on(flags, "bandRow"):
        body_row = row - 1 if _on(flags, "firstRow") else row
        parts.append("a:band1H" if body_row % 2 == 0 else "a:band2H")
    parts.append("a:wholeTbl")
    return tuple(parts)


def _table_style_cell(style: etree._Element | None, parts: tuple[str, ...],
                      slide: Slide) -> tuple[TextProps, Fill]:
    """The text properties and fill a table style gives a cell (``parts`` most specific first)."""
    props = NO_PROPS
    fill: Fill | None = None
    if style is None:
        return props, TRANSPARENT
    scheme = slide.scheme
    for name in parts:
        part = style.find(qn(name))
        if part is None:
            continue
        text = part.find(qn("a:tcTxStyle"))
        if text is not None:
            colour = colour_of(text, scheme)
            reference = text.find(qn("a:fontRef"))
            if colour is None and reference is not None:
                colour = colour_of(reference, scheme)
            bold = text.get("b")
            props = props.over(TextProps(colour=colour, bold=bold == "on" if bold else None))
        cell_style = part.find(qn("a:tcStyle"))
        if fill is None and cell_style is not None:
            fill = _table_part_fill(cell_style, slide)
    return props, fill if fill is not None else TRANSPARENT


def _table_part_fill(cell_style: etree._Element, slide: Slide) -> Fill | None:
    holder = cell_style.find(qn("a:fill"))
    if holder is not None:
        return fill_of(holder, slide.scheme)
    reference = cell_style.find(qn("a:fillRef"))
    if reference is not None:
        return style_reference_fill(reference, slide.layout.master.theme, slide.scheme)
    return None


def check_text(slide: Slide, deck: Deck) -> list[Issue]:
    """``min-font-size`` (the smallest text of each shape) and ``contrast`` (each colour pair
    of each shape) over every run of text."""
    runs = list(text_runs(slide, deck))
    smallest: dict[int, TextRun] = {}
    for run in runs:
        shape_key = id(run.shape.element)
        if shape_key not in smallest or run.size < smallest[shape_key].size:
            smallest[shape_key] = run
    issues = [issue for run in smallest.values()
              if (issue := font_size_issue(run, slide)) is not None]
    reported: set[tuple[int, RGB | None, Fill]] = set()
    for run in runs:
        issue = contrast_issue(run, slide)
        key = (id(run.shape.element), run.colour, run.background)
        if issue is not None and key not in reported:
            reported.add(key)
            issues.append(issue)
    return issues


def font_size_issue(run: TextRun, slide: Slide) -> Issue | None:
    if run.size >= MIN_FONT_PT - 0.01:
        return None
    shrink = f" (shrunk to {run.font_scale:.0%} by autofit)" if run.font_scale < 1 else ""
    return error(slide.location, "min-font-size",
                 f"text {quote(run.text)} in '{run.shape.name}' is {run.size:g} pt{shrink}; "
                 f"make it at least {MIN_FONT_PT:g} pt (split the slide if it does not fit)")


def contrast_issue(run: TextRun, slide: Slide) -> Issue | None:
    if run.colour is None or not run.background.known or not run.background.colours:
        return None
    ratio, behind = worst_background(run.colour, run.background.colours)
    needed = required_ratio(run.size, run.bold)
    if ratio >= needed:
        return None
    return error(slide.location, "contrast",
                 f"text {quote(run.text)} in '{run.shape.name}' is {to_hex(run.colour)} on "
                 f"{to_hex(behind)}, contrast {ratio:.2f}:1; needs {needed:g}:1 — darken or "
                 "lighten the text or its background")


def audit_deck(package: Package) -> list[Issue]:
    """Every finding for a PowerPoint file, slide by slide."""
    deck = Deck(package)
    issues = check_doc_title(package, severity_error=False)
    seen: dict[str, int] = {}
    for slide in deck.slides():
        issues += check_title(slide)
        issues += check_unique_title(slide, seen)
        issues += check_reading_order(slide)
        issues += check_alt_text(slide)
        issues += check_table_headers(slide)
        issues += check_text(slide, deck)
        issues += check_empty_placeholders(slide)
    return issues

