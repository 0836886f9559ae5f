"""The slide plan: which slides a deck has, on which layout role, with which text.

Pure and independent of python-pptx (as pandoc keeps its Presentation model apart from its
XML writer). :func:`plan_deck` turns a document already selected for an audience into a
:class:`DeckPlan`: a title slide, an agenda, section headers, content slides with the key
points (split onto "(cont.)" slides when they do not fit), native tables split by rows,
pictures fitted without distortion, timelines laid out as shapes, a closing "Key takeaways"
slide, and the speaker notes of every slide. All fitting is measured, not guessed: the
renderer describes each layout role's boxes as a :class:`Geometry` (placeholder sizes,
insets, fonts, spacing, from the template) and passes a :class:`Measurer` (real font
metrics, see :mod:`exporter.metrics`); the plan decides sizes, wraps and splits, and the
renderer only draws it.

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
from typing import Protocol

from exporter.audience import FULL_AUDIENCE, Audience
from exporter.bullets import section_bullets
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
from exporter.text import sentences

#: Layout roles a geometry describes; the first seven can be overridden per audience.
ROLES = ("title", "agenda", "section", "content", "two_column", "picture", "closing",
         "title_only")

#: No text on a slide is smaller than this (accessibility).
MIN_TEXT_SIZE = 12.0
#: Titles shrink down to this share of the template's size (never below 18 pt) before wrapping.
TITLE_MIN_RATIO = 0.75
TITLE_MIN_SIZE = 18.0
#: Body text shrinks down to this share of the template's size before splitting.
BODY_MIN_RATIO = 0.75
BODY_MIN_SIZE = 14.0
#: Table and timeline text sizes (points): start, and the floor.
TABLE_SIZE = 16.0
TIMELINE_SIZE = 20.0
#: Points of text size a two-column agenda must gain over one column to be preferred.
AGENDA_COLUMN_GAIN = 2.0
#: Default cell insets of PowerPoint tables (left/right, top/bottom).
CELL_INSET = (7.2, 3.6)
#: Text is wrapped to this share of the room, for small differences between applications.
WRAP_SAFETY = 0.98
ELLIPSIS = "…"


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
    pictures without a picture placeholder).
    """

    role: str
    name: str
    title: Frame
    bodies: tuple[Frame, ...] = ()
    picture: Rect | None = None
    area: Rect | None = None

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
    """One paragraph of slide text at a decided size."""

    runs: Inline
    level: int = 0
    size: float = 18.0

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class TextBlock:
    """The text of one box (title, body, subtitle, caption)."""

    paras: tuple[Para, ...]

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
    chart: ChartPart | None = None

    @property
    def title_text(self) -> str:
        return " ".join(para.text for para in self.title.paras)


@dataclass(frozen=True)
class DeckPlan:
    """The whole deck and what the planner had to warn about."""

    slides: tuple[Slide, ...]
    warnings: tuple[str, ...] = ()

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(slide.role for slide in self.slides)


# ---------------------------------------------------------------------------------------
# Fitting text into frames
# ---------------------------------------------------------------------------------------


def size_floor(base: float, ratio: float, minimum: float) -> float:
    """The smallest size text may shrink to from ``base``."""
    return min(base, max(MIN_TEXT_SIZE, minimum, math.ceil(base * ratio)))


def _sizes(base: float, floor: float) -> list[float]:
    """Whole-point sizes from ``base`` down to ``floor``."""
    top = max(floor, math.floor(base))
    return [float(s) for s in range(int(top), math.ceil(floor) - 1, -1)] or [floor]


def paragraph_height(para: Para, frame: Frame, measurer: Measurer) -> float:
    """Height of one paragraph set in ``para.size``, spacing before included."""
    style, width = frame.measure(para.level, para.size)
    lines = measurer.wrap(para.runs, style, width)
    pitch = measurer.line_height(style, para.runs)
    return style.space_before + style.space_before_lines * pitch + len(lines) * pitch


def text_height(paras: Sequence[Para], frame: Frame, measurer: Measurer) -> float:
    """Height of paragraphs in a frame (what the tests check against the frame)."""
    return sum(paragraph_height(para, frame, measurer) for para in paras)


def _at(paras: Sequence[Para], frame: Frame, size: float) -> tuple[Para, ...]:
    """Paragraphs with sizes for level-0 ``size`` (deeper levels scaled alike)."""
    return tuple(Para(p.runs, p.level, frame.size_at(p.level, size)) for p in paras)


def fits(paras: Sequence[Para], frame: Frame, measurer: Measurer) -> bool:
    return text_height(paras, frame, measurer) <= frame.inner_height


