"""The PowerPoint renderer: draws a slide plan into the user's template.

:func:`render_deck` opens the template (sample slides removed; masters, layouts, theme and
footers kept), renders its Jinja placeholders, reads its layouts for the plan
(:mod:`exporter.render.pptx_template`), asks :func:`exporter.deck.plan_deck` for the slides,
and draws them: placeholders copied from the chosen layouts with the plan's text and sizes,
native tables, pictures fitted without distortion, timelines as editable shapes, speaker
notes, and on every slide the classification banner and the slide number in the footer
placeholders (or text boxes where the master would put them). :func:`check_template`
validates a template without rendering.

Slides are added without python-pptx's ``slides.add_slide``, whose id and relationship
scans grow with the deck: slide ids, part names and relationships come from counters, so
rendering stays linear in the number of slides. Output is byte-identical for the same
input: core-property dates come from the document's date and the package is serialised and
zipped once by :class:`exporter.ooxml.PackageBuilder`. A long deck's second half is drawn
by a forked copy of the process and adopted as finished parts (:func:`_draw`), the same
bytes as if it had been drawn here.
"""

from __future__ import annotations

import copy
import functools
import logging
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import NAMESPACE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, _Relationships
from pptx.opc.packuri import PACKAGE_URI, PackURI
from pptx.opc.serialized import PackageWriter
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
    PictureInfo,
    PicturePart,
    Rect,
    Slide,
    TablePart,
    TextBlock,
    TimelinePart,
    plan_deck,
)
from exporter.metrics import FontMeasurer, start_family_listing
from exporter.model import Document, Image, Run
from exporter.ooxml import PackageBuilder, package_date
from exporter.parallel import ForkedCall, fork_available
from exporter.render import RenderJob, TemplateFile
from exporter.render.pptx_draw import (
    SLIDE_NUMBER_FIELD_ID,
    ShapeTree,
    Stamps,
    TextWriter,
    add_label,
    add_line,
    add_marker,
    contrast,
    darkened_for,
    emu,
    mix,
    new_shape,
    readable_on,
    set_body,
    set_fill,
)
from exporter.render.pptx_template import (
    MIN_FOOTER_SIZE,
    PLAIN_ROLES,
    Choice,
    LayoutInfo,
    Placeholder,
    TemplateAnalysis,
    analyse,
    check_placeholders,
    footer_slot,
    open_template,
    qn,
    render_placeholders,
)

log = logging.getLogger("exporter")

BANNER_HEIGHT = 22.0  # points, for a banner drawn as a text box
_RELS_NS = NAMESPACE.OPC_RELATIONSHIPS
#: Longest text python-pptx accepts in a core property.
CORE_PROPERTY_LIMIT = 255


def warm_up() -> None:
    """Start, in the background, what the first deck of a process waits for: fontconfig's
    list of installed families (a worker calls this after loading the renderer)."""
    start_family_listing()


def render_deck(job: RenderJob) -> bytes:
    """The deck for ``job`` as .pptx bytes (byte-identical for the same input)."""
    prs = open_template(job.template)
    render_placeholders(prs, job.context, str(job.template.path))
    analysis = analyse(prs, job.audience.layouts, name=job.template.path.name)
    for warning in analysis.general:
        log.warning(warning)
    pictures = _pictures(job.document, job.base_dir)
    plan = plan_deck(job.document, job.audience, analysis.geometry, FontMeasurer(),
                     pictures=pictures)
    for role in ROLES:
        if role in plan.roles and role in analysis.warnings:
            log.warning(analysis.warnings[role])
    for warning in plan.warnings:
        log.warning(warning)
    _draw(_DeckWriter(prs, analysis, job), plan.slides)
    _core_properties(prs, job)
    return _package(prs)


#: A deck of at least this many slides is drawn by two processes where that is safe
#: (:func:`exporter.parallel.fork_available`): the second half by a forked copy of this one.
SPLIT_MIN_SLIDES = 160


def _draw(writer: _DeckWriter, slides: Sequence[Slide]) -> None:
    """Draw every slide: a long deck's second half in a forked copy while this process
    draws the first, then adopted here (drawn here after all if the copy failed)."""
    split = len(slides) // 2 if len(slides) >= SPLIT_MIN_SLIDES and fork_available() else 0
    if not split:
        writer.add_all(slides, first=1)
        return
    with ForkedCall(lambda: writer.drawn_apart(slides, split)) as apart:
        writer.add_all(slides[:split], first=1)
        drawn = apart.result()
    if drawn is None:
        writer.add_all(slides[split:], first=split + 1)
    else:
        writer.adopt(drawn)


