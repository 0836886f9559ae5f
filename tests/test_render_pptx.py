"""The PowerPoint renderer: decks opened as a reader sees them, in every kind of template."""

from __future__ import annotations

import copy
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
from conftest import (
    ARTICLE,
    HEADINGS,
    ROOT,
    THIRD_PARTY,
    macro_enabled,
    needs_libreoffice,
    with_part_replaced,
)
from lxml import etree
from PIL import Image as PILImage
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.oxml.shapes.picture import CT_Picture

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
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
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
            before = p.find(f"{qn('a:pPr')}/{qn('a:spcBef')}/{qn('a:spcPts')}")
            paras.append(Para(runs, level, sizes.pop(),
                              None if before is None else int(before.get("val")) / 100))
    return paras


def _slots(analysis) -> dict[int, dict[str, list]]:
    """The title, body and text-box slots of every chosen layout, by its part."""
    found: dict[int, dict[str, list]] = {}
    for choice in analysis.choices.values():
        slots = found.setdefault(id(choice.info.layout.part),
                                 {"Title": [], "Content": [], "Text": []})
        slots["Title"].append(choice.title)
        slots["Content"].extend(choice.bodies)
        slots["Text"].append(choice.text)
    return found


def _frames(prs) -> Iterator[tuple[object, etree._Element, Frame]]:
    """Every text shape the deck wrote, with the frame it was measured against: its slot
    on the chosen layout (the one of its box, else one of its column: the plan moves and
    grows boxes), at the shape's box."""
    slots = _slots(analyse(prs))
    for slide in prs.slides:
        on_layout = slots[id(slide.slide_layout.part)]
        for sp in slide.shapes._spTree.xpath("./p:sp"):
            name = sp.find(f".//{qn('p:cNvPr')}").get("name")
            box = Rect(*(v / 12700 for v in _rect(sp)))
            if name in on_layout:
                candidates = on_layout[name]
                slot = next((c for c in candidates if c.frame.rect == box), None) or \
                    next(c for c in candidates if abs(c.frame.rect.x - box.x) < 1 or
                         name != "Content")
                frame = dataclasses.replace(slot.frame, rect=box)
                if all(p_pr.get("marL") == "0" for p_pr in sp.iter(qn("a:pPr"))):
                    frame = dataclasses.replace(frame, levels=tuple(
                        dataclasses.replace(s, indent=0, first_indent=0) for s in frame.levels))
                yield slide, sp, frame
            elif sp.find(f".//{qn('p:ph')}") is None and sp.find(f".//{qn('a:latin')}") \
                    is not None:
                font = sp.find(f".//{qn('a:latin')}").get("typeface")
                yield slide, sp, Frame(box, levels=(TextStyle(font, 18),))


def _assert_deck_reads_well(data: bytes, samples: tuple[str, ...] = ()) -> list[str]:
    """Titles first, filled and unique; text inside its box by the same metrics; no text
    under 12 pt nor cut with "…"; the banner and slide number on the slides; no sample
    slide left."""
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
        assert not any("…" in text for text in _texts(slide))  # never cut
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


# ---------------------------------------------------------------------------------------
# Templates nobody tuned: where text goes, designed layouts, artwork, pictures behind text
# ---------------------------------------------------------------------------------------


def _edited(edit) -> TemplateFile:
    """python-pptx's default template changed by ``edit(prs)``."""
    prs = Presentation()
    edit(prs)
    out = io.BytesIO()
    prs.save(out)
    return TemplateFile(Path("edited.pptx"), out.getvalue())


def _layout(prs, name: str):
    return next(layout for layout in prs.slide_layouts if layout.name == name)


def _keep_only(prs, *names: str) -> None:
    for layout in list(prs.slide_layouts):
        if layout.name not in names:
            prs.slide_layouts.remove(layout)


def _shape_rect(sp) -> Rect:
    return Rect(*(v / 12700 for v in _rect(sp)))


def _named(slide, name: str):
    return [sp for sp in slide.shapes._spTree.xpath("./p:sp")
            if sp.find(f".//{qn('p:cNvPr')}").get("name") == name]


