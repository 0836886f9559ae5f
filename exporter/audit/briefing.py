"""The briefing rules: what the audit checks in a Word file.

Document language and title, heading levels, alt text of pictures, charts and diagrams,
table header rows that repeat across pages, real lists rather than typed bullets, empty
paragraphs used as spacing, and the contrast of every run of text (body, tables, text boxes,
headers and footers, where banners live) against what lies behind it.

Word's formatting is layered: a run's own properties, its character style, the paragraph
style and the styles it is based on, the table style (and its conditional parts: header row,
banded rows...), the document defaults. Backgrounds are the run's shading or highlight, the
paragraph's shading, the table cell's (own, then table style), a text box's fill, then the
page colour, white by default. Theme colours (``w:themeColor`` with ``themeTint``/
``themeShade``) are read from the document's theme through its ``clrSchemeMapping``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from exporter.audit.common import ALT_TEXT_FIX, alt_text_problem, check_doc_title, drawing_kind
from exporter.audit.findings import Issue, error, quote, warning
from exporter.ooxml.colour import (
    BLACK,
    RGB,
    WHITE,
    Fill,
    Theme,
    fill_of,
    mix,
    parse_hex,
    required_ratio,
    to_hex,
    word_scheme,
    word_theme_colour,
    worst_background,
)
from exporter.ooxml.parts import Package, local_name, qn

#: Word's size for text whose size is set nowhere.
DEFAULT_FONT_PT = 10.0
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list (bullet|number)", re.IGNORECASE)
_TYPED_BULLET = re.compile(r"^\s*([•·◦▪▫●○■□‣⁃–—*>-]|\(?\d{1,2}[.)]|[a-zA-Z][.)])\s")
_FALSE = ("0", "false", "off")
_HIGHLIGHTS: Mapping[str, RGB] = {
    "black": BLACK, "white": WHITE, "yellow": (255, 255, 0), "green": (0, 255, 0),
    "cyan": (0, 255, 255), "magenta": (255, 0, 255), "blue": (0, 0, 255), "red": (255, 0, 0),
    "darkBlue": (0, 0, 128), "darkCyan": (0, 128, 128), "darkGreen": (0, 128, 0),
    "darkMagenta": (128, 0, 128), "darkRed": (128, 0, 0), "darkYellow": (128, 128, 0),
    "darkGray": (128, 128, 128), "lightGray": (192, 192, 192),
}
#: tblLook bits (``w:val``) and the attributes Word 2010+ writes instead.
_LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100,
              "noHBand": 0x200}


def _val(element: etree._Element | None, default: str = "") -> str:
    if element is None:
        return default
    return element.get(qn("w:val"), default)


def is_on(element: etree._Element | None) -> bool:
    """A Word on/off property (``<w:b/>``, ``<w:tblHeader w:val="0"/>``) is on."""
    return element is not None and _val(element, "1").lower() not in _FALSE


# --- styles -----------------------------------------------------------------------------


class Styles:
    """``styles.xml``: styles by id, their ``basedOn`` chains, and the document defaults."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph = ""
        self.default_run: etree._Element | None = None
        self._chains: dict[str, list[etree._Element]] = {}
        if root is None:
            return
        for style in root.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId"), "")
            self.by_id[style_id] = style
            if style.get(qn("w:type")) == "paragraph" and is_on_attr(style.get(qn("w:default"))):
                self.default_paragraph = style_id
        self.default_run = root.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first (loops cut)."""
        key = style_id or ""
        if key not in self._chains:
            chain: list[etree._Element] = []
            current = self.by_id.get(key)
            while current is not None and current not in chain:
                chain.append(current)
                current = self.by_id.get(_val(current.find(qn("w:basedOn"))))
            self._chains[key] = chain
        return self._chains[key]

    def paragraph_chain(self, style_id: str | None) -> list[etree._Element]:
        return self.chain(style_id if style_id in self.by_id else self.default_paragraph)

    def name(self, style_id: str | None) -> str:
        chain = self.paragraph_chain(style_id)
        return _val(chain[0].find(qn("w:name"))) if chain else ""


def is_on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _FALSE


def first_in(layers: Sequence[etree._Element | None], tag: str) -> etree._Element | None:
    """The first of ``layers`` (``pPr``/``rPr``/``tcPr`` elements) that has ``tag``."""
    name = qn(tag)
    for layer in layers:
        if layer is not None:
            found = layer.find(name)
            if found is not None:
                return found
    return None


def _parts(styles: Sequence[etree._Element], tag: str) -> list[etree._Element | None]:
    return [style.find(qn(tag)) for style in styles]


# --- colours ----------------------------------------------------------------------------


def text_colour(color: etree._Element | None, scheme: Mapping[str, RGB]) -> RGB | None:
    """A ``w:color``; None for ``auto`` (Word picks black or white, whichever reads)."""
    if color is None:
        return None
    theme = color.get(qn("w:themeColor"))
    if theme:
        found = word_theme_colour(theme, color.get(qn("w:themeTint")),
                                  color.get(qn("w:themeShade")), scheme)
        if found is not None:
            return found
    return parse_hex(_val(color))


def shading_colour(shading: etree._Element | None, scheme: Mapping[str, RGB]) -> RGB | None:
    """The colour a ``w:shd`` paints (fill, pattern colour, or a percentage of both)."""
    if shading is None:
        return None
    pattern = shading.get(qn("w:val"), "clear")
    fill = _shading_part(shading, "Fill", "w:fill", scheme)
    colour = _shading_part(shading, "Color", "w:color", scheme)
    if pattern == "solid":
        return colour or BLACK
    percent = re.fullmatch(r"pct(\d+)", pattern)
    if percent:
        return mix(fill or WHITE, colour or BLACK, int(percent.group(1)) / 100)
    return None if pattern == "nil" else fill


def _shading_part(shading: etree._Element, theme_kind: str, attribute: str,
                  scheme: Mapping[str, RGB]) -> RGB | None:
    theme = shading.get(qn(f"w:theme{theme_kind}"))
    if theme:
        found = word_theme_colour(theme, shading.get(qn(f"w:theme{theme_kind}Tint")),
                                  shading.get(qn(f"w:theme{theme_kind}Shade")), scheme)
        if found is not None:
            return found
    return parse_hex(shading.get(qn(attribute)))


def highlight_colour(highlight: etree._Element | None) -> RGB | None:
    return _HIGHLIGHTS.get(_val(highlight)) if highlight is not None else None


# --- tables -----------------------------------------------------------------------------


def look_flags(table_properties: etree._Element | None) -> set[str]:
    """Which conditional parts a table's ``w:tblLook`` turns on (``firstRow``, ``noHBand``...)."""
    look = table_properties.find(qn("w:tblLook")) if table_properties is not None else None
    if look is None:
        return {"firstRow", "firstColumn"}  # Word's default look
    bits = int(_val(look, "0") or "0", 16) if re.fullmatch(r"[0-9A-Fa-f]{1,4}", _val(look)) else 0
    return {
        name for name, bit in _LOOK_BITS.items()
        if is_on_attr(look.get(qn(f"w:{name}"))) or bits & bit
    }


