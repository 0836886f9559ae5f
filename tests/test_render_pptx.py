"""The PowerPoint renderer: decks opened as a reader sees them, in every kind of template."""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTICLE, HEADINGS, ROOT, THIRD_PARTY, macro_enabled, needs_libreoffice
from lxml import etree
from PIL import Image as PILImage
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from exporter.audience import FULL_AUDIENCE, Audience, select
from exporter.deck import Frame, Para, Rect, TextStyle, text_height
from exporter.errors import TemplateError, TemplateSyntaxError
from exporter.metrics import FontMeasurer
from exporter.model import (
    Document,
    Image,
    Metadata,
    Paragraph,
    Run,
    Section,
    Table,
    Timeline,
    TimelineEntry,
)
from exporter.ooxml.colour import contrast_ratio, rgb_of
from exporter.pipeline import checked_template, read_images
from exporter.reader import read_document
from exporter.render import RenderJob, TemplateFile
from exporter.render.pptx import check_template, render_deck
from exporter.render.pptx_layouts import analyse
from exporter.templating import document_context

MEASURER = FontMeasurer()
PANDOC = THIRD_PARTY / "pandoc-reference.pptx"
LOOKS = ("default", "executive", "analyst", "partner", "public")
PANDOC_SAMPLES = ("Presentation Title", "Presentation Subtitle", "Slide Title", "Hello",
                  "Section header", "Some content on")
LIBREOFFICE_SAMPLE = "SAMPLE SLIDE TITLE"
LONG = ("the military must adapt its operational tactics, with enhanced surveillance methods "
        "and increased collaboration with other governmental agencies")


# ---------------------------------------------------------------------------------------
# Templates and documents
# ---------------------------------------------------------------------------------------


def _python_pptx_default() -> bytes:
    out = io.BytesIO()
    Presentation().save(out)
    return out.getvalue()


