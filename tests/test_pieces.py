"""Parsing a long body in pieces gives exactly the document (or the error) of one parse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter import reader
from exporter.errors import ContentError, ExporterError
from exporter.parallel import Workers
from exporter.pieces import ends_open, piece_starts
from exporter.reader import PIECEWISE_MIN_CHARS, parse_markdown

FRONT = "---\ntitle: Pieces\n---\n"


class SerialMapper:
    """A mapper that runs here and records what it was asked to run."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, func, items):
        self.calls.append(len(items))
        return [func(item) for item in items]


def parse_both(body: str, weights=(1.0, 1.0, 1.0)):
    """The document (or error message) of one parse, of a parse in pieces, and how many
    pieces were parsed."""
    outcomes = []
    mapper = SerialMapper()
    for extra in ({}, {"mapper": mapper, "weights": weights}):
        try:
            outcomes.append(parse_markdown(FRONT + body, path="a.md", **extra))
        except ContentError as exc:
            outcomes.append(str(exc))
    return outcomes[0], outcomes[1], max(mapper.calls, default=1)


@pytest.fixture(autouse=True)
def small_bodies_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "PIECEWISE_MIN_CHARS", 0)


def section(n: int, body: str = "Some text.\n") -> str:
    return f"# Section {n} {{#s{n}}}\n\n{body}\n"


def test_the_article_repeated_is_cut_and_joins_exactly() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    body = text[text.index("\n---\n", 4) + 5:]
    first = body.index("\n# ")
    copies = "".join(body[first:].replace("{#", f"{{#c{n}-") for n in range(4))
    whole, pieces, count = parse_both(body[:first] + copies)
    assert count == 3
    assert pieces == whole
    assert len(whole.sections) == 4 * 9


def test_lines_of_later_pieces_count_from_the_file() -> None:
    body = "".join(section(n) for n in range(6))
    whole, pieces, count = parse_both(body)
    assert count == 3 and pieces == whole
    assert [s.line for s in pieces.sections] == [4 + 4 * n for n in range(6)]


@pytest.mark.parametrize("trap", [
    "```\ncode\n\n# a shell comment, not a heading\n\nmore\n",
    "~~~~\n\n# inside\n\n~~~\n\n# still inside\n\n",
    "::: notes\nSpoken.\n\n# inside the container\n\n",
    "<!--\n\n# commented out\n\n",
    "<script>\n\n# inside\n\n",
])
def test_a_block_left_open_is_never_cut(trap: str) -> None:
    body = section(0) + section(1, trap) + section(2) + section(3)
    whole, pieces, _ = parse_both(body)
    assert pieces == whole


def test_link_references_keep_the_body_whole() -> None:
    body = section(0, "See [the report][r].\n") + section(1) + section(2, "[r]: https://x.org\n")
    assert piece_starts(body, (1, 1, 1)) == []
    whole, pieces, count = parse_both(body)
    assert count == 1 and pieces == whole


def test_an_id_in_two_pieces_is_the_error_of_one_parse() -> None:
    body = section(0) + section(1) + section(2) + section(0)
    whole, pieces, count = parse_both(body)
    assert count == 3
    assert isinstance(whole, str) and "used twice" in whole and pieces == whole


def test_an_error_in_a_piece_is_the_error_of_one_parse() -> None:
    body = section(0) + section(1) + section(2, "::: nonsense\nx\n:::\n") + section(3)
    whole, pieces, _ = parse_both(body)
    assert isinstance(whole, str) and "unknown container" in whole and pieces == whole


def test_cuts_are_at_top_level_headings_and_follow_the_weights() -> None:
    body = "".join(section(n, "word " * 50 + "\n") for n in range(20))
    one_section = len(body) / 20
    for weights, share in [((1.0, 1.0), 0.5), ((3.0, 1.0), 0.75), ((1, 1, 1, 1), 0.25)]:
        starts = piece_starts(body, weights)
        assert len(starts) == len(weights) - 1
        assert all(body[start:].startswith("# Section ") for start in starts)
        assert 0 <= starts[0] - len(body) * share < one_section
    assert piece_starts(body, (1.0,)) == []
    assert piece_starts("## Only\n\ntext\n\n### deeper\n", (1, 1)) == []


