"""The accessibility audit: bad decks and briefings give the expected findings, good ones none.

Files are built here with python-pptx and python-docx (bad ones with missing and duplicate
titles, pictures without alt text, grey-on-white text, skipped heading levels...), and
pandoc's reference files are audited as a third party's templates.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARTICLE, THIRD_PARTY, needs_third_party
from docx import Document as new_docx
from docx.enum.dml import MSO_THEME_COLOR
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn as docx_qn
from docx.shared import Pt
from docx.shared import RGBColor as DocxRGB
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches
from pptx.util import Pt as PptPt

from exporter.audit import (
    ERROR,
    RULES,
    WARNING,
    Finding,
    audit_file,
    audit_files,
    findings_to_json,
    has_errors,
)
from exporter.audit.briefing import is_layout_table, look_flags
from exporter.audit.findings import quote
from exporter.errors import AuditError
from exporter.ooxml.parts import NS
from exporter.pipeline import BuildRequest, build
from exporter.reader import read_document

DOCS = Path(__file__).resolve().parent.parent / "docs" / "accessibility.md"


def located(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.location, f.rule) for f in findings}


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "map.png"
    Image.new("RGB", (40, 30), (30, 90, 160)).save(path)
    return path


# --- decks ------------------------------------------------------------------------------

TITLE, TITLE_AND_CONTENT, TITLE_ONLY, BLANK = 0, 1, 5, 6


def _titled(deck: Presentation, layout: int, title: str):  # type: ignore[no-untyped-def]
    slide = deck.slides.add_slide(deck.slide_layouts[layout])
    slide.shapes.title.text = title
    return slide


def _remove_alt_text(shape) -> None:  # type: ignore[no-untyped-def]
    shape._element.nvPicPr.cNvPr.attrib.pop("descr", None)


@pytest.fixture
def bad_deck(tmp_path: Path, picture: Path) -> Path:
    deck = Presentation()
    deck.core_properties.title = "A bad deck"
    first = _titled(deck, TITLE, "Overview")  # slide 1
    first.placeholders[1].text = "Roles and challenges"
    second = _titled(deck, TITLE_AND_CONTENT, "Overview")  # slide 2: same title
    second.placeholders[1].text = "Army, Navy and Air Force"
    untitled = deck.slides.add_slide(deck.slide_layouts[BLANK])  # slide 3: no title
    untitled.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text = "Untitled"
    grey = _titled(deck, TITLE_ONLY, "Grey text")  # slide 4
    box = grey.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
    box.text_frame.text = "Small grey words"
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size = PptPt(10)
    run.font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    grey.shapes._spTree.remove(box._element)  # read before the title
    grey.shapes._spTree.insert(2, box._element)
    pictures = _titled(deck, TITLE_ONLY, "Pictures")  # slide 5
    _remove_alt_text(pictures.shapes.add_picture(str(picture), Inches(1), Inches(2)))
    pictures.shapes.add_picture(str(picture), Inches(4), Inches(2))  # alt text = file name
    table_slide = _titled(deck, TITLE_ONLY, "Table")  # slide 6
    table = table_slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    table.first_row = False
    table.cell(0, 0).text = "Region"
    _titled(deck, TITLE_AND_CONTENT, "Empty body")  # slide 7: empty placeholder
    path = tmp_path / "bad.pptx"
    deck.save(str(path))
    return path


@pytest.fixture
def good_deck(tmp_path: Path, picture: Path) -> Path:
    deck = Presentation()
    deck.core_properties.title = "The Peruvian Military and Drug Trafficking"
    first = _titled(deck, TITLE, "The Peruvian Military and Drug Trafficking")
    first.placeholders[1].text = "Roles, challenges and outlook"
    content = _titled(deck, TITLE_AND_CONTENT, "Understanding the military's role")
    frame = content.placeholders[1].text_frame
    frame.text = "Army, Navy and Air Force"
    frame.add_paragraph().text = "Counter-narcotics: eradication and interdiction"
    frame.paragraphs[1].level = 1
    picture_slide = _titled(deck, TITLE_ONLY, "Coca growing regions")
    shape = picture_slide.shapes.add_picture(str(picture), Inches(1), Inches(2))
    shape._element.nvPicPr.cNvPr.set("descr", "Map of the coca growing valleys of Peru")
    table_slide = _titled(deck, TITLE_ONLY, "Operations (cont. 2)")
    table = table_slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for row, (year, name) in enumerate([("Year", "Operation"), ("1997", "Chavín de Huántar"),
                                        ("2012", "Fortaleza")]):
        table.cell(row, 0).text, table.cell(row, 1).text = year, name
    banner = table_slide.shapes.add_textbox(Inches(0), Inches(7), Inches(10), Inches(0.5))
    banner.fill.solid()
    banner.fill.fore_color.rgb = RGBColor(0x00, 0x7A, 0x33)
    banner.text_frame.text = "UNCLASSIFIED"
    banner.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    banner.text_frame.paragraphs[0].runs[0].font.size = PptPt(12)
    path = tmp_path / "good.pptx"
    deck.save(str(path))
    return path


def test_bad_deck_findings(bad_deck: Path) -> None:
    findings = audit_file(bad_deck)
    assert located(errors(findings)) == {
        ("slide 2", "title-unique"),
        ("slide 3", "slide-title"),
        ("slide 4", "reading-order"),
        ("slide 4", "min-font-size"),
        ("slide 4", "contrast"),
        ("slide 5", "alt-text"),
        ("slide 6", "table-header"),
    }
    assert [f.location for f in findings if f.rule == "alt-text"] == ["slide 5", "slide 5"]
    assert located([f for f in findings if f.severity == WARNING]) == {
        ("slide 7", "empty-placeholder")}
    by_rule = {f.rule: f.message for f in findings}
    assert "slide 1" in by_rule["title-unique"] and "(cont. 2)" in by_rule["title-unique"]
    assert "#AAAAAA on #FFFFFF" in by_rule["contrast"] and "4.5:1" in by_rule["contrast"]
    assert "10 pt" in by_rule["min-font-size"]
    assert "'TextBox" in by_rule["reading-order"]
    no_alt, file_name = (f.message for f in findings if f.rule == "alt-text")
    assert "has no alt text" in no_alt and "file name as alt text ('map.png')" in file_name


def test_good_deck_has_no_findings(good_deck: Path) -> None:
    assert audit_file(good_deck) == []


def test_deck_autofit_shrink_counts_for_font_size(good_deck: Path, tmp_path: Path) -> None:
    deck = Presentation(str(good_deck))
    body = deck.slides[1].placeholders[1].text_frame._txBody.bodyPr
    autofit = etree.SubElement(body, f"{{{NS['a']}}}normAutofit", fontScale="35000")
    assert autofit is not None
    path = tmp_path / "shrunk.pptx"
    deck.save(str(path))
    (finding,) = audit_file(path)
    assert (finding.location, finding.rule) == ("slide 2", "min-font-size")
    assert "9.8 pt (shrunk to 35% by autofit)" in finding.message


def test_deck_contrast_follows_theme_and_background(good_deck: Path, tmp_path: Path) -> None:
    deck = Presentation(str(good_deck))
    slide = deck.slides[1]
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = RGBColor(0x20, 0x20, 0x20)  # dark; text stays tx1
    path = tmp_path / "dark.pptx"
    deck.save(str(path))
    findings = audit_file(path)
    assert located(findings) == {("slide 2", "contrast")}
    assert all("on #202020" in f.message and "#000000" in f.message for f in findings)


def test_deck_text_over_no_background_is_judged_on_white(good_deck: Path,
                                                         tmp_path: Path) -> None:
    """A master without a background and with a dark colour map (bg1 = dk1, tx1 = lt1):
    slides are drawn on the white page, so text in tx1 (white) cannot be read."""
    deck = Presentation(str(good_deck))
    master = deck.slide_master.element
    cslide_data = master.find(f"{{{NS['p']}}}cSld")
    cslide_data.remove(cslide_data.find(f"{{{NS['p']}}}bg"))
    master.find(f"{{{NS['p']}}}clrMap").attrib.update(
        {"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"})
    path = tmp_path / "no-background.pptx"
    deck.save(str(path))
    findings = audit_file(path)
    assert findings and {f.rule for f in findings} == {"contrast"}
    assert all("is #FFFFFF on #FFFFFF" in f.message for f in findings)


DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def test_deck_decorative_picture_needs_no_alt_text(bad_deck: Path, tmp_path: Path) -> None:
    deck = Presentation(str(bad_deck))
    for shape in deck.slides[4].shapes:
        if shape.shape_type == 13:  # picture
            properties = shape._element.nvPicPr.cNvPr
            extensions = etree.SubElement(properties, f"{{{NS['a']}}}extLst")
            ext = etree.SubElement(extensions, f"{{{NS['a']}}}ext", uri=DECORATIVE_EXT)
            etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", val="1")
    path = tmp_path / "decorative.pptx"
    deck.save(str(path))
    assert "alt-text" not in {f.rule for f in audit_file(path)}


# --- briefings --------------------------------------------------------------------------


def _header_row(table) -> None:  # type: ignore[no-untyped-def]
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:tblHeader"))


def _set_language(document, value: str | None) -> None:  # type: ignore[no-untyped-def]
    defaults = document.styles.element.find(
        f"{docx_qn('w:docDefaults')}/{docx_qn('w:rPrDefault')}/{docx_qn('w:rPr')}")
    language = defaults.find(docx_qn("w:lang"))
    if value is None:
        defaults.remove(language)
    else:
        language.set(docx_qn("w:val"), value)


def _shade(paragraph, fill: str) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd")
    shading.set(docx_qn("w:val"), "clear")
    shading.set(docx_qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shading)


def _banner(document, fill: str, text_colour: DocxRGB) -> None:  # type: ignore[no-untyped-def]
    banner = document.sections[0].header.paragraphs[0]
    banner.text = "UNCLASSIFIED"
    banner.runs[0].font.color.rgb = text_colour
    _shade(banner, fill)


@pytest.fixture
def bad_briefing(tmp_path: Path, picture: Path) -> Path:
    document = new_docx()
    _set_language(document, None)
    _banner(document, "E6E6E6", DocxRGB(0xFF, 0xFF, 0xFF))
    document.add_paragraph("The Peruvian Military", style="Title")  # paragraph 1
    document.add_heading("Overview", level=1)  # 2
    document.add_heading("Details", level=3)  # 3: skips level 2
    grey = document.add_paragraph().add_run("Grey words on white.")  # 4
    grey.font.color.rgb = DocxRGB(0x99, 0x99, 0x99)
    document.add_paragraph()  # 5, 6: spacing
    document.add_paragraph()
    document.add_paragraph("• typed bullet")  # 7
    document.add_picture(str(picture))  # 8: no alt text
    table = document.add_table(rows=2, cols=2)  # no header row
    table.cell(0, 0).text = "Region"
    document.add_paragraph("End.")
    path = tmp_path / "bad.docx"
    document.save(str(path))
    return path


@pytest.fixture
def good_briefing(tmp_path: Path, picture: Path) -> Path:
    document = new_docx()
    document.core_properties.title = "The Peruvian Military and Drug Trafficking"
    # python-docx's Heading 2 (#4F81BD, 13 pt bold) has 4.03:1 on white: too light
    document.styles["Heading 2"].font.color.rgb = DocxRGB(0x1F, 0x38, 0x64)
    _banner(document, "007A33", DocxRGB(0xFF, 0xFF, 0xFF))
    document.add_paragraph("The Peruvian Military and Drug Trafficking", style="Title")
    document.add_heading("Overview", level=1)
    document.add_paragraph("Peru is one of the largest producers of coca.")
    document.add_paragraph("Army, Navy and Air Force", style="List Bullet")
    document.add_paragraph("Police", style="List Bullet")
    document.add_heading("Regions", level=2)
    document.add_picture(str(picture))
    inline = document.inline_shapes[0]._inline
    inline.docPr.set("descr", "Map of the coca growing valleys of Peru")
    table = document.add_table(rows=2, cols=2, style="Light Grid Accent 1")
    for column, name in enumerate(("Region", "Hectares")):
        table.cell(0, column).text = name
    _header_row(table)
    callout = document.add_paragraph()
    callout.add_run("Bottom line: ").bold = True
    callout.add_run("joint action works.")
    _shade(callout, "DEEAF6")
    marked = document.add_paragraph().add_run("Highlighted")
    marked.font.highlight_color = WD_COLOR_INDEX.YELLOW
    marked.font.size = Pt(11)
    document.add_paragraph("End.")
    path = tmp_path / "good.docx"
    document.save(str(path))
    return path


def test_bad_briefing_findings(bad_briefing: Path) -> None:
    findings = audit_file(bad_briefing, lang="en-US")
    assert located(errors(findings)) == {
        ("document", "doc-language"),
        ("document", "doc-title"),
        ("paragraph 3", "heading-order"),
        ("paragraph 3", "contrast"),  # python-docx's Heading 3: #4F81BD, 11 pt bold
        ("paragraph 4", "contrast"),
        ("paragraph 5", "empty-paragraph"),
        ("paragraph 8", "alt-text"),
        ("table 1", "table-header"),
        ("header 1, paragraph 1", "contrast"),
    }
    assert located([f for f in findings if f.severity == WARNING]) == {
        ("paragraph 7", "list-structure")}
    by_rule = {(f.location, f.rule): f.message for f in findings}
    assert "2 empty paragraphs" in by_rule[("paragraph 5", "empty-paragraph")]
    assert "level-3 heading follows a level-1" in by_rule[("paragraph 3", "heading-order")]
    assert "#999999 on #FFFFFF" in by_rule[("paragraph 4", "contrast")]
    assert "#FFFFFF on #E6E6E6" in by_rule[("header 1, paragraph 1", "contrast")]
    assert "en-US" in by_rule[("document", "doc-language")]


def test_good_briefing_has_no_findings(good_briefing: Path) -> None:
    assert audit_file(good_briefing, lang="en-US") == []


def test_briefing_language_must_match_expected(good_briefing: Path, tmp_path: Path) -> None:
    document = new_docx(str(good_briefing))
    _set_language(document, "es-PE")
    path = tmp_path / "spanish.docx"
    document.save(str(path))
    assert audit_file(path, lang="es-PE") == []
    assert audit_file(path) == []  # any declared language passes without an expectation
    (finding,) = audit_file(path, lang="en-US")
    assert finding.rule == "doc-language" and "es-PE" in finding.message


def test_briefing_list_style_without_numbering_is_not_a_list(good_briefing: Path,
                                                              tmp_path: Path) -> None:
    document = new_docx(str(good_briefing))
    style = document.styles["List Bullet"].element
    style.pPr.remove(style.pPr.find(docx_qn("w:numPr")))
    path = tmp_path / "fake-list.docx"
    document.save(str(path))
    findings = audit_file(path)
    assert {f.rule for f in findings} == {"list-structure"}
    assert len(findings) == 2 and all("'List Bullet'" in f.message for f in findings)


def test_briefing_theme_colours_and_cell_shading(good_briefing: Path, tmp_path: Path) -> None:
    document = new_docx(str(good_briefing))
    cell = document.tables[0].cell(1, 0)
    cell.text = "Ayacucho"
    cell.paragraphs[0].runs[0].font.color.theme_color = MSO_THEME_COLOR.TEXT_2  # dk2 #1F497D
    shading = OxmlElement("w:shd")
    shading.set(docx_qn("w:val"), "clear")
    shading.set(docx_qn("w:themeFill"), "accent1")  # 4F81BD in python-docx's theme
    cell._tc.get_or_add_tcPr().append(shading)
    path = tmp_path / "shaded.docx"
    document.save(str(path))
    (finding,) = audit_file(path)
    assert (finding.location, finding.rule) == ("paragraph 10", "contrast")
    assert "#1F497D on #4F81BD" in finding.message


def test_layout_tables_need_no_header() -> None:
    table = etree.fromstring(
        f'<w:tbl xmlns:w="{NS["w"]}"><w:tr><w:tc/><w:tc/></w:tr></w:tbl>')
    assert is_layout_table(table)
    look = etree.fromstring(f'<w:tblPr xmlns:w="{NS["w"]}"><w:tblLook w:val="04A0"/></w:tblPr>')
    assert look_flags(look) == {"firstRow", "firstColumn"}


# --- shipped outputs -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_shipped_outputs_pass_the_audit(tmp_path: Path, fmt: str) -> None:
    pytest.importorskip(f"exporter.render.{fmt}")
    written = build(BuildRequest(contents=(ARTICLE,), outdir=tmp_path, formats=(fmt,)))
    assert len(written) == 4  # one per shipped audience
    findings = audit_files(written, lang=read_document(ARTICLE).meta.lang)
    assert [str(f) for f in findings if f.severity == ERROR] == []


# --- third-party files ------------------------------------------------------------------


@needs_third_party()
def test_pandoc_reference_docx() -> None:
    findings = audit_file(THIRD_PARTY / "pandoc-reference.docx", lang="en-US")
    assert located(findings) == {
        ("table 1", "table-header"),
        *((f"paragraph {n}", "contrast") for n in (8, 9, 10, 11, 12, 13, 14, 16)),
    }
    assert all("#4F81BD on #FFFFFF" in f.message for f in findings if f.rule == "contrast")


@needs_third_party()
def test_pandoc_reference_pptx() -> None:
    (finding,) = audit_file(THIRD_PARTY / "pandoc-reference.pptx")
    assert (finding.location, finding.rule) == ("slide 3", "contrast")
    assert "#898989 on #FFFFFF" in finding.message


# --- the API ----------------------------------------------------------------------------


def test_finding_format_and_json(bad_deck: Path, good_deck: Path) -> None:
    findings = audit_files([good_deck, bad_deck])
    assert has_errors(findings) and not has_errors(audit_files([good_deck]))
    first = findings[0]
    assert str(first) == f"{bad_deck}: {first.location}: {first.rule}: {first.message}"
    data = json.loads(findings_to_json(findings))
    assert [Finding(**item) for item in data] == findings
    assert {f.rule for f in findings} <= set(RULES)


def test_rules_are_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in text, rule


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


_WORKBOOK_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>')
_WORKBOOK_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>')


@pytest.mark.parametrize(("make", "fragment"), [
    (lambda d: d / "missing.docx", "file not found"),
    (lambda d: d, "is a folder"),
    (lambda d: (d / "notes.pptx").write_text("hello") and d / "notes.pptx", "not a zip package"),
    (lambda d: _zip(d / "empty.docx", {"a.txt": "x"}), "no package relationships"),
    (lambda d: _zip(d / "book.docx", {"_rels/.rels": _WORKBOOK_RELS,
                                      "[Content_Types].xml": _WORKBOOK_TYPES}),
     "spreadsheetml"),
    (lambda d: _zip(d / "broken.docx", {"_rels/.rels": "<Relationships"}), "not well-formed"),
])
def test_unreadable_files_raise_one_line_audit_error(
        tmp_path: Path, make: Callable[[Path], Path], fragment: str) -> None:
    path = make(tmp_path)
    with pytest.raises(AuditError) as raised:
        audit_file(path)
    message = str(raised.value)
    assert fragment in message and str(path) in message and "\n" not in message
    assert raised.value.hint


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["good_deck", "good_briefing"]),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
                min_size=1, max_size=6))
def test_damaged_files_give_findings_or_one_audit_error(
        request: pytest.FixtureRequest, tmp_path: Path, which: str,
        damage: list[tuple[float, int]]) -> None:
    data = bytearray(request.getfixturevalue(which).read_bytes())
    for where, mask in damage:
        data[int(where * len(data))] ^= mask
    path = tmp_path / f"damaged-{which}"
    path.write_bytes(bytes(data))
    try:
        findings = audit_file(path)
    except AuditError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
    else:
        assert all(f.rule in RULES for f in findings)


def test_file_kind_comes_from_content_not_name(good_deck: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "deck.docx"
    renamed.write_bytes(good_deck.read_bytes())
    assert audit_file(renamed) == []


# --- colours ----------------------------------------------------------------------------


def test_quote_shortens_long_text() -> None:
    assert quote("short") == "'short'"
    assert quote("x" * 60).endswith("…'") and len(quote("x" * 60)) == 42
