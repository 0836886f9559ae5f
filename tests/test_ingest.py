"""Ingest: structure found in plain text, key points, the draft read back, files read in."""

from __future__ import annotations

import datetime
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, HEADINGS, SOURCE, body_lines
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from test_textrepair import correct_text, damage

from exporter.bullets import content_words, is_aside, shorten
from exporter.cli import main
from exporter.errors import IngestError
from exporter.ingest import (
    IngestResult,
    heading_levels,
    ingest_text,
    is_heading,
    slug,
    title_from_filename,
)
from exporter.ingest.language import article_language
from exporter.ingest.levels import no_jumps
from exporter.ingest.lines import (
    announces_sections,
    banner_rest,
    byline_of,
    date_of,
    metadata_of,
    report_part,
    section_key,
)
from exporter.ingest.markdown_out import to_markdown
from exporter.ingest.pieces import Heading, rejoined
from exporter.ingest.plaintext import read_plain
from exporter.ingest.source import read_article
from exporter.model import (
    CodeBlock,
    Document,
    ListBlock,
    Metadata,
    Paragraph,
    Run,
    Section,
    Table,
    plain_text,
)
from exporter.reader import Content, read_document
from exporter.textrepair import repair_text

TODAY = datetime.date(2026, 11, 26)
FIXTURES = Path(__file__).parent / "fixtures"
UNSEEN = Path(__file__).parent / "fixtures" / "amazon-river-trade-corridors.txt"
UNSEEN_HEADINGS = [
    "The Geography of the Amazon Waterways",
    "Economic Importance for Riverside Communities",
    "Obstacles to Reliable Navigation",
    "Case Study: The Hidrovía Amazónica",
    "Cross-Border Cooperation",
    "What Comes Next for River Ports?",
]


def ingest(text: str, **options: Any) -> IngestResult:
    return ingest_text(text, source="content/source/article.txt", today=TODAY, **options)


def read_back(result: IngestResult) -> Document:
    """The draft as the content reader parses it (Jinja included)."""
    return Content(path=Path("draft.md"), text=result.markdown).document_for()


def texts(document: Document) -> list[str]:
    """Paragraphs and list items, in reading order."""
    out = []
    for block in [*document.intro, *(b for s in document.walk() for b in s.blocks)]:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            out.extend(item.text for item in block.items)
    return out


def seed_meta() -> Metadata:
    return Metadata(title="Seed")


def lists(document: Document) -> list[ListBlock]:
    blocks = [*document.intro, *(b for s in document.walk() for b in s.blocks)]
    return [b for b in blocks if isinstance(b, ListBlock)]


@pytest.fixture(scope="module")
def seed() -> IngestResult:
    return ingest_text(SOURCE.read_text(encoding="utf-8"), source=str(SOURCE), today=TODAY)


class TestSeed:
    def test_sixteen_headings_in_order(self, seed: IngestResult) -> None:
        assert [title for _, title in seed.headings] == [title for _, title in HEADINGS]
        assert read_back(seed).headings() == list(seed.headings)

    def test_two_lists_of_three_and_four_items_with_bold_labels(self, seed: IngestResult) -> None:
        found = lists(read_back(seed))
        assert [len(b.items) for b in found] == [3, 4]
        assert not any(b.ordered for b in found)
        labels = [item.runs[0] for item in found[1].items]
        assert all(run.bold for run in labels)
        assert labels[0].text == "Strengthening Intelligence Capabilities:"
        assert not found[0].items[0].runs[0].bold

    def test_nine_repairs_and_no_broken_letter_left(self, seed: IngestResult) -> None:
        assert len(seed.repairs) == 9
        assert "Ă" not in seed.markdown
        for name in ("Huánuco", "Chavín de Huántar", "Apurímac", "Operación", "El Niño"):
            assert name in seed.markdown

    def test_paragraphs_match_the_curated_content_word_for_word(self, seed: IngestResult) -> None:
        assert texts(read_back(seed)) == texts(read_document(ARTICLE))

    def test_paragraphs_match_the_article(self, seed: IngestResult) -> None:
        assert texts(read_back(seed)) == body_lines()

    def test_intro_is_the_text_before_the_first_heading(self, seed: IngestResult) -> None:
        intro = read_back(seed).intro
        assert [b.text for b in intro] == body_lines()[:2]  # type: ignore[union-attr]

    def test_a_long_first_paragraph_gives_a_summary_of_its_first_sentences(self) -> None:
        """The drafted summary is an abstract: the first paragraph's sentences up to about
        120 words, the rest of it left to the text."""
        sentence = "The ships waited in the Gulf for weeks while the strait stayed closed. "
        result = ingest(f"Ports\n\n{sentence * 30}\n\nHeading\n\nText of the section.\n")
        summary = read_back(result).meta.summary
        assert summary == " ".join([sentence.strip()] * 9)
        assert read_back(result).intro[0].text.count("The ships waited") == 30  # type: ignore[union-attr]

    def test_a_short_first_paragraph_is_filled_up_from_the_rest_of_the_introduction(
            self) -> None:
        """A first paragraph of two sentences gives a summary of three: the most salient
        sentence of the introduction's other paragraphs that stands on its own follows
        them; one that leans on the sentence before it ("It is ...") does not."""
        text = ("Bodmin\n\nBodmin is a town in Cornwall. It lies south-west of Bodmin Moor."
                "\n\nIt is mostly urban. Bodmin had 14,736 people in 2011, when Bodmin was "
                "the largest town of the moor.\n\nHistory\n\nMonks settled in Bodmin.\n")
        assert read_back(ingest(text)).meta.summary == (
            "Bodmin is a town in Cornwall. It lies south-west of Bodmin Moor. Bodmin had "
            "14,736 people in 2011, when Bodmin was the largest town of the moor.")

    def test_front_matter(self, seed: IngestResult) -> None:
        meta = read_back(seed).meta
        assert meta.title == "Peru Military Drug Trafficking"
        assert meta.date == "2026-11-26"
        assert meta.source == str(SOURCE)
        assert meta.summary == body_lines()[0]

    def test_keypoints_are_whole_sentences_of_the_section(self, seed: IngestResult) -> None:
        for section in read_back(seed).walk():
            points = [plain_text(p) for p in section.keypoints]
            prose = " ".join(texts(Document(meta=seed_meta(), intro=section.blocks)))
            assert 1 <= len(points) <= 5, section.title
            for point in points:
                assert 5 <= len(point.split()) <= 32, point
                assert point[-1].isalnum() or point[-1] in "\"”’)", point
                assert set(content_words(point)) <= set(content_words(prose)), point
                assert re.search(re.escape(point.split()[-1]) + r"[.,;:)”\"]*(\s|$)", prose)

    def test_levels_auto_follow_the_topic_rule(self, seed: IngestResult) -> None:
        levels = [level for level, _ in seed.headings]
        assert levels == [1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 2, 2, 1]
        curated = [level for level, _ in HEADINGS]
        assert sum(a == b for a, b in zip(levels, curated, strict=True)) == 15

    def test_flat_levels(self) -> None:
        result = ingest(SOURCE.read_text(encoding="utf-8"), levels="flat")
        assert {level for level, _ in result.headings} == {1}

    def test_blank_lines_and_crlf_change_nothing(self, seed: IngestResult) -> None:
        spaced = "\r\n\r\n".join(SOURCE.read_text(encoding="utf-8").splitlines())
        result = ingest_text(spaced, source=str(SOURCE), today=TODAY)
        assert result.markdown == seed.markdown
        assert [r.line for r in result.repairs] == [2 * r.line - 1 for r in seed.repairs]

    def test_same_input_same_draft(self, seed: IngestResult) -> None:
        again = ingest_text(SOURCE.read_text(encoding="utf-8"), source=str(SOURCE), today=TODAY)
        assert again == seed


class TestUnseenArticle:
    """An article the rules were not written against, damaged the way the seed was."""

    @pytest.mark.parametrize("continuation", ["cp1252", "cp1250", "latin-1"])
    def test_every_heading_list_and_accent_right(self, continuation: str) -> None:
        source = UNSEEN.read_text(encoding="utf-8")
        broken = damage(source, continuation)
        assert "Ă" in broken and "Ĺ" in broken
        result = ingest(broken)
        document = read_back(result)
        assert [title for _, title in result.headings] == UNSEEN_HEADINGS
        lines = [line for line in source.splitlines() if line not in UNSEEN_HEADINGS]
        assert texts(document) == [re.sub(r"^(- |\d\. )", "", line) for line in lines]
        found = lists(document)
        assert [(len(b.items), b.ordered) for b in found] == [(3, False), (3, True), (3, False)]
        assert [run.text for item in found[2].items for run in item.runs if run.bold] == [
            "Shared Charts:", "Joint Patrols:", "Port Standards:"]
        assert not re.search("[ĂĹ]", result.markdown)

    def test_repairs_name_each_broken_word(self) -> None:
        source = UNSEEN.read_text(encoding="utf-8")
        result = ingest(damage(source))
        broken = [word for word in source.split() if damage(word) != word]
        assert len(result.repairs) == len(broken) == 36
        assert all(repair.after in source and repair.before not in source
                   for repair in result.repairs)


