"""The reader's language: labels from the table, dates in the locale, the language marked in
the outputs, and scripts beyond Latin shown with fonts that have them (exporter.labels,
exporter.scripts, exporter.ooxml.textlang)."""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, needs_libreoffice, write_content
from docx import Document as open_docx
from lxml import etree
from pptx import Presentation

from exporter.audience import Audience, load_profiles, select
from exporter.cli import main
from exporter.deck import plan_deck
from exporter.errors import AudienceError
from exporter.labels import LABEL_KEYS, TABLE, fields_of, labels_for
from exporter.metrics import LINE_PITCH, FontMeasurer
from exporter.model import Document, Metadata, Run, Section
from exporter.ooxml.parts import qn
from exporter.pipeline import BuildRequest, prepare
from exporter.preview import to_pdf
from exporter.scripts import (
    ARABIC,
    HAN,
    all_latin,
    all_right_to_left,
    is_right_to_left,
    script_of,
    slot_fonts,
)
from exporter.text import display_date

SPANISH = ROOT / "content" / "examples" / "cooperacion-amazonica.md"


# ---------------------------------------------------------------------------------------
# What the outputs say
# ---------------------------------------------------------------------------------------


def build(content: Path, outdir: Path, *options: str) -> tuple[dict[str, Path], str]:
    """Build through the CLI; the outputs by suffix, and what was said on stderr."""
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(outdir), *options],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    return {path.suffix: path for path in paths}, result.stderr


