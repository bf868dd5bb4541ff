"""Load a council's action plan into the graph: actions linked to recommendations, history appended.

One plan file is one transaction. An action keeps its id across files (the spreadsheet's
`peergraph row key` when it has one, else its council, ref and text), so importing the same plan
twice changes nothing, and importing a later version appends a `StatusUpdate` for every action
whose status, due date or progress moved: the history is never overwritten. Each update is
dated when the plan was true (its row's date of update, else the plan's as-of date: see
`importers.plan_as_of`), not when it was imported. Actions missing from a later file are kept.
A link made by a person (`manual`) is never replaced by a guess.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from graph.reports.ids import normalised, owner_id, short_hash, slug
from graph.store import GraphStore, Row, Tx
from graph.store import queries as q
from importers.owners import owner_kind
from importers.plan_linking import RecommendationRef, link_actions
from importers.plan_model import LINK_KEY, ROW_KEY, ActionPlan, CellProblem, PlanAction, SkippedRow
from peergraph.core.errors import NotFoundError

__all__ = ["LINK_KEY", "ROW_KEY", "PlanImportResult", "import_plan", "recommendation_refs"]

_COMPARED = (
    "status",
    "due_date",
    "due_text",
    "progress",
    "rag",
    "owner_text",
    "text",
    "recommendation_text",
    "ref",
    "extra",
)
# Columns peergraph's export computes from the store; read back from an export, they are not data.
EXPORT_ONLY_COLUMNS = ("Overdue", "Slipped")


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
    skipped: list[SkippedRow] = field(default_factory=list)
    cell_problems: list[CellProblem] = field(default_factory=list)
    as_of: str = ""
    as_of_source: str = ""
    as_of_detail: str = ""

    @property
    def skipped_rows(self) -> int:
        return len(self.skipped)


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
        RecommendationRef(
            id=r["id"], ordinal=r["ordinal"], text=r["text"], source=r["source"], firm=r["firm"]
        )
        for r in rows
        if r["review_id"] == latest
    ]


def stamp(moment: date | datetime) -> str:
    """A history time as stored: a day as YYYY-MM-DD, a moment in ISO 8601 to the second."""
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def _plan_extra(action: PlanAction) -> dict[str, str]:
    """The action's unknown columns worth keeping: not peergraph's keys, nor an export's own columns."""
    computed = EXPORT_ONLY_COLUMNS if ROW_KEY in action.extra else ()
    return {k: v for k, v in action.extra.items() if k not in (ROW_KEY, LINK_KEY, *computed)}


def _action_row(key: str, action: PlanAction, plan_id: str, at: str) -> dict[str, Any]:
    extra = _plan_extra(action)
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
    at = stamp(now or datetime.now(UTC))
    plan_at = stamp(plan.as_of) if plan.as_of is not None else at
    plan_id = f"{council_id}-plan-{plan.source_sha256[:12]}"
    existing = {row["id"]: row for row in store.read(q.EXISTING_ACTIONS, {"council_id": council_id})}
    recommendations = recommendation_refs(store, council_id)
    known_recommendations = {r.id for r in recommendations}
    guesses = link_actions(plan.actions, recommendations)

    result = PlanImportResult(
        council_id,
        plan.source,
        skipped=list(plan.skipped_rows),
        cell_problems=list(plan.cell_problems),
        as_of=plan_at,
        as_of_source=plan.as_of_source or "import",
        as_of_detail=plan.as_of_detail or "the time of import",
    )
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
            own_date = action.updated_on if plan.as_of_source != "given" else None
            history.append(
                {
                    "action_id": key,
                    "at": stamp(own_date) if own_date else plan_at,
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
        _batched(tx, q.CREATE_ACTIONS, "rows", creates, council_id=council_id)
        _batched(tx, q.UPDATE_ACTIONS, "rows", updates)
        _batched(tx, q.APPEND_STATUS_UPDATES, "rows", history)
        _batched(tx, q.DELETE_ACTION_LINKS, "ids", relinked)
        _batched(tx, q.LINK_ACTIONS, "rows", [link for link in links if link["recommendation_id"]])
        unlinked = [link["id"] for link in links if not link["recommendation_id"]]
        _batched(tx, q.CLEAR_ACTION_LINK_METHOD, "ids", unlinked)
        _batched(tx, q.DELETE_ACTION_OWNERS, "ids", keys)
        _batched(tx, q.ASSIGN_ACTION_OWNERS, "rows", owners)

    store.write(work)
    return result


# Rows per query. The embedded store holds a query's parameters whole while it runs: one query of
# 20,000 plan rows took 370 MB more than 20 of 1,000 rows, and ran slower (benchmarks/plans.py).
_BATCH = 1_000


def _batched(tx: Tx, query: q.Query, name: str, items: list[Any], **params: Any) -> None:
    """Run `query` over `items` (its UNWIND parameter `name`) in batches, inside the one transaction."""
    for start in range(0, len(items), _BATCH):
        tx.run(query, {**params, name: items[start : start + _BATCH]})


def existing_action(store: GraphStore, action_key: str) -> Row:
    rows = store.read(q.ACTION_BY_ID, {"id": action_key})
    if not rows:
        raise NotFoundError(f"no action with id {action_key!r}")
    return rows[0]
