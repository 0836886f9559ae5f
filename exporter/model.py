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
import decimal
import logging
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from exporter.errors import ContentError
from exporter.yamlutil import key_line

#: Section levels: ``#``, ``##`` and ``###``.
MAX_LEVEL = 3
#: Characters XML 1.0 (and so Word and PowerPoint) cannot hold: control characters, and
#: lone surrogates (which only escapes in JSON, YAML or Jinja strings can make).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a warning calls the characters of :data:`XML_ILLEGAL` it says were removed.
REMOVED_CHARACTERS = ("character(s) that Word and PowerPoint files cannot hold (control "
                      "characters, lone surrogates)")
LOGGER = logging.getLogger("exporter")


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


#: The kinds of chart ``::: chart KIND "Title"`` makes.
CHART_KINDS = ("column", "bar", "line", "pie", "stacked")


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart (a column of its table): a value per category, ``None`` where
    the table gives no figure, written with ``prefix`` and ``suffix`` ("$", "%") and
    ``decimals`` digits after the point."""

    name: str
    values: tuple[float | None, ...]
    prefix: str = ""
    suffix: str = ""
    decimals: int = 0


@dataclass(frozen=True)
class Chart:
    """A chart made from a table of numbers: the categories (its first column, headed
    ``category_label``), one or more series (its other columns) and the ``unit`` they share
    ("tonnes", from a header "Seizures (tonnes)")."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    category_label: str = ""
    unit: str = ""


def chart_problem(chart: Chart) -> tuple[str, str] | None:
    """What keeps ``chart`` from being drawn and what to do, or None (for the reader's
    errors and those of plain data alike)."""
    if chart.kind not in CHART_KINDS:
        return f"unknown chart kind {chart.kind!r}", f"use one of: {', '.join(CHART_KINDS)}"
    if not chart.title.strip():
        return "a chart needs a title", 'write `::: chart KIND "Title"`'
    if not chart.categories:
        return ("a chart needs at least one category", "add rows to its table, a category "
                "in the first cell of each")
    if not chart.series:
        return ("a chart needs at least one series", "add a column of numbers after the "
                "categories")
    for series in chart.series:
        if len(series.values) != len(chart.categories):
            return (f"series {series.name!r} has {len(series.values)} values for "
                    f"{len(chart.categories)} categories", "give it one value per category")
        if all(value is None for value in series.values):
            return f"series {series.name!r} has no numbers", "fill in its figures"
        if series.decimals < 0:
            return f"series {series.name!r} has negative decimals", "write 0 or more"
    if chart.kind == "pie":
        if len(chart.series) > 1:
            return (f"a pie chart shows one series, not {len(chart.series)}",
                    "keep one column of numbers, or make it a column, bar or stacked chart")
        values = [value for value in chart.series[0].values if value is not None]
        if min(values) < 0 or not sum(values):
            return ("a pie chart shows shares of a whole: no negative values, and a total "
                    "above zero", "make it a column or bar chart")
    return None


Block: TypeAlias = (Paragraph | ListBlock | Table | Image | CodeBlock | Quote | Callout
                    | Timeline | Chart)


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
    "chart": Chart,
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
        case Chart():
            data.update(kind=block.kind, title=block.title,
                        category_label=block.category_label, unit=block.unit,
                        categories=list(block.categories),
                        series=[_series_to_data(series) for series in block.series])
    return data


def _series_to_data(series: ChartSeries) -> dict[str, Any]:
    return {"name": series.name, "values": list(series.values), "prefix": series.prefix,
            "suffix": series.suffix, "decimals": series.decimals}


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
_DATA_HINT = "compare with the output of `exporter inspect --json`"


def clean_plain_data(data: Any, *, path: str | Path, where: str) -> int:
    """Remove, in place, the characters XML cannot hold from every string of parsed JSON or
    YAML (escapes such as ``"\\u0007"`` or a lone ``"\\ud800"`` make them), with one warning
    naming the file and ``where`` ("front matter"). Returns how deep the data nests;
    iterative, so deep data cannot exhaust the stack."""
    removed = deepest = 0
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = []
    if isinstance(data, dict | list):
        stack.append((data, 1))
    while stack:
        container, depth = stack.pop()
        deepest = max(deepest, depth)
        pairs = container.items() if isinstance(container, dict) else enumerate(container)
        for key, item in pairs:
            if isinstance(item, str):
                cleaned, count = XML_ILLEGAL.subn("", item)
                if count:
                    container[key] = cleaned
                    removed += count
            elif isinstance(item, dict | list):
                stack.append((item, depth + 1))
    if removed:
        LOGGER.warning("%s: removed %d %s from the %s", path, removed, REMOVED_CHARACTERS, where)
    return deepest


