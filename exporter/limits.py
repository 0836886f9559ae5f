"""Every limit exporter puts on its input, in one place.

Content, profiles and templates may come from someone else: each limit keeps one bad or
hostile file from hanging a build or exhausting memory, and turns it into a one-line error
that names the limit. Each can be changed for a run with its environment variable
(``EXPORTER_MAX_CONTENT_MB=200 exporter build ...``); ``docs/limits.md`` lists them. The
value is read when the limit is applied, so a long-running ``watch`` sees the environment
it was started with.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from exporter.errors import SettingsError

_MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One limit: its environment variable, its default, its unit and what it bounds."""

    variable: str
    default: float
    unit: str
    bounds: str

    @property
    def value(self) -> float:
        """The limit in force: the environment variable's value, else the default."""
        raw = os.environ.get(self.variable)
        if raw is None or not raw.strip():
            return float(self.default)
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise SettingsError(f"{self.variable}={raw!r} is not a positive number",
                                hint=f"unset it, or give a number such as {self.default:g}")
        return value

    @property
    def count(self) -> int:
        """The limit as a whole number (of levels, values, characters, digits)."""
        return max(1, int(self.value))

    @property
    def bytes(self) -> int:
        """A limit in megabytes, in bytes."""
        return int(self.value * _MEGABYTE)

    @property
    def raise_hint(self) -> str:
        """What to do when the limit is in the way of a file one trusts."""
        return f"set {self.variable} to raise the limit of {self}"

    def __str__(self) -> str:
        value = self.value
        number = f"{int(value):,}" if value.is_integer() else f"{value:g}"
        return f"{number} {self.unit}"


# --- files (read at most the limit, plus one byte) ------------------------------------

CONTENT_FILE = Limit("EXPORTER_MAX_CONTENT_MB", 50, "MB", "a content file (.md, .json, .yaml)")
ARTICLE_FILE = Limit("EXPORTER_MAX_ARTICLE_MB", 20, "MB", "an article given to `ingest`")
PROFILES_FILE = Limit("EXPORTER_MAX_PROFILES_MB", 5, "MB", "an audience profiles file")
TEMPLATE_FILE = Limit("EXPORTER_MAX_TEMPLATE_MB", 200, "MB",
                      "a Word or PowerPoint template (any other input file by default)")
IMAGE_FILE = Limit("EXPORTER_MAX_IMAGE_MB", 50, "MB", "an image a content file shows")
AUDITED_FILE = Limit("EXPORTER_MAX_AUDITED_MB", 200, "MB", "a file given to `audit`")
STATE_FILE = Limit("EXPORTER_MAX_STATE_MB", 4, "MB",
                   "exporter's own small files: output manifests, build journals, the "
                   "remembered template checks")

IMAGE_PIXELS = Limit("EXPORTER_MAX_IMAGE_PIXELS", 100_000_000, "pixels",
                     "an image a content file shows (a small file can unpack to billions)")

# --- structured text --------------------------------------------------------------------

DATA_DEPTH = Limit("EXPORTER_MAX_DATA_DEPTH", 100, "levels",
                   "nesting of YAML and JSON (front matter, data content files, profiles)")
YAML_ALIAS_VALUES = Limit("EXPORTER_MAX_YAML_ALIAS_VALUES", 10_000, "values",
                          "values that YAML aliases (`*name`) may repeat in one file")
MARKDOWN_NESTING = Limit("EXPORTER_MAX_MARKDOWN_NESTING", 20, "levels",
                         "Markdown blocks inside blocks (a list takes two levels, its list "
                         "and its item; a quote or `:::` container one)")

# --- Jinja (content files and template placeholders) -----------------------------------

RENDER_SECONDS = Limit("EXPORTER_MAX_RENDER_SECONDS", 10, "seconds",
                       "rendering one content file or one template part")
RENDER_OUTPUT = Limit("EXPORTER_MAX_RENDER_OUTPUT", 100_000_000, "characters",
                      "the text one render produces")
RENDER_VALUE = Limit("EXPORTER_MAX_RENDER_VALUE", 1_000_000, "characters or items",
                     "a string, list or range made while rendering")
RENDER_DIGITS = Limit("EXPORTER_MAX_RENDER_DIGITS", 1_000, "digits",
                      "a whole number computed while rendering")
RENDER_DEPTH = Limit("EXPORTER_MAX_RENDER_DEPTH", 100, "levels",
                     "calls inside calls while rendering (macros, recursive loops)")

#: Every limit, in the order docs/limits.md lists them.
ALL = (CONTENT_FILE, ARTICLE_FILE, PROFILES_FILE, TEMPLATE_FILE, IMAGE_FILE, AUDITED_FILE,
       STATE_FILE, IMAGE_PIXELS, DATA_DEPTH,
       YAML_ALIAS_VALUES, MARKDOWN_NESTING, RENDER_SECONDS, RENDER_OUTPUT, RENDER_VALUE,
       RENDER_DIGITS, RENDER_DEPTH)
