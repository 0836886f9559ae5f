"""Worker processes: results in order, warnings back in order, errors as in one process."""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys

import pytest
from conftest import ARTICLE, ROOT

from exporter.errors import ContentError
from exporter.parallel import Workers, render_all
from exporter.pipeline import BuildRequest, prepare
from exporter.render import render_output

LOG = logging.getLogger("exporter")


def shout(word: str) -> bytes:
    """A renderer: warns about long words, refuses "bad"."""
    if word == "bad":
        raise ContentError("bad word", path="words.txt", line=3, hint="use a good one")
    if len(word) > 4:
        LOG.warning("long word %s", word)
    return word.upper().encode()


WORDS = ["alpha", "be", "gamma", "do", "epsilon", "fe"]


@pytest.mark.parametrize("lanes", [None, {"": 2}, {"short": 1, "long": 1}])
def test_results_and_warnings_come_back_in_order(lanes: dict[str, int] | None,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    rendered: list[str] = []
    with caplog.at_level(logging.WARNING, logger="exporter"), Workers(
            lanes, lane=lambda word: "long" if len(word) > 4 else "short") as workers:
        results = list(workers.render_all(WORDS, shout, on_rendered=rendered.append))
    assert results == [word.upper().encode() for word in WORDS]
    assert rendered == WORDS
    assert [r.getMessage() for r in caplog.records] == [
        "long word alpha", "long word gamma", "long word epsilon"]


def test_errors_in_workers_are_the_errors_of_one_process() -> None:
    with pytest.raises(ContentError) as caught:
        list(render_all(["alpha", "bad", "gamma"], shout, workers=2))
    assert str(caught.value) == "words.txt:3: bad word (use a good one)"


def test_workers_are_stopped_after_an_error() -> None:
    workers = Workers({"": 2})
    processes = [worker.process for lane in workers._lanes.values() for worker in lane]
    with pytest.raises(ContentError), workers:
        list(workers.render_all(["bad", "alpha", "gamma", "delta"], shout))
    assert all(not process.is_alive() for process in processes)


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    return set(result.stdout.split())


def test_a_worker_unpickles_a_job_without_the_reader(tmp_path) -> None:
    """What a worker receives names only light modules: never the Markdown parser."""
    plan = prepare(BuildRequest(content=ARTICLE, outdir=tmp_path, audiences=("analyst",)))
    job = tmp_path / "job.pickle"
    job.write_bytes(pickle.dumps((render_output, plan.jobs[0])))
    loaded = _modules_after(f"import pickle; pickle.loads(open({str(job)!r}, 'rb').read())")
    assert "exporter.render" in loaded and "exporter.model" in loaded
    assert not {"exporter.reader", "exporter.pipeline", "markdown_it", "docx", "pptx"} & loaded


def test_deferred_modules_load_when_first_used() -> None:
    """The libraries import them without loading them; the first use loads them."""
    code = ("from exporter.speed import defer_unused_imports\n"
            "defer_unused_imports()\n"
            "import sys, xml.sax.saxutils, pptx, docx, PIL.Image\n"
            "held = [n for n in ('http.client', '_hashlib') if n in sys.modules]\n"
            "assert not held, held\n"
            "import urllib.request, hashlib\n"
            "from PIL import ExifTags\n"
            "assert urllib.request.Request('https://example.org').host == 'example.org'\n"
            "assert hashlib.sha256(b'').hexdigest().startswith('e3b0c442')\n"
            "assert int(ExifTags.Base.Orientation) == 274\n")
    assert {"http.client", "_hashlib"} <= _modules_after(code)


def _fails() -> int:
    raise ValueError("no")


def test_a_forked_call_gives_its_value_or_none() -> None:
    from exporter.parallel import ForkedCall, fork_available

    if not fork_available():
        pytest.skip("no fork here")
    data = list(range(1000))
    with ForkedCall(lambda: sum(data)) as call:
        here = sum(data[:10])
        assert call.result() == 499500 and here == 45
    with ForkedCall(_fails) as call:
        assert call.result() is None
    with ForkedCall(lambda: __import__("time").sleep(30)) as call:
        pass  # leaving without the result stops the copy at once
