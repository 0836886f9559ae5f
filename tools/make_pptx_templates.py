"""Generate the shipped PowerPoint templates, one per look of ``tools/looks.py``.

Run from the repository root: ``python tools/make_pptx_templates.py`` writes
``templates/<look>/deck.pptx``. Each deck starts from python-pptx's default template and is
restyled through its XML tree (lxml): 16:9, the look's colours as the theme colour scheme,
Cambria/Calibri as the theme fonts, a master with a title rule, bullet styles and footer,
date and slide-number placeholders (the footer drawn as the classification banner), and the
standard layouts "Title Slide" (dark primary background), "Title and Content", "Section
Header", "Two Content", "Title Only" and "Picture with Caption". No sample slides. Every
text colour is checked against its background (WCAG 4.5:1) before anything is written, and
the files are byte-identical from run to run.
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.slide import SlideLayout, SlideMaster
from pptx.util import Emu

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from looks import LOOKS, Look  # noqa: E402

from exporter.ooxml.colour import (  # noqa: E402
    NORMAL_TEXT_RATIO,
    WHITE,
    contrast_ratio,
    hex_code,
    mix,
    readable_colour,
    rgb_of,
)
from exporter.ooxml.package import reproducible_zip  # noqa: E402

EMU_PER_INCH = 914400
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in, 16:9
BODY_TEXT = "262626"
FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
KEPT_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content",
                "Title Only", "Picture with Caption")
TEMPLATE_DATE = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)


def inch(value: float) -> int:
    return round(value * EMU_PER_INCH)


@dataclass(frozen=True)
class Box:
    """A rectangle in inches."""

    x: float
    y: float
    w: float
    h: float


MARGIN = 0.6
CONTENT_W = 13.333 - 2 * MARGIN
TITLE = Box(MARGIN, 0.35, CONTENT_W, 1.0)
RULE = Box(MARGIN, 1.42, CONTENT_W, 0.03)
BODY = Box(MARGIN, 1.65, CONTENT_W, 4.95)
DATE = Box(MARGIN, 6.68, 3.0, 0.35)
NUMBER = Box(13.333 - MARGIN - 2.0, 6.68, 2.0, 0.35)
BANNER = Box(0.0, 7.1, 13.333, 0.4)
COLUMN_GAP = 0.33


# ---------------------------------------------------------------------------------------
# XML helpers
# ---------------------------------------------------------------------------------------


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(key, value)
    parent.append(child)
    return child


def color(parent: etree._Element, value: str) -> None:
    """A colour: a scheme name (tx1, accent1...) or hex RGB."""
    if len(value) == 6 and all(c in "0123456789ABCDEFabcdef" for c in value):
        sub(parent, "a:srgbClr", val=value.upper())
    else:
        sub(parent, "a:schemeClr", val=value)


def solid(parent: etree._Element, value: str) -> None:
    color(sub(parent, "a:solidFill"), value)


@dataclass(frozen=True)
class Level:
    """One outline level of a text style."""

    size: float
    color: str = "tx1"
    font: str = "+mn-lt"
    bold: bool = False
    align: str = "l"
    margin: float = 0.0  # inches
    indent: float = 0.0  # inches (negative: hanging bullet)
    bullet: str | None = None
    bullet_color: str = "accent1"
    space_before: float = 0.0  # points
    line: int = 100  # per cent
    caps: bool = False


def level_element(tag: str, level: Level) -> etree._Element:
    props = OxmlElement(tag)
    props.set("marL", str(inch(level.margin)))
    props.set("indent", str(inch(level.indent)))
    props.set("algn", level.align)
    props.set("rtl", "0")
    spacing = sub(props, "a:lnSpc")
    sub(spacing, "a:spcPct", val=str(level.line * 1000))
    before = sub(props, "a:spcBef")
    sub(before, "a:spcPts", val=str(round(level.space_before * 100)))
    if level.bullet:
        color(sub(props, "a:buClr"), level.bullet_color)
        sub(props, "a:buFont", typeface="Arial")
        sub(props, "a:buChar", char=level.bullet)
    else:
        sub(props, "a:buNone")
    run = sub(props, "a:defRPr", sz=str(round(level.size * 100)), b="1" if level.bold else "0",
              kern="1200")
    if level.caps:
        run.set("cap", "all")
    solid(run, level.color)
    sub(run, "a:latin", typeface=level.font)
    sub(run, "a:ea", typeface=level.font.replace("-lt", "-ea"))
    sub(run, "a:cs", typeface=level.font.replace("-lt", "-cs"))
    return props


def list_style(parent: etree._Element, tag: str, levels: Sequence[Level]) -> etree._Element:
    style = sub(parent, tag)
    for n, level in enumerate(levels, start=1):
        style.append(level_element(f"a:lvl{n}pPr", level))
    return style


def xfrm(sp_pr: etree._Element, box: Box) -> None:
    frame = sub(sp_pr, "a:xfrm")
    sub(frame, "a:off", x=str(inch(box.x)), y=str(inch(box.y)))
    sub(frame, "a:ext", cx=str(inch(box.w)), cy=str(inch(box.h)))


def new_tree(c_sld: etree._Element) -> etree._Element:
    """An empty shape tree (replacing any) in ``p:cSld``."""
    old = c_sld.find(qn("p:spTree"))
    tree = OxmlElement("p:spTree")
    nv = sub(tree, "p:nvGrpSpPr")
    sub(nv, "p:cNvPr", id="1", name="")
    sub(nv, "p:cNvGrpSpPr")
    sub(nv, "p:nvPr")
    group = sub(tree, "p:grpSpPr")
    frame = sub(group, "a:xfrm")
    for tag, a, b in (("a:off", "x", "y"), ("a:ext", "cx", "cy"), ("a:chOff", "x", "y"),
                      ("a:chExt", "cx", "cy")):
        sub(frame, tag, **{a: "0", b: "0"})
    if old is not None:
        old.addprevious(tree)
        c_sld.remove(old)
    else:
        c_sld.append(tree)
    return tree


class Shapes:
    """Adds shapes to one shape tree with consecutive ids."""

    def __init__(self, tree: etree._Element) -> None:
        self.tree = tree
        self.next_id = 2

    def _nv(self, sp: etree._Element, name: str, ph: dict[str, str] | None) -> None:
        nv = sub(sp, "p:nvSpPr")
        sub(nv, "p:cNvPr", id=str(self.next_id), name=name)
        self.next_id += 1
        c_nv = sub(nv, "p:cNvSpPr")
        nv_pr = sub(nv, "p:nvPr")
        if ph is not None:
            sub(c_nv, "a:spLocks", noGrp="1")
            sub(nv_pr, "p:ph", **ph)

    def rectangle(self, name: str, box: Box, fill: str) -> None:
        """A decorative filled rectangle (no text)."""
        sp = sub(self.tree, "p:sp")
        self._nv(sp, name, None)
        sp_pr = sub(sp, "p:spPr")
        xfrm(sp_pr, box)
        geometry = sub(sp_pr, "a:prstGeom", prst="rect")
        sub(geometry, "a:avLst")
        solid(sp_pr, fill)
        sub(sub(sp_pr, "a:ln"), "a:noFill")

    def placeholder(self, name: str, ph: dict[str, str], box: Box, *,
                    levels: Sequence[Level] = (), anchor: str = "t", prompt: str = "",
                    fill: str | None = None, insets: Sequence[float] | None = None,
                    field: bool = False) -> None:
        sp = sub(self.tree, "p:sp")
        self._nv(sp, name, ph)
        sp_pr = sub(sp, "p:spPr")
        xfrm(sp_pr, box)
        if fill:
            geometry = sub(sp_pr, "a:prstGeom", prst="rect")
            sub(geometry, "a:avLst")
            solid(sp_pr, fill)
        body = sub(sp, "p:txBody")
        props = sub(body, "a:bodyPr", anchor=anchor, wrap="square")
        if insets is not None:
            for key, value in zip(("lIns", "tIns", "rIns", "bIns"), insets, strict=True):
                props.set(key, str(inch(value)))
        sub(props, "a:normAutofit")
        list_style(body, "a:lstStyle", levels)
        paragraph = sub(body, "a:p")
        if field:
            run = sub(paragraph, "a:fld", id=FIELD_ID, type="slidenum")
            sub(run, "a:rPr", lang="en-US")
            sub(run, "a:t").text = "‹#›"
        elif prompt:
            run = sub(paragraph, "a:r")
            sub(run, "a:rPr", lang="en-US")
            sub(run, "a:t").text = prompt
        else:
            sub(paragraph, "a:endParaRPr", lang="en-US")


def background(c_sld: etree._Element, fill: str) -> None:
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = OxmlElement("p:bg")
    props = sub(bg, "p:bgPr")
    solid(props, fill)
    sub(props, "a:effectLst")
    c_sld.insert(0, bg)


# ---------------------------------------------------------------------------------------
# The look's styles
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    """Text levels of one look."""

    look: Look

    def title(self, size: float = 32, color_: str = "tx2") -> list[Level]:
        return [Level(size, color_, "+mj-lt", line=90)]

    def body(self, first: float = 24) -> list[Level]:
        sizes = [first, first - 4, first - 6] + [first - 6] * 6
        bullets = ["•", "–", "•"] * 3
        return [Level(size, "tx1", margin=0.3 + 0.35 * n, indent=-0.3 if n == 0 else -0.25,
                      bullet=bullets[n], space_before=10 if n == 0 else 6)
                for n, size in enumerate(sizes)]

    def plain(self, size: float, color_: str, space_before: float = 4) -> list[Level]:
        return [Level(size, color_, space_before=space_before)]

    def footer(self, align: str, color_: str = "accent3") -> list[Level]:
        return [Level(12, color_, align=align)]

    def banner(self) -> list[Level]:
        return [Level(12, self.look.banner_text, bold=True, align="ctr")]


def footers(shapes: Shapes, styles: Styles, date_color: str = "accent3") -> None:
    """Date, banner footer and slide number, at the master's positions."""
    look = styles.look
    shapes.placeholder("Date Placeholder", {"type": "dt", "sz": "half", "idx": "10"}, DATE,
                       levels=styles.footer("l", date_color), anchor="ctr")
    shapes.placeholder("Footer Placeholder", {"type": "ftr", "sz": "quarter", "idx": "11"},
                       BANNER, levels=styles.banner(), anchor="ctr", fill=look.banner,
                       insets=(0.1, 0.02, 0.1, 0.02))
    shapes.placeholder("Slide Number Placeholder", {"type": "sldNum", "sz": "quarter",
                                                     "idx": "12"}, NUMBER,
                       levels=styles.footer("r", date_color), anchor="ctr", field=True)


