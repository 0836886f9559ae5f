"""Charts: a table of numbers read as a chart, its figures written back as the table wrote
them, and what it shows said in words.

The one home of a chart's numbers, for the reader, the slide plan and both renderers:

- :func:`parse_figure` reads one cell ("12,100", "45%", "$1.5", "−3", "S/ 800"; empty or a
  dash for no figure) and :func:`chart_from_table` a whole ``::: chart`` table (the first
  column the categories, each further column a series, a unit in a header's parentheses:
  "Seizures (tonnes)");
- :func:`format_value` writes a value as its series wrote it, :func:`excel_format` is the
  same format in a spreadsheet's terms (data labels, axes and the embedded workbook);
- :func:`describe` is the alt text (kind, title, unit, the categories' span, each series'
  range), :func:`data_sentences` the figures as sentences a presenter can read out, and
  :func:`chart_table` the data as a table (shown after a chart drawn as a picture);
- :func:`shows_data_labels` and :func:`shows_legend` decide what helps a reader, for decks
  and briefings alike.

Standard library only; the model's :func:`~exporter.model.chart_problem` says what makes a
chart impossible (an unknown kind, a pie with two series...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from exporter.model import Chart, ChartSeries, Run, Table, chart_problem, plain_text

#: What each kind is called in alt text.
KIND_NAMES = {"column": "Column chart", "bar": "Bar chart", "line": "Line chart",
              "pie": "Pie chart", "stacked": "Stacked column chart"}
#: Data labels are shown on charts of at most this many points; more would crowd them.
LABELLED_POINTS = 12
#: Cells that stand for "no figure".
NO_FIGURE = ("", "-", "–", "—")
_FIGURE = re.compile(r"""
    (?P<sign>[-−+]?)
    (?:(?P<prefix>(?:[A-Z]{1,3})?[$€£¥₹]|S/)\s?)?
    (?P<minus>[-−]?)
    (?P<whole>\d{1,3}(?P<sep>[,\u00a0\u2009\u202f\ ])\d{3}(?:(?P=sep)\d{3})*|\d+)
    (?:\.(?P<fraction>\d+))?
    (?:\s?(?P<suffix>%|[$€£¥₹]))?
    """, re.VERBOSE)
_UNIT = re.compile(r"(?P<name>.*?)\s*\((?P<unit>[^()]+)\)\s*")
FIGURE_HINT = ("write figures such as 12,100, 4.5, 45% or $1,200: a comma between "
               "thousands, a point before decimals, the unit in the column's header")
ROW_HINT = "give every row one cell per column; leave a cell empty for no figure"


class Figure(NamedTuple):
    """A number as a table cell wrote it."""

    value: float
    prefix: str = ""
    suffix: str = ""
    decimals: int = 0


class ChartTableError(ValueError):
    """What is wrong with a chart's table, what to do, and where: ``row`` 0 is the header,
    1 the first row of figures, None the table as a whole."""

    def __init__(self, message: str, hint: str, row: int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.row = row


def parse_figure(text: str) -> Figure | None:
    """The number a cell holds; None for a cell with no figure; ValueError when it is not
    a number."""
    cell = text.strip()
    if cell in NO_FIGURE:
        return None
    match = _FIGURE.fullmatch(cell)
    if match is None or (match["sign"] and match["minus"]) or (
            match["prefix"] and match["suffix"]):
        raise ValueError(f"{cell!r} is not a number")
    whole = re.sub(r"\D", "", match["whole"])
    fraction = match["fraction"] or ""
    value: float = float(f"{whole}.{fraction}") if fraction else int(whole)
    if (match["sign"] or match["minus"]) in ("-", "−"):
        value = -value
    return Figure(value, match["prefix"] or "", match["suffix"] or "", len(fraction))


def split_unit(header: str) -> tuple[str, str]:
    """A series header as its name and unit: "Seizures (tonnes)" -> ("Seizures", "tonnes")."""
    match = _UNIT.fullmatch(header.strip())
    if match is None:
        return header.strip(), ""
    unit = match["unit"].strip()
    return match["name"] or unit, unit


def chart_from_table(kind: str, title: str, table: Table) -> Chart:
    """The chart of a ``::: chart`` table; ChartTableError saying what is wrong and in
    which row."""
    header = [plain_text(cell).strip() for cell in table.header]
    if len(header) < 2:
        raise ChartTableError("a chart's table needs a column of categories and at least one "
                              "column of numbers", "add a column of numbers", 0)
    rows = [[plain_text(cell) for cell in row] for row in table.rows]
    categories = []
    for number, row in enumerate(rows, start=1):
        if not row or not row[0].strip():
            raise ChartTableError("the row has no category in its first cell",
                                  "name what the row's figures are for", number)
        categories.append(row[0].strip())
    named = [split_unit(cell) for cell in header[1:]]
    units = {unit for _, unit in named}
    if len(units) > 1:
        shown = ", ".join(repr(unit or "none") for unit in sorted(units))
        raise ChartTableError(f"the series have different units ({shown})", "one chart has "
                              "one value axis: give each unit a chart of its own", 0)
    series = tuple(_series(name, [row[column] if column < len(row) else "" for row in rows])
                   for column, (name, _) in enumerate(named, start=1))
    chart = Chart(kind=kind, title=title, categories=tuple(categories), series=series,
                  category_label=header[0], unit=units.pop())
    problem = chart_problem(chart)
    if problem:
        raise ChartTableError(*problem)
    return chart


def _series(name: str, cells: Sequence[str]) -> ChartSeries:
    """One column of figures as a series; its format is the one its cells were written in."""
    figures: list[Figure | None] = []
    for number, cell in enumerate(cells, start=1):
        try:
            figures.append(parse_figure(cell))
        except ValueError as exc:
            raise ChartTableError(f"series {name!r}: {exc}", FIGURE_HINT, number) from None
    marked = [(number, (figure.prefix, figure.suffix))
              for number, figure in enumerate(figures, start=1)
              if figure is not None and (figure.prefix or figure.suffix)]
    prefix, suffix = marked[0][1] if marked else ("", "")
    for number, marks in marked:
        if marks != (prefix, suffix):
            raise ChartTableError(f"series {name!r} mixes {prefix + suffix!r} and "
                                  f"{''.join(marks)!r}", "write its figures alike", number)
    return ChartSeries(name=name,
                       values=tuple(None if f is None else f.value for f in figures),
                       prefix=prefix, suffix=suffix,
                       decimals=max((f.decimals for f in figures if f is not None), default=0))


# ---------------------------------------------------------------------------------------
# Figures written back
# ---------------------------------------------------------------------------------------


def format_value(value: float | None, series: ChartSeries) -> str:
    """``value`` as its series writes it ("12,100", "45.5%", "-$3"); "no figure" for
    None."""
    if value is None:
        return "no figure"
    sign = "-" if value < 0 else ""
    return f"{sign}{series.prefix}{abs(value):,.{series.decimals}f}{series.suffix}"


def excel_format(series: ChartSeries) -> str:
    """The spreadsheet number format that shows a value as :func:`format_value` does."""
    digits = "#,##0" + ("." + "0" * series.decimals if series.decimals else "")
    return f"{_literal(series.prefix)}{digits}{_literal(series.suffix)}"


def _literal(text: str) -> str:
    return f'"{text}"' if text else ""


def quantity(value: float | None, series: ChartSeries, unit: str) -> str:
    """``value`` with the chart's unit: "12,100 hectares", "45%"."""
    text = format_value(value, series)
    if value is None or not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def shares(chart: Chart) -> list[int | None]:
    """Each value of a pie's series as a whole percentage of their sum."""
    values = chart.series[0].values
    total = sum(value for value in values if value is not None)
    return [None if value is None or not total else round(100 * value / total)
            for value in values]


