"""The accessibility audit of Word and PowerPoint files: ours or anyone's.

``audit_file`` opens a .docx or .pptx (recognised by its content, not its name), runs the
briefing or deck rules over it and returns :class:`Finding` objects in document order:
``file: location: rule: message``, severity ``error`` for what an accessible file must have
and ``warning`` for softer issues. The rules are listed in :data:`RULES` and explained in
``docs/accessibility.md``. A file that cannot be read raises
:class:`~exporter.errors.AuditError`.

This package holds the rules only; it reads Office files through :mod:`exporter.ooxml`
(zip + lxml: parts, colours, PowerPoint inheritance), the same package the renderers draw
by, and never writes them. The rules are imported when a file is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from exporter.audit.findings import ERROR, RULES, WARNING, Finding, findings_to_json

__all__ = [
    "ERROR",
    "RULES",
    "WARNING",
    "Finding",
    "audit_file",
    "audit_files",
    "findings_to_json",
    "has_errors",
]


def audit_file(path: Path, *, lang: str | None = None) -> list[Finding]:
    """The findings for one .docx or .pptx file.

    ``lang`` is the language the briefing must declare (``en-US``, or the front matter's
    ``lang``); without it, any declared language passes. Decks ignore it.
    """
    from exporter.audit.briefing import audit_briefing
    from exporter.audit.deck import audit_deck
    from exporter.ooxml.parts import DECK, Package

    path = Path(path)
    with Package(path) as package:
        issues = audit_deck(package) if package.kind == DECK else audit_briefing(package, lang)
    return [issue.in_file(str(path)) for issue in issues]


def audit_files(paths: Sequence[Path], *, lang: str | None = None) -> list[Finding]:
    """The findings for several files, file by file in the order given."""
    return [finding for path in paths for finding in audit_file(path, lang=lang)]


def has_errors(findings: Sequence[Finding]) -> bool:
    """Whether any finding is an error (the CLI exits 1 then)."""
    return any(finding.severity == ERROR for finding in findings)
