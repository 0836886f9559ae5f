"""Sentences and slide bullets: the one splitter, salience, and safe deletions only."""

from __future__ import annotations

import pytest

from exporter.bullets import (
    LONG_WORDS,
    MAX_WORDS,
    choose_bullets,
    leans_on_previous,
    section_bullets,
    shorten,
    standalone_points,
)
from exporter.deck import key_points
from exporter.model import ListBlock, ListItem, Paragraph, Run, Section, plain_text
from exporter.text import sentences, word_count


class TestSentences:
    @pytest.mark.parametrize(("text", "expected"), [
        ("U.S. forces arrived in 2018. Then Dr. Smith left. Was it over? “Yes.” No.",
         ["U.S. forces arrived in 2018.", "Then Dr. Smith left.", "Was it over?", "“Yes.”",
          "No."]),
        ("Commander Charles F. Bolden flew. N. Jan Davis too.",
         ["Commander Charles F. Bolden flew.", "N. Jan Davis too."]),
        ("On Feb. 3, 1994, Discovery took off. It landed in Oct. Then it rested.",
         ["On Feb. 3, 1994, Discovery took off.", "It landed in Oct.", "Then it rested."]),
        ("Ships left the U.S. The next day they came back. The U.S. Navy agreed.",
         ["Ships left the U.S.", "The next day they came back.", "The U.S. Navy agreed."]),
        ("Gen. Smith met the press. Sen. Jones did not.",
         ["Gen. Smith met the press.", "Sen. Jones did not."]),
        ("He said: “We are ready. We will go.” Then he left.",
         ["He said: “We are ready. We will go.”", "Then he left."]),
        ("The fleet (about 60 ships. All of them old.) sails. Others wait.",
         ["The fleet (about 60 ships. All of them old.) sails.", "Others wait."]),
        ("See No. 5 and p. 7 here. No. That was all.",
         ["See No. 5 and p. 7 here.", "No.", "That was all."]),
        ("近年来奥运项目的调整十分频繁。2020年东京奥运会新增了攀岩！是否合理？「是。」",
         ["近年来奥运项目的调整十分频繁。", "2020年东京奥运会新增了攀岩！", "是否合理？",
          "「是。」"]),
    ])
    def test_cases(self, text: str, expected: list[str]) -> None:
        assert sentences(text) == expected


class TestChinese:
    def test_a_chinese_section_gets_bullets_weighed_by_its_characters(self) -> None:
        """Chinese is written without spaces: a sentence ends at 。, its length counts
        two characters a word, and bullets drop the final 。 as others drop their full
        stop; a sentence far too long for a bullet is passed over."""
        long = "当前奥运项目的评估主要依赖专家委员会的主观判断" * 4 + "。"
        paragraph = ("近年来奥运项目的调整十分频繁，国际奥委会提出了十五项改革建议。"
                     + long + "这些改革方向说明奥运项目的选择需要更加科学化的方法。")
        assert word_count("近年来奥运项目的调整十分频繁。") == 7
        assert word_count("The cat sat in 2020年东京") == 6
        assert choose_bullets([paragraph]) == [
            "近年来奥运项目的调整十分频繁，国际奥委会提出了十五项改革建议",
            "这些改革方向说明奥运项目的选择需要更加科学化的方法"]


