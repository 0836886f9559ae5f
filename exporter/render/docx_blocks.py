"""Drawing a briefing plan as WordprocessingML elements.

:class:`BodyBuilder` turns the items of :func:`exporter.briefing.plan_briefing` into a list
of ``w:p`` / ``w:tbl`` elements, built detached and returned in order; the renderer splices
them into the body in one step, so the cost is linear in the document's size. Styles come
from the :class:`~exporter.render.docx_styles.StyleBook` (never direct fonts), lists use real
numbering, headings carry the bookmarks the table of contents links to, links are real
``w:hyperlink`` elements, and tables mark their header row to repeat on every page.
"""

from __future__ import annotations

import copy
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.shape import CT_Inline
from docx.parts.document import DocumentPart
from docx.shared import Emu
from lxml import etree

from exporter import briefing
from exporter.charts import chart_table
from exporter.errors import ContentError
from exporter.labels import ENGLISH, Labels
from exporter.model import (
    Block,
    Callout,
    Chart,
    CodeBlock,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Run,
    Table,
    Timeline,
)
from exporter.ooxml.colour import WHITE, hex_code, mix, parse_hex, rgb_of
from exporter.render.docx_chart import BriefingCharts
from exporter.render.docx_numbering import Numbering, list_indent
from exporter.render.docx_styles import HEADING_COLOUR, StyleBook
from exporter.render.docx_template import Notices, element, qn, text_element

_EMU_PER_TWIP = 635
_TABLE_WIDTH_PCT = "5000"  # 100 % in fiftieths of a percent
_TIMELINE_WIDTHS = (0.24, 0.76)
_AFTER_TABLE = "200"  # twips between a table and the next paragraph
_JUSTIFY = {"left": "left", "center": "center", "right": "right"}


@dataclass
class Canvas:
    """What drawing needs from the document being built."""

    part: DocumentPart
    styles: StyleBook
    numbering: Numbering
    notices: Notices
    text_width: int  # EMU
    images: Mapping[str, bytes]
    source_path: str
    labels: Labels = ENGLISH  # caption and table words, in the reader's language
    anchors: dict[str, str] = field(default_factory=dict)  # section id -> bookmark
    bookmark_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    shape_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))


