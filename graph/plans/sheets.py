"""Action-plan workbooks: a template pre-filled with a review's recommendations, and an export.

Both use the columns the plan reader understands, plus two key columns (`peergraph link key`,
`peergraph row key`) that tie rows back to recommendations and actions, so a template filled in
and imported, exported, and imported again changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from graph.plans.loader import LINK_KEY, ROW_KEY, recommendation_refs
from graph.reads.actions import council_actions
from graph.store import GraphStore
from graph.store import queries as q
from importers.plan_model import STATUS_LABELS
from peergraph.core.errors import NotFoundError

RAG_FILLS = {"red": "FFC00000", "amber": "FFFFC000", "green": "FF00B050", "blue": "FF0070C0"}
COLUMNS = [
    "Ref",
    "Recommendation",
    "Action",
    "Lead officer",
    "Target date",
    "Status",
    "RAG",
    "Progress update",
]
WIDTHS = [8, 60, 50, 24, 14, 14, 9, 50, 30, 30]
HEADER_ROW = 3


def _council_name(store: GraphStore, council_id: str) -> str:
    rows = store.read(q.COUNCIL_BY_ID, {"id": council_id})
    if not rows:
        raise NotFoundError(f"--council: no council with id {council_id!r}")
    return str(rows[0]["name"])


def _start_sheet(sheet: Worksheet, title: str, columns: list[str]) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    for number, name in enumerate(columns, 1):
        cell = sheet.cell(HEADER_ROW, number, name)
        cell.font = Font(bold=True, color="FFFFFFFF")
        cell.fill = PatternFill("solid", fgColor="FF1D70B8")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS[min(number - 1, len(WIDTHS) - 1)]
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)


def _status_dropdown(sheet: Worksheet, column: int, last_row: int) -> None:
    words = ",".join(STATUS_LABELS.values())
    validation = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    letter = get_column_letter(column)
    validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{max(last_row, HEADER_ROW + 200)}")
    sheet.add_data_validation(validation)


def write_plan_template(store: GraphStore, council_id: str, path: Path) -> int:
    """A workbook with one row per recommendation of the council's latest review; returns the rows."""
    council = _council_name(store, council_id)
    recommendations = recommendation_refs(store, council_id)
    if not recommendations:
        raise NotFoundError(
            f"{council} has no review with recommendations in the store; import its report first"
        )
    summary = [r for r in recommendations if r.source == "summary"]
    chosen = summary or recommendations
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Action plan"
    columns = [*COLUMNS, LINK_KEY, ROW_KEY]
    _start_sheet(sheet, f"{council}: action plan in response to the peer challenge", columns)
    sheet.cell(2, 1, "Add one row per action; repeat a recommendation's Ref on each of its actions.")
    for offset, recommendation in enumerate(chosen):
        row = HEADER_ROW + 1 + offset
        prefix = "R" if summary else "I"
        sheet.cell(row, 1, f"{prefix}{offset + 1}")
        sheet.cell(row, 2, recommendation.text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row, len(COLUMNS) + 1, recommendation.id)
    _status_dropdown(sheet, COLUMNS.index("Status") + 1, HEADER_ROW + len(chosen))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return len(chosen)


def write_plan_export(store: GraphStore, council_id: str, path: Path) -> int:
    """The council's actions as they stand, plus a History sheet of every status change."""
    council = _council_name(store, council_id)
    actions = council_actions(store, council_id)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Action plan"
    columns = [*COLUMNS, "Overdue", "Slipped", LINK_KEY, ROW_KEY]
    _start_sheet(sheet, f"{council}: action plan (exported from peergraph)", columns)
    texts = {r.id: r.text for r in recommendation_refs(store, council_id)}
    for offset, action in enumerate(actions):
        row = HEADER_ROW + 1 + offset
        values = [
            action.ref,
            texts.get(action.recommendation_id or "", action.recommendation_text),
            action.text,
            action.owner_text,
            date.fromisoformat(action.due_date) if action.due_date else None,
            STATUS_LABELS.get(action.status or "", action.status),
            action.rag.capitalize() if action.rag else None,
            action.progress,
            "Yes" if action.overdue else "No",
            "Yes" if action.slipped else "No",
            action.recommendation_id,
            action.id,
        ]
        for number, value in enumerate(values, 1):
            cell = sheet.cell(row, number, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if action.rag in RAG_FILLS:
            sheet.cell(row, COLUMNS.index("RAG") + 1).fill = PatternFill(
                "solid", fgColor=RAG_FILLS[action.rag]
            )
    _status_dropdown(sheet, COLUMNS.index("Status") + 1, HEADER_ROW + len(actions))
    history = workbook.create_sheet("History")
    history_columns = [ROW_KEY, "Ref", "Seq", "At", "Status", "Target date", "Note", "By"]
    _start_sheet(history, f"{council}: every status change, oldest first", history_columns)
    row = HEADER_ROW + 1
    for action in actions:
        for update in action.history:
            for number, entry in enumerate(
                [
                    action.id,
                    action.ref,
                    update.seq,
                    update.at,
                    update.status,
                    update.due_date,
                    update.note,
                    update.by,
                ],
                1,
            ):
                history.cell(row, number, entry)
            row += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return len(actions)
