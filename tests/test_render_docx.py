"""The Word renderer: outputs reopened with python-docx and checked as a reader sees them.

Templates: the shipped default, pandoc's reference.docx, python-docx's own default, templates
built here with placeholders split over runs (w:proofErr, bookmarks between them) in the
body, a table, a header, a footer and a text box, and one made by LibreOffice.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import (
    ARTICLE,
    HEADINGS,
    ROOT,
    THIRD_PARTY,
    assert_one_line_error,
    body_lines,
    macro_enabled,
    needs_libreoffice,
    run_exporter,
)
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image as PILImage

from exporter.audience import FULL_AUDIENCE, Audience, select
from exporter.errors import TemplateError, TemplateSyntaxError
from exporter.model import (
    Callout,
    CodeBlock,
    Document,
    Image,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Timeline,
    TimelineEntry,
)
from exporter.ooxml.colour import WHITE, readable_colour
from exporter.pipeline import checked_template, read_images
from exporter.render import RenderJob, TemplateFile
from exporter.render.docx import check_template, render_briefing
from exporter.templating import document_context

DEFAULT_TEMPLATE = ROOT / "templates" / "default" / "briefing.docx"
PANDOC_TEMPLATE = THIRD_PARTY / "pandoc-reference.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- building inputs --------------------------------------------------------------------


def _r(text: str, **flags: object) -> tuple[Run, ...]:
    return (Run(text, **flags),)  # type: ignore[arg-type]


def _p(text: str) -> Paragraph:
    return Paragraph(_r(text))


def rich_document(image: Path | None = None) -> Document:
    """A document using every block type."""
    sub_blocks: list = [
        _p("Subsection prose."),
        CodeBlock("def f():\n    return 1\n"),
        Quote((_p("A quoted line."),)),
        Callout("callout", (_p("Inside the box."), ListBlock((ListItem(_r("boxed item")),))),
                title="Note"),
    ]
    if image is not None:
        sub_blocks.append(Image(str(image), alt="Bar chart of cultivation",
                                title="Cultivation trend"))
    return Document(
        meta=Metadata(title="Rich Test Briefing", subtitle="Every block", date="2026-11-26",
                      classification="UNCLASSIFIED", author="Analysis Division",
                      keywords=("Peru", "VRAEM"), summary="The bottom line.\n\nSecond part.",
                      lang="en-GB"),
        intro=(_p("Intro paragraph."),),
        sections=(
            Section("role", "First Section", 1, ("context",), blocks=(
                Paragraph((Run("Plain, "), Run("bold", bold=True), Run(", "),
                           Run("italic", italic=True), Run(", "), Run("code()", code=True),
                           Run(" and "), Run("a link", link="https://example.org/x"),
                           Run(" and "), Run("inside", link="#ops"))),
                ListBlock((ListItem(_r("Bullet one"), (ListBlock(
                    (ListItem(_r("nested a")), ListItem(_r("nested b"))), ordered=True),)),
                    ListItem(_r("Bullet two")))),
                ListBlock((ListItem(_r("First")), ListItem(_r("Second"))), ordered=True),
                ListBlock((ListItem(_r("Again one")), ListItem(_r("Again two"))), ordered=True,
                          start=3),
                Table(header=(_r("Region"), _r("Hectares")),
                      rows=((_r("VRAEM"), _r("30,000")), (_r("Huallaga"), _r("8,000"))),
                      caption="Coca by region", align=("left", "right")),
            ), keypoints=(_r("KEYPOINT-NOT-PRINTED"),), subsections=(
                Section("sub", "A Subsection", 2, blocks=tuple(sub_blocks), subsections=(
                    Section("deep", "Deep Level", 3, blocks=(_p("Deep prose."),)),)),)),
            Section("ops", "Operations", 1, ("operations",), blocks=(
                Timeline((TimelineEntry("1997", _r("Chavín de Huántar")),
                          TimelineEntry("2018", _r("Fortaleza"))), title="Key operations"),
                _p("After the timeline."))),
            Section("recs", "Recommendations", 1, ("recommendations",),
                    blocks=(_p("Act now."),), keypoints=(_r("Strengthen intelligence"),)),
        ),
        source_path="rich.md",
    )


def docx_default_bytes() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def job_for(template: bytes | Path, document: Document | None = None,
            audience: Audience = FULL_AUDIENCE, name: str = "template.docx",
            base_dir: Path = Path(".")) -> RenderJob:
    if isinstance(template, Path):
        data, path = template.read_bytes(), template
    else:
        data, path = template, Path(name)
    selected = select(document or rich_document(), audience)
    return RenderJob(selected, audience, checked_template(path, data, "docx"),
                     document_context(selected, audience),
                     read_images(selected, base_dir.resolve(), allow_outside=True))


def render(template: bytes | Path, document: Document | None = None,
           audience: Audience = FULL_AUDIENCE, **kwargs: object) -> docx.document.Document:
    data = render_briefing(job_for(template, document, audience, **kwargs))  # type: ignore
    return docx.Document(io.BytesIO(data))


def body_paragraphs(document: docx.document.Document) -> list:
    return document.paragraphs


def styled(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def all_xml(document: docx.document.Document) -> str:
    parts = [document.element.xml]
    for section in document.sections:
        for item in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):
            if not item.is_linked_to_previous:
                parts.append(item._element.xml)
    return "\n".join(parts)


def visible_text(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def header_footer_texts(document: docx.document.Document) -> tuple[str, str]:
    section = document.sections[0]
    return ("\n".join(p.text for p in section.header.paragraphs),
            "\n".join(p.text for p in section.footer.paragraphs))


def assert_complete_briefing(document: docx.document.Document) -> None:
    """What every full briefing of rich_document() must show, whatever the template."""
    rows = styled(document)
    headings = [(s, t) for s, t in rows if s.startswith("Heading")]
    headings = headings[headings.index(("Heading 1", "Executive summary")):]
    assert headings == [
        ("Heading 1", "Executive summary"), ("Heading 1", "Introduction"),
        ("Heading 1", "First Section"), ("Heading 2", "A Subsection"),
        ("Heading 3", "Deep Level"), ("Heading 1", "Operations"),
        ("Heading 1", "Recommendations")]
    texts = [t for _, t in rows]
    for expected in ("The bottom line.", "Second part.", "Intro paragraph.",
                     "Plain, bold, italic, code() and a link and inside", "Bullet one",
                     "nested a", "nested b", "Bullet two", "First", "Second", "Again one",
                     "Again two", "Table 1: Coca by region", "Subsection prose.",
                     "A quoted line.", "Deep prose.", "Table 2: Key operations",
                     "After the timeline.", "Act now."):
        assert expected in texts, expected
    assert "KEYPOINT-NOT-PRINTED" not in visible_text(document.element.xml)
    toc = [(s, t) for s, t in rows if re.fullmatch(r"toc \d", s.lower())]
    assert [t for _, t in toc] == [t for _, t in headings]
    assert [s.lower() for s, _ in toc] == [
        "toc 1", "toc 1", "toc 1", "toc 2", "toc 3", "toc 1", "toc 1"]
    xml = all_xml(document)
    assert "{{" not in visible_text(xml) and "{%" not in visible_text(xml)
    header, footer = header_footer_texts(document)
    assert "UNCLASSIFIED" in header and "UNCLASSIFIED" in footer
    props = document.core_properties
    assert props.title == "Rich Test Briefing"
    assert props.subject == "Every block"
    assert props.author == "Analysis Division"
    assert props.keywords == "Peru, VRAEM"
    assert props.language == "en-GB"
    assert props.created.year == 2026 and props.modified.day == 26


# --- templates of all origins ---------------------------------------------------------------


def test_default_template_full_briefing() -> None:
    document = render(DEFAULT_TEMPLATE)
    assert_complete_briefing(document)
    texts = [p.text for p in document.paragraphs]
    # The template's cover page shows the placeholders, so no generated title block.
    assert texts.count("Rich Test Briefing") == 1
    assert "Prepared for Full" in texts


def test_python_docx_default_template() -> None:
    document = render(docx_default_bytes(), name="python-docx-default.docx")
    assert_complete_briefing(document)
    rows = styled(document)
    assert rows[0] == ("Title", "Rich Test Briefing")
    assert rows[1] == ("Subtitle", "Every block")
    assert "26 November 2026" in rows[2][1] and "UNCLASSIFIED" in rows[2][1]


@pytest.mark.skipif(not PANDOC_TEMPLATE.is_file(), reason="pandoc reference.docx not present")
def test_pandoc_reference_template_is_a_style_reference(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="exporter"):
        document = render(PANDOC_TEMPLATE)
    assert_complete_briefing(document)
    texts = [p.text.strip() for p in document.paragraphs]
    assert "Body Text. Body Text Char." not in " ".join(texts)  # its sample text is left out
    assert texts[0] == "Rich Test Briefing"
    assert texts.index("Executive summary") > texts.index("Rich Test Briefing")
    heading = [p for p in document.paragraphs if p.text == "Executive summary"][-1]
    assert heading.style.style_id == "Heading1" and heading.style.font.color.rgb is not None
    messages = [r.getMessage() for r in caplog.records]
    assert [m for m in messages if "style reference" in m and "(27 paragraphs, 1 table)" in m]
    assert any("'List Bullet'" in m for m in messages)
    assert len(messages) == len(set(messages))


def test_each_warning_once_per_rendering(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="exporter"):
        render(docx_default_bytes(), name="once.docx")
    messages = [record.getMessage() for record in caplog.records]
    assert messages and len(messages) == len(set(messages))


# --- structure a reader relies on -------------------------------------------------------------


def _numbering(paragraph) -> tuple[int, int] | None:
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is None:
        return None
    return (int(num_pr.find(qn("w:numId")).get(qn("w:val"))),
            int(num_pr.find(qn("w:ilvl")).get(qn("w:val"))))


def test_lists_are_real_numbered_lists() -> None:
    document = render(docx_default_bytes())
    by_text = {p.text: p for p in document.paragraphs}
    bullet_one, bullet_two = _numbering(by_text["Bullet one"]), _numbering(by_text["Bullet two"])
    assert bullet_one and bullet_one == bullet_two and bullet_one[1] == 0
    nested = _numbering(by_text["nested a"])
    assert nested[1] == 1 and nested[0] != bullet_one[0]
    assert _numbering(by_text["nested b"]) == nested
    first, again = _numbering(by_text["First"]), _numbering(by_text["Again one"])
    assert first[0] == _numbering(by_text["Second"])[0]
    assert first[0] != again[0]  # a new list restarts
    numbering = document.part.numbering_part.element
    nums = {int(n.get(qn("w:numId"))): n for n in numbering.findall(qn("w:num"))}
    start = nums[again[0]].find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    assert start.get(qn("w:val")) == "3"
    abstract_id = nums[bullet_one[0]].find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract_id)
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "bullet"
    children = [c.tag for c in numbering]
    assert max(i for i, t in enumerate(children) if t == qn("w:abstractNum")) < \
        min(i for i, t in enumerate(children) if t == qn("w:num"))


def test_numbering_part_created_when_missing() -> None:
    source = io.BytesIO(docx_default_bytes())
    with zipfile.ZipFile(source) as package:
        files = {name: package.read(name) for name in package.namelist()}
    files.pop("word/numbering.xml")
    rels = files["word/_rels/document.xml.rels"].decode()
    files["word/_rels/document.xml.rels"] = re.sub(
        r'<Relationship [^>]*numbering[^>]*/>', "", rels).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    document = render(out.getvalue())
    assert _numbering(next(p for p in document.paragraphs if p.text == "First"))
    assert document.part.numbering_part.element.findall(qn("w:num"))


def test_toc_is_a_field_listing_linked_headings() -> None:
    document = render(DEFAULT_TEMPLATE)
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    kinds = [c.get(qn("w:fldCharType")) for c in body.iter(qn("w:fldChar"))]
    assert {"begin", "separate", "end"} <= set(kinds)
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    toc_links = [h.get(qn("w:anchor")) for p in document.paragraphs
                 if re.fullmatch(r"toc \d", p.style.name.lower())
                 for h in p._p.findall(qn("w:hyperlink"))]
    assert len(toc_links) == 7 and set(toc_links) <= bookmarks


def test_no_toc_when_audience_says_so() -> None:
    document = render(DEFAULT_TEMPLATE, audience=Audience(name="x", toc=False))
    assert not [p for p in document.paragraphs if p.style.name.lower().startswith("toc")]


def test_links_tables_images_callouts(tmp_path: Path) -> None:
    picture = tmp_path / "chart.png"
    PILImage.new("RGB", (2400, 800), (40, 90, 160)).save(picture)
    document = render(DEFAULT_TEMPLATE, rich_document(picture))
    link_rels = [r for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [r.target_ref for r in link_rels] == ["https://example.org/x"]
    anchors = [h.get(qn("w:anchor")) for h in document.element.body.iter(qn("w:hyperlink"))]
    assert "_Toc_ops" in anchors  # the in-document link
    data_table = document.tables[0]
    assert data_table.style.name == "Table Grid"
    assert data_table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert [c.text for c in data_table.rows[1].cells] == ["VRAEM", "30,000"]
    box = next(t for t in document.tables if len(t.columns) == 1)
    assert "Inside the box." in box.cell(0, 0).text
    assert box.cell(0, 0)._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None
    timeline = next(t for t in document.tables if t.cell(0, 0).text == "Date")
    assert [c.text for c in timeline.rows[2].cells] == ["2018", "Fortaleza"]
    shape = document.inline_shapes[0]
    assert shape.width <= document.sections[-1].page_width - document.sections[-1].left_margin \
        - document.sections[-1].right_margin
    doc_pr = shape._inline.docPr
    assert doc_pr.get("descr") == "Bar chart of cultivation"
    assert "Figure 1: Cultivation trend" in [p.text for p in document.paragraphs]
    code = next(p for p in document.paragraphs if p.text.startswith("def f():"))
    assert code.style.name == "Source Code"
    quote = next(p for p in document.paragraphs if p.text == "A quoted line.")
    assert quote.style.name == "Quote"


def test_headings_in_order_no_empty_paragraphs_language() -> None:
    document = render(docx_default_bytes())
    levels = [int(p.style.name[-1]) for p in document.paragraphs
              if p.style.name.startswith("Heading")]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False))
    for paragraph in document.paragraphs:
        assert paragraph.text.strip() or paragraph._p.find(f".//{qn('w:drawing')}") is not None
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"


def test_banner_colour_contrast() -> None:
    dark = Audience(name="d", classification="SECRET", banner_color="8B0000")
    document = render(docx_default_bytes(), audience=dark)
    banner = document.sections[0].header.paragraphs[0]
    assert banner.text == "SECRET"
    assert banner.alignment == 1  # centred
    assert banner.runs[0].bold and str(banner.runs[0].font.color.rgb) == "8B0000"
    light = Audience(name="l", classification="PUBLIC", banner_color="FFD700")
    document = render(docx_default_bytes(), audience=light)
    banner = document.sections[0].footer.paragraphs[-1]
    assert banner.text == "PUBLIC"
    assert banner._p.find(f"{qn('w:pPr')}/{qn('w:shd')}").get(qn("w:fill")) == "FFD700"
    assert str(banner.runs[0].font.color.rgb) == "000000"


def test_unreadable_style_colours_are_darkened_just_enough(caplog) -> None:
    """Word styles are made readable by the rule the deck and the audit use: the colour
    moved towards black in 5 % steps, up to the first step that reads on white."""
    from docx.shared import RGBColor as DocxRGB

    template = docx.Document()
    template.styles["Heading 1"].font.color.rgb = DocxRGB(0x99, 0x99, 0xFF)  # 2.5:1
    out = io.BytesIO()
    template.save(out)
    document = render(out.getvalue())
    darkened = document.styles["Heading 1"].font.color.rgb
    assert str(darkened) == "6B6BB2"  # 6 steps: 4.8:1; 5 steps (7373BF) reach only 4.3:1
    assert tuple(darkened) == readable_colour((0x99, 0x99, 0xFF), [WHITE], 4.5)
    assert "Heading1" in caplog.text and "darkened for accessibility" in caplog.text


def test_banner_on_first_and_even_page_headers() -> None:
    template = docx.Document()
    template.sections[0].different_first_page_header_footer = True
    template.settings.odd_and_even_pages_header_footer = True
    out = io.BytesIO()
    template.save(out)
    document = render(out.getvalue())
    section = document.sections[0]
    for item in (section.header, section.footer, section.first_page_header,
                 section.first_page_footer, section.even_page_header,
                 section.even_page_footer):
        assert "UNCLASSIFIED" in [p.text for p in item.paragraphs]


def test_double_render_is_byte_identical() -> None:
    job = job_for(DEFAULT_TEMPLATE)
    assert render_briefing(job) == render_briefing(job)
    other = job_for(docx_default_bytes())
    assert render_briefing(other) == render_briefing(other)


# --- placeholders -----------------------------------------------------------------------


def _split_paragraph(text_parts: list[str], bold_first: bool = True) -> str:
    """A w:p whose text is split over runs with proofErr and bookmarks between them."""
    runs = []
    for index, part in enumerate(text_parts):
        props = "<w:rPr><w:b/></w:rPr>" if bold_first and index == 0 else ""
        runs.append(f'<w:r>{props}<w:t xml:space="preserve">{part}</w:t></w:r>')
        if index == 0:
            runs.append('<w:proofErr w:type="spellStart"/>')
        if index == 1:
            runs.append('<w:bookmarkStart w:id="90" w:name="mark"/><w:bookmarkEnd w:id="90"/>')
    return f"<w:p>{''.join(runs)}</w:p>"


def _split_template() -> bytes:
    """A template with split placeholders in body, table, text box, header and footer."""
    document = docx.Document()
    body = document.element.body
    sect = body.find(qn("w:sectPr"))
    pieces = [
        _split_paragraph(["Report: {{ ti", "tle | up", "per }} end"]),
        f"<w:tbl><w:tblGrid><w:gridCol w:w='4000'/></w:tblGrid><w:tr><w:tc>"
        f"{_split_paragraph(['{{ audience.', 'label }}'])}</w:tc></w:tr></w:tbl>",
        "<w:p><w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml' "
        "style='width:200pt;height:40pt'><v:textbox><w:txbxContent>"
        f"{_split_paragraph(['Box: {{ sub', 'title }}'])}"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
        _split_paragraph(["{{ bo", "dy }}"]),
        "<w:p><w:r><w:t>Closing text of the template.</w:t></w:r></w:p>",
    ]
    for piece in pieces:
        sect.addprevious(parse_xml(f"<w:body {nsdecls('w')}>{piece}</w:body>")[0])
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header._element.replace(header._element[0], parse_xml(
        f"<w:hdr {nsdecls('w')}>{_split_paragraph(['Mark: {{ classif', 'ication }}'])}"
        "</w:hdr>")[0])
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    footer._element.replace(footer._element[0], parse_xml(
        f"<w:ftr {nsdecls('w')}>{_split_paragraph(['{{ da', 'te }} / {{ classification }}'])}"
        "</w:ftr>")[0])
    document.core_properties.title = "{{ title }} ({{ audience.label }})"
    document.core_properties.keywords = "{{ meta.keywords | join('; ') }}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_split_placeholders_everywhere() -> None:
    document = render(_split_template())
    first = document.paragraphs[0]
    assert first.text == "Report: RICH TEST BRIEFING end"
    assert first.runs[0].bold and first.runs[0].text == "Report: RICH TEST BRIEFING"
    assert document.tables[0].cell(0, 0).text == "Full"
    boxes = document.element.body.iter(qn("w:txbxContent"))
    assert visible_text(etree.tostring(next(boxes), encoding="unicode")) == "Box: Every block"
    header, footer = header_footer_texts(document)
    assert header == "Mark: UNCLASSIFIED"  # the template shows it: no banner added
    assert footer == "2026-11-26 / UNCLASSIFIED"
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Executive summary") < texts.index("Closing text of the template.")
    assert "{{" not in visible_text(all_xml(document))
    assert document.core_properties.title == "Rich Test Briefing (Full)"
    assert document.core_properties.keywords == "Peru; VRAEM"
    # {{ title }} is in the template: no generated title block
    assert not [p for p in document.paragraphs if p.style.name == "Title"]


def _saved(template: docx.document.Document) -> bytes:
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def test_body_goes_after_template_text_without_anchor() -> None:
    template = docx.Document()
    template.add_paragraph("Prepared for {{ audience.label }}")
    document = render(_saved(template))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Prepared for Full"
    assert texts[1] == "Rich Test Briefing"
    assert document.element.body[-1].tag == qn("w:sectPr")


def test_template_without_placeholders_is_a_style_reference(
        caplog: pytest.LogCaptureFixture) -> None:
    template = docx.Document()
    template.add_heading("Sample chapter", 1)
    template.add_paragraph("Sample text of the reference file.")
    template.add_section()
    template.add_paragraph("Its second section.")
    template.sections[-1].left_margin = docx.shared.Inches(2)
    with caplog.at_level(logging.WARNING, logger="exporter"):
        document = render(_saved(template), name="reference.docx")
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Rich Test Briefing", "Every block"]
    assert not {"Sample chapter", "Sample text of the reference file.",
                "Its second section."} & set(texts)
    assert len(document.sections) == 1  # the last section's page setup
    assert document.sections[0].left_margin == docx.shared.Inches(2)
    notes = [r.getMessage() for r in caplog.records if "style reference" in r.getMessage()]
    assert len(notes) == 1 and "(3 paragraphs)" in notes[0]
    warnings = check_template(TemplateFile(Path("reference.docx"), _saved(template)))
    assert [w for w in warnings if "style reference" in w]


def _body_template(*paragraphs: str, table_rows: list[list[str]] | None = None) -> bytes:
    template = docx.Document()
    for text in paragraphs:
        template.add_paragraph(text)
    if table_rows:
        table = template.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def test_for_loop_over_table_rows() -> None:
    template = _body_template("{{ body }}", table_rows=[
        ["Id", "Section"], ["{% for s in sections %}", ""], ["{{ s.id }}", "{{ s.title }}"],
        ["{% endfor %}", ""]])
    document = render(template)
    table = document.tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Id", "Section"], ["role", "First Section"], ["ops", "Operations"],
        ["recs", "Recommendations"]]


def test_block_if_and_for_over_paragraphs() -> None:
    template = _body_template(
        "{% if classification %}", "Marked {{ classification }}", "{% endif %}",
        "{% if audience.name == 'nobody' %}", "Hidden paragraph", "{% endif %}",
        "{% for s in sections %}", "Section {{ loop.index }}: {{ s.title }}", "{% endfor %}",
        "Inline {% if subtitle %}yes{% else %}no{% endif %}.", "{{ body }}")
    texts = [p.text for p in render(template).paragraphs]
    assert texts[:5] == ["Marked UNCLASSIFIED", "Section 1: First Section",
                         "Section 2: Operations", "Section 3: Recommendations", "Inline yes."]
    assert "Hidden paragraph" not in texts


def test_docxtpl_tag_forms_build_unchanged() -> None:
    template = docx.Document()
    template.add_paragraph("{%p if classification %}")
    paragraph = template.add_paragraph("Handling: ")
    paragraph.add_run("{{r classification }}").bold = True
    template.add_paragraph("{%p endif %}")
    template.add_paragraph("{#p a note for template authors #} this paragraph goes")
    template.add_paragraph("{%p if audience.name == 'nobody' %} with text docxtpl drops")
    template.add_paragraph("Hidden paragraph")
    template.add_paragraph("{%p endif %}")
    template.add_paragraph("Replaced text {{p subtitle }} around the value")
    template.add_paragraph("Quoted {{r title | replace(\u201cRich\u201d, \u2018Poor\u2019) }}")
    template.add_paragraph("{%r if subtitle %}Has a subtitle{%r endif %}.")
    rows = template.add_table(rows=4, cols=2)
    for row, values in zip(rows.rows, [["Id", "Section"], ["{%tr for s in sections %}", "x"],
                                       ["{{ s.id }}", "{{ s.title }}"], ["{%tr endfor %}", ""]],
                           strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    columns = template.add_table(rows=1, cols=4)
    for cell, value in zip(columns.rows[0].cells, ["Sections", "{%tc for s in sections %}",
                                                   "{{ s.id }}", "{%tc endfor %}"], strict=True):
        cell.text = value
    template.add_paragraph("Before {{p body }} after")
    document = render(_saved(template))
    texts = [p.text for p in document.paragraphs]
    assert texts[:5] == ["Handling: UNCLASSIFIED", "Every block", "Quoted Poor Test Briefing",
                         "Has a subtitle.", "Contents"]
    assert document.paragraphs[0].runs[-1].bold
    assert not [t for t in texts if "note" in t or "Hidden" in t or "docxtpl" in t]
    rows_shown = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows_shown == [["Id", "Section"], ["role", "First Section"], ["ops", "Operations"],
                          ["recs", "Recommendations"]]
    assert [c.text for c in document.tables[1].rows[0].cells] == ["Sections", "role", "ops",
                                                                 "recs"]
    assert "Before" not in " ".join(texts)  # {{p body }} stands for its paragraph
    assert "{" not in visible_text(all_xml(document))


def test_a_template_reads_free_variables_by_their_own_names() -> None:
    """A docxtpl user's data goes under ``vars:``; the profile's win over the content's,
    and the documented names keep their meaning."""
    base = rich_document()
    document = dataclasses.replace(base, meta=dataclasses.replace(
        base.meta, extra={"vars": {"customer": "Acme", "office": "Lima", "title": "Not it"}}))
    audience = Audience(name="partner", vars={"office": "Cusco"})
    rendered = render(_body_template("For {{ customer }} in {{ office }}: {{ title }}"),
                      document, audience)
    assert "For Acme in Cusco: Rich Test Briefing" in [p.text for p in rendered.paragraphs]


def test_sandbox_refuses_python_internals() -> None:
    with pytest.raises(TemplateSyntaxError, match="unsafe"):
        render(_body_template("{{ ''.__class__ }}"), name="evil.docx")


def test_unknown_variable_is_named() -> None:
    with pytest.raises(TemplateSyntaxError) as error:
        render(_body_template("Hello {{ nosuchthing }}"), name="typo.docx")
    assert "nosuchthing" in str(error.value) and "typo.docx" in str(error.value)
    assert "body" in str(error.value)


@pytest.mark.parametrize(("where", "part"), [("body", "body"), ("table", "table in the body"),
                                            ("header", "header"), ("footer", "footer"),
                                            ("box", "text box")])
def test_syntax_error_names_the_part(where: str, part: str) -> None:
    broken = "Bad {{ title }"
    template = docx.Document()
    if where == "body":
        template.add_paragraph(broken)
    elif where == "table":
        template.add_table(rows=1, cols=1).cell(0, 0).text = broken
    elif where == "box":
        template.element.body.find(qn("w:sectPr")).addprevious(parse_xml(
            f"<w:p {nsdecls('w')}><w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'>"
            f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{broken}</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"))
    else:
        item = getattr(template.sections[0], where)
        item.is_linked_to_previous = False
        item.paragraphs[0].text = broken
    out = io.BytesIO()
    template.save(out)
    with pytest.raises(TemplateSyntaxError) as error:
        render(out.getvalue(), name="broken.docx")
    message = str(error.value)
    assert f"in the {part}" in message and "broken.docx" in message
    assert "Bad {{ title }" in message
    assert "\ue000" not in message and "\\ue0" not in message
    with pytest.raises(TemplateSyntaxError):
        check_template(TemplateFile(Path("broken.docx"), out.getvalue()))


def test_if_split_across_paragraphs_is_explained() -> None:
    template = _body_template("Start {% if subtitle %} here", "and {% endif %} there")
    with pytest.raises(TemplateSyntaxError, match="own paragraph"):
        render(template)


# --- bad templates ------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "expected"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    (b"plain text, not a package", "not a Word .docx"),
    (b"PK\x03\x04 truncated zip", "not a Word .docx"),
])
def test_bad_templates_raise_one_line_errors(data: bytes, expected: str) -> None:
    with pytest.raises(TemplateError) as error:
        render(data, name="bad.docx")
    assert expected in str(error.value) and "bad.docx" in str(error.value)
    assert "\n" not in str(error.value)


def test_pptx_given_as_docx() -> None:
    pptx_path = THIRD_PARTY / "pandoc-reference.pptx"
    if not pptx_path.is_file():
        from pptx import Presentation

        out = io.BytesIO()
        Presentation().save(out)
        data = out.getvalue()
    else:
        data = pptx_path.read_bytes()
    with pytest.raises(TemplateError, match="PowerPoint"):
        render(data, name="deck.docx")


def test_macro_enabled_template_is_used_without_its_macros() -> None:
    data = render_briefing(job_for(macro_enabled(DEFAULT_TEMPLATE.read_bytes(), "docx"),
                                   name="corporate.dotm"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [name for name in package.namelist() if "vbaProject" in name]
        assert b"macroEnabled" not in package.read("[Content_Types].xml")
    assert_complete_briefing(docx.Document(io.BytesIO(data)))


def test_macro_enabled_template_builds_a_plain_briefing(tmp_path: Path) -> None:
    thesis = THIRD_PARTY / "docx" / "d19-kgsu-thesis.dotx"
    source = thesis.read_bytes() if thesis.is_file() else DEFAULT_TEMPLATE.read_bytes()
    template = tmp_path / "corporate.dotm"
    template.write_bytes(macro_enabled(source, "docx"))
    run = run_exporter("build", "-f", "docx", "-a", "analyst", "--docx-template",
                       str(template), "-o", str(tmp_path / "out"), cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "(macros)" in run.stderr and "Traceback" not in run.stderr
    (output,) = (tmp_path / "out").rglob("*.docx")
    with zipfile.ZipFile(output) as package:
        assert not [name for name in package.namelist() if "vbaProject" in name]
        types = package.read("[Content_Types].xml")
        assert b"macroEnabled" not in types and b"wordprocessingml.document.main" in types
    texts = [p.text for p in docx.Document(str(output)).paragraphs]
    assert "Executive summary" in texts


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def _zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, payload in members.items():
            target.writestr(name, payload)
    return out.getvalue()


def _without_content_types(data: bytes, *partnames: str) -> bytes:
    """The package with the content-type overrides of ``partnames`` removed."""
    members = _members(data)
    types = etree.fromstring(members["[Content_Types].xml"])
    for override in list(types):
        if override.get("PartName") in partnames:
            types.remove(override)
    return _zipped({**members, "[Content_Types].xml": etree.tostring(types)})


def _with_headers() -> bytes:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Company header"
    template.sections[0].footer.paragraphs[0].text = "Company footer"
    return _saved(template)


def test_header_parts_without_content_types_are_repaired(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    damaged = _without_content_types(_with_headers(), "/word/header1.xml",
                                     "/word/footer1.xml")
    with caplog.at_level(logging.WARNING, logger="exporter"):
        document = render(damaged, name="reference.docx")
    header, footer = header_footer_texts(document)
    assert "Company header" in header and "UNCLASSIFIED" in header
    assert "Company footer" in footer and "UNCLASSIFIED" in footer
    assert any("repaired the package" in r.getMessage() and "word/header1.xml" in
               r.getMessage() for r in caplog.records)
    template = tmp_path / "reference.docx"
    template.write_bytes(damaged)
    for command in (("check", "--no-cache"), ("build", "-f", "docx", "-a", "public", "-o",
                                              str(tmp_path / "out"))):
        run = run_exporter(*command, "--docx-template", str(template), cwd=ROOT)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        assert "repaired the package" in run.stderr


def test_relationship_to_a_missing_part_is_repaired() -> None:
    members = _members(_with_headers())
    del members["word/footer1.xml"]
    header, footer = header_footer_texts(render(_zipped(members), name="damaged.docx"))
    assert "Company header" in header and "UNCLASSIFIED" in footer


def test_sections_referring_to_headers_the_package_lacks_are_repaired(
        caplog: pytest.LogCaptureFixture) -> None:
    members = _members(_with_headers())
    del members["word/_rels/document.xml.rels"]
    with caplog.at_level(logging.WARNING, logger="exporter"):
        header, footer = header_footer_texts(render(_zipped(members), name="norels.docx"))
    assert "UNCLASSIFIED" in header and "UNCLASSIFIED" in footer
    assert any("references to headers or footers" in r.getMessage() for r in caplog.records)


def _damaged_packages() -> list[tuple[str, bytes]]:
    """A template with headers damaged every simple way: each content-type entry left out,
    each part left out, each part made unreadable XML."""
    members = _members(_with_headers())
    types = etree.fromstring(members["[Content_Types].xml"])
    damaged = []
    for index, entry in enumerate(types):
        fewer = etree.fromstring(members["[Content_Types].xml"])
        fewer.remove(fewer[index])
        damaged.append((f"no type for {entry.get('PartName') or entry.get('Extension')}",
                        _zipped({**members, "[Content_Types].xml": etree.tostring(fewer)})))
    for name in members:
        if name not in ("[Content_Types].xml", "word/document.xml"):
            damaged.append((f"no {name}", _zipped({k: v for k, v in members.items()
                                                    if k != name})))
        damaged.append((f"unreadable {name}", _zipped({**members, name: b"<w:x"})))
    return damaged


@pytest.mark.parametrize(("damage", "data"), _damaged_packages(),
                         ids=[damage for damage, _ in _damaged_packages()])
def test_damaged_packages_are_repaired_or_refused_never_a_traceback(damage: str,
                                                                    data: bytes) -> None:
    template = Path("damaged.docx")
    try:
        checked = checked_template(template, data, "docx")
        check_template(checked)
        document = render(data, name="damaged.docx")
    except TemplateError as error:  # TemplateSyntaxError is one too
        assert "\n" not in str(error) and "damaged.docx" in str(error), damage
    else:
        assert "Executive summary" in [p.text for p in document.paragraphs], damage


def test_unrepairable_package_is_refused_in_one_line(tmp_path: Path) -> None:
    template = tmp_path / "broken.docx"
    template.write_bytes(_zipped({**_members(_with_headers()), "word/styles.xml": b"<w:styles"}))
    for command in (("check", "--no-cache"), ("build", "-f", "docx", "-o", str(tmp_path))):
        assert_one_line_error(run_exporter(*command, "--docx-template", str(template),
                                           cwd=ROOT), "broken.docx")


def _restyled(renames: dict[str, tuple[str, str]]) -> bytes:
    """python-docx's default template with styles renamed (id -> new id, new name)."""
    template = docx.Document()
    styles = template.styles.element
    for style in styles.iterfind(qn("w:style")):
        old = style.get(qn("w:styleId"))
        if old in renames:
            new_id, new_name = renames[old]
            style.set(qn("w:styleId"), new_id)
            style.find(qn("w:name")).set(qn("w:val"), new_name)
        for ref in style.iterfind(f"{qn('w:basedOn')}"):
            if ref.get(qn("w:val")) in renames:
                ref.set(qn("w:val"), renames[ref.get(qn("w:val"))][0])
    return _saved(template)