def deck_words(path: Path) -> tuple[list[str], str]:
    """Slide titles, and every text of the deck (slides and notes) as one string."""
    prs = Presentation(str(path))
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides
              if slide.shapes.title is not None]
    texts = []
    for slide in prs.slides:
        texts.extend(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        texts.extend(cell.text for shape in slide.shapes if shape.has_table
                     for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return titles, "\n".join(texts)


def briefing_words(path: Path) -> str:
    """Every text of the briefing: body (TOC and captions included), headers, footers."""
    with zipfile.ZipFile(path) as package:
        parts = [name for name in package.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)]
        texts = []
        for name in parts:
            root = etree.fromstring(package.read(name))
            texts.extend("".join(t.text or "" for t in p.iter(qn("w:t")))
                         for p in root.iter(qn("w:p")))
    return "\n".join(texts)


def english_fragments() -> list[str]:
    """The words of every English label, without their fields ("Part ", ": ", "Page "...),
    long enough to be words rather than punctuation, and not also Spanish."""
    fragments = set()
    for key, text in TABLE["en"].items():
        if key == "date_format":
            continue
        for piece in re.split(r"\{\w+\}", text):
            if len(piece.strip(" :·.;()“”'")) >= 3 and piece not in TABLE["es"][key]:
                fragments.add(piece)
    return sorted(fragments)


def test_a_spanish_partner_build_has_spanish_labels_and_dates_and_no_english_one(
        tmp_path: Path) -> None:
    outputs, _ = build(SPANISH, tmp_path, "-a", "partner")
    titles, deck = deck_words(outputs[".pptx"])
    assert titles[1] == "Orden del día"
    assert "Parte 2: La respuesta regional" in titles
    assert "Las rutas fluviales: tabla" in titles
    assert titles[-1] == "Conclusiones clave"
    assert "26 de noviembre de 2026" in deck
    briefing = briefing_words(outputs[".docx"])
    for words in ("Índice", "Resumen ejecutivo", "Introducción", "Tabla 1: Hitos de la "
                  "cooperación", "Fecha", "Acontecimiento", "Informe: Partner nations",
                  "26 de noviembre de 2026", "Preparado para Partner nations",
                  "Clasificación: UNCLASSIFIED", "Página 1 de 1"):
        assert words in briefing, words
    # The profile's own words (its label and banner) are the profile's, not exporter's.
    profile = load_profiles(ROOT / "templates" / "audiences.yaml")["partner"]
    shown = (deck + briefing).replace(profile.classification, "").replace(
        profile.display_label, "")
    left = [fragment for fragment in english_fragments() if fragment in shown]
    assert not left, left
    assert "November" not in shown


def test_a_profile_lang_wins_and_its_labels_override_the_table(tmp_path: Path) -> None:
    profiles = tmp_path / "audiences.yaml"
    profiles.write_text(
        "audiences:\n  socios:\n    label: Socios\n    lang: fr-FR\n    labels:\n"
        "      agenda: Au programme\n      contents: Table des matières\n"
        "      page_of: 'p. {page}/{pages}'\n", encoding="utf-8")
    content = write_content(tmp_path, "# Un {#un}\n\nTexte.\n\n# Deux {#deux}\n\nTexte.\n",
                            front="title: Essai\ndate: 2026-11-26\nlang: es\n")
    outputs, _ = build(content, tmp_path / "out", "--audiences", str(profiles))
    titles, deck = deck_words(outputs[".pptx"])
    assert titles[1] == "Au programme"
    assert "26 novembre 2026" in deck
    briefing = briefing_words(outputs[".docx"])
    assert "Table des matières" in briefing and "Synthèse" not in briefing
    assert "p. 1/1" in briefing
    assert open_docx(str(outputs[".docx"])).core_properties.language == "fr-FR"
    assert Presentation(str(outputs[".pptx"])).core_properties.language == "fr-FR"


def test_an_unknown_language_warns_once_and_uses_english(tmp_path: Path) -> None:
    content = write_content(tmp_path, "# One {#one}\n\nText.\n\n# Two {#two}\n\nText.\n",
                            front="title: Test\ndate: 2026-11-26\nlang: sw-KE\n")
    outputs, stderr = build(content, tmp_path / "out", "-a", "analyst", "-a", "public")
    assert stderr.count("no labels in language 'sw-KE'") == 1, stderr
    titles, deck = deck_words(outputs[".pptx"])
    assert titles[1] == "Agenda" and "26 November 2026" in deck
    assert "Page 1 of 1" in briefing_words(outputs[".docx"])


def test_profile_lang_and_labels_are_validated_with_their_lines(tmp_path: Path) -> None:
    profiles = tmp_path / "audiences.yaml"
    profiles.write_text(
        "audiences:\n  one:\n    lang: 'not a tag'\n    labels:\n      agendas: Temas\n"
        "      part: 'Parte {chapter}'\n      page_of: 'Página {pages}'\n", encoding="utf-8")
    with pytest.raises(AudienceError) as raised:
        load_profiles(profiles)
    message = str(raised.value)
    for expected in ("line 3: audience `one`: lang must be a language tag",
                     "line 5: audience `one`: unknown label `agendas`",
                     "line 6: audience `one`: label `part` may use {number}, {title}, "
                     "not {chapter}",
                     "line 7: audience `one`: label `page_of` must hold {page} then {pages}"):
        assert expected in message, message


def test_continuation_slides_and_their_notes_speak_the_language() -> None:
    from test_deck import GEOMETRY, MEASURER

    points = tuple((Run(f"Punto número {n} de una lista muy larga de puntos clave"),)
                   for n in range(30))
    document = Document(Metadata(title="Informe", lang="es"),
                        sections=(Section("uno", "Muchos puntos", 1, keypoints=points),))
    audience = Audience("socios", lang="es")
    plan = plan_deck(select(document, audience), audience, GEOMETRY, MEASURER,
                     labels=labels_for("es"))
    continued = [slide for slide in plan.slides if slide.title_text.startswith(
        "Muchos puntos (cont.")]
    assert continued
    assert continued[0].notes[0].text == ("Continuación de «Muchos puntos» (diapositiva "
                                          f"{plan.slides.index(continued[0])}); las notas "
                                          "de la sección están en esa diapositiva.")


# ---------------------------------------------------------------------------------------
# The label table, dates and the language marked
# ---------------------------------------------------------------------------------------


def test_every_language_has_every_label_with_the_fields_of_the_english_one() -> None:
    assert set(TABLE) == {"en", "es", "fr", "pt", "de"}
    for lang, words in TABLE.items():
        assert tuple(words) == LABEL_KEYS, lang
        for key, text in words.items():
            if key != "date_format":
                assert sorted(fields_of(text) or ()) == sorted(fields_of(TABLE["en"][key])
                                                               or ()), (lang, key)


@pytest.mark.parametrize(("lang", "shown"), [
    ("en-US", "26 November 2026"), ("es-PE", "26 de noviembre de 2026"),
    ("fr", "26 novembre 2026"), ("pt-BR", "26 de novembro de 2026"),
    ("de-DE", "26. November 2026")])
def test_dates_read_as_the_locale_writes_them(lang: str, shown: str) -> None:
    assert labels_for(lang).date("2026-11-26") == shown
    assert labels_for(lang).date("Autumn 2026") == "Autumn 2026"


def test_numbers_follow_the_locale() -> None:
    assert labels_for("de").text("part", number=1093, title="X") == "Teil 1.093: X"
    assert labels_for("en").text("part", number=1093, title="X") == "Part 1,093: X"
    assert display_date("2026-11-26", "ja") == "2026年11月26日"


def test_written_out_labels_keep_what_babel_wrote_and_write_the_rest_alike() -> None:
    spanish = labels_for("es-PE")
    ready = spanish.written_out(("2026-11-26",))
    assert ready.dates == {"2026-11-26": "26 de noviembre de 2026"}
    assert ready.date("2026-11-26") == spanish.date("2026-11-26")
    assert ready.date("2026-01-02") == spanish.date("2026-01-02")  # not written: Babel
    for number in (0, 7, 199, 200, 1093, 123456):
        assert ready.text("part", number=number, title="X") == \
            spanish.text("part", number=number, title="X")
    assert labels_for("ar").written_out().number(12) == labels_for("ar").number(12)


def test_a_render_process_writes_its_labels_without_loading_locale_data() -> None:
    """The pipeline writes the document's date and small numbers once; a deck and a
    briefing rendered from its jobs in a fresh process never load Babel."""
    code = textwrap.dedent("""
        import pickle, sys
        jobs = pickle.loads(sys.stdin.buffer.read())
        from exporter.render import render_output
        for job in jobs:
            render_output(job)
        print(sorted(name for name in sys.modules if name.startswith("babel")))
    """)
    plan = prepare(BuildRequest(contents=(SPANISH,), outdir=Path("unused"),
                                audiences=("partner",)))
    done = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(plan.jobs),
                          capture_output=True, check=True, cwd=ROOT)
    assert done.stdout.decode().strip() == "[]"
    assert plan.jobs[0].job.labels.date(plan.jobs[0].job.document.meta.date).endswith("2026")