class TestShorten:
    @pytest.mark.parametrize(("sentence", "bullet"), [
        ("However, the army moved into the valley in force.",
         "The army moved into the valley in force"),
        ("Then, in the autumn of 1497, Perkin Warbeck tried to usurp the throne.",
         "In the autumn of 1497, Perkin Warbeck tried to usurp the throne"),
        ("By contrast, the agency kept its staff.", "The agency kept its staff"),
        ("To do this, the act states that the agency should develop a plan.",
         "The act states that the agency should develop a plan"),
        ("By doing so, the agency could inform its next grants.",
         "The agency could inform its next grants"),
        ("According to a 2025 estimate by the agency, about 1,000 ships are waiting in the "
         "Persian Gulf for the ceasefire to hold and the strait to open again.",
         "About 1,000 ships are waiting in the Persian Gulf for the ceasefire to hold and the "
         "strait to open again"),
        ("Jebel Ali in the United Arab Emirates (UAE) is the leading container port hub in the "
         "region, and the world's ninth largest port.",
         "Jebel Ali in the United Arab Emirates is the leading container port hub in the "
         "region, and the world's ninth largest port"),
        ("Persian Gulf countries account for nearly 20% of U.S. exports by ship of condiments "
         "and sauces, such as ketchup and mustard and many other products.",
         "Persian Gulf countries account for nearly 20% of U.S. exports by ship of condiments "
         "and sauces"),
        ("The TSP is not at full enrollment, which could indicate that finding vessels to "
         "replace the two unable to leave the Persian Gulf may prove difficult.",
         "The TSP is not at full enrollment"),
        ("DOJ estimated that Live Nation had obtained 16.5% of the market share in primary "
         "ticketing services, reducing Ticketmaster's market share from 82.9% to 66.4%.",
         "DOJ estimated that Live Nation had obtained 16.5% of the market share in primary "
         "ticketing services, reducing Ticketmaster's market share from 82.9% to 66.4%"),
        ("The committee approved the plan after three long sessions of debate in the chamber, "
         "ranging from the budget to the timetable.",
         "The committee approved the plan after three long sessions of debate in the chamber"),
        ("In December 2013, Mozilla announced funding for the development of games[22] "
         "through its Game Creator Challenge.[23][24]",
         "In December 2013, Mozilla announced funding for the development of games through "
         "its Game Creator Challenge"),
        ("Congress has directed the service to open offices in cities that present business "
         "opportunities for U.S. exporters (15 U.S.C. §4721(c)(4)).",
         "Congress has directed the service to open offices in cities that present business "
         "opportunities for U.S. exporters"),
        ("About 60 embassies are currently partner posts (see Figure 1).",
         "About 60 embassies are currently partner posts"),
        ("Bodmin was in the North Cornwall District until local government reorganisation "
         "in 2009 (see also Cornwall Council).",
         "Bodmin was in the North Cornwall District until local government reorganisation "
         "in 2009"),
        ("The act (see section 5 of the law) applies to every port in the region.",
         "The act (see section 5 of the law) applies to every port in the region"),
        ("Congress may consider how these issues bear on its oversight role, as discussed below.",
         "Congress may consider how these issues bear on its oversight role"),
    ])
    def test_safe_deletions(self, sentence: str, bullet: str) -> None:
        assert shorten(sentence) == bullet

    @pytest.mark.parametrize(("sentence", "bullet"), [
        ("Knowledge about decisions made at the federal level, such as those in some "
         "coordination meetings, could allow them to align their efforts.",
         "Knowledge about decisions made at the federal level could allow them to align "
         "their efforts"),
        ("Some ticketers might implement changes or undo previous actions in response to "
         "various factors, such as public scrutiny, market pressure, state laws, and actions "
         "taken by the federal government.",
         "Some ticketers might implement changes or undo previous actions in response to "
         "various factors"),
        ("Advanced quantum computing applications will likely require logical qubits, which "
         "are a group of physical qubits that mimics a single robust, stable qubit.",
         "Advanced quantum computing applications will likely require logical qubits, which "
         "are a group of physical qubits that mimics a single robust, stable qubit"),
    ])
    def test_examples_and_clauses_go_only_where_the_sentence_stays_whole(
            self, sentence: str, bullet: str) -> None:
        """Examples in the middle of a sentence go up to the comma after them; a list's
        comma ("public scrutiny, market pressure") or an adjective's ("robust, stable") is
        no clause's end."""
        assert shorten(sentence) == bullet

    def test_examples_that_the_sentence_goes_on_after_are_not_cut_with_it(self) -> None:
        """Not "Some ticketers have made statements that suggest other entities": the verb
        after the examples ("determine") is the sentence's."""
        bullet = shorten("Some ticketers have made statements that suggest other entities, "
                         "such as event organizers, determine the refund policy, particularly "
                         "the amount of the refund that will be covered by other entities.")
        assert bullet is None or "determine the refund policy" in bullet

    def test_those_that_points_nowhere(self) -> None:
        assert not leans_on_previous("The Jones Act restricts vessels carrying cargo between "
                                     "U.S. ports to those that are U.S.-built and crewed")
        assert leans_on_previous("Those ships carry cargo between the ports of the Gulf")

    def test_a_clause_is_not_cut_at_a_comma_of_a_list_inside_it(self) -> None:
        """", which is to create a visible, systematic, national approach": the comma after
        "visible" is the list's, not the clause's end ("purpose systematic, national")."""
        sentence = ("The overview describes the strategy's purpose, which is to create a "
                    "visible, systematic, national approach to quantum information "
                    "research and development across the agencies.")
        assert shorten(sentence) == sentence[:-1]
        assert shorten("The plan, which the board approved in May, cut the fees by half for "
                       "most of the smaller ports.") == \
            "The plan cut the fees by half for most of the smaller ports"

    def test_no_word_that_changes_the_meaning_is_dropped(self) -> None:
        sentence = ("Greenhouse gases are not inherently a problem, since they keep the planet "
                    "warm enough for life as we know it to exist at all.")
        assert "not inherently a problem" in (shorten(sentence) or "")

    def test_nothing_inside_a_quotation_is_removed(self) -> None:
        sentence = ("The president praised the crew, saying “this step (the first of many) "
                    "will become the norm in global cooperation and it is historic.”")
        assert shorten(sentence) in (sentence, None)

    def test_a_sentence_too_long_is_passed_over_not_cut(self) -> None:
        long = " ".join(["Word"] * (MAX_WORDS + 20)) + "."
        assert shorten(long) is None
        assert shorten(long, limit=100) == long[:-1]


