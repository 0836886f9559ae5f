"""Content files in, document model out: the only code that parses content.

A content file is Markdown (CommonMark with pipe tables, parsed by markdown-it-py and the
mdit-py-plugins container plugin) with a YAML front matter; a ``.json``, ``.yaml`` or
``.yml`` file holding the model's plain-data form is read too. Before parsing, a Markdown
file is rendered by Jinja2 in the sandbox with the audience as context, so one
:class:`Content` gives one :class:`~exporter.model.Document` per audience; files without
Jinja syntax are parsed once and shared.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from exporter.audience import FULL_AUDIENCE, Audience
from exporter.charts import ROW_HINT, ChartTableError, chart_from_table
from exporter.errors import ContentError
from exporter.files import read_input
from exporter.limits import CONTENT_FILE, DATA_DEPTH, MARKDOWN_NESTING
from exporter.model import (
    MAX_LEVEL,
    REMOVED_CHARACTERS,
    XML_ILLEGAL,
    Block,
    Callout,
    Chart,
    CodeBlock,
    Document,
    Image,
    Inline,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Timeline,
    TimelineEntry,
    clean_plain_data,
    from_data,
    metadata_from_mapping,
    plain_text,
)
from exporter.templating import content_context, has_jinja, render_text
from exporter.text import slugify
from exporter.yamlutil import load_yaml

CONTAINERS = ("keypoints", "notes", "timeline", "callout", "bluf", "chart")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
_HEADING_ATTRS = re.compile(r"\s*\{([^{}]*)\}\s*$")
_CHART_PARAMS = re.compile(r"(?P<kind>\S+)\s*(?P<title>.*)")
_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"))
_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
#: Levels a block rule opens before markdown-it parses the blocks inside it (a list item).
_LEVELS_PER_BLOCK = 2
LOGGER = logging.getLogger("exporter")


# ---------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------


@dataclass
class Content:
    """A content file read once; :meth:`document_for` gives each audience's document."""

    path: Path
    text: str
    _parsed: dict[str, Document] = field(default_factory=dict, repr=False)

    @property
    def is_data(self) -> bool:
        return self.path.suffix.lower() in (".json", ".yaml", ".yml")

    @property
    def varies_by_audience(self) -> bool:
        return not self.is_data and has_jinja(self.text, content=True)

    def document_for(self, audience: Audience = FULL_AUDIENCE) -> Document:
        """The parsed document as ``audience`` sees it (before section selection)."""
        text = self.text
        if self.varies_by_audience:
            text = _without_control_characters(
                render_text(text, content_context(audience), path=self.path, content=True),
                self.path)
        if text not in self._parsed:
            if self.is_data:
                self._parsed[text] = _parse_data(text, self.path)
            else:
                self._parsed[text] = parse_markdown(text, path=self.path)
        return self._parsed[text]


def read_content(path: Path) -> Content:
    """Read a content file; ContentError when it is missing, unreadable or not UTF-8 text."""
    data = read_input(path, error=ContentError, what="content file",
                      missing_hint="check the path, or omit it to build the shipped article",
                      expected="a .md, .json or .yaml file", limit=CONTENT_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            "is not UTF-8 text", path=path, line=line,
            hint="save it as UTF-8, or run `exporter ingest` on plain text") from None
    if "\x00" in text:
        raise ContentError("looks like a binary file, not a content file", path=path,
                           hint="name a Markdown (.md), JSON or YAML content file")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Content(path=path, text=_without_control_characters(text, path))


def _without_control_characters(text: str, path: Path) -> str:
    """``text`` without the characters XML (and so Word and PowerPoint) cannot hold."""
    match = XML_ILLEGAL.search(text)
    if match is None:
        return text
    cleaned, count = XML_ILLEGAL.subn("", text)
    line = text.count("\n", 0, match.start()) + 1
    LOGGER.warning("%s:%d: removed %d %s", path, line, count, REMOVED_CHARACTERS)
    return cleaned


