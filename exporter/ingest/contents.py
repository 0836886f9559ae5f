"""The contents list at the top of a plain-text article: where it is, and what it says.

Owns :func:`find_contents`. A line "Contents" (or "Table of Contents") near the top opens
the list; its entries are the lines after it, up to the line where the first entry comes
back as the first heading of the text. Page numbers and dotted leaders ("Background
........ 3") are not part of an entry, and an entry wrapped over two lines in a list whose
entries end with page numbers is one entry. The lists of figures and tables that may follow
it ("Figures", "Figure 1. ...") are part of it. An entry's level is its depth of
outline numbering ("2.1 Background"), else of where its dotted leader begins, else of
indentation; a list that shows none of them is flat. The list is navigation, not text: the
reader leaves its lines out of the article.

A PDF's text copy keeps no indentation, but it keeps every dot of a leader: the page numbers
stand in one column, so a line's width measured in its own font (text, dots and page
number) is the same for every entry of a level, and an indented entry's line is narrower by
its indent. The font is not in the copy: of the faces word processors set contents lists in
(:data:`LEADER_FACES`, measured with :mod:`exporter.metrics`), the one whose widths fall
into the tightest columns is taken, and the columns give the levels only when they are
tight (:data:`COLUMN_SPREAD`) and stand apart (:data:`COLUMN_GAP`).
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
#: A line that ends with a dotted leader and a page number, as a PDF's text copy keeps it.
_DOTTED = re.compile(r"\.{4,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
#: The lines of a list that show whether its entries end with page numbers.
_SAMPLE = 12
#: The list must open within this share of the article's lines.
_TOP_SHARE = 0.3
#: The faces contents lists are commonly set in, tried in turn for a copy's dotted leaders.
LEADER_FACES = ("Times New Roman", "Calibri", "Arial", "Cambria")
#: The most levels a contents list shows.
_MAX_DEPTH = 4
#: The share of entries that must end with dotted leaders for them to give the levels.
_DOTTED_SHARE = 0.8
#: Widths (in dot widths) more than this apart stand in different columns (levels).
COLUMN_GAP = 2.5
#: The widest column (in dot widths) that still shows one level's page numbers.
COLUMN_SPREAD = 3.0


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
        elif key in _OPENERS or _is_prose(text):
            return found, index
        elif not other_list and not is_caption(text):
            first = index
            while not numbered[index] and index + 1 < len(lines) and numbered[index + 1] \
                    and lines[index + 1].strip() and _mostly_numbered(lines, numbered, start):
                index += 1
                text = f"{text} {' '.join(lines[index].split())}"
            found.append((first, _without_page(text)))
        index += 1
    return found, index


def _mostly_numbered(lines: Sequence[str], numbered: Sequence[bool], start: int) -> bool:
    """Whether most of the next :data:`_SAMPLE` lines of the list that hold text end with a
    page number (a list that shows pages)."""
    window: list[bool] = []
    for line, number in zip(lines[start:], numbered[start:], strict=False):
        text = " ".join(line.split())
        if len(window) == _SAMPLE or (text and _is_prose(text)):
            break
        if text:
            window.append(number)
    return sum(window) * 2 > len(window)


def _is_prose(text: str) -> bool:
    """Whether a line is prose, where a contents list has ended: a long line, or one that
    ends like a sentence and is no caption."""
    return len(text.split()) > 24 or (text.endswith((".", ":", ";")) and not is_caption(text))


def _without_page(text: str) -> str:
    return _LEADER.sub("", _PAGE.sub("", text)).strip()


def _depths(lines: Sequence[str], entries: Sequence[tuple[int, str]]) -> list[int]:
    """The depth of each entry: by outline numbers when they show more than one, else by
    where the dotted leaders begin (a stray space before a line of a PDF's copy is no
    indent), else by indentation (each distinct indent one level deeper), else 1."""
    numbers = [match.group(1).count(".") + 1 if (match := _NUMBER.match(text)) else 1
               for _, text in entries]
    if max(numbers, default=1) > 1:
        return numbers
    leaders = _leader_depths(lines, entries)
    if leaders:
        return leaders
    indents = [len(lines[index]) - len(lines[index].lstrip()) for index, _ in entries]
    ranks = {indent: rank for rank, indent in enumerate(sorted(set(indents)), start=1)}
    return [ranks[indent] for indent in indents]


def _leader_depths(lines: Sequence[str], entries: Sequence[tuple[int, str]]) -> list[int] | None:
    """The depth of each entry by where its dotted leader begins, or None when the entries
    have no leaders or their widths fall into no tight columns (two to four, at most one
    of them a single entry's). An entry wrapped over two lines is measured by its last
    line, whose hanging indent puts it a little right of its level: it takes the deepest
    column at least as wide. An entry without a leader (a page's foot the list ran over)
    is at the top level."""
    from exporter import metrics  # font metrics only for a copy with dotted leaders

    last_lines = [_last_line(lines, index) for index, _ in entries]
    dotted = [bool(_DOTTED.search(line)) for line in last_lines]
    if sum(dotted) < _DOTTED_SHARE * len(dotted):
        return None
    one_line = [bool(_DOTTED.search(lines[index])) for index, _ in entries]
    best: tuple[float, list[float], list[float]] | None = None
    for face in dict.fromkeys(metrics.find_face(family) for family in LEADER_FACES):
        dot = metrics.em_width(face, ".")
        widths = [metrics.em_width(face, line) / dot for line in last_lines]
        single = [width for width, alone in zip(widths, one_line, strict=True) if alone]
        columns = _columns(single)
        spread = max(column[0] - column[-1] for column in columns)
        lone = sum(len(column) == 1 for column in columns)
        if spread > COLUMN_SPREAD or not 2 <= len(columns) <= _MAX_DEPTH or lone > 1:
            continue  # ragged, or a column per entry: no levels in this face
        score = spread + 2 * len(columns)  # fewer columns, then tighter ones
        if best is None or score < best[0]:
            best = (score, [sum(column) / len(column) for column in columns], widths)
    if best is None:
        return None
    _, centres, widths = best
    return [max((rank for rank, centre in enumerate(centres, start=1)
                 if centre >= width - COLUMN_SPREAD), default=1) if has_leader else 1
            for width, has_leader in zip(widths, dotted, strict=True)]


def _last_line(lines: Sequence[str], index: int) -> str:
    """The line that ends the entry starting at ``index`` (with its page number)."""
    end = next((i for i in range(index, min(index + 4, len(lines))) if _PAGE.search(lines[i])),
               index)
    return " ".join(lines[end].split())


def _columns(widths: Sequence[float]) -> list[list[float]]:
    """``widths`` grouped into columns, widest first: a gap of more than
    :data:`COLUMN_GAP` between neighbours starts a new one."""
    columns: list[list[float]] = []
    for width in sorted(widths, reverse=True):
        if columns and columns[-1][-1] - width <= COLUMN_GAP:
            columns[-1].append(width)
        else:
            columns.append([width])
    return columns
