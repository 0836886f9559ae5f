"""The briefing plan: which blocks a Word briefing holds, in what order, for one audience.

Pure and independent of python-docx (as :mod:`exporter.deck` is for slides): the Word
renderer only draws what :func:`plan_briefing` returns. A plan is a flat tuple of items:

- :class:`TitleBlock` — title, subtitle, date, audience label, classification (only when the
  template shows no ``{{ title }}`` of its own);
- :class:`Contents` — the table of contents, listing the plan's headings;
- :class:`Heading` — a heading with its level (1-3, never skipping a level) and a bookmark
  name the table of contents links to;
- :class:`Lead` — a short bold lead-in line (the key findings of a summary briefing);
- any model block (:class:`~exporter.model.Paragraph`, lists, tables, callouts...).

Depth ``full`` gives: title block, contents, "Executive summary", the introduction, then
every section's prose (key points stay on the slides). Depth ``summary`` gives the
two-page form: "Bottom line" in a shaded box, "Key findings" (per top-level section a lead
and its key points, subsections folded in) and "Options and recommendations" (the key
points of sections tagged ``recommendations``). The headings the plan writes itself come
from the :class:`~exporter.labels.Labels` it is given, in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from exporter.audience import Audience
from exporter.labels import ENGLISH, Labels
from exporter.model import (
    Block,
    Callout,
    Document,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Run,
    Section,
)

#: Tag marking the sections whose key points are the recommendations.
RECOMMENDATIONS_TAG = "recommendations"
_MAX_LEVEL = 3
_BOOKMARK_MAX = 40


@dataclass(frozen=True)
class TitleBlock:
    """The title lines of a briefing whose template has no title of its own."""

    title: str
    subtitle: str
    date: str
    audience: str
    classification: str


@dataclass(frozen=True)
class Heading:
    """A heading; ``anchor`` is the bookmark the table of contents (and ``#key`` links)
    point to; ``key`` is the section id, when the heading is a section's."""

    level: int
    text: str
    anchor: str
    key: str = ""


@dataclass(frozen=True)
class Contents:
    """A table of contents listing ``entries`` (the plan's headings)."""

    title: str
    entries: tuple[Heading, ...]


@dataclass(frozen=True)
class Lead:
    """A short bold line introducing what follows (kept with it on the page)."""

    text: str


PlanItem = TitleBlock | Contents | Heading | Lead | Block


def summary_paragraphs(summary: str) -> tuple[Paragraph, ...]:
    """The front-matter summary as paragraphs (blank lines separate them)."""
    chunks = (" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", summary))
    return tuple(Paragraph((Run(chunk),)) for chunk in chunks if chunk)


class _Anchors:
    """Unique bookmark names (Word: at most 40 characters, a letter first, no spaces)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def __call__(self, key: str) -> str:
        stem = "_Toc_" + (re.sub(r"[^A-Za-z0-9_]+", "_", key).strip("_") or "section")
        stem = stem[:_BOOKMARK_MAX]
        name, counter = stem, 1
        while name.lower() in self._used:
            counter += 1
            suffix = f"_{counter}"
            name = stem[: _BOOKMARK_MAX - len(suffix)] + suffix
        self._used.add(name.lower())
        return name


def plan_briefing(document: Document, audience: Audience, *, title_block: bool = True,
                  labels: Labels = ENGLISH) -> tuple[PlanItem, ...]:
    """The briefing's blocks for ``document`` (already selected for ``audience``), its own
    headings in ``labels``."""
    anchors = _Anchors()
    body = (_summary_body(document, anchors, labels) if audience.depth == "summary"
            else _full_body(document, anchors, labels))
    items: list[PlanItem] = []
    if title_block:
        meta = document.meta
        items.append(TitleBlock(title=meta.title, subtitle=meta.subtitle,
                                date=labels.date(meta.date), audience=audience.display_label,
                                classification=meta.classification))
    headings = tuple(item for item in body if isinstance(item, Heading))
    if audience.toc and headings:
        items.append(Contents(labels["contents"], headings))
    items.extend(body)
    return tuple(items)


def _full_body(document: Document, anchors: _Anchors, labels: Labels) -> list[PlanItem]:
    items: list[PlanItem] = []
    summary = summary_paragraphs(document.meta.summary)
    if summary:
        items.append(Heading(1, labels["summary"], anchors("summary")))
        items.extend(summary)
    if document.intro:
        items.append(Heading(1, labels["introduction"], anchors("introduction")))
        items.extend(document.intro)
    for section in document.sections:
        items.extend(_section_items(section, 1, anchors))
    return items


def _section_items(section: Section, level: int, anchors: _Anchors) -> Iterator[PlanItem]:
    yield Heading(min(level, _MAX_LEVEL), section.title, anchors(section.id), section.id)
    yield from section.blocks
    for child in section.subsections:
        yield from _section_items(child, level + 1, anchors)


def _summary_body(document: Document, anchors: _Anchors, labels: Labels) -> list[PlanItem]:
    items: list[PlanItem] = []
    summary = summary_paragraphs(document.meta.summary)
    if summary:
        items.append(Heading(1, labels["bottom_line"], anchors("bottom_line")))
        items.append(Callout(kind="bluf", blocks=summary))
    findings = [(section.title, _folded_points(section)) for section in document.sections
                if RECOMMENDATIONS_TAG not in section.tags]
    findings = [(title, points) for title, points in findings if points]
    if findings:
        items.append(Heading(1, labels["findings"], anchors("findings")))
        for title, points in findings:
            items.append(Lead(title))
            items.append(_bullets(points))
    recommendations = [point for section in document.walk()
                       if RECOMMENDATIONS_TAG in section.tags for point in section.keypoints]
    if recommendations:
        items.append(Heading(1, labels["recommendations"], anchors("recommendations")))
        items.append(_bullets(recommendations))
    return items


def _folded_points(section: Section) -> list[Inline]:
    """A section's key points and those of its subsections (recommendations left out)."""
    return [point for part in section.walk() if RECOMMENDATIONS_TAG not in part.tags
            for point in part.keypoints]


def _bullets(points: list[Inline]) -> ListBlock:
    return ListBlock(tuple(ListItem(point) for point in points))
