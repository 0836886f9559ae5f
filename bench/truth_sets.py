"""Evaluation sets for ``bench/articles.py`` made from public report collections.

    python bench/truth_sets.py crs CLONE OUT
    python bench/truth_sets.py gao CLONE OUT
    python bench/truth_sets.py progit CLONE OUT

CLONE is a checkout of github.com/ProfAmiot/crs-reports (``crs``), of
github.com/jeremyschlatter-intern/gao-reports-reader (``gao``) or of
github.com/progit/progit2 (``progit``); OUT the folder to write.

``crs``: each CRS report's web copy (``markdown/reports/*.md``, as saved from the report's
page: its body headings are plain lines, its contents list flat), with a truth file whose
title is the page's first ``#`` line and whose headings are the contents list of the
report's PDF (``pdf/reports/``), levels by indentation as ``pdftotext -layout`` (poppler)
gives them. Reports whose PDF has no contents list are left out.

``gao``: each GAO report's text (``data/markdown/*.md``, the PDF's text with its side
headings marked ``####`` and the smaller ones ``######``) from "Letter" (else its first side
heading) to the appendixes, written as plain text: the report number and title on top,
the marks and bold dropped, so that headings are short lines as in a copy of the PDF; the
truth: ``####`` headings level 1, ``######`` level 2.

``progit``: each section of the Pro Git book (``book/0*/sections/*.asc``) as a reader copies
its web page: the headings as lines, a figure's caption as "Figure N. ...", the listings'
text, anchors, index terms and AsciiDoc marks dropped; the truth: the section's ``===``
title, its ``====`` headings level 1 and ``=====`` level 2.

The CRS and GAO collections are works of the U.S. Government, in the public domain; Pro
Git is under the Creative Commons Attribution Non Commercial Share Alike 3.0 license.
Figures measured on these sets are quoted in ``docs/ingest.md``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

#: A contents entry's end: dotted leaders and a page number.
_LEADERS = re.compile(r"\s*\.{3,}\s*\d+\s*$|\s+\d+\s*$")
#: Lines that end a PDF's contents list.
_AFTER_CONTENTS = ("Figures", "Tables", "Contacts", "Appendixes")
_MARKED = re.compile(r"^(#{2,6})\s+(.*\S)\s*$")


def contents_of(pdf: Path) -> list[tuple[int, str]]:
    """The headings of a PDF's contents list with their indentation in columns."""
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Contents"), None)
    if start is None:
        return []
    entries: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for line in lines[start + 1:]:
        text = line.strip()
        if text in _AFTER_CONTENTS or re.match(r"(?:Figure|Table) \d", text):
            break
        if not text or text.startswith("Congressional Research Service"):
            continue
        indent = len(line) - len(line.lstrip())
        pending = (indent, text) if pending is None else (pending[0], f"{pending[1]} {text}")
        if _LEADERS.search(line):
            entries.append((pending[0], _LEADERS.sub("", pending[1]).strip()))
            pending = None
    return entries


def crs_set(clone: Path, out: Path) -> int:
    made = 0
    pdfs = {p.name.replace("-", ""): p for p in (clone / "pdf" / "reports").glob("*.pdf")}
    for page in sorted((clone / "markdown" / "reports").glob("*.md")):
        number = re.match(r"[A-Z]*\d+", page.stem)
        pdf = next((p for name, p in pdfs.items() if number and name.startswith(number.group())),
                   None)
        entries = contents_of(pdf) if pdf else []
        if len(entries) < 3:
            continue
        indents = sorted({indent for indent, _ in entries})
        text = page.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")),
                     page.stem)
        write(out, page.stem[:40] + ".md", text, title,
              [[indents.index(indent) + 1, heading] for indent, heading in entries])
        made += 1
    return made


def gao_set(clone: Path, out: Path) -> int:
    made = 0
    for report in sorted((clone / "data" / "markdown").glob("*.md")):
        lines = report.read_text(encoding="utf-8").splitlines()
        title = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("# ") else ""
        start = next((i for i, line in enumerate(lines)
                      if re.match(r"#{2,6}\s+Letter\s*$", line)), None)
        if start is None:
            start = next((i for i, line in enumerate(lines) if line.startswith("#### ")), None)
        if start is None:
            continue
        end = next((i for i, line in enumerate(lines) if i > start and re.match(
            r"#{1,6}\s+(?:Appendix|GAO[’']s Mission)", line)), len(lines))
        body, headings = [report.stem.upper(), title, ""], []
        for line in lines[start:end]:
            if marked := _MARKED.match(line):
                heading = marked.group(2).replace("*", "").strip()
                headings.append([2 if len(marked.group(1)) >= 5 else 1, heading])
                body.append(heading)
            else:
                body.append(line.replace("**", "").replace("__", ""))
        if len(headings) < 3 or headings[0][0] != 1:
            continue
        write(out, report.stem + ".txt", "\n".join(body) + "\n", title, headings)
        made += 1
    return made


_ASCIIDOC_HEADING = re.compile(r"(={3,6})\s+(.*)")
_ASCIIDOC_SKIPPED = re.compile(r"\[\[.*\]\]|\[(?:source|NOTE|TIP|WARNING|quote).*\]|"
                               r"(?:image|include)::.*|if(?:n?def)::.*|endif::.*|\(\(\(.*")


def progit_set(clone: Path, out: Path) -> int:
    made = 0
    for section in sorted((clone / "book").glob("0*/sections/*.asc")):
        body: list[str] = []
        headings: list[list[object]] = []
        title, listing = None, False
        for line in section.read_text(encoding="utf-8").splitlines():
            if line.strip() == "----":
                listing = not listing
            elif listing:
                body.append(line)
            elif marked := _ASCIIDOC_HEADING.fullmatch(line):
                level, heading = len(marked.group(1)) - 3, marked.group(2).replace("`", "")
                if level == 0 and title is None:
                    title = heading
                elif level >= 1:
                    headings.append([level, heading])
                body.append(heading)
            elif not _ASCIIDOC_SKIPPED.fullmatch(line.strip()):
                body.append(_asciidoc_text(line, figures=sum(
                    1 for kept in body if kept.startswith("Figure "))))
        if title is None or len(headings) < 3:
            continue
        write(out, section.stem + ".txt", "\n".join(body) + "\n", title, headings)
        made += 1
    return made


def _asciidoc_text(line: str, figures: int) -> str:
    """A line of AsciiDoc as its page shows it: a caption numbered, marks dropped."""
    if re.match(r"\.[A-Z]", line):
        line = f"Figure {figures + 1}. {line[1:]}"
    line = re.sub(r"\(\(\([^)]*\)\)\)", "", line)
    line = re.sub(r"<<[^>]*>>", "the section", line)
    line = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", line)
    return re.sub(r"\*([^*]+)\*", r"\1", line).replace("`", "")


def write(out: Path, name: str, text: str, title: str, headings: list[list[object]]) -> None:
    (out / "truth").mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text, encoding="utf-8")
    truth = {"title": title, "headings": headings}
    (out / "truth" / f"{Path(name).stem}.json").write_text(
        json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> int:
    makers = {"crs": crs_set, "gao": gao_set, "progit": progit_set}
    if len(argv) != 3 or argv[0] not in makers:
        print(__doc__, file=sys.stderr)
        return 2
    kind, clone, out = argv[0], Path(argv[1]), Path(argv[2])
    made = makers[kind](clone, out)
    print(f"{made} articles with truth files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
