"""Benchmark exporter against pandoc on the same work, side by side in one run.

    python bench/compare.py [--runs 5] [--scales 10,50,100] [--baseline DIR]
                            [--markdown bench/RESULTS.md]

Installs nothing. Each case runs exporter and pandoc alternately ``--runs`` times (the
sub-second ones ``2 * runs + 1`` times, the 50x and 100x ones ``runs // 2``) as separate
processes (start-up included, as a user would see it), after one untimed warm-up
run of each, and reports the median wall time, the peak resident memory of the largest
process (``wait4`` rusage) and the ratio exporter/pandoc. pandoc is skipped when it is not
installed. ``--baseline DIR`` runs another checkout of exporter (say, the commit before a
change, from ``git worktree add DIR COMMIT``) in the same alternation, for before/after
figures measured side by side.

The floor of a cold build is the time Python takes to import the libraries a build uses
(:data:`BUILD_LIBRARIES`) in one fresh process: no cold build can take less. It is measured
in the same alternation as the one-audience build it is compared with.

exporter runs with the interpreter running this script (``python -m exporter``), with
bytecode caching on in a private folder (as an installed package has its modules compiled),
whatever ``PYTHONDONTWRITEBYTECODE`` says.

Cases: the shipped article for one audience in both formats (pandoc: two conversions of the
same Markdown); every audience in both formats in one ``exporter build`` (pandoc: one
conversion per output); the article repeated 10x, 50x and 100x (one audience, both formats),
with exporter's time per section to show that it scales linearly; and ``exporter ingest``
and ``exporter check`` alone (templates remembered from the warm-up run, and with
``--no-cache``, every template opened). The targets of the performance issue are checked at
the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "content" / "peru-military-drug-trafficking.md"
SEED = ROOT / "content" / "source" / "peru-military-drug-trafficking.txt"
EXPORTER = [sys.executable, "-m", "exporter"]
#: What a build of the shipped article imports besides the standard library.
BUILD_LIBRARIES = ("click", "markdown_it", "mdit_py_plugins.container", "yaml", "jinja2",
                   "lxml.etree", "docx", "pptx", "PIL.ImageFont", "babel.dates")
IMPORT_FLOOR = [sys.executable, "-c", "import " + ", ".join(BUILD_LIBRARIES)]


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Row:
    key: str
    case: str
    exporter: list[Sample] = field(default_factory=list)
    pandoc: list[Sample] | None = None
    baseline: list[Sample] | None = None
    floor: list[Sample] | None = None  # the import floor, alternated with this case
    sections: int = 0

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.exporter)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.exporter)

    @property
    def pandoc_seconds(self) -> float | None:
        return statistics.median(s.seconds for s in self.pandoc) if self.pandoc else None

    @property
    def pandoc_mb(self) -> float | None:
        return max(s.peak_mb for s in self.pandoc) if self.pandoc else None

    @property
    def baseline_seconds(self) -> float | None:
        return statistics.median(s.seconds for s in self.baseline) if self.baseline else None

    @property
    def baseline_mb(self) -> float | None:
        return max(s.peak_mb for s in self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        theirs = self.pandoc_seconds
        return self.seconds / theirs if theirs else None


def child_env(work: Path, source: Path | None = None) -> dict[str, str]:
    """The environment of every benchmarked process: bytecode cached in ``work``; with
    ``source``, exporter imported from that checkout."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / ("pycache-baseline" if source else "pycache"))
    env["EXPORTER_CACHE_DIR"] = str(work / ("cache-baseline" if source else "cache"))
    if source is not None:
        env["PYTHONPATH"] = str(source)
    return env


def run_once(commands: Sequence[Sequence[str]], cwd: Path, env: dict[str, str]) -> Sample:
    """Run commands one after the other; wall time in total, the largest peak RSS."""
    start = time.perf_counter()
    peak = 0
    for command in commands:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{error}")
        if process.stderr:
            process.stderr.close()
        peak = max(peak, usage.ru_maxrss)
    return Sample(time.perf_counter() - start, peak / 1024)


def repeated_article(copies: int, folder: Path) -> tuple[Path, int]:
    """The article with its sections repeated ``copies`` times, ids made unique."""
    text = ARTICLE.read_text(encoding="utf-8")
    front_end = text.index("\n---\n", 4) + 5
    front, body = text[:front_end], text[front_end:]
    first_heading = body.index("\n# ")
    intro, sections = body[:first_heading], body[first_heading:]
    copies_text = [re.sub(r"\{#([\w-]+)", lambda m, n=n: "{#" + f"{m.group(1)}-{n}", sections)
                   for n in range(1, copies + 1)]
    path = folder / f"article-x{copies}.md"
    path.write_text(front + intro + "".join(copies_text), encoding="utf-8")
    count = sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("#"))
    return path, count


