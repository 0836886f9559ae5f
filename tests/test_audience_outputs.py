"""One build, four audiences: each output holds its audience's sections, banner and look."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import ARTICLE, ROOT, body_lines
from docx import Document as open_docx
from pptx import Presentation

from exporter.audience import load_profiles, select
from exporter.pipeline import BuildRequest, build
from exporter.reader import read_document
from exporter.resources import default_audiences_file

PROFILES = load_profiles(default_audiences_file())
DOCUMENT = read_document(ARTICLE)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    written = build(BuildRequest(contents=(ARTICLE,), outdir=tmp_path_factory.mktemp("out")))
    return {(path.stem.rsplit("--", 1)[1], path.suffix[1:]): path for path in written}


def _selected_titles(name: str) -> list[str]:
    return [section.title for section in select(DOCUMENT, PROFILES[name]).walk()]


def _all_titles() -> set[str]:
    return {section.title for section in DOCUMENT.walk()}


def _docx_headings(path: Path) -> list[str]:
    return [p.text for p in open_docx(str(path)).paragraphs
            if p.style is not None and p.style.name.startswith("Heading")]


def _docx_texts(path: Path) -> str:
    document = open_docx(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


def _slide_texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_one_build_writes_eight_files(outputs) -> None:
    assert sorted(outputs) == sorted((name, fmt) for name in PROFILES for fmt in ("docx", "pptx"))


@pytest.mark.parametrize("name", ["analyst", "partner", "public"])
def test_full_depth_briefings_have_exactly_the_selected_sections(outputs, name) -> None:
    headings = [h for h in _docx_headings(outputs[name, "docx"]) if h in _all_titles()]
    assert headings == _selected_titles(name)


def test_executive_briefing_is_bottom_line_findings_and_options(outputs) -> None:
    text = _docx_texts(outputs["executive", "docx"])
    assert DOCUMENT.meta.summary.split(".")[0] in text
    top_level = [s.title for s in select(DOCUMENT, PROFILES["executive"]).sections]
    for title in top_level:
        assert title in text
    left_out = _all_titles() - set(_selected_titles("executive"))
    assert left_out and not [t for t in left_out if t in text]
    headings = _docx_headings(outputs["executive", "docx"])
    assert headings.index("Bottom line") < headings.index("Key findings") < \
        headings.index("Options and recommendations")
    prospects = next(s for s in DOCUMENT.walk() if s.id == "prospects")
    options = text.split("Options and recommendations", 1)[1]
    for point in prospects.keypoints:
        assert "".join(run.text for run in point) in options


def test_executive_deck_fits_its_budget(outputs) -> None:
    deck = Presentation(str(outputs["executive", "pptx"]))
    assert len(deck.slides) <= 10
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title]
    assert len(titles) == len(deck.slides)


def test_analyst_outputs_hold_every_paragraph(outputs) -> None:
    briefing = _docx_texts(outputs["analyst", "docx"])
    deck = Presentation(str(outputs["analyst", "pptx"]))
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                      if slide.has_notes_slide)
    for line in body_lines():
        assert line.replace("**", "") in briefing
        assert line in notes


@pytest.mark.parametrize("name", ["partner", "public"])
def test_internal_sections_are_left_out(outputs, name) -> None:
    internal = {s.title for s in DOCUMENT.walk() if "internal" in s.tags}
    briefing = _docx_texts(outputs[name, "docx"])
    deck = Presentation(str(outputs[name, "pptx"]))
    slides = "\n".join(_slide_texts(slide) for slide in deck.slides)
    for title in internal:
        assert title not in briefing and title not in slides


def test_public_deck_notes_carry_no_section_prose(outputs) -> None:
    deck = Presentation(str(outputs["public", "pptx"]))
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                      if slide.has_notes_slide)
    prose = [block.text for section in DOCUMENT.walk() for block in section.blocks
             if hasattr(block, "runs")]
    assert prose and not [line for line in prose if line in notes]


@pytest.mark.parametrize("name", list(PROFILES))
def test_banner_in_every_header_footer_and_slide(outputs, name) -> None:
    banner = PROFILES[name].classification
    briefing = open_docx(str(outputs[name, "docx"]))
    for section in briefing.sections:
        for part in (section.header, section.footer):
            assert banner in "\n".join(p.text for p in part.paragraphs) + "\n".join(
                c.text for t in part.tables for r in t.rows for c in r.cells)
    deck = Presentation(str(outputs[name, "pptx"]))
    for slide in deck.slides:
        assert banner in _slide_texts(slide)


def _theme(package: bytes, prefix: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        name = next(n for n in sorted(archive.namelist())
                    if n.startswith(prefix) and "theme" in n and n.endswith(".xml"))
        return archive.read(name)


@pytest.mark.parametrize("name", list(PROFILES))
def test_each_audience_gets_its_own_templates(outputs, name) -> None:
    folder = ROOT / "templates" / name
    for fmt, template, prefix in (("docx", "briefing.docx", "word/theme"),
                                  ("pptx", "deck.pptx", "ppt/theme")):
        produced = outputs[name, fmt].read_bytes()
        assert _theme(produced, prefix) == _theme((folder / template).read_bytes(), prefix)
    styles = open_docx(str(outputs[name, "docx"])).styles
    look_colour = styles["Heading 1"].font.color.rgb
    others = {open_docx(str(outputs[other, "docx"])).styles["Heading 1"].font.color.rgb
              for other in PROFILES if other != name}
    assert look_colour not in others
