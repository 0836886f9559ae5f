"""The contents list at the top of a plain-text article: where it is, and what it says.

Owns :func:`find_contents`. A line "Contents" (or "Table of Contents") near the top opens
the list; its entries are the lines after it, up to the line where the first entry comes
back as the first heading of the text. Page numbers and dotted leaders ("Background
........ 3") are not part of an entry, and an entry wrapped over two lines in a list whose
entries end with page numbers is one entry. The lists of figures and tables that may follow
it ("Figures", "Figure 1. ...") are part of it. An entry's level is its depth of
indentation or of outline numbering ("2.1 Background"); a list that shows neither is flat.
The list is navigation, not text: the reader leaves its lines out of the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.ingest.lines import is_caption, plain_key

#: Names of the line that opens a contents list.
_OPENERS = frozenset(("contents", "table of contents", "contents of this report"))
#: Names of the other lists that may follow it, whose entries are captions, not headings.
_OTHER_LISTS = frozenset((
    "figures", "tables", "boxes", "maps", "list of figures", "list of tables",
    "figures and tables", "appendixes", "appendices", "contacts"))
_PAGE = re.compile(r"(?:\s*\.(?:\s*\.)+\s*|\s+)(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
_LEADER = re.compile(r"\s*\.(?:\s*\.)+\s*$")
_NUMBER = re.compile(r"(\d+(?:\.\d+)*)\.?\s+(?=\S)")
#: The list must open within this share of the article's lines.
_TOP_SHARE = 0.3


@dataclass(frozen=True)
class Contents:
    """A contents list: the lines it takes, and the level of each entry by its heading key
    (:func:`entry_key`); ``shows_levels`` when its entries stand at more than one depth."""

    lines: frozenset[int]
    levels: dict[str, int]
    shows_levels: bool

    def level_of(self, title: str) -> int | None:
        """The level the list gives a heading, or None when the list does not name it."""
        return self.levels.get(entry_key(title))


def entry_key(title: str) -> str:
    """A heading or entry folded for matching: without its outline number, lower case."""
    return plain_key(_NUMBER.sub("", title.strip(), count=1))


def find_contents(lines: Sequence[str]) -> Contents | None:
    """The contents list of an article's lines, or None when it has none. It ends where its
    first entry comes back as a heading, or where its entries stop when prose (a
    summary) comes before that heading."""
    limit = max(40, int(len(lines) * _TOP_SHARE))
    opener = next((i for i, line in enumerate(lines[:limit])
                   if plain_key(line) in _OPENERS), None)
    if opener is None:
        return None
    entries, prose = _entries(lines, opener + 1)
    if not entries:
        return None
    first = entry_key(entries[0][1])
    end = next((i for i in range(entries[0][0] + 1, prose) if entry_key(lines[i]) == first),
               None)
    if end is None and any(entry_key(line) == first for line in lines[prose:]):
        end = prose  # a summary comes between the list and its first heading
    if end is None:
        return None
    in_list = [(index, text) for index, text in entries if index < end]
    depths = _depths(lines, in_list)
    levels = {entry_key(text): depth for (_, text), depth in zip(in_list, depths, strict=True)}
    return Contents(lines=frozenset(range(opener, end)), levels=levels,
                    shows_levels=len(set(depths)) > 1)


def _entries(lines: Sequence[str], start: int) -> tuple[list[tuple[int, str]], int]:
    """The entries from ``start`` on (index of the first line, text without page number),
    and the index of the first line of prose, where they stop; the lists of figures and
    tables are passed over."""
    found: list[tuple[int, str]] = []
    numbered = [bool(_PAGE.search(line)) for line in lines]
    index, other_list = start, False
    while index < len(lines):
        text = " ".join(lines[index].split())
        if not text:
            index += 1
            continue
        key = plain_key(text)
        if key in _OTHER_LISTS:
            other_list = True
        elif key in _OPENERS or len(text.split()) > 24 or (
                text.endswith((".", ":", ";")) and not is_caption(text)):
            return found, index
        elif not other_list and not is_caption(text):
            first = index
            while not numbered[index] and index + 1 < len(lines) and numbered[index + 1] \
                    and lines[index + 1].strip() and _mostly_numbered(numbered, start):
                index += 1
                text = f"{text} {' '.join(lines[index].split())}"
            found.append((first, _without_page(text)))
        index += 1
    return found, index


def _mostly_numbered(numbered: Sequence[bool], start: int) -> bool:
    """Whether most of the next lines end with a page number (a list that shows pages)."""
    window = numbered[start:start + 30]
    return sum(window) * 2 > len(window)


def _without_page(text: str) -> str:
    return _LEADER.sub("", _PAGE.sub("", text)).strip()


def _depths(lines: Sequence[str], entries: Sequence[tuple[int, str]]) -> list[int]:
    """The depth of each entry: by outline numbers when they show more than one, else by
    indentation (each distinct indent one level deeper), else 1."""
    numbers = [match.group(1).count(".") + 1 if (match := _NUMBER.match(text)) else 1
               for _, text in entries]
    if max(numbers, default=1) > 1:
        return numbers
    indents = [len(lines[index]) - len(lines[index].lstrip()) for index, _ in entries]
    ranks = {indent: rank for rank, indent in enumerate(sorted(set(indents)), start=1)}
    return [ranks[indent] for indent in indents]