def largest_fitting(paras: Sequence[Para], frame: Frame, measurer: Measurer,
                    floor: float) -> float | None:
    """The largest whole-point size (``floor``..template size) at which ``paras`` fit."""
    sizes = _sizes(frame.base_size, floor)
    if not fits(_at(paras, frame, sizes[-1]), frame, measurer):
        return None
    low, high = 0, len(sizes) - 1  # sizes[high] fits; find the first that fits
    while low < high:
        mid = (low + high) // 2
        if fits(_at(paras, frame, sizes[mid]), frame, measurer):
            high = mid
        else:
            low = mid + 1
    return sizes[low]


def body_floor(frame: Frame) -> float:
    return size_floor(frame.base_size, BODY_MIN_RATIO, BODY_MIN_SIZE)


def fit_title(text: str, frame: Frame, measurer: Measurer,
              tail: re.Pattern[str] | None = None) -> tuple[TextBlock, bool]:
    """A title at the largest size that keeps it on one line, shrinking within a bounded
    range, then wrapping; shortened only when even that fails (a "(cont.)" or "(2)" ending
    is kept so titles stay unique; ``tail`` matches those endings, English ones by
    default). Returns (block, shortened)."""
    floor = size_floor(frame.base_size, TITLE_MIN_RATIO, TITLE_MIN_SIZE)
    runs = (Run(text),)
    for size in _sizes(frame.base_size, floor):
        style = frame.levels[0].at(size)
        if len(measurer.wrap(runs, style, frame.text_width(style))) == 1:
            para = Para(runs, 0, size)
            if fits((para,), frame, measurer):
                return TextBlock((para,)), False
    wrapped = largest_fitting((Para(runs),), frame, measurer, floor)
    if wrapped is not None:
        return TextBlock((Para(runs, 0, wrapped),)), False
    ending = (tail or ENGLISH.continuation_tail()).search(text)
    if ending is None:
        return TextBlock((shorten(Para(runs, 0, floor), frame, measurer),)), True
    head = Para((Run(text[:ending.start()]),), 0, floor)
    return TextBlock((shorten(head, frame, measurer, ending.group()),)), True


def fit_block(paras: Sequence[Para], frame: Frame, measurer: Measurer,
              floor: float | None = None) -> TextBlock | None:
    """Paragraphs at the largest size that fits the frame, or None."""
    floor = body_floor(frame) if floor is None else floor
    size = largest_fitting(paras, frame, measurer, floor)
    return None if size is None else TextBlock(_at(paras, frame, size))


_CLAUSE_END = re.compile(r"[,;:)](?=\s)|\s(?=[—–(]|-\s)")


def _cut_points(text: str) -> tuple[list[int], list[int]]:
    """Clause boundaries and word boundaries of ``text`` (prefix lengths), ascending."""
    clauses = sorted({m.end() if text[m.start()] in ",;:)" else m.start()
                      for m in _CLAUSE_END.finditer(text)})
    words = [m.start() for m in re.finditer(r"\s+", text)]
    return clauses, words


def shorten(para: Para, frame: Frame, measurer: Measurer, keep: str = "") -> Para:
    """``para`` cut at the last clause boundary (else word boundary) that fits the frame on
    its own, with an ellipsis (and ``keep`` after it)."""
    text = para.text

    def candidate(end: int) -> Para:
        head = text[:end].rstrip(" ,;:—–-(")
        return dataclasses.replace(para, runs=(Run(head + ELLIPSIS + keep),))

    def ok(end: int) -> bool:
        return fits((candidate(end),), frame, measurer)

    clauses, words = _cut_points(text)
    for points in (clauses, words):
        best = _last_true(points, ok)
        if best is not None:
            return candidate(best)
    chars = list(range(1, len(text)))
    best = _last_true(chars, ok)
    return candidate(best if best is not None else 1)


def _last_true(points: Sequence[int], ok: Callable[[int], bool]) -> int | None:
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
    """Paragraphs spread over one or more frames of the same shape."""

    chunks: tuple[TextBlock, ...]
    shortened: tuple[str, ...] = ()  # full texts of paragraphs that had to be shortened


