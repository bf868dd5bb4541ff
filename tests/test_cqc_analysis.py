"""The cross-council arithmetic on a case small enough to count by hand.

Four councils, two quality statements, two patterns:

| council | CQC qs1 | CQC qs7 | peer under qs1 | peer under qs7 | patterns raised |
|---|---|---|---|---|---|
| A | 2 | 3 | 1 strength, 2 areas | 2 strengths | waiting_lists |
| B | 1 | 1 | 1 mixed | 1 area | waiting_lists, safeguarding |
| C | 3 | 2 | 3 strengths | nothing | none |
| D | 4 | (not scored) | 1 area | nothing | waiting_lists |
"""

from __future__ import annotations

import pytest

from graph.cqc.analysis import (
    CouncilEvidence,
    cqc_position,
    disagreements,
    pattern_splits,
    peer_balance,
    statement_splits,
)

A = CouncilEvidence(
    "A",
    "Council A",
    cqc_scores={"qs1": 2, "qs7": 3},
    strengths={"qs1": 1, "qs7": 2},
    developments={"qs1": 2},
    patterns_raised=frozenset({"waiting_lists"}),
)
B = CouncilEvidence(
    "B",
    "Council B",
    cqc_scores={"qs1": 1, "qs7": 1},
    developments={"qs7": 1},
    mixed={"qs1": 1},
    patterns_raised=frozenset({"waiting_lists", "safeguarding"}),
)
C = CouncilEvidence("C", "Council C", cqc_scores={"qs1": 3, "qs7": 2}, strengths={"qs1": 3})
D = CouncilEvidence(
    "D",
    "Council D",
    cqc_scores={"qs1": 4},
    developments={"qs1": 1},
    patterns_raised=frozenset({"waiting_lists"}),
)
COUNCILS = [A, B, C, D]


def test_statements_split_by_whether_the_peer_team_raised_them() -> None:
    qs1, qs7 = statement_splits(COUNCILS, ["qs1", "qs7"])
    # qs1: A (2 areas), B (1 mixed) and D (1 area) raised it; A scored 2 and B 1 at CQC, D 4. C did not, scored 3.
    assert (qs1.raised.councils, qs1.raised.scored_low) == (("A", "B", "D"), ("A", "B"))
    assert (qs1.not_raised.councils, qs1.not_raised.scored_low) == (("C",), ())
    assert (qs1.councils, qs1.raised.share_low, qs1.not_raised.share_low) == (4, 2 / 3, 0.0)
    assert qs1.difference == pytest.approx(2 / 3)
    # qs7: D has no CQC score there, so three councils; only B raised it (and scored 1); of A and C, C scored 2.
    assert (qs7.raised.councils, qs7.raised.scored_low) == (("B",), ("B",))
    assert (qs7.not_raised.councils, qs7.not_raised.scored_low) == (("A", "C"), ("C",))
    assert (qs7.councils, qs7.difference) == (3, 0.5)


def test_a_higher_bar_for_raising_moves_councils_to_not_raised() -> None:
    (qs1,) = statement_splits(COUNCILS, ["qs1"], min_areas=2)
    # Only A has two areas for development under qs1.
    assert (qs1.raised.councils, qs1.not_raised.councils, qs1.not_raised.scored_low) == (
        ("A",),
        ("B", "C", "D"),
        ("B",),
    )


def test_patterns_split_the_same_way_and_unraised_patterns_are_left_out() -> None:
    rows = pattern_splits(COUNCILS, ["carers_offer", "safeguarding", "waiting_lists"], ["qs1", "qs7"])
    found = {
        (r.pattern, r.quality_statement): (
            r.raised.councils,
            r.raised.scored_low,
            r.not_raised.councils,
            r.not_raised.scored_low,
        )
        for r in rows
    }
    assert found == {
        ("safeguarding", "qs1"): (("B",), ("B",), ("A", "C", "D"), ("A",)),
        ("safeguarding", "qs7"): (("B",), ("B",), ("A", "C"), ("C",)),
        ("waiting_lists", "qs1"): (("A", "B", "D"), ("A", "B"), ("C",), ()),
        ("waiting_lists", "qs7"): (("A", "B"), ("B",), ("C",), ("C",)),
    }


def test_the_scales_of_the_disagreement_measure() -> None:
    assert (cqc_position(1), cqc_position(4)) == (-1.0, 1.0)
    assert cqc_position(2) == pytest.approx(-1 / 3)
    assert (peer_balance(3, 0, 0), peer_balance(0, 2, 0), peer_balance(0, 0, 1), peer_balance(1, 2, 0)) == (
        1.0,
        -1.0,
        0.0,
        pytest.approx(-1 / 3),
    )
    assert peer_balance(0, 0, 0) is None


def test_councils_where_peer_findings_and_cqc_disagree_most_come_first() -> None:
    ranked = disagreements(COUNCILS)
    # D: said only an area (-1) where CQC scored 4 (+1): gap 1.
    # C: only strengths (+1) on qs1 where CQC scored 3 (+1/3): gap 1/3; nothing said on qs7.
    # B: mixed (0) on qs1 where CQC scored 1 (-1): gap 1/2; an area (-1) on qs7 scored 1: gap 0; mean 1/4.
    # A: 1 strength, 2 areas (-1/3) on qs1 scored 2 (-1/3): gap 0; 2 strengths (+1) on qs7 scored 3 (+1/3): 1/3; mean 1/6.
    assert [d.council_id for d in ranked] == ["D", "C", "B", "A"]
    assert [d.measure for d in ranked] == pytest.approx([1.0, 1 / 3, 1 / 4, 1 / 6])
    assert [len(d.statements) for d in ranked] == [1, 1, 2, 2]
    b = ranked[2]
    assert (b.peer_more_positive, b.peer_more_critical) == (1, 0)
    d = ranked[0]
    assert (d.peer_more_critical, d.peer_more_positive) == (1, 0)
