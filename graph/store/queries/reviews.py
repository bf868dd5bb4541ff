"""Loading one review: its node, findings, recommendations, team, and their links."""

from __future__ import annotations

from graph.store.model import FindingNode, RecommendationNode, ReviewNode, set_clause
from graph.store.queries.registry import _query

REVIEW_SHA = _query(
    "review_sha",
    "MATCH (v:Review {id: $id}) RETURN v.source_sha256 AS sha256, v.source AS source",
)
REVIEW_OF_FILE = _query(
    "review_of_file",
    """MATCH (v:Review)-[:REVIEW_OF]->(c:Council)
       WHERE v.source_sha256 = $sha256
       OPTIONAL MATCH (v)-[:FOUND]->(f:Finding)
       WITH v, c, count(f) AS findings
       OPTIONAL MATCH (v)-[:RECOMMENDS]->(r:Recommendation)
       RETURN v.id AS id, c.name AS council, findings, count(r) AS recommendations
       ORDER BY id LIMIT 1""",
)
REVIEW_SIZE = _query(
    "review_size",
    """MATCH (v:Review {id: $id})
       OPTIONAL MATCH (v)-[:FOUND]->(f:Finding)
       WITH v, count(f) AS findings
       OPTIONAL MATCH (v)-[:RECOMMENDS]->(r:Recommendation)
       RETURN findings, count(r) AS recommendations, v.text AS text""",
)
STALE_RECOMMENDATION_LINKS = _query(
    "stale_recommendation_links",
    """MATCH (v:Review {id: $review_id})-[:RECOMMENDS]->(r:Recommendation)<-[l:IMPLEMENTS]-(a:ActionItem)
       WHERE NOT r.id IN $keep
       RETURN a.id AS action_id, r.text AS text, l.method AS method, l.score AS score""",
)
MERGE_REVIEW = _query(
    "merge_review",
    """MATCH (c:Council {id: $council_id})
       UNWIND $rows AS row
       MERGE (v:Review {id: row.id})
       SET """
    + set_clause("v", ReviewNode)
    + """
       MERGE (v)-[:REVIEW_OF]->(c)""",
    writes=True,
)
DELETE_STALE_FINDINGS = _query(
    "delete_stale_findings",
    "MATCH (v:Review {id: $review_id})-[:FOUND]->(f:Finding) WHERE NOT f.id IN $keep DETACH DELETE f",
    writes=True,
)
DELETE_STALE_RECOMMENDATIONS = _query(
    "delete_stale_recommendations",
    """MATCH (v:Review {id: $review_id})-[:RECOMMENDS]->(r:Recommendation)
       WHERE NOT r.id IN $keep DETACH DELETE r""",
    writes=True,
)
DELETE_REVIEW_TEAM = _query(
    "delete_review_team",
    "MATCH (:Person)-[t:ON_TEAM]->(v:Review {id: $review_id}) DELETE t",
    writes=True,
)
MERGE_FINDINGS = _query(
    "merge_findings",
    """MATCH (v:Review {id: $review_id})
       UNWIND $rows AS row
       MERGE (f:Finding {id: row.id})
       SET """
    + set_clause("f", FindingNode)
    + """
       MERGE (v)-[:FOUND]->(f)""",
    writes=True,
)
DELETE_FINDING_FRAMEWORK_LINKS = _query(
    "delete_finding_framework_links",
    "MATCH (v:Review {id: $review_id})-[:FOUND]->(:Finding)-[u:UNDER]->() DELETE u",
    writes=True,
)
LINK_FINDINGS_TO_THEMES = _query(
    "link_findings_to_themes",
    """UNWIND $rows AS row
       MATCH (f:Finding {id: row.id})
       MATCH (t:Theme {number: row.theme})
       MERGE (f)-[:UNDER]->(t)""",
    writes=True,
)
LINK_FINDINGS_TO_QUALITY_STATEMENTS = _query(
    "link_findings_to_quality_statements",
    """UNWIND $rows AS row
       MATCH (f:Finding {id: row.id})
       MATCH (q:QualityStatement {id: row.quality_statement})
       MERGE (f)-[:UNDER]->(q)""",
    writes=True,
)
MERGE_RECOMMENDATIONS = _query(
    "merge_recommendations",
    """MATCH (v:Review {id: $review_id})
       UNWIND $rows AS row
       MERGE (r:Recommendation {id: row.id})
       SET """
    + set_clause("r", RecommendationNode)
    + """
       MERGE (v)-[:RECOMMENDS]->(r)""",
    writes=True,
)
DELETE_RECOMMENDATION_LINKS = _query(
    "delete_recommendation_links",
    """MATCH (v:Review {id: $review_id})-[:RECOMMENDS]->(r:Recommendation)-[l:ADDRESSES|ASSIGNED_TO]->()
       DELETE l""",
    writes=True,
)
LINK_RECOMMENDATIONS_TO_FINDINGS = _query(
    "link_recommendations_to_findings",
    """UNWIND $rows AS row
       MATCH (r:Recommendation {id: row.id})
       MATCH (f:Finding {id: row.finding_id})
       MERGE (r)-[:ADDRESSES]->(f)""",
    writes=True,
)
ASSIGN_RECOMMENDATIONS = _query(
    "assign_recommendations",
    """UNWIND $rows AS row
       MATCH (r:Recommendation {id: row.id})
       MATCH (o:Owner {id: row.owner_id})
       MERGE (r)-[:ASSIGNED_TO]->(o)""",
    writes=True,
)
MERGE_TEAM = _query(
    "merge_team",
    """MATCH (v:Review {id: $review_id})
       UNWIND $rows AS row
       MERGE (p:Person {id: row.person_id}) SET p.name = row.name
       MERGE (p)-[t:ON_TEAM]->(v)
       SET t.team_role = row.team_role, t.job_title = row.job_title, t.ordinal = row.ordinal""",
    writes=True,
)
MERGE_EMPLOYERS = _query(
    "merge_employers",
    """UNWIND $rows AS row
       MATCH (p:Person {id: row.person_id})
       MERGE (o:Organisation {id: row.organisation_id})
       SET o.name = row.organisation, o.council_id = row.council_id
       MERGE (p)-[:WORKS_FOR]->(o)""",
    writes=True,
)