class TestHeadings:
    @pytest.mark.parametrize("line", [
        "Case Study: Operation Fortaleza", "What Comes Next for River Ports?", "Notable Operations",
        "2018 in Review", "“Plan Colombia” and Its Legacy", "¿Qué Sigue?", "The VRAEM (Valley)",
    ])
    def test_headings(self, line: str) -> None:
        assert is_heading(line)

    @pytest.mark.parametrize("line", [
        "Key policies include the following:", "The army moved in.", "Wow!", "Ends with a comma,",
        "lower-case start of a fragment", "- Fuel and gas", "1. Shallow passages",
        "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen", "He said “we are ready.”",
    ])
    def test_not_headings(self, line: str) -> None:
        assert not is_heading(line)

    def test_outline_numbers_give_levels(self) -> None:
        titles = ["1 Introduction", "1.1 Background", "1.1.1 Early Years", "2 Outlook"]
        assert heading_levels(titles) == [1, 2, 3, 1]

    def test_capitals_are_sections(self) -> None:
        titles = ["THE RIVER", "Ports", "Boats", "THE PEOPLE", "Villages"]
        assert heading_levels(titles) == [1, 2, 2, 1, 2]

    def test_levels_never_jump(self) -> None:
        assert heading_levels(["Ports", "THE RIVER", "Boats", "THE SEA", "Fish"]) == [
            1, 1, 2, 1, 2]

    def test_one_line_in_capitals_does_not_put_the_headings_after_it_down(self) -> None:
        """A program's output taken for a heading ("GIT 1.4.2.1"), or capitals that first
        appear after many headings, are no sign that capitals mark the sections."""
        titles = ["Tagging", "Listing Your Tags", "GIT 1.4.2.1", "Tagging Later", "Summary"]
        assert heading_levels(titles) == [1, 1, 1, 1, 1]
        titles = ["Ports", "Boats", "People", "THE RIVER", "Trade", "THE SEA", "Fish"]
        assert heading_levels(titles) == [1] * len(titles)

    def test_headings_written_to_one_pattern_are_siblings_under_the_one_before(
            self) -> None:
        """A report's headings grading one characteristic each ("X – Fully Addresses")
        come under the finding before them; the next finding is a section again."""
        titles = ["Background", "The Strategy Does Not Address All Characteristics",
                  "Purpose and Scope – Fully Addresses", "Risk Assessment – Fully Addresses",
                  "Resources and Investments — Partially Addresses", "Workforce Programs"]
        assert heading_levels(titles) == [1, 1, 2, 2, 2, 1]
        assert heading_levels(["Ports", "Phase 1: Dredging", "Phase 2: Building",
                               "Trade"]) == [1, 2, 2, 1]
        assert heading_levels(["Ports: An Overview", "Boats", "Trade: Next Steps"]) == \
            [1, 1, 1]  # parts that share no word

    def test_no_signal_means_flat(self) -> None:
        assert heading_levels(["Ports", "Boats", "People", "Trade"]) == [1, 1, 1, 1]

    def test_a_heading_followed_at_once_by_another_is_its_parent(self) -> None:
        titles = ["History", "Churches", "Archdeaconry", "Sites", "Institutions", "Transport"]
        opens = [None, "", None, "", None, None]
        assert heading_levels(titles, opens=opens) == [1, 1, 2, 1, 2, 1]

    def test_other_x_is_a_sibling_of_the_heading_naming_x(self) -> None:
        titles = ["Churches", "Parish church", "Other churches", "Sites of interest",
                  "Institutions", "Other sites"]
        opens = ["", None, None, "", None, None]
        assert heading_levels(titles, opens=opens) == [1, 2, 2, 1, 2, 1]

    def test_the_children_of_an_empty_parent_run_while_they_share_its_words(self) -> None:
        """After an empty parent, the headings that share a word with it or its first child
        are its children too; the first that shares none is not, nor one that shares only
        a word of the article's subject that the two do not both have."""
        titles = ["All-In Pricing", "Requirements for Tickets", "Speculative Tickets",
                  "Nontransferable Tickets", "Refundable Tickets", "Legislative Considerations"]
        opens = [None, "", None, None, None, None]
        assert heading_levels(titles, opens=opens) == [1, 1, 2, 2, 2, 1]
        assert heading_levels(titles, opens=opens, title="Tickets for Events") == [
            1, 1, 2, 2, 2, 1]
        titles = ["Peru's Military", "Army", "Navy", "Peru's Drug Trade"]
        assert heading_levels(titles, opens=["", None, None, None], title="Peru") == [
            1, 2, 1, 1]

    def test_the_children_an_announcement_names_are_all_children(self) -> None:
        """A parent whose text ends by naming its parts ("three components: cryptocurrency,
        smart contracts, and oracles") has each heading that names one as a child, though
        they share no word; the first heading it does not name is no child."""
        titles = ["Introduction", "The Building Blocks", "Cryptocurrency", "Smart Contracts",
                  "Oracles", "Applications"]
        announcement = ("This section describes three of the key components: cryptocurrency, "
                        "smart contracts, and oracles.")
        opens = [None, announcement, None, None, None, None]
        assert heading_levels(titles, opens=opens) == [1, 1, 2, 2, 2, 1]
        assert heading_levels(titles, opens=[None, "", None, None, None, None]) == [
            1, 1, 2, 1, 1, 1]

    def test_an_announced_section_that_announces_its_own_is_a_level_between(self) -> None:
        """Announcements nest ("This section analyzes three disruptions ...", then a
        subsection that "considers" its own), where empty headings in a row do not."""
        titles = ["Disruptions", "Vehicle Dealers", "Recession Markups", "Policy"]
        outer = "This section analyzes how dealers and grocers met three disruptions."
        inner = "This part considers the markups of the recession in turn."
        assert heading_levels(titles, opens=[outer, inner, None, None]) == [1, 2, 3, 1]
        assert heading_levels(titles, opens=["", "", None, None]) == [1, 1, 2, 1]
        assert announces_sections(outer) and announces_sections(
            "This section uses three examples that illustrate retailers' markups.")

    def test_a_flat_contents_list_leaves_levels_to_the_rules(self) -> None:
        """A contents list of one depth names every heading after the title line: the
        levels rules decide (an empty parent's children are a level down)."""
        text = ("Tickets for Live Events\n\nContents\n\nTicket Pricing\n"
                "Requirements for Tickets\nSpeculative Tickets\nRefundable Tickets\n"
                "Legislative Considerations\n\nTicket Pricing\n\n"
                "Prices rose by a third over the year.\n\nRequirements for Tickets\n\n"
                "Speculative Tickets\n\nSome sellers list tickets they do not hold.\n\n"
                "Refundable Tickets\n\nSome bills would require refunds.\n\n"
                "Legislative Considerations\n\nCongress may weigh the costs.\n")
        assert list(ingest(text).headings) == [
            (1, "Ticket Pricing"), (1, "Requirements for Tickets"), (2, "Speculative Tickets"),
            (2, "Refundable Tickets"), (1, "Legislative Considerations")]

    @pytest.mark.parametrize("announcement", [
        "The remainder of this section discusses the building blocks in turn.",
        "This section describes the three building blocks.",
        "Each of them is discussed below.",
        "It rests on three building blocks:",
    ])
    def test_a_section_that_announces_what_follows_is_its_parent(
            self, announcement: str) -> None:
        text = ("Decentralized Finance\n\nIntroduction\n\nThe market grew by a third in "
                "2025.\n\nThe Building Blocks\n\nDecentralized finance runs on public "
                f"blockchains. {announcement}\n\nSmart Contracts\n\nThey run on their "
                "own.\n\nPolicy Issues\n\nRegulators watch the market.\n")
        assert list(ingest(text).headings) == [
            (1, "Introduction"), (1, "The Building Blocks"), (2, "Smart Contracts"),
            (1, "Policy Issues")]

    def test_a_section_that_speaks_of_its_subsections_anywhere_is_their_parent(self) -> None:
        """"The subsections provide details about ..." in a section's first paragraph, a
        text box after it: what follows are its subsections all the same."""
        text = ("Farm Agencies\n\nIntroduction\n\nThe department was reorganized in 2025."
                "\n\nCurrent Structure\n\nThis part sets out the structure before the plan. "
                "The subsections provide details about the officers and the mission areas."
                "\n\nMost of the staff work in the field, at county offices across the "
                "country.\n\nThe Office of the Secretary\n\nIt oversees the department's "
                "operations.\n")
        assert list(ingest(text).headings) == [
            (1, "Introduction"), (1, "Current Structure"), (2, "The Office of the Secretary")]

    def test_a_section_that_announces_nothing_opens_no_subsection(self) -> None:
        text = ("Decentralized Finance\n\nIntroduction\n\nThe market grew by a third in "
                "2025.\n\nThe Building Blocks\n\nIt runs below the surface of the "
                "markets.\n\nSmart Contracts\n\nThey run on their own.\n")
        assert [level for level, _ in ingest(text).headings] == [1, 1, 1]

    def test_a_short_lead_naming_the_next_heading_is_its_parent(self) -> None:
        """A heading whose only text is one short sentence naming what the next heading
        names, and its own title does not, leads into it: the next heading, and the named
        ones after it (headings in sentence case), are its subsections; two sentences, or
        a sentence naming something else, lead nowhere."""
        def text(lead: str) -> str:
            return ("Bodmin\n\nHistory\n\nThe town grew around a priory in the sixth "
                    f"century.\n\nEducation\n\n{lead}\n\nPrimary schools\n\nSt Petroc's has "
                    "440 pupils.\n\nBodmin College\n\nIt teaches ages 11 to 18.\n\n"
                    "Sport and leisure\n\nThe town has a football club.\n")
        assert list(ingest(text("There are no independent schools in the area.")).headings) \
            == [(1, "History"), (1, "Education"), (2, "Primary schools"),
                (2, "Bodmin College"), (1, "Sport and leisure")]
        for lead in ("There are no independent schools in the area. Fees are high.",
                     "The county council runs it."):
            assert [level for level, _ in ingest(text(lead)).headings][:3] == [1, 1, 1]

    def test_named_subjects_under_general_headings_in_sentence_case(self) -> None:
        titles = ["Situation and origin of the name", "History", "Bodmin Borough Police",
                  '"Bodmin Town"', "Sites of interest", "Other sites", "Education",
                  "Primary schools", "Bodmin College", "Callywith College", "Sport and leisure",
                  "Atkinson Principles", "Town twinning", "Official events"]
        assert heading_levels(titles, title="Bodmin") == [
            1, 1, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1]

    def test_named_headings_are_sections_in_title_case(self) -> None:
        titles = ["Control of the Strait", "Jones Act Waiver", "National Security Fleets"]
        assert heading_levels(titles, title="The Strait of Hormuz") == [1, 1, 1]

    def test_topic_words_make_shorter_headings_subsections(self) -> None:
        titles = ["The River Trade Today", "Boats", "The River Trade Tomorrow",
                  "The River Trade and the State", "Government Policies Addressing the Trade "
                  "of All Goods Along the Banks"]
        assert heading_levels(titles) == [1, 2, 1, 1, 1]

    def test_the_parts_of_a_report_are_sections(self) -> None:
        """"Conclusions", "Recommendations for Executive Action", "Issues for Congress":
        a part of a report is a section, though it shares a word with the children before
        it or is shorter than a heading of the report's topic."""
        titles = ["Background", "Grant Eligible Entities", "Grant Award Process",
                  "Grant Reporting", "Conclusions", "Recommendations for Executive Action"]
        opens = ["", None, None, None, None, None]
        assert heading_levels(titles, opens=opens) == [1, 2, 2, 2, 1, 1]
        glued = [*titles[:4], "Conclusions Recommendation for Executive Action"]
        assert heading_levels(glued, opens=opens[:5]) == [1, 2, 2, 2, 1]
        titles = ["The River Trade Today", "Boats", "The River Trade Tomorrow",
                  "Conclusions", "Appendix A: The River Trade in Figures"]
        assert heading_levels(titles) == [1, 2, 1, 1, 1]
        # a heading that only opens with such a word is no part of a report
        assert heading_levels(["Background", "Background Checks in Practice"],
                              opens=["", None]) == [1, 2]
        # a part a report opens with may open a section's story; one it closes with not
        assert heading_levels(["History", "Background", "Union", "Economy"],
                              opens=["", None, None, None]) == [1, 2, 1, 1]
        assert heading_levels(["Findings", "Conclusions"], opens=["", None]) == [1, 1]
        for part in ("Selected Policy Options for Congress", "Legislative Considerations",
                     "Observations and Considerations for Congress",
                     "Enacted Laws in the 119th Congress"):
            assert heading_levels(["Findings", "Congress and Grant Considerations", part],
                                  opens=["", None, None]) == [1, 2, 1]
        assert heading_levels(["Findings", "Grant Considerations", "Other Considerations"],
                              opens=["", None, None]) == [1, 2, 2]

    def test_the_headings_after_the_questions_a_report_puts_are_its_subsections(self) -> None:
        """A report's part putting questions to its readers ("Issues for Congress",
        "Selected Legislative Options", "Potential Reforms") has the issues or options after
        it as its subsections, up to the next part of the report."""
        titles = ["Introduction", "Human Landing System", "Lunar Base", "Issues for Congress",
                  "Budget", "Moon to Mars Architecture", "Role of the Commercial Space Sector"]
        assert heading_levels(titles) == [1, 1, 1, 1, 2, 2, 2]
        titles = ["Federal Oversight", "Selected Legislative Options", "All-In Pricing",
                  "Requirements for Tickets", "Speculative Tickets", "Refundable Tickets",
                  "Legislative Considerations"]
        opens = [None, None, None, "", None, None, None]
        assert heading_levels(titles, opens=opens) == [1, 1, 2, 2, 3, 3, 1]
        for part in ("Regulatory Policy Issues", "Potential Reforms",
                     "Potential Considerations for Congress", "Policy Considerations"):
            assert heading_levels(["Overview of the Service", "Locations", part, "Budget",
                                   "Staffing", "Conclusions", "Appendix A: Data"]) == [
                1, 1, 1, 2, 2, 1, 1], part
        # a part that only closes the report has no subsections
        assert heading_levels(["Findings", "Agency Comments and Our Evaluation", "Budget",
                               "Staffing"]) == [1, 1, 1, 1]

    def test_a_heading_spelling_out_what_the_next_ones_shorten_is_their_parent(self) -> None:
        """"Department of Defense", then "DOD RDT&E Funding ...": the headings from the
        one after the name are its subsections, up to the next heading spelling out what
        a heading after it shortens, or the next part of the report."""
        titles = ["Introduction", "Department of Defense",
                  "DOD RDT&E Funding by Character of Work", "Additional Funding: Disaster Relief",
                  "National Institutes of Health", "NIH Restructuring",
                  "Advanced Research Projects Agency for Health", "Conclusion"]
        assert heading_levels(titles) == [1, 1, 2, 2, 1, 2, 2, 1]
        # the name may come with its initials in brackets, the initials with a possessive
        assert heading_levels(["Selected Artificial Intelligence (AI)-Focused Products",
                               "AI Overview", "Facial Recognition", "AI’s Uses in Health"]) == [
            1, 2, 2, 2]
        # no name: a phrase in lower case; a heading that uses the initials itself
        assert heading_levels(["Some Agencies Take a Position on Non-disclosure Agreements",
                               "SEC Acts Against Agreements",
                               "Agencies Cite Challenges Addressing NDAs"]) == [1, 1, 1]
        assert heading_levels(["EDA Grant Programs", "How to Apply", "EDA Appropriations"]) == [
            1, 1, 1]

    def test_an_audit_reports_background_holds_the_headings_before_its_findings(
            self) -> None:
        """A report titled by its findings (two headings of nine words or more, as GAO's
        are) has the shorter headings after "Background" as Background's subsections, up
        to the first finding; a report with one long heading does not."""
        found = "Education Staff Reductions Have Led to Decreased Oversight of Servicers"
        also = "FSA Has Not Assessed the Call Quality of Its Servicers Since February"
        titles = ["Letter", "Background", "Changes to Federal Student Loans",
                  "Staff Reductions", found, also, "Conclusions"]
        assert heading_levels(titles) == [1, 1, 2, 2, 1, 1, 1]
        assert heading_levels(["Letter", "Back round g", "Changes to Federal Student Loans",
                               found, also]) == [1, 1, 2, 1, 1]
        assert heading_levels([*titles[:5], "Conclusions"]) == [1] * 6

    def test_repeated_short_headings_and_names_from_code_are_under_the_last_section(
            self) -> None:
        """"The Pros" and "The Cons" under each protocol, each setting ("core.editor")
        under the section that lists it; a long title used twice is a heading like any."""
        assert heading_levels(["Local Protocol", "The Pros", "The Cons", "The SSH Protocol",
                               "The Pros", "The Cons", "The Git Protocol"]) == [
            1, 2, 2, 1, 2, 2, 1]
        assert heading_levels(["Basic Client Configuration", "core.editor", "commit.template",
                               "Colors in Git", "color.ui", "Server Configuration"]) == [
            1, 2, 2, 1, 2, 1]
        again = "Reemployment Services and Eligibility Assessments"
        assert heading_levels([again, "Legislation", again]) == [1, 1, 1]

    def test_a_bill_number_is_not_a_heading_in_capitals_but_under_its_topic(self) -> None:
        """No capitals rule: a bill's number is a subsection of the topic before it, and
        so are the bills after it."""
        titles = ["Selected Legislation", "H.R. 1119", "Extended Benefits", "S. 121",
                  "S. 3760/H.R. 7306", "Taxation of Benefits"]
        assert heading_levels(titles) == [1, 2, 1, 2, 2, 1]

    def test_siblings_marked_two_levels_down_keep_one_level(self) -> None:
        assert no_jumps([1, 3, 3, 2, 4, 4, 1]) == [1, 2, 2, 2, 3, 3, 1]
        assert no_jumps([2, 2, 3]) == [1, 1, 2]

    def test_questions_after_questions_are_siblings(self) -> None:
        titles = ["What Did the Act Provide the Fund?", "How Is DM Defined?",
                  "Did the Fund Affect Payments Made Under the Act?", "Does It Expire?",
                  "How Did the Act Affect the Fund?"]
        assert heading_levels(titles) == [1, 1, 1, 1, 1]

    def test_unknown_mode(self) -> None:
        with pytest.raises(IngestError, match="auto, flat"):
            heading_levels(["Ports"], "deep")


def kinds(text: str) -> list[str]:
    """The kind of each piece plain-text ingest finds ("Heading", "Paragraph", "aside"...)."""
    out = []
    for piece in read_plain(text).pieces:
        if isinstance(piece, Paragraph) and all(run.italic for run in piece.runs):
            out.append("aside")
        else:
            out.append(type(piece).__name__)
    return out


def prose_of(text: str) -> list[str]:
    """The paragraphs of prose plain-text ingest finds (no asides)."""
    return [piece.text for piece in read_plain(text).pieces
            if isinstance(piece, Paragraph) and not is_aside(piece)]


def texts_of(text: str) -> list[str]:
    out = []
    for piece in read_plain(text).pieces:
        if isinstance(piece, Heading):
            out.append(piece.title)
        elif isinstance(piece, Paragraph):
            out.append(piece.text)
        elif isinstance(piece, ListBlock):
            out.extend(item.text for item in piece.items)
    return out


