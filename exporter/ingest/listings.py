"""Code listings in a plain-text article: commands, program text and what they print.

A web page's or a book's code boxes arrive in a plain-text copy as lines kept as they were
(indentation, blank lines) between the paragraphs. Read as prose, their lines would become
headings ("README"), paragraphs and even slide bullets ("Your branch is up-to-date with
'origin/master'"). :func:`find_listings` finds them so that they become code blocks:

- a block (the lines between blank lines) whose first line is a shell or interpreter
  prompt: ``$ git status``, ``>>> import os``, ``PS C:\\> Get-Item``, ``user@host:~$ ls``
  (never "$ 5 million", nor "# Title" or "% Title", which are not prompts in prose);
- a statement alone on its lines (an assignment, a call), or a block of two lines or
  more, most of them program text (a keyword opening a statement,
  a lone bracket, a comment, an assignment, a line ending with ``;`` or ``{``, a lone path
  or pattern such as ``doc/*.txt``), and none of them a sentence of prose;
- after a listing, each block that is indented (or has indented lines after its first),
  starts with a prompt (perhaps under a comment), starts in lower case without ending like
  a sentence (but for a title such as "add_table() example"), is program text or
  comments, or holds what only a machine writes (a hash, "@{0}", "master ->
  origin/master"): a command's output goes on past blank lines; so does a line alone
  between two parts of a listing (a patch's subject between its headers and its diff, a
  commit message between comments, or after a last line ending with a colon: "# This is
  the 3rd commit message:"), and one before a listing that the prose before it
  introduces with a colon ("The commit message looks like this:", then "Merge branch
  'iss53'").

Each listing keeps its lines as they were, their common indentation taken off.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.text import ends_like_sentence

_PROMPT = re.compile(
    r"\s*(?:\$\s+[^\d\s]|>>>\s|(?:PS )?[A-Za-z]:\\[^>]*>\s*\S|[\w.-]+@[\w.-]+:\S*[$#]\s+\S)")
_PYTHON_PROMPT = re.compile(r"\s*>>>\s")
_KEYWORD = re.compile(
    r"\s*(?:def|class|import|from\s+[\w.]+\s+import|return|elif|else|try|except|finally|"
    r"function|var|let|const|public|private|protected|static|package|func|fn|struct|enum|"
    r"#include|#define|#!|SELECT|INSERT|UPDATE|DELETE|CREATE)\b")
_CODE_PUNCTUATION = re.compile(r"[(){}\[\]=:;<>]")
_CODE_SHAPE = re.compile(
    r"\s*(?:[{}\[\]()]+[;,]?"  # a lone bracket
    r"|(?://|/\*|\*/|<!--|#(?=\s|$)).*"  # a comment
    r"|[^\s\w]*\w*[/*!~\\.][^\s]*"  # a lone path or pattern: "/TODO", "*.a", "lib.a"
    r"|<\w[^>]*>.*"  # markup
    r"|(?:from\s+[\w.]+\s+)?import\s+[\w.*]+(?:\s*,\s*[\w.]+)*(?:\s+as\s+\w+)?"  # an import
    r"|[\w.\[\]'\"]+\s*(?:=|\+=|-=|:=)\s*(?!(?:[A-Za-z]+\s+){3})\S.*"  # an assignment
    r"|.*[;{]"  # a statement or an opened block
    r"|(?:if|for|while|with)\b.*[:{)])\s*")
#: A statement alone: an assignment or a call ("chart_data = XyChartData()"); an
#: assignment of words ("alt=Frontispiece of a book ...") is no program text.
_STATEMENT = re.compile(
    r"\s*(?:[\w.\[\]'\"]+\s*(?:=|\+=|-=|:=)\s*(?!(?:[A-Za-z]+\s+){3})"
    r"(?![A-Za-z]+(?:\s+[A-Za-z]+)+\s*$)\S.*"  # not words of prose: "FY=fiscal year"
    r"|[A-Za-z_][\w.]*\(.*\)[;,]?)"
    r"(?:\s+(?:#|//)\s.*)?")
#: A name from a program opening a title in lower case: "add_table() example".
IDENTIFIER = re.compile(r"[a-z]\w*(?:_\w+|\(\)|\.\w+\(?\)?)(?=\s|$)")
_TITLED = re.compile(rf"{IDENTIFIER.pattern}(?:\s+[A-Za-z][\w'-]*){{1,7}}")
#: A line of prose: a few words starting with a capital and ending like a sentence.
_PROSE = re.compile(r"[\"“(]?[A-Z][^\s]*(?:\s+\S+){5,}[.!?][\"”)]?\s*")


@dataclass(frozen=True)
class Listing:
    """A code listing: the index of its first line and of the line after its last, and
    its text."""

    start: int
    end: int
    text: str
    language: str = ""


def find_listings(lines: Sequence[str]) -> list[Listing]:
    """The code listings among ``lines`` (a text split at its line ends), in order."""
    found: list[Listing] = []
    blocks = _raw_blocks(lines)
    index = 0
    while index < len(blocks):
        start, end = blocks[index]
        block = lines[start:end]
        if not (_prompted(block) or _program_text(block)):
            index += 1
            continue
        if index >= 2 and _introduced(lines[slice(*blocks[index - 2])],
                                      lines[slice(*blocks[index - 1])]) \
                and (not found or found[-1].end <= blocks[index - 1][0]):
            start = blocks[index - 1][0]
        while index + 1 < len(blocks):
            following = lines[slice(*blocks[index + 1])]
            if _goes_on(following) or (lines[end - 1].rstrip().endswith(":")
                                       and _lone_title(following)):
                index += 1
            elif index + 2 < len(blocks) and _inside(following,
                                                     lines[slice(*blocks[index + 2])]):
                index += 2
            else:
                break
            end = blocks[index][1]
        found.append(Listing(start, end, _listing_text(lines[start:end]), _language(block)))
        index += 1
    return found


def _raw_blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The (start, end) indexes of each run of non-blank lines."""
    blocks: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate(lines):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            blocks.append((start, index))
            start = None
    if start is not None:
        blocks.append((start, len(lines)))
    return blocks


