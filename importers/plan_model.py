"""The parsed action plan: a council's answer to a peer challenge, one typed row per action.

What `read_action_plan` returns and what the graph loader and the linker read. Every action keeps
the text it was parsed from (`due_text`, `status_text`, `owner_text`) beside the typed value, and
every column the reader does not know goes to `extra`, so nothing in the spreadsheet is lost.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field


class PlanStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    SLIPPED = "slipped"
    COMPLETE = "complete"
    NOT_ACHIEVED = "not_achieved"


STATUS_LABELS: dict[str, str] = {
    PlanStatus.NOT_STARTED: "Not started",
    PlanStatus.ON_TRACK: "On track",
    PlanStatus.AT_RISK: "At risk",
    PlanStatus.SLIPPED: "Slipped",
    PlanStatus.COMPLETE: "Complete",
    PlanStatus.NOT_ACHIEVED: "Not achieved",
}
"""How people write each status: in spreadsheets, pages and briefs."""


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"


class DuePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PlanAction(BaseModel):
    sheet: str
    row: int = Field(ge=1, description="1-based spreadsheet row (CSV: line of the record)")
    ref: str | None = Field(None, description='As printed: "R3", "3", "2.1"')
    recommendation_text: str = ""
    action_text: str = ""
    owner_text: str | None = Field(None, description="The owner cell as printed")
    owner_roles: list[str] = Field(default_factory=list, description="Canonical roles (importers.owners)")
    owner_people: list[str] = Field(default_factory=list, description="Named people in the owner cell")
    due_date: date | None = Field(None, description="The last day the due text allows")
    due_text: str | None = Field(
        None, description='As printed; a date cell as shown ("31/03/2025", "Mar-25")'
    )
    due_precision: DuePrecision | None = None
    status: PlanStatus | None = None
    status_text: str | None = Field(None, description="The status cell as printed, else the RAG cell's")
    rag: Rag | None = None
    progress: str | None = Field(None, description="Progress update, commentary or evidence")
    updated_on: date | None = None
    extra: dict[str, str] = Field(default_factory=dict, description="Columns the reader does not know")


ROW_KEY = "peergraph row key"
LINK_KEY = "peergraph link key"
KEY_COLUMNS = (ROW_KEY, LINK_KEY)
"""Columns peergraph's own workbooks carry to tie rows back to actions and recommendations."""


class SkippedRow(BaseModel):
    sheet: str
    row: int
    reason: str
    filled: list[str] = Field(
        default_factory=list, description="Columns the row fills though it is no action: worth a look"
    )


class CellProblem(BaseModel):
    """A cell whose value was bad: reported by place, costing only that cell (README, Action plans)."""

    sheet: str
    row: int
    column: str = Field(description='Column letter, as a spreadsheet shows it: "C"')
    header: str | None = Field(None, description="The column's header text")
    reason: str


AsOfSource = Literal["given", "sheet", "column", "file"]


class SkippedSheet(BaseModel):
    sheet: str
    reason: str


class ActionPlan(BaseModel):
    source: str = Field(description="File name")
    source_sha256: str
    sheets_read: list[str] = Field(default_factory=list)
    sheets_skipped: list[SkippedSheet] = Field(default_factory=list)
    actions: list[PlanAction] = Field(default_factory=list)
    skipped_rows: list[SkippedRow] = Field(default_factory=list)
    cell_problems: list[CellProblem] = Field(default_factory=list)
    as_of: date | datetime | None = Field(
        None, description="When the plan was true: its update times in the history (importers.plan_as_of)"
    )
    as_of_source: AsOfSource | None = None
    as_of_detail: str | None = Field(
        None, description='Where the date came from: "cell A2: As at 30 June 2025"'
    )