def _with_sample_slide(data: bytes, title: str) -> bytes:
    prs = Presentation(io.BytesIO(data))
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text = "sample body text"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def libreoffice_template(tmp_path_factory) -> Path:
    """A template exported by LibreOffice Impress (its layout names, idx 0 everywhere)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo-template")
    source = folder / "source.pptx"
    source.write_bytes(_with_sample_slide(_python_pptx_default(), LIBREOFFICE_SAMPLE))
    _soffice(folder / "profile", "odp", folder, source)
    _soffice(folder / "profile", "pptx", folder / "out", folder / "source.odp")
    return folder / "out" / "source.pptx"


def _soffice(profile: Path, target: str, outdir: Path, *files: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=300)


def _template(kind: str, request) -> TemplateFile:
    if kind == "python-pptx":
        return TemplateFile(Path("default.pptx"), _python_pptx_default())
    if kind == "pandoc":
        if not PANDOC.is_file():
            pytest.skip("pandoc's reference.pptx is not available")
        return TemplateFile(PANDOC, PANDOC.read_bytes())
    if kind == "libreoffice":
        path = request.getfixturevalue("libreoffice_template")
        return TemplateFile(path, path.read_bytes())
    path = ROOT / "templates" / kind / "deck.pptx"
    return TemplateFile(path, path.read_bytes())


TEMPLATES = ["python-pptx", "pandoc", "libreoffice", *LOOKS]


@pytest.fixture(scope="module")
def article() -> Document:
    return read_document(ARTICLE)


@pytest.fixture(scope="module")
def picture(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pictures")
    PILImage.new("RGB", (1200, 800), "#336699").save(folder / "map.png")
    return folder


def _rich_document() -> Document:
    """Built from the model: a table, a picture, a timeline and twenty long points."""
    table = Table(((Run("Operation"),), (Run("Year"),), (Run("Result"),)),
                  tuple(((Run(f"Op {i}"),), (Run(str(1990 + i)),), (Run(LONG),))
                        for i in range(18)), caption="Operations by year")
    timeline = Timeline((TimelineEntry("Mid-1990s", (Run("Operativo Chavín de Huántar"),)),
                         TimelineEntry("2018", (Run("Operativo Fortaleza"),)),
                         TimelineEntry("Undated", (Run("Operación El Niño in the VRAEM"),))))
    image = Image("map.png", "Map of coca-growing regions in Peru", "Coca-growing regions")
    sections = (
        Section("ops", "Operations", 1, keypoints=((Run("Joint operations work"),),),
                blocks=(Paragraph((Run("Operations prose."),)), table, image, timeline),
                subsections=(Section("sub", "Lessons Learned", 2,
                                     keypoints=((Run("Intelligence sharing"),),),
                                     blocks=(Paragraph((Run("Lessons prose."),)),)),)),
        Section("long", "Concluding Thoughts", 1,
                keypoints=tuple((Run(f"Point {i}: {LONG}"),) for i in range(20)),
                blocks=(Paragraph((Run("Concluding prose."),)),)),
    )
    meta = Metadata(title="The Peruvian Military and Drug Trafficking", subtitle="Outlook",
                    date="2026-11-26", classification="UNCLASSIFIED",
                    summary="Peru produces coca. Joint operations work.")
    return Document(meta, (Paragraph((Run("Introduction."),)),), sections)


def _render(document: Document, template: TemplateFile, audience: Audience = FULL_AUDIENCE,
            base_dir: Path = Path(".")) -> bytes:
    selected = select(document, audience)
    return render_deck(RenderJob(selected, audience, template,
                                 document_context(selected, audience),
                                 read_images(selected, base_dir.resolve(), allow_outside=True)))


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


# ---------------------------------------------------------------------------------------
# What a reader sees
# ---------------------------------------------------------------------------------------


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("a:t")))


def _title(slide) -> str:
    first = slide.shapes._spTree.xpath("./p:sp")[0]
    ph = first.find(f".//{qn('p:ph')}")
    assert ph is not None and ph.get("type") in ("title", "ctrTitle"), "title is not first"
    return _text_of(first)


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def _rect(sp) -> tuple[int, int, int, int] | None:
    xfrm = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def _paras(sp) -> list[Para]:
    paras = []
    for p in sp.iter(qn("a:p")):
        runs = tuple(Run(r.findtext(qn("a:t")) or "", bold=r.find(qn("a:rPr")).get("b") == "1")
                     for r in p.findall(qn("a:r")))
        sizes = {int(r.find(qn("a:rPr")).get("sz")) / 100 for r in p.findall(qn("a:r"))}
        if runs:
            assert len(sizes) == 1
            p_pr = p.find(qn("a:pPr"))
            level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
            paras.append(Para(runs, level, sizes.pop()))
    return paras


def _frames(prs) -> Iterator[tuple[object, etree._Element, Frame]]:
    """Every text shape the deck wrote, with the frame it was measured against."""
    analysis = analyse(prs)
    infos = {id(info.layout.part): info for info in analysis.layouts}
    for slide in prs.slides:
        info = infos[id(slide.slide_layout.part)]
        slots = [*info.titles, *info.subtitles, *info.bodies]
        for sp in slide.shapes._spTree.xpath("./p:sp"):
            ph = sp.find(f".//{qn('p:ph')}")
            if ph is not None and ph.get("type") in ("ftr", "sldNum", "dt"):
                continue
            rect = _rect(sp)
            match = next((s for s in slots if s.rect == rect), None)
            if match is not None:
                frame = match.frame
                plain = all(p_pr.get("marL") == "0" for p_pr in sp.iter(qn("a:pPr")))
                if plain:
                    frame = dataclasses.replace(frame, levels=tuple(
                        dataclasses.replace(s, indent=0, first_indent=0) for s in frame.levels))
                yield slide, sp, frame
            elif ph is None and sp.find(f".//{qn('a:latin')}") is not None:
                font = sp.find(f".//{qn('a:latin')}").get("typeface")
                box = Rect(*(v / 12700 for v in rect))
                yield slide, sp, Frame(box, levels=(TextStyle(font, 18),))


def _assert_deck_reads_well(data: bytes, samples: tuple[str, ...] = ()) -> list[str]:
    """Titles first, filled and unique; text inside its box by the same metrics; no text
    under 12 pt; the banner and slide number on the slides; no sample slide left."""
    prs = _open(data)
    titles = [_title(slide) for slide in prs.slides]
    assert all(titles) and len(set(titles)) == len(titles)
    measured = 0
    for slide, sp, frame in _frames(prs):
        paras = _paras(sp)
        if paras:
            assert text_height(paras, frame, MEASURER) <= frame.inner_height, \
                (slide.slide_id, [p.text for p in paras])
            measured += 1
    assert measured >= len(titles)
    for slide in prs.slides:
        sizes = [int(v) for v in slide.shapes._spTree.xpath(".//a:rPr/@sz")]
        assert min(sizes) >= 1200
        assert not any(sample in text for sample in samples for text in _texts(slide))
    return titles


# ---------------------------------------------------------------------------------------
# Every template
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TEMPLATES)
def test_the_article_deck_reads_well_in_every_template(kind, request, article) -> None:
    template = _template(kind, request)
    data = _render(article, template)
    samples = PANDOC_SAMPLES if kind == "pandoc" else (LIBREOFFICE_SAMPLE,)
    titles = _assert_deck_reads_well(data, samples)
    for _, heading in HEADINGS:
        assert heading in titles
    prs = _open(data)
    slides = list(prs.slides)
    for section in article.walk():
        slide = slides[titles.index(section.title)]
        text = "\n".join(_texts(slide))
        for point in section.keypoints:
            assert "".join(r.text for r in point) in text
        prose = [b.text for b in section.blocks if isinstance(b, Paragraph)]
        assert prose and all(p in _notes(slide) for p in prose)
    for slide in slides:
        assert any(t == "UNCLASSIFIED" for t in _texts(slide)), _title(slide)
    for number, slide in enumerate(slides[1:], start=2):
        fields = slide.shapes._spTree.xpath(".//a:fld[@type='slidenum']/a:t/text()")
        assert fields == [str(number)]
    content = [s for s in slides if _title(s) in {title for _, title in HEADINGS}]
    assert len(content) == len(HEADINGS) and all(_notes(slide) for slide in content)


@pytest.mark.parametrize("kind", TEMPLATES)
def test_tables_pictures_timelines_and_continuations(kind, request, picture) -> None:
    data = _render(_rich_document(), _template(kind, request), base_dir=picture)
    titles = _assert_deck_reads_well(data)
    assert "Concluding Thoughts (cont.)" in titles and "Concluding Thoughts (cont. 2)" in titles
    assert "Operations by year" in titles and "Operations by year (cont.)" in titles
    prs = _open(data)
    rows = []
    for slide in prs.slides:
        for frame in slide.shapes._spTree.xpath(".//a:tbl"):
            assert frame.find(qn("a:tblPr")).get("firstRow") == "1"
            cells = [[_text_of(tc) for tc in tr.findall(qn("a:tc"))]
                     for tr in frame.findall(qn("a:tr"))]
            assert cells[0] == ["Operation", "Year", "Result"]
            rows.extend(row[0] for row in cells[1:])
    assert rows == [f"Op {i}" for i in range(18)]
    pictures = [pic for slide in prs.slides for pic in slide.shapes._spTree.xpath(".//p:pic")]
    assert len(pictures) == 1
    assert pictures[0].find(f".//{qn('p:cNvPr')}").get("descr") == \
        "Map of coca-growing regions in Peru"
    ext = pictures[0].find(f".//{qn('a:ext')}")
    assert int(ext.get("cx")) / int(ext.get("cy")) == pytest.approx(1.5, rel=1e-3)
    timeline = next(s for s in prs.slides if _title(s) == "Operations: timeline")
    kinds = [etree.QName(el).localname for el in timeline.shapes._spTree
             if etree.QName(el).localname in ("sp", "cxnSp", "pic")]
    assert "cxnSp" in kinds and "pic" not in kinds
    assert {"Mid-1990s", "2018", "Undated", "Operación El Niño in the VRAEM"} <= \
        set(_texts(timeline))


# ---------------------------------------------------------------------------------------
# Templates: sample slides, layouts by role, LibreOffice, overrides, Jinja
# ---------------------------------------------------------------------------------------


def test_sample_slides_of_the_template_are_removed(article) -> None:
    template = TemplateFile(Path("sample.pptx"),
                            _with_sample_slide(_python_pptx_default(), "Old sample"))
    prs = _open(_render(article, template))
    assert all("Old sample" not in text for s in prs.slides for text in _texts(s))
    assert len(prs.slide_masters[0].slide_layouts) == 11


def test_layouts_are_chosen_by_their_placeholders(request) -> None:
    analysis = analyse(Presentation(io.BytesIO(_template("pandoc", request).data)))
    chosen = {role: choice.info.name for role, choice in analysis.choices.items()}
    assert chosen == {"title": "Title Slide", "agenda": "Title and Content",
                      "section": "Section Header", "content": "Title and Content",
                      "two_column": "Two Content", "picture": "Picture with Caption",
                      "closing": "Title and Content", "title_only": "Title Only"}
    assert not analysis.warnings


def test_text_colour_is_judged_on_the_fill_the_layout_states() -> None:
    """The master's body placeholder is dark. A layout body that states no fill of its own
    (``noFill``) lies on the white slide, so the inherited black text is kept; a layout
    body that inherits the dark fill gets text that reads on it."""
    prs = Presentation()
    master_body = next(sp for sp in prs.slide_master.placeholders
                       if sp.placeholder_format.type == PP_PLACEHOLDER.BODY)
    master_body.fill.solid()
    master_body.fill.fore_color.rgb = RGBColor(0x20, 0x20, 0x20)
    content = next(layout for layout in prs.slide_layouts if layout.name == "Title and Content")
    for placeholder in content.placeholders:
        if placeholder.placeholder_format.idx == 1:
            placeholder.fill.background()
    analysis = analyse(prs)
    (clear,) = analysis.choices["content"].bodies
    assert analysis.choices["content"].info.name == "Title and Content"
    assert (clear.recolor, clear.ink) == (False, "000000")
    for filled in analysis.choices["two_column"].bodies:
        assert filled.recolor
        assert contrast_ratio(rgb_of(filled.ink), (0x20, 0x20, 0x20)) >= 3  # large text


@needs_libreoffice()
def test_libreoffice_templates_work_without_a_section_layout(libreoffice_template,
                                                             article, caplog) -> None:
    template = TemplateFile(libreoffice_template, libreoffice_template.read_bytes())
    prs = Presentation(io.BytesIO(template.data))
    ids = {ph.get("idx", "0") for layout in prs.slide_layouts
           for ph in layout._element.iter(qn("p:ph")) if ph.get("type") in (None, "title")}
    assert ids == {"0"}  # every title and body placeholder carries idx 0
    warnings = check_template(template)
    assert any("no layout for section slides" in w for w in warnings)
    with caplog.at_level(logging.WARNING, logger="exporter"):
        data = _render(article, template)
    assert any("section slides" in r.getMessage() for r in caplog.records)
    deck = _open(data)
    used = {slide.slide_layout.name for slide in deck.slides}
    assert {"Title Slide", "Title, Content"} <= used
    master_styles = deck.slide_masters[0]._element.find(qn("p:txStyles"))
    assert master_styles is not None  # rebuilt from the master's sample paragraphs


def test_layout_overrides_are_honoured_and_unknown_names_warned(article, caplog) -> None:
    template = TemplateFile(Path("default.pptx"), _python_pptx_default())
    audience = Audience(name="custom", layouts={"section": "Title Only",
                                                "closing": "No Such Layout"})
    with caplog.at_level(logging.WARNING, logger="exporter"):
        data = _render(article, template, audience)
    prs = _open(data)
    dividers = [s for s in prs.slides if _title(s).startswith("Part ")]
    assert dividers and {s.slide_layout.name for s in dividers} == {"Title Only"}
    message = next(r.getMessage() for r in caplog.records if "No Such Layout" in r.getMessage())
    assert "Title and Content" in message
    assert any("No Such Layout" in w for w in check_template(template, {"closing":
                                                                        "No Such Layout"}))


def _master_footer_template(*pieces: str) -> TemplateFile:
    """python-pptx's default template with the master footer text split into runs."""
    prs = Presentation()
    footer = next(sp for sp in prs.slide_master.placeholders
                  if sp.placeholder_format.type == PP_PLACEHOLDER.FOOTER)
    paragraph = footer.text_frame.paragraphs[0]
    for piece in pieces:
        paragraph.add_run().text = piece
    out = io.BytesIO()
    prs.save(out)
    return TemplateFile(Path("jinja.pptx"), out.getvalue())


