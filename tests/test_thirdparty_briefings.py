"""The shipped article briefed on every Word template of other people and other tools, read
back from the PDF LibreOffice makes of it.

Every .docx/.dotx/.docm/.dotm in the shared third-party folder (pandoc and Quarto reference
files, a thesis template, other engines' examples, python-docx fixtures, a LibreOffice
template) is used for the full (analyst), the summary (executive) and the partner briefing
(the longest banner) of the shipped article; all are converted to PDF in one LibreOffice
run and their words read with ``pdftotext -bbox``. Per template and audience, as a reader
sees the pages:

- the briefing starts with the briefing: its title is on page 1, and none of a style
  reference's own sample text is anywhere;
- no word is outside the page;
- the classification banner is on every page, at its top and at its bottom, each time on
  one line between the page's side margins;
- our headings carry no number or letter unless the template links numbering to its
  heading styles, and then they are numbered from 1.

A template written for another program's data builds, or stops with the one-line error that
names the variable the article does not provide: never a Jinja syntax error.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from conftest import ARTICLE, ROOT, THIRD_PARTY, bench_module, needs_libreoffice
from lxml import etree

from exporter.audience import Audience, load_profiles, select
from exporter.briefing import Heading, plan_briefing
from exporter.errors import TemplateSyntaxError
from exporter.model import Document
from exporter.pipeline import checked_template
from exporter.preview import convert_to_pdf
from exporter.reader import read_document
from exporter.render import RenderJob, TemplateFile
from exporter.render.docx import render_briefing
from exporter.templating import document_context, has_jinja

pytestmark = [pytest.mark.libreoffice, needs_libreoffice(),
              pytest.mark.skipif(not THIRD_PARTY.is_dir(),
                                 reason="no third-party templates beside the repository")]

TEMPLATES = sorted(path for pattern in ("*.docx", "*.dotx", "*.docm", "*.dotm")
                   for path in THIRD_PARTY.rglob(pattern)) if THIRD_PARTY.is_dir() else []
#: Full depth, summary depth, and the longest banner.
AUDIENCES = ("analyst", "executive", "partner")
#: Leeway for LibreOffice's layout against the margins python-docx reads, in points.
TOLERANCE = 1.5
#: A heading's number or letter: "1", "2.1", "A.", "iv)", "Б".
_LABEL = re.compile(r"^(?:\d+(?:\.\d+)*|[A-Za-zА-Яа-я]|[ivxlc]+)[.)]?$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


#: A word of a PDF page and its box (``bench/templates.py``'s, which the deck tests use).
Word = bench_module("templates").Word


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]

    def lines(self) -> list[list[Word]]:
        """The page's words by line (same top, within a point), left to right."""
        rows: dict[int, list[Word]] = {}
        for word in self.words:
            rows.setdefault(round(word.y0), []).append(word)
        return [sorted(row, key=lambda w: w.x0) for _, row in sorted(rows.items())]


@dataclass(frozen=True)
class Briefing:
    """One built briefing: its PDF pages and what the docx says of its margins (points)."""

    pages: tuple[Page, ...]
    left: float
    right: float
    top: float

    def first_body_line(self, banner: list[str]) -> list[Word]:
        """The first line of page 1 below the top margin (the header is above it) that is
        not the banner (a header that reaches below the margin pushes the body down)."""
        return next(line for line in self.pages[0].lines()
                    if line[0].y0 >= self.top - TOLERANCE and [w.text for w in line] != banner)


