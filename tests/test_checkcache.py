"""Remembered template checks: found again only for the same template, layouts and code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE, ROOT

from exporter import checkcache, pipeline
from exporter.checkcache import CACHE_FILE, CheckCache
from exporter.errors import TemplateSyntaxError
from exporter.limits import STATE_FILE
from exporter.pipeline import BuildRequest, validate_all
from exporter.resources import default_template


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates really opened by the renderers' checks, by file name."""
    opened: list[str] = []
    real = pipeline._check_with_renderer

    def counting(fmt, template, audience):
        opened.append(template.path.name)
        return real(fmt, template, audience)

    monkeypatch.setattr(pipeline, "_check_with_renderer", counting)
    return opened


def request_with(tmp_path: Path, **templates: Path) -> BuildRequest:
    return BuildRequest(contents=(ARTICLE,), outdir=tmp_path / "out", **templates)


def test_a_passed_check_is_not_repeated(tmp_path: Path, checks: list[str]) -> None:
    request = request_with(tmp_path)
    first = validate_all(request, CheckCache(tmp_path))
    assert first == ([], []) and len(checks) == 8
    assert (tmp_path / CACHE_FILE).is_file()
    checks.clear()
    assert validate_all(request, CheckCache(tmp_path)) == first
    assert checks == []


def test_warnings_are_remembered_as_given(tmp_path: Path, checks: list[str]) -> None:
    from pptx import Presentation as new_pptx

    template = tmp_path / "plain.pptx"
    deck = new_pptx()
    for layout in list(deck.slide_layouts)[1:]:
        deck.slide_layouts.remove(layout)
    deck.save(str(template))
    request = request_with(tmp_path, pptx_template=template)
    problems, warnings = validate_all(request, CheckCache(tmp_path))
    assert not problems and warnings
    checks.clear()
    assert validate_all(request, CheckCache(tmp_path)) == ([], warnings)
    assert checks == []


def test_a_changed_template_is_checked_again(tmp_path: Path, checks: list[str]) -> None:
    template = tmp_path / "mine.pptx"
    shutil.copy(default_template("pptx"), template)
    request = request_with(tmp_path, pptx_template=template)
    assert validate_all(request, CheckCache(tmp_path)) == ([], [])
    _break_a_placeholder(template)
    checks.clear()
    problems, _ = validate_all(request, CheckCache(tmp_path))
    assert "mine.pptx" in checks
    assert len(problems) == 1 and isinstance(problems[0], TemplateSyntaxError)


def test_a_remembered_package_is_not_tested_member_by_member_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = tmp_path / "mine.pptx"
    shutil.copy(default_template("pptx"), template)
    request = request_with(tmp_path, pptx_template=template)
    tested: list[str] = []
    real = pipeline.check_package
    monkeypatch.setattr(pipeline, "check_package",
                        lambda data, path, fmt: tested.append(Path(path).name) or real(
                            data, path, fmt))
    validate_all(request, CheckCache(tmp_path))
    assert "mine.pptx" in tested
    tested.clear()
    validate_all(request, CheckCache(tmp_path))
    assert tested == []
    template.write_bytes(template.read_bytes()[:-100])  # damaged: a new package to test
    problems, _ = validate_all(request, CheckCache(tmp_path))
    assert tested == ["mine.pptx"] and problems


def test_failed_checks_are_not_remembered(tmp_path: Path, checks: list[str]) -> None:
    template = tmp_path / "mine.pptx"
    shutil.copy(default_template("pptx"), template)
    _break_a_placeholder(template)
    request = request_with(tmp_path, pptx_template=template)
    for _ in range(2):
        checks.clear()
        problems, _ = validate_all(request, CheckCache(tmp_path))
        assert problems and "mine.pptx" in checks


def test_other_checking_code_checks_again(tmp_path: Path, checks: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    request = request_with(tmp_path)
    validate_all(request, CheckCache(tmp_path))
    monkeypatch.setattr(checkcache, "code_fingerprint", lambda: "another version")
    checks.clear()
    validate_all(request, CheckCache(tmp_path))
    assert len(checks) == 8


def test_the_fingerprint_follows_the_code(tmp_path: Path) -> None:
    assert len(checkcache.code_fingerprint()) == 64
    key = CheckCache.key("pptx", Path("a.pptx"), b"data", {})
    assert key == CheckCache.key("pptx", Path("a.pptx"), b"data", {})
    assert key != CheckCache.key("pptx", Path("a.pptx"), b"datb", {})
    assert key != CheckCache.key("pptx", Path("b.pptx"), b"data", {})
    assert key != CheckCache.key("docx", Path("a.pptx"), b"data", {})
    assert key != CheckCache.key("pptx", Path("a.pptx"), b"data", {"title": "Title Only"})


@pytest.mark.parametrize("stored", [b"", b"not json", b"[1, 2]", b'{"version": 99}',
                                    b'{"version": 3, "entries": {"k": [1]}, "packages": []}',
                                    b'{"signature": "0", "body": {"version": 4}}',
                                    b"x" * (STATE_FILE.bytes + 1)])
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path, checks: list[str],
                                                 stored: bytes) -> None:
    (tmp_path / CACHE_FILE).write_bytes(stored)
    assert validate_all(request_with(tmp_path), CheckCache(tmp_path)) == ([], [])
    assert len(checks) == 8
    checks.clear()
    validate_all(request_with(tmp_path), CheckCache(tmp_path))
    assert checks == []


