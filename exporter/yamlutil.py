"""YAML loading with line numbers and bounds, shared by the content reader and the profiles.

PyYAML's safe loader is used (no object construction). Mappings come back as
:class:`LineDict`, a dict that remembers the line of each key, so validation errors can
name ``file:line``. What comes back is plain JSON-like data: dates and times become their
ISO text (an impossible date such as 2026-02-30 is an error with its line), and the
types JSON has no word for (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``) are refused.
Nesting deeper than :data:`~exporter.limits.DATA_DEPTH` and aliases that would repeat more
than :data:`~exporter.limits.YAML_ALIAS_VALUES` values (an "alias bomb" of a few lines
expands to billions) are refused while the file is composed, before anything is built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from exporter.errors import ExporterError
from exporter.limits import DATA_DEPTH, YAML_ALIAS_VALUES

if TYPE_CHECKING:
    import yaml

_NOT_JSON_TAGS = ("binary", "set", "omap", "pairs")


class LineDict(dict[str, Any]):
    """A dict that knows the 1-based source line of each key (``key_lines``)."""

    key_lines: dict[str, int]
    line: int | None = None


@dataclass(frozen=True)
class _Source:
    """The file being loaded, for errors: its path, its error class, its first line."""

    path: str | Path
    error: type[ExporterError]
    line_offset: int

    def error_at(self, mark: Any, message: str, hint: str) -> ExporterError:
        """``error`` at a PyYAML mark (0-based line and column), or at no line (None)."""
        line = mark.line + 1 + self.line_offset if mark else None
        column = mark.column + 1 if mark else None
        return self.error(message, path=self.path, line=line, column=column, hint=hint)


@functools.cache
def _line_loader() -> Callable[[str, _Source], yaml.SafeLoader]:
    """PyYAML's safe loader whose mappings record key lines, with the bounds above (PyYAML
    is loaded here, on first use: build workers unpickle profiles without reading YAML)."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        """Safe loader whose mappings record key lines, bounded in depth and aliases."""

        def __init__(self, text: str, source: _Source) -> None:
            super().__init__(text)
            self.source = source
            self.max_depth = DATA_DEPTH.count
            self.max_repeated = YAML_ALIAS_VALUES.count
            self.depth = 0
            self.repeated = 0
            self.open_anchors: set[str] = set()
            self.sizes: dict[yaml.Node, int] = {}

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent):
                node = super().compose_node(parent, index)
                self.count_repeat(event, cast("yaml.Node", node))
                return node
            if self.depth >= self.max_depth:
                raise self.source.error_at(
                    event.start_mark, f"YAML nested more than {DATA_DEPTH} deep",
                    f"flatten the data, or {DATA_DEPTH.raise_hint}")
            self.depth += 1
            if event.anchor is not None:
                self.open_anchors.add(event.anchor)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
                if event.anchor is not None:
                    self.open_anchors.discard(event.anchor)

        def count_repeat(self, event: yaml.AliasEvent, node: yaml.Node) -> None:
            """Count the values an alias repeats; refuse a bomb or a loop."""
            if event.anchor in self.open_anchors:
                raise self.source.error_at(
                    event.start_mark, f"the alias *{event.anchor} refers to a value that "
                    "contains it", "YAML values cannot contain themselves")
            self.repeated += self.expanded_size(node)
            if self.repeated > self.max_repeated:
                raise self.source.error_at(
                    event.start_mark, f"YAML aliases repeat more than {YAML_ALIAS_VALUES}",
                    f"write the values out, or {YAML_ALIAS_VALUES.raise_hint}")

        def expanded_size(self, node: yaml.Node) -> int:
            """How many values ``node`` stands for, aliases inside it expanded (each
            node's size is computed once, so a bomb costs no more than its text)."""
            if node not in self.sizes:
                children: list[yaml.Node] = []
                if isinstance(node, yaml.SequenceNode):
                    children = node.value
                elif isinstance(node, yaml.MappingNode):
                    children = [item for pair in node.value for item in pair]
                self.sizes[node] = 1 + sum(self.expanded_size(child) for child in children)
            return self.sizes[node]

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except ValueError as exc:  # an impossible date, a number of 5,000 digits
                value = str(node.value)
                shown = value if len(value) <= 40 else value[:37] + "..."
                raise self.source.error_at(
                    node.start_mark, f"cannot read {shown!r}: {exc}",
                    "write dates as YYYY-MM-DD, or quote the value to keep it as text"
                ) from None

    def construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
        loader.flatten_mapping(node)
        result = LineDict()
        result.key_lines = {}
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark)
            result[str(key) if not isinstance(key, str) else key] = loader.construct_object(
                value_node, deep=True)
            result.key_lines[str(key)] = key_node.start_mark.line + 1
        return result

    def construct_timestamp(loader: LineLoader, node: yaml.ScalarNode) -> str:
        return str(yaml.SafeLoader.construct_yaml_timestamp(loader, node).isoformat())

    def refuse_type(loader: LineLoader, node: yaml.Node) -> Any:
        raise loader.source.error_at(
            node.start_mark, f"the YAML type {node.tag.rsplit(':', 1)[-1]!r} is not "
            "supported", "use text, numbers, lists and mappings")

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                               construct_mapping)
    LineLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    for tag in _NOT_JSON_TAGS:
        LineLoader.add_constructor(f"tag:yaml.org,2002:{tag}", refuse_type)
    return LineLoader


def load_yaml(
    text: str, *, path: str | Path, error: type[ExporterError], line_offset: int = 0
) -> Any:
    """Parse YAML text into plain data; syntax errors and refused input become ``error``
    with the file, line and column."""
    import yaml

    source = _Source(path, error, line_offset)
    loader = _line_loader()(text, source)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        raise source.error_at(exc.problem_mark or exc.context_mark, f"invalid YAML: {problem}",
                              "check indentation, colons and quotes") from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path, hint="check the YAML syntax") from None
    finally:
        loader.dispose()


def key_line(mapping: Any, key: str, offset: int = 0) -> int | None:
    """The line of ``key`` in a mapping loaded by :func:`load_yaml`, if known."""
    lines = getattr(mapping, "key_lines", None)
    if lines and key in lines:
        return int(lines[key]) + offset
    line = getattr(mapping, "line", None)
    return None if line is None else int(line) + offset
