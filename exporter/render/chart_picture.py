"""A chart drawn as a picture (Pillow), for a briefing whose template cannot hold a native
chart.

:func:`chart_png` draws a model :class:`~exporter.model.Chart` as its native form shows it:
the same kind, the categories in the table's order, the figures in their series' format,
the axis titles (the categories' header, the unit), a legend and data labels where
:mod:`exporter.charts` says they help, in the theme's accents. The picture carries no
title: the caption under it does. PNG bytes, the same for the same chart.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from exporter.charts import format_value, shares, shows_data_labels, shows_legend
from exporter.metrics import find_face
from exporter.model import Chart
from exporter.ooxml.colour import BLACK, RGB, WHITE, mix, readable_on

#: Pixels per point (about 216 dots per inch: sharp in print).
SCALE = 3
#: Grey of gridlines and axes.
GRID = mix(BLACK, WHITE, 0.85)
AXIS = mix(BLACK, WHITE, 0.55)
#: Share of a category's band its bars fill; value ticks aimed at.
BAND_FILL = 0.7
TICKS = 5

Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels)


@dataclass(frozen=True)
class _Pen:
    """What lettering and colouring need."""

    draw: ImageDraw.ImageDraw
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    accents: Sequence[RGB]
    size: float  # pixels

    def colour(self, index: int) -> RGB:
        return self.accents[index % len(self.accents)]

    def width(self, text: str) -> float:
        return self.draw.textlength(text, font=self.font)

    def text(self, x: float, y: float, text: str, anchor: str, fill: RGB = BLACK) -> None:
        self.draw.text((x, y), text, fill=fill, font=self.font, anchor=anchor)


def chart_png(chart: Chart, width: float, height: float, accents: Sequence[RGB],
              font: str, size: float) -> bytes:
    """``chart`` drawn ``width`` x ``height`` points large, lettered in ``font`` at
    ``size`` points, as PNG bytes."""
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), WHITE)
    face = find_face(font)
    pixels = size * SCALE
    letters = (ImageFont.truetype(face.path, round(pixels)) if face.path
               else ImageFont.load_default(round(pixels)))
    pen = _Pen(ImageDraw.Draw(image), letters, accents, pixels)
    box = (pixels, pixels, image.width - pixels, image.height - pixels)
    if shows_legend(chart):
        box = _legend(pen, chart, box)
    if chart.kind == "pie":
        _pie(pen, chart, box)
    else:
        _axis_chart(pen, chart, box)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _legend(pen: _Pen, chart: Chart, box: Box) -> Box:
    """A legend along the bottom of ``box`` (slices of a pie, else series); the room left
    above it."""
    names = list(chart.categories) if chart.kind == "pie" else [s.name for s in chart.series]
    key, gap = pen.size * 0.8, pen.size
    widths = [key + gap / 3 + pen.width(name) for name in names]
    x = (box[0] + box[2] - sum(widths) - gap * (len(names) - 1)) / 2
    y = box[3] - pen.size / 2
    for index, (name, width) in enumerate(zip(names, widths, strict=True)):
        pen.draw.rectangle((x, y - key / 2, x + key, y + key / 2), fill=pen.colour(index))
        pen.text(x + key + gap / 3, y, name, "lm")
        x += width + gap
    return box[0], box[1], box[2], box[3] - 2 * pen.size


def _pie(pen: _Pen, chart: Chart, box: Box) -> None:
    """Slices clockwise from the top, each labelled with its share outside it."""
    series = chart.series[0]
    radius = min(box[2] - box[0], box[3] - box[1]) / 2 - 2 * pen.size
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    total = sum(value for value in series.values if value is not None)
    start = -90.0
    labelled = shows_data_labels(chart)
    for index, (value, share) in enumerate(zip(series.values, shares(chart), strict=True)):
        if not value:
            continue
        sweep = 360 * value / total
        pen.draw.pieslice((cx - radius, cy - radius, cx + radius, cy + radius), start,
                          start + sweep, fill=pen.colour(index), outline=WHITE,
                          width=SCALE)
        if labelled:
            middle = math.radians(start + sweep / 2)
            reach = radius + pen.size
            pen.text(cx + reach * math.cos(middle), cy + reach * math.sin(middle), f"{share}%",
                     "mm")
        start += sweep


def _axis_chart(pen: _Pen, chart: Chart, box: Box) -> None:
    """Columns, stacked columns or lines over a value axis; bars along one."""
    ticks = _ticks(*_value_range(chart))
    first = chart.series[0]
    tick_labels = [format_value(tick, first) for tick in ticks]
    horizontal = chart.kind == "bar"
    title_room = pen.size * 1.6
    left = box[0] + (max(pen.width(c) for c in chart.categories) if horizontal
                     else max(pen.width(t) for t in tick_labels)) + pen.size / 2
    top = box[1] + (title_room if (chart.category_label if horizontal else chart.unit) else 0)
    bottom = box[3] - title_room - (title_room if chart.category_label or horizontal else 0)
    plot = (left, top, box[2] - pen.size, bottom)
    scale = _Scale(ticks[0], ticks[-1], plot, horizontal)
    for tick, label in zip(ticks, tick_labels, strict=True):
        at = scale.value(tick)
        if horizontal:
            pen.draw.line((at, plot[1], at, plot[3]), fill=GRID, width=SCALE // 2 or 1)
            pen.text(at, plot[3] + pen.size / 3, label, "mt")
        else:
            pen.draw.line((plot[0], at, plot[2], at), fill=GRID, width=SCALE // 2 or 1)
            pen.text(plot[0] - pen.size / 3, at, label, "rm")
    bands = _Bands(len(chart.categories), plot, horizontal)
    for index, category in enumerate(chart.categories):
        centre = bands.centre(index)
        if horizontal:
            pen.text(plot[0] - pen.size / 3, centre, category, "rm")
        else:
            pen.text(centre, plot[3] + pen.size / 3, category, "mt")
    _titles(pen, chart, plot, box, horizontal)
    draw: _Drawer = {"line": _lines, "stacked": _stacks}.get(chart.kind, _bars)
    draw(pen, chart, scale, bands)
    zero = scale.value(0)
    pen.draw.line((zero, plot[1], zero, plot[3]) if horizontal else (plot[0], zero, plot[2], zero),
                  fill=AXIS, width=SCALE)


def _titles(pen: _Pen, chart: Chart, plot: Box, box: Box, horizontal: bool) -> None:
    """The unit over the value axis and the categories' header under the categories (for
    bars: the unit under the value axis, the header over the categories)."""
    value_title, category_title = ((box[0], box[1], "lt"), ((plot[0] + plot[2]) / 2, box[3],
                                                            "md"))
    if horizontal:
        value_title, category_title = category_title, value_title
    if chart.unit:
        pen.text(value_title[0], value_title[1], chart.unit, value_title[2])
    if chart.category_label:
        pen.text(category_title[0], category_title[1], chart.category_label, category_title[2])


@dataclass(frozen=True)
class _Scale:
    """Values to pixels along the value axis (up the plot, or across it for bars)."""

    low: float
    high: float
    plot: Box
    horizontal: bool

    def value(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        if self.horizontal:
            return self.plot[0] + share * (self.plot[2] - self.plot[0])
        return self.plot[3] - share * (self.plot[3] - self.plot[1])


@dataclass(frozen=True)
class _Bands:
    """The categories' bands along the other axis (left to right, or top down for bars)."""

    count: int
    plot: Box
    horizontal: bool

    @property
    def width(self) -> float:
        span = self.plot[3] - self.plot[1] if self.horizontal else self.plot[2] - self.plot[0]
        return span / self.count

    def centre(self, index: int) -> float:
        start = self.plot[1] if self.horizontal else self.plot[0]
        return start + self.width * (index + 0.5)


