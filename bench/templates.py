"""How the shipped article's deck comes out on any folder of PowerPoint templates.

    python bench/templates.py FOLDER [--out DIR] [--audience NAME]

Builds the deck of the shipped article for an audience (``analyst`` by default: the whole
article) on every PowerPoint template in FOLDER and below (.pptx, .potx, .pptm, .potm) and
on the default template, converts them all to PDF in one LibreOffice run, reads each PDF's
words and their boxes (``pdftotext -bbox``) and checks every deck against what LibreOffice
drew:

- ``hidden``: words of a text frame the deck wrote that are not on the slide's page;
- ``outside``: words drawn outside their frame's box, or anywhere off the page;
- ``ellipsis``: frames with a "…" that the article does not have;
- ``banner``: slides whose classification banner is missing or not on one line;
- ``ratio``: the deck's slides over the default template's (at most 1.3);
- ``title``: the title slide does not show the subtitle and the audience-and-date line;
- ``dividers``: subsection titles missing from the divider slides' lists;
- ``overlap``: words drawn over other words (a title over its body, text over text the
  template draws).

Prints one row per template. With ``--out``, writes each deck, its PDF and a contact sheet
(every slide as a thumbnail) there, to look at. The checks are importable
(:func:`check_deck`): ``tests/test_thirdparty_decks.py`` runs them.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporter.audience import Audience, load_profiles, select  # noqa: E402
from exporter.errors import ExporterError  # noqa: E402
from exporter.labels import labels_for  # noqa: E402
from exporter.model import Document, plain_text  # noqa: E402
from exporter.pipeline import checked_template  # noqa: E402
from exporter.preview import contact_sheet, convert_to_pdf, find_tool, to_pngs  # noqa: E402
from exporter.reader import read_content  # noqa: E402
from exporter.render import RenderJob  # noqa: E402
from exporter.render.pptx import render_deck  # noqa: E402
from exporter.resources import default_audiences_file, default_template  # noqa: E402
from exporter.templating import document_context  # noqa: E402

ARTICLE = ROOT / "content" / "peru-military-drug-trafficking.md"
SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")
#: A deck may have at most this many times the slides of the default template's.
MAX_RATIO = 1.3
EMU_PER_PT = 12700
_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
_WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                   r'yMax="([\d.-]+)">([^<]*)</word>')
_BREAKS = re.compile(r"(?<=[-‐–—/])")
CHECKS = ("hidden", "outside", "ellipsis", "banner", "ratio", "title", "dividers", "overlap")
#: Words whose boxes share more than this share of the smaller one are drawn over each other.
OVERLAP_SHARE = 0.25


# ---------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------


def templates_in(folder: Path) -> list[Path]:
    """The PowerPoint templates in ``folder`` and below, by path."""
    return sorted(path for path in folder.rglob("*")
                  if path.suffix.lower() in SUFFIXES and path.is_file())


def audience_named(name: str) -> Audience:
    return load_profiles(default_audiences_file())[name]


def build_deck(template: Path, document: Document, audience: Audience) -> bytes:
    """The deck of ``document`` for ``audience`` on ``template`` (its warnings logged)."""
    checked = checked_template(template, template.read_bytes(), "pptx")
    return render_deck(RenderJob(document, audience, checked,
                                 document_context(document, audience), {}))


def article_for(audience: Audience) -> Document:
    return select(read_content(ARTICLE).document_for(audience), audience)


# ---------------------------------------------------------------------------------------
# What LibreOffice drew
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word of a PDF page and its box, in points from the top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_words(pdf: bytes) -> list[list[Word]]:
    """The words of every page of a PDF, page by page (``pdftotext -bbox``)."""
    with tempfile.TemporaryDirectory(prefix="exporter-bench-") as work:
        path = Path(work) / "deck.pdf"
        path.write_bytes(pdf)
        html = subprocess.run([find_tool("pdftotext"), "-bbox", str(path), "-"],
                              capture_output=True, text=True, check=True, timeout=120).stdout
    return [[Word(_unescape(m.group(5)), *map(float, m.groups()[:4]))
             for m in _WORD.finditer(page)] for page in html.split("<page ")[1:]]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
        .replace("&#39;", "'").replace("&amp;", "&")


def pieces(text: str) -> list[str]:
    """Text as the pieces a line may break into: words, cut after hyphens, dashes and
    slashes; in a normal form (ligatures and compatibility characters decomposed, in any
    case: templates may show text in capitals)."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return [piece for word in normal.split() for piece in _BREAKS.split(word) if piece]


# ---------------------------------------------------------------------------------------
# What the deck wrote
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A text frame the deck wrote on a slide: its shape's name, box (points) and text."""

    name: str
    box: tuple[float, float, float, float]
    text: str


def _box(shape: etree._Element) -> tuple[float, float, float, float] | None:
    xfrm = shape.find("./*/a:xfrm", _NS)
    if xfrm is None:
        xfrm = shape.find("./p:xfrm", _NS)
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", _NS), xfrm.find("a:ext", _NS)
    x, y = int(off.get("x")) / EMU_PER_PT, int(off.get("y")) / EMU_PER_PT
    return x, y, x + int(ext.get("cx")) / EMU_PER_PT, y + int(ext.get("cy")) / EMU_PER_PT


