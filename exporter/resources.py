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


def copy_templates(target: Path, *, force: bool) -> list[Path]:
    """Copy the shipped templates and audiences.yaml into ``target`` (to customise); the
    files written. A folder that is not empty needs ``force``; a file or folder there that
    is a symbolic link is never written through (OutputError)."""
    from exporter.errors import OutputError
    from exporter.files import check_inside, write_atomic

    if target.exists() and any(target.iterdir()) and not force:
        raise OutputError("folder is not empty; not copying", path=target,
                          hint="choose an empty folder or pass --force")
    source = templates_dir()
    copies = [(path, target / path.relative_to(source)) for path in sorted(source.rglob("*"))
              if path.is_file() and "__pycache__" not in path.parts]
    for _, destination in copies:  # every place checked before anything is written
        check_inside(target, destination)
        if destination.is_symlink():
            raise OutputError("is a symbolic link; not writing through it", path=destination,
                              hint="remove the link, or copy into another folder")
    for path, destination in copies:
        write_atomic(destination, path.read_bytes())
    return [destination for _, destination in copies]
