"""The PowerPoint renderer: draws a slide plan into the user's template.

:func:`render_deck` opens the template (sample slides removed; masters, layouts, theme and
footers kept), renders its Jinja placeholders, chooses and reads its layouts for the plan
(:mod:`exporter.render.pptx_layouts`), asks :func:`exporter.deck.plan_deck` for the slides,
and draws them: placeholders copied from the chosen layouts with the plan's text and sizes,
at the boxes the plan moved or grew, the text boxes it added (in the layout's body style),
native tables, pictures fitted without distortion, timelines as editable shapes, speaker
notes, and on every slide the classification banner as the plan fitted it and the slide
number, in the footer placeholders (or text boxes where the master would put them). Text is
written in the colour, or on the backing panel, that reads on what the template draws
behind its box there. :func:`check_template` validates a template without rendering.

A render process keeps the analyses of the last few templates it drew into (by their bytes
and the audience's layout names) for its next decks, since every audience of a build, and
every article of a batch, usually draws into the same templates; each deck is still drawn
into its own freshly opened copy.

Slides are added without python-pptx's ``slides.add_slide``, which counts the slides and
their ids anew for every slide it adds: slide ids and part names come from counters kept
here, and new slides and notes pages are copies of one empty prototype. Output is
byte-identical for the same input: core-property dates come from the document's date and
the saved package is re-zipped with fixed timestamps (:func:`exporter.ooxml.reproducible_zip`).
"""

from __future__ import annotations

import copy
import hashlib
import io
import logging
import posixpath
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import CT_Relationships
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.picture import CT_Picture
from pptx.oxml.slide import CT_NotesSlide, CT_Slide
from pptx.oxml.xmlchemy import OxmlElement
from pptx.parts.image import Image as PackageImage
from pptx.parts.image import ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu, Pt

from exporter.deck import (
    ROLES,
    Banner,
    PictureInfo,
    PicturePart,
    Rect,
    Slide,
    TablePart,
    TextBlock,
    TimelinePart,
    plan_deck,
)
from exporter.metrics import FontMeasurer
from exporter.model import Document, Image, Run
from exporter.ooxml.colour import (
    BLACK,
    NORMAL_TEXT_RATIO,
    RGB,
    WHITE,
    contrast_ratio,
    hex_code,
    mix,
    readable_colour,
    readable_on,
    rgb_of,
)
from exporter.ooxml.package import package_date, reproducible_zip
from exporter.ooxml.textlang import mark_drawing_text
from exporter.render import RenderJob, TemplateFile, core_values
from exporter.render.pptx_draw import (
    SLIDE_NUMBER_FIELD_ID,
    ShapeTree,
    Stamps,
    TextWriter,
    add_label,
    add_line,
    add_marker,
    emu,
    new_shape,
    set_body,
    set_fill,
)
from exporter.render.pptx_layouts import (
    PLAIN_ROLES,
    Choice,
    TemplateAnalysis,
    analyse,
    masters_and_layouts,
)
from exporter.render.pptx_template import (
    MIN_FOOTER_SIZE,
    OpenedTemplate,
    Placeholder,
    check_placeholders,
    open_template,
    qn,
    render_placeholders,
)

log = logging.getLogger("exporter")

#: The accent of table headers when the theme has none.
_TABLE_ACCENT: RGB = (0x1F, 0x4E, 0x79)


def render_deck(job: RenderJob) -> bytes:
    """The deck for ``job`` as .pptx bytes (byte-identical for the same input)."""
    opened = open_template(job.template)
    prs = opened.prs
    rendered = render_placeholders(prs, job.context, str(job.template.path))
    measurer = FontMeasurer()
    analysis = _analysis(job, opened, measurer, reusable=not rendered)
    for warning in analysis.general:
        log.warning(warning)
    pictures = _pictures(job.document, job.images)
    banner = Banner(str(job.context.get("classification", "") or ""),
                    bold=bool(job.audience.banner_color))
    plan = plan_deck(job.document, job.audience, analysis.geometry, measurer,
                     pictures=pictures, banner=banner, labels=job.labels)
    for role in ROLES:
        if role in plan.roles and role in analysis.warnings:
            log.warning(analysis.warnings[role])
    for warning in plan.warnings:
        log.warning(warning)
    writer = _DeckWriter(prs, analysis, job, plan.banners)
    writer.add_all(plan.slides)
    writer.relate_slides()
    _core_properties(prs, job)
    return _package(prs)


