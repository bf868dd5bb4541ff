"""Linking plan actions to report recommendations: by reference, by paraphrased text, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.parser import parse_file
from importers.plan_linking import (
    LINK_MARGIN,
    LINK_THRESHOLD,
    ActionLink,
    RecommendationRef,
    link_actions,
    reference_number,
)
from importers.plan_model import PlanAction

# Shortened from the Somerset report's summary list, and one inline recommendation.
RECOMMENDATIONS = [
    RecommendationRef(
        id="somerset-s1",
        ordinal=1,
        source="summary",
        text="Prioritisation across key development or improvement areas could offer opportunities to prove their "
        "benefits and for quick wins; the next stage of the transformation programme might articulate this vision.",
    ),
    RecommendationRef(
        id="somerset-i1",
        ordinal=2,
        source="inline",
        text="The council should review how it records and reports waiting times for occupational therapy "
        "assessments.",
    ),
    RecommendationRef(
        id="somerset-s2",
        ordinal=3,
        source="summary",
        text="The join-up across adult social care and Housing, and the development and implementation of a "
        "Housing Strategy for Somerset, would be strongly encouraged.",
    ),
    RecommendationRef(
        id="somerset-s3",
        ordinal=4,
        source="summary",
        text="Given the financial risks it is urgent to prove the impact and outcomes of the prevention offer, "
        "working with Public Health, information advice and guidance, and the VCSE.",
    ),
]


def plan_row(ref: str | None = None, recommendation: str = "", action: str = "") -> PlanAction:
    return PlanAction(sheet="Plan", row=2, ref=ref, recommendation_text=recommendation, action_text=action)


@pytest.mark.parametrize(
    ("ref", "recommendation_id"),
    [
        ("R1", "somerset-s1"),
        ("2", "somerset-s2"),
        ("Recommendation 3", "somerset-s3"),
        ("3.2", "somerset-s3"),
        ("Rec. 2", "somerset-s2"),
    ],
)
def test_references_link_to_the_summary_list(ref: str, recommendation_id: str) -> None:
    [link] = link_actions([plan_row(ref=ref, action="Do the work")], RECOMMENDATIONS)

    assert (link.recommendation_id, link.method, link.score) == (recommendation_id, "reference", 1.0)


def test_a_reference_past_the_summary_list_falls_back_to_text() -> None:
    row = plan_row(ref="R9", recommendation="Housing Strategy for Somerset joining up ASC and Housing")

    [link] = link_actions([row], RECOMMENDATIONS)

    assert (link.recommendation_id, link.method) == ("somerset-s2", "text")


def test_a_report_without_a_summary_list_cannot_link_by_reference() -> None:
    inline_only = [item.model_copy(update={"source": "inline"}) for item in RECOMMENDATIONS]

    [link] = link_actions([plan_row(ref="R1", action="Hold a staff awards ceremony")], inline_only)

    assert (link.recommendation_id, link.method) == (None, None)


def test_paraphrased_recommendation_text_links_to_the_right_recommendation() -> None:
    rows = [
        plan_row(recommendation="Develop and implement a Housing Strategy, joining up ASC and Housing"),
        plan_row(recommendation="Prove the impact of prevention, with Public Health and the VCSE"),
        plan_row(action="Review how OT assessment waiting times are recorded and reported"),  # no rec text
    ]

    links = link_actions(rows, RECOMMENDATIONS)

    assert [(link.action_index, link.recommendation_id, link.method) for link in links] == [
        (0, "somerset-s2", "text"),
        (1, "somerset-s3", "text"),
        (2, "somerset-i1", "text"),
    ]
    for link in links:
        assert LINK_THRESHOLD <= link.score <= 1.0
        assert link.candidates[0] == (link.recommendation_id, link.score)
        assert link.score - link.candidates[1][1] >= LINK_MARGIN


def test_an_unrelated_action_stays_unlinked_with_candidates() -> None:
    [link] = link_actions([plan_row(action="Resurface the car park at the civic centre")], RECOMMENDATIONS)

    assert (link.recommendation_id, link.method, link.score) == (None, None, 0.0)
    assert len(link.candidates) == 3
    assert all(0.0 <= score < LINK_THRESHOLD for _, score in link.candidates)
    assert [score for _, score in link.candidates] == sorted(
        (score for _, score in link.candidates), reverse=True
    )


def test_linking_is_deterministic_and_one_link_per_action() -> None:
    rows = [plan_row(ref="R1"), plan_row(action="Housing Strategy"), plan_row()]

    first, second = link_actions(rows, RECOMMENDATIONS), link_actions(rows, RECOMMENDATIONS)

    assert first == second
    assert [link.action_index for link in first] == [0, 1, 2]
    assert first[2] == ActionLink(action_index=2, candidates=[(item.id, 0.0) for item in RECOMMENDATIONS[:3]])
    assert link_actions(rows, []) == [
        ActionLink(action_index=0),
        ActionLink(action_index=1),
        ActionLink(action_index=2),
    ]


@pytest.mark.parametrize(
    ("ref", "number"),
    [
        ("R3", 3),
        ("3", 3),
        ("Recommendation 3", 3),
        ("rec no. 12", 12),
        ("2.1", 2),
        ("4a", 4),
        ("Theme 1", None),
        (None, None),
    ],
)
def test_reference_numbers(ref: str | None, number: int | None) -> None:
    assert reference_number(ref) == number


# Paraphrases a council might write, against every recommendation the parser finds in a real report.
TORBAY = "000_e35a0d42f35d5c45.txt"
SOMERSET = "002_d7ec74ae7fe5706d.txt"


@pytest.fixture(scope="module")
def real_recommendations(seeds_dir: Path) -> dict[str, list[RecommendationRef]]:
    """Every recommendation (summary and inline) the parser finds in two reference reports."""
    found: dict[str, list[RecommendationRef]] = {}
    for report in (TORBAY, SOMERSET):
        parsed = parse_file(seeds_dir / report, 10 * 1024 * 1024)
        found[report] = [
            RecommendationRef(id=f"rec-{index}", ordinal=index, text=item.text, source=item.source.value)
            for index, item in enumerate(parsed.recommendations)
        ]
    return found


@pytest.mark.parametrize(
    ("report", "paraphrase", "summary_number"),
    [
        (
            TORBAY,
            "DASS to sit on the Integrated Care Organisation Executive to give ASC leadership visibility",
            1,
        ),
        (
            TORBAY,
            "Secure capacity to deliver the Transformation Programme after the delivery partner contract ends",
            2,
        ),
        (TORBAY, "Analyse hospital discharge pathways against best practice", 4),
        (TORBAY, "Replicate the Big Plan for other client groups to improve coproduction culture", 5),
        (SOMERSET, "Thread EDI through the council's work and strengthen the voice of lived experience", 5),
        (SOMERSET, "Ongoing quality and practice assurance to reduce risks from waiting lists", 6),
    ],
)
def test_paraphrases_link_within_a_real_reports_recommendations(
    real_recommendations: dict[str, list[RecommendationRef]],
    report: str,
    paraphrase: str,
    summary_number: int,
) -> None:
    refs = real_recommendations[report]
    expected = [ref.id for ref in refs if ref.source == "summary"][summary_number - 1]

    [link] = link_actions([plan_row(recommendation=paraphrase)], refs)

    assert (link.recommendation_id, link.method) == (expected, "text")


@pytest.mark.parametrize("report", [TORBAY, SOMERSET])
def test_unrelated_actions_stay_unlinked_within_a_real_report(
    real_recommendations: dict[str, list[RecommendationRef]], report: str
) -> None:
    refs = real_recommendations[report]
    rows = [
        plan_row(action="Replace the council's fleet vehicles with electric vans"),
        plan_row(action="Install new street lighting on the high street"),
        plan_row(action="Review"),
    ]

    links = link_actions(rows, refs)

    assert [link.recommendation_id for link in links] == [None, None, None]
