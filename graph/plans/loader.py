"""Load a council's action plan into the graph: actions linked to recommendations, history appended.

One plan file is one transaction. An action keeps its id across files (the spreadsheet's
`peergraph row key` when it has one, else its council, ref and text), so importing the same plan
twice changes nothing, and importing a later version appends a `StatusUpdate` for every action
whose status, due date or progress moved: the history is never overwritten. Actions missing
from a later file are kept. A link made by a person (`manual`) is never replaced by a guess.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.reports.ids import normalised, owner_id, short_hash, slug
from graph.store import GraphStore, Row, Tx
from graph.store import queries as q
from importers.owners import owner_kind
from importers.plan_linking import RecommendationRef, link_actions
from importers.plan_model import ActionPlan, PlanAction
from peergraph.core.errors import NotFoundError

ROW_KEY = "peergraph row key"
LINK_KEY = "peergraph link key"
_COMPARED = ("status", "due_date", "progress", "rag", "owner_text", "text", "recommendation_text")


@dataclass(frozen=True)
class UnlinkedAction:
    action_id: str
    ref: str | None
    text: str
    candidates: list[tuple[str, float]]


@dataclass
class PlanImportResult:
    council_id: str
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    unlinked: list[UnlinkedAction] = field(default_factory=list)
    skipped_rows: int = 0


def action_id(council_id: str, action: PlanAction, occurrence: int = 0) -> str:
    key = normalised(f"{action.ref or ''}|{action.action_text or action.recommendation_text}")
    return f"{council_id}-act-{short_hash(key)}" + (f"-{occurrence}" if occurrence else "")


def _owner_rows(action_key: str, action: PlanAction) -> list[dict[str, Any]]:
    owners = [(owner_id(role), role, owner_kind(role)) for role in action.owner_roles]
    owners += [(f"owner-person-{slug(person)}", person, "person") for person in action.owner_people]
    return [
        {"id": action_key, "owner_id": oid, "name": name, "kind": kind}
        for oid, name, kind in dict.fromkeys(owners)
    ]


def recommendation_refs(store: GraphStore, council_id: str) -> list[RecommendationRef]:
    """The recommendations of the council's latest review, which its plan answers."""
    rows = store.read(q.COUNCIL_RECOMMENDATION_REFS, {"council_id": council_id})
    latest = rows[0]["review_id"] if rows else None
    return [
        RecommendationRef(id=r["id"], ordinal=r["ordinal"], text=r["text"], source=r["source"])
        for r in rows
        if r["review_id"] == latest
    ]


def _action_row(key: str, action: PlanAction, plan_id: str, at: str) -> dict[str, Any]:
    extra = {k: v for k, v in action.extra.items() if k not in (ROW_KEY, LINK_KEY)}
    return {
        "id": key,
        "plan_id": plan_id,
        "ref": action.ref,
        "recommendation_text": action.recommendation_text or None,
        "text": action.action_text or None,
        "owner_text": action.owner_text,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "due_text": action.due_text,
        "status": action.status.value if action.status else None,
        "rag": action.rag.value if action.rag else None,
        "progress": action.progress,
        "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
        "at": at,
    }


def import_plan(
    store: GraphStore, plan: ActionPlan, council_id: str, by: str | None = None, now: datetime | None = None
) -> PlanImportResult:
    """Load `plan` as `council_id`'s action plan in one transaction; see the module docstring."""
    if not store.read(q.COUNCIL_BY_ID, {"id": council_id}):
        raise NotFoundError(f"--council: no council with id {council_id!r}")
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    plan_id = f"{council_id}-plan-{plan.source_sha256[:12]}"
    existing = {row["id"]: row for row in store.read(q.EXISTING_ACTIONS, {"council_id": council_id})}
    recommendations = recommendation_refs(store, council_id)
    known_recommendations = {r.id for r in recommendations}
    guesses = link_actions(plan.actions, recommendations)

    result = PlanImportResult(council_id, plan.source, skipped_rows=len(plan.skipped_rows))
    seen: Counter[str] = Counter()
    creates, updates, history, links, owners = [], [], [], [], []
    keys: list[str] = []
    for index, action in enumerate(plan.actions):
        key = action.extra.get(ROW_KEY, "").strip()
        if key not in existing or not key.startswith(f"{council_id}-act-"):
            base = action_id(council_id, action)
            key = action_id(council_id, action, seen[base])
            seen[base] += 1
        keys.append(key)
        row = _action_row(key, action, plan_id, at)
        before = existing.get(key)
        if before is None:
            creates.append(row)
        elif any(before.get(name) != row[name] for name in _COMPARED):
            updates.append(row)
        else:
            result.unchanged += 1
        if before is None or any(
            before.get(name) != row[name] for name in ("status", "due_date", "progress")
        ):
            history.append(
                {
                    "action_id": key,
                    "at": at,
                    "status": row["status"],
                    "due_date": row["due_date"],
                    "note": row["progress"],
                    "by": by or f"plan {plan.source}",
                    "source": "import",
                }
            )
        owners += _owner_rows(key, action)
        if before is not None and before.get("link_method") == "manual":
            result.linked += 1
            continue
        explicit = action.extra.get(LINK_KEY, "").strip()
        guess = guesses[index]
        if explicit in known_recommendations:
            links.append({"id": key, "recommendation_id": explicit, "method": "reference", "score": 1.0})
        elif guess.recommendation_id:
            links.append(
                {
                    "id": key,
                    "recommendation_id": guess.recommendation_id,
                    "method": guess.method,
                    "score": guess.score,
                }
            )
        else:
            text = action.action_text or action.recommendation_text
            result.unlinked.append(UnlinkedAction(key, action.ref, text, guess.candidates))
            links.append({"id": key, "recommendation_id": None, "method": None, "score": None})
        result.linked += 1 if links[-1]["recommendation_id"] else 0
    result.created, result.updated = len(creates), len(updates)

    relinked = [link["id"] for link in links]

    def work(tx: Tx) -> None:
        if creates:
            tx.run(q.CREATE_ACTIONS, {"council_id": council_id, "rows": creates})
        if updates:
            tx.run(q.UPDATE_ACTIONS, {"rows": updates})
        if history:
            tx.run(q.APPEND_STATUS_UPDATES, {"rows": history})
        if relinked:
            tx.run(q.DELETE_ACTION_LINKS, {"ids": relinked})
            tx.run(q.LINK_ACTIONS, {"rows": [link for link in links if link["recommendation_id"]]})
            unlinked_rows = [link for link in links if not link["recommendation_id"]]
            if unlinked_rows:
                tx.run(q.CLEAR_ACTION_LINK_METHOD, {"ids": [link["id"] for link in unlinked_rows]})
        tx.run(q.DELETE_ACTION_OWNERS, {"ids": keys})
        if owners:
            tx.run(q.ASSIGN_ACTION_OWNERS, {"rows": owners})

    store.write(work)
    return result


def existing_action(store: GraphStore, action_key: str) -> Row:
    rows = store.read(q.ACTION_BY_ID, {"id": action_key})
    if not rows:
        raise NotFoundError(f"no action with id {action_key!r}")
    return rows[0]
