"""The document model: what an article is once read, and all the renderers ever see.

Frozen dataclasses, standard library only. A :class:`Document` holds front-matter
metadata, the introduction, and a tree of :class:`Section` objects (levels 1-3), each with
its prose blocks, its slide key points and optional speaker notes. Inline text is a tuple
of :class:`Run` objects carrying bold/italic/code/link formatting.

The model round-trips through plain data (:func:`to_data` / :func:`from_data`), which is
what ``exporter inspect --json`` prints and what a JSON or YAML content file holds.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from exporter.errors import ContentError

#: Characters XML 1.0 (and so Word and PowerPoint) cannot hold.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None


Inline: TypeAlias = tuple[Run, ...]


def plain_text(runs: Inline) -> str:
    """The text of inline runs without formatting."""
    return "".join(run.text for run in runs)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose."""

    runs: Inline

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class ListItem:
    """One item of a list; may hold nested lists."""

    runs: Inline
    children: tuple[ListBlock, ...] = ()

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class ListBlock:
    """A bullet list, or a numbered list when ``ordered``."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A table with one header row; cells are inline runs."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    caption: str = ""
    align: tuple[str, ...] = ()


@dataclass(frozen=True)
class Image:
    """An image; ``src`` is resolved against the content file's folder by the pipeline."""

    src: str
    alt: str
    title: str = ""


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text."""

    text: str
    language: str = ""


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Callout:
    """A highlighted box: ``::: callout`` or ``::: bluf`` (bottom line up front)."""

    kind: str
    blocks: tuple[Block, ...]
    title: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event of a timeline (``- 1997: Operation ...``)."""

    when: str
    runs: Inline

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class Timeline:
    """A sequence of dated events, drawn as a timeline."""

    entries: tuple[TimelineEntry, ...]
    title: str = ""


Block: TypeAlias = Paragraph | ListBlock | Table | Image | CodeBlock | Quote | Callout | Timeline


@dataclass(frozen=True)
class Section:
    """A heading and what follows it, down to the next heading of the same or higher level."""

    id: str
    title: str
    level: int
    tags: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    keypoints: tuple[Inline, ...] = ()
    notes: tuple[Block, ...] | None = None
    subsections: tuple[Section, ...] = ()
    line: int | None = None

    def walk(self) -> Iterator[Section]:
        """This section and all its descendants, in reading order."""
        yield self
        for child in self.subsections:
            yield from child.walk()

    @property
    def speaker_notes(self) -> tuple[Block, ...]:
        """Notes for the slides: the ``::: notes`` blocks, else the section's prose."""
        return self.notes if self.notes is not None else self.blocks


@dataclass(frozen=True)
class Metadata:
    """The front matter. ``extra`` keeps declared free keys for templates (``meta``)."""

    title: str
    subtitle: str = ""
    date: str = ""
    classification: str = ""
    source: str = ""
    summary: str = ""
    author: str = ""
    lang: str = "en-US"
    keywords: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def as_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name)
                for f in dataclasses.fields(self) if f.name != "extra"}
        data["keywords"] = list(self.keywords)
        data.update(self.extra)
        return data


@dataclass(frozen=True)
class Document:
    """A whole article: metadata, introduction and sections."""

    meta: Metadata
    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    source_path: str = ""

    def walk(self) -> Iterator[Section]:
        """Every section at every level, in reading order."""
        for section in self.sections:
            yield from section.walk()

    def headings(self) -> list[tuple[int, str]]:
        """(level, title) of every section, in reading order."""
        return [(section.level, section.title) for section in self.walk()]


# ---------------------------------------------------------------------------------------
# Plain-data form (JSON / YAML)
# ---------------------------------------------------------------------------------------

_BLOCK_TYPES: dict[str, type] = {
    "paragraph": Paragraph,
    "list": ListBlock,
    "table": Table,
    "image": Image,
    "code": CodeBlock,
    "quote": Quote,
    "callout": Callout,
    "timeline": Timeline,
}
_BLOCK_NAMES = {cls: name for name, cls in _BLOCK_TYPES.items()}