def read_document(path: Path, audience: Audience = FULL_AUDIENCE) -> Document:
    """Read and parse a content file for one audience (before section selection)."""
    return read_content(path).document_for(audience)


def _parse_data(text: str, path: Path) -> Document:
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ContentError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno,
                               column=exc.colno, hint="fix the JSON syntax") from None
        except RecursionError:
            raise _json_too_deep(text, path) from None
    else:
        data = load_yaml(text, path=path, error=ContentError)
    if clean_plain_data(data, path=path, where="data") > DATA_DEPTH.count:
        raise _json_too_deep(text, path)  # only JSON can be: YAML is refused while loaded
    return from_data(data, path=str(path))


def _json_too_deep(text: str, path: Path) -> ContentError:
    """The error for JSON nested deeper than the limit, at the line where it goes too deep
    (YAML is refused while it is loaded)."""
    depth, line = 0, None
    for match in _JSON_NESTING.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > DATA_DEPTH.count:
                line = text.count("\n", 0, match.start()) + 1
                break
        elif token in ("]", "}"):
            depth -= 1
    return ContentError(f"JSON nested more than {DATA_DEPTH} deep", path=path, line=line,
                        hint=f"flatten the data, or {DATA_DEPTH.raise_hint}")


# ---------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------


@functools.cache
def _markdown(nesting: int) -> MarkdownIt:
    """The Markdown parser; a block nested ``nesting`` levels deep is an error. markdown-it
    itself would drop everything after such a block (its own limit is set just above)."""
    md = MarkdownIt("commonmark", {"typographer": False,
                                   "maxNesting": nesting + _LEVELS_PER_BLOCK}).enable("table")
    container_plugin(md, name="div", validate=lambda params, *args: True)
    md.block.ruler.before("table", "nesting_limit", _nesting_limit)
    return md


def _parser() -> MarkdownIt:
    return _markdown(MARKDOWN_NESTING.count)


