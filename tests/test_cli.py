"""The command line, driven through Click's CliRunner: outputs, messages, exit codes."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import (
    ARTICLE,
    HEADINGS,
    THIRD_PARTY,
    needs_third_party,
    with_part_replaced,
    write_content,
)
from docx import Document as open_docx
from pptx import Presentation

from exporter.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_build_all_audiences(tmp_path: Path) -> None:
    result = run("build", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert len(paths) == 8 and all(p.is_file() for p in paths)
    assert {p.suffix for p in paths} == {".docx", ".pptx"}
    analyst = next(p for p in paths if p.name.endswith("--analyst.docx"))
    headings = [p.text for p in open_docx(analyst).paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert [title for _, title in HEADINGS] == [h for h in headings if h in dict(
        (t, 1) for _, t in HEADINGS)]


def test_build_one_audience_one_format_from_any_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build", "-a", "executive", "-f", "pptx")
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert line == "output/peru-military-drug-trafficking/" \
                   "peru-military-drug-trafficking--executive.pptx"
    deck = Presentation(str(next(tmp_path.rglob("*--executive.pptx"))))
    assert len(deck.slides) <= 10


@needs_third_party()
def test_build_with_user_templates(tmp_path: Path) -> None:
    docx, pptx = THIRD_PARTY / "pandoc-reference.docx", THIRD_PARTY / "pandoc-reference.pptx"
    result = run("build", "-a", "analyst", "--docx-template", str(docx), "--pptx-template",
                 str(pptx), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_errors_are_one_line_with_exit_1(tmp_path: Path) -> None:
    assert_one_line_error(run("build", str(tmp_path / "nope.md"), "-o", str(tmp_path)),
                          "nope.md", "content file not found")
    assert_one_line_error(run("build", "-a", "generals", "-o", str(tmp_path)),
                          "unknown audience generals", "executive, analyst, partner, public")
    bad = write_content(tmp_path, "# A\n\n# B {#a}\n")
    assert_one_line_error(run("build", str(bad), "-o", str(tmp_path)),
                          f"{bad}:6:", "heading id `a` is used twice")
    text_template = tmp_path / "template.docx"
    text_template.write_text("hello")
    assert_one_line_error(run("build", "--docx-template", str(text_template), "-o",
                              str(tmp_path)), "template.docx", "not a Word .docx file")


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-f", "odt"])
    assert result.exit_code == 2


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--debug", "build", str(tmp_path / "x.md")])
    assert result.exit_code == 1 and result.exc_info is not None


def test_inspect_json_is_the_model() -> None:
    result = run("inspect", "--json")
    data = json.loads(result.stdout)
    assert data["meta"]["title"] == "The Peruvian Military and Drug Trafficking"
    assert [s["id"] for s in data["sections"]][:2] == ["role", "landscape"]


def test_inspect_for_an_audience() -> None:
    outline = run("inspect", str(ARTICLE), "-a", "partner").stdout
    assert "Challenges Faced" not in outline and "Regional and International" in outline


def test_audiences_listing() -> None:
    rows = json.loads(run("audiences", "--json").stdout)
    assert [r["name"] for r in rows] == ["executive", "analyst", "partner", "public"]
    assert all(r["docx_template"].endswith("briefing.docx") for r in rows)
    assert "executive" in run("audiences").stdout


def test_check_passes_on_the_shipped_article() -> None:
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert "ok" in result.stderr


def test_check_reports_a_bad_profile(tmp_path: Path) -> None:
    profiles = tmp_path / "audiences.yaml"
    profiles.write_text("audiences:\n  a:\n    depth: huge\n")
    assert_one_line_error(run("check", "--audiences", str(profiles)), "audiences.yaml:3:", "depth")


def test_templates_init_copies_and_refuses_non_empty(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = run("templates", "init", str(target))
    assert result.exit_code == 0
    assert (target / "audiences.yaml").is_file()
    assert (target / "default" / "briefing.docx").is_file()
    assert_one_line_error(run("templates", "init", str(target)), "not empty")


def test_templates_init_never_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim.yaml"
    victim.write_text("keep me")
    target = tmp_path / "mine"
    target.mkdir()
    (target / "audiences.yaml").symlink_to(victim)
    assert_one_line_error(run("templates", "init", str(target), "--force"), "symbolic link")
    assert victim.read_text() == "keep me"
    (target / "audiences.yaml").unlink()
    (target / "default").symlink_to(elsewhere, target_is_directory=True)
    assert_one_line_error(run("templates", "init", str(target), "--force"), "symbolic link")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["victim.yaml"]


def test_ingest_then_build(tmp_path: Path) -> None:
    seed = ARTICLE.parent / "source" / "peru-military-drug-trafficking.txt"
    draft = tmp_path / "draft.md"
    result = run("ingest", str(seed), "-o", str(draft))
    assert result.exit_code == 0, result.stderr
    assert "repaired 9 words" in result.stderr
    assert_one_line_error(run("ingest", str(seed), "-o", str(draft)), "exists", "--force")
    built = run("build", str(draft), "-o", str(tmp_path / "out"), "-a", "analyst")
    assert built.exit_code == 0, built.stderr
    assert len(built.stdout.splitlines()) == 2


def test_template_warnings_are_printed_once_per_run(tmp_path: Path) -> None:
    from docx import Document as new_docx

    template = tmp_path / "plain.docx"
    new_docx().save(str(template))
    result = run("build", "-f", "docx", "--docx-template", str(template), "-o",
                 str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert warnings and len(warnings) == len(set(warnings))
    assert len(result.stdout.splitlines()) == 4


def test_build_audit_passes_and_audit_reports_every_file(tmp_path: Path) -> None:
    result = run("build", "--audit", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "audit: 8 files, 0 errors, 0 warnings" in result.stderr
    deck = next(Path(p) for p in result.stdout.splitlines() if p.endswith(".pptx"))
    audited = run("audit", "--json", str(deck))
    assert audited.exit_code == 0 and json.loads(audited.stdout) == []
    both = run("audit", str(deck), str(tmp_path / "missing.docx"))
    assert both.exit_code == 1
    assert "audit: 2 files" in both.stderr and "missing.docx" in both.stderr


@needs_third_party()
def test_audit_finds_problems_in_another_tools_deck() -> None:
    pandoc = THIRD_PARTY / "pandoc-reference.pptx"
    result = run("audit", str(pandoc))
    assert result.exit_code == 1
    assert "contrast" in result.stderr


def test_check_prints_template_warnings(tmp_path: Path) -> None:
    from pptx import Presentation as new_pptx

    template = tmp_path / "plain.pptx"
    deck = new_pptx()
    for layout in list(deck.slide_layouts)[1:]:
        deck.slide_layouts.remove(layout)
    deck.save(str(template))
    result = run("check", "--pptx-template", str(template))
    assert result.exit_code == 0, result.stderr
    assert "Warning: " in result.stderr and "plain.pptx" in result.stderr


def _default_pptx() -> bytes:
    from pptx import Presentation as new_pptx

    saved = io.BytesIO()
    new_pptx().save(saved)
    return saved.getvalue()


def test_a_template_whose_master_name_was_mangled_is_repaired(tmp_path: Path) -> None:
    """A deck whose presentation names its one slide master wrongly ("slideMaster11.xml",
    as a writer that mangles part names leaves it): the relationship is pointed at the only
    master there, a warning says so, and the deck builds."""
    template, out = tmp_path / "mangled.pptx", tmp_path / "out"
    template.write_bytes(with_part_replaced(_default_pptx(), "ppt/_rels/presentation.xml.rels",
                                            b"slideMasters/slideMaster1.xml",
                                            b"slideMasters/slideMaster11.xml"))
    result = run("build", "-a", "analyst", "-f", "pptx", "--pptx-template", str(template),
                 "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "slideMaster11.xml -> ppt/slideMasters/slideMaster1.xml" in result.stderr
    assert len(Presentation(str(next(out.rglob("*.pptx")))).slides) > 10


def test_a_template_whose_master_is_missing_says_it_is_damaged(tmp_path: Path) -> None:
    """A deck whose slide master is not in the file at all: one line that names the
    missing part and says to re-save the file, and no output."""
    template, out = tmp_path / "damaged.pptx", tmp_path / "out"
    with zipfile.ZipFile(io.BytesIO(_default_pptx())) as source, \
            zipfile.ZipFile(template, "w") as target:
        for name in source.namelist():
            if name != "ppt/slideMasters/slideMaster1.xml":
                target.writestr(name, source.read(name))
    result = run("build", "-a", "analyst", "-f", "pptx", "--pptx-template", str(template),
                 "-o", str(out))
    assert_one_line_error(result, "damaged.pptx", "slideMaster1.xml", "re-save")
    assert not list(out.rglob("*.pptx"))


def test_an_audience_written_for_another_article_warns_and_keeps_its_sections(
        tmp_path: Path) -> None:
    """The shipped executive profile names the shipped article's sections: on another
    article it warns, names them and the article's own ids, and briefs every section."""
    content = write_content(tmp_path, "\n# Iquitos\n\nIquitos is the largest port on the "
                            "Amazon river.\n\n# Pucallpa\n\nPucallpa is the port of the "
                            "Ucayali river.\n", front="title: Ports\ndate: 2026-01-01\n")
    result = run("build", str(content), "-a", "executive", "-f", "pptx", "-o",
                 str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "audience executive names sections this article does not have (landscape" in \
        result.stderr and "it keeps every section" in result.stderr
    assert "iquitos, pucallpa" in result.stderr
    deck = Presentation(str(next((tmp_path / "out").rglob("*.pptx"))))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title]
    assert "Iquitos" in titles and "Pucallpa" in titles


def test_an_image_without_a_source_is_a_one_line_error(tmp_path: Path) -> None:
    content = write_content(tmp_path, "\n# Ports\n\n![The port]()\n\nThe port is busy.\n")
    result = run("build", str(content), "-a", "analyst", "-f", "docx", "-o",
                 str(tmp_path / "out"))
    assert_one_line_error(result, "article.md", "an image has no source")
