"""Delivery: several articles in one build, folders of articles, and PDFs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, needs_libreoffice, pdf_pages, write_content
from pptx import Presentation

from exporter.cli import main
from exporter.preview import to_pdf


def _build(*args: str) -> tuple[int, list[Path], str]:
    result = CliRunner().invoke(main, ["build", "--jobs", "1", *args])
    return result.exit_code, [Path(line) for line in result.stdout.split()], result.stderr


def _two_articles(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    write_content(folder, "# Coca\n\nPeru grows coca.\n", "title: Coca\n", name="coca.md")
    write_content(folder, "# Ports\n\nShips carry cargo.\n", "title: Ports\n", name="ports.md")


def test_a_folder_of_articles_gives_every_article_its_outputs(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _two_articles(articles)
    (articles / "notes.txt").write_text("not a content file")
    code, written, stderr = _build(str(articles), "-a", "analyst", "-o", str(tmp_path / "o"))
    assert code == 0, stderr
    assert sorted(p.relative_to(tmp_path / "o").as_posix() for p in written) == [
        "coca/coca--analyst.docx", "coca/coca--analyst.pptx",
        "ports/ports--analyst.docx", "ports/ports--analyst.pptx"]
    deck = Presentation(str(tmp_path / "o" / "ports" / "ports--analyst.pptx"))
    assert deck.slides[0].shapes.title.text == "Ports"


def test_files_and_folders_together(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _two_articles(articles)
    code, written, _ = _build(str(articles), str(ARTICLE), "-a", "public", "-f", "docx",
                              "-o", str(tmp_path / "o"))
    assert code == 0
    assert sorted(p.parent.name for p in written) == [
        "coca", "peru-military-drug-trafficking", "ports"]


def test_bad_articles_stop_the_run_before_anything_is_written(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _two_articles(articles)
    write_content(articles, "# A\n\n### Too deep\n", name="broken.md")
    write_content(articles, "# B\n", front="titel: typo\n", name="typo.md")
    out = tmp_path / "o"
    code, written, stderr = _build(str(articles), "-o", str(out))
    assert code == 1 and not written
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2
    assert "broken.md:" in errors[0] and "typo.md" in errors[1]
    assert "Traceback" not in stderr
    assert not out.exists() or not list(out.rglob("*.docx"))


def test_two_articles_of_one_name_are_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        write_content(tmp_path / folder, "# S\n\nText.\n", name="same.md")
    code, written, stderr = _build(str(tmp_path / "a" / "same.md"),
                                   str(tmp_path / "b" / "same.md"), "-o", str(tmp_path / "o"))
    assert code == 1 and not written
    assert "both named 'same'" in stderr and len(stderr.strip().splitlines()) == 1


def test_a_folder_without_content_files_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, stderr = _build(str(tmp_path / "empty"), "-o", str(tmp_path / "o"))
    assert code == 1 and "has no content files" in stderr


@pytest.mark.libreoffice
@needs_libreoffice()
def test_pdfs_have_the_pages_of_the_briefing_and_the_deck(tmp_path: Path) -> None:
    code, written, stderr = _build(str(ARTICLE), "-a", "executive", "-a", "public",
                                   "-f", "pdf", "-f", "docx", "-f", "pptx",
                                   "-o", str(tmp_path / "o"))
    assert code == 0, stderr
    names = sorted(p.name for p in written)
    assert names == sorted(f"peru-military-drug-trafficking--{audience}{end}"
                           for audience in ("executive", "public")
                           for end in (".docx", ".pptx", "--briefing.pdf", "--deck.pdf"))
    for path in written:
        if path.suffix != ".pdf":
            continue
        source = path.with_name(path.name.replace("--briefing.pdf", ".docx")
                                .replace("--deck.pdf", ".pptx"))
        alone = to_pdf(source, tmp_path / "alone")
        assert pdf_pages(path) == pdf_pages(alone) > 0
        if source.suffix == ".pptx":
            assert pdf_pages(path) == len(Presentation(str(source)).slides)


@pytest.mark.libreoffice
@needs_libreoffice()
def test_pdf_alone_writes_only_pdfs(tmp_path: Path) -> None:
    code, written, _ = _build(str(ARTICLE), "-a", "executive", "-f", "pdf",
                              "-o", str(tmp_path / "o"))
    assert code == 0
    assert sorted(p.name for p in written) == [
        "peru-military-drug-trafficking--executive--briefing.pdf",
        "peru-military-drug-trafficking--executive--deck.pdf"]
    assert not list((tmp_path / "o").rglob("*.docx"))


def test_pdf_without_libreoffice_names_the_package_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import exporter.preview

    real = shutil.which
    monkeypatch.setattr(exporter.preview.shutil, "which",
                        lambda name, *a, **k: None if name == "soffice" else real(name, *a, **k))
    code, written, stderr = _build(str(ARTICLE), "-a", "executive", "-f", "pdf",
                                   "-o", str(tmp_path / "o"))
    assert code == 1 and not written
    (line,) = stderr.strip().splitlines()
    assert line.startswith("Error: ") and "apt-get install libreoffice" in line
    assert not (tmp_path / "o").exists()
