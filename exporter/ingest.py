"""Plain-text articles in, draft content files out.

Owns ``exporter ingest``'s work: reading an article as received (:func:`read_article`,
with encoding fall-backs and clear errors for empty or binary files), finding its
structure (introduction, headings and their levels, paragraphs, bullet and numbered lists,
bold item labels), drafting slide key points from the prose, and writing the content file
(:func:`ingest_text`): YAML front matter and Markdown that the reader parses back to the
same headings, paragraphs and lists. Broken accents are repaired first by
:mod:`exporter.textrepair`. The rules are documented in ``docs/ingest.md``.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exporter.errors import IngestError
from exporter.files import read_input
from exporter.limits import ARTICLE_FILE
from exporter.model import (
    XML_ILLEGAL,
    Block,
    Document,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Run,
    Section,
    plain_text,
)
from exporter.text import OPENERS, sentences, slugify, words_of
from exporter.textrepair import Repair, repair_text

LEVEL_MODES = ("auto", "flat")
MAX_HEADING_WORDS = 15
MAX_HEADING_CHARS = 120
MAX_LABEL_WORDS = 6
KEYPOINT_WORDS = 12
MIN_KEYPOINT_WORDS = 4
KEYPOINTS = (3, 5)


@dataclass(frozen=True)
class IngestResult:
    """A drafted content file, the accent repairs made, and the headings found."""

    markdown: str
    repairs: tuple[Repair, ...]
    headings: tuple[tuple[int, str], ...]


# ---------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------

_SAVE_AS_TEXT = "save the article as plain text (.txt, UTF-8) and ingest that"
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP package (a Word .docx or similar)"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc) document"),
    (b"{\\rtf", "an RTF document"),
)
#: Every byte but the C0 controls that plain text does not use (for counting those).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\x0c")


def read_article(path: Path) -> tuple[str, str | None]:
    """The article's text and, when it was not UTF-8, a note naming the encoding used
    (e.g. 'decoded as cp1252'). IngestError (file, hint) for missing, empty, binary files."""
    data = read_input(path, error=IngestError, what="article",
                      missing_hint="check the path of the plain-text article",
                      expected="the article's .txt file", limit=ARTICLE_FILE)
    return _decode_article(data, path)


def _decode_article(data: bytes, path: Path) -> tuple[str, str | None]:
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


# ---------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------

_BULLET = re.compile(r"[-*+•◦▪‣●]\s+(?=\S)")
_NUMBER = re.compile(r"(\d{1,3})[.)]\s+(?=\S)")
_LABEL = re.compile(r"([^:]{1,60}):\s+(?=\S)")
_FINAL = frozenset(".,;:!…")
_CLOSERS = "\"'”’»)]"
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class _Heading:
    title: str
    line: int


@dataclass(frozen=True)
class _Item:
    text: str
    number: int | None  # None: a bullet item


Piece = _Heading | Paragraph | ListBlock


def _clean(line: str) -> str:
    """A line with its spaces folded and the characters XML cannot hold dropped."""
    return _SPACES.sub(" ", XML_ILLEGAL.sub("", line)).strip()


def _ends_sentence(text: str) -> bool:
    end = text.rstrip(_CLOSERS)
    return bool(end) and (end[-1] in _FINAL or end[-1] == "?")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each line, wrapped lines joined, blank lines dropped.

    A line continues the one before when that one does not end a sentence and this one
    starts with a lower-case letter, or is indented under a list item. In a hard-wrapped text
    (see :func:`_hard_wrapped`) every line continues the one before unless a blank line or
    a list item comes between.
    """
    raw = text.split("\n")
    wrapped = _hard_wrapped(raw)
    lines: list[tuple[int, str]] = []
    joinable = False
    for number, line in enumerate(raw, start=1):
        clean = _clean(line)
        if not clean or not any(ch.isalnum() for ch in clean):
            joinable = False  # blank lines and separators such as "* * *" end a block
            continue
        follows = joinable and not _is_item(clean) and (wrapped or (
            not _ends_sentence(lines[-1][1])
            and (clean[0].islower() or (line[:1].isspace() and _is_item(lines[-1][1])))))
        if follows:
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {clean}")
        else:
            lines.append((number, clean))
        joinable = True
    return lines


