"""The slide plan: pure, measured, split where text does not fit, within the slide budget."""

from __future__ import annotations

import ast
import dataclasses
import time
from pathlib import Path

import pytest
from conftest import ARTICLE, HEADINGS, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.audience import FULL_AUDIENCE, Audience, select
from exporter.bullets import LONG_WORDS
from exporter.deck import (
    MIN_TEXT_SIZE,
    TABLE_MAX_SLIDES,
    TIGHT_SPACING,
    TITLE_MIN_RATIO,
    TITLE_ONE_LINE_RATIO,
    Banner,
    DeckPlan,
    Frame,
    Geometry,
    Layout,
    Para,
    PictureInfo,
    Rect,
    TextBlock,
    TextStyle,
    body_floor,
    cuts_words,
    fit_picture,
    fit_title,
    gentle_floor,
    plan_deck,
    size_floor,
    split_long,
    text_height,
)
from exporter.metrics import FontMeasurer
from exporter.model import (
    Document,
    Image,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Run,
    Section,
    Table,
    Timeline,
    TimelineEntry,
    plain_text,
)
from exporter.reader import read_document
from exporter.text import display_date, sentences

MEASURER = FontMeasurer()


def _body(x: float, y: float, w: float, h: float, size: float = 24) -> Frame:
    return Frame(Rect(x, y, w, h), levels=(
        TextStyle("Calibri", size, space_before=10, indent=21.6, first_indent=-21.6),
        TextStyle("Calibri", size - 4, space_before=6, indent=46.8, first_indent=-18)))


def _plain(x: float, y: float, w: float, h: float, size: float) -> Frame:
    return Frame(Rect(x, y, w, h), levels=(TextStyle("Calibri", size, space_before=6),))


TITLE = Frame(Rect(43, 25, 874, 72), levels=(TextStyle("Cambria", 32, line_spacing=0.9),))
BODY = _body(43, 119, 874, 356)
CONTENT = Layout("content", "Title and Content", TITLE, (BODY,))
GEOMETRY = Geometry(960, 540, {
    "title": Layout("title", "Title Slide",
                    Frame(Rect(65, 122, 828, 173), levels=(TextStyle("Cambria", 40),)),
                    (_plain(65, 324, 828, 137, 20),)),
    "agenda": dataclasses.replace(CONTENT, role="agenda"),
    "content": CONTENT,
    "closing": dataclasses.replace(CONTENT, role="closing"),
    "section": Layout("section", "Section Header",
                      Frame(Rect(65, 144, 828, 158), levels=(TextStyle("Cambria", 36),)),
                      (_plain(65, 328, 828, 137, 18),)),
    "two_column": Layout("two_column", "Two Content", TITLE,
                         (_body(43, 119, 425, 356, 22), _body(492, 119, 425, 356, 22))),
    "picture": Layout("picture", "Picture with Caption", TITLE,
                      (_plain(600, 119, 317, 356, 16),), picture=Rect(43, 119, 533, 356)),
    "title_only": Layout("title_only", "Title Only", TITLE, area=BODY.rect),
})


def _points(*texts: str) -> tuple[tuple[Run, ...], ...]:
    return tuple((Run(text),) for text in texts)


def _section(sid: str, title: str, points: tuple = (), blocks: tuple = (), level: int = 1,
             subsections: tuple = (), notes: tuple | None = None) -> Section:
    return Section(sid, title, level, keypoints=points,
                   blocks=blocks or (Paragraph((Run(f"Prose of {title}."),)),),
                   subsections=subsections, notes=notes)


def _document(*sections: Section, summary: str = "First point. Second point.") -> Document:
    meta = Metadata(title="The Peruvian Military and Drug Trafficking",
                    subtitle="Roles, challenges and outlook", date="2026-11-26",
                    classification="UNCLASSIFIED", summary=summary)
    return Document(meta, intro=(Paragraph((Run("Introduction."),)),), sections=sections)


def _plan(document: Document, audience: Audience = FULL_AUDIENCE,
          geometry: Geometry = GEOMETRY, **options) -> DeckPlan:
    return plan_deck(select(document, audience), audience, geometry, MEASURER, **options)


def _drawn(block: TextBlock, frame: Frame) -> Frame:
    """The frame a block is drawn in: the layout's, or the box the plan gave it."""
    return frame if block.rect is None else dataclasses.replace(frame, rect=block.rect)


