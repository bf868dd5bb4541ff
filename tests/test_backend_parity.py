"""Same answers from both backends: the five seeds imported into each.

`peergraph stats --json` and every named read query must agree between the embedded store and
Neo4j, and a backup exported from either restores into the other with the same counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.reads.reviews import _council_recommendations, _council_recommendations_flat
from graph.store import GraphStore, open_store
from graph.store import queries as q
from graph.store.one_record import one_record
from graph.store.queries import NEO4J
from importers.parser import parse_file
from peergraph.core.settings import Settings
from tests.fixtures import copy_store, query_examples
from tests.neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")
MAX_BYTES = 50 * 1024 * 1024
WHEN_IMPORTED = {"imported_at", "latest"}  # the clock at import time, not the data
TORBAY = "000_e35a0d42f35d5c45.txt"


def _run(
    *args: str, server: Neo4jServer | None = None, db: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `peergraph` as a user does, against Neo4j (through NEO4J_*) or an embedded --db."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PEERGRAPH_DB"))}
    if server is not None:
        env |= {"NEO4J_URI": server.uri, "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password}
    return subprocess.run(
        [PEERGRAPH, *args, *(["--db", str(db)] if db is not None else [])],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


def _cli(*args: str, server: Neo4jServer | None = None, db: Path | None = None) -> str:
    done = _run(*args, server=server, db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _stats(server: Neo4jServer | None = None, db: Path | None = None) -> dict[str, Any]:
    stats = json.loads(_cli("stats", "--json", server=server, db=db))
    assert stats.pop("backend") == ("neo4j" if server else "embedded")
    stats.pop("location")
    return stats


@pytest.fixture(scope="module")
def seeded(
    neo4j_server: Neo4jServer, seed_db: Path, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Neo4jServer]]:
    """The five seeds, tagged: the session's embedded store, and `peergraph import` into Neo4j."""
    db = copy_store(seed_db, tmp_path_factory.mktemp("parity") / "graph.lbug")
    neo4j_server.wipe()
    _cli("import", str(seeds_dir), server=neo4j_server)
    yield db, neo4j_server


def test_stats_json_is_the_same_on_both_backends(seeded: tuple[Path, Neo4jServer]) -> None:
    db, server = seeded
    embedded, neo4j = _stats(db=db), _stats(server=server)
    assert embedded["reviews"] == 5 and embedded["findings"] > 400
    assert embedded["labels"].get("Pattern", 0) > 0 and embedded["relationships"].get("INSTANCE_OF", 0) > 0
    assert neo4j == embedded


