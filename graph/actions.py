"""Action items councils record against recommendations, with their status history.

The current status is the latest entry in an append-only history of `StatusUpdate` nodes;
an action is overdue when its due date has passed and it is not complete, and it has slipped
when its due date has moved later than first planned.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from graph import queries as q
from graph.read_models import ActionOut, Page, StatusUpdateOut
from graph.store import GraphStore, Row, Tx
from importers.plan_model import PlanStatus
from peergraph.core.errors import BadRequestError, ConflictError, NotFoundError

DONE = {PlanStatus.COMPLETE.value}
STATUSES = {status.value for status in PlanStatus}


def is_overdue(due_date: str | None, status: str | None, today: date) -> bool:
    return bool(due_date) and status not in DONE and str(due_date) < today.isoformat()


def has_slipped(due_date: str | None, first_due_date: str | None) -> bool:
    return bool(due_date and first_due_date) and str(due_date) > str(first_due_date)


def action_out(row: Row, today: date | None = None) -> ActionOut:
    today = today or date.today()
    history = sorted(
        (StatusUpdateOut(**entry) for entry in row.get("history") or [] if entry.get("seq") is not None),
        key=lambda update: update.seq,
    )
    return ActionOut(
        id=row["id"],
        council_id=row["council_id"],
        ref=row.get("ref"),
        text=row.get("text"),
        recommendation_text=row.get("recommendation_text"),
        owner_text=row.get("owner_text"),
        owners=sorted(row.get("owners") or []),
        due_date=row.get("due_date"),
        due_text=row.get("due_text"),
        status=row.get("status"),
        rag=row.get("rag"),
        progress=row.get("progress"),
        overdue=is_overdue(row.get("due_date"), row.get("status"), today),
        slipped=has_slipped(row.get("due_date"), row.get("first_due_date")),
        version=row.get("version") or 0,
        recommendation_id=row.get("recommendation_id"),
        link_method=row.get("link_method"),
        link_score=row.get("link_score"),
        extra=json.loads(row["extra"]) if row.get("extra") else {},
        history=history,
    )


def actions_for_recommendation(store: GraphStore, recommendation_id: str) -> list[ActionOut]:
    return [action_out(row) for row in store.read(q.ACTIONS_FOR_RECOMMENDATION, {"id": recommendation_id})]


def action(store: GraphStore, action_key: str, today: date | None = None) -> ActionOut:
    rows = store.read(q.ACTION_BY_ID, {"id": action_key})
    if not rows:
        raise NotFoundError(f"no action with id {action_key!r}")
    return action_out(rows[0], today)


def council_actions(store: GraphStore, council_id: str, today: date | None = None) -> list[ActionOut]:
    return [action_out(row, today) for row in store.read(q.COUNCIL_ACTIONS, {"council_id": council_id})]


def actions_page(
    store: GraphStore,
    *,
    council: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    overdue: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
    today: date | None = None,
) -> Page[ActionOut]:
    """Actions, filtered; `overdue=True` keeps those past due and not complete, `False` the rest."""
    from graph.reads import decode_cursor, encode_cursor

    today = today or date.today()
    (after,) = decode_cursor(cursor, [""])
    params = {"after": after, "council": council, "status": status, "owner": owner, "limit": limit}
    items: list[ActionOut] = []
    while True:
        rows = store.read(q.ACTIONS_PAGE, {**params, "due_before": today.isoformat() if overdue else None})
        batch = [action_out(row, today) for row in rows]
        items += [item for item in batch if overdue is None or item.overdue == overdue]
        if len(rows) < limit or len(items) >= limit:
            break
        params["after"] = rows[-1]["id"]
    items = items[:limit]
    return Page(items=items, next_cursor=encode_cursor(items[-1].id) if len(items) == limit else None)


def change_action(
    store: GraphStore,
    action_key: str,
    version: int,
    *,
    status: str | None = None,
    note: str | None = None,
    due_date: date | None = None,
    by: str,
    now: datetime | None = None,
) -> ActionOut:
    """Record a change as a new history entry, if `version` is still current; else 409, nothing written."""
    current = action(store, action_key)
    if current.version != version:
        raise ConflictError(
            f"version {version} is stale: the action is at version {current.version}; reload it"
        )
    if status is not None and status not in STATUSES:
        raise BadRequestError(f"status: expected one of {', '.join(sorted(STATUSES))}")
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    new_status = status if status is not None else current.status
    new_due = due_date.isoformat() if due_date else current.due_date
    # The plan's own words for the old date ("Q4 2026/27") would be stale beside the new one;
    # the old date stays in the history.
    new_due_text = current.due_text if new_due == current.due_date else None
    new_progress = note if note is not None else current.progress

    def work(tx: Tx) -> None:
        changed = tx.run(
            q.CHANGE_ACTION,
            {
                "id": action_key,
                "version": version,
                "status": new_status,
                "due_date": new_due,
                "due_text": new_due_text,
                "progress": new_progress,
                "at": at,
            },
        )
        if not changed:  # another change landed between our read and this write
            raise ConflictError(f"version {version} is stale: the action changed meanwhile; reload it")
        tx.run(
            q.APPEND_STATUS_UPDATES,
            {
                "rows": [
                    {
                        "action_id": action_key,
                        "at": at,
                        "status": new_status,
                        "due_date": new_due,
                        "note": note,
                        "by": by,
                        "source": "edit",
                    }
                ]
            },
        )

    store.write(work)
    return action(store, action_key)


def link_action(store: GraphStore, action_key: str, recommendation_id: str) -> ActionOut:
    """Link an action to a recommendation of its own council by hand; later imports keep the link."""
    current = action(store, action_key)
    rows = store.read(q.RECOMMENDATION_BY_ID, {"id": recommendation_id})
    if not rows:
        raise NotFoundError(f"no recommendation with id {recommendation_id!r}")
    if rows[0]["council_id"] != current.council_id:
        raise BadRequestError(f"recommendation {recommendation_id} belongs to another council's review")

    def work(tx: Tx) -> None:
        tx.run(q.DELETE_ACTION_LINKS, {"ids": [action_key]})
        tx.run(
            q.LINK_ACTIONS,
            {
                "rows": [
                    {
                        "id": action_key,
                        "recommendation_id": recommendation_id,
                        "method": "manual",
                        "score": 1.0,
                    }
                ]
            },
        )

    store.write(work)
    return action(store, action_key)