def test_ends_open_looks_only_at_blocks_closed_by_a_marker() -> None:
    md = reader._MD
    for text, open_ in [("```\ncode\n\n", True), ("```\ncode\n```\n\n", False),
                        ("::: notes\nx\n\n", True), ("::: notes\nx\n:::\n\n", False),
                        ("<!--\nx\n\n", True), ("<div>\nx\n\n", False),
                        ("- a\n- b\n\n", False), ("para\n\n", False)]:
        assert ends_open(md.parse(text), text.count("\n")) is open_, text


_LINE = st.sampled_from([
    "Plain words here.", "**Bold** and *italic* text.", "- a list item", "1. numbered",
    "  - nested item", "> a quote", "```", "~~~", "```python", ":::", "::: notes",
    "::: keypoints", "::: callout Note", "<!--", "-->", "<div>", "</div>", "    indented code",
    "| a | b |", "|---|---|", "## Sub heading", "### Deeper", "# Top heading", "",
    "text with a # hash", "#hashtag", "Setext", "---", "===", "[ref]: https://x.org",
    "See [ref] and [the site][ref].",
])


@given(chunks=st.lists(st.lists(_LINE, max_size=8), min_size=2, max_size=8),
       weights=st.lists(st.floats(0.5, 3.0), min_size=2, max_size=4))
@settings(max_examples=300, deadline=None)
def test_pieces_join_into_the_one_parse(chunks: list[list[str]],
                                        weights: list[float]) -> None:
    """Any body: sections of random lines (fences, containers, HTML, lists, stray headings
    left open or closed) parse in pieces to the document, or the error, of one parse."""
    body = "".join(f"# Part {n} {{#p{n}}}\n\n" + "\n".join(lines) + "\n\n"
                   for n, lines in enumerate(chunks))
    whole, pieces, _ = parse_both(body, tuple(weights))
    assert pieces == whole


def test_workers_map_runs_pieces_in_other_processes(tmp_path: Path) -> None:
    body = "".join(section(n) for n in range(8))
    with Workers({"": 2}) as workers:
        document = parse_markdown(FRONT + body, path="a.md", mapper=workers.map,
                                  weights=(1.0, 1.0, 1.0))
    assert document == parse_markdown(FRONT + body, path="a.md")


def _fails_on(name: str) -> str:
    if name == "bad":
        raise ContentError("bad piece", path="a.md")
    if name == "worse":
        raise ContentError("worse piece", path="a.md")
    return name.upper()


def test_workers_map_keeps_order_and_raises_the_first_error() -> None:
    with Workers({"a": 1, "b": 1}) as workers:
        assert workers.map(_fails_on, ["x", "y", "z", "w"]) == ["X", "Y", "Z", "W"]
        with pytest.raises(ExporterError, match="bad piece"):
            workers.map(_fails_on, ["x", "y", "bad", "worse"])
        assert workers.map(_fails_on, ["again", "fine"]) == ["AGAIN", "FINE"]


def test_a_long_article_builds_the_same_bytes_in_pieces(tmp_path: Path) -> None:
    """Over the size where the build parses in pieces, outputs equal a one-process build."""
    text = ARTICLE.read_text(encoding="utf-8")
    head_end = text.index("\n# ") + 1
    copies = [text[head_end:].replace("{#", f"{{#c{n}-") for n in range(20)]
    long_article = tmp_path / "long.md"
    long_article.write_text(text[:head_end] + "".join(copies), encoding="utf-8")
    assert len(text) * 20 > PIECEWISE_MIN_CHARS
    outputs = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs{jobs}"
        subprocess.run([sys.executable, "-m", "exporter", "build", str(long_article), "-a",
                        "analyst", "-o", str(folder), "--jobs", jobs], check=True, cwd=ROOT,
                       capture_output=True)
        outputs[jobs] = {p.name: p.read_bytes() for p in folder.rglob("*")
                         if p.suffix in (".docx", ".pptx")}
    assert len(outputs["1"]) == 2 and outputs["1"] == outputs["2"]
