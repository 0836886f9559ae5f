"""Generate the shipped Word templates (``templates/<look>/briefing.docx``) from tools/looks.py.

Run ``python tools/make_docx_templates.py`` after changing a look; the generated files are
committed. Each template starts from python-docx's default package and gets:

- its styles rebuilt from the look (Calibri body, Cambria or Calibri headings, the look's
  colours; spacing in the styles, never empty paragraphs), plus the styles a briefing uses
  that Word only adds on demand (TOC 1-3, Hyperlink, Source Code, Verbatim Char);
- a "Table Grid" table style with rules in the look's colours and a tinted header row;
- header and footer: the classification banner (``{{ classification }}`` on the look's
  banner fill), a running title, and "Page n of N" (PAGE / NUMPAGES fields between the
  words of ``page_numbering``);
- a body: for full-depth looks a cover page (label, title, subtitle, date, audience,
  classification placeholders) and a section break before the ``{{ body }}`` anchor; for
  the executive look a compact title block directly above ``{{ body }}``;
- none of what the default package carries for nothing (:func:`trim`): the Word 2010 copy
  of the styles, another document's thumbnail, the gallery's other table styles.

Every word of them is a placeholder (``labels``, ``display_date``, ``page_numbering``), so
the outputs speak the reader's language (:mod:`exporter.labels`).

Fields and borders are built as oxml elements; the output is re-zipped reproducibly.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporter.ooxml.colour import NORMAL_TEXT_RATIO, WHITE, contrast_ratio, rgb_of  # noqa: E402
from exporter.ooxml.package import reproducible_zip  # noqa: E402
from tools.looks import LOOKS, Look  # noqa: E402

INK = "222222"  # body text: 15.9:1 on white
TEXT_WIDTH = {"full": 9360, "compact": 10080}  # twips between the margins
COMPACT_LOOKS = {"executive"}


@dataclass(frozen=True)
class Type:
    """Sizes (half-points) of one template's type scale."""

    body: int
    title: int
    subtitle: int
    h1: int
    h2: int
    h3: int


SCALE = {"full": Type(body=22, title=56, subtitle=30, h1=32, h2=26, h3=23),
         "compact": Type(body=21, title=40, subtitle=24, h1=26, h2=23, h3=21)}


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element
       ) -> etree._Element:
    node = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        node.set(qn(key), value)
    for child in children:
        node.append(child)
    return node


def readable(colour: str, fallback: str) -> str:
    """``colour`` if it reads on white (WCAG 4.5:1), else ``fallback``."""
    return colour if contrast_ratio(rgb_of(colour), WHITE) >= NORMAL_TEXT_RATIO else fallback


# --- styles -------------------------------------------------------------------------------


def run_props(*, font: str = "", size: int = 0, bold: bool | None = None,
              italic: bool | None = None, colour: str = "", caps: bool = False,
              spacing: int = 0, lang: str = "") -> etree._Element:
    rpr = el("w:rPr")
    if font:
        rpr.append(el("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font,
                                   "w:cs": font}))
    if bold is not None:
        rpr.append(el("w:b", {"w:val": "1" if bold else "0"}))
        rpr.append(el("w:bCs", {"w:val": "1" if bold else "0"}))
    if italic is not None:
        rpr.append(el("w:i", {"w:val": "1" if italic else "0"}))
    if caps:
        rpr.append(el("w:caps"))
    if colour:
        rpr.append(el("w:color", {"w:val": colour}))
    if spacing:
        rpr.append(el("w:spacing", {"w:val": str(spacing)}))
    if size:
        rpr.append(el("w:sz", {"w:val": str(size)}))
        rpr.append(el("w:szCs", {"w:val": str(size)}))
    if lang:
        rpr.append(el("w:lang", {"w:val": lang}))
    return rpr


def para_props(*, before: int | None = None, after: int | None = None, line: int = 0,
               keep: bool = False, outline: int | None = None, border: str = "",
               border_size: int = 8, border_edge: str = "bottom", shade: str = "",
               left: int = 0, hanging: int = 0, justify: str = "",
               tabs: tuple[tuple[str, int, str], ...] = (), page_break: bool = False
               ) -> etree._Element:
    ppr = el("w:pPr")
    if keep:
        ppr.append(el("w:keepNext"))
        ppr.append(el("w:keepLines"))
    if page_break:
        ppr.append(el("w:pageBreakBefore"))
    if border:
        ppr.append(el("w:pBdr", {}, el(f"w:{border_edge}", {
            "w:val": "single", "w:sz": str(border_size), "w:space": "4",
            "w:color": border})))
    if shade:
        ppr.append(el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade}))
    if tabs:
        ppr.append(el("w:tabs", {}, *(el("w:tab", {"w:val": kind, "w:pos": str(pos),
                                                   "w:leader": leader})
                                      for kind, pos, leader in tabs)))
    spacing = {}
    if before is not None:
        spacing["w:before"] = str(before)
    if after is not None:
        spacing["w:after"] = str(after)
    if line:
        spacing.update({"w:line": str(line), "w:lineRule": "auto"})
    if spacing:
        ppr.append(el("w:spacing", spacing))
    if left or hanging:
        ind = {"w:left": str(left)}
        if hanging:
            ind["w:hanging"] = str(hanging)
        ppr.append(el("w:ind", ind))
    if justify:
        ppr.append(el("w:jc", {"w:val": justify}))
    if outline is not None:
        ppr.append(el("w:outlineLvl", {"w:val": str(outline)}))
    return ppr