def _forge(folder: Path, template: Path, fmt: str, secret: bytes) -> None:
    """A cache file saying that ``template`` passed its check, signed with ``secret``."""
    import hashlib
    import hmac
    import json

    data = template.read_bytes()
    body = {"version": checkcache._FORMAT_VERSION,
            "entries": {CheckCache.key(fmt, template, data, {}): []},
            "packages": [CheckCache.package_key(fmt, template, data)]}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    signature = hmac.new(secret, canonical, hashlib.sha256).hexdigest()
    (folder / CACHE_FILE).write_text(json.dumps({"signature": signature, "body": body}))


def test_a_cache_file_not_signed_here_is_not_believed(tmp_path: Path) -> None:
    template = tmp_path / "broken.pptx"
    template.write_bytes(b"PK\x03\x04 not really a presentation")
    request = request_with(tmp_path, pptx_template=template)
    CheckCache(tmp_path)._secret(create=True)
    _forge(tmp_path, template, "pptx", b"a secret of another machine")
    problems, _ = validate_all(request, CheckCache(tmp_path))
    assert problems and "broken.pptx" in str(problems[0])


def test_build_never_trusts_the_cache(tmp_path: Path) -> None:
    """Even a cache signed with this folder's secret (someone who can read it forged an
    entry) does not let a broken template through a build."""
    from click.testing import CliRunner

    from exporter.cli import main

    template = tmp_path / "broken.pptx"
    template.write_bytes(b"PK\x03\x04 not really a presentation")
    secret = CheckCache(tmp_path)._secret(create=True)
    assert secret is not None
    _forge(tmp_path, template, "pptx", secret)
    assert CheckCache(tmp_path).passed("pptx", template, template.read_bytes())
    result = CliRunner(env={"EXPORTER_CACHE_DIR": str(tmp_path)}).invoke(
        main, ["build", "--pptx-template", str(template), "-a", "analyst", "-f", "pptx",
               "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "broken.pptx" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_secret_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    cache = CheckCache(tmp_path)
    assert cache._secret(create=True) == CheckCache(tmp_path)._secret(create=False)
    assert (tmp_path / checkcache.SECRET_FILE).stat().st_mode & 0o077 == 0


def test_an_unwritable_cache_folder_is_ignored(tmp_path: Path, checks: list[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    for _ in range(2):
        assert validate_all(request_with(tmp_path), CheckCache(blocker / "cache")) == ([], [])
    assert len(checks) == 16


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("EXPORTER_CACHE_DIR", str(tmp_path / "mine"))
    assert checkcache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("EXPORTER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert checkcache.cache_dir() == tmp_path / "xdg" / "exporter"


def test_a_remembered_check_loads_no_office_library(tmp_path: Path) -> None:
    """The point of remembering: ``exporter check`` on unchanged templates does not load
    python-docx nor python-pptx."""
    code = ("import sys\n"
            "from click.testing import CliRunner\n"
            "from exporter.cli import main\n"
            "result = CliRunner().invoke(main, ['check'])\n"
            "assert result.exit_code == 0, result.output\n"
            "print(sorted({'docx', 'pptx'} & set(sys.modules)))\n")
    env = {**os.environ, "EXPORTER_CACHE_DIR": str(tmp_path)}
    loaded = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT, env=env).stdout.strip() for _ in range(2)]
    assert loaded == ["['docx', 'pptx']", "[]"]


def _break_a_placeholder(template: Path) -> None:
    """Put an unclosed Jinja tag into the template's first slide layout."""
    import zipfile

    with zipfile.ZipFile(template) as package:
        members = {info: package.read(info) for info in package.infolist()}
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in members.items():
            if info.filename == "ppt/slideLayouts/slideLayout1.xml":
                data = data.replace(b"</a:t>", b" {{ title </a:t>", 1)
            package.writestr(info, data)


def test_a_cache_file_that_is_a_fifo_is_ignored_without_blocking(tmp_path: Path,
                                                                  checks: list[str]) -> None:
    os.mkfifo(tmp_path / CACHE_FILE)
    os.mkfifo(tmp_path / checkcache.SECRET_FILE)
    assert validate_all(request_with(tmp_path), CheckCache(tmp_path)) == ([], [])
    assert len(checks) == 8
