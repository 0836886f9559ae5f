"""The reader: content files into the document model, and its errors."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from conftest import ARTICLE, HEADINGS, body_lines, write_content
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.audience import Audience
from exporter.errors import ContentError, ExporterError, TemplateSyntaxError
from exporter.model import (
    Callout,
    Image,
    ListBlock,
    Paragraph,
    Table,
    Timeline,
    from_data,
    plain_text,
    to_data,
)
from exporter.reader import read_content, read_document
from exporter.text import slugify


def _all_texts(document) -> list[str]:
    texts = [b.text for b in document.intro if isinstance(b, Paragraph)]
    for section in document.walk():
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, ListBlock):
                texts.extend(item.text for item in block.items)
    return texts


class TestShippedArticle:
    def test_has_the_sixteen_headings_at_their_levels(self) -> None:
        assert read_document(ARTICLE).headings() == HEADINGS

    def test_every_paragraph_and_list_item_survives_word_for_word(self) -> None:
        assert _all_texts(read_document(ARTICLE)) == body_lines()

    def test_intro_is_the_two_lead_paragraphs(self) -> None:
        intro = read_document(ARTICLE).intro
        assert len(intro) == 2
        assert intro[0].text.startswith("The intricate relationship")  # type: ignore[union-attr]

    def test_lists_and_bold_labels(self) -> None:
        document = read_document(ARTICLE)
        lists = [b for s in document.walk() for b in s.blocks if isinstance(b, ListBlock)]
        assert [len(b.items) for b in lists] == [3, 4]
        first_label = lists[1].items[0].runs[0]
        assert first_label.bold and first_label.text == "Strengthening Intelligence Capabilities:"

    def test_every_section_has_three_to_five_short_keypoints(self) -> None:
        for section in read_document(ARTICLE).walk():
            assert 3 <= len(section.keypoints) <= 5, section.id
            for point in section.keypoints:
                assert len(plain_text(point).split()) <= 12, plain_text(point)

    def test_no_broken_characters_and_names_repaired(self) -> None:
        text = json.dumps(to_data(read_document(ARTICLE)), ensure_ascii=False)
        assert "Ă" not in text
        for name in ("Huánuco", "Chavín de Huántar", "Apurímac", "Operación"):
            assert name in text

    def test_ids_and_tags(self) -> None:
        sections = {s.id: s for s in read_document(ARTICLE).walk()}
        assert "internal" in sections["challenges"].tags
        assert "recommendations" in sections["prospects"].tags

    def test_case_studies_timeline(self) -> None:
        case = next(s for s in read_document(ARTICLE).walk() if s.id == "case-studies")
        timeline = next(b for b in case.blocks if isinstance(b, Timeline))
        assert [e.when for e in timeline.entries][:2] == ["Mid-1990s", "2018"]

    def test_json_round_trip_is_lossless(self, tmp_path: Path) -> None:
        document = read_document(ARTICLE)
        path = tmp_path / "article.json"
        path.write_text(json.dumps(to_data(document), ensure_ascii=False), encoding="utf-8")
        again = read_document(path)
        assert to_data(again) == to_data(document)


class TestMarkdown:
    def test_inline_formatting(self, tmp_path: Path) -> None:
        path = write_content(tmp_path, "# A\n\nPlain **bold** *italic* `code` [link](https://e.org)\n")
        runs = read_document(path).sections[0].blocks[0].runs  # type: ignore[union-attr]
        assert [(r.text, r.bold, r.italic, r.code, r.link) for r in runs] == [
            ("Plain ", False, False, False, None), ("bold", True, False, False, None),
            (" ", False, False, False, None), ("italic", False, True, False, None),
            (" ", False, False, False, None), ("code", False, False, True, None),
            (" ", False, False, False, None), ("link", False, False, False, "https://e.org")]

    def test_table_image_callout_and_numbered_list(self, tmp_path: Path) -> None:
        body = ("# A\n\n| x | y |\n|---|--:|\n| 1 | 2 |\n\n![Alt text](pic.png)\n\n"
                "::: bluf\nThe bottom line.\n:::\n\n3. three\n4. four\n")
        blocks = read_document(write_content(tmp_path, body)).sections[0].blocks
        table, image, callout, numbered = blocks
        assert isinstance(table, Table) and plain_text(table.rows[0][1]) == "2"
        assert table.align == ("", "right")
        assert isinstance(image, Image) and image.alt == "Alt text"
        assert isinstance(callout, Callout) and callout.kind == "bluf"
        assert isinstance(numbered, ListBlock) and numbered.ordered and numbered.start == 3

    def test_heading_without_id_gets_a_slug(self, tmp_path: Path) -> None:
        path = write_content(tmp_path, "# Drug Trafficking’s Impact: 2024\n")
        assert read_document(path).sections[0].id == "drug-traffickings-impact-2024"
        assert slugify("  ") == "section"

    def test_notes_replace_prose_as_speaker_notes(self, tmp_path: Path) -> None:
        path = write_content(tmp_path, "# A\n\nProse.\n\n::: notes\nSay this.\n:::\n")
        section = read_document(path).sections[0]
        assert [b.text for b in section.speaker_notes] == ["Say this."]  # type: ignore[union-attr]
        assert [b.text for b in section.blocks] == ["Prose."]  # type: ignore[union-attr]

    def test_content_jinja_per_audience(self, tmp_path: Path) -> None:
        body = ('# A\n\n{% if audience.name == "analyst" %}Deep detail.{% endif %}'
                "For {{ audience.label }}.\n")
        content = read_content(write_content(tmp_path, body))
        analyst = content.document_for(Audience(name="analyst", label="Analysts"))
        public = content.document_for(Audience(name="public", label="Everyone"))
        assert analyst.sections[0].blocks[0].text == "Deep detail.For Analysts."  # type: ignore[union-attr]
        assert public.sections[0].blocks[0].text == "For Everyone."  # type: ignore[union-attr]

    def test_file_without_jinja_is_parsed_once(self, tmp_path: Path) -> None:
        content = read_content(write_content(tmp_path, "# A\n\nText.\n"))
        assert content.document_for(Audience(name="a")) is content.document_for(Audience(name="b"))


@pytest.mark.parametrize(
    ("front", "body", "message", "line"),
    [
        (None, "# A\n", "no YAML front matter", 1),
        ("title: [unclosed\n", "", "invalid YAML", 3),
        ("title: A\ncolour: red\n", "", "unknown front-matter key(s): colour", 3),
        ("subtitle: B\n", "", "no `title`", 2),
        ("title: A\ndate: 26/11/2026\n", "", "not a YYYY-MM-DD date", 3),
        ("title: A\n", "# A {#x}\n\n# B {#x}\n", "heading id `x` is used twice", 6),
        ("title: A\n", "# A\n\n### C\n", "heading level jumps from 1 to 3", 6),
        ("title: A\n", "# A\n\n#### D\n", "deeper than ###", 6),
        ("title: A\n", "# A\n\n::: sidebar\nx\n:::\n", "unknown container `::: sidebar`", 6),
        ("title: A\n", "::: keypoints\n- x\n:::\n", "before the first heading", 4),
        ("title: A\n", "# A {#x +y}\n", "heading attribute `+y`", 4),
    ],
)
def test_content_errors_name_file_and_line(
    tmp_path: Path, front: str | None, body: str, message: str, line: int | None
) -> None:
    path = tmp_path / "bad.md"
    path.write_text(body if front is None else f"---\n{front}---\n{body}", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_document(path)
    assert message in str(caught.value)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert caught.value.hint


def test_jinja_errors_in_content(tmp_path: Path) -> None:
    with pytest.raises(TemplateSyntaxError, match=r"unknown variable.*audiance"):
        read_document(write_content(tmp_path, "# A\n\n{{ audiance.name }}\n"))
    with pytest.raises(TemplateSyntaxError, match="syntax error") as caught:
        read_document(write_content(tmp_path, "# A\n\n{% if %}\n"))
    assert caught.value.line == 6
    with pytest.raises(TemplateSyntaxError, match=r"unsafe|unknown|template error"):
        read_document(write_content(tmp_path, "# A\n\n{{ ''.__class__.__mro__ }}\n"))


def test_unreadable_content_files(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not found"):
        read_document(tmp_path / "missing.md")
    latin = tmp_path / "latin.md"
    latin.write_bytes("---\ntitle: Niño\n---\n".encode("latin-1"))
    with pytest.raises(ContentError, match="not UTF-8") as caught:
        read_document(latin)
    assert caught.value.line == 2
    with pytest.raises(ContentError, match="folder"):
        read_document(tmp_path)


def test_data_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"meta": {"title": "x"},', encoding="utf-8")
    with pytest.raises(ContentError, match="invalid JSON"):
        read_document(bad)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("meta: {title: x}\nsections: [{title: no id}]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"sections\[0\]: `id` is missing") as caught:
        read_document(wrong)
    assert caught.value.line == 2
    assert from_data({"meta": {"title": "T"}}).meta.title == "T"


_WORDS = st.text(alphabet=st.characters(categories=("L", "N"), include_characters=" .,’—"),
                 min_size=1, max_size=60).map(lambda s: " ".join(s.split())).filter(
    lambda s: s and s[0].isalnum())


@given(paragraphs=st.lists(_WORDS, min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_paragraph_text_survives_any_plain_words(tmp_path_factory, paragraphs) -> None:
    folder = tmp_path_factory.mktemp("prop")
    path = write_content(folder, "# Section\n\n" + "\n\n".join(paragraphs) + "\n")
    texts = [b.text for b in read_document(path).sections[0].blocks]  # type: ignore[union-attr]
    assert texts == paragraphs


@given(body=st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_text_parses_or_fails_cleanly(tmp_path_factory, body: str) -> None:
    path = write_content(tmp_path_factory.mktemp("any"), body)
    with contextlib.suppress(ExporterError):
        read_document(path)