class Styles:
    """Rebuilds or adds the styles of one template."""

    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self.styles = document.styles

    def define(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH, *,
               based_on: str | None = "Normal", next_style: str | None = None,
               ppr: etree._Element | None = None, rpr: etree._Element | None = None,
               extra: tuple[etree._Element, ...] = ()) -> None:
        """(Re)define style ``name`` with exactly these properties."""
        try:
            style = self.styles[name]
        except KeyError:
            style = self.styles.add_style(name, kind)
        element = style.element
        for tag in ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr",
                    "w:link", "w:basedOn", "w:next", "w:rsid", "w:semiHidden",
                    "w:unhideWhenUsed"):
            for child in element.findall(qn(tag)):
                element.remove(child)
        anchor = element.find(qn("w:name"))
        position = list(element).index(anchor) + 1
        if based_on:
            element.insert(position, el("w:basedOn", {"w:val": self.styles[based_on].style_id}))
            position += 1
        if next_style:
            element.insert(position, el("w:next", {"w:val": self.styles[next_style].style_id}))
        if element.find(qn("w:qFormat")) is None:
            element.append(el("w:qFormat"))
        for child in (ppr, rpr, *extra):
            if child is not None and (len(child) or child.tag != qn("w:rPr")):
                element.append(child)


def build_styles(document: docx.document.Document, look: Look, compact: bool) -> None:
    scale = SCALE["compact" if compact else "full"]
    width = TEXT_WIDTH["compact" if compact else "full"]
    link = readable(look.accent, look.primary)
    muted = readable(look.muted, INK)
    _defaults(document, look, scale)
    styles = Styles(document)
    body_after = 120 if compact else 160
    styles.define("Normal", based_on=None,
                  ppr=para_props(before=0, after=body_after, line=259 if compact else 269),
                  rpr=run_props(font=look.body_font, size=scale.body, colour=INK))
    styles.define("Body Text", next_style="Body Text")
    styles.define("Title", next_style="Normal",
                  ppr=para_props(before=0, after=120, line=240, keep=True),
                  rpr=run_props(font=look.heading_font, size=scale.title, bold=True,
                                colour=look.primary))
    styles.define("Subtitle", next_style="Normal",
                  ppr=para_props(before=0, after=240 if not compact else 120),
                  rpr=run_props(font=look.body_font, size=scale.subtitle, italic=False,
                                colour=muted))
    heading_sizes = (scale.h1, scale.h2, scale.h3)
    before = (200, 160, 120) if compact else (360, 240, 200)
    for level, size in enumerate(heading_sizes, start=1):
        styles.define(f"Heading {level}", next_style="Normal",
                      ppr=para_props(before=before[level - 1], after=80 if compact else 100,
                                     keep=True, outline=level - 1,
                                     border=look.accent if level == 1 else "",
                                     border_size=6),
                      rpr=run_props(font=look.heading_font, size=size, bold=True,
                                    italic=False,
                                    colour=look.primary if level < 3 else muted))
    for name in ("List Bullet", "List Number"):
        styles.define(name, ppr=para_props(after=60 if compact else 80))
    styles.define("Caption", next_style="Normal", ppr=para_props(before=60, after=160),
                  rpr=run_props(size=18, italic=True, bold=False, colour=muted))
    styles.define("Quote", next_style="Normal",
                  ppr=para_props(left=432, border=look.accent, border_edge="left",
                                 border_size=18),
                  rpr=run_props(italic=True, colour=muted))
    styles.define("Source Code", ppr=para_props(after=160, line=240, shade="F2F2F2"),
                  rpr=run_props(font="Courier New", size=19))
    styles.define("Verbatim Char", WD_STYLE_TYPE.CHARACTER, based_on=None,
                  rpr=run_props(font="Courier New", size=20))
    styles.define("Hyperlink", WD_STYLE_TYPE.CHARACTER, based_on=None,
                  rpr=_underlined(run_props(colour=link)))
    styles.define("TOC Heading", next_style="Normal",
                  ppr=para_props(before=0, after=160, keep=True),
                  rpr=run_props(font=look.heading_font, size=scale.h1, bold=True,
                                colour=look.primary))
    for level in (1, 2, 3):
        styles.define(f"TOC {level}", next_style="Normal",
                      ppr=para_props(before=80 if level == 1 else 0, after=40,
                                     left=220 * (level - 1),
                                     tabs=(("right", width, "dot"),)),
                      rpr=run_props(bold=level == 1))
    styles.define("Cover Label", next_style="Normal",
                  ppr=para_props(before=2880, after=200, border=look.accent,
                                 border_edge="top", border_size=24),
                  rpr=run_props(size=22, bold=True, caps=True, spacing=20,
                                colour=readable(look.accent, look.primary)))
    styles.define("Cover Meta", next_style="Normal", ppr=para_props(before=0, after=60),
                  rpr=run_props(size=22, colour=muted))
    styles.define("Header", ppr=para_props(before=0, after=0, tabs=(("right", width, "none"),)),
                  rpr=run_props(size=16, colour=muted))
    styles.define("Footer", ppr=para_props(before=0, after=0, tabs=(("right", width, "none"),)),
                  rpr=run_props(size=16, colour=muted))
    styles.define("Classification Banner", ppr=para_props(
        before=0, after=0, justify="center", shade=look.banner),
        rpr=run_props(size=16, bold=True, caps=True, spacing=10, colour=look.banner_text))
    _table_style(styles, look)
    _readable_leftovers(document, look)