def _assert_fits(plan: DeckPlan, geometry: Geometry = GEOMETRY) -> None:
    """Every text box of every slide holds its text (measured with the same metrics), no
    text is smaller than 12 pt or cut with an ellipsis, and no box the plan moved or added
    overlaps the slide's title."""
    for slide in plan.slides:
        layout = geometry.layout(slide.role)
        title = _drawn(slide.title, layout.title)
        assert text_height(slide.title.paras, title, MEASURER) <= title.inner_height, \
            slide.title_text
        text_frame = layout.text or (layout.bodies[0] if layout.bodies else layout.title)
        placed = [*zip(slide.bodies, layout.bodies, strict=False),
                  *((box, text_frame) for box in slide.boxes)]
        for block, frame in placed:
            drawn = _drawn(block, frame)
            assert text_height(block.paras, drawn, MEASURER) <= drawn.inner_height, \
                slide.title_text
            assert all(para.size >= MIN_TEXT_SIZE for para in block.paras)
            assert not drawn.rect.overlaps(title.rect) or block.rect is None
        for block in (slide.title, *slide.bodies, *slide.boxes):
            assert "…" not in "".join(para.text for para in block.paras)


def _shown(slide) -> list[str]:
    """The lines of text of a slide's bodies and added boxes."""
    return [para.text for block in (*slide.bodies, *slide.boxes) for para in block.paras]


def _titles(plan: DeckPlan) -> list[str]:
    return [slide.title_text for slide in plan.slides]


SIMPLE = _document(
    _section("role", "Understanding the Role", _points("Army, Navy and Air Force", "Eradication")),
    _section("impact", "The Impact on Security", _points("Violence rises"),
             subsections=(_section("threats", "Threats to Stability", _points("Corruption"),
                                   level=2),)),
    _section("future", "The Future", _points("Intelligence-led operations")),
)


def test_a_deck_has_title_agenda_sections_content_and_closing() -> None:
    plan = _plan(SIMPLE)
    assert [s.kind for s in plan.slides] == ["title", "agenda", "content", "section", "content",
                                             "content", "content", "closing"]
    assert _titles(plan) == [
        "The Peruvian Military and Drug Trafficking", "Agenda", "Understanding the Role",
        "Part 2: The Impact on Security", "The Impact on Security", "Threats to Stability",
        "The Future", "Key takeaways"]
    agenda = plan.slides[1].bodies[0].text.splitlines()
    assert agenda == ["Understanding the Role", "The Impact on Security", "The Future"]
    assert plan.slides[3].bodies[0].text == "Threats to Stability"
    assert plan.slides[-1].bodies[0].text.splitlines() == ["First point", "Second point"]
    _assert_fits(plan)


LONG_SUMMARY = (
    "Before military operations began in the region on February 28, 2026, the average number "
    "of ships from various countries transiting through the strait was about 130 each day. "
    "As of April 7, 2026, only a handful of ships have risked the transit each day since the "
    "start of the operations, for fear of attack by forces along the coast, according to the "
    "maritime trade operations center that tracks the shipping lanes. "
    "The maritime trade operations center has recorded 17 attacks on vessels since March 1, "
    "2026, with several crew members killed or seriously injured, and insurers have raised "
    "the premiums they charge for war risk on every voyage through the strait. "
    "Passage through the strait may remain constrained and entail risks even if active "
    "military exchanges end, because mines may have been laid in the normal shipping lanes. "
    "Persian Gulf nations depend on ships for much of their food, and container ships bring "
    "frozen chicken and other packaged food from South America and the United States. "
    "Congress may consider legislative and oversight options regarding the effects of the "
    "conflict on U.S. shippers, ports and the national security fleets that rely on them.")


def test_key_takeaways_are_the_summary_or_its_salient_sentences_never_small_text() -> None:
    """A summary that fits the closing slide is shown whole; a long one gives its most
    salient sentences, shortened only by safe deletions, at a readable size; the notes
    hold the whole summary either way."""
    short = _plan(_document(*SIMPLE.sections)).slides[-1]
    assert short.bodies[0].text.splitlines() == ["First point", "Second point"]
    closing = _plan(_document(*SIMPLE.sections, summary=LONG_SUMMARY)).slides[-1]
    points = closing.bodies[0].text.splitlines()
    frame = GEOMETRY.layout("closing").bodies[0]
    assert 3 <= len(points) <= 5
    assert all(len(point.split()) <= LONG_WORDS for point in points)
    said = " ".join(LONG_SUMMARY.split())
    summary_words = {word.strip(".,") for word in said.split()}
    assert all(word.strip(".,") in summary_words for point in points for word in point.split())
    assert min(para.size for para in closing.bodies[0].paras) >= gentle_floor(frame)
    assert " ".join(plain_text(line.runs) for line in closing.notes) == said


CREW_SUMMARY = (
    "On Feb. 3, 1994, space shuttle Discovery took off on its 18th flight, STS-60. "
    "Its six-person crew of Commander Charles F. Bolden, Pilot Kenneth S. Reightler, and "
    "Mission Specialists N. Jan Davis, Ronald M. Sega, Franklin R. Chang-Díaz, who served "
    "as payload commander, and Sergei K. Krikalev of the Russian Space Agency, now "
    "Roscosmos, flew the first mission of the Shuttle-Mir Program.")
CREW_INTRO = CREW_SUMMARY + (
    " The eight-day mission marked an important step forward in international cooperation "
    "and the commercial development of space.")