def _nesting_limit(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A block rule that matches nothing: it refuses a block nested too deeply."""
    limit = state.md.options.maxNesting - _LEVELS_PER_BLOCK
    if state.level >= limit:
        raise ContentError(
            f"nested more than {MARKDOWN_NESTING} deep (each list takes two levels, each "
            "quote or container one); the rest of the file would be lost", path=state.env["path"],
            line=start_line + 1 + state.env["line_offset"],
            hint=f"nest lists at most {limit // _LEVELS_PER_BLOCK - 1} deep, or "
                 f"{MARKDOWN_NESTING.raise_hint}")
    return False


def parse_markdown(text: str, *, path: Path | str) -> Document:
    """Parse a Markdown content file (after Jinja) into a Document."""
    meta, body, offset = _split_front_matter(text, path)
    builder = _Builder(path=str(path), offset=offset, lines=body.split("\n"))
    tokens = _parser().parse(body, {"path": str(path), "line_offset": offset})
    intro, sections = builder.build(_tree(tokens))
    return Document(meta=meta, intro=intro, sections=sections, source_path=str(path))


class _Node:
    """markdown-it's token stream as a tree: a token, or an opening and closing pair with
    the nodes between (what ``markdown_it.tree.SyntaxTreeNode`` gives, without links back
    to the parent, which would make a long article's tree garbage only the cyclic
    collector can free)."""

    __slots__ = ("children", "token", "type")

    def __init__(self, token: Token, children: list[_Node]) -> None:
        self.token = token
        self.type = token.type.removesuffix("_open") if token.nesting == 1 else token.type
        self.children = children

    @property
    def tag(self) -> str:
        return self.token.tag

    @property
    def attrs(self) -> dict[str, str | int | float]:
        return self.token.attrs

    @property
    def map(self) -> tuple[int, int] | None:
        return (self.token.map[0], self.token.map[1]) if self.token.map else None

    @property
    def info(self) -> str:
        return self.token.info

    @property
    def content(self) -> str:
        return self.token.content


def _tree(tokens: Sequence[Token]) -> list[_Node]:
    """The top-level nodes of a token stream."""
    top: list[_Node] = []
    stack = [top]
    for token in tokens:
        if token.nesting == 1:
            node = _Node(token, [])
            stack[-1].append(node)
            stack.append(node.children)
        elif token.nesting == -1:
            stack.pop()
        else:
            stack[-1].append(_Node(token, _tree(token.children) if token.children else []))
    return top


def _split_front_matter(text: str, path: Path | str) -> tuple[Metadata, str, int]:
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError("no YAML front matter", path=path, line=1,
                           hint="start the file with a `---` line, `title: ...`, and `---`")
    data = load_yaml(match.group(1), path=path, error=ContentError, line_offset=1)
    if data is None:
        data = {}
    clean_plain_data(data, path=path, where="front matter")
    meta = metadata_from_mapping(data, path=str(path), line_offset=1)
    offset = text[: match.end()].count("\n")
    return meta, text[match.end():], offset


@dataclass
class _Draft:
    """A section being assembled while walking the token tree."""

    id: str
    title: str
    level: int
    tags: tuple[str, ...]
    line: int
    blocks: list[Block] = field(default_factory=list)
    keypoints: list[Inline] = field(default_factory=list)
    notes: list[Block] | None = None
    children: list[_Draft] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            id=self.id, title=self.title, level=self.level, tags=self.tags,
            blocks=tuple(self.blocks), keypoints=tuple(self.keypoints),
            notes=None if self.notes is None else tuple(self.notes),
            subsections=tuple(child.freeze() for child in self.children), line=self.line)


class _Builder:
    """Turns markdown-it's syntax tree into model blocks and sections."""

    def __init__(self, *, path: str, offset: int, lines: Sequence[str]) -> None:
        self.path = path
        self.offset = offset
        self.lines = lines  # the source, for what the parser evens out (a chart's rows)
        self.ids: dict[str, int] = {}

    def line_of(self, node: _Node) -> int | None:
        return node.map[0] + 1 + self.offset if node.map else None

    def error(self, message: str, node: _Node, hint: str) -> ContentError:
        return ContentError(message, path=self.path, line=self.line_of(node), hint=hint)

    # --- sections ------------------------------------------------------------------------

    def build(
        self, nodes: Sequence[_Node]
    ) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
        intro: list[Block] = []
        top: list[_Draft] = []
        stack: list[_Draft] = []
        for node in nodes:
            if node.type == "heading":
                draft = self.heading(node, stack)
                while stack and stack[-1].level >= draft.level:
                    stack.pop()
                (stack[-1].children if stack else top).append(draft)
                stack.append(draft)
            elif node.type == "container_div":
                self.container(node, stack[-1] if stack else None)
            else:
                target = stack[-1].blocks if stack else intro
                target.extend(self.blocks([node]))
        return tuple(intro), tuple(draft.freeze() for draft in top)

    def heading(self, node: _Node, stack: list[_Draft]) -> _Draft:
        level = int(node.tag[1])
        if level > MAX_LEVEL:
            raise self.error(f"heading level {level} is deeper than ###", node,
                             "use #, ## or ### headings, or bold text")
        parent_level = stack[-1].level if stack else 0
        if level > parent_level + 1:
            raise self.error(f"heading level jumps from {parent_level} to {level}", node,
                             f"use {'#' * (parent_level + 1)} for this heading")
        inline = node.children[0] if node.children else None
        raw = inline.content if inline is not None else ""
        title, ident, tags = self.heading_attrs(raw, node)
        if not title:
            raise self.error("empty heading", node, "give the heading a title")
        ident = ident or slugify(title)
        line = self.line_of(node) or 0
        if ident in self.ids:
            raise self.error(f"heading id `{ident}` is used twice (first on line "
                             f"{self.ids[ident]})", node, "give one heading another {#id}")
        self.ids[ident] = line
        return _Draft(id=ident, title=title, level=level, tags=tags, line=line)

    def heading_attrs(self, raw: str, node: _Node) -> tuple[str, str, tuple[str, ...]]:
        match = _HEADING_ATTRS.search(raw)
        if not match:
            return _inline_title(raw), "", ()
        ident = ""
        tags: list[str] = []
        for word in match.group(1).split():
            if word.startswith("#") and len(word) > 1:
                ident = word[1:]
            elif word.startswith(".") and len(word) > 1:
                tags.append(word[1:])
            else:
                raise self.error(f"heading attribute `{word}` is not `#id` or `.tag`", node,
                                 "write attributes as {#id .tag .tag}")
        return _inline_title(raw[: match.start()]), ident, tuple(tags)

    # --- containers ----------------------------------------------------------------------

    def container(self, node: _Node, section: _Draft | None) -> None:
        params = node.info.strip().split(maxsplit=1)
        name = params[0].lower() if params else ""
        title = params[1] if len(params) > 1 else ""
        if name not in CONTAINERS:
            raise self.error(f"unknown container `::: {name}`", node,
                             f"use one of: {', '.join(CONTAINERS)}")
        if name == "chart":
            if section is None:
                raise self.error("`::: chart` before the first heading", node,
                                 "move it under the section it belongs to")
            section.blocks.append(self.chart(title, node))
            return
        if name in ("callout", "bluf", "timeline"):
            block = self.boxed(name, title, node)
            (section.blocks if section else self.intro_sink).append(block)
            return
        if section is None:
            raise self.error(f"`::: {name}` before the first heading", node,
                             "move it under the section it belongs to")
        if name == "keypoints":
            section.keypoints.extend(self.keypoints(node))
        else:
            section.notes = (section.notes or []) + list(self.blocks(node.children))

    @property
    def intro_sink(self) -> list[Block]:
        raise ContentError("callouts and timelines must be inside a section", path=self.path,
                           hint="move the container under a heading")

    def boxed(self, name: str, title: str, node: _Node) -> Block:
        if name != "timeline":
            return Callout(kind=name, title=title, blocks=tuple(self.blocks(node.children)))
        entries: list[TimelineEntry] = []
        for item_runs in self.list_texts(node):
            text = plain_text(item_runs)
            when, sep, _ = text.partition(":")
            if not sep or not when.strip():
                raise self.error(f"timeline item {text[:40]!r} has no `when:`", node,
                                 "write timeline items as `- 1997: what happened`")
            entries.append(TimelineEntry(when=when.strip(),
                                         runs=_strip_runs(_drop_prefix(item_runs, len(when) + 1))))
        return Timeline(entries=tuple(entries), title=title)

    def chart(self, params: str, node: _Node) -> Chart:
        """A ``::: chart KIND "Title"`` around a pipe table."""
        usage = 'write `::: chart KIND "Title"` around a pipe table'
        match = _CHART_PARAMS.fullmatch(params.strip())
        if match is None:
            raise self.error("`::: chart` needs a kind and a title", node, usage)
        tables = [child for child in node.children if child.type == "table"]
        others = [child for child in node.children if child.type != "table"]
        if others or len(tables) > 1:
            raise self.error("a chart holds one pipe table and nothing else",
                             (others or tables[1:])[0], usage)
        if not tables:
            raise self.error("`::: chart` holds no table", node, usage)
        rows = self.written_rows(tables[0])
        try:
            return chart_from_table(match["kind"].lower(), _unquoted(match["title"]),
                                    self.table(tables[0]))
        except ChartTableError as exc:
            raise self.error(str(exc), node if exc.row is None else rows[exc.row],
                             exc.hint) from None

    def written_rows(self, table: _Node) -> list[_Node]:
        """The rows of a table (the header first); a row with more or fewer cells than
        the header (which the parser would pad or cut) is an error on its line."""
        rows = [row for part in table.children for row in part.children]
        columns = len(rows[0].children)
        for row in rows[1:]:
            written = _written_cells(self.lines[row.map[0]]) if row.map else columns
            if written != columns:
                raise self.error(f"the row has {written} cells where the header has "
                                 f"{columns}", row, ROW_HINT)
        return rows

    def keypoints(self, node: _Node) -> list[Inline]:
        return list(self.list_texts(node))

    def list_texts(self, node: _Node) -> Iterator[Inline]:
        """Every list item (flattened) or paragraph inside a container, as inline runs."""
        for child in node.children:
            if child.type in ("bullet_list", "ordered_list"):
                for block in self.blocks([child]):
                    assert isinstance(block, ListBlock)
                    yield from _flatten_items(block.items)
            elif child.type == "paragraph":
                yield self.inline(child.children[0])
            else:
                raise self.error(f"unexpected {child.type.replace('_', ' ')} in a container",
                                 child, "write key points and timelines as `- ` list items")

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, nodes: Iterable[_Node]) -> Iterator[Block]:
        for node in nodes:
            yield from self.block(node)

    def block(self, node: _Node) -> Iterator[Block]:
        kind = node.type
        if kind == "paragraph":
            yield from self.paragraph(node)
        elif kind in ("bullet_list", "ordered_list"):
            yield self.list_block(node)
        elif kind == "table":
            yield self.table(node)
        elif kind in ("fence", "code_block"):
            yield CodeBlock(text=node.content.rstrip("\n"), language=(node.info or "").strip())
        elif kind == "blockquote":
            yield Quote(tuple(self.blocks(node.children)))
        elif kind == "container_div":
            raise self.error("containers cannot be nested in other blocks", node,
                             "put `:::` containers at the top level of a section")
        elif kind == "heading":
            raise self.error("a heading inside a list, quote or container", node,
                             "move the heading out to the top level")
        elif kind in ("hr", "html_block"):
            return
        else:
            raise self.error(f"unsupported Markdown element {kind}", node, "remove it")

    def paragraph(self, node: _Node) -> Iterator[Block]:
        inline = node.children[0]
        images = [c for c in inline.children if c.type == "image"]
        runs = self.inline(inline)
        if runs and plain_text(runs).strip():
            yield Paragraph(runs)
        for image in images:
            yield Image(src=str(image.attrs.get("src", "")), alt=_image_alt(image),
                        title=str(image.attrs.get("title", "") or ""))

    def list_block(self, node: _Node) -> ListBlock:
        items = []
        for item in node.children:
            runs: Inline = ()
            children: list[ListBlock] = []
            for child in item.children:
                if child.type == "paragraph":
                    more = self.inline(child.children[0])
                    runs = (*runs, Run(" "), *more) if runs else more
                elif child.type in ("bullet_list", "ordered_list"):
                    children.append(self.list_block(child))
                else:
                    raise self.error(f"a {child.type.replace('_', ' ')} inside a list item",
                                     child, "keep list items to text and nested lists")
            items.append(ListItem(runs=runs, children=tuple(children)))
        start = int(node.attrs.get("start", 1) or 1) if node.type == "ordered_list" else 1
        return ListBlock(items=tuple(items), ordered=node.type == "ordered_list", start=start)

    def table(self, node: _Node) -> Table:
        header: tuple[Inline, ...] = ()
        rows: list[tuple[Inline, ...]] = []
        align: list[str] = []
        for part in node.children:
            for row in part.children:
                cells = tuple(self.inline(cell.children[0]) if cell.children else ()
                              for cell in row.children)
                if part.type == "thead":
                    header = cells
                    align = [_cell_align(cell) for cell in row.children]
                else:
                    rows.append(cells)
        return Table(header=header, rows=tuple(rows), align=tuple(align))

    # --- inline --------------------------------------------------------------------------

    def inline(self, node: _Node) -> Inline:
        return inline_runs(node)


