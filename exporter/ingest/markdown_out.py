"""Draft content files written as Markdown that the content reader parses back.

Owns :func:`to_markdown`: the YAML front matter, the introduction, each heading with its id
(and ``.drafted`` when its title was drafted from the text), the ``::: keypoints`` and the
blocks: paragraphs with bold, italics and links, lists (nested too), pipe tables and images.
Text is escaped so that the reader returns it unchanged (the rules are in
``docs/ingest.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from exporter.model import (
    Block,
    CodeBlock,
    Document,
    Image,
    ListBlock,
    Metadata,
    Paragraph,
    Run,
    Table,
    plain_text,
)

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
        tags = "".join(f" .{tag}" for tag in section.tags)
        parts.append(f"{'#' * section.level} {_inline(section.title)} {{#{section.id}{tags}}}")
        if section.keypoints:
            bullets = "\n".join(f"- {_inline(plain_text(p))}" for p in section.keypoints)
            parts.append(f"::: keypoints\n{bullets}\n:::")
        parts.extend(map(_block, section.blocks))
    return "\n\n".join(parts) + "\n"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _runs(block.runs)
    if isinstance(block, ListBlock):
        return _list(block, "")
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, CodeBlock):
        return _fenced(block)
    assert isinstance(block, Image)  # ingest makes paragraphs, lists, tables, code, images
    title = f' "{block.title.replace(chr(34), chr(39))}"' if block.title else ""
    return f"![{_inline(block.alt, line_start=False)}](<{block.src}>{title})"


def _fenced(block: CodeBlock) -> str:
    """A code block fenced with more backticks than any run of them in its text (within
    Jinja's raw tags when it holds what would open Jinja: "{{#include ...}}")."""
    fence = "`" * max(3, _longest_backticks(block.text) + 1)
    fenced = f"{fence}{block.language}\n{block.text}\n{fence}"
    return f"{{% raw %}}\n{_raw(fenced)}\n{{% endraw %}}" if _JINJA_OPEN.search(block.text) \
        else fenced


def _code_span(text: str) -> str:
    """Inline code between more backticks than any run of them in it, padded when it
    starts or ends with one (within Jinja's raw tags when it holds what would open
    Jinja)."""
    fence = "`" * (_longest_backticks(text) + 1)
    pad = " " if text[:1] in "` " or text[-1:] in "` " else ""
    span = f"{fence}{pad}{text}{pad}{fence}"
    return f"{{% raw %}}{_raw(span)}{{% endraw %}}" if _JINJA_OPEN.search(text) else span


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _raw(text: str) -> str:
    """Text to stand between Jinja's raw tags: an "endraw" tag of its own is written out
    of them and taken back in ("{% endraw" as a string)."""
    return re.sub(r"\{%(-?\s*endraw)", lambda m: "{% endraw %}{{ '{%' }}{% raw %}" + m.group(1),
                  text)


def _list(block: ListBlock, indent: str) -> str:
    lines = []
    for index, item in enumerate(block.items):
        marker = f"{block.start + index}." if block.ordered else "-"
        lines.append(f"{indent}{marker} {_runs(item.runs)}")
        lines.extend(_list(child, indent + " " * (len(marker) + 1)) for child in item.children)
    return "\n".join(lines)


def _table(table: Table) -> str:
    width = max(len(table.header), *(len(row) for row in table.rows)) if table.rows \
        else len(table.header)

    def row(cells: Sequence[tuple[Run, ...]]) -> str:
        padded = [*cells, *([()] * (width - len(cells)))]
        return "| " + " | ".join(_runs(cell, line_start=False).replace("|", "\\|")
                                 .replace("\n", " ") for cell in padded) + " |"

    return "\n".join([row(table.header), "|" + " --- |" * width,
                      *(row(cells) for cells in table.rows)])


def _runs(runs: Sequence[Run], *, line_start: bool = True) -> str:
    out = []
    for index, run in enumerate(runs):
        core = run.text.strip()
        if not core:
            out.append(" " if run.text else "")
            continue
        lead = run.text[:len(run.text) - len(run.text.lstrip())]
        trail = run.text[len(run.text.rstrip()):]
        text = _code_span(core) if run.code else \
            _inline(core, line_start=line_start and index == 0 and not lead)
        if run.link:
            text = f"[{text}](<{run.link}>)"
        if run.italic:
            text = f"*{text}*"
        if run.bold:
            text = f"**{text}**"
        out.append(f"{' ' if lead else ''}{text}{' ' if trail else ''}")
    return "".join(out).strip()


def _inline(text: str, *, line_start: bool = True) -> str:
    """Text escaped so that Markdown (and Jinja) read it back unchanged."""
    text = _JINJA_OPEN.sub("&#123;", _MD_ESCAPE.sub(r"\\\g<0>", text))
    if line_start and (match := _MD_LINE_START.match(text)):
        text = f"{text[:match.end()]}\\{text[match.end():]}" if match.group()[0].isdigit() \
            else f"\\{text}"
    return text


def _front_matter(meta: Metadata) -> str:
    lines = ["---", f"title: {_yaml_quoted(meta.title)}", f"date: {meta.date}"]
    if meta.author:
        lines.append(f"author: {_yaml_quoted(meta.author)}")
    lines.append(f"source: {_yaml_quoted(meta.source)}")
    if meta.lang != Metadata.lang:
        lines.append(f"lang: {meta.lang}")
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
