"""What a layout draws behind the slides that use it, as the deck renderer sees it.

A slide shows its layout's background (else its master's), then the master's shapes (unless
the layout hides them), then the layout's, then its own; :mod:`exporter.ooxml.presentation`
reads those layers. :class:`Backdrop` holds them for one layout, in points, and answers two
questions about any box the plan puts text in:

- what the text must keep clear of (:attr:`Backdrop.obstacles`): the pictures, logos,
  stamps and other shapes the template draws. Full-slide backgrounds, thin rules and a
  shape that holds the whole box (a band behind a title) are not in the way; a text box
  that grows with its text (a "Confidential" stamp) is as tall as its text measures;
- what colours lie behind it (:meth:`Backdrop.behind`): fills and gradient stops as
  stated, pictures sampled with Pillow under the box.

:func:`readable_ink` then picks the text colour: the template's, else a shade of it that
reads on all of them, else the template's on a backing panel whose colour is moved from
what lies behind until the text reads.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from exporter.deck import BOX_GAP, Frame, Measurer, Para, Rect, TextStyle, box_height
from exporter.model import Run
from exporter.ooxml import presentation as pml
from exporter.ooxml.colour import (
    NORMAL_TEXT_RATIO,
    RGB,
    TRANSPARENT,
    WHITE,
    Fill,
    hex_code,
    mix,
    readable_colour,
    relative_luminance,
    worst_background,
)
from exporter.ooxml.parts import qn

EMU_PER_PT = 12700
#: A picture covering this share of the slide is a background, not an obstacle.
BACKGROUND_SHARE = 0.6
#: Shapes and groups without text are in the way of text only when they are this small (a
#: share of the slide): a logo or a mark; larger ones are decoration text may lie over.
LOGO_SHARE = 0.05
GROUP_SHARE = 0.1
#: Shapes thinner than this (points), or this many times longer than wide, are rules,
#: bars and lines: decoration, not in the way of text.
THIN = 3.0
RULE_RATIO = 6.0
#: Overlaps shallower than this (points) are left alone.
TOLERANCE = 2.0
#: Pictures are sampled on a grid of at most this many pixels a side under a box.
SAMPLE_SIDE = 48
#: The share of the darkest and of the lightest pixels under a box left out as noise.
SAMPLE_TAIL = 0.05
_DEFAULT_TEXT_SIZE = 18.0


def to_rect(box: tuple[int, int, int, int]) -> Rect:
    x, y, cx, cy = box
    return Rect(x / EMU_PER_PT, y / EMU_PER_PT, cx / EMU_PER_PT, cy / EMU_PER_PT)


def intersection(a: Rect, b: Rect) -> Rect | None:
    left, top = max(a.x, b.x), max(a.y, b.y)
    right, bottom = min(a.right, b.right), min(a.bottom, b.bottom)
    return Rect(left, top, right - left, bottom - top) if right > left and bottom > top \
        else None


@dataclass(frozen=True)
class Layer:
    """One thing drawn behind slide text: its box, its stated colours (None: a picture or
    something that cannot be judged), the picture it shows, and the share of the picture
    cut off each side (``a:srcRect``: left, top, right, bottom), and how opaque the picture
    is drawn (``a:alphaModFix``: what lies below shows through the rest)."""

    rect: Rect
    fill: Fill | None
    picture: bytes | None = None
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    obstacle: bool = False
    opacity: float = 1.0


@dataclass(frozen=True)
class Behind:
    """The colours behind a box, and whether a picture is among them."""

    colours: tuple[RGB, ...]
    pictured: bool = False


class Backdrop:
    """The layers behind the slides of one layout, bottom first."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = tuple(layers)

    @functools.cached_property
    def obstacles(self) -> tuple[Rect, ...]:
        return tuple(layer.rect for layer in self.layers if layer.obstacle)

    def behind(self, rect: Rect) -> Behind | None:
        """The colours behind ``rect``, the topmost layers first, down to one that covers
        it whole; None when one of them cannot be judged."""
        colours: list[RGB] = []
        pictured = False
        for index in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[index]
            overlap = intersection(layer.rect, rect)
            if overlap is None:
                continue
            if layer.picture is not None:
                sampled = _sample(layer.picture, layer.crop, _share(layer.rect, overlap))
                if sampled is None:
                    return None
                found, opaque = sampled
                pictured = True
                if layer.opacity < 1:  # composed with what shows through it: that is all
                    below = Backdrop(self.layers[:index]).behind(rect) if index else None
                    if index and below is None:
                        return None
                    under = below.colours if below is not None else (WHITE,)  # the canvas
                    colours.extend(mix(bottom, top, layer.opacity)
                                   for top in found for bottom in under)
                    break
                colours.extend(found)
            elif layer.fill is None or not layer.fill.known:
                return None
            else:
                colours.extend(layer.fill.colours)
                opaque = bool(layer.fill.colours)
            if opaque and layer.rect.contains(rect):
                break
        return Behind(tuple(dict.fromkeys(colours)), pictured) if colours else None

    def clear(self, rect: Rect, least: tuple[float, float] = (0.0, 0.0)) -> Rect:
        """``rect`` cut back, obstacle by obstacle, to the largest part of it that keeps
        :data:`~exporter.deck.BOX_GAP` from each (a shape that holds it whole is behind it,
        not in its way), of at least ``least`` (width, height) when such a part exists."""
        for obstacle in self.obstacles:
            overlap = intersection(rect, obstacle)
            if overlap is None or obstacle.contains(rect) or \
                    min(overlap.w, overlap.h) < TOLERANCE:
                continue
            parts = _around(rect, obstacle)
            roomy = [p for p in parts if p.w >= least[0] and p.h >= least[1]]
            rect = max(roomy or parts, key=lambda r: r.area, default=rect)
        return rect