@dataclass(frozen=True)
class _Place:
    """Where a value sits in parsed data, for errors: its key path (``sections[3].blocks[0]``)
    and, when the data came from YAML, its line."""

    path: str
    keys: str = ""
    line: int | None = None
    line_offset: int = 0

    def at(self, container: Any, key: str | int) -> _Place:
        """The place of ``container[key]``."""
        if isinstance(key, int):
            keys = f"{self.keys}[{key}]"
            line = getattr(container[key], "line", None)
            line = None if line is None else line + self.line_offset
        else:
            keys = f"{self.keys}.{key}" if self.keys else key
            line = key_line(container, key, self.line_offset)
        return dataclasses.replace(self, keys=keys, line=line or self.line)

    def near(self, container: Any, key: str) -> _Place:
        """This place, with the line of ``container[key]`` (for a problem of the whole)."""
        return dataclasses.replace(self, line=self.at(container, key).line)

    def error(self, message: str, hint: str = _DATA_HINT) -> ContentError:
        where = f"{self.keys}: " if self.keys else ""
        return ContentError(where + message, path=self.path, line=self.line, hint=hint)


def _kind(value: Any) -> str:
    """What a parsed value is, in words, for errors."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    return "a number" if isinstance(value, int | float) else "text"


def _mapping(value: Any, place: _Place) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise place.error(f"must be a mapping of keys to values, not {_kind(value)}",
                          hint="write `key: value` lines under it")
    return value


def _items(value: Any, place: _Place) -> list[tuple[Any, _Place]]:
    """The items of a list, each with its place."""
    if not isinstance(value, list | tuple):
        raise place.error(f"must be a list, not {_kind(value)}")
    return [(item, place.at(value, index)) for index, item in enumerate(value)]


def _entries(data: Mapping[str, Any], key: str, place: _Place, *,
             required: bool = False) -> list[tuple[Any, _Place]]:
    """The items of the list under ``key`` (none when it is absent and not required)."""
    if data.get(key) is None:
        if required:
            raise place.error(f"`{key}` is missing")
        return []
    return _items(data[key], place.at(data, key))


def _text(data: Mapping[str, Any], key: str, place: _Place, *, required: bool = False) -> str:
    """``data[key]`` as text: text or a number; a list, mapping or true/false is an error."""
    value = data.get(key)
    if value is None:
        if required:
            raise place.error(f"`{key}` is missing")
        return ""
    return _scalar_text(value, place.at(data, key))


def _scalar_text(value: Any, place: _Place) -> str:
    if isinstance(value, bool):
        raise place.error("must be text, not true/false",
                          hint="YAML reads yes, no, on, off, true and false as true/false; "
                               "quote the value to keep it as text")
    if isinstance(value, Mapping | list | tuple):
        raise place.error(f"must be text, not {_kind(value)}", hint="write one value as text")
    return str(value)


def _whole_number(data: Mapping[str, Any], key: str, place: _Place, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise place.at(data, key).error(f"must be a whole number, not {_kind(value)}")
    return value


def from_data(data: Any, *, path: str = "<data>") -> Document:
    """A document from plain data (as produced by :func:`to_data`); a ContentError names
    what is wrong and where (``sections[3].blocks[0]: unknown block type 'x'``)."""
    root = _Place(path)
    if not isinstance(data, Mapping):
        raise root.error("the top level must be a mapping with meta, intro and sections")
    meta = _metadata(data.get("meta") or {}, root.at(data, "meta"))
    intro = tuple(_block(block, place) for block, place in _entries(data, "intro", root))
    ids: dict[str, str] = {}
    sections = tuple(_section(section, place, 1, ids)
                     for section, place in _entries(data, "sections", root))
    return Document(meta=meta, intro=intro, sections=sections, source_path=path)


def metadata_from_mapping(data: Any, *, path: str, line_offset: int = 0) -> Metadata:
    """Front matter as :class:`Metadata`; unknown keys, values of the wrong kind and dates
    that are not YYYY-MM-DD are errors naming the key and its line (YAML lines plus
    ``line_offset``)."""
    line = getattr(data, "line", None)
    return _metadata(data, _Place(path, line=None if line is None else line + line_offset,
                                  line_offset=line_offset))


def _metadata(data: Any, place: _Place) -> Metadata:
    data = _mapping(data, place)
    unknown = [key for key in data if key not in _META_FIELDS and key != "vars"]
    if unknown:
        raise place.near(data, unknown[0]).error(
            f"unknown front-matter key(s): {', '.join(map(str, unknown))}",
            hint=f"known keys: {', '.join(sorted(_META_FIELDS | {'vars'}))}; put free values "
                 "under `vars:`")
    if not data.get("title"):
        raise place.error("the front matter has no `title`",
                          hint="add `title: ...` to the front matter")
    if data.get("vars") is not None:
        _mapping(data["vars"], place.at(data, "vars"))
    values = {key: _text(data, key, place).strip()
              for key in _META_FIELDS - {"keywords"} if data.get(key) is not None}
    if values.get("date"):
        _check_date(values["date"], place.at(data, "date"))
    extra = {key: data[key] for key in data if key not in _META_FIELDS}
    return Metadata(**values, keywords=_keywords(data, place), extra=extra)


def _keywords(data: Mapping[str, Any], place: _Place) -> tuple[str, ...]:
    keywords = data.get("keywords")
    if isinstance(keywords, str):
        return tuple(k.strip() for k in keywords.split(",") if k.strip())
    if isinstance(keywords, list | tuple):
        return tuple(_scalar_text(word, where).strip()
                     for word, where in _items(keywords, place.at(data, "keywords")))
    return () if keywords is None else (_text(data, "keywords", place).strip(),)


def _check_date(text: str, place: _Place) -> None:
    try:
        valid = len(text) == 10 and _dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        valid = False
    if not valid:
        raise place.error(f"{text!r} is not a YYYY-MM-DD date",
                          hint="write the date as 2026-11-26")


def _runs(value: Any, place: _Place) -> Inline:
    if isinstance(value, str):
        return (Run(value),)
    runs = []
    for item, where in _items(value, place):
        run = _mapping(item, where)
        link = _text(run, "link", where)
        runs.append(Run(text=_text(run, "text", where, required=True),
                        bold=bool(run.get("bold")), italic=bool(run.get("italic")),
                        code=bool(run.get("code")), link=link or None))
    return tuple(runs)


def _field_runs(data: Mapping[str, Any], key: str, place: _Place) -> Inline:
    if data.get(key) is None:
        raise place.error(f"`{key}` is missing")
    return _runs(data[key], place.at(data, key))


def _blocks(data: Mapping[str, Any], key: str, place: _Place, *,
            required: bool = False) -> tuple[Block, ...]:
    return tuple(_block(block, where)
                 for block, where in _entries(data, key, place, required=required))


def _block(value: Any, place: _Place) -> Block:
    data = _mapping(value, place)
    kind = _text(data, "type", place, required=True)
    reader = _BLOCK_READERS.get(kind)
    if reader is None:
        raise place.error(f"unknown block type {kind!r}",
                          hint=f"use one of: {', '.join(_BLOCK_READERS)}")
    return reader(data, place)


def _paragraph(data: Mapping[str, Any], place: _Place) -> Paragraph:
    return Paragraph(_field_runs(data, "runs", place))


def _list(data: Mapping[str, Any], place: _Place) -> ListBlock:
    return ListBlock(tuple(_list_item(item, where)
                           for item, where in _entries(data, "items", place, required=True)),
                     ordered=bool(data.get("ordered")),
                     start=_whole_number(data, "start", place, 1))


def _list_item(value: Any, place: _Place) -> ListItem:
    data = _mapping(value, place)
    children = []
    for child, where in _entries(data, "children", place):
        block = _block(child, where)
        if not isinstance(block, ListBlock):
            raise where.error("a list item's children must be lists")
        children.append(block)
    return ListItem(_field_runs(data, "runs", place), tuple(children))


def _table(data: Mapping[str, Any], place: _Place) -> Table:
    header = tuple(_runs(cell, where)
                   for cell, where in _entries(data, "header", place, required=True))
    rows = tuple(tuple(_runs(cell, cell_place) for cell, cell_place in _items(row, where))
                 for row, where in _entries(data, "rows", place, required=True))
    align = tuple(_scalar_text(value, where) for value, where in _entries(data, "align", place))
    return Table(header=header, rows=rows, caption=_text(data, "caption", place), align=align)


def _image(data: Mapping[str, Any], place: _Place) -> Image:
    return Image(src=_text(data, "src", place, required=True), alt=_text(data, "alt", place),
                 title=_text(data, "title", place))


def _code(data: Mapping[str, Any], place: _Place) -> CodeBlock:
    return CodeBlock(text=_text(data, "text", place, required=True),
                     language=_text(data, "language", place))


def _quote(data: Mapping[str, Any], place: _Place) -> Quote:
    return Quote(_blocks(data, "blocks", place, required=True))


def _callout(data: Mapping[str, Any], place: _Place) -> Callout:
    return Callout(kind=_text(data, "kind", place) or "callout", title=_text(data, "title", place),
                   blocks=_blocks(data, "blocks", place, required=True))


def _timeline(data: Mapping[str, Any], place: _Place) -> Timeline:
    entries = []
    for entry, where in _entries(data, "entries", place, required=True):
        fields = _mapping(entry, where)
        entries.append(TimelineEntry(when=_text(fields, "when", where, required=True),
                                     runs=_field_runs(fields, "runs", where)))
    return Timeline(title=_text(data, "title", place), entries=tuple(entries))


def _chart(data: Mapping[str, Any], place: _Place) -> Chart:
    categories = tuple(_scalar_text(category, where)
                       for category, where in _entries(data, "categories", place, required=True))
    series = tuple(_series(item, where)
                   for item, where in _entries(data, "series", place, required=True))
    chart = Chart(kind=_text(data, "kind", place, required=True),
                  title=_text(data, "title", place, required=True), categories=categories,
                  series=series, category_label=_text(data, "category_label", place),
                  unit=_text(data, "unit", place))
    problem = chart_problem(chart)
    if problem:
        raise place.error(*problem)
    return chart


def _series(value: Any, place: _Place) -> ChartSeries:
    data = _mapping(value, place)
    values = tuple(_number(item, where)
                   for item, where in _entries(data, "values", place, required=True))
    written = max((_fraction_digits(v) for v in values if v is not None), default=0)
    return ChartSeries(name=_text(data, "name", place, required=True), values=values,
                       prefix=_text(data, "prefix", place), suffix=_text(data, "suffix", place),
                       decimals=_whole_number(data, "decimals", place, written))


def _number(value: Any, place: _Place) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise place.error(f"must be a number or empty, not {_kind(value)}",
                          hint="write the figure as a number, without separators or units")
    if not math.isfinite(value):
        raise place.error(f"{value} is not a figure a chart can show",
                          hint="write a finite number, or leave it empty")
    return value


def _fraction_digits(value: float) -> int:
    """The digits after the point that show ``value`` exactly (0 for whole numbers)."""
    if isinstance(value, int) or value.is_integer():
        return 0
    return max(0, -int(decimal.Decimal(repr(value)).as_tuple().exponent))


_BLOCK_READERS: dict[str, Callable[[Mapping[str, Any], _Place], Block]] = {
    "paragraph": _paragraph,
    "list": _list,
    "table": _table,
    "image": _image,
    "code": _code,
    "quote": _quote,
    "callout": _callout,
    "timeline": _timeline,
    "chart": _chart,
}


def _section(value: Any, place: _Place, level: int, ids: dict[str, str]) -> Section:
    """A section at ``level``; ``ids`` holds the place of every id seen so far."""
    data = _mapping(value, place)
    if level > MAX_LEVEL:
        raise place.error(f"sections nest at most {MAX_LEVEL} levels deep",
                          hint="make it a section of a higher level")
    given = _whole_number(data, "level", place, level)
    if given != level:
        raise place.at(data, "level").error(f"level {given} does not match its place "
                                            f"(level {level})", hint=f"write level: {level}")
    ident = _text(data, "id", place, required=True)
    title = _text(data, "title", place, required=True)
    if ident in ids:
        raise place.at(data, "id").error(f"id `{ident}` is used twice (first in {ids[ident]})",
                                         hint="give each section its own id")
    ids[ident] = place.keys
    notes = None if data.get("notes") is None else _blocks(data, "notes", place)
    return Section(
        id=ident, title=title, level=level,
        tags=tuple(_scalar_text(tag, where) for tag, where in _entries(data, "tags", place)),
        blocks=_blocks(data, "blocks", place),
        keypoints=tuple(_runs(point, where) for point, where in _entries(data, "keypoints", place)),
        notes=notes,
        subsections=tuple(_section(child, where, level + 1, ids)
                          for child, where in _entries(data, "subsections", place)),
    )
