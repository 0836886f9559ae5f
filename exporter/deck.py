"""The slide plan: which slides a deck has, on which layout role, with which text.

Pure and independent of python-pptx (as pandoc keeps its Presentation model apart from its
XML writer). :func:`plan_deck` turns a document already selected for an audience into a
:class:`DeckPlan`: a title slide, an agenda, section headers, content slides with the key
points (split onto "(cont.)" slides when they do not fit), native tables split by rows and
by groups of columns, pictures fitted without distortion, timelines laid out as shapes, a
closing "Key takeaways" slide, the speaker notes of every slide, and the classification
banner of every layout role. All fitting is measured, not guessed: the renderer describes
each layout role's boxes as a :class:`Geometry` (placeholder sizes, insets, fonts, spacing,
the free room and the artwork to keep clear of, from the template) and passes a
:class:`Measurer` (real font metrics, see :mod:`exporter.metrics`); the plan decides sizes,
wraps, splits and where boxes move or are added, and the renderer only draws it.

Text is never cut: it shrinks within a bounded range, tightens its spacing, then continues
on another slide; a title that does not fit grows its box and moves what lies below it; text
a layout has no box or room for goes in a box the plan adds, else in the notes with a
warning.

Units are points throughout. An audience's ``slide_budget`` is honoured by dropping section
headers, then the agenda, then condensing (fewer bullets, subsections folded into their
parent); only then is a warning given.

Every word the plan adds (slide titles such as "Agenda", continuation marks, the notes it
writes) comes from the :class:`~exporter.labels.Labels` it is given, in the document's
language.

A chart (:class:`ChartPart`) goes beside its section's bullets, in the two-column layout,
when they fit one column and the other has room for it; else on a slide of its own.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from exporter.audience import FULL_AUDIENCE, Audience
from exporter.bullets import (
    LONG_WORDS,
    choose_bullets,
    prose_texts,
    section_bullets,
    standalone_points,
    without_full_stop,
    without_pointers,
)
from exporter.charts import (
    data_sentences,
    describe,
    format_value,
    shows_data_labels,
    shows_legend,
)
from exporter.labels import ENGLISH, Labels
from exporter.model import (
    Block,
    Callout,
    Chart,
    CodeBlock,
    Document,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Timeline,
    TimelineEntry,
    plain_text,
)
from exporter.text import sentences, word_count

#: Layout roles a geometry describes; the first seven can be overridden per audience.
ROLES = ("title", "agenda", "section", "content", "two_column", "picture", "closing",
         "title_only")

#: No text on a slide is smaller than this (accessibility).
MIN_TEXT_SIZE = 12.0
#: Titles shrink down to this share of the template's size to stay on one line...
TITLE_ONE_LINE_RATIO = 0.75
#: ...then wrap at sizes down to this share (never below 18 pt); a title that still does not
#: fit grows its box, and what lies below it moves down.
TITLE_MIN_RATIO = 0.6
TITLE_MIN_SIZE = 18.0
#: The share of the room below a title box that the box may grow into.
TITLE_GROWTH_SHARE = 0.35
#: Body text shrinks down to this share of the template's size (never below 12 pt), then
#: tightens its spacing, before it continues on a "(cont.)" slide.
BODY_MIN_RATIO = 0.6
BODY_MIN_SIZE = 12.0
#: Content slides share the text size that this share of them fit at (the others smaller).
EVEN_SHARE = 0.75
#: Text in a box the plan may grow shrinks down to this share of the template's size before
#: its box grows (then down to the floor).
GENTLE_RATIO = 0.85
#: The share of the template's space before paragraphs that tightened text keeps.
TIGHT_SPACING = 0.5
#: Room kept between a box the plan moves or adds and its neighbours (points).
BOX_GAP = 6.0
#: Height of the classification strip along the bottom edge of a layout without a footer.
BANNER_HEIGHT = 22.0
#: How tall a line of text is drawn, ascent to descent, as a multiple of its size: a one-line
#: box (the banner) holds this much whatever the template's line spacing.
GLYPH_HEIGHT = 1.3
#: Table and timeline text sizes (points): start, and the floor.
TABLE_SIZE = 16.0
TIMELINE_SIZE = 20.0
#: The most slides one table takes; the speaker notes list at most this many of its rows.
TABLE_MAX_SLIDES = 4
TABLE_NOTE_ROWS = 100
#: Points of text size a two-column agenda must gain over one column to be preferred.
AGENDA_COLUMN_GAIN = 2.0
#: Default cell insets of PowerPoint tables (left/right, top/bottom).
CELL_INSET = (7.2, 3.6)
#: Text is wrapped to this share of the room, for small differences between applications.
WRAP_SAFETY = 0.98


# ---------------------------------------------------------------------------------------
# Geometry: what the renderer tells the plan about the template
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    """A box on the slide, in points from the top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def area(self) -> float:
        return self.w * self.h

    def overlaps(self, other: Rect) -> bool:
        """Whether the two boxes share some area (touching edges do not)."""
        return self.x < other.right and other.x < self.right and self.y < other.bottom \
            and other.y < self.bottom

    def contains(self, other: Rect) -> bool:
        return self.x <= other.x and self.y <= other.y and other.right <= self.right and \
            other.bottom <= self.bottom


@dataclass(frozen=True)
class TextStyle:
    """The text properties that decide how much room a paragraph takes."""

    font: str = "Calibri"
    size: float = 18.0
    bold: bool = False
    italic: bool = False
    line_spacing: float = 1.0  # proportional line spacing (1.0 = single)
    line_points: float = 0.0  # exact line pitch in points, when the template sets one
    space_before: float = 0.0  # points
    space_before_lines: float = 0.0  # a share of one line (spcPct)
    indent: float = 0.0  # left margin of the text (marL), points
    first_indent: float = 0.0  # first-line indent (negative: hanging bullet), points
    caps: bool = False  # shown in capitals (cap="all" or "small")
    tracking: float = 0.0  # extra space after each character, points

    def at(self, size: float) -> TextStyle:
        """This style at another font size (exact line pitch scaled alike)."""
        if size == self.size:
            return self
        return _resized(self, size)


@functools.lru_cache(maxsize=4096)
def _resized(style: TextStyle, size: float) -> TextStyle:
    """``style`` at ``size`` (cached: planning asks for the same few sizes of the same few
    template styles thousands of times in a long deck)."""
    ratio = size / style.size if style.size else 1.0
    return dataclasses.replace(style, size=size, line_points=style.line_points * ratio)


