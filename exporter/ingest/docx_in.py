"""Word articles (``.docx``): Title and Heading styles or outline levels, lists, tables,
images.

Owns :func:`read_docx`. The body is read in order with python-docx (this reader of input,
like the audit, opens Word files; the renderers write them): a paragraph in the Title style
is the title; one in a Heading style, or with an outline level, is a heading of that
level; List styles and numbered paragraphs are list items (numbered when the style says
Number); the Caption style gives an aside; paragraphs in a code style ("Source Code",
"HTML Preformatted", "Plain Text"...) one after the other are a code block, line for line;
tables keep their cells (the first row is the header); pictures become images whose bytes
are handed back to be saved beside the draft. Bold, italics and hyperlinks are kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.errors import IngestError
from exporter.ingest.levels import MAX_LEVEL
from exporter.ingest.lines import plain_key
from exporter.ingest.pieces import Article, Heading, Piece, aside, paragraph
from exporter.ingest.plaintext import headings_in_prose
from exporter.model import CodeBlock, Image, ListBlock, ListItem, Run, Table

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.I)
_CODE_STYLE = re.compile(r"(?:source\s*)?code(?:\s*(?:block|example))?|(?:html\s*)?preformatted"
                         r"(?:\s*text)?|plain\s*text|macro\s*text|verbatim|listing", re.I)
#: The styles of a table of contents' lines and heading (Word's "TOC 1", Writer's
#: "Contents 1").
_CONTENTS_STYLE = re.compile(r"(?:toc|contents)\s*(?:\d+|heading)", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def read_docx(data: bytes, path: Path) -> tuple[Article, dict[str, bytes]]:
    """The pieces and front matter of a Word article, and its pictures by file name
    (``<stem>-images/image1.png``...)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"is not a Word document ({exc.__class__.__name__})", path=path,
                          hint="save it from Word as .docx, or as plain text") from None
    reader = _Reader(document, f"{path.stem}-images")
    pieces = _titled(list(reader.body()))
    title = next((p.title for p in pieces if isinstance(p, _Title)), "") or (
        document.core_properties.title or "").strip()
    body = _code(_lists([p for p in pieces if not isinstance(p, _Title)]))
    first = next((p.title for p in body if isinstance(p, Heading)), "")
    article = Article(pieces=headings_in_prose(body, ignored={plain_key(title or first)}),
                      title=title)
    return article, reader.images


def _titled(pieces: list[Piece | _Item]) -> list[Piece | _Item]:
    """Pieces where, without a paragraph in the Title style, a first heading that is the
    only one at the shallowest level is the title (a web page saved as Word keeps its
    ``<h1>`` as Heading 1)."""
    headings = [p for p in pieces if isinstance(p, Heading)]
    if not headings or any(isinstance(p, _Title) for p in headings):
        return pieces
    levels = [h.level or MAX_LEVEL for h in headings]
    first = headings[0]
    if len(headings) < 2 or levels[0] != min(levels) or levels.count(levels[0]) > 1:
        return pieces
    return [_Title(first.title) if p is first else p for p in pieces]


class _Title(Heading):
    """The paragraph in the Title style."""


class _Item:
    def __init__(self, runs: tuple[Run, ...], ordered: bool, depth: int) -> None:
        self.runs, self.ordered, self.depth = runs, ordered, depth


