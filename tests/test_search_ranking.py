"""Word search on the embedded store: filters, exact phrases and one hit per passage.

The ranking is computed on arrays for every item at once (graph/reads/search.py); these tests
hold it to what it means row by row, on the five seeds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.reads.search import (
    PHRASE_BOOST,
    Passage,
    SearchIndex,
    SearchQuery,
    _parse_query,
    first_passages,
    holding_findings,
    one_per_passage,
    page_of,
)
from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings

QUERIES = [
    "single points of failure",
    "waiting lists",
    "carers",
    "direct payments",
    "safeguarding adults board",
]


@pytest.fixture(scope="module")
def store(seed_db: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as opened:
        yield opened


def _row(kind: str, item_id: str, review: str, span: tuple[int, int]) -> dict[str, object]:
    return {"kind": kind, "id": item_id, "review_id": review, "span_start": span[0], "span_end": span[1]}


def test_a_recommendation_inside_a_matching_finding_folds_into_it_and_lifts_it() -> None:
    finding = _row("Finding", "f1", "r1", (100, 400))
    inside = _row("Recommendation", "rec-in", "r1", (150, 200))
    elsewhere = _row("Recommendation", "rec-out", "r1", (500, 600))
    other_review = _row("Recommendation", "rec-other", "r2", (150, 200))
    ranked = one_per_passage([(other_review, 9.0), (inside, 8.0), (elsewhere, 7.0), (finding, 5.0)])
    assert [p.row["id"] for p in ranked] == ["rec-other", "f1", "rec-out"]
    lifted = ranked[1]
    assert lifted.also_recommendations == ["rec-in"]
    assert lifted.score == 8.0 and lifted.rank == 1


def test_nothing_to_fold_leaves_the_order_as_it_came() -> None:
    rows = [_row("Finding", f"f{n}", "r1", (n * 100, n * 100 + 50)) for n in range(4)]
    ranked = one_per_passage([(row, 4.0 - n) for n, row in enumerate(rows)])
    assert [p.row["id"] for p in ranked] == ["f0", "f1", "f2", "f3"]
    assert all(not p.also_recommendations for p in ranked)


def test_holders_known_beforehand_fold_as_the_scan_does() -> None:
    """Two findings hold one recommendation: the better placed takes it, in both ways of folding."""
    wide = _row("Finding", "f-wide", "r1", (0, 1000))
    narrow = _row("Finding", "f-narrow", "r1", (100, 400))
    inside = _row("Recommendation", "rec-in", "r1", (150, 200))
    later = _row("Recommendation", "rec-later", "r1", (300, 350))
    for order in (
        [inside, narrow, later, wide],
        [wide, later, inside, narrow],
        [later, inside, wide, narrow],
    ):
        scored = [(row, 9.0 - n) for n, row in enumerate(order)]
        scanned = one_per_passage(scored)
        known = one_per_passage(scored, holding_findings(order))
        assert [(p.row["id"], p.score, p.rank, p.also_recommendations) for p in known] == [
            (p.row["id"], p.score, p.rank, p.also_recommendations) for p in scanned
        ]
        assert len(known) == 2


@pytest.mark.parametrize("text", [*QUERIES, "council", "support"])
def test_holders_known_beforehand_fold_the_seeds_hits_as_the_scan_does(store: GraphStore, text: str) -> None:
    index = SearchIndex()
    scored, holders = index._word_hits(store, SearchQuery(text), _parse_query(text))
    rows = index._current(store).rows
    assert holders == holding_findings(rows)
    scanned = one_per_passage(scored)
    known = one_per_passage(scored, holders)
    assert [(p.row["id"], p.score, p.rank, p.also_recommendations) for p in known] == [
        (p.row["id"], p.score, p.rank, p.also_recommendations) for p in scanned
    ]
    assert len(scanned) < len(scored) or text not in ("council", "support")


@pytest.mark.parametrize("text", QUERIES)
def test_a_region_or_council_filter_keeps_the_unfiltered_ranking_of_its_hits(
    store: GraphStore, text: str
) -> None:
    index = SearchIndex()
    everything = index.passages(store, SearchQuery(text))
    assert everything, f"no hit for {text!r} in the seeds"
    for field in ("region", "council_id"):
        value = everything[-1].row[field]  # the last hit's, so the filter drops the hits above it
        expected = [(p.row["id"], p.score) for p in everything if p.row[field] == value]
        query = SearchQuery(text, region=value) if field == "region" else SearchQuery(text, council=value)
        assert [(p.row["id"], p.score) for p in index.passages(store, query)] == expected


@pytest.mark.parametrize("text", [t for t in QUERIES if " " in t])
def test_an_exact_phrase_doubles_a_passage_s_score(store: GraphStore, text: str) -> None:
    """The same words in reverse score the same by BM25 but are no phrase in any passage."""
    index = SearchIndex()
    reverse = " ".join(reversed(text.split()))
    unboosted = {p.row["id"]: p.score for p in index.passages(store, SearchQuery(reverse))}
    phrase_hits = 0
    for passage in index.passages(store, SearchQuery(text)):
        holds_phrase = text in " ".join(passage.row["text"].lower().split())
        phrase_hits += holds_phrase
        if not passage.also_recommendations:  # a folded finding keeps its best item's score
            expected = unboosted[passage.row["id"]] * (PHRASE_BOOST if holds_phrase else 1.0)
            assert passage.score == pytest.approx(expected), passage.row["id"]
    assert phrase_hits, f"no passage holds {text!r}"


def test_scores_never_rise_down_the_ranking_of_unfolded_hits(store: GraphStore) -> None:
    for text in QUERIES:
        ranked = [p for p in SearchIndex().passages(store, SearchQuery(text)) if not p.also_recommendations]
        scores = [p.score for p in ranked]
        assert scores == sorted(scores, reverse=True), text


def test_the_built_index_is_kept_out_of_the_collector_s_full_passes(store: GraphStore) -> None:
    """A full pass walked every long-lived object every few queries: 30-50 ms each at 500 reports."""
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    SearchIndex().passages(store, SearchQuery("carers"))
    assert gc.get_freeze_count() > 0


def _described(passages: list[Passage]) -> list[tuple[str, float, int, list[str]]]:
    return [(p.row["id"], p.score, p.rank, p.also_recommendations) for p in passages]


@pytest.mark.parametrize(
    "query",
    [
        *(SearchQuery(text) for text in [*QUERIES, "council", "support", "recommend"]),
        SearchQuery("support", kind="recommendation"),
        SearchQuery("carers", theme=1),
        SearchQuery("safeguarding", polarity="strength"),
    ],
    ids=lambda query: f"{query.text}-{query.kind or query.theme or query.polarity or 'all'}",
)
def test_folding_only_as_far_as_the_page_gives_the_passages_every_hit_folded_gives(
    store: GraphStore, query: SearchQuery
) -> None:
    """The page's fold (`first_passages`) against the fold of every hit, at each length and in
    total: ids, scores, places and the recommendations each finding names."""
    index = SearchIndex()
    everything = index.passages(store, query)
    built = index._current(store)
    _, places, scores = index._word_ranking(store, query, _parse_query(query.text))
    assert len(places) > len(everything) or query.filtered or query.text not in ("council", "support")
    for stop in sorted({0, 1, 2, 7, 20, len(everything) // 2, len(everything), len(everything) + 5}):
        first, total = first_passages(built.rows, places, scores, built.holdings, stop)
        assert total == len(everything)
        assert _described(first) == _described(everything[:stop]), stop


def test_a_page_of_hits_and_its_cursor_follow_the_full_ranking(store: GraphStore) -> None:
    index = SearchIndex()
    query = SearchQuery("support")
    everything = index.passages(store, query)
    assert len(everything) > 45, "the seeds have fewer hits than three pages"
    seen: list[str] = []
    cursor = None
    while True:
        page, total = index.page(store, query, limit=20, cursor=cursor)
        assert total == len(everything)
        seen += [hit.id for hit in page.items]
        assert [hit.id for hit in page.items] == [
            hit.id for hit in page_of(everything, query.text, limit=20, cursor=cursor).items
        ]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [p.row["id"] for p in everything]