def test_localized_style_names_are_the_built_in_styles(
        caplog: pytest.LogCaptureFixture) -> None:
    german = _restyled({"Heading1": ("berschrift1", "Überschrift 1"),
                        "Heading2": ("berschrift2", "Überschrift 2"),
                        "Heading3": ("berschrift3", "Überschrift 3"),
                        "Title": ("Titel", "Titel"), "Subtitle": ("Untertitel", "Untertitel"),
                        "ListBullet": ("Aufzhlungszeichen", "Aufzählungszeichen"),
                        "Caption": ("Beschriftung", "Beschriftung")})
    with caplog.at_level(logging.WARNING, logger="exporter"):
        document = render(german, name="deutsch.docx")
    ids = {p.text: p.style.style_id for p in document.paragraphs}
    assert ids["Rich Test Briefing"] == "Titel" and ids["Every block"] == "Untertitel"
    assert ids["First Section"] == "berschrift1" and ids["A Subsection"] == "berschrift2"
    assert ids["Deep Level"] == "berschrift3" and ids["Bullet two"] == "Aufzhlungszeichen"
    assert ids["Table 1: Coca by region"] == "Beschriftung"
    created = [r.getMessage() for r in caplog.records if "has no" in r.getMessage()]
    assert not [m for m in created if "Heading" in m or "'Title'" in m or "Bullet" in m]