@dataclass(frozen=True)
class CellContext:
    """The table style layers that apply to one cell: ``rPr``, ``pPr`` and ``tcPr`` lists."""

    run_layers: tuple[etree._Element | None, ...]
    cell_layers: tuple[etree._Element | None, ...]


def _conditional_types(flags: set[str], row: int, rows: int, column: int,
                       columns: int) -> list[str]:
    types = []
    if "firstRow" in flags and row == 0:
        types.append("firstRow")
    if "lastRow" in flags and row == rows - 1 and rows > 1:
        types.append("lastRow")
    if "firstColumn" in flags and column == 0:
        types.append("firstCol")
    if "lastColumn" in flags and column == columns - 1 and columns > 1:
        types.append("lastCol")
    if "noHBand" not in flags:
        body_row = row - 1 if "firstRow" in flags else row
        types.append("band1Horz" if body_row % 2 == 0 else "band2Horz")
    return types


def cell_context(cell: etree._Element, styles: Styles) -> CellContext:
    """The table-style layers of a cell, most specific first, whole table last."""
    row = cell.getparent()
    table = row.getparent() if row is not None else None
    if row is None or table is None or local_name(table) != "tbl":
        return CellContext((), ())
    properties = table.find(qn("w:tblPr"))
    style_chain = styles.chain(_val(properties.find(qn("w:tblStyle")))
                               if properties is not None else None)
    rows = table.findall(qn("w:tr"))
    cells = row.findall(qn("w:tc"))
    types = _conditional_types(look_flags(properties), rows.index(row), len(rows),
                               cells.index(cell), len(cells))
    conditional = [
        part for kind in types for style in style_chain
        for part in style.findall(qn("w:tblStylePr")) if part.get(qn("w:type")) == kind
    ]
    layers = [*conditional, *style_chain]
    return CellContext(tuple(_parts(layers, "w:rPr")), tuple(_parts(layers, "w:tcPr")))


