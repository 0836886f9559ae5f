"""Jinja placeholders in a Word template, rendered on the XML tree.

Word splits text into runs at will (spell-check marks, bookmarks, revision ids), so a
placeholder such as ``{{ title }}`` may be spread over several ``w:t`` elements. Rendering
a *story* (the body, a header, a footer, a text box) takes three steps, all on the lxml tree:

1. **Merge.** In every paragraph, each Jinja tag is moved whole into the ``w:t`` where it
   starts (the text of the following ``w:t`` elements is trimmed), so the placeholder keeps
   the formatting of its first run. Other elements between the runs are left alone.
2. **Render once.** The story becomes one Jinja source: every paragraph, table, row and
   cell is written as an *open marker* carrying its index, its content, and a *close
   marker*; each ``w:t`` of a paragraph is a *slot marker* followed by its text. A
   paragraph (or table row) whose only text is ``{% ... %}`` tags is a *block tag*: its tag
   text is written bare, so ``{% if %}`` / ``{% for %}`` can span whole paragraphs or rows,
   and loop variables reach the placeholders inside them; so is a paragraph, row or cell
   holding one of docxtpl's ``{%p %}``, ``{%tr %}``, ``{%tc %}`` tags (:mod:`.docx_tags`,
   which also reads docxtpl's other forms as plain Jinja). The markers are Unicode
   private-use characters that are removed from the context beforehand.
3. **Rebuild.** The output is parsed back into a tree of element instances: each instance
   is the original element (or, when a loop repeats it, a deep copy) whose slots receive
   the rendered text and whose children are the rendered child instances.

Errors are TemplateSyntaxError naming the part (body, table, header, footer, text box) and
the paragraph around the problem. An ``{% if %}`` opened inside one paragraph and closed in
another is refused with a message saying how to write it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from exporter.errors import TemplateSyntaxError
from exporter.render.docx_tags import (
    element_tags,
    first_element_tag,
    is_statement,
    plain_text,
    tag_spans,
)
from exporter.render.docx_template import qn, text_nodes
from exporter.templating import environment, has_jinja, render_text

_OPEN, _END, _CLOSE, _SLOT = "\ue000", "\ue001", "\ue002", "\ue003"
#: Stands for ``{{ body }}`` while the body story renders (found again afterwards).
BODY_SENTINEL = "\ue004body\ue004"
_PRIVATE = re.compile("[\ue000-\ue004]")
_TOKEN = re.compile(f"{_OPEN}(\\d+){_END}|{_SLOT}(\\d+){_END}|{_CLOSE}")
_MARKER_TEXT = re.compile(r"(?:\\ue000|\ue000|\\ue003|\ue003)\d+(?:\\ue001|\ue001)|\\ue002|\ue002")
_BLOCK_WORD = re.compile(r"\{%[-+]?\s*(\w+)")
_BLOCK_OPENERS = {"if", "for", "with", "filter", "macro", "call", "raw", "block"}

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
W_TXBX = qn("w:txbxContent")
_CONTAINERS = {W_TBL, W_TR, W_TC, W_SDT}
_KEPT_IN_PLACE = {qn(f"w:{name}") for name in (
    "sectPr", "tcPr", "tblPr", "tblGrid", "trPr", "tblPrEx", "sdtPr", "sdtEndPr")}
_SPLIT_HINT = ("put {% if %}/{% for %} and their {% end... %} either inside one paragraph "
               "or each alone in its own paragraph")
_W14_IDS = ("{http://schemas.microsoft.com/office/word/2010/wordml}paraId",
            "{http://schemas.microsoft.com/office/word/2010/wordml}textId")


def story_has_jinja(root: etree._Element) -> bool:
    """Whether any paragraph of ``root`` (its text boxes included) holds Jinja syntax."""
    return any(has_jinja("".join(n.text or "" for n in text_nodes(paragraph)))
               for paragraph in root.iter(W_P))


def clean_context(value: Any) -> Any:
    """A copy of the context without the private-use characters the markers use."""
    if isinstance(value, str):
        return _PRIVATE.sub("", value)
    if isinstance(value, Mapping):
        return {key: clean_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_context(item) for item in value]
    return value


def merge_split_tags(paragraph_nodes: list[etree._Element]) -> None:
    """Move every Jinja tag whole into the ``w:t`` where it starts."""
    texts = [node.text or "" for node in paragraph_nodes]
    full = "".join(texts)
    if "{" not in full:
        return
    owner: list[int] = []
    for index, text in enumerate(texts):
        owner.extend([index] * len(text))
    changed = False
    for start, end in tag_spans(full):
        first = owner[start]
        if owner[end - 1] != first:
            owner[start:end] = [first] * (end - start)
            changed = True
    if not changed:
        return
    parts: list[list[str]] = [[] for _ in texts]
    for char, index in zip(full, owner, strict=True):
        parts[index].append(char)
    for node, chars in zip(paragraph_nodes, parts, strict=True):
        node.text = "".join(chars)
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _only_tags(text: str) -> str | None:
    """The tag text when ``text`` is nothing but ``{% %}`` / ``{# #}`` tags, else None."""
    stripped = text.strip()
    if not stripped.startswith(("{%", "{#")):
        return None
    spans = list(tag_spans(stripped))
    rest = stripped
    for start, end in reversed(spans):
        if stripped[start:start + 2] == "{{":
            return None
        rest = rest[:start] + rest[end:]
    return stripped if not rest.strip() else None


def _show_alone(nodes: list[etree._Element], tags: str, start: int) -> None:
    """Make a paragraph show ``tags`` alone, in the ``w:t`` where they start (at ``start``
    of the paragraph's text)."""
    position = 0
    for node in nodes:
        length = len(node.text or "")
        node.text = tags if position <= start < position + length else ""
        position += length


def balanced(text: str) -> bool:
    """Whether every ``{% if/for/... %}`` of a paragraph's text ends in that paragraph."""
    depth = 0
    for start, end in tag_spans(text):
        match = _BLOCK_WORD.match(text, start, end)
        if match is None:
            continue
        word = match.group(1)
        if word in _BLOCK_OPENERS:
            depth += 1
        elif word.startswith("end"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@dataclass
class _Instance:
    """One occurrence of a template element in the rendered output."""

    index: int
    slots: dict[int, list[str]] = field(default_factory=dict)
    children: list[_Instance] = field(default_factory=list)
    node: etree._Element | None = None


class _Story:
    """One container (body, header, footer, text box) rendered as one Jinja source."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.elements: list[etree._Element] = []
        self.lines: list[etree._Element] = []
        self.out: list[str] = []
        self.unbalanced: list[etree._Element] = []

    # -- 1 and 2: source ----------------------------------------------------------------

    def source(self) -> str:
        self._container(self.root)
        return "".join(self.out)

    def _container(self, parent: etree._Element) -> None:
        for child in _managed(parent):
            tags = self._block_tag(child)
            if tags is not None:
                self.out.append(tags + "\n")
                self.lines.append(child)
            else:
                self._element(child)

    def _block_tag(self, node: etree._Element) -> str | None:
        """The tag text written bare for ``node`` when it is a block tag, else None."""
        if node.tag == W_P:
            nodes = text_nodes(node)
            merge_split_tags(nodes)
            text = "".join(n.text or "" for n in nodes)
            forced = element_tags(text, "p")
            if forced is not None and not is_statement(forced):
                _show_alone(nodes, forced, first_element_tag(text, "p") or 0)
                return None
            return forced if forced is not None else _only_tags(plain_text(text))
        if node.tag in (W_TR, W_TC):
            text = self._joined_text(node)
            forced = element_tags(text, "tr" if node.tag == W_TR else "tc")
            if forced is not None and is_statement(forced):
                return forced
            return _only_tags(plain_text(text)) if node.tag == W_TR else None
        return None

    def _joined_text(self, node: etree._Element) -> str:
        """The text of a row's or cell's paragraphs, their tags merged."""
        texts = []
        for paragraph in node.iter(W_P):
            nodes = text_nodes(paragraph)
            merge_split_tags(nodes)
            texts.append("".join(n.text or "" for n in nodes))
        return " ".join(texts)

    def _element(self, node: etree._Element) -> None:
        self.out.append(f"{_OPEN}{len(self.elements)}{_END}")
        self.elements.append(node)
        if node.tag == W_P:
            texts = [plain_text(_PRIVATE.sub("", n.text or "").replace("\n", " "))
                     for n in text_nodes(node)]
            if not balanced("".join(texts)):
                self.unbalanced.append(node)
            for slot, text in enumerate(texts):
                self.out.append(f"{_SLOT}{slot}{_END}{text}")
        elif node.tag in _CONTAINERS:
            self._container(_content(node))
        self.out.append(_CLOSE + "\n")
        self.lines.append(node)

    # -- 3: rebuild ---------------------------------------------------------------------

    def rebuild(self, output: str, fail: Callable[[str], None],
                clean: Callable[[str], str]) -> None:
        roots = self._parse(output, fail)
        seen: set[int] = set()
        for instance in _preorder(roots):
            original = self.elements[instance.index]
            if instance.index in seen:
                instance.node = _fresh_copy(original)
            else:
                seen.add(instance.index)
                instance.node = original
        for instance in _preorder(roots):
            self._fill(instance, clean)
        _replace_managed(self.root, [instance.node for instance in roots])

    def _parse(self, output: str, fail: Callable[[str], None]) -> list[_Instance]:
        roots: list[_Instance] = []
        stack: list[_Instance] = []
        slot: list[str] | None = None
        position = 0
        for match in _TOKEN.finditer(output):
            if slot is not None and match.start() > position:
                slot.append(output[position:match.start()])
            position = match.end()
            opened, slot_index = match.group(1), match.group(2)
            if opened is not None:
                instance = _Instance(int(opened))
                (stack[-1].children if stack else roots).append(instance)
                stack.append(instance)
                slot = None
            elif slot_index is not None:
                if not stack:
                    fail("a {% %} tag inside a paragraph is closed in another paragraph")
                slot = stack[-1].slots.setdefault(int(slot_index), [])
            else:
                if not stack:
                    fail("a {% %} tag inside a paragraph is closed in another paragraph")
                stack.pop()
                slot = None
        if stack:
            fail("a {% %} tag inside a paragraph is closed in another paragraph")
        return roots

    def _fill(self, instance: _Instance, clean: Callable[[str], str]) -> None:
        node = instance.node
        assert node is not None
        if node.tag == W_P:
            for slot, text_node in enumerate(text_nodes(node)):
                text = clean("".join(instance.slots.get(slot, ())).replace("\n", " "))
                text_node.text = text
                text_node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif node.tag in _CONTAINERS:
            _replace_managed(_content(node), [child.node for child in instance.children])


def _managed(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent
            if isinstance(child.tag, str) and child.tag not in _KEPT_IN_PLACE]


def _content(node: etree._Element) -> etree._Element:
    if node.tag == W_SDT:
        content = node.find(W_SDT_CONTENT)
        return content if content is not None else node
    return node


def _replace_managed(parent: etree._Element, children: list) -> None:
    """Put ``children`` where the parent's managed children were (properties stay put)."""
    position = None
    for index, child in enumerate(list(parent)):
        if isinstance(child.tag, str) and child.tag not in _KEPT_IN_PLACE:
            if position is None:
                position = index
            parent.remove(child)
    if position is None:
        position = sum(1 for child in parent if child.tag != qn("w:sectPr"))
    parent[position:position] = children


def _preorder(instances: list[_Instance]) -> Iterator[_Instance]:
    for instance in instances:
        yield instance
        yield from _preorder(instance.children)


def _fresh_copy(node: etree._Element) -> etree._Element:
    """A deep copy without Word's paragraph ids (which must stay unique)."""
    duplicate = copy.deepcopy(node)
    for item in duplicate.iter():
        for name in _W14_IDS:
            if name in item.attrib:
                del item.attrib[name]
    return duplicate


class PlaceholderRenderer:
    """Renders the Jinja of a template's stories with one context."""

    def __init__(self, context: Mapping[str, Any], *, path: str | Path,
                 clean: Callable[[str], str]) -> None:
        self.context = context
        self.path = path
        self.clean = clean

    def render_story(self, root: etree._Element, part: str,
                     context: Mapping[str, Any] | None = None) -> None:
        """Render every text box of ``root`` (innermost first), then ``root`` itself."""
        boxes = list(root.iter(W_TXBX))
        for box in reversed(boxes):
            self._render_container(box, f"text box in the {part}", self.context)
        self._render_container(root, part, context or self.context)

    def check_story(self, root: etree._Element, part: str) -> None:
        """Raise TemplateSyntaxError when the story's Jinja does not parse."""
        for box in root.iter(W_TXBX):
            self._check_container(box, f"text box in the {part}")
        self._check_container(root, part)

    def _render_container(self, root: etree._Element, part: str,
                          context: Mapping[str, Any]) -> None:
        if not story_has_jinja(root):
            return
        story = _Story(root)
        source = story.source()
        if story.unbalanced:
            raise TemplateSyntaxError(
                f"a {{% %}} tag inside a paragraph is closed in another paragraph in the "
                f"{_part_of(story.unbalanced[0], root, part)} near "
                f"{_paragraph_snippet(story.unbalanced[0])!r}", path=self.path, hint=_SPLIT_HINT)
        try:
            output = render_text(source, context, path=self.path, part=part)
        except TemplateSyntaxError as exc:
            raise self._located(exc, story, source, context, part) from None

        def fail(message: str) -> None:
            raise TemplateSyntaxError(f"{message} in the {part}", path=self.path,
                                      hint=_SPLIT_HINT)

        story.rebuild(output, fail, self.clean)

    def _check_container(self, root: etree._Element, part: str) -> None:
        if not story_has_jinja(root):
            return
        story = _Story(root)
        source = story.source()
        try:
            environment().parse(source)
        except jinja2.TemplateSyntaxError as exc:
            where = _line_element(story, exc.lineno)
            try:
                render_text(source, {}, path=self.path, part=_part_of(where, root, part))
            except TemplateSyntaxError as error:
                raise _without_markers(error) from None

    def _located(self, error: TemplateSyntaxError, story: _Story, source: str,
                 context: Mapping[str, Any], part: str) -> TemplateSyntaxError:
        """The error with the precise part (a table in the body...) and paragraph text."""
        where = _line_element(story, _failing_line(source, context))
        exact_part = _part_of(where, story.root, part)
        message = _MARKER_TEXT.sub("", error.message)
        if exact_part != part:
            message = message.replace(f"in the {part}", f"in the {exact_part}")
        if " near " not in message and where is not None:
            message += f" near {_paragraph_snippet(where)!r}"
        return TemplateSyntaxError(message, path=error.path, line=error.line, hint=error.hint)


def _without_markers(error: TemplateSyntaxError) -> TemplateSyntaxError:
    return TemplateSyntaxError(_MARKER_TEXT.sub("", error.message), path=error.path,
                               line=error.line, hint=error.hint)


def _failing_line(source: str, context: Mapping[str, Any]) -> int | None:
    """The source line of a Jinja error (syntax or render time), for locating it."""
    env = environment()
    try:
        template = env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        return exc.lineno
    try:
        template.render(context)
    except Exception as exc:  # any failure: we only want its template line
        line = None
        trace = exc.__traceback__
        while trace is not None:
            if trace.tb_frame.f_code.co_filename == "<template>":
                line = trace.tb_lineno
            trace = trace.tb_next
        return line
    return None


def _line_element(story: _Story, line: int | None) -> etree._Element | None:
    if line is None or not 1 <= line <= len(story.lines):
        return None
    return story.lines[line - 1]


def _part_of(node: etree._Element | None, root: etree._Element, part: str) -> str:
    """``table in the body`` when ``node`` sits in a table of the story, else ``part``."""
    while node is not None and node is not root:
        if node.tag == W_TBL:
            return f"table in the {part}"
        node = node.getparent()
    return part


def _paragraph_snippet(node: etree._Element) -> str:
    paragraphs = [node] if node.tag == W_P else list(node.iter(W_P))
    text = " ".join("".join(t.text or "" for t in text_nodes(p)) for p in paragraphs).strip()
    text = _PRIVATE.sub("", text)
    return text if len(text) <= 80 else text[:77] + "..."