def _around(rect: Rect, obstacle: Rect) -> list[Rect]:
    """The parts of ``rect`` left of, right of, above and below ``obstacle``."""
    gap = BOX_GAP
    parts = [Rect(rect.x, rect.y, obstacle.x - gap - rect.x, rect.h),
             Rect(obstacle.right + gap, rect.y, rect.right - obstacle.right - gap, rect.h),
             Rect(rect.x, rect.y, rect.w, obstacle.y - gap - rect.y),
             Rect(rect.x, obstacle.bottom + gap, rect.w, rect.bottom - obstacle.bottom - gap)]
    return [part for part in parts if part.w > 0 and part.h > 0]


def _share(whole: Rect, part: Rect) -> tuple[float, float, float, float]:
    """Where ``part`` lies in ``whole``, as shares of its width and height."""
    return ((part.x - whole.x) / whole.w, (part.y - whole.y) / whole.h,
            (part.right - whole.x) / whole.w, (part.bottom - whole.y) / whole.h)


@functools.lru_cache(maxsize=32)
def _decoded(data: bytes) -> PILImage.Image | None:
    """A picture decoded once, as 8-bit RGBA, at most 512 pixels a side."""
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            if opened.mode.startswith("I"):  # 16- and 32-bit grey: scaled to 8 bits first
                picture = opened.point(lambda value: value / 256).convert("RGBA")
            else:
                picture = opened.convert("RGBA")
    except (OSError, ValueError, UnidentifiedImageError, PILImage.DecompressionBombError):
        return None
    picture.thumbnail((512, 512))
    return picture


