"""Charts in decks and briefings: native chart parts holding exactly the table's figures
and its workbook, alt text, notes, captions, the picture for templates without charts,
every audience's outputs, the audit, and LibreOffice showing them."""

from __future__ import annotations

import io
import json
import posixpath
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import ROOT, needs_libreoffice, write_content
from lxml import etree
from pptx import Presentation

from exporter.audit import audit_file
from exporter.charts import data_sentences, describe, excel_format
from exporter.cli import main
from exporter.model import Chart
from exporter.reader import read_document

EXAMPLE = ROOT / "content" / "examples" / "charts.md"
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def example_charts() -> list[Chart]:
    return [block for section in read_document(EXAMPLE).walk() for block in section.blocks
            if isinstance(block, Chart)]


def build(*args: str) -> dict[str, Path]:
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return {Path(line).name: Path(line) for line in result.stdout.splitlines()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built for every shipped audience, in both formats."""
    return build(str(EXAMPLE), "-o", str(tmp_path_factory.mktemp("charts")))


# ---------------------------------------------------------------------------------------
# Reading chart parts back with zipfile and lxml
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSeen:
    """A chart part as a reader of the package finds it."""

    name: str
    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None], str]]  # name, values, format code
    workbook: list[list[str | float | None]]
    xml: etree._Element


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target part name)."""
    folder, name = posixpath.split(part)
    rels = etree.fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
    return {rel.get("Id"): (rel.get("Type"), posixpath.normpath(posixpath.join(
        folder, rel.get("Target")))) for rel in rels.iterfind("rel:Relationship", NS)}


def _cache(element: etree._Element | None, count: int) -> list[str | None]:
    """The points of a ``c:strCache``/``c:numCache``, None where a point is missing."""
    points: list[str | None] = [None] * count
    for point in element.iterfind(".//c:pt", NS) if element is not None else ():
        points[int(point.get("idx"))] = point.findtext("c:v", namespaces=NS)
    return points


def _workbook(blob: bytes) -> list[list[str | float | None]]:
    """The first sheet of a workbook as rows of text and numbers."""
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        strings = [node.findtext("x:t", namespaces=NS) for node in etree.fromstring(
            book.read("xl/sharedStrings.xml")).iterfind("x:si", NS)]
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows: list[list[str | float | None]] = []
    for row in sheet.iterfind(".//x:row", NS):
        cells: list[str | float | None] = []
        for cell in row.iterfind("x:c", NS):
            column = ord(re.match(r"[A-Z]", cell.get("r")).group()) - ord("A")
            cells += [None] * (column - len(cells))
            value = cell.findtext("x:v", namespaces=NS)
            cells.append(None if value is None else strings[int(value)] if cell.get("t") == "s"
                         else float(value))
        rows.append(_trimmed(cells))
    return rows


def _trimmed(cells: list[str | float | None]) -> list[str | float | None]:
    """A row without the empty cells at its end."""
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def charts_in(path: Path) -> list[ChartSeen]:
    """Every chart of a .docx or .pptx in reading order (slides, or the body)."""
    with zipfile.ZipFile(path) as archive:
        main = "word/document.xml" if path.suffix == ".docx" else None
        parts = [main] if main else _slide_parts(archive)
        found = []
        for part in parts:
            rels = _rels(archive, part)
            for ref in etree.fromstring(archive.read(part)).iterfind(".//c:chart", NS):
                found.append(_chart(archive, rels[ref.get(f"{{{NS['r']}}}id")][1]))
        return found


def _slide_parts(archive: zipfile.ZipFile) -> list[str]:
    rels = _rels(archive, "ppt/presentation.xml")
    ids = etree.fromstring(archive.read("ppt/presentation.xml")).iterfind(".//p:sldId", NS)
    return [rels[node.get(f"{{{NS['r']}}}id")][1] for node in ids]


def _chart(archive: zipfile.ZipFile, name: str) -> ChartSeen:
    xml = etree.fromstring(archive.read(name))
    plot = xml.find("c:chart/c:plotArea", NS)
    kind_element = next(child for child in plot if etree.QName(child).localname.endswith("Chart"))
    series = []
    categories: list[str] = []
    for ser in kind_element.iterfind("c:ser", NS):
        count = int(ser.find(".//c:cat//c:ptCount", NS).get("val"))
        categories = [c or "" for c in _cache(ser.find("c:cat", NS), count)]
        values = [None if v is None else float(v) for v in _cache(ser.find("c:val", NS), count)]
        series.append((ser.findtext("c:tx//c:v", namespaces=NS), values,
                       ser.findtext("c:val//c:formatCode", namespaces=NS)))
    (rel_type, workbook) = _rels(archive, name)[xml.find("c:externalData", NS).get(
        f"{{{NS['r']}}}id")]
    assert rel_type == PACKAGE_REL
    return ChartSeen(name, etree.QName(kind_element).localname, categories, series,
                     _workbook(archive.read(workbook)), xml)


def expected_series(chart: Chart) -> list[tuple[str, list[float | None], str]]:
    return [(s.name, [None if v is None else float(v) for v in s.values], excel_format(s))
            for s in chart.series]


def expected_workbook(chart: Chart) -> list[list[str | float | None]]:
    header: list[str | float | None] = [None, *(s.name for s in chart.series)]
    return [header, *(_trimmed([category, *(None if s.values[i] is None else float(s.values[i])
                                            for s in chart.series)])
                      for i, category in enumerate(chart.categories))]


KINDS = {"column": "barChart", "bar": "barChart", "stacked": "barChart", "line": "lineChart",
         "pie": "pieChart"}


# ---------------------------------------------------------------------------------------
# Both formats hold exactly the table's figures
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_chart_parts_hold_exactly_the_tables_figures(outputs: dict[str, Path],
                                                     fmt: str) -> None:
    seen = charts_in(outputs[f"charts--analyst.{fmt}"])
    charts = example_charts()
    assert [s.kind for s in seen] == [KINDS[c.kind] for c in charts]
    for found, chart in zip(seen, charts, strict=True):
        assert found.categories == list(chart.categories)
        assert found.series == expected_series(chart)
        assert found.workbook == expected_workbook(chart)


def test_a_missing_figure_is_a_gap_in_cache_and_workbook(tmp_path: Path) -> None:
    path = write_content(tmp_path, '# S\n\n::: chart line "Gaps"\n| Year | A |\n|---|---|\n'
                                   '| 2020 | 1 |\n| 2021 |  |\n| 2022 | 3 |\n:::\n')
    files = build(str(path), "-a", "analyst", "-o", str(tmp_path / "out"))
    for name, file in files.items():
        (chart,) = charts_in(file)
        assert chart.series == [("A", [1.0, None, 3.0], "#,##0")], name
        assert chart.workbook == [[None, "A"], ["2020", 1.0], ["2021"], ["2022", 3.0]], name


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_series_take_the_themes_accents(outputs: dict[str, Path], fmt: str) -> None:
    """No series, slice or chart carries a colour of its own: the theme's accents apply."""
    for chart in charts_in(outputs[f"charts--analyst.{fmt}"]):
        assert chart.xml.find(".//c:ser/c:spPr", NS) is None
        assert chart.xml.find(".//c:dPt", NS) is None
        assert chart.xml.find("c:style", NS) is None


def test_stacked_labels_read_on_their_segments(outputs: dict[str, Path]) -> None:
    """The analyst theme's accent1 is dark teal (white labels), accent2 dark grey (white)."""
    (stacked,) = [c for c in charts_in(outputs["charts--analyst.pptx"])
                  if c.xml.find(".//c:grouping[@val='stacked']", NS) is not None]
    colours = [ser.find("c:dLbls//a:solidFill/a:srgbClr", NS).get("val")
               for ser in stacked.xml.iterfind(".//c:ser", NS)]
    assert colours == ["FFFFFF", "FFFFFF"]


def test_embedded_workbooks_carry_no_clock_time(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["charts--analyst.pptx"]) as deck:
        books = [name for name in deck.namelist() if name.endswith(".xlsx")]
        assert len(books) == len(example_charts())
        for name in books:
            with zipfile.ZipFile(io.BytesIO(deck.read(name))) as book:
                assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
                core = book.read("docProps/core.xml")
                assert b"dcterms:created" not in core and b"dcterms:modified" not in core


def test_rebuilding_charts_gives_the_same_bytes(tmp_path: Path) -> None:
    first = build(str(EXAMPLE), "-a", "analyst", "-o", str(tmp_path / "one"))
    second = build(str(EXAMPLE), "-a", "analyst", "-o", str(tmp_path / "two"))
    assert {n: p.read_bytes() for n, p in first.items()} == \
        {n: p.read_bytes() for n, p in second.items()}


# ---------------------------------------------------------------------------------------
# The deck
# ---------------------------------------------------------------------------------------


def _slides_with_charts(path: Path) -> Iterator[tuple[int, object, object]]:
    deck = Presentation(str(path))
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_chart:
                yield number, slide, shape


def test_deck_chart_slides(outputs: dict[str, Path]) -> None:
    charts = example_charts()
    slides = list(_slides_with_charts(outputs["charts--analyst.pptx"]))
    assert len(slides) == len(charts)
    for (number, slide, frame), chart in zip(slides, charts, strict=True):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert "UNCLASSIFIED // EXAMPLE" not in texts  # the profile's banner wins
        assert "UNCLASSIFIED // FOR OFFICIAL USE ONLY" in texts
        assert str(number) in texts
        assert frame.element.nvGraphicFramePr.cNvPr.get("descr") == describe(chart)
        notes = slide.notes_slide.notes_text_frame.text
        assert all(sentence in notes for sentence in data_sentences(chart))
        beside = slide.shapes.title.text != chart.title
        # Beside the section's bullets the chart carries its own title; alone, the slide's
        # title is the chart's.
        assert frame.chart.has_title == beside
        if beside:
            assert frame.chart.chart_title.text_frame.text == chart.title
            assert len(texts) > 3  # title, bullets, banner, number


def test_deck_axes_labels_and_legends(outputs: dict[str, Path]) -> None:
    frames = {frame.chart.plots[0].categories[0]: frame.chart
              for _, _, frame in _slides_with_charts(outputs["charts--analyst.pptx"])}
    column = frames["2019"]
    assert column.value_axis.axis_title.text_frame.text == "hectares"
    assert column.category_axis.axis_title.text_frame.text == "Year"
    assert column.has_legend
    pie = frames["Sea"]
    labels = pie.plots[0].series[0].data_labels
    assert labels.show_percentage and labels.number_format == "0%"
    line = frames["2016"]  # 13 points: no data labels
    assert not line.plots[0].has_data_labels and not line.has_legend
    assert line.value_axis.tick_labels.number_format == '"$"#,##0'
    bars = frames["Río Claro"]
    assert bars.category_axis.reverse_order  # the table's first row on top


# ---------------------------------------------------------------------------------------
# The briefing
# ---------------------------------------------------------------------------------------


def test_briefing_chart_parts_inline_and_captions(outputs: dict[str, Path]) -> None:
    path = outputs["charts--analyst.docx"]
    charts = example_charts()
    with zipfile.ZipFile(path) as archive:
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        overrides = {node.get("PartName"): node.get("ContentType")
                     for node in types.iterfind("ct:Override", NS)}
        assert [name for name, kind in overrides.items() if kind == CHART_TYPE] == [
            f"/word/charts/chart{n}.xml" for n in range(1, len(charts) + 1)]
        assert all(name.startswith("word/embeddings/") for name in archive.namelist()
                   if name.endswith(".xlsx"))
        body = etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)
    styles = {style.style_id: style.name for style in docx.Document(str(path)).styles}
    paragraphs = body.findall("w:p", NS)
    holders = [n for n, p in enumerate(paragraphs) if p.find(".//c:chart", NS) is not None]
    assert len(holders) == len(charts)
    for index, chart in zip(holders, charts, strict=True):
        inline = paragraphs[index].find(".//wp:inline", NS)
        assert inline.find("wp:docPr", NS).get("descr") == describe(chart)
        caption = paragraphs[index + 1]
        style = caption.find("w:pPr/w:pStyle", NS).get(f"{{{NS['w']}}}val")
        assert styles[style] == "Caption"
        text = "".join(node.text or "" for node in caption.iter(f"{{{NS['w']}}}t"))
        assert re.fullmatch(rf"Figure \d+: {re.escape(chart.title)}", text)