def test_outputs_declare_the_chosen_language_on_every_run(tmp_path: Path) -> None:
    outputs, _ = build(SPANISH, tmp_path, "-a", "partner")
    with zipfile.ZipFile(outputs[".pptx"]) as package:
        slides = [name for name in package.namelist()
                  if re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", name)]
        for name in slides:
            root = etree.fromstring(package.read(name))
            for run in root.iter(qn("a:r"), qn("a:fld")):
                assert run.find(qn("a:rPr")).get("lang") == "es", name
    docx = open_docx(str(outputs[".docx"]))
    defaults = docx.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert defaults.get(qn("w:val")) == "es"
    assert docx.core_properties.language == "es"


# ---------------------------------------------------------------------------------------
# Scripts
# ---------------------------------------------------------------------------------------


def test_scripts_and_directions_come_from_unicode_data() -> None:
    assert script_of("中") is HAN and script_of("ب") is ARABIC
    assert script_of("é") is None and script_of("Ж") is None
    assert is_right_to_left("«شكرا» thanks") and not is_right_to_left("2026: thanks شكرا")
    assert all_right_to_left("مرحبا 2026") and not all_right_to_left("مرحبا world")
    assert slot_fonts("日本の漢字", "en") == {"ea": "Noto Sans CJK JP"}
    assert slot_fonts("汉字 and עברית", "zh-CN") == {"ea": "Noto Sans CJK SC",
                                                     "cs": "Noto Sans Hebrew"}
    assert slot_fonts("Plain Latin, Ελληνικά, русский", "en") == {}


@pytest.mark.parametrize(("text", "latin"), [
    ("Plain Latin, Ελληνικά, русский", True),
    ("“Quoted” — dashes – ‘and’ bullets • ellipsis… 5 € ™ № → ‰", True),
    ("", True),
    ("שלום", False), ("ܫܠܡܐ", False), ("ދިވެހި", False), ("日本", False), ("「引用」", False),
    ("a\u200fb", False), ("a\u202eb", False), ("a\u2067b", False)])
def test_latin_text_with_its_punctuation_takes_the_fast_path_and_nothing_else_does(
        text: str, latin: bool) -> None:
    """Typographic punctuation needs no font slot and never runs right to left; any other
    script, and the bidi controls, are looked at character by character."""
    assert all_latin(text) is latin
    if latin:
        assert slot_fonts(text, "en") == {} and not is_right_to_left(text)


def test_other_scripts_are_measured_with_their_font_and_break_between_characters() -> None:
    from exporter.deck import TextStyle

    measurer = FontMeasurer()
    style = TextStyle("Calibri", 20)
    # Ideographs are one em wide each in Noto Sans CJK (not the Latin font's empty box).
    assert measurer.width("中" * 10, style) == pytest.approx(200, abs=1)
    lines = measurer.wrap((Run("中国与秘鲁的禁毒合作始于海关与港口的情报交流"),), style, 100)
    assert len(lines) == 5 and all(measurer.width(line, style) <= 100 for line in lines)
    arabic = (Run("التعاون مع الشركاء العرب"),)
    assert measurer.line_height(style, arabic) > measurer.line_height(style) == \
        20 * LINE_PITCH


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')
#: English content with a Chinese section and an Arabic one.
SCRIPTS = Path(__file__).parent / "fixtures" / "scripts-chinese-arabic.md"


def _shape_boxes(slide) -> list[tuple[float, float, float, float]]:
    boxes = []
    for xfrm in slide.shapes._spTree.iter(qn("a:xfrm")):
        off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        x, y = int(off.get("x")) / 12700, int(off.get("y")) / 12700
        boxes.append((x, y, x + int(ext.get("cx")) / 12700, y + int(ext.get("cy")) / 12700))
    return boxes


def _embedded_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, type) of every font ``pdffonts`` lists in ``pdf``."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    return [(line.split()[0], line[37:55].strip()) for line in listing if line.strip()]


