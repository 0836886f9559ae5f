"""Native charts on slides: python-pptx's ``add_chart`` with the table's data embedded.

:func:`add_chart` draws a planned :class:`~exporter.deck.ChartPart`: a graphic frame with a
chart part and its embedded workbook (so PowerPoint's "Edit Data" opens the content's
table), styled as :func:`exporter.render.chart_xml.style_chart` decides, in the theme's
colours, with the plan's alt text on the frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from pptx.chart.data import ChartData
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from exporter.deck import ChartPart
from exporter.ooxml.colour import RGB, theme_accents
from exporter.render.chart_xml import chart_data, chart_type, style_chart
from exporter.render.pptx_draw import ShapeTree, emu


def add_chart(slide: PptxSlide, tree: ShapeTree, part: ChartPart,
              scheme: Mapping[str, RGB]) -> None:
    """``part`` drawn on ``slide`` (its shape id counted in ``tree``), its series in the
    accents of ``scheme``, the slide master's colours."""
    rect = part.rect
    # python-pptx annotates its data as ChartData (an alias of CategoryChartData) and the
    # shape it returns as a Chart: it is the GraphicFrame holding the chart.
    frame = cast(GraphicFrame, slide.shapes.add_chart(
        chart_type(part.chart), Emu(emu(rect.x)), Emu(emu(rect.y)), Emu(emu(rect.w)),
        Emu(emu(rect.h)), cast(ChartData, chart_data(part.chart))))
    tree.taken(frame.shape_id)
    frame.name = "Chart"
    frame.element.nvGraphicFramePr.cNvPr.set("descr", part.alt)
    style_chart(frame.chart, part.chart, titled=part.titled, data_labels=part.data_labels,
                legend=part.legend, size=part.size, accents=theme_accents(scheme))