#: Analyses of the templates this process drew decks into last, by template (name, bytes)
#: and layout names: every audience of a build, and every article of a batch, usually
#: draws into the same template.
_ANALYSES: OrderedDict[tuple[str, bytes, tuple[tuple[str, str], ...]], TemplateAnalysis] = \
    OrderedDict()
_ANALYSES_KEPT = 4


def _analysis(job: RenderJob, opened: OpenedTemplate, measurer: FontMeasurer, *,
              reusable: bool) -> TemplateAnalysis:
    """The template of ``job`` analysed for its layouts (:func:`~exporter.render.
    pptx_layouts.analyse`), or the analysis of the same template and layout names this
    process made for an earlier deck, when ``reusable``: when no Jinja placeholder made the
    masters and layouts differ by audience. An analysis only reads the template; the
    writer draws each deck into its own freshly opened presentation, relating slides to
    that presentation's layouts (by their index)."""
    template = job.template
    key = (template.path.name, hashlib.sha256(template.data).digest(),
           tuple(sorted(job.audience.layouts.items())))
    if reusable and key in _ANALYSES:
        _ANALYSES.move_to_end(key)
        return _ANALYSES[key]
    analysis = analyse(opened.prs, job.audience.layouts, name=template.path.name,
                       measurer=measurer, samples=opened.samples)
    if reusable:
        _ANALYSES[key] = analysis
        while len(_ANALYSES) > _ANALYSES_KEPT:
            _ANALYSES.popitem(last=False)
    return analysis


def check_template(template: TemplateFile, layouts: Mapping[str, str] = {}) -> list[str]:
    """Validate a PowerPoint template without rendering: TemplateError when it cannot be
    used, else the warnings a build would give (missing layouts and their fallbacks)."""
    opened = open_template(template)
    check_placeholders(opened.prs, str(template.path))
    analysis = analyse(opened.prs, layouts, name=template.path.name, samples=opened.samples)
    return [*analysis.general, *analysis.warnings.values()]


# ---------------------------------------------------------------------------------------
# Pictures and document properties
# ---------------------------------------------------------------------------------------


def _images(document: Document) -> list[Image]:
    return [block for section in document.walk() for block in section.blocks
            if isinstance(block, Image)]


def _pictures(document: Document, images: Mapping[str, bytes]) -> dict[str, PictureInfo]:
    """Every image of the document that can be embedded; a warning for the others."""
    found: dict[str, PictureInfo] = {}
    for image in _images(document):
        if image.src in found:
            continue
        data = images.get(image.src)
        if data is None:
            log.warning("%s: image not given with the document; left out of the deck",
                        image.src)
            continue
        try:
            width, height = PackageImage.from_blob(data).size
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s: image cannot be read (%s); left out of the deck", image.src,
                        type(exc).__name__)
            continue
        if width <= 0 or height <= 0:
            log.warning("%s: image has no size; left out of the deck", image.src)
            continue
        found[image.src] = PictureInfo(image.src, width, height)
    return found


def _core_properties(prs: Presentation, job: RenderJob) -> None:
    props = prs.core_properties
    for name, value in core_values(job).items():
        setattr(props, name, value)
    props.revision = 1
    props.created = props.modified = package_date(job.document.meta.date)


def _package(prs: Presentation) -> bytes:
    """The .pptx bytes as python-pptx saves them, re-zipped reproducibly."""
    buffer = io.BytesIO()
    prs.save(buffer)
    return reproducible_zip(buffer.getvalue())


# ---------------------------------------------------------------------------------------
# Writing slides
# ---------------------------------------------------------------------------------------


class _PartNames:
    """Fresh part names without scanning the package for each new part."""

    def __init__(self, existing: set[str]) -> None:
        self.existing = existing
        self.counters: dict[str, int] = {}

    def next(self, template: str) -> PackURI:
        n = self.counters.get(template, 0)
        while True:
            n += 1
            name = template % n
            if name not in self.existing:
                self.counters[template] = n
                return PackURI(name)


