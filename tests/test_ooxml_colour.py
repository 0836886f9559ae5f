"""Colours: WCAG contrast, Office's colour modifiers and theme maps, readable colours."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporter.ooxml.colour import (
    BLACK,
    WHITE,
    Theme,
    apply_modifier,
    contrast_ratio,
    hex_code,
    mix,
    parse_hex,
    readable_colour,
    readable_on,
    required_ratio,
    to_hex,
    word_shade,
    word_tint,
)


def test_wcag_contrast_reference_values() -> None:
    assert contrast_ratio((0, 0, 0), WHITE) == pytest.approx(21)
    assert contrast_ratio(parse_hex("777777"), WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(parse_hex("767676"), WHITE) >= 4.5
    assert required_ratio(18, False) == 3 and required_ratio(14, True) == 3
    assert required_ratio(17.5, False) == 4.5 and required_ratio(12, True) == 4.5


def test_office_colour_modifiers_match_office_palette() -> None:
    accent = parse_hex("4472C4")
    assert accent is not None
    assert to_hex(apply_modifier(accent, "lumMod", 75_000)) == "#2F5597"  # darker 25%
    lighter = apply_modifier(apply_modifier(accent, "lumMod", 20_000), "lumOff", 80_000)
    assert to_hex(lighter) == "#DAE3F3"  # lighter 80%
    word_accent = parse_hex("4F81BD")
    assert word_accent is not None
    assert to_hex(word_tint(word_accent, 0x99)) == "#95B3D7"  # lighter 40%
    assert contrast_ratio(word_shade(word_accent, 0xBF), parse_hex("365F91")) < 1.05


def test_theme_mapping_follows_clr_map() -> None:
    theme = Theme({"dk1": (0, 0, 0), "lt1": WHITE, "dk2": (1, 2, 3), "lt2": (4, 5, 6)})
    swapped = theme.mapped({"bg1": "dk1", "tx1": "lt1"})
    assert swapped["bg1"] == (0, 0, 0) and swapped["tx1"] == WHITE
    assert theme.mapped({})["tx2"] == (1, 2, 3)


_RGB = st.tuples(*(st.integers(0, 255),) * 3)


@given(_RGB, _RGB)
def test_contrast_is_symmetric_and_bounded(first: tuple[int, int, int],
                                           second: tuple[int, int, int]) -> None:
    ratio = contrast_ratio(first, second)
    assert ratio == pytest.approx(contrast_ratio(second, first))
    assert 1 <= ratio <= 21.0000001
    assert contrast_ratio(first, first) == pytest.approx(1)


@given(_RGB)
def test_hex_round_trip(rgb: tuple[int, int, int]) -> None:
    assert parse_hex(to_hex(rgb)) == rgb


@given(_RGB, st.integers(0, 100_000))
def test_modifiers_stay_in_range(rgb: tuple[int, int, int], value: int) -> None:
    for name in ("lumMod", "lumOff", "satMod", "tint", "shade"):
        assert all(0 <= c <= 255 for c in apply_modifier(rgb, name, value))


@pytest.mark.parametrize(("colour", "against", "towards"), [
    ((0x99, 0x99, 0xFF), [WHITE], BLACK),  # a light blue darkened for white
    ((0x44, 0x72, 0xC4), [(0x1F, 0x1F, 0x1F)], WHITE),  # an accent lightened for near-black
])
def test_readable_colours_are_moved_just_far_enough(
        colour: tuple[int, int, int], against: list[tuple[int, int, int]],
        towards: tuple[int, int, int]) -> None:
    found = readable_colour(colour, against, 4.5)
    steps = [mix(colour, towards, step / 20) for step in range(21)]
    position = steps.index(found)
    assert min(contrast_ratio(found, background) for background in against) >= 4.5
    assert min(contrast_ratio(steps[position - 1], background) for background in against) < 4.5


def test_readable_colour_keeps_a_colour_that_reads_and_prefers_black_or_white() -> None:
    assert readable_colour((0x1F, 0x38, 0x64), [WHITE], 4.5) == (0x1F, 0x38, 0x64)
    # over a gradient from white to black nothing reaches 7:1: black or white, as good
    assert readable_colour((0x80, 0x80, 0x80), [WHITE, BLACK], 7) == BLACK
    assert readable_on((0x00, 0x33, 0xA0)) == WHITE and readable_on((0xFF, 0xD7, 0x00)) == BLACK
    assert hex_code((0x1F, 0x38, 0x64)) == "1F3864" and to_hex((0x1F, 0x38, 0x64)) == "#1F3864"