#: What draws a kind's bars, stacks or lines.
_Drawer = Callable[[_Pen, Chart, _Scale, _Bands], None]


def _block(pen: _Pen, bands: _Bands, across: tuple[float, float], along: tuple[float, float],
           fill: RGB) -> tuple[float, float]:
    """A bar from ``along[0]`` to ``along[1]`` on the value axis, ``across`` the band;
    its centre."""
    a0, a1 = sorted(along)
    if bands.horizontal:
        pen.draw.rectangle((a0, across[0], a1, across[1]), fill=fill)
        return (a0 + a1) / 2, (across[0] + across[1]) / 2
    pen.draw.rectangle((across[0], a0, across[1], a1), fill=fill)
    return (across[0] + across[1]) / 2, (a0 + a1) / 2


def _bars(pen: _Pen, chart: Chart, scale: _Scale, bands: _Bands) -> None:
    """Side-by-side bars, labelled past their ends when labels help."""
    labelled = shows_data_labels(chart)
    thickness = bands.width * BAND_FILL / len(chart.series)
    zero = scale.value(0)
    for index in range(len(chart.categories)):
        start = bands.centre(index) - bands.width * BAND_FILL / 2
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if value is None:
                continue
            across = (start + number * thickness, start + (number + 1) * thickness)
            end = scale.value(value)
            _block(pen, bands, across, (zero, end), pen.colour(number))
            if labelled:
                middle = (across[0] + across[1]) / 2
                text = format_value(value, series)
                if bands.horizontal:
                    pen.text(end + pen.size / 3, middle, text, "lm")
                else:
                    pen.text(middle, end - pen.size / 3, text, "md")