def _text(element: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iterfind(".//a:t", _NS))
                     for p in element.iterfind(".//a:p", _NS))


def slide_frames(slide: etree._Element) -> list[Frame]:
    """The text frames of a slide (shapes and tables) with their boxes."""
    frames = []
    tree = slide.find("p:cSld/p:spTree", _NS)
    for shape in tree if tree is not None else ():
        box = _box(shape)
        text = _text(shape)
        if box is not None and text.strip():
            name = shape.find("./*/p:cNvPr", _NS)
            frames.append(Frame(name.get("name", "") if name is not None else "", box, text))
    return frames


def deck_slides(deck: bytes) -> list[etree._Element]:
    """The slide parts of a deck, in order."""
    from pptx import Presentation

    return [slide.element for slide in Presentation(io.BytesIO(deck)).slides]


def slide_size(deck: bytes) -> tuple[float, float]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(deck))
    return (prs.slide_width or 0) / EMU_PER_PT, (prs.slide_height or 0) / EMU_PER_PT


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------


@dataclass
class Report:
    """What the checks found on one deck: counts per check and a few examples."""

    name: str
    slides: int
    ratio: float = 1.0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, check: str, example: str, count: int = 1) -> None:
        self.failures[check] += count
        self.examples.setdefault(check, [])
        if len(self.examples[check]) < 5:
            self.examples[check].append(example)

    @property
    def passed(self) -> bool:
        return not sum(self.failures.values())


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    # pdftotext's word box spans the font's whole ascent and descent (about 1.3 times the
    # size, reaching ~0.15 of its height beyond the 1.2 line pitch text is laid on).
    rise = max(2.0, 0.15 * (word.y1 - word.y0))
    x0, y0, x1, y1 = box
    return x0 - 2 <= word.x0 and word.x1 <= x1 + 2 and y0 - rise <= word.y0 and \
        word.y1 <= y1 + rise


def check_words(report: Report, number: int, frames: Sequence[Frame],
                words: Sequence[Word], page: tuple[float, float]) -> None:
    """``hidden`` and ``outside`` on one slide: every piece of every frame's text drawn
    inside its box; no word off the page."""
    on_page = Counter(piece for word in words for piece in pieces(word.text))
    for frame in frames:
        wanted = Counter(pieces(frame.text))
        inside = Counter(piece for word in words if _inside(word, frame.box)
                         for piece in pieces(word.text))
        for piece, count in (wanted - inside).items():
            check = "outside" if on_page[piece] >= count else "hidden"
            report.fail(check, f"slide {number}, {frame.name}: {piece!r}", count)
    width, height = page
    for word in words:
        if word.x0 < -1 or word.y0 < -1 or word.x1 > width + 1 or word.y1 > height + 1:
            report.fail("outside", f"slide {number}: {word.text!r} off the page")


def check_overlaps(report: Report, number: int, words: Sequence[Word]) -> None:
    """``overlap``: no word drawn over another (their boxes share more than
    :data:`OVERLAP_SHARE` of the smaller one)."""
    boxes = [w for w in words if w.text.strip()]
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            width = min(first.x1, second.x1) - max(first.x0, second.x0)
            height = min(first.y1, second.y1) - max(first.y0, second.y0)
            if width <= 0 or height <= 0:
                continue
            smaller = min((w.x1 - w.x0) * (w.y1 - w.y0) for w in (first, second))
            if width * height > OVERLAP_SHARE * smaller:
                report.fail("overlap", f"slide {number}: {first.text!r} over {second.text!r}")


def check_banner(report: Report, number: int, frames: Sequence[Frame],
                 words: Sequence[Word], banner: str) -> None:
    """``banner``: the classification on the slide, on one line."""
    found = [f for f in frames if f.text.strip() == banner]
    if not found:
        report.fail("banner", f"slide {number}: no banner")
        return
    wanted = set(pieces(banner))
    lines = {round(w.y0) for w in words if _inside(w, found[0].box) and
             set(pieces(w.text)) <= wanted}
    if len(lines) != 1:
        report.fail("banner", f"slide {number}: banner on {len(lines)} lines")


def _shows(words: Sequence[Word], text: str) -> bool:
    have = Counter(piece for word in words for piece in pieces(word.text))
    return not (Counter(pieces(text)) - have)


def check_title_slide(report: Report, document: Document, audience: Audience,
                      words: Sequence[Word]) -> None:
    """``title``: the first slide shows the subtitle and the audience-and-date line."""
    date = labels_for(document.meta.lang, audience.labels).date(document.meta.date)
    for line in (document.meta.subtitle, audience.display_label, date):
        if line and not _shows(words, line):
            report.fail("title", f"title slide lacks {line!r}")