class TestChoice:
    PROSE = (
        "The strait carries about one-third of the world's seaborne trade in fertilizer. "
        "It is narrow. Many of these commodities come from the region's oil and gas fields. "
        "Qatar accounts for about 30% of the world's helium production, which risks supply "
        "shortages in the United States. This is a concern.",
        "Saudi Arabia is an important source of phosphate fertilizer for Africa. Ships wait.",
    )

    def test_three_to_five_salient_whole_sentences_in_reading_order(self) -> None:
        bullets = choose_bullets(self.PROSE)
        assert 3 <= len(bullets) <= 5
        assert any("30% of the world's helium" in b for b in bullets)
        joined = " ".join(self.PROSE)
        assert [joined.find(b.split()[0] + " " + b.split()[1]) for b in bullets] == sorted(
            joined.find(b.split()[0] + " " + b.split()[1]) for b in bullets)
        assert "It is narrow" not in bullets and "Ships wait" not in bullets

    def test_a_short_section_gets_fewer_never_filler(self) -> None:
        assert choose_bullets(["The army moved into the valley in force."]) == [
            "The army moved into the valley in force"]
        assert choose_bullets(["It is. Yes."]) == []

    def test_a_section_of_one_long_sentence_gets_it_whole_not_an_empty_slide(self) -> None:
        sentence = (
            "Aspirant National Service Sergeant Instructors of the Royal Army Education Corps "
            "underwent training at the Army School of Education, situated at the end of the "
            "Second World War at Buchanan Castle, Drymen in Scotland, and later, from 1948, at "
            "the Walker Lines, Bodmin, until it moved to Wilton Park, Beaconsfield.")
        assert shorten(sentence, limit=LONG_WORDS) is None
        bullets = choose_bullets([sentence])
        assert len(bullets) == 1 and len(bullets[0].split()) > LONG_WORDS
        assert bullets[0].startswith("Aspirant National Service") and \
            bullets[0].endswith("Wilton Park, Beaconsfield")
        assert set(bullets[0].replace(",", "").split()) <= set(sentence.replace(",", "")
                                                                .rstrip(".").split())

    def test_titles_figure_pointers_and_calls_to_act_are_not_bullets(self) -> None:
        paragraphs = ["Assessments of Servicer Accuracy and Call Quality",
                      "Figure 2 displays a timeline of the actions taken by the department.",
                      "Watch the crew narrate a video about the mission to the station.",
                      "For data on staffing levels nationally, see CRS Report R48725, "
                      "Staffing Levels: Data Brief.",
                      "For data quality, the servicers now rely on audits by the department.",
                      "Share prices of the five servicers fell by a third in the year."]
        assert choose_bullets(paragraphs) == [
            "For data quality, the servicers now rely on audits by the department",
            "Share prices of the five servicers fell by a third in the year"]

    def test_citations_are_not_bullets(self) -> None:
        """A PDF copy's footnotes run into the text: a source with its web address, a note
        that starts with its number."""
        paragraphs = ["Electricity Use and Carbon Emissions from Cryptocurrency, December 15, "
                      "2021, https://cryptoclimate.org/wp-content/uploads/guidance.pdf.",
                      "72 See, for example, EIA, “Electricity from U.S. Cryptocurrency Mining,” "
                      "2024; and LBNL 2024 report, pp. 65 and 67.",
                      "November 7, 2023; Texas 89th Leg., R.S., Ch. 337 (S.B. 2268), §1, eff.",
                      "Mining facilities used about 2% of the electricity of the country in 2023.",
                      "Some states offer the miners reduced rates for their electricity."]
        assert choose_bullets(paragraphs) == [
            "Mining facilities used about 2% of the electricity of the country in 2023",
            "Some states offer the miners reduced rates for their electricity"]

    def test_what_a_report_says_of_its_own_delivery_is_not_a_bullet(self) -> None:
        paragraphs = ["We are sending copies of this report to the appropriate congressional "
                      "committees and the Secretary of Transportation.",
                      "In addition, the report is available at no charge on the GAO website.",
                      "If you or your staff have any questions about this report, please "
                      "contact me.",
                      "We conducted this performance audit in accordance with generally "
                      "accepted government auditing standards.",
                      "The agency selected 135 projects for grants in 2025.",
                      "Most of the projects were completed by the middle of that year."]
        assert choose_bullets(paragraphs) == [
            "The agency selected 135 projects for grants in 2025",
            "Most of the projects were completed by the middle of that year"]

    def test_how_a_report_did_its_work_gives_way_to_what_it_found(self) -> None:
        findings = ["The agency selected 135 projects for grants in 2025.",
                    "Most of the 135 projects were in midsized communities in 2025.",
                    "Rural communities received about $41 million in 2025 grants.",
                    "The agency has no plan to share the lessons of the 135 projects.",
                    "Grant recipients reported delays with 47 of the 59 projects in 2025.",
                    "Regional partnerships won 24 grants worth $42 million in 2025."]
        method = ("To address the first objective, we analyzed agency data on the 135 "
                  "projects and the grants of 2025.")
        chosen = choose_bullets([method, *findings])
        assert len(chosen) >= 3 and not any("we analyzed" in bullet for bullet in chosen)

    def test_a_sentence_leaning_on_one_left_out_is_not_a_bullet(self) -> None:
        paragraphs = ["The Jones Act restricts vessels carrying cargo between U.S. ports to "
                      "those built in the United States, which raises shipping costs for "
                      "every shipper on the coasts and for the ports themselves, as the "
                      "carriers that serve them say.",
                      "This restriction significantly affects the price of domestic shipping.",
                      "The waiver lets foreign-built vessels carry fuel between U.S. ports."]
        assert choose_bullets(paragraphs) == [
            "The waiver lets foreign-built vessels carry fuel between U.S. ports"]

    def test_asides_and_list_introductions_are_not_bullets(self) -> None:
        blocks = (Paragraph((Run("Figure 1: The ships waiting in the Gulf in March 2026",
                                 italic=True),)),
                  Paragraph((Run("The fleet of tankers waited in the Gulf for weeks."),)),
                  Paragraph((Run("Ports with container traffic include the following:"),)))
        assert section_bullets(blocks) == ["The fleet of tankers waited in the Gulf for weeks"]


    def test_a_caption_that_tells_the_section_s_story_gives_its_bullets(self) -> None:
        """A newsletter's item told only under its photo: the caption's sentences are the
        bullets, its credit left out; a labelled caption or a source line never is."""
        def aside(text: str) -> Paragraph:
            return Paragraph((Run(text, italic=True),))

        story = aside("A crew removes the test engine from the stand on April 9. The removal "
                      "ends the second and final series of twelve tests. NASA/Danny Nowlin")
        labelled = (aside("Figure 2: The stand in April. The engine was removed."),
                    aside("Source: NASA photographs of the stand. Taken in April."))
        assert section_bullets((story, *labelled)) == [
            "A crew removes the test engine from the stand on April 9",
            "The removal ends the second and final series of twelve tests"]
        assert section_bullets(labelled) == []