class TestStructure:
    def test_lists_bullets_numbers_labels(self) -> None:
        text = ("Intro line.\nHeading\nSome items:\n• one\n* two\n3. three\n4) four\n"
                "- Label Here: text\n- Too Many Words To Be A Label Here: text\n- http://x.org: y")
        found = read_plain(text).pieces
        assert kinds(text) == ["Paragraph", "Heading", "Paragraph", "ListBlock", "ListBlock",
                               "ListBlock"]
        bullets, numbered, labelled = found[3], found[4], found[5]
        assert isinstance(numbered, ListBlock) and numbered.ordered and numbered.start == 3
        assert isinstance(bullets, ListBlock) and len(bullets.items) == 2
        assert isinstance(labelled, ListBlock)
        assert [item.runs[0].bold for item in labelled.items] == [True, False, False]

    def test_wrapped_lines_are_joined(self) -> None:
        text = ("The River\n\nRiver transport remains the backbone of trade across the\n"
                "Amazon basin, where roads are scarce and distances are vast. From\n"
                "Iquitos to Belém, barges carry fuel. The boats are small and slow and\n"
                "they carry everything from fuel to food and medicine to the towns and\n"
                "villages along the banks of the river.\n\nPorts\n\nSmall ports matter too.\n")
        assert texts_of(text) == [
            "The River",
            "River transport remains the backbone of trade across the Amazon basin, where "
            "roads are scarce and distances are vast. From Iquitos to Belém, barges carry "
            "fuel. The boats are small and slow and they carry everything from fuel to food "
            "and medicine to the towns and villages along the banks of the river.",
            "Ports", "Small ports matter too."]

    def test_a_list_item_wrapped_over_short_lines_is_one_item(self) -> None:
        """In a hard-wrapped text, an item over two short lines ("Creating a workforce
        for" / "tomorrow") is one item, its lines joined by a space, not an address."""
        text = ("The River\n\nRiver transport remains the backbone of trade across the\n"
                "Amazon basin, where roads are scarce and distances are vast. From\n"
                "Iquitos to Belém, barges carry fuel. The boats are small and slow.\n\n"
                " - Creating a river-smart workforce for\ntomorrow\n\n"
                " - Deepening engagement with the shipping\nindustry\n\n"
                "The goals are set for the whole of the basin and its many ports.\n")
        document = read_back(ingest(text))
        assert [item.text for block in lists(document) for item in block.items] == [
            "Creating a river-smart workforce for tomorrow",
            "Deepening engagement with the shipping industry"]

    def test_lower_case_line_continues_and_separators_go(self) -> None:
        text = "Barges carry fuel, food and\ntimber.\n* * *\n- an item that goes\n  on here\nNext."
        assert texts_of(text) == ["Barges carry fuel, food and timber.",
                                  "an item that goes on here", "Next."]

    def test_line_numbers_point_at_the_article(self) -> None:
        found = read_plain("\n\nFirst.\n\nHeading\n\nSecond.").pieces
        assert [p.line for p in found if isinstance(p, Heading)] == [5]

    @pytest.mark.parametrize("line", [
        "Figure 1: Selected Roles and Responsibilities", "Table 2. Rounds of Negotiations",
        "Source: GAO review of FSA documents.", "Note: Figures are rounded",
        "Left: The crew patch. Right: Liftoff of Discovery.", "Photo credit: NASA",
        "A selection of photographs of cities. Left: Los Angeles. Right: Chicago.",
    ])
    def test_captions_sources_and_notes_are_asides_not_headings(self, line: str) -> None:
        assert kinds(f"Heading\n\nSome text here.\n\n{line}\n\nMore text.") == [
            "Heading", "Paragraph", "aside", "Paragraph"]

    @pytest.mark.parametrize("line", ["April 10, 2026", "Updated 22 April 2026",
                                      "By Jane Doe and John Roe"])
    def test_dates_and_bylines_are_not_headings(self, line: str) -> None:
        assert not is_heading(line)
        result = ingest(f"Title\n\nHeading\n\nText of the section.\n\n{line}\n\nMore text.")
        assert [title for _, title in result.headings] == ["Heading"]

    def test_numbered_headings_with_prose_after_them(self) -> None:
        text = ("1. Troposphere\n\nThe lowest layer holds the weather.\n\n"
                "2. Stratosphere\n\nThe ozone layer is here.\n\nSteps:\n\n1. Rise\n2. Fall\n")
        assert kinds(text) == ["Heading", "Paragraph", "Heading", "Paragraph", "Paragraph",
                               "ListBlock"]

    def test_tab_separated_rows_are_a_table(self) -> None:
        text = "Ports\n\nYear\tTonnes\tShips\n2024\t1,200\t40\n2025\t1,500\t52\n\nAfter."
        table = read_plain(text).pieces[1]
        assert isinstance(table, Table)
        assert [plain_text(c) for c in table.header] == ["Year", "Tonnes", "Ships"]
        assert [[plain_text(c) for c in row] for row in table.rows] == [
            ["2024", "1,200", "40"], ["2025", "1,500", "52"]]

    def test_a_header_over_row_labels_starts_with_an_empty_cell(self) -> None:
        table = read_plain("Ports\n\n\tFY2024\tFY2025\nGlobal Markets\t372.5\t178.3\n").pieces[1]
        assert isinstance(table, Table)
        assert [plain_text(c) for c in table.header] == ["", "FY2024", "FY2025"]

    def test_a_page_break_with_footnotes_does_not_split_a_paragraph(self) -> None:
        wrapped = ("The department reviewed the contracts and the invoices of the five\n"
                   "servicers over the two quarters of the year, to provide greater\n\n"
                   "1 GAO, Federal Student Loans: Further Actions Needed to Implement\n"
                   "Recommendations on Oversight of Loan Servicers (Washington, D.C.: 2018).\n\n"
                   "2 Department of Education, Fiscal Year 2023 Agency Financial Report\n"
                   "(Washington, D.C.: Nov. 16, 2023) and the report for the next year.\n\n"
                   "flexibility in the management of the programs.1 The office then grew\n"
                   "quickly in the years that followed, as the loans did themselves.\n")
        found = read_plain(wrapped).pieces
        assert kinds(wrapped) == ["Paragraph", "aside", "aside"]
        first = found[0]
        assert isinstance(first, Paragraph)
        assert "to provide greater flexibility in the management of the programs. The" in (
            first.text)

    def test_footnote_markers_leave_numbers_whole(self) -> None:
        """A marker after a year's full stop goes ("in 2024.23 The"), a number's decimals
        stay ("$1.6 trillion"); a note that cites a law ("19 31 U.S.C. ...") is a note."""
        text = ("The program now exceeds $1.6 trillion in loans, and the office reviewed\n"
                "its servicers over the whole of fiscal year 2024.19 The office grew.\n\n"
                "17 GAO, Federal Student Loans: Oversight of Loan Servicers, 2018.\n\n"
                "18 GAO, Federal Student Loans: Actions Needed on Servicer Pay, 2019.\n\n"
                "19 31 U.S.C. § 3352(c).\n\n"
                "The agency reported a total of $16.5 billion in payments for the year.\n")
        assert prose_of(text) == [
            "The program now exceeds $1.6 trillion in loans, and the office reviewed its "
            "servicers over the whole of fiscal year 2024. The office grew.",
            "The agency reported a total of $16.5 billion in payments for the year."]
        assert kinds(text) == ["Paragraph", "aside", "aside", "aside", "Paragraph"]

    def test_a_decimal_at_the_end_stays_and_a_marker_after_a_day_goes(self) -> None:
        """"$54.4" closing a row keeps its decimal; "as of April 1.38 A ..." loses the
        marker of note 38."""
        text = ("Five vessels had not departed as of April 1.38 A closure of the strait\n"
                "could reduce the fleet's use. The awards came to a total of $54.4\n\n"
                "38 CRS communication with the Maritime Administration about the fleet, "
                "April 2026.\n\n"
                "39 GAO analysis of the awards made by the department in the year.\n\n"
                "4 GAO, Maritime Security: The Fleet and Its Ships in the Gulf, 2025.\n")
        assert prose_of(text) == [
            "Five vessels had not departed as of April 1. A closure of the strait could "
            "reduce the fleet's use. The awards came to a total of $54.4"]

    def test_a_decimal_before_a_unit_keeps_its_digits(self) -> None:
        """"0.58 TWh" keeps its "58" even when the article has a note 58: a unit is no
        sentence, and a lone "0." is a decimal point."""
        text = ("Mining used more power as the price rose, and consumption increased\n"
                "by 0.58 TWh. The report modelled two scenarios from that finding.\n\n"
                "58 CRS communication with the Energy Information Administration about "
                "mining, April 2026.\n\n"
                "59 GAO analysis of the power used by the miners in the year.\n\n"
                "4 GAO, Energy Markets: Mining and the Grid in the States, 2025.\n")
        assert prose_of(text) == [
            "Mining used more power as the price rose, and consumption increased by 0.58 TWh. "
            "The report modelled two scenarios from that finding."]

    def test_a_side_heading_at_a_page_top_goes_where_its_text_begins(self) -> None:
        text = ("FOIA and the Inventory\n\nThe inventory lists the programs of the agencies.\n\n"
                "1 GAO, Federal Programs: OMB Needs to Keep Developing a Complete Inventory.\n\n"
                "2 GAO, Freedom of Information Act: Agencies Are Not Processing Requests Fast.\n\n"
                "3 GAO-24-106214.\n\n"
                "Delays in Processing FOIA Requests\n\n"
                "Moreover, we found that the inventory misses many of the programs.\n\n"
                "In the report, we concluded that a complete list would cut delays.\n\n"
                "Delays in processing FOIA requests grew at many agencies.\n")
        assert kinds(text) == ["Heading", "Paragraph", "aside", "aside", "aside", "Paragraph",
                               "Paragraph", "Heading", "Paragraph"]

    def test_a_heading_repeated_at_once_is_an_aside(self) -> None:
        assert kinds("Letter\n\nLetter\n\nChair Ernst and Members of the Committee.") == [
            "Heading", "aside", "Paragraph"]

    def test_a_paragraph_cut_after_a_comma_goes_on_past_the_page_break(self) -> None:
        text = ("The contracts set standards on six metrics: accuracy, call quality,\n\n"
                "1 Department of Education, Fiscal Year 2023 Agency Financial Report (2023).\n\n"
                "2 Department of Education, Fiscal Year 2024 Agency Financial Report (2024).\n\n"
                "timeliness of tasks, and financial monitoring.\n")
        assert texts_of(text)[0] == ("The contracts set standards on six metrics: accuracy, "
                                     "call quality, timeliness of tasks, and financial "
                                     "monitoring.")

    def test_running_heads_and_page_numbers_are_dropped(self) -> None:
        page = "Report on Rivers\n\nThe rivers are long and wide and deep.\n\n{n}\n\n"
        text = "".join(page.format(n=n) for n in range(1, 5))
        assert texts_of(text) == ["The rivers are long and wide and deep."] * 4

    def test_numbered_headings_over_sections_are_not_running_heads(self) -> None:
        text = "".join(f"Apollo {n}\n\nThe crew of Apollo {n} trained for the flight.\n\n"
                       for n in (10, 11, 12))
        assert kinds(text) == ["Heading", "Paragraph"] * 3

    def test_a_pdf_copy_s_wrapped_title_running_head_and_broken_notes(self) -> None:
        """A CRS report's PDF as pdftotext gives it (tests/fixtures): its title wrapped
        over two lines (the running head over every page shows it whole, in title case, 13
        words), its date run into the site's address, blocks of notes that blank lines
        broke (one of them across a page break, between the halves of a paragraph), a note
        that ends with a web address. The title is whole, the running head and the notes
        are no text, and the notes' markers leave the prose."""
        text = (FIXTURES / "crs-r48903-pdftotext.txt").read_text(encoding="utf-8")
        head = "The Strait of Hormuz in Brief: Non-Oil Shipments and Effects on U.S. Shippers"
        document = read_back(ingest(text))
        assert (document.meta.title, document.meta.date, document.meta.source) == (
            head, "2026-04-10", "R48903")
        assert [title for _, title in document.headings()] == [
            "Introduction", "Control of the Strait", "Inbound and Outbound Ships",
            "Food and Animal Feed", "Steel and Construction Materials", "Automobiles",
            "Oil and Gas Byproducts", "Jones Act Waiver", "National Security Fleets"]
        # the contents list lost its indentation; its dotted leaders still show the levels
        assert [level for level, _ in document.headings()] == [1, 1, 1, 2, 2, 2, 2, 1, 1]
        prose = [b.text for s in document.walk() for b in s.blocks
                 if isinstance(b, Paragraph) and not is_aside(b)]
        assert all("Beckman" not in t and "Trade Data Monitor" not in t and head not in t
                   and "Maritime Executive" not in t and "marines.mil" not in t for t in prose)
        markers = [m for t in prose for m in re.findall(r"[a-z”][.,]\d{1,2}(?= [A-Z])", t)]
        assert not markers, markers

    def test_a_sheet_s_columns_give_the_wrap_width_not_its_wide_table(self) -> None:
        """A two-column sheet as pdftotext gives it: its columns' lines of some 58
        characters, a full-width table's rows of 120; a heading over column text without a
        blank line between them is a heading."""
        column = ("Congress first authorized major federal grant programs\n"
                  "for elections in the Help America Vote Act of 2002, and\n"
                  "it has funded some of those programs in recent years.\n")
        table = "".join(f"Grant program {n} with its authorizations and its appropriations "
                        f"for the fiscal years of the act, in millions of dollars, row {n}\n"
                        for n in range(4))
        text = (f"Elections Grants\n\n{column}\n{table}\nOther Grant Programs\n"
                f"{column}\n{column}")
        assert [title for _, title in ingest(text).headings] == ["Other Grant Programs"]

    def test_a_copy_with_a_table_of_short_cells_is_still_hard_wrapped(self) -> None:
        """A PDF copy whose table gives many short lines, one cell each: its prose is still
        wrapped, and a heading over it without a blank line is a heading."""
        prose = ("Pre-disaster mitigation funding is authorized in Section 203 of the Stafford "
                 "Act, and the\nfunding for it changed in the first Administration with the "
                 "passage of the act of 2018, so\nthat the agency introduced a new program in "
                 "the fiscal year 2020 to award the funding.\n")
        cells = "".join(f"$3.{n} billion\n{n}5%\n$25{n}.6 million\n\n" for n in range(12))
        text = f"FEMA Grants\n\n{prose}\n{cells}Overview of the Program\n{prose}\n{prose}"
        assert [title for _, title in ingest(text).headings] == ["Overview of the Program"]

    def test_a_note_s_first_line_with_a_web_address_is_no_heading(self) -> None:
        body = "The department has many offices across the country and abroad.\n\n"
        note = "38 USDA, “2026 Explanatory Notes—Office of the Secretary,” https://www.usda.gov/x/"
        assert "Heading" not in kinds(body + note + "\n\n" + body)

    def test_a_running_foot_beside_page_numbers_is_dropped(self) -> None:
        page = ("The rivers are long and wide and deep, and the boats on them\n"
                "carry food and fuel to the towns along the banks.\n\n"
                "Congressional Research Service\n\n{n}\n\n")
        assert texts_of("".join(page.format(n=n) for n in range(1, 4))) == [
            "The rivers are long and wide and deep, and the boats on them carry food and fuel "
            "to the towns along the banks."] * 3

    def test_a_line_between_a_table_title_and_its_rows_is_part_of_the_caption(self) -> None:
        text = ("Budget\n\nThe budget grew.\n\nTable 1. Appropriations\n\nMillions of Dollars\n\n"
                "Year\tAmount\n2024\t611\n\nThe budget fell later.")
        assert kinds(text) == ["Heading", "Paragraph", "aside", "aside", "Table", "Paragraph"]

    def test_the_repeated_first_line_of_each_recommendation_is_kept(self) -> None:
        """Each recommendation opens with the same line, which a page number may sit
        beside: a line stopping on "the" is a sentence's start, no running head."""
        recommendation = ("The Director should ensure that the office's plans for the\n"
                          "locks address the need to {verb} each chamber.\n\n{n}\n\n")
        verbs = ("inspect", "widen", "repair", "light")
        text = "".join(recommendation.format(verb=verb, n=n)
                       for n, verb in enumerate(verbs, start=1))
        assert texts_of(text) == [
            "The Director should ensure that the office's plans for the locks address the "
            f"need to {verb} each chamber." for verb in verbs]

    def test_a_line_repeated_inside_pages_is_kept(self) -> None:
        text = "Rivers\nPorts\nRivers\nPorts\nRivers\nPorts\nRivers"
        assert texts_of(text) == text.split("\n")

    def test_address_blocks_are_not_headings(self) -> None:
        body = ("The office reviewed the contracts of the servicers in the first and the\n"
                "second quarters of the year and found that most did not meet the standards\n"
                "for accuracy that the contracts set out for every one of them this year.\n\n")
        text = body + "The Honorable Jane Doe\nRanking Member\nCommittee on Rivers\n\n" + body
        assert kinds(text) == ["Paragraph", "aside", "Paragraph"]


class TestContents:
    BODY = ("Introduction\n\nThe service helps firms sell abroad.\n\n"
            "Overview of the Service\n\nThe service began in 1980.\n\n"
            "Locations\n\nIt has offices in 80 countries.\n\n"
            "Potential Reforms\n\nCongress could change it.\n")

    def levels(self, text: str) -> list[tuple[int, str]]:
        return list(ingest(text).headings)

    def test_an_indented_list_gives_the_levels_and_is_left_out(self) -> None:
        contents = ("Contents\nIntroduction .......... 1\nOverview of the Service ..... 1\n"
                    "    Locations ........ 2\nPotential Reforms ...... 3\n\n"
                    "Figures\nFigure 1. Posts of the Service ..... 2\n\n")
        result = ingest("The Service\n\n" + contents + self.BODY)
        assert list(result.headings) == [(1, "Introduction"), (1, "Overview of the Service"),
                                         (2, "Locations"), (1, "Potential Reforms")]
        assert read_back(result).intro == ()
        assert any("contents list (4 entries)" in note for note in result.notes)

    def test_numbered_entries_give_the_levels(self) -> None:
        contents = ("Table of Contents\n\n1. Introduction\n2. Overview of the Service\n"
                    "2.1 Locations\n3. Potential Reforms\n\n")
        assert [level for level, _ in self.levels("The Service\n\n" + contents + self.BODY)] == [
            1, 1, 2, 1]

    def test_a_heading_the_list_leaves_out_is_a_subsection(self) -> None:
        contents = "Contents\n\nIntroduction 1\nOverview of the Service 1\nPotential Reforms 3\n\n"
        assert self.levels("The Service\n\n" + contents + self.BODY)[2] == (2, "Locations")

    # A PDF's contents list as pdftotext gives it (CRS Report R48914, public domain, in
    # tests/fixtures): no indentation; the dotted leaders of a level's entries all end at one
    # column.
    LEADERS = (FIXTURES / "crs-r48914-contents.txt").read_text(encoding="utf-8")
    LEADER_LEVELS: ClassVar[list[int]] = [1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 1, 2, 2, 1, 2]

    def leader_body(self) -> str:
        entries = [line.rsplit(" ", 1)[0].rstrip(" .") for line in self.LEADERS.splitlines()[1:]]
        return "".join(f"{entry}\n\nThe report turns to this topic on page {n} here.\n\n"
                       for n, entry in enumerate(entries, start=1))

    def test_dotted_leaders_without_indentation_give_the_levels(self) -> None:
        text = "Cryptocurrency Mining and the Electricity Sector\n\n" + self.LEADERS + "\n"
        assert [level for level, _ in self.levels(text + self.leader_body())] == \
            self.LEADER_LEVELS

    def test_leaders_that_end_in_no_columns_leave_the_list_flat(self) -> None:
        """Leaders typed by hand, of any length, say nothing of levels."""
        ragged = "".join(f"{line.rsplit(' ', 1)[0].rstrip(' .')} {'.' * (5 + 7 * (n % 5))} {n}\n"
                         for n, line in enumerate(self.LEADERS.splitlines()[1:], start=1))
        text = "Mining and Power\n\nContents\n" + ragged + "\n" + self.leader_body()
        levels = [level for level, _ in self.levels(text)]
        assert levels != self.LEADER_LEVELS and len(levels) == len(self.LEADER_LEVELS)

    def test_an_entry_wrapped_in_a_short_list_is_one_entry(self) -> None:
        """A short list (CRS Report R44243 as pdftotext gives it), its text right after it:
        most of the list's lines end with page numbers, whatever follows."""
        questions = ["When Does an Election Occur?", "Who Presides over the Proceedings?",
                     "How Are the Party Nominees Selected?", "In What Form Do Members Vote?"]
        wrapped = ("How Often Have Speaker Elections Occurred at a Time Other Than the Start "
                   "of the", "Congress?")
        contents = "".join([
            "Contents\nIntroduction ........................................ 1\n",
            f"{wrapped[0]}\n{wrapped[1]} ....................... 1\n",
            *(f"{question} ................................ 2\n" for question in questions),
            "\nContacts\nAuthor Information.................................. 9\n\n"])
        prose = ("This report briefly poses and answers several frequently asked questions on\n"
                 "the floor proceedings used to elect a Speaker of the House, and on the votes\n"
                 "that the Members cast for the candidates in each Congress since the year 1913\n"
                 "as the Clerk of the House has reported them.\n")
        body = "".join(f"{title}\n{prose}\n" for title in [
            "Introduction", "How Often Have Speaker Elections Occurred at a Time Other Than\n"
            "the Start of the Congress?", *questions])
        titles = [title for _, title in self.levels("Electing the Speaker\n\n" + contents + body)]
        assert titles == ["Introduction", " ".join(wrapped), *questions]

    def test_a_line_the_list_leaves_out_among_cells_is_no_heading(self) -> None:
        """A table's cells, one per line as a PDF copy gives them, are not headings; a
        heading the list leaves out over its prose still is."""
        contents = "Contents\n\nIntroduction 1\nFunding 2\nPotential Reforms 3\n\n"
        body = ("Introduction\n\nThe service helps firms sell abroad.\n\n"
                "Funding\n\nCongress funds the service every year.\n\n"
                "Fiscal Year\n\nAmount\n\n2005\n\n10.0\n\n2006\n\n11.0\n\n"
                "The amounts rose in most of the years since then.\n\n"
                "Regional Offices\n\nEach office has a budget of its own for its staff.\n\n"
                "Potential Reforms\n\nCongress could change it.\n")
        assert self.levels("The Service\n\n" + contents + body) == [
            (1, "Introduction"), (1, "Funding"), (2, "Regional Offices"),
            (1, "Potential Reforms")]

    def test_questions_in_a_row_the_list_leaves_out_are_no_headings(self) -> None:
        """A list of questions whose bullets a PDF copy set apart: none opens a section;
        a question over its answer does."""
        contents = "Contents\n\nIntroduction 1\nGrant Design 2\n\n"
        body = ("Introduction\n\nCongress designs grant programs in many ways.\n\n"
                "Grant Design\n\nCongress may ask several questions of a grant program:\n\n"
                "•\n\n•\n\nWhich agency is charged with administering the grant program?\n\n"
                "Is the agency required to consult other agencies or the states?\n\n"
                "Congress might leave such details to the agency that runs the program.\n\n"
                "Who May Apply?\n\nStates and localities may apply for most of the grants.\n")
        assert self.levels("Grants\n\n" + contents + body) == [
            (1, "Introduction"), (1, "Grant Design"), (2, "Who May Apply?")]

    def test_two_headings_a_copy_joined_are_parted(self) -> None:
        """Two short lines over hard-wrapped prose, in title case, read as one wrapped
        heading; the contents list names the first alone."""
        contents = "Contents\n\nIntroduction 1\nMedical Devices 2\nCosmetics 3\n\n"
        prose = ("The act covers many products of many kinds, from the foods on the shelves of "
                 "the shops\nto the drugs that the doctors of the country give to their patients "
                 "every day of the\nyear, and it has done so since the first version of the law "
                 "was passed by Congress.\n")
        body = (f"Introduction\n{prose}\nMedical Devices\n"
                f"Overview of Selected Provisions on Devices\n{prose}\nCosmetics\n{prose}")
        assert self.levels("The Act\n\n" + contents + body) == [
            (1, "Introduction"), (1, "Medical Devices"),
            (2, "Overview of Selected Provisions on Devices"), (1, "Cosmetics")]


