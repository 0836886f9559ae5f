"""Shared fixtures: the shipped article, its source text, and small content files."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples on every run (a seed per test), so a run
# is reproducible; elsewhere they draw new ones each time, and what they find is kept with
# @example in the test.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
# Remembered template checks go to a folder of this test run, not the user's cache.
# The folder goes when the run ends, so runs leave nothing behind in the temporary folder.
os.environ["EXPORTER_CACHE_DIR"] = tempfile.mkdtemp(prefix="exporter-test-cache-")
atexit.register(shutil.rmtree, os.environ["EXPORTER_CACHE_DIR"], ignore_errors=True)
ARTICLE = ROOT / "content" / "peru-military-drug-trafficking.md"
SOURCE = ROOT / "content" / "source" / "peru-military-drug-trafficking.txt"
#: Templates made by another tool (pandoc), in the shared folder beside the repository.
THIRD_PARTY = ROOT.parent / "shared" / "templates-thirdparty"

#: The four names whose accents arrived broken, and their right spelling.
NAME_REPAIRS = {
    "HuĂ¡nuco": "Huánuco",
    "HuĂ¡ntar": "Huántar",
    "ChavĂn": "Chavín",
    "ApurĂmac": "Apurímac",
    "OperaciĂ³n": "Operación",
}


def repaired(text: str) -> str:
    for broken, right in NAME_REPAIRS.items():
        text = text.replace(broken, right)
    return text


def source_lines() -> list[str]:
    """Every non-empty line of the article as received, names repaired."""
    return [repaired(line.strip()) for line in SOURCE.read_text(encoding="utf-8").splitlines()
            if line.strip()]


HEADINGS = [
    (1, "Understanding the Peruvian Military’s Role"),
    (1, "The Drug Trafficking Landscape in Peru"),
    (1, "The Intersection of the Peruvian Military and Drug Trafficking"),
    (1, "Challenges Faced by the Peruvian Military"),
    (1, "The Impact of Drug Trafficking on National Security"),
    (2, "Threats to Stability and Governance"),
    (2, "Regional and International Implications"),
    (1, "Government Policies Addressing Drug Trafficking"),
    (2, "International Support for the Peruvian Military"),
    (1, "Case Studies of Successful Military Interventions"),
    (2, "Notable Operations"),
    (2, "Outcomes and Lessons Learned"),
    (1, "The Future of the Peruvian Military and Drug Trafficking"),
    (2, "Evolving Strategies and Tactics"),
    (2, "Prospects for Long-Term Solutions"),
    (1, "Concluding Thoughts on the Peruvian Military’s Fight Against Drug Trafficking"),
]


def body_lines() -> list[str]:
    """The article's paragraphs and list items (not headings), names repaired, no "- "."""
    titles = {title for _, title in HEADINGS}
    return [line.removeprefix("- ") for line in source_lines() if line not in titles]


def needs_libreoffice() -> pytest.MarkDecorator:
    """Skip when soffice is missing, except in CI where it must be there."""
    missing = shutil.which("soffice") is None
    return pytest.mark.skipif(missing and not os.environ.get("CI"),
                              reason="LibreOffice (soffice) is not installed")


def bench_module(name: str) -> ModuleType:
    """A script of ``bench/`` loaded as a module (the third-party tests use its checks)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def needs_third_party() -> pytest.MarkDecorator:
    """Skip when the shared folder of third-party templates is not beside the repository."""
    return pytest.mark.skipif(not THIRD_PARTY.is_dir(),
                              reason=f"third-party templates not present in {THIRD_PARTY}")


def pdf_pages(pdf: Path) -> int:
    """The number of pages of a PDF (poppler's pdfinfo)."""
    import subprocess

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines()
                    if line.startswith("Pages:")))


def write_content(folder: Path, body: str, front: str = "title: Test article\n",
                  name: str = "article.md") -> Path:
    """A content file with the given front matter and body."""
    path = folder / name
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


#: What a child ``exporter`` may take before a test calls it hung or runaway.
CHILD_SECONDS = 120
CHILD_MEMORY = 3 * 1024**3


@dataclass(frozen=True)
class ChildRun:
    """What a child ``exporter`` process did."""

    returncode: int
    stdout: str
    stderr: str


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def ctrl_c_stops() -> None:
    """For ``preexec_fn``: Ctrl-C (SIGINT) reaches a child as it does from a terminal, even
    when the tests run in the background, where the shell has their processes ignore it (a
    child started ignoring it never stops on it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_exporter(*args: str, cwd: Path, env: dict[str, str] | None = None) -> ChildRun:
    """``python -m exporter ARGS`` in a child process, bounded in time and memory, so that
    an input that hangs or exhausts memory fails the test instead of the suite. The child
    leads a process group of its own: a hung one is stopped with its worker processes."""
    with subprocess.Popen([sys.executable, "-m", "exporter", *args], cwd=cwd, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env={**os.environ, **(env or {})}, preexec_fn=_cap_memory,
                          start_new_session=True) as child:
        try:
            stdout, stderr = child.communicate(timeout=CHILD_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            pytest.fail(f"exporter {' '.join(args)} ran for more than {CHILD_SECONDS} s")
    return ChildRun(child.returncode, stdout, stderr)


def assert_one_line_error(run: ChildRun, *fragments: str, exit_code: int = 1) -> str:
    """The run failed with ``exit_code`` and one ``Error: ...`` line holding ``fragments``
    (and no traceback); that line."""
    lines = run.stderr.strip().splitlines()
    assert run.returncode == exit_code, run.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("Error: "), run.stderr[-2000:]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def article_path() -> Path:
    return ARTICLE


#: The main-part content type of a macro-enabled template of each format.
MACRO_ENABLED_TEMPLATE = {
    "docx": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "pptx": "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
}


def macro_enabled(data: bytes, fmt: str) -> bytes:
    """The package ``data`` as a macro-enabled template (.dotm, .potm): its main part
    typed so, and a VBA project related from it."""
    import io
    import zipfile

    from exporter.ooxml.package import MAIN_PART
    from exporter.ooxml.parts import EDITABLE_MAIN_TYPE, VBA_PROJECT

    folder, name = MAIN_PART[fmt].split("/")
    rels = f"{folder}/_rels/{name}.rels"
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {member: source.read(member) for member in source.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        EDITABLE_MAIN_TYPE[fmt].encode(), MACRO_ENABLED_TEMPLATE[fmt].encode()).replace(
        b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                      b'vbaProject"/><Default ', 1)
    members[rels] = members[rels].replace(b"</Relationships>", (
        f'<Relationship Id="rIdMacros" Type="{VBA_PROJECT}" Target="vbaProject.bin"/>'
        "</Relationships>").encode())
    members[f"{folder}/vbaProject.bin"] = b"not really a VBA project"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            target.writestr(member, content)
    return out.getvalue()


def with_part_replaced(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The zip package ``data`` with ``old`` replaced by ``new`` in its member ``part``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content.replace(old, new) if name == part else content)
    return out.getvalue()