# ---------------------------------------------------------------------------------------
# What a chart shows, in words
# ---------------------------------------------------------------------------------------


def describe(chart: Chart) -> str:
    """The alt text: "Column chart: Coca cultivation, hectares, 2019–2023; Huánuco from
    12,100 to 9,800; ...". Over ordered categories (years, dates) each series runs from its
    first figure to its last; over others, from its lowest to its highest; a pie lists its
    slices and their shares."""
    ordered = _in_order(chart.categories)
    context = [chart.unit] if chart.unit else []
    if ordered and len(chart.categories) > 1 and chart.kind != "pie":
        context.append(f"{chart.categories[0]}–{chart.categories[-1]}")
    head = ", ".join([f"{KIND_NAMES[chart.kind]}: {chart.title}", *context])
    if chart.kind == "pie":
        series = chart.series[0]
        parts = [f"{category} {format_value(value, series)} ({share}%)"
                 for category, value, share in zip(chart.categories, series.values,
                                                   shares(chart), strict=True)
                 if value is not None]
        return f"{head}; {', '.join(parts)}"
    ranges = (_course(series) if ordered else _extremes(series, chart.categories)
              for series in chart.series)
    return "; ".join([head, *ranges])


def _in_order(categories: Sequence[str]) -> bool:
    """Whether categories run in an order of their own: years, dates, numbers."""
    return all(category[:1].isdigit() for category in categories)


