"""Councils' action items: reads, the plan loader's writes, and edits with optimistic locking."""

from __future__ import annotations

from graph.store.queries.registry import _query

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
# What a brief's progress counts, for all its councils in one query: one row per action and
# recommendation it implements (as COUNCIL_ACTIONS gives them), without the detail.
ACTION_STATUSES_OF_COUNCILS = _query(
    "action_statuses_of_councils",
    """MATCH (a:ActionItem)-[:PLAN_OF]->(c:Council)
       WHERE c.id IN $council_ids
       OPTIONAL MATCH (a)-[:IMPLEMENTS]->(r:Recommendation)
       RETURN c.id AS council_id, a.id AS id, a.status AS status, a.due_date AS due_date,
              r.id AS recommendation_id""",
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
       RETURN r.id AS id, r.ordinal AS ordinal, r.text AS text, r.source AS source, r.firm AS firm,
              v.id AS review_id, v.report_date AS report_date
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