def test_a_heading_style_is_known_by_its_outline_level() -> None:
    template = docx.Document()
    styles = template.styles.element
    styles.remove(next(s for s in styles.iterfind(qn("w:style"))
                       if s.get(qn("w:styleId")) == "Heading1"))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Kapitel">'
        '<w:name w:val="Kapitel"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'))
    document = render(_saved(template), name="chapters.docx")
    ids = {p.text: p.style.style_id for p in document.paragraphs}
    assert ids["First Section"] == "Kapitel" and ids["A Subsection"] == "Heading2"


def _numbered_headings(linked: bool, dangling: bool = False,
                       through_list_style: bool = False) -> bytes:
    """A template whose Heading 1 style is numbered: by a list level linked back to the
    style, by a plain list, or by a list the numbering part lacks; its definition held by
    the list directly or by a numbering style the list's definition links to."""
    template = docx.Document()
    styles = template.styles.element
    heading = next(s for s in styles.iterfind(qn("w:style"))
                   if s.get(qn("w:styleId")) == "Heading1")
    ppr = heading.find(qn("w:pPr"))
    num_id = "40" if dangling else "31" if through_list_style else "30"
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))
    numbering = template.part.numbering_part.element
    link = '<w:pStyle w:val="Heading1"/>' if linked else ""
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="30"><w:styleLink w:val="Outline"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>{link}'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.insert(1, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="31">'
        '<w:numStyleLink w:val="Outline"/></w:abstractNum>'))
    for number in ("30", "31"):
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{number}">'
                                   f'<w:abstractNumId w:val="{number}"/></w:num>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="Outline">'
        '<w:name w:val="Outline"/><w:pPr><w:numPr><w:numId w:val="30"/></w:numPr></w:pPr>'
        '</w:style>'))
    return _saved(template)


