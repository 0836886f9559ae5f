"""The classification banner: in every header and footer a page shows, inside the page
margins, on one line.

:func:`add_banners` gives every section the headers and footers its pages show (default,
first-page, even-page) where the template has none, and adds a centred bold banner to each
one that does not show the classification yet. The banner is measured like any text: with
the font of the template's Header/Footer style (size, family — the theme's when the style
names a theme font — capitals), against the narrowest text width (page width less the side
margins) of the sections that show that header or footer, and shrunk to fit on one line,
never below :data:`SMALLEST_POINTS`. A header or footer the template puts at the very edge
of the page (LibreOffice writes a distance of 0 when its header is off) is moved to a
printable distance, so the banner is inside the page; a page size or margin the template
leaves unsaid is written as Word's default page, so every program lays the page out alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Protocol

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.story import StoryPart
from docx.section import Section
from docx.shared import Inches, Length, Twips
from lxml import etree

from exporter.metrics import em_width, find_face
from exporter.ooxml.colour import (
    NORMAL_TEXT_RATIO,
    WHITE,
    contrast_ratio,
    hex_code,
    parse_hex,
    readable_on,
)
from exporter.render.docx_styles import StyleBook
from exporter.render.docx_template import element, paragraph_text, qn, text_element

#: The banner never gets smaller than this to fit on one line.
SMALLEST_POINTS = 8.0
#: Size of a banner whose style names none (Word's own default).
DEFAULT_POINTS = 10.0
#: Nearest a header or footer may be to the page edge (a quarter inch: printers leave it).
_NEAREST_EDGE = Twips(360)
#: Where a header or footer at the page edge is moved: half the margin, within these.
_EDGE_RANGE = (Twips(360), Twips(720))
#: Measured widths are widened by this much: line layout differs a little between programs.
_WIDTH_MARGIN = 1.06
_DEFAULT_FONT = "Calibri"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class HeaderOrFooter(Protocol):
    """What python-docx's section headers and footers offer that the banner uses."""

    is_linked_to_previous: bool

    @property
    def part(self) -> StoryPart: ...


def add_banners(document: DocxDocument, classification: str, colour: str, styles: StyleBook,
                warn: Callable[[str], None], clean: Callable[[str], str]) -> None:
    """Show ``classification`` on every page, in its own header or footer paragraph where
    the template does not show it already."""
    if not classification.strip():
        return
    for section in document.sections:
        _settle_page(section)
    widths: dict[int, float] = {}  # narrowest text width (points) showing each part
    parts: dict[int, tuple[etree._Element, str]] = {}
    for section, item, kind in _shown_headers_and_footers(document):
        part = item.part
        widths[id(part)] = min(widths.get(id(part), math.inf), _text_width(section))
        parts[id(part)] = (part.element, kind)
    fonts = _ThemeFonts(document)
    text = clean(classification)
    for key, (root, kind) in parts.items():
        if classification in "".join(node.text or "" for node in root.iter(qn("w:t"))):
            continue  # shown as the template designs it
        style = styles.find("paragraph", "Header" if kind == "header" else "Footer")
        size = _fitted_size(text, styles, style, fonts, widths[key], warn)
        _drop_empty_paragraphs(root)
        banner = _banner(text, colour, style, size)
        if kind == "header":
            root.insert(0, banner)
        else:
            root.append(banner)


def _shown_headers_and_footers(document: DocxDocument
                               ) -> Iterator[tuple[Section, HeaderOrFooter, str]]:
    """Every header and footer each section's pages show, with its kind; one is added
    where a section would show none (no earlier section defines that kind)."""
    even_pages = document.settings.odd_and_even_pages_header_footer
    defined: set[tuple[str, str]] = set()
    for section in document.sections:
        pairs: list[tuple[str, HeaderOrFooter, HeaderOrFooter]] = [
            ("default", section.header, section.footer)]
        if section.different_first_page_header_footer:
            pairs.append(("first", section.first_page_header, section.first_page_footer))
        if even_pages:
            pairs.append(("even", section.even_page_header, section.even_page_footer))
        for page_kind, header, footer in pairs:
            for item, kind in ((header, "header"), (footer, "footer")):
                if item.is_linked_to_previous and (page_kind, kind) not in defined:
                    item.is_linked_to_previous = False
                defined.add((page_kind, kind))
                yield section, item, kind


def _text_width(section: Section) -> float:
    """The width between the side margins, in points (a settled page: 6.5 in when the
    margins leave none)."""
    width = (section.page_width or 0) - (section.left_margin or 0) - \
        (section.right_margin or 0) - (section.gutter or 0)
    return Length(width).pt if width > 0 else 6.5 * 72


