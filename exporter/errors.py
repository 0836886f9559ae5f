"""The one exception tree of exporter.

Every failure caused by bad input (content, audience profiles, templates, output folders)
is an :class:`ExporterError`. The CLI turns it into a one-line ``Error: ...`` message and
the exit code stored on the class; anything else is a bug and keeps its traceback.
Where many problems are found at once, :func:`counted` makes them one readable line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

#: How many problems a message lists when more are found at once.
PROBLEMS_SHOWN = 10
#: What cannot be in a one-line message: line breaks, and lone surrogates (from escapes in
#: JSON or YAML), which a terminal cannot be sent.
_NOT_ONE_LINE = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029\ud800-\udfff]+")


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
        return _NOT_ONE_LINE.sub(" ", f"{location}{self.message}{hint}")


def counted(problems: Sequence[str]) -> str:
    """Problems found together as one line: all of a few, or the count and the first ones
    (``5,000 problems; the first 10: ...``)."""
    if len(problems) == 1:
        return problems[0]
    if len(problems) <= PROBLEMS_SHOWN:
        return f"{len(problems)} problems: {'; '.join(problems)}"
    return (f"{len(problems):,} problems; the first {PROBLEMS_SHOWN}: "
            f"{'; '.join(problems[:PROBLEMS_SHOWN])}")


class SettingsError(ExporterError):
    """An environment setting (``EXPORTER_MAX_...``) has a value exporter cannot use."""

    exit_code = 2


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
