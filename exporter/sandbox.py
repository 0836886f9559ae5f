"""The bounded Jinja2 sandbox every content file and template part renders in.

jinja2's ``SandboxedEnvironment`` keeps template code away from Python internals; this
subclass also bounds the work a template can ask for, with the sandbox's own hooks (the
intercepted operators, :meth:`call`, :meth:`getattr`, the ``range`` and ``lipsum``
globals, the filters, ``concat``) and a rewrite of the parsed template that routes every
``{% for %}`` through a counted loop and every ``~`` through the bounded ``join`` filter:

- time: one render may take :data:`~exporter.limits.RENDER_SECONDS`, checked at every
  call, attribute, operator and loop iteration;
- output: the text one render joins, :data:`~exporter.limits.RENDER_OUTPUT`;
- values: a string, list or range made while rendering, :data:`~exporter.limits.RENDER_VALUE`.
  What could multiply two sizes (``"x" * n``, ``range``, ``lipsum``, ``center``, ``indent``,
  ``join``, ``replace``, ``batch``, ``format``, ``wordwrap``, ``sum``, ``tojson``,
  ``urlize``, and the matching string methods) is measured before it runs; anything else
  grows at most in proportion to its input and is measured after;
- numbers: :data:`~exporter.limits.RENDER_DIGITS` digits (``10 ** 10 ** 10`` is refused
  before Python tries);
- depth: calls inside calls, :data:`~exporter.limits.RENDER_DEPTH` (a macro that calls
  itself).

A limit reached raises :class:`RenderLimitError`, which :mod:`exporter.templating` turns
into a one-line error naming the file and, where Jinja knows it, the line.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace, generate_lorem_ipsum
from jinja2.visitor import NodeTransformer

from exporter.limits import (
    RENDER_DEPTH,
    RENDER_DIGITS,
    RENDER_OUTPUT,
    RENDER_SECONDS,
    RENDER_VALUE,
    Limit,
)

_SIZED = (str, bytes, list, tuple, dict, set, frozenset, range)
_BITS_PER_DIGIT = math.log2(10)
_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]")
_NUMBERS = re.compile(r"\d+")


class RenderLimitError(SecurityError):
    """A template asked for more than one of the limits allows."""

    def __init__(self, message: str, limit: Limit) -> None:
        super().__init__(message)
        self.limit = limit


@dataclass
class _Budget:
    """What is left of one render's limits."""

    deadline: float
    output_left: int
    largest: int
    bits: int
    depth_left: int

    @classmethod
    def start(cls) -> _Budget:
        return cls(deadline=time.monotonic() + RENDER_SECONDS.value,
                   output_left=RENDER_OUTPUT.count, largest=RENDER_VALUE.count,
                   bits=math.ceil(RENDER_DIGITS.count * _BITS_PER_DIGIT),
                   depth_left=RENDER_DEPTH.count)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitError(f"rendering took longer than {RENDER_SECONDS}",
                                   RENDER_SECONDS)

    def need(self, size: float, what: str) -> None:
        """Refuse to make ``what`` of ``size`` characters or items."""
        if size > self.largest:
            raise RenderLimitError(f"{what} would make a value of {size:,.0f} characters or "
                                   f"items (the limit is {RENDER_VALUE})", RENDER_VALUE)

    def need_bits(self, bits: float, what: str) -> None:
        """Refuse to make ``what``, a whole number of ``bits`` bits."""
        if bits > self.bits:
            raise RenderLimitError(
                f"{what} would make a number of about {bits / _BITS_PER_DIGIT:,.0f} digits "
                f"(the limit is {RENDER_DIGITS})", RENDER_DIGITS)

    def checked(self, value: Any, what: str) -> Any:
        """``value``, once measured against the size and number limits."""
        if isinstance(value, _SIZED):
            self.need(len(value), what)
        elif isinstance(value, int):
            self.need_bits(abs(value).bit_length(), what)
        return value


_BUDGET: ContextVar[_Budget | None] = ContextVar("exporter_render_budget", default=None)


def _budget() -> _Budget:
    """The budget of the render under way (a fresh one outside a render)."""
    return _BUDGET.get() or _Budget.start()