def _readable_leftovers(document: docx.document.Document, look: Look) -> None:
    """Give the package's other styles (Heading 4-9, Intense Quote...) readable colours."""
    for style in document.styles.element.iterfind(qn("w:style")):
        if style.get(qn("w:type")) == "table" or style.find(f".//{qn('w:shd')}") is not None:
            continue
        colour = style.find(f"{qn('w:rPr')}/{qn('w:color')}")
        if colour is None or readable(colour.get(qn("w:val"), INK), "") != "":
            continue
        colour.set(qn("w:val"), look.primary)
        for name in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(name), None)


def _underlined(rpr: etree._Element) -> etree._Element:
    rpr.append(el("w:u", {"w:val": "single"}))
    return rpr


def _defaults(document: docx.document.Document, look: Look, scale: Type) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    for child in list(rpr_default):
        rpr_default.remove(child)
    rpr_default.append(run_props(font=look.body_font, size=scale.body, lang="en-US"))


def _table_style(styles: Styles, look: Look) -> None:
    def border(edge: str, colour: str, size: int) -> etree._Element:
        return el(f"w:{edge}", {"w:val": "single", "w:sz": str(size), "w:space": "0",
                                "w:color": colour})
    table_pr = el("w:tblPr", {},
                  el("w:tblBorders", {}, border("top", look.primary, 8),
                     border("bottom", look.primary, 8), border("insideH", "BFBFBF", 4)),
                  el("w:tblCellMar", {}, el("w:top", {"w:w": "40", "w:type": "dxa"}),
                     el("w:left", {"w:w": "108", "w:type": "dxa"}),
                     el("w:bottom", {"w:w": "40", "w:type": "dxa"}),
                     el("w:right", {"w:w": "108", "w:type": "dxa"})))
    header = el("w:tblStylePr", {"w:type": "firstRow"},
                run_props(bold=True, colour=look.primary),
                el("w:tblPr"),
                el("w:trPr", {}, el("w:tblHeader")),
                el("w:tcPr", {}, el("w:tcBorders", {}, border("bottom", look.primary, 8)),
                   el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": look.light})))
    styles.define("Table Grid", WD_STYLE_TYPE.TABLE, based_on=None,
                  ppr=para_props(before=0, after=0, line=240),
                  rpr=run_props(size=20), extra=(table_pr, header))


# --- header, footer, body -------------------------------------------------------------------


def field_runs(instruction: str, placeholder: str) -> list[etree._Element]:
    """A complex field (PAGE, NUMPAGES) with a cached result."""
    def char(kind: str) -> etree._Element:
        return el("w:r", {}, el("w:fldChar", {"w:fldCharType": kind}))
    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    result = el("w:t")
    result.text = placeholder
    return [char("begin"), el("w:r", {}, instr), char("separate"), el("w:r", {}, result),
            char("end")]


def add_paragraph(container, text: str, style: str) -> etree._Element:
    paragraph = container.add_paragraph(text, style=style)
    return paragraph._p


def build_header_footer(document: docx.document.Document) -> None:
    section = document.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    first.text = "{% if classification %}"
    add_paragraph(header, "{{ classification }}", "Classification Banner")
    add_paragraph(header, "{% endif %}", "Header")
    running = header.add_paragraph("{{ title }}", style="Header")
    running.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer
    footer.is_linked_to_previous = False
    line = footer.paragraphs[0]
    line.style = document.styles["Footer"]
    line.add_run("{{ audience.label }}\t")
    for run in (el("w:r", {}, _text("{{ page_numbering.before }}")), *field_runs("PAGE", "1"),
                el("w:r", {}, _text("{{ page_numbering.between }}")),
                *field_runs("NUMPAGES", "1"), el("w:r", {}, _text("{{ page_numbering.after }}"))):
        line._p.append(run)
    add_paragraph(footer, "{% if classification %}", "Footer")
    add_paragraph(footer, "{{ classification }}", "Classification Banner")
    add_paragraph(footer, "{% endif %}", "Footer")


def _text(value: str) -> etree._Element:
    node = el("w:t")
    node.text = value
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return node


def build_cover(document: docx.document.Document) -> None:
    """Cover page: label, title, subtitle, meta lines; then a new section for the body."""
    document.add_paragraph("{{ labels.briefing_cover }}", style="Cover Label")
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{% if subtitle %}", style="Subtitle")
    document.add_paragraph("{{ subtitle }}", style="Subtitle")
    document.add_paragraph("{% endif %}", style="Subtitle")
    document.add_paragraph("{{ display_date }}", style="Cover Meta")
    document.add_paragraph("{{ labels.prepared_for }}", style="Cover Meta")
    document.add_paragraph("{% if classification %}", style="Cover Meta")
    document.add_paragraph("{{ labels.classification_line }}", style="Cover Meta")
    document.add_paragraph("{% endif %}", style="Cover Meta")
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("{{ body }}", style="Normal")


def build_title_block(document: docx.document.Document) -> None:
    """Compact top of page one: label line, title, subtitle, then the body."""
    label = document.add_paragraph("{{ labels.brief_cover }} \u00b7 {{ display_date }}",
                                   style="Cover Label")
    label.paragraph_format.space_before = 0
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{% if subtitle %}", style="Subtitle")
    document.add_paragraph("{{ subtitle }}", style="Subtitle")
    document.add_paragraph("{% endif %}", style="Subtitle")
    document.add_paragraph("{{ body }}", style="Normal")


def set_page(document: docx.document.Document, compact: bool) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        margin = Inches(0.75) if compact else Inches(1)
        section.left_margin = section.right_margin = margin
        section.top_margin = Inches(0.8) if compact else Inches(1)
        section.bottom_margin = Inches(0.75) if compact else Inches(0.9)
        section.header_distance = section.footer_distance = Inches(0.35)


#: Relationships (by the last part of their type) to parts of python-docx's default package
#: that no briefing uses: the Word 2010 copy of the styles, which Word 2013 and later and
#: LibreOffice ignore (438 KB), and the thumbnail of another document.
UNUSED_PARTS = ("stylesWithEffects", "thumbnail")
#: The table styles a briefing uses: Word's default one (``w:default``) and Table Grid.
KEPT_TABLE_STYLES = ("Table Grid",)


def trim(document: docx.document.Document) -> None:
    """Leave out what python-docx's default package carries and no briefing uses:
    :data:`UNUSED_PARTS`, and the gallery's 99 other table styles (340 KB of definitions;
    Word adds one back when a user picks it). Two thirds of what every briefing opens,
    saves and zips."""
    for owner in (document.part, document.part.package):
        for rel_id, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in UNUSED_PARTS:
                del owner.rels[rel_id]
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1" and \
                (name is None or name.get(qn("w:val")) not in KEPT_TABLE_STYLES):
            styles.remove(style)


def make(look: Look) -> bytes:
    compact = look.name in COMPACT_LOOKS
    document = docx.Document()
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    set_page(document, compact)
    build_styles(document, look, compact)
    build_header_footer(document)
    if compact:
        build_title_block(document)
    else:
        build_cover(document)
    set_page(document, compact)
    props = document.core_properties
    props.title = "{{ title }}"
    props.subject = "{{ subtitle }}"
    props.author = ""
    props.last_modified_by = ""
    props.comments = f"exporter briefing template, look: {look.name}"
    props.keywords = ""
    props.revision = 1
    props.language = "en-US"
    props.created = props.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    trim(document)
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue())


def main() -> None:
    for look in LOOKS.values():
        target = ROOT / "templates" / look.name / "briefing.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make(look))
        print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
