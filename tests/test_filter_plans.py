"""The combinations of filters a Neo4j warm-up plans (graph/reads/plans.py) are those the findings
and recommendations reads send: the same queries, with the same parameters of the same types."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from graph.reads import reviews
from graph.reads.plans import PAGE_QUERIES, filter_shapes
from graph.store import GraphStore, Params, Row, open_store
from graph.store.queries import Query
from peergraph.core.settings import Settings

Shape = tuple[str, frozenset[tuple[str, str]]]
PAGE_QUERY_NAMES = {query.name for query, *_ in PAGE_QUERIES}


def shape(query: Query, params: Params) -> Shape:
    """What Neo4j keys a plan by, besides the text: each parameter's name and type (null a type)."""
    return query.name, frozenset((name, type(value).__name__) for name, value in params.items())


class SentShapes:
    """The shapes of the page queries a store is asked while it is wrapped."""

    def __init__(self, store: GraphStore) -> None:
        self.shapes: set[Shape] = set()
        read = store.read

        def recording(query: Query, params: Params | None = None) -> list[Row]:
            if query.name in PAGE_QUERY_NAMES:
                self.shapes.add(shape(query, params or {}))
            return read(query, params)

        store.read = recording  # type: ignore[method-assign]


@pytest.fixture
def store(seed_db_copy: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=seed_db_copy, neo4j_uri=None)) as opened:
        yield opened


# A value of each filter the reads take, as the API passes them
FINDING_FILTERS: dict[str, Any] = {
    "council": "E06000027",
    "region": "South West",
    "theme": 2,
    "quality_statement": "qs1_assessing_needs",
    "polarity": "strength",
    "section": "narrative",
    "pattern": "waiting_lists",
    "q_text": "care",
}
RECOMMENDATION_FILTERS: dict[str, Any] = {
    "council": "E06000027",
    "region": "South West",
    "owner": "DASS",
    "status": "none",
    "source": "summary",
    "theme": 2,
    "q_text": "care",
    "firm": True,
    "standing": True,
}


def asked(filters: dict[str, Any], most: int) -> Iterator[dict[str, Any]]:
    """Every combination of up to `most` filters, and all of them at once."""
    for count in [*range(most + 1), len(filters)]:
        for chosen in combinations(filters, count):
            yield {name: filters[name] for name in chosen}


def test_every_combination_of_filters_the_reads_send_is_one_the_warm_up_plans(store: GraphStore) -> None:
    planned = {shape(query, params) for query, params in filter_shapes(store)}
    sent = SentShapes(store)
    for filters in asked(FINDING_FILTERS, 3):
        reviews.findings(store, **filters)
        reviews.findings(store, **filters, cursor=reviews.encode_cursor("review-x", 3))
    for filters in asked(RECOMMENDATION_FILTERS, 3):
        reviews.recommendations(store, **filters)
    # Each page query was asked, in more than one combination
    assert {name for name, _ in sent.shapes} == PAGE_QUERY_NAMES
    assert len(sent.shapes) > 100
    assert sent.shapes <= planned, sorted(sent.shapes - planned, key=str)[:3]


def test_each_page_query_is_planned_once_for_each_combination_of_its_filters(store: GraphStore) -> None:
    shapes = [shape(query, params) for query, params in filter_shapes(store)]
    assert len(shapes) == len(set(shapes)) == sum(2 ** len(filters) for _, filters, *_ in PAGE_QUERIES)


def test_a_store_without_items_gives_placeholders_of_the_same_types(
    store: GraphStore, tmp_path: Path
) -> None:
    with open_store(Settings(db=tmp_path / "empty.lbug", neo4j_uri=None)) as empty:
        from_placeholders = [shape(query, params) for query, params in filter_shapes(empty)]
    from_items = [shape(query, params) for query, params in filter_shapes(store)]
    assert from_placeholders == from_items


def test_the_warm_up_s_examples_match_items_of_the_store(store: GraphStore) -> None:
    """Each plan's first run reads rows: a finding and a recommendation match every filter at once."""
    everything = {query.name: params for query, params in filter_shapes(store)}
    for query, *_ in PAGE_QUERIES:
        assert store.read(query, everything[query.name]), (
            f"{query.name} matched nothing with every filter set"
        )
