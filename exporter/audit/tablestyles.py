"""PowerPoint's built-in table style that files name without defining it.

python-pptx and many templates give new tables the style "Medium Style 2 - Accent 1" by its
id only (``ppt/tableStyles.xml`` may be empty): PowerPoint knows it by heart. The audit needs
its colours to judge the contrast of table text, so they are written out here, reduced to
what the contrast rule reads (cell fills and text colours of each table part).
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from exporter.audit.package import NS, qn

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
