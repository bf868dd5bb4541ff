"""Reference data every store holds: regions, councils, themes, quality statements, owner roles."""

from __future__ import annotations

from graph.store.queries.registry import _query

MERGE_REGIONS = _query(
    "merge_regions",
    "UNWIND $rows AS row MERGE (r:Region {code: row.code}) SET r.name = row.name",
    writes=True,
)
MERGE_COUNCILS = _query(
    "merge_councils",
    """UNWIND $rows AS row
       MERGE (c:Council {id: row.id})
       SET c.name = row.name, c.short_name = row.short_name, c.type = row.type, c.region = row.region
       WITH c, row
       MATCH (r:Region {name: row.region})
       MERGE (c)-[:IN_REGION]->(r)""",
    writes=True,
)
MERGE_THEMES = _query(
    "merge_themes",
    "UNWIND $rows AS row MERGE (t:Theme {number: row.number}) SET t.name = row.name",
    writes=True,
)
MERGE_QUALITY_STATEMENTS = _query(
    "merge_quality_statements",
    """UNWIND $rows AS row
       MERGE (q:QualityStatement {id: row.id})
       SET q.number = row.number, q.name = row.name, q.theme = row.theme
       WITH q, row
       MATCH (t:Theme {number: row.theme})
       MERGE (q)-[:PART_OF]->(t)""",
    writes=True,
)
MERGE_OWNERS = _query(
    "merge_owners",
    "UNWIND $rows AS row MERGE (o:Owner {id: row.id}) SET o.name = row.name, o.kind = row.kind",
    writes=True,
)