def split_paragraphs(paras: Sequence[Para], frame: Frame, measurer: Measurer,
                     max_chunks: int | None = None) -> Split:
    """Fit ``paras`` into as few frames as needed, balanced, at one common size.

    With ``max_chunks`` the paragraphs that do not fit that many frames are dropped.
    """
    whole = fit_block(paras, frame, measurer)
    if whole is not None:
        return Split((whole,))
    floor = body_floor(frame)
    at_floor = list(_at(paras, frame, floor))
    shortened: dict[int, str] = {}
    for i, para in enumerate(at_floor):
        if not fits((para,), frame, measurer):
            shortened[i] = para.text
            at_floor[i] = shorten(para, frame, measurer)
    heights = [paragraph_height(p, frame, measurer) for p in at_floor]
    groups = _balanced(heights, frame.inner_height, max_chunks)
    chunks = [at_floor[a:b] for a, b in groups]
    size = min(largest_fitting(chunk, frame, measurer, floor) or floor for chunk in chunks)
    blocks = tuple(TextBlock(_at(chunk, frame, size)) for chunk in chunks)
    kept = groups[-1][1]
    return Split(blocks, tuple(text for i, text in shortened.items() if i < kept))


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
        self.untitled = untitled

    def unique(self, title: str) -> str:
        title = " ".join(title.split()) or self.untitled
        candidate, n = title, 2
        while candidate.casefold() in self.used:
            candidate, n = f"{title} ({n})", n + 1
        self.used.add(candidate.casefold())
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
    labels: Labels = ENGLISH,
) -> DeckPlan:
    """The slide plan of ``document`` (already selected for ``audience``).

    ``pictures`` maps an image's ``src`` to what the renderer found; images missing from it
    are left out (the renderer has warned about them). ``labels`` are the words the plan
    adds, in the reader's language.
    """
    ladder = [_Options(), _Options(dividers=False), _Options(dividers=False, agenda=False),
              _Options(dividers=False, agenda=False, condensed=True)]
    budget = audience.slide_budget
    plan = DeckPlan(())
    for options in ladder:
        plan = _Planner(document, audience, geometry, measurer, pictures or {}, options,
                        labels).plan()
        if budget is None or len(plan.slides) <= budget:
            return plan
    warning = (f"the deck has {len(plan.slides)} slides, over the slide budget of {budget} "
               f"for audience `{audience.name}`, even condensed; select fewer sections")
    return dataclasses.replace(plan, warnings=(*plan.warnings, warning))


