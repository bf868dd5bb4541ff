"""Every Cypher statement peergraph runs, by name, with a per-backend variant only where dialects differ.

Statements take parameters only: no user text is ever pasted into Cypher. The registry
`QUERIES` lets the contract tests check that every named query runs on every backend.

Nodes looked up by key go in separate MATCH clauses, never `MATCH (a {id: x}), (b {id: y})`:
LadybugDB plans the comma form as a scan of b's whole table (0.5 s a statement on a 500-report
store, against 5 ms for two MATCHes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

EMBEDDED, NEO4J = "embedded", "neo4j"


@dataclass(frozen=True)
class Query:
    name: str
    cypher: str
    variants: Mapping[str, str] = field(default_factory=dict)
    writes: bool = False
    only: str | None = None
    """The one backend this query exists for (e.g. Neo4j's full-text index), or None for both."""

    def for_backend(self, backend: str) -> str:
        if self.only is not None and backend != self.only:
            raise ValueError(f"query {self.name} runs on {self.only} only, not {backend}")
        return self.variants.get(backend, self.cypher)


QUERIES: dict[str, Query] = {}


def _query(
    name: str, cypher: str, *, writes: bool = False, only: str | None = None, **variants: str
) -> Query:
    assert name not in QUERIES, f"duplicate query name {name}"
    query = Query(
        name, " ".join(cypher.split()), {k: " ".join(v.split()) for k, v in variants.items()}, writes, only
    )
    QUERIES[name] = query
    return query


# --- schema version -------------------------------------------------------------------------

SCHEMA_VERSION_GET = _query(
    "schema_version_get", "MATCH (m:Meta {key: 'schema_version'}) RETURN m.value AS value"
)
SCHEMA_VERSION_SET = _query(
    "schema_version_set",
    "MERGE (m:Meta {key: 'schema_version'}) SET m.value = $value",
    writes=True,
)

# --- reference data -------------------------------------------------------------------------

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

# --- loading one review ---------------------------------------------------------------------

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
MERGE_REVIEW = _query(
    "merge_review",
    """MATCH (c:Council {id: $council_id})
       UNWIND $rows AS row
       MERGE (v:Review {id: row.id})
       SET v.kind = row.kind, v.title = row.title, v.report_date = row.report_date,
           v.onsite_start = row.onsite_start, v.onsite_end = row.onsite_end, v.source = row.source,
           v.source_sha256 = row.source_sha256, v.format = row.format,
           v.commissioned_by = row.commissioned_by, v.documents_read = row.documents_read,
           v.meetings = row.meetings, v.people_met = row.people_met,
           v.cases_audited = row.cases_audited, v.council_asks = row.council_asks,
           v.lga_contacts = row.lga_contacts, v.text = row.text, v.imported_at = row.imported_at
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
       SET f.review_id = $review_id, f.ordinal = row.ordinal, f.text = row.text,
           f.polarity = row.polarity, f.section = row.section, f.heading = row.heading,
           f.theme = row.theme, f.quality_statement = row.quality_statement,
           f.span_start = row.span_start, f.span_end = row.span_end
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
       SET r.review_id = $review_id, r.ordinal = row.ordinal, r.text = row.text, r.source = row.source,
           r.theme = row.theme, r.span_start = row.span_start, r.span_end = row.span_end
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

# --- reading --------------------------------------------------------------------------------

COUNT_BY_LABEL = _query(
    "count_by_label",
    "MATCH (n) RETURN label(n) AS label, count(*) AS count",
    neo4j="MATCH (n) RETURN labels(n)[0] AS label, count(*) AS count",
)
COUNT_BY_REL = _query(
    "count_by_rel",
    "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS count",
    neo4j="MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count",
)
REVIEWED_BY_REGION = _query(
    "reviewed_by_region",
    """MATCH (v:Review)-[:REVIEW_OF]->(c:Council)-[:IN_REGION]->(r:Region)
       OPTIONAL MATCH (v)-[:FOUND]->(f:Finding)
       RETURN r.name AS region, count(DISTINCT c) AS councils, count(DISTINCT v) AS reviews,
              count(f) AS findings
       ORDER BY region""",
)
REVIEWED_BY_COUNCIL = _query(
    "reviewed_by_council",
    """MATCH (v:Review)-[:REVIEW_OF]->(c:Council)
       OPTIONAL MATCH (v)-[:FOUND]->(f:Finding)
       WITH c, v, count(f) AS findings
       OPTIONAL MATCH (v)-[:RECOMMENDS]->(r:Recommendation)
       WITH c, v, findings, count(r) AS recommendations
       RETURN c.id AS id, c.name AS council, c.region AS region, count(v) AS reviews,
              sum(findings) AS findings, sum(recommendations) AS recommendations
       ORDER BY council""",
)
TOTALS = _query(
    "totals",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)
       WITH count(DISTINCT c) AS councils, count(DISTINCT c.region) AS regions, count(DISTINCT v) AS reviews
       OPTIONAL MATCH (f:Finding)
       WITH councils, regions, reviews, count(f) AS findings
       OPTIONAL MATCH (r:Recommendation)
       WITH councils, regions, reviews, findings, count(r) AS recommendations
       OPTIONAL MATCH (a:ActionItem)
       RETURN councils, regions, reviews, findings, recommendations, count(a) AS action_items""",
)
REVIEWS = _query(
    "reviews",
    """MATCH (v:Review)-[:REVIEW_OF]->(c:Council)
       RETURN v.id AS id, v.title AS title, v.report_date AS report_date, v.source AS source,
              v.imported_at AS imported_at, c.id AS council_id, c.name AS council, c.region AS region
       ORDER BY v.imported_at DESC, v.id DESC""",
)
REVIEW_FINDINGS = _query(
    "review_findings",
    """MATCH (v:Review {id: $review_id})-[:FOUND]->(f:Finding)
       RETURN f.id AS id, f.ordinal AS ordinal, f.text AS text, f.polarity AS polarity, f.section AS section,
              f.heading AS heading, f.theme AS theme, f.quality_statement AS quality_statement,
              f.span_start AS span_start, f.span_end AS span_end
       ORDER BY ordinal""",
)
REVIEW_RECOMMENDATIONS = _query(
    "review_recommendations",
    """MATCH (v:Review {id: $review_id})-[:RECOMMENDS]->(r:Recommendation)
       OPTIONAL MATCH (r)-[:ASSIGNED_TO]->(o:Owner)
       WITH r, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (r)-[:ADDRESSES]->(f:Finding)
       WITH r, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(r)
       RETURN r.id AS id, r.ordinal AS ordinal, r.text AS text, r.source AS source, r.theme AS theme,
              r.span_start AS span_start, r.span_end AS span_end, owners, findings,
              collect(a.status) AS action_statuses
       ORDER BY ordinal""",
)

# --- API reads ------------------------------------------------------------------------------
# Optional filters are written `($x IS NULL OR …)`; lists are paged by a cursor on the sort key.

REGIONS_SUMMARY = _query(
    "regions_summary",
    """MATCH (r:Region)
       OPTIONAL MATCH (r)<-[:IN_REGION]-(c:Council)<-[:REVIEW_OF]-(v:Review)
       OPTIONAL MATCH (v)-[:FOUND]->(f:Finding)
       RETURN r.code AS code, r.name AS name, count(DISTINCT c) AS councils, count(DISTINCT v) AS reviews,
              count(f) AS findings
       ORDER BY code""",
)
COUNCILS_PAGE = _query(
    "councils_page",
    """MATCH (c:Council)
       WHERE c.id > $after AND ($region IS NULL OR c.region = $region)
       OPTIONAL MATCH (c)<-[:REVIEW_OF]-(v:Review)
       WITH c, count(v) AS reviews
       WHERE reviews >= $min_reviews
       RETURN c.id AS id, c.name AS name, c.short_name AS short_name, c.type AS type, c.region AS region,
              reviews
       ORDER BY id LIMIT $limit""",
)
COUNCIL_BY_ID = _query(
    "council_by_id",
    """MATCH (c:Council {id: $id})
       OPTIONAL MATCH (c)<-[:REVIEW_OF]-(v:Review)
       RETURN c.id AS id, c.name AS name, c.short_name AS short_name, c.type AS type, c.region AS region,
              count(v) AS reviews""",
)
COUNCIL_REVIEWS = _query(
    "council_reviews",
    """MATCH (c:Council {id: $id})<-[:REVIEW_OF]-(v:Review)
       RETURN v.id AS id, v.title AS title, v.report_date AS report_date, v.source AS source,
              v.imported_at AS imported_at, c.id AS council_id, c.name AS council, c.region AS region
       ORDER BY report_date DESC""",
)
COUNCIL_THEME_COUNTS = _query(
    "council_theme_counts",
    """MATCH (c:Council {id: $id})<-[:REVIEW_OF]-(:Review)-[:FOUND]->(f:Finding)
       RETURN f.theme AS theme, f.polarity AS polarity, count(*) AS count
       ORDER BY theme, polarity""",
)
COUNCIL_RECOMMENDATIONS = _query(
    "council_recommendations",
    """MATCH (c:Council {id: $id})<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(r:Recommendation)
       OPTIONAL MATCH (r)-[:ASSIGNED_TO]->(o:Owner)
       WITH v, r, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (r)-[:ADDRESSES]->(f:Finding)
       WITH v, r, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(r)
       RETURN r.id AS id, r.ordinal AS ordinal, r.text AS text, r.source AS source, r.theme AS theme,
              r.span_start AS span_start, r.span_end AS span_end, owners, findings,
              collect(a.status) AS action_statuses, v.id AS review_id
       ORDER BY review_id, ordinal""",
)
REVIEW_BY_ID = _query(
    "review_by_id",
    """MATCH (v:Review {id: $id})-[:REVIEW_OF]->(c:Council)
       RETURN v.id AS id, v.title AS title, v.report_date AS report_date, v.source AS source,
              v.imported_at AS imported_at, v.onsite_start AS onsite_start, v.onsite_end AS onsite_end,
              v.commissioned_by AS commissioned_by, v.documents_read AS documents_read,
              v.meetings AS meetings, v.people_met AS people_met, v.cases_audited AS cases_audited,
              v.council_asks AS council_asks, v.lga_contacts AS lga_contacts,
              c.id AS council_id, c.name AS council, c.region AS region""",
)
PEER_LINKS = _query(
    "peer_links",
    """MATCH (p:Person)-[t:ON_TEAM]->(v:Review)-[:REVIEW_OF]->(c:Council)
       OPTIONAL MATCH (p)-[:WORKS_FOR]->(o:Organisation)
       OPTIONAL MATCH (h:Council) WHERE h.id = o.council_id
       RETURN p.id AS person_id, p.name AS name, t.team_role AS team_role, t.job_title AS job_title,
              v.id AS review_id, v.report_date AS report_date, c.id AS council_id, c.name AS council,
              c.short_name AS council_short_name, o.name AS organisation, h.id AS home_council_id,
              h.short_name AS home_council_short_name
       ORDER BY review_id, name""",
)
REVIEW_TEXT = _query("review_text", "MATCH (v:Review {id: $id}) RETURN v.text AS text")
REVIEW_TEAM = _query(
    "review_team",
    """MATCH (p:Person)-[t:ON_TEAM]->(v:Review {id: $id})
       OPTIONAL MATCH (p)-[:WORKS_FOR]->(o:Organisation)
       RETURN p.name AS name, t.team_role AS team_role, t.job_title AS job_title, o.name AS organisation,
              t.ordinal AS ordinal
       ORDER BY ordinal""",
)
_ITEM_FILTERS = """($council IS NULL OR c.id = $council)
       AND ($region IS NULL OR c.region = $region)
       AND ($theme IS NULL OR x.theme = $theme)
       AND ($q IS NULL OR toLower(x.text) CONTAINS toLower($q))"""
FINDINGS_PAGE = _query(
    "findings_page",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)
       WHERE (v.id > $after_review OR (v.id = $after_review AND x.ordinal > $after_ordinal))
       AND {_ITEM_FILTERS}
       AND ($quality_statement IS NULL OR x.quality_statement = $quality_statement)
       AND ($polarity IS NULL OR x.polarity = $polarity)
       AND ($section IS NULL OR x.section = $section)
       AND ($pattern IS NULL OR EXISTS {{ MATCH (x)-[:INSTANCE_OF]->(p:Pattern) WHERE p.id = $pattern }})
       RETURN x.id AS id, x.ordinal AS ordinal, x.text AS text, x.polarity AS polarity, x.section AS section,
              x.heading AS heading, x.theme AS theme, x.quality_statement AS quality_statement,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal LIMIT $limit""",
)
RECOMMENDATIONS_PAGE = _query(
    "recommendations_page",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation)
       WHERE (v.id > $after_review OR (v.id = $after_review AND x.ordinal > $after_ordinal))
       AND {_ITEM_FILTERS}
       AND ($source IS NULL OR x.source = $source)
       AND ($owner IS NULL OR EXISTS {{ MATCH (x)-[:ASSIGNED_TO]->(o:Owner) WHERE o.id = $owner OR o.name = $owner }})
       OPTIONAL MATCH (x)-[:ASSIGNED_TO]->(o:Owner)
       WITH c, v, x, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (x)-[:ADDRESSES]->(f:Finding)
       WITH c, v, x, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(x)
       WITH c, v, x, owners, findings, collect(a.status) AS action_statuses
       WHERE $status IS NULL OR ($status = 'none' AND size(action_statuses) = 0) OR $status IN action_statuses
       RETURN x.id AS id, x.ordinal AS ordinal, x.text AS text, x.source AS source, x.theme AS theme,
              x.span_start AS span_start, x.span_end AS span_end, owners, findings, action_statuses,
              v.id AS review_id, v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal LIMIT $limit""",
)
RECOMMENDATION_BY_ID = _query(
    "recommendation_by_id",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation {id: $id})
       OPTIONAL MATCH (x)-[:ASSIGNED_TO]->(o:Owner)
       WITH c, v, x, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (x)-[:ADDRESSES]->(f:Finding)
       WITH c, v, x, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(x)
       RETURN x.id AS id, x.ordinal AS ordinal, x.text AS text, x.source AS source, x.theme AS theme,
              x.span_start AS span_start, x.span_end AS span_end, owners, findings,
              collect(a.status) AS action_statuses, v.id AS review_id, v.title AS title,
              v.report_date AS report_date, v.source AS review_source, v.imported_at AS imported_at,
              c.id AS council_id, c.name AS council, c.region AS region""",
)
RECOMMENDATION_FINDINGS = _query(
    "recommendation_findings",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)<-[:ADDRESSES]-(:Recommendation {id: $id})
       RETURN x.id AS id, x.ordinal AS ordinal, x.text AS text, x.polarity AS polarity, x.section AS section,
              x.heading AS heading, x.theme AS theme, x.quality_statement AS quality_statement,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY ordinal""",
)
OWNERS_SUMMARY = _query(
    "owners_summary",
    """MATCH (o:Owner)
       OPTIONAL MATCH (o)<-[:ASSIGNED_TO]-(r:Recommendation)<-[:RECOMMENDS]-(:Review)-[:REVIEW_OF]->(c:Council)
       WITH o, count(DISTINCT r) AS recommendations, count(DISTINCT c) AS councils
       WHERE $id IS NULL OR o.id = $id
       RETURN o.id AS id, o.name AS name, o.kind AS kind, recommendations, councils
       ORDER BY recommendations DESC, name""",
)
RECOMMENDATION_OWNERS = _query(
    "recommendation_owners",
    """MATCH (:Recommendation {id: $id})-[:ASSIGNED_TO]->(o:Owner)
       OPTIONAL MATCH (o)<-[:ASSIGNED_TO]-(r:Recommendation)<-[:RECOMMENDS]-(:Review)-[:REVIEW_OF]->(c:Council)
       RETURN o.id AS id, o.name AS name, o.kind AS kind, count(DISTINCT r) AS recommendations,
              count(DISTINCT c) AS councils
       ORDER BY name""",
)
SEARCHABLE_ITEMS = _query(
    "searchable_items",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       RETURN label(x) AS kind, x.id AS id, x.text AS text, x.section AS section, x.heading AS heading,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council""",
    neo4j="""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       RETURN labels(x)[0] AS kind, x.id AS id, x.text AS text, x.section AS section, x.heading AS heading,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council""",
)
DATA_VERSION = _query(
    "data_version",
    """MATCH (v:Review)
       WITH count(v) AS reviews, max(v.imported_at) AS latest
       OPTIONAL MATCH (x:Finding)
       RETURN reviews, latest, count(x) AS findings""",
)
FULLTEXT_SEARCH = _query(
    "fulltext_search",
    """CALL db.index.fulltext.queryNodes('item_text', $lucene) YIELD node, score
       MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(node)
       RETURN labels(node)[0] AS kind, node.id AS id, node.text AS text, node.section AS section,
              node.heading AS heading, node.span_start AS span_start, node.span_end AS span_end,
              v.id AS review_id, v.report_date AS report_date, c.id AS council_id, c.name AS council, score
       ORDER BY score DESC LIMIT $limit""",
    only=NEO4J,
)

# --- action items ---------------------------------------------------------------------------

_ACTION_COLUMNS = """a.id AS id, a.council_id AS council_id, a.ref AS ref, a.text AS text,
       a.recommendation_text AS recommendation_text,
       a.owner_text AS owner_text, a.due_date AS due_date, a.due_text AS due_text,
       a.first_due_date AS first_due_date, a.status AS status, a.rag AS rag, a.progress AS progress,
       a.version AS version, a.link_method AS link_method, a.link_score AS link_score,
       a.updated_at AS updated_at, a.extra AS extra"""
_ACTION_DETAIL = f"""OPTIONAL MATCH (a)-[:IMPLEMENTS]->(r:Recommendation)
       WITH a, r
       OPTIONAL MATCH (a)-[:OWNED_BY]->(o:Owner)
       WITH a, r, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (a)-[:HAS_UPDATE]->(u:StatusUpdate)
       RETURN {_ACTION_COLUMNS}, r.id AS recommendation_id, owners,
              collect({{seq: u.seq, at: u.at, status: u.status, due_date: u.due_date, note: u.note, by: u.by}})
              AS history"""
ACTIONS_FOR_RECOMMENDATION = _query(
    "actions_for_recommendation",
    f"""MATCH (a:ActionItem)-[:IMPLEMENTS]->(:Recommendation {{id: $id}})
       {_ACTION_DETAIL}
       ORDER BY ref, id""",
)
ACTION_BY_ID = _query(
    "action_by_id",
    f"""MATCH (a:ActionItem {{id: $id}})
       {_ACTION_DETAIL}""",
)
COUNCIL_ACTIONS = _query(
    "council_actions",
    f"""MATCH (a:ActionItem)-[:PLAN_OF]->(:Council {{id: $council_id}})
       {_ACTION_DETAIL}
       ORDER BY ref, id""",
)
ACTIONS_PAGE = _query(
    "actions_page",
    f"""MATCH (a:ActionItem)-[:PLAN_OF]->(c:Council)
       WHERE a.id > $after
       AND ($council IS NULL OR c.id = $council)
       AND ($status IS NULL OR a.status = $status)
       AND ($owner IS NULL OR EXISTS {{ MATCH (a)-[:OWNED_BY]->(o:Owner) WHERE o.id = $owner OR o.name = $owner }})
       AND ($due_before IS NULL OR (a.due_date < $due_before AND coalesce(a.status, '') <> 'complete'))
       {_ACTION_DETAIL}
       ORDER BY id LIMIT $limit""",
)
EXISTING_ACTIONS = _query(
    "existing_actions",
    """MATCH (a:ActionItem)-[:PLAN_OF]->(:Council {id: $council_id})
       RETURN a.id AS id, a.status AS status, a.due_date AS due_date, a.progress AS progress, a.rag AS rag,
              a.owner_text AS owner_text, a.text AS text, a.recommendation_text AS recommendation_text,
              a.ref AS ref, a.due_text AS due_text, a.extra AS extra, a.version AS version,
              a.link_method AS link_method""",
)
COUNCIL_RECOMMENDATION_REFS = _query(
    "council_recommendation_refs",
    """MATCH (:Council {id: $council_id})<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(r:Recommendation)
       RETURN r.id AS id, r.ordinal AS ordinal, r.text AS text, r.source AS source, v.id AS review_id,
              v.report_date AS report_date
       ORDER BY report_date DESC, ordinal""",
)
CREATE_ACTIONS = _query(
    "create_actions",
    """MATCH (c:Council {id: $council_id})
       UNWIND $rows AS row
       CREATE (a:ActionItem {id: row.id, council_id: $council_id, plan_id: row.plan_id, ref: row.ref,
                             recommendation_text: row.recommendation_text, text: row.text,
                             owner_text: row.owner_text, due_date: row.due_date, due_text: row.due_text,
                             first_due_date: row.due_date, status: row.status, rag: row.rag,
                             progress: row.progress, extra: row.extra, updated_at: row.at, version: 1})
       CREATE (a)-[:PLAN_OF]->(c)""",
    writes=True,
)
UPDATE_ACTIONS = _query(
    "update_actions",
    """UNWIND $rows AS row
       MATCH (a:ActionItem {id: row.id})
       SET a.plan_id = row.plan_id, a.ref = row.ref, a.recommendation_text = row.recommendation_text,
           a.text = row.text, a.owner_text = row.owner_text, a.due_date = row.due_date,
           a.due_text = row.due_text, a.status = row.status, a.rag = row.rag, a.progress = row.progress,
           a.extra = row.extra, a.updated_at = row.at, a.version = a.version + 1""",
    writes=True,
)
APPEND_STATUS_UPDATES = _query(
    "append_status_updates",
    """UNWIND $rows AS row
       MATCH (a:ActionItem {id: row.action_id})
       OPTIONAL MATCH (a)-[:HAS_UPDATE]->(old:StatusUpdate)
       WITH a, row, count(old) AS previous
       CREATE (u:StatusUpdate {id: row.action_id + '-u' + CAST(previous + 1 AS STRING), action_id: row.action_id,
                               seq: previous + 1, at: row.at, status: row.status, due_date: row.due_date,
                               note: row.note, by: row.by, source: row.source})
       CREATE (a)-[:HAS_UPDATE]->(u)""",
    neo4j="""UNWIND $rows AS row
       MATCH (a:ActionItem {id: row.action_id})
       OPTIONAL MATCH (a)-[:HAS_UPDATE]->(old:StatusUpdate)
       WITH a, row, count(old) AS previous
       CREATE (u:StatusUpdate {id: row.action_id + '-u' + toString(previous + 1), action_id: row.action_id,
                               seq: previous + 1, at: row.at, status: row.status, due_date: row.due_date,
                               note: row.note, by: row.by, source: row.source})
       CREATE (a)-[:HAS_UPDATE]->(u)""",
    writes=True,
)
DELETE_ACTION_LINKS = _query(
    "delete_action_links",
    """UNWIND $ids AS action_id
       MATCH (a:ActionItem {id: action_id})-[old:IMPLEMENTS]->(:Recommendation)
       DELETE old""",
    writes=True,
)
LINK_ACTIONS = _query(
    "link_actions",
    """UNWIND $rows AS row
       MATCH (a:ActionItem {id: row.id})
       SET a.link_method = row.method, a.link_score = row.score
       WITH a, row
       MATCH (r:Recommendation {id: row.recommendation_id})
       CREATE (a)-[:IMPLEMENTS {method: row.method, score: row.score}]->(r)""",
    writes=True,
)
CLEAR_ACTION_LINK_METHOD = _query(
    "clear_action_link_method",
    "UNWIND $ids AS action_id MATCH (a:ActionItem {id: action_id}) SET a.link_method = NULL, a.link_score = NULL",
    writes=True,
)
DELETE_ACTION_OWNERS = _query(
    "delete_action_owners",
    """UNWIND $ids AS action_id
       MATCH (a:ActionItem {id: action_id})-[old:OWNED_BY]->(:Owner)
       DELETE old""",
    writes=True,
)
ASSIGN_ACTION_OWNERS = _query(
    "assign_action_owners",
    """UNWIND $rows AS row
       MATCH (a:ActionItem {id: row.id})
       MERGE (o:Owner {id: row.owner_id})
       ON CREATE SET o.name = row.name, o.kind = row.kind
       CREATE (a)-[:OWNED_BY]->(o)""",
    writes=True,
)
CHANGE_ACTION = _query(
    "change_action",
    """MATCH (a:ActionItem {id: $id})
       SET a.version = a.version
       WITH a
       WHERE a.version = $version
       SET a.status = $status, a.due_date = $due_date, a.due_text = $due_text, a.progress = $progress,
           a.updated_at = $at, a.version = a.version + 1
       RETURN a.version AS version""",
    writes=True,
)

# --- patterns -------------------------------------------------------------------------------

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

# --- API keys -------------------------------------------------------------------------------

CREATE_API_KEY = _query(
    "create_api_key",
    """CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, council_id: $council_id, label: $label,
                        created_at: $created_at})""",
    writes=True,
)
API_KEY_BY_ID = _query(
    "api_key_by_id",
    """MATCH (k:ApiKey {id: $id})
       RETURN k.id AS id, k.hash AS hash, k.role AS role, k.council_id AS council_id, k.label AS label,
              k.created_at AS created_at, k.revoked_at AS revoked_at""",
)
API_KEYS = _query(
    "api_keys",
    """MATCH (k:ApiKey)
       RETURN k.id AS id, k.role AS role, k.council_id AS council_id, k.label AS label,
              k.created_at AS created_at, k.revoked_at AS revoked_at
       ORDER BY created_at""",
)
REVOKE_API_KEY = _query(
    "revoke_api_key",
    "MATCH (k:ApiKey {id: $id}) WHERE k.revoked_at IS NULL SET k.revoked_at = $at RETURN k.id AS id",
    writes=True,
)

# --- export and restore ---------------------------------------------------------------------
# Labels and relationship types cannot be parameters in Cypher; export and restore build their
# statements from the fixed graph model in graph/model.py, never from input.


def export_nodes_cypher(label: str) -> str:
    return f"MATCH (n:{label}) RETURN properties(n) AS props"


def export_rels_cypher(rel: str, source: str, target: str, source_key: str, target_key: str) -> str:
    return (
        f"MATCH (a:{source})-[r:{rel}]->(b:{target}) "
        f"RETURN a.{source_key} AS source, b.{target_key} AS target, properties(r) AS props"
    )


def restore_nodes_cypher(label: str, key: str, properties: list[str]) -> str:
    sets = ", ".join(f"n.{name} = row.{name}" for name in properties if name != key)
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}})" + (f" SET {sets}" if sets else "")


def restore_rels_cypher(
    rel: str, source: str, target: str, source_key: str, target_key: str, properties: list[str]
) -> str:
    sets = ", ".join(f"r.{name} = row.props.{name}" for name in properties)
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{{source_key}: row.source}}), "
        f"(b:{target} {{{target_key}: row.target}}) MERGE (a)-[r:{rel}]->(b)"
        + (f" SET {sets}" if sets else "")
    )
