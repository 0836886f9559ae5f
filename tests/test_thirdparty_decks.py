"""The shipped article's deck on every third-party PowerPoint template, as LibreOffice draws it.

Every .pptx/.potx in the shared folder of templates made by other people and other tools
(PowerPoint in several languages, LibreOffice Impress exports, pandoc and md2pptx
references, one-layout files, a script-generated deck) is built on, converted to PDF in one
LibreOffice run, and checked with the checks of ``bench/templates.py``: no word hidden, none
outside its box or off the page, no "…" added, the banner on one line, at most 1.3 times
the slides of the default template, the title slide with its date line, the dividers with
their lists.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import THIRD_PARTY, bench_module, needs_libreoffice

BENCH = bench_module("templates")
TEMPLATES = BENCH.templates_in(THIRD_PARTY) if THIRD_PARTY.is_dir() else []

pytestmark = [
    pytest.mark.libreoffice,
    needs_libreoffice(),
    pytest.mark.skipif(not TEMPLATES, reason=f"no third-party templates in {THIRD_PARTY}"),
]


@pytest.fixture(scope="module")
def reports() -> dict[str, object]:
    """Every template's report, from one build and one LibreOffice run."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed")
    found = BENCH.run(TEMPLATES, BENCH.audience_named("analyst"))
    return {report.name: report for report in found}


@pytest.mark.parametrize("template", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_the_deck_reads_whole_on_the_template(template, reports) -> None:
    report = reports[BENCH.label(template, TEMPLATES)]
    failed = {check: report.examples.get(check, []) for check in BENCH.CHECKS
              if report.failures.get(check)}
    assert not failed, f"{report.name}: {failed}"
    assert report.ratio <= BENCH.MAX_RATIO


def test_the_default_template_passes_the_same_checks(reports) -> None:
    assert reports["default"].passed
