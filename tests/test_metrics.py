"""Text measurement: fonts found by family or metric twin, wrapping like the Office apps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter import metrics
from exporter.deck import TextStyle
from exporter.metrics import FontMeasurer, find_face
from exporter.model import Run

MEASURER = FontMeasurer()
SUMMARY = ("Peru, one of the world’s largest producers of coca and cocaine, has expanded the "
           "role of its Army, Navy and Air Force to counter-narcotics eradication, "
           "interdiction, intelligence gathering and surveillance, often in joint operations "
           "with law enforcement. Remote jungle geography, poor infrastructure, corruption and "
           "collusion within the ranks limit what the military can achieve.")


@pytest.mark.parametrize(("family", "twin"), [
    ("Calibri", "Carlito"), ("Cambria", "Caladea"), ("Arial", "Liberation Sans"),
    ("Times New Roman", "Liberation Serif"), ("Courier New", "Liberation Mono"),
])
def test_office_fonts_are_measured_with_their_metric_twins(family: str, twin: str) -> None:
    face = find_face(family)
    assert face.family == twin
    assert face.path is not None and Path(face.path).is_file()
    assert face.margin == 1.0


def test_installed_families_are_used_as_they_are() -> None:
    assert find_face("DejaVu Sans").family == "DejaVu Sans"
    bold = find_face("Carlito", bold=True)
    assert bold.path is not None and "Bold" in bold.path


def test_unknown_family_falls_back_to_dejavu() -> None:
    assert find_face("No Such Font Family").family == "DejaVu Sans"


def test_without_any_font_the_builtin_one_is_used_with_a_margin(monkeypatch) -> None:
    monkeypatch.setattr(metrics, "FONT_DIRS", ())
    monkeypatch.setattr(metrics.shutil, "which", lambda name: None)
    for cached in (metrics.find_face, metrics._font_file, metrics.installed_faces):
        cached.cache_clear()
    try:
        face = find_face("Calibri")
        assert face.path is None
        assert face.margin == metrics.BUILTIN_MARGIN
        style = TextStyle(font="Calibri", size=20)
        assert MEASURER.width("Hello world", style) > 0
    finally:
        for cached in (metrics.find_face, metrics._font_file, metrics.installed_faces):
            cached.cache_clear()


def test_widths_scale_with_size_and_grow_for_bold_and_capitals() -> None:
    regular = TextStyle(font="Calibri", size=20)
    assert MEASURER.width("Drug trafficking", regular.at(40)) == pytest.approx(
        2 * MEASURER.width("Drug trafficking", regular))
    bold = TextStyle(font="Calibri", size=20, bold=True)
    caps = TextStyle(font="Calibri", size=20, caps=True)
    assert MEASURER.width("Drug trafficking", bold) > MEASURER.width("Drug trafficking", regular)
    assert MEASURER.width("Drug trafficking", caps) > MEASURER.width("Drug trafficking", regular)


def test_line_pitch_is_one_point_two_times_the_size() -> None:
    assert MEASURER.line_height(TextStyle(size=20)) == pytest.approx(24.0)
    assert MEASURER.line_height(TextStyle(size=20, line_spacing=0.9)) == pytest.approx(21.6)
    assert MEASURER.line_height(TextStyle(size=20, line_points=30)) == 30


@pytest.mark.parametrize(("family", "width_in", "size", "ends"), [
    # Line ends LibreOffice Impress 7.4 produced for these boxes (inner width = box - 0.2 in).
    ("Calibri", 6.3, 24, ["of", "of", "counter-", "interdiction,", "often", "enforcement.",
                          "poor", "collusion", "can", "achieve."]),
    ("Arial", 4, 18, ["largest", "cocaine,", "Army,", "counter-", "interdiction,", "and",
                      "joint", "enforcement.", "poor", "and", "limit", "achieve."]),
])
def test_wrapping_breaks_lines_where_libreoffice_does(family: str, width_in: float, size: int,
                                                      ends: list[str]) -> None:
    lines = MEASURER.wrap((Run(SUMMARY),), TextStyle(font=family, size=size),
                          width_in * 72 - 14.4)
    assert [line.split()[-1] for line in lines] == ends


def test_runs_keep_their_words_and_bold_runs_are_wider() -> None:
    plain = (Run("Strengthening intelligence capabilities across agencies"),)
    bold = (Run("Strengthening intelligence", bold=True), Run(" capabilities across agencies"))
    style = TextStyle(font="Calibri", size=24)
    assert " ".join(MEASURER.wrap(bold, style, 200)).split() == plain[0].text.split()
    assert len(MEASURER.wrap(bold, style, 330)) >= len(MEASURER.wrap(plain, style, 330))


def test_a_word_longer_than_the_line_is_broken_between_characters() -> None:
    style = TextStyle(font="Calibri", size=18)
    lines = MEASURER.wrap((Run("x" * 120),), style, 100)
    assert "".join(lines) == "x" * 120
    assert all(MEASURER.width(line, style) <= 100 for line in lines)


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÁéñ-’", min_size=1, max_size=14)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, min_size=1, max_size=40),
       width=st.floats(min_value=60, max_value=700), size=st.integers(min_value=12, max_value=44))
def test_every_wrapped_line_fits_and_no_text_is_lost(words: list[str], width: float,
                                                     size: int) -> None:
    text = " ".join(words)
    style = TextStyle(font="Calibri", size=size)
    lines = MEASURER.wrap((Run(text),), style, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        assert MEASURER.width(line, style) <= width + 1e-6 or len(line) == 1


def test_installed_faces_are_asked_once_and_none_without_fontconfig(monkeypatch) -> None:
    metrics.installed_faces.cache_clear()
    faces = metrics.installed_faces()
    assert faces is not None and "dejavu sans" in faces
    assert metrics.installed_faces() is faces
    monkeypatch.setattr(metrics.shutil, "which", lambda name: None)
    metrics.installed_faces.cache_clear()
    try:
        assert metrics.installed_faces() is None
    finally:
        metrics.installed_faces.cache_clear()


def test_a_face_is_chosen_as_fontconfig_would(monkeypatch) -> None:
    face = metrics.InstalledFace
    listed = {"house sans": (face(50, False, 100, "/f/Light.ttf"),
                             face(80, False, 75, "/f/Condensed.ttf"),
                             face(80, False, 100, "/f/Regular.ttf"),
                             face(210, False, 100, "/f/Heavy.ttf"),
                             face(200, False, 100, "/f/Bold.ttf"),
                             face(80, True, 100, "/f/Italic.ttf"))}
    monkeypatch.setattr(metrics, "installed_faces", lambda: listed)
    assert metrics._installed_file("House Sans", False, False) == "/f/Regular.ttf"
    assert metrics._installed_file("House Sans", True, False) == "/f/Bold.ttf"
    assert metrics._installed_file("House Sans", False, True) == "/f/Italic.ttf"
    assert metrics._installed_file("House Sans", True, True) is None  # no bold italic face
    assert metrics._installed_file("Other Sans", False, False) is None