class _DeckWriter:
    """Adds planned slides to a presentation, in constant time per slide."""

    def __init__(self, prs: Presentation, analysis: TemplateAnalysis, job: RenderJob,
                 banners: Mapping[str, TextBlock]) -> None:
        self.prs = prs
        self.analysis = analysis
        self.package = prs.part.package
        self.names = _PartNames({str(part.partname) for part in self.package.iter_parts()})
        self.id_list = prs.element.get_or_add_sldIdLst()
        self.next_id = 1 + max((int(i) for i in self.id_list.xpath("./p:sldId/@id")),
                               default=255)
        self.next_rid = 1 + max((int(rId[3:]) for rId in prs.part.rels
                                 if rId.startswith("rId") and rId[3:].isdigit()), default=0)
        self.unrelated: list[tuple[str, Part]] = []
        self.notes_master_part = prs.part.notes_master_part
        self.notes_phs = _notes_placeholders(prs.notes_master.element)
        # New slides and notes pages are copies of python-pptx's empty ones (it parses or
        # even reads them from disk each time): only the group shape, id 1, is on them.
        self.slide_prototype = CT_Slide.new()
        self.notes_prototype = CT_NotesSlide.new()
        self.lang = job.document.meta.lang or "en-US"
        self.banners = banners
        self.banner_color = job.audience.banner_color.lstrip("#").upper()
        self.images: dict[str, ImagePart] = {}  # by the picture's SHA-1: each stored once
        self.job_images = job.images
        self.stamps = Stamps()
        self.moved: dict[tuple[int, Rect], Placeholder] = {}
        # This presentation's layouts, in the analysis's order (an analysis may have been
        # made on another copy of the template).
        self.layouts = [layout for _, layout in masters_and_layouts(prs)]

    # --- parts -------------------------------------------------------------------------

    def _slide_part(self, layout: SlideLayout) -> SlidePart:
        part = SlidePart(self.names.next("/ppt/slides/slide%d.xml"), CT.PML_SLIDE,
                         self.package, copy.copy(self.slide_prototype))
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        self._list(part)
        return part

    def _list(self, part: Part) -> None:
        """Add a slide to the presentation's list of slides, with the next slide id and the
        next relationship id; the relationship itself is added by :meth:`relate_slides`."""
        rId = f"rId{self.next_rid}"
        self.next_rid += 1
        self.unrelated.append((rId, part))
        etree.SubElement(self.id_list, qn("p:sldId"), {"id": str(self.next_id), qn("r:id"): rId})
        self.next_id += 1

    def relate_slides(self) -> None:
        """Relate the presentation to the slides added since the last call, all at once.

        python-pptx's ``relate_to()`` looks through every relationship of the presentation
        before adding one, so adding slides one by one takes time in the square of their
        number (most of the time of a 2,000-slide deck; python-pptx issue 644). The new
        slides cannot have a relationship yet: the presentation's relationships are written
        out with theirs added and loaded back through the part's public
        ``load_rels_from_xml()``, in time linear in the slides. Called before a chart is
        drawn too, since python-pptx names chart parts after the parts it can reach."""
        if not self.unrelated:
            return
        part = self.prs.part
        rels = CT_Relationships.new()
        parts: dict[PackURI, Part] = {}
        for rel in part.rels.values():
            rels.add_rel(rel.rId, rel.reltype, rel.target_ref, rel.is_external)
            if not rel.is_external:
                parts[rel.target_part.partname] = rel.target_part
        for rId, slide in self.unrelated:
            rels.add_rel(rId, RT.SLIDE, slide.partname.relative_ref(part.partname.baseURI))
            parts[slide.partname] = slide
        part.load_rels_from_xml(rels, parts)
        self.unrelated.clear()

    def _image_part(self, src: str) -> ImagePart:
        image = PackageImage.from_blob(self.job_images[src], posixpath.basename(src))
        part = self.images.get(image.sha1)
        if part is None:
            part = ImagePart(self.names.next(f"/ppt/media/image%d.{image.ext}"),
                             image.content_type, self.package, image.blob, image.filename)
            self.images[image.sha1] = part
        return part

    # --- a slide -----------------------------------------------------------------------

    def add_all(self, slides: Sequence[Slide]) -> None:
        """Draw ``slides``, numbered from 1."""
        for number, planned in enumerate(slides, start=1):
            self.add(planned, number)

    def add(self, planned: Slide, number: int) -> None:
        choice = self.analysis.choices[planned.role]
        part = self._slide_part(self.layouts[choice.info.index])
        tree = ShapeTree(part.slide.element.cSld.spTree, next_id=2)
        writer = TextWriter(part, self.lang)
        plain = choice.role in PLAIN_ROLES
        self._text(tree, writer, choice, choice.title, planned.title, "Title", title=True)
        for slot, block in zip(choice.bodies, planned.bodies, strict=False):
            self._text(tree, writer, choice, slot, block, "Content", plain=plain)
        for block in planned.boxes:
            self._text(tree, writer, choice, choice.text, block, "Text", plain=plain)
        if planned.table is not None:
            self._table(part.slide, tree, planned.table, choice)
        if planned.picture is not None:
            self._picture(part, tree, planned.picture, choice)
        if planned.timeline is not None:
            self._timeline(tree, planned.timeline, choice)
        if planned.chart is not None:
            # python-pptx's chart data loads xlsxwriter: only decks with charts pay for it
            from exporter.render.pptx_chart import add_chart

            self.relate_slides()
            add_chart(part.slide, tree, planned.chart, choice.info.master.scheme)
        self._footers(tree, writer, choice, planned, number)
        mark_drawing_text(tree.element, self.lang)
        self._notes(part, planned)

    def _slot(self, choice: Choice, slot: Placeholder, rect: Rect | None) -> Placeholder:
        """``slot`` as drawn at ``rect`` (where the plan moved its box), inked for what
        lies behind it there."""
        if rect is None or rect == slot.frame.rect:
            return slot
        key = (id(slot), rect)
        if key not in self.moved:
            self.moved[key] = choice.placed(slot, rect)
        return self.moved[key]

    def _text(self, tree: ShapeTree, writer: TextWriter, choice: Choice, slot: Placeholder,
              block: TextBlock, name: str, *, title: bool = False, plain: bool = False) -> None:
        """A title, body or added text box: the layout's placeholder with its own styles,
        else (the master's title, a text box) with its styles written out."""
        drawn = self._slot(choice, slot, block.rect)
        sp = self.stamps.place(tree, (name, id(slot), drawn.frame.rect),
                               lambda scratch: _box(scratch, name, drawn, title))
        if drawn.from_layout:
            writer.paragraphs(sp, block.paras, plain=plain,
                              color=drawn.ink if drawn.recolor else None)
        elif title:
            writer.paragraphs(sp, block.paras, font=drawn.frame.levels[0].font,
                              color=drawn.ink, align=drawn.align or "l")
        else:
            writer.paragraphs(sp, block.paras, font=drawn.frame.levels[0].font,
                              bullets=not plain, plain=plain, color=drawn.ink)

    # --- footers -----------------------------------------------------------------------

    def _footers(self, tree: ShapeTree, writer: TextWriter, choice: Choice, planned: Slide,
                 number: int) -> None:
        banner = self.banners.get(planned.role)
        if banner is not None:
            slot = self._slot(choice, choice.banner, banner.rect)
            self.stamps.place(tree, ("banner", id(choice.banner), slot.frame.rect),
                              lambda scratch: self._banner(scratch, writer, slot, banner))
        number_slot = choice.number
        if planned.kind != "title" and number_slot is not None:
            sp = self.stamps.place(tree, ("number", id(number_slot)), lambda scratch: (
                _footer_shape(scratch, number_slot, "Slide Number")))
            writer.slide_number(sp, number, max(MIN_FOOTER_SIZE, number_slot.frame.base_size),
                                _field_id(number_slot), color=_written_ink(number_slot))

    def _banner(self, tree: ShapeTree, writer: TextWriter, slot: Placeholder,
                block: TextBlock) -> etree._Element:
        """The classification in the footer placeholder (else a text box), at the size and
        in the box the plan measured, filled with the audience's banner colour."""
        sp = _footer_shape(tree, slot, "Classification")
        color = _written_ink(slot)
        if self.banner_color:
            set_fill(sp, self.banner_color)
            color = hex_code(readable_on(rgb_of(self.banner_color)))
        writer.paragraphs(sp, block.paras, color=color, align="ctr")
        return sp

    # --- notes -------------------------------------------------------------------------

    def _notes(self, slide_part: SlidePart, planned: Slide) -> None:
        """A notes page with the slide image and the notes text (placeholders made here:
        python-pptx's cloning from the notes master is slow on long decks)."""
        if not planned.notes:
            return
        part = NotesSlidePart(self.names.next("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, self.package,
                              copy.copy(self.notes_prototype))
        part.relate_to(self.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        tree = ShapeTree(part.notes_slide.element.cSld.spTree, next_id=2)
        self.stamps.place(tree, "slide image", lambda scratch: new_shape(
            scratch, "Slide Image", None, ph=self.notes_phs["sldImg"], text=False))
        body = self.stamps.place(tree, "notes", lambda scratch: new_shape(
            scratch, "Notes", None, ph=self.notes_phs["body"]))
        TextWriter(part, self.lang).notes(body, planned.notes)
        mark_drawing_text(body, self.lang)

    # --- tables ------------------------------------------------------------------------

    def _table(self, slide: PptxSlide, tree: ShapeTree, part: TablePart,
               choice: Choice) -> None:
        rect = part.rect
        frame = slide.shapes.add_table(len(part.rows) + 1, len(part.col_widths), Emu(emu(rect.x)),
                                       Emu(emu(rect.y)), Emu(emu(rect.w)), Emu(emu(rect.h)))
        tree.taken(frame.shape_id)
        frame.name = "Table"
        table = frame.table
        table.first_row = True
        table.horz_banding = True
        # Widths and heights go straight to the table's XML: python-pptx's setters add up
        # every column (row) again after each one, which grows with the cube of the width.
        grid = frame.element.graphic.graphicData.tbl
        assert grid is not None  # add_table made it
        for column, width in zip(grid.tblGrid.gridCol_lst, part.col_widths, strict=True):
            column.w = Emu(emu(width))
        for tr, height in zip(grid.tr_lst, part.row_heights, strict=True):
            tr.h = Emu(emu(height))
        frame.width = Emu(sum(emu(width) for width in part.col_widths))
        frame.height = Emu(sum(emu(height) for height in part.row_heights))
        scheme = choice.info.master.scheme
        accent = scheme.get("accent1", _TABLE_ACCENT)
        header_fill = readable_colour(accent, [WHITE], NORMAL_TEXT_RATIO)
        band = mix(accent, WHITE, 0.85)
        text_color = scheme.get("tx1", BLACK)
        # Rows and cells walked once each (``table.cell(r, c)`` finds its row anew each
        # time: a long table would cost the square of its size).
        for r, (row, cells) in enumerate(zip(table.rows, (part.header, *part.rows),
                                             strict=True)):
            fill = header_fill if r == 0 else (band if r % 2 else WHITE)
            color = WHITE if r == 0 else (text_color if _readable(text_color, fill)
                                          else BLACK)
            for c, (cell, runs) in enumerate(zip(row.cells, cells, strict=False)):
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor(*fill)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                paragraph = cell.text_frame.paragraphs[0]
                if c < len(part.align) and part.align[c] in ("center", "right"):
                    paragraph.alignment = PP_ALIGN.CENTER if part.align[c] == "center" \
                        else PP_ALIGN.RIGHT
                for source in runs:
                    run = paragraph.add_run()
                    run.text = source.text
                    run.font.size = Pt(part.size)
                    run.font.name = part.font
                    run.font.bold = source.bold or r == 0
                    run.font.italic = source.italic
                    run.font.color.rgb = RGBColor(*color)
                    if source.link:
                        run.hyperlink.address = source.link

    # --- pictures ----------------------------------------------------------------------

    def _picture(self, part: SlidePart, tree: ShapeTree, picture: PicturePart,
                 choice: Choice) -> None:
        image = self._image_part(picture.path)
        rId = part.relate_to(image, RT.IMAGE)
        rect = picture.rect
        pic = CT_Picture.new_pic(tree.take_id(), "Picture", "", rId, emu(rect.x),
                                 emu(rect.y), emu(rect.w), emu(rect.h))
        pic.nvPicPr.cNvPr.set("descr", picture.alt)
        if picture.placeholder and choice.picture is not None and choice.picture.ph is not None:
            pic.nvPicPr.nvPr.append(_clean_picture_ph(choice.picture.ph))
        tree.element.append(pic)

    # --- timelines ---------------------------------------------------------------------

    def _timeline(self, tree: ShapeTree, part: TimelinePart, choice: Choice) -> None:
        """The line, markers and labels of a timeline, each label in the colour (or on the
        panel) that reads on what lies behind it."""
        line = part.line
        add_line(tree, "Timeline", line, line.h)
        radius = part.marker / 2
        for i, mark in enumerate(part.marks, start=1):
            add_marker(tree, f"Marker {i}", Rect(mark.x - radius, line.y - radius, part.marker,
                                                 part.marker))
            date = self._slot(choice, choice.text, mark.label)
            add_label(tree, f"Date {i}", mark.label, (Run(mark.when),), part.label_size,
                      part.font, bold=True, anchor="b", color=date.ink, fill=date.panel)
            event = self._slot(choice, choice.text, mark.text)
            add_label(tree, f"Event {i}", mark.text, mark.runs, part.size, part.font,
                      color=event.ink, fill=event.panel)


def _box(tree: ShapeTree, name: str, slot: Placeholder, title: bool) -> etree._Element:
    """An empty title or body at the slot's box: the layout's placeholder, a title
    placeholder (the master's title), else a text box; on its backing panel if it has one."""
    if slot.ph is not None or title:
        sp = new_shape(tree, name, slot.rect, ph=slot.ph if slot.ph is not None
                       else _ph("title"))
        set_body(sp, insets=None if slot.ph is not None else slot.frame.inset)
    else:
        sp = new_shape(tree, name, slot.rect, text_box=True)
        set_body(sp, insets=slot.frame.inset)
    if slot.panel:
        set_fill(sp, slot.panel)
    return sp


def _footer_shape(tree: ShapeTree, slot: Placeholder, name: str) -> etree._Element:
    """A footer (classification, slide number): the layout's placeholder, else a text box
    where the master's is; on its backing panel if it has one."""
    if slot.from_layout:
        sp = new_shape(tree, name, slot.rect, ph=slot.ph)
    else:
        sp = new_shape(tree, name, slot.rect, text_box=True)
        set_body(sp, insets=slot.frame.inset, anchor="ctr", autofit=False)
    if slot.panel:
        set_fill(sp, slot.panel)
    return sp


def _readable(text: RGB, fill: RGB) -> bool:
    return contrast_ratio(text, fill) >= NORMAL_TEXT_RATIO


def _written_ink(slot: Placeholder) -> str | None:
    """The colour to write on a footer: the slot's own when drawn as a text box or when the
    template's reads badly; else inherited."""
    return slot.ink if slot.recolor or not slot.from_layout else None


def _notes_placeholders(master: etree._Element) -> dict[str, etree._Element]:
    """The notes master's slide-image and body placeholders (their ``p:ph``)."""
    found = {"sldImg": _ph("sldImg"), "body": _ph("body", "1")}
    for ph in master.iter(qn("p:ph")):
        kind = ph.get("type", "obj")
        if kind in found:
            found[kind] = ph
    return found


def _ph(kind: str, idx: str | None = None) -> etree._Element:
    ph = OxmlElement("p:ph")
    ph.set("type", kind)
    if idx is not None:
        ph.set("idx", idx)
    return ph


def _clean_picture_ph(ph: etree._Element) -> etree._Element:
    clean = OxmlElement("p:ph")
    clean.set("type", "pic")
    if ph.get("idx") is not None:
        clean.set("idx", ph.get("idx"))
    return clean


def _field_id(slot: Placeholder) -> str:
    source = slot.source
    if source is not None:
        found = source.find(f".//{qn('a:fld')}")
        if found is not None and found.get("id"):
            return found.get("id")
    return SLIDE_NUMBER_FIELD_ID
