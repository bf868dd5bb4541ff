"""Create the schema on first use, record its version in the graph, and migrate older stores.

The version lives in a `(:Meta {key: 'schema_version'})` node. A store older than this code is
migrated step by step (`MIGRATIONS[n]` takes version n-1 to n); a store newer than this code is
refused rather than misread. Seeding reference data is not done here: see
graph/reports/reference.py, which the commands that load data call.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.store.base import GraphStore
from graph.store.credentials import open_credentials
from graph.store.queries import NEO4J, SCHEMA_VERSION_GET, SCHEMA_VERSION_SET
from peergraph.core.errors import StoreError, UserQueryError
from peergraph.core.settings import Settings

SCHEMA_VERSION = 2

Migration = Callable[[GraphStore, Settings], None]

_LEGACY_KEY_COLUMNS = "k.id AS id, k.hash AS hash, k.role AS role, k.council_id AS council_id, " \
    "k.label AS label, k.created_at AS created_at, k.revoked_at AS revoked_at"  # fmt: skip


def move_api_keys_out(store: GraphStore, settings: Settings) -> None:
    """Version 2: API keys leave the graph for the credentials database (graph/store/credentials.py).

    A graph backup then never holds them, so a restore cannot bring back a revoked key.
    """
    try:
        keys = store.run_cypher(f"MATCH (k:ApiKey) RETURN {_LEGACY_KEY_COLUMNS}", write=True)
    except UserQueryError:  # a store without the ApiKey table: nothing to move
        keys = []
    credentials = open_credentials(settings)
    for key in keys:
        credentials.execute(
            "INSERT OR IGNORE INTO api_keys (id, hash, role, council_id, label, created_at, revoked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            tuple(
                key[name]
                for name in ("id", "hash", "role", "council_id", "label", "created_at", "revoked_at")
            ),
        )
    if store.backend == NEO4J:
        store.run_cypher("MATCH (k:ApiKey) DETACH DELETE k", write=True)
        store.run_cypher("DROP CONSTRAINT apikey_id IF EXISTS", write=True)
    elif keys or _has_table(store, "ApiKey"):
        store.run_cypher("DROP TABLE ApiKey", write=True)


def _has_table(store: GraphStore, name: str) -> bool:
    try:
        store.run_cypher(f"MATCH (n:{name}) RETURN count(n) AS n", write=True)
    except UserQueryError:
        return False
    return True


MIGRATIONS: dict[int, Migration] = {2: move_api_keys_out}
"""Version n -> the step that takes a store from n-1 to n."""


def stored_version(store: GraphStore) -> int | None:
    rows = store.read(SCHEMA_VERSION_GET)
    return int(rows[0]["value"]) if rows and rows[0]["value"] is not None else None


def ensure_schema(store: GraphStore, settings: Settings, *, read_only: bool = False) -> int:
    """Bring the store to SCHEMA_VERSION, creating it if new; a read-only open only checks."""
    version = stored_version(store) if store.has_schema() else None
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
        if version < SCHEMA_VERSION or store.schema_gaps():
            raise StoreError(
                f"the store at {store.location} was made by an earlier peergraph (schema version "
                f"{version}); open it once for writing (e.g. peergraph import) to migrate it"
            )
        return version
    # Idempotent: also adds the tables and columns that a store made by an earlier build lacks.
    store.create_schema()
    for step in range(version + 1 if version is not None else SCHEMA_VERSION + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[step](store, settings)
        _record_version(store, step)
    _record_version(store, SCHEMA_VERSION)
    return SCHEMA_VERSION


def _record_version(store: GraphStore, version: int) -> None:
    store.write(lambda tx: tx.run(SCHEMA_VERSION_SET, {"value": str(version)}))
