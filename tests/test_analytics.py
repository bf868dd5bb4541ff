"""Pattern analytics on hand-built tag rows, with every expected count worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.patterns.analytics import (
    CouncilInfo,
    CouncilPair,
    Recurrence,
    TagRow,
    cooccurrence_network,
    cooccurrence_pairs,
    council_network,
    council_similarity,
    development_rows,
    pattern_council_matrix,
    pattern_region_matrix,
    recurring_patterns,
    strength_rows,
)

WL, WF, CO = "waiting_lists", "workforce", "carers_offer"
NW, SW, LONDON = "North West", "South West", "London"
COUNCILS = [
    CouncilInfo("A", "Ashford", NW),
    CouncilInfo("B", "Bexmoor", NW),
    CouncilInfo("C", "Carnby", SW),
    CouncilInfo("D", "Dalton", LONDON),  # reviewed, nothing tagged
    CouncilInfo("E", "Eastwick", SW),  # reviewed, nothing tagged
]
_BY_ID = {council.id: council for council in COUNCILS}


def row(item: str, pattern: str, polarity: str | None, kind: str = "finding") -> TagRow:
    """A tag row for item `item` (its first letter is its council)."""
    council = _BY_ID[item[0].upper()]
    return TagRow(
        item_key=item,
        item_kind=kind,
        pattern_id=pattern,
        council_id=council.id,
        council=council.name,
        region=council.region,
        polarity=polarity,
        score=0.8,
    )


AFD, MIXED, STRENGTH = "area_for_development", "mixed", "strength"
ROWS = [
    row("a1", WL, AFD),
    row("a1", WF, AFD),
    row("a1", WL, AFD),  # the same instance twice: counted once
    row("a2", CO, STRENGTH),
    row("a3", WL, None, kind="recommendation"),
    row("b1", WL, MIXED),
    row("b2", WF, STRENGTH),
    row("b3", CO, AFD),
    row("c1", WL, AFD),
    row("c1", WF, AFD),
    row("c2", CO, STRENGTH),
]


# --- matrices -------------------------------------------------------------------------------


def test_pattern_council_matrix_counts_instances_per_council() -> None:
    matrix = pattern_council_matrix(ROWS, COUNCILS)

    assert matrix.rows == [WL, CO, WF]  # most councils, then most instances, then id
    assert matrix.columns == ["A", "B", "C", "D", "E"]
    assert matrix.cells == {
        (CO, "A"): 1,
        (CO, "B"): 1,
        (CO, "C"): 1,
        (WF, "A"): 1,
        (WF, "B"): 1,
        (WF, "C"): 1,
        (WL, "A"): 2,
        (WL, "B"): 1,
        (WL, "C"): 1,
    }
    assert matrix.councils_per_row == {WL: 3, CO: 3, WF: 3}
    assert matrix.column_names["D"] == "Dalton"


def test_pattern_council_matrix_without_a_council_list_uses_the_councils_in_the_rows() -> None:
    assert pattern_council_matrix(ROWS).columns == ["A", "B", "C"]


def test_pattern_region_matrix_counts_instances_and_the_share_of_reviewed_councils() -> None:
    matrix = pattern_region_matrix(ROWS, COUNCILS)

    assert matrix.columns == [NW, LONDON, SW]  # the ONS order of regions
    assert matrix.cells == {
        (CO, NW): 2,
        (CO, SW): 1,
        (WF, NW): 2,
        (WF, SW): 1,
        (WL, NW): 3,
        (WL, SW): 1,
    }
    assert matrix.councils == {(CO, NW): 2, (CO, SW): 1, (WF, NW): 2, (WF, SW): 1, (WL, NW): 2, (WL, SW): 1}
    # South West reviewed Carnby and Eastwick; only Carnby shows each pattern.
    assert matrix.shares == {
        (CO, NW): 1.0,
        (CO, SW): 0.5,
        (WF, NW): 1.0,
        (WF, SW): 0.5,
        (WL, NW): 1.0,
        (WL, SW): 0.5,
    }


def test_development_and_strength_rows_split_by_polarity_and_kind() -> None:
    matrix = pattern_council_matrix(development_rows(ROWS))

    assert matrix.cells == {
        (CO, "B"): 1,
        (WF, "A"): 1,
        (WF, "C"): 1,
        (WL, "A"): 2,
        (WL, "B"): 1,
        (WL, "C"): 1,
    }
    assert sorted((r.item_key, r.pattern_id) for r in strength_rows(ROWS)) == [
        ("a2", CO),
        ("b2", WF),
        ("c2", CO),
    ]


# --- co-occurrence --------------------------------------------------------------------------


def test_cooccurrence_network_nodes_and_edges() -> None:
    graph = cooccurrence_network(ROWS)

    assert dict(graph.nodes(data=True)) == {
        CO: {"instances": 3, "councils": 3},
        WF: {"instances": 3, "councils": 3},
        WL: {"instances": 4, "councils": 3},
    }
    # a1 and c1 carry both; 8 items are tagged, so independence expects 4 x 3 / 8 = 1.5 together.
    assert graph.edges[WL, WF] == {
        "items": 2,
        "councils": 3,
        "lift": 1.3333,
        "jaccard": 0.4,
        "council_jaccard": 1.0,
    }
    assert graph.edges[WL, CO] == {
        "items": 0,
        "councils": 3,
        "lift": 0.0,
        "jaccard": 0.0,
        "council_jaccard": 1.0,
    }
    assert graph.number_of_edges() == 3


def test_cooccurrence_pairs_rank_by_shared_items_then_councils() -> None:
    pairs = cooccurrence_pairs(cooccurrence_network(ROWS), top=2)

    assert [(p["a"], p["b"], p["items"], p["councils"], p["lift"]) for p in pairs] == [
        (WL, WF, 2, 3, 1.3333),
        (CO, WL, 0, 3, 0.0),
    ]


def test_patterns_in_different_councils_and_items_are_not_linked() -> None:
    rows = [row("a1", WL, AFD), row("b1", WF, AFD)]

    assert cooccurrence_network(rows).number_of_edges() == 0


# --- councils alike -------------------------------------------------------------------------


def test_council_similarity_keeps_development_and_strength_apart() -> None:
    pairs = council_similarity(ROWS)

    # A and C: development WL and WF, strength CO. B shares only WL as development with either
    # (B's WF is a strength and its CO a problem): 1 of 5 (pattern, side) pairs.
    assert pairs == [
        CouncilPair("A", "C", 1.0, [CO, WL, WF]),
        CouncilPair("A", "B", 0.2, [WL]),
        CouncilPair("B", "C", 0.2, [WL]),
    ]


def test_council_network_links_councils_at_or_above_the_threshold() -> None:
    graph = council_network(ROWS, COUNCILS, threshold=0.3)

    assert sorted(graph.nodes) == ["A", "B", "C", "D", "E"]
    assert graph.nodes["D"] == {"name": "Dalton", "region": LONDON}
    assert [(a, b, data["jaccard"]) for a, b, data in graph.edges(data=True)] == [("A", "C", 1.0)]


# --- recurrence -----------------------------------------------------------------------------


def test_recurring_patterns_rank_by_councils_with_development() -> None:
    assert recurring_patterns(ROWS) == [
        Recurrence(WL, 3, 0, [NW, SW], 4, []),
        Recurrence(WF, 2, 1, [NW, SW], 3, ["B"]),
        Recurrence(CO, 1, 2, [NW], 3, ["A", "C"]),
    ]


def test_learn_from_puts_councils_without_the_problem_first() -> None:
    rows = [
        row("a1", WL, STRENGTH),
        row("b1", WL, STRENGTH),
        row("b2", WL, STRENGTH),
        row("b3", WL, AFD),
        row("c1", WL, STRENGTH),
        row("c2", WL, STRENGTH),
    ]

    (recurrence,) = recurring_patterns(rows)

    # C and A show it only as a strength (C twice); B has it as a problem too.
    assert recurrence.learn_from == ["C", "A", "B"]


@pytest.mark.parametrize(
    "function",
    [
        pattern_council_matrix,
        pattern_region_matrix,
        council_similarity,
        recurring_patterns,
        cooccurrence_network,
    ],
)
def test_results_do_not_depend_on_row_order(function: Callable[[list[TagRow]], Any]) -> None:
    forward = function(ROWS)
    backward = function(list(reversed(ROWS)))

    if hasattr(forward, "nodes"):
        assert sorted(forward.nodes(data=True)) == sorted(backward.nodes(data=True))
        assert sorted(forward.edges(data=True)) == sorted(backward.edges(data=True))
    else:
        assert forward == backward


def test_no_rows_gives_empty_results() -> None:
    assert pattern_council_matrix([]).rows == []
    assert pattern_region_matrix([]).cells == {}
    assert council_similarity([]) == []
    assert recurring_patterns([]) == []
    assert cooccurrence_network([]).number_of_nodes() == 0
