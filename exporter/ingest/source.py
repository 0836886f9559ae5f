"""Reading an article's file: its bytes, the text they hold, and the formats read.

Owns :data:`FORMATS` (file suffix -> reader name), :func:`read_bytes` and :func:`decode`:
UTF-8 with or without BOM, UTF-16 with a BOM, else Windows-1252 or Latin-1 when nearly
every character is then printable text; clear one-line errors for empty, binary and
unreadable files, and for files whose format ingest does not read.
"""

from __future__ import annotations

from pathlib import Path

from exporter.errors import IngestError
from exporter.files import read_input
from exporter.limits import ARTICLE_FILE

#: The formats ingest reads, by file suffix.
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html", ".docx": "docx"}
FORMAT_NAMES = ".txt, .md, .markdown, .html, .htm and .docx"
_SAVE_AS_TEXT = "save the article as plain text (.txt, UTF-8) and ingest that"
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP package (a Word .docx or similar)"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc) document"),
    (b"{\\rtf", "an RTF document"),
)
#: Every byte but the C0 controls that plain text does not use (for counting those).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\x0c")


def format_of(path: Path) -> str:
    """The reader for ``path`` by its suffix; IngestError naming the formats read."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        what = f"{path.suffix} files" if path.suffix else "a file without a suffix"
        raise IngestError(f"cannot read {what}",
                          path=path, hint=f"ingest reads {FORMAT_NAMES}; save the article "
                          "in one of them")
    return kind


def read_bytes(path: Path) -> bytes:
    """The bytes of an article; IngestError for missing files, folders, unreadable files."""
    return read_input(path, error=IngestError, what="article",
                      missing_hint="check the path of the article",
                      expected=f"an article file ({FORMAT_NAMES})", limit=ARTICLE_FILE)


def read_article(path: Path) -> tuple[str, str | None]:
    """The text of a text-based article and, when it was not UTF-8, a note naming the
    encoding used (e.g. 'decoded as cp1252'). IngestError (file, hint) for missing, empty,
    binary files."""
    return decode(read_bytes(path), path)


def decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """Bytes of an article as text: UTF-8 (with or without BOM), UTF-16 with a BOM, else
    Windows-1252 or Latin-1 when the bytes are clearly text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"is {kind}, not plain text", path=path, hint=_SAVE_AS_TEXT)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _not_empty(_decode(data, "utf-16", path), path), "decoded as UTF-16"
    if b"\x00" in data or len(data.translate(None, _NOT_CONTROL)) > len(data) // 100:
        raise IngestError("looks like a binary file, not plain text", path=path,
                          hint=_SAVE_AS_TEXT)
    try:
        return _not_empty(data.decode("utf-8-sig"), path), None
    except UnicodeDecodeError:
        pass
    for codec in ("cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return _not_empty(text, path), f"decoded as {codec} (the file is not UTF-8)"
    raise IngestError("is neither UTF-8 nor recognisable text", path=path, hint=_SAVE_AS_TEXT)


def _decode(data: bytes, codec: str, path: Path) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise IngestError(f"is not valid {codec.upper()} text", path=path,
                          hint=_SAVE_AS_TEXT) from None


def _not_empty(text: str, path: Path) -> str:
    if not text.strip():
        raise IngestError("the article is empty", path=path,
                          hint="paste the article's text into the file and save it")
    return text


def _looks_like_text(text: str) -> bool:
    """Whether nearly every character is printable (C1 controls betray a wrong guess)."""
    printable = sum(ch.isprintable() or ch in "\t\n\r" for ch in text)
    return printable >= 0.99 * len(text)
