"""The schema version the store records."""

from __future__ import annotations

from graph.store.queries.registry import _query

SCHEMA_VERSION_GET = _query(
    "schema_version_get", "MATCH (m:Meta {key: 'schema_version'}) RETURN m.value AS value"
)
SCHEMA_VERSION_SET = _query(
    "schema_version_set",
    "MERGE (m:Meta {key: 'schema_version'}) SET m.value = $value",
    writes=True,
)
