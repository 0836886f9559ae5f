"""Audience profiles: validation of the profiles file, and the pure selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ARTICLE
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.audience import (
    Audience,
    choose,
    includes_none,
    load_profiles,
    matches,
    select,
    unmatched_selectors,
)
from exporter.errors import AudienceError
from exporter.model import Document, Metadata, Paragraph, Run, Section
from exporter.reader import read_document
from exporter.resources import default_audiences_file


def _ids(document: Document) -> list[str]:
    return [section.id for section in document.walk()]


def test_shipped_profiles_load() -> None:
    profiles = load_profiles(default_audiences_file())
    assert list(profiles) == ["executive", "analyst", "partner", "public"]
    assert profiles["executive"].depth == "summary"
    assert profiles["executive"].slide_budget == 10
    assert profiles["analyst"].depth == "full" and not profiles["analyst"].exclude
    for profile in profiles.values():
        assert profile.classification
        assert profile.docx_template and profile.docx_template.is_file()
        assert profile.pptx_template and profile.pptx_template.is_file()


def test_analyst_keeps_the_whole_article() -> None:
    document = read_document(ARTICLE)
    analyst = load_profiles(default_audiences_file())["analyst"]
    chosen = select(document, analyst)
    assert chosen.intro == document.intro

    def content(doc: Document) -> list[tuple]:
        return [(s.id, s.title, s.level, s.blocks, s.keypoints) for s in doc.walk()]

    assert content(chosen) == content(document)


def test_partner_and_public_leave_out_internal_sections() -> None:
    document = read_document(ARTICLE)
    profiles = load_profiles(default_audiences_file())
    for name in ("partner", "public"):
        chosen = select(document, profiles[name])
        assert not [s.id for s in chosen.walk() if "internal" in s.tags]
        assert {"regional", "international-support"} <= set(_ids(chosen))
    assert select(document, profiles["public"]).meta.classification == \
        "APPROVED FOR PUBLIC RELEASE"


def test_executive_is_summary_depth() -> None:
    document = read_document(ARTICLE)
    executive = select(document, load_profiles(default_audiences_file())["executive"])
    assert "prospects" in _ids(executive) and "threats" not in _ids(executive)
    assert not executive.intro
    for section in executive.walk():
        assert not section.blocks and section.keypoints
        assert section.speaker_notes, "notes keep the prose for the presenter"


def _doc() -> Document:
    def section(ident: str, tags: tuple[str, ...] = (), children: tuple = ()) -> Section:
        return Section(id=ident, title=ident.title(), level=1 if not ident.startswith("s") else 2,
                       tags=tags, blocks=(Paragraph((Run(f"{ident} prose"),)),),
                       keypoints=((Run(f"{ident} point"),),), subsections=children)

    return Document(meta=Metadata(title="T", classification="UNCLASSIFIED"), sections=(
        section("a", ("context",), (section("sa1", ("internal",)), section("sa2"))),
        section("b", ("internal",), (section("sb1", ("cooperation",)),)),
        section("c"),
    ))


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), ["a", "sa1", "sa2", "b", "sb1", "c"]),
        ((), (".internal",), ["a", "sa2", "c"]),
        (("a",), (), ["a", "sa1", "sa2"]),
        (("#c", ".cooperation"), (), ["b", "sb1", "c"]),
        ((".context",), ("sa2",), ["a", "sa1"]),
        (("landscape", "#prospects"), (), ["a", "sa1", "sa2", "b", "sb1", "c"]),
        (("landscape", "c"), (".internal",), ["c"]),
    ],
)
def test_select_by_id_and_tag(include, exclude, expected) -> None:
    chosen = select(_doc(), Audience(name="x", include=include, exclude=exclude))
    assert _ids(chosen) == expected


def test_an_include_list_written_for_another_article_keeps_every_section() -> None:
    """An include list none of whose ids this article has keeps all of it, not none; the
    ids it has not are named, tags never (they are optional)."""
    audience = Audience(name="x", include=("landscape", ".context"), exclude=("threats",))
    assert includes_none(_doc(), Audience(name="x", include=("landscape",)))
    assert not includes_none(_doc(), audience)  # ".context" names section a
    assert unmatched_selectors(_doc(), audience) == ("landscape", "threats")
    assert unmatched_selectors(_doc(), Audience(name="x", include=("a", ".nothing"))) == ()


def test_notes_modes() -> None:
    full = select(_doc(), Audience(name="x", depth="summary"))
    assert full.sections[0].speaker_notes[0].text == "a prose"  # type: ignore[union-attr]
    assert not full.sections[0].blocks
    assert select(_doc(), Audience(name="x", notes="none")).sections[0].speaker_notes == ()
    assert select(_doc(), Audience(name="x", notes="authored")).sections[0].speaker_notes == ()


def test_classification_override() -> None:
    chosen = select(_doc(), Audience(name="x", classification="SECRET"))
    assert chosen.meta.classification == "SECRET"
    assert select(_doc(), Audience(name="x")).meta.classification == "UNCLASSIFIED"


@given(include=st.lists(st.sampled_from(["a", "b", "c", "sa1", ".internal", ".context"])),
       exclude=st.lists(st.sampled_from(["a", "sb1", ".internal", ".cooperation"])))
@settings(max_examples=80, deadline=None)
def test_selection_never_returns_an_excluded_section(include, exclude) -> None:
    audience = Audience(name="x", include=tuple(include), exclude=tuple(exclude))
    chosen = select(_doc(), audience)
    kept = list(chosen.walk())
    assert not [s for s in kept if matches(s, exclude)]
    original = {s.id for s in _doc().walk()}
    assert {s.id for s in kept} <= original
    assert select(_doc(), audience) == chosen  # pure: same input, same output


def _profiles(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audiences.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_errors_are_reported_together_with_lines(tmp_path: Path) -> None:
    path = _profiles(tmp_path, (
        "audiences:\n"
        "  boss:\n"
        "    depth: deep\n"
        "    colour: red\n"
        "    slide_budget: -1\n"
        "    docx_template: nothere.docx\n"
    ))
    with pytest.raises(AudienceError) as caught:
        load_profiles(path)
    message = str(caught.value)
    assert str(path) in message
    for expected in ("line 3: audience `boss`: depth must be one of summary, full",
                     "line 4: audience `boss`: unknown key `colour`",
                     "line 5: audience `boss`: slide_budget must be a positive number",
                     "line 6: audience `boss`: docx_template"):
        assert expected in message


def test_profile_file_problems(tmp_path: Path) -> None:
    with pytest.raises(AudienceError, match="not found"):
        load_profiles(tmp_path / "none.yaml")
    with pytest.raises(AudienceError, match="invalid YAML") as caught:
        load_profiles(_profiles(tmp_path, "audiences:\n  a: [\n"))
    assert caught.value.line == 3
    with pytest.raises(AudienceError, match="top-level `audiences:`"):
        load_profiles(_profiles(tmp_path, "- a\n"))
    with pytest.raises(AudienceError, match="must be lower-case"):
        load_profiles(_profiles(tmp_path, "audiences:\n  Big Boss: {}\n"))


def test_choose_names_the_valid_audiences() -> None:
    profiles = {"a": Audience(name="a"), "b": Audience(name="b")}
    assert [p.name for p in choose(profiles, [], "f")] == ["a", "b"]
    assert [p.name for p in choose(profiles, ["b", "b"], "f")] == ["b"]
    with pytest.raises(AudienceError, match=r"unknown audience z \(choose from a, b\)"):
        choose(profiles, ["z"], "f")