def test_key_takeaways_are_points_not_the_summary_s_long_sentences() -> None:
    """A summary that fits the closing slide but has a sentence too long to read as one
    point gives the most salient sentences of the summary and the introduction instead,
    each a point; the notes still hold the whole summary."""
    document = dataclasses.replace(_document(*SIMPLE.sections, summary=CREW_SUMMARY),
                                   intro=(Paragraph((Run(CREW_INTRO),)),))
    closing = _plan(document).slides[-1]
    points = closing.bodies[0].text.splitlines()
    assert points == [
        "On Feb. 3, 1994, space shuttle Discovery took off on its 18th flight, STS-60",
        "The eight-day mission marked an important step forward in international cooperation"
        " and the commercial development of space"]
    assert " ".join(plain_text(line.runs) for line in closing.notes) == CREW_SUMMARY


def test_a_takeaway_that_leans_on_the_one_before_goes_on_from_its_point() -> None:
    """"It is situated ..." alone on the closing slide says nothing of what "it" is."""
    summary = ("Bodmin is a civil parish and historic town in Cornwall, England. It is "
               "situated south-west of Bodmin Moor. Bodmin had a population of 14,736 in 2011.")
    closing = _plan(_document(*SIMPLE.sections, summary=summary)).slides[-1]
    assert closing.bodies[0].text.splitlines() == [
        "Bodmin is a civil parish and historic town in Cornwall, England; it is situated "
        "south-west of Bodmin Moor", "Bodmin had a population of 14,736 in 2011"]
    assert " ".join(plain_text(line.runs) for line in closing.notes) == summary


def test_a_heading_over_subsections_only_has_its_divider_and_no_empty_slide() -> None:
    churches = Section("churches", "Churches", 1, subsections=(
        _section("st-petroc", "Parish church of St Petroc", _points("Built in 1469"), level=2),
        Section("archdeaconry", "Archdeaconry of Bodmin", 2)))
    plan = _plan(_document(churches, _section("future", "The Future", _points("Schools"))))
    assert _titles(plan) == ["The Peruvian Military and Drug Trafficking", "Agenda",
                             "Part 1: Churches", "Parish church of St Petroc", "The Future",
                             "Key takeaways"]


def test_the_title_slide_shows_subtitle_date_and_audience() -> None:
    audience = Audience(name="analyst", label="Analyst")
    subtitle = _plan(SIMPLE, audience).slides[0].bodies[0].text
    assert subtitle == "Roles, challenges and outlook\nAnalyst · 26 November 2026"
    assert _plan(SIMPLE).slides[0].bodies[0].text.endswith("\n26 November 2026")


def test_notes_carry_the_prose_with_lists_kept_as_lists() -> None:
    prose = (Paragraph((Run("First paragraph."),)), Paragraph((Run("Second paragraph."),)),
             ListBlock((ListItem((Run("one"),)), ListItem((Run("two"),))), ordered=True))
    plan = _plan(_document(_section("a", "Section A", _points("Point"), blocks=prose)))
    notes = next(s for s in plan.slides if s.title_text == "Section A").notes
    assert [(n.text, n.marker) for n in notes] == [
        ("First paragraph.", ""), ("Second paragraph.", ""), ("one", "number"), ("two", "number")]
    assert plan.slides[0].notes[0].text == "Introduction."


LONG = ("the military must adapt its operational tactics, with enhanced surveillance methods "
        "and increased collaboration with other governmental agencies")


def test_twenty_long_points_shrink_tighten_then_continue_on_numbered_slides() -> None:
    points = _points(*(f"Point {i}: {LONG}" for i in range(20)))
    plan = _plan(_document(_section("c", "Concluding Thoughts", points)))
    slides = [s for s in plan.slides if s.section == "c"]
    assert len(slides) == 3
    assert [s.title_text for s in slides] == [
        "Concluding Thoughts", "Concluding Thoughts (cont.)", "Concluding Thoughts (cont. 2)"]
    shown = [para.text for s in slides for para in s.bodies[0].paras]
    assert shown == [f"Point {i}: {LONG}" for i in range(20)]
    (size,) = {para.size for s in slides for para in s.bodies[0].paras}
    assert body_floor(BODY) == 15 <= size < 24  # down to 60 % of the template's 24 pt
    counts = [len(s.bodies[0].paras) for s in slides]
    assert max(counts) - min(counts) <= 1
    assert "Continues “Concluding Thoughts”" in slides[1].notes[0].text
    assert slides[0].notes[0].text == "Prose of Concluding Thoughts."
    _assert_fits(plan)
    assert len(set(_titles(plan))) == len(plan.slides)


