"""Choosing a layout for every role of the slide plan, and where its text goes.

:func:`analyse` reads every layout of a template (:class:`LayoutInfo`: its placeholders
resolved through its master, :func:`exporter.render.pptx_template.resolve`, and what it
draws behind slides, :mod:`exporter.render.pptx_artwork`) and gives each role of
:data:`exporter.deck.ROLES` the layout that suits it best, as a :class:`Choice` and as the
:class:`exporter.deck.Layout` the plan measures against.

Where text goes on a layout is checked for plausibility before it is trusted:

- a title meant for the top of a content slide that sits lower (a title-slide layout is all
  a one-layout template has) is replaced by the master's title;
- a body far smaller than the free area under the title (a 0.5 in icon, a "lead" line),
  or a layout whose boxes repeat those of the title slide (LibreOffice's exports), gives way
  to the body box the template's own slides of that layout use, else to the master's body
  area, else to the free area between the title and the footers;
- a title slide whose boxes repeat the content layout's, on a master that places its title
  and body elsewhere, takes the master's;
- every box is cut back clear of the pictures, logos and stamps the master and layout draw,
  and its text colour (or a backing panel) is chosen for what lies behind it.

Roles are then scored by the room a layout offers and by what it is designed as (a centred
or low title for title and divider slides, a layout of its own artwork), with a layout's
name in any language only a hint, and an override per audience.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from pptx.presentation import Presentation as PresentationObject
from pptx.slide import SlideLayout, SlideMaster

from exporter.deck import (
    BANNER_HEIGHT,
    BOX_GAP,
    GLYPH_HEIGHT,
    ROLES,
    Frame,
    Geometry,
    Layout,
    Measurer,
    Rect,
    TextStyle,
    free_rect,
)
from exporter.metrics import FontMeasurer
from exporter.ooxml import presentation as pml
from exporter.render.pptx_artwork import (
    EMU_PER_PT,
    TOLERANCE,
    Backdrop,
    Behind,
    intersection,
    read_backdrop,
    readable_ink,
)
from exporter.render.pptx_template import (
    FOOTER_TYPES,
    MIN_FOOTER_SIZE,
    TITLE_TYPES,
    MasterInfo,
    Placeholder,
    qn,
    resolve,
)

BODY_TYPES = {"body", "obj"}
#: Roles whose text boxes hold plain paragraphs (subtitle, section text, caption), not bullets.
PLAIN_ROLES = frozenset({"title", "section", "picture"})
#: Roles drawn like content slides: a title at the top and one large body.
CONTENT_ROLES = ("content", "agenda", "closing")
#: A body is trusted when it offers at least this share of the free area under its title.
BODY_ROOM_SHARE = 0.4
#: Each body of a two-column layout offers at least this share of it.
COLUMN_ROOM_SHARE = 0.2
#: A title set in a column beside the text is at most this share of the slide's width.
SIDE_TITLE_SHARE = 0.45
#: A body drawn as a layout's title is at most this share of the slide's height...
HEADING_BODY_HEIGHT = 0.3
#: ... and the body under it at least this many times as tall.
HEADING_BODY_RATIO = 2.0
#: A title whose centre lies above this share of the slide's height is at the top.
TOP_TITLE = 0.3
#: What a layout's name hinting at a role adds to its score (closing slides have no shape of
#: their own: a layout named for them is what tells them apart).
NAME_HINT = 3.0
CLOSING_HINT = 6.0
#: A box cut back clear of the artwork keeps room for a line this many ems wide, where it can.
LEAST_WORDS = 4
#: The margin kept from the slide's edges by the boxes the plan adds (share of its width).
MARGIN_SHARE = 0.03
#: A shape around a slide number's box at most this many times its area is its badge.
BADGE_AREA = 4.0
#: How wide a slide number's box is at least, in ems of its size: a three-digit number.
NUMBER_EMS = 2.0
#: The narrowest stretch of the footer row (a share of the slide's width) the banner is
#: moved into to keep clear of text.
MIN_BANNER_SHARE = 0.25

#: Words in layout names that hint at a role, in the languages templates come in.
_NAME_HINTS = {
    "title": ("title slide", "titre", "titel", "título", "titolo", "capa", "portada",
              "cover", "表紙", "タイトル スライド", "标题幻灯片", "封面"),
    "section": ("section", "sección", "seção", "secção", "sezione", "abschnitt", "divider",
                "divisória", "divisor", "separador", "chapter", "kapitel", "capítulo",
                "セクション", "节标题", "章"),
    "content": ("title and content", "title, content", "titre et contenu", "contenu",
                "conteúdo", "contenido", "inhalt", "contenuto", "タイトルとコンテンツ", "内容"),
    "closing": ("closing", "end", "thank", "thanks", "conclusion", "encerramento",
                "obrigado", "fim", "fin", "merci", "danke", "schluss", "gracias", "grazie",
                "まとめ", "结束"),
    "two_column": ("two content", "2 content", "comparison", "deux contenus", "dois",
                   "zwei", "2 つ", "两栏"),
    "picture": ("picture", "image", "imagem", "imagen", "bild", "immagine", "図", "图片"),
    "title_only": ("title only", "titre seul", "somente título", "solo título", "nur titel",
                   "タイトルのみ", "仅标题"),
}
_NAME_HINTS["agenda"] = _NAME_HINTS["content"]
_NEEDS = {
    "title": "a title and a subtitle",
    "section": "a title low on the slide and at most one text box",
    "content": "a title and one large body",
    "agenda": "a title and one large body",
    "closing": "a title and one large body",
    "two_column": "a title and two bodies side by side",
    "picture": "a title and a picture placeholder",
    "title_only": "a title and no body",
}


def _words(text: str) -> str:
    """A name's words, casefolded, one space apart; underscores part words ("1_Title and
    Content", PowerPoint's name for a copy of a layout)."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _hinted(role: str, name: str) -> bool:
    """Whether a layout's name hints at ``role``: one of the role's hints is a word or
    phrase of it (or, in scripts written without spaces, part of it)."""
    words = _words(name)
    phrases, parts = _hints(role)
    return bool(phrases.search(words)) or any(part in words for part in parts)


