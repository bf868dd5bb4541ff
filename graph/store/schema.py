"""Create the schema on first use, record its version in the graph, and migrate older stores.

The version lives in a `(:Meta {key: 'schema_version'})` node. A store older than this code is
migrated step by step (`MIGRATIONS[n]` takes version n-1 to n); a store newer than this code is
refused rather than misread. Seeding reference data is not done here: see
graph/reports/reference.py, which the commands that load data call.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.store.base import GraphStore
from graph.store.queries import SCHEMA_VERSION_GET, SCHEMA_VERSION_SET
from peergraph.core.errors import StoreError

SCHEMA_VERSION = 1

Migration = Callable[[GraphStore], None]
MIGRATIONS: dict[int, Migration] = {}
"""Version n -> the step that takes a store from n-1 to n."""


def stored_version(store: GraphStore) -> int | None:
    rows = store.read(SCHEMA_VERSION_GET)
    return int(rows[0]["value"]) if rows and rows[0]["value"] is not None else None


def ensure_schema(store: GraphStore, *, read_only: bool = False) -> int:
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
        MIGRATIONS[step](store)
        _record_version(store, step)
    _record_version(store, SCHEMA_VERSION)
    return SCHEMA_VERSION


def _record_version(store: GraphStore, version: int) -> None:
    store.write(lambda tx: tx.run(SCHEMA_VERSION_SET, {"value": str(version)}))