def test_spacing_tightens_before_text_continues() -> None:
    """Some number of points fits one slide only with the space before them halved."""
    for count in range(4, 20):
        points = _points(*(f"Point {i}: {LONG}" for i in range(count)))
        plan = _plan(_document(_section("c", "Concluding Thoughts", points)))
        slides = [s for s in plan.slides if s.section == "c"]
        paras = slides[0].bodies[0].paras
        if paras[0].space_before is not None:
            break
    assert len(slides) == 1 and count > 4
    assert {para.space_before for para in paras} == {TIGHT_SPACING * 10}
    (size,) = {para.size for para in paras}
    assert body_floor(BODY) <= size < 24
    shorter = _plan(_document(_section("c", "C", _points(
        *(f"Point {i}: {LONG}" for i in range(count - 1))))))
    assert all(para.space_before is None for slide in shorter.slides
               for block in slide.bodies for para in block.paras)
    _assert_fits(plan)


def test_a_point_too_long_for_a_slide_continues_on_the_next_without_losing_a_word() -> None:
    huge = "; ".join(f"clause {i} about {LONG}" for i in range(30))
    plan = _plan(_document(_section("h", "Huge", _points("Short point", huge))))
    slides = [s for s in plan.slides if s.section == "h"]
    assert len(slides) >= 2
    shown = [para.text for s in slides for para in s.bodies[0].paras]
    assert shown[0] == "Short point"
    assert " ".join(shown[1:]) == huge
    assert all(piece.endswith(";") for piece in shown[1:-1])  # cut after a clause
    _assert_fits(plan)


def test_long_titles_shrink_within_the_range_then_wrap() -> None:
    medium = "The Intersection of the Peruvian Military and Drug Trafficking Today"
    long = ("Concluding Thoughts on the Peruvian Military’s Fight Against Drug Trafficking "
            "and the Regional Outlook")
    plan = _plan(_document(_section("m", medium, _points("a")), _section("l", long,
                                                                         _points("b"))))
    floor = size_floor(32, TITLE_MIN_RATIO, 18)
    by_title = {s.title_text: s.title.paras[0] for s in plan.slides}
    medium_size = by_title[medium].size
    assert size_floor(32, TITLE_ONE_LINE_RATIO, 18) <= medium_size < 32
    assert len(MEASURER.wrap((Run(medium),), TITLE.levels[0].at(medium_size),
                             TITLE.text_width(TITLE.levels[0].at(medium_size)))) == 1
    para = by_title[long]
    assert para.size >= floor
    lines = MEASURER.wrap(para.runs, TITLE.levels[0].at(para.size),
                          TITLE.text_width(TITLE.levels[0].at(para.size)))
    assert len(lines) == 2
    _assert_fits(plan)


def test_a_title_too_long_for_its_box_grows_it_and_the_body_moves_down() -> None:
    title = " ".join(["Very long section heading words"] * 14)
    points = _points(*(f"Point {i}: {LONG}" for i in range(12)))
    plan = _plan(_document(_section("t", title, points)))
    slides = [s for s in plan.slides if s.section == "t"]
    titles = [s.title_text for s in slides]
    assert titles[0] == title and titles[1] == f"{title} (cont.)"
    assert len(set(titles)) == len(titles)
    for slide in slides:
        grown, body = slide.title.rect, slide.bodies[0].rect
        assert grown is not None and body is not None
        assert grown.y == TITLE.rect.y and grown.h > TITLE.rect.h
        assert body.y >= grown.bottom and body.bottom == pytest.approx(BODY.rect.bottom)
        assert slide.title.paras[0].size >= size_floor(32, TITLE_MIN_RATIO, 18)
    _assert_fits(plan)


def test_duplicate_headings_get_numbered_titles() -> None:
    plan = _plan(_document(_section("a", "Overview", _points("x")),
                           _section("b", "Overview", _points("y"))))
    assert "Overview" in _titles(plan) and "Overview (2)" in _titles(plan)


def test_titles_used_again_take_the_smallest_free_number() -> None:
    plan = _plan(_document(_section("a", "Overview (3)", _points("w")),
                           *(_section(f"s{i}", "overview", _points("x")) for i in range(4))))
    assert [t for t in _titles(plan) if t.lower().startswith("overview")] == [
        "Overview (3)", "overview", "overview (2)", "overview (4)", "overview (5)"]


def test_a_long_agenda_uses_two_columns() -> None:
    sections = [_section(f"s{i}", f"Section {i}: {LONG[:50]}", _points("p")) for i in range(12)]
    plan = _plan(_document(*sections))
    agenda = plan.slides[1]
    assert agenda.kind == "agenda" and agenda.role == "two_column"
    items = agenda.bodies[0].text.splitlines() + agenda.bodies[1].text.splitlines()
    assert items == [f"Section {i}: {LONG[:50]}" for i in range(12)]
    _assert_fits(plan)


def _budget(budget: int, **extra) -> Audience:
    return Audience(name="executive", label="Executive", slide_budget=budget, **extra)


