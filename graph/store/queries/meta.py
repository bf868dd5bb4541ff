"""What the store records about itself: its schema version and, on Neo4j, its count of writes."""

from __future__ import annotations

from graph.store.queries.registry import NEO4J, _query

SCHEMA_VERSION_GET = _query(
    "schema_version_get", "MATCH (m:Meta {key: 'schema_version'}) RETURN m.value AS value"
)
SCHEMA_VERSION_SET = _query(
    "schema_version_set",
    "MERGE (m:Meta {key: 'schema_version'}) SET m.value = $value",
    writes=True,
)
# Counted inside every write transaction peergraph makes on Neo4j, so that a process keeping reads
# (graph/reads/aggregates.py) sees another process's writes, action edits and links included, which
# no count of nodes shows. Kept on the schema version's node, so that the graph holds no node more
# than the embedded store's; `sequence` is drawn once per node, so a wiped database starts another
# sequence, never the old one again.
COUNT_WRITE = _query(
    "count_write",
    """MERGE (m:Meta {key: 'schema_version'})
       SET m.sequence = coalesce(m.sequence, randomUUID()), m.writes = coalesce(m.writes, 0) + 1""",
    writes=True,
    only=NEO4J,
)