# ---------------------------------------------------------------------------------------
# Theme and master
# ---------------------------------------------------------------------------------------


def scheme(look: Look) -> dict[str, str]:
    """The theme colour scheme of a look."""
    return {
        "dk1": BODY_TEXT, "lt1": "FFFFFF", "dk2": look.primary, "lt2": look.light,
        "accent1": look.accent, "accent2": look.primary, "accent3": look.muted,
        "accent4": look.banner, "accent5": _lighter(look.accent),
        "accent6": _lighter(look.primary),
        "hlink": hex_code(readable_colour(rgb_of(look.accent), [WHITE], NORMAL_TEXT_RATIO)),
        "folHlink": look.muted,
    }


def _lighter(colour: str) -> str:
    """``colour`` with 40 % white laid over it."""
    return hex_code(mix(rgb_of(colour), WHITE, 0.4))


def _contrast(first: str, second: str) -> float:
    return contrast_ratio(rgb_of(first), rgb_of(second))


def restyle_theme(master: SlideMaster, look: Look) -> None:
    part = master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(part.blob)
    theme.set("name", f"exporter {look.name}")
    colors = theme.find(f".//{qn('a:clrScheme')}")
    colors.set("name", f"exporter {look.name}")
    for slot, value in scheme(look).items():
        node = colors.find(qn(f"a:{slot}"))
        for child in list(node):
            node.remove(child)
        etree.SubElement(node, qn("a:srgbClr"), val=value)
    fonts = theme.find(f".//{qn('a:fontScheme')}")
    fonts.set("name", f"exporter {look.name}")
    for which, face in (("a:majorFont", look.heading_font), ("a:minorFont", look.body_font)):
        fonts.find(f"{qn(which)}/{qn('a:latin')}").set("typeface", face)
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def restyle_master(master: SlideMaster, styles: Styles) -> None:
    root = master._element
    c_sld = root.find(qn("p:cSld"))
    background(c_sld, "bg1")
    shapes = Shapes(new_tree(c_sld))
    shapes.placeholder("Title Placeholder", {"type": "title"}, TITLE, anchor="b",
                       levels=styles.title(), prompt="Click to edit the title")
    shapes.placeholder("Text Placeholder", {"type": "body", "idx": "1"}, BODY,
                       levels=(), prompt="Click to edit the text")
    shapes.rectangle("Title Rule", RULE, "accent1")
    footers(shapes, styles)
    old = root.find(qn("p:txStyles"))
    tx = OxmlElement("p:txStyles")
    list_style(tx, "p:titleStyle", styles.title())
    list_style(tx, "p:bodyStyle", styles.body())
    list_style(tx, "p:otherStyle", [Level(18, "tx1")])
    old.addprevious(tx)
    root.remove(old)


