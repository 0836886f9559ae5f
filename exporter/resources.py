"""Where the shipped article, templates and audience profiles live.

After a plain ``pip install`` they are inside the package (``exporter/_data``, put there by
the wheel build); in a source checkout they are the repository's ``content/`` and
``templates/`` folders. Either way they are found from any working directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
SHIPPED_ARTICLE = "peru-military-drug-trafficking.md"


def data_root() -> Path:
    """The folder holding ``content/`` and ``templates/``."""
    packaged = _PACKAGE / "_data"
    if (packaged / "templates").is_dir():
        return packaged
    return _PACKAGE.parent


def templates_dir() -> Path:
    return data_root() / "templates"


def shipped_content() -> Path:
    """The article exporter ships with."""
    return data_root() / "content" / SHIPPED_ARTICLE


def default_audiences_file() -> Path:
    return templates_dir() / "audiences.yaml"


def default_template(fmt: str) -> Path:
    """The default look's template for ``docx`` or ``pptx``."""
    name = "briefing.docx" if fmt == "docx" else "deck.pptx"
    return templates_dir() / "default" / name
