"""Colours: WCAG contrast, hex and RGB forms, theme colours, modifiers and fills.

Owns the arithmetic (relative luminance and contrast ratio as WCAG 2 defines them, the
ratios text needs, colours mixed or moved towards black or white until they reach a
ratio), the DrawingML modifiers ``lumMod``/``lumOff``/``satMod``/``tint``/``shade`` and
Word's ``themeTint``/``themeShade``, the reading of a theme's colour scheme and fill
styles, the mapping of ``bg1``/``tx1``... through a master's ``clrMap`` (or Word's
``clrSchemeMapping``), and the resolution of a DrawingML colour or fill element to RGB.
The renderers choose their colours with the same rules the audit judges them by.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from exporter.ooxml.parts import local_name, qn

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

#: WCAG 2 minimum contrast (success criterion 1.4.3) for normal and for large text.
NORMAL_TEXT_RATIO = 4.5
LARGE_TEXT_RATIO = 3.0

#: What a master maps the logical colours to when it has no ``clrMap``.
DEFAULT_CLR_MAP: Mapping[str, str] = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_SYSTEM_COLOURS: Mapping[str, RGB] = {"windowText": BLACK, "window": WHITE}
_PRESET_COLOURS: Mapping[str, RGB] = {
    "black": BLACK, "white": WHITE, "red": (255, 0, 0), "green": (0, 128, 0),
    "blue": (0, 0, 255), "yellow": (255, 255, 0), "gray": (128, 128, 128),
    "grey": (128, 128, 128), "darkGray": (169, 169, 169), "lightGray": (211, 211, 211),
    "navy": (0, 0, 128), "orange": (255, 165, 0), "silver": (192, 192, 192),
}
_COLOUR_TAGS = ("srgbClr", "schemeClr", "sysClr", "prstClr", "scrgbClr", "hslClr")
_PERCENT = 100_000


# --- WCAG -------------------------------------------------------------------------------


def parse_hex(value: str | None) -> RGB | None:
    """``"1F3864"`` or ``"#1f3864"`` as RGB; None for anything else (``auto`` included)."""
    if not value:
        return None
    text = value.lstrip("#")
    if len(text) != 6:
        return None
    try:
        number = int(text, 16)
    except ValueError:
        return None
    return (number >> 16) & 0xFF, (number >> 8) & 0xFF, number & 0xFF


def rgb_of(value: str) -> RGB:
    """A hex colour that must be one (``"1F3864"``); ValueError for anything else."""
    rgb = parse_hex(value)
    if rgb is None:
        raise ValueError(f"not a hex colour: {value!r}")
    return rgb


def hex_code(rgb: RGB) -> str:
    """``"1F3864"``: the form Office files store."""
    return "{:02X}{:02X}{:02X}".format(*rgb)


def to_hex(rgb: RGB) -> str:
    """``"#1F3864"``: the form messages show."""
    return f"#{hex_code(rgb)}"


def _to_linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _to_srgb(channel: float) -> float:
    channel = min(max(channel, 0.0), 1.0)
    return channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    red, green, blue = (_to_linear(c / 255) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21, in either order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_large_text(size_pt: float, bold: bool) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    return size_pt >= 18 or (bold and size_pt >= 14)


def required_ratio(size_pt: float, bold: bool) -> float:
    return LARGE_TEXT_RATIO if is_large_text(size_pt, bold) else NORMAL_TEXT_RATIO


def worst_background(foreground: RGB, backgrounds: Sequence[RGB]) -> tuple[float, RGB]:
    """The lowest contrast of ``foreground`` over any of ``backgrounds`` (gradient stops)."""
    return min((contrast_ratio(foreground, bg), bg) for bg in backgrounds)


def mix(first: RGB, second: RGB, share_of_second: float) -> RGB:
    """``first`` with ``share_of_second`` (0..1) of ``second`` laid over it."""
    return tuple(  # type: ignore[return-value]
        round(a + (b - a) * share_of_second) for a, b in zip(first, second, strict=True)
    )


def readable_on(fill: RGB) -> RGB:
    """Black or white, whichever contrasts more with ``fill``."""
    return WHITE if contrast_ratio(fill, WHITE) >= contrast_ratio(fill, BLACK) else BLACK


#: Colours are moved towards black or white in this many equal steps.
_STEPS = 20


def readable_colour(colour: RGB, against: Sequence[RGB], ratio: float) -> RGB:
    """``colour`` if it reaches ``ratio`` with every colour of ``against``, else the first
    step of it towards black, then towards white, that does (darkened or lightened just
    enough); black or white, whichever does better, when none does."""
    if worst_background(colour, against)[0] >= ratio:
        return colour
    for target in (BLACK, WHITE):
        for step in range(1, _STEPS + 1):
            candidate = mix(colour, target, step / _STEPS)
            if worst_background(candidate, against)[0] >= ratio:
                return candidate
    return max((BLACK, WHITE), key=lambda extreme: worst_background(extreme, against)[0])


# --- modifiers --------------------------------------------------------------------------


def _from_unit(values: Iterable[float]) -> RGB:
    return tuple(round(min(max(v, 0.0), 1.0) * 255) for v in values)  # type: ignore[return-value]


def _map_luminance(rgb: RGB, change: float, offset: float = 0.0, sat: float = 1.0,
                   sat_offset: float = 0.0) -> RGB:
    hue, light, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    light = min(max(light * change + offset, 0.0), 1.0)
    saturation = min(max(saturation * sat + sat_offset, 0.0), 1.0)
    return _from_unit(colorsys.hls_to_rgb(hue, light, saturation))


def _tint(rgb: RGB, amount: float) -> RGB:
    """DrawingML tint: ``amount`` of the colour, the rest white, in linear light."""
    return _from_unit(_to_srgb(1 - (1 - _to_linear(c / 255)) * amount) for c in rgb)


def _shade(rgb: RGB, amount: float) -> RGB:
    """DrawingML shade: ``amount`` of the colour, the rest black, in linear light."""
    return _from_unit(_to_srgb(_to_linear(c / 255) * amount) for c in rgb)


def apply_modifier(rgb: RGB, name: str, value: int) -> RGB:
    """One DrawingML colour transform (``value`` in 1/1000 of a percent); others are ignored."""
    amount = value / _PERCENT
    if name == "lumMod":
        return _map_luminance(rgb, amount)
    if name == "lumOff":
        return _map_luminance(rgb, 1.0, amount)
    if name == "satMod":
        return _map_luminance(rgb, 1.0, sat=amount)
    if name == "satOff":
        return _map_luminance(rgb, 1.0, sat_offset=amount)
    if name == "tint":
        return _tint(rgb, amount)
    if name == "shade":
        return _shade(rgb, amount)
    return rgb


def word_tint(rgb: RGB, byte: int) -> RGB:
    """Word's ``themeTint`` (00-FF): luminance moved towards white."""
    share = byte / 255
    return _map_luminance(rgb, share, 1 - share)