def _hard_wrapped(lines: Sequence[str]) -> bool:
    """Whether the text is wrapped at a fixed width: it has blank lines, and most lines
    followed by another non-blank line are long and stop mid-sentence."""
    if not any(not line.strip() for line in lines):
        return False
    inner = [a.strip() for a, b in itertools.pairwise(lines) if a.strip() and b.strip()]
    broken = [line for line in inner if len(line) >= 40 and not _ends_sentence(line)]
    return bool(inner) and len(broken) * 2 > len(inner)


def _is_item(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBER.match(line))


def is_heading(line: str) -> bool:
    """A short line that does not end like a sentence (a question mark may end it), starts
    with a capital or a digit, and is not a list item."""
    if _is_item(line):
        return False
    if len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    end = line.rstrip(_CLOSERS)
    if not end or end[-1] in _FINAL:
        return False
    first = line.lstrip(OPENERS)[:1]
    return first.isupper() or first.isdigit()


def pieces(lines: Sequence[tuple[int, str]]) -> list[Piece]:
    """Headings, paragraphs and lists, in reading order."""
    out: list[Piece] = []
    items: list[_Item] = []
    for number, line in lines:
        item = _as_item(line)
        if items and (item is None or (item.number is None) != (items[0].number is None)):
            out.append(_list_block(items))
            items = []
        if item is not None:
            items.append(item)
        elif is_heading(line):
            out.append(_Heading(" ".join(line.split()), number))
        else:
            out.append(Paragraph((Run(line),)))
    if items:
        out.append(_list_block(items))
    return out


def _as_item(line: str) -> _Item | None:
    if bullet := _BULLET.match(line):
        return _Item(line[bullet.end():], None)
    if numbered := _NUMBER.match(line):
        return _Item(line[numbered.end():], int(numbered.group(1)))
    return None


def _list_block(items: Sequence[_Item]) -> ListBlock:
    ordered = items[0].number is not None
    return ListBlock(items=tuple(ListItem(_item_runs(item.text)) for item in items),
                     ordered=ordered, start=items[0].number or 1)


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
# Heading levels
# ---------------------------------------------------------------------------------------

_OUTLINE = re.compile(r"(\d+(?:\.\d+)+)\.?\s")
_STOPWORDS = words_of(
    "a about after against among an and are as at be before between beyond by for from how "
    "in into is its it of on or over than that the their this through to toward towards "
    "under what when where which who why with within without")


def heading_levels(titles: Sequence[str], mode: str = "auto") -> list[int]:
    """The level (1-3) of each heading.

    ``flat``: every heading is a section. ``auto``: the first rule that finds a signal
    decides: outline numbers ("2.1 ..." is level 2), then capitals (when some headings are
    in capitals and others are not, the capital ones are sections and the others their
    subsections), then topic words (words found in at least a quarter of the headings, and
    in three at least; a heading without any is a subsection of the one before). With no
    signal every heading is a section. A level never exceeds the one before plus one.
    """
    if mode not in LEVEL_MODES:
        raise IngestError(f"unknown heading level mode {mode!r}",
                          hint=f"use one of: {', '.join(LEVEL_MODES)}")
    levels = None
    if mode == "auto":
        levels = _outline_levels(titles) or _capital_levels(titles) or _topic_levels(titles)
    return _no_jumps(levels or [1] * len(titles))


def _outline_levels(titles: Sequence[str]) -> list[int] | None:
    depths = [m.group(1).count(".") + 1 if (m := _OUTLINE.match(t)) else 1 for t in titles]
    return depths if max(depths, default=1) > 1 else None


def _capital_levels(titles: Sequence[str]) -> list[int] | None:
    capitals = [title.isupper() for title in titles]
    if not any(capitals) or all(capitals):
        return None
    return [1 if capital else 2 for capital in capitals]


def _topic_levels(titles: Sequence[str]) -> list[int] | None:
    words = [_topic_words(title) for title in titles]
    counts = Counter(word for title_words in words for word in title_words)
    needed = max(3, len(titles) / 4)
    topics = {word for word, count in counts.items() if count >= needed}
    levels = [1 if title_words & topics else 2 for title_words in words]
    return levels if topics and 2 in levels else None


