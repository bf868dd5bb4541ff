"""Patterns: their nodes, tags on findings and recommendations, and curation decisions."""

from __future__ import annotations

from graph.store.queries.registry import _query

MERGE_PATTERNS = _query(
    "merge_patterns",
    """UNWIND $rows AS row
       MERGE (p:Pattern {id: row.id})
       SET p.name = row.name, p.description = row.description, p.origin = row.origin,
           p.phrasings = row.phrasings, p.keywords = row.keywords, p.threshold = row.threshold""",
    writes=True,
)
ACCEPTED_PATTERNS = _query(
    "accepted_patterns",
    """MATCH (p:Pattern) WHERE p.origin = 'accepted'
       RETURN p.id AS id, p.name AS name, p.description AS description, p.phrasings AS phrasings,
              p.keywords AS keywords, p.threshold AS threshold""",
)
PATTERN_LIST = _query(
    "pattern_list",
    "MATCH (p:Pattern) RETURN p.id AS id, p.name AS name, p.description AS description, p.origin AS origin",
)
_TAG_COLUMNS = """p.id AS pattern_id, x.id AS item_id, x.text AS text, x.polarity AS polarity,
       x.section AS section, x.heading AS heading, x.span_start AS span_start, x.span_end AS span_end,
       i.score AS score, i.method AS method, i.confirmed AS confirmed, i.evidence AS evidence,
       i.closest AS closest, v.id AS review_id, v.report_date AS report_date, c.id AS council_id,
       c.name AS council, c.region AS region"""
TAG_ROWS = _query(
    "tag_rows",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE ($pattern IS NULL OR p.id = $pattern) AND ($region IS NULL OR c.region = $region)
       RETURN label(x) AS kind, {_TAG_COLUMNS}""",
    neo4j=f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE ($pattern IS NULL OR p.id = $pattern) AND ($region IS NULL OR c.region = $region)
       RETURN labels(x)[0] AS kind, {_TAG_COLUMNS}""",
)
# What the pattern aggregates (matrix, overview, similarities, pairs) need, without the texts.
_TAG_CELL_COLUMNS = """p.id AS pattern_id, x.id AS item_id, x.polarity AS polarity, i.score AS score,
       c.id AS council_id, c.name AS council, c.region AS region"""