def word_shade(rgb: RGB, byte: int) -> RGB:
    """Word's ``themeShade`` (00-FF): luminance scaled towards black."""
    return _map_luminance(rgb, byte / 255)


# --- themes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """A theme part's colour scheme (``dk1``... ``folHlink``) and fill style lists."""

    colours: Mapping[str, RGB]
    fill_styles: tuple[etree._Element, ...] = ()
    background_fill_styles: tuple[etree._Element, ...] = ()

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> Theme:
        if root is None:
            return cls({})
        colours: dict[str, RGB] = {}
        scheme = root.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
        for slot in scheme if scheme is not None else ():
            if not isinstance(slot.tag, str):
                continue
            rgb = colour_of(slot, {})
            if rgb is not None:
                colours[local_name(slot)] = rgb
        formats = root.find(f"{qn('a:themeElements')}/{qn('a:fmtScheme')}")
        return cls(
            colours,
            _children(formats, "a:fillStyleLst"),
            _children(formats, "a:bgFillStyleLst"),
        )

    def mapped(self, clr_map: Mapping[str, str]) -> dict[str, RGB]:
        """The colours under every name a ``schemeClr`` may use: slots plus ``bg1``, ``tx1``..."""
        names = dict(self.colours)
        for logical, slot in {**DEFAULT_CLR_MAP, **clr_map}.items():
            if slot in self.colours:
                names[logical] = self.colours[slot]
        return names

    def style_fill(self, index: int) -> etree._Element | None:
        """The fill a ``fillRef``/``bgRef`` index names (0 none, 1-999 fills, 1001+ backgrounds)."""
        if 1 <= index < 1000:
            styles, position = self.fill_styles, index - 1
        elif index > 1000:
            styles, position = self.background_fill_styles, index - 1001
        else:
            return None
        return styles[position] if position < len(styles) else None


