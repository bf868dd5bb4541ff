"""Neo4j's own features where the design asks for them: uniqueness constraints for keys, a full-text
index for users' own Cypher; and search on Neo4j, from the server's own index."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ConstraintError

from graph.reads.search import SearchIndex
from graph.store.model import NODE_TYPES
from tests.fixtures import writable_store
from tests.neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j


def test_every_node_key_is_a_uniqueness_constraint_and_item_text_has_a_full_text_index(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    neo4j_server.wipe()
    with writable_store(neo4j_server.settings(tmp_path / "unused.lbug")):
        pass
    auth = (neo4j_server.user, neo4j_server.password)
    with GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        constraints = driver.execute_query(
            "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties RETURN *"
        ).records
        unique = {
            (r["labelsOrTypes"][0], r["properties"][0]) for r in constraints if r["type"] == "UNIQUENESS"
        }
        assert {(node.label, node.key) for node in NODE_TYPES} <= unique
        index = driver.execute_query(
            "SHOW FULLTEXT INDEXES YIELD name, state, labelsOrTypes, properties RETURN *"
        )
        assert [
            (r["name"], r["state"], sorted(r["labelsOrTypes"]), r["properties"]) for r in index.records
        ] == [("item_text", "ONLINE", ["Finding", "Recommendation"], ["text"])]
        with pytest.raises(ConstraintError):
            driver.execute_query("CREATE (:Region {code: 'E12000009', name: 'A second South West'})")


def test_search_on_neo4j_follows_a_finding_written_by_another_process(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """The index is the process's own (graph/reads/search.py): a finding another client writes to
    Neo4j changes the data version, so the next search rebuilds the index and finds it."""
    neo4j_server.wipe()
    with writable_store(neo4j_server.settings(tmp_path / "unused.lbug")) as store:
        store.run_cypher(
            """MATCH (c:Council {id: 'E06000027'})
               CREATE (v:Review {id: 'r1', report_date: '2024-06', imported_at: '2025-01-01'})-[:REVIEW_OF]->(c)
               CREATE (v)-[:FOUND]->(:Finding {id: 'f1', text: 'Waiting lists for assessment are long.',
                                               span_start: 0, span_end: 38})""",
            write=True,
        )
        index = SearchIndex()
        hits = index.search(store, "waiting lists")
        assert [hit.id for hit in hits] == ["f1"]
        assert hits[0].citation.council == "Torbay Council"
        with GraphDatabase.driver(
            neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)
        ) as driver:
            driver.execute_query(
                """MATCH (v:Review {id: 'r1'})
                   CREATE (v)-[:FOUND]->(:Finding {id: 'f2', text: 'Waiting lists are shorter for carers.',
                                                   span_start: 39, span_end: 76})"""
            )
        assert sorted(hit.id for hit in index.search(store, "waiting lists")) == ["f1", "f2"]


def test_a_stop_word_of_the_query_matches_nothing_on_its_own_on_neo4j(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """Neo4j's analyser keeps stop words, so "of" alone once matched almost every item (12 s at 500 reports)."""
    neo4j_server.wipe()
    with writable_store(neo4j_server.settings(tmp_path / "unused.lbug")) as store:
        store.run_cypher(
            """MATCH (c:Council {id: 'E06000027'})
               CREATE (v:Review {id: 'r1', report_date: '2024-06', imported_at: '2025-01-01'})-[:REVIEW_OF]->(c)
               CREATE (v)-[:FOUND]->(:Finding {id: 'f1', text: 'There are single points of failure in the team.',
                                               span_start: 0, span_end: 47})
               CREATE (v)-[:FOUND]->(:Finding {id: 'f2', text: 'The use of the front door is good.',
                                               span_start: 48, span_end: 82})
               CREATE (v)-[:FOUND]->(:Finding {id: 'f3', text: 'A failure of one system.',
                                               span_start: 83, span_end: 107})""",
            write=True,
        )
        hits = SearchIndex().search(store, "single points of failure")
    assert [hit.id for hit in hits] == ["f1", "f3"]


def test_a_schema_change_run_as_a_write_is_counted_apart_from_it(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """Neo4j refuses a data write in a transaction that changed the schema, so the count of writes
    (queries.COUNT_WRITE) follows in its own: a migration's DROP CONSTRAINT, or a user's
    `peergraph query --write` of an index, works and still moves the version."""
    from graph.reads.aggregates import data_version

    neo4j_server.wipe()
    with writable_store(neo4j_server.settings(tmp_path / "unused.lbug")) as store:
        before = data_version(store)
        store.run_cypher(
            "CREATE INDEX council_name_test IF NOT EXISTS FOR (c:Council) ON (c.name)", write=True
        )
        store.run_cypher("DROP INDEX council_name_test IF EXISTS", write=True)
        after = data_version(store)
        assert after[2] == before[2] + 2  # the count of writes, beside this process's generation