def pandoc_commands(source: Path, outputs: Sequence[str], out: Path) -> list[list[str]]:
    return [["pandoc", str(source), "-o", str(out / f"pandoc-{i}.{fmt}")]
            for i, fmt in enumerate(outputs)]


@dataclass
class Setting:
    """Where the benchmark runs: its folder, the environments of this checkout and of the
    baseline (None: no baseline), and whether pandoc is there."""

    work: Path
    env: dict[str, str]
    baseline_env: dict[str, str] | None
    with_pandoc: bool


def measure(row: Row, ours: list[list[str]], theirs: list[list[str]] | None, runs: int,
            setting: Setting, *, baseline: bool = True, floor: bool = False) -> Row:
    """Warm up once, then alternate exporter, the baseline and pandoc ``runs`` times
    (the baseline left out with ``baseline=False``: a use it does not have), and with
    ``floor``, the import floor too (in ``row.floor``)."""
    work, env = setting.work, setting.env
    before = setting.baseline_env if baseline else None
    theirs = theirs if setting.with_pandoc else None
    if floor:
        row.floor = []
        run_once([IMPORT_FLOOR], work, env)
    run_once(ours, work, env)
    if before is not None:
        run_once(ours, work, before)
        row.baseline = []
    if theirs:
        run_once(theirs, work, env)
        row.pandoc = []
    for _ in range(runs):
        if row.floor is not None:
            row.floor.append(run_once([IMPORT_FLOOR], work, env))
        row.exporter.append(run_once(ours, work, env))
        if before is not None and row.baseline is not None:
            row.baseline.append(run_once(ours, work, before))
        if theirs and row.pandoc is not None:
            row.pandoc.append(run_once(theirs, work, env))
    print(f"  {row.case}: exporter {row.seconds:.3f} s"
          + (f", baseline {row.baseline_seconds:.3f} s" if row.baseline else "")
          + (f", pandoc {row.pandoc_seconds:.3f} s" if row.pandoc else "")
          + (f", import floor {statistics.median(s.seconds for s in row.floor):.3f} s"
             if row.floor else ""), file=sys.stderr)
    return row