def check_dividers(report: Report, document: Document, slides: Sequence[Sequence[Frame]],
                   pages: Sequence[Sequence[Word]]) -> None:
    """``dividers``: each divider slide ("Part N: ...") shows its subsections' titles."""
    for number, section in enumerate(document.sections, start=1):
        title = f"Part {number}: {section.title}"
        for frames, words in zip(slides, pages, strict=False):
            if any(" ".join(f.text.split()).startswith(title) for f in frames):
                for child in section.subsections:
                    if not _shows(words, child.title):
                        report.fail("dividers", f"{title!r} lacks {child.title!r}")


def _document_text(document: Document) -> str:
    meta = document.meta
    parts = [meta.title, meta.subtitle, meta.summary]
    for section in document.walk():
        parts.append(section.title)
        parts.extend(plain_text(point) for point in section.keypoints)
    return "\n".join(parts)


def check_deck(name: str, deck: bytes, pdf: bytes, document: Document, audience: Audience,
               banner: str, default_slides: int) -> Report:
    """Every check on one deck and its PDF."""
    slides = deck_slides(deck)
    pages = pdf_words(pdf)
    frames = [slide_frames(slide) for slide in slides]
    report = Report(name, len(slides), len(slides) / max(1, default_slides))
    if report.ratio > MAX_RATIO:
        report.fail("ratio", f"{len(slides)} slides, {report.ratio:.2f} times the default's")
    if len(pages) != len(slides):
        report.fail("hidden", f"{len(pages)} pages for {len(slides)} slides")
    size = slide_size(deck)
    ellipsis_known = "…" in _document_text(document)
    for number, (slide_text, words) in enumerate(zip(frames, pages, strict=False), start=1):
        check_words(report, number, slide_text, words, size)
        check_overlaps(report, number, words)
        if banner:
            check_banner(report, number, slide_text, words, banner)
        if not ellipsis_known:
            for frame in slide_text:
                if "…" in frame.text:
                    report.fail("ellipsis", f"slide {number}, {frame.name}: {frame.text!r}")
    if pages:
        check_title_slide(report, document, audience, pages[0])
    check_dividers(report, document, frames, pages)
    return report


# ---------------------------------------------------------------------------------------
# The bench
# ---------------------------------------------------------------------------------------


def run(templates: Sequence[Path], audience: Audience, out: Path | None = None
        ) -> list[Report]:
    """Build, convert and check the deck on the default template and on ``templates``;
    with ``out``, write the decks, PDFs and contact sheets there."""
    document = article_for(audience)
    banner = str(document_context(document, audience).get("classification", "") or "")
    named = {"default": default_template("pptx"),
             **{label(path, templates): path for path in templates}}
    decks = {}
    for name, path in named.items():
        try:
            decks[name] = build_deck(path, document, audience)
        except ExporterError as error:  # a template exporter refuses: said, not checked
            print(f"{name}: refused: {error}", file=sys.stderr)
    pdfs = convert_to_pdf({f"{name}.pptx": deck for name, deck in decks.items()})
    default_slides = len(deck_slides(decks["default"]))
    reports = []
    for name, deck in decks.items():
        pdf = pdfs[f"{name}.pptx"]
        reports.append(check_deck(name, deck, pdf, document, audience, banner,
                                  default_slides))
        if out is not None:
            _write(out, name, deck, pdf)
    return reports


def label(path: Path, templates: Sequence[Path]) -> str:
    """A template's name in the table: its file name without suffix (its folder too when
    two share a name)."""
    stems = Counter(p.stem for p in templates)
    return path.stem if stems[path.stem] == 1 else f"{path.parent.name}-{path.stem}"


def _write(out: Path, name: str, deck: bytes, pdf: bytes) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.pptx").write_bytes(deck)
    pdf_path = out / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    pages_dir = out / f"{name}-pages"
    pages_dir.mkdir(exist_ok=True)
    contact_sheet(to_pngs(pdf_path, pages_dir), out / f"{name}-contact.png")


def table(reports: Sequence[Report]) -> Iterator[str]:
    """The reports as a Markdown table."""
    yield "| template | slides | ratio | " + " | ".join(CHECKS) + " |"
    yield "| --- | ---: | ---: | " + " | ".join("---:" for _ in CHECKS) + " |"
    for report in reports:
        cells = [str(report.failures.get(check, 0)) for check in CHECKS]
        yield f"| {report.name} | {report.slides} | {report.ratio:.2f} | " + \
            " | ".join(cells) + " |"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of PowerPoint templates")
    parser.add_argument("--out", type=Path, help="write decks, PDFs and contact sheets here")
    parser.add_argument("--audience", default="analyst", help="audience profile to build")
    parser.add_argument("--examples", action="store_true", help="list what failed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    reports = run(templates_in(args.folder), audience_named(args.audience), args.out)
    for line in table(reports):
        print(line)
    if args.examples:
        for report in reports:
            for check, examples in report.examples.items():
                for example in examples:
                    print(f"{report.name}: {check}: {example}")
    return 0 if all(report.passed for report in reports) else 1


if __name__ == "__main__":
    raise SystemExit(main())