def test_briefing_without_native_charts_shows_a_picture_and_the_table(
        tmp_path: Path) -> None:
    template = tmp_path / "compat.docx"
    source = ROOT / "templates" / "analyst" / "briefing.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(template, "w") as copy:
        for name in original.namelist():
            data = original.read(name)
            if name == "word/settings.xml":
                data = re.sub(rb'(w:name="compatibilityMode"[^>]*w:val=")\d+', rb"\g<1>11",
                              data)
            copy.writestr(name, data)
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-a", "analyst", "-f", "docx",
                                       "--docx-template", str(template), "-o",
                                       str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "compatibility mode" in line]
    assert len(warnings) == 1
    path = Path(result.stdout.strip())
    assert charts_in(path) == []
    document = docx.Document(str(path))
    pictures = document.element.body.findall(".//wp:inline", NS)
    assert [p.find("wp:docPr", NS).get("descr") for p in pictures] == [
        describe(chart) for chart in example_charts()]
    assert all(p.find(".//a:blip", NS) is not None for p in pictures)
    column = example_charts()[0]
    table = next(t for t in document.tables if t.cell(0, 0).text == "Year")
    assert [c.text for c in table.rows[0].cells] == ["Year", "Río Claro (hectares)",
                                                    "Monte Azul (hectares)"]
    assert [c.text for c in table.rows[1].cells] == ["2019", "12,100", "4,300"]
    assert len(table.rows) == len(column.categories) + 1