class TestFrontMatter:
    def test_title_date_and_report_number_from_the_top(self) -> None:
        text = ("GAO-26-108534\nRivers of the Andes: What Changes Next\n\nApril 10, 2026\n\n"
                "By Jane Doe\n\nIntroduction\n\nThe rivers run high this year.\n")
        result = ingest(text)
        meta = read_back(result).meta
        assert (meta.title, meta.date, meta.source, meta.author) == (
            "Rivers of the Andes: What Changes Next", "2026-04-10", "GAO-26-108534", "Jane Doe")
        assert result.headings == ((1, "Introduction"),)
        assert read_back(result).intro == ()

    PROSE = ("Congress has constitutional authority over foreign commerce and tariffs, a power\n"
             "it has partially delegated to the President through several laws over the years.\n")

    def test_a_masthead_over_a_wrapped_title_and_its_date(self) -> None:
        """A CRS Insight or Legal Sidebar as pdftotext gives it: the product's name, then
        the title wrapped over two lines right over the date and the text."""
        text = ("INSIGHTi\n\nSection 232 National Security Tariffs on\nCopper Imports\n"
                "Updated April 23, 2026\n" + self.PROSE)
        document = read_back(ingest(text))
        assert (document.meta.title, document.meta.date) == (
            "Section 232 National Security Tariffs on Copper Imports", "2026-04-23")
        assert texts(document)[0] == "INSIGHTi"  # kept, an aside
        assert is_aside(document.intro[0])

    def test_a_short_title_over_a_name_is_no_masthead(self) -> None:
        """Two words over a line that no date follows: the title and the text's start."""
        document = read_back(ingest("Media Contact:\n\nClaire Andreoli\n\n" + self.PROSE))
        assert document.meta.title != "Claire Andreoli"

    def test_a_sheet_s_title_shown_whole_by_its_two_running_heads(self) -> None:
        """A two-page sheet (CRS In Focus) wraps its title over two lines over its first
        heading; the running head of each later page shows it on one line."""
        page = f"{self.PROSE}\nThe Army’s XM-30 Mechanized Infantry Combat Vehicle (Formerly " \
               "the Optionally Manned Fighting Vehicle [OMFV])\n\n"
        text = ("Updated April 22, 2026\n\nThe Army’s XM-30 Mechanized Infantry Combat "
                "Vehicle\n(Formerly the Optionally Manned Fighting Vehicle [OMFV])\nBackground\n"
                + page * 2 + self.PROSE)
        result = ingest(text)
        assert read_back(result).meta.title == (
            "The Army’s XM-30 Mechanized Infantry Combat Vehicle (Formerly the Optionally "
            "Manned Fighting Vehicle [OMFV])")
        assert [title for _, title in result.headings] == ["Background"]

    def test_the_end_of_a_title_its_running_head_leaves_out(self) -> None:
        head = "Economic Development Administration: An Overview of Programs"
        page = f"{self.PROSE}\n{head}\n\n"
        text = ("Economic Development Administration:\nAn Overview of Programs\n"
                "(FY2012-FY2026)\nUpdated April 15, 2026\n\n" + page * 3 + self.PROSE)
        assert read_back(ingest(text)).meta.title == f"{head} (FY2012-FY2026)"

    def test_a_line_repeating_the_title_is_kept_as_an_aside(self) -> None:
        document = read_back(ingest("Šťastný\nŠťastný "))
        assert document.meta.title == "Šťastný"
        assert texts(document) == ["Šťastný"]
        assert document.sections == ()

    def test_the_title_glued_to_its_date_is_dropped(self) -> None:
        result = ingest("Rivers of the Andes\n\nRivers of the AndesApril 10, 2026 (R48903)\n\n"
                        "The rivers run high this year.\n")
        document = read_back(result)
        assert (document.meta.date, document.meta.source) == ("2026-04-10", "R48903")
        assert texts(document) == ["The rivers run high this year."]

    @pytest.mark.parametrize("banner", [
        "The Army’s 15th Plan (XM-30)Updated April 21, 2026 (IF11755)",  # curly as in title
        "The Army's 15 Plan (XM-30)Updated April 21, 2026 (IF11755)",  # straight, lost "th"
        "The Army's 15th Plan (XM-30) April 21, 2026             (IF11755)"])
    def test_a_banner_is_found_whatever_its_apostrophes_and_ordinals(self, banner: str) -> None:
        assert banner_rest(banner, "The Army’s 15th Plan (XM-30)") in (
            "Updated April 21, 2026 (IF11755)", "April 21, 2026             (IF11755)")

    def test_a_line_that_only_resembles_the_title_is_no_banner(self) -> None:
        assert banner_rest("The Army's 16th Plan April 21, 2026", "The Army’s 15th Plan") is None
        assert banner_rest("The Army’s 15th Plan for ships", "The Army’s 15th Plan") is None

    def test_a_generic_first_heading_is_not_the_title(self) -> None:
        meta = read_back(ingest("Introduction\n\nThe rivers run high.\n")).meta
        assert meta.title == "Article"


_RIVER = ("The river floods the valley each spring. Farmers watch the river levels. "
          "The river flooded the town in 1990.")


def _drafted(title: str, topic: Sequence[str], after: Sequence[str] = ()) -> Document:
    """An article without headings, read back from its draft: its title, a first
    paragraph, the paragraphs on one topic, four on a river, then ``after``."""
    river = [_RIVER, _RIVER.replace("spring", "winter"), _RIVER.replace("town", "farms"),
             _RIVER.replace("1990", "1991")]
    return read_back(ingest("\n\n".join([title, "It all began in 1955.", *topic, *river,
                                          *after])))


class TestWithoutHeadings:
    def test_sections_of_a_few_paragraphs_with_drafted_titles(self) -> None:
        topics = ["Wake Shield Facility", "Spacehab Module", "Mir Station", "Earth Photography",
                  "Kennedy Landing"]
        paragraphs = [f"The {topic} was a part of the mission on day {day}. The crew used the "
                      f"{topic} for hours. Engineers praised the {topic} work later."
                      for day, topic in enumerate(t for t in topics for _ in (1, 2))]
        result = ingest("Space Mission\n\n" + "\n\n".join(["It all began in 1994.", *paragraphs]))
        document = read_back(result)
        assert result.headings == ()
        assert 2 <= len(document.sections) <= 4
        assert all("drafted" in s.tags and s.keypoints for s in document.sections)
        assert all(len(s.blocks) >= 2 for s in document.sections)
        assert all(s.title in topics for s in document.sections)

    def test_drafted_titles_name_subjects_not_people_or_chance_pairs(self) -> None:
        """A title is a subject the section comes back to: a name of one word repeated
        ("Magellan"), not a person (named with an initial, or by an office), not a pair
        of words seen once ("whatever sky"), nor one cut from a compound ("23-minute
        launch") or after a preposition ("mission aboard")."""
        first = ("Commander David M. Walker and Pilot Ronald J. Grabe flew the orbiter. "
                 "Walker praised the Magellan team. The Magellan spacecraft left the bay. "
                 "Walker said the crew was proud of Magellan. NASA Administrator James C. "
                 "Fletcher watched the 23-minute launch window close on the 23-minute "
                 "launch attempt, on a mission aboard the orbiter.")
        second = ("The radar images of Venus came later. Scientists studied the radar "
                  "images for years. The radar images showed craters on Venus, whatever "
                  "sky it may shine in, on a mission aboard the probe.")
        paragraphs = ["It all began in 1989.", first, first.replace("proud", "glad"),
                      first.replace("proud", "happy"), second, second.replace("years", "months"),
                      second.replace("years", "decades"), second.replace("later", "soon")]
        document = read_back(ingest("Space Mission\n\n" + "\n\n".join(paragraphs)))
        assert [s.title for s in document.sections] == ["Magellan", "Radar images"]

    def test_a_drafted_title_is_a_name_that_no_paragraph_opens(self) -> None:
        """A paragraph that ends with no full stop (a web address, a caption) does not
        make the capitalised words opening the next one part of a name: "In Phase II the
        engineers ..." names "Phase II"."""
        address = "The team described the work at https://www.nasa.gov/phase"
        phase = ("In Phase II the engineers tested the heat shield. Phase II ran for a year. "
                 "Phase II cost less than planned")
        document = _drafted("Old Town", [address, phase, address,
                                         phase.replace("year", "month")])
        assert document.sections[0].title == "Phase II"

    def test_a_press_releases_media_contact_titles_nothing(self) -> None:
        """What follows a press release's end mark ("-end-") is its media contact: no
        drafted title names it."""
        launch = ("The Artemis Accords guide the next phase in space exploration. Nations "
                  "sign the Artemis Accords in public. The Artemis Accords grew in 2024.")
        paragraphs = ["It all began in 2020.", launch, launch.replace("public", "Stockholm"),
                      launch.replace("2024", "2025"), launch.replace("grew", "changed"),
                      "More countries will sign in the future.", "-end-",
                      "Faith McKie / Lauren Low", "Headquarters, Washington", "202-358-1600",
                      "faith.d.mckie@nasa.gov / lauren.e.low@nasa.gov"]
        document = read_back(ingest("Accords\n\n" + "\n\n".join(paragraphs)))
        titles = [s.title for s in document.sections]
        assert titles and not any("Low" in t or "McKie" in t for t in titles), titles

    def test_a_press_releases_pointers_and_contact_make_no_section(self) -> None:
        """Sections are cut from the article's text: "Learn more ... at:", the address
        after it and the media contact after "-end-" stay with the last section."""
        accords = ("The Artemis Accords guide the next phase in space exploration. Nations "
                   "sign the Artemis Accords in public. The Artemis Accords grew in 2024.")
        document = _drafted("Accords", [
            accords, accords.replace("public", "Oslo"), accords.replace("2024", "2025"),
            accords.replace("grew", "changed")], after=[
            "Learn more about the Artemis Accords at:", "https://www.nasa.gov/artemis-accords",
            "-end-", "Faith McKie / Lauren Low", "Headquarters, Washington", "202-358-1600",
            "faith.d.mckie@nasa.gov / lauren.e.low@nasa.gov"])
        assert [s.title for s in document.sections] == ["Next phase", "River floods"]
        assert texts(document)[-1] == "faith.d.mckie@nasa.gov / lauren.e.low@nasa.gov"

    _LODGE = ("The lodge meets in November St Nicholas Lodge of Mark Master Masons No. "
              "1188 was consecrated in 1955. The St Nicholas Lodge of Mark Master Masons "
              "No. 1188 meets on Thursdays. Members of St Nicholas Lodge of Mark Master "
              "Masons No. 1188 dine together.")
    _MIRRORS = ('"The mirrors are aligned," said Scott Smith. The Optical Telescope '
                'Assembly holds the mirrors. "We tested it twice," Smith said. Scott Smith '
                "led the Optical Telescope Assembly team.")

    @pytest.mark.parametrize(("article", "topic", "changes", "title"), [
        # a month a text puts before a name ("... in November St Nicholas Lodge") is not
        # part of it, nor is the "No" before its number ("Masons No. 1188")
        ("Old Town", _LODGE, [("Thursdays", "Mondays"), ("dine", "eat"), ("1955", "1956")],
         "St Nicholas Lodge of Mark Master Masons"),
        # a name with no initial and no office is a person's when a quotation is told by
        # it ("said Scott Smith", "Smith said"), and no title names a person
        ("Telescope", _MIRRORS, [("twice", "again"), ("aligned", "ready"), ("led", "joined")],
         "Optical Telescope Assembly"),
    ], ids=["month-and-number-sign", "speaker"])
    def test_a_drafted_title_names_the_subject_itself(
            self, article: str, topic: str, changes: list[tuple[str, str]], title: str) -> None:
        document = _drafted(article, [topic, *(topic.replace(a, b) for a, b in changes)])
        assert document.sections[0].title == title

    def test_a_section_that_repeats_nothing_is_titled_by_what_it_says(self) -> None:
        paragraphs = [
            "The crew trained for months in Houston before the flight.",
            "Engineers tested the rocket engines at the stand in Mississippi.",
            "The launch came on a cold morning in February.",
            "Every mission includes astronaut Earth photography of the northern cities.",
            "Many pictures show snow on the plains of the northern hemisphere.",
            "The shuttle landed in Florida after eight days in orbit.",
            "Workers towed the orbiter to its hangar for the next flight.",
            "The crew met the press at the space center the next week.",
        ]
        document = read_back(ingest("Space Mission\n\n" + "\n\n".join(
            ["It all began in 1994.", *paragraphs])))
        titles = [s.title for s in document.sections]
        assert len(titles) >= 2 and not any(t.startswith("Part") for t in titles)
        assert all(set(content_words(t)) <= set(content_words(" ".join(paragraphs)))
                   for t in titles)


class TestNamesAndIds:
    @pytest.mark.parametrize(("name", "title"), [
        ("peru-military-drug-trafficking.txt", "Peru Military Drug Trafficking"),
        ("content/source/the_war-of-the-worlds.txt", "The War of the Worlds"),
        ("NATO in the Andes.txt", "NATO in the Andes"),
        ("..txt", "Untitled Article"),
    ])
    def test_title_from_filename(self, name: str, title: str) -> None:
        assert title_from_filename(name) == title

    def test_title_option_wins(self) -> None:
        assert read_back(ingest("Text.", title="  My Title ")).meta.title == "My Title"

    def test_ids_are_short_unique_and_ascii(self) -> None:
        text = "Title\nAño Nuevo\nA.\nAño Nuevo\nB.\nΑθήνα\nC.\n" + "Very " * 9 + "Long Title\nD."
        ids = [s.id for s in read_back(ingest(text)).walk()]
        assert ids[:3] == ["ano-nuevo", "ano-nuevo-2", "section-3"]
        assert len(ids[3]) <= 48 and ids[3].isascii()
        assert slug("Concluding Thoughts on the Peruvian Military’s Fight") == (
            "concluding-thoughts-on-the-peruvian-militarys")


class TestEscaping:
    NASTY: ClassVar[list[str]] = [
        "Prices {{ rose }} by {% if %} 5% {## not a comment ##} and {#id} too.",
        "Use *stars*, _underscores_, `ticks`, [brackets](x) and <b>tags</b> &amp; \\slashes.",
        "# not a heading, but a paragraph that starts with a hash sign.",
        "1999. The year began badly.",
        "::: keypoints are not a container here.",
        "--- is not a rule, > not a quote, + not a list.",
    ]

    def test_paragraphs_survive(self) -> None:
        text = "\n".join(["Intro.", "Odd Heading {#x} *Here*", *self.NASTY])
        document = read_back(ingest(text))
        assert document.headings() == [(1, "Odd Heading {#x} *Here*")]
        assert texts(document) == ["Intro.", *self.NASTY]

    def test_list_items_survive(self) -> None:
        items = ["- # hash item", "- {{ x }} item", "- **Bold**: item", "- 2. item"]
        document = read_back(ingest("Heading\n" + "\n".join(items)))
        assert texts(document) == [item[2:] for item in items]

    def test_front_matter_survives(self) -> None:
        title = 'A "quoted" \\ title: with {{ braces }} and {% tags %}'
        summary = "A summary: with {{ braces }}, # hashes and \"quotes\"."
        meta = read_back(ingest(f"{summary}\nHeading\nText.", title=title)).meta
        assert (meta.title, meta.summary) == (title, summary)


def _code_read_back(code: str, inline: str) -> tuple[str, tuple[Run, ...]]:
    """A code block and a paragraph with inline code, written as a draft and read back."""
    section = Section("s", "Listings", 1, blocks=(
        CodeBlock(code, "rust"),
        Paragraph((Run("Call "), Run(inline, code=True), Run(" to print it."))),))
    draft = to_markdown(Document(Metadata(title="Code", date="2026-01-01"),
                                 sections=(section,)))
    blocks = Content(path=Path("d.md"), text=draft).document_for().sections[0].blocks
    assert isinstance(blocks[0], CodeBlock) and isinstance(blocks[1], Paragraph)
    return blocks[0].text, blocks[1].runs


def test_code_that_would_open_jinja_survives_the_draft() -> None:
    """mdBook's "{{#include ...}}" in a listing and "{{ name }}" in inline code: the draft
    reads back with both whole, inline code still code."""
    code = 'fn main() {\n    {{#rustdoc_include ../listing/src/main.rs}}\n    {% endraw %} ``\n}'
    text, runs = _code_read_back(code, "{{ name }} `x`")
    assert text == code
    assert [(run.text, run.code) for run in runs] == [
        ("Call ", False), ("{{ name }} `x`", True), (" to print it.", False)]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1)
       .filter(lambda t: t.strip() == t and t.strip()))
def test_any_inline_code_reads_back(code: str) -> None:
    _, runs = _code_read_back("x = 1", code)
    assert [run.text for run in runs if run.code] == [code]


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_title_reads_back(title: str) -> None:
    meta = read_back(ingest("Text.", title=title)).meta
    printable = "".join(ch for ch in title if ch.isprintable() or ch.isspace())
    assert meta.title == (" ".join(printable.split()) or "Article")