def _settle_page(section: Section) -> None:
    """Give a section the page a banner is measured against: the template's, with what it
    leaves unsaid filled in as Word's default page (Letter, one-inch margins), and a header
    or footer it puts at the page edge moved to a printable distance (half its margin, a
    quarter to half an inch)."""
    for name, default in (("page_width", Inches(8.5)), ("page_height", Inches(11)),
                          *((f"{side}_margin", Inches(1))
                            for side in ("top", "bottom", "left", "right"))):
        if getattr(section, name) is None:
            setattr(section, name, default)
    low, high = _EDGE_RANGE
    for distance, margin in (("header_distance", section.top_margin),
                             ("footer_distance", section.bottom_margin)):
        current = getattr(section, distance)
        if current is None or current < _NEAREST_EDGE:
            setattr(section, distance, Length(min(high, max(low, (margin or 0) // 2))))


class _ThemeFonts:
    """The theme's body and heading fonts (what ``w:asciiTheme`` names), read once."""

    def __init__(self, document: DocxDocument) -> None:
        self.fonts: dict[str, str] = {}
        try:
            theme = etree.fromstring(document.part.part_related_by(RT.THEME).blob)
        except (KeyError, etree.XMLSyntaxError, ValueError):
            return
        for kind in ("major", "minor"):
            latin = theme.find(f".//{_A}{kind}Font/{_A}latin")
            if latin is not None and latin.get("typeface"):
                self.fonts[kind] = latin.get("typeface", "")

    def family(self, fonts: etree._Element | None) -> str:
        """The family an ``w:rFonts`` shows Latin text in."""
        if fonts is None:
            return self.fonts.get("minor", _DEFAULT_FONT)
        named = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        if named:
            return named
        theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme")) or "minor"
        return self.fonts.get("major" if theme.startswith("major") else "minor", _DEFAULT_FONT)


def _fitted_size(text: str, styles: StyleBook, style: str | None, fonts: _ThemeFonts,
                 width: float, warn: Callable[[str], None]) -> float:
    """The banner's size in points: its style's, shrunk (by half points) to fit ``width``
    on one line, never below :data:`SMALLEST_POINTS`."""
    def inherited(path: str) -> etree._Element | None:
        return styles.inherited(style or "", path)

    size_node = inherited("w:rPr/w:sz")
    size_value = size_node.get(qn("w:val"), "") if size_node is not None else ""
    size = int(size_value) / 2 if size_value.isdigit() and int(size_value) > 0 \
        else DEFAULT_POINTS
    caps = inherited("w:rPr/w:caps")
    if caps is not None and caps.get(qn("w:val"), "true") not in ("0", "false", "off"):
        text = text.upper()
    ems = em_width(find_face(fonts.family(inherited("w:rPr/w:rFonts")), bold=True), text)
    needed = ems * _WIDTH_MARGIN
    if needed * size <= width:
        return size
    fitted = math.floor(width / needed * 2) / 2
    if fitted < SMALLEST_POINTS:
        warn(f"the classification banner is too long for one line at {SMALLEST_POINTS:g} pt "
             "between the page margins; it wraps")
        return SMALLEST_POINTS
    return fitted


def _drop_empty_paragraphs(root: etree._Element) -> None:
    for paragraph in root.findall(qn("w:p")):
        if not paragraph_text(paragraph).strip() and paragraph.find(f".//{qn('w:r')}") is None:
            root.remove(paragraph)


def _banner(text: str, colour: str, style: str | None, size: float) -> etree._Element:
    """A centred bold banner paragraph, between the margins; ``colour`` is the text colour
    when it reads well on white, else the fill behind black or white text."""
    ppr = element("w:pPr")
    if style:
        ppr.append(element("w:pStyle", {"w:val": style}))
    rpr = element("w:rPr", children=[element("w:b")])
    rgb = parse_hex(colour)
    if rgb is not None and contrast_ratio(rgb, WHITE) >= NORMAL_TEXT_RATIO:
        rpr.append(element("w:color", {"w:val": hex_code(rgb)}))
    elif rgb is not None:
        ppr.append(element("w:shd", {"w:val": "clear", "w:color": "auto",
                                     "w:fill": hex_code(rgb)}))
        rpr.append(element("w:color", {"w:val": hex_code(readable_on(rgb))}))
    half_points = str(round(size * 2))
    rpr.append(element("w:sz", {"w:val": half_points}))
    rpr.append(element("w:szCs", {"w:val": half_points}))
    ppr.append(element("w:ind", {"w:left": "0", "w:right": "0", "w:firstLine": "0"}))
    ppr.append(element("w:jc", {"w:val": "center"}))
    run = element("w:r", children=[rpr, text_element(text)])
    return element("w:p", children=[ppr, run])
