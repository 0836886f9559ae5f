"""What the audit reports: findings, their rules and severities, and the JSON form.

A rule produces :class:`Issue` objects (where, which rule, what to fix); the audit of a file
turns them into :class:`Finding` objects that also name the file. :data:`RULES` lists every
rule id the audit can report, with what it checks; the ids are stable, tools may rely on them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

#: Every rule id, with what it checks.
RULES: Mapping[str, str] = {
    "slide-title": "every slide has a non-empty title placeholder",
    "title-unique": "no two slides share a title (continuation slides are numbered)",
    "reading-order": "the slide title is the first thing a screen reader reads",
    "alt-text": "pictures, charts and diagrams have a description (or are marked decorative)",
    "table-header": "tables have a marked header row (repeating across pages in Word)",
    "min-font-size": "no slide text smaller than 12 pt",
    "contrast": "text contrasts with what lies behind it: 4.5:1, or 3:1 for large text",
    "empty-placeholder": "no empty placeholders left on slides",
    "doc-title": "the file's properties hold a title",
    "doc-language": "the document's default language is set (and is the expected one)",
    "heading-order": "headings start at level 1 and never skip a level going down",
    "list-structure": "lists are real (numbered or bulleted) lists, not typed bullets",
    "empty-paragraph": "no empty paragraphs used as spacing, no empty headings",
}


@dataclass(frozen=True)
class Finding:
    """One accessibility problem in one file."""

    file: str
    location: str  # "slide 3", "paragraph 12", "table 2", "document"
    rule: str  # a key of RULES
    severity: str  # ERROR or WARNING
    message: str  # what to fix

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class Issue:
    """A finding before it is tied to a file: what a rule function returns."""

    location: str
    rule: str
    message: str
    severity: str = ERROR

    def in_file(self, file: str) -> Finding:
        return Finding(file, self.location, self.rule, self.severity, self.message)


def error(location: str, rule: str, message: str) -> Issue:
    return Issue(location, rule, message, ERROR)


def warning(location: str, rule: str, message: str) -> Issue:
    return Issue(location, rule, message, WARNING)


def findings_to_json(findings: Sequence[Finding]) -> str:
    """The findings as a JSON array of objects with the fields of :class:`Finding`."""
    return json.dumps([dataclasses.asdict(f) for f in findings], indent=2, ensure_ascii=False)


def quote(text: str, limit: int = 40) -> str:
    """A short quotation of ``text`` for a message: ``'Threats to stabil…'``."""
    flat = " ".join(text.split())
    return f"'{flat if len(flat) <= limit else flat[: limit - 1] + '…'}'"