#: A node of markdown-it's syntax tree, as :func:`syntax_tree` gives them.
MarkdownNode = _Node


def syntax_tree(md: MarkdownIt, text: str) -> list[_Node]:
    """The top-level nodes of ``text`` parsed by ``md`` (for ``exporter ingest`` too)."""
    return _tree(md.parse(text))


def inline_runs(node: _Node) -> Inline:
    """The runs of an inline node: text, bold, italics, code and links (images are
    lifted out as blocks by the paragraph handler)."""
    runs: list[Run] = []
    _collect_runs(node.children, runs, bold=False, italic=False, link=None)
    return _merge_runs(runs)


def _collect_runs(nodes: Sequence[_Node], out: list[Run], *, bold: bool,
                  italic: bool, link: str | None) -> None:
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(Run(node.content, bold=bold, italic=italic, link=link))
        elif kind == "softbreak":
            out.append(Run(" ", bold=bold, italic=italic, link=link))
        elif kind == "hardbreak":
            out.append(Run("\n", bold=bold, italic=italic, link=link))
        elif kind == "code_inline":
            out.append(Run(node.content, bold=bold, italic=italic, code=True, link=link))
        elif kind == "strong":
            _collect_runs(node.children, out, bold=True, italic=italic, link=link)
        elif kind == "em":
            _collect_runs(node.children, out, bold=bold, italic=True, link=link)
        elif kind == "link":
            href = str(node.attrs.get("href", ""))
            _collect_runs(node.children, out, bold=bold, italic=italic, link=href or None)
        elif kind == "html_inline":
            out.append(Run(node.content, bold=bold, italic=italic, link=link))
        # images are lifted out as Image blocks by the paragraph handler