def cases(runs: int, scales: Sequence[int], setting: Setting) -> list[Row]:
    quick = 2 * runs + 1  # sub-second cases: more runs, as the machine's noise is larger
    out = setting.work / "out"
    build = [*EXPORTER, "build", "-o", str(out), "--force"]
    # the floor alternates with the build it is the floor of, so that both see the same
    # minutes of a shared machine
    one = measure(Row("one", "article, 1 audience, docx+pptx"),
                  [[*build, str(ARTICLE), "-a", "analyst"]],
                  pandoc_commands(ARTICLE, ["docx", "pptx"], out), quick, setting, floor=True)
    rows = [
        Row("floor", "importing a build's libraries (the floor)", exporter=one.floor or []),
        one,
        measure(Row("all", "article, 4 audiences x docx+pptx"),
                [[*build, str(ARTICLE)]],
                pandoc_commands(ARTICLE, ["docx", "pptx"] * 4, out), quick, setting),
    ]
    for copies in scales:
        source, sections = repeated_article(copies, setting.work)
        rows.append(measure(
            Row(f"x{copies}", f"article x{copies}, 1 audience, docx+pptx", sections=sections),
            [[*build, str(source), "-a", "analyst"]],
            pandoc_commands(source, ["docx", "pptx"], out),
            max(1, runs if copies <= 10 else runs // 2 or 1), setting))
    rows.append(batch(max(1, runs // 2), setting))
    rows.append(watch_loop(quick, setting))
    rows.append(measure(Row("ingest", "exporter ingest (seed)"),
                        [[*EXPORTER, "ingest", str(SEED), "-o", "-"]], None, quick, setting))
    rows.append(measure(Row("check", "exporter check (templates checked before)"),
                        [[*EXPORTER, "check"]], None, quick, setting))
    rows.append(measure(Row("check-all", "exporter check --no-cache (every template opened)"),
                        [[*EXPORTER, "check", "--no-cache"]], None, quick, setting))
    return rows


def articles_folder(count: int, folder: Path) -> Path:
    """A folder of ``count`` articles (the shipped one under other names and titles)."""
    target = folder / f"articles-{count}"
    target.mkdir(exist_ok=True)
    text = ARTICLE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        (target / f"article-{n:02d}.md").write_text(
            text.replace("title: ", f"title: ({n}) ", 1), encoding="utf-8")
    return target


def batch(runs: int, setting: Setting, count: int = 10) -> Row:
    """``count`` articles x every audience x both formats in one build; pandoc converts
    each article once per output."""
    folder = articles_folder(count, setting.work)
    out = setting.work / "out"
    theirs = [command for article in sorted(folder.glob("*.md"))
              for command in pandoc_commands(article, ["docx", "pptx"] * 4, out)]
    return measure(Row("batch", f"{count} articles x 4 audiences x docx+pptx, one build"),
                   [[*EXPORTER, "build", str(folder), "-o", str(out), "--force"]], theirs,
                   runs, setting, baseline=False)


def watch_loop(runs: int, setting: Setting) -> Row:
    """From a save of the content to the moment ``exporter watch`` has written the
    briefing and the deck that hold it; pandoc converting the article cold, beside it."""
    source = setting.work / "watched.md"
    text = ARTICLE.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    out = setting.work / "out-watch"
    row = Row("watch", "exporter watch: save -> briefing and deck rebuilt (1 audience)")
    process = subprocess.Popen([*EXPORTER, "watch", str(source), "-a", "analyst", "-o",
                                str(out), "--force"], cwd=setting.work, env=setting.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_ctrl_c_stops)
    try:
        _until_built(process)
        for n in range(runs + 1):
            started = time.perf_counter()
            source.write_text(text.replace("title: ", f"title: ({n}) ", 1), encoding="utf-8")
            _until_built(process)
            if n:  # the first edit warms what the first build did not need
                row.exporter.append(Sample(time.perf_counter() - started, 0.0))
    finally:
        process.send_signal(2)
        process.wait(timeout=30)
    if setting.with_pandoc:
        row.pandoc = [run_once(pandoc_commands(ARTICLE, ["docx", "pptx"], out), setting.work,
                               setting.env) for _ in range(runs)]
    print(f"  {row.case}: exporter {row.seconds:.3f} s"
          + (f", pandoc cold {row.pandoc_seconds:.3f} s" if row.pandoc else ""),
          file=sys.stderr)
    return row


def _ctrl_c_stops() -> None:
    """Let the watch stop on Ctrl-C (SIGINT) as it does in a terminal, even when this
    benchmark runs in the background, where the shell has it ignore the signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _until_built(process: subprocess.Popen[str]) -> None:
    """Read the watch's messages until it reports a build (or fails)."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("Built "):
            return
        if line.startswith(("Error:", "Build failed")):
            raise SystemExit(f"exporter watch failed: {line.strip()}")
    raise SystemExit("exporter watch stopped")


def rebuilds_identical(work: Path, env: dict[str, str]) -> bool:
    """Whether two builds of every audience into two folders give the same bytes."""
    folders = [work / "same-1", work / "same-2"]
    for folder in folders:
        run_once([[*EXPORTER, "build", str(ARTICLE), "-o", str(folder), "--force"]], work, env)
    first = sorted(p for p in folders[0].rglob("*") if p.suffix in (".docx", ".pptx"))
    return bool(first) and all(
        path.read_bytes() == (folders[1] / path.relative_to(folders[0])).read_bytes()
        for path in first)


def _figure(value: float | None, form: str) -> str:
    return format(value, form) if value else "—"


def table(rows: Sequence[Row]) -> str:
    with_baseline = any(row.baseline for row in rows)
    head = "| case | exporter s | exporter MB |"
    rule = "| --- | ---: | ---: |"
    if with_baseline:
        head += " baseline s | baseline MB |"
        rule += " ---: | ---: |"
    lines = [head + " pandoc s | pandoc MB | ratio | ms/section |",
             rule + " ---: | ---: | ---: | ---: |"]
    for row in rows:
        per = f"{row.seconds / row.sections * 1000:.2f}" if row.sections else "—"
        cells = [row.case, f"{row.seconds:.3f}", f"{row.peak_mb:.0f}"]
        if with_baseline:
            cells += [_figure(row.baseline_seconds, ".3f"), _figure(row.baseline_mb, ".0f")]
        cells += [_figure(row.pandoc_seconds, ".3f"), _figure(row.pandoc_mb, ".0f"),
                  _figure(row.ratio, ".2f"), per]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def linearity(rows: Sequence[Row]) -> tuple[str, float | None]:
    """Time per section at the largest scale over that at the smallest, and the marginal
    cost of a section between them (start-up excluded)."""
    scaled = [r for r in rows if r.sections]
    if len(scaled) < 2:
        return "", None
    small, large = scaled[0], scaled[-1]
    ratio = (large.seconds / large.sections) / (small.seconds / small.sections)
    marginal = (large.seconds - small.seconds) / (large.sections - small.sections)
    lines = [f"Linearity: time per section at {large.key} is {ratio:.2f}x that at "
             f"{small.key}; each section beyond {small.key} costs {marginal * 1000:.2f} ms"]
    for middle in scaled[1:-1]:
        step = (middle.seconds - small.seconds) / (middle.sections - small.sections)
        lines.append(f"(from {small.key} to {middle.key}: {step * 1000:.2f} ms per section)")
    return " ".join(lines) + ".", ratio


def targets(rows: Sequence[Row], linear: float | None, identical: bool) -> str:
    """The targets, each with the measured figure and whether it is met."""
    by_key = {row.key: row for row in rows}

    def ratio(key: str) -> float | None:
        return by_key[key].ratio if key in by_key else None

    floor = by_key["floor"].seconds if "floor" in by_key else None
    one = by_key["one"].seconds / floor if floor and "one" in by_key else None
    checks: list[tuple[str, float | None, float, str]] = [
        ("article, 1 audience, both formats: within 1.3x of the import floor", one, 1.3, "x"),
        ("4 audiences x both formats: ratio to pandoc <= 0.6", ratio("all"), 0.6, ""),
        ("50x article: ratio to pandoc <= 0.30", ratio("x50"), 0.30, ""),
        ("10 articles x 4 audiences x 2 formats, one build: ratio to pandoc <= 0.3",
         ratio("batch"), 0.3, ""),
        ("watch: save -> outputs, at most pandoc's cold conversion (aim 0.5)",
         ratio("watch"), 1.0, ""),
        ("time per section at 100x within 1.3x of 10x", linear, 1.3, "x"),
        ("peak memory at 50x < 250 MB", by_key["x50"].peak_mb if "x50" in by_key else None,
         250, " MB"),
        ("exporter ingest < 0.3 s", by_key["ingest"].seconds, 0.3, " s"),
        ("exporter check < 0.3 s", by_key["check"].seconds, 0.3, " s"),
    ]
    lines = ["| target | measured | met |", "| --- | ---: | :---: |"]
    for name, value, limit, unit in checks:
        if value is None:
            lines.append(f"| {name} | not measured | — |")
            continue
        met = value <= limit if "<=" in name or "within" in name else value < limit
        lines.append(f"| {name} | {value:.2f}{unit} | {'yes' if met else 'no'} |")
    if "one" in by_key and by_key["one"].ratio:
        lines.append(f"| (1 audience: ratio to pandoc, for reference) | "
                     f"{by_key['one'].ratio:.2f} | — |")
    lines.append(f"| rebuilds byte-identical | {'yes' if identical else 'no'} | "
                 f"{'yes' if identical else 'no'} |")
    return "\n".join(lines)


def machine() -> str:
    pandoc = "pandoc not installed"
    if shutil.which("pandoc"):
        pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True,
                                check=False).stdout.splitlines()[0]
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpu}, {cores} cores available, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {pandoc}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="10,50,100")
    parser.add_argument("--baseline", type=Path, help="another checkout of exporter to "
                        "measure in the same run (before/after)")
    parser.add_argument("--markdown", type=Path, help="also write the results to this file "
                        "(between its results markers, when it has them)")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s]
    with_pandoc = shutil.which("pandoc") is not None
    if not with_pandoc:
        print("pandoc not installed: measuring exporter alone", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="exporter-bench-") as folder:
        work = Path(folder)
        setting = Setting(work, child_env(work),
                          child_env(work, args.baseline.resolve()) if args.baseline else None,
                          with_pandoc)
        rows = cases(args.runs, scales, setting)
        identical = rebuilds_identical(work, setting.env)
    text, linear = linearity(rows)
    baseline = f" Baseline: {args.baseline}." if args.baseline else ""
    result = (f"Measured {dt.date.today().isoformat()} on: {machine()}.{baseline}\n"
              f"Median of {args.runs} alternating runs ({2 * args.runs + 1} for the "
              f"sub-second cases, fewer at 50x and 100x), after a warm-up run of each.\n\n"
              f"{table(rows)}\n\n{text}\n\n{targets(rows, linear, identical)}\n")
    print(result)
    if args.markdown:
        write_results(args.markdown, result)


BEGIN, END = "<!-- results: bench/compare.py -->", "<!-- end of results -->"


def write_results(path: Path, result: str) -> None:
    """Write ``result`` to ``path``, between the markers when the file has them (the text
    around, such as the analysis in bench/RESULTS.md, is kept)."""
    block = f"{BEGIN}\n{result}{END}"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