# ---------------------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------------------


def _layout_tree(layout: SlideLayout, show_master: bool = True,
                 fill: str | None = None) -> Shapes:
    root = layout._element
    if show_master:
        root.attrib.pop("showMasterSp", None)
    else:
        root.set("showMasterSp", "0")
    c_sld = root.find(qn("p:cSld"))
    if fill:
        background(c_sld, fill)
    return Shapes(new_tree(c_sld))


def title_slide(layout: SlideLayout, styles: Styles) -> None:
    look = styles.look
    shapes = _layout_tree(layout, show_master=False, fill="tx2")
    shapes.rectangle("Accent Bar", Box(0, 0, 0.18, 7.5), "accent1")
    shapes.placeholder("Title", {"type": "ctrTitle"}, Box(0.9, 1.7, 11.5, 2.4), anchor="b",
                       levels=[Level(40, "bg1", "+mj-lt", line=90)],
                       prompt="Click to edit the title")
    shapes.rectangle("Title Rule", Box(0.9, 4.3, 2.4, 0.06), "accent1")
    shapes.placeholder("Subtitle", {"type": "subTitle", "idx": "1"}, Box(0.9, 4.5, 11.5, 1.9),
                       levels=styles.plain(20, "bg2", 6), prompt="Click to edit the subtitle")
    footers(shapes, styles, date_color=look.light)