@functools.cache
def _hints(role: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The role's hints as one pattern of whole words and phrases, and the hints in
    scripts written without spaces (found as parts of a name)."""
    hints = [_words(hint) for hint in _NAME_HINTS[role]]
    pattern = "|".join(re.escape(hint) for hint in hints)
    return (re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"),
            tuple(hint for hint in hints if not hint.isascii()))


# ---------------------------------------------------------------------------------------
# Layouts read
# ---------------------------------------------------------------------------------------


@dataclass
class LayoutInfo:
    """A layout's usable placeholders (titles, subtitles, bodies, pictures, footers), what
    it draws behind slides, and where text may go on it."""

    layout: SlideLayout
    index: int
    master: MasterInfo
    titles: list[Placeholder]
    subtitles: list[Placeholder]
    bodies: list[Placeholder]
    pictures: list[Placeholder]
    footers: dict[str, Placeholder]
    backdrop: Backdrop
    slide: Rect
    artwork: bool  # it draws shapes or a background of its own (not only its master's)
    samples: tuple[Rect, ...] = ()  # where the template's own slides of it put body text
    free: dict[Rect, Rect] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.layout.name or f"layout {self.index + 1}"

    @classmethod
    def read(cls, layout: SlideLayout, index: int, master: MasterInfo, slide: Rect,
             measurer: Measurer, samples: tuple[Rect, ...] = ()) -> LayoutInfo:
        backdrop = read_backdrop(layout.element, master.inheritance, slide,
                                 pml.background((layout.element, master.master.element),
                                                master.inheritance.theme,
                                                master.inheritance.scheme(layout.element)),
                                 _pictures(layout), measurer, master.minor_font)
        inheritance = master.inheritance
        drawn = pml.drawn_shapes(layout.element, inheritance.theme,
                                 inheritance.scheme(layout.element))
        artwork = any(shape.visible for shape in drawn) or \
            layout.element.find(f"{qn('p:cSld')}/{qn('p:bg')}") is not None
        info = cls(layout, index, master, [], [], [], [], {}, backdrop, slide, artwork,
                   samples)
        for found in pml.placeholders(layout.element):
            resolved = resolve(found, master, layout.element)
            if resolved is None or resolved.vertical:
                continue
            kind = resolved.kind
            if kind in TITLE_TYPES:
                info.titles.append(resolved)
            elif kind == "subTitle":
                info.subtitles.append(resolved)
            elif kind in BODY_TYPES:
                info.bodies.append(resolved)
            elif kind == "pic":
                info.pictures.append(resolved)
            elif kind in FOOTER_TYPES:
                info.footers.setdefault(kind, resolved)
        info.bodies.sort(key=lambda p: (p.rect[1], p.rect[0]))
        heading = None if info.titles else _heading_body(info)
        if heading is not None and (title := _as_title(heading, master)) is not None:
            info.bodies.remove(heading)
            info.titles.append(title)
        return info

    def master_placeholder(self, family: str) -> Placeholder | None:
        """The master's placeholder of a family, read as a box for text boxes."""
        return self.master.slot(family)

    def footer(self, kind: str) -> Placeholder | None:
        """The layout's footer-type placeholder, else the master's (drawn as a text box)."""
        return self.footers.get(kind) or self.master_placeholder(kind)

    @functools.cached_property
    def bounds(self) -> Rect:
        """Where text may go: the slide within a margin, above its footers."""
        slide = self.slide
        margin = MARGIN_SHARE * slide.w
        tops = [f.frame.rect.y for kind in ("ftr", "sldNum") if (f := self.footer(kind))
                is not None and f.frame.rect.y > 0.75 * slide.h]
        bottom = min(tops) - BOX_GAP if tops else slide.bottom - margin
        return Rect(margin, margin, slide.w - 2 * margin, bottom - margin)

    def region(self, title: Rect) -> Rect:
        """The room under the title (above the footers), across the master's body (else
        the title), artwork or not; the room a title not at the top leaves beside or above
        it (:meth:`apart`)."""
        bounds = self.bounds
        if (apart := self.apart(title)) is not None:
            return apart
        body = self.master_placeholder("body")
        span = body.frame.rect if body is not None else title
        top = title.bottom + BOX_GAP if title.bottom < bounds.bottom - BOX_GAP else bounds.y
        left, right = max(bounds.x, min(span.x, title.x)), min(bounds.right,
                                                              max(span.right, title.right))
        return Rect(left, top, max(1.0, right - left), max(1.0, bounds.bottom - top))

    def apart(self, title: Rect) -> Rect | None:
        """The room a title that is not at the top leaves for the text: beside a title set
        in a column at one side (at most :data:`SIDE_TITLE_SHARE` of the slide's width), the
        wider side, the height of the text area; above a title at the bottom of the slide,
        the width of the text area. None for other titles, or when that room is under
        :data:`BODY_ROOM_SHARE` of the text area's width or height."""
        bounds = self.bounds
        centre = _centre(title, self)
        if centre <= TOP_TITLE:
            return None
        if title.w <= SIDE_TITLE_SHARE * self.slide.w:
            left = Rect(bounds.x, bounds.y, title.x - BOX_GAP - bounds.x, bounds.h)
            right = Rect(title.right + BOX_GAP, bounds.y,
                         bounds.right - title.right - BOX_GAP, bounds.h)
            wider = max(left, right, key=lambda r: r.w)
            return wider if wider.w >= BODY_ROOM_SHARE * bounds.w else None
        if centre >= 1 - TOP_TITLE:
            above = Rect(bounds.x, bounds.y, bounds.w, title.y - BOX_GAP - bounds.y)
            return above if above.h >= BODY_ROOM_SHARE * bounds.h else None
        return None

    def free_area(self, title: Rect) -> Rect:
        """The largest part of the room under the title clear of the artwork."""
        if title not in self.free:
            region = self.region(title)
            self.free[title] = free_rect(region, self.backdrop.obstacles) or region
        return self.free[title]

    def room(self, body: Rect, title: Rect) -> float:
        """The share of the room under the title that a body offers, clear of the artwork."""
        overlap = intersection(self.backdrop.clear(body), self.region(title))
        return 0.0 if overlap is None else overlap.area / self.region(title).area


def _heading_body(info: LayoutInfo) -> Placeholder | None:
    """The body placeholder that a layout without a title has in its place (as layouts
    exported from Keynote or Google Slides may): the topmost body, short and at the top,
    lying above a body at least :data:`HEADING_BODY_RATIO` times as tall (the others may
    reach into its lowest quarter, their insets there). None when there is no such body."""
    if len(info.bodies) < 2:
        return None
    top, *others = info.bodies
    box = top.frame.rect
    below = [b.frame.rect for b in others if b.frame.rect.y >= box.bottom - box.h / 4]
    if len(below) != len(others) or box.h > HEADING_BODY_HEIGHT * info.slide.h \
            or _centre(box, info) > TOP_TITLE:
        return None
    return top if max(r.h for r in below) >= HEADING_BODY_RATIO * box.h else None


def _as_title(body: Placeholder, master: MasterInfo) -> Placeholder | None:
    """A body placeholder drawn as the slide's title: a title placeholder at its box, in
    its font, size, alignment and colour (written out, the rest the master's title style),
    so that the slide has a title a screen reader finds. None when the master has no
    title."""
    title = master.slot("title")
    if title is None:
        return None
    own = body.frame.levels[0]
    first = dataclasses.replace(title.frame.levels[0], font=own.font, size=own.size)
    frame = dataclasses.replace(title.frame, rect=body.frame.rect, inset=body.frame.inset,
                                levels=(first,))
    return dataclasses.replace(title, frame=frame, align=body.align,
                               text_colour=body.text_colour, fill=body.fill)


def _pictures(layout: SlideLayout) -> Callable[[int, str], bytes | None]:
    """A function giving the bytes of a picture of the layout (owner 0) or its master."""
    parts = (layout.part, layout.slide_master.part)

    def picture_of(owner: int, rel_id: str) -> bytes | None:
        try:
            return parts[owner].related_part(rel_id).blob
        except (KeyError, AttributeError):
            return None

    return picture_of


# ---------------------------------------------------------------------------------------
# Arrangements: where a role's text goes on a layout
# ---------------------------------------------------------------------------------------


@dataclass
class Choice:
    """The layout drawn for a role, the placeholders that receive the plan's text (boxes
    moved, styles and colours decided), and the geometry the plan measures against."""

    role: str
    info: LayoutInfo
    title: Placeholder
    bodies: list[Placeholder]
    picture: Placeholder | None
    text: Placeholder  # the style of the text boxes the plan adds
    banner: Placeholder  # the footer box of the classification (a text box when made here)
    number: Placeholder | None  # the slide number's
    layout_geometry: Layout
    designed: bool = True  # whether the layout is what the role needs (else a fallback)

    def placed(self, slot: Placeholder, rect: Rect) -> Placeholder:
        """``slot`` moved to ``rect`` with the text colour (or panel) that reads on what
        lies behind it there."""
        return _inked(slot.at(rect), self.info.backdrop)


def _inked(slot: Placeholder, backdrop: Backdrop, under: Rect | None = None) -> Placeholder:
    """A placeholder with the text colour that reads over its own fill, else over what the
    layout and master draw behind ``under`` (its box unless given)."""
    behind = Behind(slot.fill) if slot.fill else \
        backdrop.behind(slot.frame.rect if under is None else under)
    return slot.inked(readable_ink(slot.text_colour, behind, slot.need()))


def _cleared(slot: Placeholder, backdrop: Backdrop) -> Placeholder:
    """A placeholder cut back clear of the artwork (keeping room for a line of a few words
    at the smallest size the plan may set in it, where it can), and inked."""
    size = slot.smallest_size()
    least = (LEAST_WORDS * size, size * GLYPH_HEIGHT + slot.frame.inset[1] + slot.frame.inset[3])
    return _inked(slot.at(backdrop.clear(slot.frame.rect, least)), backdrop)


def _number_box(slot: Placeholder, info: LayoutInfo) -> Placeholder:
    """The slide number's box wide enough for three digits (:func:`_wide_enough`) and
    cleared of the artwork (:func:`_cleared`), unless a small shape of the artwork lies
    inside it or just around it: that is the badge the number is set on (a number on a dot,
    in a ring), and the box stays as designed, its colour judged against the badge."""
    rect, backdrop = slot.frame.rect, info.backdrop
    badges = [o for o in backdrop.obstacles if rect.contains(o) or
              (o.contains(rect) and o.area <= BADGE_AREA * rect.area)]
    if not badges:
        return _cleared(_wide_enough(slot, info.slide), backdrop)
    return _inked(slot, backdrop, badges[0])


def _centre(rect: Rect, info: LayoutInfo) -> float:
    return (rect.y + rect.h / 2) / info.slide.h


def _text_box(slot: Placeholder, rect: Rect) -> Placeholder:
    """``slot``'s styles as a text box at ``rect`` (not a placeholder of the layout)."""
    return dataclasses.replace(slot.at(rect), ph=None)


def _same(a: Rect, b: Rect) -> bool:
    return all(abs(u - v) < 1 for u, v in zip((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h),
                                              strict=True))


@dataclass
class _Arrangement:
    """Where a role's text goes on one layout, and how much room its main body offers."""

    title: Placeholder
    bodies: list[Placeholder]
    picture: Placeholder | None = None
    trusted: bool = True  # the bodies are the layout's own
    room: float = 0.0  # the share of the free area the main body offers


def _content_title(info: LayoutInfo) -> Placeholder | None:
    """The title of a content slide on this layout: its own when at the top, else the
    master's when that is."""
    for title in (*info.titles[:1], info.master_placeholder("title")):
        if title is not None and _centre(title.frame.rect, info) <= TOP_TITLE:
            return title
    return None


def _repeats_title_slide(info: LayoutInfo, layouts: Sequence[LayoutInfo]) -> bool:
    """Whether the layout's title and body boxes are those of a title-slide layout (one
    with a subtitle) of its master: LibreOffice exports layouts that way."""
    if not info.titles or not info.bodies:
        return False
    mine = (info.titles[0].frame.rect, info.bodies[0].frame.rect)
    return any(other is not info and other.master is info.master and other.titles and
               other.subtitles and _same(other.titles[0].frame.rect, mine[0]) and
               _same(other.subtitles[0].frame.rect, mine[1]) for other in layouts)


def _content_arrangement(info: LayoutInfo, layouts: Sequence[LayoutInfo]
                         ) -> _Arrangement | None:
    """A title at the top and one large body: the layout's own when plausible, else its
    body where the template's own slides of the layout put it, else the master's body area,
    else the free area under the title."""
    title = _content_title(info)
    if title is None:
        return _apart_title_arrangement(info)
    top = title.frame.rect
    free = info.free_area(top)
    own = [b for b in info.bodies if b.frame.rect.y >= top.y]
    repeats = _repeats_title_slide(info, layouts)
    best = max(own, key=lambda b: info.room(b.frame.rect, top), default=None)
    if best is not None and not repeats and info.room(best.frame.rect, top) >= BODY_ROOM_SHARE:
        under = _under_title(best.frame, title.frame)
        if under is None:
            return _Arrangement(title, [best], room=info.room(best.frame.rect, top))
        # a body reaching up into the title (a layout whose own title was deleted, the
        # title now the master's): only its part under the title, a layout with room for
        # both preferred
        return _Arrangement(title, [best.at(under)], trusted=False,
                            room=info.room(under, top))
    sample = max(info.samples, key=lambda rect: info.room(rect, top), default=None)
    if best is not None and sample is not None and info.room(sample, top) >= BODY_ROOM_SHARE:
        return _Arrangement(title, [best.at(sample)], room=info.room(sample, top))
    master = info.master_placeholder("body")
    if master is not None and info.room(master.frame.rect, top) >= BODY_ROOM_SHARE:
        where = master.frame.rect  # the layout's own body there, when it repeats it
        same = best if best is not None and _same(best.frame.rect, where) else None
        return _Arrangement(title, [same or master], room=info.room(where, top))
    style = best or master
    if style is None:
        return None
    return _Arrangement(title, [_text_box(style, free)], trusted=False,
                        room=min(BODY_ROOM_SHARE, info.room(free, top)))


def _apart_title(info: LayoutInfo) -> Placeholder | None:
    """The layout's own title when it is not at the top and leaves room beside or above it
    (:meth:`LayoutInfo.apart`), else None."""
    if info.titles and info.apart(info.titles[0].frame.rect) is not None:
        return info.titles[0]
    return None


def _apart_title_arrangement(info: LayoutInfo) -> _Arrangement | None:
    """A title that is not at the top, the text beside or above it (a layout whose title
    stands in a column at one side, or at the bottom): the layout's own title and its
    largest body clear of it, when that body offers at least :data:`BODY_ROOM_SHARE` of the
    room the title leaves (:meth:`LayoutInfo.apart`) clear of the artwork."""
    title = _apart_title(info)
    if title is None:
        return None
    clear = [b for b in info.bodies if not b.frame.rect.overlaps(title.frame.rect)]
    body = max(clear, key=lambda b: b.frame.rect.area, default=None)
    if body is None:
        return None
    room = info.room(body.frame.rect, title.frame.rect)
    return _Arrangement(title, [body], room=room) if room >= BODY_ROOM_SHARE else None


def _under_title(body: Frame, title: Frame) -> Rect | None:
    """The part of ``body`` below ``title`` when their text areas (the boxes within their
    insets) overlap by more than :data:`BOX_GAP` (None when they do not)."""
    box, above = body.rect, title.rect
    if not box.overlaps(above) or (above.bottom - title.inset[3]) - (
            box.y + body.inset[1]) <= BOX_GAP:
        return None
    top = above.bottom + BOX_GAP
    return Rect(box.x, top, box.w, max(1.0, box.bottom - top))


def _repeats_content(info: LayoutInfo, layouts: Sequence[LayoutInfo], title: Rect,
                     text: Rect | None) -> bool:
    """Whether a title (and text) box repeat those of a content layout (a title and a
    body) of the same master."""
    return any(other is not info and other.master is info.master and other.titles and
               other.bodies and not other.subtitles and
               _same(other.titles[0].frame.rect, title) and
               (text is None or _same(other.bodies[0].frame.rect, text)) for other in layouts)


def _headline_arrangement(info: LayoutInfo, layouts: Sequence[LayoutInfo]
                          ) -> _Arrangement | None:
    """A title and one text box beside it (title and divider slides): the layout's title
    and subtitle (else a body clear of the title); the master's title and body when the
    layout's boxes are a content layout's (a title at the top, repeated by a content layout
    of the master) and the master places them elsewhere."""
    if not info.titles:
        return None
    title = info.titles[0]
    texts = info.subtitles[:1] or [b for b in info.bodies
                                   if not b.frame.rect.overlaps(title.frame.rect)][:1]
    if _centre(title.frame.rect, info) <= TOP_TITLE and _repeats_content(
            info, layouts, title.frame.rect, texts[0].frame.rect if texts else None):
        master_title = info.master_placeholder("title")
        master_body = info.master_placeholder("body")
        if master_title is not None and master_body is not None and \
                not _same(master_title.frame.rect, title.frame.rect):
            return _Arrangement(title.at(master_title.frame.rect),
                                [_text_box(master_body, master_body.frame.rect)],
                                trusted=False)
    return _Arrangement(title, texts)


def _two_column_arrangement(info: LayoutInfo) -> _Arrangement | None:
    title = _content_title(info)
    if title is None or len(info.bodies) < 2:
        return None
    columns = sorted(info.bodies, key=lambda p: p.rect[0])[:2]
    if not _side_by_side(*columns) or min(info.room(c.frame.rect, title.frame.rect)
                                          for c in columns) < COLUMN_ROOM_SHARE:
        return None
    return _Arrangement(title, columns)


def _picture_arrangement(info: LayoutInfo) -> _Arrangement | None:
    if not info.titles or not info.pictures:
        return None
    picture = info.pictures[0]
    captions = [b for b in info.bodies if not b.frame.rect.overlaps(picture.frame.rect)]
    return _Arrangement(info.titles[0], captions[:1], picture)


def _title_only_arrangement(info: LayoutInfo) -> _Arrangement | None:
    """A title at the top, else the layout's own title where it leaves room for a table, a
    timeline or a picture beside or above it (:meth:`LayoutInfo.apart`)."""
    title = _content_title(info) or _apart_title(info)
    return None if title is None else _Arrangement(title, [])


def _side_by_side(a: Placeholder, b: Placeholder) -> bool:
    left, right = sorted((a.frame.rect, b.frame.rect), key=lambda r: r.x)
    return left.right <= right.x + 1 and \
        min(left.bottom, right.bottom) - max(left.y, right.y) > 0


# ---------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------


def _score(role: str, info: LayoutInfo, found: _Arrangement, content: Choice | None
           ) -> tuple[float, bool]:
    """How well an arrangement suits a role, and whether it is what the role needs (not a
    fallback)."""
    hint = (CLOSING_HINT if role == "closing" else NAME_HINT) if _hinted(role, info.name) \
        else 0.0
    extra = max(0, len(info.bodies) + len(info.subtitles) - len(found.bodies))
    title = found.title
    own_title = 3 if title.from_layout else 0
    if role in CONTENT_ROLES:
        score = 10 + 6 * min(found.room, 1.0) + (2 if found.trusted else 0) + hint - 2 * extra
        if found.bodies and found.bodies[0].kind == "obj":
            score += 1
        if role != "content" and content is not None and content.info is info:
            score += 2
        return score, found.trusted and not info.subtitles
    designed = content is None or not _same(title.frame.rect, content.title.frame.rect) \
        or info.master is not content.info.master
    own = (2 if designed else 0) + (1 if info.artwork else 0)
    if role == "title":
        score = 10 + (3 if title.kind == "ctrTitle" else 0) + \
            (2 if info.subtitles else 0) + own + hint - extra
        return score, bool(found.bodies) and (designed or bool(info.subtitles) or bool(hint))
    if role == "section":
        low = _centre(title.frame.rect, info) > TOP_TITLE
        score = 10 + (3 if low else 0) + own + hint - extra
        return score, (low or bool(hint)) and len(info.bodies) + len(info.subtitles) <= 1
    same_master = 2 if content is not None and info.master is content.info.master else 0
    if role == "title_only":
        score = 10 + (3 if not info.bodies and not info.subtitles else 0) + own_title + hint + \
            same_master
        return score, not info.bodies and not info.subtitles and not info.pictures
    return 10 + hint + same_master, True  # two columns, pictures


def _arrangement(role: str, info: LayoutInfo,
                 layouts: Sequence[LayoutInfo]) -> _Arrangement | None:
    """Where ``role``'s text goes on ``info``'s layout, if it can go there at all."""
    if role in CONTENT_ROLES:
        return _content_arrangement(info, layouts)
    if role in ("title", "section"):
        return _headline_arrangement(info, layouts)
    if role == "two_column":
        return _two_column_arrangement(info)
    if role == "picture":
        return _picture_arrangement(info)
    return _title_only_arrangement(info)


# ---------------------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------------------


@dataclass
class TemplateAnalysis:
    """A template read for the plan: the geometry and what each role is drawn with."""

    geometry: Geometry
    choices: dict[str, Choice]
    warnings: dict[str, str]  # role -> warning, when a role falls back
    general: list[str]  # warnings that do not depend on the roles used
    masters: dict[int, MasterInfo]
    layouts: list[LayoutInfo]


#: The order roles are chosen in: content first, the others judged against it.
_ORDER = ("content", "title", "section", "agenda", "closing", "two_column", "title_only",
          "picture")
_FALLBACKS = {
    "two_column": "content",
    "picture": "title_only",
}


def masters_and_layouts(prs: PresentationObject) -> Iterator[tuple[SlideMaster, SlideLayout]]:
    """Every layout of the presentation with its master, in the order the analysis numbers
    them (:attr:`LayoutInfo.index`), the same in every copy of one template."""
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            yield master, layout


def analyse(prs: PresentationObject, overrides: Mapping[str, str] = {},
            name: str = "template", measurer: Measurer | None = None,
            samples: Mapping[str, tuple[Rect, ...]] = {}) -> TemplateAnalysis:
    """Choose a layout for every role and describe it for the plan; ``samples`` are where
    the template's own slides put body text, by the part name of their layout
    (:func:`exporter.render.pptx_template.sample_bodies`)."""
    measurer = measurer or FontMeasurer()
    default_style = prs.element.find(qn("p:defaultTextStyle"))
    width, height = prs.slide_width or 9144000, prs.slide_height or 6858000
    slide = Rect(0, 0, width / EMU_PER_PT, height / EMU_PER_PT)
    masters: dict[int, MasterInfo] = {}
    layouts: list[LayoutInfo] = []
    for master, layout in masters_and_layouts(prs):
        if id(master) not in masters:
            masters[id(master)] = MasterInfo.read(master, default_style)
        layouts.append(LayoutInfo.read(layout, len(layouts), masters[id(master)], slide,
                                       measurer, samples.get(str(layout.part.partname), ())))
    general: list[str] = []
    named = _named(overrides, layouts, name, general)
    choices: dict[str, Choice] = {}
    warnings: dict[str, str] = {}
    for role in _ORDER:
        choice = _choose(role, layouts, named.get(role), choices.get("content"),
                         choices.get(_FALLBACKS.get(role, "content")))
        choices[role] = choice
        if not choice.designed and role not in named:
            warnings[role] = (f"{name}: no layout for {role.replace('_', ' ')} slides "
                              f"({_NEEDS[role]}); using {choice.info.name!r}")
    geometry = Geometry(slide.w, slide.h, {role: choices[role].layout_geometry
                                           for role in ROLES})
    return TemplateAnalysis(geometry, {role: choices[role] for role in ROLES}, warnings,
                            general, masters, layouts)


def _named(overrides: Mapping[str, str], layouts: Sequence[LayoutInfo], name: str,
           general: list[str]) -> dict[str, LayoutInfo]:
    """The layouts an audience names for roles (a warning for names not in the template)."""
    named = {}
    for role, layout_name in overrides.items():
        match = [li for li in layouts
                 if li.name.strip().casefold() == layout_name.strip().casefold()]
        if match:
            named[role] = match[0]
        else:
            general.append(f"{name}: layout {layout_name!r} named for role `{role}` is not in "
                           f"the template; choosing by placeholders (layouts: "
                           f"{', '.join(li.name for li in layouts)})")
    return named


def _choose(role: str, layouts: Sequence[LayoutInfo], named: LayoutInfo | None,
            content: Choice | None, fallback: Choice | None) -> Choice:
    """The best-scoring arrangement for ``role`` (on the named layout, when there is one);
    the fallback role's choice when no layout can hold the role at all."""
    scored = []
    for info in [named] if named is not None else layouts:
        found = _arrangement(role, info, layouts)
        if found is not None:
            score, designed = _score(role, info, found, content)
            scored.append((score, -info.index, designed, info, found))
    if not scored and named is not None:
        return _choose(role, layouts, None, content, fallback)
    if not scored:
        if fallback is not None:
            return _finish(role, fallback.info, _Arrangement(
                fallback.title, fallback.bodies[:1] if role not in ("title_only", "picture")
                else []), designed=False)
        info = min(layouts, key=lambda li: (not li.titles, len(li.bodies)))
        title = info.titles[0] if info.titles else _default_title(info)
        return _finish(role, info, _Arrangement(title, _last_resort_body(role, info, title)),
                       designed=False)
    _, _, designed, info, found = max(scored, key=lambda s: (s[0], s[1]))
    return _finish(role, info, found, designed or named is not None)


def _last_resort_body(role: str, info: LayoutInfo, title: Placeholder) -> list[Placeholder]:
    """Where a content role's text goes when no layout has room for it: a text box in the
    body's styles (the master's, else the layout's, else the title's) over the largest free
    room of the slide clear of the title and the artwork, so that no bullet is lost."""
    if role not in CONTENT_ROLES:
        return []
    style = info.master_placeholder("body") or next(iter(info.bodies), None) or title
    room = free_rect(info.bounds, [title.frame.rect, *info.backdrop.obstacles]) or info.bounds
    return [_text_box(style, room)]


def _default_title(info: LayoutInfo) -> Placeholder:
    """The master's title, else a title box along the top of the slide."""
    found = info.master_placeholder("title")
    if found is not None:
        return found
    slide = info.slide
    rect = Rect(slide.w / 16, slide.h / 20, slide.w * 7 / 8, slide.h / 6)
    return Placeholder("title", None, Frame(rect, levels=(TextStyle(
        font=info.master.major_font, size=32.0),)), master=info.master)


def _finish(role: str, info: LayoutInfo, found: _Arrangement, designed: bool) -> Choice:
    """The choice of an arrangement: boxes cleared of the artwork and inked, the text-box
    style, banner and slide number, and the geometry for the plan."""
    backdrop = info.backdrop
    above_footers = Rect(0, 0, info.slide.w, info.bounds.bottom)
    title = _cleared(_within(found.title, info.slide), backdrop)
    bodies = [_cleared(_within(b, above_footers), backdrop) for b in found.bodies]
    if role in PLAIN_ROLES:
        bodies = [dataclasses.replace(b, frame=_unindented(b.frame)) for b in bodies]
    text = _text_style(info, bodies, role)
    number = info.footer("sldNum")
    number = None if number is None else _number_box(_one_line(number, info.slide), info)
    texts = [title.frame.rect, *(b.frame.rect for b in bodies)]
    banner = _banner_beside_text(_banner_slot(info), texts, info, number)
    title, bodies = _clear_of_banner(title, bodies, banner.frame.rect, info)
    texts = [title.frame.rect, *(b.frame.rect for b in bodies)]
    picture = found.picture
    area = _content_area(info, title.frame.rect)
    geometry = Layout(
        role, info.name, title.frame, tuple(b.frame for b in bodies),
        picture.frame.rect if picture is not None else None, area, text.frame, info.bounds,
        backdrop.obstacles, banner.frame, _banner_band(info, banner, number, texts))
    return Choice(role, info, title, bodies, picture, text, banner, number, geometry,
                  designed)


def _one_line(slot: Placeholder, slide: Rect) -> Placeholder:
    """A footer box as tall as one line of its text needs (grown about its middle, inside
    the slide)."""
    rect, inset = slot.frame.rect, slot.frame.inset
    height = max(rect.h, max(MIN_FOOTER_SIZE, slot.frame.base_size) * GLYPH_HEIGHT +
                 inset[1] + inset[3])
    top = min(max(rect.y + rect.h / 2 - height / 2, slide.y), slide.bottom - height)
    return slot.at(Rect(rect.x, top, rect.w, height))


def _wide_enough(slot: Placeholder, slide: Rect) -> Placeholder:
    """A slide number's box at least as wide as a three-digit number needs (at
    :data:`NUMBER_EMS` of its size), grown towards the middle of the slide, inside it."""
    rect, inset = slot.frame.rect, slot.frame.inset
    size = max(MIN_FOOTER_SIZE, slot.frame.base_size)
    width = NUMBER_EMS * size + inset[0] + inset[2]
    if rect.w >= width:
        return slot
    left = rect.right - width if rect.x + rect.w / 2 > slide.w / 2 else rect.x
    left = min(max(left, slide.x), slide.right - width)
    return slot.at(Rect(left, rect.y, width, rect.h))


def _within(slot: Placeholder, bounds: Rect) -> Placeholder:
    """A placeholder cut back to ``bounds`` (a box reaching off the slide, or down into the
    footers) when it reaches out of them by more than a trifle and overlaps them at all."""
    rect = slot.frame.rect
    inside = intersection(rect, bounds)
    if inside is None or rect.area - inside.area < TOLERANCE * max(rect.w, rect.h):
        return slot
    return slot.at(inside)


def _content_area(info: LayoutInfo, title: Rect) -> Rect:
    """Room for tables, timelines and pictures: the master's body box when it lies below
    the title and offers room, else the free area under the title; clear of the artwork."""
    body = info.master_placeholder("body")
    if body is not None and body.frame.rect.y >= title.bottom and \
            info.room(body.frame.rect, title) >= BODY_ROOM_SHARE:
        return info.backdrop.clear(body.frame.rect)
    return info.free_area(title)


def _text_style(info: LayoutInfo, bodies: Sequence[Placeholder], role: str) -> Placeholder:
    """The style of the text boxes the plan adds: the role's body, else the master's body
    (plain for plain roles)."""
    found = bodies[0] if bodies else info.master_placeholder("body")
    if found is None:
        found = _default_title(info)
        found = dataclasses.replace(found, frame=dataclasses.replace(found.frame, levels=(
            dataclasses.replace(found.frame.levels[0], size=20.0),)))
    if role in PLAIN_ROLES:
        found = dataclasses.replace(found, frame=_unindented(found.frame))
    return dataclasses.replace(found, ph=None)


def _unindented(frame: Frame) -> Frame:
    """A frame whose paragraphs are written without bullet indents."""
    return dataclasses.replace(frame, levels=tuple(
        dataclasses.replace(style, indent=0.0, first_indent=0.0) for style in frame.levels))


def _banner_slot(info: LayoutInfo) -> Placeholder:
    """The footer placeholder the classification goes in (the layout's, else the master's
    as a text box), else a strip along the bottom edge; cleared of the artwork."""
    found = info.footer("ftr")
    if found is None:
        slide = info.slide
        rect = Rect(0, slide.h - BANNER_HEIGHT, slide.w, BANNER_HEIGHT)
        found = Placeholder("ftr", None, Frame(rect, (4, 2, 4, 2), (TextStyle(
            font=info.master.minor_font, size=MIN_FOOTER_SIZE),)), master=info.master)
    return _cleared(found, info.backdrop)


def _row_blockers(info: LayoutInfo, banner: Rect, number: Placeholder | None,
                  texts: Sequence[Rect]) -> list[Rect]:
    """What the banner's row must keep clear of: the artwork in the row (not a strip the
    banner sits on), the slide number, and the role's text boxes reaching into the row."""
    row = Rect(0, banner.y, info.slide.w, banner.h)
    return [*(o for o in info.backdrop.obstacles if o.overlaps(row) and not o.contains(banner)),
            *([number.frame.rect] if number is not None else []),
            *(t for t in texts if t.overlaps(row))]


def _banner_beside_text(banner: Placeholder, texts: Sequence[Rect], info: LayoutInfo,
                        number: Placeholder | None) -> Placeholder:
    """The banner moved along its row into the widest stretch clear of what the row must
    keep clear of, when one of the role's text boxes or the slide number reaches into its
    box (a title slide's subtitle set in the footer row; the number over a strip along the
    bottom edge); where it is when none does, or when no stretch is
    :data:`MIN_BANNER_SHARE` of the slide wide."""
    rect, slide = banner.frame.rect, info.slide
    if not any(t.overlaps(rect) for t in texts) and \
            (number is None or not number.frame.rect.overlaps(rect)):
        return banner
    margin = MARGIN_SHARE * slide.w
    stretches, left = [], margin
    for x0, x1 in sorted((b.x - BOX_GAP, b.right + BOX_GAP)
                         for b in _row_blockers(info, rect, number, texts)):
        if x0 > left:
            stretches.append((left, x0))
        left = max(left, x1)
    if slide.w - margin > left:
        stretches.append((left, slide.w - margin))
    start, end = max(stretches, key=lambda s: s[1] - s[0], default=(0.0, 0.0))
    if end - start < MIN_BANNER_SHARE * slide.w:
        return banner
    width = min(rect.w, end - start)
    centre = min(max(rect.x + rect.w / 2, start + width / 2), end - width / 2)
    return _inked(banner.at(Rect(centre - width / 2, rect.y, width, rect.h)), info.backdrop)


def _clear_of_banner(title: Placeholder, bodies: list[Placeholder], banner: Rect,
                     info: LayoutInfo) -> tuple[Placeholder, list[Placeholder]]:
    """The title and bodies with a body that reaches into the banner's box (a title
    slide's subtitle set in the footer row) moved up clear of it: it takes the room up to
    the title, and when that is less than two of its own lines' height, the title moves
    up with it as far as the artwork allows. Unchanged when no body reaches into the
    banner, or when there is no room above it."""
    if len(bodies) != 1 or not bodies[0].frame.rect.overlaps(banner):
        return title, bodies
    rect, above = bodies[0].frame.rect, title.frame.rect
    bottom = banner.y - BOX_GAP
    if not (above.bottom <= rect.y + rect.h / 2 and above.x < rect.right and
            rect.x < above.right):  # no title above it: just up
        top = bottom - rect.h
        return title, ([_inked(bodies[0].at(Rect(rect.x, top, rect.w, rect.h)), info.backdrop)]
                       if top >= 0 else bodies)
    wanted = 2 * rect.h
    lift = max(0.0, above.bottom + BOX_GAP + wanted - bottom)
    raised = Rect(above.x, above.y - lift, above.w, above.h)
    while lift > 0 and (raised.y < info.bounds.y or
                        any(o.overlaps(raised) for o in info.backdrop.obstacles)):
        lift = max(0.0, lift - BOX_GAP)
        raised = Rect(above.x, above.y - lift, above.w, above.h)
    top = raised.bottom + BOX_GAP
    if bottom - top < rect.h:
        return title, bodies
    moved = Rect(rect.x, top, rect.w, bottom - top)
    return (_inked(title.at(raised), info.backdrop),
            [_inked(bodies[0].at(moved), info.backdrop)])


def _banner_band(info: LayoutInfo, banner: Placeholder, number: Placeholder | None,
                 texts: Sequence[Rect]) -> Rect:
    """The footer row the banner may widen into: the slide within its margin, up to the
    slide number, the artwork and the role's text boxes beside it."""
    slide, rect = info.slide, banner.frame.rect
    margin = MARGIN_SHARE * slide.w if rect.w < slide.w else 0.0
    left, right = margin, slide.w - margin
    centre = rect.x + rect.w / 2
    for blocker in _row_blockers(info, rect, number, texts):
        if blocker.right <= centre:
            left = max(left, blocker.right + BOX_GAP)
        elif blocker.x >= centre:
            right = min(right, blocker.x - BOX_GAP)
    left, right = min(left, rect.x), max(right, rect.right)
    return Rect(left, rect.y, right - left, rect.h)
