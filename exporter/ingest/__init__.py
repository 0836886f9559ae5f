"""Articles in (plain text, Markdown, HTML, Word), draft content files out.

Owns ``exporter ingest``'s work, one module per step:

- :mod:`.source`: the file's bytes and text, the formats read, clear errors;
- :mod:`.plaintext`, :mod:`.markdown_in`, :mod:`.html_in`, :mod:`.docx_in`: one reader per
  format, each giving an :class:`~.pieces.Article` (headings, blocks, front matter);
- :mod:`.lines`: what a line is (date, byline, report number, caption, footnote);
- :mod:`.contents`: a plain-text article's contents list (its extent, entries and levels);
- :mod:`.levels`: heading levels where the format has none;
- :mod:`.language`: the language the article is written in, for the draft's ``lang``;
- :mod:`.draft`: front matter, sections and key points, whatever the format;
- :mod:`.markdown_out`: the content file, written so the reader parses it back.

Broken accents are repaired first by :mod:`exporter.textrepair`. The rules are documented
in ``docs/ingest.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from exporter.errors import IngestError
from exporter.ingest.draft import Draft, draft_document, slug, title_from_filename
from exporter.ingest.levels import LEVEL_MODES, heading_levels
from exporter.ingest.markdown_out import to_markdown
from exporter.ingest.pieces import Article
from exporter.ingest.plaintext import is_heading, read_plain
from exporter.ingest.source import FORMAT_NAMES, decode, format_of, read_bytes
from exporter.model import Document
from exporter.textrepair import Repair, Repaired, repair_text

__all__ = ["FORMAT_NAMES", "LEVEL_MODES", "IngestResult", "heading_levels", "ingest_file",
           "ingest_text", "is_heading", "slug", "title_from_filename"]


@dataclass(frozen=True)
class IngestResult:
    """A drafted content file, the accent repairs made, the headings found in the article
    (drafted titles left out) and notes for the user (encoding used, parts left out)."""

    markdown: str
    repairs: tuple[Repair, ...]
    headings: tuple[tuple[int, str], ...]
    notes: tuple[str, ...] = ()
    document: Document | None = None
    #: Pictures of a Word article, by the path the draft gives them (beside the draft).
    images: tuple[tuple[str, bytes], ...] = ()


def ingest_file(path: Path, *, title: str | None = None, levels: str = "auto",
                today: _dt.date | None = None) -> IngestResult:
    """Draft a content file from the article at ``path``, read by its suffix."""
    kind = format_of(path)
    data = read_bytes(path)
    if kind == "docx":
        from exporter.ingest.docx_in import read_docx

        article, images = read_docx(data, path)
        result = _result(article, (), source=str(path), title=title, today=today,
                         levels=levels)
        return dataclasses.replace(result, images=tuple(images.items()))
    text, note = decode(data, path)
    repaired = _repaired(text)
    if kind == "markdown":
        from exporter.ingest.markdown_in import read_markdown

        article = read_markdown(repaired.text)
    elif kind == "html":
        from exporter.ingest.html_in import read_html

        article = read_html(repaired.text, path)
    else:
        article = read_plain(repaired.text)
    article.notes[:0] = [*([note] if note else []), *_doubt_notes(repaired)]
    return _result(article, repaired.repairs, source=str(path), title=title, today=today,
                   levels=levels, pictures=path.parent)


def ingest_text(text: str, *, source: str, title: str | None = None,
                today: _dt.date | None = None, levels: str = "auto") -> IngestResult:
    """Draft a content file from an article's plain text."""
    repaired = _repaired(text)
    article = read_plain(repaired.text)
    article.notes[:0] = _doubt_notes(repaired)
    return _result(article, repaired.repairs, source=source, title=title, today=today,
                   levels=levels)


def _repaired(text: str) -> Repaired:
    """The text with its line ends made ``\\n`` and its broken accents repaired."""
    return repair_text(_encodable("\n".join(text.splitlines())))


def _doubt_notes(repaired: Repaired) -> list[str]:
    """A note naming the words whose broken accent was left as it is, with their lines."""
    if not repaired.doubts:
        return []
    words = ", ".join(f"{d.word} (line {d.line})" for d in repaired.doubts)
    count = len(repaired.doubts)
    return [f"left {count} word{'s' if count > 1 else ''} with a broken accent as "
            f"{'they are' if count > 1 else 'it is'} (which letter was lost is uncertain; "
            f"correct by hand): {words}"]


def _result(article: Article, repairs: tuple[Repair, ...], *, source: str,
            title: str | None, today: _dt.date | None, levels: str,
            pictures: Path | None = None) -> IngestResult:
    if not article.pieces:
        raise IngestError("the article has no text", path=source,
                          hint="paste the article's text into the file and save it")
    draft: Draft = draft_document(article, source=source, title=title, today=today,
                                  levels=levels, pictures=pictures)
    document = draft.document
    headings = tuple((s.level, s.title) for s in document.walk() if "drafted" not in s.tags)
    return IngestResult(markdown=to_markdown(document), repairs=repairs, headings=headings,
                        notes=draft.notes, document=document)


def _encodable(text: str) -> str:
    """Text that UTF-8 can encode: a lone surrogate becomes U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text
