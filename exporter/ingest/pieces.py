"""What every reader of an article gives the draft: headings, blocks and front matter.

Owns :class:`Heading` (a heading found in the article, with its level when the format says
it) and :class:`Article` (the pieces in reading order, with the title, date, author and
report number found, and notes for the user). Readers make an Article; :mod:`.draft` makes
the content file of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from typing import TypeAlias

from exporter.bullets import is_aside
from exporter.ingest.lines import is_caption
from exporter.model import Block, Inline, Paragraph, Run, plain_text
from exporter.text import OPENERS, ends_like_sentence


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

    def record(self, labelled: tuple[str, str] | None) -> None:
        """A front-matter value found (``("date", "2026-04-22")``, as
        :func:`~exporter.ingest.lines.metadata_of` gives them; "source" is the reference),
        kept unless one is already set; an empty key or value is nothing."""
        if labelled is None:
            return
        key, value = labelled
        if key and value and not getattr(self, _FIELDS[key]):
            setattr(self, _FIELDS[key], value)


#: The :class:`Article` field of each front-matter key.
_FIELDS = {"date": "date", "author": "author", "source": "reference"}


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


def rejoined(pieces: Sequence[Piece]) -> list[Piece]:
    """Pieces where a paragraph broken mid-sentence is one again: a paragraph that stops
    short of a sentence's end (and of a lead-in's colon), followed by one that goes on in
    lower case ("... describes the vehicle as a" / "next-generation, eight-wheeled vehicle
    ..."), as a copy leaves a quotation that lost its indentation."""
    out: list[Piece] = []
    for piece in pieces:
        before = out[-1] if out else None
        if isinstance(piece, Paragraph) and isinstance(before, Paragraph) \
                and not (is_aside(piece) or is_aside(before)) and _stops_short(before.text) \
                and piece.text.lstrip(_QUOTES_AND_SQUARE)[:1].islower():
            out[-1] = Paragraph((*before.runs, Run(" "), *piece.runs))
        else:
            out.append(piece)
    return out


def _stops_short(text: str) -> bool:
    """Whether a paragraph stops before a sentence's end, and not on a lead-in's colon
    (":-" too) or a semicolon."""
    end = text.rstrip()
    return bool(end) and not ends_like_sentence(end) \
        and not end.rstrip("-–—").endswith((":", ";"))


#: What may open a paragraph that goes on with the one before: quotes, and the square
#: bracket of a quotation's changed letter ("[w]ill"); never a list's "(a)".
_QUOTES_AND_SQUARE = OPENERS.replace("(", "")


#: A footnote's marker as a copy glues it to a word or a mark ("each day.1 As of",
#: "layers20:", "(DEXes).21", "in 2024.23 The"): one to three digits after a letter, a
#: closing mark, or a full stop, comma or colon after either, then a space, a mark or the
#: end; after a number's full stop only before a sentence ("as of April 1.38 A", not a
#: unit: "0.58 TWh"; never after a lone "0.", which is a decimal point), or at the end
#: after a year's, as a number's decimals never are ("$52.5 billion", "a total of $54.4").
_MARKER = re.compile(r"(?:(?:(?<=[^\W\d_])|(?<=[)”’\"])|(?<=[^\W\d_)”’\"][.,;:]))"
                     r"(\d{1,3})(?=[\s.,;:)]|$)"
                     r"|(?<=\d\.)(?<!(?<!\d)0\.)(\d{1,3})(?=\s+(?:[A-Z][a-z]|[A-Z]\s|[“\"(]))"
                     r"|(?<=(?<![\d$€£.,])(?:1[5-9]|20)\d\d\.)(\d{1,3})(?=\s*$))")


def without_markers(pieces: Sequence[Piece], numbers: Set[str]) -> list[Piece]:
    """The pieces with the footnote markers taken out of their prose (paragraphs that are
    not asides): the digits glued to a word or a mark that number one of the article's
    footnotes (``numbers``: "1", "2"...). Other digits ("F-35", "COVID-19") stay."""
    if not numbers:
        return list(pieces)

    def strip(match: re.Match[str]) -> str:
        return "" if (match.group(1) or match.group(2) or match.group(3)) in numbers \
            else match.group()

    return [Paragraph(tuple(replace(run, text=_MARKER.sub(strip, run.text))
                            for run in piece.runs))
            if isinstance(piece, Paragraph) and not is_aside(piece) else piece
            for piece in pieces]
