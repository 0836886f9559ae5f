"""``exporter watch``: rebuilds on save, survives a broken edit, recovers, stops cleanly."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import ARTICLE, ROOT, ctrl_c_stops
from pptx import Presentation

from exporter.pipeline import BuildRequest, TemplateCache
from exporter.watch import Inputs


class _Lines:
    """The lines a process writes to one of its streams, read as they come."""

    def __init__(self, stream) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 60) -> list[str]:
        """Lines up to and including the first that starts with ``start``."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if line.startswith(start):
                return seen
        raise AssertionError(f"no line starting {start!r} within {timeout} s: {seen}")


def _title(deck: Path) -> str:
    return Presentation(str(deck)).slides[0].shapes.title.text


def test_watch_rebuilds_survives_a_broken_edit_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    text = ARTICLE.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "watch", str(article), "-a", "executive", "-o",
         str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=ctrl_c_stops)
    try:
        stderr = _Lines(process.stderr)
        stderr.wait_for("Built 2 files")
        deck = out / "article" / "article--executive.pptx"
        assert _title(deck) == "The Peruvian Military and Drug Trafficking"

        article.write_text(text.replace("title: The Peruvian Military and Drug Trafficking",
                                        "title: An Edited Title", 1), encoding="utf-8")
        stderr.wait_for("Built 2 files")
        assert _title(deck) == "An Edited Title"
        good = deck.read_bytes()

        article.write_text(article.read_text(encoding="utf-8") + "\n# Broken\n\n### Deep\n",
                           encoding="utf-8")
        lines = stderr.wait_for("Build failed")
        assert any(line.startswith("Error: ") and "heading level jumps" in line
                   for line in lines)
        assert deck.read_bytes() == good

        article.write_text(text.replace("title: The Peruvian Military and Drug Trafficking",
                                        "title: Fixed Again", 1), encoding="utf-8")
        stderr.wait_for("Built 2 files")
        assert _title(deck) == "Fixed Again"

        (tmp_path / "unrelated.txt").write_text("not an input")
        time.sleep(1)
        assert stderr.lines.empty()

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        rest = stderr.wait_for("Stopped watching")
        assert not any("Traceback" in line for line in rest)
        assert not list(out.rglob(".*exporter-new"))
    finally:
        if process.poll() is None:
            process.kill()


def test_the_inputs_of_a_build_are_what_counts(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    template = tmp_path / "templates" / "mine.pptx"
    template.parent.mkdir()
    template.write_bytes(b"")
    request = BuildRequest(contents=(article,), outdir=tmp_path / "out",
                           pptx_template=template)
    inputs = Inputs.of(request, TemplateCache())
    assert tmp_path.resolve() in inputs.folders and template.parent.resolve() in inputs.folders
    assert inputs.affects(None, str(article))
    assert inputs.affects(None, str(tmp_path / "figure.png"))
    assert inputs.affects(None, str(template))
    assert not inputs.affects(None, str(tmp_path / "notes.txt"))
    assert not inputs.affects(None, str(tmp_path / ".a.md.swp"))
    assert not inputs.affects(None, str(tmp_path / "out" / "a" / "a--full.pptx"))
    assert not inputs.affects(None, str(template.parent / "other.pptx"))


def test_a_save_before_the_watcher_runs_is_not_missed(tmp_path: Path) -> None:
    """The first build's report comes before the file notifications start: a save made
    then is only seen by comparing the inputs with what the build read."""
    from exporter.watch import Rebuild, watch

    article = tmp_path / "article.md"
    article.write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    request = BuildRequest(contents=(article,), outdir=tmp_path / "out",
                           audiences=("executive",), formats=("pptx",))
    stop = threading.Event()
    builds: list[Rebuild] = []

    class Report:
        def rebuilt(self, rebuild: Rebuild) -> None:
            builds.append(rebuild)
            if len(builds) == 1:  # the watcher has not started yet
                text = article.read_text(encoding="utf-8")
                article.write_text(text.replace("title: ", "title: Edited ", 1),
                                   encoding="utf-8")
            else:
                stop.set()

    thread = threading.Thread(target=watch, args=(request, Report()), kwargs={"stop": stop})
    thread.start()
    thread.join(timeout=60)
    stop.set()
    thread.join(timeout=10)
    assert len(builds) == 2 and not builds[1].error, builds
    assert builds[1].changed == (article,)
    (deck,) = builds[1].written
    assert _title(deck).startswith("Edited ")