@dataclass(frozen=True)
class Frame:
    """A text box: its rectangle, insets and the styles of its outline levels."""

    rect: Rect
    inset: tuple[float, float, float, float] = (7.2, 3.6, 7.2, 3.6)  # left, top, right, bottom
    levels: tuple[TextStyle, ...] = (TextStyle(),)
    _measures: dict[tuple[int, float], tuple[TextStyle, float]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @property
    def inner_width(self) -> float:
        return max(1.0, self.rect.w - self.inset[0] - self.inset[2])

    @property
    def inner_height(self) -> float:
        return max(1.0, self.rect.h - self.inset[1] - self.inset[3])

    @property
    def base_size(self) -> float:
        """The size of level-0 text: the template's, raised to the accessible minimum."""
        return max(self.levels[0].size, MIN_TEXT_SIZE)

    def template(self, level: int) -> TextStyle:
        """The template's style of outline ``level`` (the deepest defined one beyond)."""
        return self.levels[min(level, len(self.levels) - 1)]

    def style(self, level: int, size: float) -> TextStyle:
        """The style of outline ``level`` when level 0 is set in ``size`` points."""
        return self.template(level).at(self.size_at(level, size))

    def size_at(self, level: int, size: float) -> float:
        """The size of outline ``level`` when level 0 is set in ``size`` points."""
        if level == 0:
            return size
        ratio = size / self.base_size if self.base_size else 1.0
        return max(MIN_TEXT_SIZE, round(self.template(level).size * ratio))

    def text_width(self, style: TextStyle) -> float:
        """Room for text of one paragraph: the inner width less its margin and indent."""
        room = self.inner_width - max(style.indent, style.indent + style.first_indent)
        return max(1.0, room * WRAP_SAFETY)

    def measure(self, level: int, size: float) -> tuple[TextStyle, float]:
        """The template's style of ``level`` in ``size`` points and its text width
        (remembered: fitting asks for the same few again and again)."""
        key = (level, size)
        found = self._measures.get(key)
        if found is None:
            style = self.template(level).at(size)
            found = self._measures[key] = (style, self.text_width(style))
        return found


@dataclass(frozen=True)
class Layout:
    """The boxes of one layout role.

    ``bodies`` are the text boxes in reading order: the subtitle on a title slide, the text
    of a section header, one body on content slides, two on two-column slides, the caption
    on picture slides. ``area`` is the free room below the title (tables, timelines,
    pictures without a picture placeholder). ``text`` is the style of the text boxes the
    plan adds for what the layout has no room for; ``bounds`` is where text may go at all
    (the slide within its margins, above the footers); ``obstacles`` are the pictures,
    logos and stamps the template draws, which text keeps clear of. ``banner`` is the box
    the classification goes in and ``banner_band`` the row it may widen into (None: a strip
    along the bottom edge).
    """

    role: str
    name: str
    title: Frame
    bodies: tuple[Frame, ...] = ()
    picture: Rect | None = None
    area: Rect | None = None
    text: Frame | None = None
    bounds: Rect | None = None
    obstacles: tuple[Rect, ...] = ()
    banner: Frame | None = None
    banner_band: Rect | None = None

    @property
    def content_area(self) -> Rect:
        if self.area is not None:
            return self.area
        if self.bodies:
            return self.bodies[0].rect
        title = self.title.rect
        return Rect(title.x, title.bottom, title.w, title.h * 4)


@dataclass(frozen=True)
class Geometry:
    """A template as the plan sees it: slide size and one :class:`Layout` per role."""

    width: float
    height: float
    layouts: Mapping[str, Layout] = field(hash=False)

    def layout(self, role: str) -> Layout:
        return self.layouts[role]


class Measurer(Protocol):
    """Text measurement with real font metrics (see :class:`exporter.metrics.FontMeasurer`)."""

    def wrap(self, runs: Inline, style: TextStyle, width: float) -> list[str]:
        """The lines ``runs`` wrap into within ``width`` points."""
        ...

    def line_height(self, style: TextStyle, runs: Inline = ()) -> float:
        """The pitch of one line of ``style`` holding ``runs``, in points."""
        ...

    def width(self, text: str, style: TextStyle) -> float:
        """The width of ``text`` on one line, in points."""
        ...

    def cuts_words(self, runs: Inline, style: TextStyle, width: float) -> bool:
        """Whether wrapping ``runs`` within ``width`` cuts a word that has no break."""
        ...


@dataclass(frozen=True)
class PictureInfo:
    """An image the renderer found: its resolved path and pixel size."""

    path: str
    width: int
    height: int


# ---------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One paragraph of slide text at a decided size; ``space_before`` (points) is set when
    the plan tightened the template's spacing."""

    runs: Inline
    level: int = 0
    size: float = 18.0
    space_before: float | None = None

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class TextBlock:
    """The text of one box (title, body, subtitle, caption); ``rect`` is where it is drawn
    when the plan moved or resized the layout's box, or added one."""

    paras: tuple[Para, ...]
    rect: Rect | None = None

    @property
    def text(self) -> str:
        return "\n".join(para.text for para in self.paras)


@dataclass(frozen=True)
class NoteLine:
    """One paragraph of speaker notes; ``marker`` is "", "bullet" or "number"."""

    runs: Inline
    level: int = 0
    marker: str = ""
    number: int = 1

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class TablePart:
    """A native table (or one part of a long one) with decided sizes."""

    rect: Rect
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    col_widths: tuple[float, ...]
    row_heights: tuple[float, ...]  # the header row first
    size: float
    font: str
    align: tuple[str, ...] = ()


@dataclass(frozen=True)
class PicturePart:
    """An image fitted into a box without distortion."""

    path: str
    alt: str
    rect: Rect
    placeholder: bool  # drawn into the layout's picture placeholder


@dataclass(frozen=True)
class TimelineMark:
    """One event of a timeline: its marker centre, date label and text boxes."""

    when: str
    runs: Inline
    x: float
    label: Rect
    text: Rect


@dataclass(frozen=True)
class TimelinePart:
    """A timeline drawn as native shapes: a line, markers and text boxes."""

    line: Rect  # a horizontal line: y is its centre, h its thickness
    marker: float  # marker diameter
    marks: tuple[TimelineMark, ...]
    size: float
    label_size: float
    font: str


@dataclass(frozen=True)
class ChartPart:
    """A native chart in a box, with what it shows besides its bars, lines or slices:
    its own title (when the slide's title is not the chart's), data labels, a legend."""

    chart: Chart
    rect: Rect
    alt: str
    titled: bool
    data_labels: bool
    legend: bool
    size: float  # its text: axes, labels, legend


@dataclass(frozen=True)
class Slide:
    """One slide of the plan."""

    kind: str  # title, agenda, section, content, table, picture, timeline, closing
    role: str  # the layout role it is drawn on
    title: TextBlock
    bodies: tuple[TextBlock, ...] = ()
    notes: tuple[NoteLine, ...] = ()
    table: TablePart | None = None
    picture: PicturePart | None = None
    timeline: TimelinePart | None = None
    section: str = ""
    boxes: tuple[TextBlock, ...] = ()  # text boxes in the layout's text style
    chart: ChartPart | None = None

    @property
    def title_text(self) -> str:
        return " ".join(para.text for para in self.title.paras)


@dataclass(frozen=True)
class Banner:
    """The classification shown on every slide, and whether it is set in bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class DeckPlan:
    """The whole deck, the classification banner of each layout role it uses, and what the
    planner had to warn about."""

    slides: tuple[Slide, ...]
    warnings: tuple[str, ...] = ()
    banners: Mapping[str, TextBlock] = field(default_factory=dict, hash=False)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(slide.role for slide in self.slides)


# ---------------------------------------------------------------------------------------
# Fitting text into frames
# ---------------------------------------------------------------------------------------

#: How text is set: the level-0 size and whether the spacing before paragraphs is tightened.
Setting = tuple[float, bool]
_Point = TypeVar("_Point", int, float)


def size_floor(base: float, ratio: float, minimum: float) -> float:
    """The smallest size text may shrink to from ``base``."""
    return min(base, max(MIN_TEXT_SIZE, minimum, math.ceil(base * ratio)))


def _sizes(base: float, floor: float) -> list[float]:
    """Whole-point sizes from ``base`` down to ``floor``."""
    top = max(floor, math.floor(base))
    return [float(s) for s in range(int(top), math.ceil(floor) - 1, -1)] or [floor]


def _space_before(style: TextStyle, pitch: float) -> float:
    """The template's space before a paragraph of ``style``, in points."""
    return style.space_before + style.space_before_lines * pitch


def paragraph_height(para: Para, frame: Frame, measurer: Measurer) -> float:
    """Height of one paragraph set in ``para.size``, spacing before included."""
    return _height(para.runs, para.level, para.size, para.space_before, frame, measurer)


def _height(runs: Inline, level: int, size: float, space_before: float | None, frame: Frame,
            measurer: Measurer) -> float:
    """Height of a paragraph of ``runs`` at outline ``level`` in ``size`` points, with
    ``space_before`` (None: the template's spacing)."""
    style, width = frame.measure(level, size)
    lines = measurer.wrap(runs, style, width)
    pitch = measurer.line_height(style, runs)
    before = _space_before(style, pitch) if space_before is None else space_before
    return before + len(lines) * pitch


def text_height(paras: Sequence[Para], frame: Frame, measurer: Measurer) -> float:
    """Height of paragraphs in a frame (what the tests check against the frame)."""
    return sum(paragraph_height(para, frame, measurer) for para in paras)


def fits_at(paras: Sequence[Para], frame: Frame, measurer: Measurer, size: float,
            tight: bool = False) -> bool:
    """Whether ``paras`` set at level-0 ``size`` (:func:`set_at`) fit the frame: measured
    without making the set paragraphs, and only until they overflow (fitting asks this
    at each size it tries, of lists that may fill many slides)."""
    room, used = frame.inner_height, 0.0
    for para in paras:
        used += _height(para.runs, para.level, *_setting_of(para, frame, measurer, size, tight),
                        frame, measurer)
        if used > room:
            return False
    return True


def box_height(paras: Sequence[Para], frame: Frame, measurer: Measurer) -> float:
    """The height a box needs for ``paras``: their text and the frame's insets."""
    return text_height(paras, frame, measurer) + frame.inset[1] + frame.inset[3]


def set_at(paras: Sequence[Para], frame: Frame, measurer: Measurer, size: float,
           tight: bool = False) -> tuple[Para, ...]:
    """Paragraphs with sizes for level-0 ``size`` (deeper levels scaled alike), the space
    before them tightened to :data:`TIGHT_SPACING` of the template's when ``tight``."""
    return tuple(Para(para.runs, para.level, *_setting_of(para, frame, measurer, size, tight))
                 for para in paras)


def _setting_of(para: Para, frame: Frame, measurer: Measurer, size: float,
                tight: bool) -> tuple[float, float | None]:
    """The size of ``para`` when level 0 is set in ``size``, and its space before: the
    template's (None), or tightened to :data:`TIGHT_SPACING` of it when ``tight``."""
    level_size = frame.size_at(para.level, size)
    if not tight:
        return level_size, None
    style = frame.measure(para.level, level_size)[0]
    return level_size, TIGHT_SPACING * _space_before(style, measurer.line_height(style, para.runs))


def fits(paras: Sequence[Para], frame: Frame, measurer: Measurer) -> bool:
    return text_height(paras, frame, measurer) <= frame.inner_height


def _spaced(frame: Frame) -> bool:
    """Whether the frame's styles put space before paragraphs (which can be tightened)."""
    return any(style.space_before or style.space_before_lines for style in frame.levels)


def cuts_words(paras: Sequence[Para], frame: Frame, measurer: Measurer) -> bool:
    """Whether a word of ``paras`` (set at their sizes) is wider than its line."""
    return any(measurer.cuts_words(para.runs, *frame.measure(para.level, para.size))
               for para in paras)


def largest_fitting(paras: Sequence[Para], frame: Frame, measurer: Measurer,
                    floor: float, top: float | None = None) -> Setting | None:
    """The largest whole-point size (``floor``..template size, or ``top`` when smaller)
    at which ``paras`` fit with the template's spacing, else with it tightened, with every
    word whole on its line; where a word is wider than its line at ``floor``, the largest
    size below it (down to :data:`MIN_TEXT_SIZE`) that keeps words whole and fits, else
    that largest size with the word cut. None when nothing fits at ``floor``."""
    ascending = _sizes(min(frame.base_size, top or frame.base_size), floor)[::-1]

    def cut(size: float) -> bool:  # smaller sizes cut fewer words
        return cuts_words(set_at(paras, frame, measurer, size), frame, measurer)

    for tight in (False, True) if _spaced(frame) else (False,):

        def ok(size: float, tight: bool = tight) -> bool:
            return fits_at(paras, frame, measurer, size, tight)

        found = _last_true(ascending, ok)
        if found is None:
            continue
        if not cut(found):
            return found, tight
        # the sizes up to ``found`` fit; the largest of them that cuts no word
        whole = _last_true([size for size in ascending if size <= found],
                           lambda size: not cut(size))
        if whole is not None:
            return whole, tight
        for size in _sizes(ascending[0] - 1, MIN_TEXT_SIZE):
            placed = set_at(paras, frame, measurer, size)
            if not cuts_words(placed, frame, measurer) and fits(placed, frame, measurer):
                return size, False
        return found, tight
    return None


def _least(settings: Sequence[Setting]) -> Setting:
    """The least generous of ``settings``: tightened before not, then the smallest size."""
    return min(settings, key=lambda setting: (not setting[1], setting[0]))


def body_floor(frame: Frame) -> float:
    return size_floor(frame.base_size, BODY_MIN_RATIO, BODY_MIN_SIZE)


def gentle_floor(frame: Frame) -> float:
    """The size text shrinks to before its box grows (:data:`GENTLE_RATIO`)."""
    return size_floor(frame.base_size, GENTLE_RATIO, MIN_TEXT_SIZE)


def fit_block(paras: Sequence[Para], frame: Frame, measurer: Measurer,
              floor: float | None = None, top: float | None = None) -> TextBlock | None:
    """Paragraphs at the largest setting (at most ``top``) that fits the frame, or None."""
    floor = body_floor(frame) if floor is None else floor
    setting = largest_fitting(paras, frame, measurer, floor, top)
    return None if setting is None else TextBlock(set_at(paras, frame, measurer, *setting))


def title_floor(frame: Frame) -> float:
    """The smallest size a title wraps at before its box grows."""
    return size_floor(frame.base_size, TITLE_MIN_RATIO, TITLE_MIN_SIZE)


def fit_title(text: str, frame: Frame, measurer: Measurer) -> TextBlock | None:
    """A title at the largest size that keeps it on one line, shrinking down to
    :data:`TITLE_ONE_LINE_RATIO` of the template's size, else wrapped at the largest size
    down to :func:`title_floor`; None when it does not fit the frame even so."""
    runs = (Run(text),)
    one_line = size_floor(frame.base_size, TITLE_ONE_LINE_RATIO, TITLE_MIN_SIZE)
    for size in _sizes(frame.base_size, one_line):
        style = frame.levels[0].at(size)
        if len(measurer.wrap(runs, style, frame.text_width(style))) == 1:
            para = Para(runs, 0, size)
            if fits((para,), frame, measurer):
                return TextBlock((para,))
    return fit_block((Para(runs),), frame, measurer, title_floor(frame))


# --- room on the slide --------------------------------------------------------------------


def _column(frame: Frame, bounds: Rect, blockers: Sequence[Rect]) -> tuple[float, float]:
    """How far up and down ``frame`` may grow within ``bounds`` without covering
    ``blockers`` that share its width (:data:`BOX_GAP` kept from them)."""
    rect = frame.rect
    across = [b for b in blockers if b.x < rect.right and rect.x < b.right]
    top = max([bounds.y, *(b.bottom + BOX_GAP for b in across if b.bottom <= rect.y + 1)])
    bottom = min([bounds.bottom,
                  *(b.y - BOX_GAP for b in across if b.y >= rect.bottom - 1)])
    return min(top, rect.y), max(bottom, rect.bottom)


def grow(frame: Frame, height: float, bounds: Rect,
         blockers: Sequence[Rect]) -> Frame | None:
    """``frame`` made ``height`` tall: extended downwards, then upwards, within ``bounds``
    and clear of ``blockers``; None when there is not that much room."""
    rect = frame.rect
    if height <= rect.h:
        return frame
    top, bottom = _column(frame, bounds, blockers)
    if bottom - top < height:
        return None
    new_top = min(rect.y, bottom - height)
    return dataclasses.replace(frame, rect=Rect(rect.x, new_top, rect.w, height))


def tallest(frame: Frame, bounds: Rect, blockers: Sequence[Rect]) -> Frame:
    """``frame`` grown as tall as ``bounds`` and ``blockers`` allow."""
    top, bottom = _column(frame, bounds, blockers)
    return dataclasses.replace(frame, rect=Rect(frame.rect.x, top, frame.rect.w, bottom - top))


def _clear_of(rect: Rect, box: Rect) -> Rect:
    """``rect`` cut back so that it does not overlap ``box``: its top moved below the box
    when it lies lower, else its bottom moved above it."""
    if not rect.overlaps(box):
        return rect
    if rect.y + rect.h / 2 >= box.y + box.h / 2:
        top = min(box.bottom + BOX_GAP, rect.bottom - 1)
        return Rect(rect.x, top, rect.w, rect.bottom - top)
    bottom = max(box.y - BOX_GAP, rect.y + 1)
    return Rect(rect.x, rect.y, rect.w, bottom - rect.y)


def with_title(layout: Layout, title: Frame) -> Layout:
    """``layout`` with its title in ``title`` (a grown box), the bodies and the free area
    moved clear of it."""
    bodies = tuple(dataclasses.replace(body, rect=_clear_of(body.rect, title.rect))
                   for body in layout.bodies)
    area = None if layout.area is None else _clear_of(layout.area, title.rect)
    return dataclasses.replace(layout, title=title, bodies=bodies, area=area)


def free_rect(bounds: Rect, taken: Sequence[Rect]) -> Rect | None:
    """The largest box inside ``bounds`` that keeps :data:`BOX_GAP` from every box of
    ``taken``, or None."""
    blocks = [Rect(r.x - BOX_GAP, r.y - BOX_GAP, r.w + 2 * BOX_GAP, r.h + 2 * BOX_GAP)
              for r in taken]
    blocks = [b for b in blocks if b.overlaps(bounds)]
    edges = sorted({bounds.y, bounds.bottom, *(min(max(v, bounds.y), bounds.bottom)
                                               for b in blocks for v in (b.y, b.bottom))})
    best: Rect | None = None
    for i, top in enumerate(edges):
        for bottom in edges[i + 1:]:
            spans = sorted((b.x, b.right) for b in blocks if b.y < bottom and b.bottom > top)
            left = bounds.x
            for start, end in (*spans, (bounds.right, bounds.right)):
                width = min(start, bounds.right) - left
                if width > 0 and (best is None or width * (bottom - top) > best.area):
                    best = Rect(left, top, width, bottom - top)
                left = max(left, end)
    return best


# --- splitting ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_CLAUSE_END = re.compile(r"(?<=[,:)])\s+|\s+(?=[—–(]|-\s)")
_WORD_END = re.compile(r"\s+")


def _cut_points(text: str) -> list[list[int]]:
    """Where a paragraph too long for a slide may be cut, best first: after sentences,
    after clauses, between words, between characters (prefix lengths, ascending)."""
    return [[m.start() for m in pattern.finditer(text) if 0 < m.start() < len(text)]
            for pattern in (_SENTENCE_END, _CLAUSE_END, _WORD_END)] + \
        [list(range(1, len(text)))]


def slice_runs(runs: Inline, start: int, end: int) -> Inline:
    """The text of ``runs`` from character ``start`` to ``end``, formatting kept."""
    sliced, offset = [], 0
    for run in runs:
        a, b = max(start, offset), min(end, offset + len(run.text))
        if a < b:
            sliced.append(dataclasses.replace(run, text=run.text[a - offset:b - offset]))
        offset += len(run.text)
    return tuple(sliced)


def split_long(para: Para, frame: Frame, measurer: Measurer) -> list[Para]:
    """``para`` as it is when it fits the frame, else cut after sentences (else clauses,
    words, characters) into paragraphs that each fit: nothing is left out. In a frame
    too short for one line, the rest stays one paragraph (the caller finds it does not
    fit)."""
    pieces: list[Para] = []
    runs = para.runs
    while not fits((piece := dataclasses.replace(para, runs=runs),), frame, measurer):
        text = plain_text(runs)

        def ok(end: int, text: str = text, runs: Inline = runs) -> bool:
            head = dataclasses.replace(para, runs=slice_runs(runs, 0, end))
            return fits((head,), frame, measurer)

        end = next((found for points in _cut_points(text)
                    if (found := _last_true(points, ok)) is not None), None)
        if end is None:  # not even one character fits
            break
        pieces.append(dataclasses.replace(para, runs=slice_runs(runs, 0, end)))
        rest = len(text) - len(text[end:].lstrip())
        runs = slice_runs(runs, rest, len(text))
    return [*pieces, piece]


def _last_true(points: Sequence[_Point], ok: Callable[[_Point], bool]) -> _Point | None:
    """The largest point for which the monotone predicate ``ok`` holds."""
    low, high, found = 0, len(points) - 1, None
    while low <= high:
        mid = (low + high) // 2
        if ok(points[mid]):
            found, low = points[mid], mid + 1
        else:
            high = mid - 1
    return found


@dataclass(frozen=True)
class Split:
    """Paragraphs spread over one or more frames of the same shape, and those left out
    when the frames were limited in number."""

    chunks: tuple[TextBlock, ...]
    left_out: tuple[Para, ...] = ()


def split_paragraphs(paras: Sequence[Para], frame: Frame, measurer: Measurer,
                     max_chunks: int | None = None, top: float | None = None) -> Split:
    """Fit ``paras`` into as few frames as needed, balanced, at one common setting (at
    most ``top`` points); a paragraph too long for a whole frame continues in the next one.

    With ``max_chunks`` the paragraphs that do not fit that many frames are left out.
    """
    whole = fit_block(paras, frame, measurer, top=top)
    if whole is not None:
        return Split((whole,))
    floor = body_floor(frame)
    tight = _spaced(frame)
    at_floor = [piece for para in set_at(paras, frame, measurer, floor, tight)
                for piece in split_long(para, frame, measurer)]
    heights = [paragraph_height(p, frame, measurer) for p in at_floor]
    groups = _balanced(heights, frame.inner_height, max_chunks)
    chunks = [at_floor[a:b] for a, b in groups]
    setting = _least([largest_fitting(chunk, frame, measurer, floor, top) or (floor, tight)
                      for chunk in chunks])
    blocks = tuple(TextBlock(set_at(chunk, frame, measurer, *setting)) for chunk in chunks)
    return Split(blocks, tuple(at_floor[groups[-1][1]:]))


def _greedy(heights: Sequence[float], limit: float) -> list[tuple[int, int]]:
    groups, start, used = [], 0, 0.0
    for i, height in enumerate(heights):
        if i > start and used + height > limit:
            groups.append((start, i))
            start, used = i, 0.0
        used += height
    groups.append((start, len(heights)))
    return groups


def _balanced(heights: Sequence[float], limit: float,
              max_chunks: int | None) -> list[tuple[int, int]]:
    """Consecutive groups no taller than ``limit``: as few as possible, as even as possible."""
    groups = _greedy(heights, limit)
    if max_chunks is not None and len(groups) > max_chunks:
        return groups[:max_chunks]
    count, low, high = len(groups), max(heights), limit
    for _ in range(24):  # the smallest height cap that still needs only `count` groups
        mid = (low + high) / 2
        if len(_greedy(heights, mid)) <= count:
            high = mid
        else:
            low = mid
    return _greedy(heights, high)


# --- the banner ---------------------------------------------------------------------------


def fit_banner(banner: Banner, frame: Frame, band: Rect | None, slide: Rect,
               measurer: Measurer) -> TextBlock:
    """The classification on one line: in its box at the largest size down to 12 pt (the
    box made as tall as a line at 12 pt needs, inside the slide), else in the box widened
    about its centre within ``band`` (the footer row), at the largest size that fits."""
    runs = (Run(banner.text, bold=banner.bold),)
    style = dataclasses.replace(frame.levels[0], bold=frame.levels[0].bold or banner.bold)
    sizes = _sizes(max(MIN_TEXT_SIZE, style.size), MIN_TEXT_SIZE)
    given = frame.rect
    frame = _tall_enough(frame, MIN_TEXT_SIZE * GLYPH_HEIGHT, slide)
    moved = None if frame.rect == given else frame.rect
    for size in sizes:
        at = style.at(size)
        if len(measurer.wrap(runs, at, frame.text_width(at))) == 1 and \
                size * GLYPH_HEIGHT <= frame.inner_height:
            return TextBlock((Para(runs, 0, size),), moved)
    band = band or frame.rect
    margins = frame.inset[0] + frame.inset[2]
    for size in sizes:
        at = style.at(size)
        needed = measurer.width(banner.text, at) / WRAP_SAFETY + margins + 1
        if needed <= band.w and size * GLYPH_HEIGHT <= frame.inner_height:
            return TextBlock((Para(runs, 0, size),), _widened(frame.rect, needed, band))
    return TextBlock((Para(runs, 0, MIN_TEXT_SIZE),), Rect(band.x, frame.rect.y, band.w,
                                                            frame.rect.h))


def _tall_enough(frame: Frame, line: float, slide: Rect) -> Frame:
    """``frame`` at least one ``line`` tall inside its insets (grown about its middle) and
    inside the slide."""
    rect = frame.rect
    height = max(rect.h, line + frame.inset[1] + frame.inset[3])
    top = min(max(rect.y + rect.h / 2 - height / 2, slide.y), slide.bottom - height)
    if (top, height) == (rect.y, rect.h):
        return frame
    return dataclasses.replace(frame, rect=Rect(rect.x, top, rect.w, height))


def _widened(rect: Rect, width: float, band: Rect) -> Rect:
    """``rect`` made ``width`` wide about its centre, kept inside ``band``."""
    left = rect.x + rect.w / 2 - width / 2
    left = min(max(left, band.x), band.right - width)
    return Rect(left, rect.y, width, rect.h)


# ---------------------------------------------------------------------------------------
# Speaker notes
# ---------------------------------------------------------------------------------------


def note_lines(blocks: Sequence[Block], level: int = 0,
               labels: Labels = ENGLISH) -> tuple[NoteLine, ...]:
    """Blocks as speaker-note paragraphs: prose as paragraphs, lists kept as lists."""
    return tuple(line for block in blocks for line in _block_notes(block, level, labels))


def _block_notes(block: Block, level: int, labels: Labels) -> Iterator[NoteLine]:
    match block:
        case Paragraph(runs=runs):
            yield NoteLine(runs, level)
        case ListBlock():
            yield from _list_notes(block, level)
        case Table():
            if block.caption:
                yield NoteLine((Run(block.caption, bold=True),), level)
            for row in block.rows:
                cells = [f"{plain_text(h)}: {plain_text(c)}" for h, c in zip(block.header, row,
                                                                             strict=False)]
                yield NoteLine((Run("; ".join(cells)),), level, "bullet")
        case Image():
            alt = block.alt or block.title or block.src
            yield NoteLine((Run(labels.text("image_note", alt=alt)),), level)
        case CodeBlock(text=text):
            yield from (NoteLine((Run(line, code=True),), level) for line in text.splitlines())
        case Quote(blocks=blocks):
            yield from note_lines(blocks, level + 1, labels)
        case Callout():
            if block.title:
                yield NoteLine((Run(block.title, bold=True),), level)
            yield from note_lines(block.blocks, level, labels)
        case Timeline():
            if block.title:
                yield NoteLine((Run(block.title, bold=True),), level)
            for entry in block.entries:
                yield NoteLine((Run(f"{entry.when}: ", bold=True), *entry.runs), level, "bullet")


def _list_notes(block: ListBlock, level: int) -> Iterator[NoteLine]:
    marker = "number" if block.ordered else "bullet"
    for n, item in enumerate(block.items, start=block.start):
        yield NoteLine(item.runs, level, marker, n)
        for child in item.children:
            yield from _list_notes(child, level + 1)


def _text_note(text: str, bold: bool = False) -> NoteLine:
    return NoteLine((Run(text, bold=bold),))


# ---------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------

class _Titles:
    """Keeps slide titles unique ("Title", "Title (2)", ...)."""

    def __init__(self, untitled: str = ENGLISH["untitled"]) -> None:
        self.used: set[str] = set()
        self.numbers: dict[str, int] = {}  # by title: the next number to try
        self.untitled = untitled

    def unique(self, title: str) -> str:
        title = " ".join(title.split()) or self.untitled
        # numbers below the one remembered for a title are taken: a title used many times
        # is numbered in constant time
        key = title.casefold()
        candidate, n = title, self.numbers.get(key, 2)
        while candidate.casefold() in self.used:
            candidate, n = f"{title} ({n})", n + 1
        self.used.add(candidate.casefold())
        self.numbers[key] = n
        return candidate


def continued(title: str, n: int, labels: Labels = ENGLISH) -> str:
    """The title of the ``n``-th continuation slide (n >= 1)."""
    if n == 1:
        return labels.text("continued", title=title)
    return labels.text("continued_again", title=title, count=n)


def key_points(section: Section) -> tuple[Inline, ...]:
    """The slide bullets of a section: its key points; else its list items when it has no
    prose; else the bullets chosen from its prose (:func:`exporter.bullets.section_bullets`,
    the choice ingest makes too)."""
    if section.keypoints:
        return section.keypoints
    if not any(isinstance(block, Paragraph) for block in section.blocks):
        return tuple(item.runs for block in section.blocks if isinstance(block, ListBlock)
                     for item in block.items)
    return tuple((Run(bullet),) for bullet in section_bullets(section.blocks))


# ---------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    dividers: bool = True
    agenda: bool = True
    condensed: bool = False


def plan_deck(
    document: Document,
    audience: Audience,
    geometry: Geometry,
    measurer: Measurer,
    *,
    pictures: Mapping[str, PictureInfo] | None = None,
    banner: Banner | None = None,
    labels: Labels = ENGLISH,
) -> DeckPlan:
    """The slide plan of ``document`` (already selected for ``audience``).

    ``pictures`` maps an image's ``src`` to what the renderer found; images missing from it
    are left out (the renderer has warned about them). ``banner`` is the classification
    every slide shows; ``labels`` are the words the plan adds, in the reader's language.
    """
    ladder = [_Options(), _Options(dividers=False), _Options(dividers=False, agenda=False),
              _Options(dividers=False, agenda=False, condensed=True)]
    budget = audience.slide_budget
    plan = DeckPlan(())
    for options in ladder:

        def planned(ceiling: float | None, options: _Options = options) -> DeckPlan:
            return _Planner(document, audience, geometry, measurer, pictures or {}, options,
                            banner, ceiling, labels).plan()

        plan = _even(planned)
        if budget is None or len(plan.slides) <= budget:
            return plan
    warning = (f"the deck has {len(plan.slides)} slides, over the slide budget of {budget} "
               f"for audience `{audience.name}`, even condensed; select fewer sections")
    return dataclasses.replace(plan, warnings=(*plan.warnings, warning))


def _even(planned: Callable[[float | None], DeckPlan]) -> DeckPlan:
    """A plan whose content slides share one text size where they can: planned once, then
    again with the size most of them fit at (:data:`EVEN_SHARE` of them) as the largest
    any may take, when some took more."""
    first = planned(None)
    sizes = sorted((max(para.size for para in slide.bodies[0].paras if para.level == 0)
                    for slide in first.slides if slide.kind == "content" and slide.bodies
                    and any(para.level == 0 for para in slide.bodies[0].paras)),
                   reverse=True)
    if not sizes:
        return first
    common = sizes[int(EVEN_SHARE * (len(sizes) - 1))]
    return first if common >= sizes[0] else planned(common)


class _Planner:
    """Builds one plan under one set of options; content text is at most ``ceiling``
    points when given."""

    def __init__(self, document: Document, audience: Audience, geometry: Geometry,
                 measurer: Measurer, pictures: Mapping[str, PictureInfo],
                 options: _Options, banner: Banner | None,
                 ceiling: float | None = None, labels: Labels = ENGLISH) -> None:
        self.document = document
        self.audience = audience
        self.geometry = geometry
        self.measurer = measurer
        self.pictures = pictures
        self.options = options
        self.banner = banner
        self.ceiling = ceiling
        self.labels = labels
        self.titles = _Titles(labels["untitled"])
        self.slides: list[Slide] = []
        self.warnings: list[str] = []

    def plan(self) -> DeckPlan:
        self._title_slide()
        sections = self.document.sections
        if self.options.agenda and len(sections) > 1:
            self._agenda(sections)
        for number, section in enumerate(sections, start=1):
            self._top_section(section, number)
        self._closing()
        return DeckPlan(tuple(self.slides), tuple(dict.fromkeys(self.warnings)),
                        self._banners())

    # --- building blocks ---------------------------------------------------------------

    @property
    def _slide(self) -> Rect:
        return Rect(0, 0, self.geometry.width, self.geometry.height)

    def _bounds(self, layout: Layout) -> Rect:
        return layout.bounds or self._slide

    def _layout_for(self, role: str, title: str) -> Layout:
        """The role's layout with room for ``title``: when it does not fit the title box even
        wrapped at the smallest size, the box grows and what lies below it moves down, by
        at most :data:`TITLE_GROWTH_SHARE` of the room below it (beyond that the title is
        set smaller: a template's display-size title must not take the body's room)."""
        layout = self.geometry.layout(role)
        frame = layout.title
        if fit_title(title, frame, self.measurer) is not None:
            return layout
        bounds = self._bounds(layout)
        needed = min(box_height((Para((Run(title),), 0, title_floor(frame)),), frame,
                                self.measurer),
                     frame.rect.h + TITLE_GROWTH_SHARE *
                     max(0.0, bounds.bottom - frame.rect.bottom))
        grown = grow(frame, needed, bounds, layout.obstacles) or \
            tallest(frame, bounds, layout.obstacles)
        return with_title(layout, grown)

    def _fit_title(self, text: str, layout: Layout) -> TextBlock:
        """The title in its (possibly grown) box; in a box that cannot grow enough, at the
        largest size down to 12 pt that fits, with a warning when none does."""
        block = fit_title(text, layout.title, self.measurer)
        if block is None:
            block = fit_block((Para((Run(text),)),), layout.title, self.measurer,
                              MIN_TEXT_SIZE)
        if block is None:
            self.warnings.append(f"the title {text!r} does not fit its box on layout "
                                 f"{layout.name!r} even at {MIN_TEXT_SIZE:g} pt")
            block = TextBlock((Para((Run(text),), 0, MIN_TEXT_SIZE),))
        return block

    def _add(self, kind: str, role: str, title: str, *, layout: Layout | None = None,
             bodies: Sequence[TextBlock] = (), boxes: Sequence[TextBlock] = (),
             notes: Sequence[NoteLine] = (), section: str = "", table: TablePart | None = None,
             picture: PicturePart | None = None, timeline: TimelinePart | None = None) -> None:
        text = self.titles.unique(title)
        layout = layout or self._layout_for(role, text)
        base = self.geometry.layout(role)
        block = _placed(self._fit_title(text, layout), layout.title, base.title)
        bodies = [_placed(body, frame, base_frame) for body, frame, base_frame
                  in zip(bodies, layout.bodies, base.bodies, strict=False)]
        self.slides.append(Slide(kind, role, block, tuple(bodies), tuple(notes), table,
                                 picture, timeline, section, tuple(boxes)))

    def _notes(self, blocks: Sequence[Block]) -> tuple[NoteLine, ...]:
        return note_lines(blocks, labels=self.labels)

    def _paras(self, points: Sequence[Inline], level: int = 0) -> list[Para]:
        return [Para(point, level) for point in points]

    def _text_frame(self, layout: Layout, rect: Rect) -> Frame:
        """A text box at ``rect`` in the layout's text style."""
        if layout.text is not None:
            style = layout.text
        elif layout.bodies:
            style = layout.bodies[0]
        else:
            title = layout.title
            style = Frame(title.rect, title.inset, (dataclasses.replace(
                title.levels[0], size=min(title.levels[0].size, 20.0), bold=False),))
        return dataclasses.replace(style, rect=rect)

    def _fit_growing(self, paras: Sequence[Para], frame: Frame, layout: Layout,
                     taken: Sequence[Rect]) -> TextBlock | None:
        """``paras`` in ``frame``: shrunk a little, else in the frame grown into the free
        room around it (as tall as the template's size needs), else shrunk to the floor,
        else grown as tall as that needs; None when none fits."""
        gentle = gentle_floor(frame)
        floor = body_floor(frame)
        bounds = self._bounds(layout)
        for size, tight in ((gentle, False), (floor, _spaced(frame))):
            block = fit_block(paras, frame, self.measurer, size)
            if block is not None:
                return block
            needed = box_height(set_at(paras, frame, self.measurer,
                                       frame.base_size if size == gentle else size, tight),
                                frame, self.measurer)
            grown = grow(frame, needed, bounds, taken)
            found = None if grown is None else fit_block(paras, grown, self.measurer, size)
            if grown is not None and found is not None:
                return dataclasses.replace(found, rect=grown.rect)
        return None

    def _place(self, paras: Sequence[Para], layout: Layout, what: str
               ) -> tuple[list[TextBlock], list[TextBlock], tuple[NoteLine, ...]]:
        """``paras`` in the layout's first text box (grown into free room when they do not
        fit it), else in a text box of the layout's text style where the slide has room,
        else split between the two when that box reads after the first (below it or
        beside it, never above); what has no room goes to the notes, with a warning.
        Returns the body, the added text boxes and the notes."""
        if not paras:
            return [], [], ()
        frame = layout.bodies[0] if layout.bodies else None
        taken = [layout.title.rect, *layout.obstacles, *(b.rect for b in layout.bodies[1:])]
        if layout.picture is not None:
            taken.append(layout.picture)
        free = free_rect(self._bounds(layout), [*taken, *([frame.rect] if frame else [])])
        box = None if free is None else self._text_frame(layout, free)
        follows = free is not None and (frame is None or free.y >= frame.rect.bottom
                                        or free.x >= frame.rect.right)
        widest: tuple[int, TextBlock] | None = None  # the most lines the body holds alone
        for cut in range(len(paras), -1, -1):
            head, tail = paras[:cut], paras[cut:]
            body = self._fit_growing(head, frame, layout, taken) if head and frame else None
            if head and body is None:
                continue
            widest = widest or ((cut, body) if body else None)
            usable = box if follows or not head else None
            rest = fit_block(tail, usable, self.measurer) if tail and usable is not None \
                else None
            if tail and rest is None:
                continue
            return ([body] if body else [], [dataclasses.replace(rest, rect=free)]
                    if rest else [], ())
        cut, body = widest if widest else (0, None)
        self.warnings.append(f"{what} has no room for {len(paras) - cut} line(s) of text on "
                             f"layout {layout.name!r}; they are in the speaker notes")
        return ([body] if body else [], [],
                tuple(NoteLine(para.runs, 0, "bullet") for para in paras[cut:]))

    def _banners(self) -> dict[str, TextBlock]:
        """The classification fitted to the banner box of every layout role the deck uses."""
        banners: dict[str, TextBlock] = {}
        if self.banner is None or not self.banner.text:
            return banners
        for role in dict.fromkeys(slide.role for slide in self.slides):
            layout = self.geometry.layout(role)
            if layout.banner is not None:
                banners[role] = fit_banner(self.banner, layout.banner, layout.banner_band,
                                           self._slide, self.measurer)
        return banners

    # --- slides ------------------------------------------------------------------------

    def _title_slide(self) -> None:
        meta = self.document.meta
        label = "" if self.audience == FULL_AUDIENCE else self.audience.display_label
        lines = [meta.subtitle, " · ".join(x for x in (label, self.labels.date(meta.date)) if x)]
        paras = self._paras([(Run(line),) for line in lines if line])
        layout = self._layout_for("title", meta.title)
        bodies, boxes, notes = self._place(paras, layout, "the title slide")
        self._add("title", "title", meta.title, layout=layout, bodies=bodies, boxes=boxes,
                  notes=(*self._notes(self.document.intro), *notes))

    def _agenda(self, sections: Sequence[Section]) -> None:
        """The agenda in one column, or in two when that sets it larger (at least
        :data:`AGENDA_COLUMN_GAIN` points), or continued when neither holds it."""
        paras = self._paras([(Run(section.title),) for section in sections])
        layout = self.geometry.layout("agenda")
        one = None
        if layout.bodies:
            frame = layout.bodies[0]
            one = largest_fitting(paras, frame, self.measurer, body_floor(frame))
        two = self._two_columns(paras)
        if two is not None and (one is None or two[0][0] >= one[0] + AGENDA_COLUMN_GAIN):
            self._add("agenda", "two_column", self.labels["agenda"], bodies=two[1])
            return
        self._bullet_slides("agenda", "agenda", self.labels["agenda"], paras, ())

    def _two_columns(self, paras: Sequence[Para]) -> tuple[Setting, list[TextBlock]] | None:
        """``paras`` split over the two bodies of the two-column layout at one setting."""
        layout = self.geometry.layout("two_column")
        if len(layout.bodies) < 2 or len(paras) < 2:
            return None
        half = (len(paras) + 1) // 2
        columns = (paras[:half], paras[half:])
        floor = max(body_floor(frame) for frame in layout.bodies[:2])
        settings = [largest_fitting(column, frame, self.measurer, floor)
                    for column, frame in zip(columns, layout.bodies, strict=False)]
        if None in settings:
            return None
        setting = _least([s for s in settings if s is not None])
        return setting, [TextBlock(set_at(column, frame, self.measurer, *setting))
                         for column, frame in zip(columns, layout.bodies, strict=False)]

    def _bullet_slides(self, kind: str, role: str, title: str, paras: Sequence[Para],
                       notes: Sequence[NoteLine], section: str = "",
                       max_slides: int | None = None) -> None:
        """One slide of bullets, or several with "(cont.)" titles when they do not fit; with
        ``max_slides``, the points that do not fit that many go to the first one's notes."""
        layout = self._layout_for(role, title)
        if not layout.bodies or not paras:
            self._add(kind, "title_only", title, notes=notes, section=section)
            return
        top = self.ceiling if kind == "content" else None
        split = split_paragraphs(paras, layout.bodies[0], self.measurer, max_slides, top)
        if len(split.chunks) > 1:  # room for the longest title of the series
            longest = self._layout_for(role, continued(title, len(split.chunks) - 1,
                                                       self.labels))
            if longest.title.rect != layout.title.rect:
                layout = longest
                split = split_paragraphs(paras, layout.bodies[0], self.measurer, max_slides,
                                         top)
        left_out = (_text_note(self.labels["not_on_slide"], bold=True),
                    *(NoteLine(p.runs, p.level, "bullet") for p in split.left_out)) \
            if split.left_out else ()
        first = len(self.slides) + 1
        for n, chunk in enumerate(split.chunks):
            if n == 0:
                self._add(kind, role, title, layout=layout, bodies=[chunk],
                          notes=(*notes, *left_out), section=section)
            else:
                note = _text_note(self.labels.text("continues_slide", title=title, slide=first))
                self._add(kind, role, continued(title, n, self.labels), layout=layout,
                          bodies=[chunk], notes=(note,), section=section)

    def _top_section(self, section: Section, number: int) -> None:
        if self.options.condensed:
            self._condensed(section)
            return
        if self.options.dividers and section.subsections:
            self._divider(section, number)
        self._section(section)

    def _divider(self, section: Section, number: int) -> None:
        title = self.labels.text("part", number=number, title=section.title)
        layout = self._layout_for("section", title)
        paras = self._paras([(Run(child.title),) for child in section.subsections])
        bodies, boxes, notes = self._place(paras, layout, f"the divider of {section.title!r}")
        self._add("section", "section", title, layout=layout, bodies=bodies, boxes=boxes,
                  notes=notes, section=section.id)

    def _section(self, section: Section) -> None:
        """The slides of a section: its key points, then its tables, pictures and
        timelines, then its subsections'. A section with nothing to show nor to say (a
        heading over its subsections only, or an empty one) has no slide of its own."""
        notes = self._notes(section.speaker_notes)
        points = key_points(section)
        if points or notes:
            self._bullet_slides("content", "content", section.title, self._paras(points),
                                notes, section.id)
        for block in section.blocks:
            self._block_slides(block, section)
        for child in section.subsections:
            self._section(child)

    def _condensed(self, section: Section) -> None:
        """One slide for a section and its subsections: as many points as fit."""
        points = list(key_points(section))
        notes = list(self._notes(section.speaker_notes))
        for child in section.subsections:
            for sub in child.walk():
                points.extend(key_points(sub)[:2])
                child_notes = self._notes(sub.speaker_notes)
                if child_notes:
                    notes.append(_text_note(sub.title, bold=True))
                    notes.extend(child_notes)
        self._bullet_slides("content", "content", section.title, self._paras(points),
                            notes, section.id, max_slides=1)

    def _block_slides(self, block: Block, section: Section) -> None:
        if isinstance(block, Table) and block.rows:
            self._table_slides(block, section)
        elif isinstance(block, Image):
            self._picture_slide(block, section)
        elif isinstance(block, Timeline) and block.entries:
            self._timeline_slides(block, section)
        elif isinstance(block, Chart):
            self._chart_slide(block, section)

    def _closing(self) -> None:
        summary = sentences(self.document.meta.summary)
        if summary:
            points: list[Inline] = self._takeaways(summary)
            notes: tuple[NoteLine, ...] = (_text_note(" ".join(summary)),)
        else:
            points = [key_points(s)[0] for s in self.document.sections if key_points(s)]
            notes = ()
        if points:
            self._bullet_slides("closing", "closing", self.labels["key_takeaways"],
                                self._paras(points),
                                notes, max_slides=1 if self.options.condensed else None)

    def _takeaways(self, summary: Sequence[str]) -> list[Inline]:
        """The closing slide's points: the summary's sentences (without what points
        elsewhere, "(see also Cornwall Council)", nor a full stop, as every bullet; one
        that leans on the sentence before goes on from that one's point) when
        each reads as one point (at most :data:`~exporter.bullets.LONG_WORDS` words) and
        they fit its body without shrinking past the gentle size; else the most salient
        sentences of the summary and the introduction's prose, shortened by safe deletions
        only (:func:`exporter.bullets.choose_bullets`), since a reader takes away a few
        statements, not a paragraph set small; the summary's sentences still, when those
        give fewer points than two and the sentences fit. The notes hold the whole
        summary either way."""
        points = [without_full_stop(point) for point in standalone_points(
            [without_pointers(sentence) for sentence in summary])]
        whole: list[Inline] = [(Run(point),) for point in points]
        layout = self._layout_for("closing", self.labels["key_takeaways"])
        if not layout.bodies:
            return whole
        frame = layout.bodies[0]
        fits = fit_block(self._paras(whole), frame, self.measurer, gentle_floor(frame))
        if fits and all(word_count(point) <= LONG_WORDS for point in points):
            return whole
        chosen = choose_bullets([" ".join(summary), *prose_texts(self.document.intro)])
        if fits and len(chosen) < min(2, len(summary)):
            return whole
        return [(Run(bullet),) for bullet in chosen] or whole

    # --- tables ------------------------------------------------------------------------

    def _table_slides(self, table: Table, section: Section) -> None:
        layout = self.geometry.layout("title_only")
        content = self.geometry.layout("content")
        style = content.bodies[0].levels[0] if content.bodies else layout.title.levels[0]
        title = table.caption or self.labels.text("section_table", section=section.title)
        planned = plan_table(table, layout.content_area, style, self.measurer)
        notes = table_notes(table, planned, self.labels)
        if not planned.complete:
            self.warnings.append(
                f"table {title!r} ({len(table.rows)} rows, {len(table.header)} columns) is "
                f"too large for {TABLE_MAX_SLIDES} slides: they show {planned.rows_shown} "
                f"rows and {planned.columns_shown} columns; the briefing has the whole table")
        first = len(self.slides) + 1
        for n, part in enumerate(planned.parts):
            if n == 0:
                self._add("table", "title_only", title, notes=notes, section=section.id,
                          table=part)
            else:
                note = _text_note(self.labels.text("table_continues", slide=first))
                self._add("table", "title_only", continued(title, n, self.labels), notes=(note,),
                          section=section.id, table=part)

    # --- pictures ----------------------------------------------------------------------

    def _picture_slide(self, image: Image, section: Section) -> None:
        info = self.pictures.get(image.src)
        if info is None:
            return
        layout = self.geometry.layout("picture")
        box = layout.picture or layout.content_area
        rect = fit_picture(info, box)
        caption_text = image.alt if image.title else ""
        bodies: list[TextBlock] = []
        if caption_text and layout.bodies:
            taken = [layout.title.rect, rect, *layout.obstacles]
            caption = self._fit_growing([Para((Run(caption_text),))], layout.bodies[0],
                                        layout, taken)
            if caption is None:
                self.warnings.append(f"the caption of {image.src} does not fit beside it; "
                                     "it is in the speaker notes")
            else:
                bodies.append(caption)
        alt = image.alt or image.title or self.labels["image"]
        if not (image.alt or image.title):
            self.warnings.append(f"image {image.src} has no alt text; add a description "
                                 "in ![...](...)")
        notes = (_text_note(self.labels.text("image_note", alt=alt)),)
        self._add("picture", "picture",
                  image.title or self.labels.text("section_figure", section=section.title),
                  bodies=bodies, notes=notes, section=section.id,
                  picture=PicturePart(info.path, alt, rect, layout.picture is not None))

    # --- timelines ---------------------------------------------------------------------

    def _timeline_slides(self, timeline: Timeline, section: Section) -> None:
        layout = self.geometry.layout("title_only")
        style = layout.title.levels[0]
        body = self.geometry.layout("content").bodies
        if body:
            style = body[0].levels[0]
        parts = plan_timeline(timeline, layout.content_area, style, self.measurer,
                              self.labels)
        title = timeline.title or self.labels.text("section_timeline", section=section.title)
        notes = self._notes((dataclasses.replace(timeline, title=""),))
        if not parts:  # no room to draw it: its events as bullets ("2018: Operativo ...")
            events = [(Run(f"{entry.when}: ", bold=True), *entry.runs)
                      for entry in timeline.entries]
            self._bullet_slides("content", "content", title, self._paras(events), notes,
                                section.id)
            return
        first = len(self.slides) + 1
        for n, part in enumerate(parts):
            if n == 0:
                self._add("timeline", "title_only", title, notes=notes, section=section.id,
                          timeline=part)
            else:
                note = _text_note(self.labels.text("timeline_continues", slide=first))
                self._add("timeline", "title_only", continued(title, n, self.labels),
                          notes=(note,),
                          section=section.id, timeline=part)

    # --- charts ------------------------------------------------------------------------

    def _chart_slide(self, chart: Chart, section: Section) -> None:
        """A chart beside the section's bullets when there is room, else on a slide of its
        own titled by the chart; its figures are the notes."""
        notes = (_text_note(chart.title, bold=True),
                 *(NoteLine((Run(sentence),), 0, "bullet") for sentence in data_sentences(chart)))
        if self._chart_beside_bullets(chart, section, notes):
            return
        area = self.geometry.layout("title_only").content_area
        self._add("chart", "title_only", chart.title, notes=notes, section=section.id)
        self.slides[-1] = dataclasses.replace(self.slides[-1], chart=chart_part(
            chart, area, self._chart_style(), self.measurer, titled=False))

    def _chart_beside_bullets(self, chart: Chart, section: Section,
                              notes: Sequence[NoteLine]) -> bool:
        """Put ``chart`` in the second column of the two-column layout, beside the
        section's bullets in the first, when the last slide holds those bullets alone (not
        continued), they fit one column shrunk no more than a little (:data:`GENTLE_RATIO`)
        and the other column has room for the chart."""
        layout = self.geometry.layout("two_column")
        last = self.slides[-1] if self.slides else None
        if (last is None or last.section != section.id or last.kind != "content"
                or last.role != "content" or len(last.bodies) != 1
                or len(layout.bodies) < 2 or not fits_beside(chart, layout.bodies[1].rect)
                or (len(self.slides) > 1 and self.slides[-2].section == section.id
                    and self.slides[-2].kind == "content")):
            return False
        column = layout.bodies[0]
        bullets = fit_block([Para(para.runs, para.level) for para in last.bodies[0].paras],
                            column, self.measurer, gentle_floor(column))
        if bullets is None:
            return False
        title = fit_title(last.title_text, layout.title, self.measurer)
        if title is None:
            return False
        self.slides[-1] = dataclasses.replace(
            last, role="two_column", title=title, bodies=(bullets,),
            notes=(*last.notes, *notes),
            chart=chart_part(chart, layout.bodies[1].rect, self._chart_style(), self.measurer,
                             titled=True))
        return True

    def _chart_style(self) -> TextStyle:
        """The text style chart labels are measured in: the body text's, at chart size."""
        bodies = self.geometry.layout("content").bodies
        style = bodies[0].levels[0] if bodies else self.geometry.layout("content").title.levels[0]
        return style.at(CHART_SIZE)


def _placed(block: TextBlock, frame: Frame, base: Frame) -> TextBlock:
    """``block`` with the rect of ``frame`` when the plan moved or resized the layout's
    box (``base``) for it."""
    if block.rect is not None or frame.rect == base.rect:
        return block
    return dataclasses.replace(block, rect=frame.rect)


# ---------------------------------------------------------------------------------------
# Tables, pictures, timelines: pure layout
# ---------------------------------------------------------------------------------------


def _cell_lines(runs: Inline, style: TextStyle, width: float, measurer: Measurer) -> int:
    return max(1, len(measurer.wrap(runs, style, max(1.0, width - 2 * CELL_INSET[0]))))


@dataclass(frozen=True)
class _ColumnWidth:
    """How wide a column is on one line (``natural``) and at the least (``minimum``: its
    longest word), insets included."""

    natural: float
    minimum: float


def _measure_column(cells: Sequence[Inline], header: Inline, style: TextStyle,
                    measurer: Measurer) -> _ColumnWidth:
    natural = minimum = 0.0
    bold = dataclasses.replace(style, bold=True)
    for cell, st in ((header, bold), *((c, style) for c in cells)):
        text = plain_text(cell)
        natural = max(natural, measurer.width(text, st) + 2 * CELL_INSET[0])
        longest = max((measurer.width(w, st) for w in text.split()), default=0.0)
        minimum = max(minimum, longest + 2 * CELL_INSET[0])
    return _ColumnWidth(natural, minimum)


def _distribute(columns: Sequence[_ColumnWidth], width: float) -> list[float]:
    """Column widths filling ``width``: in proportion to their natural widths when they
    all fit on one line, else each column's minimum and a share of the rest."""
    natural = [c.natural for c in columns]
    minimum = [c.minimum for c in columns]
    if sum(natural) <= width:
        return [n * width / sum(natural) for n in natural]
    if sum(minimum) >= width:
        return [m * width / sum(minimum) for m in minimum]
    slack = [n - m for n, m in zip(natural, minimum, strict=True)]
    spare = width - sum(minimum)
    return [m + spare * s / sum(slack) for m, s in zip(minimum, slack, strict=True)]


def _row_height(cells: Sequence[Inline], widths: Sequence[float], style: TextStyle,
                measurer: Measurer) -> float:
    lines = max(_cell_lines(c, style, w, measurer) for c, w in zip(cells, widths, strict=False))
    pitch = measurer.line_height(style, tuple(run for cell in cells for run in cell))
    return lines * pitch + 2 * CELL_INSET[1]


@dataclass(frozen=True)
class TablePlan:
    """A table as slides: its parts (at most :data:`TABLE_MAX_SLIDES`) and how many of its
    rows and columns they show."""

    parts: tuple[TablePart, ...]
    rows_shown: int
    columns_shown: int
    complete: bool


class _Columns:
    """The columns of a table measured at one text style, each once and only when asked
    for (a table of hundreds of columns is measured as far as its slides reach)."""

    def __init__(self, table: Table, rows: Sequence[tuple[Inline, ...]], style: TextStyle,
                 measurer: Measurer) -> None:
        self.table, self.rows, self.style, self.measurer = table, rows, style, measurer
        self.found: dict[int, _ColumnWidth] = {}

    def __getitem__(self, index: int) -> _ColumnWidth:
        if index not in self.found:
            self.found[index] = _measure_column([row[index] for row in self.rows],
                                                self.table.header[index], self.style,
                                                self.measurer)
        return self.found[index]

    def groups(self, width: float, most: int) -> list[list[int]]:
        """Consecutive columns in at most ``most`` groups whose narrowest widths fit
        ``width``; the first column (the rows' labels) leads every group after the first
        when it takes at most a third of the width."""
        count = len(self.table.header)
        repeat = count > 1 and self[0].minimum <= width / 3
        groups: list[list[int]] = []
        start = 0
        while start < count and len(groups) < most:
            group = [0] if groups and repeat else []
            fresh = len(group)
            used = sum(self[i].minimum for i in group)
            while start < count and (len(group) == fresh or
                                     used + self[start].minimum <= width):
                used += self[start].minimum
                group.append(start)
                start += 1
            groups.append(group)
        return groups


def plan_table(table: Table, area: Rect, style: TextStyle, measurer: Measurer,
               max_parts: int = TABLE_MAX_SLIDES) -> TablePlan:
    """A table fitted to ``area`` at the largest size (16 down to 12 pt) at which its
    columns fit the width and its rows ``max_parts`` slides; at 12 pt, columns that do not
    fit the width go in groups (the first column leading each), and what does not fit
    ``max_parts`` slides is left out (rows and columns beyond are not even measured)."""
    count = len(table.header)
    smallest_row = measurer.line_height(style.at(MIN_TEXT_SIZE)) + 2 * CELL_INSET[1]
    per_part = max(1, int(area.h // smallest_row))
    rows = [tuple(row[:count]) + ((),) * (count - len(row))
            for row in table.rows[:per_part * max_parts]]
    sizes = _sizes(min(TABLE_SIZE, max(MIN_TEXT_SIZE, style.size)), MIN_TEXT_SIZE)
    for size in sizes[:-1]:
        whole = _table_at(table, rows, area, style.at(size), measurer, max_parts)
        if whole.complete and len(whole.parts[0].header) == count:
            return whole
    return _table_at(table, rows, area, style.at(sizes[-1]), measurer, max_parts)


def _table_at(table: Table, rows: Sequence[tuple[Inline, ...]], area: Rect, text: TextStyle,
              measurer: Measurer, max_parts: int) -> TablePlan:
    """The table's parts at one text style (its columns measured as far as they reach)."""
    columns = _Columns(table, rows, text, measurer)
    return _table_parts(table, rows, columns.groups(area.w, max_parts), columns, area, text,
                        measurer, max_parts)


def _table_parts(table: Table, rows: Sequence[tuple[Inline, ...]], groups: list[list[int]],
                 columns: _Columns, area: Rect, text: TextStyle, measurer: Measurer,
                 max_parts: int) -> TablePlan:
    """The parts of a table in groups of columns at one text style: rows split by height,
    the first rows of every group before the next rows; at most ``max_parts``."""
    header_style = dataclasses.replace(text, bold=True)
    chunked = []
    for group in groups:
        widths = _distribute([columns[i] for i in group], area.w)
        header = _row_height([table.header[i] for i in group], widths, header_style, measurer)
        heights = [_row_height([row[i] for i in group], widths, text, measurer)
                   for row in rows]
        chunked.append((group, widths, header, heights, _greedy(heights, area.h - header)))
    pieces = [(group, widths, header, heights, span)
              for chunk in range(max(len(c[4]) for c in chunked))
              for group, widths, header, heights, chunks in chunked if chunk < len(chunks)
              for span in chunks[chunk:chunk + 1]]
    parts = tuple(TablePart(
        Rect(area.x, area.y, area.w, header + sum(heights[a:b])),
        tuple(table.header[i] for i in group),
        tuple(tuple(row[i] for i in group) for row in rows[a:b]),
        tuple(widths), (header, *heights[a:b]), text.size, text.font,
        tuple(table.align[i] if i < len(table.align) else "" for i in group))
        for group, widths, header, heights, (a, b) in pieces[:max_parts])
    shown_rows = max(b for *_, (_, b) in pieces[:max_parts])
    shown_columns = len({i for group, *_ in pieces[:max_parts] for i in group})
    complete = len(pieces) <= max_parts and len(rows) == len(table.rows) and \
        shown_columns == len(table.header)
    return TablePlan(parts, shown_rows, shown_columns, complete)


def table_notes(table: Table, planned: TablePlan,
                labels: Labels = ENGLISH) -> tuple[NoteLine, ...]:
    """The notes of a table's first slide: its rows as text (at most
    :data:`TABLE_NOTE_ROWS`), and where the whole table is when the slides do not show it."""
    lines = note_lines((dataclasses.replace(table, rows=table.rows[:TABLE_NOTE_ROWS]),),
                       labels=labels)
    if planned.complete:
        return lines
    return (*lines, _text_note(labels.text(
        "table_partial", rows=planned.rows_shown, all_rows=len(table.rows),
        columns=planned.columns_shown, all_columns=len(table.header))))


def fit_picture(info: PictureInfo, box: Rect, max_upscale: float = 2.0) -> Rect:
    """The largest rectangle of the image's aspect ratio inside ``box``, centred; never more
    than ``max_upscale`` times its natural size (96 dpi)."""
    natural_w, natural_h = info.width * 0.75, info.height * 0.75
    scale = min(box.w / natural_w, box.h / natural_h, max_upscale)
    w, h = natural_w * scale, natural_h * scale
    return Rect(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)


#: Timeline proportions: the narrowest column per event, events per slide, marker size.
TIMELINE_MIN_COLUMN = 150.0
TIMELINE_MAX_EVENTS = 6
TIMELINE_MARKER = 14.0
TIMELINE_GAP = 10.0
_TIMELINE_INSET = (7.2, 3.6, 7.2, 3.6)


def plan_timeline(timeline: Timeline, area: Rect, style: TextStyle,
                  measurer: Measurer, labels: Labels = ENGLISH) -> list[TimelinePart]:
    """Events spread along a horizontal line: dates above, text below; several slides when
    there are more events than columns, fewer events a slide when their text needs the
    room, and an event too long for a whole slide continued on the next."""
    entries = list(timeline.entries)
    per_slide = max(2, min(TIMELINE_MAX_EVENTS, int(area.w // TIMELINE_MIN_COLUMN)))
    while per_slide > 1:
        chunks = [entries[i:i + per_slide] for i in range(0, len(entries), per_slide)]
        parts = [_timeline_part(chunk, area, style, measurer) for chunk in chunks]
        if all(part is not None for part in parts):
            return [part for part in parts if part is not None]
        per_slide -= 1
    alone = [piece for entry in entries
             for piece in _event_pieces(entry, area, style, measurer, labels)]
    return [part for entry in alone
            if (part := _timeline_part([entry], area, style, measurer)) is not None]


def _event_pieces(entry: TimelineEntry, area: Rect, style: TextStyle,
                  measurer: Measurer, labels: Labels) -> list[TimelineEntry]:
    """An event as it is, or its text cut into pieces that each fit a slide alone at 12 pt
    (the later ones dated "(cont.)")."""
    frame = _timeline_frames([entry], area, style, measurer, MIN_TEXT_SIZE)[1]
    pieces = split_long(Para(entry.runs, 0, MIN_TEXT_SIZE), frame, measurer)
    return [TimelineEntry(entry.when if n == 0 else continued(entry.when, 1, labels), piece.runs)
            for n, piece in enumerate(pieces)]


def _timeline_part(entries: Sequence[TimelineEntry], area: Rect, style: TextStyle,
                   measurer: Measurer) -> TimelinePart | None:
    for size in _sizes(min(TIMELINE_SIZE, style.size), MIN_TEXT_SIZE):
        part = _timeline_at(entries, area, style, measurer, size)
        if part is not None:
            return part
    return None


def _timeline_frames(entries: Sequence[TimelineEntry], area: Rect, style: TextStyle,
                     measurer: Measurer, size: float) -> tuple[float, Frame]:
    """The height of the date labels and the frame of each event's text, at ``size``."""
    width = area.w / len(entries) - TIMELINE_GAP
    inset = _TIMELINE_INSET
    label_style = dataclasses.replace(style.at(size + 2), bold=True)
    label_frame = Frame(Rect(0, 0, width, area.h), inset, (label_style,))
    labels = [Para((Run(e.when),), 0, size + 2) for e in entries]
    label_h = max(text_height((p,), label_frame, measurer) for p in labels) + inset[1] * 2
    room = area.h - label_h - TIMELINE_MARKER - 2 * TIMELINE_GAP
    return label_h, Frame(Rect(0, 0, width, room), inset, (style.at(size),))


def _timeline_at(entries: Sequence[TimelineEntry], area: Rect, style: TextStyle,
                 measurer: Measurer, size: float) -> TimelinePart | None:
    """Events at ``size``, the whole drawing centred in ``area``; None when a text does not
    fit under the line."""
    column = area.w / len(entries)
    label_h, frame = _timeline_frames(entries, area, style, measurer, size)
    width, inset = frame.rect.w, frame.inset
    paras = [Para(entry.runs, 0, size) for entry in entries]
    if not all(fits((para,), frame, measurer) for para in paras):
        return None
    text_h = max(text_height((p,), frame, measurer) for p in paras) + inset[1] * 2
    block = label_h + TIMELINE_MARKER + 2 * TIMELINE_GAP + text_h
    top = area.y + max(0.0, (area.h - block) / 2)
    line_y = top + label_h + TIMELINE_GAP + TIMELINE_MARKER / 2
    text_top = line_y + TIMELINE_MARKER / 2 + TIMELINE_GAP
    marks = tuple(
        TimelineMark(entry.when, para.runs, area.x + column * (i + 0.5),
                     Rect(area.x + column * i + TIMELINE_GAP / 2, top, width, label_h),
                     Rect(area.x + column * i + TIMELINE_GAP / 2, text_top, width, text_h))
        for i, (entry, para) in enumerate(zip(entries, paras, strict=True)))
    return TimelinePart(Rect(area.x, line_y, area.w, 2.0), TIMELINE_MARKER, marks, size,
                        size + 2, style.font)


# ---------------------------------------------------------------------------------------
# Charts: pure layout
# ---------------------------------------------------------------------------------------

#: Chart text (axes, data labels, legend), points.
CHART_SIZE = 14.0
#: The share of a chart's box its plot takes (axes, titles and legend take the rest), and
#: the room a data label needs, as a multiple of its width.
CHART_PLOT_SHARE = 0.75
CHART_LABEL_ROOM = 1.2
#: The smallest box a chart is put in beside bullets, and the most categories it shows there.
CHART_BESIDE_MIN = (240.0, 200.0)
CHART_BESIDE_CATEGORIES = 8


def fits_beside(chart: Chart, box: Rect) -> bool:
    """Whether ``chart`` reads well in ``box``, a column beside bullets."""
    return (box.w >= CHART_BESIDE_MIN[0] and box.h >= CHART_BESIDE_MIN[1]
            and len(chart.categories) <= CHART_BESIDE_CATEGORIES)


def chart_part(chart: Chart, box: Rect, style: TextStyle, measurer: Measurer, *,
               titled: bool) -> ChartPart:
    """``chart`` filling ``box``, described for screen readers, its figures written on it
    where that helps and they have room (``style``: its text)."""
    labels = shows_data_labels(chart) and labels_fit(chart, box, style, measurer)
    return ChartPart(chart, box, describe(chart), titled, labels, shows_legend(chart),
                     style.size)


def labels_fit(chart: Chart, box: Rect, style: TextStyle, measurer: Measurer) -> bool:
    """Whether every data label has room beside its neighbours: a pie's beside its slice; a
    column's, a stack's or a line's within its share of the plot's width; a bar's within
    its share of the height."""
    if chart.kind == "pie":
        return True
    bars = len(chart.categories) * (len(chart.series) if chart.kind in ("column", "bar") else 1)
    if chart.kind == "bar":
        return box.h * CHART_PLOT_SHARE / bars >= measurer.line_height(style)
    widest = max(measurer.width(format_value(value, series), style)
                 for series in chart.series for value in series.values if value is not None)
    return box.w * CHART_PLOT_SHARE / bars >= widest * CHART_LABEL_ROOM