class TestDeck:
    def test_a_section_with_prose_and_no_key_points_gets_bullets(self) -> None:
        section = Section("s", "Ships", 1, blocks=(Paragraph((Run(
            "Gen. Smith met the press in the capital on Monday. The fleet of tankers waited "
            "in the Gulf for weeks, officials said."),)),))
        assert [plain_text(p) for p in key_points(section)] == [
            "Gen. Smith met the press in the capital on Monday",
            "The fleet of tankers waited in the Gulf for weeks, officials said"]

    def test_a_list_without_prose_is_its_own_bullets(self) -> None:
        items = ListBlock((ListItem((Run("One", bold=True), Run(" item"))),))
        section = Section("s", "Ships", 1, blocks=(items,))
        assert key_points(section) == ((Run("One", bold=True), Run(" item")),)


def test_a_list_item_too_long_for_a_bullet_offers_its_sentences_under_its_label() -> None:
    """A page's list of labelled paragraphs ("**New process** Our research ..."): an item
    too long for a bullet is split into its sentences, the label kept before the first
    with a colon; a sentence in brackets is no bullet."""
    long = ("Our rough research has told us newsrooms need to be reorganized. This includes "
            "every part of the workflow, from where a story comes from to every word and "
            "pixel the reader sees on the page. (Some of this is in our report of 2013.) "
            "Few newsrooms have started on it yet, and fewer have finished.")
    items = ListBlock((ListItem((Run("New process", bold=True), Run(f" {long}"))),
                       ListItem((Run("Mentorship", bold=True),
                                 Run(" Lack of mentorship is still a big problem."))),))
    bullets = section_bullets((items,))
    assert "New process: Our rough research has told us newsrooms need to be reorganized" in (
        bullets)
    assert "Mentorship: Lack of mentorship is still a big problem" in bullets
    assert all(len(b.split()) <= LONG_WORDS for b in bullets)
    assert not any(b.startswith("(") for b in bullets)


