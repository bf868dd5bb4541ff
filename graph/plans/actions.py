"""Changes to action items: a status, due date or note edit (with optimistic locking), and a link by hand.

Every change appends a `StatusUpdate`; nothing in an action's history is overwritten.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph.reads.actions import STATUSES, action
from graph.reads.models import ActionOut
from graph.store import GraphStore, Tx
from graph.store import queries as q
from peergraph.core.errors import BadRequestError, ConflictError, NotFoundError


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
    new_progress = note if note is not None else current.progress

    def work(tx: Tx) -> None:
        changed = tx.run(
            q.CHANGE_ACTION,
            {
                "id": action_key,
                "version": version,
                "status": new_status,
                "due_date": new_due,
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
