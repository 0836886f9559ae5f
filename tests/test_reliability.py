"""Bad and hostile input: clean one-line errors, no code run, no file damaged."""

from __future__ import annotations

import io
import random
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write_content
from docx import Document as open_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from exporter.cli import main
from exporter.errors import ExporterError
from exporter.pipeline import BuildRequest, build
from exporter.reader import read_document

DOCX_TEMPLATE = ROOT / "templates" / "default" / "briefing.docx"
PPTX_TEMPLATE = ROOT / "templates" / "default" / "deck.pptx"


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def _no_profiles(tmp_path: Path) -> Path:
    """A profiles file with one full audience, so tests do not depend on the shipped set."""
    path = tmp_path / "audiences.yaml"
    path.write_text("audiences:\n  full:\n    classification: TEST\n", encoding="utf-8")
    return path


def _request(content: Path, tmp_path: Path, **extra) -> BuildRequest:
    return BuildRequest(contents=(content,), outdir=tmp_path / "out",
                        audiences_file=_no_profiles(tmp_path), **extra)


def _assert_clean_failure(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0]


def test_failed_build_keeps_previous_outputs_byte_identical(tmp_path: Path) -> None:
    content = write_content(tmp_path, "# A {#a}\n\nText.\n")
    profiles = _no_profiles(tmp_path)
    first = _cli("build", str(content), "--audiences", str(profiles), "-o", str(tmp_path / "o"))
    assert first.exit_code == 0, first.stderr
    outputs = {Path(p): Path(p).read_bytes() for p in first.stdout.split()}
    cases = {
        "# A {#a}\n\n# B {#a}\n": "used twice",
        "# A\n\n{{ nothing }}\n": "unknown variable",
        "# A\n\n{% for %}\n": "syntax error",
        "# A\n\n![x](missing.png)\n": "not found",
    }
    for body, message in cases.items():
        write_content(tmp_path, body)
        result = _cli("build", str(content), "--audiences", str(profiles), "-o",
                      str(tmp_path / "o"))
        _assert_clean_failure(result, message, str(content))
        assert {p: p.read_bytes() for p in outputs} == outputs


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_template_problems(tmp_path: Path, fmt: str) -> None:
    content = write_content(tmp_path, "# A\n\nText.\n")
    option = f"--{fmt}-template"
    other = PPTX_TEMPLATE if fmt == "docx" else DOCX_TEMPLATE
    encrypted = tmp_path / f"locked.{fmt}"
    encrypted.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1024)
    corrupt = tmp_path / f"corrupt.{fmt}"
    corrupt.write_bytes(other.read_bytes()[:2000])
    profiles = str(_no_profiles(tmp_path))
    good = _cli("build", str(content), "-f", fmt, "--audiences", profiles, "-o",
                str(tmp_path / "o"))
    assert good.exit_code == 0, good.stderr
    (existing,) = [Path(p) for p in good.stdout.split()]
    before = existing.read_bytes()
    cases = [(other, "it is a"), (encrypted, "password-protected"), (corrupt, "corrupt"),
             (tmp_path / f"none.{fmt}", "template not found")]
    for template, message in cases:
        result = _cli("build", str(content), "-f", fmt, option, str(template), "--audiences",
                      profiles, "-o", str(tmp_path / "o"))
        _assert_clean_failure(result, str(template.name), message)
        assert existing.read_bytes() == before


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    for body in ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                 "{{ cycler.__init__.__globals__ }}", "{{ self._TemplateReference__context }}"):
        content = write_content(tmp_path, f"# A\n\n{body}\n")
        result = _cli("build", str(content), "--audiences", str(_no_profiles(tmp_path)),
                      "-o", str(tmp_path / "o"))
        assert result.exit_code == 1 and "Traceback" not in result.output, body
        assert "<class" not in result.output


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    source = zipfile.ZipFile(DOCX_TEMPLATE)
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(hostile, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1)
                doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
                text = head + "?>" + doctype + rest.replace("{{ title }}", "&xxe;{{ title }}", 1)
                data = text.encode("utf-8")
            out.writestr(info, data)
    content = write_content(tmp_path, "# A\n\nText.\n")
    try:
        written = build(_request(content, tmp_path, formats=("docx",), docx_template=hostile))
    except ExporterError:
        return  # refusing the template is fine too
    with zipfile.ZipFile(written[0]) as package:
        assert "TOP-SECRET-VALUE" not in package.read("word/document.xml").decode("utf-8")


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    content = write_content(tmp_path, "# A\n\nBell\x07 and\x0b vertical tab.\n\n::: keypoints\n"
                                      "- Form\x0cfeed\n:::\n")
    result = _cli("build", str(content), "--audiences", str(_no_profiles(tmp_path)), "-o",
                  str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    assert "control character" in result.stderr
    docx_path = next(Path(p) for p in result.stdout.split() if p.endswith(".docx"))
    text = "\n".join(p.text for p in open_docx(str(docx_path)).paragraphs)
    assert "Bell and vertical tab." in text


def test_huge_paragraph_many_sections_and_deep_lists_finish(tmp_path: Path) -> None:
    big = write_content(tmp_path, "# A\n\n" + ("word " * 2_000_000) + "\n", name="big.md")
    assert len(read_document(big).sections[0].blocks[0].text) == 10_000_000 - 1  # type: ignore[union-attr]
    many = write_content(tmp_path, "".join(f"# S{i}\n\nText {i}.\n\n" for i in range(10_000)),
                         name="many.md")
    assert len(read_document(many).sections) == 10_000
    deep = write_content(tmp_path, "# A\n\n" + "".join(f"{'  ' * i}- level {i}\n"
                                                     for i in range(200)), name="deep.md")
    try:
        written = build(_request(deep, tmp_path))
    except ExporterError as exc:
        assert "deep.md" in str(exc)
    else:
        assert all(path.stat().st_size > 0 for path in written)


_FRONT = st.dictionaries(
    st.sampled_from(["title", "subtitle", "date", "classification", "summary", "author",
                     "keywords", "colour"]),
    st.one_of(st.text(max_size=40), st.integers(), st.lists(st.text(max_size=8), max_size=3),
              st.none()),
    max_size=6)


@given(front=_FRONT, body=st.text(max_size=400))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
def test_any_content_builds_or_fails_cleanly(tmp_path: Path, front, body) -> None:
    import yaml

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "article.md"
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body,
                    encoding="utf-8")
    try:
        written = build(_request(path, folder))
    except ExporterError:
        return
    for output in written:
        if output.suffix == ".docx":
            open_docx(str(output))
        else:
            Presentation(str(output))


