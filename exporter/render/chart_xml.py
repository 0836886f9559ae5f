"""A chart as DrawingML, written by python-pptx, for decks and briefings alike.

Word and PowerPoint share one chart vocabulary (``c:chartSpace``), so both renderers make
their charts here: :func:`chart_data` is python-pptx's ``CategoryChartData`` holding a
model :class:`~exporter.model.Chart` (each series in its own number format, so data
labels, axes and the embedded workbook show figures as the content wrote them),
:func:`chart_type` its python-pptx chart type, and :func:`style_chart` what the chart
shows besides its data — title, axis titles (the categories' header and the unit), data
labels, legend, text size — through python-pptx's chart API, on a slide's chart or on a
chart part made for Word (:func:`chart_parts`). Series carry no colours of their own:
they take the theme's accents, in Word and PowerPoint as in LibreOffice.

The embedded workbook (python-pptx writes it with XlsxWriter) would carry the time it was
made; :class:`_UndatedChartData` leaves the date out and re-zips it with fixed times, so a
rebuild gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from lxml import etree
from pptx.chart.axis import CategoryAxis, DateAxis, ValueAxis
from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.util import Pt

from exporter.charts import excel_format
from exporter.model import Chart
from exporter.ooxml.colour import RGB, readable_on
from exporter.ooxml.package import write_package

CHART_TYPES = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE,
               "stacked": XL_CHART_TYPE.COLUMN_STACKED}
#: Where each kind's data labels go.
LABEL_POSITIONS = {"column": XL_LABEL_POSITION.OUTSIDE_END,
                   "bar": XL_LABEL_POSITION.OUTSIDE_END, "line": XL_LABEL_POSITION.ABOVE,
                   "pie": XL_LABEL_POSITION.OUTSIDE_END, "stacked": XL_LABEL_POSITION.CENTER}
_CORE_PROPERTIES = "docProps/core.xml"
_DATES = ("{http://purl.org/dc/terms/}created", "{http://purl.org/dc/terms/}modified")


class _UndatedChartData(CategoryChartData):
    """python-pptx's chart data, whose workbook carries no date and fixed zip times."""

    @property
    def xlsx_blob(self) -> bytes:
        return undated_workbook(super().xlsx_blob)


def undated_workbook(blob: bytes) -> bytes:
    """A workbook without the created and modified dates of its core properties, zipped
    with fixed times and order."""
    with zipfile.ZipFile(io.BytesIO(blob)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    if _CORE_PROPERTIES in members:
        core = etree.fromstring(members[_CORE_PROPERTIES],
                                etree.XMLParser(resolve_entities=False, no_network=True))
        for date in [node for tag in _DATES for node in core.iter(tag)]:
            core.remove(date)
        members[_CORE_PROPERTIES] = etree.tostring(core, xml_declaration=True,
                                                   encoding="UTF-8", standalone=True)
    return write_package(members.items())


def chart_type(chart: Chart) -> XL_CHART_TYPE:
    return CHART_TYPES[chart.kind]


def chart_data(chart: Chart) -> CategoryChartData:
    """The chart's categories and series for python-pptx (None where there is no figure)."""
    data = _UndatedChartData()
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values, number_format=excel_format(series))
    return data


def chart_parts(chart: Chart, *, titled: bool, data_labels: bool, legend: bool, size: float,
                accents: Sequence[RGB]) -> tuple[etree._Element, bytes]:
    """The styled ``c:chartSpace`` of a chart part for ``chart``, as python-pptx writes
    it, and the workbook it embeds."""
    data = chart_data(chart)
    space = parse_xml(data.xml_bytes(chart_type(chart)))
    style_chart(PptxChart(space, None), chart, titled=titled, data_labels=data_labels,
                legend=legend, size=size, accents=accents)
    return space, data.xlsx_blob


def style_chart(target: PptxChart, chart: Chart, *, titled: bool, data_labels: bool,
                legend: bool, size: float, accents: Sequence[RGB]) -> None:
    """Title, axes, data labels, legend and text size of a drawn chart; ``accents`` are
    the colours its series take from the theme (for labels drawn on them)."""
    target.font.size = Pt(size)
    target.has_title = titled
    if titled:
        target.chart_title.text_frame.text = chart.title
    if chart.kind != "pie":
        _axes(target, chart)
    target.has_legend = legend
    if legend:
        target.legend.position = XL_LEGEND_POSITION.BOTTOM
        target.legend.include_in_layout = False
    if data_labels:
        _data_labels(target, chart, accents)


def _axes(target: PptxChart, chart: Chart) -> None:
    """Axis titles (the categories' header, the unit), figures on the value axis as the
    first series writes them, and a bar chart's categories from the top down."""
    _axis_title(target.category_axis, chart.category_label)
    _axis_title(target.value_axis, chart.unit)
    ticks = target.value_axis.tick_labels
    ticks.number_format = excel_format(chart.series[0])
    ticks.number_format_is_linked = False
    if chart.kind == "bar":
        target.category_axis.reverse_order = True
        # The value axis then crosses at the last category, so it stays at the bottom
        # (python-pptx sets where an axis is crossed only on value axes).
        value_axis = target.element.valAx_lst[0]
        value_axis.get_or_add_crosses().val = XL_AXIS_CROSSES.MAXIMUM


def _axis_title(axis: CategoryAxis | DateAxis | ValueAxis, text: str) -> None:
    """``text`` as the axis' title (none when empty)."""
    axis.has_title = bool(text.strip())
    if axis.has_title:
        axis.axis_title.text_frame.text = text


def _data_labels(target: PptxChart, chart: Chart, accents: Sequence[RGB]) -> None:
    """Figures on the chart, series by series: percentages beside a pie's slices, else the
    values in their series' format; labels inside a stacked column's segments in black or
    white, whichever reads on the segment."""
    for index, series in enumerate(target.plots[0].series):
        labels = series.data_labels
        labels.position = LABEL_POSITIONS[chart.kind]
        if chart.kind == "pie":
            labels.show_percentage = True
            labels.number_format = "0%"
            labels.number_format_is_linked = False
        else:
            labels.show_value = True
            labels.number_format_is_linked = True
        if labels.position == XL_LABEL_POSITION.CENTER:
            labels.font.color.rgb = RGBColor(*readable_on(accents[index % len(accents)]))