def to_data(document: Document) -> dict[str, Any]:
    """The document as JSON-ready plain data."""
    return {
        "meta": document.meta.as_dict(),
        "intro": [_block_to_data(block) for block in document.intro],
        "sections": [_section_to_data(section) for section in document.sections],
    }


def _runs_to_data(runs: Inline) -> list[dict[str, Any]]:
    out = []
    for run in runs:
        item: dict[str, Any] = {"text": run.text}
        for flag in ("bold", "italic", "code"):
            if getattr(run, flag):
                item[flag] = True
        if run.link:
            item["link"] = run.link
        out.append(item)
    return out


def _block_to_data(block: Block) -> dict[str, Any]:
    kind = _BLOCK_NAMES[type(block)]
    data: dict[str, Any] = {"type": kind}
    match block:
        case Paragraph(runs=runs):
            data["runs"] = _runs_to_data(runs)
        case ListBlock():
            data.update(ordered=block.ordered, start=block.start,
                        items=[_item_to_data(item) for item in block.items])
        case Table():
            data.update(header=[_runs_to_data(c) for c in block.header],
                        rows=[[_runs_to_data(c) for c in row] for row in block.rows],
                        caption=block.caption, align=list(block.align))
        case Image():
            data.update(src=block.src, alt=block.alt, title=block.title)
        case CodeBlock():
            data.update(text=block.text, language=block.language)
        case Quote():
            data["blocks"] = [_block_to_data(b) for b in block.blocks]
        case Callout():
            data.update(kind=block.kind, title=block.title,
                        blocks=[_block_to_data(b) for b in block.blocks])
        case Timeline():
            data.update(title=block.title, entries=[
                {"when": e.when, "runs": _runs_to_data(e.runs)} for e in block.entries])
    return data


def _item_to_data(item: ListItem) -> dict[str, Any]:
    data: dict[str, Any] = {"runs": _runs_to_data(item.runs)}
    if item.children:
        data["children"] = [_block_to_data(child) for child in item.children]
    return data


def _section_to_data(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": section.id,
        "title": section.title,
        "level": section.level,
        "tags": list(section.tags),
        "blocks": [_block_to_data(block) for block in section.blocks],
        "keypoints": [_runs_to_data(point) for point in section.keypoints],
    }
    if section.notes is not None:
        data["notes"] = [_block_to_data(block) for block in section.notes]
    data["subsections"] = [_section_to_data(child) for child in section.subsections]
    return data


# --- back from plain data -------------------------------------------------------------

_META_FIELDS = {f.name for f in dataclasses.fields(Metadata)} - {"extra"}


def from_data(data: Any, *, path: str = "<data>") -> Document:
    """A document from plain data (as produced by :func:`to_data`); raises ContentError."""
    try:
        if not isinstance(data, Mapping):
            raise TypeError("the top level must be a mapping with meta, intro and sections")
        meta = metadata_from_mapping(data.get("meta") or {}, path=path)
        intro = tuple(_block_from_data(b) for b in data.get("intro") or ())
        sections = tuple(_section_from_data(s, 1) for s in data.get("sections") or ())
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise ContentError(f"does not match the document model: {exc}", path=path,
                           hint="compare with the output of `exporter inspect --json`") from exc
    return Document(meta=meta, intro=intro, sections=sections, source_path=path)


