"""The named queries of CQC assessments, registered with the others (graph.queries.QUERIES).

Parameters only, as everywhere: no imported text is ever pasted into Cypher.
"""

from __future__ import annotations

from graph.store.queries.registry import _query

# --- loading one file ---------------------------------------------------------------------------

CQC_SOURCE_SHAS = _query(
    "cqc_source_shas",
    "MATCH (s:CqcSource) WHERE s.id IN $ids RETURN s.id AS id, s.source_sha256 AS sha256",
)
KNOWN_COUNCILS = _query(
    "cqc_known_councils",
    "MATCH (c:Council) WHERE c.id IN $ids RETURN c.id AS id",
)
CQC_LATEST_ASSESSMENT = _query(
    "cqc_latest_assessment",
    """MATCH (:Council {id: $council_id})-[:ASSESSED_IN]->(a:CqcAssessment)
       RETURN a.id AS id, a.published AS published
       ORDER BY published DESC LIMIT 1""",
)
MERGE_CQC_ASSESSMENTS = _query(
    "merge_cqc_assessments",
    """UNWIND $rows AS row
       MATCH (c:Council {id: row.council_id})
       MERGE (a:CqcAssessment {id: row.id})
       SET a.council_id = row.council_id, a.published = row.published,
           a.rating = coalesce(row.rating, a.rating), a.score = coalesce(row.score, a.score),
           a.updated_at = row.updated_at
       MERGE (c)-[:ASSESSED_IN]->(a)""",
    writes=True,
)
DELETE_CQC_SOURCE_KEY_FINDINGS = _query(
    "delete_cqc_source_key_findings",
    """UNWIND $ids AS source_id
       MATCH (k:CqcKeyFinding)-[:QUOTED_FROM]->(:CqcSource {id: source_id})
       DETACH DELETE k""",
    writes=True,
)
DELETE_CQC_SOURCE_SCORES = _query(
    "delete_cqc_source_scores",
    """UNWIND $ids AS source_id
       MATCH (:CqcSource {id: source_id})-[:DESCRIBES]->(:CqcAssessment)-[r:SCORED]->(:QualityStatement)
       WHERE r.source_id = source_id
       DELETE r""",
    writes=True,
)
MERGE_CQC_SOURCES = _query(
    "merge_cqc_sources",
    """UNWIND $rows AS row
       MATCH (a:CqcAssessment {id: row.assessment_id})
       MERGE (s:CqcSource {id: row.id})
       SET s.assessment_id = row.assessment_id, s.shape = row.shape,
           s.quality_statements = row.quality_statements, s.source = row.source,
           s.source_sha256 = row.source_sha256, s.page_updated = row.page_updated, s.row = row.row,
           s.text = row.text, s.imported_at = row.imported_at
       MERGE (s)-[:DESCRIBES]->(a)""",
    writes=True,
)
MERGE_CQC_SCORES = _query(
    "merge_cqc_scores",
    """UNWIND $rows AS row
       MATCH (a:CqcAssessment {id: row.assessment_id})
       MATCH (q:QualityStatement {id: row.quality_statement})
       MERGE (a)-[r:SCORED]->(q)
       SET r.score = row.score, r.source_id = row.source_id""",
    writes=True,
)
# The source's key findings were deleted just before (DELETE_CQC_SOURCE_KEY_FINDINGS), so CREATE.
CREATE_CQC_KEY_FINDINGS = _query(
    "create_cqc_key_findings",
    """UNWIND $rows AS row
       MATCH (a:CqcAssessment {id: row.assessment_id})
       MATCH (s:CqcSource {id: row.source_id})
       MATCH (q:QualityStatement {id: row.quality_statement})
       CREATE (k:CqcKeyFinding {id: row.id, assessment_id: row.assessment_id, source_id: row.source_id,
                                quality_statement: row.quality_statement, ordinal: row.ordinal, text: row.text,
                                heading: row.heading, span_start: row.span_start, span_end: row.span_end})
       CREATE (a)-[:HAS_KEY_FINDING]->(k)
       CREATE (k)-[:ABOUT]->(q)
       CREATE (k)-[:QUOTED_FROM]->(s)""",
    writes=True,
)

# --- reading ------------------------------------------------------------------------------------

CQC_ASSESSMENTS = _query(
    "cqc_assessments",
    """MATCH (c:Council)-[:ASSESSED_IN]->(a:CqcAssessment)
       WHERE $council IS NULL OR c.id = $council
       RETURN a.id AS id, a.published AS published, a.rating AS rating, a.score AS score,
              a.updated_at AS updated_at, c.id AS council_id, c.name AS council, c.region AS region
       ORDER BY council, published""",
)
CQC_SCORES = _query(
    "cqc_scores",
    """MATCH (c:Council)-[:ASSESSED_IN]->(a:CqcAssessment)-[r:SCORED]->(q:QualityStatement)
       WHERE $council IS NULL OR c.id = $council
       RETURN a.id AS assessment_id, q.id AS quality_statement, r.score AS score, r.source_id AS source_id""",
)
CQC_SOURCES = _query(
    "cqc_sources",
    """MATCH (c:Council)-[:ASSESSED_IN]->(a:CqcAssessment)<-[:DESCRIBES]-(s:CqcSource)
       WHERE $council IS NULL OR c.id = $council
       RETURN s.id AS id, a.id AS assessment_id, s.shape AS shape, s.source AS source,
              s.quality_statements AS quality_statements, s.page_updated AS page_updated, s.row AS row,
              s.imported_at AS imported_at
       ORDER BY assessment_id, id""",
)
CQC_KEY_FINDINGS = _query(
    "cqc_key_findings",
    """MATCH (c:Council)-[:ASSESSED_IN]->(a:CqcAssessment {id: $assessment_id})-[:HAS_KEY_FINDING]->(k:CqcKeyFinding)
       MATCH (k)-[:QUOTED_FROM]->(s:CqcSource)
       RETURN k.id AS id, k.quality_statement AS quality_statement, k.ordinal AS ordinal, k.text AS text,
              k.heading AS heading, k.span_start AS span_start, k.span_end AS span_end,
              s.id AS source_id, s.source AS source, a.id AS assessment_id, a.published AS published,
              c.id AS council_id, c.name AS council
       ORDER BY source_id, ordinal""",
)
CQC_SOURCE_TEXT = _query(
    "cqc_source_text",
    "MATCH (s:CqcSource {id: $id}) RETURN s.text AS text, s.source AS source",
)
CQC_REVIEWS = _query(
    "cqc_reviews",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)
       WHERE ($council IS NULL OR c.id = $council)
       AND EXISTS { MATCH (c)-[:ASSESSED_IN]->(:CqcAssessment) }
       RETURN v.id AS id, v.title AS title, v.report_date AS report_date, v.onsite_start AS onsite_start,
              v.onsite_end AS onsite_end, v.source AS source, v.imported_at AS imported_at,
              c.id AS council_id, c.name AS council, c.region AS region
       ORDER BY council_id, report_date""",
)
CQC_PEER_COUNTS = _query(
    "cqc_peer_counts",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(f:Finding)
       WHERE f.quality_statement IS NOT NULL
       AND EXISTS { MATCH (c)-[:ASSESSED_IN]->(:CqcAssessment) }
       RETURN v.id AS review_id, f.quality_statement AS quality_statement, f.polarity AS polarity,
              count(*) AS findings""",
)
