"""Reads: counts, reviews, councils, findings, recommendations, owners, search."""

from __future__ import annotations

from graph.store.model import FindingNode, RecommendationNode, ReviewNode, columns
from graph.store.queries.registry import NEO4J, _query

_FINDING = columns("x", FindingNode, skip=("review_id",))
_FINDING_F = columns("f", FindingNode)
_RECOMMENDATION = columns("x", RecommendationNode, skip=("review_id",))
_RECOMMENDATION_R = columns("r", RecommendationNode)
_RECOMMENDATION_RV = columns("r", RecommendationNode, skip=("review_id",))
_REVIEW_DETAIL = columns("v", ReviewNode, skip=("kind", "source_sha256", "format", "text"))

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
    f"""MATCH (v:Review {{id: $review_id}})-[:FOUND]->(f:Finding)
       OPTIONAL MATCH (f)-[:INSTANCE_OF]->(p:Pattern)
       WITH f, collect(p.id) AS patterns
       RETURN {_FINDING_F}, patterns
       ORDER BY ordinal""",
)
REVIEW_RECOMMENDATIONS = _query(
    "review_recommendations",
    f"""MATCH (v:Review {{id: $review_id}})-[:RECOMMENDS]->(r:Recommendation)
       OPTIONAL MATCH (r)-[:ASSIGNED_TO]->(o:Owner)
       WITH r, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (r)-[:ADDRESSES]->(f:Finding)
       WITH r, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(r)
       WITH r, owners, findings, collect(a.status) AS action_statuses
       OPTIONAL MATCH (r)-[:INSTANCE_OF]->(p:Pattern)
       RETURN {_RECOMMENDATION_R}, owners, findings, action_statuses, collect(p.id) AS patterns
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
# A council's recommendations, then each list they carry, in flat queries put together in Python
# (graph/reads/reviews.py): LadybugDB 0.22 took 15-22 ms at 500 reports for the one query that
# collected them, 8 for these five.
_COUNCIL_RECOMMENDATION = (
    "MATCH (c:Council {id: $id})<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(r:Recommendation)"
)
COUNCIL_RECOMMENDATIONS = _query(
    "council_recommendations",
    f"""{_COUNCIL_RECOMMENDATION}
       RETURN {_RECOMMENDATION_RV}, v.id AS review_id
       ORDER BY review_id, ordinal""",
)
COUNCIL_RECOMMENDATION_LISTS = {
    "owners": _query(
        "council_recommendation_owners",
        f"{_COUNCIL_RECOMMENDATION}-[:ASSIGNED_TO]->(o:Owner) RETURN DISTINCT r.id AS id, o.name AS value",
    ),
    "findings": _query(
        "council_recommendation_findings",
        f"{_COUNCIL_RECOMMENDATION}-[:ADDRESSES]->(f:Finding) RETURN DISTINCT r.id AS id, f.id AS value",
    ),
    "action_statuses": _query(  # one row an action: two with one status count twice
        "council_recommendation_action_statuses",
        f"""{_COUNCIL_RECOMMENDATION}<-[:IMPLEMENTS]-(a:ActionItem)
            WHERE a.status IS NOT NULL
            RETURN r.id AS id, a.status AS value""",  # as collect() skipped: a plan row may have no status
    ),
    "patterns": _query(
        "council_recommendation_patterns",
        f"{_COUNCIL_RECOMMENDATION}-[:INSTANCE_OF]->(p:Pattern) RETURN DISTINCT r.id AS id, p.id AS value",
    ),
}
# On Neo4j the same rows carry their lists in the one query: each flat query above costs a round trip
# (3-9 ms at 500 reports, 25 ms for the five against 7 for this one).
COUNCIL_RECOMMENDATIONS_WITH_LISTS = _query(
    "council_recommendations_with_lists",
    f"""{_COUNCIL_RECOMMENDATION}
       RETURN {_RECOMMENDATION_RV}, v.id AS review_id,
              COLLECT {{ MATCH (r)-[:ASSIGNED_TO]->(o:Owner) RETURN DISTINCT o.name }} AS owners,
              COLLECT {{ MATCH (r)-[:ADDRESSES]->(f:Finding) RETURN DISTINCT f.id }} AS findings,
              COLLECT {{ MATCH (r)<-[:IMPLEMENTS]-(a:ActionItem) WHERE a.status IS NOT NULL
                         RETURN a.status }} AS action_statuses,
              COLLECT {{ MATCH (r)-[:INSTANCE_OF]->(p:Pattern) RETURN DISTINCT p.id }} AS patterns
       ORDER BY review_id, ordinal""",
    only=NEO4J,
)
REVIEW_BY_ID = _query(
    "review_by_id",
    f"""MATCH (v:Review {{id: $id}})-[:REVIEW_OF]->(c:Council)
       RETURN {_REVIEW_DETAIL},
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
       OPTIONAL MATCH (x)-[:INSTANCE_OF]->(t:Pattern)
       WITH c, v, x, collect(t.id) AS patterns
       RETURN {_FINDING}, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, patterns
       ORDER BY review_id, ordinal LIMIT $limit""",
)
RECOMMENDATIONS_PAGE = _query(
    "recommendations_page",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation)
       WHERE (v.id > $after_review OR (v.id = $after_review AND x.ordinal > $after_ordinal))
       AND {_ITEM_FILTERS}
       AND ($source IS NULL OR x.source = $source)
       AND ($firm IS NULL OR x.firm = $firm)
       AND ($standing = false OR x.source = 'summary' OR x.firm = true)
       AND ($owner IS NULL OR EXISTS {{ MATCH (x)-[:ASSIGNED_TO]->(o:Owner) WHERE o.id = $owner OR o.name = $owner }})
       OPTIONAL MATCH (x)-[:ASSIGNED_TO]->(o:Owner)
       WITH c, v, x, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (x)-[:ADDRESSES]->(f:Finding)
       WITH c, v, x, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(x)
       WITH c, v, x, owners, findings, collect(a.status) AS action_statuses
       WHERE $status IS NULL OR ($status = 'none' AND size(action_statuses) = 0) OR $status IN action_statuses
       OPTIONAL MATCH (x)-[:INSTANCE_OF]->(t:Pattern)
       WITH c, v, x, owners, findings, action_statuses, collect(t.id) AS patterns
       RETURN {_RECOMMENDATION}, owners, findings, action_statuses, patterns,
              v.id AS review_id, v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal LIMIT $limit""",
)
# Pages in two steps: the keys of one page (cheap columns, filtered, sorted, limited), then the
# full rows of just those items. Sorting and collecting over every item before LIMIT cost
# 0.1-0.7 s at 500 reports; the two steps read only a page's rows.
FINDINGS_PAGE_KEYS = _query(
    "findings_page_keys",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)
       WHERE (v.id > $after_review OR (v.id = $after_review AND x.ordinal > $after_ordinal))
       AND {_ITEM_FILTERS}
       AND ($quality_statement IS NULL OR x.quality_statement = $quality_statement)
       AND ($polarity IS NULL OR x.polarity = $polarity)
       AND ($section IS NULL OR x.section = $section)
       AND ($pattern IS NULL OR EXISTS {{ MATCH (x)-[:INSTANCE_OF]->(p:Pattern) WHERE p.id = $pattern }})
       RETURN x.id AS id, v.id AS review_id, x.ordinal AS ordinal
       ORDER BY review_id, ordinal LIMIT $limit""",
)
# A page's findings by id start from the id, one primary-key lookup each, and reach their review and
# council by OPTIONAL MATCH, which LadybugDB follows from the finding. `MATCH (c)<-(v)->(x) WHERE x.id
# IN $ids` scanned every finding and joined: 70-220 ms for 1-200 of 47,400 findings, this 17-80 ms.
# The aggregating WITH keeps only findings with a council, as MATCH would. (Recommendations keep the
# scan: LadybugDB 0.22 cannot match again from a node that came through UNWIND and a WITH.)
FINDINGS_BY_IDS = _query(
    "findings_by_ids",
    f"""UNWIND $ids AS item_id
       MATCH (x:Finding {{id: item_id}})
       OPTIONAL MATCH (x)<-[:FOUND]-(v:Review)
       OPTIONAL MATCH (v)-[:REVIEW_OF]->(c:Council)
       OPTIONAL MATCH (x)-[:INSTANCE_OF]->(t:Pattern)
       WITH c, v, x, collect(t.id) AS patterns WHERE c IS NOT NULL
       RETURN {_FINDING}, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, patterns
       ORDER BY review_id, ordinal""",
)
RECOMMENDATIONS_PAGE_KEYS = _query(
    "recommendations_page_keys",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation)
       WHERE (v.id > $after_review OR (v.id = $after_review AND x.ordinal > $after_ordinal))
       AND {_ITEM_FILTERS}
       AND ($source IS NULL OR x.source = $source)
       AND ($firm IS NULL OR x.firm = $firm)
       AND ($standing = false OR x.source = 'summary' OR x.firm = true)
       AND ($owner IS NULL OR EXISTS {{ MATCH (x)-[:ASSIGNED_TO]->(o:Owner) WHERE o.id = $owner OR o.name = $owner }})
       RETURN x.id AS id, v.id AS review_id, x.ordinal AS ordinal
       ORDER BY review_id, ordinal LIMIT $limit""",
)
_OF_OWNER_FILTERS = f"""(v.id > $after_review OR (v.id = $after_review AND x.ordinal > $after_ordinal))
       AND {_ITEM_FILTERS}
       AND ($source IS NULL OR x.source = $source)
       AND ($firm IS NULL OR x.firm = $firm)
       AND ($standing = false OR x.source = 'summary' OR x.firm = true)
       RETURN DISTINCT x.id AS id, v.id AS review_id, x.ordinal AS ordinal
       ORDER BY review_id, ordinal LIMIT $limit"""