def title_and_content(layout: SlideLayout, styles: Styles) -> None:
    shapes = _layout_tree(layout)
    shapes.placeholder("Title", {"type": "title"}, TITLE, anchor="b",
                       prompt="Click to edit the title")
    shapes.placeholder("Content", {"idx": "1"}, BODY, prompt="Click to edit the text")
    footers(shapes, styles)


def section_header(layout: SlideLayout, styles: Styles) -> None:
    shapes = _layout_tree(layout, show_master=False, fill="bg2")
    shapes.rectangle("Accent Bar", Box(0, 0, 0.18, 7.5), "accent1")
    shapes.placeholder("Title", {"type": "title"}, Box(0.9, 2.0, 11.5, 2.2), anchor="b",
                       levels=styles.title(36), prompt="Click to edit the section title")
    shapes.rectangle("Title Rule", Box(0.9, 4.35, 2.4, 0.06), "accent1")
    shapes.placeholder("Text", {"type": "body", "idx": "1"}, Box(0.9, 4.55, 11.5, 1.9),
                       levels=styles.plain(18, "accent3"), prompt="Click to edit the text")
    footers(shapes, styles)


def two_content(layout: SlideLayout, styles: Styles) -> None:
    shapes = _layout_tree(layout)
    shapes.placeholder("Title", {"type": "title"}, TITLE, anchor="b",
                       prompt="Click to edit the title")
    half = (BODY.w - COLUMN_GAP) / 2
    for n, x in enumerate((BODY.x, BODY.x + half + COLUMN_GAP), start=1):
        shapes.placeholder(f"Content {n}", {"sz": "half", "idx": str(n)},
                           Box(x, BODY.y, half, BODY.h), levels=styles.body(22),
                           prompt="Click to edit the text")
    footers(shapes, styles)