def _course(series: ChartSeries) -> str:
    """A series' first and last figures, and its lowest and highest when they lie between."""
    values = [value for value in series.values if value is not None]
    if len(values) == 1:
        return f"{series.name} {format_value(values[0], series)}"
    text = (f"{series.name} from {format_value(values[0], series)} to "
            f"{format_value(values[-1], series)}")
    low, high = min(values), max(values)
    if {low, high} - {values[0], values[-1]}:
        text += f" (range {format_value(low, series)} to {format_value(high, series)})"
    return text


def _extremes(series: ChartSeries, categories: Sequence[str]) -> str:
    """A series' lowest and highest figures and their categories."""
    figures = [(value, category) for value, category in zip(series.values, categories,
                                                             strict=True) if value is not None]
    (low, low_at), (high, high_at) = min(figures), max(figures)
    if len(figures) == 1:
        return f"{series.name} {format_value(low, series)} ({low_at})"
    return (f"{series.name} from {format_value(low, series)} ({low_at}) to "
            f"{format_value(high, series)} ({high_at})")


def data_sentences(chart: Chart) -> list[str]:
    """The figures category by category, one sentence each, as a presenter reads them."""
    pie = shares(chart) if chart.kind == "pie" else None
    sentences = []
    for index, category in enumerate(chart.categories):
        figures = [(series.name, quantity(series.values[index], series, chart.unit))
                   for series in chart.series]
        if len(figures) == 1:
            text = figures[0][1]
            if pie is not None and pie[index] is not None:
                text += f" ({pie[index]}%)"
        else:
            text = "; ".join(f"{name} {figure}" for name, figure in figures)
        sentences.append(f"{category}: {text}.")
    return sentences


def chart_table(chart: Chart) -> Table:
    """The chart's data as a table, figures written as the content wrote them."""
    unit = f" ({chart.unit})" if chart.unit else ""
    header = ((Run(chart.category_label),),
              *((Run(series.name + unit),) for series in chart.series))
    rows = tuple(((Run(category),),
                  *((Run(_cell(series.values[index], series)),) for series in chart.series))
                 for index, category in enumerate(chart.categories))
    return Table(header=header, rows=rows,
                 align=("", *("right" for _ in chart.series)))


def _cell(value: float | None, series: ChartSeries) -> str:
    return "" if value is None else format_value(value, series)


def shows_data_labels(chart: Chart) -> bool:
    """Whether the figures are written on the chart: on pies (as percentages) and on
    charts of few points."""
    return chart.kind == "pie" or len(chart.categories) * len(chart.series) <= LABELLED_POINTS


def shows_legend(chart: Chart) -> bool:
    """Whether the chart needs a legend: a pie's slices, or more than one series."""
    return chart.kind == "pie" or len(chart.series) > 1
