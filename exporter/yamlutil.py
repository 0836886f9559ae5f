"""YAML loading with line numbers, shared by the content reader and the audience profiles.

PyYAML's safe loader is used (no object construction). Mappings come back as
:class:`LineDict`, a dict that remembers the line of each key, so validation errors can
name ``file:line``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporter.errors import ExporterError

if TYPE_CHECKING:
    import yaml


class LineDict(dict[str, Any]):
    """A dict that knows the 1-based source line of each key (``key_lines``)."""

    key_lines: dict[str, int]
    line: int | None = None


@functools.cache
def _line_loader() -> type[yaml.SafeLoader]:
    """PyYAML's safe loader whose mappings record key lines (PyYAML is loaded here, on
    first use: build workers unpickle profiles without ever reading YAML)."""
    import yaml

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
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

    class LineLoader(yaml.SafeLoader):
        """Safe loader whose mappings record key lines."""

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                               construct_mapping)
    return LineLoader


def load_yaml(
    text: str, *, path: str | Path, error: type[ExporterError], line_offset: int = 0
) -> Any:
    """Parse YAML text; syntax errors become ``error`` with the file, line and column."""
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(f"invalid YAML: {problem}", path=path, line=line, column=column,
                    hint="check indentation, colons and quotes") from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path, hint="check the YAML syntax") from None


def key_line(mapping: Any, key: str, offset: int = 0) -> int | None:
    """The line of ``key`` in a mapping loaded by :func:`load_yaml`, if known."""
    lines = getattr(mapping, "key_lines", None)
    if lines and key in lines:
        return int(lines[key]) + offset
    line = getattr(mapping, "line", None)
    return None if line is None else int(line) + offset