class _BoundedTemplate(Template):
    """A template whose every render starts a new budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget.start())
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


class _CountedTemplate(NodeTransformer):
    """Rewrites a parsed template so that loops tick the budget and ``~`` is measured."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.EnvironmentAttribute("counted_loop"), [node.iter], [],
                               None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "join", [], [], None,
                            None, lineno=node.lineno)


class BoundedSandbox(SandboxedEnvironment):
    """The sandboxed environment, bounded in time, size, numbers and depth."""

    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range
        self.globals["lipsum"] = _bounded_lipsum
        self.filters = {name: _bounded_filter(name, function)
                        for name, function in self.filters.items()}

    def parse(self, source: str, name: str | None = None,
              filename: str | None = None) -> nodes.Template:
        try:
            return super().parse(source, name, filename)
        except RecursionError:
            raise TemplateSyntaxError("expressions or tags nested too deeply", 0) from None

    def from_string(self, source: str | nodes.Template,
                    globals: MutableMapping[str, Any] | None = None,
                    template_class: type[Template] | None = None) -> Template:
        tree = self.parse(source) if isinstance(source, str) else source
        try:
            return super().from_string(_CountedTemplate().visit(tree), globals, template_class)
        except (RecursionError, SyntaxError, MemoryError):
            raise TemplateSyntaxError("expressions or tags nested too deeply", 0) from None

    def concat(self, pieces: Iterable[str]) -> str:
        budget = _budget()
        parts: list[str] = []
        total = 0
        for piece in pieces:
            total += len(piece)
            if total > budget.output_left:
                raise RenderLimitError(f"the output would be longer than {RENDER_OUTPUT}",
                                       RENDER_OUTPUT)
            parts.append(piece)
        budget.output_left -= total
        return "".join(parts)

    def counted_loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """What a ``{% for %}`` loops over, one tick per item."""
        budget = _budget()
        for item in iterable:
            budget.tick()
            yield item

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.tick()
        _measure_binop(budget, operator, left, right)
        return budget.checked(super().call_binop(context, operator, left, right),
                              f"`{operator}`")

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.tick()
        if budget.depth_left <= 0:
            raise RenderLimitError(f"calls nested more than {RENDER_DEPTH} deep (a macro "
                                   "that calls itself?)", RENDER_DEPTH)
        arguments = _measure_method(budget, obj, list(args), kwargs)
        budget.depth_left -= 1
        try:
            result = super().call(context, obj, *arguments, **kwargs)
        finally:
            budget.depth_left += 1
        name = getattr(obj, "__name__", "a call")
        receiver = getattr(obj, "__self__", None)
        if isinstance(receiver, list | dict | set):
            budget.checked(receiver, f"`{name}`")
        return budget.checked(result, f"`{name}`")

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _looked_up(obj, super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _looked_up(obj, super().getitem(obj, argument))


def _looked_up(obj: Any, value: Any) -> Any:
    """An attribute or item read by a template; what a template stored in a ``namespace``
    is measured, since ``{% set ns.x = ... %}`` in a loop can grow it."""
    budget = _budget()
    budget.tick()
    return budget.checked(value, "a namespace value") if isinstance(obj, Namespace) else value


# --- operators --------------------------------------------------------------------------


def _measure_binop(budget: _Budget, operator: str, left: Any, right: Any) -> None:
    what = f"`{operator}`"
    if operator == "*":
        if isinstance(left, _SIZED) and isinstance(right, int):
            budget.need(len(left) * right, what)
        elif isinstance(right, _SIZED) and isinstance(left, int):
            budget.need(len(right) * left, what)
        elif isinstance(left, int) and isinstance(right, int):
            budget.need_bits(abs(left).bit_length() + abs(right).bit_length(), what)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if abs(left) > 1:
            budget.need_bits(math.log2(abs(left)) * right, what)
    elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
        budget.need(len(left) + len(right), what)
    elif operator == "%" and isinstance(left, str):
        budget.need(_printf_size(left, right), what)


# --- globals ----------------------------------------------------------------------------


def _bounded_range(*args: int) -> range:
    """``range()``, at most the value limit long."""
    numbers = range(*args)
    _budget().need(len(numbers), "`range`")
    return numbers


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """``lipsum()``: refused when even one-letter words would pass the value limit."""
    words = n * (max if max > min else min)
    _budget().need(2 * words, "`lipsum`")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


# --- sizes that multiply ------------------------------------------------------------------


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes) else len(str(value))