# --- the document -----------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph with its number (1-based, document order) in its part."""

    element: etree._Element
    number: int
    prefix: str = ""

    @property
    def location(self) -> str:
        return f"{self.prefix}paragraph {self.number}"

    @cached_property
    def text(self) -> str:
        return "".join(run_text(run) for run in own_runs(self.element))

    @property
    def style_id(self) -> str | None:
        style = self.element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return _val(style) if style is not None else None


def own_runs(paragraph: etree._Element) -> Iterator[etree._Element]:
    """The runs of a paragraph, not those of text boxes anchored in it, nor deleted ones."""
    for child in paragraph:
        if not isinstance(child.tag, str):
            continue
        kind = local_name(child)
        if kind == "r":
            yield child
        elif kind not in ("del", "pPr", "moveFrom"):
            yield from own_runs(child)


def run_text(run: etree._Element) -> str:
    """The text of a run itself (not of a text box drawn in it)."""
    return "".join(t.text or "" for t in run.findall(qn("w:t")))


def outside_fallbacks(root: etree._Element, tag: str) -> list[etree._Element]:
    """Elements in document order, skipping the fallback copies of ``mc:AlternateContent``."""
    fallbacks = root.iter(qn("mc:Fallback"))
    skipped = {id(e) for fallback in fallbacks for e in fallback.iter(qn(tag))}
    return [e for e in root.iter(qn(tag)) if id(e) not in skipped]


class Briefing:
    """A Word document opened for the audit."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.root = package.xml(package.main)
        self.body = self.root.find(qn("w:body"))
        self.styles = Styles(self._related_xml("styles"))
        settings = self._related_xml("settings")
        mapping = settings.find(qn("w:clrSchemeMapping")) if settings is not None else None
        self.scheme = word_scheme(Theme.from_xml(self._related_xml("theme")), mapping)
        self.numbering_ids = self._numbering_ids()
        self.page = self._page_colour()
        self._style_layers: dict[tuple[str, str, int], list[etree._Element | None]] = {}
        self._cells: dict[int, CellContext] = {}

    def _related_xml(self, rel_type: str) -> etree._Element | None:
        part = self.package.first_related(self.package.main, rel_type)
        return self.package.xml(part) if part and self.package.has(part) else None

    def _numbering_ids(self) -> set[str]:
        numbering = self._related_xml("numbering")
        if numbering is None:
            return set()
        return {num.get(qn("w:numId"), "") for num in numbering.iter(qn("w:num"))}

    def _page_colour(self) -> RGB:
        background = self.root.find(qn("w:background"))
        if background is None:
            return WHITE
        return text_colour(background, self.scheme) or WHITE

    def paragraphs(self, root: etree._Element | None = None, prefix: str = "") -> list[Paragraph]:
        start = self.body if root is None else root
        if start is None:
            return []
        return [Paragraph(p, n, prefix) for n, p in enumerate(outside_fallbacks(start, "w:p"), 1)]

    def tables(self) -> list[etree._Element]:
        return outside_fallbacks(self.body, "w:tbl") if self.body is not None else []

    def header_footer_parts(self) -> list[tuple[str, etree._Element]]:
        """Header and footer parts with a label ("header 1"), by part name."""
        found = []
        for kind in ("header", "footer"):
            for part in sorted(self.package.related(self.package.main, kind)):
                if self.package.has(part):
                    number = re.search(r"(\d+)\.xml$", part)
                    label = f"{kind} {number.group(1) if number else ''}".strip()
                    found.append((label, self.package.xml(part)))
        return found

    # paragraph properties

    def paragraph_layers(self, paragraph: etree._Element, tag: str) -> list[etree._Element | None]:
        """``pPr`` layers: the paragraph's own, then its style chain's."""
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        chain = self.styles.paragraph_chain(_val(style) if style is not None else None)
        return [paragraph.find(qn("w:pPr")), *_parts(chain, tag)]

    def outline_level(self, paragraph: Paragraph) -> int | None:
        """The heading level (1-9) of a paragraph, None for body text."""
        level = first_in(self.paragraph_layers(paragraph.element, "w:pPr"), "w:outlineLvl")
        if level is not None:
            value = _val(level)
            return int(value) + 1 if value.isdigit() and int(value) < 9 else None
        match = _HEADING_NAME.match(self.styles.name(paragraph.style_id))
        return int(match.group(1)) if match else None

    def numbering(self, paragraph: Paragraph) -> str | None:
        """The numbering definition id a paragraph uses, None when it is not in a list."""
        numbering = first_in(self.paragraph_layers(paragraph.element, "w:pPr"), "w:numPr")
        number_id = numbering.find(qn("w:numId")) if numbering is not None else None
        value = _val(number_id)
        return value if value and value != "0" else None

    # run properties and backgrounds

    def run_layers(self, run: etree._Element,
                   paragraph: etree._Element) -> list[etree._Element | None]:
        """``rPr`` layers for a run: own, character style, paragraph style, table, defaults."""
        run_style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        para_style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        cell = self._cell(paragraph)
        key = (_val(run_style), _val(para_style), id(cell.run_layers))
        if key not in self._style_layers:
            self._style_layers[key] = [
                *_parts(self.styles.chain(_val(run_style)) if run_style is not None else [],
                        "w:rPr"),
                *_parts(self.styles.paragraph_chain(_val(para_style) or None), "w:rPr"),
                *cell.run_layers,
                self.styles.default_run,
            ]
        return [run.find(qn("w:rPr")), *self._style_layers[key]]

    def _cell(self, paragraph: etree._Element) -> CellContext:
        cell = next((a for a in paragraph.iterancestors(qn("w:tc"))), None)
        if cell is None:
            return CellContext((), ())
        if id(cell) not in self._cells:
            self._cells[id(cell)] = cell_context(cell, self.styles)
        return self._cells[id(cell)]

    def paragraph_background(self, paragraph: etree._Element) -> RGB:
        """What lies behind a paragraph's text, before any run shading."""
        own = shading_colour(first_in(self.paragraph_layers(paragraph, "w:pPr"), "w:shd"),
                             self.scheme)
        if own is not None:
            return own
        for ancestor in paragraph.iterancestors():
            kind = local_name(ancestor)
            if kind == "tc":
                cell = self._cells.get(id(ancestor)) or cell_context(ancestor, self.styles)
                layers = [ancestor.find(qn("w:tcPr")), *cell.cell_layers]
                colour = shading_colour(first_in(layers, "w:shd"), self.scheme)
                if colour is not None:
                    return colour
            elif kind == "wsp":
                fill: Fill | None = fill_of(ancestor.find(qn("wps:spPr")), self.scheme)
                if fill is not None and fill.colours:
                    return fill.colours[0]
        return self.page


