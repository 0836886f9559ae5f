"""A very large table, beside pandoc: the briefing of one section holding a table of
``--columns`` x ``--rows`` cells (200 x 5,000 by default: a million cells).

    python bench/big_table.py [--columns 200] [--rows 5000] [--formats docx,pptx]
                              [--no-pandoc]

Reports wall time and peak memory of one cold run of each (``bench/compare.py``'s
measurement), and checks that the briefing holds every row. pandoc converts the same
Markdown to .docx; it takes minutes at the default size.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import EXPORTER, child_env, run_once


def table_article(folder: Path, columns: int, rows: int) -> Path:
    """A content file of one section and one table of ``columns`` x ``rows`` cells."""
    lines = ["---", "title: A large table", "---", "", "# Data", "",
             "|" + "|".join(f"c{i}" for i in range(columns)) + "|",
             "|" + "|".join("---" for _ in range(columns)) + "|"]
    lines += ["|" + "|".join(f"{r}.{c}" for c in range(columns)) + "|" for r in range(rows)]
    path = folder / "table.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rows_in(briefing: Path) -> int:
    """The table rows of a built briefing (``w:tr`` elements, the header included)."""
    with zipfile.ZipFile(briefing) as package:
        return package.read("word/document.xml").count(b"<w:tr>")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--columns", type=int, default=200)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--formats", default="docx")
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="exporter-bench-") as folder:
        work = Path(folder)
        env = child_env(work)
        source = table_article(work, args.columns, args.rows)
        out = work / "out"
        formats = [flag for fmt in args.formats.split(",") for flag in ("-f", fmt)]
        ours = run_once([[*EXPORTER, "build", str(source), "-a", "analyst", *formats,
                          "--jobs", "1", "-o", str(out)]], work, env)
        print(f"exporter: {ours.seconds:.1f} s, {ours.peak_mb:.0f} MB", flush=True)
        briefings = list(out.rglob("*.docx"))
        if briefings:
            print(f"  briefing rows: {rows_in(briefings[0]) - 1:,} of {args.rows:,}")
        if not args.no_pandoc and shutil.which("pandoc"):
            theirs = run_once([["pandoc", str(source), "-o", str(work / "pandoc.docx")]],
                              work, env)
            print(f"pandoc: {theirs.seconds:.1f} s, {theirs.peak_mb:.0f} MB "
                  f"(ratio {ours.seconds / theirs.seconds:.2f})")


if __name__ == "__main__":
    main()