def metadata_from_mapping(
    data: Mapping[str, Any], *, path: str, extra_keys: frozenset[str] = frozenset()
) -> Metadata:
    """Front matter as :class:`Metadata`; unknown keys are an error naming them."""
    if not isinstance(data, Mapping):
        raise ContentError("the front matter must be a mapping of keys to values", path=path)
    unknown = sorted(set(data) - _META_FIELDS - set(extra_keys) - {"vars"})
    if unknown:
        raise ContentError(
            f"unknown front-matter key(s): {', '.join(map(str, unknown))}", path=path,
            hint=f"known keys: {', '.join(sorted(_META_FIELDS | {'vars'}))}; put free values "
                 "under `vars:`")
    title = data.get("title")
    if not title or not isinstance(title, str | int | float):
        raise ContentError("the front matter has no `title`", path=path,
                           hint="add `title: ...` to the front matter")
    keywords = data.get("keywords") or ()
    if isinstance(keywords, str):
        keywords = tuple(k.strip() for k in keywords.split(",") if k.strip())
    if not isinstance(keywords, list | tuple):
        keywords = (keywords,)
    values = {key: _scalar_text(key, data.get(key), path) for key in _META_FIELDS - {"keywords"}
              if data.get(key) is not None}
    extra = {key: data[key] for key in data if key not in _META_FIELDS}
    return Metadata(**values, keywords=tuple(_scalar_text("keywords", k, path) for k in keywords),
                    extra=extra)


def _scalar_text(key: str, value: Any, path: str) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping | list | tuple):
        raise ContentError(f"front-matter key `{key}` must be text, not a "
                           f"{'list' if isinstance(value, list | tuple) else 'mapping'}",
                           path=path, hint=f"write `{key}: some text`")
    return str(value).strip()


def _runs_from_data(items: Any) -> Inline:
    if isinstance(items, str):
        return (Run(items),)
    return tuple(
        Run(text=str(item["text"]), bold=bool(item.get("bold")), italic=bool(item.get("italic")),
            code=bool(item.get("code")), link=item.get("link"))
        for item in items
    )


def _block_from_data(data: Mapping[str, Any]) -> Block:
    kind = data["type"]
    if kind == "paragraph":
        return Paragraph(_runs_from_data(data["runs"]))
    if kind == "list":
        return ListBlock(tuple(_item_from_data(i) for i in data["items"]),
                         ordered=bool(data.get("ordered")), start=int(data.get("start", 1)))
    if kind == "table":
        return Table(header=tuple(_runs_from_data(c) for c in data["header"]),
                     rows=tuple(tuple(_runs_from_data(c) for c in row) for row in data["rows"]),
                     caption=str(data.get("caption", "")), align=tuple(data.get("align", ())))
    if kind == "image":
        return Image(src=str(data["src"]), alt=str(data.get("alt", "")),
                     title=str(data.get("title", "")))
    if kind == "code":
        return CodeBlock(text=str(data["text"]), language=str(data.get("language", "")))
    if kind == "quote":
        return Quote(tuple(_block_from_data(b) for b in data["blocks"]))
    if kind == "callout":
        return Callout(kind=str(data.get("kind", "callout")), title=str(data.get("title", "")),
                       blocks=tuple(_block_from_data(b) for b in data["blocks"]))
    if kind == "timeline":
        return Timeline(title=str(data.get("title", "")), entries=tuple(
            TimelineEntry(when=str(e["when"]), runs=_runs_from_data(e["runs"]))
            for e in data["entries"]))
    raise ValueError(f"unknown block type {kind!r}")


def _item_from_data(data: Mapping[str, Any]) -> ListItem:
    children = tuple(_block_from_data(c) for c in data.get("children") or ())
    if not all(isinstance(c, ListBlock) for c in children):
        raise ValueError("list item children must be lists")
    return ListItem(_runs_from_data(data["runs"]), children)  # type: ignore[arg-type]


def _section_from_data(data: Mapping[str, Any], level: int) -> Section:
    notes = data.get("notes")
    return Section(
        id=str(data["id"]),
        title=str(data["title"]),
        level=int(data.get("level", level)),
        tags=tuple(str(t) for t in data.get("tags") or ()),
        blocks=tuple(_block_from_data(b) for b in data.get("blocks") or ()),
        keypoints=tuple(_runs_from_data(p) for p in data.get("keypoints") or ()),
        notes=None if notes is None else tuple(_block_from_data(b) for b in notes),
        subsections=tuple(_section_from_data(s, level + 1) for s in data.get("subsections") or ()),
    )