# --- rules ------------------------------------------------------------------------------


def check_language(briefing: Briefing, expected: str | None) -> list[Issue]:
    """``doc-language``: the default language is set, and is the expected one."""
    styles = briefing.styles
    layers = [*_parts(styles.paragraph_chain(None), "w:rPr"), styles.default_run]
    language = first_in(layers, "w:lang")
    value = _val(language).strip()
    if not value:
        want = expected or "the document's language, e.g. en-US"
        return [error("document", "doc-language",
                      f"no document language is set; set the default language to {want} "
                      "(w:lang in the Normal style or the document defaults)")]
    if expected and not _same_language(value, expected):
        return [error("document", "doc-language",
                      f"the document language is {value} but the content is {expected}; "
                      f"set the default language to {expected}")]
    return []


def _same_language(found: str, expected: str) -> bool:
    found_tag, expected_tag = found.lower(), expected.lower()
    return found_tag == expected_tag or (
        "-" not in expected_tag and found_tag.split("-")[0] == expected_tag)


def check_heading_order(briefing: Briefing, paragraphs: Sequence[Paragraph]) -> list[Issue]:
    """``heading-order``: the first heading is level 1, and no level is skipped going down."""
    issues = []
    previous = 0
    for paragraph in paragraphs:
        level = briefing.outline_level(paragraph)
        if level is None or not paragraph.text.strip():
            continue
        if level > previous + 1:
            what = (f"the first heading is level {level}" if previous == 0
                    else f"a level-{level} heading follows a level-{previous} heading")
            issues.append(error(paragraph.location, "heading-order",
                                f"{what} ({quote(paragraph.text)}); use Heading "
                                f"{previous + 1} so no level is skipped"))
        previous = level
    return issues