# With an owner, start from it: a few hundred of its recommendations, not a test on every one. On
# Neo4j each owner is sought by id: planned without the list's size (tools/neo4j, docker-compose.yml),
# `o.id IN $owner_ids` started from every review, 40-60 ms at 500 reports against 2-8 ms.
RECOMMENDATIONS_OF_OWNER_PAGE_KEYS = _query(
    "recommendations_of_owner_page_keys",
    f"""MATCH (o:Owner)<-[:ASSIGNED_TO]-(x:Recommendation)<-[:RECOMMENDS]-(v:Review)-[:REVIEW_OF]->(c:Council)
       WHERE o.id IN $owner_ids AND {_OF_OWNER_FILTERS}""",
    neo4j=f"""UNWIND $owner_ids AS owner_id
       MATCH (o:Owner {{id: owner_id}})<-[:ASSIGNED_TO]-(x:Recommendation)<-[:RECOMMENDS]-(v:Review)-[:REVIEW_OF]->(c:Council)
       WHERE {_OF_OWNER_FILTERS}""",
)
OWNER_IDS_NAMED = _query(
    "owner_ids_named",
    "MATCH (o:Owner) WHERE o.id = $owner OR o.name = $owner RETURN o.id AS id ORDER BY id",
)
# One item of each kind with a value for every filter, the first by id (the same on both backends):
# values that match something, so that a Neo4j warm-up runs each filter's plan over real rows
# (graph/reads/plans.py).
FINDING_FILTER_EXAMPLE = _query(
    "finding_filter_example",
    """MATCH (c:Council)<-[:REVIEW_OF]-(:Review)-[:FOUND]->(x:Finding)-[:INSTANCE_OF]->(p:Pattern)
       WHERE x.theme IS NOT NULL AND x.quality_statement IS NOT NULL AND x.polarity IS NOT NULL
       AND x.section IS NOT NULL AND c.region IS NOT NULL
       RETURN c.id AS council, c.region AS region, x.theme AS theme, x.quality_statement AS quality_statement,
              x.polarity AS polarity, x.section AS section, p.id AS pattern, x.text AS text
       ORDER BY x.id, pattern LIMIT 1""",
)
RECOMMENDATION_FILTER_EXAMPLE = _query(
    "recommendation_filter_example",
    """MATCH (c:Council)<-[:REVIEW_OF]-(:Review)-[:RECOMMENDS]->(x:Recommendation)-[:ASSIGNED_TO]->(o:Owner)
       WHERE x.theme IS NOT NULL AND x.source IS NOT NULL AND x.firm IS NOT NULL AND c.region IS NOT NULL
       RETURN c.id AS council, c.region AS region, x.theme AS theme, x.source AS source, x.firm AS firm,
              o.id AS owner_id, o.name AS owner, x.text AS text
       ORDER BY x.id, owner_id LIMIT 1""",
)
# What every recommendation row carries beyond its node, for the recommendations matched above.
_RECOMMENDATION_ROWS = f"""OPTIONAL MATCH (x)-[:ASSIGNED_TO]->(o:Owner)
       WITH c, v, x, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (x)-[:ADDRESSES]->(f:Finding)
       WITH c, v, x, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(x)
       WITH c, v, x, owners, findings, collect(a.status) AS action_statuses
       OPTIONAL MATCH (x)-[:INSTANCE_OF]->(t:Pattern)
       WITH c, v, x, owners, findings, action_statuses, collect(t.id) AS patterns
       RETURN {_RECOMMENDATION}, owners, findings, action_statuses, patterns,
              v.id AS review_id, v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal"""