@needs_libreoffice()
@pytest.mark.libreoffice
def test_chinese_and_arabic_render_with_their_glyphs_and_fit_their_boxes(
        tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.fail("poppler (pdffonts, pdftotext) is not installed: run tools/setup.sh")
    outputs, _ = build(SCRIPTS, tmp_path / "out", "-a", "analyst")
    deck = Presentation(str(outputs[".pptx"]))
    arabic_slide = next(s for s in deck.slides if s.shapes.title.text_frame.text ==
                        "التعاون مع الشركاء العرب")
    title_xml = arabic_slide.shapes.title.text_frame._txBody
    assert title_xml.find(f"{qn('a:p')}/{qn('a:pPr')}").get("rtl") == "1"
    assert title_xml.find(f".//{qn('a:cs')}").get("typeface") == "Noto Naskh Arabic"
    body = briefing_words(outputs[".docx"])
    assert "中国的禁毒合作" in body and "التعاون مع الشركاء العرب" in body
    with zipfile.ZipFile(outputs[".docx"]) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    fonts = {value for node in document.iter(qn("w:rFonts"))
             for value in (node.get(qn("w:eastAsia")), node.get(qn("w:cs"))) if value}
    assert fonts == {"Noto Sans CJK SC", "Noto Naskh Arabic"}
    assert document.find(f".//{qn('w:bidi')}") is not None
    assert document.find(f".//{qn('w:rtl')}") is not None

    pdfs = {suffix: to_pdf(output, tmp_path / suffix) for suffix, output in outputs.items()}
    for pdf in pdfs.values():
        embedded = _embedded_fonts(pdf)
        names = " ".join(name for name, _ in embedded)
        assert "NotoSansCJK" in names and "NotoNaskhArabic" in names, embedded
        assert all(kind != "Type 3" for _, kind in embedded), embedded
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "禁毒合作" in text and "التدريب" in text

    html = subprocess.run(["pdftotext", "-bbox", str(pdfs[".pptx"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    for number, (page, slide) in enumerate(zip(html.split("<page ")[1:], deck.slides,
                                                strict=True), start=1):
        boxes = _shape_boxes(slide)
        for x0, y0, x1, y1 in (tuple(map(float, m.groups())) for m in _WORD.finditer(page)):
            rise = max(2.0, 0.2 * (y1 - y0))  # word boxes span the font's ascent and descent
            assert any(bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - rise <= y0 and
                       y1 <= by1 + rise for bx0, by0, bx1, by1 in boxes), \
                (number, x0, y0, x1, y1)