class _PartData(NamedTuple):
    """A finished part: name, content type, bytes and relationships in rId order, each
    ``(rId, type, target part name or external address, external)``."""

    name: str
    content_type: str
    blob: bytes
    rels: tuple[tuple[str, str, str, bool], ...]


class _Drawn(NamedTuple):
    """Slides drawn by a forked copy: (slide, notes page or None) for each, and the
    pictures they were first to use."""

    pages: tuple[tuple[_PartData, _PartData | None], ...]
    images: tuple[_PartData, ...]


def _exported(part: Part) -> _PartData:
    rels = tuple((rId, rel.reltype, rel.target_ref if rel.is_external
                  else str(rel.target_partname), rel.is_external)
                 for rId, rel in sorted(part.rels.items(), key=_rid_order))
    return _PartData(str(part.partname), part.content_type, part.blob, rels)


def _relate(part: Part, rels: tuple[tuple[str, str, str, bool], ...],
            parts: Mapping[str, Part]) -> None:
    """Give ``part`` the relationships it had where it was drawn, with the same rIds."""
    for rId, reltype, target, external in rels:
        given = part.rels._add_relationship(reltype, target if external else parts[target],
                                           is_external=external)
        if given != rId:
            raise RuntimeError(f"{part.partname}: relationship {rId} became {given}")


def check_template(template: TemplateFile, layouts: Mapping[str, str] = {}) -> list[str]:
    """Validate a PowerPoint template without rendering: TemplateError when it cannot be
    used, else the warnings a build would give (missing layouts and their fallbacks)."""
    prs = open_template(template)
    check_placeholders(prs, str(template.path))
    analysis = analyse(prs, layouts, name=template.path.name)
    return [*analysis.general, *analysis.warnings.values()]


# ---------------------------------------------------------------------------------------
# Pictures and document properties
# ---------------------------------------------------------------------------------------


def _images(document: Document) -> list[Image]:
    return [block for section in document.walk() for block in section.blocks
            if isinstance(block, Image)]


def _pictures(document: Document, base_dir: Path) -> dict[str, PictureInfo]:
    """Every image of the document that can be embedded; a warning for the others."""
    found: dict[str, PictureInfo] = {}
    for image in _images(document):
        if image.src in found:
            continue
        if "://" in image.src:
            log.warning("%s: remote image not embedded in the deck; download it next to the "
                        "content file", image.src)
            continue
        path = Path(image.src) if Path(image.src).is_absolute() else base_dir / image.src
        try:
            picture = PackageImage.from_file(str(path))
            width, height = picture.size
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s: image cannot be read (%s); left out of the deck", path,
                        type(exc).__name__)
            continue
        if width <= 0 or height <= 0:
            log.warning("%s: image has no size; left out of the deck", path)
            continue
        found[image.src] = PictureInfo(str(path), width, height)
    return found


def _clip(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """Text short enough for a core property (cut at a word, with an ellipsis)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _core_properties(prs: Presentation, job: RenderJob) -> None:
    meta = job.document.meta
    props = prs.core_properties
    props.title = _clip(meta.title)
    props.subject = _clip(meta.subtitle)
    props.author = _clip(meta.author)
    props.last_modified_by = _clip(meta.author)
    props.keywords = _clip(", ".join(meta.keywords))
    props.category = _clip(str(job.context.get("classification", "") or ""))
    props.comments = _clip(meta.summary)
    props.language = _clip(meta.lang)
    props.revision = 1
    props.created = props.modified = package_date(meta.date)


def _package(prs: Presentation) -> bytes:
    """The .pptx bytes: what ``prs.save()`` would write, serialised once and zipped once,
    reproducibly, by :class:`exporter.ooxml.PackageBuilder`.

    Relationship files are written here rather than by python-pptx, which builds each one
    element by element and computes every target's relative path anew: a long deck has
    two of them per slide."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    collected = PackageBuilder()
    PackageWriter("", package._rels, parts)._write_content_types_stream(
        collected)  # type: ignore[arg-type]
    collected.write(PACKAGE_URI.rels_uri, _rels_xml(package._rels, "/"))
    for part in parts:
        collected.write(part.partname, part.blob)
        if part._rels:
            collected.write(part.partname.rels_uri, _rels_xml(part._rels,
                                                              part.partname.baseURI))
    return collected.package()


_RELS_START = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
               f'<Relationships xmlns="{_RELS_NS}"')
