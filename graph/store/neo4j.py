"""The Neo4j 5 store, through the official `neo4j` driver (py2neo is end-of-life).

Writes go through `session.execute_write`, which retries transient failures (leader
changes, deadlocks) and commits once; reads through `execute_read` in READ access mode, so a
user's query run without `--write` cannot change the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, NotificationDisabledClassification
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graph.store import GraphStore, Params, Row, plain
from graph.store import queries as q
from graph.store.base import SCALARS
from graph.store.model import NODE_TYPES
from graph.store.one_record import ROWS, one_record
from graph.store.queries import NEO4J, Query
from graph.store.read_only import check_read_only
from peergraph.core.errors import StoreError, UserQueryError

T = TypeVar("T")


def _value(value: Any) -> Any:
    # Most values are scalars, so they are checked first and inline: the checks below cost a common
    # word's 20,000 search hits (240,000 values) 330 ms at 500 reports, this 60.
    if value is None or type(value) in SCALARS:
        return value
    if isinstance(value, list):
        return [item if item is None or type(item) in SCALARS else _value(item) for item in value]
    if isinstance(value, neo4j.graph.Node):
        return {"_LABEL": next(iter(value.labels), None), **{k: _value(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_LABEL": value.type, **{k: _value(v) for k, v in value.items()}}
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return plain(value)


def _rows(result: neo4j.Result) -> list[Row]:
    return [{key: _value(value) for key, value in record.items()} for record in result]


class _Neo4jTx:
    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self._tx = tx

    def run(self, query: Query, params: Params | None = None) -> list[Row]:
        return _rows(self._tx.run(query.for_backend(NEO4J), dict(params or {})))


def _count_write(tx: neo4j.ManagedTransaction) -> None:
    """One more write counted (queries.COUNT_WRITE), which kept reads' version sees."""
    tx.run(q.COUNT_WRITE.for_backend(NEO4J)).consume()


def _counted(tx: neo4j.ManagedTransaction, work: Callable[[], T]) -> T:
    """`work()`, then its write counted in the same transaction."""
    result = work()
    _count_write(tx)
    return result


class Neo4jStore(GraphStore):
    backend = NEO4J
    # Neo4j caps each transaction's memory (by default 70% of the heap): a restore of 500
    # reports in one transaction overran it on a 1 GB heap.
    rows_per_write = 5_000

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.location = uri
        self.database = database or None
        try:
            # "Unrecognized" notes a label or property no node has yet (no action plan loaded, say):
            # normal in a growing graph, and the driver would log each one as a warning on stderr.
            self._driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                notifications_disabled_classifications=[NotificationDisabledClassification.UNRECOGNIZED],
            )
            self._driver.verify_connectivity()
        except AuthError:
            raise StoreError(
                f"Neo4j at {uri} refused the credentials in NEO4J_USER / NEO4J_PASSWORD"
            ) from None
        except (ServiceUnavailable, OSError, ValueError) as error:
            raise StoreError(f"cannot reach Neo4j at {uri}: {error}") from None

    def _session(self, access: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=access)

    def read(self, query: Query, params: Params | None = None) -> list[Row]:
        cypher = query.for_backend(NEO4J)
        collected = one_record(cypher)
        with self._session(neo4j.READ_ACCESS) as session:
            if collected is None:
                return session.execute_read(lambda tx: _rows(tx.run(cypher, dict(params or {}))))
            record = session.execute_read(lambda tx: tx.run(collected.cypher, dict(params or {})).single())
        assert record is not None  # collect() answers one row, even over none
        return [dict(zip(collected.columns, _value(row), strict=True)) for row in record[ROWS]]

    def write(self, work: Callable[[Any], T]) -> T:
        with self._session(neo4j.WRITE_ACCESS) as session:
            result = session.execute_write(lambda tx: _counted(tx, lambda: work(_Neo4jTx(tx))))
        self.generation += 1
        return result

    def run_cypher(self, cypher: str, params: Params | None = None, *, write: bool = False) -> list[Row]:
        if not write:
            check_read_only(cypher)
        else:
            self.generation += 1
        access = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        try:
            with self._session(access) as session:
                if write:
                    rows = session.execute_write(lambda tx: _rows(tx.run(cypher, dict(params or {}))))
                    # Counted after, in a transaction of its own: Neo4j refuses a data write in a
                    # transaction that changed the schema (a migration's DROP CONSTRAINT, say)
                    session.execute_write(_count_write)
                    return rows
                return session.execute_read(lambda tx: _rows(tx.run(cypher, dict(params or {}))))
        except ClientError as error:
            if "write" in (error.message or "").lower() and not write:
                raise UserQueryError("this query writes to the graph; add --write to allow it") from None
            raise UserQueryError(error.message or str(error)) from None
        except Neo4jError as error:
            raise UserQueryError(error.message or str(error)) from None

    def create_schema(self) -> None:
        """Uniqueness constraints on every node type's key, and a full-text index for users' own Cypher."""
        for node in NODE_TYPES:
            self.run_schema(
                f"CREATE CONSTRAINT {node.label.lower()}_{node.key} IF NOT EXISTS "
                f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE"
            )
        self.run_schema(
            "CREATE FULLTEXT INDEX item_text IF NOT EXISTS FOR (n:Finding|Recommendation) ON EACH [n.text]"
        )
        # A new index populates in the background; a query on it before it is online would fail.
        self.run_schema("CALL db.awaitIndexes(300)")

    def run_schema(self, statement: str) -> None:
        """Run a schema statement (constraint or index) in its own auto-commit transaction."""
        with self._session(neo4j.WRITE_ACCESS) as session:
            session.run(statement).consume()

    def close(self) -> None:
        self._driver.close()
