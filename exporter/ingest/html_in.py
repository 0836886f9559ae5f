"""HTML articles (``.html``, ``.htm``): the main content, then its structure.

Owns :func:`read_html`. readability-lxml finds the page's main content (menus, sidebars,
footers and comments left out); its structure is read from ``h1``-``h6`` (headings with
their level), ``p``, ``ul``/``ol``/``li`` (nested lists), ``table`` (the first row as the
header), ``pre`` (code blocks, line for line, with the language its ``language-*`` class
names), ``figure``/``img`` (images) and ``figcaption`` (captions, as asides), with bold,
italics and links kept. The title, date and authors come from what the page says of
itself (``<meta>`` tags, JSON-LD) and its ``<h1>`` and byline element; the short lines
before the main content are looked at for date lines and report numbers too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from exporter.errors import IngestError
from exporter.ingest.lines import byline_of, date_of, plain_key, report_number_of
from exporter.ingest.pieces import Article, Heading, Piece, is_navigation, paragraph
from exporter.model import CodeBlock, Image, Inline, ListBlock, ListItem, Paragraph, Run, Table
from exporter.text import word_count

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: The parts of a table that readability may hand back without their ``<table>``.
_TABLE_PARTS = frozenset(("tbody", "thead", "tfoot", "tr"))
_BLOCKS = frozenset(("p", "ul", "ol", "table", "figure", "img", "blockquote", "div",
                     "section", "article", "main", "figcaption", "pre", *_HEADINGS,
                     *_TABLE_PARTS))
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
    _drop_page_marks(content)
    pieces = _preformatted_article(content) or list(_pieces(content))
    described = _described(page)
    article = Article(pieces=pieces, title=_page_title(page, described),
                      date=_page_date(described), author=_page_author(page, described))
    header = _header_lines(page, pieces)
    if not article.title:  # the draft finds the title among them, with the date
        article.pieces = [Paragraph((Run(line),)) for line in header] + pieces
    _read_header(article, header)
    return article


#: What a page adds to its text for its readers' tools, no part of the article: a wiki's
#: "[edit]" links beside its headings, a documentation page's "¶" heading anchors, and
#: the citation and footnote markers that point to notes the draft leaves out ("[3]").
_PAGE_MARKS = (
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' mw-editsection ')]"
    " | .//a[contains(@href, 'action=edit')]"
    " | .//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]"
    " | .//sup[contains(concat(' ', normalize-space(@class), ' '), ' reference ')]"
    " | .//sup[a[starts-with(@href, '#cite_note') or starts-with(@href, '#fn')]"
    " and not(normalize-space(translate(string(.), '[]0123456789', '')))]")


def _drop_page_marks(content: lxml_html.HtmlElement) -> None:
    """The content without the marks the page adds for its readers' tools
    (:data:`_PAGE_MARKS`); the text after each stays."""
    for element in content.xpath(_PAGE_MARKS):
        if element.getparent() is not None:
            element.drop_tree()


#: The share of a page's text that its preformatted blocks must hold for the page to be
#: a text laid out in them (an Internet-Draft, a plain-text report put on the web).
_PREFORMATTED_SHARE = 0.8


def _preformatted_article(content: lxml_html.HtmlElement) -> list[Piece] | None:
    """The pieces of a page whose article is text laid out in ``<pre>`` blocks (an
    Internet-Draft, a report as plain text), read by the plain-text rules; None when its
    preformatted blocks hold less than :data:`_PREFORMATTED_SHARE` of its text or read as
    a program."""
    from exporter.ingest.listings import is_program_line
    from exporter.ingest.plaintext import read_plain

    blocks = content.xpath(".//pre")
    inside = "\n\n".join(block.text_content() for block in blocks)
    whole = len("".join(content.text_content().split()))
    lines = [line.strip() for line in inside.splitlines() if line.strip()]
    if not whole or len("".join(inside.split())) < _PREFORMATTED_SHARE * whole or \
            sum(map(is_program_line, lines)) > len(lines) / 10:
        return None
    return read_plain(inside).pieces


def _read_header(article: Article, lines: list[str]) -> None:
    """The date, report number and byline of the page's short lines before its main
    content, for what its metadata left unsaid; the lines themselves (menus, buttons, the
    site's name) are no part of the article when the page has a title."""
    for line in lines:
        article.record(("date", date_of(line) or ""))
        article.record(("source", report_number_of(line) or ""))
        article.record(("author", byline_of(line) or ""))


def _page_title(page: lxml_html.HtmlElement, described: dict[str, list[str]]) -> str:
    """The article's title: the first ``<h1>`` that the page's own titles name (its
    ``og:title``, ``twitter:title``, JSON-LD ``headline`` or ``<title>``; an ``<h1>`` of
    one or two words, often the site's name, must match one of them whole), else the
    first of those titles, else the ``<title>`` (without a " | Site" suffix), unless what
    is left of it has fewer than four words and an ``<h1>`` has three or more (a page
    titled with its site's name only: "Google - Site Reliability Engineering")."""
    headings = [text for element in page.iter("h1")
                if (text := " ".join(element.text_content().split()))]
    named = [*described.get("title", [])]
    titles = page.findall(".//title")
    page_title = " ".join(titles[0].text_content().split()) if titles else ""
    for heading in headings:
        if any(_names_heading(title, heading) for title in [*named, page_title] if title):
            return heading
    if named:
        return named[0]
    stripped = _TITLE_SUFFIX.sub("", page_title)
    if stripped == page_title or len(stripped.split()) >= 4:
        return stripped or (headings[0] if headings else "")
    headline = next((h for h in headings if len(h.split()) >= 3), None)
    return headline or stripped


def _names_heading(title: str, heading: str) -> bool:
    """Whether a page's title names this heading: the same words, or (for a heading of
    three words or more) the heading's words within the title's, or the title's within
    the heading's; a heading in Chinese or Japanese (their words unspaced, two characters
    counting as one) only at the start of the title ("DeepMind新电脑… 人工智能迈上新台阶" in
    "…新台阶_科技_腾讯网"), as a blog's name in the middle of one is not the article's."""
    title_key, heading_key = plain_key(title), plain_key(heading)
    if not heading_key:
        return False
    if title_key == heading_key:
        return True
    if len(heading_key.split()) >= 3:
        return heading_key in title_key or title_key in heading_key
    return word_count(heading_key) >= 3 and title_key.startswith(heading_key)


def _page_date(described: dict[str, list[str]]) -> str:
    """The ISO date the page says it was published on, or ""."""
    for value in described.get("date", []):
        if match := _ISO_DAY.match(value.strip()):
            return match.group(0)
        if day := date_of(value):
            return day
    return ""


def _page_author(page: lxml_html.HtmlElement, described: dict[str, list[str]]) -> str:
    """The article's authors, from the page's metadata or its byline element, or ""."""
    found = [*described.get("author", [])]
    for element in page.iter():
        if len(found) > 8:
            break
        if isinstance(element.tag, str) and _holds_byline(element):
            found.append(" ".join(element.text_content().split()))
    for value in found:
        if "://" in value or not value.strip():
            continue
        names = byline_of(value) or byline_of(f"By {value}")
        if names and len(_FULL_NAME_WORD.findall(names)) >= 2:  # not a commenter's "J J"
            return names
    return ""


def _described(page: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """What the page's ``<meta>`` tags and JSON-LD say of the article: its titles, dates
    of publication and authors, in the order found."""
    out: dict[str, list[str]] = {}
    for meta in page.iter("meta"):
        names = (meta.get(attribute, "").casefold().strip()
                 for attribute in ("property", "name", "itemprop"))
        key = next((_META_KEYS[name] for name in names if name in _META_KEYS), None)
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            out.setdefault(key, []).append(content)
    for script in page.iter("script"):
        if (script.get("type") or "").casefold() == "application/ld+json":
            for key, value in _linked_data(script.text_content()):
                out.setdefault(key, []).append(value)
    for element in page.iter("time"):  # the first dated <time>, the article's as a rule
        if stamp := (element.get("datetime") or element.get("content") or "").strip():
            out.setdefault("date", []).append(stamp)
            break
    return out


def _linked_data(text: str) -> Iterator[tuple[str, str]]:
    """(title, date or author, value) pairs of a JSON-LD block: ``headline``,
    ``datePublished``, ``author`` (names), in its objects and their ``@graph``."""
    try:
        data = json.loads(text)
    except ValueError:
        return
    yield from _linked_objects(data)


def _linked_objects(data: object) -> Iterator[tuple[str, str]]:
    """The pairs of :func:`_linked_data` in parsed JSON-LD: an object or a list of them."""
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("@graph"), list):
            yield from _linked_objects(item["@graph"])
        if isinstance(item.get("headline"), str):
            yield "title", " ".join(item["headline"].split())
        if isinstance(item.get("datePublished"), str):
            yield "date", item["datePublished"]
        authors = item.get("author")
        names = [name for author in (authors if isinstance(authors, list) else [authors])
                 if (name := _person(author))]
        if names:
            yield "author", ", ".join(names)


def _person(author: object) -> str:
    """The name of a JSON-LD author (a Person object, or a name alone), or ""."""
    name = author.get("name") if isinstance(author, dict) else author
    return " ".join(name.split()) if isinstance(name, str) else ""


#: The ``<meta>`` names and properties that give the article's title, date and author.
_META_KEYS = {
    **dict.fromkeys(("og:title", "twitter:title", "dc.title", "headline"), "title"),
    **dict.fromkeys(("article:published_time", "article:published", "og:published_time",
                     "datepublished", "pubdate", "publish-date", "publishdate", "date",
                     "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date"), "date"),
    **dict.fromkeys(("author", "article:author", "byl", "dc.creator", "parsely-author",
                     "sailthru.author"), "author"),
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


#: A word of a name written out: two letters or more (a byline needs two such words).
_FULL_NAME_WORD = re.compile(r"\b[^\W\d_][^\W\d_]+")


def _holds_byline(element: lxml_html.HtmlElement) -> bool:
    """Whether an element is marked as the byline: ``rel`` or ``itemprop`` "author", or a
    class "author", "byl", one naming a byline, or ending in "-author" ("post-author";
    not "author-follow")."""
    if "author" in (element.get("rel", "").casefold(), element.get("itemprop", "").casefold()):
        return True
    return any(token in ("author", "byl") or "byline" in token
               or token.endswith(("-author", "_author"))
               for token in element.get("class", "").casefold().split())


def _header_lines(page: lxml_html.HtmlElement, pieces: list[Piece]) -> list[str]:
    """The short lines of the page before its main content."""
    first = next((p.text for p in pieces if isinstance(p, Paragraph)), "")
    lines: list[str] = []
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
            lines.append(own)
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
    elif tag == "table" or tag in _TABLE_PARTS:  # a table's body alone is a table too
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
