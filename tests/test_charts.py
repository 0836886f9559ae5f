"""Charts in content: ``::: chart KIND "Title"`` around a pipe table, its figures, its
errors, its plain-data round trip, and the words that say what it shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_content

from exporter.charts import (
    Figure,
    chart_table,
    data_sentences,
    describe,
    excel_format,
    format_value,
    parse_figure,
)
from exporter.cli import main
from exporter.errors import ContentError
from exporter.model import Chart, ChartSeries, from_data, plain_text, to_data
from exporter.reader import read_document

EXAMPLE = ROOT / "content" / "examples" / "charts.md"

CHART = """# Cultivation {#cultivation}

Prose about cultivation.

::: chart column "Coca cultivation by region"
| Year | Huánuco (hectares) | Cusco (hectares) |
|------|-------------------:|-----------------:|
| 2019 | 12,100 | 8,000 |
| 2020 | 10,500 |  |
| 2021 | 9,800 | 7,500 |
:::
"""


def charts_of(path: Path) -> list[Chart]:
    return [block for section in read_document(path).walk() for block in section.blocks
            if isinstance(block, Chart)]


@pytest.mark.parametrize(("cell", "figure"), [
    ("12,100", Figure(12100)),
    ("12 100", Figure(12100)),
    ("1,234,567.25", Figure(1234567.25, decimals=2)),
    ("45%", Figure(45, suffix="%")),
    ("45.5 %", Figure(45.5, suffix="%", decimals=1)),
    ("$1,200", Figure(1200, prefix="$")),
    ("-$3.50", Figure(-3.5, prefix="$", decimals=2)),
    ("−3", Figure(-3)),
    ("12€", Figure(12, suffix="€")),
    ("S/ 800", Figure(800, prefix="S/")),
    ("US$4", Figure(4, prefix="US$")),
])
def test_figures_as_tables_write_them(cell: str, figure: Figure) -> None:
    assert parse_figure(cell) == figure


@pytest.mark.parametrize("cell", ["", "  ", "-", "—"])
def test_empty_or_dash_is_no_figure(cell: str) -> None:
    assert parse_figure(cell) is None


@pytest.mark.parametrize("cell", ["1,5", "12,10", "abc", "$5%", "12 tonnes", "1.2.3", "--4"])
def test_what_is_not_a_figure(cell: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_figure(cell)


def test_figures_are_written_back_as_the_table_wrote_them() -> None:
    money = ChartSeries("Budget", (1200.5, -3), prefix="$", decimals=2)
    share = ChartSeries("Share", (45,), suffix="%")
    assert [format_value(v, money) for v in money.values] == ["$1,200.50", "-$3.00"]
    assert format_value(None, share) == "no figure"
    assert excel_format(money) == '"$"#,##0.00'
    assert excel_format(share) == '#,##0"%"'


def test_a_chart_is_read_from_its_table(tmp_path: Path) -> None:
    (chart,) = charts_of(write_content(tmp_path, CHART))
    assert (chart.kind, chart.title, chart.category_label, chart.unit) == (
        "column", "Coca cultivation by region", "Year", "hectares")
    assert chart.categories == ("2019", "2020", "2021")
    assert [(s.name, s.values) for s in chart.series] == [
        ("Huánuco", (12100, 10500, 9800)), ("Cusco", (8000, None, 7500))]


def test_a_chart_is_a_block_of_its_section_among_the_prose(tmp_path: Path) -> None:
    (section,) = read_document(write_content(tmp_path, CHART)).sections
    assert [type(block).__name__ for block in section.blocks] == ["Paragraph", "Chart"]


#: Lines of CHART as a content file: its body starts after three lines of front matter.
CONTAINER, HEADER, ROW_2019, ROW_2020, ROW_2021 = 8, 9, 11, 12, 13


@pytest.mark.parametrize(("edit", "line", "message"), [
    (("9,800", "nine thousand"), ROW_2021, "series 'Huánuco': 'nine thousand' is not a number"),
    (("column", "donut"), CONTAINER, "unknown chart kind 'donut'"),
    (("column", "pie"), CONTAINER, "a pie chart shows one series, not 2"),
    (("| 2020 | 10,500 |  |", "| 2020 | 10,500 |"), ROW_2020,
     "the row has 2 cells where the header has 3"),
    (("| 2021 | 9,800 | 7,500 |", "| 2021 | 9,800 | 7,500 | 12 |"), ROW_2021,
     "the row has 4 cells where the header has 3"),
    (("Cusco (hectares)", "Cusco (tonnes)"), HEADER, "the series have different units"),
    ((' "Coca cultivation by region"', ""), CONTAINER, "a chart needs a title"),
    (("| 2019 |", "|  |"), ROW_2019, "the row has no category"),
])
def test_bad_charts_are_errors_on_their_line(tmp_path: Path, edit: tuple[str, str],
                                            line: int, message: str) -> None:
    path = write_content(tmp_path, CHART.replace(*edit))
    with pytest.raises(ContentError) as caught:
        read_document(path)
    assert message in caught.value.message
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_unmarked_figures_take_their_series_mark(tmp_path: Path) -> None:
    path = write_content(tmp_path, CHART.replace("| 2019 | 12,100 |", "| 2019 | $12,100 |"))
    (chart,) = charts_of(path)
    assert [format_value(v, chart.series[0]) for v in chart.series[0].values] == [
        "$12,100", "$10,500", "$9,800"]


def test_a_series_may_not_mix_marks(tmp_path: Path) -> None:
    path = write_content(tmp_path, CHART.replace("| 2019 | 12,100 |", "| 2019 | 12,100% |")
                         .replace("| 2021 | 9,800 |", "| 2021 | $9,800 |"))
    with pytest.raises(ContentError, match="mixes '%' and '\\$'") as caught:
        read_document(path)
    assert caught.value.line == ROW_2021


@pytest.mark.parametrize(("body", "line", "message"), [
    ('::: chart column "Early"\n| A | B |\n|---|---|\n| x | 1 |\n:::\n\n# Later\n', 1,
     "`::: chart` before the first heading"),
    ('# S\n\n::: chart column "No table"\nJust words.\n:::\n', 4,
     "a chart holds one pipe table and nothing else"),
    ('# S\n\n::: chart column "Empty"\n:::\n', 3, "`::: chart` holds no table"),
    ('# S\n\n::: chart\n| A | B |\n|---|---|\n| x | 1 |\n:::\n', 3,
     "`::: chart` needs a kind and a title"),
    ('# S\n\n::: chart column "Words"\n| A | B |\n|---|---|\n| x | |\n:::\n', 3,
     "series 'B' has no numbers"),
    ('# S\n\n::: chart pie "Less than nothing"\n| A | B |\n|---|---|\n| x | -1 |\n'
     '| y | 2 |\n:::\n', 3, "a pie chart shows shares of a whole"),
])
def test_misplaced_or_empty_charts(tmp_path: Path, body: str, line: int,
                                   message: str) -> None:
    with pytest.raises(ContentError) as caught:
        read_document(write_content(tmp_path, body))
    assert message in caught.value.message
    assert caught.value.line == line + 3  # after the front matter's three lines


def test_cli_error_is_one_line_with_file_and_line(tmp_path: Path) -> None:
    path = write_content(tmp_path, CHART.replace("column", "pie"))
    result = CliRunner().invoke(main, ["inspect", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {path}:{CONTAINER}: a pie chart shows one series, not 2 (keep one column of "
        "numbers, or make it a column, bar or stacked chart)"]


def test_inspect_shows_the_chart(tmp_path: Path) -> None:
    path = write_content(tmp_path, CHART)
    text = CliRunner().invoke(main, ["inspect", str(path)]).stdout
    assert ("Column chart: Coca cultivation by region, hectares, 2019–2021; Huánuco from "
            "12,100 to 9,800; Cusco from 8,000 to 7,500") in text
    data = json.loads(CliRunner().invoke(main, ["inspect", str(path), "--json"]).stdout)
    chart = data["sections"][0]["blocks"][1]
    assert chart == {
        "type": "chart", "kind": "column", "title": "Coca cultivation by region",
        "category_label": "Year", "unit": "hectares", "categories": ["2019", "2020", "2021"],
        "series": [
            {"name": "Huánuco", "values": [12100, 10500, 9800], "prefix": "", "suffix": "",
             "decimals": 0},
            {"name": "Cusco", "values": [8000, None, 7500], "prefix": "", "suffix": "",
             "decimals": 0}]}


def test_plain_data_round_trip_of_every_example_chart(tmp_path: Path) -> None:
    document = read_document(EXAMPLE)
    data = to_data(document)
    again = from_data(json.loads(json.dumps(data)))
    assert to_data(again) == data
    assert [b for s in again.walk() for b in s.blocks if isinstance(b, Chart)] == \
        charts_of(EXAMPLE)
    path = tmp_path / "charts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert charts_of(path) == charts_of(EXAMPLE)


def _data_chart(**changes: object) -> dict:
    chart = {"type": "chart", "kind": "line", "title": "Budget", "categories": ["2020", "2021"],
             "series": [{"name": "Budget", "values": [1.25, 2]}]}
    chart.update(changes)
    return {"meta": {"title": "T"}, "sections": [{"id": "s", "title": "S", "blocks": [chart]}]}


def test_plain_data_chart_defaults_decimals_from_its_values() -> None:
    (chart,) = from_data(_data_chart()).sections[0].blocks
    assert isinstance(chart, Chart)
    assert chart.series[0].decimals == 2
    assert [format_value(v, chart.series[0]) for v in chart.series[0].values] == ["1.25",
                                                                                 "2.00"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"kind": "radar"}, "sections[0].blocks[0]: unknown chart kind 'radar'"),
    ({"series": [{"name": "B", "values": ["12"]}]},
     "sections[0].blocks[0].series[0].values[0]: must be a number or empty, not text"),
    ({"series": [{"name": "B", "values": [float("nan"), 1]}]}, "is not a figure a chart"),
    ({"series": [{"name": "B", "values": [1]}]}, "series 'B' has 1 values for 2 categories"),
    ({"kind": "pie", "series": [{"name": "A", "values": [1, 2]},
                                {"name": "B", "values": [1, 2]}]}, "a pie chart shows one"),
])
def test_bad_plain_data_charts(changes: dict, message: str) -> None:
    with pytest.raises(ContentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        from_data(_data_chart(**changes), path="c.json")


def test_alt_text_states_kind_title_unit_and_ranges() -> None:
    texts = [describe(chart) for chart in charts_of(EXAMPLE)]
    assert texts == [
        "Column chart: Cultivation in Alta Verde, hectares, 2019–2023; Río Claro from 12,100 "
        "to 9,800; Monte Azul from 4,300 to 6,900",
        "Pie chart: Seizures by route, 2023, tonnes; Sea 48.5 (48%), Land 30.2 (30%), River "
        "12.0 (12%), Air 9.3 (9%)",
        "Line chart: Counter-narcotics budget, million, 2016–2028; Budget from $120 to $230",
        "Stacked column chart: Share of eradication by force, 2021–2023; Army from 40% to "
        "55%; Police from 60% to 45%",
        "Bar chart: Laboratories dismantled, 2023; Laboratories from 42 (San Pedro) to 120 "
        "(Río Claro)",
    ]


def test_alt_text_names_a_range_that_lies_between_first_and_last() -> None:
    chart = Chart("line", "Seizures", ("2019", "2020", "2021"),
                  (ChartSeries("Sea", (5, 9, 6)),), "Year", "tonnes")
    assert describe(chart) == ("Line chart: Seizures, tonnes, 2019–2021; Sea from 5 to 6 "
                               "(range 5 to 9)")


def test_data_sentences_and_table_hold_every_figure(tmp_path: Path) -> None:
    (chart,) = charts_of(write_content(tmp_path, CHART))
    assert data_sentences(chart) == [
        "2019: Huánuco 12,100 hectares; Cusco 8,000 hectares.",
        "2020: Huánuco 10,500 hectares; Cusco no figure.",
        "2021: Huánuco 9,800 hectares; Cusco 7,500 hectares."]
    table = chart_table(chart)
    assert [plain_text(cell) for cell in table.header] == ["Year", "Huánuco (hectares)",
                                                          "Cusco (hectares)"]
    assert [[plain_text(cell) for cell in row] for row in table.rows] == [
        ["2019", "12,100", "8,000"], ["2020", "10,500", ""], ["2021", "9,800", "7,500"]]
    pie = next(c for c in charts_of(EXAMPLE) if c.kind == "pie")
    assert data_sentences(pie)[0] == "Sea: 48.5 tonnes (48%)."