def test_over_budget_decks_drop_dividers_then_the_agenda_then_condense() -> None:
    full = _plan(SIMPLE)
    assert len(full.slides) == 8
    no_dividers = _plan(SIMPLE, _budget(7))
    assert "section" not in {s.kind for s in no_dividers.slides}
    assert "agenda" in {s.kind for s in no_dividers.slides}
    no_agenda = _plan(SIMPLE, _budget(6))
    assert {s.kind for s in no_agenda.slides} == {"title", "content", "closing"}
    assert len(no_agenda.slides) == 6
    condensed = _plan(SIMPLE, _budget(5))
    assert _titles(condensed) == ["The Peruvian Military and Drug Trafficking",
                                  "Understanding the Role", "The Impact on Security",
                                  "The Future", "Key takeaways"]
    folded = condensed.slides[2].bodies[0].text.splitlines()
    assert folded == ["Violence rises", "Corruption"]
    assert not condensed.warnings
    still_over = _plan(SIMPLE, _budget(3))
    assert len(still_over.slides) == 5
    assert any("over the slide budget of 3" in w for w in still_over.warnings)


def test_summary_depth_takes_key_points_and_only_authored_notes() -> None:
    document = _document(
        _section("a", "With notes", _points("Point A"),
                 notes=(Paragraph((Run("Written for the speaker."),)),)),
        _section("b", "Without notes", _points("Point B")))
    audience = Audience(name="exec", depth="summary", notes="authored")
    plan = _plan(document, audience)
    by_title = {s.title_text: s for s in plan.slides}
    assert [n.text for n in by_title["With notes"].notes] == ["Written for the speaker."]
    assert by_title["Without notes"].notes == ()
    assert by_title["Without notes"].bodies[0].text == "Point B"


def test_long_tables_split_by_rows_and_keep_their_header() -> None:
    header = ((Run("Operation"),), (Run("Year"),), (Run("Result"),))
    rows = tuple(((Run(f"Op {i}"),), (Run(str(1990 + i)),), (Run(LONG * (1 + i % 2)),))
                 for i in range(16))
    table = Table(header, rows, caption="Operations")
    plan = _plan(_document(_section("t", "Tables", _points("x"),
                                    blocks=(Paragraph((Run("p"),)), table))))
    parts = [s for s in plan.slides if s.kind == "table"]
    assert len(parts) >= 2
    assert [s.title_text for s in parts[:2]] == ["Operations", "Operations (cont.)"]
    assert [row for s in parts for row in s.table.rows] == list(rows)
    area = GEOMETRY.layout("title_only").content_area
    for slide in parts:
        part = slide.table
        assert part.header == header
        assert sum(part.row_heights) <= area.h + 0.01
        assert sum(part.col_widths) == pytest.approx(area.w)
        assert part.size >= MIN_TEXT_SIZE and part.font == "Calibri"
    assert parts[0].notes[0].text == "Operations"


def test_timelines_are_laid_out_inside_the_area() -> None:
    timeline = Timeline((TimelineEntry("Mid-1990s", (Run("Operativo Chavín de Huántar"),)),
                         TimelineEntry("2018", (Run("Operativo Fortaleza, joint eradication"),)),
                         TimelineEntry("Undated", (Run("Operación El Niño in the VRAEM"),))))
    plan = _plan(_document(_section("cs", "Case Studies", _points("x"),
                                    blocks=(Paragraph((Run("p"),)), timeline))))
    slide = next(s for s in plan.slides if s.kind == "timeline")
    assert slide.title_text == "Case Studies: timeline" and slide.role == "title_only"
    assert [n.text for n in slide.notes] == ["Mid-1990s: Operativo Chavín de Huántar",
                                            "2018: Operativo Fortaleza, joint eradication",
                                            "Undated: Operación El Niño in the VRAEM"]
    part = slide.timeline
    area = GEOMETRY.layout("title_only").content_area
    xs = [mark.x for mark in part.marks]
    assert xs == sorted(xs) and len(xs) == 3
    for mark in part.marks:
        for box in (mark.label, mark.text):
            assert area.x <= box.x and box.right <= area.right + 0.01
            assert area.y <= box.y and box.bottom <= area.bottom + 0.01
        frame = Frame(mark.text, levels=(TextStyle("Calibri", part.size),))
        assert text_height((Para(mark.runs, 0, part.size),), frame, MEASURER) <= \
            frame.inner_height
        assert mark.label.bottom < part.line.y < mark.text.y


def test_a_timeline_with_no_room_to_be_drawn_becomes_bullets() -> None:
    """A title-only layout whose free area is too small to draw any event: the events are
    the bullets of a content slide, each with its date, never dropped."""
    timeline = Timeline((TimelineEntry("Mid-1990s", (Run("Operativo Chavín de Huántar"),)),
                         TimelineEntry("2018", (Run("Operativo Fortaleza"),))))
    cramped = dataclasses.replace(GEOMETRY.layout("title_only"), area=Rect(36, 500, 40, 12))
    geometry = _geometry(title_only=cramped)
    plan = _plan(_document(_section("cs", "Case Studies", _points("x"),
                                    blocks=(Paragraph((Run("p"),)), timeline))),
                 geometry=geometry)
    assert not any(s.kind == "timeline" for s in plan.slides)
    slide = next(s for s in plan.slides if s.title_text == "Case Studies: timeline")
    assert _shown(slide) == ["Mid-1990s: Operativo Chavín de Huántar",
                             "2018: Operativo Fortaleza"]
    _assert_fits(plan, geometry)


