"""Cutting a long Markdown body into pieces that can be parsed side by side.

Parsing is the one step of a large build that nothing else can overlap: markdown-it-py
takes about 0.4 s per megabyte, and every output waits for it. A body can be cut before a
top-level heading (``# Title`` at the start of a line, after a blank line): CommonMark
closes every open block there, except the few that only an end marker closes, a fenced
code block, a ``:::`` container or an HTML block such as a comment. So each piece parses
alone to exactly the blocks the whole body gives, provided that

- no piece but the last ends inside one of those (:func:`ends_open` says so from the
  piece's own tokens, so a wrong guess here is caught, never trusted), and
- nothing refers across pieces: link reference definitions are the only such thing in
  CommonMark, so a body with any ``]:`` is not cut at all.

:func:`piece_starts` finds the cuts, skipping headings inside fences and containers as far
as a quick scan of marker lines can tell; the reader parses the pieces, checks them with
:func:`ends_open` and its own rules (a heading id used in two pieces), and parses the body
whole when any check fails.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from markdown_it.token import Token

#: Where a piece may start: a level-1 ATX heading right after a blank line.
_CUT = re.compile(r"\n[ \t]*\n(?=#(?:[ \t]|\n))")
#: Lines that open or close a fenced code block or a container.
_MARKER = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})(.*)$", re.M)
#: Blocks that only an end marker closes: if one runs to the end of a piece, it would have
#: gone on into the next one.
OPEN_ENDED = frozenset({"fence", "container_div_open", "html_block"})


def piece_starts(body: str, weights: Sequence[float]) -> list[int]:
    """Offsets in ``body`` where pieces 2, 3... start, sized roughly as ``weights``
    (fewer when the body has fewer places to cut; none when it cannot be cut)."""
    if len(weights) < 2 or "]:" in body:
        return []
    spans = _marked_spans(body)
    span_starts = [start for start, _ in spans]
    cuts = [m.end() for m in _CUT.finditer(body) if not _within(spans, span_starts, m.end())]
    total = sum(weights)
    starts: list[int] = []
    share = 0.0
    for weight in weights[:-1]:
        share += weight
        at = bisect.bisect_left(cuts, int(len(body) * share / total))
        if at < len(cuts) and (not starts or cuts[at] > starts[-1]):
            starts.append(cuts[at])
    return starts


def ends_open(tokens: Sequence[Token], lines: int) -> bool:
    """Whether a top-level fenced block, container or HTML block of a piece of ``lines``
    lines runs to its end (unclosed), so that it would continue into the next piece."""
    return any(token.level == 0 and token.type in OPEN_ENDED and token.map is not None
               and token.map[1] >= lines for token in tokens)


def _marked_spans(body: str) -> list[tuple[int, int]]:
    """Spans of fenced code and containers, as marker lines alone tell them (a guess:
    blocks can hide a marker line; :func:`ends_open` catches what this misses)."""
    spans: list[tuple[int, int]] = []
    opened: tuple[str, int, int] | None = None  # marker character, length, start
    for match in _MARKER.finditer(body):
        marker, rest = match.group(1), match.group(2)
        if opened is None:
            if marker[0] == "`" and "`" in rest:
                continue  # not a fence: a backtick fence's info string has no backtick
            opened = (marker[0], len(marker), match.start())
        elif marker[0] == opened[0] and len(marker) >= opened[1] and not rest.strip():
            spans.append((opened[2], match.end()))
            opened = None
    if opened is not None:
        spans.append((opened[2], len(body)))
    return spans


def _within(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies inside one of ``spans`` (sorted, starting at ``starts``)."""
    at = bisect.bisect_right(starts, offset) - 1
    return at >= 0 and offset < spans[at][1]
