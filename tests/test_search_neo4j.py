"""Search on Neo4j ranks from the same in-process index as on the embedded store
(graph/reads/search.py): from the same graph, every page, count and cursor must be the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.reads.search import SearchIndex, SearchQuery
from graph.store import GraphStore, open_store
from graph.store.backup import restore_jsonl
from graph.store.queries import EMBEDDED, NEO4J
from peergraph.core.settings import Settings
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
    SearchQuery("backlog of assessments", mode="hybrid"),
]


@pytest.fixture(scope="module")
def neo4j_store(
    neo4j_server: Neo4jServer, seed_backup: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    neo4j_server.wipe()
    with open_store(neo4j_server.settings(tmp_path_factory.mktemp("search") / "unused.lbug")) as opened:
        restore_jsonl(opened, seed_backup)
        yield opened


@pytest.fixture(scope="module")
def embedded_store(seed_db: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as opened:
        yield opened


@pytest.mark.parametrize(
    "query",
    QUERIES,
    ids=lambda query: "-".join(str(v) for v in (query.text, query.kind, query.theme, query.polarity,
                                                query.region, query.council, query.date_from,
                                                query.mode) if v),
)  # fmt: skip
def test_every_page_on_neo4j_is_the_page_the_embedded_store_gives(
    neo4j_store: GraphStore, embedded_store: GraphStore, query: SearchQuery
) -> None:
    assert (neo4j_store.backend, embedded_store.backend) == (NEO4J, EMBEDDED)
    on_neo4j, on_embedded = SearchIndex(), SearchIndex()
    cursor, pages = None, 0
    while True:
        page, total = on_neo4j.page(neo4j_store, query, limit=7, cursor=cursor)
        expected, expected_total = on_embedded.page(embedded_store, query, limit=7, cursor=cursor)
        assert page.items, f"no hit for {query}"
        assert total == expected_total
        assert [hit.model_dump() for hit in page.items] == [hit.model_dump() for hit in expected.items]
        assert page.next_cursor == expected.next_cursor
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == -(-total // 7)
    assert [hit.id for hit in on_neo4j.ranked(neo4j_store, query)] == [
        hit.id for hit in on_embedded.ranked(embedded_store, query)
    ]
