"""Ingest: structure found in plain text, key points, the draft read back, files read in."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, HEADINGS, SOURCE, body_lines
from hypothesis import given, settings
from hypothesis import strategies as st
from test_textrepair import correct_text, damage

from exporter.cli import main
from exporter.errors import IngestError
from exporter.ingest import (
    IngestResult,
    heading_levels,
    ingest_text,
    is_heading,
    keypoint,
    logical_lines,
    pieces,
    read_article,
    slug,
    title_from_filename,
)
from exporter.model import Document, ListBlock, Paragraph, plain_text
from exporter.reader import Content, read_document
from exporter.text import sentences
from exporter.textrepair import repair_text

TODAY = datetime.date(2026, 11, 26)
UNSEEN = Path(__file__).parent / "fixtures" / "amazon-river-trade-corridors.txt"
UNSEEN_HEADINGS = [
    "The Geography of the Amazon Waterways",
    "Economic Importance for Riverside Communities",
    "Obstacles to Reliable Navigation",
    "Case Study: The Hidrovía Amazónica",
    "Cross-Border Cooperation",
    "What Comes Next for River Ports?",
]


def ingest(text: str, **options: Any) -> IngestResult:
    return ingest_text(text, source="content/source/article.txt", today=TODAY, **options)


def read_back(result: IngestResult) -> Document:
    """The draft as the content reader parses it (Jinja included)."""
    return Content(path=Path("draft.md"), text=result.markdown).document_for()


def texts(document: Document) -> list[str]:
    """Paragraphs and list items, in reading order."""
    out = []
    for block in [*document.intro, *(b for s in document.walk() for b in s.blocks)]:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            out.extend(item.text for item in block.items)
    return out


def lists(document: Document) -> list[ListBlock]:
    blocks = [*document.intro, *(b for s in document.walk() for b in s.blocks)]
    return [b for b in blocks if isinstance(b, ListBlock)]


@pytest.fixture(scope="module")
def seed() -> IngestResult:
    return ingest_text(SOURCE.read_text(encoding="utf-8"), source=str(SOURCE), today=TODAY)


class TestSeed:
    def test_sixteen_headings_in_order(self, seed: IngestResult) -> None:
        assert [title for _, title in seed.headings] == [title for _, title in HEADINGS]
        assert read_back(seed).headings() == list(seed.headings)

    def test_two_lists_of_three_and_four_items_with_bold_labels(self, seed: IngestResult) -> None:
        found = lists(read_back(seed))
        assert [len(b.items) for b in found] == [3, 4]
        assert not any(b.ordered for b in found)
        labels = [item.runs[0] for item in found[1].items]
        assert all(run.bold for run in labels)
        assert labels[0].text == "Strengthening Intelligence Capabilities:"
        assert not found[0].items[0].runs[0].bold

    def test_nine_repairs_and_no_broken_letter_left(self, seed: IngestResult) -> None:
        assert len(seed.repairs) == 9
        assert "Ă" not in seed.markdown
        for name in ("Huánuco", "Chavín de Huántar", "Apurímac", "Operación", "El Niño"):
            assert name in seed.markdown

    def test_paragraphs_match_the_curated_content_word_for_word(self, seed: IngestResult) -> None:
        assert texts(read_back(seed)) == texts(read_document(ARTICLE))

    def test_paragraphs_match_the_article(self, seed: IngestResult) -> None:
        assert texts(read_back(seed)) == body_lines()

    def test_intro_is_the_text_before_the_first_heading(self, seed: IngestResult) -> None:
        intro = read_back(seed).intro
        assert [b.text for b in intro] == body_lines()[:2]  # type: ignore[union-attr]

    def test_front_matter(self, seed: IngestResult) -> None:
        meta = read_back(seed).meta
        assert meta.title == "Peru Military Drug Trafficking"
        assert meta.date == "2026-11-26"
        assert meta.source == str(SOURCE)
        assert meta.summary == body_lines()[0]

    def test_three_to_five_short_keypoints_per_section(self, seed: IngestResult) -> None:
        for section in read_back(seed).walk():
            points = [plain_text(p) for p in section.keypoints]
            assert 3 <= len(points) <= 5, section.title
            for point in points:
                assert 1 <= len(point.split()) <= 12, point
                assert point[-1].isalnum() or point[-1] in "\"”’)", point

    def test_levels_auto_follow_the_topic_rule(self, seed: IngestResult) -> None:
        levels = [level for level, _ in seed.headings]
        assert levels == [1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 2, 2, 1]
        curated = [level for level, _ in HEADINGS]
        assert sum(a == b for a, b in zip(levels, curated, strict=True)) == 15

    def test_flat_levels(self) -> None:
        result = ingest(SOURCE.read_text(encoding="utf-8"), levels="flat")
        assert {level for level, _ in result.headings} == {1}

    def test_blank_lines_and_crlf_change_nothing(self, seed: IngestResult) -> None:
        spaced = "\r\n\r\n".join(SOURCE.read_text(encoding="utf-8").splitlines())
        result = ingest_text(spaced, source=str(SOURCE), today=TODAY)
        assert result.markdown == seed.markdown
        assert [r.line for r in result.repairs] == [2 * r.line - 1 for r in seed.repairs]

    def test_same_input_same_draft(self, seed: IngestResult) -> None:
        again = ingest_text(SOURCE.read_text(encoding="utf-8"), source=str(SOURCE), today=TODAY)
        assert again == seed


class TestUnseenArticle:
    """An article the rules were not written against, damaged the way the seed was."""

    @pytest.mark.parametrize("continuation", ["cp1252", "cp1250", "latin-1"])
    def test_every_heading_list_and_accent_right(self, continuation: str) -> None:
        source = UNSEEN.read_text(encoding="utf-8")
        broken = damage(source, continuation)
        assert "Ă" in broken and "Ĺ" in broken
        result = ingest(broken)
        document = read_back(result)
        assert [title for _, title in result.headings] == UNSEEN_HEADINGS
        lines = [line for line in source.splitlines() if line not in UNSEEN_HEADINGS]
        assert texts(document) == [re.sub(r"^(- |\d\. )", "", line) for line in lines]
        found = lists(document)
        assert [(len(b.items), b.ordered) for b in found] == [(3, False), (3, True), (3, False)]
        assert [run.text for item in found[2].items for run in item.runs if run.bold] == [
            "Shared Charts:", "Joint Patrols:", "Port Standards:"]
        assert not re.search("[ĂĹ]", result.markdown)

    def test_repairs_name_each_broken_word(self) -> None:
        source = UNSEEN.read_text(encoding="utf-8")
        result = ingest(damage(source))
        broken = [word for word in source.split() if damage(word) != word]
        assert len(result.repairs) == len(broken) == 36
        assert all(repair.after in source and repair.before not in source
                   for repair in result.repairs)


class TestHeadings:
    @pytest.mark.parametrize("line", [
        "Case Study: Operation Fortaleza", "What Comes Next for River Ports?", "Notable Operations",
        "2018 in Review", "“Plan Colombia” and Its Legacy", "¿Qué Sigue?", "The VRAEM (Valley)",
    ])
    def test_headings(self, line: str) -> None:
        assert is_heading(line)

    @pytest.mark.parametrize("line", [
        "Key policies include the following:", "The army moved in.", "Wow!", "Ends with a comma,",
        "lower-case start of a fragment", "- Fuel and gas", "1. Shallow passages",
        "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen", "He said “we are ready.”",
    ])
    def test_not_headings(self, line: str) -> None:
        assert not is_heading(line)

    def test_outline_numbers_give_levels(self) -> None:
        titles = ["1 Introduction", "1.1 Background", "1.1.1 Early Years", "2 Outlook"]
        assert heading_levels(titles) == [1, 2, 3, 1]

    def test_capitals_are_sections(self) -> None:
        titles = ["THE RIVER", "Ports", "Boats", "THE PEOPLE", "Villages"]
        assert heading_levels(titles) == [1, 2, 2, 1, 2]

    def test_levels_never_jump(self) -> None:
        assert heading_levels(["Ports", "THE RIVER", "Boats"]) == [1, 1, 2]

    def test_no_signal_means_flat(self) -> None:
        assert heading_levels(["Ports", "Boats", "People", "Trade"]) == [1, 1, 1, 1]

    def test_unknown_mode(self) -> None:
        with pytest.raises(IngestError, match="auto, flat"):
            heading_levels(["Ports"], "deep")


class TestStructure:
    def test_lists_bullets_numbers_labels(self) -> None:
        text = ("Intro line.\nHeading\nSome items:\n• one\n* two\n3. three\n4) four\n"
                "- Label Here: text\n- Too Many Words To Be A Label Here: text\n- http://x.org: y")
        found = pieces(logical_lines(text))
        kinds = [type(p).__name__ for p in found]
        assert kinds == ["Paragraph", "_Heading", "Paragraph", "ListBlock", "ListBlock",
                         "ListBlock"]
        bullets, numbered, labelled = found[3], found[4], found[5]
        assert isinstance(numbered, ListBlock) and numbered.ordered and numbered.start == 3
        assert isinstance(bullets, ListBlock) and len(bullets.items) == 2
        assert isinstance(labelled, ListBlock)
        assert [item.runs[0].bold for item in labelled.items] == [True, False, False]

    def test_wrapped_lines_are_joined(self) -> None:
        text = ("The River\n\nRiver transport remains the backbone of trade across the\n"
                "Amazon basin, where roads are scarce and distances are vast. From\n"
                "Iquitos to Belém, barges carry fuel.\n\nPorts\n\nSmall ports matter too.\n")
        assert [line for _, line in logical_lines(text)] == [
            "The River",
            "River transport remains the backbone of trade across the Amazon basin, where "
            "roads are scarce and distances are vast. From Iquitos to Belém, barges carry fuel.",
            "Ports", "Small ports matter too."]

    def test_lower_case_line_continues_and_separators_go(self) -> None:
        text = "Barges carry fuel, food and\ntimber.\n* * *\n- an item that goes\n  on here\nNext."
        assert [line for _, line in logical_lines(text)] == [
            "Barges carry fuel, food and timber.", "- an item that goes on here", "Next."]

    def test_line_numbers_point_at_the_article(self) -> None:
        assert [n for n, _ in logical_lines("\n\nFirst.\n\nHeading\nSecond.")] == [3, 5, 6]


class TestKeypoints:
    @pytest.mark.parametrize(("sentence", "point"), [
        ("Corruption within the ranks poses another critical challenge.",
         "Corruption within the ranks poses another critical challenge"),
        ("Additionally, the military participates in intelligence gathering and surveillance "
         "activities, enhancing the monitoring of remote areas.",
         "The military participates in intelligence gathering and surveillance activities"),
        ("As the drug trafficking landscape continues to shift, the response from the Peruvian "
         "military must adapt.", "The response from the Peruvian military must adapt"),
        ("Another key operation, \"Operación El Niño,\" aimed at dismantling entrenched drug "
         "trafficking organizations in the region.",
         "Another key operation, \"Operación El Niño\""),
        ("The United States has historically been a significant ally, providing funding and "
         "technical assistance.", "The United States has been a significant ally"),
        ("Despite these efforts, challenges remain.", "Despite these efforts, challenges remain"),
    ])
    def test_shortened_at_a_clause(self, sentence: str, point: str) -> None:
        assert keypoint(sentence) == point

    def test_never_more_than_twelve_words(self) -> None:
        long = " ".join(["word"] * 30) + "."
        assert len(keypoint(long).split()) == 12

    def test_sentences(self) -> None:
        text = "U.S. forces arrived in 2018. Then Dr. Smith left. Was it over? “Yes.” No."
        assert sentences(text) == ["U.S. forces arrived in 2018.", "Then Dr. Smith left.",
                                   "Was it over?", "“Yes.”", "No."]

    def test_short_sections_use_further_sentences(self) -> None:
        text = "Heading\nFirst one here. Second one here. Third one here.\n"
        section = read_back(ingest(text)).sections[0]
        assert [plain_text(p) for p in section.keypoints] == [
            "First one here", "Second one here", "Third one here"]


class TestNamesAndIds:
    @pytest.mark.parametrize(("name", "title"), [
        ("peru-military-drug-trafficking.txt", "Peru Military Drug Trafficking"),
        ("content/source/the_war-of-the-worlds.txt", "The War of the Worlds"),
        ("NATO in the Andes.txt", "NATO in the Andes"),
        ("..txt", "Untitled Article"),
    ])
    def test_title_from_filename(self, name: str, title: str) -> None:
        assert title_from_filename(name) == title

    def test_title_option_wins(self) -> None:
        assert read_back(ingest("Text.", title="  My Title ")).meta.title == "My Title"

    def test_ids_are_short_unique_and_ascii(self) -> None:
        text = "Año Nuevo\nA.\nAño Nuevo\nB.\nΑθήνα\nC.\n" + "Very " * 9 + "Long Title\nD."
        ids = [s.id for s in read_back(ingest(text)).walk()]
        assert ids[:3] == ["ano-nuevo", "ano-nuevo-2", "section-3"]
        assert len(ids[3]) <= 48 and ids[3].isascii()
        assert slug("Concluding Thoughts on the Peruvian Military’s Fight") == (
            "concluding-thoughts-on-the-peruvian-militarys")


class TestEscaping:
    NASTY: ClassVar[list[str]] = [
        "Prices {{ rose }} by {% if %} 5% {## not a comment ##} and {#id} too.",
        "Use *stars*, _underscores_, `ticks`, [brackets](x) and <b>tags</b> &amp; \\slashes.",
        "# not a heading, but a paragraph that starts with a hash sign.",
        "1999. The year began badly.",
        "::: keypoints are not a container here.",
        "--- is not a rule, > not a quote, + not a list.",
    ]

    def test_paragraphs_survive(self) -> None:
        text = "\n".join(["Intro.", "Odd Heading {#x} *Here*", *self.NASTY])
        document = read_back(ingest(text))
        assert document.headings() == [(1, "Odd Heading {#x} *Here*")]
        assert texts(document) == ["Intro.", *self.NASTY]

    def test_list_items_survive(self) -> None:
        items = ["- # hash item", "- {{ x }} item", "- **Bold**: item", "- 2. item"]
        document = read_back(ingest("Heading\n" + "\n".join(items)))
        assert texts(document) == [item[2:] for item in items]

    def test_front_matter_survives(self) -> None:
        title = 'A "quoted" \\ title: with {{ braces }} and {% tags %}'
        summary = "A summary: with {{ braces }}, # hashes and \"quotes\"."
        meta = read_back(ingest(f"{summary}\nHeading\nText.", title=title)).meta
        assert (meta.title, meta.summary) == (title, summary)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_title_reads_back(title: str) -> None:
    meta = read_back(ingest("Text.", title=title)).meta
    printable = "".join(ch for ch in title if ch.isprintable() or ch.isspace())
    assert meta.title == (" ".join(printable.split()) or "Article")


class TestReadArticle:
    def test_utf8_and_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes("\ufeffCafé ’s".encode())
        assert read_article(path) == ("Café ’s", None)

    def test_cp1252(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes("Café “quoted” in Bogotá.".encode("cp1252"))
        assert read_article(path) == ("Café “quoted” in Bogotá.", "decoded as cp1252 "
                                      "(the file is not UTF-8)")

    def test_latin1(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes(b"Caf\xe9 " * 30 + b"\x81")
        text, note = read_article(path)
        assert text.startswith("Café") and note and "latin-1" in note

    def test_utf16(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes("Perú".encode("utf-16"))
        assert read_article(path) == ("Perú", "decoded as UTF-16")

    @pytest.mark.parametrize(("data", "message"), [
        (b"", "empty"), (b"  \n\t\n", "empty"), (b"\xef\xbb\xbf\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"PK\x03\x04rest", "ZIP"),
        (b"%PDF-1.7", "PDF"), (b"{\\rtf1 text}", "RTF"),
        (bytes(range(1, 9)) * 50, "binary"), (b"\x81\x8d\x8f\x90\x9d" * 20, "neither"),
    ])
    def test_refused(self, tmp_path: Path, data: bytes, message: str) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes(data)
        with pytest.raises(IngestError, match=message) as caught:
            read_article(path)
        assert caught.value.path == str(path) and caught.value.hint

    def test_missing_and_folder(self, tmp_path: Path) -> None:
        with pytest.raises(IngestError, match="not found"):
            read_article(tmp_path / "missing.txt")
        with pytest.raises(IngestError, match="folder"):
            read_article(tmp_path)

    def test_text_without_words(self) -> None:
        with pytest.raises(IngestError, match="no text"):
            ingest(" \n\t\n * * *\n")


class TestCommandLine:
    def test_ingest_check_and_build(self, tmp_path: Path) -> None:
        runner = CliRunner()
        draft = tmp_path / "draft.md"
        result = runner.invoke(main, ["ingest", str(SOURCE), "-o", str(draft)])
        assert result.exit_code == 0, result.output
        assert "repaired 9 words" in result.stderr
        assert runner.invoke(main, ["check", str(draft)]).exit_code == 0
        built = runner.invoke(main, ["build", str(draft), "-o", str(tmp_path / "out"),
                                     "-a", "analyst"])
        assert built.exit_code == 0, built.output
        assert len(built.stdout.splitlines()) == 2


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------


def reading_order(document: Document) -> list[str]:
    """Headings, paragraphs and list items of a document, in reading order."""
    out = texts(Document(meta=document.meta, intro=document.intro))
    for section in document.walk():
        out.append(section.title)
        out += texts(Document(meta=document.meta, intro=section.blocks))
    return out


def found_in(text: str) -> list[str]:
    """Headings, paragraphs and list items ingest finds in ``text``, in reading order."""
    out: list[str] = []
    for piece in pieces(logical_lines(repair_text("\n".join(text.splitlines()))[0])):
        if isinstance(piece, ListBlock):
            out += [item.text for item in piece.items]
        else:
            out.append(piece.text if isinstance(piece, Paragraph) else piece.title)
    return out


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_ingest_never_crashes_and_reads_back(text: str) -> None:
    try:
        result = ingest(text)
    except IngestError:
        assert not found_in(text)
        return
    document = read_back(result)
    assert document.headings() == list(result.headings)
    assert reading_order(document) == found_in(text)


def _words(text: str) -> list[str]:
    return [word for word in text.split() if any(ch.isalnum() for ch in word)]


@settings(max_examples=200, deadline=None)
@given(correct_text())
def test_correct_text_passes_through_unchanged(text: str) -> None:
    result = ingest(text)
    assert result.repairs == ()
    unmarked = re.sub(r"(?m)^\s*(?:- |\d+\. )(?=\S)", "", text)
    assert _words(" ".join(reading_order(read_back(result)))) == _words(unmarked)