class TestLanguage:
    SAMPLES: ClassVar[dict[str, str]] = {
        "en": "The agency said that the ships were waiting in the Gulf for the strait to "
              "open, and it has asked the owners to report which of them are at risk.",
        "de": "Die Behörde teilte mit, dass die Schiffe im Golf auf die Öffnung der Meerenge "
              "warten, und sie hat die Eigner gebeten, auch die Risiken zu melden, die mit der "
              "Lage verbunden sind und nicht von ihnen abhängen.",
        "fr": "L'agence a indiqué que les navires attendent dans le golfe pour que le détroit "
              "soit ouvert, et elle a demandé aux armateurs de signaler ce qui est en jeu pour "
              "eux et pour les équipages qui sont sur place avec leurs familles.",
        "es": "La agencia dijo que los barcos esperan en el golfo a que se abra el estrecho, y "
              "pidió a los armadores que informen de los riesgos para sus tripulaciones, que "
              "son más de mil entre todos los buques que están allí con la carga.",
        "pt": "A agência disse que os navios esperam no golfo para que o estreito seja aberto, "
              "e pediu aos armadores que informem os riscos para as tripulações, que são mais "
              "de mil em todos os navios que estão lá com a carga do porto.",
    }

    @pytest.mark.parametrize("code", ["en", "de", "fr", "es", "pt"])
    def test_the_function_words_name_the_language(self, code: str) -> None:
        assert article_language(self.SAMPLES[code] * 3) == code

    @pytest.mark.parametrize(("text", "code"), [
        ("近年来奥运项目的调整十分频繁，国际奥委会提出了十五项改革建议。" * 5, "zh"),
        ("トレンドマイクロは公衆無線LANを安全に使うためのアプリを発表した。" * 5, "ja"),
        ("Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod "
         "tempor invidunt ut labore et dolore magna aliquyam erat, sed diam voluptua. " * 5,
         None),
        ("The ships waited.", None)])
    def test_scripts_name_theirs_and_unclear_text_names_none(self, text: str,
                                                              code: str | None) -> None:
        assert article_language(text) == code

    def test_the_draft_says_the_language_of_an_article_not_in_english(self) -> None:
        german = read_back(ingest("Schiffe im Golf\n\nLage\n\n" + self.SAMPLES["de"] * 4))
        english = ingest("Ships in the Gulf\n\nSituation\n\n" + self.SAMPLES["en"] * 4)
        assert german.meta.lang == "de"
        assert "lang:" not in english.markdown and read_back(english).meta.lang == "en-US"