def _stacks(pen: _Pen, chart: Chart, scale: _Scale, bands: _Bands) -> None:
    """One column per category, its series stacked (negatives below zero), labelled
    inside their segments in black or white."""
    labelled = shows_data_labels(chart)
    for index in range(len(chart.categories)):
        centre = bands.centre(index)
        across = (centre - bands.width * BAND_FILL / 2, centre + bands.width * BAND_FILL / 2)
        tops = {True: 0.0, False: 0.0}  # running totals above and below zero
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if value is None:
                continue
            base = tops[value >= 0]
            tops[value >= 0] = base + value
            fill = pen.colour(number)
            middle = _block(pen, bands, across, (scale.value(base), scale.value(base + value)),
                            fill)
            if labelled:
                pen.text(*middle, format_value(value, series), "mm", readable_on(fill))


def _lines(pen: _Pen, chart: Chart, scale: _Scale, bands: _Bands) -> None:
    """A line per series through its figures (broken where one is missing), with markers,
    labelled above them when labels help."""
    labelled = shows_data_labels(chart)
    mark = pen.size / 3
    for number, series in enumerate(chart.series):
        colour = pen.colour(number)
        points = [None if value is None else (bands.centre(index), scale.value(value))
                  for index, value in enumerate(series.values)]
        for start, end in itertools.pairwise(points):
            if start is not None and end is not None:
                pen.draw.line((start, end), fill=colour, width=SCALE * 2)
        for point, value in zip(points, series.values, strict=True):
            if point is None or value is None:
                continue
            x, y = point
            pen.draw.ellipse((x - mark, y - mark, x + mark, y + mark), fill=colour)
            if labelled:
                pen.text(x, y - pen.size / 2, format_value(value, series), "md")


def _value_range(chart: Chart) -> tuple[float, float]:
    """The lowest and highest value the axis must show, zero included (sums, for stacked
    columns)."""
    if chart.kind == "stacked":
        values: list[float] = []
        for index in range(len(chart.categories)):
            figures = [v for series in chart.series if (v := series.values[index]) is not None]
            values += [sum(v for v in figures if v > 0), sum(v for v in figures if v < 0)]
    else:
        values = [v for series in chart.series for v in series.values if v is not None]
    return min(0.0, *values), max(0.0, *values)


def _ticks(low: float, high: float, count: int = TICKS) -> list[float]:
    """Round tick values from at or below ``low`` to at or above ``high``."""
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    steps = round((last - first) / step)
    return [_clean(first + step * n) for n in range(steps + 1)]


def _clean(value: float) -> float:
    """``value`` without the float noise of repeated addition (0.30000000000000004)."""
    return round(value, 10)
