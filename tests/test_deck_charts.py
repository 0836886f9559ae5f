"""The slide plan of charts: beside the section's bullets when there is room, else on a
slide of their own; labelled where the labels fit; the figures in the notes."""

from __future__ import annotations

import dataclasses

from test_deck import GEOMETRY, MEASURER

from exporter.audience import FULL_AUDIENCE
from exporter.charts import data_sentences, describe
from exporter.deck import (
    CHART_SIZE,
    DeckPlan,
    Rect,
    Slide,
    TextStyle,
    labels_fit,
    plan_deck,
)
from exporter.model import (
    Block,
    Chart,
    ChartSeries,
    Document,
    Metadata,
    Paragraph,
    Run,
    Section,
    Table,
)

SMALL = Chart("column", "Seizures by year", ("2021", "2022", "2023"),
              (ChartSeries("Sea", (12, 15, 19)),), "Year", "tonnes")
LONG = dataclasses.replace(SMALL, title="Budget by year",
                           categories=tuple(str(year) for year in range(2010, 2023)),
                           series=(ChartSeries("Budget", tuple(range(13))),))
STYLE = TextStyle("Calibri", CHART_SIZE)


def plan(*blocks: Block, keypoints: tuple[str, ...] = ("Seizures rose",)) -> DeckPlan:
    section = Section("s", "Seizures", 1, blocks=blocks,
                      keypoints=tuple((Run(point),) for point in keypoints))
    document = Document(Metadata(title="Charts"), sections=(section,))
    return plan_deck(document, FULL_AUDIENCE, GEOMETRY, MEASURER)


def chart_slides(deck: DeckPlan) -> list[Slide]:
    return [slide for slide in deck.slides if slide.chart is not None]


def test_a_small_chart_goes_beside_the_bullets() -> None:
    deck = plan(Paragraph((Run("Seizures rose at sea."),)), SMALL)
    (slide,) = chart_slides(deck)
    assert (slide.role, slide.title_text) == ("two_column", "Seizures")
    assert slide.bodies[0].text == "Seizures rose"
    assert slide.chart.rect == GEOMETRY.layout("two_column").bodies[1].rect
    assert slide.chart.titled and slide.chart.data_labels and not slide.chart.legend
    assert slide.chart.alt == describe(SMALL)
    notes = [line.text for line in slide.notes]
    assert notes == ["Seizures rose at sea.", SMALL.title, *data_sentences(SMALL)]
    assert len(deck.slides) == 3  # title, the section with its chart, takeaways


def test_a_long_chart_gets_a_slide_of_its_own() -> None:
    deck = plan(LONG)
    content, chart = (s for s in deck.slides if s.section == "s")
    assert (content.role, content.chart) == ("content", None)
    assert (chart.kind, chart.role, chart.title_text) == ("chart", "title_only",
                                                         "Budget by year")
    assert chart.chart.rect == GEOMETRY.layout("title_only").content_area
    assert not chart.chart.titled  # the slide's title is the chart's


def test_a_chart_after_a_table_or_another_chart_is_alone() -> None:
    table = Table(header=((Run("A"),),), rows=(((Run("1"),),),))
    deck = plan(table, SMALL, dataclasses.replace(SMALL, title="Again"))
    roles = [(s.kind, s.role) for s in deck.slides if s.section == "s"]
    assert roles == [("content", "content"), ("table", "title_only"),
                     ("chart", "title_only"), ("chart", "title_only")]
    beside = plan(SMALL, dataclasses.replace(SMALL, title="Again"))
    assert [(s.role, s.title_text) for s in chart_slides(beside)] == [
        ("two_column", "Seizures"), ("title_only", "Again")]


def test_bullets_too_long_for_a_column_keep_their_slide() -> None:
    points = tuple(f"Point {n}: the military must adapt its tactics with enhanced "
                   "surveillance and closer work with other agencies" for n in range(7))
    deck = plan(SMALL, keypoints=points)
    (slide,) = chart_slides(deck)
    assert slide.role == "title_only" and slide.title_text == SMALL.title


def test_a_chart_titled_like_its_section_gets_a_unique_slide_title() -> None:
    deck = plan(dataclasses.replace(LONG, title="Seizures"))
    assert [s.title_text for s in deck.slides if s.section == "s"] == ["Seizures",
                                                                     "Seizures (2)"]


def test_labels_only_where_they_have_room() -> None:
    wide, narrow = Rect(0, 0, 800, 400), Rect(0, 0, 250, 300)
    twelve = dataclasses.replace(SMALL, categories=tuple(str(n) for n in range(6)), series=(
        ChartSeries("A", (12100,) * 6), ChartSeries("B", (9800,) * 6)))
    assert labels_fit(twelve, wide, STYLE, MEASURER)
    assert not labels_fit(twelve, narrow, STYLE, MEASURER)
    bars = dataclasses.replace(twelve, kind="bar")
    assert labels_fit(bars, wide, STYLE, MEASURER)
    assert not labels_fit(bars, Rect(0, 0, 800, 120), STYLE, MEASURER)
    assert labels_fit(dataclasses.replace(SMALL, kind="pie"), narrow, STYLE, MEASURER)