class TestReadArticle:
    def test_utf8_and_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes("\ufeffCafé ’s".encode())
        assert read_article(path) == ("Café ’s", None)

    def test_cp1252(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes("Café “quoted” in Bogotá.".encode("cp1252"))
        assert read_article(path) == ("Café “quoted” in Bogotá.", "decoded as cp1252 "
                                      "(the file is not UTF-8)")

    def test_latin1(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes(b"Caf\xe9 " * 30 + b"\x81")
        text, note = read_article(path)
        assert text.startswith("Café") and note and "latin-1" in note

    def test_utf16(self, tmp_path: Path) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes("Perú".encode("utf-16"))
        assert read_article(path) == ("Perú", "decoded as UTF-16")

    @pytest.mark.parametrize(("data", "message"), [
        (b"", "empty"), (b"  \n\t\n", "empty"), (b"\xef\xbb\xbf\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"), (b"PK\x03\x04rest", "ZIP"),
        (b"%PDF-1.7", "PDF"), (b"{\\rtf1 text}", "RTF"),
        (bytes(range(1, 9)) * 50, "binary"), (b"\x81\x8d\x8f\x90\x9d" * 20, "neither"),
    ])
    def test_refused(self, tmp_path: Path, data: bytes, message: str) -> None:
        path = tmp_path / "a.txt"
        path.write_bytes(data)
        with pytest.raises(IngestError, match=message) as caught:
            read_article(path)
        assert caught.value.path == str(path) and caught.value.hint

    def test_missing_and_folder(self, tmp_path: Path) -> None:
        with pytest.raises(IngestError, match="not found"):
            read_article(tmp_path / "missing.txt")
        with pytest.raises(IngestError, match="folder"):
            read_article(tmp_path)

    def test_text_without_words(self) -> None:
        with pytest.raises(IngestError, match="no text"):
            ingest(" \n\t\n * * *\n")


class TestCommandLine:
    def test_ingest_check_and_build(self, tmp_path: Path) -> None:
        runner = CliRunner()
        draft = tmp_path / "draft.md"
        result = runner.invoke(main, ["ingest", str(SOURCE), "-o", str(draft)])
        assert result.exit_code == 0, result.output
        assert "repaired 9 words" in result.stderr
        assert runner.invoke(main, ["check", str(draft)]).exit_code == 0
        built = runner.invoke(main, ["build", str(draft), "-o", str(tmp_path / "out"),
                                     "-a", "analyst"])
        assert built.exit_code == 0, built.output
        assert len(built.stdout.splitlines()) == 2


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------


def reading_order(document: Document) -> list[str]:
    """Headings, paragraphs and list items of a document, in reading order (not the
    titles the draft wrote for sections it cut, which are no part of the text)."""
    out = texts(Document(meta=document.meta, intro=document.intro))
    for section in document.walk():
        if "drafted" not in section.tags:
            out.append(section.title)
        out += texts(Document(meta=document.meta, intro=section.blocks))
    return out


def found_in(text: str) -> list[str]:
    """Headings, paragraphs and list items ingest finds in ``text``, in reading order
    (paragraphs broken mid-sentence joined again, as the draft joins them)."""
    out: list[str] = []
    for piece in rejoined(read_plain(repair_text("\n".join(text.splitlines()))[0]).pieces):
        if isinstance(piece, ListBlock):
            out += [item.text for item in piece.items]
        elif isinstance(piece, Paragraph | Heading):
            out.append(piece.text if isinstance(piece, Paragraph) else piece.title)
    return out


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("aCKNOWLEDGMENTS")
@example("​​Media Contact:\n\nClaire Andreoli")
@example("a\x1e\x91a")
@example("0\x85\x91a")
def test_ingest_never_crashes_and_reads_back(text: str) -> None:
    try:
        result = ingest(text)
    except IngestError:
        assert not found_in(text)
        return
    document = read_back(result)
    assert [(s.level, s.title) for s in document.walk() if "drafted" not in s.tags] == \
        list(result.headings)
    kept = reading_order(document)
    front = [document.meta.title, document.meta.author, document.meta.source]
    assert kept == found_in(text)[len(found_in(text)) - len(kept):]
    assert all(piece in front or date_of(piece) or metadata_of(piece)
               for piece in found_in(text)[:len(found_in(text)) - len(kept)])


def _words(text: str) -> list[str]:
    return [word for word in text.split() if any(ch.isalnum() for ch in word)]


@settings(max_examples=200, deadline=None)
@given(correct_text())
@example("report: the ")
def test_correct_text_passes_through_unchanged(text: str) -> None:
    result = ingest(text)
    assert result.repairs == ()
    unmarked = re.sub(r"(?m)^\s*(?:- |\d+\. )(?=\S)", "", text)
    document = read_back(result)
    title = [] if document.meta.title == "Article" else [document.meta.title]
    # a labelled line of the header ("Report: R48903") goes to the front matter
    header = [line for line in unmarked.split("\n") if metadata_of(line.strip())]
    kept = "\n".join(line for line in unmarked.split("\n") if line not in header)
    assert _words(" ".join([*title, *reading_order(document)])) in (
        _words(unmarked), _words(kept))


WIKI_COPY = "\n".join([
    "Lighthouse", "", "From Wikipedia, the free encyclopedia", "",
    "A lighthouse is a tower designed to emit light from a system of lamps and lenses.[1]", "",
    "Contents", "1 History", "1.1 Ancient lighthouses", "2 Technology", "3 See also", "",
    "History[edit]", "",
    "Before the development of clearly defined ports, mariners were guided by fires built on "
    "hilltops.[2] Since elevating the fire would improve visibility, placing the fire on a "
    "platform became a practice that led to the development of the lighthouse.[3]", "",
    "Ancient lighthouses[edit]", "",
    "The ancient Greek poet Homer wrote about lighthouses around 800 BC.[4] The Lighthouse of "
    "Alexandria was built in the 3rd century BC.[citation needed]", "",
    "To view this video please enable JavaScript, and consider upgrading to a web browser "
    "that supports HTML5 video", "",
    "Technology[edit]", "",
    "The Fresnel lens, invented in 1822, concentrated the light of a lamp into a narrow "
    "beam.[a] Electric lamps replaced oil lamps in the late 19th century.", "",
    "See also[edit]", "", "List of lighthouses", ""])


def test_a_period_of_years_titles_a_part_of_a_history() -> None:
    text = ("Toronto\n\nHistory\n\nBefore 1800\n\nThe town of York was founded in 1793 on an "
            "older settlement.\n\n1800–1945\n\nThe city grew quickly after the war of 1812, "
            "with its port and railways.\n\n1850 1900\n\nNumbers alone are no title.\n\n2010\n\n"
            "The census of that year counted 2.6 million people in the city.\n")
    assert [p.title for p in read_plain(text).pieces if isinstance(p, Heading)] == [
        "Toronto", "History", "Before 1800", "1800–1945", "2010"]


def test_a_title_may_end_with_an_abbreviation_and_a_sentence_may_not() -> None:
    text = ("Raith Rovers F.C.\n\nRaith Rovers Football Club is a Scottish professional "
            "football club based in the town of Kirkcaldy, Fife.\n\nHistory\n\nThe club was "
            "founded in 1883 by a group of workers.\n\nHe went to the U.S.\n\nMore follows "
            "here about the club and its ground.\n")
    result = ingest(text)
    assert read_back(result).meta.title == "Raith Rovers F.C."
    assert list(result.headings) == [(1, "History")]


def test_a_doubled_full_stop_is_made_one_and_an_ellipsis_stays() -> None:
    text = ("Optics\n\nThe treatise was written from 1011 to 1021.. It was translated later. "
            "He paused... then went on.\n")
    assert texts_of(text) == ["Optics", "The treatise was written from 1011 to 1021. It was "
                              "translated later. He paused... then went on."]


def test_hyphens_a_pdf_copy_lost_at_line_ends_are_put_back() -> None:
    wrapped = ("Loans\n\nThe law ends the existing income-driven repayment plans for new\n"
               "borrowers, and it creates a new plan for the borrowers who take out loans\n"
               "after July 2026. Existing incomedriven plans close in 2028, and the last\n"
               "income-driven plan closes to new borrowers in the same year as the others.\n")
    result = ingest(wrapped)
    assert "incomedriven" not in result.markdown and result.markdown.count("income-driven") >= 3
    assert any("incomedriven -> income-driven" in note for note in result.notes)
    unwrapped = ("Browsers\n\nThe browser takes plug-ins. Some plugins are signed by the "
                 "vendor, and plug-ins run apart from the page.\n")
    assert "Some plugins are signed" in ingest(unwrapped).markdown


TEXTBOOK = "\n".join([
    "Chapter 3: The Atmosphere", "", "Learning Objectives", "",
    "By the end of this section, you will be able to:", "",
    "Describe the layers of the atmosphere", "Explain how greenhouse gases warm the planet", "",
    "The atmosphere is a thin layer of gases that surrounds the Earth and keeps it warm.", "",
    "3.1 Layers of the Atmosphere", "",
    "Scientists divide the atmosphere into layers by how temperature changes with height.", "",
    "1. Troposphere", "", "The troposphere is the lowest layer, where nearly all weather "
    "happens.", "", "2. Stratosphere", "", "The stratosphere holds the ozone layer, which "
    "absorbs ultraviolet light.", "", "3.2 The Greenhouse Effect", "",
    "Greenhouse gases are not inherently a problem, since without them Earth would freeze.", "",
    "Key Terms", "", "greenhouse gas: a gas that absorbs and emits infrared radiation",
    "ozone layer: a region of the stratosphere with much ozone", ""])


class TestTextbookCopy:
    """A chapter of a textbook copied from its web page: dotted section numbers with
    numbered subsections under them, lists and a glossary whose bullets the copy lost."""

    def test_dotted_sections_are_sections_and_numbered_headings_go_under_them(self) -> None:
        assert list(ingest(TEXTBOOK).headings) == [
            (1, "Learning Objectives"), (1, "3.1 Layers of the Atmosphere"),
            (2, "1. Troposphere"), (2, "2. Stratosphere"), (1, "3.2 The Greenhouse Effect"),
            (1, "Key Terms")]
        assert heading_levels(["1 Introduction", "2 Background", "2.1 History",
                               "2.1.1 Early years", "3 Findings"]) == [1, 1, 2, 3, 1]

    def test_lines_after_a_lead_in_and_a_glossary_are_lists(self) -> None:
        found = lists(read_back(ingest(TEXTBOOK)))
        assert [[item.text for item in block.items] for block in found] == [
            ["Describe the layers of the atmosphere",
             "Explain how greenhouse gases warm the planet"],
            ["greenhouse gas: a gas that absorbs and emits infrared radiation",
             "ozone layer: a region of the stratosphere with much ozone"]]

    def test_the_summary_is_prose_not_the_lead_in(self) -> None:
        assert read_back(ingest(TEXTBOOK)).meta.summary == (
            "The atmosphere is a thin layer of gases that surrounds the Earth and keeps it "
            "warm.")


def test_a_caption_ending_with_its_credit_is_an_aside_and_a_headline_may_exclaim() -> None:
    text = ("Bingo! Curiosity Drills Its 40th Hole on Mars!\n\n"
            "Artist’s concept of the full Gateway configuration. NASA\n\n"
            "The rover drilled its fortieth hole this week, the team said in a statement.\n\n"
            "Eight of its governors are named by the Parochial Church Council of St. Petroc's, "
            "Bodmin.\n")
    result = ingest(text)
    assert read_back(result).meta.title == "Bingo! Curiosity Drills Its 40th Hole on Mars!"
    assert kinds(text)[1] == "aside" and result.headings == ()
    assert "*Artist’s concept of the full Gateway configuration. NASA*" in result.markdown
    assert "\nEight of its governors are named" in result.markdown


def test_event_details_and_contacts_are_no_headings_nor_bullets() -> None:
    text = ("Space Day 2024\n\nStudents will meet an astronaut and hear from engineers at the "
            "Capitol this spring.\n\n9 a.m. to 3 p.m. – STEM activities\n\nLocation: Capitol "
            "Rotunda\n\nAbout the Facility\n\nThe facility has built rockets for half a "
            "century.\n\nCraig Betbeze\n\nMichoud Assembly Facility, New Orleans\n\n"
            "504-419-5333\n\ncraig.c.betbeze@nasa.gov\n\nNews Media Contact\n\nCalla Cofield"
            "\n\n626-808-2469\n")
    result = ingest(text)
    assert list(result.headings) == [(1, "About the Facility")]
    assert "*Craig Betbeze*" in result.markdown and "*504-419-5333*" in result.markdown
    assert any("News Media Contact" in note for note in result.notes)
    assert "Calla Cofield" not in result.markdown


def test_one_line_blocks_after_a_lead_in_or_of_fields_are_lists() -> None:
    text = ("Grants\n\nName: Shawnta M. Ball\n\nTitle: Program Support Specialist\n\n"
            "Organization: Office of STEM Engagement\n\nNASA selected eleven teams for grants "
            "this year, the agency said.\n\nThe following is a complete list of awardees:\n\n"
            "Auburn University in Alabama\n\nMorgan State University in Baltimore\n\n"
            "Purdue University in West Lafayette, Indiana\n\nThe awards run for two years, "
            "and the teams report each spring.\n\nTo learn more, visit:\n\n"
            "https://www.nasa.gov/grants/\n\nCraig Betbeze\n\n504-419-5333\n\n"
            "\u200b\u200bMedia Contact:\n\nClaire Andreoli\n\n301-286-1940\n")
    result = ingest(text)
    found = lists(read_back(result))
    assert [[item.text for item in block.items] for block in found] == [
        ["Name: Shawnta M. Ball", "Title: Program Support Specialist",
         "Organization: Office of STEM Engagement"],
        ["Auburn University in Alabama", "Morgan State University in Baltimore",
         "Purdue University in West Lafayette, Indiana"]]
    assert result.headings == () and "*504-419-5333*" in result.markdown
    assert any('"Media Contact:"' in note for note in result.notes)
    assert "Claire Andreoli" not in result.markdown


def test_a_report_copy_with_pipe_tables_and_its_title_over_its_date() -> None:
    wrapped = "The agency reported the staff it had on duty at the end of each fiscal year\n"
    text = ("Highway Bridges: Conditions, Funding Programs, and Issues for Congress\n"
            "April 20, 2026\n\nIntroduction\n\n" + wrapped * 3 + "and the figures follow.\n\n"
            "Table A-1. Bridge Condition by State and Territory\n\nFY2019-FY2026\n\n"
            "| State | Good | Poor |\n|---|---|---|\n| Alabama | 4,510 | 301 |\n\n"
            "Conclusions\n\n" + wrapped * 3 + "as the table shows.\n")
    result = ingest(text)
    document = read_back(result)
    assert (document.meta.title, document.meta.date) == (
        "Highway Bridges: Conditions, Funding Programs, and Issues for Congress", "2026-04-20")
    assert list(result.headings) == [(1, "Introduction"), (1, "Conclusions")]
    tables = [b for s in document.walk() for b in s.blocks if isinstance(b, Table)]
    assert [[plain_text(cell) for cell in row] for row in tables[0].rows] == [
        ["Alabama", "4,510", "301"]]
    assert "*FY2019-FY2026*" in result.markdown


def test_a_pdf_copy_keeps_long_finding_headings_and_not_its_table_cells() -> None:
    prose = ("The agencies reported the mechanisms they use to protect the people who report "
             "misconduct to them, and we reviewed each of them in turn.\n")
    text = ("Whistleblowers\n\nLetter\n\n" + prose * 2 + "\n"
            "Employment Practices That Create Trust Incentivize Disclosures, While Fear of "
            "Retaliation and Other Consequences May Discourage Them\n\n" + prose * 2 + "\n"
            "Table 1: Key Mechanisms Selected Federal Agencies Report Using\n\nInternal\n\n"
            "Revenue\n\nService\n\nYes Yes Yes\n\nNumber of awards 169 179 132 121\n\n"
            "Source: GAO analysis of agency documents. | GAO-26-107650\n\n"
            "Agency Comments\n\n" + prose * 2)
    result = ingest(text)
    assert [title for _, title in result.headings] == [
        "Letter", "Employment Practices That Create Trust Incentivize Disclosures, While Fear "
        "of Retaliation and Other Consequences May Discourage Them", "Agency Comments"]
    assert "*Revenue*" in result.markdown and "*Number of awards 169 179 132 121*" in (
        result.markdown)


def test_a_first_line_that_goes_on_into_the_next_is_no_heading() -> None:
    long = ("and the rest of the sentence runs on across the whole width of the page, as the "
            "lines of a wide PDF do\n")
    text = ("Cleanup\n\nThe Department of Energy's Office of Environmental Management\n"
            "(EM) is responsible for addressing hazardous waste at sites across the nation and "
            "at its laboratories\n" + long * 3 + "to its end.\n\n"
            "We determined that the data were reliable for the\n"
            "purposes of selecting the projects and operations activities and describing "
            "each of them in the report\n" + long * 3 + "to its end.\n\nBackground\n"
            "The agency has managed the cleanup of the sites since it was founded in the year "
            "nineteen seventy-seven\n" + long * 3 + "to its end.\n")
    assert [title for _, title in ingest(text).headings] == ["Background"]


def test_a_whole_page_copy_without_contents_keeps_its_header_out_of_the_sections() -> None:
    """A browser copy of a report page with no contents list: what stands between the
    title and the title-date banner (the page's own lines, its metadata, its versions) is
    no heading nor bullet; its author goes to the front matter."""
    text = ("Rivers of the Andes\n\nCRS PRODUCT (LIBRARY OF CONGRESS)\n\nHide Overview\n\n"
            "CRS Product Type:\tIn Focus\nPublication Date:\t04/22/2026\nAuthor:\tDoe, "
            "Jane\n\nDownload PDF (845KB) | PDF Version History\n\nApril 22, 2026 (IF10001 "
            "- Version: 2)\nMarch 20, 2026 (IF10001 - Version: 1)\nListen\n\nRivers of the "
            "AndesUpdated April 22, 2026 (IF10001)\n\nOverview\n\nThe rivers run high this "
            "year, the agency says in its report.\n\nPorts\n\nThe ports are busy all year, "
            "and the ships carry more goods than before.\n")
    result = ingest(text)
    document = read_back(result)
    assert [title for _, title in result.headings] == ["Overview", "Ports"]
    assert (document.meta.author, document.meta.date) == ("Jane Doe", "2026-04-22")
    assert all(not s.keypoints or "Version" not in plain_text(s.keypoints[0])
               for s in document.walk())
    assert "*Hide Overview*" in result.markdown


#: A report's title and its one finding, before the back matter a test gives.
REPORT_OPENING = ("Rivers of the Andes\n\nFindings\n\nThe rivers run high this year, the "
                  "agency found.\n\n")


@pytest.mark.parametrize(("back_matter", "left_out", "noted"), [
    # a PDF copy of a GAO report ends with its publisher's page, its headings on one line
    ("GAO’s Mission Obtaining Copies of GAO Reports and Testimony\n\nThe fastest way to "
     "get copies of our reports is through our website.\n\nOrder by Phone\n\nThe price "
     "of each printed copy depends on its length.\n", "fastest way", "GAO’s Mission"),
    # a letter to several committees ends with their list: names, posts and chambers
    ("List of Committees\n\nThe Honorable Mike Crapo\nChairman\nCommittee on Finance\n\n"
     "United States Senate\n\nThe Honorable Jason Smith\nChairman\n\n"
     "House of Representatives\n", "Crapo", "List of Committees"),
], ids=["publisher-page", "addressees"])
def test_a_report_s_closing_back_matter_is_left_out(back_matter: str, left_out: str,
                                                     noted: str) -> None:
    """None of the back matter is the report's content: no heading of it, none of its
    text, and a note naming what was left out."""
    result = ingest(REPORT_OPENING + back_matter)
    assert [title for _, title in result.headings] == ["Findings"]
    assert left_out not in result.markdown and noted in " ".join(result.notes)


def test_a_lead_in_to_a_quotation_or_a_list_is_no_heading() -> None:
    """A copy that lost a block quotation or a list's markup leaves its lead-in alone on a
    line; one that stops on "that", "a" or "include" goes on, and is prose."""
    text = ("Armoured Vehicles\n\nBackground\n\nThe Marine Corps fields a new vehicle this "
            "year, and its first battalion has it.\n\nThe Navy budget request notes that\n\n"
            "The vehicle carries thirteen Marines and their kit for two days.\n\n"
            "The Marine Corps describes the vehicle as a\n\n"
            "next-generation, eight-wheeled vehicle that moves Marines ashore.\n\n"
            "Issues of potential disagreement include\n\n- the cost of the vehicle\n"
            "- its readiness\n\nProgram Status\n\nThe first vehicles came in 2020.\n")
    result = ingest(text)
    assert [title for _, title in result.headings] == ["Background", "Program Status"]
    assert "The Navy budget request notes that" in texts(read_back(result))


def test_a_whole_page_copy_takes_its_headings_from_its_contents_list() -> None:
    prose = "Tickets are sold in a primary and a secondary market, at prices set by each. "
    text = ("Tickets for Live Events\n\nCRS PRODUCT (LIBRARY OF CONGRESS)\n\nHide Overview\n\n"
            "Contents\n\nTicket Pricing\nFederal Oversight\n\nSummary\n\n" + prose * 3 +
            "\n\nTicket Pricing\n\n" + prose * 2 + "\n\nFederal Oversight\n\n" + prose * 2)
    result = ingest(text)
    assert read_back(result).meta.title == "Tickets for Live Events"
    assert list(result.headings) == [(1, "Ticket Pricing"), (1, "Federal Oversight")]
    assert "*CRS PRODUCT (LIBRARY OF CONGRESS)*" in result.markdown


def test_a_letters_addressees_signature_and_contacts_are_no_headings() -> None:
    prose = "The agency manages the cleanup of the sites it owns, as the law requires of it. "
    text = ("Nuclear Waste Cleanup\n\nThe Honorable Chuck Fleischmann\n\nChairman\n\n"
            "Committee on Appropriations\n\nBackground\n\n" + prose * 3 + "\n\n"
            "Steve Morris\n\nDirector, Natural Resources and Environment\n\n"
            "Agency Comments\n\n" + prose * 2 + "\n\nGAO Contact and Staff Acknowledgments"
            "\n\nChelsa Kenney, kenneyc@gao.gov\n\n"
            "Automated answering system: (800) 424-5454\n")
    result = ingest(text)
    assert [title for _, title in result.headings] == ["Background", "Agency Comments"]
    assert "*The Honorable Chuck Fleischmann*" in result.markdown
    assert "*Director, Natural Resources and Environment*" in result.markdown


def _column(text: str) -> str:
    """Prose wrapped as a two-column sheet's PDF text gives it (about 58 characters)."""
    return "\n".join(textwrap.wrap(text, 58))


SHEET = "\n".join([
    "Updated March 2, 2026", "",
    "River Ports: How Barges Carry the Harvest Downstream",
    _column("Barges carry most of the grain that leaves the upper valley each autumn. The "
            "ports that load them were built for smaller boats, and several now handle "
            "twice the tonnage they were designed for."),
    _column("Dredging keeps the channel open for the heaviest barges, although the work "
            "is paused each spring while the fish spawn."),
    "Lock Capacity",
    _column("Each lock passes one tow at a time, and a long tow must be split in two "
            "before it fits the chamber."), "",
    "Estimated Waiting Times",
    "at the Main Locks",
    _column("Captains report waits of up to two days at the busiest locks in October, "
            "when the harvest moves."), "",
    "River Ports: How Barges Carry the Harvest Downstream", "",
    "Year", "", "Event", "", "1998", "", "The first lock is widened", "", "2004", "",
    "A second chamber opens beside the old one", "", "2019", "",
    "Record tonnage passes the locks in one season", "",
    "Sources: Port authority records; river commission reports.", "",
    "Ana Ruiz, Analyst in Transportation Policy", ""])


class TestColumnSheet:
    """A two-column sheet as a PDF's text gives it: the title over the first column, no
    blank line around headings, a title wrapped in its column, a table's cells one per
    block over its source line, the author over her post at the end."""

    def test_the_title_over_the_first_column_is_the_title(self) -> None:
        result = ingest(SHEET)
        assert read_back(result).meta.title == \
            "River Ports: How Barges Carry the Harvest Downstream"
        assert read_back(result).meta.date == "2026-03-02"

    def test_headings_inside_blocks_and_wrapped_in_their_column_are_headings(self) -> None:
        assert [title for _, title in ingest(SHEET).headings] == [
            "Lock Capacity", "Estimated Waiting Times at the Main Locks"]

    def test_cells_over_their_source_line_are_a_table(self) -> None:
        document = read_back(ingest(SHEET))
        tables = [b for s in document.walk() for b in s.blocks if isinstance(b, Table)]
        assert len(tables) == 1
        assert [plain_text(cell) for cell in tables[0].header] == ["Year", "Event"]
        assert [[plain_text(cell) for cell in row] for row in tables[0].rows] == [
            ["1998", "The first lock is widened"],
            ["2004", "A second chamber opens beside the old one"],
            ["2019", "Record tonnage passes the locks in one season"]]

    def test_the_author_over_her_post_is_no_heading(self) -> None:
        assert "Ana Ruiz, Analyst in Transportation Policy" in texts(read_back(ingest(SHEET)))
        assert byline_of("Corrie E. Clark, Specialist in Energy Policy") == "Corrie E. Clark"
        assert byline_of("Lock Capacity, Ports and Barges") is None

    def test_a_title_case_line_of_prose_or_of_a_reference_stays_prose(self) -> None:
        text = "\n".join([
            "River Locks", "", "Oversight", "",
            _column("The board met twice this year and heard from the ports. In a March "
                    "2026 report, the River Office of Inspector"),
            _column("General found that the inspections were late."), "",
            "12 Department of Rivers, Lock Operations for Program Officials, Annual",
            "Report (Springfield: May 1, 2025).", ""])
        assert [title for _, title in ingest(text).headings] == ["Oversight"]


    def test_a_title_case_line_breaking_a_name_stays_prose(self) -> None:
        """A line of prose in title case that ends inside a name the next line ends ("...
        the Lock and River" / "Safety Act requires ...") is no heading; a title over a
        sentence that opens with one word of a name ("Barges carry ...") still is."""
        text = "\n".join([
            "River Locks", "", "Oversight", "",
            _column("The board met twice this year and heard from the ports about delays."),
            "",
            "Section 12 of the Lock Modernization and River",
            "Safety Act requires the office to inspect every chamber once a",
            "year and to publish what it finds in its annual report to the board.", "",
            "Inspection Backlog Grew as Staff Left the Office in Both Regions",
            _column("Inspectors retired faster than the office could hire, and the backlog "
                    "of chambers awaiting inspection doubled in two years."), ""])
        result = ingest(text)
        assert [title for _, title in result.headings] == [
            "Oversight", "Inspection Backlog Grew as Staff Left the Office in Both Regions"]
        assert "Section 12 of the Lock Modernization and River Safety Act requires" in (
            result.markdown)


    @pytest.mark.parametrize(("title", "key", "part"), [
        ("Back round g", "background", "opening"),  # a PDF copy's fallen "g"
        ("Background", "background", "opening"),
        ("Conclusions", "conclusions", "closing"),
        ("Type of g", "type of g", None),  # no part's name, however the letter is put back
        ("Since Our 2022 Re ort p", "since our 2022 re ort p", None)])
    def test_a_part_named_with_a_fallen_letter_is_that_part(
            self, title: str, key: str, part: str | None) -> None:
        assert (section_key(title), report_part(title)) == (key, part)

    def test_a_part_over_its_first_subsection_are_two_headings(self) -> None:
        """A PDF page that opens with a part's margin heading over its first subsection's,
        then goes on with the page before: two headings, the text left as it came."""
        text = "\n".join([
            "River Locks", "", "Letter", "",
            _column("The office reviewed the plans of every lock on the river, the "
                    "budgets the ports set for their upkeep, and the records of the "
                    "inspections it made of each chamber in the last"), "",
            "Back round g", "Lock Chambers", "",
            _column("five years. The chambers were built between 1920 and 1960, and most "
                    "of them have not been widened since, although the barges that pass "
                    "them have doubled in length."), "",
            _column("Each chamber passes one tow at a time, and a long tow must be split in "
                    "two before it fits, which adds hours to every passage."), ""])
        result = ingest(text)
        assert list(result.headings) == [(1, "Letter"), (1, "Back round g"),
                                         (2, "Lock Chambers")]


class TestWebCopy:
    """A page copied from a wiki in a browser: edit links, reference marks, the site's
    tagline and a numbered contents list."""

    def test_headings_lose_their_edit_links_and_take_the_contents_levels(self) -> None:
        result = ingest(WIKI_COPY)
        assert list(result.headings) == [(1, "History"), (2, "Ancient lighthouses"),
                                         (1, "Technology")]
        assert "See also" in " ".join(result.notes) and "[edit]" not in result.markdown

    def test_reference_marks_and_the_tagline_are_left_out(self) -> None:
        result = ingest(WIKI_COPY)
        assert "Wikipedia" not in result.markdown and "citation needed" not in result.markdown
        assert "JavaScript" not in result.markdown
        assert not re.search(r"\\?\[(?:\d|a)\\?\]", result.markdown)
        document = read_back(result)
        bullets = [plain_text(p) for s in document.walk() for p in s.keypoints]
        assert "The ancient Greek poet Homer wrote about lighthouses around 800 BC" in bullets
        assert all(". " not in bullet for bullet in bullets)

    def test_a_bullet_keeps_the_main_clause_after_an_opening_one(self) -> None:
        bullets = [plain_text(p) for s in read_back(ingest(WIKI_COPY)).walk()
                   for p in s.keypoints]
        assert not any(bullet.startswith("Since") and "," not in bullet for bullet in bullets)
        sentence = ("Since elevating the fire would improve visibility, placing the fire on "
                    "a platform became a practice that led to the development of the "
                    "lighthouse")
        assert shorten(f"{sentence}.") == sentence


class TestFormats:
    def run(self, *args: str) -> Any:
        return CliRunner().invoke(main, ["ingest", *args])

    def test_other_formats_are_refused_naming_the_formats_read(self, tmp_path: Path) -> None:
        path = tmp_path / "article.pdf"
        path.write_bytes(b"%PDF-1.7")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
        assert str(path) in result.stderr and ".txt, .md, .markdown, .html, .htm and .docx" in (
            result.stderr)

    def test_an_uncertain_accent_is_left_and_named_with_its_line(self, tmp_path: Path) -> None:
        article = tmp_path / "a.txt"
        article.write_text("Rivers\n\nThe books of ChavĂn.\n\nLes Ăditions du Seuil.\n")
        result = self.run(str(article), "-o", "-")
        assert result.exit_code == 0
        assert "Ăditions (line 5)" in result.stderr and "ChavĂn -> Chavín (line 3)" in (
            result.stderr)
        assert "Les Ăditions du Seuil." in result.stdout and "Chavín" in result.stdout

    def test_an_existing_draft_is_not_overwritten(self, tmp_path: Path) -> None:
        article, draft = tmp_path / "a.txt", tmp_path / "a.md"
        article.write_text("Title\n\nHeading\n\nThe text of the article is here.\n")
        draft.write_text("mine")
        result = self.run(str(article), "-o", str(draft))
        assert result.exit_code == 1 and "--force" in result.stderr
        assert draft.read_text() == "mine"
        assert self.run(str(article), "-o", str(draft), "--force").exit_code == 0

    def test_markdown_keeps_headings_lists_tables_and_links(self, tmp_path: Path) -> None:
        path = tmp_path / "a.md"
        path.write_text("# Rivers of the Andes\n\n[Home](/) > [Reports](/r)\n\n"
                        "The rivers run high this year, as the [agency](https://x.org) says.\n\n"
                        "## Ports\n\n- Iquitos on the Amazon\n- Pucallpa on the Ucayali\n\n"
                        "| Port | Ships |\n| --- | --- |\n| Iquitos | 40 |\n\n"
                        "## References\n\n1. A source, 2020.\n")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert document.meta.title == "Rivers of the Andes"
        assert document.headings() == [(1, "Ports")]
        assert "[agency](<https://x.org>)" in result.stdout and "Home" not in result.stdout
        ports = document.sections[0]
        assert [type(b).__name__ for b in ports.blocks] == ["ListBlock", "Table"]
        assert "References" in result.stderr

    @pytest.mark.parametrize("front", [
        '+++\ntitle = "Compiler survey 2025"\ndate = 2025-06-16\n'
        'authors = ["Jakub Beránek", "Jane Roe"]\n[extra]\nteam = "Compiler"\n+++\n',
        '---\ntitle: Compiler survey 2025\ndate: 2025-06-16\n'
        'authors:\n  - Jakub Beránek\n  - Jane Roe\n---\n'])
    def test_a_site_generator_s_front_matter_gives_title_date_and_authors(
            self, tmp_path: Path, front: str) -> None:
        """Hugo and Zola write TOML between "+++" lines, Jekyll YAML between "---": both
        give the title, the date and every author, and none of it is text."""
        path = tmp_path / "post.md"
        path.write_text(front + "\nWe are launching a survey of compile times.\n\n"
                        "## Survey ends\n\nThe survey closes in July.\n", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        meta = Content(path=Path("d.md"), text=result.stdout).document_for().meta
        assert (meta.title, meta.date, meta.author) == (
            "Compiler survey 2025", "2025-06-16", "Jakub Beránek, Jane Roe")
        assert "+++" not in result.stdout and "extra" not in result.stdout

    def test_a_saved_report_page_takes_its_headings_from_its_contents_list(
            self, tmp_path: Path) -> None:
        prose = "Tickets are sold in a primary and a secondary market, at prices set by each. "
        path = tmp_path / "report.md"
        path.write_text(
            "# Tickets for Live Events\n\n**Report No.:** R48179\n**Publication Date:** "
            "04/22/2026\n**Author(s):** Cho, Clare Y.\n**Topics:** Commerce\n\n---\n"
            "# Tickets for Live Events\n\n## CRS PRODUCT (LIBRARY OF CONGRESS)\n\n"
            "[Hide Overview](https://x.gov#)\n\n| **Referenced Legislation:** | P.L.114-274\n"
            "| **Author:** | Cho, Clare Y.\n\nTickets for Live EventsUpdated April 22, 2026 "
            "(R48179)\n[Jump to Main Text](https://x.gov#Content)\n\n# Contents\n\n"
            "- [Ticket Pricing](https://x.gov#1)\n- [Federal Oversight](https://x.gov#2)\n\n"
            "# Figures\n\n- [Figure 1. Ticket Sales](https://x.gov#3)\n\nSummary\n\n"
            f"{prose * 3}\n\nTicket Pricing\n\n{prose * 2}\n\nTable 1. Fees by Event\n\n"
            f"{prose}\n\nFederal Oversight\n\n{prose * 2}\n", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert (document.meta.title, document.meta.date, document.meta.author,
                document.meta.source) == ("Tickets for Live Events", "2026-04-22",
                                          "Clare Y. Cho", "R48179")
        assert document.headings() == [(1, "Ticket Pricing"), (1, "Federal Oversight")]
        assert "CRS PRODUCT" not in result.stdout and "Figure 1. Ticket Sales" not in (
            result.stdout)
        assert document.intro and "Summary" in result.stdout

    def test_headings_found_in_a_page_s_prose_get_levels_though_its_notes_are_marked(
            self, tmp_path: Path) -> None:
        """A saved page marks only its title and its footnotes ("# Footnotes"): the
        headings found in its prose still get their levels from the article's structure."""
        prose = "Pumping stations lift the water of the valley to the town's reservoirs. "
        path = tmp_path / "report.md"
        path.write_text(
            "# Water Supply of the Valley\n\n# Contents\n\n- [Overview](https://x.gov#1)\n"
            "- [Equipment](https://x.gov#2)\n- [Pumps](https://x.gov#3)\n"
            "- [Funding](https://x.gov#4)\n\n"
            f"Overview\n\n{prose * 3}\n\nEquipment\n\n{prose}This section describes the "
            f"pumps.\n\nPumps\n\n{prose * 2}\n\nFunding\n\n{prose * 2}\n\n"
            "# Footnotes\n\n| 1. | A source, 2020.\n", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert document.headings() == [(1, "Overview"), (1, "Equipment"), (2, "Pumps"),
                                       (1, "Funding")]

    def test_a_saved_page_without_contents_leaves_out_its_header_and_version_list(
            self, tmp_path: Path) -> None:
        """The list of earlier versions runs into the title-date line (no blank line
        between): the whole list is the page's header, and so is the heading over it."""
        prose = "Australia and the United States share close trade and defence relations. "
        pdf = "https://x.gov/IF10491"
        path = tmp_path / "brief.md"
        path.write_text(
            "# Australia: Background and U.S. Relations\n\n**Report No.:** IF10491\n\n---\n"
            "# Australia: Background and U.S. Relations\n\n## CRS PRODUCT (LIBRARY OF CONGRESS)"
            "\n\n[Hide Overview](https://x.gov#)\n\n| **Publication Date:** | 04/10/2026\n"
            "| **Author:** | Tupuola, Jared G.\n\n"
            f"- [April 10, 2026 (IF10491 - Version: 14)]({pdf}.14.pdf)\n"
            f"- [July 29, 2024 (IF10491 - Version: 12)]({pdf}.12.pdf)\n"
            f"[Listen](https://x.gov/listen)Australia: Background and U.S. Relations Updated "
            f"April 10, 2026             (IF10491)\n\nOverview\n\n{prose * 3}\n\n"
            f"Economics and Trade\n\n{prose * 2}\n", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert (document.meta.title, document.meta.date, document.meta.source) == (
            "Australia: Background and U.S. Relations", "2026-04-10", "IF10491")
        assert document.headings() == [(1, "Overview"), (1, "Economics and Trade")]
        assert "CRS PRODUCT" not in result.stdout and "Version" not in result.stdout
        assert "Listen" not in result.stdout

    def test_a_saved_page_s_pipe_lines_without_a_rule_row(self, tmp_path: Path) -> None:
        """Lines between pipes with no rule row: a table when they hold several cells, else
        a box around a figure's title and source (asides); an indented "Disclaimer:"
        (layout, not code) opens back matter, and a quotation broken from its lead-in is
        one paragraph again."""
        prose = "The agency had more staff in 2018 than in any later year of the period. "
        document, result = self.ingest_page(
            tmp_path / "page.md",
            f"# Staffing Levels\n\n{prose}\n\n| Figure 1. Staff on Duty \n|  \n"
            "| Source: CRS analysis of agency data. \n\n"
            "| Office | 2018 | 2025 \n| Total | 61,663 | 51,825 \n| Actuary | 57 | 45 \n\n"
            "Trends\n\nThe agency describes its staffing as a\n\n[s]teady decline over the "
            "period, as offices closed.\n\n                    Disclaimer:  \n\n"
            "These documents were prepared for the committees of Congress.\n")
        assert document.headings() == [(1, "Trends")]
        tables = [b for b in document.intro if isinstance(b, Table)]
        assert [plain_text(c) for c in tables[0].header] == ["Office", "2018", "2025"]
        assert [[plain_text(c) for c in row] for row in tables[0].rows] == [
            ["Total", "61,663", "51,825"], ["Actuary", "57", "45"]]
        assert "*Figure 1. Staff on Duty*" in result.stdout
        assert "*Source: CRS analysis of agency data.*" in result.stdout
        trends = [b.text for b in document.sections[0].blocks if isinstance(b, Paragraph)]
        assert trends == ["The agency describes its staffing as a [s]teady decline over the "
                          "period, as offices closed."]
        assert "prepared for the committees" not in result.stdout
        assert "Disclaimer" in result.stderr

    def test_a_saved_page_s_box_and_its_footnote_markers(self, tmp_path: Path) -> None:
        """A box a page drew beside the text (its first line after a pipe, the rest
        not) is its title in bold and a paragraph per line; the digits glued to words
        that number the page's footnotes are left out, a number's decimals stay."""
        document, result = self.ingest_page(
            tmp_path / "page.md",
            "# Defi\n\n## Applications\n\nMining and validating can be described as "
            "defi, a market worth $52.5 billion.\n\n| Defi Layers\nThe stack is made of "
            "three layers.20 Each has its own software.\nInterface layer. Front ends sit on "
            "the layers beneath.21\n\n## Footnotes\n\n| 20. | A. Author, Layers, 2024. |\n"
            "| 21. | B. Author, Fronts, 2025. |\n")
        blocks = [b for b in document.sections[0].blocks if isinstance(b, Paragraph)]
        assert [b.text for b in blocks] == [
            "Mining and validating can be described as defi, a market worth $52.5 billion.",
            "Defi Layers", "The stack is made of three layers. Each has its own software.",
            "Interface layer. Front ends sit on the layers beneath."]
        assert blocks[1].runs[0].bold and is_aside(blocks[1])
        assert "| Defi" not in result.stdout

    def test_a_space_lost_after_emphasis_is_put_back(self, tmp_path: Path) -> None:
        """A page's conversion glued a bold "Table 1" to the next word: the space is back,
        so the sentence points at a table and is no bullet; a word emphasised in part
        stays whole."""
        document, _ = self.ingest_page(
            tmp_path / "page.md",
            "# Staffing\n\n## Levels\n\n**Table 1**shows the staff on duty by state.\n\n"
            "The staff were **un**likely to move, and offices closed in 2025.\n\n"
            "## Trends\n\nThe agency lost a fifth of its staff over the decade.\n")
        texts = [b.text for b in document.sections[0].blocks if isinstance(b, Paragraph)]
        assert texts == ["Table 1 shows the staff on duty by state.",
                         "The staff were unlikely to move, and offices closed in 2025."]
        assert [plain_text(p) for p in document.sections[0].keypoints] == [
            "The staff were unlikely to move, and offices closed in 2025"]

    def test_a_text_copied_into_a_markdown_file_is_read_as_plain_text(
            self, tmp_path: Path) -> None:
        """A web page's text saved as ``.md``, its lines one after the other: for Markdown
        one paragraph, so it is read by the plain-text rules (and said so)."""
        prose = " The mission's crew tested a new robot arm in orbit over three days."
        document, result = self.ingest_page(
            tmp_path / "copied.md",
            f"Astronauts Test a New Arm \n 19 min read\n{prose}\nThe Arm's Sensors\n{prose}\n"
            f"Next Steps\n{prose}\n")
        assert document.meta.title == "Astronauts Test a New Arm"
        assert document.headings() == [(1, "The Arm's Sensors"), (1, "Next Steps")]
        assert "min read" not in result.stdout
        assert "read as plain text" in result.stderr

    def test_a_disclaimer_under_the_last_list_item_is_back_matter(self, tmp_path: Path) -> None:
        """A saved page's disclaimer, indented for its layout right under the last list
        item, which Markdown would read as more of that item."""
        document, result = self.ingest_page(
            tmp_path / "page.md",
            "# Bank Capital\n\nIssues for Congress\n\n- Congress may review the rule, as "
            "the agencies said in 2026.\n- Members may ask how the rule affects small banks."
            "\n                              Disclaimer:  \n These documents were prepared "
            "for the committees of Congress.\n")
        items = [item.text for b in document.sections[0].blocks if isinstance(b, ListBlock)
                 for item in b.items]
        assert items[-1] == "Members may ask how the rule affects small banks."
        assert "prepared for the committees" not in result.stdout
        assert "Disclaimer" in result.stderr

    def test_emphasis_marks_a_conversion_left_unpaired_are_dropped(self, tmp_path: Path) -> None:
        document, _ = self.ingest_page(
            tmp_path / "page.md",
            "# Ceasefire\n\nIssues\n\n- **Supplemental**** appropriations. **Per one report, "
            "more funds may be sought.\n- The term *defi*\\_\\_has no settled meaning; "
            "`a__b` and `2**3` stay as code.\n")
        items = [item.text for b in document.sections[0].blocks if isinstance(b, ListBlock)
                 for item in b.items]
        assert items == ["Supplemental appropriations. Per one report, more funds may be "
                         "sought.", "The term defi has no settled meaning; a__b and 2**3 stay "
                         "as code."]

    def test_a_wiki_page_s_edit_links_and_citation_marks_are_no_text(
            self, tmp_path: Path) -> None:
        """A saved Wikipedia page: "[edit]" beside every heading, "[3]" after sentences, a
        documentation page's "¶" anchors: none of them in the headings nor the prose, and
        "References[edit]" is back matter again."""
        edit = ('<span class="mw-editsection"><span class="mw-editsection-bracket">[</span>'
                '<a href="/w/index.php?title=Mozilla&amp;action=edit&amp;section={n}">edit</a>'
                '<span class="mw-editsection-bracket">]</span></span>')
        cite = '<sup id="cite_ref-{n}" class="reference"><a href="#cite_note-{n}">[{n}]</a></sup>'
        prose = ("<p>On January 23, 1998, Netscape made two announcements about its browser"
                 " and its source code, both of them free." + cite + "</p>")
        path = tmp_path / "wiki.html"
        path.write_text(
            "<html><head><title>Mozilla - Wikipedia</title></head><body><main>"
            "<h1>Mozilla</h1>" + "".join(
                f'<h2><span class="mw-headline">{name}</span>{edit.format(n=n)}</h2>'
                + prose.format(n=n) * 3 for n, name in enumerate(("History", "Software"), 1))
            + '<h2>Firefox<a class="headerlink" href="#firefox">¶</a></h2>' + prose.format(n=3)
            + f'<h2><span class="mw-headline">References</span>{edit.format(n=4)}</h2>'
            "<ol><li>A source.</li></ol></main></body></html>", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert document.headings() == [(1, "History"), (1, "Software"), (1, "Firefox")]
        body = result.stdout.split("\n---\n", 1)[1]
        assert "edit" not in body and "[1]" not in body.replace("\\", "")
        assert "¶" not in body and "both of them free." in body

    @pytest.mark.parametrize(("h1", "is_title"), [
        ("DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", True), ("史蒂文的家_藍天", False)])
    def test_a_chinese_page_s_title_is_its_h1_when_the_title_opens_with_it(
            self, tmp_path: Path, h1: str, is_title: bool) -> None:
        """Chinese portals end a page's title with "_section_site": the <h1> it opens
        with is the article's title; an <h1> found in the middle (a blog's name) is not."""
        path = tmp_path / "page.html"
        sentence = "人工智能公司DeepMind发布了一种可以利用记忆自学的新型电脑系统。"
        prose = f"<p>{sentence * 6}</p>"
        path.write_text("<html><head><title>DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶"
                        f"_科技_腾讯网 @ 史蒂文的家_藍天</title></head><body><h1>{h1}</h1>"
                        f"<article>{prose}{prose}</article></body></html>", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        title = Content(path=Path("d.md"), text=result.stdout).document_for().meta.title
        assert (title == h1) is is_title and title.startswith("DeepMind新电脑")

    def test_pictures_shown_from_the_web_become_captions_and_the_draft_builds(
            self, tmp_path: Path) -> None:
        """exporter reads pictures from files: a picture the page shows from the web is a
        caption with its description and a link to it, one whose file is missing (or has
        no source) a caption naming it, one next to the article stays; the note says so,
        and the draft builds."""
        path = tmp_path / "news.md"
        PILImage.new("RGB", (40, 30), "navy").save(tmp_path / "port.png")
        path.write_text("# Ports\n\n![Ships at Jebel Ali](https://example.org/ships.jpg)\n\n"
                        "![](//cdn.example.org/map.png)\n\n![The port](port.png)\n\n"
                        "![](/cms/diagram.png)\n\n![]()\n\n## Traffic\n\nThe ships waited "
                        "in the Gulf for weeks while the strait stayed closed to them.\n",
                        encoding="utf-8")
        draft = tmp_path / "news.content.md"
        result = self.run(str(path), "-o", str(draft))
        assert result.exit_code == 0, result.output
        text = draft.read_text(encoding="utf-8")
        assert "*[Picture: Ships at Jebel Ali](<https://example.org/ships.jpg>)*" in text
        assert "*[Picture: untitled](<https://cdn.example.org/map.png>)*" in text
        assert "![The port](<port.png>)" in text and "*Picture: /cms/diagram.png*" in text
        assert "4 picture(s) are not files next to the article" in result.stderr
        built = CliRunner().invoke(main, ["build", str(draft), "-a", "analyst", "-f", "pptx",
                                          "-o", str(tmp_path / "out")])
        assert built.exit_code == 0, built.output

    def test_a_short_article_without_headings_gets_a_section_after_its_first_paragraph(
            self) -> None:
        """A news item of three paragraphs and no headings: its first paragraph opens it,
        the others are one section titled from their words, so its slides carry them."""
        text = ("Storm Over the Gulf\n\nA storm closed the ports of the Gulf on Monday.\n\n"
                "The harbour authority of Jebel Ali said the container terminals would stay "
                "shut for two days.\n\nShipping lines rerouted their vessels to the harbour "
                "of Salalah until the terminals of Jebel Ali open again.\n")
        document = read_back(ingest(text))
        (section,) = document.sections
        assert "drafted" in section.tags and len(section.blocks) == 2
        assert [b.text for b in document.intro] == [  # type: ignore[union-attr]
            "A storm closed the ports of the Gulf on Monday."]

    def test_a_page_whose_article_is_a_table_keeps_its_table(self, tmp_path: Path) -> None:
        """A list page whose content is one table (readability hands back its body without
        the <table>): a table of its rows, not its cells glued into one paragraph."""
        plots = ["A woman who shot her husband on New Year's Eve wishes she could live the "
                 "year again.", "Scientists test a time-viewing device whose screen becomes "
                 "a portal.", "A weatherman finds himself living the same day over again."]
        rows = "".join(f"<tr><th><i>Film {n}</i></th><td>{1947 + n}</td><td>{plot}</td></tr>"
                       for n, plot in enumerate(plots))
        path = tmp_path / "list.html"
        path.write_text("<html><head><title>Films</title></head><body><h1>Films</h1><div>"
                        "<table><tbody><tr><th>Film</th><th>Year</th><th>Plot</th></tr>"
                        f"{rows}</tbody></table></div></body></html>", encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        (table,) = [b for b in Content(path=Path("d.md"), text=result.stdout).document_for()
                    .intro if isinstance(b, Table)]
        assert [plain_text(c) for c in table.header] == ["Film", "Year", "Plot"]
        assert [[plain_text(c) for c in row] for row in table.rows] == [
            [f"Film {n}", str(1947 + n), plot] for n, plot in enumerate(plots)]

    def test_a_page_whose_article_is_preformatted_text_is_read_as_text(
            self, tmp_path: Path) -> None:
        """An Internet-Draft put on the web in one <pre>: its numbered headings and
        paragraphs, read by the plain-text rules, not one code block."""
        wrapped = ("   This draft describes a protocol by which client-side applications,\n"
                   "   running inside a web browser, can talk to a storage server that is\n"
                   "   hosted on a different domain name, with bearer tokens.\n")
        path = tmp_path / "draft.html"
        path.write_text("<html><head><title>remoteStorage</title></head><body><pre>"
                        "Abstract\n\n" + wrapped + "\n1.  Introduction\n\n" + wrapped
                        + "\n2.  Terminology\n\n" + wrapped + "</pre></body></html>",
                        encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert [title for _, title in document.headings()][-2:] == [
            "1. Introduction", "2. Terminology"]
        assert "```" not in result.stdout
        assert "client-side applications, running inside a web browser" in result.stdout

    def test_a_report_body_marked_under_its_highlights_is_at_level_one(
            self, tmp_path: Path) -> None:
        """A page converted from an e-book: "Highlights" h2, its questions h3, then the
        letter's sections h4 and their side headings h6, with no heading over the letter."""
        prose = "<p>The agency's inventory of programs is still incomplete, GAO found.</p>"
        path = tmp_path / "report.html"
        path.write_text(
            f"<html><body><main><h1>Federal Programs: A Useful Inventory</h1>"
            f"<h2>Highlights</h2><h3>What GAO Found</h3>{prose}<h3>Why GAO Did This Study</h3>"
            f"{prose}<h4>Background</h4>{prose}<h6>The Inventory</h6>{prose}<h6>Types of "
            f"Programs</h6>{prose}<h4>Conclusions</h4>{prose}</main></body></html>",
            encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert document.headings() == [
            (1, "Highlights"), (2, "What GAO Found"), (2, "Why GAO Did This Study"),
            (1, "Background"), (2, "The Inventory"), (2, "Types of Programs"),
            (1, "Conclusions")]

    BODY = "".join(f"<p>The {n} paragraph of the story tells of the ships that carry goods on "
                   f"the rivers every day of the year, as the agency reports.</p>"
                   for n in ("first", "second", "third"))

    @pytest.mark.parametrize(("head", "heading", "title", "author", "date"), [
        ('<meta property="og:title" content="Rivers Run High This Year">'
         '<meta name="author" content="Jane Doe">'
         '<meta property="article:published_time" content="2019-01-03T07:00:02Z">',
         "<h1>River News</h1>", "Rivers Run High This Year", "Jane Doe", "2019-01-03"),
        ('<title>Rivers Run High This Year - River News</title><script type="application/'
         'ld+json">{"@graph": [{"headline": "Rivers Run High", "datePublished": '
         '"2020-11-11", "author": [{"name": "Jane Doe"}, {"name": "John Roe"}]}]}</script>',
         "<h1>River News</h1><h1>Rivers Run High This Year</h1>",
         "Rivers Run High This Year", "Jane Doe, John Roe", "2020-11-11"),
        ("<title>Rivers Run High This Year</title>",
         '<h1>Health Center</h1><p class="article-byline">By Jane Doe and John Roe</p>',
         "Rivers Run High This Year", "Jane Doe and John Roe", ""),
        ('<meta property="article:published" itemprop="datePublished" content="2019-02-21T'
         '08:00:08.000Z"><meta name="byl" content="By Jane Doe">',
         "<h1>Rivers Run High This Year</h1>", "Rivers Run High This Year", "Jane Doe",
         "2019-02-21"),
        ("", '<h1>Rivers Run High This Year</h1><time datetime="2016-10-13T17:00:03Z">Oct 13'
         '</time>', "Rivers Run High This Year", "", "2016-10-13"),
        ("<title>Rivers Run High This Year</title>",
         '<div class="author-follow">Katie Couric</div><div class="byline">J J</div>'
         '<div class="post-author">JANE DOE</div>', "Rivers Run High This Year", "JANE DOE",
         "")])
    def test_an_html_page_s_own_title_author_and_date(
            self, tmp_path: Path, head: str, heading: str, title: str, author: str,
            date: str) -> None:
        """A news page's title, byline and date from its metadata (``<meta>``, JSON-LD)
        or its byline element; an ``<h1>`` with the site's name is not the title, and the
        site's lines before the story (menus, buttons) are no part of it."""
        document, result = self.ingest_page(
            tmp_path / "story.html", f"<html><head>{head}</head><body><div>Skip to main "
            f"content</div><div>Subscribe</div><div><a href='/news'>News</a> <a href='/sport'>"
            f"Sport</a></div>{heading}<article>{self.BODY}</article></body></html>")
        assert (document.meta.title, document.meta.author) == (title, author)
        assert all(word not in result.stdout for word in ("Subscribe", "Skip to", "Sport"))
        if date:
            assert document.meta.date == date

    def test_html_main_content_and_its_structure(self, tmp_path: Path) -> None:
        body = "".join(f"<p>The {n} paragraph of the article tells about rivers and ports and "
                       f"the ships that carry goods on them every day of the year.</p>"
                       for n in ("first", "second", "third"))
        path = tmp_path / "a.html"
        PILImage.new("RGB", (40, 30), "teal").save(tmp_path / "p.png")
        path.write_text(f"<html><head><title>Rivers | Site</title></head><body>"
                        f"<nav><a href='/'>Home</a></nav><article><h1>Rivers of the Andes</h1>"
                        f"<p>Updated April 22, 2026</p>{body}<h2>Ports</h2>{body}"
                        f"<figure><img src='p.png' alt='A port'><figcaption>Iquitos port"
                        f"</figcaption></figure><ul><li>Iquitos</li><li>Pucallpa</li></ul>"
                        f"</article></body></html>")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        document = Content(path=Path("d.md"), text=result.stdout).document_for()
        assert (document.meta.title, document.meta.date) == ("Rivers of the Andes", "2026-04-22")
        assert document.headings() == [(1, "Ports")]
        assert "![A port](<p.png>)" in result.stdout and "*Iquitos port*" in result.stdout

    def ingest_page(self, path: Path, text: str) -> tuple[Document, Any]:
        """The document a page of ``text`` saved at ``path`` ingests to, and the run."""
        path.write_text(text, encoding="utf-8")
        result = self.run(str(path), "-o", "-")
        assert result.exit_code == 0, result.output
        return Content(path=Path("d.md"), text=result.stdout).document_for(), result

    def ingest_word(self, word: Any, tmp_path: Path) -> tuple[Document, str]:
        """The document a Word file ingests to, and its draft's text."""
        path = tmp_path / "article.docx"
        word.save(str(path))
        result = self.run(str(path), "-o", str(tmp_path / "article.md"))
        assert result.exit_code == 0, result.output
        return read_document(tmp_path / "article.md"), (tmp_path / "article.md").read_text()

    def test_word_styles_lists_tables_and_pictures(self, tmp_path: Path) -> None:
        import docx

        word = docx.Document()
        word.add_paragraph("Rivers of the Andes", style="Title")
        word.add_paragraph("The rivers run high this year, as the agency says.")
        word.add_heading("Ports", level=1)
        word.add_heading("Iquitos", level=2)
        word.add_paragraph("Iquitos is on the Amazon", style="List Bullet")
        word.add_paragraph("Pucallpa is on the Ucayali", style="List Bullet")
        table = word.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(1, 0).text = "Port", "Iquitos"
        document, _ = self.ingest_word(word, tmp_path)
        assert document.meta.title == "Rivers of the Andes"
        assert document.headings() == [(1, "Ports"), (2, "Iquitos")]
        assert [type(b).__name__ for b in document.sections[0].subsections[0].blocks] == [
            "ListBlock", "Table"]

    def test_a_word_heading_s_number_set_off_by_a_tab_reads_spaced(
            self, tmp_path: Path) -> None:
        import docx

        word = docx.Document()
        word.add_paragraph("奥运项目评估", style="Title")
        word.add_heading("1\t绪论", level=1)
        word.add_paragraph("奥林匹克运动会作为全球最具影响力的体育赛事。")
        word.add_heading("1.1\t研究背景", level=2)
        word.add_paragraph("近年来奥运项目的调整十分频繁，国际奥委会提出了十五项改革建议。")
        document, draft = self.ingest_word(word, tmp_path)
        assert document.headings() == [(1, "1 绪论"), (2, "1.1 研究背景")]
        assert "\t" not in draft
        assert [plain_text(p) for p in document.sections[0].subsections[0].keypoints] == [
            "近年来奥运项目的调整十分频繁，国际奥委会提出了十五项改革建议"]

    def test_word_without_heading_styles_finds_its_headings_in_the_prose(
            self, tmp_path: Path) -> None:
        """An article pasted into Word keeps no heading styles (a page saved as Word keeps
        its h1 as Heading 1, the title): its lone short lines are headings, as in plain
        text, and the lines of a table of contents are no part of the article."""
        import docx
        from docx.enum.style import WD_STYLE_TYPE

        prose = "The strait carries a fifth of the oil the world ships by sea each day."
        word = docx.Document()
        word.add_heading("The Strait of Hormuz in Brief", level=1)
        contents = word.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
        for line in ("Introduction\t1", "Jones Act Waiver\t5"):
            word.add_paragraph(line, style=contents)
        for text in ("Introduction", prose, "Jones Act Waiver", prose,
                     "The waiver runs out in May, and the Administration notes that", prose):
            word.add_paragraph(text)
        document, draft = self.ingest_word(word, tmp_path)
        assert document.meta.title == "The Strait of Hormuz in Brief"
        assert document.headings() == [(1, "Introduction"), (1, "Jones Act Waiver")]
        assert "Introduction\t1" not in draft and "Jones Act Waiver\t5" not in draft
        assert "the Administration notes that" in draft  # a lead-in, no heading


class TestExhibits:
    """Tables, figures and text boxes as a PDF's text gives them: between a title ("Table
    1: ...") and a source line, or a box's title over its list and source line."""

    def test_a_table_with_a_description_per_row_gives_no_headings(self) -> None:
        text = "\n".join([
            "River Locks", "", "Lock Types", "",
            "Several kinds of locks are in use on the river today (see table 1).", "",
            "Table 1: Kinds of Locks on the River and How They Work", "",
            "Kind of lock How it works", "", "Flight lock", "", "Guard lock", "",
            "Tide lock", "",
            "Chambers follow one another up the slope, each gate opening into the next "
            "chamber, so boats climb a hill in steps.", "",
            "A gate shuts the canal off from a river in flood, and boats pass only when the "
            "two levels are the same.", "",
            "Color lock", "", "Drum lock", "",
            "A tide lock keeps the sea out of a canal at high water and lets boats out when "
            "the tide is level.", "",
            "Source: River Office analysis of lock records. | RO-26-1", "",
            "Operations", "", "The locks open at six every morning of the year.", ""])
        result = ingest(text)
        assert [title for _, title in result.headings] == ["Lock Types", "Operations"]
        document = read_back(result)
        for cell in ("Kind of lock How it works", "Flight lock", "Drum lock"):
            assert cell in texts(document)
        assert any(t.startswith("Chambers follow one another") for t in texts(document))

    def test_a_heading_after_a_figure_title_over_prose_stays_a_heading(self) -> None:
        """The figure gives no text; the section after it is a section. The box further on
        (its title over its list, closed by a source line) opens no section."""
        text = "\n".join([
            "Fraud in Foreign Aid", "", "Risks Abroad", "",
            "No area of the government is immune to fraud.", "",
            "Figure 1: Fraud, Waste, and Abuse Definitions and Examples", "",
            "Delivering Assistance Presents Increased Risks", "",
            "The delivery of assistance can present some challenges. These include:", "",
            "Reliance on Partners. Partners deliver most of the assistance, and they rely "
            "on their own controls.", "",
            "Examples of Inadequate Internal Controls that Could Increase the Risk", "",
            " - Inadequate separation of duties.", "",
            " - Limited verification of beneficiary data.", "",
            "Source: GAO analysis of prior GAO reports. | GAO-26-1", "",
            "Conflict zones complicate the delivery of assistance.", ""])
        result = ingest(text)
        assert [title for _, title in result.headings] == [
            "Risks Abroad", "Delivering Assistance Presents Increased Risks"]
        assert "Examples of Inadequate Internal Controls that Could Increase the Risk" in \
            texts(read_back(result))

    def test_the_line_under_a_table_s_title_is_its_header_row_not_a_heading(self) -> None:
        """Though the table's rows are prose (an incentive and its description)."""
        text = "\n\n".join([
            "Animal Drugs", "Incentives", "The agency offers sponsors several incentives.",
            "Table 1: Examples of Incentives to Support Drug Sponsors", "Incentive Description",
            "User fee waivers Sponsors developing drugs for minor species may qualify for "
            "waivers of the fees that the agency collects.",
            "Exclusive marketing rights Drugs with a minor use designation have 7 years of "
            "marketing exclusivity once approved.",
            "Source: GAO analysis of agency documents.",
            "Sponsors used these incentives for 30 drugs, the agency said."])
        result = ingest(text)
        assert [title for _, title in result.headings] == ["Incentives"]
        assert "Incentive Description" in texts(read_back(result))

    def test_rows_of_figures_between_a_table_s_title_and_source_are_a_table(self) -> None:
        """A PDF copy gives a table as lines of a label and its figures; the line over
        them names the columns, one word each; a line with no figure labels a group of
        rows. Column names of several words part nowhere anyone can tell: the lines stay
        asides. A legend's "FY=fiscal year" is no code."""
        rows = ["Stage 1 awards", "Applications 313 459 81 180",
                "Selected projects 44 41 23 19",
                "Funding amount $77,085,569 $62,229,244 $35,433,280 $28,887,723",
                "Total Funding $ 116,935,299 $ 88,797,413 $ 42,032,680 $ 41,323,024"]
        def draft(header: str) -> Document:
            return read_back(ingest("\n\n".join([
                "Grants", "Findings", "The agency chose projects of every size this year.",
                "Table 2: Applications and Selected Projects, by Community Size", header,
                *rows, "Legend: FY=fiscal year", "Source: GAO analysis of agency data.",
                "The agency will choose again next year, it said in March."])))
        document = draft("Community size Large Midsized Regional Rural")
        tables = [b for s in document.walk() for b in s.blocks if isinstance(b, Table)]
        assert len(tables) == 1
        assert [plain_text(cell) for cell in tables[0].header] == [
            "Community size", "Large", "Midsized", "Regional", "Rural"]
        assert [[plain_text(cell) for cell in row] for row in tables[0].rows] == [
            ["Stage 1 awards", "", "", "", ""], ["Applications", "313", "459", "81", "180"],
            ["Selected projects", "44", "41", "23", "19"],
            ["Funding amount", "$77,085,569", "$62,229,244", "$35,433,280", "$28,887,723"],
            ["Total Funding", "$116,935,299", "$88,797,413", "$42,032,680", "$41,323,024"]]
        blocks = [b for s in document.walk() for b in s.blocks]
        assert not any(isinstance(b, CodeBlock) for b in blocks)
        assert [s.title for s in document.walk()] == ["Findings"]
        unsure = draft("Placement type Yes No Don’t know Not applicable")
        assert not [b for s in unsure.walk() for b in s.blocks if isinstance(b, Table)]
        assert "Applications 313 459 81 180" in texts(unsure)

    def test_a_legend_in_a_table_of_cells_is_no_list(self) -> None:
        text = "\n".join([
            "River Locks", "", "Ratings", "",
            "The office rated each plan on the characteristics below (see table 2).", "",
            "Table 2: Extent to Which the Plans Address the Characteristics", "",
            "Characteristic 2018 Plan 2020 Plan", "", "Purpose and scope ● ●", "",
            "Risk assessment ◐ ●", "", "- ● – Fully addresses ◐ – Partially addresses", "",
            "Source: River Office analysis of the plans. | RO-26-2", "",
            "The plans leave the costs of the locks open for now.", ""])
        document = read_back(ingest(text))
        assert lists(document) == []
        assert "● – Fully addresses ◐ – Partially addresses" in texts(document)
        assert all("Fully addresses" not in plain_text(point)
                   for section in document.walk() for point in section.keypoints)

    @pytest.mark.parametrize("line", [
        "Problem Definition and Risk Assessment – Fully Addresses Goals, Subordinate "
        "Objectives, and Performance Measures – Partially Addresses",
        "Integration and Implementation — Partially Addresses"])
    def test_dashes_between_words_make_no_row_of_figures(self, line: str) -> None:
        assert is_heading(line)

    @pytest.mark.parametrize("line", ["Salaries 12 — —", "FY24 stage 2 28 8 $85.5"])
    def test_rows_of_figures_are_no_headings(self, line: str) -> None:
        assert not is_heading(line)

    @pytest.mark.parametrize("line", [
        "FDA Conditionally Approved 11 New Animal Drugs in Fiscal Years 2018 Through 2025",
        "USAID’s and State’s Democracy Assistance Allocations Totaled About $14 Billion in "
        "Fiscal Years 2018– 2023"])
    def test_figures_among_a_heading_s_words_make_no_row(self, line: str) -> None:
        assert is_heading(line)


class TestSignOff:
    def test_a_byline_after_the_text_is_the_author_and_opens_no_section(self) -> None:
        """A news page ends with a link's text, its byline, the author's centre and a
        contact: the byline is the author, the rest asides, and no section opens."""
        text = "\n".join([
            "How the Telescope Will Hunt for Black Holes", "",
            "Astronomers have found black holes of many masses over the years.", "",
            "Recipe", "",
            "The telescope will look for small black holes that formed early on.", "",
            "Download high-resolution video and images from the Visualization Studio", "",
            "By Ashley Balzer", "", "Goddard Space Flight Center, Greenbelt, Md.", "",
            "Media Contact:", "", "Claire Andreoli", "", "301-286-1940", ""])
        result = ingest(text)
        document = read_back(result)
        assert document.meta.author == "Ashley Balzer"
        assert [title for _, title in result.headings] == ["Recipe"]
        assert "By Ashley Balzer" not in texts(document)
        assert "Goddard Space Flight Center, Greenbelt, Md." in texts(document)
        assert all(not plain_text(point).startswith("Goddard")
                   for section in document.walk() for point in section.keypoints)

    def test_a_byline_named_in_the_front_matter_stays_where_it_is(self) -> None:
        text = "\n".join([
            "How the Telescope Will Hunt for Black Holes", "", "By Jane Roe", "",
            "Astronomers have found black holes of many masses over the years.", "",
            "By Ashley Balzer", ""])
        document = read_back(ingest(text))
        assert document.meta.author == "Jane Roe"
        assert "By Ashley Balzer" in texts(document)
