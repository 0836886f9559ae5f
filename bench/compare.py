"""Benchmark exporter against pandoc on the same work, side by side in one run.

    python bench/compare.py [--runs 5] [--scales 10,50,100] [--markdown bench/RESULTS.md]

Installs nothing. Each case runs exporter and pandoc alternately ``--runs`` times as
separate processes (start-up included, as a user would see it) and reports the median wall
time, the peak resident memory of each process (``wait4`` rusage), and the ratio
exporter/pandoc. pandoc is skipped when it is not installed.

Cases: the shipped article for one audience in both formats (pandoc: two conversions of the
same Markdown); every audience in both formats in one ``exporter build`` (pandoc: one
conversion per output); the article repeated 10x, 50x and 100x (one audience, both formats),
with exporter's time per section to show that it scales linearly; and ``exporter ingest``
and ``exporter check`` alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "content" / "peru-military-drug-trafficking.md"
SEED = ROOT / "content" / "source" / "peru-military-drug-trafficking.txt"
EXPORTER = [sys.executable, "-m", "exporter"]


@dataclass
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Row:
    case: str
    exporter: list[Sample]
    pandoc: list[Sample] | None
    sections: int = 0

    @staticmethod
    def median(samples: Sequence[Sample]) -> tuple[float, float]:
        return (statistics.median(s.seconds for s in samples),
                max(s.peak_mb for s in samples))


def run_once(commands: Sequence[Sequence[str]], cwd: Path) -> Sample:
    """Run commands one after the other; wall time in total, the largest peak RSS."""
    start = time.perf_counter()
    peak = 0
    for command in commands:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{error}")
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


def measure(case: str, ours: list[list[str]], theirs: list[list[str]] | None, runs: int,
            cwd: Path, sections: int = 0) -> Row:
    row = Row(case, [], [] if theirs else None, sections)
    for _ in range(runs):
        row.exporter.append(run_once(ours, cwd))
        if theirs and row.pandoc is not None:
            row.pandoc.append(run_once(theirs, cwd))
    return row


def cases(runs: int, scales: Sequence[int], work: Path, with_pandoc: bool) -> list[Row]:
    out = work / "out"
    build = [*EXPORTER, "build", "-o", str(out), "--force"]
    rows = [
        measure("article, 1 audience, docx+pptx",
                [[*build, str(ARTICLE), "-a", "analyst"]],
                pandoc_commands(ARTICLE, ["docx", "pptx"], out) if with_pandoc else None,
                runs, work),
        measure("article, 4 audiences x docx+pptx",
                [[*build, str(ARTICLE)]],
                pandoc_commands(ARTICLE, ["docx", "pptx"] * 4, out) if with_pandoc else None,
                runs, work),
    ]
    for copies in scales:
        source, sections = repeated_article(copies, work)
        rows.append(measure(
            f"article x{copies}, 1 audience, docx+pptx",
            [[*build, str(source), "-a", "analyst"]],
            pandoc_commands(source, ["docx", "pptx"], out) if with_pandoc else None,
            max(1, runs if copies <= 10 else runs // 2 or 1), work, sections))
    rows.append(measure("exporter ingest (seed)",
                        [[*EXPORTER, "ingest", str(SEED), "-o", "-"]], None, runs, work))
    rows.append(measure("exporter check (shipped)", [[*EXPORTER, "check"]], None, runs, work))
    return rows


def table(rows: Sequence[Row]) -> str:
    lines = ["| case | exporter s | exporter MB | pandoc s | pandoc MB | ratio | s/section |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        ours, ours_mb = Row.median(row.exporter)
        theirs = Row.median(row.pandoc) if row.pandoc else None
        ratio = f"{ours / theirs[0]:.2f}" if theirs else "—"
        per = f"{ours / row.sections * 1000:.2f} ms" if row.sections else "—"
        lines.append(f"| {row.case} | {ours:.3f} | {ours_mb:.0f} | "
                     f"{f'{theirs[0]:.3f}' if theirs else '—'} | "
                     f"{f'{theirs[1]:.0f}' if theirs else '—'} | {ratio} | {per} |")
    return "\n".join(lines)


def machine() -> str:
    pandoc = "not installed"
    if shutil.which("pandoc"):
        pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True,
                                check=False).stdout.splitlines()[0]
    return (f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, {pandoc}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="10,50,100")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s]
    with_pandoc = shutil.which("pandoc") is not None
    if not with_pandoc:
        print("pandoc not installed: measuring exporter alone", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="exporter-bench-") as folder:
        rows = cases(args.runs, scales, Path(folder), with_pandoc)
    result = f"Machine: {machine()}\n\n{table(rows)}\n"
    scaled = [r for r in rows if r.sections]
    if len(scaled) >= 2:
        small, large = scaled[0], scaled[-1]
        per_small = Row.median(small.exporter)[0] / small.sections
        per_large = Row.median(large.exporter)[0] / large.sections
        result += (f"\nLinearity: time per section at {large.case.split(',')[0]} is "
                   f"{per_large / per_small:.2f}x that at {small.case.split(',')[0]}.\n")
    print(result)
    if args.markdown:
        args.markdown.write_text(result, encoding="utf-8")


if __name__ == "__main__":
    main()
