"""What every reader of an article gives the draft: headings, blocks and front matter.

Owns :class:`Heading` (a heading found in the article, with its level when the format says
it) and :class:`Article` (the pieces in reading order, with the title, date, author and
report number found, and notes for the user). Readers make an Article; :mod:`.draft` makes
the content file of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from exporter.model import Block, Paragraph, Run


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
