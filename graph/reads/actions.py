"""Reads of the action items councils record against recommendations, with their status history.

The current status is the latest entry in an append-only history of `StatusUpdate` nodes;
an action is overdue when its due date has passed and it is not complete, and it has slipped
when its due date has moved later than first planned.
"""

from __future__ import annotations

import json
import re
from datetime import date

from graph.reads.aggregates import COUNCILS_KEPT, kept_where_versioned
from graph.reads.models import ActionOut, Page, StatusUpdateOut
from graph.reads.paging import MAX_PAGE, decode_cursor, encode_cursor
from graph.store import GraphStore, Row
from graph.store import queries as q
from importers.plan_model import PlanStatus
from peergraph.core.errors import BadRequestError, NotFoundError

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


@kept_where_versioned("council_actions", keep=COUNCILS_KEPT, by_day=True)
def council_actions(store: GraphStore, council_id: str, today: date | None = None) -> list[ActionOut]:
    """A council's actions, kept like its council page until the data changes, for the day."""
    return [action_out(row, today) for row in store.read(q.COUNCIL_ACTIONS, {"council_id": council_id})]


def action_statuses(store: GraphStore, council_ids: list[str], today: date) -> list[Row]:
    """The actions of `council_ids`, one row per recommendation each implements: council_id,
    recommendation_id, status, overdue. What `council_actions` says of them, in one query."""
    rows = store.read(q.ACTION_STATUSES_OF_COUNCILS, {"council_ids": council_ids}) if council_ids else []
    return [
        {
            "council_id": row["council_id"],
            "recommendation_id": row["recommendation_id"],
            "status": row["status"],
            "overdue": is_overdue(row["due_date"], row["status"], today),
        }
        for row in rows
    ]


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


ACTION_SORTS = ("ref", "due")


def natural_key(text: str | None) -> tuple[tuple[int, object], ...]:
    """A reference split into text and numbers, so R2 sorts before R10 (and no ref sorts last)."""
    if not text:
        return ((2, ""),)
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", text) if part
    )


def sorted_actions(
    store: GraphStore,
    *,
    council: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    overdue: bool | None = None,
    sort: str = "ref",
    council_names: dict[str, str] | None = None,
    today: date | None = None,
) -> list[ActionOut]:
    """Every action the filters keep, by council then reference in natural order, or by due date.

    Sorting needs the whole list, so this reads every page; a tracker holds a few thousand at most.
    """
    if sort not in ACTION_SORTS:
        raise BadRequestError("sort: expected ref or due")
    found: list[ActionOut] = []
    cursor = None
    while True:
        page = actions_page(
            store,
            council=council,
            status=status,
            owner=owner,
            overdue=overdue,
            limit=MAX_PAGE,
            cursor=cursor,
            today=today,
        )
        found += page.items
        cursor = page.next_cursor
        if not cursor:
            break
    names = council_names or {}

    def by_ref(a: ActionOut) -> tuple[object, ...]:
        return (names.get(a.council_id, a.council_id), natural_key(a.ref), a.id)

    if sort == "due":
        return sorted(found, key=lambda a: (a.due_date is None, a.due_date or "", *by_ref(a)))
    return sorted(found, key=by_ref)
