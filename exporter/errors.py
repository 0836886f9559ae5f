"""The one exception tree of exporter.

Every failure caused by bad input (content, audience profiles, templates, output folders)
is an :class:`ExporterError`. The CLI turns it into a one-line ``Error: ...`` message and
the exit code stored on the class; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class ExporterError(Exception):
    """Base class: a problem with the user's input, reported as one line."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        location = ""
        if self.path:
            location = self.path
            if self.line is not None:
                location += f":{self.line}"
                if self.column is not None:
                    location += f":{self.column}"
            location += ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{location}{self.message}{hint}"


class ContentError(ExporterError):
    """The content file is missing, malformed or inconsistent."""


class TemplateError(ExporterError):
    """A Word or PowerPoint template cannot be used."""


class TemplateSyntaxError(TemplateError):
    """A Jinja2 placeholder in a template or content file does not parse or render."""


class AudienceError(ExporterError):
    """The audience profiles file is invalid or names an unknown audience."""


class IngestError(ExporterError):
    """A plain-text article cannot be turned into a content file."""


class OutputError(ExporterError):
    """An output cannot be written safely."""


class PreviewError(ExporterError):
    """Rendering outputs to PDF or PNG failed (LibreOffice or poppler missing or failing)."""


class AuditError(ExporterError):
    """A file given to the audit cannot be read as a Word or PowerPoint file."""


class Problems(ExporterError):
    """Several problems found at once (``exporter check``, a build of several articles):
    each is an ExporterError of its own, reported on its own line."""

    #: Problems shown in the one-line message; the CLI prints each on its own line.
    SHOWN = 10

    def __init__(self, problems: list[ExporterError]) -> None:
        shown = "; ".join(str(problem) for problem in problems[:self.SHOWN])
        more = f"; the first {self.SHOWN}" if len(problems) > self.SHOWN else ""
        super().__init__(f"{len(problems):,} problems{more}: {shown}")
        self.problems = problems

    @classmethod
    def raise_all(cls, problems: list[ExporterError]) -> None:
        """Raise the one problem, or all of them together; nothing when there are none."""
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise cls(problems)