TAG_CELLS = _query(
    "tag_cells",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE $region IS NULL OR c.region = $region
       RETURN label(x) AS kind, {_TAG_CELL_COLUMNS}""",
    neo4j=f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE $region IS NULL OR c.region = $region
       RETURN labels(x)[0] AS kind, {_TAG_CELL_COLUMNS}""",
)
# On Neo4j from the count store, as DATA_VERSION: after a WITH it expanded every tag (66 ms at 500
# reports, 2 ms this way).
TAG_VERSION = _query(
    "tag_version",
    """MATCH (p:Pattern)
       WITH count(p) AS patterns
       OPTIONAL MATCH ()-[i:INSTANCE_OF]->()
       RETURN patterns, count(i) AS tags""",
    neo4j="""CALL () { MATCH (p:Pattern) RETURN count(p) AS patterns }
       CALL () { MATCH ()-[i:INSTANCE_OF]->() RETURN count(i) AS tags }
       RETURN patterns, tags""",
)
# A pattern brief's tags: every tag of the items that carry one of its patterns (not the store's).
TAG_ROWS_OF_PATTERN_ITEMS = _query(
    "tag_rows_of_pattern_items",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE ($region IS NULL OR c.region = $region)
       AND EXISTS {{ MATCH (x)-[:INSTANCE_OF]->(s:Pattern) WHERE s.id IN $patterns }}
       RETURN label(x) AS kind, {_TAG_COLUMNS}""",
    neo4j=f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE ($region IS NULL OR c.region = $region)
       AND EXISTS {{ MATCH (x)-[:INSTANCE_OF]->(s:Pattern) WHERE s.id IN $patterns }}
       RETURN labels(x)[0] AS kind, {_TAG_COLUMNS}""",
)
# A theme brief's tags: every tag of the items under the theme (of a region, or of all).
TAG_ROWS_OF_THEME_ITEMS = _query(
    "tag_rows_of_theme_items",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE ($region IS NULL OR c.region = $region) AND x.theme = $theme
       RETURN label(x) AS kind, {_TAG_COLUMNS}""",
    neo4j=f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE ($region IS NULL OR c.region = $region) AND x.theme = $theme
       RETURN labels(x)[0] AS kind, {_TAG_COLUMNS}""",
)
REVIEW_ITEMS = _query(
    "review_items",
    """MATCH (v:Review {id: $review_id})-[:FOUND|RECOMMENDS]->(x)
       RETURN x.id AS id, x.text AS text, x.polarity AS polarity""",
)
REVIEWED_COUNCILS_BY_REGION = _query(
    "reviewed_councils_by_region",
    """MATCH (c:Council)<-[:REVIEW_OF]-(:Review)
       RETURN c.region AS region, count(DISTINCT c) AS councils""",
)
DELETE_UNCONFIRMED_TAGS = _query(
    "delete_unconfirmed_tags",
    """MATCH (v:Review {id: $review_id})-[:FOUND|RECOMMENDS]->(x)-[i:INSTANCE_OF]->(p:Pattern)
       WHERE coalesce(i.confirmed, false) = false AND ($pattern IS NULL OR p.id = $pattern)
       DELETE i""",
    writes=True,
)
MERGE_FINDING_TAGS = _query(
    "merge_finding_tags",
    """UNWIND $rows AS row
       MATCH (x:Finding {id: row.item_id})
       MATCH (p:Pattern {id: row.pattern_id})
       MERGE (x)-[i:INSTANCE_OF]->(p)
       SET i.score = row.score, i.method = row.method, i.evidence = row.evidence, i.closest = row.closest,
           i.confirmed = row.confirmed""",
    writes=True,
)
MERGE_RECOMMENDATION_TAGS = _query(
    "merge_recommendation_tags",
    """UNWIND $rows AS row
       MATCH (x:Recommendation {id: row.item_id})
       MATCH (p:Pattern {id: row.pattern_id})
       MERGE (x)-[i:INSTANCE_OF]->(p)
       SET i.score = row.score, i.method = row.method, i.evidence = row.evidence, i.closest = row.closest,
           i.confirmed = row.confirmed""",
    writes=True,
)
TAG_DECISIONS = _query(
    "tag_decisions",
    """MATCH (d:TagDecision)
       WHERE size($items) = 0 OR d.item_id IN $items
       RETURN d.item_id AS item_id, d.pattern_id AS pattern_id, d.decision AS decision, d.by AS by, d.at AS at""",
)
RECORD_TAG_DECISION = _query(
    "record_tag_decision",
    """MERGE (d:TagDecision {id: $id})
       SET d.item_id = $item_id, d.pattern_id = $pattern_id, d.decision = $decision, d.by = $by, d.at = $at,
           d.note = $note""",
    writes=True,
)
DELETE_TAG = _query(
    "delete_tag",
    "MATCH (x)-[i:INSTANCE_OF]->(:Pattern {id: $pattern_id}) WHERE x.id = $item_id DELETE i",
    writes=True,
)
ITEM_BY_ID = _query(
    "item_by_id",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       WHERE x.id = $id
       RETURN label(x) AS kind, x.id AS id, x.text AS text, c.id AS council_id""",
    neo4j="""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       WHERE x.id = $id
       RETURN labels(x)[0] AS kind, x.id AS id, x.text AS text, c.id AS council_id""",
)
DISCOVERY_ITEMS = _query(
    "discovery_items",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)
       WHERE x.polarity IN ['area_for_development', 'mixed']
       RETURN x.id AS id, x.text AS text, x.polarity AS polarity, c.id AS council_id, c.name AS council,
              c.region AS region""",
)
