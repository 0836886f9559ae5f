"""Code listings and note labels in the articles users bring (a technical book chapter copied
from its web page, Markdown with fences, HTML with <pre>, Word in a code style): kept line
for line as code blocks, never headings nor slide bullets; and what a deck shows of them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from exporter.bullets import leans_on_previous, section_bullets, shorten
from exporter.cli import main
from exporter.ingest import ingest_file
from exporter.ingest.listings import find_listings
from exporter.ingest.pieces import Heading
from exporter.ingest.plaintext import read_plain
from exporter.model import CodeBlock, Document, Paragraph, Run
from exporter.reader import read_document

CHAPTER = "\n".join([
    'Recording Changes to the Repository',
    '',
    'At this point, you should have a Git repository on your local machine.',
    '',
    'Checking the Status of Your Files',
    '',
    'The main tool you use to determine which files are in which state is the git '
    'status command. If you run this command directly after a clone, you should see '
    'something like this:',
    '',
    "$ echo 'My Project' > README",
    '$ git status',
    'On branch master',
    'Untracked files:',
    '  (use "git add <file>..." to include in what will be committed)',
    '',
    '    README',
    '',
    'nothing added to commit but untracked files present (use "git add" to track)',
    '',
    'You can see that your new README file is untracked, because it is under the '
    'Untracked files heading in your status output.',
    '',
    'Note',
    '',
    'GitHub changed the default branch name from master to main in mid-2020, and '
    'other Git hosts followed suit.',
    '',
    'Ignoring Files',
    '',
    'Here is an example .gitignore file, which Git reads before it lists what is untracked:',
    '',
    '# ignore all .a files',
    '*.a',
    '',
    "# but do track lib.a, even though you're ignoring .a files above",
    '!lib.a',
    '',
    'The rules in these nested .gitignore files apply only to the files under the '
    'directory where they are located.',
    '',
])

LISTING = """$ echo 'My Project' > README
$ git status
On branch master
Untracked files:
  (use "git add <file>..." to include in what will be committed)

    README