def title_only(layout: SlideLayout, styles: Styles) -> None:
    shapes = _layout_tree(layout)
    shapes.placeholder("Title", {"type": "title"}, TITLE, anchor="b",
                       prompt="Click to edit the title")
    footers(shapes, styles)


def picture_with_caption(layout: SlideLayout, styles: Styles) -> None:
    shapes = _layout_tree(layout)
    shapes.placeholder("Title", {"type": "title"}, TITLE, anchor="b",
                       prompt="Click to edit the title")
    picture_w = BODY.w * 0.63
    shapes.placeholder("Picture", {"type": "pic", "idx": "1"},
                       Box(BODY.x, BODY.y, picture_w, BODY.h), prompt="Click to add a picture")
    caption_x = BODY.x + picture_w + COLUMN_GAP
    shapes.placeholder("Caption", {"type": "body", "sz": "half", "idx": "2"},
                       Box(caption_x, BODY.y, BODY.x + BODY.w - caption_x, BODY.h),
                       levels=styles.plain(16, "tx1", 6), prompt="Click to edit the caption")
    footers(shapes, styles)


BUILDERS: dict[str, Callable[[SlideLayout, Styles], None]] = {
    "Title Slide": title_slide,
    "Title and Content": title_and_content,
    "Section Header": section_header,
    "Two Content": two_content,
    "Title Only": title_only,
    "Picture with Caption": picture_with_caption,
}


# ---------------------------------------------------------------------------------------
# Checks and output
# ---------------------------------------------------------------------------------------


def check_contrast(look: Look) -> list[str]:
    """Every text colour of the templates against its background."""
    colors = scheme(look)
    pairs = [
        ("title on white", colors["dk2"], "FFFFFF"),
        ("body on white", colors["dk1"], "FFFFFF"),
        ("footer on white", colors["accent3"], "FFFFFF"),
        ("title slide title", "FFFFFF", colors["dk2"]),
        ("title slide subtitle", colors["lt2"], colors["dk2"]),
        ("title slide footer", colors["lt2"], colors["dk2"]),
        ("section title", colors["dk2"], colors["lt2"]),
        ("section text", colors["accent3"], colors["lt2"]),
        ("banner", look.banner_text, look.banner),
    ]
    return [f"{look.name}: {name} {_contrast(fg, bg):.2f}:1" for name, fg, bg in pairs
            if _contrast(fg, bg) < NORMAL_TEXT_RATIO]


def build(look: Look) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    master = prs.slide_master
    styles = Styles(look)
    restyle_theme(master, look)
    restyle_master(master, styles)
    for layout in list(master.slide_layouts):
        if layout.name not in KEPT_LAYOUTS:
            master.slide_layouts.remove(layout)
    for layout in master.slide_layouts:
        BUILDERS[layout.name](layout, styles)
    props = prs.core_properties
    props.title = f"exporter {look.name} deck template"
    props.author = props.last_modified_by = "exporter"
    props.subject = props.keywords = props.comments = ""
    props.revision = 1
    props.created = props.modified = TEMPLATE_DATE
    out = io.BytesIO()
    prs.save(out)
    return reproducible_zip(out.getvalue())


def main() -> int:
    problems = [problem for look in LOOKS.values() for problem in check_contrast(look)]
    if problems:
        print("contrast below 4.5:1 -- " + "; ".join(problems), file=sys.stderr)
        return 1
    for look in LOOKS.values():
        target = ROOT / "templates" / look.name / "deck.pptx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build(look))
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
