"""The deck rules: what the audit checks in a PowerPoint file, slide by slide.

Titles (present, unique, read first), alt text of pictures, charts and diagrams, table
header rows, empty placeholders, and for every run of text its effective size (at least
12 pt) and its contrast with what lies behind it. Sizes, colours and backgrounds are what
PowerPoint's inheritance gives the run, as :mod:`exporter.ooxml.presentation` and
:mod:`exporter.ooxml.tablestyles` resolve it for the deck renderer too: the run, its shape,
the placeholders it inherits from, the master's text styles and the presentation's
defaults; the shape's fill, its group's, then the slide's background. Autofit shrinking
(``normAutofit fontScale``) is applied. Masters, layouts and inherited text properties are
read once per part and cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from exporter.audit.common import (
    ALT_TEXT_FIX,
    alt_text_problem,
    check_doc_title,
    drawing_kind,
    is_decorative,
)
from exporter.audit.findings import Issue, error, quote, warning
from exporter.ooxml.colour import (
    RGB,
    Fill,
    Theme,
    fill_of,
    required_ratio,
    to_hex,
    worst_background,
)
from exporter.ooxml.parts import Package, local_name, qn
from exporter.ooxml.presentation import (
    DEFAULT_FONT_PT,
    TITLE_TYPES,
    Layout,
    Master,
    Placeholder,
    TextProps,
    background,
    chain_props,
    fill_behind,
    inherited_list_styles,
    level_props,
    own_props,
    placeholder_of,
    run_props,
)
from exporter.ooxml.tablestyles import cell_style, style_parts, table_styles

MIN_FONT_PT = 12.0
_SPACE = re.compile(r"\s+")


def resolve_size(props: TextProps, font_scale: float) -> float:
    return (props.size if props.size is not None else DEFAULT_FONT_PT) * font_scale


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

    @property
    def theme(self) -> Theme:
        return self.layout.master.theme


class Deck:
    """A presentation opened for the audit: masters, layouts, themes and inherited text
    properties read once each."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.root = package.xml(package.main)
        self._masters: dict[str, Master] = {}
        self._layouts: dict[str, Layout] = {}
        self._inherited: dict[tuple[int, int, str, int, str], TextProps] = {}
        self._table_cells: dict[tuple[int, tuple[str, ...], int], tuple[TextProps, Fill]] = {}
        self.default_text_style = self.root.find(qn("p:defaultTextStyle"))
        self.table_styles = table_styles(self._related_xml(package.main, "tableStyles"))

    def slides(self) -> Iterator[Slide]:
        id_list = self.root.find(qn("p:sldIdLst"))
        for number, slide_id in enumerate(id_list if id_list is not None else (), start=1):
            part = self.package.target(self.package.main, slide_id.get(qn("r:id"), ""))
            if part is not None and self.package.has(part):
                yield self._slide(number, part)

    def _slide(self, number: int, part: str) -> Slide:
        root = self.package.xml(part)
        layout = self.layout(self.package.first_related(part, "slideLayout") or "")
        scheme = layout.master.scheme(layout.root, root)
        behind = background((root, layout.root, layout.master.root), layout.master.theme,
                            scheme)
        slide = Slide(number, root, layout, scheme, behind)
        tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        if tree is not None:
            slide.shapes = list(walk_shapes(tree, scheme))
        return slide

    # parts, each read once

    def _related_xml(self, part: str, rel_type: str) -> etree._Element | None:
        related = self.package.first_related(part, rel_type)
        return self.package.xml(related) if related and self.package.has(related) else None

    def master(self, part: str) -> Master:
        if part not in self._masters:
            self._masters[part] = Master.read(self.package.xml(part),
                                              self._related_xml(part, "theme"))
        return self._masters[part]

    def layout(self, part: str) -> Layout:
        if part not in self._layouts:
            master_part = self.package.first_related(part, "slideMaster")
            if not self.package.has(part) or master_part is None:
                raise self.package.error("a slide has no layout or its layout has no master")
            self._layouts[part] = Layout.read(self.package.xml(part), self.master(master_part))
        return self._layouts[part]

    def table_style_cell(self, style: etree._Element | None, parts: tuple[str, ...],
                         slide: Slide) -> tuple[TextProps, Fill]:
        """What a table style gives the cells of one kind (header, banded row...), cached."""
        key = (id(style), parts, id(slide.scheme))
        if key not in self._table_cells:
            self._table_cells[key] = cell_style(style, parts, slide.theme, slide.scheme)
        return self._table_cells[key]

    # fills and text properties

    def shape_fill(self, shape: Shape, slide: Slide) -> Fill:
        """What lies directly behind the shape's text."""
        inherited = slide.layout.inherited(shape.placeholder) if shape.placeholder else []
        return fill_behind(shape.element, inherited, slide.background, slide.theme,
                           slide.scheme, shape.group_fill)

    def inherited_props(self, shape: Shape, slide: Slide, level: int) -> TextProps:
        """What a paragraph level gets from outside the shape: layout, master, defaults."""
        placeholder = shape.placeholder
        family = placeholder.family if placeholder else "other"
        key = (id(slide.scheme), id(slide.layout),
               f"{placeholder.type}/{placeholder.idx}" if placeholder else "", level, family)
        if key not in self._inherited:
            inherited = slide.layout.inherited(placeholder) if placeholder else []
            styles = inherited_list_styles(inherited, slide.layout.master, family,
                                           self.default_text_style)
            self._inherited[key] = chain_props(styles, level, slide.scheme)
        return self._inherited[key]

    def shape_props(self, shape: Shape, slide: Slide, level: int) -> TextProps:
        """A paragraph level's properties in a shape, before the run's own."""
        return own_props(shape.element, level, slide.scheme).over(
            self.inherited_props(shape, slide, level))


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


def _paragraph_runs(body: etree._Element, cell_props: TextProps | None, shape: Shape,
                    slide: Slide, deck: Deck, behind: Fill) -> Iterator[TextRun]:
    scale = _font_scale(body)
    for paragraph in body.iter(qn("a:p")):
        properties = paragraph.find(qn("a:pPr"))
        level_text = properties.get("lvl", "0") if properties is not None else "0"
        level = int(level_text) if level_text.isdigit() else 0
        level_base = deck.shape_props(shape, slide, level)
        if cell_props is not None:  # a table cell: its list style, then the table style
            own = level_props(body.find(qn("a:lstStyle")), level, slide.scheme)
            level_base = own.over(cell_props).over(level_base)
        for run in paragraph:
            if not isinstance(run.tag, str) or local_name(run) not in ("r", "fld"):
                continue
            text = "".join(t.text or "" for t in run.iter(qn("a:t")))
            if not text.strip():
                continue
            props = run_props(run.find(qn("a:rPr")), slide.scheme).over(level_base)
            yield TextRun(shape, text, resolve_size(props, scale), scale,
                          props.colour or slide.scheme.get("tx1"), bool(props.bold), behind)


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
                    behind = cell_fill if cell_fill.opaque else slide.background
                    yield from _paragraph_runs(cell_body, base, shape, slide, deck, behind)


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
            parts = style_parts(flags, row_number, len(rows), column, len(cells))
            props, fill = deck.table_style_cell(style, parts, slide)
            own = fill_of(cell.find(qn("a:tcPr")), slide.scheme)
            yield cell, props, own if own is not None else fill


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

