"""The shipped Word templates: generated from tools/looks.py, complete, readable, in use."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from exporter.audience import Audience, load_profiles, select
from exporter.ooxml.colour import WHITE, contrast_ratio, rgb_of
from exporter.render import RenderJob, TemplateFile
from exporter.render.docx import check_template, render_briefing
from exporter.templating import document_context
from tools.looks import LOOKS
from tools.make_docx_templates import make

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
ARTICLE = ROOT / "content" / "peru-military-drug-trafficking.md"
REQUIRED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                   "List Bullet", "List Number", "Caption", "Quote", "Table Grid",
                   "TOC Heading", "TOC 1", "TOC 2", "TOC 3", "Hyperlink", "Source Code",
                   "Verbatim Char", "Header", "Footer")


def _path(look: str) -> Path:
    return TEMPLATES / look / "briefing.docx"


def _colour(style, default: str = "000000") -> str:
    rpr = style.element.find(qn("w:rPr"))
    node = rpr.find(qn("w:color")) if rpr is not None else None
    return node.get(qn("w:val")) if node is not None else default


@pytest.mark.parametrize("look", sorted(LOOKS))
def test_template_is_generated_from_its_look(look: str) -> None:
    assert _path(look).read_bytes() == make(LOOKS[look]), \
        "run python tools/make_docx_templates.py"


@pytest.mark.parametrize("look", sorted(LOOKS))
def test_template_styles_and_fonts(look: str) -> None:
    document = docx.Document(str(_path(look)))
    names = {style.name for style in document.styles}
    assert set(REQUIRED_STYLES) <= names
    styles = document.styles
    assert styles["Normal"].font.name == "Calibri"
    assert styles["Heading 1"].font.name == LOOKS[look].heading_font
    assert styles["Heading 1"].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None
    assert check_template(TemplateFile(_path(look), _path(look).read_bytes())) == []


@pytest.mark.parametrize("look", sorted(LOOKS))
def test_template_colours_are_readable(look: str) -> None:
    document = docx.Document(str(_path(look)))
    styles = document.styles
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                 "Caption", "Quote", "Hyperlink", "Header", "Footer", "Cover Label"):
        assert contrast_ratio(rgb_of(_colour(styles[name])), WHITE) >= 4.5, name
    banner = styles["Classification Banner"]
    fill = banner.element.find(f"{qn('w:pPr')}/{qn('w:shd')}").get(qn("w:fill"))
    assert contrast_ratio(rgb_of(_colour(banner)), rgb_of(fill)) >= 4.5


@pytest.mark.parametrize("look", sorted(LOOKS))
def test_header_footer_banner_and_page_numbers(look: str) -> None:
    document = docx.Document(str(_path(look)))
    section = document.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer = "\n".join(p.text for p in section.footer.paragraphs)
    assert "{{ classification }}" in header and "{{ classification }}" in footer
    instructions = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    # The words around the numbers are the reader's language's (exporter.labels).
    assert footer.index("{{ page_numbering.before }}") < footer.index(
        "{{ page_numbering.between }}") < footer.index("{{ page_numbering.after }}")


@pytest.mark.parametrize("look", sorted(LOOKS))
def test_cover_or_title_block_then_body_anchor(look: str) -> None:
    document = docx.Document(str(_path(look)))
    texts = [p.text for p in document.paragraphs]
    assert "{{ title }}" in texts and "{{ body }}" in texts
    assert texts.index("{{ title }}") < texts.index("{{ body }}")
    if look == "executive":
        assert len(document.sections) == 1  # compact: no cover page
    else:
        assert len(document.sections) == 2  # cover page, then the body on a new page
        assert "{{ display_date }}" in texts and "{{ labels.prepared_for }}" in texts


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Audience]:
    """The shipped profiles, Word side only (deck templates are not this module's concern)."""
    folder = tmp_path_factory.mktemp("profiles")
    for look in TEMPLATES.iterdir():
        if look.is_dir():
            (folder / look.name).symlink_to(look)
    text = (TEMPLATES / "audiences.yaml").read_text(encoding="utf-8")
    (folder / "audiences.yaml").write_text(
        "".join(line for line in text.splitlines(keepends=True)
                if not line.strip().startswith("pptx_template:")), encoding="utf-8")
    return load_profiles(folder / "audiences.yaml")


def _render_article(audience: Audience) -> bytes:
    from exporter.reader import read_document

    template = audience.docx_template or _path("default")
    document = select(read_document(ARTICLE), audience)
    job = RenderJob(document, audience, TemplateFile(template, template.read_bytes()),
                    document_context(document, audience), ARTICLE.parent)
    return render_briefing(job)


@pytest.mark.parametrize("name", ["executive", "analyst", "partner", "public"])
def test_article_renders_with_each_shipped_template_without_warnings(
        name: str, profiles: dict[str, Audience], caplog: pytest.LogCaptureFixture) -> None:
    audience = profiles[name]
    with caplog.at_level(logging.WARNING, logger="exporter"):
        data = _render_article(audience)
    assert not caplog.records
    document = docx.Document(io.BytesIO(data))
    banner = audience.classification
    section = document.sections[0]
    assert banner in [p.text for p in section.header.paragraphs]
    assert banner in [p.text for p in section.footer.paragraphs]
    assert document.paragraphs[0].text or document.paragraphs[1].text


def test_executive_briefing_is_a_summary(profiles: dict[str, Audience]) -> None:
    document = docx.Document(io.BytesIO(_render_article(profiles["executive"])))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Bottom line", "Key findings", "Options and recommendations"]
    assert not [p for p in document.paragraphs if p.style.name.lower().startswith("toc")]
    box = document.tables[0]
    assert box.cell(0, 0).text.startswith("Peru")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                    reason="LibreOffice (soffice) is not installed")
def test_executive_briefing_fits_two_pages(tmp_path: Path,
                                           profiles: dict[str, Audience]) -> None:
    source = tmp_path / "executive.docx"
    source.write_bytes(_render_article(profiles["executive"]))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=240)
    info = subprocess.run(["pdfinfo", str(tmp_path / "executive.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
