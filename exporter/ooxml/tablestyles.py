"""DrawingML table styles: which parts of a style a cell takes, and what they give it.

A table names its style by id (``a:tableStyleId``) and turns its parts on with flags on
``a:tblPr`` (``firstRow``, ``bandRow``...). A cell takes, most specific first, the parts
that apply to it (first or last row or column, its band) and then the whole-table part:
text colour and boldness from ``a:tcTxStyle``, fill from ``a:tcStyle``.

python-pptx and many templates give new tables the style "Medium Style 2 - Accent 1" by its
id only (``ppt/tableStyles.xml`` may be empty): PowerPoint knows it by heart. Its colours are
written out here, reduced to what contrast needs (cell fills and text colours of each part).
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from exporter.ooxml.colour import (
    RGB,
    TRANSPARENT,
    Fill,
    Theme,
    colour_of,
    fill_of,
    style_reference_fill,
)
from exporter.ooxml.parts import NS, qn
from exporter.ooxml.presentation import NO_PROPS, TextProps

MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"


def _scheme_colour(parent: etree._Element, name: str, tint: int | None = None) -> None:
    colour = etree.SubElement(parent, qn("a:schemeClr"), val=name)
    if tint is not None:
        etree.SubElement(colour, qn("a:tint"), val=str(tint))


def _add_part(style: etree._Element, name: str, fill: tuple[str, int | None], text: str,
              bold: bool = False) -> None:
    """A table style part: a solid cell fill (scheme colour, tint) and a text colour."""
    part = etree.SubElement(style, qn(f"a:{name}"))
    text_style = etree.SubElement(part, qn("a:tcTxStyle"), b="on" if bold else "off")
    _scheme_colour(text_style, text)
    cell_fill = etree.SubElement(etree.SubElement(part, qn("a:tcStyle")), qn("a:fill"))
    _scheme_colour(etree.SubElement(cell_fill, qn("a:solidFill")), *fill)


def _medium_style_2(accent: str) -> etree._Element:
    style = etree.Element(qn("a:tblStyle"), nsmap={"a": NS["a"]})
    _add_part(style, "wholeTbl", (accent, 20_000), "dk1")
    _add_part(style, "band1H", (accent, 40_000), "dk1")
    for edge in ("lastCol", "firstCol", "lastRow", "firstRow"):
        _add_part(style, edge, (accent, None), "lt1", bold=True)
    return style


BUILTIN_TABLE_STYLES: Mapping[str, etree._Element] = {
    MEDIUM_STYLE_2_ACCENT_1: _medium_style_2("accent1"),
}


def table_styles(part: etree._Element | None) -> dict[str, etree._Element]:
    """The table styles by id: the built-in ones, then those of a ``tableStyles`` part."""
    styles = dict(BUILTIN_TABLE_STYLES)
    if part is not None:
        for style in part.iter(qn("a:tblStyle")):
            styles[style.get("styleId", "")] = style
    return styles


def _on(flags: Mapping[str, str], name: str) -> bool:
    return flags.get(name) in ("1", "true")


def style_parts(flags: Mapping[str, str], row: int, rows: int, column: int,
                columns: int) -> tuple[str, ...]:
    """The parts of a table style that apply to a cell, most specific first; ``flags`` are
    the attributes of the table's ``a:tblPr``."""
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


def cell_style(style: etree._Element | None, parts: tuple[str, ...], theme: Theme,
               scheme: Mapping[str, RGB]) -> tuple[TextProps, Fill]:
    """The text properties and fill a table style gives a cell (``parts`` most specific
    first); no fill without a style."""
    props = NO_PROPS
    fill: Fill | None = None
    if style is None:
        return props, TRANSPARENT
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
        properties = part.find(qn("a:tcStyle"))
        if fill is None and properties is not None:
            fill = _part_fill(properties, theme, scheme)
    return props, fill if fill is not None else TRANSPARENT


def _part_fill(properties: etree._Element, theme: Theme,
               scheme: Mapping[str, RGB]) -> Fill | None:
    holder = properties.find(qn("a:fill"))
    if holder is not None:
        return fill_of(holder, scheme)
    reference = properties.find(qn("a:fillRef"))
    if reference is not None:
        return style_reference_fill(reference, theme, scheme)
    return None
