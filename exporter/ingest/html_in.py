"""HTML articles (``.html``, ``.htm``): the main content, then its structure.

Owns :func:`read_html`. readability-lxml finds the page's main content (menus, sidebars,
footers and comments left out); its structure is read from ``h1``-``h6`` (headings with
their level), ``p``, ``ul``/``ol``/``li`` (nested lists), ``table`` (the first row as the
header), ``pre`` (code blocks, line for line, with the language its ``language-*`` class
names), ``figure``/``img`` (images) and ``figcaption`` (captions, as asides), with bold,
italics and links kept. The title is the page's ``<h1>``, else its ``<title>`` (without a
" | Site" suffix), else the first short line before the main content, where date lines and
report numbers are looked for too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from exporter.errors import IngestError
from exporter.ingest.pieces import Article, Heading, Piece, is_navigation, paragraph
from exporter.model import CodeBlock, Image, Inline, ListBlock, ListItem, Paragraph, Run, Table

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(("p", "ul", "ol", "table", "figure", "img", "blockquote", "div",
                     "section", "article", "main", "figcaption", "pre", *_HEADINGS))
_LANGUAGE_CLASS = re.compile(r"(?:language|lang|highlight)-([\w+#.-]+)")
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{1,60}$")
_HEADER_LINES = 12


def read_html(text: str, path: Path) -> Article:
    """The pieces and front matter of an HTML article."""
    from readability import Document as Readable

    try:
        page = lxml_html.document_fromstring(text)
        content = lxml_html.fragment_fromstring(
            Readable(text).summary(html_partial=True), create_parent="div")
    except Exception as exc:  # lxml and readability raise their own errors for bad pages
        raise IngestError(f"cannot read the HTML page ({exc.__class__.__name__})", path=path,
                          hint="save the page again from the browser, or as plain text") from None
    pieces = list(_pieces(content))
    article = Article(pieces=pieces, title=_page_title(page))
    article.pieces = _header_lines(page, pieces) + pieces
    return article


def _page_title(page: lxml_html.HtmlElement) -> str:
    for element in page.iter("h1"):
        if title := " ".join(element.text_content().split()):
            return title
    titles = page.findall(".//title")
    title = " ".join(titles[0].text_content().split()) if titles else ""
    return _TITLE_SUFFIX.sub("", title)


def _header_lines(page: lxml_html.HtmlElement, pieces: list[Piece]) -> list[Piece]:
    """The short lines of the page before its main content, as paragraphs (the draft
    takes the title, dates and report numbers from them)."""
    first = next((p.text for p in pieces if isinstance(p, Paragraph)), "")
    lines: list[Piece] = []
    body = page.find("body")
    if body is None or not first:
        return lines
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        own = " ".join((element.text or "").split())
        if not own:
            continue
        if own and first.startswith(own[:40]):
            break
        if len(own.split()) <= 30:
            lines.append(Paragraph((Run(own),)))
        if len(lines) >= _HEADER_LINES:
            break
    return lines


def _pieces(element: lxml_html.HtmlElement) -> Iterator[Piece]:
    """The pieces of an element's children, in reading order."""
    inline: list[Run] = []
    if element.text and element.text.strip():
        inline.append(Run(element.text))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKS:
            yield from _flush(inline)
            inline = []
            yield from _block(child, tag)
        else:
            inline.extend(_runs(child))
        if child.tail and child.tail.strip():
            inline.append(Run(child.tail))
    yield from _flush(inline)


def _flush(runs: list[Run]) -> Iterator[Piece]:
    merged = _tidy(runs)
    if merged and not is_navigation(merged):
        yield paragraph(merged)


def _block(element: lxml_html.HtmlElement, tag: str) -> Iterator[Piece]:
    if tag in _HEADINGS:
        title = " ".join(element.text_content().split())
        if title:
            yield Heading(title, element.sourceline, _HEADINGS[tag])
    elif tag == "p":
        yield from _flush(list(_runs(element, top=True)))
    elif tag in ("ul", "ol"):
        block = _list(element)
        if block.items and not all(is_navigation(item.runs) for item in block.items):
            yield block
    elif tag == "table":
        table = _table(element)
        if table is not None:
            yield table
    elif tag == "img":
        yield Image(src=element.get("src", ""), alt=element.get("alt", ""))
    elif tag == "figcaption":
        text = " ".join(element.text_content().split())
        if text:
            yield Paragraph((Run(text, italic=True),))
    elif tag == "pre":
        text = element.text_content().strip("\n").rstrip()
        if text.strip():
            yield CodeBlock(text, _language(element))
    else:  # div, section, figure, blockquote...
        yield from _pieces(element)


def _language(pre: lxml_html.HtmlElement) -> str:
    """The language a ``pre`` (or the ``code`` in it) names in its classes."""
    for element in (pre, *pre.iter("code")):
        match = _LANGUAGE_CLASS.search(element.get("class", ""))
        if match:
            return match.group(1)
    return ""


def _runs(element: lxml_html.HtmlElement, *, top: bool = False, bold: bool = False,
          italic: bool = False, link: str | None = None) -> Iterator[Run]:
    """The inline runs of an element (its tail is the caller's)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        yield Run(" ", bold, italic, link=link)
        return
    if not top:
        bold = bold or tag in ("b", "strong")
        italic = italic or tag in ("i", "em", "cite")
        if tag == "a" and element.get("href"):
            link = element.get("href")
    if element.text:
        yield Run(element.text, bold, italic, link=link)
    for child in element:
        yield from _runs(child, bold=bold, italic=italic, link=link)
        if child.tail:
            yield Run(child.tail, bold, italic, link=link)


def _tidy(runs: list[Run]) -> Inline:
    """Runs with spaces folded, empty ones dropped and neighbours of one format merged."""
    out: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if not text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].link) == (run.bold, run.italic,
                                                                     run.link):
            out[-1] = Run(out[-1].text + text, run.bold, run.italic, link=run.link)
        else:
            out.append(Run(text, run.bold, run.italic, link=run.link))
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic, link=out[0].link)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic, link=out[-1].link)
    return tuple(run for run in out if run.text)


def _list(element: lxml_html.HtmlElement) -> ListBlock:
    items = []
    for item in element.iterchildren("li"):
        runs: list[Run] = []
        children = []
        if item.text:
            runs.append(Run(item.text))
        for child in item:
            if child.tag in ("ul", "ol"):
                children.append(_list(child))
            else:
                runs.extend(_runs(child))
            if child.tail:
                runs.append(Run(child.tail))
        items.append(ListItem(runs=_tidy(runs), children=tuple(children)))
    start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
    return ListBlock(items=tuple(items), ordered=element.tag == "ol", start=start)


def _table(element: lxml_html.HtmlElement) -> Table | None:
    rows = [tuple(_tidy(list(_runs(cell, top=True))) for cell in row.iterchildren("td", "th"))
            for row in element.iter("tr")]
    rows = [row for row in rows if row]
    if not rows:
        return None
    return Table(header=rows[0], rows=tuple(rows[1:]))
