"""The write phase: a run's outputs published as one set, whatever stops it, under a lock,
never through a symbolic link, and names that never collide."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ARTICLE, ROOT, ctrl_c_stops

from exporter.audience import Audience
from exporter.errors import OutputError
from exporter.pipeline import article_name, output_path
from exporter.publish import JOURNAL, LOCK, MANIFEST, STAGED_SUFFIX, Output, publish

#: A build whose process dies (as with ``kill -9``) at the N-th write step of the publish:
#: every fsync, rename and unlink the write phase makes is a step.
_DIES_AT_STEP = textwrap.dedent("""
    import os, sys
    from exporter import publish
    steps = 0
    limit = int(sys.argv[1])

    def step(real):
        def counted(*args, **kwargs):
            global steps
            steps += 1
            if steps == limit:
                os._exit(137)
            return real(*args, **kwargs)
        return counted

    for name in ("fsync", "replace", "unlink"):
        setattr(os, name, step(getattr(os, name)))
    from exporter.cli import main
    try:
        main(sys.argv[2:])
    finally:
        print(steps, file=sys.stderr)
""")


def _article(folder: Path, title: str) -> Path:
    text = ARTICLE.read_text(encoding="utf-8").replace(
        "title: The Peruvian Military and Drug Trafficking", f"title: {title}", 1)
    path = folder / "article.md"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "exporter", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120, check=False)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".docx", ".pptx")}


def test_a_build_killed_at_any_step_of_the_write_phase_leaves_only_good_files(
        tmp_path: Path) -> None:
    old_source, new_source = tmp_path / "old", tmp_path / "new"
    old_source.mkdir()
    new_source.mkdir()
    build = ["build", "-a", "analyst", "--jobs", "1", "-o"]
    old = _article(old_source, "Old title")
    new = _article(new_source, "New title")
    pristine = tmp_path / "pristine"
    assert _run(*build, str(pristine), str(old)).returncode == 0
    reference = tmp_path / "reference"
    assert _run(*build, str(reference), str(new)).returncode == 0
    before, after = _files(pristine), _files(reference)
    assert before.keys() == after.keys() and len(before) == 2
    assert all(before[name] != after[name] for name in before)

    counting = subprocess.run([sys.executable, "-c", _DIES_AT_STEP, "0", *build,
                               str(tmp_path / "count"), str(new)], cwd=ROOT, text=True,
                              capture_output=True, timeout=120, check=True)
    steps = int(counting.stderr.split()[-1])
    assert steps >= 6
    for limit in range(1, steps + 1):
        out = tmp_path / f"killed-{limit}"
        shutil.copytree(pristine, out)
        died = subprocess.run([sys.executable, "-c", _DIES_AT_STEP, str(limit), *build,
                               str(out), str(new)], cwd=ROOT, text=True, capture_output=True,
                              timeout=120, check=False)
        assert died.returncode == 137, died.stderr
        for name, data in _files(out).items():
            assert data in (before[name], after[name]), f"step {limit}: {name} is broken"
        again = _run(*build, str(out), str(new))
        assert again.returncode == 0, f"step {limit}: {again.stderr}"
        assert _files(out) == after
        assert not list(out.rglob(f"*{STAGED_SUFFIX}")) and not (out / JOURNAL).exists()


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "build", "--jobs", "2", "-o", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_stops)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (tmp_path / LOCK).exists() and \
            process.poll() is None and not _has_children(process.pid):
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before it was interrupted")
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("Error: interrupted")
    for path in tmp_path.rglob("*"):
        assert not path.name.endswith(STAGED_SUFFIX)


def _has_children(pid: int) -> bool:
    return any(entry.name.isdigit() and _parent(entry) == pid
               for entry in Path("/proc").iterdir())


def _parent(entry: Path) -> int:
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def test_builds_into_one_folder_at_once_keep_every_manifest_entry(tmp_path: Path) -> None:
    processes = [subprocess.Popen(
        [sys.executable, "-m", "exporter", "build", "-a", audience, "--jobs", "1", "-o",
         str(tmp_path)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True) for audience in ("executive", "analyst", "partner", "public")]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    manifest = json.loads((tmp_path / "peru-military-drug-trafficking" / MANIFEST).read_text())
    assert len(manifest) == 8
    assert _run("build", "--jobs", "1", "-o", str(tmp_path)).returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="flock")
def test_a_build_waits_for_the_build_that_holds_the_folder(tmp_path: Path) -> None:
    import fcntl

    tmp_path.mkdir(exist_ok=True)
    handle = os.open(tmp_path / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "build", "-a", "public", "--jobs", "1", "-o",
         str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        assert process.poll() is None
        assert not list(tmp_path.rglob("*.docx"))
    finally:
        os.close(handle)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0
    assert "waiting for another build" in stderr
    assert len(stdout.split()) == 2


def test_nothing_is_written_through_a_symbolic_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "article").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        publish(outdir, [Output(outdir / "article" / "a.docx", b"x")], force=True)
    assert not list(elsewhere.iterdir())
    (outdir / "real").mkdir()
    (outdir / "real" / "a.docx").symlink_to(elsewhere / "victim")
    with pytest.raises(OutputError, match="symbolic link"):
        publish(outdir, [Output(outdir / "real" / "a.docx", b"x")], force=True)
    assert not (elsewhere / "victim").exists()


def test_a_forged_journal_cannot_move_files_outside_the_folder(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (outdir / JOURNAL).write_text(json.dumps({
        "version": 1, "moves": [["../victim.txt", "../stolen.txt"]], "manifests": {}}))
    publish(outdir, [Output(outdir / "a" / "a.docx", b"new")], force=False)
    assert victim.read_text() == "keep me" and not (tmp_path / "stolen.txt").exists()
    assert (outdir / "a" / "a.docx").read_bytes() == b"new"


def test_names_that_would_collide_are_made_unique_and_stable() -> None:
    names = {article_name(Path(name)) for name in ("a b.md", "a-b.md", "a_b.md", "报告.md",
                                                     "分析.md", "a?b.md")}
    assert len(names) == 6
    assert article_name(Path("a b.md")) == article_name(Path("other/a b.md"))
    assert article_name(Path("peru-military-drug-trafficking.md")) == \
        "peru-military-drug-trafficking"
    target = output_path(Path("out"), Path("a b.md"), Audience(name="analyst"), "docx")
    assert target.parent.name == article_name(Path("a b.md"))