def _comparable(rows: list[dict[str, Any]]) -> list[str]:
    """Rows as sorted JSON, lists inside sorted too: Cypher leaves the order of `collect` unspecified."""

    def tidy(value: Any) -> Any:
        if isinstance(value, list):
            return sorted((tidy(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        if isinstance(value, dict):
            return {k: tidy(v) for k, v in value.items() if k not in WHEN_IMPORTED}
        return value

    return [json.dumps(tidy(row), sort_keys=True) for row in rows]


def _order_keys(query: q.Query, rows: list[dict[str, Any]]) -> list[Any]:
    """The ORDER BY columns of each row, in order: ties may come in either order, keys may not."""
    clause = query.cypher.rsplit("ORDER BY", 1)[1].split(" LIMIT ")[0]
    columns = [part.split()[0] for part in clause.split(",")]
    return [tuple(row.get(column) for column in columns) for row in rows]


def test_every_named_read_query_answers_the_same(seeded: tuple[Path, Neo4jServer], seeds_dir: Path) -> None:
    db, server = seeded
    torbay = parse_file(seeds_dir / TORBAY, MAX_BYTES)
    stores: list[GraphStore] = [
        open_store(Settings(db=db, neo4j_uri=None), read_only=True),
        open_store(server.settings(db.parent / "unused.lbug")),
    ]
    try:
        examples = query_examples(stores[0], torbay)
        compared = []
        for name, query in sorted(q.QUERIES.items()):
            if query.writes or query.only is not None:
                continue
            embedded, neo4j = (store.read(query, examples[name]) for store in stores)
            assert sorted(_comparable(neo4j)) == sorted(_comparable(embedded)), name
            if "ORDER BY" in query.cypher:
                assert _order_keys(query, neo4j) == _order_keys(query, embedded), name
            compared.append((name, len(embedded)))
    finally:
        for store in stores:
            store.close()
    assert sum(1 for _, count in compared if count > 0) >= 35, compared


def test_every_named_read_answers_in_one_record_what_it_answers_in_rows(
    seeded: tuple[Path, Neo4jServer], seeds_dir: Path
) -> None:
    """Neo4jStore.read has a read's rows sent as one collected list (graph/store/one_record.py): the
    same rows, in the same order of their sort keys, as the query as written (`run_cypher`)."""
    db, server = seeded
    torbay = parse_file(seeds_dir / TORBAY, MAX_BYTES)
    with open_store(Settings(db=db, neo4j_uri=None), read_only=True) as embedded:
        examples = query_examples(embedded, torbay)
    rewritten = []
    with open_store(server.settings(db.parent / "unused.lbug")) as neo4j:
        for name, query in sorted(q.QUERIES.items()):
            if query.writes or query.only not in (None, NEO4J):
                continue
            cypher = query.for_backend(NEO4J)
            as_written = neo4j.run_cypher(cypher, examples[name])
            in_one_record = neo4j.read(query, examples[name])
            assert sorted(_comparable(in_one_record)) == sorted(_comparable(as_written)), name
            if "ORDER BY" in cypher:
                assert _order_keys(query, in_one_record) == _order_keys(query, as_written), name
            if one_record(cypher) is not None:
                rewritten.append((name, len(as_written)))
    assert len(rewritten) >= 60 and sum(1 for _, count in rewritten if count > 1) >= 30, rewritten


def test_a_council_s_recommendations_come_with_their_lists_in_one_neo4j_query(
    seeded: tuple[Path, Neo4jServer],
) -> None:
    """On Neo4j a council's recommendations carry their owners, findings, statuses and patterns
    from one query: the same rows, in the same order, as the flat queries the embedded store reads."""
    db, server = seeded
    listed = Counter[str]()
    with open_store(server.settings(db.parent / "unused.lbug")) as neo4j:
        assert neo4j.backend == NEO4J
        councils = neo4j.read(q.COUNCILS_PAGE, {"after": "", "region": None, "min_reviews": 1, "limit": 50})
        assert len(councils) == 5
        for council in councils:
            in_one = _council_recommendations(neo4j, council["id"])
            flat = _council_recommendations_flat(neo4j, council["id"])
            assert [row["id"] for row in in_one] == [row["id"] for row in flat], council["id"]
            for one, apart in zip(in_one, flat, strict=True):
                for column in ("owners", "findings", "action_statuses", "patterns"):
                    assert Counter(one[column]) == Counter(apart[column]), (one["id"], column)
                    listed[column] += bool(apart[column])
                assert {k: v for k, v in one.items() if not isinstance(v, list)} == {
                    k: v for k, v in apart.items() if not isinstance(v, list)
                }
    assert listed["owners"] and listed["findings"] and listed["patterns"], listed


def test_peergraph_query_needs_write_to_change_either_backend(seeded: tuple[Path, Neo4jServer]) -> None:
    db, server = seeded
    create = "CREATE (:Region {code: 'E99999999', name: 'Nowhere'})"
    look = "MATCH (r:Region) WHERE r.code = $code RETURN r.name AS name"
    targets: list[dict[str, Any]] = [{"db": db}, {"server": server}]
    for target in targets:
        refused = _run("query", create, **target)
        assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert _cli("query", look, "--param", "code=E99999999", **target) == "", target


def test_a_backup_moves_between_backends_with_the_same_counts(
    seeded: tuple[Path, Neo4jServer], tmp_path: Path
) -> None:
    db, server = seeded
    want = _stats(db=db)
    from_embedded = tmp_path / "embedded.jsonl"
    _cli("export", "--format", "jsonl", "-o", str(from_embedded), db=db)
    server.wipe()
    _cli("restore", str(from_embedded), server=server)
    restored_in_neo4j = _stats(server=server)
    from_neo4j = tmp_path / "neo4j.jsonl"
    _cli("export", "--format", "jsonl", "-o", str(from_neo4j), server=server)
    _cli("restore", str(from_neo4j), db=tmp_path / "back.lbug")
    restored_in_embedded = _stats(db=tmp_path / "back.lbug")
    for restored in (restored_in_neo4j, restored_in_embedded):
        assert (restored["labels"], restored["relationships"]) == (want["labels"], want["relationships"])
        assert restored["by_council"] == want["by_council"]
    assert len(from_neo4j.read_text(encoding="utf-8").splitlines()) == len(
        from_embedded.read_text(encoding="utf-8").splitlines()
    )


def _operators(plan: dict[str, Any]) -> set[str]:
    """Every operator of an EXPLAIN plan (the driver's summary.plan), its children's included."""
    return {plan["operatorType"].split("@")[0]}.union(
        *(_operators(child) for child in plan.get("children", []))
    )


# Reads that are meant to visit every node: counts by label.
WHOLE_GRAPH_READS = {"count_by_label"}
INDEX_SEEKS = ("NodeIndexSeek", "NodeUniqueIndexSeek", "MultiNodeIndexSeek")


def test_neo4j_reads_start_from_labels_and_items_by_id_from_their_index(
    seeded: tuple[Path, Neo4jServer], seeds_dir: Path
) -> None:
    """Each named read's Neo4j plan (EXPLAIN, with the parameters the parity test uses) must not walk
    every node, and a read of items by id must look each id up in an index: a page of search hits
    read by id without one took 160 ms at 500 reports (every item walked from its council), with
    each label's index 6.5 ms."""
    from neo4j import GraphDatabase

    db, server = seeded
    torbay = parse_file(seeds_dir / TORBAY, MAX_BYTES)
    with open_store(Settings(db=db, neo4j_uri=None), read_only=True) as embedded:
        examples = query_examples(embedded, torbay)
    walking, unseeking, explained = [], [], 0
    # Notices of property names no node has yet (nodes the seeds lack) are not what is checked here
    with GraphDatabase.driver(
        server.uri, auth=(server.user, server.password), notifications_min_severity="OFF"
    ) as driver:
        for name, query in sorted(q.QUERIES.items()):
            if query.writes or query.only not in (None, NEO4J):
                continue
            with driver.session(database=server.database) as session:
                summary = session.run("EXPLAIN " + query.for_backend(NEO4J), examples[name]).consume()
            assert summary.plan is not None, name
            operators = _operators(summary.plan)
            explained += 1
            if "AllNodesScan" in operators and name not in WHOLE_GRAPH_READS:
                walking.append(name)
            if name.endswith("_by_ids") and not operators.intersection(INDEX_SEEKS):
                unseeking.append(name)
    assert explained >= 70
    assert walking == []
    assert unseeking == []
