"""Hostile and broken input: nothing lost, bounded work, one-line errors, no traceback.

Inputs that used to hang, exhaust memory or crash run in a child ``exporter`` bounded in
time and memory (``run_exporter``), so a regression fails the test instead of the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, assert_one_line_error, run_exporter, write_content
from docx import Document as open_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from exporter.errors import ContentError
from exporter.model import Document, from_data, to_data
from exporter.reader import read_document
from exporter.templating import render_text

DOCX_TEMPLATE = ROOT / "templates" / "default" / "briefing.docx"
PPTX_TEMPLATE = ROOT / "templates" / "default" / "deck.pptx"


def _profiles(folder: Path) -> Path:
    path = folder / "audiences.yaml"
    path.write_text("audiences:\n  full:\n    classification: TEST\n", encoding="utf-8")
    return path


def _build(folder: Path, content: Path, *options: str, env: dict[str, str] | None = None):
    return run_exporter("build", str(content), "--audiences", str(_profiles(folder)), "-o",
                        str(folder / "out"), *options, cwd=folder, env=env)


# --- nothing lost in the reader -----------------------------------------------------------


def _nested_list(depth: int) -> str:
    return "".join(f"{'  ' * level}- item{level}\n" for level in range(depth))


def test_a_list_past_the_nesting_limit_is_an_error_naming_its_line(tmp_path: Path) -> None:
    content = write_content(tmp_path, "# A\n\n" + _nested_list(12) + "\nAfterword.\n")
    run = run_exporter("inspect", str(content), cwd=tmp_path)
    assert_one_line_error(run, f"{content}:15:", "nested more than 20 levels deep",
                          "EXPORTER_MAX_MARKDOWN_NESTING")


def test_a_raised_nesting_limit_keeps_every_item(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTER_MAX_MARKDOWN_NESTING", "40")
    document = read_document(write_content(tmp_path, "# A\n\n" + _nested_list(12) + "\nEnd.\n"))
    assert {f"item{level}" for level in range(12)} | {"End."} <= _words(document)


def _words(document: Document) -> set[str]:
    """Every word of the document's text, as the renderers would see it."""
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("text", "title") and isinstance(item, str):
                    words.update(item.split())
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(to_data(document))
    return words


#: A block nested in quotes, then in lists: (quotes, list markers), as deep as 6 and 13.
_NESTING = st.tuples(st.integers(0, 6), st.lists(st.sampled_from(["- ", "1. "]), max_size=13))


def _nested_block(quotes: int, markers: list[str], words: list[str]) -> list[str]:
    """Lines of a paragraph in ``quotes`` quotes, or of lists nested ``len(markers)`` deep
    in them, one new word (``w17``) a line."""
    lines, indent = [], 0
    for marker in markers or [""]:
        words.append(f"w{len(words) + 1}")
        lines.append(f"{'> ' * quotes}{' ' * indent}{marker}{words[-1]}")
        indent += len(marker)
    return lines


@given(blocks=st.lists(_NESTING, min_size=1, max_size=4))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_word_reaches_the_model_or_the_error_names_a_line(
        tmp_path: Path, blocks: list[tuple[int, list[str]]]) -> None:
    words: list[str] = []
    body = "\n\n".join("\n".join(_nested_block(quotes, markers, words))
                       for quotes, markers in blocks)
    path = write_content(tmp_path, f"# A\n\n{body}\n\nlast\n")
    try:
        document = read_document(path)
    except ContentError as exc:
        assert "nested more than 20 levels deep" in str(exc) and exc.line is not None, exc
        return
    assert {*words, "last"} <= _words(document)


# --- YAML and JSON bounded ------------------------------------------------------------------


_ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(("front", "fragments"), [
    ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + _ALIAS_BOMB,
     (":7:", "YAML aliases repeat more than 10,000 values", "EXPORTER_MAX_YAML_ALIAS_VALUES")),
    ("a: &a [*a]\n", (":3:", "the alias *a refers to a value that contains it")),
    ("vars: " + "[" * 100_000 + "]" * 100_000 + "\n",
     (":3:", "YAML nested more than 100 levels deep", "EXPORTER_MAX_DATA_DEPTH")),
    ("date: 2026-02-30\n", (":3:", "cannot read '2026-02-30': day is out of range")),
    ('date: "2026-13-01"\n', (":3:", "'2026-13-01' is not a YYYY-MM-DD date")),
    ("vars: {blob: !!binary aGVsbG8=}\n", (":3:", "the YAML type 'binary' is not supported")),
    ("title: [a, b]\n", (":2:", "title: must be text, not a list")),
    ("lang: no\n", (":3:", "lang: must be text, not true/false")),
    ("vars: 5\n", (":3:", "vars: must be a mapping")),
    ("keywords: [[a]]\n", (":3:", "keywords[0]: must be text, not a list")),
    ('"a\\nb": 1\n', (":3:", "unknown front-matter key(s): a b")),
])
def test_front_matter_problems_are_one_line_with_the_line(tmp_path: Path, front: str,
                                                          fragments: tuple[str, ...]) -> None:
    if not front.startswith("title"):
        front = "title: Test article\n" + front
    content = write_content(tmp_path, "# A\n\nText.\n", front=front)
    assert_one_line_error(run_exporter("inspect", str(content), cwd=tmp_path), str(content),
                          *fragments)


def _quotes(depth: int) -> dict:
    block: dict = {"type": "paragraph", "runs": "deep"}
    for _ in range(depth):
        block = {"type": "quote", "blocks": [block]}
    return block


#: Quotes in quotes, one bracket a line, before anything closes.
_DEEP_JSON = json.dumps({"intro": [_quotes(120)]}, indent=0)


