"""Input limits: every one documented and overridable; inputs that are not regular files or
are over their size limit refused with one line, in a child process that cannot hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, assert_one_line_error, run_exporter, write_content

from exporter import limits
from exporter.errors import ExporterError, counted

DOCX_TEMPLATE = ROOT / "templates" / "default" / "briefing.docx"
PROFILES = "audiences:\n  full:\n    classification: TEST\n"


def _profiles(folder: Path) -> Path:
    path = folder / "audiences.yaml"
    path.write_text(PROFILES, encoding="utf-8")
    return path


def test_every_limit_is_documented_with_its_default() -> None:
    guide = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    safety = (ROOT / "README.md").read_text(encoding="utf-8")
    for limit in limits.ALL:
        row = next((line for line in guide.splitlines() if f"`{limit.variable}`" in line), "")
        assert str(limit).split()[0] in row, limit.variable
    assert "docs/limits.md" in safety


def test_a_limit_is_read_from_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    assert limits.CONTENT_FILE.bytes == 50 * 1024 * 1024
    monkeypatch.setenv("EXPORTER_MAX_CONTENT_MB", "0.5")
    assert limits.CONTENT_FILE.bytes == 512 * 1024
    assert str(limits.CONTENT_FILE) == "0.5 MB"


def test_a_bad_limit_setting_is_a_usage_error(tmp_path: Path) -> None:
    content = write_content(tmp_path, "# A\n\nText.\n")
    for value in ("lots", "-1", "0", "nan"):
        run = run_exporter("inspect", str(content), cwd=tmp_path,
                           env={"EXPORTER_MAX_CONTENT_MB": value})
        assert_one_line_error(run, f"EXPORTER_MAX_CONTENT_MB={value!r} is not a positive number",
                              exit_code=2)


def _special_file(folder: Path, kind: str) -> Path:
    if kind == "named pipe":
        path = folder / "pipe.md"
        os.mkfifo(path)
        return path
    path = folder / "zero.md"  # a name every command reads; the file is the device
    path.symlink_to("/dev/zero")
    return path


def _command_reading(what: str, path: Path, folder: Path) -> list[str]:
    """A command that reads ``path`` as ``what``."""
    content = write_content(folder, "# A\n\nText.\n")
    profiles = str(_profiles(folder))
    return {
        "content": ["inspect", str(path)],
        "profiles": ["audiences", "--audiences", str(path)],
        "template": ["build", str(content), "-f", "docx", "--docx-template", str(path),
                     "--audiences", profiles, "-o", str(folder / "out")],
        "article": ["ingest", str(path), "-o", str(folder / "draft.md")],
    }[what]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize("kind", ["named pipe", "device"])
@pytest.mark.parametrize("what", ["content", "profiles", "template", "article"])
def test_an_input_that_is_not_a_regular_file_is_refused(tmp_path: Path, what: str,
                                                        kind: str) -> None:
    path = _special_file(tmp_path, kind)
    run = run_exporter(*_command_reading(what, path, tmp_path), cwd=tmp_path)
    assert_one_line_error(run, str(path), f"is a {kind}, not a regular file")


@pytest.mark.parametrize(("what", "variable"), [
    ("content", "EXPORTER_MAX_CONTENT_MB"),
    ("profiles", "EXPORTER_MAX_PROFILES_MB"),
    ("template", "EXPORTER_MAX_TEMPLATE_MB"),
    ("article", "EXPORTER_MAX_ARTICLE_MB"),
])
def test_an_input_over_its_size_limit_is_refused(tmp_path: Path, what: str,
                                                 variable: str) -> None:
    big = tmp_path / f"big-{what}.{'txt' if what == 'article' else 'md'}"
    if what == "template":
        big = big.with_suffix(".docx")
        big.write_bytes(DOCX_TEMPLATE.read_bytes())
    elif what == "profiles":
        big.write_text(PROFILES + "# padding\n" * 300, encoding="utf-8")
    else:
        big.write_text(f"---\ntitle: Big\n---\n# A\n\n{'Word. ' * 2000}\n", encoding="utf-8")
    command = _command_reading(what, big, tmp_path)
    run = run_exporter(*command, cwd=tmp_path, env={variable: "0.001"})
    assert_one_line_error(run, str(big), "is larger than 0.001 MB", variable)
    assert run_exporter(*command, cwd=tmp_path, env={variable: "100"}).returncode == 0


def test_many_problems_are_counted_on_one_line() -> None:
    problems = [f"problem {n}" for n in range(5000)]
    message = counted(problems)
    assert message.startswith("5,000 problems; the first 10: problem 0; problem 1;")
    assert "problem 10" not in message
    assert counted(problems[:3]) == "3 problems: problem 0; problem 1; problem 2"
    assert counted(problems[:1]) == "problem 0"


def test_an_error_is_always_one_line() -> None:
    error = ExporterError("unknown key `a\nb\u2028c`, and \ud800", path="f.yaml", line=3)
    assert str(error) == "f.yaml:3: unknown key `a b c`, and  "