def test_jinja_placeholders_in_the_master_are_rendered_across_runs(article) -> None:
    template = _master_footer_template("Prepared for {{ audience.", "label }}")
    audience = Audience(name="partner", label="Partner nations")
    deck = _open(_render(article, template, audience))
    texts = [t.text for t in deck.slide_masters[0]._element.iter(qn("a:t"))]
    assert "Prepared for Partner nations" in texts
    with pytest.raises(TemplateSyntaxError, match="slide master"):
        check_template(_master_footer_template("{{ audience.label "))


def test_potx_templates_are_accepted(article) -> None:
    data = _python_pptx_default()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "[Content_Types].xml":
                content = content.replace(b"presentationml.presentation.main+xml",
                                          b"presentationml.template.main+xml")
            target.writestr(name, content)
    template = TemplateFile(Path("theme.potx"), out.getvalue())
    assert check_template(template) == []
    assert _open(_render(article, template)).slides


def test_macro_enabled_templates_are_used_without_their_macros(article) -> None:
    template = TemplateFile(Path("theme.potm"), macro_enabled(_python_pptx_default(), "pptx"))
    assert check_template(template) == []
    data = _render(article, template)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [name for name in package.namelist() if "vbaProject" in name]
        assert b"macroEnabled" not in package.read("[Content_Types].xml")
    assert _open(data).slides


