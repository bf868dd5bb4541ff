"""Polarity by sentence, on sentences and paragraphs written for these tests in the voice of the reports.

None of these passages is in the seeds; they exercise the rule in importers/polarity.py's docstring:
the main clause of a sentence carries its verdict, a finding is mixed only with a distinct strength
and a distinct area for development, and the heading is strong context.
"""

from __future__ import annotations

import pytest

from importers.model import Polarity, SentencePolarity
from importers.polarity import (
    PassageContext,
    combine,
    judge_passage,
    passage_polarity,
    polarity_units,
    sentence_polarity,
)

STRENGTH, DEVELOPMENT, NEUTRAL = (
    SentencePolarity.STRENGTH,
    SentencePolarity.AREA_FOR_DEVELOPMENT,
    SentencePolarity.NEUTRAL,
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Staff are passionate about their work and proud of the difference they make.", STRENGTH),
        ("Despite rising demand, the service has reduced its waiting list by half.", STRENGTH),
        (
            "Partners described the relationship with commissioners as open and constructive, "
            "although some smaller providers feel less involved.",
            STRENGTH,
        ),
        (
            "Waiting lists for occupational therapy assessments remain long, and some people wait "
            "several months.",
            DEVELOPMENT,
        ),
        ("The council should set out a clear plan for reducing the backlog.", DEVELOPMENT),
        ("Consideration could be given to publishing the carers offer on the website.", DEVELOPMENT),
        ("While there is a commitment to coproduction, a strategy is not yet in place.", DEVELOPMENT),
        ("Although the self-assessment is thorough, it does not show the impact on people.", DEVELOPMENT),
        (
            "The front door is effective, but people who contact the council out of hours do not always "
            "get a timely response.",
            DEVELOPMENT,
        ),
        ("The council has three locality teams and a countywide hospital team.", NEUTRAL),
        ("The peer team met with over 40 people during the three days on site.", NEUTRAL),
    ],
)
def test_a_sentence_takes_the_verdict_of_its_main_clause(sentence: str, expected: SentencePolarity) -> None:
    assert sentence_polarity(sentence) is expected


def test_praise_then_criticism_in_separate_sentences_is_mixed() -> None:
    paragraph = (
        "The reablement service is well regarded by staff and people who use it, and outcomes are above "
        "the national average. However, there is no clear plan to extend it to people living in the "
        "community, and waits for a reablement package are growing."
    )
    judged = judge_passage(paragraph)
    assert judged.polarity is Polarity.MIXED
    assert [s.polarity for s in judged.sentences] == [STRENGTH, DEVELOPMENT]


def test_criticism_then_praise_is_mixed() -> None:
    paragraph = (
        "Transitions from children's services are not well coordinated, and young people and their "
        "families told the team they felt unprepared. The new Preparing for Adulthood team is a positive "
        "development and staff in it are highly committed."
    )
    judged = judge_passage(paragraph)
    assert judged.polarity is Polarity.MIXED
    assert [s.polarity for s in judged.sentences] == [DEVELOPMENT, STRENGTH]


def test_a_concession_does_not_make_a_paragraph_mixed() -> None:
    paragraph = (
        "While there is a commitment to coproduction across the directorate, there is no shared strategy "
        "and people with lived experience are not routinely involved in commissioning. The council should "
        "agree a coproduction strategy with people who draw on support."
    )
    assert passage_polarity(paragraph) is Polarity.AREA_FOR_DEVELOPMENT


def test_hedged_suggestions_are_areas_for_development() -> None:
    paragraph = (
        "The council may wish to consider how the brokerage team could take on more of the sourcing work. "
        "This could free up social workers' time."
    )
    assert passage_polarity(paragraph) is Polarity.AREA_FOR_DEVELOPMENT


@pytest.mark.parametrize("prior", [None, Polarity.STRENGTH])
def test_a_strength_with_a_tail_about_evidencing_it_stays_a_strength(prior: Polarity | None) -> None:
    paragraph = (
        "The carers hub is highly valued by carers, who describe it as a lifeline. "
        "It would be good to evidence this in the self-assessment."
    )
    judged = judge_passage(paragraph, PassageContext(prior=prior))
    assert judged.polarity is Polarity.STRENGTH
    assert judged.sentences[1].polarity is NEUTRAL


def test_pure_description_under_a_heading_takes_the_headings_side() -> None:
    judged = judge_passage("The council commissions an advocacy service.", PassageContext(Polarity.STRENGTH))
    assert [s.polarity for s in judged.sentences] == [NEUTRAL]
    assert judged.polarity is Polarity.STRENGTH


def test_under_considerations_praise_that_only_sets_up_the_consideration_is_neutral() -> None:
    paragraph = (
        "The peer team heard about good ambitions for the new neighbourhood model. However, the plans are "
        "at an early stage and it is not clear how social care will be part of them."
    )
    judged = judge_passage(paragraph, PassageContext(prior=Polarity.AREA_FOR_DEVELOPMENT))
    assert judged.polarity is Polarity.AREA_FOR_DEVELOPMENT
    assert [s.polarity for s in judged.sentences] == [NEUTRAL, DEVELOPMENT]


def test_a_semicolon_before_however_cuts_a_sentence_into_two_units() -> None:
    text = "Coverage is strong in the north; however, the east has no provider at all. Staff are proud."
    units = [text[start:end] for start, end in polarity_units(text)]
    assert units == [
        "Coverage is strong in the north;",
        "however, the east has no provider at all.",
        "Staff are proud.",
    ]


def test_sentence_offsets_cut_their_text_out_of_the_passage() -> None:
    text = "  Staff are proud of the service.  Waits are long, e.g. for OT.   "
    judged = judge_passage(text)
    assert [text[s.start : s.end] for s in judged.sentences] == [
        "Staff are proud of the service.",
        "Waits are long, e.g. for OT.",
    ]


@pytest.mark.parametrize(
    ("units", "prior", "lean", "expected"),
    [
        ([STRENGTH, NEUTRAL, DEVELOPMENT], None, 0.0, Polarity.MIXED),
        ([STRENGTH, NEUTRAL], Polarity.AREA_FOR_DEVELOPMENT, 0.0, Polarity.STRENGTH),
        ([NEUTRAL, DEVELOPMENT], Polarity.STRENGTH, 0.0, Polarity.AREA_FOR_DEVELOPMENT),
        ([NEUTRAL], Polarity.STRENGTH, -5.0, Polarity.STRENGTH),
        ([NEUTRAL, NEUTRAL], None, 1.0, Polarity.STRENGTH),
        ([NEUTRAL], None, -1.0, Polarity.AREA_FOR_DEVELOPMENT),
    ],
)
def test_a_passage_follows_from_its_units(
    units: list[SentencePolarity], prior: Polarity | None, lean: float, expected: Polarity
) -> None:
    assert combine(units, prior, lean) is expected
