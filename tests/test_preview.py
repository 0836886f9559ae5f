"""Preview: PDFs, PNG pages and contact sheets through LibreOffice and pdftoppm."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, needs_libreoffice, pdf_pages
from docx import Document as open_docx
from PIL import Image
from pptx import Presentation

from exporter.cli import main
from exporter.errors import PreviewError
from exporter.preview import contact_sheet, find_tool


@pytest.mark.libreoffice
@needs_libreoffice()
def test_preview_of_the_shipped_article(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(ARTICLE), "-a", "executive", "-o",
                                       str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    lines = [Path(line) for line in result.stdout.splitlines()]
    pdfs = [p for p in lines if p.suffix == ".pdf"]
    sheets = [p for p in lines if p.name.endswith("-contact.png")]
    assert len(pdfs) == 2 and len(sheets) == 2
    assert {p.stem for p in pdfs} == {"peru-military-drug-trafficking--executive-docx",
                                      "peru-military-drug-trafficking--executive-pptx"}
    deck_pdf = next(p for p in pdfs if p.stem.endswith("-pptx"))
    deck = next(tmp_path.rglob("*--executive.pptx"))
    assert pdf_pages(deck_pdf) == len(Presentation(str(deck)).slides)
    briefing_pdf = next(p for p in pdfs if p.stem.endswith("-docx"))
    assert pdf_pages(briefing_pdf) <= 2
    assert open_docx(str(next(tmp_path.rglob("*--executive.docx")))).paragraphs
    for pdf, sheet in zip(sorted(pdfs), sorted(sheets), strict=True):
        pages = sorted((pdf.parent / f"{pdf.stem}-pages").glob("*.png"))
        assert len(pages) == pdf_pages(pdf)
        rows = math.ceil(len(pages) / min(4, len(pages)))
        with Image.open(sheet) as picture, Image.open(pages[0]) as page:
            thumb_height = round(page.height * 320 / page.width)
            assert picture.width == 12 + min(4, len(pages)) * (320 + 12)
            assert abs(picture.height - (12 + rows * (thumb_height + 12))) <= rows


def test_contact_sheet_lays_out_pages_in_rows(tmp_path: Path) -> None:
    pages = []
    for index in range(6):
        path = tmp_path / f"p-{index + 1}.png"
        Image.new("RGB", (200, 100), (index * 40, 0, 0)).save(path)
        pages.append(path)
    sheet = contact_sheet(pages, tmp_path / "sheet.png", columns=4, thumb_width=100, gap=10)
    with Image.open(sheet) as picture:
        assert picture.size == (10 + 4 * 110, 10 + 2 * 60)
        assert picture.getpixel((10 + 110 + 5, 10 + 5))[0] == 40  # second page, first row


def test_missing_tool_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(PreviewError, match="apt-get install"):
        find_tool("soffice")
    result = CliRunner().invoke(main, ["preview"])
    assert result.exit_code == 1 and "`soffice` is not installed" in result.stderr


@pytest.mark.libreoffice
@needs_libreoffice()
def test_a_conversion_fetches_nothing_a_document_links_to(tmp_path: Path) -> None:
    """A picture linked (not embedded) to a local file stays out of the PDF."""
    import re
    import zipfile

    from docx import Document
    from docx.shared import Inches
    from PIL import Image as PILImage

    from exporter.preview import to_pdf

    secret = tmp_path / "secret.png"
    PILImage.new("RGB", (200, 100), "red").save(secret)
    document = Document()
    document.add_paragraph("A linked picture:")
    document.add_picture(str(secret), width=Inches(2))
    embedded = tmp_path / "embedded.docx"
    document.save(str(embedded))
    with zipfile.ZipFile(embedded) as package:
        members = {name: package.read(name) for name in package.namelist()}
    body = members["word/document.xml"].decode()
    rid = re.search(r'r:embed="(rId\d+)"', body).group(1)
    members["word/document.xml"] = body.replace(f'r:embed="{rid}"', 'r:link="rIdLink"').encode()
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdLink" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/image" Target="' + secret.as_uri().encode()
        + b'" TargetMode="External"/></Relationships>')
    linked = tmp_path / "linked.docx"
    with zipfile.ZipFile(linked, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    pdf = to_pdf(linked, tmp_path / "out")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert len(listing) == 2  # the header lines only: no picture
    assert "A linked picture" in subprocess.run(["pdftotext", str(pdf), "-"],
                                                capture_output=True, text=True).stdout