@pytest.mark.parametrize("template", [DOCX_TEMPLATE, PPTX_TEMPLATE], ids=["docx", "pptx"])
def test_corrupted_template_bytes_fail_cleanly(tmp_path: Path, template: Path) -> None:
    content = write_content(tmp_path, "# A\n\nText.\n")
    data = template.read_bytes()
    rng = random.Random(7)
    fmt = template.suffix[1:]
    for attempt in range(25):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path = tmp_path / f"damaged{attempt}.{fmt}"
        path.write_bytes(bytes(damaged))
        try:
            written = build(_request(content, tmp_path, formats=(fmt,), force=True,
                                     **{f"{fmt}_template": path}))
        except ExporterError:
            continue
        with zipfile.ZipFile(io.BytesIO(written[0].read_bytes())) as package:
            assert package.testzip() is None



def test_control_characters_from_escapes_in_data_files_are_removed(tmp_path: Path) -> None:
    content = tmp_path / "article.json"
    content.write_text(
        '{"meta": {"title": "T\\u0008"}, "sections": [{"id": "a", "title": "A\\u0007", '
        '"keypoints": [[{"text": "x\\u0007y"}]], '
        '"blocks": [{"type": "paragraph", "runs": [{"text": "bell\\u0007"}]}]}]}',
        encoding="utf-8")
    result = _cli("build", str(content), "--audiences", str(_no_profiles(tmp_path)), "-o",
                  str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert "removed 4 character(s) that Word and PowerPoint files cannot hold (control " \
           "characters, lone surrogates) from the data" in result.stderr
    deck = next(Path(p) for p in result.stdout.split() if p.endswith(".pptx"))
    titles = [s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title]
    assert "A" in titles
