"""Create the schema on first use, record its version in the graph, and migrate older stores.

The version lives in a `(:Meta {key: 'schema_version'})` node. A store older than this code is
migrated step by step (`MIGRATIONS[n]` takes version n-1 to n); a store newer than this code is
refused rather than misread. Reference data (regions, councils, themes, quality statements,
owner roles) is merged on every open, so a new release's reference table reaches old stores.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.model import NODE_TYPES
from graph.pattern_store import seed_patterns
from graph.queries import SCHEMA_VERSION_GET, SCHEMA_VERSION_SET
from graph.reference import seed_reference_data
from graph.store import GraphStore
from peergraph.core.errors import StoreError
from peergraph.core.settings import Settings

SCHEMA_VERSION = 1

Migration = Callable[[GraphStore], None]
MIGRATIONS: dict[int, Migration] = {}
"""Version n -> the step that takes a store from n-1 to n (none yet: version 1 is the first)."""


def stored_version(store: GraphStore) -> int | None:
    rows = store.read(SCHEMA_VERSION_GET)
    return int(rows[0]["value"]) if rows and rows[0]["value"] is not None else None


def create_schema(store: GraphStore) -> None:
    """Tables (embedded) or uniqueness constraints and full-text indexes (Neo4j); safe to repeat."""
    from graph.embedded_store import EmbeddedStore

    if isinstance(store, EmbeddedStore):
        store.create_tables()
        return
    from graph.neo4j_store import Neo4jStore

    assert isinstance(store, Neo4jStore)
    for node in NODE_TYPES:
        store.run_schema(
            f"CREATE CONSTRAINT {node.label.lower()}_{node.key} IF NOT EXISTS "
            f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE"
        )
    store.run_schema(
        "CREATE FULLTEXT INDEX item_text IF NOT EXISTS FOR (n:Finding|Recommendation) ON EACH [n.text]"
    )


def _is_fresh(store: GraphStore) -> bool:
    from graph.embedded_store import EmbeddedStore

    return isinstance(store, EmbeddedStore) and "Meta" not in store.table_names()


def _lacks_columns(store: GraphStore) -> bool:
    from graph.embedded_store import EmbeddedStore

    return isinstance(store, EmbeddedStore) and bool(store.missing_columns())


def ensure_schema(store: GraphStore, settings: Settings, *, read_only: bool = False) -> int:
    """Bring the store to SCHEMA_VERSION (creating it if new) and merge the reference data."""
    version = None if _is_fresh(store) else stored_version(store)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"the store at {store.location} has schema version {version}, newer than this peergraph "
            f"understands ({SCHEMA_VERSION}); upgrade peergraph"
        )
    if read_only:
        if version is None:
            raise StoreError(
                f"the store at {store.location} is empty; import reports first (peergraph import)"
            )
        if version < SCHEMA_VERSION or _lacks_columns(store):
            raise StoreError(
                f"the store at {store.location} was made by an earlier peergraph (schema version "
                f"{version}); open it once for writing (e.g. peergraph stats) to migrate it"
            )
        return version
    # Idempotent: also adds the tables and columns that a store made by an earlier build lacks.
    create_schema(store)
    for step in range(version + 1 if version is not None else SCHEMA_VERSION + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[step](store)
        _record_version(store, step)
    seed_reference_data(store, settings)
    seed_patterns(store, settings)
    _record_version(store, SCHEMA_VERSION)
    return SCHEMA_VERSION


def _record_version(store: GraphStore, version: int) -> None:
    store.write(lambda tx: tx.run(SCHEMA_VERSION_SET, {"value": str(version)}))
