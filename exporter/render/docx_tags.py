"""Jinja tags in the text of a Word template: where they are (:func:`tag_spans`), and
docxtpl's tag forms read as the plain Jinja they stand for.

Templates written for docxtpl (python-docx-template) name, in a tag, the element the tag
stands for: ``{%p if x %}`` stands for its whole paragraph, ``{%tr for r in rows %}`` for
its table row, ``{%tc %}`` for its table cell, ``{%r %}`` and ``{{r x }}`` for its run, and
``{{p x }}`` for its paragraph; ``{#p note #}`` (and ``{#tr``, ``{#tc``) is a comment that
takes its paragraph, row or cell with it. A docxtpl template therefore builds unchanged:

- a paragraph, row or cell with a ``{%p``/``{%tr``/``{%tc`` (or ``{#``) tag is a *block tag*
  made of those tags alone (its other text goes, as in docxtpl), so the tag can open in one
  paragraph, row or cell and close in another;
- ``{{p x }}`` makes its paragraph show ``x`` alone, in the formatting of the run where the
  tag starts (``{{p body }}`` is where the briefing goes);
- ``{%r %}``, ``{{r x }}`` (and ``{{tr x }}``, ``{{tc x }}``) are plain tags where they stand:
  exporter's values are text, shown in the run's formatting.

Inside every tag, the typographic quotes Word types (‘ ’ “ ” „) are read as straight ones.
All of this reads text already gathered from the XML tree (:mod:`.docx_jinja`); nothing here
looks at serialized XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{[{%#]")
#: A docxtpl tag: its opening, the element it names, then at least one space.
_FORM = re.compile(r"(\{[{%#])(tr|tc|p|r)\s")
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                           "\u201e": '"'})


def tag_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every Jinja tag in ``text``; an unclosed tag runs to the end."""
    position = 0
    while (match := _OPENER.search(text, position)) is not None:
        start = match.start()
        close = text.find(_CLOSERS[match.group()], start + 2)
        end = len(text) if close < 0 else close + 2
        yield start, end
        position = end


def plain(tag: str) -> str:
    """``tag`` as plain Jinja: without docxtpl's element name, with straight quotes."""
    match = _FORM.match(tag)
    if match is not None:
        tag = match.group(1) + " " + tag[match.end():]
    return tag.translate(_STRAIGHT)


def plain_text(text: str) -> str:
    """``text`` with every Jinja tag in it made :func:`plain`."""
    if "{" not in text:
        return text
    pieces, position = [], 0
    for start, end in tag_spans(text):
        pieces.append(text[position:start])
        pieces.append(plain(text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def element_tags(text: str, level: str) -> str | None:
    """The plain tags in ``text`` that stand for their whole ``level`` element (``"p"``,
    ``"tr"``, ``"tc"``), joined; None when there is none."""
    found = [plain(text[start:end]) for start, end in tag_spans(text)
             if (match := _FORM.match(text, start)) is not None and match.group(2) == level]
    return "".join(found) if found else None


def first_element_tag(text: str, level: str) -> int | None:
    """Where the first tag standing for its whole ``level`` element starts in ``text``."""
    return next((start for start, _ in tag_spans(text)
                 if (match := _FORM.match(text, start)) is not None
                 and match.group(2) == level), None)


def is_statement(tags: str) -> bool:
    """Whether joined plain ``tags`` are all ``{% %}`` statements or ``{# #}`` comments (a
    block tag) rather than values shown (``{{ }}``)."""
    return not any(tags[start:start + 2] == "{{" for start, _ in tag_spans(tags))
