"""Markdown articles (``.md``, ``.markdown``): headings, lists, tables and links kept.

Owns :func:`read_markdown`. The text is parsed with markdown-it-py (CommonMark with pipe
tables); headings keep their level, paragraphs their bold, italics and links, lists their
nesting, tables their cells, code blocks their lines and language, images their source.
What a page saved as Markdown carries around the article is left out: a YAML front matter
gives its title, date and author; paragraphs and lists made only of links (navigation), a
table of labelled metadata ("Authors:", "Publication Date:"), a table of contents, and a
heading whose section held nothing else. A file that marks at most one heading in its
body (pages often mark only their title) has its headings found in the prose as in plain
text.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from functools import partial

from markdown_it import MarkdownIt

from exporter.ingest.lines import (
    BACK_MATTER,
    LISTS_OF,
    banner_rest,
    date_of,
    metadata_of,
    plain_key,
    report_number_of,
)
from exporter.ingest.listings import is_program_line
from exporter.ingest.pieces import (
    Article,
    Heading,
    Piece,
    is_navigation,
    paragraph,
    without_markers,
)
from exporter.ingest.plaintext import headings_in_prose, is_heading, read_plain
from exporter.model import (
    CodeBlock,
    Image,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Run,
    Table,
    plain_text,
)
from exporter.reader import MarkdownNode, inline_runs, syntax_tree
from exporter.text import OPENERS

_MD = MarkdownIt("commonmark", {"typographer": False}).enable("table")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)
#: The TOML front matter of Hugo and Zola pages, between "+++" lines.
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*$\n?", re.S | re.M)


def read_markdown(text: str) -> Article:
    """The pieces and front matter of a Markdown article."""
    article = Article(pieces=[])
    match = _FRONT_MATTER.match(text) or _TOML_FRONT_MATTER.match(text)
    offset = 0
    if match:
        _front_matter(match.group(1), article, toml=match.re is _TOML_FRONT_MATTER)
        offset = text[:match.end()].count("\n")
        text = text[match.end():]
    nodes = syntax_tree(_MD, _labels_apart(text))
    if not match and not any(map(_marked_up, nodes)):
        plain = read_plain(text)
        plain.notes.append("read as plain text: the file holds no Markdown markup")
        return plain
    walker = _Walker(article, offset)
    for node in nodes:
        walker.node(node)
    article.pieces = walker.finish()
    return article


def _labels_apart(text: str) -> str:
    """The text with an indented back-matter label ("                    Disclaimer:",
    under a page's last list item) as a paragraph of its own, unindented: Markdown would
    otherwise read it as more of that item, or as code."""
    out: list[str] = []
    for line in text.split("\n"):
        label = line.strip()
        if line[:1] in (" ", "\t") and label.endswith(":") and plain_key(label) in BACK_MATTER:
            out += ["", label, ""]
        else:
            out.append(line)
    return "\n".join(out)


def _marked_up(node: MarkdownNode) -> bool:
    """Whether a top-level node uses Markdown: anything but a paragraph of plain text
    (a text copied into a ``.md`` file, its lines one paragraph for Markdown, is none)."""
    if node.type != "paragraph":
        return True
    return any(child.type not in ("text", "softbreak", "hardbreak")
               for inline in node.children for child in inline.children)


def _front_matter(text: str, article: Article, *, toml: bool = False) -> None:
    """Title, date and author (or authors) from a YAML front matter, or the TOML one of
    Hugo and Zola pages, when it is a mapping."""
    data = _toml_mapping(text) if toml else _yaml_mapping(text)
    if data is None:
        return
    article.title = str(data.get("title") or "").strip()
    date = data.get("date")
    if isinstance(date, _dt.date):  # TOML and YAML read a bare date as one
        date = date.isoformat()[:10]
    authors = data.get("author") or data.get("authors")
    if isinstance(authors, list):
        authors = "; ".join(str(name) for name in authors)
    for key, value in (("date", date), ("author", authors)):
        if value:
            article.record(metadata_of(f"{key}: {value}"))


def _yaml_mapping(text: str) -> dict[str, object] | None:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _toml_mapping(text: str) -> dict[str, object] | None:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


class _Walker:
    """Collects pieces from the top-level nodes, noting what is page furniture."""

    def __init__(self, article: Article, offset: int) -> None:
        self.article = article
        self.offset = offset
        self.pieces: list[Piece] = []
        self.furniture_after: set[int] = set()  # indexes of headings followed by furniture
        self.furniture_first: set[int] = set()  # ... by furniture before anything else
        self.in_contents = False
        self.contents: set[str] = set()  # the entries of the page's contents list
        self.in_lists = False  # under the heading of a list of figures, tables or appendixes
        self.over_banner: set[int] = set()  # headings of the page's header, over its banner

    def node(self, node: MarkdownNode) -> None:
        kind = node.type
        handler = getattr(self, f"_{kind}", None)
        if handler is not None:
            handler(node)

    def _furniture(self) -> None:
        heading = self._last_heading()
        if heading is not None:
            self.furniture_after.add(heading)
            if heading == len(self.pieces) - 1:  # nothing but furniture under it yet
                self.furniture_first.add(heading)

    def _last_heading(self) -> int | None:
        for index in range(len(self.pieces) - 1, -1, -1):
            if isinstance(self.pieces[index], Heading):
                return index
        return None

    def _heading(self, node: MarkdownNode) -> None:
        title = " ".join(plain_text(_runs(node.children[0])).split())
        self.in_contents = plain_key(title) in ("contents", "table of contents")
        self.in_lists = plain_key(title) in LISTS_OF
        if self.in_contents or self.in_lists or not title:
            return
        line = node.map[0] + 1 + self.offset if node.map else None
        self.pieces.append(Heading(title, line, int(node.tag[1])))

    def _paragraph(self, node: MarkdownNode) -> None:
        inline = node.children[0]
        runs = _runs(inline)
        text = plain_text(runs)
        lines = [line.strip() for line in inline.content.split("\n") if line.strip()]
        if is_navigation(runs) or self._repeats_title(text):
            self._furniture()
            return
        if all(self._header_line(line) for line in lines):  # metadata, banner, links
            for line in lines:
                self.article.record(metadata_of(_unmarked(line)))
                self._record_banner(line)
            self._furniture()
            return
        if lines and all(line.startswith("|") for line in lines):
            self._piped(lines)
            return
        if lines and _box_title(lines[0]):
            self._box(lines)
            return
        if text.strip():
            self.pieces.append(paragraph(runs))
        for child in inline.children:
            if child.type == "image":
                alt = plain_text(inline_runs(child))
                self.pieces.append(Image(src=str(child.attrs.get("src", "")), alt=alt))

    def _piped(self, lines: list[str]) -> None:
        """Lines between pipes that Markdown took for a paragraph (a table without its rule
        row): a table when a line holds two cells or more, else a box a page drew around
        a figure's title and source, each line a paragraph of its own (captions as
        asides)."""
        rows = [tuple(_cell_text(cell) for cell in line.strip().strip("|").split("|"))
                for line in lines]
        width = max(len(row) for row in rows)
        if width == 1:
            for (cell,) in rows:
                if cell:
                    self.pieces.append(paragraph((Run(cell),)))
            return
        cells = [tuple((Run(cell),) for cell in (*row, *[""] * (width - len(row))))
                 for row in rows]
        self.pieces.append(Table(header=cells[0], rows=tuple(cells[1:])))

    def _box(self, lines: list[str]) -> None:
        """A box a page drew beside the text (a sidebar), which Markdown took for a
        paragraph: its first line, after a pipe, the box's title (in bold italics: an aside,
        neither a heading nor a bullet), each line after it a paragraph."""
        title = _cell_text(lines[0].lstrip("|"))
        self.pieces.append(Paragraph((Run(title, bold=True, italic=True),)))
        for line in lines[1:]:
            if text := _cell_text(line):
                self.pieces.append(paragraph((Run(text),)))

    def _bullet_list(self, node: MarkdownNode) -> None:
        block = _list_block(node)
        if self.in_contents:
            self.contents.update(plain_key(text) for text in _item_texts(block))
        if self.in_contents or self.in_lists or all(self._header_item(item.runs)
                                                    for item in block.items):
            for item in block.items:
                self._record_banner(_unlinked(item.runs))
            self._furniture()
            return
        self.pieces.append(block)

    def _header_item(self, runs: Inline) -> bool:
        """A list item of the page's header: mostly links, or links and the title glued to
        its date (a page's list of versions running into its title line)."""
        return is_navigation(runs) or (any(run.link for run in runs)
                                       and self._banner(_unlinked(runs)) is not None)

    _ordered_list = _bullet_list

    def _fence(self, node: MarkdownNode) -> None:
        language = (node.info or "").split(maxsplit=1)
        self.pieces.append(CodeBlock(node.content.rstrip("\n"), language[0] if language else ""))

    def _code_block(self, node: MarkdownNode) -> None:
        """An indented block: code, unless it is one line shaped like a heading and no
        program text, which a saved page indented for its layout ("      Disclaimer:")."""
        lines = node.content.strip().splitlines()
        if len(lines) == 1 and is_heading(lines[0].strip()) \
                and not is_program_line(lines[0].strip()):
            self.pieces.append(paragraph((Run(lines[0].strip()),)))
            return
        self._fence(node)

    def _table(self, node: MarkdownNode) -> None:
        rows = [tuple(_runs(cell.children[0]) if cell.children else ()
                      for cell in row.children)
                for part in node.children for row in part.children]
        labelled = [(plain_text(row[0]).strip(), plain_text(row[1]).strip())
                    for row in rows if len(row) >= 2]
        if rows and len(labelled) == len(rows) and all(
                label.endswith(":") for label, _ in labelled):
            for label, value in labelled:
                self.article.record(metadata_of(f"{label} {value}"))
            self._furniture()
            return
        self.pieces.append(Table(header=rows[0], rows=tuple(rows[1:])) if rows else Table((), ()))

    def _listed(self, line: str) -> bool:
        """Whether a line may be a heading by the page's contents list (any may without
        one)."""
        return not self.contents or plain_key(line) in self.contents

    def _header_line(self, line: str) -> bool:
        """A line of the page's header: labelled metadata, the title glued to its date, or
        links only."""
        return bool(metadata_of(_unmarked(line)) or self._repeats_title(line)
                    or _LINK_ONLY.fullmatch(line))

    def _repeats_title(self, text: str) -> bool:
        """A paragraph that glues the page's title (its first heading) to its date or
        report number, perhaps after links ("[Listen](...)Title April 9, 2026")."""
        return self._banner(text) is not None

    def _record_banner(self, text: str) -> None:
        """The date and report number of a line that glues them to the title, recorded; the
        headings between the title and that line, over nothing but the page's header, are
        noted as part of it ("CRS PRODUCT (LIBRARY OF CONGRESS)")."""
        if (banner := self._banner(text)) is None:
            return
        self.article.record(("date", date_of(banner) or ""))
        self.article.record(("source", report_number_of(banner) or ""))
        headings = [p for p in self.pieces if isinstance(p, Heading)]
        if len(headings) == len(self.pieces):
            title = plain_key(headings[0].title)
            self.over_banner.update(i for i, heading in enumerate(headings)
                                    if plain_key(heading.title) != title)

    def _banner(self, text: str) -> str | None:
        """The date or report number a line glues to the page's title (links before it
        aside), or None."""
        first = next((p for p in self.pieces if isinstance(p, Heading)), None)
        return banner_rest(re.sub(_LINK, "", text), first.title) if first is not None \
            else None

    def finish(self) -> list[Piece]:
        """The pieces without headings whose section was only furniture (or opened with
        furniture, when a contents list leaves them out), with headings
        found in the prose when the file marks at most one in its body: the lines its
        contents list names, when it has one, else the lone lines shaped like headings."""
        pieces = self.pieces
        headings = [p for p in pieces if isinstance(p, Heading)]
        title = plain_key(headings[0].title) if headings else ""
        furniture = {plain_key(p.title) for i, p in enumerate(pieces)
                     if isinstance(p, Heading) and i in self.furniture_after}
        pieces = without_markers(pieces, _footnote_numbers(pieces))
        pieces = headings_in_prose(pieces, ignored=furniture | {title}, allowed=self._listed)
        return [piece for index, piece in enumerate(pieces)
                if index not in self.over_banner
                and not (index in self.furniture_after and _empty_after(pieces, index))
                and not (index in self.furniture_first and isinstance(piece, Heading)
                         and not self._listed(piece.title))]  # over furniture: the page's


_LINK = r"\[([^\]]*)\]\([^)]*\)"  # a link, its words the group
_LINK_ONLY = re.compile(rf"(?:{_LINK}\s*)+")


#: The headings of a report's footnotes.
_NOTES = frozenset(("notes", "footnotes", "endnotes", "notes and references",
                    "references and notes"))
_NOTE_NUMBER = re.compile(r"\[?(\d{1,3})[.)\]]?")


def _footnote_numbers(pieces: list[Piece]) -> set[str]:
    """The numbers of the footnotes under a notes heading ("Footnotes", "Notes"): the
    first cells of its table's rows ("1."), or its numbered list's items."""
    numbers: set[str] = set()
    under_notes = False
    for piece in pieces:
        if isinstance(piece, Heading):
            under_notes = plain_key(piece.title) in _NOTES
        elif under_notes and isinstance(piece, Table):
            numbers.update(m.group(1) for row in (piece.header, *piece.rows) if row
                           and (m := _NOTE_NUMBER.fullmatch(plain_text(row[0]).strip())))
        elif under_notes and isinstance(piece, ListBlock) and piece.ordered:
            numbers.update(str(piece.start + i) for i in range(len(piece.items)))
    return numbers


def _empty_after(pieces: list[Piece], index: int) -> bool:
    following = pieces[index + 1] if index + 1 < len(pieces) else None
    return following is None or isinstance(following, Heading)


def _runs(node: MarkdownNode) -> Inline:
    """A node's inline runs, without the emphasis marks a page's conversion left unpaired
    ("**Supplemental**** appropriations. **Per", "*defi*\\_\\_has"): a space between two
    words, else nothing; and with the space a page's conversion lost after emphasis put
    back ("**Table 1**shows"): after emphasis of several words or ending in a digit, before
    a word (a word emphasised in part, "**un**likely", stays whole). Code keeps its text."""
    out: list[Run] = []
    for run in inline_runs(node):
        if not run.code and _STRAY_MARKS.search(run.text):
            before = out[-1].text[-1:] if out else ""
            run = replace(run, text=_STRAY_MARKS.sub(partial(_mark_gap, before=before),
                                                     run.text))
        if out and _glued_after_emphasis(out[-1], run):
            run = replace(run, text=" " + run.text)
        out.append(run)
    return tuple(out)


def _glued_after_emphasis(emphasis: Run, run: Run) -> bool:
    """Whether ``run`` starts a word right after an emphasised run of several words, or
    one ending in a digit, with no space between them."""
    text = emphasis.text.strip()
    return (emphasis.bold or emphasis.italic) and not (run.bold or run.italic or run.code) \
        and emphasis.text[-1:].isalnum() and run.text[:1].isalpha() \
        and (" " in text or text[-1:].isdigit())


_STRAY_MARKS = re.compile(r"\*\*+|__+")


def _mark_gap(mark: re.Match[str], before: str) -> str:
    """A space for a mark that stands where one was lost, between a word or a mark and the
    next word (``before``: the text before the run), else nothing."""
    text, start, end = mark.string, mark.start(), mark.end()
    left = text[start - 1] if start else before
    lost = bool(left) and not left.isspace() and left not in OPENERS
    return " " if lost and text[end:end + 1].isalnum() else ""


def _box_title(line: str) -> bool:
    """Whether a paragraph's first line opens a box: after a pipe, one cell of a few words
    shaped like a heading ("| Defi Layers")."""
    cell = line.lstrip("|").rstrip()
    return line.startswith("|") and "|" not in cell and is_heading(_cell_text(cell))


def _cell_text(cell: str) -> str:
    """A cell of a line between pipes as text: links as their words, marks left out."""
    return " ".join(_unmarked(re.sub(_LINK, r"\1", cell)).split())


def _unlinked(runs: Inline) -> str:
    """The text of ``runs`` outside their links."""
    return "".join(run.text for run in runs if not run.link)


def _unmarked(line: str) -> str:
    """A line without its bold and italic markers and table pipes."""
    return " ".join(re.sub(r"[*_]{1,2}|\|", " ", line).split())


def _item_texts(block: ListBlock) -> list[str]:
    """The text of every item of a list, nested ones too."""
    return [text for item in block.items
            for text in (plain_text(item.runs), *(t for child in item.children
                                                  for t in _item_texts(child)))]


def _list_block(node: MarkdownNode) -> ListBlock:
    items = []
    for item in node.children:
        runs: Inline = ()
        children = []
        for child in item.children:
            if child.type == "paragraph":
                more = _runs(child.children[0])
                runs = (*runs, Run(" "), *more) if runs else more
            elif child.type in ("bullet_list", "ordered_list"):
                children.append(_list_block(child))
        items.append(ListItem(runs=runs, children=tuple(children)))
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1) or 1) if ordered else 1
    return ListBlock(items=tuple(items), ordered=ordered, start=start)