def _heading_num_ids(document: docx.document.Document) -> set[str | None]:
    found = set()
    for paragraph in document.paragraphs:
        if paragraph.style.style_id == "Heading1":
            num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            found.add(num_id.get(qn("w:val")) if num_id is not None else None)
    return found


def test_heading_numbering_only_when_linked_to_the_heading_style() -> None:
    assert _heading_num_ids(render(_numbered_headings(linked=True))) == {None}
    assert _heading_num_ids(render(_numbered_headings(linked=False))) == {"0"}
    assert _heading_num_ids(render(_numbered_headings(linked=True,
                                                      through_list_style=True))) == {None}
    assert _heading_num_ids(render(_numbered_headings(linked=False,
                                                      through_list_style=True))) == {"0"}


def test_lists_never_take_a_number_a_heading_style_refers_to() -> None:
    document = render(_numbered_headings(linked=False, dangling=True))
    assert _heading_num_ids(document) == {"0"}
    bullets = [p for p in document.paragraphs if p.text == "Bullet one"]
    assert int(_numbering(bullets[0])[0]) > 40


def test_dotx_template_is_accepted() -> None:
    data = DEFAULT_TEMPLATE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {n: source.read(n) for n in source.namelist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main", b"wordprocessingml.template.main")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, payload in files.items():
            target.writestr(name, payload)
    assert_complete_briefing(render(out.getvalue(), name="corporate.dotx"))


def test_check_template_warnings() -> None:
    warnings = check_template(TemplateFile(Path("d.docx"), docx_default_bytes()))
    assert any("'TOC 1'" in w for w in warnings)
    assert check_template(TemplateFile(DEFAULT_TEMPLATE, DEFAULT_TEMPLATE.read_bytes())) == []


# --- property: any paragraph text renders -------------------------------------------------------

_TEMPLATE_BYTES = docx_default_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_paragraph_text_renders_and_reopens(text: str) -> None:
    document = Document(meta=Metadata(title="T"), sections=(
        Section("s", "S", 1, blocks=(Paragraph((Run(text),)),)),))
    logger = logging.getLogger("exporter")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        output = render(_TEMPLATE_BYTES, document, name=f"prop-{hash(text)}.docx")
    finally:
        logger.removeHandler(handler)
    cleaned = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    paragraph = output.paragraphs[-1]
    expected = cleaned.replace("\r", "\n") if "\r" in cleaned else cleaned
    assert paragraph.text.replace("\r", "\n") == expected or paragraph.text == expected
    if cleaned != text:
        assert any("control character" in r.getMessage() for r in records)


# --- LibreOffice ------------------------------------------------------------------------------


def _soffice(tmp_path: Path, *args: str) -> None:
    profile = f"file://{tmp_path}/lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", *args],
                   check=True, capture_output=True, timeout=240)


