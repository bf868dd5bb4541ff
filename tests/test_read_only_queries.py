"""`peergraph query` without --write: only reading clauses run, on both backends (issue 20, case 6).

Each statement is refused before it reaches the store, and each is shown to do nothing: no file
written, none read back, no node changed, the store still opens read-only afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore, open_store
from graph.store.read_only import check_read_only
from peergraph.core.errors import UserQueryError
from tests.neo4j_server import BACKENDS, seeded_settings


def _refused(target: Path) -> dict[str, str]:
    return {
        "COPY TO": f"COPY (MATCH (v:Review) RETURN v.id) TO '{target}'",
        "COPY FROM": f"COPY Council FROM '{target}'",
        "LOAD FROM": "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "LOAD CSV": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "EXPORT": f"EXPORT DATABASE '{target}'",
        "IMPORT": f"IMPORT DATABASE '{target}'",
        "CHECKPOINT": "CHECKPOINT",
        "ATTACH": f"ATTACH '{target}' AS other (dbtype lbug)",
        "INSTALL": "INSTALL httpfs",
        "LOAD EXTENSION": "LOAD EXTENSION httpfs",
        "CALL of a writing procedure": "CALL db.clearQueryCaches()",
        "SET": "MATCH (c:Council) SET c.name = 'x'",
        "CREATE after MATCH": "MATCH (c:Council) WITH c LIMIT 1 CREATE (:Council {id: 'x'})",
        "DELETE": "MATCH (c:Council) DETACH DELETE c",
        "hidden after a comment": "MATCH (c:Council) RETURN c /* harmless */ ; CHECKPOINT",
        "USE": "USE system SHOW USERS",
    }


@pytest.mark.parametrize("name", sorted(_refused(Path("/tmp/x"))))
def test_each_file_system_or_writing_statement_is_refused_in_one_line(name: str, tmp_path: Path) -> None:
    with pytest.raises(UserQueryError) as raised:
        check_read_only(_refused(tmp_path / "out.csv")[name])
    message = str(raised.value)
    assert message and "\n" not in message
    assert "read-only" in message or "one statement at a time" in message


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (c:Council) RETURN c.name AS name ORDER BY name LIMIT 3",
        "MATCH (c:Council) WHERE c.name CONTAINS 'set' RETURN count(c) AS n",
        "UNWIND [1, 2] AS n RETURN n, {load: n} AS m, $copy IS NULL AS p",
        "OPTIONAL MATCH (v:Review)-[:REVIEW_OF]->(c:Council) WITH c, count(v) AS n RETURN n LIMIT 1",
        "MATCH (c:Council {name: 'Load Street'}) RETURN c.id",
    ],
)
def test_reading_queries_pass_even_when_a_string_or_name_spells_a_keyword(cypher: str) -> None:
    check_read_only(cypher)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    settings = seeded_settings(request, tmp_path)
    with open_store(settings, read_only=True) as opened:
        yield opened


def test_on_each_backend_refused_statements_change_nothing(store: GraphStore, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    before = store.run_cypher("MATCH (c:Council) RETURN count(c) AS n")
    for name, cypher in _refused(target).items():
        with pytest.raises(UserQueryError):
            store.run_cypher(cypher)
        assert not target.exists(), name
    assert store.run_cypher("MATCH (c:Council) RETURN count(c) AS n") == before