class BodyBuilder:
    """Builds the body elements of a briefing plan."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.styles = canvas.styles
        self._links: dict[str, str] = {}
        self._counters = {"Table": 0, "Figure": 0}
        self._box_colour = _heading_colour(canvas.styles)
        #: Empty table cells by (width, alignment), built once and copied for every cell:
        #: a long table has hundreds of thousands of them.
        self._empty_cells: dict[tuple[int, str], etree._Element] = {}
        self._charts = BriefingCharts(canvas.part, canvas.notices, canvas.shape_ids,
                                      canvas.text_width)
        #: Per heading level, whether the template's numbering of that heading style is
        #: to be switched off on our headings (it does not ask for it).
        self._unnumbered: dict[int, bool] = {}

    def build(self, plan: Iterable[briefing.PlanItem]) -> list[etree._Element]:
        out: list[etree._Element] = []
        for item in plan:
            for node in self._item(item):
                if out and out[-1].tag == qn("w:tbl") and node.tag == qn("w:p"):
                    _space_before(node)
                out.append(node)
        return out

    def _item(self, item: briefing.PlanItem) -> Iterator[etree._Element]:
        match item:
            case briefing.TitleBlock():
                yield from self._title_block(item)
            case briefing.Contents():
                yield from self._contents(item)
            case briefing.Heading():
                yield self._heading(item)
            case briefing.Lead(text=text):
                yield self.paragraph("body", [self.run(text, bold=True)], keep_next=True)
            case _:
                yield from self.block(item)

    # -- text -----------------------------------------------------------------------------

    def run(self, text: str, *, bold: bool = False, italic: bool = False,
            style: str | None = None) -> etree._Element:
        node = element("w:r")
        if style or bold or italic:
            rpr = element("w:rPr")
            if style:
                rpr.append(element("w:rStyle", {"w:val": style}))
            if bold:
                rpr.append(element("w:b"))
            if italic:
                rpr.append(element("w:i"))
            node.append(rpr)
        text = self.canvas.notices.clean(text)
        for index, line in enumerate(text.split("\n")):
            if index:
                node.append(element("w:br"))
            for piece_index, piece in enumerate(line.split("\t")):
                if piece_index:
                    node.append(element("w:tab"))
                if piece:
                    node.append(text_element(piece))
        return node

    def runs(self, inline: Inline) -> list[etree._Element]:
        """Inline runs; consecutive runs with one link share one ``w:hyperlink``."""
        out: list[etree._Element] = []
        for link, group in itertools.groupby(inline, key=lambda run: run.link):
            nodes = [self._styled_run(run) for run in group]
            if link:
                out.append(self._hyperlink(link, nodes))
            else:
                out.extend(nodes)
        return out

    def _styled_run(self, run: Run) -> etree._Element:
        style = None
        if run.code:
            style = self.styles.id("code_char")
        elif run.link:
            style = self.styles.id("hyperlink")
        return self.run(run.text, bold=run.bold, italic=run.italic, style=style)

    def _hyperlink(self, target: str, nodes: list[etree._Element]) -> etree._Element:
        if target.startswith("#"):
            anchor = self.canvas.anchors.get(target[1:], target[1:])
            return element("w:hyperlink", {"w:anchor": anchor, "w:history": "1"}, nodes)
        if target not in self._links:
            self._links[target] = self.canvas.part.relate_to(target, RT.HYPERLINK,
                                                             is_external=True)
        return element("w:hyperlink", {"r:id": self._links[target], "w:history": "1"}, nodes)

    def paragraph(self, role_or_style: str, content: Iterable[etree._Element], *,
                  keep_next: bool = False, num: tuple[int, int] | None = None,
                  tabs: etree._Element | None = None, spacing: dict[str, str] | None = None,
                  indent: tuple[int, int] | None = None, justify: str = "",
                  style_id: str | None = None) -> etree._Element:
        """A ``w:p`` in a role's style with properties in schema order."""
        ppr = element("w:pPr", children=[element("w:pStyle", {
            "w:val": style_id or self.styles.id(role_or_style)})])
        if keep_next:
            ppr.append(element("w:keepNext"))
        if num is not None:
            ppr.append(element("w:numPr", children=[
                element("w:ilvl", {"w:val": str(num[1])}),
                element("w:numId", {"w:val": str(num[0])})]))
        if tabs is not None:
            ppr.append(tabs)
        if spacing:
            ppr.append(element("w:spacing", spacing))
        if indent is not None:
            ppr.append(element("w:ind", {"w:left": str(indent[0]),
                                         "w:hanging": str(indent[1])}))
        if justify:
            ppr.append(element("w:jc", {"w:val": justify}))
        return element("w:p", children=[ppr, *content])

    # -- title, contents, headings --------------------------------------------------------

    def _title_block(self, item: briefing.TitleBlock) -> Iterator[etree._Element]:
        yield self.paragraph("title", [self.run(item.title)])
        if item.subtitle:
            yield self.paragraph("subtitle", [self.run(item.subtitle)])
        details = " \u00b7 ".join(part for part in (item.date, item.audience,
                                                    item.classification) if part)
        if details:
            yield self.paragraph("meta", [self.run(details)])

    def _heading(self, item: briefing.Heading) -> etree._Element:
        bookmark = str(next(self.canvas.bookmark_ids))
        role = f"heading{item.level}"
        if item.level not in self._unnumbered:
            self._unnumbered[item.level] = self.canvas.numbering.unasked(
                self.styles.id(role), self.styles)
        return self.paragraph(role, [
            element("w:bookmarkStart", {"w:id": bookmark, "w:name": item.anchor}),
            self.run(item.text),
            element("w:bookmarkEnd", {"w:id": bookmark})],
            num=(0, 0) if self._unnumbered[item.level] else None)

    def _contents(self, item: briefing.Contents) -> Iterator[etree._Element]:
        """A TOC field whose cached result already lists every heading (as links to their
        bookmarks; page numbers appear when Word or LibreOffice updates the field)."""
        yield self.paragraph("contents_title", [self.run(item.title)])
        last = len(item.entries) - 1
        for index, heading in enumerate(item.entries):
            content: list[etree._Element] = []
            if index == 0:
                content.extend(_field_start(' TOC \\o "1-3" \\h \\z \\u '))
            content.append(element("w:hyperlink", {"w:anchor": heading.anchor,
                                                   "w:history": "1"}, [self.run(heading.text)]))
            if index == last:
                content.append(_field_char("end"))
            yield self.paragraph(f"toc{heading.level}", content)

    # -- blocks ---------------------------------------------------------------------------

    def block(self, block: Block, prose: str = "body") -> Iterator[etree._Element]:
        """The elements of one model block; ``prose`` is the role of its paragraphs."""
        match block:
            case Paragraph(runs=runs):
                yield self.paragraph(prose, self.runs(runs))
            case ListBlock():
                yield from self._list(block, 0)
            case Table():
                yield from self._table_block(block)
            case Image():
                yield from self._image(block)
            case CodeBlock(text=text):
                yield self.paragraph("code", [self.run(text.rstrip("\n"))])
            case Quote(blocks=blocks):
                for child in blocks:
                    yield from self.block(child, "quote")
            case Callout():
                yield self._callout(block)
            case Timeline():
                yield from self._timeline(block)
            case Chart():
                yield from self._chart(block)

    def _chart(self, chart: Chart) -> Iterator[etree._Element]:
        """A chart centred in its paragraph, its caption, and its data table after it when
        it is drawn as a picture."""
        yield self.paragraph("body", [self._charts.drawing(chart)], justify="center",
                             keep_next=True)
        yield self._caption("Figure", chart.title)
        if not self._charts.holds_native_charts:
            table = chart_table(chart)
            yield self.table(list(table.header), [list(row) for row in table.rows],
                             [1 / len(table.header)] * len(table.header), table.align)

    def _list(self, block: ListBlock, level: int) -> Iterator[etree._Element]:
        num_id = self.canvas.numbering.new_list(block.ordered, level, block.start)
        role = "list_number" if block.ordered else "list_bullet"
        for item in block.items:
            yield self.paragraph(role, self.runs(item.runs), num=(num_id, level),
                                 indent=list_indent(level))
            for child in item.children:
                yield from self._list(child, level + 1)

    def _caption(self, kind: str, text: str) -> etree._Element:
        self._counters[kind] += 1
        number = [*_field_start(f" SEQ {kind} \\* ARABIC "),
                  self.run(str(self._counters[kind])), _field_char("end")]
        keep = kind == "Table"
        word = self.canvas.labels[kind.lower()]
        return self.paragraph("caption", [self.run(f"{word} "), *number,
                                          self.run(f": {text}")], keep_next=keep)

    def _table_block(self, table: Table) -> Iterator[etree._Element]:
        if table.caption:
            yield self._caption("Table", table.caption)
        columns = max(len(table.header), *(len(row) for row in table.rows), 1)
        yield self.table(list(table.header), [list(row) for row in table.rows],
                         [1 / columns] * columns, table.align)

    def table(self, header: list[Inline], rows: list[list[Inline]], widths: list[float],
              align: tuple[str, ...] = (), bold_first: bool = False) -> etree._Element:
        """A data table in the template's table style; the header row repeats."""
        twips = [int(self.canvas.text_width / _EMU_PER_TWIP * share) for share in widths]
        tbl = element("w:tbl", children=[
            element("w:tblPr", children=[
                element("w:tblStyle", {"w:val": self.styles.id("table")}),
                element("w:tblW", {"w:w": _TABLE_WIDTH_PCT, "w:type": "pct"}),
                element("w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0",
                                      "w:firstColumn": "0", "w:lastColumn": "0",
                                      "w:noHBand": "0", "w:noVBand": "1"})]),
            element("w:tblGrid", children=[element("w:gridCol", {"w:w": str(w)})
                                           for w in twips])])
        header_cells = [tuple(Run(r.text, bold=True, italic=r.italic, code=r.code,
                                  link=r.link) for r in cell) for cell in header]
        tbl.append(self._row(header_cells, twips, align, header=True))
        for row in rows:
            cells = list(row)
            if bold_first and cells:
                cells[0] = tuple(Run(r.text, bold=True) for r in cells[0])
            tbl.append(self._row(cells, twips, align))
        return tbl

    def _row(self, cells: list[Inline], twips: list[int], align: tuple[str, ...],
             header: bool = False) -> etree._Element:
        trpr = element("w:trPr", children=[element("w:cantSplit")])
        if header:
            trpr.append(element("w:tblHeader"))
        row = element("w:tr", children=[trpr])
        for index, width in enumerate(twips):
            runs = cells[index] if index < len(cells) else ()
            justify = _JUSTIFY.get(align[index], "") if index < len(align) else ""
            cell = copy.copy(self._empty_cell(width, justify))  # lxml copies the subtree
            cell[-1].extend(self.runs(runs))
            row.append(cell)
        return row

    def _empty_cell(self, width: int, justify: str) -> etree._Element:
        """A table cell of ``width`` twips holding one empty paragraph (made once)."""
        key = (width, justify)
        if key not in self._empty_cells:
            para = self.paragraph("body", [], justify=justify,
                                  spacing={"w:before": "40", "w:after": "40"})
            self._empty_cells[key] = element("w:tc", children=[
                element("w:tcPr", children=[element("w:tcW", {"w:w": str(width),
                                                              "w:type": "dxa"})]), para])
        return self._empty_cells[key]

    def _timeline(self, timeline: Timeline) -> Iterator[etree._Element]:
        if timeline.title:
            yield self._caption("Table", timeline.title)
        rows = [[(Run(entry.when),), entry.runs] for entry in timeline.entries]
        labels = self.canvas.labels
        yield self.table([(Run(labels["date"]),), (Run(labels["event"]),)], rows,
                         list(_TIMELINE_WIDTHS), bold_first=True)

    def _callout(self, callout: Callout) -> etree._Element:
        """A shaded, bordered one-cell box holding the callout's blocks."""
        content: list[etree._Element] = []
        if callout.title:
            content.append(self.paragraph("body", [self.run(callout.title, bold=True)],
                                          keep_next=True))
        for child in callout.blocks:
            content.extend(self.block(child))
        if not content or content[-1].tag != qn("w:p"):
            content.append(self.paragraph("body", []))
        _tighten_last(content[-1])
        border = self._box_colour
        edges = [element(f"w:{edge}", {"w:val": "single", "w:sz": size, "w:space": "0",
                                       "w:color": border})
                 for edge, size in (("top", "4"), ("left", "24"), ("bottom", "4"),
                                    ("right", "4"))]
        margins = element("w:tblCellMar", children=[
            element(f"w:{edge}", {"w:w": width, "w:type": "dxa"})
            for edge, width in (("top", "120"), ("left", "180"), ("bottom", "60"),
                                ("right", "180"))])
        width = str(self.canvas.text_width // _EMU_PER_TWIP)
        return element("w:tbl", children=[
            element("w:tblPr", children=[
                element("w:tblW", {"w:w": _TABLE_WIDTH_PCT, "w:type": "pct"}),
                element("w:tblBorders", children=edges),
                element("w:tblLayout", {"w:type": "fixed"}),
                margins,
                element("w:tblLook", {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0",
                                      "w:firstColumn": "0", "w:lastColumn": "0",
                                      "w:noHBand": "1", "w:noVBand": "1"})]),
            element("w:tblGrid", children=[element("w:gridCol", {"w:w": width})]),
            element("w:tr", children=[
                element("w:trPr", children=[element("w:cantSplit")]),
                element("w:tc", children=[
                    element("w:tcPr", children=[
                        element("w:tcW", {"w:w": width, "w:type": "dxa"}),
                        element("w:shd", {"w:val": "clear", "w:color": "auto",
                                          "w:fill": hex_code(mix(rgb_of(border), WHITE,
                                                                 0.9))})]),
                    *content])])])

    def _image(self, image: Image) -> Iterator[etree._Element]:
        data = self.canvas.images.get(image.src)
        if data is None:
            raise ContentError(f"image {image.src!r} was not given with the document",
                               path=self.canvas.source_path,
                               hint="build through the pipeline, which reads the images")
        try:
            rel_id, picture = self.canvas.part.get_or_add_image(io.BytesIO(data))
        except (UnrecognizedImageError, OSError) as exc:
            raise ContentError(f"cannot read image {image.src}: {exc or 'unknown format'}",
                               path=self.canvas.source_path,
                               hint="use a PNG, JPEG, GIF or BMP image") from None
        width, height = int(picture.width), int(picture.height)
        if width > self.canvas.text_width or width <= 0:
            height = int(height * self.canvas.text_width / max(width, 1))
            width = self.canvas.text_width
        inline = CT_Inline.new_pic_inline(next(self.canvas.shape_ids), rel_id,
                                          picture.filename, Emu(width), Emu(height))
        inline.docPr.set("descr", self.canvas.notices.clean(image.alt))
        if image.title:
            inline.docPr.set("title", self.canvas.notices.clean(image.title))
        caption = image.title or image.alt
        drawing = element("w:r", children=[element("w:drawing", children=[inline])])
        yield self.paragraph("body", [drawing], justify="center", keep_next=bool(caption))
        if caption:
            yield self._caption("Figure", caption)


def _field_char(kind: str) -> etree._Element:
    return element("w:r", children=[element("w:fldChar", {"w:fldCharType": kind})])


def _field_start(instruction: str) -> list[etree._Element]:
    """The runs opening a complex field up to its (cached) result."""
    return [_field_char("begin"),
            element("w:r", children=[text_element(instruction, "w:instrText")]),
            _field_char("separate")]


def _spacing(paragraph: etree._Element) -> etree._Element:
    """The paragraph's ``w:spacing``, added in schema order when missing."""
    ppr = paragraph.find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = element("w:spacing")
        position = next((i for i, child in enumerate(ppr)
                         if child.tag in (qn("w:ind"), qn("w:jc"))), len(ppr))
        ppr.insert(position, spacing)
    return spacing


def _tighten_last(paragraph: etree._Element) -> None:
    """No space after the last paragraph of a box (the cell margin does that)."""
    _spacing(paragraph).set(qn("w:after"), "0")


def _space_before(paragraph: etree._Element) -> None:
    """Room between a table and the paragraph after it (tables have no spacing)."""
    spacing = _spacing(paragraph)
    if spacing.get(qn("w:before")) is None:
        spacing.set(qn("w:before"), _AFTER_TABLE)


def _heading_colour(styles: StyleBook) -> str:
    colour = styles.inherited(styles.id("heading1"), "w:rPr/w:color")
    value = colour.get(qn("w:val"), "") if colour is not None else ""
    return value.upper() if len(value) == 6 and parse_hex(value) else HEADING_COLOUR