def _listed(budget: _Budget, arguments: dict[str, Any], name: str, what: str) -> list[Any]:
    """The iterable ``arguments[name]`` as a list (stored back), refused past the limit."""
    items = []
    for item in arguments[name]:
        items.append(item)
        budget.need(len(items), what)
    arguments[name] = items
    return items


def _joined_size(budget: _Budget, items: list[Any], separator: Any, what: str) -> None:
    total = _length(separator) * max(len(items) - 1, 0)
    for item in items:
        budget.need(total, what)
        total += _length(item)
    budget.need(total, what)


def _replaced_size(text: Any, old: Any, new: Any, count: int | None) -> int:
    text, old, new = str(text), str(old), str(new)
    found = len(text) + 1 if not old else text.count(old)
    if count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _printf_size(template: str, values: Any) -> float:
    """An upper bound of ``template % values`` (a ``*`` width is unbounded)."""
    fields = _PRINTF_FIELD.findall(template)
    if any("*" in width + precision for width, precision in fields):
        return math.inf
    widest = max((int(number or 0) for field in fields for number in field), default=0)
    if isinstance(values, Mapping):
        values = list(values.values())
    elif not isinstance(values, tuple):
        values = (values,)
    longest = max((_length(value) for value in values), default=0)
    return len(template) + len(fields) * (widest + longest)


def _format_size(template: str, args: list[Any], kwargs: Mapping[str, Any]) -> float:
    """An upper bound of ``template.format(...)``; a nested ``{field}`` in a format spec
    (``{:{width}}``) is refused, its size cannot be known beforehand."""
    fields = [spec for _, field, spec, _ in string.Formatter().parse(template)
              if field is not None]
    if any("{" in (spec or "") for spec in fields):
        raise SecurityError("a format spec with a nested {field} is not supported")
    widest = max((int(n) for spec in fields for n in _NUMBERS.findall(spec or "")), default=0)
    values = [*args, *kwargs.values()]
    longest = max((_length(value) for value in values), default=0)
    return len(template) + len(fields) * (widest + longest)


def _lines(text: Any) -> int:
    return str(text).count("\n") + 1


Estimate = Callable[[_Budget, dict[str, Any], str], None]


def _center(budget: _Budget, a: dict[str, Any], what: str) -> None:
    budget.need(max(_length(a["value"]), a["width"]), what)


def _indent(budget: _Budget, a: dict[str, Any], what: str) -> None:
    width = a["width"] if isinstance(a["width"], int) else _length(a["width"])
    budget.need(_length(a["s"]) + _lines(a["s"]) * width, what)


def _join(budget: _Budget, a: dict[str, Any], what: str) -> None:
    _joined_size(budget, _listed(budget, a, "value", what), a["d"], what)


def _replace(budget: _Budget, a: dict[str, Any], what: str) -> None:
    budget.need(_replaced_size(a["s"], a["old"], a["new"], a["count"]), what)


def _batch(budget: _Budget, a: dict[str, Any], what: str) -> None:
    budget.need(a["linecount"], what)


def _format(budget: _Budget, a: dict[str, Any], what: str) -> None:
    budget.need(_printf_size(str(a["value"]), a["args"] or a["kwargs"]), what)


def _wordwrap(budget: _Budget, a: dict[str, Any], what: str) -> None:
    text = str(a["s"])
    lines = len(text.split()) + _lines(text) + len(text) // max(a["width"], 1)
    budget.need(len(text) + lines * _length(a["wrapstring"] or "\n"), what)


def _sum(budget: _Budget, a: dict[str, Any], what: str) -> None:
    if isinstance(a["start"], _SIZED):
        items = _listed(budget, a, "iterable", what)
        budget.need(len(a["start"]) + sum(len(item) if isinstance(item, _SIZED) else 1
                                          for item in items), what)