def _line_of_opening(text: str, count: int) -> int:
    """The line of the ``count``-th opening bracket of ``text``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        seen += line.count("[") + line.count("{")
        if seen >= count:
            return number
    raise AssertionError("not that many brackets")


@pytest.mark.parametrize(("text", "fragments"), [
    ("[" * 100_000 + "]" * 100_000, (":1:", "JSON nested more than 100 levels deep")),
    (_DEEP_JSON, (f":{_line_of_opening(_DEEP_JSON, 101)}:",
                  "JSON nested more than 100 levels deep")),
    ('{"meta": {"title": "T"}, "sections": [{"id": "a", "title": "A", "blocks": [{"type": "x"}]}]}',
     ("sections[0].blocks[0]: unknown block type 'x'", "use one of: paragraph, list")),
    ('{"meta": {"title": "T"}, "intro": [{"type": "list", "items": [{"runs": [{"txt": 1}]}]}]}',
     ("intro[0].items[0].runs[0]: `text` is missing",)),
    ('{"meta": {"title": "T"}, "sections": [{"id": "a", "title": "A", "level": 2}]}',
     ("sections[0].level: level 2 does not match its place (level 1)",)),
    ('{"meta": {"title": "T"}, "sections": [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]}',
     ("sections[1].id: id `a` is used twice (first in sections[0])",)),
    ('{"meta": {"title": "T"}, "sections": {"id": "a"}}', ("sections: must be a list",)),
    ('[1, 2]', ("the top level must be a mapping with meta, intro and sections",)),
])
def test_data_file_problems_name_the_place(tmp_path: Path, text: str,
                                           fragments: tuple[str, ...]) -> None:
    content = tmp_path / "article.json"
    content.write_text(text, encoding="utf-8")
    line = assert_one_line_error(run_exporter("inspect", str(content), cwd=tmp_path),
                                 str(content), *fragments)
    assert len(line) < 300


def test_a_yaml_data_file_error_names_its_line(tmp_path: Path) -> None:
    content = tmp_path / "article.yaml"
    content.write_text("meta: {title: T}\nsections:\n  - id: a\n    title: A\n    blocks:\n"
                       "      - type: table\n        header: [x]\n        rows: 5\n",
                       encoding="utf-8")
    with pytest.raises(ContentError, match=r"sections\[0\]\.blocks\[0\]\.rows: must be a list"
                       ) as caught:
        read_document(content)
    assert caught.value.line == 8


def test_lone_surrogates_are_removed_with_a_warning(tmp_path: Path) -> None:
    data = tmp_path / "article.json"
    data.write_text('{"meta": {"title": "T\\ud800"}, "sections": [{"id": "a", "title": '
                    '"A\\udfff", "blocks": [{"type": "paragraph", "runs": "x\\ud83dy"}]}]}',
                    encoding="utf-8")
    front = write_content(tmp_path, "# B\n\n{{ 'z\\ud800' }}w\n", front='title: "T\\ud800"\n',
                          name="front.md")
    for content in (data, front):
        run = _build(tmp_path, content)
        assert run.returncode == 0, run.stderr[-2000:]
        assert "lone surrogates" in run.stderr
        docx = next(Path(p) for p in run.stdout.split() if p.endswith(".docx"))
        assert "T" in [p.text for p in open_docx(str(docx)).paragraphs]


def test_a_profiles_file_with_many_problems_counts_them(tmp_path: Path) -> None:
    profiles = tmp_path / "audiences.yaml"
    profiles.write_text("audiences:\n" + "".join(f"  a{n}: {{depth: deep}}\n"
                                                 for n in range(5000)), encoding="utf-8")
    run = run_exporter("audiences", "--audiences", str(profiles), cwd=tmp_path)
    line = assert_one_line_error(run, str(profiles), "5,000 problems; the first 10: line 2: ")
    assert len(line) < 1500


# --- Jinja bounded ---------------------------------------------------------------------------


_HOSTILE_JINJA = {
    "repetition": ('{{ "x" * 10**10 }}', "EXPORTER_MAX_RENDER_VALUE"),
    "list repetition": ("{{ [0] * 10**10 }}", "EXPORTER_MAX_RENDER_VALUE"),
    "number": ("{{ 10**(10**10) }}", "EXPORTER_MAX_RENDER_DIGITS"),
    "lipsum": ("{{ lipsum(10**7) }}", "EXPORTER_MAX_RENDER_VALUE"),
    "range": ("{{ range(10**7)|list|length }}", "EXPORTER_MAX_RENDER_VALUE"),
    "recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
                  "EXPORTER_MAX_RENDER_DEPTH"),
    "doubling": ('{% set ns = namespace(s="x") %}{% for i in range(64) %}'
                 "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "EXPORTER_MAX_RENDER_VALUE"),
    "captured loops": ("{% set s %}{% for a in range(2000) %}{% for b in range(2000) %}"
                       + "y" * 100 + "{% endfor %}{% endfor %}{% endset %}{{ s|length }}",
                       "EXPORTER_MAX_RENDER_OUTPUT"),
    "filter": ('{{ "x"|center(10**9) }}', "EXPORTER_MAX_RENDER_VALUE"),
    "join": ('{{ ("x" * 10**6)|list|join("y" * 10**6) }}', "EXPORTER_MAX_RENDER_VALUE"),
    "replace": ('{{ ("x" * 10**5)|replace("x", "y" * 10**5) }}', "EXPORTER_MAX_RENDER_VALUE"),
    "printf width": ('{{ "%0999999999d" % 1 }}', "EXPORTER_MAX_RENDER_VALUE"),
    "format width": ('{{ "{:>999999999}".format(1) }}', "EXPORTER_MAX_RENDER_VALUE"),
    "method": ('{{ "x".ljust(10**9) }}', "EXPORTER_MAX_RENDER_VALUE"),
    "list growth": ("{% set l = [1] %}{% for i in range(64) %}{{ l.extend(l) }}{% endfor %}",
                    "EXPORTER_MAX_RENDER_VALUE"),
}


@pytest.mark.parametrize("name", list(_HOSTILE_JINJA))
def test_jinja_in_content_is_bounded(tmp_path: Path, name: str) -> None:
    source, variable = _HOSTILE_JINJA[name]
    content = write_content(tmp_path, f"# A\n\nBefore.\n\n{source}\n")
    run = run_exporter("inspect", str(content), cwd=tmp_path)
    assert_one_line_error(run, f"{content}:8:", "template limit reached", variable)


def test_a_render_stops_at_its_time_limit(tmp_path: Path) -> None:
    loops = ("{% set r = range(100000) %}{% for a in r %}{% for b in r %}"
             "{% if a == b %}{% endif %}{% endfor %}{% endfor %}")
    content = write_content(tmp_path, f"# A\n\n{loops}\n")
    run = run_exporter("inspect", str(content), cwd=tmp_path,
                       env={"EXPORTER_MAX_RENDER_SECONDS": "0.2"})
    assert_one_line_error(run, f"{content}:6:", "rendering took longer than 0.2 seconds",
                          "EXPORTER_MAX_RENDER_SECONDS")


def test_deeply_nested_jinja_is_a_syntax_error(tmp_path: Path) -> None:
    for source in ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "{% if 1 %}" * 300):
        content = write_content(tmp_path, f"# A\n\n{source}\n")
        assert_one_line_error(run_exporter("inspect", str(content), cwd=tmp_path),
                              str(content), "nested too deeply")


def _docx_with(folder: Path, where: str, source: str) -> Path:
    document = open_docx(str(DOCX_TEMPLATE))
    if where == "body":
        document.add_paragraph(source)
    elif where == "header":
        document.sections[0].header.add_paragraph(source)
    else:
        document.core_properties.subject = source
    path = folder / f"hostile-{where}.docx"
    document.save(str(path))
    return path


def _pptx_with(folder: Path, source: str) -> Path:
    deck = Presentation(str(PPTX_TEMPLATE))
    layout = deck.slide_masters[0].slide_layouts[0]
    next(shape for shape in layout.placeholders if shape.has_text_frame).text_frame.text = source
    path = folder / "hostile.pptx"
    deck.save(str(path))
    return path


@pytest.mark.parametrize(("where", "name"), [("body", "recursion"), ("header", "repetition"),
                                             ("core properties", "number"),
                                             ("layout", "lipsum")])
def test_jinja_in_template_parts_is_bounded(tmp_path: Path, where: str, name: str) -> None:
    source, variable = _HOSTILE_JINJA[name]
    content = write_content(tmp_path, "# A\n\nText.\n")
    if where == "layout":
        template, options = _pptx_with(tmp_path, source), ("-f", "pptx", "--pptx-template")
    else:
        template, options = _docx_with(tmp_path, where, source), ("-f", "docx", "--docx-template")
    run = _build(tmp_path, content, *options, str(template))
    assert_one_line_error(run, str(template), "template limit reached", variable)


def test_ordinary_jinja_is_not_refused() -> None:
    source = ('{{ "%.1f"|format(3.14159) }} {{ "{:,}".format(33000000) }} {{ [1, 2]|join(", ") }}'
              ' {{ "a" ~ "b" ~ 3 }} {% for x in "ab" %}{{ loop.index }}/{{ loop.length }}'
              '{% endfor %} {{ "ab"|center(6) }} {{ range(3)|list }} {{ 2 ** 64 }}'
              ' {{ "ab" * 2 }} {{ "a\tb".expandtabs(2) }} {{ {"k": [1]}|tojson }}'
              ' {% macro m(n) %}{{ n }}{% if n %}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(3) }}'
              ' {{ ("x" * 10**6)|length }}')
    assert render_text(source, {}, path="t.md", content=True) == (
        '3.1 33,000,000 1, 2 ab3 1/22/2   ab   [0, 1, 2] 18446744073709551616 abab a b'
        ' {"k": [1]} 3210 1000000')


def test_a_data_model_round_trips_through_the_bounded_reader() -> None:
    data = {"meta": {"title": "T", "keywords": ["a"]}, "intro": [_quotes(20)],
            "sections": [{"id": "a", "title": "A", "level": 1, "tags": ["x"], "subsections": [
                {"id": "b", "title": "B", "notes": [], "keypoints": ["k"]}]}]}
    document = from_data(data)
    assert from_data(to_data(document)) == document