def test_long_timelines_continue_on_further_slides() -> None:
    timeline = Timeline(tuple(TimelineEntry(str(1990 + i), (Run(f"Event {i}"),))
                              for i in range(9)))
    plan = _plan(_document(_section("t", "History", _points("x"),
                                    blocks=(Paragraph((Run("p"),)), timeline))))
    slides = [s for s in plan.slides if s.kind == "timeline"]
    assert [s.title_text for s in slides] == ["History: timeline", "History: timeline (cont.)"]
    assert [m.when for s in slides for m in s.timeline.marks] == [str(1990 + i)
                                                                   for i in range(9)]


def test_pictures_keep_their_aspect_ratio_inside_their_box() -> None:
    box = Rect(43, 119, 533, 356)
    for width, height in ((1200, 800), (300, 900), (4000, 500)):
        rect = fit_picture(PictureInfo("x.png", width, height), box)
        assert rect.w / rect.h == pytest.approx(width / height)
        assert box.x - 1e-6 <= rect.x and rect.right <= box.right + 1e-6
        assert box.y - 1e-6 <= rect.y and rect.bottom <= box.bottom + 1e-6
    small = fit_picture(PictureInfo("x.png", 40, 40), box)
    assert small.w == pytest.approx(60)  # at most twice the natural size


def test_picture_slides_use_the_picture_role_and_skip_missing_images() -> None:
    image = Image("map.png", "Map of coca-growing regions", "Coca regions")
    missing = Image("gone.png", "Not there")
    document = _document(_section("p", "Pictures", _points("x"),
                                  blocks=(Paragraph((Run("p"),)), image, missing)))
    plan = _plan(document, pictures={"map.png": PictureInfo("/abs/map.png", 1200, 800)})
    slides = [s for s in plan.slides if s.kind == "picture"]
    assert len(slides) == 1
    slide = slides[0]
    assert slide.title_text == "Coca regions" and slide.role == "picture"
    assert slide.picture.alt == "Map of coca-growing regions"
    assert slide.picture.placeholder
    assert slide.bodies[0].text == "Map of coca-growing regions"


def test_sentences_and_dates() -> None:
    assert sentences("Peru grows coca. The U.S. helps! Does it work? “Yes.” Done") == [
        "Peru grows coca.", "The U.S. helps!", "Does it work?", "“Yes.”", "Done"]
    assert display_date("2026-11-26", "en", "d MMMM y") == "26 November 2026"
    assert display_date("2026-11-26", "es") == "26 de noviembre de 2026"
    assert display_date("Autumn 2026", "fr") == "Autumn 2026"


def test_the_plan_and_the_metrics_do_not_import_python_pptx() -> None:
    for module in ("deck.py", "metrics.py"):
        tree = ast.parse((ROOT / "exporter" / module).read_text(encoding="utf-8"))
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        assert not any(name.startswith(("pptx", "docx")) for name in imported), module


def test_the_shipped_article_gets_a_slide_per_heading_with_points_and_notes() -> None:
    document = read_document(Path(ARTICLE))
    plan = _plan(document)
    titles = _titles(plan)
    for _, heading in HEADINGS:
        assert heading in titles
    assert len(set(titles)) == len(titles)
    for section in document.walk():
        slide = plan.slides[titles.index(section.title)]
        assert slide.bodies[0].text.splitlines() == [
            "".join(r.text for r in point) for point in section.keypoints]
        prose = [b.text for b in section.speaker_notes if isinstance(b, Paragraph)]
        notes = [note.text for note in slide.notes]
        assert prose and all(text in notes for text in prose)
    assert any(s.kind == "timeline" for s in plan.slides)
    _assert_fits(plan)


TEXT = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"),
                                      max_codepoint=0x24F), min_size=1, max_size=12)
POINT = st.lists(TEXT, min_size=1, max_size=45).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(sections=st.lists(st.tuples(st.lists(TEXT, min_size=1, max_size=16).map(" ".join),
                                   st.lists(POINT, min_size=0, max_size=14)),
                         min_size=1, max_size=5))
def test_any_content_gives_unique_titles_and_text_that_fits(sections) -> None:
    document = _document(*(_section(f"s{i}", title, _points(*points))
                           for i, (title, points) in enumerate(sections)))
    plan = _plan(document)
    titles = _titles(plan)
    assert all(titles) and len({t.casefold() for t in titles}) == len(titles)
    _assert_fits(plan)


# ---------------------------------------------------------------------------------------
# Nothing dropped, nothing cut: small boxes, missing boxes, the banner, huge tables
# ---------------------------------------------------------------------------------------