def is_program_line(line: str) -> bool:
    """Whether a line reads as program text rather than prose."""
    return not _is_prose(line) and bool(
        _CODE_SHAPE.fullmatch(line) or _STATEMENT.fullmatch(line)
        or (_KEYWORD.match(line) and _CODE_PUNCTUATION.search(line)))


def _is_prose(line: str) -> bool:
    """A sentence of prose (one ending with ";" may be a statement)."""
    return bool(_PROSE.fullmatch(line.strip())) and not line.rstrip().endswith(";")


def _program_text(block: Sequence[str]) -> bool:
    """A statement alone, or at least two lines, most of them program text, none of them
    prose."""
    if len(block) == 1:
        return bool(_STATEMENT.fullmatch(block[0]))
    if any(map(_is_prose, block)):
        return False
    return sum(map(is_program_line, block)) * 2 > len(block)


def _is_comment(line: str) -> bool:
    """Whether a line is a program's comment ("# ...", "// ...")."""
    return line.lstrip().startswith(("#", "//"))


def _lone_title(block: Sequence[str]) -> bool:
    """Whether a block is one line that reads as a title: it ends no sentence."""
    return len(block) == 1 and not ends_like_sentence(block[0])


def _prompted(block: Sequence[str]) -> bool:
    """Whether a block opens with a prompt, perhaps under a comment ("# Jessica's Machine",
    then "$ git fetch origin")."""
    return bool(_PROMPT.match(block[0]) or (
        len(block) > 1 and _is_comment(block[0]) and _PROMPT.match(block[1])))


def _inside(line: Sequence[str], after: Sequence[str]) -> bool:
    """Whether a line alone after a listing, which reads as a title ("Limit log
    functionality to the first 20", a patch's subject), is inside it: more of the
    listing, indented or program text, comes right after it, and a heading is followed by
    prose, not by the rest of a listing."""
    return _lone_title(line) and not _prompted(after) and (
        any(text[:1] in (" ", "\t") for text in after) or _program_text(after)
        or all(text.lstrip().startswith("#") for text in after))  # comments: "# The 3rd"


#: What only a machine writes in a line: a hash ("1b65b17", "29d385a8..."), a reflog's
#: "@{0}", an arrow of refs ("master -> origin/master").
_MACHINE_TEXT = re.compile(
    r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b|@\{\d+\}|\S\s+(?:->|=>)\s+\S")


def _introduced(before: Sequence[str], line: Sequence[str]) -> bool:
    """Whether a line alone right before a listing is its first line: the prose before it
    introduces an example with a colon ("The commit message by default looks something like
    this:", then "Merge branch 'iss53'")."""
    return _lone_title(line) and before[-1].rstrip().endswith(":") \
        and _is_prose(before[-1].rstrip()[:-1] + ".")


def _goes_on(block: Sequence[str]) -> bool:
    """Whether a block after a listing is more of it."""
    first = block[0]
    if first[:1] in (" ", "\t") and first.strip()[:1] not in ("-", "*", "•"):
        return True
    if any(line[:1] in (" ", "\t") for line in block[1:]):
        return True
    text = first.strip()
    if _prompted(block) or _program_text(block) or _MACHINE_TEXT.search(text) \
            or all(map(_is_comment, block)):
        return True
    titled = len(block) == 1 and _TITLED.fullmatch(text)  # "add_table() example"
    return text[:1].islower() and not ends_like_sentence(block[-1]) and not titled


def _listing_text(lines: Sequence[str]) -> str:
    """The lines of a listing as one text, their common indentation taken off, blank
    lines inside it kept (one each)."""
    kept: list[str] = []
    for line in lines:
        line = line.rstrip()
        if line or (kept and kept[-1]):
            kept.append(line)
    return textwrap.dedent("\n".join(kept).expandtabs(4)).strip("\n")


def _language(block: Sequence[str]) -> str:
    if _PYTHON_PROMPT.match(block[0]):
        return "pycon"
    return "console" if _PROMPT.match(block[0]) else ""