# ---------------------------------------------------------------------------------------
# Bad templates
# ---------------------------------------------------------------------------------------


def _docx_bytes() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _garbage_presentation() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_python_pptx_default()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<not xml" if name == "ppt/presentation.xml"
                            else source.read(name))
    return out.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    (b"just some text, not a presentation", "not a zip package"),
    (_python_pptx_default()[:3000], "not a zip package"),
    (_docx_bytes(), "Word document"),
    (_garbage_presentation(), "cannot be read as a PowerPoint file"),
])
def test_bad_templates_raise_one_line_errors_naming_the_file(data: bytes, message: str,
                                                             article) -> None:
    def template() -> TemplateFile:  # as the pipeline makes it: its package checked first
        return checked_template(Path("bad/theme.pptx"), data, "pptx")

    for attempt in (lambda: check_template(template()), lambda: _render(article, template())):
        with pytest.raises(TemplateError) as caught:
            attempt()
        text = str(caught.value)
        assert message in text and "bad/theme.pptx" in text and "\n" not in text
        assert caught.value.hint


# ---------------------------------------------------------------------------------------
# Audiences, banners, reproducibility, scale
# ---------------------------------------------------------------------------------------


def test_banner_colour_and_classification_on_every_slide(article) -> None:
    audience = Audience(name="partner", label="Partner nations",
                        classification="RELEASABLE TO PARTNERS", banner_color="0033A0")
    prs = _open(_render(article, _template("default", None), audience))
    for slide in prs.slides:
        banner = [sp for sp in slide.shapes._spTree.xpath("./p:sp")
                  if _text_of(sp) == "RELEASABLE TO PARTNERS"]
        assert len(banner) == 1
        fill = banner[0].find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
        assert fill.get("val") == "0033A0"
        assert banner[0].xpath(".//a:rPr/a:solidFill/a:srgbClr/@val") == ["FFFFFF"]