def _master_rect(prs, kind: PP_PLACEHOLDER) -> Rect:
    shape = next(sp for sp in prs.slide_master.placeholders
                 if sp.placeholder_format.type == kind)
    return Rect(shape.left / 12700, shape.top / 12700, shape.width / 12700,
                shape.height / 12700)


def _content_slides(prs):
    headings = {title for _, title in HEADINGS}
    return [slide for slide in prs.slides if _title(slide) in headings]


def _slide_count(template: TemplateFile, article: Document) -> int:
    return len(_open(_render(article, template)).slides)


def _content_in_the_masters_boxes(data: bytes):
    """The deck (which reads well), its content slides' titles and bodies where the
    master has its title and body."""
    _assert_deck_reads_well(data)
    prs = _open(data)
    title, body = _master_rect(prs, PP_PLACEHOLDER.TITLE), _master_rect(prs, PP_PLACEHOLDER.BODY)
    for slide in _content_slides(prs):
        assert _shape_rect(_named(slide, "Title")[0]) == title
        assert _shape_rect(_named(slide, "Content")[0]) == body
    return prs


def test_a_one_layout_template_puts_content_where_its_master_has_title_and_body(
        article) -> None:
    """The only layout is a title slide (title low, subtitle above it): content slides
    take the master's title and body boxes, and the deck is no longer than on a full
    template."""
    template = _edited(lambda prs: _keep_only(prs, "Title Slide"))
    prs = _content_in_the_masters_boxes(_render(article, template))
    full = _slide_count(_template("python-pptx", None), article)
    assert len(prs.slides) <= 1.3 * full


