"""Text measurement with real font metrics (Pillow), for fitting text on slides.

Pure (no python-pptx). A template names its fonts (Calibri, Cambria, Arial...); we measure
with that font when it is installed, else with a metric-compatible twin (Carlito for
Calibri, Caladea for Cambria, Liberation for Arial, Times New Roman and Courier New), else
DejaVu Sans, else Pillow's built-in scalable font with a safety margin. Text in a script
those fonts lack (:mod:`exporter.scripts`: Chinese, Japanese, Arabic, Hebrew...) is
measured with the Noto font the renderers name for it, lines holding it are as tall as that
font's ascent and descent, and Chinese and Japanese lines break between characters. Fonts
are found at the Debian packages' known paths, then among the faces one ``fc-list`` gives.

:class:`FontMeasurer` implements :class:`exporter.deck.Measurer`: it wraps inline runs into
lines the way PowerPoint and LibreOffice do (breaks at spaces and after hyphens and dashes,
over-long words broken between characters) and gives the line pitch (single spacing is 1.2
times the font size in both applications, whatever the font). Word widths are cached per
font file and word at a reference size and scaled, so every size shares one cache.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import ImageFont

from exporter.model import Inline
from exporter.scripts import break_opportunity_before, scripts_in, segments

if TYPE_CHECKING:  # briefings measure text too, without the deck planner
    from exporter.deck import TextStyle

#: Single line spacing as a multiple of the font size (PowerPoint and LibreOffice Impress).
LINE_PITCH = 1.2
#: Widths are measured at this pixel size and scaled.
REFERENCE_SIZE = 1000
#: Folders of the Debian font packages the project relies on.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/crosextra"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/noto"),
)
#: Metric-compatible stand-ins for common Office fonts.
METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
}
LAST_RESORT = "DejaVu Sans"
#: Font for inline code.
CODE_FONT = "Courier New"
#: Width safety margins: a bold or italic face measured with the regular one, and Pillow's
#: built-in font standing in for an unknown one.
SYNTHETIC_STYLE_MARGIN = 1.06
BUILTIN_MARGIN = 1.15

_STYLE_SUFFIXES = {
    (False, False): ("-Regular", "", "-Book", "-Roman"),
    (True, False): ("-Bold",),
    (False, True): ("-Italic", "-Oblique"),
    (True, True): ("-BoldItalic", "-BoldOblique"),
}


@dataclass(frozen=True)
class Face:
    """The font file a family is measured with (None: Pillow's built-in font)."""

    family: str
    path: str | None
    margin: float = 1.0


@functools.lru_cache(maxsize=256)
def find_face(family: str, bold: bool = False, italic: bool = False) -> Face:
    """The face to measure ``family`` with: itself, its metric twin, DejaVu Sans, or the
    built-in font, in that order."""
    wanted = family.strip() or LAST_RESORT
    twin = METRIC_TWINS.get(wanted.casefold())
    for name in dict.fromkeys(n for n in (wanted, twin, LAST_RESORT) if n):
        path = _font_file(name, bold, italic)
        if path:
            return Face(name, path)
        if bold or italic:
            regular = _font_file(name, False, False)
            if regular:
                return Face(name, regular, SYNTHETIC_STYLE_MARGIN)
    return Face("built-in", None, BUILTIN_MARGIN)


@functools.lru_cache(maxsize=256)
def _font_file(family: str, bold: bool, italic: bool) -> str | None:
    """A font file of exactly ``family`` in the given style, or None."""
    stem = family.replace(" ", "")
    for folder in FONT_DIRS:
        for suffix in _STYLE_SUFFIXES[(bold, italic)]:
            candidate = folder / f"{stem}{suffix}.ttf"
            if candidate.is_file():
                return str(candidate)
    return _installed_file(family, bold, italic)


#: fontconfig's weights of regular and bold text, and the least weight counted as bold.
_REGULAR_WEIGHT, _BOLD_WEIGHT, _BOLDISH = 80.0, 200.0, 180.0
#: fontconfig's normal width.
_NORMAL_WIDTH = 100.0


@dataclass(frozen=True)
class InstalledFace:
    """One face fontconfig knows: its weight, whether it slants, its width, its file."""

    weight: float
    italic: bool
    width: float
    file: str


def _installed_file(family: str, bold: bool, italic: bool) -> str | None:
    """The file of an installed face of exactly ``family`` in the given style, chosen as
    fontconfig would (the weight nearest regular or bold, then the normal width), from the
    one ``fc-list`` of :func:`installed_faces`; None when the family lacks that style."""
    faces = (installed_faces() or {}).get(family.casefold(), ())
    styled = [face for face in faces
              if face.italic == italic and (face.weight >= _BOLDISH) == bold]
    if not styled:
        return None
    target = _BOLD_WEIGHT if bold else _REGULAR_WEIGHT
    best = min(styled, key=lambda face: (abs(face.weight - target),
                                         abs(face.width - _NORMAL_WIDTH), face.file))
    return best.file


@functools.cache
def installed_faces() -> dict[str, tuple[InstalledFace, ...]] | None:
    """Every face fontconfig knows, by family name (casefolded; a face is listed under each
    of its names), asked once per process; None when fontconfig cannot be asked. Variable
    fonts' weight ranges and files Pillow cannot open are left out."""
    program = shutil.which("fc-list")
    if not program:
        return None
    try:
        result = subprocess.run(
            [program, "--format=%{family}\t%{weight}\t%{slant}\t%{width}\t%{file}\n"],
            capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    faces: dict[str, list[InstalledFace]] = {}
    for line in result.stdout.splitlines():
        families, *numbers, file = [*line.split("\t"), "", "", "", ""][:5]
        try:
            weight, slant, width = (float(number) for number in numbers)
        except ValueError:  # a variable font's ranges, or a line fontconfig left short
            continue
        if not file.lower().endswith((".ttf", ".otf", ".ttc")):
            continue
        face = InstalledFace(weight, slant > 0, width, file)
        for name in dict.fromkeys(n.strip().casefold() for n in families.split(",")):
            if name:
                faces.setdefault(name, []).append(face)
    return {name: tuple(found) for name, found in faces.items()}


@functools.lru_cache(maxsize=64)
def _pillow_font(path: str | None) -> ImageFont.FreeTypeFont:
    if path is None:
        return ImageFont.load_default(REFERENCE_SIZE)  # type: ignore[return-value]
    return ImageFont.truetype(path, REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=1 << 17)
def em_width(face: Face, text: str) -> float:
    """Width of ``text`` in ems (multiply by the size in points to get points)."""
    return _pillow_font(face.path).getlength(text) / REFERENCE_SIZE * face.margin


@functools.lru_cache(maxsize=256)
def line_ratio(face: Face) -> float:
    """The height of a line of ``face`` (its ascent and descent) in ems."""
    ascent, descent = _pillow_font(face.path).getmetrics()
    return (ascent + descent) / REFERENCE_SIZE


# ---------------------------------------------------------------------------------------
# Wrapping
# ---------------------------------------------------------------------------------------

#: Break opportunities inside a word: after a hyphen or dash followed by a letter or digit.
_HYPHEN_BREAK = re.compile(r"(?<=[\w)][-‐–—/])(?=\w)")


@dataclass(frozen=True)
class _Box:
    """A stretch of text that is never broken (unless too long for a line), and the glue
    before it: a space (dropped at a line break), nothing (a break after a hyphen) or a
    forced line break. Widths in ems, letter spacing excluded."""

    text: str
    em: float
    glue: str
    glue_em: float
    forced: bool = False


class FontMeasurer:
    """Measures and wraps text with real font metrics (implements ``deck.Measurer``).

    Wrapped lines are remembered per measurer (one deck): fitting tries the same paragraph
    in the same box at the same sizes again and again."""

    def __init__(self) -> None:
        self._wrapped: dict[tuple[object, ...], tuple[tuple[str, ...], bool]] = {}

    def width(self, text: str, style: TextStyle) -> float:
        return _measure(text, style)

    def line_height(self, style: TextStyle, runs: Inline = ()) -> float:
        """Single spacing is :data:`LINE_PITCH`, or the height of the font of a script
        in ``runs`` that needs a taller line."""
        if style.line_points:
            return style.line_points
        pitch = LINE_PITCH
        for run in runs:
            for script in scripts_in(run.text):
                pitch = max(pitch, line_ratio(find_face(script.font, style.bold)))
        return style.size * pitch * style.line_spacing

    def wrap(self, runs: Inline, style: TextStyle, width: float) -> list[str]:
        return list(self._wrapping(runs, style, width)[0])

    def cuts_words(self, runs: Inline, style: TextStyle, width: float) -> bool:
        """Whether wrapping ``runs`` within ``width`` cuts a word where it has no break
        (a word wider than the line: PowerPoint and LibreOffice then break it anywhere)."""
        return self._wrapping(runs, style, width)[1]

    def _wrapping(self, runs: Inline, style: TextStyle, width: float
                  ) -> tuple[tuple[str, ...], bool]:
        # keyed by what wrapping reads of the style: hashing these is cheaper than the
        # whole style, asked for the same paragraph at each size fitting tries
        key = (runs, style.font, style.size, style.bold, style.italic, style.caps,
               style.tracking, width)
        found = self._wrapped.get(key)
        if found is None:
            lines, cut = self._wrap(runs, style, width)
            found = self._wrapped[key] = (tuple(lines), cut)
        return found

    def _wrap(self, runs: Inline, style: TextStyle, width: float) -> tuple[list[str], bool]:
        lines: list[str] = []
        cut = False
        text, used = "", 0.0
        size, tracking = style.size, style.tracking
        for box in _boxes(runs, style.font, style.bold, style.italic, style.caps):
            box_width = box.em * size + tracking * len(box.text)
            glue_width = box.glue_em * size + tracking * len(box.glue)
            if box.forced:
                lines.append(text)
                text, used = "", 0.0
            if text and used + glue_width + box_width <= width:
                text, used = text + box.glue + box.text, used + glue_width + box_width
                continue
            if text:
                lines.append(text)
            text, used = box.text, box_width
            if used > width:
                cut = True
                pieces = _break_word(text, style, width)
                lines.extend(pieces[:-1])
                text = pieces[-1]
                used = _measure(text, style)
        if text or not lines:
            lines.append(text)
        return lines, cut


def _measure(text: str, style: TextStyle) -> float:
    """Width of ``text`` in ``style`` (capitals and letter spacing included)."""
    face = find_face(style.font, style.bold, style.italic)
    return _em(face, text, style.caps, style.bold) * style.size + style.tracking * len(text)


def _em(face: Face, text: str, caps: bool, bold: bool = False) -> float:
    """Width of ``text`` in ems: in ``face``, and stretches of another script in the font
    that shows that script."""
    text = text.upper() if caps else text
    if text.isascii() or not scripts_in(text):
        return em_width(face, text)
    return sum(em_width(face if script is None else find_face(script.font, bold), piece)
               for piece, script in segments(text))


def _pieces(word: str) -> list[str]:
    """A word cut where a line may break inside it: after hyphens and dashes, and between
    Chinese or Japanese characters."""
    pieces = _HYPHEN_BREAK.split(word)
    if word.isascii():
        return pieces
    cut: list[str] = []
    for piece in pieces:
        starts = [0, *(i for i in range(1, len(piece)) if break_opportunity_before(piece, i))]
        cut.extend(piece[a:b] for a, b in zip(starts, [*starts[1:], len(piece)], strict=True))
    return cut


@functools.lru_cache(maxsize=1 << 14)
def _boxes(runs: Inline, font: str, bold: bool, italic: bool, caps: bool) -> tuple[_Box, ...]:
    """The unbreakable stretches of ``runs`` with their widths and the glue before them."""
    boxes: list[_Box] = []
    pending_glue, glue_em, forced = "", 0.0, False
    current, current_em = "", 0.0
    space_em = _em(find_face(font, bold, italic), " ", caps, bold)

    def close() -> None:
        nonlocal current, current_em, pending_glue, glue_em, forced
        if current:
            boxes.append(_Box(current, current_em, pending_glue, glue_em, forced))
            current, current_em = "", 0.0
            pending_glue, glue_em, forced = "", 0.0, False

    for run in runs:
        face = find_face(CODE_FONT if run.code else font, bold or run.bold, italic or run.italic)
        for part in re.split(r"(\s+)", run.text):
            if not part:
                continue
            if part.isspace():
                close()
                if "\n" in part and (boxes or current):
                    forced = True
                elif boxes or current:
                    pending_glue, glue_em = " ", space_em
                continue
            for i, piece in enumerate(_pieces(part)):
                if i:
                    close()
                current += piece
                current_em += _em(face, piece, caps, bold or run.bold)
    close()
    return tuple(boxes)


def _break_word(word: str, style: TextStyle, width: float) -> list[str]:
    """A word too long for a line, broken between characters."""
    pieces, start = [], 0
    while start < len(word):
        end = start + 1
        while end < len(word) and _measure(word[start:end + 1], style) <= width:
            end += 1
        pieces.append(word[start:end])
        start = end
    return pieces or [word]