def test_executive_deck_stays_within_its_slide_budget(article) -> None:
    audience = Audience(name="executive", label="Executive", depth="summary", slide_budget=10,
                        include=("landscape", "impact", "policies", "case-studies", "future",
                                 "prospects"))
    prs = _open(_render(article, _template("executive", None), audience))
    assert len(prs.slides) <= 10
    assert _title(prs.slides[-1]) == "Key takeaways"


def test_rebuilds_are_byte_identical_and_dated_from_the_document(article) -> None:
    template = _template("analyst", None)
    first, second = _render(article, template), _render(article, template)
    assert first == second
    props = _open(first).core_properties
    assert props.created.date().isoformat() == "2026-11-26" == props.modified.date().isoformat()
    assert props.title == article.meta.title and len(props.comments) <= 255


def test_long_decks_get_unique_ids_names_and_titles(article) -> None:
    big = dataclasses.replace(article, sections=article.sections * 20)
    data = _render(big, _template("default", None))
    prs = _open(data)
    ids = [s.slide_id for s in prs.slides]
    assert len(ids) > 400 and len(set(ids)) == len(ids)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(names) == len(set(names))
    titles = [_title(s) for s in prs.slides]
    assert len(set(titles)) == len(titles)


# ---------------------------------------------------------------------------------------
# LibreOffice: every word inside the slide and inside a box
# ---------------------------------------------------------------------------------------

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def _boxes(slide) -> list[tuple[float, float, float, float]]:
    boxes = []
    for el in slide.shapes._spTree.iter(qn("a:xfrm")):
        off, ext = el.find(qn("a:off")), el.find(qn("a:ext"))
        if off is not None and ext is not None:
            x, y = int(off.get("x")) / 12700, int(off.get("y")) / 12700
            boxes.append((x, y, x + int(ext.get("cx")) / 12700, y + int(ext.get("cy")) / 12700))
    return boxes


