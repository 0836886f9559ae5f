"""Rebuilds are byte-identical: same content, templates and options give the same bytes.

Zip entries carry a fixed time and order, core properties carry the content's date (or
SOURCE_DATE_EPOCH for undated content, else a fixed date), and ids are counted, never
random, so neither the clock, the output folder nor the number of worker processes shows in
the files.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, write_content
from docx import Document as open_docx
from pptx import Presentation

from exporter.cli import main

UNDATED = """Lead paragraph.

# First part {#first}

::: keypoints
- One point
- Another point
:::

Prose of the first part.

| Year | Event |
|------|-------|
| 1990 | Start |

# Second part {#second}

::: timeline Dates
- 1995: Something happened
- 2001: Something else
:::
"""


def build(content: Path, outdir: Path, *options: str) -> dict[str, bytes]:
    """Build every audience and format; the bytes of each output by file name."""
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(outdir), *options],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert paths and all(path.is_file() for path in paths)
    return {path.name: path.read_bytes() for path in paths}


def assert_identical(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"outputs differ between builds: {different}"


def test_rebuilds_are_byte_identical(tmp_path: Path) -> None:
    first = build(ARTICLE, tmp_path / "one")
    second = build(ARTICLE, tmp_path / "two")
    assert len(first) == 8
    assert_identical(first, second)


def test_worker_processes_do_not_change_the_bytes(tmp_path: Path) -> None:
    serial = build(ARTICLE, tmp_path / "serial", "--jobs", "1")
    parallel = build(ARTICLE, tmp_path / "parallel", "--jobs", "2")
    assert_identical(serial, parallel)


def test_zip_entries_have_fixed_times_and_content_types_first(tmp_path: Path) -> None:
    outputs = build(ARTICLE, tmp_path / "out", "-a", "analyst")
    for name in outputs:
        with zipfile.ZipFile(tmp_path / "out" / ARTICLE.stem / name) as package:
            infos = package.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_dated_content_carries_its_date(tmp_path: Path) -> None:
    build(ARTICLE, tmp_path / "out", "-a", "analyst")
    folder = tmp_path / "out" / ARTICLE.stem
    expected = dt.datetime(2026, 11, 26)
    docx = open_docx(str(folder / f"{ARTICLE.stem}--analyst.docx")).core_properties
    pptx = Presentation(str(folder / f"{ARTICLE.stem}--analyst.pptx")).core_properties
    for props in (docx, pptx):
        assert props.created is not None and props.modified is not None
        assert props.created.replace(tzinfo=None) == expected
        assert props.modified.replace(tzinfo=None) == expected


@pytest.mark.parametrize("epoch", ["1700000000", None])
def test_undated_content_uses_source_date_epoch_or_a_fixed_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str | None) -> None:
    content = write_content(tmp_path, UNDATED, front="title: Undated article\n")
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        expected = dt.datetime(2000, 1, 1)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        expected = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    first = build(content, tmp_path / "one")
    second = build(content, tmp_path / "two", "--jobs", "2")
    assert_identical(first, second)
    folder = tmp_path / "one" / content.stem
    for name in first:
        if name.endswith(".docx"):
            props = open_docx(str(folder / name)).core_properties
        else:
            props = Presentation(str(folder / name)).core_properties
        assert props.created is not None
        assert props.created.replace(tzinfo=None) == expected, name


def test_a_different_epoch_changes_only_the_dates(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_content(tmp_path, UNDATED, front="title: Undated article\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(content, tmp_path / "one", "-a", "analyst")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    second = build(content, tmp_path / "two", "-a", "analyst")
    for name in first:
        assert first[name] != second[name]
        with zipfile.ZipFile(tmp_path / "one" / content.stem / name) as one, \
                zipfile.ZipFile(tmp_path / "two" / content.stem / name) as two:
            changed = [member for member in one.namelist()
                       if one.read(member) != two.read(member)]
        assert changed == ["docProps/core.xml"]
