"""Action items councils record against recommendations, with their status history.

The current status is the latest entry in an append-only history of `StatusUpdate` nodes;
an action is overdue when its due date has passed and it is not complete, and it has slipped
when its due date has moved later than first planned.
"""

from __future__ import annotations

from datetime import date

from graph import queries as q
from graph.read_models import ActionOut, StatusUpdateOut
from graph.store import GraphStore, Row

DONE = {"complete"}


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
        history=history,
    )


def actions_for_recommendation(store: GraphStore, recommendation_id: str) -> list[ActionOut]:
    return [action_out(row) for row in store.read(q.ACTIONS_FOR_RECOMMENDATION, {"id": recommendation_id})]