def check_alt_text(paragraphs: Sequence[Paragraph]) -> list[Issue]:
    """``alt-text``: pictures, charts, diagrams and picture groups are described."""
    issues = []
    for paragraph in paragraphs:
        for holder in paragraph.element.iter(qn("wp:inline"), qn("wp:anchor"), qn("v:shape")):
            if _owner(holder) is not paragraph.element:
                continue
            if local_name(holder) == "shape":
                issues += _vml_issue(holder, paragraph)
            else:
                issues += _drawing_issue(holder, paragraph)
    return issues


def _owner(element: etree._Element) -> etree._Element | None:
    """The paragraph a drawing belongs to, None for the fallback copy of a drawing."""
    for ancestor in element.iterancestors():
        if ancestor.tag == qn("mc:Fallback"):
            return None
        if ancestor.tag == qn("w:p"):
            return ancestor
    return None


def _drawing_issue(holder: etree._Element, paragraph: Paragraph) -> list[Issue]:
    data = holder.find(f"{qn('a:graphic')}/{qn('a:graphicData')}")
    properties = holder.find(qn("wp:docPr"))
    kind = drawing_kind(data.get("uri", "")) if data is not None else None
    if kind is None or properties is None:
        return []
    problem = alt_text_problem(properties)
    if problem is None:
        return []
    name = properties.get("name") or kind
    return [error(paragraph.location, "alt-text", f"{kind} '{name}' {problem}; {ALT_TEXT_FIX}")]


def _vml_issue(shape: etree._Element, paragraph: Paragraph) -> list[Issue]:
    """Legacy (VML) pictures keep their alt text in the shape's ``alt`` attribute."""
    if shape.find(qn("v:imagedata")) is None or (shape.get("alt") or "").strip():
        return []
    name = shape.get("id") or "picture"
    return [error(paragraph.location, "alt-text",
                  f"picture '{name}' has no alt text; {ALT_TEXT_FIX}")]


def is_layout_table(table: etree._Element) -> bool:
    """One row, or one column: a box for layout (a banner, a callout), not data."""
    rows = table.findall(qn("w:tr"))
    return len(rows) < 2 or all(len(row.findall(qn("w:tc"))) < 2 for row in rows)


