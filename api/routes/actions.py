"""Action plans: a council's actions, filtered lists, status changes with history, links, uploads."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.deps import AppSettings, Reader, Store, Writer
from api.problems import AUTH_RESPONSES, CONFLICT_RESPONSES, ERROR_RESPONSES
from api.routes.reference import Cursor, Limit
from api.routes.uploads import off_the_loop, read_upload
from graph.plans import actions as action_changes
from graph.plans.loader import import_plan
from graph.reads import actions as action_reads
from graph.reads.models import ActionOut, Page, StatusUpdateOut
from importers.action_plan import read_action_plan
from importers.plan_as_of import parse_as_of
from importers.plan_model import CellProblem, SkippedRow

router = APIRouter(tags=["actions"], responses=ERROR_RESPONSES)
ActionId = Annotated[str, Path(description="Action id", examples=["E06000027-act-9ba32a093074367a"])]
Status = Literal["not_started", "on_track", "at_risk", "slipped", "complete", "not_achieved"]


class ActionPlanOut(BaseModel):
    council_id: str
    actions: list[ActionOut]
    by_status: dict[str, int] = Field(description="Actions counted by current status")
    overdue: int
    slipped: int
    unlinked: list[str] = Field(description="Ids of actions not yet linked to a recommendation")


class ActionChange(BaseModel):
    version: int = Field(
        description="The version you read; a stale one gets 409 and changes nothing", examples=[1]
    )
    status: Status | None = Field(None, examples=["slipped"])
    note: str | None = Field(None, max_length=4000, examples=["Recruitment to the lead post delayed to May"])
    due_date: date | None = Field(None, examples=["2025-09-30"])


class LinkRequest(BaseModel):
    recommendation_id: str


class PlanImportOut(BaseModel):
    council_id: str
    source: str
    created: int
    updated: int
    unchanged: int
    linked: int
    unlinked: list[str]
    skipped_rows: int
    skipped: list[SkippedRow] = Field(description="Rows that are no action, each with why")
    cell_problems: list[CellProblem] = Field(description="Bad cells; each cost only its own value")
    as_of: str = Field(description="When the plan was true: the time of its updates", examples=["2025-06-30"])
    as_of_source: str = Field(description="given, sheet, column or file", examples=["sheet"])
    as_of_detail: str = Field(examples=["sheet 'Action plan' cell A2: As at 30 June 2025"])


def _council_of(store: Store, action_id: str) -> str:
    return action_reads.action(store, action_id).council_id


@router.get(
    "/councils/{council_id}/action-plan",
    summary="A council's actions, with status counts and what is overdue",
)
def council_action_plan(
    store: Store, _: Reader, council_id: Annotated[str, Path(examples=["E06000027"])]
) -> ActionPlanOut:
    from graph.reads import reviews as reads

    reads.council(store, council_id)  # 404 for an unknown council
    actions = action_reads.council_actions(store, council_id)
    return ActionPlanOut(
        council_id=council_id,
        actions=actions,
        by_status=dict(Counter(a.status or "none" for a in actions)),
        overdue=sum(a.overdue for a in actions),
        slipped=sum(a.slipped for a in actions),
        unlinked=[a.id for a in actions if not a.recommendation_id],
    )


@router.get("/actions", summary="Actions across councils, filtered")
def list_actions(
    store: Store,
    _: Reader,
    status: Status | None = None,
    overdue: Annotated[
        bool | None, Query(description="Past due and not complete (true) or not (false)")
    ] = None,
    owner: Annotated[str | None, Query(description="Owner id or name", examples=["DASS"])] = None,
    council: Annotated[str | None, Query(examples=["E06000027"])] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ActionOut]:
    return action_reads.actions_page(
        store, council=council, status=status, owner=owner, overdue=overdue, limit=limit, cursor=cursor
    )


@router.get("/actions/{action_id}", summary="One action, with its status history")
def get_action(store: Store, _: Reader, action_id: ActionId) -> ActionOut:
    return action_reads.action(store, action_id)


@router.get("/actions/{action_id}/history", summary="Every status change of an action, oldest first")
def action_history(store: Store, _: Reader, action_id: ActionId) -> list[StatusUpdateOut]:
    return action_reads.action(store, action_id).history


@router.patch(
    "/actions/{action_id}",
    summary="Change an action's status, note or due date (council editor of its council)",
    responses={**AUTH_RESPONSES, **CONFLICT_RESPONSES},
)
def change_action(store: Store, principal: Writer, action_id: ActionId, change: ActionChange) -> ActionOut:
    principal.require_council(_council_of(store, action_id))
    return action_changes.change_action(
        store,
        action_id,
        change.version,
        status=change.status,
        note=change.note,
        due_date=change.due_date,
        by=principal.actor,
    )


@router.post(
    "/actions/{action_id}/link",
    summary="Link an action to the recommendation it implements (council editor of its council)",
    responses=AUTH_RESPONSES,
)
def link_action(store: Store, principal: Writer, action_id: ActionId, body: LinkRequest) -> ActionOut:
    principal.require_council(_council_of(store, action_id))
    return action_changes.link_action(store, action_id, body.recommendation_id)


@router.post(
    "/councils/{council_id}/action-plan",
    status_code=201,
    summary="Upload the council's action plan (.xlsx or .csv); a council editor may upload its own only",
    responses={**AUTH_RESPONSES, 413: {"description": "The file is over the size limit"}},
)
async def upload_action_plan(
    store: Store,
    settings: AppSettings,
    principal: Writer,
    council_id: Annotated[str, Path(examples=["E06000027"])],
    file: Annotated[UploadFile, File(description="The action plan spreadsheet")],
    as_of: Annotated[
        str | None,
        Form(
            description="When the plan was true (YYYY-MM-DD). Default: the sheet's own date, else the upload time",
            examples=["2025-06-30"],
        ),
    ] = None,
) -> PlanImportOut:
    principal.require_council(council_id)
    from graph.reads import reviews as reads

    reads.council(store, council_id)  # 404 for an unknown council, before reading the file
    given = parse_as_of(as_of, "as_of") if as_of else None
    with tempfile.TemporaryDirectory(prefix="peergraph-plan-") as folder:
        path = await read_upload(file, settings, folder)
        plan = await off_the_loop(settings, path, read_action_plan, path, settings.max_file_bytes, given)
    if plan.as_of_source == "file":  # the saved upload's modified time is the moment it arrived
        plan.as_of_detail = "the time of upload (the plan gives no date)"
    result = await run_in_threadpool(import_plan, store, plan, council_id, principal.actor)
    return PlanImportOut(
        council_id=result.council_id,
        source=result.source,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        linked=result.linked,
        unlinked=[item.action_id for item in result.unlinked],
        skipped_rows=result.skipped_rows,
        skipped=result.skipped,
        cell_problems=result.cell_problems,
        as_of=result.as_of,
        as_of_source=result.as_of_source,
        as_of_detail=result.as_of_detail,
    )