def _topic_words(title: str) -> set[str]:
    """The content words of a title, folded: lower case, no possessive, no plural s."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", title.casefold())
    out = set()
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) > 2 and word not in _STOPWORDS:
            out.add(word)
    return out


def _no_jumps(levels: Sequence[int]) -> list[int]:
    out: list[int] = []
    for level in levels:
        out.append(max(1, min(level, 3, (out[-1] if out else 0) + 1)))
    return out


# ---------------------------------------------------------------------------------------
# Key points
# ---------------------------------------------------------------------------------------

_CLAUSE_WORDS = words_of(
    "which while whereas because although though as that but who whose where when including "
    "leading making allowing providing")
_LINK_WORDS = words_of(
    "and or with in on at for to by from through against within across over under among "
    "during via toward towards into")
_LEAD_IN_WORDS = words_of(
    "as while although though because since if when whenever through throughout in with by "
    "despite given after before following under beyond for from on at during among within "
    "without once unless until whether to upon amid against across")
_OPENING_WORDS = words_of(
    "however moreover furthermore therefore thus meanwhile overall nevertheless "
    "nonetheless indeed instead besides hence also still yet")
_FUNCTION_WORDS = _STOPWORDS | {"and", "or", "but", "nor", "its", "their", "his", "her", "not"}
_PAIRS = (('"', '"'), ("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))


def keypoint(sentence: str) -> str:
    """A sentence as a slide bullet of at most twelve words, without final punctuation.

    An opening connective ("Additionally,", "However,") is dropped. A longer sentence also
    loses an introductory phrase ("In recent years, ...", "Facing ..., ") and adverbs in
    -ly, then is cut at the last clause boundary that fits: a comma, semicolon, colon or
    dash; else before "which", "while", "because"...; else before "and", "with" or a
    preposition; else before any small word ("of", "the"); else after twelve words.
    """
    words = sentence.split()
    if len(words) > 1 and _is_opening(words[0]):
        words = _capitalised(words[1:])
    if len(words) > KEYPOINT_WORDS:
        words = _without_lead_in(words)
    if len(words) > KEYPOINT_WORDS:
        words = [w for i, w in enumerate(words) if i == 0 or not _is_adverb(w)]
    if len(words) > KEYPOINT_WORDS:
        words = _clause_cut(words)
    return _close_pairs(_strip_end(" ".join(words)))


def _capitalised(words: list[str]) -> list[str]:
    return [words[0][:1].upper() + words[0][1:], *words[1:]] if words else words


def _is_opening(word: str) -> bool:
    bare = word[:-1].casefold()
    return word.endswith(",") and bare.isalpha() and (bare.endswith("ly")
                                                      or bare in _OPENING_WORDS)


def _without_lead_in(words: list[str]) -> list[str]:
    """Words without an introductory phrase: up to the first comma in the first ten words,
    opened by a preposition, a conjunction or an -ing form, leaving a clause in lower case."""
    first = words[0].casefold()
    if first not in _LEAD_IN_WORDS and not first.endswith("ing"):
        return words
    for index, word in enumerate(words[:10]):
        if word.endswith(","):
            rest = words[index + 1:]
            if len(rest) >= MIN_KEYPOINT_WORDS and rest[0][:1].islower():
                return _capitalised(rest)
            break
    return words


def _is_adverb(word: str) -> bool:
    """A lower-case adverb in -ly of seven letters or more ("significantly")."""
    return len(word) >= 7 and word.endswith("ly") and word.isalpha() and word.islower()


def _clause_cut(words: list[str]) -> list[str]:
    span = range(min(KEYPOINT_WORDS, len(words) - 1), MIN_KEYPOINT_WORDS - 1, -1)
    for size in span:
        if words[size - 1].rstrip(_CLOSERS)[-1:] in (",", ";", ":") or words[size] in ("–", "—"):
            return words[:size]
    for vocabulary in (_CLAUSE_WORDS, _LINK_WORDS, _FUNCTION_WORDS):
        for size in span:
            if words[size].casefold() in vocabulary:
                return words[:size]
    return words[:KEYPOINT_WORDS]


def _strip_end(text: str) -> str:
    """Text without final punctuation, keeping closing quotes and brackets."""
    match = re.match(r"(.*?)[\s,;:.!?…—–-]*([\"'”’»)\]]*)[\s,;:.!?…—–-]*$", text, re.S)
    assert match is not None  # the pattern matches any text
    return match.group(1) + match.group(2)


def _close_pairs(text: str) -> str:
    """Close the quotes and brackets a cut left open."""
    for opening, closing in _PAIRS:
        if opening == closing:
            if text.count(opening) % 2:
                text += closing
        elif text.count(opening) > text.count(closing):
            text += closing
    return text


def section_keypoints(blocks: Sequence[Block]) -> list[str]:
    """Three to five key points: the lead sentence of each paragraph, then further
    sentences while there are fewer than three, then list items."""
    paragraphs = [sentences(b.text) for b in blocks
                  if isinstance(b, Paragraph) and not b.text.endswith(":")]
    wanted = max(KEYPOINTS[0], min(len(paragraphs), KEYPOINTS[1]))
    items = [plain_text(item.runs) for b in blocks if isinstance(b, ListBlock)
             for item in b.items]
    points: list[str] = []
    for candidate in [*_round_robin(paragraphs), *items]:
        point = keypoint(candidate)
        if point and point not in points:
            points.append(point)
        if len(points) == wanted:
            break
    return points


def _round_robin(groups: Sequence[Sequence[str]]) -> Iterator[str]:
    for depth in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if depth < len(group):
                yield group[depth]


# ---------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------

_SMALL_WORDS = words_of(
"a an and as at but by for from in into nor of on or per the to "
                         "via vs with")


def title_from_filename(name: str) -> str:
    """"peru-military-drug-trafficking.txt" -> "Peru Military Drug Trafficking"."""
    words = [w for w in re.split(r"[\W_]+", Path(name).stem) if w]
    titled = [w if w.isupper() else w.capitalize() for w in words]
    titled = [w.lower() if 0 < i < len(words) - 1 and w.lower() in _SMALL_WORDS else w
              for i, w in enumerate(titled)]
    return " ".join(titled) or "Untitled Article"


def slug(title: str) -> str:
    """An ASCII id for a heading: lower-case words joined by hyphens, at most 48 characters,
    not ending in a small word."""
    return slugify(title, ascii_only=True, max_length=48, drop_last=_SMALL_WORDS,
                   fallback="")


@dataclass
class _Draft:
    heading: _Heading
    level: int
    id: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)

    def freeze(self) -> Section:
        points = section_keypoints(self.blocks)
        return Section(id=self.id, title=self.heading.title, level=self.level,
                       blocks=tuple(self.blocks), keypoints=tuple((Run(p),) for p in points),
                       subsections=tuple(child.freeze() for child in self.children),
                       line=self.heading.line)


def build_document(found: Sequence[Piece], meta: Metadata, levels: str) -> Document:
    """The document model of an ingested article."""
    headings = [piece for piece in found if isinstance(piece, _Heading)]
    depth = iter(heading_levels([h.title for h in headings], levels))
    ids = _unique_ids(headings)
    intro: list[Block] = []
    top: list[_Draft] = []
    stack: list[_Draft] = []
    for piece in found:
        if isinstance(piece, _Heading):
            draft = _Draft(piece, next(depth), next(ids))
            while stack and stack[-1].level >= draft.level:
                stack.pop()
            (stack[-1].children if stack else top).append(draft)
            stack.append(draft)
        else:
            (stack[-1].blocks if stack else intro).append(piece)
    return Document(meta=meta, intro=tuple(intro),
                    sections=tuple(draft.freeze() for draft in top), source_path=meta.source)


def _unique_ids(headings: Sequence[_Heading]) -> Iterator[str]:
    seen: set[str] = set()
    for index, heading in enumerate(headings, start=1):
        base = slug(heading.title) or f"section-{index}"
        ident, suffix = base, 1
        while ident in seen:
            suffix += 1
            ident = f"{base}-{suffix}"
        seen.add(ident)
        yield ident


def _one_line(text: str) -> str:
    """Text on one line: control characters dropped, spaces folded."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())