def _children(parent: etree._Element | None, name: str) -> tuple[etree._Element, ...]:
    if parent is None:
        return ()
    found = parent.find(qn(name))
    if found is None:
        return ()
    return tuple(child for child in found if isinstance(child.tag, str))


def clr_map_of(element: etree._Element | None) -> dict[str, str]:
    """The attributes of a ``p:clrMap`` or ``a:overrideClrMapping`` element."""
    return dict(element.attrib) if element is not None else {}


# --- DrawingML colours and fills --------------------------------------------------------


def colour_of(parent: etree._Element, scheme: Mapping[str, RGB],
              placeholder: RGB | None = None) -> RGB | None:
    """The colour held by ``parent`` (a ``solidFill``, a ``fontRef``, a gradient stop...).

    ``scheme`` maps scheme names (after the colour map) to RGB; ``placeholder`` is what
    ``phClr`` stands for in a theme style. None when there is no colour or it is unknown.
    """
    for child in parent:
        if isinstance(child.tag, str) and local_name(child) in _COLOUR_TAGS:
            return _colour_element(child, scheme, placeholder)
    return None


def _colour_element(element: etree._Element, scheme: Mapping[str, RGB],
                    placeholder: RGB | None) -> RGB | None:
    kind = local_name(element)
    value = element.get("val", "")
    base: RGB | None
    if kind == "srgbClr":
        base = parse_hex(value)
    elif kind == "schemeClr":
        base = placeholder if value == "phClr" else scheme.get(value)
    elif kind == "sysClr":
        base = parse_hex(element.get("lastClr")) or _SYSTEM_COLOURS.get(value)
    elif kind == "prstClr":
        base = _PRESET_COLOURS.get(value)
    elif kind == "scrgbClr":
        base = _from_unit(_to_srgb(int(element.get(c, "0")) / _PERCENT) for c in "rgb")
    else:
        base = _hsl_colour(element)
    if base is None:
        return None
    for modifier in element:
        if isinstance(modifier.tag, str):
            base = apply_modifier(base, local_name(modifier), _int(modifier.get("val")))
    return base


def _hsl_colour(element: etree._Element) -> RGB:
    hue = _int(element.get("hue")) / 21_600_000
    sat = _int(element.get("sat")) / _PERCENT
    lum = _int(element.get("lum")) / _PERCENT
    return _from_unit(colorsys.hls_to_rgb(hue, lum, sat))


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@dataclass(frozen=True)
class Fill:
    """What lies behind text: solid (one colour), gradient (its stops), or nothing.

    ``known`` is False for pictures and other fills whose colour cannot be judged.
    """

    colours: tuple[RGB, ...] = ()
    known: bool = True

    @property
    def opaque(self) -> bool:
        return bool(self.colours) or not self.known


TRANSPARENT = Fill()
UNKNOWN = Fill(known=False)


def fill_of(parent: etree._Element | None, scheme: Mapping[str, RGB],
            placeholder: RGB | None = None) -> Fill | None:
    """The fill stated in ``parent`` (an ``spPr``, ``bgPr``, ``tcPr``...); None if unstated."""
    if parent is None:
        return None
    for child in parent:
        if isinstance(child.tag, str):
            fill = fill_element(child, scheme, placeholder)
            if fill is not None:
                return fill
    return None