@pytest.mark.libreoffice
@needs_libreoffice()
def test_libreoffice_pdf_of_default_output(tmp_path: Path) -> None:
    (tmp_path / "briefing.docx").write_bytes(render_briefing(job_for(DEFAULT_TEMPLATE)))
    _soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path),
             str(tmp_path / "briefing.docx"))
    pdf = tmp_path / "briefing.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    assert pages > 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for heading in ("Executive summary", "First Section", "A Subsection", "Deep Level",
                    "Operations", "Recommendations"):
        assert heading in text
    assert "UNCLASSIFIED" in text


@pytest.mark.libreoffice
@needs_libreoffice()
def test_template_made_by_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "corporate.html"
    source.write_text("<html><body><h1>{{ title }}</h1><p>Prepared for {{ audience.label }}</p>"
                      "<p>{{ body }}</p></body></html>", encoding="utf-8")
    _soffice(tmp_path, "--convert-to", "odt:writer8", "--outdir", str(tmp_path), str(source))
    odt = tmp_path / "corporate.odt"
    _soffice(tmp_path, "--convert-to", "docx:MS Word 2007 XML", "--outdir",
             str(tmp_path / "docx"), str(odt))
    template = tmp_path / "docx" / "corporate.docx"
    warnings = check_template(TemplateFile(template, template.read_bytes()))
    assert any("List Bullet" in w for w in warnings)
    document = render(template)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Rich Test Briefing" and "Prepared for Full" in texts
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.lower().startswith("heading")]
    assert ("Heading 2", "A Subsection") in [(s.title(), t) for s, t in headings]
    bullets = [p for p in document.paragraphs if p.text == "Bullet one"]
    assert _numbering(bullets[0]) is not None
    assert "{{" not in visible_text(all_xml(document))