def test_a_bold_name_before_a_bracket_is_no_label() -> None:
    items = ListBlock((ListItem((Run("The Emergency Food Assistance Program", bold=True),
                                 Run(" (TEFAP)"))),))
    assert section_bullets((items,)) == ["The Emergency Food Assistance Program (TEFAP)"]


def test_a_section_longer_than_the_rank_limit_ranks_every_sentence_once() -> None:
    """TextRank compares at most RANK_LIMIT sentences pair by pair; a longer section
    (thousands of sentences: its graph would take minutes) ranks its most central ones
    and keeps every sentence, each once; the sentences about what the section is about
    come first, whatever their place."""
    from exporter.bullets import RANK_LIMIT, salient_sentences

    filler = [f"Crate{n} is at dock{n} by cart{n}." for n in range(3 * RANK_LIMIT)]
    central = ["The harbour pilots struck over harbour pilot pay.",
               "Harbour pilot pay rose after the strike of the pilots.",
               "The pilots ended the harbour strike when pay rose."]
    text = " ".join(filler[:150] + central[:1] + filler[150:] + central[1:])
    ranked = salient_sentences(text)
    assert sorted(ranked) == sorted(sentences(text))
    assert set(ranked[:3]) == set(central)
    bullets = choose_bullets([text])
    assert {c.rstrip(".") for c in central} & set(bullets)


@pytest.mark.parametrize(("sentences_given", "expected"), [
    (["Bodmin is a civil parish and historic town in Cornwall.",
      "It is situated south-west of Bodmin Moor.",
      "Bodmin was in the North Cornwall District until 2009."],
     ["Bodmin is a civil parish and historic town in Cornwall; it is situated south-west of "
      "Bodmin Moor.", "Bodmin was in the North Cornwall District until 2009."]),
    (["Discovery took off on Feb. 3, 1994.", "However, NASA said these results were late."],
     ["Discovery took off on Feb. 3, 1994; however, NASA said these results were late."]),
    (["Discovery took off on Feb. 3, 1994.", "NASA said these results were late."],
     ["Discovery took off on Feb. 3, 1994; NASA said these results were late."]),
    # too long together: each stays a point of its own
    (["Discovery took off. ", "It carried " + "one more experiment and " * 8 + "a crew."],
     ["Discovery took off. ", "It carried " + "one more experiment and " * 8 + "a crew."]),
    # the first sentence leans on nothing before it
    (["It is situated south-west of Bodmin Moor."], ["It is situated south-west of Bodmin Moor."]),
])
def test_a_point_that_leans_on_the_one_before_goes_on_from_it(
        sentences_given: list[str], expected: list[str]) -> None:
    assert standalone_points(sentences_given) == expected


def test_a_deletion_never_leaves_only_the_opening_phrase() -> None:
    """", mining involves ..." reads like a trailing participle, but it is the sentence's
    main clause: taking it would leave "In the case of Bitcoin"."""
    sentence = ("In the case of Bitcoin, mining involves the computational work to validate "
                "transactions and bundle those transactions to create and publish a new block "
                "in a blockchain.")
    assert shorten(sentence) is None
    longer = ("During the storm the agency closed the port for nine days and sent the ships "
              "waiting in the bay to the harbours up the coast, citing the risk of damage.")
    assert shorten(longer) == longer.split(", citing")[0]


def test_a_list_item_s_bullet_leaves_out_what_joins_it_to_the_next() -> None:
    """"...; or" and "..., and" belong to the list, not to a bullet read alone."""
    items = ListBlock(tuple(ListItem((Run(text),)) for text in (
        "Youth who ran away from a foster home for more than a week; or",
        "Youth connected to family members who were exploited in the past, and",
        "Youth placed in a juvenile justice facility for any length of time;",
        "Youth who returned to a foster home after a stay in a shelter")))
    bullets = section_bullets((items,))
    assert len(bullets) >= 3
    assert set(bullets) <= {
        "Youth who ran away from a foster home for more than a week",
        "Youth connected to family members who were exploited in the past",
        "Youth placed in a juvenile justice facility for any length of time",
        "Youth who returned to a foster home after a stay in a shelter"}
