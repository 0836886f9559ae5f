"""Heading levels of an article whose format does not mark them (plain text, and headings
found in the prose of Markdown, HTML or Word files).

Owns :func:`heading_levels`: the first rule that finds a signal decides (outline numbers,
then capitals, then topic words), else every heading is a section; a heading followed
directly by another is the parent of that one. The rules are spelled out in
``docs/ingest.md``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from exporter.errors import IngestError
from exporter.text import words_of

LEVEL_MODES = ("auto", "flat")

_OUTLINE = re.compile(r"(\d+(?:\.\d+)+)\.?\s")
_STOPWORDS = words_of(
    "a about after against among an and are as at be before between beyond by for from how "
    "in into is its it of on or over than that the their this through to toward towards "
    "under what when where which who why with within without")


def heading_levels(titles: Sequence[str], mode: str = "auto") -> list[int]:
    """The level (1-3) of each heading.

    ``flat``: every heading is a section. ``auto``: the first rule that finds a signal
    decides: outline numbers ("2.1 ..." is level 2), then capitals (when some headings are
    in capitals and others are not, the capital ones are sections and the others their
    subsections), then topic words (words found in at least a quarter of the headings, and
    in three at least; a heading without any is a subsection of the one before). With no
    signal every heading is a section. A level never exceeds the one before plus one.
    """
    if mode not in LEVEL_MODES:
        raise IngestError(f"unknown heading level mode {mode!r}",
                          hint=f"use one of: {', '.join(LEVEL_MODES)}")
    levels = None
    if mode == "auto":
        levels = _outline_levels(titles) or _capital_levels(titles) or _topic_levels(titles)
    return _no_jumps(levels or [1] * len(titles))


def _outline_levels(titles: Sequence[str]) -> list[int] | None:
    depths = [m.group(1).count(".") + 1 if (m := _OUTLINE.match(t)) else 1 for t in titles]
    return depths if max(depths, default=1) > 1 else None


def _capital_levels(titles: Sequence[str]) -> list[int] | None:
    capitals = [title.isupper() for title in titles]
    if not any(capitals) or all(capitals):
        return None
    return [1 if capital else 2 for capital in capitals]


def _topic_levels(titles: Sequence[str]) -> list[int] | None:
    words = [_topic_words(title) for title in titles]
    counts = Counter(word for title_words in words for word in title_words)
    needed = max(3, len(titles) / 4)
    topics = {word for word, count in counts.items() if count >= needed}
    levels = [1 if title_words & topics else 2 for title_words in words]
    return levels if topics and 2 in levels else None


def _topic_words(title: str) -> set[str]:
    """The content words of a title, folded: lower case, no possessive, no plural s."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", title.casefold())
    out = set()
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) > 2 and word not in _STOPWORDS:
            out.add(word)
    return out


def _no_jumps(levels: Sequence[int]) -> list[int]:
    out: list[int] = []
    for level in levels:
        out.append(max(1, min(level, 3, (out[-1] if out else 0) + 1)))
    return out