def check_table_headers(tables: Sequence[etree._Element]) -> list[Issue]:
    """``table-header``: data tables mark their first row as a header that repeats."""
    issues = []
    for number, table in enumerate(tables, 1):
        if is_layout_table(table):
            continue
        first = table.find(qn("w:tr"))
        if first is None or is_on(first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")):
            continue
        cells = " ".join(t.text or "" for t in first.iter(qn("w:t")))
        issues.append(error(f"table {number}", "table-header",
                            f"the table starting {quote(cells)} has no header row; put the "
                            "column names in the first row and tick Repeat as header row "
                            "(Table Properties › Row)"))
    return issues


def is_empty(paragraph: etree._Element) -> bool:
    """Nothing a reader sees: no text, picture, object, field, page or section break."""
    if "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip():
        return False
    properties = paragraph.find(qn("w:pPr"))
    if properties is not None and (properties.find(qn("w:sectPr")) is not None
                                   or is_on(properties.find(qn("w:pageBreakBefore")))):
        return False
    for element in paragraph.iter():
        if not isinstance(element.tag, str):
            continue
        kind = local_name(element)
        if kind in ("drawing", "pict", "object", "fldSimple", "fldChar", "sym", "oMath"):
            return False
        if kind == "br" and element.get(qn("w:type")) == "page":
            return False
    return True


def check_empty_paragraphs(briefing: Briefing, paragraphs: Sequence[Paragraph]) -> list[Issue]:
    """``empty-paragraph``: no runs of empty paragraphs as spacing; no empty headings."""
    issues = []
    top_level = _top_level_paragraphs(briefing.body)
    run: list[Paragraph] = []
    for paragraph in paragraphs:
        if briefing.outline_level(paragraph) is not None and is_empty(paragraph.element):
            issues.append(error(paragraph.location, "empty-paragraph",
                                "an empty heading; delete it (screen readers announce it)"))
        elif id(paragraph.element) in top_level and is_empty(paragraph.element):
            run.append(paragraph)
            continue
        issues += _spacing_issue(run)
        run = []
    return issues + _spacing_issue(run)


def _spacing_issue(run: list[Paragraph]) -> list[Issue]:
    if not run:
        return []
    count = f"{len(run)} empty paragraphs" if len(run) > 1 else "an empty paragraph"
    return [error(run[0].location, "empty-paragraph",
                  f"{count} used as spacing; delete them and set space before/after in the "
                  "paragraph style")]


def _top_level_paragraphs(body: etree._Element | None) -> set[int]:
    """Empty paragraphs that may count as spacing: in the body, not the last one, not the
    separator Word needs between two tables."""
    if body is None:
        return set()
    children = [c for c in body if isinstance(c.tag, str) and local_name(c) in ("p", "tbl")]
    found = set()
    for position, child in enumerate(children[:-1]):
        if local_name(child) != "p":
            continue
        between_tables = (position > 0 and local_name(children[position - 1]) == "tbl"
                          and local_name(children[position + 1]) == "tbl")
        if not between_tables:
            found.add(id(child))
    return found


def check_lists(briefing: Briefing, paragraphs: Sequence[Paragraph]) -> list[Issue]:
    """``list-structure``: list styles that number nothing, and bullets typed by hand."""
    issues = []
    for paragraph in paragraphs:
        if briefing.outline_level(paragraph) is not None:
            continue
        number_id = briefing.numbering(paragraph)
        style_name = briefing.styles.name(paragraph.style_id)
        if number_id is not None and number_id not in briefing.numbering_ids:
            issues.append(error(paragraph.location, "list-structure",
                                f"the list item {quote(paragraph.text)} uses a numbering that "
                                "does not exist; apply a bullet or numbering again"))
        elif number_id is None and _LIST_STYLE.match(style_name):
            issues.append(error(paragraph.location, "list-structure",
                                f"the style '{style_name}' has no bullet or numbering, so "
                                f"{quote(paragraph.text)} is not a real list item; add a bullet "
                                "or number to the style"))
        elif number_id is None and _TYPED_BULLET.match(paragraph.text):
            issues.append(warning(paragraph.location, "list-structure",
                                  f"{quote(paragraph.text)} looks like a list item typed by "
                                  "hand; use a bulleted or numbered list instead"))
    return issues


def check_contrast(briefing: Briefing, paragraphs: Sequence[Paragraph]) -> list[Issue]:
    """``contrast``: each run's colour against its background, one finding per colour pair."""
    issues = []
    for paragraph in paragraphs:
        behind = briefing.paragraph_background(paragraph.element)
        reported: set[tuple[RGB, RGB]] = set()
        for run in own_runs(paragraph.element):
            text = run_text(run)
            if not text.strip():
                continue
            issue = _run_contrast(briefing, run, paragraph, text, behind, reported)
            if issue is not None:
                issues.append(issue)
    return issues


def _run_contrast(briefing: Briefing, run: etree._Element, paragraph: Paragraph, text: str,
                  behind: RGB, reported: set[tuple[RGB, RGB]]) -> Issue | None:
    layers = briefing.run_layers(run, paragraph.element)
    colour = text_colour(first_in(layers, "w:color"), briefing.scheme)
    if colour is None:
        return None
    run_background = (shading_colour(first_in(layers, "w:shd"), briefing.scheme)
                      or highlight_colour(first_in(layers, "w:highlight")))
    ratio, background = worst_background(colour, [run_background or behind])
    size = first_in(layers, "w:sz")
    points = int(_val(size)) / 2 if _val(size).isdigit() else DEFAULT_FONT_PT
    needed = required_ratio(points, is_on(first_in(layers, "w:b")))
    if ratio >= needed or (colour, background) in reported:
        return None
    reported.add((colour, background))
    return error(paragraph.location, "contrast",
                 f"text {quote(text)} is {to_hex(colour)} on {to_hex(background)}, contrast "
                 f"{ratio:.2f}:1; needs {needed:g}:1 — darken or lighten the text or its "
                 "shading")


def audit_briefing(package: Package, lang: str | None = None) -> list[Issue]:
    """Every finding for a Word file: document, body, then headers and footers."""
    briefing = Briefing(package)
    paragraphs = briefing.paragraphs()
    issues = [
        *check_language(briefing, lang),
        *check_doc_title(package, severity_error=True),
        *check_heading_order(briefing, paragraphs),
        *check_alt_text(paragraphs),
        *check_table_headers(briefing.tables()),
        *check_lists(briefing, paragraphs),
        *check_empty_paragraphs(briefing, paragraphs),
        *check_contrast(briefing, paragraphs),
    ]
    for label, root in briefing.header_footer_parts():
        part_paragraphs = briefing.paragraphs(root, prefix=f"{label}, ")
        issues += check_alt_text(part_paragraphs)
        issues += check_contrast(briefing, part_paragraphs)
    return issues