# --- the shipped article ------------------------------------------------------------------------


def test_shipped_article_all_headings_and_paragraphs() -> None:
    from exporter.reader import read_document

    article = read_document(ARTICLE)
    selected = select(article, FULL_AUDIENCE)
    job = RenderJob(selected, FULL_AUDIENCE, TemplateFile(DEFAULT_TEMPLATE,
                                                          DEFAULT_TEMPLATE.read_bytes()),
                    document_context(selected, FULL_AUDIENCE), ARTICLE.parent)
    document = docx.Document(io.BytesIO(render_briefing(job)))
    headings = [(int(p.style.name[-1]), p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[2:] == HEADINGS  # after "Executive summary" and "Introduction"
    texts = {p.text for p in document.paragraphs}
    texts |= {cell.text for table in document.tables for row in table.rows
              for cell in row.cells}
    missing = [line for line in body_lines() if line not in texts]
    assert not missing


#: How ECMA-376's first edition typed the relationship to the core properties, and how it
#: is typed now.
OLD_CORE_TYPE = ("http://schemas.openxmlformats.org/officedocument/2006/relationships/"
                 "metadata/core-properties")
CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def with_old_core_type(data: bytes) -> bytes:
    """The package with its core properties reached by the first edition's type."""
    members = _members(data)
    rels = members["_rels/.rels"].replace(CORE_TYPE.encode(), OLD_CORE_TYPE.encode())
    assert rels != members["_rels/.rels"]
    return _zipped({**members, "_rels/.rels": rels})


def test_core_properties_of_the_first_editions_type_are_the_briefings_own(
        caplog: pytest.LogCaptureFixture) -> None:
    """A template whose core properties are reached by the old relationship type: the
    briefing has one core-properties part, with its own title (not a second part under
    the same name, which Word reports as damage)."""
    document = rich_document()
    with caplog.at_level(logging.WARNING, logger="exporter"):
        data = render_briefing(job_for(with_old_core_type(_saved(docx.Document())), document))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names.count("docProps/core.xml") == 1
    assert docx.Document(io.BytesIO(data)).core_properties.title == document.meta.title
    assert any("docProps/core.xml" in r.getMessage() for r in caplog.records)


def test_a_briefing_says_its_own_category_and_comments_not_the_templates() -> None:
    """File > Properties of a briefing made on a company template shows the briefing's
    classification and summary, as a deck's does, not the template's own description."""
    template = docx.Document()
    template.core_properties.comments = "Use this template for quarterly reports"
    template.core_properties.category = "Templates"
    document = rich_document()
    job = job_for(_saved(template), document)
    props = docx.Document(io.BytesIO(render_briefing(job))).core_properties
    assert props.comments == " ".join(document.meta.summary.split())
    assert props.category == job.context["classification"]