#: What lxml writes for these characters in an attribute value.
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _rels_xml(rels: _Relationships, base: str) -> bytes:
    """A ``.rels`` file as python-pptx writes it (the same bytes lxml would): relationships
    in numerical order, targets relative to ``base``, external ones marked. Written as
    text: a long deck has two of them per slide."""
    items = []
    for rId, rel in sorted(rels.items(), key=_rid_order):
        if rel.is_external:
            target, mode = _attribute(rel.target_ref), ' TargetMode="External"'
        else:
            target, mode = _relative(rel.target_partname, base), ""
        items.append(f'<Relationship Id="{_attribute(rId)}" Type="{_attribute(rel.reltype)}" '
                     f'Target="{target}"{mode}/>')
    body = ">" + "".join(items) + "</Relationships>" if items else "/>"
    return (_RELS_START + body).encode("utf-8")


@functools.lru_cache(maxsize=1024)
def _attribute(value: str) -> str:
    return value.translate(_ATTRIBUTE_ESCAPES)


def _rid_order(item: tuple[str, object]) -> tuple[int, str]:
    rId = item[0]
    number = rId[3:]
    return (int(number) if rId.startswith("rId") and number.isdigit() else 0, rId)


def _relative(partname: str, base: str) -> str:
    """``partname`` relative to the folder ``base`` ("/ppt/slides"), escaped for XML."""
    if base == "/":
        return _attribute(partname[1:])
    folder, _, name = partname.rpartition("/")
    relative = _relative_folder(folder or "/", base)
    return _attribute(f"{relative}/{name}" if relative else name)