def _encodable(text: str) -> str:
    """Text that UTF-8 can encode: a lone surrogate becomes U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def ingest_text(text: str, *, source: str, title: str | None = None,
                today: _dt.date | None = None, levels: str = "auto") -> IngestResult:
    """Draft a content file from an article's plain text (see the module docstring)."""
    repaired, repairs = repair_text("\n".join(_encodable(text).splitlines()))
    found = pieces(logical_lines(repaired))
    if not found:
        raise IngestError("the article has no text", path=source,
                          hint="paste the article's text into the file and save it")
    first = next((p for p in found if isinstance(p, Paragraph)), None)
    meta = Metadata(
        title=_one_line(title or "") or title_from_filename(source),
        date=(today or _dt.date.today()).isoformat(),
        source=source,
        summary=first.text if first else "",
    )
    document = build_document(found, meta, levels)
    return IngestResult(markdown=to_markdown(document), repairs=repairs,
                        headings=tuple(document.headings()))


# ---------------------------------------------------------------------------------------
# Writing Markdown
# ---------------------------------------------------------------------------------------

# "{" before "{", "%" or "#" would open Jinja when the reader renders the file: written as
# an entity in Markdown and as \x7b in YAML, which both read back as "{".
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")
_MD_ESCAPE = re.compile(r"[\\`*_\[\]]|<(?=[A-Za-z/!?])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"[#>+=~:-]|\d+(?=[.)])")
_FOLD_WIDTH = 88


def to_markdown(document: Document) -> str:
    """The content file of an ingested document."""
    parts = [_front_matter(document.meta), *map(_block, document.intro)]
    for section in document.walk():
        parts.append(f"{'#' * section.level} {_inline(section.title)} {{#{section.id}}}")
        if section.keypoints:
            bullets = "\n".join(f"- {_inline(plain_text(p))}" for p in section.keypoints)
            parts.append(f"::: keypoints\n{bullets}\n:::")
        parts.extend(map(_block, section.blocks))
    return "\n\n".join(parts) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _runs(block.runs)
    assert isinstance(block, ListBlock)  # ingest makes paragraphs and lists only
    markers = ([f"{block.start + i}." for i in range(len(block.items))] if block.ordered
               else ["-"] * len(block.items))
    return "\n".join(f"{marker} {_runs(item.runs)}"
                     for marker, item in zip(markers, block.items, strict=True))


def _runs(runs: Sequence[Run]) -> str:
    out = []
    for index, run in enumerate(runs):
        text = _inline(run.text, line_start=index == 0)
        out.append(f"**{text}**" if run.bold else text)
    return "".join(out)


def _inline(text: str, *, line_start: bool = True) -> str:
    """Text escaped so that Markdown (and Jinja) read it back unchanged."""
    text = _JINJA_OPEN.sub("&#123;", _MD_ESCAPE.sub(r"\\\g<0>", text))
    if line_start and (match := _MD_LINE_START.match(text)):
        text = f"{text[:match.end()]}\\{text[match.end():]}" if match.group()[0].isdigit() \
            else f"\\{text}"
    return text


def _front_matter(meta: Metadata) -> str:
    lines = ["---", f"title: {_yaml_quoted(meta.title)}", f"date: {meta.date}",
             f"source: {_yaml_quoted(meta.source)}"]
    if meta.summary:
        lines.append(f"summary: {_yaml_folded(meta.summary)}")
    return "\n".join([*lines, "---"])


def _yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON-like escapes; "{" of Jinja as \\x7b)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = "".join(ch if ch.isprintable() or ch == " " else f"\\U{ord(ch):08x}" for ch in text)
    return '"' + _JINJA_OPEN.sub(r"\\x7b", text) + '"'


def _yaml_folded(text: str) -> str:
    """A folded block scalar wrapped for reading, or a quoted one when folding could change
    the text."""
    if not text.isprintable() or _JINJA_OPEN.search(text) or "  " in text:
        return _yaml_quoted(text)
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= _FOLD_WIDTH:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return ">-\n" + "\n".join(f"  {line}" for line in lines)