def _tojson(budget: _Budget, a: dict[str, Any], what: str) -> None:
    indent = a["indent"]
    if indent:
        width = indent if isinstance(indent, int) else _length(indent)
        budget.need(len(json.dumps(a["value"], indent=1)) * width, what)


def _urlize(budget: _Budget, a: dict[str, Any], what: str) -> None:
    extra = sum(_length(a[key] or "") for key in ("target", "rel"))
    length = _length(a["value"])
    budget.need(length + (length // 2 + 1) * extra, what)


#: Filters whose result can multiply two of their inputs, measured before they run.
_FILTER_ESTIMATES: dict[str, Estimate] = {
    "center": _center, "indent": _indent, "join": _join, "replace": _replace,
    "batch": _batch, "format": _format, "wordwrap": _wordwrap, "sum": _sum,
    "tojson": _tojson, "urlize": _urlize,
}


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a filter) ticking the budget, measured before it runs when its result
    can multiply its inputs, and after."""
    estimate = _FILTER_ESTIMATES.get(name)
    signature = inspect.signature(function) if estimate else None
    what = f"the `{name}` filter"

    @functools.wraps(function)  # keeps Jinja's pass_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.tick()
        if estimate and signature:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                pass  # the filter itself says what is wrong with its arguments
            else:
                bound.apply_defaults()
                estimate(budget, bound.arguments, what)
                args, kwargs = bound.args, bound.kwargs
        return budget.checked(function(*args, **kwargs), what)

    return bounded


# --- methods of strings and numbers ------------------------------------------------------


def _measure_method(budget: _Budget, obj: Any, args: list[Any],
                    kwargs: dict[str, Any]) -> list[Any]:
    """Measure a string or number method whose result can multiply its inputs; the
    arguments to call it with (an iterable given to ``join`` is listed once)."""
    method = getattr(obj, "__wrapped__", obj)  # str.format, as the sandbox wraps it
    receiver = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    what = f"`{name}`"
    if isinstance(receiver, str) and name in ("format", "format_map"):
        values = kwargs if name == "format" else (args[0] if args else {})
        budget.need(_format_size(receiver, args if name == "format" else [],
                                 values if isinstance(values, Mapping) else {}), what)
    elif isinstance(receiver, str | bytes) and name in _TEXT_METHODS:
        bound = inspect.signature(method).bind(*args, **kwargs)
        bound.apply_defaults()
        _TEXT_METHODS[name](budget, receiver, bound.arguments, what)
        return list(bound.args)
    elif isinstance(receiver, int) and name == "to_bytes":
        budget.need(args[0] if args else kwargs.get("length", 1), what)
    return args


TextEstimate = Callable[[_Budget, Any, dict[str, Any], str], None]


def _padded(budget: _Budget, text: Any, a: dict[str, Any], what: str) -> None:
    budget.need(max(len(text), a["width"]), what)


def _expanded(budget: _Budget, text: Any, a: dict[str, Any], what: str) -> None:
    tab = "\t" if isinstance(text, str) else b"\t"
    budget.need(len(text) + text.count(tab) * a["tabsize"], what)


def _method_replace(budget: _Budget, text: Any, a: dict[str, Any], what: str) -> None:
    budget.need(_replaced_size(text, a["old"], a["new"], a["count"]), what)


def _method_join(budget: _Budget, text: Any, a: dict[str, Any], what: str) -> None:
    _joined_size(budget, _listed(budget, a, "iterable", what), text, what)


def _translate(budget: _Budget, text: Any, a: dict[str, Any], what: str) -> None:
    table = a["table"]
    if isinstance(table, Mapping):
        longest = max((_length(value) for value in table.values() if value is not None),
                      default=1)
        budget.need(len(text) * longest, what)


_TEXT_METHODS: dict[str, TextEstimate] = {
    "center": _padded, "ljust": _padded, "rjust": _padded, "zfill": _padded,
    "expandtabs": _expanded, "replace": _method_replace, "join": _method_join,
    "translate": _translate,
}