def _pages(pdf: bytes) -> tuple[Page, ...]:
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout
    root = etree.fromstring(html, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        words = tuple(Word(word.text or "", *(float(word.get(k, "0")) for k in
                                              ("xMin", "yMin", "xMax", "yMax")))
                      for word in page.iter("{*}word"))
        pages.append(Page(float(page.get("width", "0")), float(page.get("height", "0")),
                          words))
    return tuple(pages)


def _margins(data: bytes) -> tuple[float, float, float]:
    """The narrowest left, right and top margins of the briefing's sections, in points
    (Word's one inch where a section leaves one unsaid)."""
    sections = docx.Document(io.BytesIO(data)).sections

    def narrowest(side: str) -> float:
        return min(getattr(s, f"{side}_margin").pt if getattr(s, f"{side}_margin") is not None
                   else 72.0 for s in sections)

    return narrowest("left"), narrowest("right"), narrowest("top")


def _template_body_texts(path: Path) -> list[str]:
    """The template's own body paragraphs (with some words to them)."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    texts = ("".join(t.text or "" for t in paragraph.iter(f"{_W}t")).strip()
             for paragraph in body.iter(f"{_W}p"))
    return [text for text in texts
            if len(_tokens([Word(t, 0, 0, 0, 0) for t in text.split()])) >= 3]


def _has_placeholders(path: Path) -> bool:
    with zipfile.ZipFile(path) as package:
        return any(has_jinja(package.read(name).decode("utf-8", "replace"))
                   for name in package.namelist()
                   if name.startswith(("word/", "docProps/")) and name.endswith(".xml"))


def _asks_for_numbered_headings(path: Path) -> bool:
    """Whether the template's Heading 1 style is numbered by a list level linked back to it
    (docs/word-templates.md: Headings and numbering)."""
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        styles = etree.fromstring(package.read("word/styles.xml"))
        numbering = (etree.fromstring(package.read("word/numbering.xml"))
                     if "word/numbering.xml" in names else None)
    heading = next((style for style in styles.iter(f"{_W}style")
                    if (style.find(f"{_W}name") is not None and
                        style.find(f"{_W}name").get(f"{_W}val", "").lower() == "heading 1")),
                   None)
    if heading is None or numbering is None:
        return False
    num_id = heading.find(f"{_W}pPr/{_W}numPr/{_W}numId")
    if num_id is None:
        return False
    num = next((n for n in numbering.iter(f"{_W}num")
                if n.get(f"{_W}numId") == num_id.get(f"{_W}val")), None)
    abstract_id = num.find(f"{_W}abstractNumId").get(f"{_W}val") if num is not None else None
    for abstract in numbering.iter(f"{_W}abstractNum"):
        if abstract.get(f"{_W}abstractNumId") == abstract_id:
            level = abstract.find(f"{_W}lvl")
            linked = level.find(f"{_W}pStyle") if level is not None else None
            shown = level.find(f"{_W}numFmt") if level is not None else None
            return (linked is not None and linked.get(f"{_W}val") == heading.get(f"{_W}styleId")
                    and shown is not None and shown.get(f"{_W}val") != "none")
    return False


def _briefing_with_its_data(article: Document, audience: Audience,
                            template: TemplateFile) -> bytes | TemplateSyntaxError:
    """The briefing, giving the template each variable of its own that it asks for (as a
    user of another engine gives its data under ``vars:``)."""
    for _ in range(50):
        document = select(article, audience)
        job = RenderJob(document, audience, template, document_context(document, audience),
                        {})
        try:
            return render_briefing(job)
        except TemplateSyntaxError as error:
            missing = re.search(r"unknown variable.*?'(\w+)' is undefined", str(error))
            if missing is None:
                return error
            audience = dataclasses.replace(audience, vars={
                **audience.vars, missing.group(1): f"<{missing.group(1)}>"})
    raise AssertionError(f"{template.path} asks for more than 50 variables")


@pytest.fixture(scope="module")
def profiles() -> dict[str, Audience]:
    return load_profiles(ROOT / "templates" / "audiences.yaml")


@pytest.fixture(scope="module")
def built(profiles: dict[str, Audience]
          ) -> dict[tuple[str, str], Briefing | TemplateSyntaxError]:
    """Every template's briefings (or the error that stopped them), read from their PDFs."""
    article = read_document(ARTICLE)
    outputs: dict[tuple[str, str], bytes | TemplateSyntaxError] = {}
    for template in TEMPLATES:
        checked = checked_template(template, template.read_bytes(), "docx")
        for name in AUDIENCES:
            outputs[template.name, name] = _briefing_with_its_data(article, profiles[name],
                                                                   checked)
    files = {f"{index:02d}.docx": data for index, data in enumerate(outputs.values())
             if isinstance(data, bytes)}
    pdfs = iter(convert_to_pdf(files).items())
    results: dict[tuple[str, str], Briefing | TemplateSyntaxError] = {}
    for key, data in outputs.items():
        if isinstance(data, TemplateSyntaxError):
            results[key] = data
            continue
        _, pdf = next(pdfs)
        results[key] = Briefing(_pages(pdf), *_margins(data))
    return results


def _briefings(built: dict, template: Path) -> list[tuple[str, Briefing]]:
    """The template's briefings: every one built."""
    found = []
    for name in AUDIENCES:
        result = built[template.name, name]
        assert not isinstance(result, TemplateSyntaxError), result
        found.append((name, result))
    return found


def _tokens(words: list[Word] | tuple[Word, ...]) -> list[str]:
    return [token for word in words
            if (token := re.sub(r"[^\w/]", "", word.text.lower()))]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_the_briefing_starts_with_the_briefing(built: dict, profiles: dict[str, Audience],
                                                template: Path) -> None:
    title = _tokens([Word(text, 0, 0, 0, 0) for text in read_document(ARTICLE).meta.title
                     .split()])
    reference = not _has_placeholders(template)
    sample = _template_body_texts(template) if reference else []
    for name, briefing in _briefings(built, template):
        first_page = _tokens(briefing.pages[0].words)
        assert any(first_page[i:i + len(title)] == title for i in range(len(first_page))), \
            f"{name}: the title is not on page 1"
        if reference:
            first = _tokens(briefing.first_body_line(profiles[name].classification.split()))
            assert first and first == title[:len(first)], \
                f"{name}: page 1 starts with {first!r}, not with the title"
        everything = " ".join(" ".join(_tokens(page.words)) for page in briefing.pages)
        for text in sample:
            assert " ".join(_tokens([Word(t, 0, 0, 0, 0) for t in text.split()])) \
                not in everything, f"{name}: the template's sample text {text!r} is kept"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_no_word_outside_the_page(built: dict, template: Path) -> None:
    for name, briefing in _briefings(built, template):
        for number, page in enumerate(briefing.pages, 1):
            outside = [w.text for w in page.words if w.x0 < -TOLERANCE or w.y0 < -TOLERANCE
                       or w.x1 > page.width + TOLERANCE or w.y1 > page.height + TOLERANCE]
            assert not outside, f"{name}, page {number}: {outside[:8]} outside the page"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_banner_on_every_page_on_one_line_inside_the_margins(
        built: dict, profiles: dict[str, Audience], template: Path) -> None:
    for name, briefing in _briefings(built, template):
        banner = profiles[name].classification.split()
        for number, page in enumerate(briefing.pages, 1):
            lines = page.lines()
            shown = [line for line in lines if [w.text for w in line] == banner]
            assert len(shown) >= 2 and lines[0] in shown and lines[-1] in shown, \
                f"{name}, page {number}: the banner is not alone on the top and bottom lines"
            for line in shown:
                assert line[0].x0 >= briefing.left - TOLERANCE, f"{name}, page {number}"
                assert line[-1].x1 <= page.width - briefing.right + TOLERANCE, \
                    f"{name}, page {number}: the banner runs into the right margin"


def _heading_labels(briefing: Briefing, heading: str) -> list[str] | None:
    """What stands before ``heading`` on the last line that shows it (its number or letter:
    [] when none); None when no line shows it."""
    wanted = _tokens([Word(text, 0, 0, 0, 0) for text in heading.split()])
    found = None
    for page in briefing.pages:
        for line in page.lines():
            tokens = _tokens(line)
            for start in (0, 1):
                rest = tokens[start:]
                if (rest and rest == wanted[:len(rest)] and len(rest) >= min(3, len(wanted))
                        and all(_LABEL.match(token) for token in tokens[:start])):
                    found = tokens[:start]
                    break
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_headings_are_numbered_only_when_the_template_asks(
        built: dict, profiles: dict[str, Audience], template: Path) -> None:
    asked = _asks_for_numbered_headings(template)
    article = read_document(ARTICLE)
    for name, briefing in _briefings(built, template):
        plan = plan_briefing(select(article, profiles[name]), profiles[name])
        headings = [(item.level, item.text) for item in plan if isinstance(item, Heading)]
        labels = [(level, _heading_labels(briefing, text)) for level, text in headings]
        assert all(label is not None for _, label in labels), f"{name}: a heading is missing"
        if asked:
            top = [label[0] for level, label in labels if level == 1 and label]
            assert top == [str(n) for n in range(1, len(top) + 1)], (name, labels)
            assert all(label for _, label in labels), (name, labels)
        else:
            assert all(label == [] for _, label in labels), (name, labels)
