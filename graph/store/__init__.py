"""The graph store: one interface over the embedded LadybugDB store and a Neo4j server.

`open_store(settings)` picks the backend (Neo4j when NEO4J_URI is set, else the embedded store at
the settings' `db` path) and brings its schema up to date; it seeds nothing. Reference data and
the pattern library are seeded by an explicit bootstrap step (graph/reports/reference.py) that
`import`, `serve` and `demo` call. A read-only open changes nothing at all.
"""

from __future__ import annotations

import os

from graph.store.base import GraphStore, Params, Row, Tx, plain
from graph.store.schema import ensure_schema
from peergraph.core.settings import Settings

__all__ = ["GraphStore", "Params", "Row", "Tx", "open_store", "plain"]


def open_store(settings: Settings, *, read_only: bool = False, attach: bool = True) -> GraphStore:
    """The configured store, its schema created or migrated when opened for writing.

    When a running `peergraph serve` holds the embedded store, the store is used through that
    server's control socket (`attach`, the default), so the server stays the one writer; the
    server itself opens with `attach=False`.
    """
    store: GraphStore
    if settings.neo4j_uri:
        from graph.store.neo4j import Neo4jStore

        store = Neo4jStore(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
        )
    else:
        from graph.store.control import read_serving_file
        from graph.store.embedded import EmbeddedStore

        db = settings.db.expanduser()
        serving = read_serving_file(db) if attach else None
        if serving is not None and serving.pid != os.getpid():
            from graph.store.remote import RemoteStore

            return RemoteStore(serving, str(db), read_only=read_only)
        store = EmbeddedStore(db, read_only=read_only, buffer_pool_mb=settings.buffer_pool_mb)
    try:
        ensure_schema(store, settings, read_only=read_only)
    except BaseException:
        store.close()
        raise
    return store