class _Reader:
    def __init__(self, document: DocxDocument, folder: str) -> None:
        self.document = document
        self.folder = folder
        self.images: dict[str, bytes] = {}

    def body(self) -> Iterator[Piece | _Item]:
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph as DocxParagraph

        for child in self.document.element.body.iterchildren():
            if child.tag == f"{_W}p":
                yield from self.paragraph(DocxParagraph(child, self.document))
            elif child.tag == f"{_W}tbl":
                yield self.table(DocxTable(child, self.document))

    def paragraph(self, para: DocxParagraph) -> Iterator[Piece | _Item]:
        style = (para.style.name if para.style is not None else "") or ""
        runs = tuple(self.runs(para))
        text = "".join(run.text for run in runs).strip()
        yield from self.pictures(para)
        if _CODE_STYLE.fullmatch(style.strip()):
            yield CodeBlock("".join(run.text for run in runs).rstrip())
            return
        if not text or _CONTENTS_STYLE.fullmatch(style.strip()):
            return  # the lines of a table of contents repeat the headings
        level = _heading_level(para, style)
        if style.casefold() == "title":
            yield _Title(" ".join(text.split()))
        elif level is not None:  # a number set off by a tab ("1.1\tBackground") reads spaced
            yield Heading(" ".join(text.split()), None, level)
        elif style.casefold().startswith("caption"):
            yield aside(text)
        elif style.casefold().startswith("list") or _numbered(para):
            yield _Item(runs, "number" in style.casefold(), _depth(para, style))
        else:
            yield paragraph(runs)

    def runs(self, para: DocxParagraph) -> Iterator[Run]:
        from docx.text.hyperlink import Hyperlink

        for part in para.iter_inner_content():
            if isinstance(part, Hyperlink):
                if part.text:
                    yield Run(part.text, link=part.address or None)
            elif part.text:
                yield Run(part.text, bold=bool(part.bold), italic=bool(part.italic))

    def pictures(self, para: DocxParagraph) -> Iterator[Image]:
        for blip in para._p.iter(_BLIP):
            rid = blip.get(_EMBED)
            part = para.part.related_parts.get(rid) if rid else None
            if part is None:
                continue
            name = f"{self.folder}/image{len(self.images) + 1}{Path(part.partname).suffix}"
            self.images[name] = part.blob
            yield Image(src=name, alt="")

    def table(self, table: DocxTable) -> Table:
        rows = [tuple((Run(" ".join(cell.text.split())),) if cell.text.strip() else ()
                      for cell in row.cells) for row in table.rows]
        return Table(header=rows[0] if rows else (), rows=tuple(rows[1:]))


def _numbered(para: DocxParagraph) -> bool:
    ppr = para._p.pPr
    return ppr is not None and ppr.numPr is not None


def _depth(para: DocxParagraph, style: str) -> int:
    """How deep a list item is: its numbering level, else the digit of "List Bullet 2"."""
    ppr = para._p.pPr
    level = ppr.find(f"{_W}numPr/{_W}ilvl") if ppr is not None else None
    if level is not None and (value := level.get(f"{_W}val", "")).isdigit():
        return int(value)
    match = re.search(r"(\d)$", style)
    return int(match.group(1)) - 1 if match else 0


def _heading_level(para: DocxParagraph, style: str) -> int | None:
    """The level of a heading: from its style name, else its outline level."""
    match = _HEADING_STYLE.fullmatch(style.strip())
    if match:
        return int(match.group(1))
    ppr = para._p.pPr
    outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    if outline is not None and (value := outline.get(f"{_W}val", "")).isdigit() \
            and int(value) < 9:
        return int(value) + 1
    return None


def _lists(pieces: list[Piece | _Item]) -> list[Piece]:
    """Consecutive list items made lists (nested by their depth)."""
    out: list[Piece] = []
    run: list[_Item] = []
    for piece in [*pieces, None]:
        if isinstance(piece, _Item):
            run.append(piece)
            continue
        if run:
            out.append(_nest(run, 0))
            run = []
        if piece is not None:
            out.append(piece)
    return out


def _code(pieces: list[Piece]) -> list[Piece]:
    """Consecutive code lines made one code block, without blank lines at its ends."""
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, CodeBlock) and out and isinstance(out[-1], CodeBlock):
            out[-1] = CodeBlock(f"{out[-1].text}\n{piece.text}")
        else:
            out.append(piece)
    return [CodeBlock(piece.text.strip("\n")) if isinstance(piece, CodeBlock) else piece
            for piece in out if not isinstance(piece, CodeBlock) or piece.text.strip()]


def _nest(items: list[_Item], depth: int) -> ListBlock:
    top: list[ListItem] = []
    index = 0
    while index < len(items):
        item = items[index]
        deeper = []
        index += 1
        while index < len(items) and items[index].depth > depth:
            deeper.append(items[index])
            index += 1
        children = (_nest(deeper, depth + 1),) if deeper else ()
        top.append(ListItem(runs=item.runs, children=children))
    return ListBlock(items=tuple(top), ordered=items[0].ordered)
