"""Rendering in worker processes: the same files, warnings and errors as in one process;
workers that stop with the main process; the job function a user maps over an executor."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, ROOT, THIRD_PARTY, needs_third_party, write_content
from PIL import Image as PILImage

from exporter.cli import main


def _build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


@needs_third_party()
def test_workers_give_the_files_and_warnings_of_one_process(tmp_path: Path) -> None:
    for name in ("first", "second"):
        PILImage.new("RGB", (40, 30), "navy").save(tmp_path / f"{name}.png")
    content = write_content(tmp_path, "# One\n\nText.\n\n![](first.png)\n\n"
                                      "# Two\n\nMore.\n\n![](second.png)\n")
    template = THIRD_PARTY / "pandoc-reference.pptx"
    options = ["-a", "analyst", "-a", "public", "--pptx-template", str(template)]
    alone = _build(str(content), *options, "--jobs", "1", "-o", str(tmp_path / "one"))
    shared = _build(str(content), *options, "--jobs", "2", "-o", str(tmp_path / "two"))
    assert alone[0] == shared[0] == 0
    assert "Warning:" in alone[2] and alone[2] == shared[2]
    for path in alone[1].split():
        twin = Path(path.replace(str(tmp_path / "one"), str(tmp_path / "two")))
        assert Path(path).read_bytes() == twin.read_bytes()


def test_an_error_in_a_worker_is_the_one_line_error_of_one_process(tmp_path: Path) -> None:
    from docx import Document

    template = tmp_path / "typo.docx"
    document = Document()
    document.add_paragraph("Prepared for {{ audience.lable }}")
    document.save(template)
    runs = [_build(str(ARTICLE), "-a", "analyst", "--docx-template", str(template),
                   "--jobs", jobs, "-o", str(tmp_path / jobs)) for jobs in ("1", "2")]
    for code, stdout, stderr in runs:
        assert code == 1 and not stdout
        assert "Traceback" not in stderr
        assert re.search(r"^Error: .*typo\.docx.*lable", stderr, re.M)
    assert runs[0][2] == runs[1][2]
    assert not (tmp_path / "1").exists() and not (tmp_path / "2").exists()


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    long = tmp_path / "long.md"
    head, body = ARTICLE.read_text(encoding="utf-8").split("\n---\n", 1)
    body = re.sub(r"\{#([\w-]+)", lambda m: "{#" + m.group(1) + "-{n}", body)
    long.write_text(head + "\n---\n" + "".join(body.replace("{n}", str(n)) for n in range(30)),
                    encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "build", str(long), "-a", "analyst", "--jobs", "3",
         "-o", str(tmp_path / "out")], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = _children(process.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the build ended before its workers were seen"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and
                                               "Z" not in _state(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and
                "Z" not in _state(pid)]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_the_job_function_maps_over_any_executor_as_the_architecture_notes_show(
        tmp_path: Path) -> None:
    notes = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", notes, re.S)
    assert example is not None
    code = textwrap.dedent(example.group(1))
    namespace: dict[str, object] = {}
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "docs/architecture.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    files = namespace["files"]
    assert isinstance(files, list) and len(files) == 8
    assert all(isinstance(data, bytes) and data[:2] == b"PK" for data in files)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked copies")
def test_an_idle_process_takes_outputs_of_a_longer_queue(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    """Decks are slow, briefings quick: on two cores the decks render in a worker and the
    briefings here; once this process has none left, it takes decks; every output still
    comes back in order."""
    from exporter import pipeline, renderpool

    def render(output: pipeline.OutputJob) -> bytes:
        time.sleep(0.3 if output.fmt == "pptx" else 0.01)
        return f"{output.target.name}:{os.getpid()}".encode()

    monkeypatch.setattr(renderpool, "render_output", render)  # the forked workers see it
    plan = pipeline.prepare(pipeline.BuildRequest(contents=(ARTICLE,), outdir=tmp_path))
    jobs = plan.jobs + plan.jobs  # 16 outputs: 8 decks and 8 briefings
    with renderpool.RenderPool(("docx", "pptx"), 2) as pool:
        results = [data.decode().split(":") for data in pool.render_all(jobs)]
    assert [name for name, _ in results] == [job.target.name for job in jobs]
    deck_workers = {pid for (name, pid) in results if name.endswith(".pptx")}
    briefing_workers = {pid for (name, pid) in results if name.endswith(".docx")}
    here = str(os.getpid())
    assert briefing_workers == {here}
    assert len(deck_workers) == 2 and here in deck_workers


@pytest.mark.parametrize(("formats", "processes", "workers", "here"), [
    (("docx", "pptx"), 2, {"pptx": 1}, "docx"),
    (("docx", "pptx"), 3, {"pptx": 1, "docx": 1}, "docx"),
    (("docx", "pptx"), 4, {"pptx": 2, "docx": 1}, "docx"),
    (("docx", "pptx"), 5, {"pptx": 2, "docx": 2}, "docx"),
    (("pptx",), 2, {"pptx": 1}, "pptx"),
    (("docx",), 3, {"docx": 2}, "docx"),
])
def test_workers_go_to_the_slowest_format_first_and_this_process_renders_the_rest(
        formats: tuple[str, ...], processes: int, workers: dict[str, int], here: str) -> None:
    from exporter.renderpool import worker_shares

    assert worker_shares(formats, processes) == (workers, here)


def test_a_failed_output_rendered_here_is_raised_in_its_turn(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The briefings render in this process: the first one's error is raised after the
    deck before it is delivered, as a worker's would be."""
    from exporter import pipeline, renderpool
    from exporter.errors import TemplateError

    def render(output: pipeline.OutputJob) -> bytes:
        if output.fmt == "docx":
            raise TemplateError(f"broken {output.target.name}")
        return b"deck"

    monkeypatch.setattr(renderpool, "render_output", render)
    plan = pipeline.prepare(pipeline.BuildRequest(contents=(ARTICLE,), outdir=tmp_path,
                                                  audiences=("analyst",)))
    delivered: list[str] = []
    with renderpool.RenderPool(("docx", "pptx"), 2) as pool, \
            pytest.raises(TemplateError, match=r"broken .*analyst\.docx"):
        pool.render_all(plan.jobs, lambda job: delivered.append(job.fmt))
    assert delivered == [job.fmt for job in plan.jobs][:[job.fmt for job in plan.jobs]
                                                           .index("docx")]