class _Planner:
    """Builds one plan under one set of options."""

    def __init__(self, document: Document, audience: Audience, geometry: Geometry,
                 measurer: Measurer, pictures: Mapping[str, PictureInfo],
                 options: _Options, labels: Labels = ENGLISH) -> None:
        self.document = document
        self.audience = audience
        self.geometry = geometry
        self.measurer = measurer
        self.pictures = pictures
        self.options = options
        self.labels = labels
        self.tail = labels.continuation_tail()
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
        return DeckPlan(tuple(self.slides), tuple(dict.fromkeys(self.warnings)))

    # --- building blocks ---------------------------------------------------------------

    def _title(self, text: str, layout: Layout) -> tuple[TextBlock, tuple[NoteLine, ...]]:
        block, shortened = fit_title(self.titles.unique(text), layout.title, self.measurer,
                                     self.tail)
        if shortened:
            full = " ".join(text.split())
            return block, (_text_note(self.labels.text("full_title", title=full), bold=True),)
        return block, ()

    def _add(self, kind: str, role: str, title: str, *, bodies: Sequence[TextBlock] = (),
             notes: Sequence[NoteLine] = (), section: str = "", table: TablePart | None = None,
             picture: PicturePart | None = None, timeline: TimelinePart | None = None) -> None:
        layout = self.geometry.layout(role)
        block, title_notes = self._title(title, layout)
        self.slides.append(Slide(kind, role, block, tuple(bodies), (*title_notes, *notes),
                                 table, picture, timeline, section))

    def _notes(self, blocks: Sequence[Block]) -> tuple[NoteLine, ...]:
        return note_lines(blocks, labels=self.labels)

    def _paras(self, points: Sequence[Inline], level: int = 0) -> list[Para]:
        return [Para(point, level) for point in points]

    # --- slides ------------------------------------------------------------------------

    def _title_slide(self) -> None:
        meta = self.document.meta
        layout = self.geometry.layout("title")
        label = "" if self.audience == FULL_AUDIENCE else self.audience.display_label
        lines = [meta.subtitle, " · ".join(x for x in (label, self.labels.date(meta.date)) if x)]
        paras = self._paras([(Run(line),) for line in lines if line])
        bodies: list[TextBlock] = []
        if layout.bodies and paras:
            split = split_paragraphs(paras, layout.bodies[0], self.measurer, max_chunks=1)
            bodies.append(split.chunks[0])
        self._add("title", "title", meta.title, bodies=bodies,
                  notes=self._notes(self.document.intro))

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
        if two is not None and (one is None or two[0] >= one + AGENDA_COLUMN_GAIN):
            self._add("agenda", "two_column", self.labels["agenda"], bodies=two[1])
            return
        self._bullet_slides("agenda", "agenda", self.labels["agenda"], paras, ())

    def _two_columns(self, paras: Sequence[Para]) -> tuple[float, list[TextBlock]] | None:
        """``paras`` split over the two bodies of the two-column layout at one size."""
        layout = self.geometry.layout("two_column")
        if len(layout.bodies) < 2 or len(paras) < 2:
            return None
        half = (len(paras) + 1) // 2
        columns = (paras[:half], paras[half:])
        floor = max(body_floor(frame) for frame in layout.bodies[:2])
        sizes = [largest_fitting(column, frame, self.measurer, floor)
                 for column, frame in zip(columns, layout.bodies, strict=False)]
        if None in sizes:
            return None
        size = min(s for s in sizes if s is not None)
        return size, [TextBlock(_at(column, frame, size))
                      for column, frame in zip(columns, layout.bodies, strict=False)]

    def _bullet_slides(self, kind: str, role: str, title: str, paras: Sequence[Para],
                       notes: Sequence[NoteLine], section: str = "",
                       max_slides: int | None = None) -> None:
        """One slide of bullets, or several with "(cont.)" titles when they do not fit."""
        layout = self.geometry.layout(role)
        if not layout.bodies or not paras:
            self._add(kind, "title_only", title, notes=notes, section=section)
            return
        split = split_paragraphs(paras, layout.bodies[0], self.measurer, max_slides)
        extra = tuple(_text_note(self.labels.text("full_text", text=text))
                      for text in split.shortened)
        first = len(self.slides) + 1
        for n, chunk in enumerate(split.chunks):
            if n == 0:
                self._add(kind, role, title, bodies=[chunk], notes=(*notes, *extra),
                          section=section)
            else:
                note = _text_note(self.labels.text("continues_slide", title=title, slide=first))
                self._add(kind, role, continued(title, n, self.labels), bodies=[chunk],
                          notes=(note,),
                          section=section)

    def _top_section(self, section: Section, number: int) -> None:
        if self.options.condensed:
            self._condensed(section)
            return
        if self.options.dividers and section.subsections:
            self._divider(section, number)
        self._section(section)

    def _divider(self, section: Section, number: int) -> None:
        layout = self.geometry.layout("section")
        bodies: list[TextBlock] = []
        if layout.bodies:
            paras = self._paras([(Run(child.title),) for child in section.subsections])
            block = fit_block(paras, layout.bodies[0], self.measurer)
            bodies = [block] if block is not None else []
        self._add("section", "section",
                  self.labels.text("part", number=number, title=section.title), bodies=bodies,
                  section=section.id)

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
            points: list[Inline] = [(Run(s),) for s in summary]
            notes: tuple[NoteLine, ...] = (_text_note(" ".join(summary)),)
        else:
            points = [key_points(s)[0] for s in self.document.sections if key_points(s)]
            notes = ()
        if points:
            self._bullet_slides("closing", "closing", self.labels["key_takeaways"],
                                self._paras(points),
                                notes, max_slides=1 if self.options.condensed else None)

    # --- tables ------------------------------------------------------------------------

    def _table_slides(self, table: Table, section: Section) -> None:
        layout = self.geometry.layout("title_only")
        area = layout.content_area
        style = self.geometry.layout("content").bodies[0].levels[0] if \
            self.geometry.layout("content").bodies else layout.title.levels[0]
        parts = plan_table(table, area, style, self.measurer)
        title = table.caption or self.labels.text("section_table", section=section.title)
        first = len(self.slides) + 1
        for n, part in enumerate(parts):
            if n == 0:
                notes = self._notes((table,))
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
            caption = split_paragraphs([Para((Run(caption_text),))], layout.bodies[0],
                                       self.measurer, max_chunks=1)
            bodies.append(caption.chunks[0])
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
        parts = plan_timeline(timeline, layout.content_area, style, self.measurer)
        title = timeline.title or self.labels.text("section_timeline", section=section.title)
        notes = self._notes((dataclasses.replace(timeline, title=""),))
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
        continued), they fit one column and the other column has room for the chart."""
        layout = self.geometry.layout("two_column")
        last = self.slides[-1] if self.slides else None
        if (last is None or last.section != section.id or last.kind != "content"
                or last.role != "content" or len(last.bodies) != 1
                or len(layout.bodies) < 2 or not fits_beside(chart, layout.bodies[1].rect)
                or (len(self.slides) > 1 and self.slides[-2].section == section.id
                    and self.slides[-2].kind == "content")):
            return False
        bullets = fit_block([Para(para.runs, para.level) for para in last.bodies[0].paras],
                            layout.bodies[0], self.measurer)
        if bullets is None:
            return False
        title, _ = fit_title(last.title_text, layout.title, self.measurer)
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


# ---------------------------------------------------------------------------------------
# Tables, pictures, timelines: pure layout
# ---------------------------------------------------------------------------------------


def _cell_lines(runs: Inline, style: TextStyle, width: float, measurer: Measurer) -> int:
    return max(1, len(measurer.wrap(runs, style, max(1.0, width - 2 * CELL_INSET[0]))))


def _column_widths(table: Table, width: float, style: TextStyle,
                   measurer: Measurer) -> list[float]:
    columns = len(table.header)
    natural, minimum = [0.0] * columns, [0.0] * columns
    bold = dataclasses.replace(style, bold=True)
    for row, st in ((table.header, bold), *((r, style) for r in table.rows)):
        for i, cell in enumerate(row[:columns]):
            text = plain_text(cell)
            line = measurer.width(text, st)
            longest = max((measurer.width(w, st) for w in text.split()), default=0.0)
            natural[i] = max(natural[i], line + 2 * CELL_INSET[0])
            minimum[i] = max(minimum[i], longest + 2 * CELL_INSET[0])
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


def plan_table(table: Table, area: Rect, style: TextStyle,
               measurer: Measurer) -> list[TablePart]:
    """A table fitted to ``area``: column widths from the text, rows split across parts."""
    columns = len(table.header)
    rows = [tuple(row[:columns]) + ((),) * (columns - len(row)) for row in table.rows]
    size = min(TABLE_SIZE, max(MIN_TEXT_SIZE, style.size))
    text = style.at(size)
    widths = _column_widths(table, area.w, text, measurer)
    header_style = dataclasses.replace(text, bold=True)
    header = _row_height(table.header, widths, header_style, measurer)
    heights = [_row_height(row, widths, text, measurer) for row in rows]
    room = area.h - header
    groups = _greedy(heights, room)
    return [TablePart(Rect(area.x, area.y, area.w, header + sum(heights[a:b])), table.header,
                      tuple(rows[a:b]), tuple(widths), (header, *heights[a:b]), size, text.font,
                      table.align)
            for a, b in groups]


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


def plan_timeline(timeline: Timeline, area: Rect, style: TextStyle,
                  measurer: Measurer) -> list[TimelinePart]:
    """Events spread along a horizontal line: dates above, text below; several slides when
    there are more events than columns."""
    per_slide = max(2, min(TIMELINE_MAX_EVENTS, int(area.w // TIMELINE_MIN_COLUMN)))
    entries = list(timeline.entries)
    chunks = [entries[i:i + per_slide] for i in range(0, len(entries), per_slide)]
    return [_timeline_part(chunk, area, style, measurer) for chunk in chunks]


def _timeline_part(entries: Sequence[TimelineEntry], area: Rect, style: TextStyle,
                   measurer: Measurer) -> TimelinePart:
    for size in _sizes(min(TIMELINE_SIZE, style.size), MIN_TEXT_SIZE):
        part = _timeline_at(entries, area, style, measurer, size)
        if part is not None:
            return part
    part = _timeline_at(entries, area, style, measurer, MIN_TEXT_SIZE, shorten_text=True)
    assert part is not None  # shortened texts always fit
    return part


def _timeline_at(entries: Sequence[TimelineEntry], area: Rect, style: TextStyle,
                 measurer: Measurer, size: float,
                 shorten_text: bool = False) -> TimelinePart | None:
    """Events at ``size``, the whole drawing centred in ``area``; None when a text does not
    fit under the line (unless ``shorten_text``)."""
    column = area.w / len(entries)
    width = column - TIMELINE_GAP
    inset = (7.2, 3.6, 7.2, 3.6)
    label_style = dataclasses.replace(style.at(size + 2), bold=True)
    label_frame = Frame(Rect(0, 0, width, area.h), inset, (label_style,))
    labels = [Para((Run(e.when),), 0, size + 2) for e in entries]
    label_h = max(text_height((p,), label_frame, measurer) for p in labels) + inset[1] * 2
    room = area.h - label_h - TIMELINE_MARKER - 2 * TIMELINE_GAP
    frame = Frame(Rect(0, 0, width, room), inset, (style.at(size),))
    paras = []
    for entry in entries:
        para = Para(entry.runs, 0, size)
        if not fits((para,), frame, measurer):
            if not shorten_text:
                return None
            para = shorten(para, frame, measurer)
        paras.append(para)
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