# Each id's primary-key lookup, then every OPTIONAL MATCH before one aggregating WITH: LadybugDB 0.22
# fails on a match from a node carried through UNWIND and a WITH ("Cannot evaluate expression with
# type VARIABLE"), and `x.id IN $ids` scans every recommendation (50 ids at 500 reports: 25 ms, this
# 10 ms). The matches multiply, so each list is collected DISTINCT, an action as [id, status] so that
# two actions' equal statuses count twice. Not as nodes or maps: LadybugDB 0.22 then hands one group
# another group's actions.
_ACTION = "collect(DISTINCT CASE WHEN a.status IS NULL THEN NULL ELSE [a.id, a.status] END) AS actions"
_RECOMMENDATIONS_BY_IDS = """UNWIND $ids AS item_id
       MATCH (x:Recommendation {{id: item_id}})
       OPTIONAL MATCH (x)<-[:RECOMMENDS]-(v:Review)
       OPTIONAL MATCH (v)-[:REVIEW_OF]->(c:Council)
       OPTIONAL MATCH (x)-[:ASSIGNED_TO]->(o:Owner)
       OPTIONAL MATCH (x)-[:ADDRESSES]->(f:Finding)
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(x)
       OPTIONAL MATCH (x)-[:INSTANCE_OF]->(t:Pattern)
       WITH c, v, x, collect(DISTINCT o.name) AS owners, collect(DISTINCT f.id) AS findings,
            {actions}, collect(DISTINCT t.id) AS patterns
       WHERE c IS NOT NULL
       RETURN {columns}, owners, findings, {statuses} AS action_statuses, patterns,
              v.id AS review_id, v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal"""