def test_an_interrupt_while_the_processes_start_leaves_none_behind(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the second format's processes start: the first format's are shut down
    too, so the build ends instead of waiting for them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from exporter import renderpool

    started: list[ProcessPoolExecutor] = []
    submit = ProcessPoolExecutor.submit

    def interrupted_second(self: ProcessPoolExecutor, *args: object, **kwargs: object):
        started.append(self)
        if len(started) == 2:
            raise KeyboardInterrupt
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", interrupted_second)
    with pytest.raises(KeyboardInterrupt):
        renderpool.RenderPool(("docx", "pptx"), 3).__enter__()
    assert len(started) == 2
    assert multiprocessing.active_children() == []


def test_processes_fork_with_the_collector_paused_and_collect_after(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """While the second format's processes fork, the first format's manager thread runs: a
    collection it made meanwhile would leave the child half-moved object lists. So the
    collector is paused while processes fork, and runs again in the main process and in
    every render process once they have started."""
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from exporter import renderpool

    collecting_at_fork: list[bool] = []
    submit = ProcessPoolExecutor.submit

    def recorded(self: ProcessPoolExecutor, *args: object, **kwargs: object):
        if args and args[0] is os.getpid:  # the task an executor forks with
            collecting_at_fork.append(gc.isenabled())
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", recorded)
    assert gc.isenabled()
    with renderpool.RenderPool(("docx", "pptx"), 3) as pool:
        assert gc.isenabled()
        in_workers = [executor.submit(gc.isenabled).result()
                      for executor in pool._executors.values()]
    assert collecting_at_fork == [False, False]
    assert in_workers == [True, True]