@functools.lru_cache(maxsize=256)
def _relative_folder(folder: str, base: str) -> str:
    relative = posixpath.relpath(folder, base)
    return "" if relative == "." else relative


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

    def __init__(self, prs: Presentation, analysis: TemplateAnalysis, job: RenderJob) -> None:
        self.prs = prs
        self.analysis = analysis
        self.package = prs.part.package
        self.names = _PartNames({str(part.partname) for part in self.package.iter_parts()})
        self.id_list = prs.part._element.get_or_add_sldIdLst()
        self.next_id = 1 + max((int(i) for i in self.id_list.xpath("./p:sldId/@id")),
                               default=255)
        self.notes_master_part = prs.part.notes_master_part
        self.notes_phs = _notes_placeholders(self.notes_master_part._element)
        # New slides and notes pages are copies of python-pptx's empty ones (it parses or
        # even reads them from disk each time): only the group shape, id 1, is on them.
        self.slide_prototype = CT_Slide.new()
        self.notes_prototype = CT_NotesSlide.new()
        self.lang = job.document.meta.lang
        self.banner = str(job.context.get("classification", "") or "")
        self.banner_color = job.audience.banner_color.lstrip("#").upper()
        self.images: dict[str, ImagePart] = {}
        self.slide_size = (prs.slide_width or 9144000, prs.slide_height or 6858000)
        self.stamps = Stamps()
        self.footer_slots: dict[tuple[int, str], Placeholder | None] = {}
        self.slide_parts: list[SlidePart] = []
        self.image_parts: list[ImagePart] = []

    # --- parts -------------------------------------------------------------------------

    def _slide_part(self, layout: SlideLayout) -> SlidePart:
        part = SlidePart(self.names.next("/ppt/slides/slide%d.xml"), CT.PML_SLIDE,
                         self.package, copy.copy(self.slide_prototype))
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        self._list(part)
        self.slide_parts.append(part)
        return part

    def _list(self, part: Part) -> None:
        """Add a slide to the presentation's list of slides. (Its one relationship per
        slide is added directly, not through relate_to(), whose check scans them all.)"""
        rId = self.prs.part._rels._add_relationship(RT.SLIDE, part)
        etree.SubElement(self.id_list, qn("p:sldId"), {"id": str(self.next_id), qn("r:id"): rId})
        self.next_id += 1

    def _image_part(self, path: str) -> ImagePart:
        image = PackageImage.from_file(path)
        part = self.images.get(image.sha1)
        if part is None:
            part = ImagePart(self.names.next(f"/ppt/media/image%d.{image.ext}"),
                             image.content_type, self.package, image.blob, image.filename)
            self.images[image.sha1] = part
            self.image_parts.append(part)
        return part

    # --- a long deck drawn by two processes --------------------------------------------

    def drawn_apart(self, slides: Sequence[Slide], start: int) -> _Drawn:
        """(In a forked copy.) ``slides[start:]``, drawn as they would be after
        ``slides[:start]`` (whose part names and pictures are only reserved), as finished
        parts for :meth:`adopt`."""
        for planned in slides[:start]:
            self.names.next("/ppt/slides/slide%d.xml")
            if planned.notes:
                self.names.next("/ppt/notesSlides/notesSlide%d.xml")
            if planned.picture is not None:
                self._image_part(planned.picture.path)
        first_slide, first_image = len(self.slide_parts), len(self.image_parts)
        self.add_all(slides[start:], first=start + 1)
        pages = []
        for part in self.slide_parts[first_slide:]:
            notes = next((rel.target_part for rel in part.rels.values()
                          if rel.reltype == RT.NOTES_SLIDE), None)
            pages.append((_exported(part), None if notes is None else _exported(notes)))
        return _Drawn(tuple(pages), tuple(_exported(p) for p in self.image_parts[first_image:]))

    def adopt(self, drawn: _Drawn) -> None:
        """Add the slides a forked copy drew (:meth:`drawn_apart`) after those drawn here:
        the same parts, relationships and ids as if they had been drawn here."""
        parts = {str(part.partname): part for part in self.package.iter_parts()}

        def part_of(data: _PartData) -> Part:
            part = parts[data.name] = Part(PackURI(data.name), data.content_type,
                                           self.package, data.blob)
            return part

        for image in drawn.images:
            part_of(image)
        # Every part first, then their relationships: slides and notes pages point at
        # each other.
        pages = [[(part_of(data), data) for data in page if data is not None]
                 for page in drawn.pages]
        for page in pages:
            for part, data in page:
                _relate(part, data.rels, parts)
            self._list(page[0][0])

    # --- a slide -----------------------------------------------------------------------

    def add_all(self, slides: Sequence[Slide], first: int) -> None:
        """Draw ``slides``, numbered from ``first``."""
        for number, planned in enumerate(slides, start=first):
            self.add(planned, number)

    def add(self, planned: Slide, number: int) -> None:
        choice = self.analysis.choices[planned.role]
        part = self._slide_part(choice.info.layout)
        tree = ShapeTree(part._element.cSld.spTree, next_id=2)
        writer = TextWriter(part, self.lang)
        self._title(tree, writer, choice.title, planned.title)
        plain = choice.role in PLAIN_ROLES
        for slot, block in zip(choice.bodies, planned.bodies, strict=False):
            self._body(tree, writer, slot, block, plain)
        if planned.table is not None:
            self._table(part.slide, tree, planned.table, choice)
        if planned.picture is not None:
            self._picture(part, tree, planned.picture, choice)
        if planned.timeline is not None:
            self._timeline(tree, planned.timeline)
        self._footers(tree, writer, choice.info, number, planned.kind == "title")
        self._notes(part, planned)

    def _title(self, tree: ShapeTree, writer: TextWriter, slot: Placeholder,
               block: TextBlock) -> None:
        sp = self.stamps.place(tree, ("title", id(slot)), lambda scratch: self._box(
            scratch, "Title", slot, slot.ph if slot.ph is not None else _ph("title")))
        writer.paragraphs(sp, block.paras, color=slot.ink if slot.recolor else None)

    def _body(self, tree: ShapeTree, writer: TextWriter, slot: Placeholder,
              block: TextBlock, plain: bool) -> None:
        sp = self.stamps.place(tree, ("body", id(slot)), lambda scratch: self._box(
            scratch, "Content", slot, slot.ph))
        if slot.from_layout:
            writer.paragraphs(sp, block.paras, plain=plain,
                              color=slot.ink if slot.recolor else None)
            return
        writer.paragraphs(sp, block.paras, font=slot.frame.levels[0].font, bullets=not plain,
                          plain=plain, color=slot.ink)

    @staticmethod
    def _box(tree: ShapeTree, name: str, slot: Placeholder,
             ph: etree._Element | None) -> etree._Element:
        """An empty title or body: the layout's placeholder, else a text box."""
        if ph is not None:
            sp = new_shape(tree, name, slot.rect, ph=ph)
            set_body(sp)
        else:
            sp = new_shape(tree, name, slot.rect, text_box=True)
            set_body(sp, insets=slot.frame.inset)
        return sp

    # --- footers -----------------------------------------------------------------------

    def _footers(self, tree: ShapeTree, writer: TextWriter, info: LayoutInfo,
                 number: int, title_slide: bool) -> None:
        if self.banner:
            self.stamps.place(tree, ("banner", id(info)), lambda scratch: self._banner(
                scratch, writer, self._footer_slot(info, "ftr")))
        if not title_slide:
            slot = self._footer_slot(info, "sldNum")
            if slot is not None:
                sp = self.stamps.place(tree, ("number", id(slot)), lambda scratch: (
                    self._footer_shape(scratch, slot, "Slide Number")))
                writer.slide_number(sp, number, max(MIN_FOOTER_SIZE, slot.frame.base_size),
                                    _field_id(slot), color=_written_ink(slot))

    def _footer_slot(self, info: LayoutInfo, kind: str) -> Placeholder | None:
        key = (id(info), kind)
        if key not in self.footer_slots:
            self.footer_slots[key] = footer_slot(info, kind)
        return self.footer_slots[key]

    def _footer_shape(self, tree: ShapeTree, slot: Placeholder,
                      name: str) -> etree._Element:
        if slot.from_layout:
            sp = new_shape(tree, name, slot.rect, ph=slot.ph)
        else:
            sp = new_shape(tree, name, slot.rect, text_box=True)
            set_body(sp, insets=slot.frame.inset, anchor="ctr", autofit=False)
        return sp

    def _banner(self, tree: ShapeTree, writer: TextWriter,
                slot: Placeholder | None) -> etree._Element:
        """The classification on the slide: in the footer placeholder, else a text box."""
        if slot is None:
            width, height = self.slide_size
            rect = Rect(0, height / 12700 - BANNER_HEIGHT, width / 12700, BANNER_HEIGHT)
            sp = new_shape(tree, "Classification", rect, text_box=True)
            set_body(sp, insets=(4, 2, 4, 2), anchor="ctr", autofit=False)
            size = MIN_FOOTER_SIZE
        else:
            sp = self._footer_shape(tree, slot, "Classification")
            size = max(MIN_FOOTER_SIZE, slot.frame.base_size)
        color = None if slot is None else _written_ink(slot)
        if self.banner_color:
            set_fill(sp, self.banner_color)
            color = readable_on(self.banner_color)
        writer.plain(sp, self.banner, size, color=color, bold=bool(self.banner_color),
                     align="ctr")
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
        tree = ShapeTree(part._element.cSld.spTree, next_id=2)
        self.stamps.place(tree, "slide image", lambda scratch: new_shape(
            scratch, "Slide Image", None, ph=self.notes_phs["sldImg"], text=False))
        body = self.stamps.place(tree, "notes", lambda scratch: new_shape(
            scratch, "Notes", None, ph=self.notes_phs["body"]))
        TextWriter(part, self.lang).notes(body, planned.notes)

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
        for i, width in enumerate(part.col_widths):
            table.columns[i].width = Emu(emu(width))
        for i, height in enumerate(part.row_heights):
            table.rows[i].height = Emu(emu(height))
        accent = choice.info.master.color("accent1", "1F4E79")
        header_fill = darkened_for(accent)
        band = mix(accent, "FFFFFF", 0.85)
        text_color = choice.info.master.color("tx1", "000000")
        for r, cells in enumerate((part.header, *part.rows)):
            fill = header_fill if r == 0 else (band if r % 2 else "FFFFFF")
            color = "FFFFFF" if r == 0 else (text_color if _readable(text_color, fill)
                                             else "000000")
            for c, runs in enumerate(cells):
                cell = table.cell(r, c)
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(fill)
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
                    run.font.color.rgb = RGBColor.from_string(color)
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

    @staticmethod
    def _timeline(tree: ShapeTree, part: TimelinePart) -> None:
        line = part.line
        add_line(tree, "Timeline", line, line.h)
        radius = part.marker / 2
        for i, mark in enumerate(part.marks, start=1):
            add_marker(tree, f"Marker {i}", Rect(mark.x - radius, line.y - radius, part.marker,
                                                 part.marker))
            add_label(tree, f"Date {i}", mark.label, (Run(mark.when),), part.label_size,
                      part.font, bold=True, anchor="b")
            add_label(tree, f"Event {i}", mark.text, mark.runs, part.size, part.font)


def _readable(text: str, fill: str) -> bool:
    return contrast(text, fill) >= 4.5


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