def test_a_body_box_far_smaller_than_the_room_under_the_title_is_not_trusted(article) -> None:
    """A content layout whose body is a 0.5 in icon: the text goes in the master's body."""
    def icon(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content")
        body = _layout(prs, "Title and Content").placeholders[1]
        body.left, body.top, body.width, body.height = 7772400, 5486400, 457200, 457200

    prs = _content_in_the_masters_boxes(_render(article, _edited(icon)))
    assert {slide.slide_layout.name for slide in _content_slides(prs)} == {"Title and Content"}
    assert len(prs.slides) <= 1.3 * _slide_count(_template("python-pptx", None), article)


def _title_deleted(prs) -> None:
    """The content layout's title deleted and its body grown up to the top of the slide
    (the title is then the master's, under the body): what users do to a layout they use
    for slides without titles."""
    layout = _layout(prs, "Title and Content")
    title, body = _placeholder(layout, 0), _placeholder(layout, 1)
    title.element.getparent().remove(title.element)
    body.left, body.top, body.width, body.height = 457200, 457200, 8229600, 5486400


def _placeholder(layout, idx: int):
    return next(ph for ph in layout.placeholders if ph.placeholder_format.idx == idx)


def _content_titles_clear_of_bodies(prs) -> None:
    for slide in _content_slides(prs):
        title = _shape_rect(_named(slide, "Title")[0])
        body = _shape_rect(_named(slide, "Content")[0])
        assert title.bottom <= body.y, (_title(slide), title, body)


def test_a_content_layout_without_its_title_puts_its_body_under_the_title(article) -> None:
    """The only content layout lost its title: content slides take the master's title, and
    the body only the room under it, never text over text."""
    def deleted(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content")
        _title_deleted(prs)

    data = _render(article, _edited(deleted))
    _assert_deck_reads_well(data)
    _content_titles_clear_of_bodies(_open(data))


def test_a_copy_powerpoint_named_with_a_number_is_chosen_by_its_name(article) -> None:
    """PowerPoint names a copy of a layout "1_Title and Content"; when the original lost its
    title, the copy (a title and a body) is the content layout."""
    def copied(prs) -> None:
        _title_deleted(prs)
        body = _placeholder(_layout(prs, "Title and Content"), 1).element
        copy_of = _layout(prs, "Title Only")
        copy_of.name = "1_Title and Content"
        _placeholder(copy_of, 0).element.addnext(copy.deepcopy(body))
        added = _placeholder(copy_of, 1)
        added.left, added.top, added.width, added.height = 457200, 1600200, 8229600, 4525963

    data = _render(article, _edited(copied))
    prs = _open(data)
    assert {slide.slide_layout.name for slide in _content_slides(prs)} == \
        {"1_Title and Content"}
    _content_titles_clear_of_bodies(prs)


def test_a_layout_whose_title_is_a_body_at_its_top_is_the_content_layout(article) -> None:
    """A layout without a title whose top body is a short box over a tall one (as layouts
    exported from Keynote may be), on a master whose title is low: content slides take it,
    their title a title placeholder (read first) in the top box, their text in the tall
    one."""
    def body_as_title(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content")
        master_title = prs.slide_master.placeholders[0]
        master_title.top = 5486400
        layout = _layout(prs, "Title and Content")
        title, body = _placeholder(layout, 0), _placeholder(layout, 1)
        heading = copy.deepcopy(body.element)
        heading.find(f".//{qn('p:ph')}").set("idx", "13")
        title.element.addnext(heading)
        title.element.getparent().remove(title.element)
        top = _placeholder(layout, 13)
        top.left, top.top, top.width, top.height = 457200, 228600, 8229600, 914400
        body.left, body.top, body.width, body.height = 457200, 1371600, 8229600, 4754563

    data = _render(article, _edited(body_as_title))
    for slide in _read_content_slides(data, "Title and Content"):
        title = slide.shapes.title
        assert title is not None and _shape_rect(title.element) == Rect(36, 18, 648, 72)
        assert _shape_rect(_named(slide, "Content")[0]).y >= 108
    _content_titles_clear_of_bodies(_open(data))


def _read_content_slides(data: bytes, layout: str) -> list:
    """The content slides of a deck that reads well (:func:`_assert_deck_reads_well`),
    each of them on ``layout``."""
    _assert_deck_reads_well(data)
    slides = _content_slides(_open(data))
    assert slides and {slide.slide_layout.name for slide in slides} == {layout}
    return slides


def _titles_and_bodies_at(prs, title_box: tuple[int, ...], text_box: tuple[int, ...],
                          *layouts: str) -> None:
    """The master's and the named layouts' titles and first bodies moved to the boxes."""
    shapes = [prs.slide_master.placeholders[0], prs.slide_master.placeholders[1]]
    for name in layouts:
        shapes += [ph for ph in _layout(prs, name).placeholders
                   if ph.placeholder_format.idx in (0, 1)]
    for shape in shapes:
        box = title_box if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE else text_box
        shape.left, shape.top, shape.width, shape.height = box


@pytest.mark.parametrize(("title_box", "text_box", "apart"), [
    ((457200, 2057400, 2743200, 2286000), (3657600, 457200, 5029200, 5486400),
     lambda body, title: body.x >= title.right),
    ((457200, 5029200, 8229600, 1143000), (457200, 457200, 8229600, 4343400),
     lambda body, title: body.bottom <= title.y),
], ids=["titles-in-a-column-at-the-left", "titles-at-the-bottom"])
def test_a_theme_whose_titles_are_not_at_the_top(article, title_box, text_box,
                                                 apart) -> None:
    """A theme that sets its titles in a column at the left, the text beside them, or at
    the bottom, the text above them (master and layouts alike, no title at the top):
    content slides take "Title and Content" with their bullets clear of the title (the
    title read first), tables and timelines go clear of the title of "Title Only"."""
    def moved(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content", "Title Only", "Section Header")
        _titles_and_bodies_at(prs, title_box, text_box,
                              "Title and Content", "Title Only", "Section Header")

    data = _render(article, _edited(moved))
    for slide in _read_content_slides(data, "Title and Content"):
        title = slide.shapes.title.element
        body = _named(slide, "Content")
        assert body and apart(_shape_rect(body[0]), _shape_rect(title)), _title(slide)
        assert title.getparent().index(title) < body[0].getparent().index(body[0])
    timelines = [slide for slide in _open(data).slides if "timeline" in _title(slide).lower()]
    assert timelines and all(slide.slide_layout.name == "Title Only" for slide in timelines)


def test_content_slides_keep_their_bullets_when_no_layout_has_room_for_them(
        article) -> None:
    """A one-layout template whose title stands across the middle of the slide, on master
    and layout alike: content slides still show every bullet, in a text box clear of the
    title."""
    def middle_title(prs) -> None:
        _keep_only(prs, "Title Slide")
        _titles_and_bodies_at(prs, (457200, 2743200, 8229600, 1371600),
                              (457200, 2743200, 8229600, 1371600))

    data = _render(article, _edited(middle_title))
    prs = _open(data)
    slides = _content_slides(prs)
    assert slides and all(_named(slide, "Content") for slide in slides)
    for slide in slides:
        bullets = [t.text for t in _named(slide, "Content")[0].iter(qn("a:t"))]
        assert bullets and all(bullets), _title(slide)
        body = _shape_rect(_named(slide, "Content")[0])
        title = _shape_rect(slide.shapes.title.element)
        assert body.bottom <= title.y or body.y >= title.bottom, _title(slide)


def test_an_untrusted_body_takes_the_box_the_templates_own_slides_use(article) -> None:
    """A Keynote-like export: the layout's body is an icon, but its sample slide shows where
    the designer put the text (the left two thirds); the sample slide itself is removed."""
    sample = (457200, 1600200, 5486400, 4114800)

    def icon_with_sample(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content")
        layout = _layout(prs, "Title and Content")
        body = layout.placeholders[1]
        body.left, body.top, body.width, body.height = 7772400, 5486400, 457200, 457200
        slide = prs.slides.add_slide(layout)
        placed = slide.placeholders[1]
        placed.left, placed.top, placed.width, placed.height = sample
        placed.text = "Sample text"

    data = _render(article, _edited(icon_with_sample))
    _assert_deck_reads_well(data, ("Sample text",))
    for slide in _content_slides(_open(data)):
        assert _shape_rect(_named(slide, "Content")[0]) == Rect(*(v / 12700 for v in sample))


def test_a_content_layout_repeating_the_title_slides_boxes_is_not_trusted(article) -> None:
    """LibreOffice exports "Title, Content" with the title slide's boxes: a centred title
    and a small subtitle box. Content slides take the master's boxes instead."""
    def repeat(prs) -> None:
        source, target = _layout(prs, "Title Slide"), _layout(prs, "Title and Content")
        for idx in (0, 1):
            mine, theirs = target.placeholders[idx], source.placeholders[idx]
            mine.left, mine.top, mine.width, mine.height = (theirs.left, theirs.top,
                                                            theirs.width, theirs.height)

    prs = _content_in_the_masters_boxes(_render(article, _edited(repeat)))
    title = _master_rect(prs, PP_PLACEHOLDER.TITLE)
    first = _shape_rect(_named(prs.slides[0], "Title")[0])
    assert first.y > title.bottom  # the title slide keeps its own, centred title


PORTUGUESE = {"Title Slide": "Capa com foto", "Section Header": "Divisória de capítulo",
              "Title and Content": "Título e conteúdo", "Two Content": "Dois conteúdos",
              "Title Only": "Somente título", "Picture with Caption": "Imagem com legenda",
              "Blank": "Encerramento"}


def test_designed_title_divider_and_closing_layouts_are_used_whatever_their_names(
        article) -> None:
    """Branded layouts named in Portuguese, the title and divider ones with a picture
    placeholder for a photograph, a closing one with no placeholder of its own: the title
    slide, the dividers and the key takeaways use them."""
    def branded(prs) -> None:
        photo = next(sp for sp in _layout(prs, "Picture with Caption").placeholders
                     if sp.placeholder_format.type == PP_PLACEHOLDER.PICTURE)
        for name in ("Title Slide", "Section Header"):
            picture = copy.deepcopy(photo.element)
            picture.find(f".//{qn('p:ph')}").set("idx", "20")
            _layout(prs, name).element.cSld.spTree.append(picture)
        for layout in prs.slide_layouts:
            layout.name = PORTUGUESE.get(layout.name, layout.name)

    template = _edited(branded)
    assert check_template(template) == []
    prs = _open(_render(article, template))
    used = {_title(slide): slide.slide_layout.name for slide in prs.slides}
    assert used[article.meta.title] == "Capa com foto"
    assert {name for title, name in used.items() if title.startswith("Part ")} == \
        {"Divisória de capítulo"}
    assert {slide.slide_layout.name for slide in _content_slides(prs)} == {"Título e conteúdo"}
    assert used["Key takeaways"] == "Encerramento"


def _png(colour: str | tuple[str, str], size: tuple[int, int] = (400, 300)) -> bytes:
    """A picture of one colour, or of two halves side by side."""
    picture = PILImage.new("RGB", size, colour if isinstance(colour, str) else colour[0])
    if not isinstance(colour, str):
        picture.paste(PILImage.new("RGB", (size[0] // 2, size[1]), colour[1]),
                      (size[0] // 2, 0))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _master_picture(prs, data: bytes, rect: tuple[int, int, int, int]) -> None:
    _, rel_id = prs.slide_master.part.get_or_add_image_part(io.BytesIO(data))
    tree = prs.slide_master.element.cSld.spTree
    tree.append(CT_Picture.new_pic(90, "Logo", "", rel_id, *rect))


def test_text_keeps_clear_of_a_logo_the_master_draws(article) -> None:
    logo = (6858000, 5257800, 1600200, 685800)  # over the lower right of the body
    data = _render(article, _edited(lambda prs: _master_picture(prs, _png("#CC0000"), logo)))
    _assert_deck_reads_well(data)
    box = Rect(*(v / 12700 for v in logo))
    for slide in _open(data).slides:
        for sp in slide.shapes._spTree.xpath("./p:sp"):
            if _text_of(sp).strip():
                rect = _shape_rect(sp)
                assert not (rect.x < box.right - 2 and box.x < rect.right - 2 and
                            rect.y < box.bottom - 2 and box.y < rect.bottom - 2), \
                    (_title(slide), _text_of(sp)[:40])


def test_a_layout_that_hides_its_masters_shapes_keeps_its_boxes(article) -> None:
    logo = (6858000, 5257800, 1600200, 685800)

    def hidden(prs) -> None:
        _master_picture(prs, _png("#CC0000"), logo)
        _layout(prs, "Title and Content").element.set("showMasterSp", "0")

    prs = _open(_render(article, _edited(hidden)))
    body = _master_rect(prs, PP_PLACEHOLDER.BODY)
    for slide in _content_slides(prs):
        assert slide.slide_layout.name == "Title and Content"
        assert _shape_rect(_named(slide, "Content")[0]) == body


def _master_background(data: bytes, opacity: int | None = None):
    """A master whose background is the picture ``data``, drawn at ``opacity`` (in
    thousandths of a percent, ``a:alphaModFix``) when given."""
    fix = "" if opacity is None else f'<a:alphaModFix amt="{opacity}"/>'

    def edit(prs) -> None:
        _, rel_id = prs.slide_master.part.get_or_add_image_part(io.BytesIO(data))
        background = etree.fromstring(
            f'<p:bg xmlns:p="{NS_P}" xmlns:a="{NS_A}" xmlns:r="{NS_R}"><p:bgPr><a:blipFill>'
            f'<a:blip r:embed="{rel_id}">{fix}</a:blip><a:stretch><a:fillRect/></a:stretch>'
            '</a:blipFill><a:effectLst/></p:bgPr></p:bg>')
        prs.slide_master.element.cSld.insert(0, background)

    return edit


def _run_colours(sp) -> set[str]:
    return set(sp.xpath(".//a:r/a:rPr/a:solidFill/a:srgbClr/@val"))


def test_text_over_a_dark_background_picture_is_written_in_a_colour_that_reads(
        article) -> None:
    navy = (0x10, 0x1C, 0x40)
    data = _render(article, _edited(_master_background(_png("#101C40"))))
    for slide in _content_slides(_open(data)):
        for name in ("Title", "Content"):
            (sp,) = _named(slide, name)
            colours = _run_colours(sp)
            assert colours and all(contrast_ratio(rgb_of(c), navy) >= 4.5 for c in colours)


def test_a_see_through_background_picture_is_judged_as_drawn_over_white(article) -> None:
    """A black background picture at 45 % opacity shows mid grey (the canvas below is
    white): the template's black text does not read on it, white would not either; what
    is written reads on the grey actually shown."""
    grey = tuple(round(255 * 0.55) for _ in range(3))
    data = _render(article, _edited(_master_background(_png("#000000"), opacity=45000)))
    for slide in _content_slides(_open(data)):
        (sp,) = _named(slide, "Content")
        panel = sp.find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
        behind = rgb_of(panel.get("val")) if panel is not None else grey
        text = _run_colours(sp) or {"000000"}
        assert all(contrast_ratio(rgb_of(c), behind) >= 4.5 for c in text)


def test_the_banner_keeps_the_audiences_colour_over_a_backing_panel(article) -> None:
    audience = Audience(name="partner", classification="UNCLASSIFIED", banner_color="0033A0")
    data = _render(article, _edited(_master_background(_png(("#000000", "#FFFFFF")))),
                   audience)
    for slide in _open(data).slides:
        (banner,) = _named(slide, "Classification")
        fills = banner.findall(f"{qn('p:spPr')}/{qn('a:solidFill')}")
        assert [f.find(qn("a:srgbClr")).get("val") for f in fills] == ["0033A0"]


def test_text_over_a_busy_picture_gets_a_backing_panel(article) -> None:
    data = _render(article, _edited(_master_background(_png(("#000000", "#FFFFFF")))))
    for slide in _content_slides(_open(data)):
        (sp,) = _named(slide, "Content")
        panel = sp.find(f"{qn('p:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
        assert panel is not None
        text = _run_colours(sp) or {"000000"}  # the template's black, inherited
        assert all(contrast_ratio(rgb_of(c), rgb_of(panel.get("val"))) >= 4.5 for c in text)


def test_a_long_banner_widens_its_narrow_footer_to_stay_on_one_line(article) -> None:
    audience = Audience(name="partner", classification="UNCLASSIFIED // RELEASABLE TO "
                        "PARTNER NATIONS", banner_color="0033A0")
    prs = _open(_render(article, _template("python-pptx", None), audience))
    footer = 2895600 / 12700  # the template's footer placeholder is 3.2 in wide
    for slide in prs.slides:
        (banner,) = _named(slide, "Classification")
        rect = _shape_rect(banner)
        (size,) = {int(v) / 100 for v in banner.xpath(".//a:rPr/@sz")}
        frame = Frame(rect, levels=(TextStyle("Calibri", size, bold=True),))
        style = frame.levels[0]
        assert size >= 12 and rect.w > footer
        assert len(MEASURER.wrap((Run(audience.classification),), style,
                                 frame.text_width(style))) == 1
        assert rect.x >= 0 and rect.right <= prs.slide_width / 12700


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


def test_decks_drawn_after_another_in_one_process_are_as_if_drawn_alone(article) -> None:
    """A process keeps the analysis of a template for the next deck drawn into it: each
    deck still comes out byte for byte as drawn first in a fresh process, and Jinja in the
    masters (which differs by audience) is never taken from an earlier deck."""
    from exporter.render import pptx as renderer

    template = TemplateFile(Path("default.pptx"),
                            (ROOT / "templates" / "default" / "deck.pptx").read_bytes())
    audiences = [Audience(name=name, label=name.title(), depth=depth, banner_color=colour)
                 for name, depth, colour in (("one", "summary", ""), ("two", "full", "#C00000"),
                                             ("three", "full", ""))]
    alone = []
    for audience in audiences:
        renderer._ANALYSES.clear()
        alone.append(_render(article, template, audience))
    renderer._ANALYSES.clear()
    assert [_render(article, template, audience) for audience in audiences] == alone
    assert len(renderer._ANALYSES) == 1
    jinja = _master_footer_template("Prepared for {{ audience.", "label }}")
    for audience in audiences:
        texts = [t.text for t in _open(_render(article, jinja, audience))
                 .slide_masters[0]._element.iter(qn("a:t"))]
        assert f"Prepared for {audience.label}" in texts
    assert len(renderer._ANALYSES) == 1


def test_potx_templates_are_accepted(article) -> None:
    template = TemplateFile(Path("theme.potx"), with_part_replaced(
        _python_pptx_default(), "[Content_Types].xml", b"presentationml.presentation.main+xml",
        b"presentationml.template.main+xml"))
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


# ---------------------------------------------------------------------------------------
# The footer row: the banner and the slide number beside what the layout puts there
# ---------------------------------------------------------------------------------------


def _subtitle_in_the_footer_row(width_in: float):
    """The title slide's subtitle moved down into the footer row (where the banner goes),
    ``width_in`` inches wide from the left margin."""
    def edit(prs) -> None:
        subtitle = _placeholder(_layout(prs, "Title Slide"), 1)
        subtitle.left, subtitle.top = 431800, 6311900
        subtitle.width, subtitle.height = int(width_in * 914400), 381000
    return edit


def _title_slide_boxes(data: bytes) -> tuple[Rect, Rect, Rect]:
    slide = _open(data).slides[0]
    return tuple(_shape_rect(_named(slide, name)[0])
                 for name in ("Title", "Content", "Classification"))


def test_the_banner_moves_along_the_footer_row_clear_of_a_subtitle_set_there(article) -> None:
    data = _render(article, _edited(_subtitle_in_the_footer_row(3.5)))
    _assert_deck_reads_well(data)
    _, subtitle, banner = _title_slide_boxes(data)
    assert not subtitle.overlaps(banner) and banner.x > subtitle.right
    assert banner.y > 490  # still in the footer row


def test_a_subtitle_in_the_footer_row_moves_up_when_the_banner_cannot_move(article) -> None:
    data = _render(article, _edited(_subtitle_in_the_footer_row(5.5)))
    _assert_deck_reads_well(data)
    title, subtitle, banner = _title_slide_boxes(data)
    assert subtitle.bottom <= banner.y and subtitle.y >= title.bottom
    assert banner.y > 490


def test_a_slide_number_set_on_a_badge_keeps_its_box(article) -> None:
    """A master that draws a dot inside the slide number's box (a white number on a
    coloured badge): the number stays in its box, over the badge."""
    def badge(prs) -> None:
        number = next(sp for sp in prs.slide_master.placeholders
                      if sp.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)
        _master_picture(prs, _png("#CC0000", (40, 40)),
                        (number.left + number.width - 400000, number.top + 20000,
                         300000, 300000))

    data = _render(article, _edited(badge))
    _assert_deck_reads_well(data)
    master = _master_rect(_open(data), PP_PLACEHOLDER.SLIDE_NUMBER)
    for slide in _content_slides(_open(data)):
        box = _shape_rect(_named(slide, "Slide Number")[0])
        assert abs(box.x - master.x) < 1 and abs(box.w - master.w) < 1


_FINE_PRINT = (
    '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<p:nvSpPr><p:cNvPr id="90" name="Fine print"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
    '</p:nvSpPr><p:spPr><a:xfrm><a:off x="3810000" y="5943600"/><a:ext cx="4826000" '
    'cy="254000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
    '<p:txBody><a:bodyPr lIns="0" tIns="0" rIns="0" bIns="0"><a:spAutoFit/></a:bodyPr>'
    '<a:lstStyle/><a:p><a:pPr algn="ctr"><a:defRPr sz="700"/></a:pPr><a:r><a:rPr/>'
    '<a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>')


def test_fine_print_sized_by_its_paragraph_keeps_the_footer_row_free(article) -> None:
    """A layout's legal line: a text box that grows with its text, 7 pt set as the
    paragraph's default. It is three lines tall, not the whole bottom of the slide at
    18 pt: the banner keeps its width in the footer row below it."""
    text = "All rights reserved; any use without prior written consent is prohibited. " * 4

    def fine_print(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content")
        _layout(prs, "Title and Content").element.cSld.spTree.append(
            etree.fromstring(_FINE_PRINT.format(text=text)))

    data = _render(article, _edited(fine_print))
    _assert_deck_reads_well(data)
    for slide in _content_slides(_open(data)):
        assert _shape_rect(_named(slide, "Classification")[0]).w > 150


def test_core_properties_of_the_first_editions_type_are_the_decks_own(article) -> None:
    """As for briefings: one core-properties part, with the deck's own title."""
    from test_render_docx import with_old_core_type

    template = _edited(lambda prs: None)
    data = _render(article, TemplateFile(template.path, with_old_core_type(template.data)))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist().count("docProps/core.xml") == 1
    assert _open(data).core_properties.title == article.meta.title


def _narrow_number_without_footers(prs) -> None:
    """A Google Slides export: no footer placeholder anywhere, and a slide number box
    10 pt wide in the bottom right corner, reaching into the bottom strip."""
    _keep_only(prs, "Title Slide", "Title and Content")
    for owner in (prs.slide_master, *prs.slide_layouts):
        for shape in list(owner.placeholders):
            kind = shape.placeholder_format.type
            if kind in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE):
                shape.element.getparent().remove(shape.element)
            elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
                shape.left, shape.top, shape.width, shape.height = 8559800, 6477000, 127000, \
                    127000


def test_a_narrow_slide_number_grows_and_the_bottom_strip_keeps_clear_of_it(article) -> None:
    data = _render(article, _edited(_narrow_number_without_footers))
    _assert_deck_reads_well(data)
    for slide in _content_slides(_open(data)):
        number = _shape_rect(_named(slide, "Slide Number")[0])
        banner = _shape_rect(_named(slide, "Classification")[0])
        assert number.w >= 24 and number.right <= 720
        assert not number.overlaps(banner)


def test_a_display_size_title_leaves_the_body_most_of_its_room(article) -> None:
    """A content layout whose title is set at 96 pt (a talk template's "big statement"
    style): a long title is set smaller rather than grown over the body; the body keeps at
    least three fifths of its box and the deck stays in proportion."""
    def display_title(prs) -> None:
        _keep_only(prs, "Title Slide", "Title and Content")
        title = _placeholder(_layout(prs, "Title and Content"), 0)
        styles = title.element.find(qn("p:txBody")).find(qn("a:lstStyle"))
        styles.append(etree.fromstring(
            '<a:lvl1pPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:defRPr sz="9600"/></a:lvl1pPr>'))

    template = _edited(display_title)
    data = _render(article, template)
    prs = _open(data)
    body = _placeholder(_layout(prs, "Title and Content"), 1)
    for slide in _content_slides(prs):
        content = _named(slide, "Content")
        assert content and _shape_rect(content[0]).h >= 0.6 * body.height / 12700, \
            _title(slide)
    assert len(prs.slides) <= 1.3 * _slide_count(_template("python-pptx", None), article)


def test_a_slide_number_in_a_ring_keeps_its_box(article) -> None:
    """A narrow slide number set in a ring the master draws around it (a little larger
    than its box): the ring is its badge, so the box is neither widened out of the ring
    nor cut against it."""
    def ring(prs) -> None:
        number = next(sp for sp in prs.slide_master.placeholders
                      if sp.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)
        number.left, number.top, number.width, number.height = 8318500, 6350000, 254000, \
            381000
        _master_picture(prs, _png("#2E7D32", (40, 40)), (8255000, 6324600, 381000, 431800))

    data = _render(article, _edited(ring))
    master = _master_rect(_open(data), PP_PLACEHOLDER.SLIDE_NUMBER)
    for slide in _content_slides(_open(data)):
        box = _shape_rect(_named(slide, "Slide Number")[0])
        assert abs(box.x - master.x) < 1 and abs(box.w - master.w) < 1
