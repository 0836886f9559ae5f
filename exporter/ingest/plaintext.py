"""The structure of a plain-text article: paragraphs, headings, lists, tables and asides.

Owns :func:`read_plain` and the rules a text copied from a web page or a PDF follows (they
are spelled out in ``docs/ingest.md``): lines wrapped at a fixed width or broken
mid-phrase are joined into paragraphs, also across a page break with footnotes in between;
running heads and page numbers that repeat are dropped; footnotes, figure and table
titles, "Source:" and "Note:" lines and photo captions become asides (paragraphs in
italics, never headings nor bullets) and footnote markers are taken out of the prose;
tab-separated rows and rows between pipes become tables; hyphens a PDF copy lost at line
ends are put back where the text writes the word hyphenated elsewhere; code listings
(:mod:`.listings`) become code blocks, kept line for line; a "Note" or "Tip" standing over
a paragraph labels that paragraph; a short line standing alone that does not end like a
sentence is a heading. A contents list (:mod:`.contents`) is left out and names the
headings and their levels; side headings that a PDF copy puts at the top of a page go down
to the paragraph they title.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence, Set
from dataclasses import dataclass

from exporter.bullets import content_words, is_aside, leans_on_previous
from exporter.ingest.contents import Contents, find_contents
from exporter.ingest.lines import (
    BACK_MATTER,
    GENERIC_SECTIONS,
    LISTS_OF,
    byline_of,
    date_of,
    footnote_number,
    is_address,
    is_caption,
    is_contact,
    is_detail,
    is_front_matter,
    is_site_line,
    plain_key,
    report_number_of,
    section_key,
    without_edit_link,
    without_reference_marks,
)
from exporter.ingest.listings import IDENTIFIER, Listing, find_listings
from exporter.ingest.pieces import Article, Heading, Piece, aside, without_markers
from exporter.model import XML_ILLEGAL, CodeBlock, ListBlock, ListItem, Paragraph, Run, Table
from exporter.text import (
    ABBREVIATIONS,
    CLOSERS,
    NOTE_LABELS,
    OPENERS,
    SENTENCE_STARTERS,
    sentences,
)

MAX_HEADING_WORDS = 15
MAX_HEADING_CHARS = 120
MAX_LABEL_WORDS = 6
#: A page break may displace a side heading and its parent between two halves of a sentence.
_DISPLACED_HEADINGS = 2
#: A paragraph with this many of a heading's content words is about what the heading names.
_NAMES_HEADING = 3

_BULLET = re.compile(r"[-*+•◦▪‣●]\s+(?=\S)")
_LONE_BULLET = re.compile(r"[-*+•◦▪‣●]$")
_NUMBER = re.compile(r"(\d{1,3})[.)]\s+(?=\S)")
_LABEL = re.compile(r"([^:]{1,60}):\s+(?=\S)")
#: The most a term before its definition may hold ("ozone layer: a region of ...").
_TERM_CHARS = 31
_TERM_WORDS = 4
#: One-line blocks in a row that make a list without markers (after a lead-in line).
_UNMARKED_RUN = 3
#: The end of a run-in heading wrapped onto the next line: its last words in capitals and
#: a full stop ("Inaccuracies in Data on Awards Made Under Emergency" / "Supplementals. In
#: November 2023, we ...").
_RUN_IN_END = re.compile(r"(?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w’'-]*\.\s")
#: Cells, one per line or block, over a source line that make a table region; the words a
#: cell may have; the columns a table of them may have.
_MIN_CELLS = 6
#: The rows of figures that make a table of the lines between a table's title and source.
_MIN_FIGURE_ROWS = 3
#: A column's name of one word, as a header row of figures names them ("Midsized", "2024").
_COLUMN_HEAD = re.compile(r"[A-Z0-9$€£][\w’'%$€£.-]*")
_CELL_WORDS = 40
_MAX_CELL_COLUMNS = 6
#: Words a heading right above a code listing may have in sentence case.
_LEAD_IN_WORDS = 6
_FINAL = frozenset(".,;:!…")
#: The marks that end a sentence for good (a colon or an ellipsis may lead on).
_FULL_STOPS = frozenset(".!?")
_WORD_OF_TITLE = re.compile(r"[^\W\d_][\w’'-]*")
#: The marks after which a paragraph cut by a page break does not go on ("," and ";" do).
_SENTENCE_ENDS = frozenset(".!?…:")
_SPACES = re.compile(r"[ \t]+")
#: A running head or foot has at most this many words, or up to :data:`RUNNING_WORDS`
#: when it is in title case (a report's whole title, repeated over every page).
RUNNING_PHRASE_WORDS = 12
RUNNING_WORDS = 20
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,4}(?:\s+(?:of|/)\s+\d{1,4})?", re.I)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")
_HYPHENATED = re.compile(r"(?<![\w-])[^\W\d_]+-[^\W\d_]+(?![\w-])")
_PIPE_ROW = re.compile(r"\|[^|]*\|")
_PIPE_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_DOUBLE_STOP = re.compile(r"(?<=[^\W_])(?<!\.)\.\.(?![.\w])")
#: The longest line a text wrapped at a fixed width has.
_WRAPPED_LINE = 160
#: Lines longer than this many times the median length do not show the wrap width.
_WIDE = 1.5
#: The lines at the top of a text where a date line stands apart from the lines around it.
_TOP_LINES = 15
#: A table's or figure's title, and its source line; the most pieces between them, short
#: cells aside.
_EXHIBIT = re.compile(r"(?P<kind>table|figure|fig\.|exhibit)\s+[A-Z]?-?\d", re.I)
_SOURCE = re.compile(r"sources?\s*:", re.I)
_REGION = 80
#: Words a line broken mid-sentence ends with, and a title does not.
_DANGLING = frozenset(("the", "a", "an", "of", "and", "or", "for", "to", "in", "on", "at",
                       "by", "with", "from", "that", "which", "as", "is", "are", "was"))
#: Words that end a lead-in to a list or a quotation, never a title.
_LEADING_IN = frozenset(("include", "includes", "including", "namely"))
_LONG_HEADING_WORDS = 30
_LONG_HEADING_CHARS = 250
_FIGURE = re.compile(r"[($€£-]*\d[\d,.]*[%)]?|N/A|n/a|—|–")
_DOTTED = re.compile(r"(?:[A-Z]\.){2,}")
#: A year or a period of years titling a part of a history: "2010", "1800–1945".
_YEAR = r"(?:1[5-9]\d{2}|20\d{2})"
_PERIOD = re.compile(rf"{_YEAR}s?(?:\s*[–—-]\s*{_YEAR}s?)?")



@dataclass(frozen=True)
class _Unit:
    """A stretch of text that is one thing: a paragraph, an item, a heading candidate."""

    line: int
    text: str
    alone: bool  # may be a heading: the only unit of its block, or in a text without blocks
    cells: tuple[str, ...] = ()  # a tab-separated row
    short_lines: bool = False  # an address or a signature: lines kept apart by "; "
    isolated: bool = False  # between blank lines
    listing: Listing | None = None  # a code listing, kept as its lines are
    unmarked_item: bool = False  # a list item whose marker the copy lost


def clean(line: str) -> str:
    """A line with its spaces folded, the characters XML cannot hold and the invisible ones
    a web page leaves (zero-width spaces and joiners) dropped, and a full stop doubled
    after a word ("in 1021.." where a copy lost what stood between) made one (an
    ellipsis, "..." or "…", stays)."""
    text = _INVISIBLE.sub("", XML_ILLEGAL.sub("", line))
    return _DOUBLE_STOP.sub(".", _SPACES.sub(" ", text)).strip()


def read_plain(text: str) -> Article:
    """The pieces of a plain-text article (its front matter is found by :mod:`.draft`)."""
    raw = [without_edit_link(line) for line in text.split("\n")]
    listings = find_listings(raw)
    in_listings = {index for listing in listings for index in range(listing.start, listing.end)}
    prose = ["" if index in in_listings or is_site_line(line) else
             without_reference_marks(line) for index, line in enumerate(raw)]
    contents = find_contents(prose)
    furniture = _furniture(prose) | (contents.lines if contents else frozenset())
    title, title_lines = _wrapped_title(prose, furniture)
    furniture |= title_lines
    wrapped = _hard_wrapped(prose)
    units = list(heapq.merge(_units(prose, furniture, wrapped), _listing_units(listings),
                             key=lambda unit: unit.line))
    found = _with_caption_lines(_box_titles(_table_regions(_cells_over_sources(
        _contacts(_pieces(units, footnotes=_footnotes_allowed(prose)))))))
    pieces = _placed(_without_markers(_rejoined(_notes_rejoined(found))))
    notes = []
    if wrapped:
        pieces, rehyphenated = _rehyphenated(pieces)
        if rehyphenated:
            notes.append("put back hyphens lost at line ends: " + ", ".join(rehyphenated))
    if contents is None:
        return Article(pieces=pieces, title=title, notes=notes)
    return Article(pieces=_listed(pieces, contents), title=title,
                   notes=[f"left out the contents list ({len(contents.levels)} entries); "
                          "its entries name the headings", *notes])


def _wrapped_title(lines: Sequence[str], furniture: Set[int]) -> tuple[str, set[int]]:
    """The title of a PDF copy that wraps it over its first two or three lines, as the
    running head repeated over its pages shows it whole ("The Strait of Hormuz in Brief:
    Non-Oil" / "Shipments and Effects on U.S. Shippers"), and the indexes of those lines;
    ("", set()) when none does. A sheet of two or three pages repeats its running head
    twice only, too few for page furniture: a line in title case that comes twice below
    the title's lines shows the title too. The running heads are the title's lines as
    well, and a line that ends the title before a date line ("(FY2012-FY2026)"), which the
    running head leaves out, is part of it."""
    heads = {plain_key(lines[i]): clean(lines[i]) for i in furniture if lines[i].strip()}
    first = next((i for i, line in enumerate(lines)
                  if line.strip() and not is_front_matter(clean(line))), len(lines))
    keys = {i: plain_key(lines[i]) for i in range(first + 3, len(lines))
            if lines[i].strip() and len(lines[i].split()) <= RUNNING_WORDS}
    below = Counter(keys.values())
    heads |= {key: clean(lines[i]) for i, key in keys.items()
              if below[key] >= 2 and _fully_title_cased(lines[i], least=2)}
    joined = ""
    for index in range(first, min(first + 3, len(lines))):
        if not lines[index].strip():
            break
        joined = f"{joined} {clean(lines[index])}".strip()
        key = plain_key(joined)
        if key in heads and (index > first or _over_text(lines, index)):
            repeats = {i for i, below_key in keys.items() if below_key == key}
            end = index + 1
            while end < min(first + 3, len(lines)) and lines[end].strip() \
                    and date_of(clean(lines[end])) is None:
                end += 1  # the rest of the title the running head leaves out: "(FY2012-FY2026)"
            if end >= len(lines) or date_of(clean(lines[end])) is None:
                end = index + 1  # no date closes them: the lines are the text's, or a heading
            rest = " ".join(clean(line) for line in lines[index + 1:end])
            return f"{heads[key]} {rest}".strip(), set(range(first, end)) | repeats
    return "", set()


def _over_text(lines: Sequence[str], index: int) -> bool:
    """Whether the line at ``index`` stands right over a line of text: the title of a sheet
    over its first column ("Farm Bill Primer: Conservation Title" / "The conservation title
    of a farm bill ..."), where a running head or a page header has a blank line after it."""
    return index + 1 < len(lines) and bool(lines[index + 1].strip())


def _listed(pieces: Sequence[Piece], contents: Contents) -> list[Piece]:
    """Pieces with the headings a contents list names: a line that is an entry is a
    heading, one between the article's first line (its title) and the first entry is not
    (the page's lines over the article, the title of a summary), and when the list shows
    levels, or leaves out some headings after its first entry, each heading takes the
    level of its entry, and one it leaves out is a subsection of the heading before (else
    the levels rules decide). A heading the list leaves out must open a section of prose
    (:func:`_over_prose`): else it is a table's cell or a note's line, an aside."""
    out = [Heading(piece.text, None) if isinstance(piece, Paragraph) and not _is_aside(piece)
           and contents.level_of(piece.text) else piece for piece in pieces]
    out = [part for piece in out for part in _unstacked(piece, contents)]
    first = next((i for i, p in enumerate(out)
                  if isinstance(p, Heading) and contents.level_of(p.title)), len(out))
    out = [aside(p.title) if isinstance(p, Heading) and 0 < index < first else p
           for index, p in enumerate(out)]  # the page's own lines, or a summary's title
    out = [aside(p.title) if isinstance(p, Heading) and index > first
           and not contents.level_of(p.title) and not _over_prose(out, index) else p
           for index, p in enumerate(out)]  # a table's cells, a footnote's first line
    headings = [piece for piece in out[first:] if isinstance(piece, Heading)]
    if not contents.shows_levels and all(contents.level_of(h.title) for h in headings):
        return out
    leveled: list[Piece] = []
    level = 0
    for piece in out:
        if isinstance(piece, Heading):
            level = contents.level_of(piece.title) or min(level + 1, 3)
            piece = Heading(piece.title, piece.line, level)
        leveled.append(piece)
    return leveled


def _unstacked(piece: Piece, contents: Contents) -> list[Piece]:
    """The heading a copy joined from two lines, one over the other ("Medical Devices" /
    "Overview of Selected FD&C Act Provisions on Medical Devices"), as two headings when
    the contents list names the first and not the whole; else the piece alone."""
    if not isinstance(piece, Heading) or contents.level_of(piece.title):
        return [piece]
    words = piece.title.split()
    for cut in range(len(words) - 1, 0, -1):
        first, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if contents.level_of(first) and is_heading(rest):
            return [Heading(first, piece.line), Heading(rest, piece.line)]
    return [piece]


def _over_prose(pieces: Sequence[Piece], index: int) -> bool:
    """Whether the heading at ``index`` stands where a section opens: over a paragraph of
    prose or a list, and after something other than a table's cell (a short line that
    does not end a sentence); a question among others (a list of questions whose bullets
    a PDF copy set apart) opens none."""
    following = pieces[index + 1] if index + 1 < len(pieces) else None
    before = pieces[index - 1]
    prose_after = isinstance(following, ListBlock) or (
        isinstance(following, Paragraph) and not _is_aside(following)
        and _ends_sentence(following.text) and not _asks(following.text)
        and len(following.text.split()) > _TERM_WORDS)
    cell_before = isinstance(before, Paragraph) and not _ends_sentence(before.text) \
        and len(before.text.split()) <= _TERM_WORDS
    question_before = isinstance(before, Paragraph | Heading) and _asks(_piece_text(before))
    return prose_after and not cell_before and not question_before


def _asks(text: str) -> bool:
    return text.rstrip(CLOSERS).endswith("?")


# ---------------------------------------------------------------------------------------
# Lines into units
# ---------------------------------------------------------------------------------------


def _furniture(lines: Sequence[str]) -> set[int]:
    """Indexes of page furniture: page numbers alone on a line (in a text with blank lines; a
    year, "2010", is a title and not a page number), and running heads and feet: short
    lines that do not end like a sentence and repeat, with only their digits changed, at
    the edge of three pages or more (each time beside a blank line or the end of the
    text), when one of them at least is seen to interrupt the text: beside a page number
    or another running line, or before a line that continues a sentence in lower case.
    A line that stops on a word that cannot end a title ("The Director of OMB should
    ensure that OMB's plans to implement the", opening each recommendation) or that is a
    figure's source line is the article's own, however often it comes.
    "Apollo 10", "Apollo 11" and "Apollo 12" over their sections are headings, and a
    line repeated anywhere else is the article's own: both are kept."""
    cleaned = [clean(line) for line in lines]
    keys = [_DIGITS.sub("#", line.casefold()) for line in cleaned]
    blank = any(not line.strip() for line in lines)
    numbers = {i for i, line in enumerate(cleaned) if blank and _PAGE_NUMBER.fullmatch(line)
               and not _PERIOD.fullmatch(line)}
    counts = Counter(key for i, key in enumerate(keys) if key and _beside_blank(lines, i))
    candidates = {key for key, count in counts.items()
                  if count >= 3 and len(key.split()) <= RUNNING_WORDS
                  and any(ch.isalpha() for ch in key) and not _ends_sentence(key)}
    candidates -= {keys[i] for i, line in enumerate(cleaned) if keys[i] in candidates and (
        ends_open(line) or is_caption(line))}  # a sentence's start, a figure's source
    long = {key for key in candidates if len(key.split()) > RUNNING_PHRASE_WORDS}
    titled = {keys[i] for i, line in enumerate(lines) if keys[i] in long and _title_cased(line)}
    repeated = {key for key in candidates if key not in long or key in titled}
    running = {i for i, key in enumerate(keys) if key in repeated and _beside_blank(lines, i)}
    proven = {keys[i] for i in running if _interrupts(lines, i, numbers | running)}
    return numbers | {i for i in running if keys[i] in proven}


def _title_cased(line: str) -> bool:
    """Whether most words of four letters or more in a line start with a capital, as
    in a title ("The Strait of Hormuz in Brief: Non-Oil Shipments and Effects ...")."""
    long = _long_words(line)
    return len(long) >= 3 and sum(word[0].isupper() for word in long) >= 0.8 * len(long)


def _fully_title_cased(line: str, least: int = 3) -> bool:
    """Whether every word of four letters or more, ``least`` of them at least, starts with
    a capital ("Artemis: NASA's Program to Return Humans to the Moon"; not "In a March 2026
    report, the NASA Office of Inspector", a line of prose that names an office)."""
    long = _long_words(line)
    return len(long) >= least and all(word[0].isupper() for word in long)


def _long_words(line: str) -> list[str]:
    """The words of four letters or more of a line, which title case capitalises."""
    return [word for word in _WORD_OF_TITLE.findall(line) if len(word) >= 4]


def _beside_blank(lines: Sequence[str], index: int) -> bool:
    """Whether the line at ``index`` has a blank line (or the text's start or end) before
    or after it: where a page's head or foot stands in a copy of a PDF."""
    before = lines[index - 1] if index > 0 else ""
    after = lines[index + 1] if index + 1 < len(lines) else ""
    return not before.strip() or not after.strip()


def _interrupts(lines: Sequence[str], index: int, furniture: set[int]) -> bool:
    """Whether the line at ``index`` stands beside other furniture or before a line that
    goes on with a sentence in lower case (blank lines aside)."""
    before = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
    after = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
    beside = {before, after} - {None}
    return bool(beside & (furniture - {index})) or (
        after is not None and clean(lines[after])[:1].islower())


def _ends_sentence(text: str) -> bool:
    end = text.rstrip(CLOSERS)
    return bool(end) and (end[-1] in _FINAL or end[-1] == "?")


def _units(raw: Sequence[str], furniture: set[int], wrapped: bool) -> Iterator[_Unit]:
    """The units of the text, block by block (a block is the lines between blank lines;
    in a text without blank lines, every line); ``wrapped``: the text is hard-wrapped."""
    spaced = sum(not line.strip() for line in raw) >= 2
    width = _wrap_width(raw) if wrapped else 0
    blocks = list(_blocks(raw, furniture))
    index = 0
    while index < len(blocks):
        block = blocks[index]
        listed = 0 if wrapped or index == 0 else _unmarked_list(
            blocks, index, lead_in=blocks[index - 1][-1][1].endswith(":"))
        if listed:
            yield from (_Unit(number, line, alone=False, unmarked_item=True)
                        for group in blocks[index:index + listed] for number, line in group)
            index += listed
            continue
        if len(block) >= 2 and all("\t" in raw[number - 1].strip(" \r") for number, _ in block):
            yield from _table_rows(block, raw)
        elif len(block) >= 2 and all(_PIPE_ROW.match(line) for _, line in block):
            yield from _pipe_rows(block)
        elif wrapped:
            yield from _wrapped_units(block, width)
        else:
            yield from _line_units(block, spaced)
        index += 1


def _unmarked_list(blocks: Sequence[Sequence[tuple[int, str]]], start: int, *,
                   lead_in: bool) -> int:
    """How many blocks from ``start`` on make a list whose bullets a web copy lost (0 when
    they do not): a block of two lines or more, or three blocks or more of one line each,
    whose lines are all short phrases that end no sentence, after a line ending in a colon
    ("you will be able to:", "a complete list of awardees:"), or all terms with their
    definitions ("ozone layer: a region of the stratosphere ..."). Items, captions and
    "Source:" or "Note:" lines are not such lines."""
    for kind in (_is_definition, _is_phrase):
        if kind is _is_phrase and not lead_in:
            break
        if len(blocks[start]) >= 2:
            if all(kind(line) for _, line in blocks[start]):
                return 1
            continue
        count = 0
        while start + count < len(blocks) and len(blocks[start + count]) == 1 \
                and kind(blocks[start + count][0][1]):
            count += 1
        if count >= _UNMARKED_RUN:
            return count
    return 0


def _is_phrase(line: str) -> bool:
    """A short phrase that ends no sentence, as list items without markers are (not an
    address, a phone number, nor the name of the back matter)."""
    return len(line.split()) <= MAX_HEADING_WORDS and not _ends_sentence(line) \
        and not _is_item(line) and not is_caption(line) and not is_contact(line) \
        and not _URL.fullmatch(line) and plain_key(line) not in BACK_MATTER


def _is_definition(line: str) -> bool:
    """A term of at most four words and its definition: "ozone layer: a region of ..."."""
    match = _LABEL.match(line)
    return match is not None and len(match.group(1)) <= _TERM_CHARS \
        and len(match.group(1).split()) <= _TERM_WORDS \
        and not _is_item(line) and not is_caption(line)


def _listing_units(listings: Sequence[Listing]) -> Iterator[_Unit]:
    for listing in listings:
        yield _Unit(listing.start + 1, "", alone=False, listing=listing)


def _blocks(raw: Sequence[str], furniture: set[int]) -> Iterator[list[tuple[int, str]]]:
    """The blocks of lines between blank lines (as line numbers and cleaned lines); a
    date alone on a line at the top ("Updated April 23, 2026", between a PDF copy's
    wrapped title and its first paragraph) is a block of its own, the title over it one
    line (:func:`_title_over_date`)."""
    block: list[tuple[int, str]] = []
    for index, line in enumerate(raw):
        text = clean(line)
        if index in furniture:
            continue
        if not text or not (any(ch.isalnum() or ch in "•" for ch in text)
                            or _PIPE_RULE.fullmatch(text)):
            if block:
                yield block
            block = []
            continue
        dated = index < _TOP_LINES and date_of(text) is not None
        if dated and block:
            yield _title_over_date(block)
            block = []
        block.append((index + 1, text))
        if dated:
            yield block
            block = []
    if block:
        yield block


def _title_over_date(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines right over a date line at the top of a text: a title wrapped over two or
    three lines ("Section 232 National Security Tariffs on" / "Copper Imports") as one
    line, when none of them ends a sentence; else the lines as they are."""
    texts = [text for _, text in block]
    if 2 <= len(texts) <= 3 and not any(_ends_full_stop(text) for text in texts):
        return [(block[0][0], " ".join(texts))]
    return block


def _hard_wrapped(lines: Sequence[str]) -> bool:
    """Whether the text is wrapped at a fixed width: it has blank lines, and most long lines
    followed by another non-blank line stop mid-sentence, within :data:`_WRAPPED_LINE`
    characters (short ones, a table's cells one per line, and a table's rows with tabs
    say nothing of it), and at most a quarter of its long lines are longer (a web copy's
    paragraphs, one per line)."""
    if not any(not line.strip() for line in lines):
        return False
    inner = [a.strip() for a, b in itertools.pairwise(lines)
             if len(a.strip()) >= 40 and b.strip() and "\t" not in a]
    broken = [line for line in inner
              if len(line) <= _WRAPPED_LINE and not _ends_sentence(line)]
    long = [line for line in lines if len(line) >= 40]
    unwrapped = sum(len(line) > _WRAPPED_LINE for line in long)
    return len(inner) >= 3 and len(broken) * 2 > len(inner) and unwrapped * 4 < len(long)


def _wrap_width(lines: Sequence[str]) -> int:
    """The width the text is wrapped at: the length most long lines reach; of the lines up
    to :data:`_WIDE` times the median length when that length is passed (a two-column
    sheet's full-width table rows and title are not its columns' width)."""
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 40)
    if not lengths:
        return 80
    widest = _WIDE * lengths[len(lengths) // 2]
    if lengths[int(len(lengths) * 0.9)] > widest:
        lengths = [length for length in lengths if length <= widest]
    return lengths[int(len(lengths) * 0.9)]


def _table_rows(block: Sequence[tuple[int, str]], raw: Sequence[str]) -> Iterator[_Unit]:
    """The rows of a block whose every line holds tabs: cells split at the tabs (a row
    that starts with a tab starts with an empty cell, as a header over row labels does)."""
    for number, line in block:
        cells = tuple(clean(cell) for cell in raw[number - 1].strip(" \r").split("\t"))
        yield _Unit(number, line, alone=False, cells=cells)


def _pipe_rows(block: Sequence[tuple[int, str]]) -> Iterator[_Unit]:
    """The rows of a block whose every line is a row between pipes ("| Port | Ships |"):
    cells split at the pipes, rows of dashes (a Markdown table's rule) left out."""
    for number, line in block:
        if _PIPE_RULE.fullmatch(line):
            continue
        cells = tuple(clean(cell) for cell in line.strip().strip("|").split("|"))
        yield _Unit(number, line, alone=False, cells=cells)


def _wrapped_units(block: Sequence[tuple[int, str]], width: int) -> Iterator[_Unit]:
    """A block of a hard-wrapped text: its lines joined, a new unit at each list item and
    at each heading over wrapped prose (:func:`_side_heading`); a block of short lines (an
    address, a signature) is one paragraph, never a heading."""
    lines = list(block)
    headings: list[tuple[int, int]] = []  # the first line of each heading, and its lines
    index = 0
    while index < len(lines):
        count = _heading_lines([line for _, line in lines[max(index - 1, 0):index + 3]],
                               min(index, 1), width)
        if count:
            headings.append((index, count))
        index += count or 1
    if not headings or headings[0][0] > 0:
        yield from _wrapped_prose(lines[:headings[0][0]] if headings else lines, width)
    for (start, count), (end, _) in itertools.pairwise([*headings, (len(lines), 0)]):
        yield _Unit(lines[start][0], " ".join(line for _, line in lines[start:start + count]),
                    alone=True, isolated=True)
        if end > start + count:
            yield from _wrapped_prose(lines[start + count:end], width)


def _heading_lines(lines: Sequence[str], index: int, width: int) -> int:
    """The lines of the heading at ``lines[index]`` over wrapped prose (:func:`_side_heading`;
    ``lines`` holds the block's line before it, when there is one, and the three from it):
    one, or two short lines of a title wrapped in its column ("Estimated Nuclear Weapons" /
    "Development Timelines"), every long word of it capitalised; 0 when none stands
    there."""
    previous = lines[index - 1] if index else None
    rest = lines[index:]
    if len(rest) >= 2 and _side_heading(previous, rest[0], rest[1], width):
        return 1
    if len(rest) < 3 or len(rest[1]) >= 0.6 * width:
        return 0
    joined = f"{rest[0]} {rest[1]}"
    return 2 if _fully_title_cased(joined) and is_heading(rest[0]) \
        and _side_heading(previous, joined, rest[2], width) else 0


def _side_heading(previous: str | None, line: str, following: str, width: int) -> bool:
    """Whether ``line`` is a heading over the wrapped prose ``following`` it: a heading
    shaped line, short (under 0.6 of the width; or in title case, as a long title over a
    narrow column is) before a long line that does not go on with it. Inside a block
    (``previous`` is the line before it; a copy of a page whose headings have no blank line
    around them: "... recently announced changes." / "Budget" / "For FY2027, NASA
    requested ..."), the line before it also ends a sentence and the line after it starts
    one. The cheap tests come first: every line of a hard-wrapped text is asked."""
    if len(following) < 0.6 * width:
        return False
    if previous is not None and not (_ends_full_stop(previous) and _starts_sentence(following)
                                     and not ends_open(line)):
        return False
    return not _goes_on(line, following) and is_heading(line) \
        and (len(line) < 0.6 * width or (_long_title(line, following)
                                         and not _name_over_break(line, following, width)))


def _name_over_break(line: str, following: str, width: int) -> bool:
    """Whether a line as long as the prose breaks a name that the next line ends: the line
    is one line of the text (no wider than ``width``; a title joined from two lines is
    wider), both sides of the break are capitalised, and the next line goes on in lower
    case after two or three words of the name ("Section 922 of the Dodd–Frank Wall Street
    Reform and Consumer" / "Protection Act permits a person who ..."; a sentence opens
    with one word of a name, "Barges carry", or with a word such as "The"). Where the line
    breaks is no test: a PDF's text is set in a proportional font."""
    words = following.split()
    if not words or len(line) > width or words[0].casefold() in SENTENCE_STARTERS:
        return False
    lower = next((i for i, word in enumerate(words) if word[:1].islower()), None)
    return line.split()[-1][:1].isupper() and lower is not None and 2 <= lower <= 3


def _starts_sentence(line: str) -> bool:
    """Whether ``line`` starts with a capital or a digit (opening quotes aside)."""
    first = line.lstrip(OPENERS)[:1]
    return first.isupper() or first.isdigit()


def _ends_full_stop(text: str) -> bool:
    """Whether ``text`` ends with a full stop, "!" or "?" (closing quotes aside)."""
    return text.rstrip(CLOSERS)[-1:] in _FULL_STOPS


def _title_over_section(lines: Sequence[tuple[int, str]]) -> bool:
    """Whether short lines are headings one over the other, the last or the first a
    section's generic name: a sheet's title over its first heading ("ENERGY STAR Program"
    / "Overview"), a report's part over its first subsection ("Background" / "2025 Federal
    Workforce Changes"), not an address or a signature."""
    return bool({section_key(lines[0][1]), section_key(lines[-1][1])} & GENERIC_SECTIONS) \
        and all(is_heading(line) for _, line in lines)


def _long_title(line: str, following: str) -> bool:
    """Whether a line as long as the prose is a title over it: every long word capitalised,
    no comma (a reference's line is in title case too: "17 Department of Education,
    Contract Monitoring for Program Officials, Departmental"), starting with a letter,
    before a line that starts a sentence and does not end a run-in heading."""
    return _fully_title_cased(line) and "," not in line and line.lstrip(OPENERS)[:1].isalpha() \
        and _starts_sentence(following) and not _RUN_IN_END.match(following)


def _wrapped_prose(lines: Sequence[tuple[int, str]], width: int) -> Iterator[_Unit]:
    """Lines of a hard-wrapped block with no heading among them: a unit per paragraph or
    list item (see :func:`_wrapped_units`)."""
    units: list[list[tuple[int, str]]] = []
    for number, line in lines:
        starts_item = _is_item(line) or bool(_LONE_BULLET.match(line))
        if not units or starts_item or _LONE_BULLET.match(units[-1][-1][1]):
            if units and _LONE_BULLET.match(units[-1][-1][1]):
                units[-1].append((number, line))
                continue
            units.append([(number, line)])
        else:
            units[-1].append((number, line))
    if len(units) == 1 and len(units[0]) >= 2 and not ends_open(units[0][0][1]) and any(
            is_front_matter(line) for _, line in units[0][1:]):  # a title over its date
        yield from (_Unit(number, line, alone=False) for number, line in units[0])
        return
    if len(units) == 1 and len(units[0]) >= 2 and not _is_item(units[0][0][1]) \
            and not any(ends_open(line) for _, line in units[0][:-1]) and all(
            len(line) < 0.6 * width and not _ends_sentence(line) for _, line in units[0]):
        if _title_over_section(units[0]):
            yield from (_Unit(number, line, alone=True, isolated=True)
                        for number, line in units[0])
            return
        yield _Unit(units[0][0][0], "; ".join(line for _, line in units[0]), alone=False,
                    short_lines=True)
        return
    for unit in units:
        alone = len(units) == 1 and len(unit) == 1
        yield _Unit(unit[0][0], _join(line for _, line in unit), alone=alone, isolated=alone)


def _goes_on(line: str, following: str) -> bool:
    """Whether ``following`` goes on with the sentence of ``line``: it starts with a bracket
    ("(EM) is responsible ..."), or in lower case after a line that ends in lower case (a
    title's last word is capitalised: a side heading over a page that goes on with the
    page before stays a heading), or ``line`` ends with a word that cannot end a title
    ("... were reliable for the")."""
    last = line.split()[-1] if line.split() else ""
    return following[:1] in "([" or last.casefold() in _DANGLING or (
        following[:1].islower() and last[:1].islower())


def ends_open(line: str) -> bool:
    """Whether a line stops on a word in lower case that cannot end a title: a lead-in to
    a quotation or a list ("The budget request notes that", "Issues of contention
    include"), never a heading."""
    last = line.split()[-1] if line.split() else ""
    return last in _DANGLING or last in _LEADING_IN


def _join(lines: Iterator[str] | Sequence[str]) -> str:
    """Lines as one text, joined by spaces (empty lines before the first text left out); a
    word hyphenated at a line end stays hyphenated."""
    return " ".join(itertools.dropwhile(lambda line: not line, lines))


def _line_units(block: Sequence[tuple[int, str]], spaced: bool) -> Iterator[_Unit]:
    """A block of a text that is not hard-wrapped: one unit per line, except that a line
    continues the one before when that one does not end a sentence and this one starts in
    lower case (or is indented under a list item)."""
    joined: list[tuple[int, list[str]]] = []  # each unit's first line number and lines
    for number, line in block:
        if joined and not _is_item(line) and not _ends_sentence(joined[-1][1][-1]) \
                and line[:1].islower():
            joined[-1][1].append(line)
        else:
            joined.append((number, [line]))
    units = [(number, " ".join(lines)) for number, lines in joined]
    for number, line in units:
        yield _Unit(number, line, alone=len(units) == 1 or not spaced,
                    isolated=len(units) == 1 and spaced)


def _is_item(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBER.match(line))


# ---------------------------------------------------------------------------------------
# Units into pieces
# ---------------------------------------------------------------------------------------


def headings_in_prose(pieces: Sequence[Piece], *, ignored: Set[str] = frozenset(),
                      allowed: Callable[[str], bool] = lambda line: True) -> list[Piece]:
    """The pieces of a formatted document (Markdown, Word) that marks at most one heading
    of its own (generic ones such as "Introduction", back matter, the headings of lists
    of figures or tables, and ``ignored`` titles aside), with the paragraphs of one line
    that plain text would take for headings as headings (and ``allowed``: a page's
    contents list names them); else ``pieces``."""
    marked = {plain_key(piece.title) for piece in pieces if isinstance(piece, Heading)}
    if len(marked - GENERIC_SECTIONS - BACK_MATTER - LISTS_OF - set(ignored)) > 1:
        return list(pieces)
    return [Heading(piece.text.strip()) if isinstance(piece, Paragraph)
            and not is_aside(piece) and _lone_heading(piece.text) and allowed(piece.text)
            else piece for piece in pieces]


def _lone_heading(text: str) -> bool:
    line = text.strip()
    return "\n" not in line and is_heading(line) and not ends_open(line)


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence (a question mark, or an abbreviation's
    full stop as in "Raith Rovers F.C.", may end it), starts with a capital, a digit or
    a name from a program ("add_table() example"), holds a letter or is a year or a
    period of years ("2010", "1800–1945"), and is not a list item, a date, a byline, a
    caption, a source line or a note with a web address (a PDF copy's footnote line)."""
    if line.endswith(":") and plain_key(line) in BACK_MATTER and _heading_shaped(line[:-1]):
        return True  # "Media Contact:" over the back matter
    if _is_item(line) or not _heading_shaped(line) or _URL.search(line):
        return False
    return not (is_caption(line) or date_of(line) or byline_of(line) or is_detail(line)
                or is_address(line))


def _heading_shaped(line: str) -> bool:
    if not _short_enough(line) or _row_of_figures(line):
        return False
    end = line.rstrip(CLOSERS)
    if not end or (end[-1] in _FINAL and not _ends_with_abbreviation(end)):
        return False
    first = line.lstrip(OPENERS)[:1]
    return (first.isupper() or first.isdigit() or bool(IDENTIFIER.match(line))) \
        and (any(ch.isalpha() for ch in line) or bool(_PERIOD.fullmatch(line)))


def _short_enough(line: str) -> bool:
    """At most 15 words and 120 characters; or, in title case, at most 30 words and 250
    characters (a report's findings make long headings: "Employment Practices That Create
    Trust Incentivize Disclosures, While Fear of Retaliation ... May Discourage Them")."""
    words = line.split()
    if len(line) <= MAX_HEADING_CHARS and len(words) <= MAX_HEADING_WORDS:
        return True
    content = [word for word in words if len(word.strip(CLOSERS + OPENERS + ",;")) > 3]
    capitalised = sum(word.lstrip(OPENERS)[:1].isupper() for word in content)
    return len(line) <= _LONG_HEADING_CHARS and len(words) <= _LONG_HEADING_WORDS \
        and bool(content) and capitalised >= 0.8 * len(content)


def _row_of_figures(line: str) -> bool:
    """A row of a table a PDF copy lost: two figures or more after its first word, one a
    number at least ("Number of awards 169 179 132", "1 Imposter Scams 845,806 22 $2,952",
    "Salaries 12 — —"; not the dashes of "Scope – Fully Addresses Goals – Partially
    Addresses"). The figures make up two thirds at least of the words from the first on: a
    heading may hold figures among its words ("FDA Conditionally Approved 11 New Animal
    Drugs in Fiscal Years 2018 Through 2025")."""
    words = line.split()[1:]
    marks = [bool(_FIGURE.fullmatch(word)) for word in words]
    figures = [word for word, mark in zip(words, marks, strict=True) if mark]
    if len(figures) < 2 or not any(_DIGITS.search(word) for word in figures):
        return False
    tail = marks[marks.index(True):]
    return 3 * sum(tail) >= 2 * len(tail)


def _ends_with_abbreviation(text: str) -> bool:
    """Whether a line in title case ends with an abbreviation's full stop ("Raith Rovers
    F.C.", "Acme Inc."), not a sentence's ("He moved to the U.S." is a sentence)."""
    words = text.split()
    last = words[-1] if words else ""
    title_case = all(word[:1].isupper() or len(word) <= 3 for word in words
                     if any(ch.isalpha() for ch in word))
    return title_case and len(words) > 1 and last.endswith(".") and (
        bool(_DOTTED.fullmatch(last)) or last[:-1].casefold() in ABBREVIATIONS)


def _numbered_heading(unit: _Unit, following: _Unit | None) -> bool:
    """"1. Troposphere" between blank lines, with prose after it rather than an item."""
    match = _NUMBER.match(unit.text)
    if match is None or not unit.isolated:
        return False
    return _heading_shaped(unit.text[match.end():]) and (
        following is None or not _is_item(following.text))


def _pieces(units: Sequence[_Unit], *, footnotes: bool) -> list[Piece]:
    """The units as pieces; ``footnotes``: the text has footnotes as PDF copies show them."""
    out: list[Piece] = []
    items: list[tuple[int | None, str]] = []
    rows: list[tuple[str, ...]] = []
    last_note = 0
    label = ""
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        if _labels_next(unit, following):
            label = unit.text
            continue
        item = (None, unit.text) if unit.unmarked_item else (
            None if _numbered_heading(unit, following) else _as_item(unit.text))
        note = footnote_number(unit.text, after=last_note) if footnotes else None
        last_note = int(note) if note and note.isdigit() else last_note
        if items and (item is None or (item[0] is None) != (items[0][0] is None)):
            out.append(_list_block(items))
            items = []
        if rows and not unit.cells:
            out.append(_table(rows))
            rows = []
        if unit.listing is not None:
            out.append(CodeBlock(unit.listing.text, unit.listing.language))
        elif unit.cells:
            rows.append(unit.cells)
        elif item is not None:
            items.append(item)
        elif unit.short_lines or is_caption(unit.text) or note or is_address(unit.text):
            out.append(aside(unit.text))
        elif unit.alone and (is_heading(unit.text) or _numbered_heading(unit, following)) \
                and not report_number_of(unit.text) \
                and not ends_open(unit.text) and not _leads_into_listing(unit, following):
            out.append(Heading(unit.text, unit.line))
        elif label:
            out.append(Paragraph((Run(f"{label}:", bold=True), Run(f" {unit.text}"))))
        else:
            out.append(Paragraph((Run(unit.text),)))
        label = ""
    if items:
        out.append(_list_block(items))
    if rows:
        out.append(_table(rows))
    return out


def _leads_into_listing(unit: _Unit, following: _Unit | None) -> bool:
    """Whether ``unit`` is a sentence that introduces the code listing right after it, its
    full stop or colon lost ("Now you can use git diff to see what is still unstaged"):
    more than :data:`_LEAD_IN_WORDS` words, not in title case. A heading over code is
    short ("Example", "Installing the Tool") or in title case."""
    return following is not None and following.listing is not None \
        and len(unit.text.split()) > _LEAD_IN_WORDS and not _title_cased(unit.text)


def _labels_next(unit: _Unit, following: _Unit | None) -> bool:
    """Whether ``unit`` is a "Note", "Tip" or "Warning" standing over a paragraph of prose
    (not a list, a table, a listing nor a heading)."""
    return unit.alone and plain_key(unit.text) in NOTE_LABELS and following is not None \
        and following.listing is None and not following.cells and not following.short_lines \
        and _as_item(following.text) is None \
        and not (following.alone and is_heading(following.text))


def _contacts(found: list[Piece]) -> list[Piece]:
    """Pieces where a phone number or e-mail address alone, and the short lines that name
    whom it reaches right before it ("Craig Betbeze" / "Michoud Assembly Facility, New
    Orleans" / "504-419-5333"), are asides: a contact, never a heading nor a bullet."""
    out = list(found)
    for index, piece in enumerate(found):
        if isinstance(piece, Paragraph) and is_contact(piece.text):
            out[index] = aside(piece.text)
            for before in range(index - 1, max(index - 3, -1), -1):
                text = _piece_text(out[before])
                if not text or _ends_sentence(text) or len(text.split()) > MAX_LABEL_WORDS \
                        or plain_key(text) in BACK_MATTER:  # "Media Contact" over it
                    break
                out[before] = aside(text)
    return out


def _table_regions(found: list[Piece]) -> list[Piece]:
    """Pieces where what a PDF copy gives of a table or figure between its title and its
    source line ("Table 1: ..." ... "Source: GAO analysis ...") is never a heading. Cells,
    labels and a legend's items, one per line, are asides (never bullets either); where
    the table holds prose (a description per row) or a page's text runs beside it, the
    prose stays as it is and only the stacked short lines that look like headings (row
    labels, a header row, two or more with nothing between them) become asides."""
    out: list[list[Piece]] = [[piece] for piece in found]
    index = 0
    while index < len(found):
        region = _region(found, index)
        if region is None:
            index += 1
            continue
        end, cells_only = region
        if cells_only and (table := _figure_rows(found[index + 1:end])) is not None:
            out[index + 1:end] = [table] + [[]] * (end - index - 2)
            index = end
            continue
        for inside in range(index + 1, end):
            piece = found[inside]
            if cells_only and isinstance(piece, ListBlock):
                out[inside] = [aside(item.text) for item in piece.items]
            elif (cells_only and isinstance(piece, Paragraph)) or (
                    isinstance(piece, Heading)
                    and (cells_only or _stacked_heading(found, inside, index, end))):
                out[inside] = [aside(_piece_text(piece))]
        index = end
    return [piece for pieces in out for piece in pieces]


def _figure_rows(inside: Sequence[Piece]) -> list[Piece] | None:
    """The table a PDF copy gives as rows of figures, one per line between the table's
    title and its source line ("Applications 313 459 81 180"), with the lines before its
    header row (a unit: "Millions of dollars") and after its last row (a legend) as
    asides; None unless three rows or more hold the
    same number of figures (two at least) after their label, a line over the first of
    them names the columns (its last words, one capitalised word per column: "Community
    size Large Midsized Regional Rural"; "Don't know" and "Not applicable" would leave
    their parting unknown), and every line after it is a row of that many figures or
    the label of a group of rows ("Stage 1 awards", no figure at its end)."""
    texts = [_piece_text(piece) for piece in inside]
    if not texts or not all(texts):
        return None
    rows = [_figure_row(text) for text in texts]
    widths = Counter(len(figures) for _, figures in rows if figures)
    width, count = widths.most_common(1)[0] if widths else (0, 0)
    first = next((i for i, (_, figures) in enumerate(rows) if len(figures) == width), 0)
    header = next((i for i in range(first - 1, -1, -1) if len(texts[i].split()) > width), None)
    if width < 2 or count < _MIN_FIGURE_ROWS or header is None or rows[header][1]:
        return None
    heads = texts[header].split()
    if not all(_COLUMN_HEAD.fullmatch(head) for head in heads[-width:]):
        return None  # the columns' names are not one word each: where they part is unknown
    last = max(i for i, (_, figures) in enumerate(rows) if figures)
    body: list[tuple[str, ...]] = [(" ".join(heads[:-width]), *heads[-width:])]
    for label, figures in rows[header + 1:last + 1]:
        if figures and len(figures) != width:
            return None
        body.append((label, *figures) if figures else (label, *[""] * width))
    return [*map(aside, texts[:header]), _table(body), *map(aside, texts[last + 1:])]


def _figure_row(text: str) -> tuple[str, tuple[str, ...]]:
    """A line as a row's label and the figures that end it ("$ 116,935,299" one figure)."""
    words = re.sub(r"([$€£])\s+(?=\d)", r"\1", text).split()
    count = 0
    while count < len(words) and _FIGURE.fullmatch(words[len(words) - 1 - count]):
        count += 1
    return " ".join(words[:len(words) - count]), tuple(words[len(words) - count:])


def _box_titles(found: list[Piece]) -> list[Piece]:
    """Pieces where the title of a text box, a heading right over the box's list and the
    source line that closes it ("Examples of Inadequate Controls" / the list / "Source:
    GAO analysis ..."), is an aside: the box stands beside the section's text, it does not
    open a section."""
    out = list(found)
    for index in range(2, len(out)):
        piece = out[index]
        if isinstance(piece, Paragraph) and _SOURCE.match(piece.text) \
                and isinstance(out[index - 1], ListBlock) \
                and isinstance(out[index - 2], Heading):
            out[index - 2] = aside(_piece_text(out[index - 2]))
    return out


def _stacked_heading(found: Sequence[Piece], index: int, start: int, end: int) -> bool:
    """Whether the heading at ``index``, in the region of the table titled at ``start``
    and closed at ``end``, stands right by another heading or the source line (row labels
    one over the other), or is the table's header row: right under its title, a table's
    ("Table 1: ..." / "Incentive Description" / "User fee waivers Sponsors ... may
    qualify ..."), or a figure's over a cell that is not a sentence (a figure's title over
    a heading and prose is over a picture the copy lost: the heading opens a section)."""
    def heading_or_end(at: int) -> bool:
        return at == end or isinstance(found[at], Heading)

    following = found[index + 1]
    return heading_or_end(index - 1) or heading_or_end(index + 1) or (index - 1 == start and (
        _is_table_title(found[start])
        or (isinstance(following, Paragraph) and not _ends_sentence(following.text))))


def _is_table_title(piece: Piece) -> bool:
    """Whether an exhibit's title is a table's, whose next line is its header row."""
    match = _EXHIBIT.match(_piece_text(piece))
    return match is not None and match["kind"].casefold() == "table"


def _cells_over_sources(found: list[Piece]) -> list[Piece]:
    """Pieces where a run of :data:`_MIN_CELLS` table cells or more, one per line or block
    as a copy of a PDF gives them, stands right over a source line, its title left
    elsewhere by the page's columns ("Year" / "Action" / "1992" / "EPA establishes ..." /
    ... / "Sources: P.L. 101-549; ..."): the cells are a table when the words before the
    first figure make its header row and the cells fill whole rows, else asides; never
    headings nor bullets. The run stops at a sentence (the prose over the table)."""
    out: list[Piece] = []
    for piece in found:
        if isinstance(piece, Paragraph) and _SOURCE.match(piece.text):
            start = len(out)
            while start > 0 and _cell_like(out[start - 1]):
                start -= 1
            while start < len(out) and len(_piece_text(out[start]).split()) > _TERM_WORDS \
                    and not _DIGITS.search(_piece_text(out[start])):
                start += 1  # a line over the header cells (a page's head), not one of them
            if len(out) - start >= _MIN_CELLS:
                out[start:] = _cells_table(out[start:])
        out.append(piece)
    return out


def _cell_like(piece: Piece) -> bool:
    """A table cell a PDF copy put on lines of its own: a short line, or a few lines that
    do not end a sentence."""
    if isinstance(piece, Heading):
        return piece.level is None
    text = _piece_text(piece)
    return isinstance(piece, Paragraph) and not _is_aside(piece) and bool(text) \
        and not _ends_full_stop(text) and len(text.split()) <= _CELL_WORDS


def _cells_table(cells: Sequence[Piece]) -> list[Piece]:
    """The cells as a table whose header row is the cells before the first one holding a
    figure (two to six of them, of a few words each) and whose every row is full; as
    asides otherwise."""
    texts = [_piece_text(cell) for cell in cells]
    width = next((i for i, text in enumerate(texts) if _DIGITS.search(text)), 0)
    if 2 <= width <= _MAX_CELL_COLUMNS and len(texts) % width == 0 \
            and len(texts) // width >= 3 \
            and all(len(text.split()) <= _TERM_WORDS for text in texts[:width]):
        return [_table([tuple(texts[i:i + width]) for i in range(0, len(texts), width)])]
    return [aside(text) for text in texts]


def _region(found: Sequence[Piece], start: int) -> tuple[int, bool] | None:
    """The index of the source line that closes the table or figure titled at ``start``
    (before another one's title, within :data:`_REGION` pieces longer than a cell's few
    words), and whether only short lines (cells, labels) stand between them; None when the
    title has no source line."""
    if not _is_exhibit_title(found[start]):
        return None
    cells_only = True
    budget = _REGION
    for later in range(start + 1, len(found)):
        piece = found[later]
        text = _piece_text(piece)
        if isinstance(piece, Paragraph) and _SOURCE.match(text):
            return later, cells_only
        if _is_exhibit_title(piece):
            return None
        if isinstance(piece, Paragraph) and _ends_sentence(text) \
                and len(text.split()) > MAX_HEADING_WORDS:
            cells_only = False
        if len(text.split()) > _TERM_WORDS or _ends_sentence(text):
            budget -= 1  # a big table's cells, short and many, do not count
            if not budget:
                return None
    return None


def _is_exhibit_title(piece: Piece) -> bool:
    return isinstance(piece, Paragraph) and _is_aside(piece) and bool(_EXHIBIT.match(piece.text))


def _piece_text(piece: Piece) -> str:
    if isinstance(piece, Heading):
        return piece.title
    return piece.text if isinstance(piece, Paragraph) else ""


def _with_caption_lines(found: Sequence[Piece]) -> list[Piece]:
    """Pieces where a short line between a caption and its table or source line ("Table 1.
    Appropriations" / "Millions of dollars" / the rows) is part of the caption: an aside,
    never a heading."""
    out = list(found)
    for index in range(1, len(out) - 1):
        before, piece, after = out[index - 1], out[index], out[index + 1]
        if isinstance(piece, Heading) and isinstance(before, Paragraph) \
                and _is_aside(before) and is_caption(before.text) and (
                    isinstance(after, Table)
                    or (isinstance(after, Paragraph) and is_caption(after.text))):
            out[index] = aside(piece.title)
    return out


def _footnotes_allowed(lines: Sequence[str]) -> bool:
    """Footnotes as PDF copies show them ("1 GAO, ...") start lines, at least two of them
    numbered one after the other (a note may start the line under another's last one)."""
    numbers = [int(n) for line in lines if (n := footnote_number(line.strip())) and n.isdigit()]
    return any(b == a + 1 for a, b in itertools.pairwise(numbers))


def _as_item(line: str) -> tuple[int | None, str] | None:
    if bullet := _BULLET.match(line):
        return None, line[bullet.end():]
    if numbered := _NUMBER.match(line):
        return int(numbered.group(1)), line[numbered.end():]
    return None


def _number_before(text: str) -> int | None:
    """The number before a note's own ("16 GAO-24-106214." gives 15), so that an aside
    made of a short note is read as that note."""
    digits = re.match(r"\d+", text)
    return int(digits.group()) - 1 if digits else None


def _list_block(items: Sequence[tuple[int | None, str]]) -> ListBlock:
    ordered = items[0][0] is not None
    return ListBlock(items=tuple(ListItem(_item_runs(text)) for _, text in items),
                     ordered=ordered, start=items[0][0] or 1)


def _table(rows: Sequence[tuple[str, ...]]) -> Table:
    width = max(len(row) for row in rows)
    padded = [tuple(row) + ("",) * (width - len(row)) for row in rows]
    return Table(header=tuple((Run(cell),) if cell else () for cell in padded[0]),
                 rows=tuple(tuple((Run(cell),) if cell else () for cell in row)
                            for row in padded[1:]))


def _item_runs(text: str) -> tuple[Run, ...]:
    """An item's runs: a leading "Label:" (a few words starting with a capital) in bold."""
    match = _LABEL.match(text)
    if match:
        label = match.group(1)
        if (label[:1].isupper() and len(label.split()) <= MAX_LABEL_WORDS
                and not any(ch in ".!?;" for ch in label)):
            return (Run(f"{label}:", bold=True), Run(f" {text[match.end():]}"))
    return (Run(text),)


# ---------------------------------------------------------------------------------------
# Paragraphs broken by page breaks, and footnote markers
# ---------------------------------------------------------------------------------------


def _rejoined(found: Sequence[Piece]) -> list[Piece]:
    """Paragraphs that a page break interrupted, joined again: a paragraph that stops
    mid-sentence continues with the next paragraph starting in lower case, past asides
    (footnotes, captions) and at most two headings between them (a side heading and its
    parent), which follow it."""
    out = list(found)
    index = 0
    while index < len(out):
        piece = out[index]
        if isinstance(piece, Paragraph) and not _is_aside(piece) \
                and piece.text.rstrip(CLOSERS)[-1:] not in _SENTENCE_ENDS:
            later = _continuation(out, index)
            if later is not None:
                rest = out[later]
                assert isinstance(rest, Paragraph)
                out[index] = Paragraph((Run(f"{piece.text} {rest.text}"),))
                del out[later]
                continue
        index += 1
    return out


def _continuation(found: Sequence[Piece], index: int) -> int | None:
    headings = 0
    for later in range(index + 1, min(index + 12, len(found))):
        piece = found[later]
        if isinstance(piece, Heading):
            headings += 1
            if headings > _DISPLACED_HEADINGS:
                return None
        elif isinstance(piece, Paragraph) and _is_aside(piece):
            continue
        elif isinstance(piece, Paragraph):
            return later if piece.text[:1].islower() else None
        else:
            return None
    return None


def _placed(found: Sequence[Piece]) -> list[Piece]:
    """Pieces with the headings of a PDF copy where they belong. A heading that repeats the
    one right before it (a side heading and the page's title) is an aside. A heading at the
    top of a page (after footnotes) of a copy whose side headings the page breaks displace
    moves down, within its page, past the paragraphs that lean on the one before them
    ("Moreover, ...") or that share at most one of its words when a later one shares
    three."""
    out = list(found)
    index = 0
    while index < len(out):
        piece = out[index]
        before = out[index - 1] if index else None
        if isinstance(piece, Heading) and isinstance(before, Heading) \
                and plain_key(before.title) == plain_key(piece.title):
            out[index] = aside(piece.title)
        elif isinstance(piece, Heading) and isinstance(before, Paragraph) and _is_aside(before):
            target = _place_of(out, index)
            if target > index + 1:
                out[index:target] = [*out[index + 1:target], piece]
                index = target
        index += 1
    return out


def _place_of(pieces: Sequence[Piece], index: int) -> int:
    """Where the page-top heading at ``index`` belongs: the index of the first paragraph
    of its page that neither leans on the one before nor is passed for a later one that
    names the heading (``index + 1`` when it stays)."""
    words = content_words(pieces[index].title)  # type: ignore[union-attr]
    page: list[tuple[int, int, str]] = []  # index, heading words named, first sentence
    for later in range(index + 1, len(pieces)):
        piece = pieces[later]
        if not isinstance(piece, Paragraph) or _is_aside(piece):
            break
        page.append((later, len(words & content_words(piece.text)),
                     next(iter(sentences(piece.text)), "")))
    for position, (later, named, first) in enumerate(page):
        named_later = max((n for _, n, _ in page[position + 1:]), default=0)
        if not leans_on_previous(first) and (named > 1 or named_later < _NAMES_HEADING):
            return later
    return index + 1


def _rehyphenated(found: list[Piece]) -> tuple[list[Piece], list[str]]:
    """Prose of a PDF copy with the hyphens its extraction lost at line ends put back: a
    word ("incomedriven") that the text writes hyphenated more often than not
    ("income-driven") takes the hyphen where the text puts it. Also the repairs made
    ("incomedriven -> income-driven")."""
    prose = " ".join(piece.text for piece in found if isinstance(piece, Paragraph))
    joined = Counter(word.casefold() for word in _WORD.findall(prose))
    hyphenated = Counter(word.casefold() for word in _HYPHENATED.findall(prose))
    repairs = {word.replace("-", ""): word.index("-") for word, count in hyphenated.items()
               if count > joined.get(word.replace("-", ""), 0) > 0}
    if not repairs:
        return found, []
    made: dict[str, str] = {}

    def repair(match: re.Match[str]) -> str:
        word = match.group()
        at = repairs.get(word.casefold())
        if at is None:
            return word
        made[word] = f"{word[:at]}-{word[at:]}"
        return made[word]

    out = [Paragraph((Run(_WORD.sub(repair, piece.text)),))
           if isinstance(piece, Paragraph) and not _is_aside(piece)
           and any(word.casefold() in repairs for word in _WORD.findall(piece.text))
           else piece for piece in found]
    return out, [f"{word} -> {fixed}" for word, fixed in made.items()]


def _is_aside(paragraph: Paragraph) -> bool:
    return all(run.italic for run in paragraph.runs)


def _without_markers(found: list[Piece]) -> list[Piece]:
    """Prose without the footnote markers of a PDF copy ("each day.1 As of ..."): those
    of the footnotes the text holds."""
    numbers = {str(number) for piece in found if isinstance(piece, Paragraph)
               for number in _notes_in(piece)}
    return without_markers(found, numbers)


#: A paragraph right after a footnote, of at most this many words and with a web address,
#: is the rest of that note ("5, 2026, p. 9, https://www.maritime.dot.gov/...").
NOTE_TAIL_WORDS = 40


def _notes_rejoined(found: list[Piece]) -> list[Piece]:
    """Pieces where the rest of a block of footnotes that a PDF copy broke with a blank
    line ("1 UNCTAD, ... Implications for" / "Global Trade ..., 2026. 2 Robert Beckman
    ...") is part of the block again: a paragraph right after a footnote that holds where
    the next note begins, or that is short and holds a web address (:data:`NOTE_TAIL_WORDS`).
    """
    out: list[Piece] = []
    for piece in found:
        before = out[-1] if out else None
        if isinstance(piece, Paragraph) and not _is_aside(piece) and isinstance(
                before, Paragraph) and _continues_notes(piece.text, _notes_in(before)):
            out[-1] = aside(f"{before.text} {piece.text}")
        else:
            out.append(piece)
    return out


def _continues_notes(text: str, notes: Sequence[int]) -> bool:
    """Whether prose ``text`` is the rest of the block of footnotes ``notes``: it holds
    where the next note begins, or it is short and holds a web address."""
    return bool(notes) and (
        any(int(m.group(1)) == notes[-1] + 1 for m in _NOTE_START.finditer(text))
        or (len(text.split()) <= NOTE_TAIL_WORDS and "://" in text))


#: Where a note in a block of footnotes may begin: the block's start, or after the full
#: stop (or bracket) that ends the note before it.
_NOTE_START = re.compile(r"(?:^|(?<=[.)”\"])\s+)(\d{1,3})\s+(?=[A-Z“\"(])")


def _notes_in(paragraph: Paragraph) -> list[int]:
    """The numbers of the notes in an aside that is a block of footnotes (a page's notes
    read as one paragraph: "1 UNCTAD, ... 2026. 2 Robert Beckman ..."): its own, then each
    next one in turn, where a note may begin; [] when the paragraph is no footnote."""
    first = footnote_number(paragraph.text, after=_number_before(paragraph.text)) \
        if _is_aside(paragraph) else None
    if first is None or not first.isdigit():
        return []
    numbers = [int(first)]
    for match in _NOTE_START.finditer(paragraph.text):
        if int(match.group(1)) == numbers[-1] + 1:
            numbers.append(numbers[-1] + 1)
    return numbers