RECOMMENDATIONS_BY_IDS = _query(
    "recommendations_by_ids",
    _RECOMMENDATIONS_BY_IDS.format(
        columns=_RECOMMENDATION, actions=_ACTION, statuses="list_transform(actions, a -> a[2])"
    ),
    neo4j=_RECOMMENDATIONS_BY_IDS.format(
        columns=_RECOMMENDATION, actions=_ACTION, statuses="[a IN actions | a[1]]"
    ),
)
# Every item of a region (or of all), of a CQC theme (or of any), in page order, in one query:
# what a brief reads. Paging through them instead repeats the scan and sort once per page.
FINDINGS_IN_REGION = _query(
    "findings_in_region",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)
       WHERE ($region IS NULL OR c.region = $region) AND ($theme IS NULL OR x.theme = $theme)
       RETURN {_FINDING}, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal""",
)
RECOMMENDATIONS_IN_REGION = _query(
    "recommendations_in_region",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation)
       WHERE ($region IS NULL OR c.region = $region) AND ($theme IS NULL OR x.theme = $theme)
       {_RECOMMENDATION_ROWS}""",
)
FINDINGS_OF_PATTERNS = _query(
    "findings_of_patterns",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)
       WHERE ($region IS NULL OR c.region = $region)
       AND EXISTS {{ MATCH (x)-[:INSTANCE_OF]->(p:Pattern) WHERE p.id IN $patterns }}
       RETURN {_FINDING}, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council
       ORDER BY review_id, ordinal""",
)
RECOMMENDATIONS_OF_PATTERNS = _query(
    "recommendations_of_patterns",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation)
       WHERE ($region IS NULL OR c.region = $region)
       AND EXISTS {{ MATCH (x)-[:INSTANCE_OF]->(p:Pattern) WHERE p.id IN $patterns }}
       {_RECOMMENDATION_ROWS}""",
)
FINDING_TEXTS = _query(
    "finding_texts",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)
       RETURN x.id AS id, v.id AS review_id, x.ordinal AS ordinal, x.text AS text""",
)
RECOMMENDATION_TEXTS = _query(
    "recommendation_texts",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation)
       RETURN x.id AS id, v.id AS review_id, x.ordinal AS ordinal, x.text AS text""",
)
# The recommendation texts of some reviews: what a brief checks finding quotes against.
RECOMMENDATION_TEXTS_OF_REVIEWS = _query(
    "recommendation_texts_of_reviews",
    """MATCH (v:Review)-[:RECOMMENDS]->(x:Recommendation)
       WHERE v.id IN $reviews
       RETURN v.id AS review_id, x.text AS text""",
)
RECOMMENDATION_BY_ID = _query(
    "recommendation_by_id",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:RECOMMENDS]->(x:Recommendation {{id: $id}})
       OPTIONAL MATCH (x)-[:ASSIGNED_TO]->(o:Owner)
       WITH c, v, x, collect(DISTINCT o.name) AS owners
       OPTIONAL MATCH (x)-[:ADDRESSES]->(f:Finding)
       WITH c, v, x, owners, collect(DISTINCT f.id) AS findings
       OPTIONAL MATCH (a:ActionItem)-[:IMPLEMENTS]->(x)
       RETURN {_RECOMMENDATION}, owners, findings,
              collect(a.status) AS action_statuses, v.id AS review_id, v.title AS title,
              v.report_date AS report_date, v.source AS review_source, v.imported_at AS imported_at,
              c.id AS council_id, c.name AS council, c.region AS region""",
)
RECOMMENDATION_FINDINGS = _query(
    "recommendation_findings",
    f"""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND]->(x:Finding)<-[:ADDRESSES]-(:Recommendation {{id: $id}})
       OPTIONAL MATCH (x)-[:INSTANCE_OF]->(t:Pattern)
       WITH c, v, x, collect(t.id) AS patterns
       RETURN {_FINDING}, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, patterns
       ORDER BY ordinal""",
)
# An owner's recommendations are the standing ones (the summary list's, and firm inline ones);
# hedged suggestions are counted apart, as the pages show them.
_OWNER_COUNTS = """OPTIONAL MATCH (o)<-[:ASSIGNED_TO]-(r:Recommendation)<-[:RECOMMENDS]-(:Review)-[:REVIEW_OF]->(c:Council)
       WITH o, r, c, (r.source = 'summary' OR r.firm = true) AS standing
       WITH o, count(DISTINCT CASE WHEN standing THEN r.id END) AS recommendations,
            count(DISTINCT CASE WHEN standing THEN c.id END) AS councils,
            count(DISTINCT CASE WHEN NOT standing THEN r.id END) AS suggestions"""
OWNERS_SUMMARY = _query(
    "owners_summary",
    f"""MATCH (o:Owner)
       {_OWNER_COUNTS}
       RETURN o.id AS id, o.name AS name, o.kind AS kind, recommendations, councils, suggestions
       ORDER BY recommendations DESC, name""",
)
RECOMMENDATION_OWNER_IDS = _query(
    "recommendation_owner_ids",
    "MATCH (:Recommendation {id: $id})-[:ASSIGNED_TO]->(o:Owner) RETURN DISTINCT o.id AS id",
)
SEARCHABLE_ITEMS = _query(
    "searchable_items",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       RETURN label(x) AS kind, x.id AS id, x.text AS text, x.section AS section, x.heading AS heading,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, c.region AS region,
              x.polarity AS polarity, x.theme AS theme""",
    neo4j="""MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       RETURN labels(x)[0] AS kind, x.id AS id, x.text AS text, x.section AS section, x.heading AS heading,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, c.region AS region,
              x.polarity AS polarity, x.theme AS theme""",
)
SEARCHABLE_ITEMS_BY_IDS = _query(
    "searchable_items_by_ids",
    """MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       WHERE x.id IN $ids
       RETURN label(x) AS kind, x.id AS id, x.text AS text, x.section AS section, x.heading AS heading,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, c.region AS region,
              x.polarity AS polarity, x.theme AS theme""",
    # From each id's index entry: without a label to look it up by, Neo4j walked every item (160 ms for
    # a page of a common word's hits at 500 reports, 6.5 ms this way; now for semantic search's rows). Each branch has its own variable, so
    # that the model check reads a finding's and a recommendation's properties apart.
    neo4j="""CALL () {
           MATCH (f:Finding) WHERE f.id IN $ids RETURN f AS x
           UNION
           MATCH (r:Recommendation) WHERE r.id IN $ids RETURN r AS x
       }
       MATCH (c:Council)<-[:REVIEW_OF]-(v:Review)-[:FOUND|RECOMMENDS]->(x)
       RETURN labels(x)[0] AS kind, x.id AS id, x.text AS text, x.section AS section, x.heading AS heading,
              x.span_start AS span_start, x.span_end AS span_end, v.id AS review_id,
              v.report_date AS report_date, c.id AS council_id, c.name AS council, c.region AS region,
              x.polarity AS polarity, x.theme AS theme""",
)
# Asked before every kept aggregate is read. On Neo4j each count stands alone in its subquery, so
# that it comes from the count store: after a WITH it scanned every finding (19 ms at 500 reports,
# 4 ms this way).
DATA_VERSION = _query(
    "data_version",
    """MATCH (v:Review)
       WITH count(v) AS reviews, max(v.imported_at) AS latest
       OPTIONAL MATCH (x:Finding)
       RETURN reviews, latest, count(x) AS findings""",
    neo4j="""CALL () { MATCH (v:Review) RETURN count(v) AS reviews, max(v.imported_at) AS latest }
       CALL () { MATCH (x:Finding) RETURN count(x) AS findings }
       RETURN reviews, latest, findings""",
)
# Neo4j's whole version in one round trip: the count of peergraph's writes (COUNT_WRITE), which sees
# every change made through peergraph, and DATA_VERSION's and TAG_VERSION's counts, which also see
# imports and tags written by other means.
NEO4J_VERSION = _query(
    "neo4j_version",
    """CALL () { OPTIONAL MATCH (m:Meta {key: 'schema_version'}) RETURN m.sequence AS sequence, m.writes AS writes }
       CALL () { MATCH (v:Review) RETURN count(v) AS reviews, max(v.imported_at) AS latest }
       CALL () { MATCH (x:Finding) RETURN count(x) AS findings }
       CALL () { MATCH (p:Pattern) RETURN count(p) AS patterns }
       CALL () { MATCH ()-[i:INSTANCE_OF]->() RETURN count(i) AS tags }
       RETURN sequence, writes, reviews, latest, findings, patterns, tags""",
    only=NEO4J,
)
