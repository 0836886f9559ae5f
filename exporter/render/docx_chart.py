"""Charts in briefings: a native Word chart, or a picture of it and its table.

:class:`BriefingCharts` draws each model :class:`~exporter.model.Chart` of a briefing as a
DrawingML chart part (``word/charts/chartN.xml``, written and styled by python-pptx's chart
writer, :mod:`exporter.render.chart_xml`) with its embedded workbook
(``word/embeddings/…xlsx``, so Word's "Edit Data" opens the content's table), added
through python-docx's part API and shown by a ``wp:inline`` whose ``wp:docPr`` carries the
alt text. The body builder (:mod:`exporter.render.docx_blocks`) puts that run in a centred
paragraph with a "Figure N" caption in the template's Caption style.

A template in Word 97-2003 compatibility mode (``compatibilityMode`` below 12) cannot hold
such a chart: there the chart is a picture drawn from the same data
(:mod:`exporter.render.chart_picture`), which the builder follows with the data as a table,
and one warning says why.

python-pptx is imported only when a briefing has a chart: a briefing without one never
loads it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.shape import CT_Inline
from docx.shared import Emu, Pt
from lxml import etree

from exporter.charts import describe, shows_data_labels, shows_legend
from exporter.model import Chart
from exporter.ooxml.colour import RGB, Theme, theme_accents
from exporter.render.docx_template import element, qn

if TYPE_CHECKING:
    from docx.parts.document import DocumentPart

    from exporter.render.docx_template import Notices

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: Chart text in a briefing, points.
CHART_SIZE = 10.0
#: A chart is as wide as the text and this share of it high, at most :data:`MAX_HEIGHT`.
HEIGHT_RATIO = 0.5
MAX_HEIGHT = Pt(252)
#: The first compatibility mode (Word 2007) that holds DrawingML charts.
CHARTS_SINCE_MODE = 12
#: The font a chart drawn as a picture is lettered in.
PICTURE_FONT = "Calibri"

class BriefingCharts:
    """The charts of one briefing: each as a run holding its drawing, as wide as the text
    (the body builder puts it in a paragraph, with its caption and, when the chart is a
    picture, its data table)."""

    def __init__(self, part: DocumentPart, notices: Notices, shape_ids: Iterator[int],
                 text_width: int) -> None:
        self.part = part
        self.notices = notices
        self.shape_ids = shape_ids
        self.text_width = text_width
        self._accents: tuple[RGB, ...] | None = None

    def drawing(self, chart: Chart) -> etree._Element:
        """The run showing ``chart``: a native chart, or (in a template whose compatibility
        mode has none) a picture, with a warning once."""
        width = self.text_width
        height = min(int(width * HEIGHT_RATIO), MAX_HEIGHT)
        if self.holds_native_charts:
            inline = self._native(chart, width, height)
        else:
            self.notices.warn(
                "the template is in Word 97-2003 compatibility mode, which has no native "
                "charts; charts are pictures with their data in a table after them (save the "
                "template in the current .docx format for editable charts)")
            inline = self._picture(chart, width, height)
        inline.docPr.set("descr", self.notices.clean(describe(chart)))
        return element("w:r", children=[element("w:drawing", children=[inline])])

    @functools.cached_property
    def holds_native_charts(self) -> bool:
        """Whether the document's compatibility mode has DrawingML charts."""
        settings = self.part.document.settings.element
        for setting in settings.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                mode = setting.get(qn("w:val"), "")
                return not mode.isdigit() or int(mode) >= CHARTS_SINCE_MODE
        return True

    @property
    def accents(self) -> tuple[RGB, ...]:
        """The accents of the document's theme, which its charts' series take."""
        if self._accents is None:
            theme = next((rel.target_part for rel in self.part.rels.values()
                          if rel.reltype == RT.THEME and not rel.is_external), None)
            root = None if theme is None else etree.fromstring(
                theme.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            self._accents = theme_accents(Theme.from_xml(root).colours)
        return self._accents

    def _native(self, chart: Chart, width: int, height: int) -> CT_Inline:
        """A chart part and its workbook, related from the document, and the inline
        showing it."""
        from exporter.render.chart_xml import chart_parts

        space, workbook = chart_parts(chart, titled=False, data_labels=shows_data_labels(chart),
                                      legend=shows_legend(chart), size=CHART_SIZE,
                                      accents=self.accents)
        package = self.part.package
        chart_part = XmlPart(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART,
                             space, package)
        workbook_part = Part(package.next_partname("/word/embeddings/Workbook%d.xlsx"),
                             CT.SML_SHEET, workbook, package)
        space.get_or_add_externalData().rId = chart_part.relate_to(workbook_part, RT.PACKAGE)
        rel_id = self.part.relate_to(chart_part, RT.CHART)
        shape_id = next(self.shape_ids)
        graphic = element("a:graphic", children=[element("a:graphicData", {"uri": CHART_URI},
                                                         [element("c:chart", {"r:id": rel_id})])])
        return element("wp:inline", {"distT": "0", "distB": "0", "distL": "0", "distR": "0"}, [
            element("wp:extent", {"cx": str(width), "cy": str(height)}),
            element("wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"}),
            element("wp:docPr", {"id": str(shape_id), "name": f"Chart {shape_id}"}),
            element("wp:cNvGraphicFramePr"), graphic])

    def _picture(self, chart: Chart, width: int, height: int) -> CT_Inline:
        """The chart drawn as a PNG picture, and the inline showing it."""
        from exporter.render.chart_picture import chart_png

        png = chart_png(chart, Emu(width).pt, Emu(height).pt, self.accents, PICTURE_FONT,
                        CHART_SIZE)
        rel_id, picture = self.part.get_or_add_image(io.BytesIO(png))
        return CT_Inline.new_pic_inline(next(self.shape_ids), rel_id,
                                        picture.filename, Emu(width),
                                        Emu(height))
