"""Word search on Neo4j: each page is ranked, filtered and folded from light rows of every hit
(graph/reads/search.py, `_neo4j_word_ranking`), and must be the page of every hit read in full."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.reads.search import SearchIndex, SearchQuery, page_of
from graph.store import GraphStore, open_store
from graph.store.backup import restore_jsonl
from graph.store.queries import NEO4J
from tests.neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j

TORBAY = "E06000027"
QUERIES = [
    *(
        SearchQuery(text)
        for text in [
            "single points of failure",
            "waiting lists",
            "carers",
            "direct payments",
            "safeguarding adults board",
            "council",
            "support",
            "recommend",
        ]
    ),
    SearchQuery("support", kind="recommendation"),
    SearchQuery("support", kind="finding"),
    SearchQuery("carers", theme=1),
    SearchQuery("safeguarding", polarity="strength"),
    SearchQuery("care", region="South West"),
    SearchQuery("care", council=TORBAY),
    SearchQuery("waiting lists", date_from="2024-06-01"),
]


@pytest.fixture(scope="module")
def store(
    neo4j_server: Neo4jServer, seed_backup: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    neo4j_server.wipe()
    with open_store(neo4j_server.settings(tmp_path_factory.mktemp("search") / "unused.lbug")) as opened:
        restore_jsonl(opened, seed_backup)
        yield opened


@pytest.mark.parametrize(
    "query",
    QUERIES,
    ids=lambda query: "-".join(str(v) for v in (query.text, query.kind, query.theme, query.polarity,
                                                query.region, query.council, query.date_from) if v),
)  # fmt: skip
def test_every_page_from_light_rows_is_the_page_of_every_hit_read_in_full(
    store: GraphStore, query: SearchQuery
) -> None:
    assert store.backend == NEO4J
    index = SearchIndex()
    everything = index.passages(store, query)  # every hit's full row, ranked and folded
    assert everything, f"no hit for {query}"
    cursor, pages = None, 0
    while True:
        page, total = index.page(store, query, limit=7, cursor=cursor)
        expected = page_of(everything, query.text, limit=7, cursor=cursor)
        assert total == len(everything)
        assert [hit.model_dump() for hit in page.items] == [hit.model_dump() for hit in expected.items]
        assert page.next_cursor == expected.next_cursor
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == -(-len(everything) // 7)