def fill_element(element: etree._Element, scheme: Mapping[str, RGB],
                 placeholder: RGB | None = None) -> Fill | None:
    """A DrawingML fill element as a :class:`Fill`; None if ``element`` is not a fill."""
    kind = local_name(element)
    if kind == "noFill":
        return TRANSPARENT
    if kind == "solidFill":
        return _known(colour_of(element, scheme, placeholder))
    if kind == "gradFill":
        stops = [colour_of(gs, scheme, placeholder) for gs in element.iter(qn("a:gs"))]
        return Fill(tuple(s for s in stops if s)) if stops and all(stops) else UNKNOWN
    if kind == "pattFill":
        parts = [element.find(qn(name)) for name in ("a:fgClr", "a:bgClr")]
        found = [colour_of(p, scheme, placeholder) for p in parts if p is not None]
        return Fill(tuple(c for c in found if c)) if found and all(found) else UNKNOWN
    if kind == "blipFill":
        return UNKNOWN
    return None


def _known(rgb: RGB | None) -> Fill:
    return Fill((rgb,)) if rgb else UNKNOWN


def style_reference_fill(reference: etree._Element, theme: Theme,
                         scheme: Mapping[str, RGB]) -> Fill:
    """The fill of a ``fillRef``/``bgRef``: the theme style, ``phClr`` being the ref's colour."""
    index = _int(reference.get("idx"))
    colour = colour_of(reference, scheme)
    if index == 0:
        return TRANSPARENT
    style = theme.style_fill(index)
    if style is None:
        return _known(colour)
    return fill_element(style, scheme, colour) or _known(colour)


# --- Word colours -----------------------------------------------------------------------

#: Word's ``w:themeColor`` names and the logical names they stand for.
_WORD_THEME_NAMES: Mapping[str, str] = {
    "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2",
    "text1": "tx1", "background1": "bg1", "text2": "tx2", "background2": "bg2",
    "hyperlink": "hlink", "followedHyperlink": "folHlink",
    **{f"accent{n}": f"accent{n}" for n in range(1, 7)},
}
#: Word's ``w:clrSchemeMapping`` attribute values and the scheme slots they name.
_WORD_MAPPING_SLOTS: Mapping[str, str] = {
    "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2",
    **{f"accent{n}": f"accent{n}" for n in range(1, 7)},
    "hyperlink": "hlink", "followedHyperlink": "folHlink",
}
#: Word's ``w:clrSchemeMapping`` attribute names and the logical names they set.
_WORD_MAPPING_NAMES: Mapping[str, str] = {"bg1": "bg1", "t1": "tx1", "bg2": "bg2", "t2": "tx2"}


def word_scheme(theme: Theme, mapping: etree._Element | None) -> dict[str, RGB]:
    """A Word document's scheme colours by name, after its ``w:clrSchemeMapping``."""
    clr_map: dict[str, str] = {}
    for key, value in (mapping.attrib.items() if mapping is not None else ()):
        logical = _WORD_MAPPING_NAMES.get(etree.QName(key).localname)
        slot = _WORD_MAPPING_SLOTS.get(value)
        if logical and slot:
            clr_map[logical] = slot
    return theme.mapped(clr_map)


def word_theme_colour(name: str, tint: str | None, shade: str | None,
                      scheme: Mapping[str, RGB]) -> RGB | None:
    """A Word theme colour (``accent1`` + ``themeShade="BF"``) resolved through ``scheme``."""
    base = scheme.get(_WORD_THEME_NAMES.get(name, name))
    if base is None:
        return None
    if tint:
        base = word_tint(base, int(tint, 16)) if _is_hex_byte(tint) else base
    if shade:
        base = word_shade(base, int(shade, 16)) if _is_hex_byte(shade) else base
    return base


def _is_hex_byte(text: str) -> bool:
    return len(text) <= 2 and all(c in "0123456789abcdefABCDEF" for c in text)


#: The accents of Office's own theme, for a file without a theme of its own.
OFFICE_ACCENTS: tuple[RGB, ...] = ((0x44, 0x72, 0xC4), (0xED, 0x7D, 0x31), (0xA5, 0xA5, 0xA5),
                                   (0xFF, 0xC0, 0x00), (0x5B, 0x9B, 0xD5), (0x70, 0xAD, 0x47))


def theme_accents(scheme: Mapping[str, RGB]) -> tuple[RGB, ...]:
    """The six accents of a colour scheme in order (``accent1``...), which charts give
    their series; Office's where the scheme has none."""
    return tuple(scheme.get(f"accent{n}", default)
                 for n, default in enumerate(OFFICE_ACCENTS, start=1))
