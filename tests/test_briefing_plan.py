"""The briefing plan (exporter.briefing): which blocks, in what order — no python-docx."""

from __future__ import annotations

import sys
from pathlib import Path

from exporter.audience import FULL_AUDIENCE, Audience, select
from exporter.briefing import (
    Contents,
    Heading,
    Lead,
    TitleBlock,
    plan_briefing,
    summary_paragraphs,
)
from exporter.labels import ENGLISH as LABELS
from exporter.labels import labels_for
from exporter.model import Callout, Document, ListBlock, Metadata, Paragraph, Run, Section
from exporter.text import display_date


def _runs(text: str) -> tuple[Run, ...]:
    return (Run(text),)


def _document() -> Document:
    return Document(
        meta=Metadata(title="Title", subtitle="Sub", date="2026-11-26",
                      classification="UNCLASSIFIED", summary="First point.\n\nSecond point."),
        intro=(Paragraph(_runs("Intro.")),),
        sections=(
            Section("one", "One", 1, ("context",), blocks=(Paragraph(_runs("One prose.")),),
                    keypoints=(_runs("one key"),),
                    subsections=(Section("deep", "Deep", 3, blocks=(Paragraph(_runs("d")),),
                                         keypoints=(_runs("deep key"),)),)),
            Section("two", "Two", 1, blocks=(Paragraph(_runs("Two prose.")),),
                    keypoints=(_runs("two key"),),
                    subsections=(Section("recs", "Recs", 2, ("recommendations",),
                                         keypoints=(_runs("do this"), _runs("do that"))),)),
        ),
    )


def test_full_plan_order_and_levels() -> None:
    plan = plan_briefing(_document(), FULL_AUDIENCE)
    assert isinstance(plan[0], TitleBlock)
    assert plan[0].date == "26 November 2026"
    assert plan[0].audience == "Full" and plan[0].classification == "UNCLASSIFIED"
    assert isinstance(plan[1], Contents)
    headings = [(item.level, item.text) for item in plan if isinstance(item, Heading)]
    assert headings == [(1, LABELS["summary"]), (1, LABELS["introduction"]), (1, "One"),
                        (2, "Deep"), (1, "Two"), (2, "Recs")]
    assert [(h.level, h.text) for h in plan[1].entries] == headings
    texts = [item.text for item in plan if isinstance(item, Paragraph)]
    assert texts == ["First point.", "Second point.", "Intro.", "One prose.", "d",
                     "Two prose."]


def test_full_plan_prints_no_key_points() -> None:
    plan = plan_briefing(_document(), FULL_AUDIENCE)
    assert not any(isinstance(item, ListBlock | Lead) for item in plan)


def test_levels_never_skip() -> None:
    plan = plan_briefing(_document(), FULL_AUDIENCE)
    levels = [item.level for item in plan if isinstance(item, Heading)]
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False))


def test_title_block_and_contents_are_optional() -> None:
    audience = Audience(name="x", toc=False)
    plan = plan_briefing(_document(), audience, title_block=False)
    assert not any(isinstance(item, TitleBlock | Contents) for item in plan)
    assert isinstance(plan[0], Heading)


def test_anchors_are_unique_word_bookmarks() -> None:
    long_id = "x" * 80
    document = Document(meta=Metadata(title="T"), sections=tuple(
        Section(long_id, f"S{i}", 1) for i in range(3)))
    anchors = [item.anchor for item in plan_briefing(document, FULL_AUDIENCE)
               if isinstance(item, Heading)]
    assert len(set(anchors)) == 3
    assert all(len(a) <= 40 and (a[0].isalpha() or a[0] == "_") for a in anchors)
    assert all(" " not in a for a in anchors)


def test_summary_plan_bottom_line_findings_recommendations() -> None:
    audience = Audience(name="executive", depth="summary", toc=False)
    plan = plan_briefing(select(_document(), audience), audience, title_block=False)
    assert isinstance(plan[0], Heading) and plan[0].text == LABELS["bottom_line"]
    assert isinstance(plan[1], Callout) and plan[1].kind == "bluf"
    assert [p.text for p in plan[1].blocks] == ["First point.", "Second point."]
    assert isinstance(plan[2], Heading) and plan[2].text == LABELS["findings"]
    leads = [item.text for item in plan if isinstance(item, Lead)]
    assert leads == ["One", "Two"]
    lists = [item for item in plan if isinstance(item, ListBlock)]
    assert [i.text for i in lists[0].items] == ["one key", "deep key"]
    assert [i.text for i in lists[1].items] == ["two key"]  # recommendations left out
    assert plan[-2].text == LABELS["recommendations"]
    assert [i.text for i in plan[-1].items] == ["do this", "do that"]
    assert not any(isinstance(item, Paragraph) for item in plan)


def test_summary_without_summary_or_recommendations() -> None:
    document = Document(meta=Metadata(title="T"), sections=(
        Section("a", "A", 1, keypoints=(_runs("k"),)),))
    audience = Audience(name="e", depth="summary")
    headings = [item.text for item in plan_briefing(document, audience)
                if isinstance(item, Heading)]
    assert headings == [LABELS["findings"]]


def test_display_date_and_summary_paragraphs() -> None:
    assert labels_for("en-GB").date("2026-01-05") == "5 January 2026"
    assert display_date("2026-01-05", "de") == "5. Januar 2026"
    assert display_date("Spring 2026") == "Spring 2026"
    assert [p.text for p in summary_paragraphs("a\nb\n\n  c  \n")] == ["a b", "c"]
    assert summary_paragraphs("") == ()


def test_plan_module_does_not_import_python_docx() -> None:
    source = Path(sys.modules[plan_briefing.__module__].__file__).read_text(encoding="utf-8")
    assert "import docx" not in source and "from docx" not in source