nothing added to commit but untracked files present (use "git add" to track)"""


def codes(pieces: list[object]) -> list[CodeBlock]:
    return [piece for piece in pieces if isinstance(piece, CodeBlock)]


def all_codes(document: Document) -> list[CodeBlock]:
    blocks = [*document.intro, *(b for s in document.walk() for b in s.blocks)]
    return [b for b in blocks if isinstance(b, CodeBlock)]


class TestPlainText:
    def test_a_command_and_its_output_are_one_code_block_line_for_line(self) -> None:
        pieces = read_plain(CHAPTER).pieces
        found = codes(pieces)
        assert found[0].text == LISTING and found[0].language == "console"
        headings = [piece.title for piece in pieces if isinstance(piece, Heading)]
        assert headings == ["Recording Changes to the Repository",
                            "Checking the Status of Your Files", "Ignoring Files"]

    def test_program_text_without_a_prompt_is_a_listing(self) -> None:
        found = codes(read_plain(CHAPTER).pieces)
        assert found[1].text == ("# ignore all .a files\n*.a\n\n"
                                 "# but do track lib.a, even though you're ignoring .a files "
                                 "above\n!lib.a")
        text = ("Functions\n\nA function is defined like this:\n\n"
                "    def greet(name):\n        return f\"Hello {name}\"\n\n"
                "The function returns a greeting for the name it is given, every time.\n")
        assert [c.text for c in codes(read_plain(text).pieces)] == [
            'def greet(name):\n    return f"Hello {name}"']

    def test_a_lone_statement_is_a_listing_and_a_program_name_may_open_a_title(self) -> None:
        text = ("Charts\n\nThe chart data comes first, before the chart itself is drawn:\n\n"
                "chart_data = XyChartData()\n\nadd_table() example\n\nA table is added "
                "like any other shape, with its rows and columns.\n\nfrom pptx import "
                "Presentation\nprs = Presentation()\n\nadd_picture() example\n\nA picture "
                "goes where its left and top say it goes on the slide.\n")
        pieces = read_plain(text).pieces
        assert [c.text for c in codes(pieces)] == [
            "chart_data = XyChartData()", "from pptx import Presentation\nprs = Presentation()"]
        assert [p.title for p in pieces if isinstance(p, Heading)] == [
            "Charts", "add_table() example", "add_picture() example"]

    def test_a_sentence_over_a_listing_that_lost_its_colon_is_no_heading(self) -> None:
        text = ("Viewing Changes\n\nYou edit a file after staging it, as often happens.\n\n"
                "Now you can use git diff to see what is still unstaged\n\n$ git diff\n"
                "diff --git a/README b/README\n\nExample\n\n$ git status\nOn branch master"
                "\n\nShowing Your Staged Changes\n\n$ git diff --staged\n")
        pieces = read_plain(text).pieces
        assert [p.title for p in pieces if isinstance(p, Heading)] == [
            "Viewing Changes", "Example", "Showing Your Staged Changes"]
        assert any(isinstance(p, Paragraph) and p.text.startswith("Now you can use git diff")
                   for p in pieces)

    def test_a_listing_s_lines_that_read_as_titles_stay_in_it(self) -> None:
        """A prompt under a comment; a patch's subject between its headers and its diff; a
        commit message between comments, the last after a comment ending with a colon; a
        command's output line with a hash or an arrow of refs; the first line of an example
        the prose introduces with a colon. None is a heading."""
        text = "\n".join([
            "Sharing Work", "", "She fetches the work her colleague pushed:", "",
            "# Jessica's Machine", "$ git fetch origin", "...", "",
            "   fbff5bc..72bbc59  master     -> origin/master", "",
            "That pulls down the work pushed in the meantime by the other team.", "",
            "$ cat 0001-add-limit.patch", "Subject: [PATCH 1/2] Add limit to log function", "",
            "Limit log functionality to the first 20", "", "---",
            " lib/simplegit.rb |    2 +-", "", "The patch is then mailed to the list.", "",
            "Squashing", "", "The editor then shows the messages of the commits:", "",
            "# This is a combination of 3 commits.", "# The first commit's message is:",
            "Change my name a bit", "",
            "# This is the 2nd commit message:", "", "Update README formatting", "",
            "# This is the 3rd commit message:", "", "Add cat-file", "",
            "When you save that, you have a single commit with all three changes.", "",
            "$ git stash drop stash@{0}", "", "Dropped refs/stash@{0} (29d385a81d163dfd45a)",
            "", "The stash is gone from the list after that, as you can check.", "",
            "The commit message by default looks something like this:", "",
            "Merge branch 'iss53'", "", "Conflicts:", "    index.html", "#",
            "# It looks like you may be committing a merge.", "",
            "You can change that message with details of how you resolved the merge."])
        pieces = read_plain(text).pieces
        assert [p.title for p in pieces if isinstance(p, Heading)] == ["Sharing Work",
                                                                        "Squashing"]
        listings = [c.text for c in codes(pieces)]
        assert any(t.startswith("# Jessica's Machine") and "origin/master" in t
                   for t in listings)
        assert any("Limit log functionality" in t and "lib/simplegit.rb" in t for t in listings)
        assert any("Update README formatting" in t and "Add cat-file" in t for t in listings)
        assert any(t.startswith("Merge branch 'iss53'") for t in listings)
        assert any("Dropped refs/stash@{0}" in t for t in listings)

    def test_the_prose_around_a_listing_stays_prose(self) -> None:
        pieces = read_plain(CHAPTER).pieces
        prose = [piece.text for piece in pieces if isinstance(piece, Paragraph)]
        assert any(text.startswith("You can see that your new README") for text in prose)
        assert not any(text.startswith(("On branch", "nothing added", "*.a")) for text in prose)

    def test_money_titles_and_prose_are_not_listings(self) -> None:
        text = ("Aid\n\n$ 5 million went to the ports in 2025, the ministry said.\n\n"
                "# Introduction\n\n% Title of a paper\n\nThe ports were busy; ships came and "
                "went\nall year, and the trade grew by a third (see the table).\n\n"
                "alt=Frontispiece of a book showing two persons in robes|thumb|right\n")
        assert find_listings(text.split("\n")) == []

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.from_regex(r"[A-Za-z]{1,10}", fullmatch=True),
                             min_size=4, max_size=18), min_size=1, max_size=8))
    def test_prose_is_never_a_listing(self, paragraphs: list[list[str]]) -> None:
        text = "\n\n".join(" ".join(words).capitalize() + "." for words in paragraphs)
        assert find_listings(text.split("\n")) == []

    def test_a_note_label_labels_its_paragraph_and_is_no_heading(self) -> None:
        pieces = read_plain(CHAPTER).pieces
        assert "Note" not in [piece.title for piece in pieces if isinstance(piece, Heading)]
        note = next(piece for piece in pieces if isinstance(piece, Paragraph)
                    and piece.text.startswith("Note:"))
        assert note.runs[0] == Run("Note:", bold=True)
        assert note.text == ("Note: GitHub changed the default branch name from master to main "
                             "in mid-2020, and other Git hosts followed suit.")


class TestDraftsAndFormats:
    def test_the_draft_fences_listings_and_reads_them_back(self, tmp_path: Path) -> None:
        article = tmp_path / "chapter.txt"
        article.write_text(CHAPTER.replace("!lib.a", "!lib.a\n```"), encoding="utf-8")
        draft = tmp_path / "chapter.md"
        assert CliRunner().invoke(main, ["ingest", str(article), "-o", str(draft)]).exit_code == 0
        document = read_document(draft)
        assert [c.text for c in all_codes(document)] == [
            LISTING, "# ignore all .a files\n*.a\n\n# but do track lib.a, even though you're "
            "ignoring .a files above\n!lib.a\n```"]
        assert document.headings() == [(1, "Checking the Status of Your Files"),
                                       (1, "Ignoring Files")]

    def test_markdown_fences_keep_their_code_and_language(self, tmp_path: Path) -> None:
        path = tmp_path / "a.md"
        path.write_text("# Git Basics\n\nRun this to start, in any folder you like:\n\n"
                        "```console\n$ git init\n\n$ git status\n```\n\n## Next\n\n"
                        "    indented code\n\nThe text goes on here with more words.\n")
        document = ingest_file(path).document
        assert [(c.text, c.language) for c in all_codes(document)] == [
            ("$ git init\n\n$ git status", "console"), ("indented code", "")]

    def test_html_pre_keeps_its_lines_and_language(self, tmp_path: Path) -> None:
        words = "The function below greets whoever it is given, once for each call made. " * 3
        path = tmp_path / "a.html"
        path.write_text(f"<html><body><article><h1>Greeting</h1><p>{words}</p>"
                        "<pre><code class=\"language-python\">def greet(name):\n"
                        "    return name\n</code></pre><p>" + words + "</p></article>"
                        "</body></html>")
        document = ingest_file(path).document
        assert [(c.text, c.language) for c in all_codes(document)] == [
            ("def greet(name):\n    return name", "python")]

    def test_word_paragraphs_in_a_code_style_are_one_code_block(self, tmp_path: Path) -> None:
        import docx
        from docx.enum.style import WD_STYLE_TYPE

        word = docx.Document()
        word.add_paragraph("Git Basics", style="Title")
        word.add_heading("Starting", level=1)
        word.add_paragraph("Run these commands in the folder of your project:")
        word.styles.add_style("Source Code", WD_STYLE_TYPE.PARAGRAPH)
        for line in ("$ git init", "", "$ git status"):
            word.add_paragraph(line, style="Source Code")
        word.add_paragraph("The folder is now a repository that Git watches.")
        path = tmp_path / "a.docx"
        word.save(str(path))
        document = ingest_file(path).document
        assert [c.text for c in all_codes(document)] == ["$ git init\n\n$ git status"]


class TestBullets:
    def test_a_lead_in_sentence_goes_and_the_statements_before_it_stay(self) -> None:
        blocks = [Paragraph((Run("Let's change a file that was already tracked. If you change "
                                 "it and run git status again, you get this:"),)),
                  CodeBlock("$ git status\nOn branch master")]
        assert section_bullets(blocks) == ["Let's change a file that was already tracked"]

    def test_a_lead_in_that_is_all_a_section_says_is_its_bullet(self) -> None:
        blocks = [Paragraph((Run("The following code adds a single-series column chart in a "
                                 "new presentation:"),)), CodeBlock("chart = add_chart()")]
        assert section_bullets(blocks) == [
            "The following code adds a single-series column chart in a new presentation"]

    def test_a_sentence_opening_with_but_leans_on_the_one_before(self) -> None:
        assert leans_on_previous("But it gives us an idea of what the axes can do.")
        assert not leans_on_previous("Andean rivers run high this year.")

    def test_a_sentence_announcing_the_next_sections_is_no_bullet(self) -> None:
        blocks = [Paragraph((Run("The federal government has taken action on tickets for live "
                                 "events. The following subsections discuss selected actions "
                                 "by the FTC and DOJ related to event ticketing."),))]
        assert section_bullets(blocks) == [
            "The federal government has taken action on tickets for live events"]

    def test_a_note_label_and_a_file_name_read_right_in_a_bullet(self) -> None:
        assert shorten("Note: A repository might have a single .gitignore file in its root "
                       "directory.") == ("A repository might have a single .gitignore file in "
                                         "its root directory")


def test_a_deck_shows_statements_and_keeps_the_listings_in_its_notes(tmp_path: Path) -> None:
    article = tmp_path / "chapter.txt"
    article.write_text(CHAPTER, encoding="utf-8")
    draft = tmp_path / "chapter.md"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(article), "-o", str(draft)]).exit_code == 0
    result = runner.invoke(main, ["build", str(draft), "-a", "analyst", "-f", "pptx",
                                  "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(next((tmp_path / "out").rglob("*.pptx"))))
    shown = [p.text for slide in deck.slides for shape in slide.placeholders
             if shape.has_text_frame and shape.placeholder_format.idx != 0
             for p in shape.text_frame.paragraphs]
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides
                      if slide.has_notes_slide)
    code_lines = {line.strip() for line in LISTING.splitlines() if line.strip()}
    assert not code_lines & {text.strip() for text in shown}
    assert any("README file is untracked" in text for text in shown)
    assert "$ git status" in notes and "nothing added to commit" in notes
    assert not any(text.startswith("Note:") for text in shown)
