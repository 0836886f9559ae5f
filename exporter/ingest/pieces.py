"""What every reader of an article gives the draft: headings, blocks and front matter.

Owns :class:`Heading` (a heading found in the article, with its level when the format says
it) and :class:`Article` (the pieces in reading order, with the title, date, author and
report number found, and notes for the user). Readers make an Article; :mod:`.draft` makes
the content file of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from exporter.ingest.lines import is_caption
from exporter.model import Block, Inline, Paragraph, Run, plain_text


@dataclass(frozen=True)
class Heading:
    """A heading of the article; ``level`` is None when the format does not say it."""

    title: str
    line: int | None = None
    level: int | None = None


Piece: TypeAlias = Heading | Block


@dataclass
class Article:
    """An article as read: its pieces in reading order and the front matter found."""

    pieces: list[Piece]
    title: str = ""
    date: str = ""
    author: str = ""
    reference: str = ""
    notes: list[str] = field(default_factory=list)


def aside(text: str) -> Paragraph:
    """A caption, source line, note or footnote: a paragraph in italics, which bullets
    leave out (:func:`exporter.bullets.is_aside`)."""
    return Paragraph((Run(text, italic=True),))


def paragraph(runs: Inline) -> Paragraph:
    """A paragraph of a formatted document: an aside when it is a caption or source line."""
    text = plain_text(runs).strip()
    return aside(text) if is_caption(text) else Paragraph(runs)


def is_navigation(runs: Inline) -> bool:
    """Text that is mostly links (four fifths of its letters at least): a page's
    navigation, breadcrumbs or buttons."""
    linked = sum(ch.isalnum() for run in runs if run.link for ch in run.text)
    letters = sum(ch.isalnum() for run in runs for ch in run.text)
    return linked > 0 and linked >= 0.8 * letters