def _merge_runs(runs: Sequence[Run]) -> Inline:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.code, last.link) == (
                run.bold, run.italic, run.code, run.link):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.code, run.link)
        else:
            merged.append(run)
    return tuple(merged)


def _inline_title(raw: str) -> str:
    """A heading's text: inline Markdown markers removed, spaces folded."""
    runs: list[Run] = []
    for child in _tree(_parser().parseInline(raw.strip())):
        _collect_runs(child.children, runs, bold=False, italic=False, link=None)
    return " ".join(plain_text(tuple(runs)).split())


def _image_alt(node: _Node) -> str:
    runs: list[Run] = []
    _collect_runs(node.children, runs, bold=False, italic=False, link=None)
    return plain_text(tuple(runs)).strip()


def _cell_align(cell: _Node) -> str:
    style = str(cell.attrs.get("style", ""))
    return style.removeprefix("text-align:").strip() if style else ""


def _written_cells(line: str) -> int:
    """How many cells a table row's source line writes (as markdown-it splits it)."""
    cells = escapedSplit(line.strip())
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return len(cells)


def _unquoted(text: str) -> str:
    """``text`` without the quotes around it."""
    text = text.strip()
    for opening, closing in _QUOTES:
        if len(text) > 1 and text.startswith(opening) and text.endswith(closing):
            return text[1:-1].strip()
    return text


def _flatten_items(items: Sequence[ListItem]) -> Iterator[Inline]:
    for item in items:
        yield item.runs
        for child in item.children:
            yield from _flatten_items(child.items)


def _drop_prefix(runs: Inline, count: int) -> Inline:
    """``runs`` without their first ``count`` characters."""
    out: list[Run] = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        out.append(Run(run.text[count:], run.bold, run.italic, run.code, run.link))
        count = 0
    return tuple(out)


def _strip_runs(runs: Inline) -> Inline:
    if not runs:
        return runs
    first = runs[0]
    runs = (Run(first.text.lstrip(), first.bold, first.italic, first.code, first.link), *runs[1:])
    last = runs[-1]
    runs = (*runs[:-1], Run(last.text.rstrip(), last.bold, last.italic, last.code, last.link))
    return tuple(run for run in runs if run.text)


def today_iso() -> str:
    """Today's date as YYYY-MM-DD (for drafts)."""
    return _dt.date.today().isoformat()
