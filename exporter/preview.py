"""Outputs as pictures: PDF with LibreOffice, PNG pages with pdftoppm, one contact sheet.

Each conversion runs ``soffice --headless`` with a fresh user profile in a temporary
folder, so parallel runs and a desktop LibreOffice do not collide, set never to fetch what a
document links to, and with a timeout. The
contact sheet puts every page of one output as a thumbnail on one PNG (Pillow).
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from exporter.errors import PreviewError

SOFFICE_TIMEOUT = 180
INSTALL_HINT = ("install LibreOffice and poppler, e.g. `sudo apt-get install "
                "libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils`")


@dataclass(frozen=True)
class Preview:
    """What one output became."""

    source: Path
    pdf: Path
    pages: tuple[Path, ...]
    contact_sheet: Path


def find_tool(name: str) -> str:
    """The path of an external program, or PreviewError with the install command."""
    found = shutil.which(name)
    if not found:
        raise PreviewError(f"`{name}` is not installed", hint=INSTALL_HINT)
    return found


def preview_stem(source: Path) -> str:
    """``name-docx`` / ``name-pptx``: a briefing and a deck of one name stay apart."""
    return f"{source.stem}-{source.suffix.lstrip('.').lower()}"


def to_pdf(source: Path, outdir: Path, *, timeout: int = SOFFICE_TIMEOUT) -> Path:
    """Convert a .docx or .pptx to ``outdir/<name>-<format>.pdf`` (private LibreOffice
    profile)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="exporter-lo-") as work:
        made = _convert([source], Path(work), timeout=timeout)[source]
        pdf = outdir / f"{preview_stem(source)}.pdf"
        shutil.move(made, pdf)
    return pdf


def convert_to_pdf(files: Mapping[str, bytes], *, timeout: int = SOFFICE_TIMEOUT
                   ) -> dict[str, bytes]:
    """The PDF of every ``.docx``/``.pptx`` file (by name, with its bytes), converted by one
    LibreOffice run."""
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="exporter-lo-") as work:
        folder = Path(work) / "in"
        folder.mkdir()
        sources = {}
        for name, data in files.items():
            (folder / name).write_bytes(data)
            sources[folder / name] = name
        made = _convert(list(sources), Path(work), timeout=timeout)
        return {sources[source]: pdf.read_bytes() for source, pdf in made.items()}


#: The settings of the fresh profile each conversion runs with: nothing a document links to
#: is fetched (pictures, other files) and links are never updated, so converting a file
#: from anyone reads nothing but that file.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop
 oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link"
 oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""


def _convert(sources: Sequence[Path], work: Path, *, timeout: int) -> dict[Path, Path]:
    """Convert ``sources`` to PDF in one ``soffice`` run with a fresh profile in ``work``
    (:data:`PROFILE_SETTINGS`); the PDF of each source. PreviewError when LibreOffice is
    missing, fails or is too slow."""
    soffice = find_tool("soffice")
    profile, converted = work / "profile", work / "pdf"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS,
                                                                  encoding="utf-8")
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(converted),
               *map(str, sources)]
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=timeout * len(sources), check=False)
    except subprocess.TimeoutExpired:
        raise PreviewError(f"LibreOffice took over {timeout * len(sources)} s to convert",
                           path=sources[0],
                           hint="close other LibreOffice conversions and retry") from None
    made = {source: converted / f"{source.stem}.pdf" for source in sources}
    missing = [source for source, pdf in made.items() if not pdf.is_file()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise PreviewError(
            f"LibreOffice could not convert it ({detail[-1] if detail else 'no PDF'})",
            path=missing[0] if missing else sources[0],
            hint="open the file in LibreOffice to see why")
    return made


def to_pngs(pdf: Path, outdir: Path, *, dpi: int = 60) -> tuple[Path, ...]:
    """Render every page of ``pdf`` as ``<stem>-<n>.png`` in ``outdir``."""
    pdftoppm = find_tool("pdftoppm")
    for old in outdir.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    result = subprocess.run([pdftoppm, "-png", "-r", str(dpi), str(pdf), str(outdir / pdf.stem)],
                            capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, check=False)
    pages = sorted(outdir.glob(f"{pdf.stem}-*.png"), key=_page_number)
    if result.returncode != 0 or not pages:
        raise PreviewError(f"pdftoppm could not render pages ({result.stderr.strip()})",
                           path=pdf, hint="check that the PDF opens")
    return tuple(pages)


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def contact_sheet(pages: Sequence[Path], target: Path, *, columns: int = 4,
                  thumb_width: int = 320, gap: int = 12) -> Path:
    """All ``pages`` as thumbnails on one PNG, in reading order, ``columns`` wide."""
    from PIL import Image, ImageDraw

    thumbs = []
    for page in pages:
        with Image.open(page) as picture:
            ratio = thumb_width / picture.width
            thumbs.append(picture.convert("RGB").resize(
                (thumb_width, max(1, round(picture.height * ratio)))))
    columns = max(1, min(columns, len(thumbs)))
    rows = math.ceil(len(thumbs) / columns)
    cell_height = max(t.height for t in thumbs)
    sheet = Image.new("RGB", (gap + columns * (thumb_width + gap),
                              gap + rows * (cell_height + gap)), "#D9D9D9")
    draw = ImageDraw.Draw(sheet)
    for index, thumb in enumerate(thumbs):
        x = gap + (index % columns) * (thumb_width + gap)
        y = gap + (index // columns) * (cell_height + gap)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline="#808080")
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)
    return target


def preview(source: Path, outdir: Path) -> Preview:
    """PDF, PNG pages and contact sheet of one output, in ``outdir``."""
    pdf = to_pdf(source, outdir)
    pages_dir = outdir / f"{pdf.stem}-pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    pages = to_pngs(pdf, pages_dir)
    sheet = contact_sheet(pages, outdir / f"{pdf.stem}-contact.png")
    return Preview(source=source, pdf=pdf, pages=pages, contact_sheet=sheet)