def _geometry(**roles: Layout) -> Geometry:
    return dataclasses.replace(GEOMETRY, layouts={**GEOMETRY.layouts, **roles})


def test_a_subtitle_box_too_small_for_the_date_line_grows_into_the_free_room() -> None:
    tight = _plain(65, 324, 828, 30, 20)
    geometry = _geometry(title=dataclasses.replace(GEOMETRY.layout("title"), bodies=(tight,)))
    audience = Audience(name="analyst", label="Analyst")
    slide = _plan(SIMPLE, audience, geometry).slides[0]
    assert _shown(slide) == ["Roles, challenges and outlook", "Analyst · 26 November 2026"]
    grown = slide.bodies[0].rect
    assert grown is not None and grown.y == tight.rect.y and grown.h > tight.rect.h
    _assert_fits(_plan(SIMPLE, audience, geometry), geometry)


def test_a_divider_without_a_text_box_lists_its_subsections_in_one_of_the_text_style() -> None:
    section = dataclasses.replace(GEOMETRY.layout("section"), bodies=(),
                                  text=_plain(0, 0, 10, 10, 18))
    geometry = _geometry(section=section)
    plan = _plan(SIMPLE, geometry=geometry)
    divider = next(s for s in plan.slides if s.kind == "section")
    assert not divider.bodies and _shown(divider) == ["Threats to Stability"]
    (box,) = divider.boxes
    assert box.rect is not None and not box.rect.overlaps(section.title.rect)
    assert box.paras[0].size == 18
    _assert_fits(plan, geometry)


def test_a_list_that_overflows_its_box_never_continues_above_it() -> None:
    """A divider whose subsections outnumber its box's lines: the layout's free room is
    above the title, where the rest would read before the start; the rest goes to the
    notes, with a warning, and no text stands above the box."""
    children = tuple(_section(f"c{n}", f"Subsection number {n}", _points("A point."), level=2)
                     for n in range(1, 15))
    document = _document(_section("parent", "A Section With Many Parts",
                                  _points("A point."), subsections=children))
    plan = _plan(document)
    divider = next(s for s in plan.slides if s.kind == "section")
    section = GEOMETRY.layout("section")
    (body,) = divider.bodies
    shown = [para.text for para in body.paras]
    assert 0 < len(shown) < 14 and not divider.boxes
    assert shown + [n.text for n in divider.notes][-(14 - len(shown)):] == [
        f"Subsection number {n}" for n in range(1, 15)]
    assert any("divider" in w and f"{14 - len(shown)} line(s)" in w for w in plan.warnings)
    assert section.bodies[0].rect.y > section.title.rect.y
    _assert_fits(plan)


def test_text_with_no_room_on_the_slide_goes_to_the_notes_with_a_warning() -> None:
    whole = Frame(Rect(0, 0, 960, 540), levels=(TextStyle("Cambria", 36),))
    geometry = _geometry(section=Layout("section", "Full Title", whole))
    plan = _plan(SIMPLE, geometry=geometry)
    divider = next(s for s in plan.slides if s.kind == "section")
    assert _shown(divider) == []
    assert [n.text for n in divider.notes] == ["Threats to Stability"]
    assert any("no room for 1 line(s)" in w and "Full Title" in w for w in plan.warnings)


def test_the_banner_shrinks_then_widens_to_stay_on_one_line() -> None:
    narrow = Frame(Rect(400, 500, 120, 30), levels=(TextStyle("Calibri", 14),))
    band = Rect(40, 500, 820, 30)
    geometry = dataclasses.replace(GEOMETRY, layouts={
        role: dataclasses.replace(layout, banner=narrow, banner_band=band)
        for role, layout in GEOMETRY.layouts.items()})
    for text, widened in (("SECRET", False), ("UNCLASSIFIED // FOR OFFICIAL USE ONLY", True)):
        plan = _plan(SIMPLE, geometry=geometry, banner=Banner(text, bold=True))
        banner = plan.banners["content"]
        (para,) = banner.paras
        frame = _drawn(banner, narrow)
        style = dataclasses.replace(narrow.levels[0].at(para.size), bold=True)
        assert len(MEASURER.wrap(para.runs, style, frame.text_width(style))) == 1
        assert para.size >= MIN_TEXT_SIZE and para.text == text
        assert (banner.rect is not None) == widened
        if widened:
            assert band.x <= banner.rect.x and banner.rect.right <= band.right
            assert banner.rect.x + banner.rect.w / 2 == pytest.approx(460)
    assert set(plan.banners) == plan.roles


def test_content_slides_share_one_text_size_where_most_of_them_fit() -> None:
    short = [_section(f"s{i}", f"Short {i}", _points("One point", "Two points"))
             for i in range(6)]
    long = _section("l", "Long", _points(*(f"Point {i}: {LONG}" for i in range(7))))
    plan = _plan(_document(*short, long))
    sizes = {s.title_text: s.bodies[0].paras[0].size for s in plan.slides
             if s.kind == "content"}
    assert len({sizes[f"Short {i}"] for i in range(6)}) == 1
    assert sizes["Long"] <= sizes["Short 0"] <= BODY.base_size