@functools.lru_cache(maxsize=1024)
def _sample(data: bytes, crop: tuple[float, float, float, float],
            share: tuple[float, float, float, float]) -> tuple[tuple[RGB, ...], bool] | None:
    """The colours of a picture under a box (its darkest, middle and lightest, the noisiest
    :data:`SAMPLE_TAIL` of each end left out) and whether it covers the box (no pixel
    under it is see-through); None when it cannot be read."""
    picture = _decoded(data)
    if picture is None:
        return None
    left, top, right, bottom = crop
    width, height = picture.size
    span_x, span_y = 1 - left - right, 1 - top - bottom
    box = (round((left + share[0] * span_x) * width), round((top + share[1] * span_y) * height),
           round((left + share[2] * span_x) * width), round((top + share[3] * span_y) * height))
    box = (box[0], box[1], max(box[2], box[0] + 1), max(box[3], box[1] + 1))
    region = picture.crop(box)
    region.thumbnail((SAMPLE_SIDE, SAMPLE_SIDE))
    data = region.tobytes()  # RGBA, four bytes a pixel
    solid: list[RGB] = [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 4)
                        if data[i + 3] >= 128]
    if not solid:
        return (), False
    solid.sort(key=relative_luminance)
    tail = int(len(solid) * SAMPLE_TAIL)
    picked = (solid[tail], solid[len(solid) // 2], solid[len(solid) - 1 - tail])
    return tuple(dict.fromkeys(picked)), len(solid) * 4 == len(data)


# ---------------------------------------------------------------------------------------
# Reading the layers of a layout
# ---------------------------------------------------------------------------------------


def read_backdrop(layout: etree._Element, master: pml.Master, slide: Rect,
                  background: Fill, picture_of: Callable[[int, str], bytes | None],
                  measurer: Measurer, minor_font: str) -> Backdrop:
    """The layers behind slides of ``layout`` on ``master``: the background (``background``,
    or the picture :func:`exporter.ooxml.presentation.background_picture` names), then the
    master's shapes unless the layout hides them, then the layout's. ``picture_of(owner,
    rId)`` gives the bytes of a picture of the layout (owner 0) or the master (owner 1)."""
    roots = (layout, master.root)
    found = pml.background_picture(roots)
    layers = [Layer(slide, background,
                    picture_of(found[0], found[1]) if found is not None else None,
                    opacity=_opacity(roots[found[0]].find(f"{qn('p:cSld')}/{qn('p:bg')}"))
                    if found is not None else 1.0)]
    owners = ([(1, master.root)] if pml.shows_master_shapes(layout) else []) + [(0, layout)]
    scheme = master.scheme(layout)
    for owner, root in owners:
        for drawn in pml.drawn_shapes(root, master.theme, scheme):
            if drawn.visible:
                layers.append(_layer(drawn, slide, picture_of, owner, measurer, minor_font))
    return Backdrop(layers)


def _layer(drawn: pml.Drawn, slide: Rect, picture_of: Callable[[int, str], bytes | None],
           owner: int, measurer: Measurer, minor_font: str) -> Layer:
    rect = to_rect(drawn.box)
    picture = picture_of(owner, drawn.picture) if drawn.picture else None
    fill = None  # pictures are sampled; groups and graphic frames cannot be judged
    if drawn.kind == "shape" and drawn.picture is None:
        fill = drawn.fill or TRANSPARENT
    if drawn.text.strip() and _grows_with_text(drawn.element):
        rect = Rect(rect.x, rect.y, rect.w,
                    max(rect.h, _text_height(drawn.element, rect, measurer, minor_font)))
    return Layer(rect, fill, picture, _crop(drawn.element),
                 obstacle=_in_the_way(drawn, rect, slide, picture is not None),
                 opacity=_opacity(drawn.element))


def _in_the_way(drawn: pml.Drawn, rect: Rect, slide: Rect, pictured: bool) -> bool:
    """Whether text keeps clear of a drawn shape: pictures (not backgrounds), stamps
    (shapes with text), and logos and marks (small shapes and groups); not rules, bars and
    lines, nor large decoration."""
    share = rect.area / slide.area
    if min(rect.w, rect.h) < THIN or drawn.kind == "line":
        return False
    if not pictured and not drawn.text.strip() and \
            max(rect.w, rect.h) >= RULE_RATIO * min(rect.w, rect.h):
        return False
    if pictured or drawn.kind == "graphic":
        return share < BACKGROUND_SHARE
    if drawn.text.strip():
        return True
    return share <= (GROUP_SHARE if drawn.kind == "group" else LOGO_SHARE)


def _grows_with_text(shape: etree._Element) -> bool:
    return shape.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}/{qn('a:spAutoFit')}") is not None


def _text_height(shape: etree._Element, rect: Rect, measurer: Measurer,
                 minor_font: str) -> float:
    """How tall a shape that grows with its text is: its paragraphs measured in its box,
    each in the size of its first run, all in the font of the shape's first run (18 pt and
    the theme's minor font where unstated)."""
    first = shape.find(f".//{qn('a:r')}/{qn('a:rPr')}/{qn('a:latin')}")
    font = first.get("typeface", "") if first is not None else ""
    style = TextStyle(minor_font if not font or font.startswith("+") else font,
                      _DEFAULT_TEXT_SIZE)
    paras = [Para((Run("".join(t.text or "" for t in p.iter(qn("a:t")))),), 0, _size(p))
             for p in shape.iter(qn("a:p"))]
    return box_height(paras, Frame(rect, levels=(style,)), measurer) if paras else rect.h


def _size(paragraph: etree._Element) -> float:
    """The size of a paragraph's first run, else the paragraph's default run size
    (``a:pPr/a:defRPr``, which the apps that save such boxes size them by), else 18 pt."""
    for path in (f"{qn('a:r')}/{qn('a:rPr')}", f"{qn('a:pPr')}/{qn('a:defRPr')}"):
        props = paragraph.find(path)
        value = props.get("sz", "") if props is not None else ""
        if value.isdigit():
            return int(value) / 100
    return _DEFAULT_TEXT_SIZE


def _opacity(element: etree._Element | None) -> float:
    """How opaque the picture of ``element`` is drawn (``a:alphaModFix amt``, 1 when
    unstated)."""
    fix = None if element is None else element.find(f".//{qn('a:blip')}/{qn('a:alphaModFix')}")
    amount = "100000" if fix is None else fix.get("amt", "100000")
    return min(1.0, max(0.0, int(amount) / 100_000)) if amount.isdigit() else 1.0


def _crop(shape: etree._Element) -> tuple[float, float, float, float]:
    source = shape.find(f".//{qn('a:srcRect')}")
    if source is None:
        return (0.0, 0.0, 0.0, 0.0)
    values = []
    for side in ("l", "t", "r", "b"):
        value = source.get(side, "0")
        values.append(int(value) / 100_000 if value.lstrip("-").isdigit() else 0.0)
    return (values[0], values[1], values[2], values[3])


# ---------------------------------------------------------------------------------------
# The text colour
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ink:
    """How text is written over what lies behind it: its colour (hex), whether that differs
    from the template's, and the fill of a backing panel when no colour reads without
    one."""

    colour: str
    recolour: bool = False
    panel: str | None = None


def readable_ink(text: RGB, behind: Behind | None, need: float) -> Ink:
    """The template's text colour when it reaches ``need`` (a contrast ratio; at least
    4.5:1 over pictures) on everything ``behind`` it, else the nearest shade of it that
    does, else the template's colour on a panel that reads."""
    if behind is None or not behind.colours:
        return Ink(hex_code(text))
    need = max(need, NORMAL_TEXT_RATIO) if behind.pictured else need
    colours = behind.colours
    if worst_background(text, colours)[0] >= need:
        return Ink(hex_code(text))
    shade = readable_colour(text, colours, need)
    if worst_background(shade, colours)[0] >= need:
        return Ink(hex_code(shade), recolour=True)
    middle = tuple(round(sum(c[i] for c in colours) / len(colours)) for i in range(3))
    panel = readable_colour(middle, [text], need)  # type: ignore[arg-type]
    return Ink(hex_code(text), panel=hex_code(panel))