@needs_libreoffice()
@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", ["python-pptx", "pandoc", "libreoffice", "default"])
def test_libreoffice_shows_every_word_inside_its_box(kind, request, article, tmp_path) -> None:
    if shutil.which("pdftotext") is None and not os.environ.get("CI"):
        pytest.skip("poppler (pdftotext) is not installed")
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(_render(article, _template(kind, request)))
    _soffice(tmp_path / "profile", "pdf", tmp_path, deck)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "deck.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = html.split("<page ")[1:]
    prs = _open(deck.read_bytes())
    assert len(pages) == len(prs.slides)
    width, height = prs.slide_width / 12700, prs.slide_height / 12700
    for number, (page, slide) in enumerate(zip(pages, prs.slides, strict=True), start=1):
        boxes = _boxes(slide)
        words = [tuple(map(float, m.groups())) for m in _WORD.finditer(page)]
        assert words, f"slide {number} shows no text"
        for x0, y0, x1, y1 in words:
            assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, (number, x0, y0)
            # pdftotext's word box spans the font's whole ascent and descent (1.3 times the
            # size, reaching ~0.15 of its height below the 1.2 line pitch text is laid on).
            rise = max(2.0, 0.15 * (y1 - y0))
            assert any(bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - rise <= y0 and
                       y1 <= by1 + rise for bx0, by0, bx1, by1 in boxes), \
                (kind, number, x0, y0, x1, y1)


def _long_deck_document(folder: Path) -> Document:
    """Many sections with pictures (one first used early, one late), links, notes and a
    timeline."""
    PILImage.new("RGB", (800, 600), "#993366").save(folder / "early.png")
    PILImage.new("RGB", (600, 800), "#669933").save(folder / "late.png")
    link = Run("the report", link="https://example.org/report?a=1&b=2")
    sections = []
    for n in range(24):
        picture = Image("early.png" if n % 3 == 0 or n < 6 else "late.png" if n > 12 else "",
                        f"Picture {n}")
        blocks: list = [Paragraph((Run(f"Section {n} prose, see "), link, Run(".")))]
        if picture.src:
            blocks.append(picture)
        if n == 20:
            blocks.append(Timeline((TimelineEntry("1990", (Run("Start"),)),
                                    TimelineEntry("2000", (Run("End"),)))))
        sections.append(Section(f"s{n}", f"Section {n}", 1, blocks=tuple(blocks),
                                keypoints=((Run(f"Point {n}: "), link),),
                                notes=(Paragraph((Run(f"Say {n}"),)),) if n % 2 else None))
    meta = Metadata(title="A long deck", date="2026-11-26", classification="PUBLIC")
    return Document(meta, (Paragraph((Run("Introduction."),)),), tuple(sections))


@pytest.mark.parametrize("kind", ["default", "pandoc"])
def test_a_long_deck_shares_its_pictures_keeps_links_and_notes_and_rebuilds_the_same(
        kind: str, request, tmp_path: Path) -> None:
    document = _long_deck_document(tmp_path)
    template = _template(kind, request)
    data = _render(document, template, base_dir=tmp_path)
    assert _render(document, template, base_dir=tmp_path) == data
    deck = _open(data)
    assert len({part.partname for part in deck.part.package.iter_parts()
                if "/media/" in str(part.partname)}) == 2
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides
              if slide.shapes.title is not None]
    for n in range(24):
        assert f"Section {n}" in titles
    pictures = [shape for slide in deck.slides for shape in slide.shapes
                if shape.element.tag.endswith("}pic")]
    assert len(pictures) == sum(1 for n in range(24) if n % 3 == 0 or n < 6 or n > 12)
    links = {run.hyperlink.address for slide in deck.slides for shape in slide.shapes
             if shape.has_text_frame for paragraph in shape.text_frame.paragraphs
             for run in paragraph.runs if run.hyperlink.address}
    assert links == {"https://example.org/report?a=1&b=2"}
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides
             if slide.has_notes_slide]
    for n in range(1, 24, 2):
        assert any(f"Say {n}" == text.strip() or f"Say {n}\n" in text for text in notes)