def test_a_huge_table_is_planned_in_seconds_on_at_most_four_readable_slides() -> None:
    header = tuple((Run(f"Column {c}"),) for c in range(200))
    rows = tuple(tuple((Run(f"row {r} value {c}"),) for c in range(200)) for r in range(5000))
    table = Table(header, rows, caption="Everything")
    started = time.perf_counter()
    plan = _plan(_document(_section("t", "Data", _points("x"),
                                    blocks=(Paragraph((Run("p"),)), table))))
    assert time.perf_counter() - started < 10
    parts = [s for s in plan.slides if s.kind == "table"]
    assert len(parts) == TABLE_MAX_SLIDES
    area = GEOMETRY.layout("title_only").content_area
    for slide in parts:
        part = slide.table
        assert part.size == MIN_TEXT_SIZE and sum(part.col_widths) == pytest.approx(area.w)
        assert part.header[0] == header[0]  # the rows' labels lead every group of columns
        style = TextStyle("Calibri", MIN_TEXT_SIZE, bold=True)
        for cell, width in zip(part.header, part.col_widths, strict=True):
            words = plain_text(cell).split()
            assert max(MEASURER.width(w, style) for w in words) <= width
    assert [s.table.header[1] for s in parts[:2]] == [header[1], parts[1].table.header[1]]
    assert parts[1].table.header[1] != header[1]  # the next group of columns
    assert any("too large for 4 slides" in w and "briefing" in w for w in plan.warnings)
    notes = [n.text for n in parts[0].notes]
    assert notes[-1].endswith("the briefing has the whole table.")
    assert len(notes) <= 102


def test_a_timeline_event_too_long_for_its_column_takes_a_wider_one() -> None:
    long_event = " ".join(["Operativo Fortaleza joint eradication"] * 6)
    timeline = Timeline(tuple(TimelineEntry(str(1990 + i), (Run(long_event if i == 2
                                                               else f"Event {i}"),))
                              for i in range(6)))
    plan = _plan(_document(_section("t", "History", _points("x"),
                                    blocks=(Paragraph((Run("p"),)), timeline))))
    marks = [m for s in plan.slides if s.kind == "timeline" for m in s.timeline.marks]
    assert [plain_text(m.runs) for m in marks] == [
        long_event if i == 2 else f"Event {i}" for i in range(6)]
    for slide in (s for s in plan.slides if s.kind == "timeline"):
        part = slide.timeline
        for mark in part.marks:
            frame = Frame(mark.text, levels=(TextStyle("Calibri", part.size),))
            assert text_height((Para(mark.runs, 0, part.size),), frame, MEASURER) <= \
                frame.inner_height


def test_a_title_in_a_narrow_box_shrinks_until_every_word_is_whole() -> None:
    """A divider's narrow title box, 49 pt bold: "Government" is wider than the line down
    to the title's floor; the title is set smaller, never with the word cut in two (as
    PowerPoint and LibreOffice would break it), and still fits its box."""
    frame = Frame(Rect(130, 86, 175, 216), inset=(0, 0, 0, 0),
                  levels=(TextStyle("Arial", 49, bold=True),))
    title = "Part 6: Government Policies Addressing Drug Trafficking"
    floor_style = TextStyle("Arial", 30, bold=True)
    assert MEASURER.cuts_words((Run(title),), floor_style, 175)  # the case at the floor
    block = fit_title(title, frame, MEASURER)
    assert block is not None and block.paras[0].size < 30
    assert not cuts_words(block.paras, frame, MEASURER)
    assert text_height(block.paras, frame, MEASURER) <= frame.inner_height


def test_a_word_no_size_keeps_whole_is_cut_at_the_floor_rather_than_lost() -> None:
    """A word wider than its box even at the smallest size (a long identifier in a narrow
    column) is still set, at the floor, cut as the applications cut it."""
    frame = Frame(Rect(0, 0, 60, 200), levels=(TextStyle("Arial", 18),))
    block = fit_title("Supercalifragilisticexpialidocious", frame, MEASURER)
    assert block is not None and cuts_words(block.paras, frame, MEASURER)


def test_a_paragraph_in_a_box_too_short_for_a_line_is_kept_whole_and_the_split_ends() -> None:
    """A body box thinner than one line at the floor (a template's display-size title
    grown over it): no cut makes a piece fit, so the paragraph stays whole instead of
    being cut character by character without end."""
    frame = Frame(Rect(0, 0, 600, 4), levels=(TextStyle("Calibri", 24),))
    para = Para((Run("Army, Navy and Air Force defend the nation"),), 0, 24)
    assert split_long(para, frame, MEASURER) == [para]