@pytest.mark.parametrize(("body", "loaded"), [
    ("# S\n\nNo chart here.\n", "False"),
    ('# S\n\n::: chart bar "One"\n| A | B |\n|---|---|\n| x | 1 |\n:::\n', "True"),
])
def test_briefings_load_python_pptx_only_for_charts(tmp_path: Path, body: str,
                                                   loaded: str) -> None:
    path = write_content(tmp_path, body)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from exporter.pipeline import BuildRequest, prepare\n"
        "from exporter.render import render_output\n"
        f"plan = prepare(BuildRequest(contents=(Path({str(path)!r}),), formats=('docx',), "
        f"audiences=('analyst',), outdir=Path({str(tmp_path / 'out')!r})))\n"
        "render_output(plan.jobs[0])\n"
        "print('pptx' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert result.stdout.strip() == loaded


# ---------------------------------------------------------------------------------------
# Audiences and the audit
# ---------------------------------------------------------------------------------------


def test_every_audience_selecting_a_section_gets_its_chart(outputs: dict[str, Path],
                                                          tmp_path: Path) -> None:
    charts = example_charts()
    for audience in ("analyst", "partner", "public"):
        for fmt in ("pptx", "docx"):
            seen = charts_in(outputs[f"charts--{audience}.{fmt}"])
            assert [s.categories for s in seen] == [list(c.categories) for c in charts]
    # The executive profile takes sections by id, none of which the example has.
    assert charts_in(outputs["charts--executive.pptx"]) == []
    profiles = tmp_path / "audiences.yaml"
    profiles.write_text(json.dumps({"audiences": {"no-routes": {
        "label": "No routes", "depth": "full", "exclude": ["routes"]}}}), encoding="utf-8")
    files = build(str(EXAMPLE), "--audiences", str(profiles), "-o", str(tmp_path / "out"))
    for file in files.values():
        assert [s.kind for s in charts_in(file)] == ["barChart", "lineChart", "barChart",
                                                     "barChart"]


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_the_audit_passes_charts_and_finds_one_without_alt_text(
        outputs: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    path = outputs[f"charts--analyst.{fmt}"]
    assert audit_file(path, lang="en-US") == []
    bare = tmp_path / f"bare.{fmt}"
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(bare, "w") as copy:
        for name in original.namelist():
            copy.writestr(name, re.sub(rb' descr="(?:Column|Pie|Line|Stacked|Bar)[^"]*"', b"",
                                       original.read(name)))
    found = [f for f in audit_file(bare, lang="en-US") if f.rule == "alt-text"]
    assert len(found) == len(example_charts())
    assert all("chart '" in f.message and "has no alt text" in f.message for f in found)


# ---------------------------------------------------------------------------------------
# LibreOffice shows them
# ---------------------------------------------------------------------------------------


def _pages(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    return text.split("\f")


@needs_libreoffice()
@pytest.mark.libreoffice
def test_libreoffice_renders_the_charts_labels(outputs: dict[str, Path]) -> None:
    from exporter.preview import convert_to_pdf

    files = {name: outputs[name].read_bytes()
             for name in ("charts--analyst.docx", "charts--analyst.pptx")}
    pdfs = convert_to_pdf(files)
    for name, pdf in pdfs.items():
        pages = _pages(pdf)
        for chart in example_charts():
            shown = [" ".join(page.split()) for page in pages
                     if all(category in page for category in chart.categories)]
            assert any(chart.title in page for page in shown), (name, chart.title)
        deck = " ".join(pages)
        assert "hectares" in deck and "Río Claro" in deck


def test_every_listed_slide_is_related_once_and_parts_are_named_uniquely(
        outputs: dict[str, Path]) -> None:
    """Slides are related to the presentation in batches (before each chart and at the
    end): each slide in the list resolves to its own part, in order, and no two parts
    (charts and their workbooks included) share a name."""
    deck = outputs["charts--analyst.pptx"]
    with zipfile.ZipFile(deck) as archive:
        names = archive.namelist()
        rels = _rels(archive, "ppt/presentation.xml")
        listed = etree.fromstring(archive.read("ppt/presentation.xml")).xpath(
            "//p:sldIdLst/p:sldId/@r:id", namespaces={
                "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
                "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"})
    slides = [rels[rId] for rId in listed]
    assert all(kind.endswith("/slide") for kind, _ in slides)
    assert [target for _, target in slides] == [f"ppt/slides/slide{n}.xml"
                                                for n in range(1, len(slides) + 1)]
    assert sum(kind.endswith("/slide") for kind, _ in rels.values()) == len(slides)
    assert len(names) == len(set(names))
    assert len([n for n in names if n.startswith("ppt/charts/chart")]) == len(example_charts())
    assert len(Presentation(str(deck)).slides) == len(slides)
