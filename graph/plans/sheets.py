"""Action-plan workbooks: a template pre-filled with a review's recommendations, and an export.

Both use the columns the plan reader understands, plus two key columns (`peergraph link key`,
`peergraph row key`) that tie rows back to recommendations and actions, so a template filled in
and imported, exported, and imported again changes nothing. The export carries the plan's own
words (its recommendation text, its due text such as "Q3 2025/26") and every column of the plan
peergraph does not know. Every cell goes through `peergraph.core.spreadsheet_cells`: imported
text is stored as text, never as a formula, in the workbook and in the CSV form alike.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from graph.plans.loader import LINK_KEY, ROW_KEY, recommendation_refs
from graph.reads.actions import council_actions
from graph.reads.models import ActionOut
from graph.store import GraphStore
from graph.store import queries as q
from importers.plan_model import STATUS_LABELS
from peergraph.core.errors import NotFoundError
from peergraph.core.spreadsheet_cells import csv_cell, put_text

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
    put_text(sheet, 1, 1, title).font = Font(bold=True, size=14)
    for number, name in enumerate(columns, 1):
        cell = put_text(sheet, HEADER_ROW, number, name)
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
    # A report without a summary list: its firm recommendations, not the hedged suggestions.
    chosen = summary or [r for r in recommendations if r.firm] or recommendations
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
        put_text(sheet, row, 1, f"{prefix}{offset + 1}")
        put_text(sheet, row, 2, recommendation.text).alignment = Alignment(wrap_text=True, vertical="top")
        put_text(sheet, row, len(COLUMNS) + 1, recommendation.id)
    _status_dropdown(sheet, COLUMNS.index("Status") + 1, HEADER_ROW + len(chosen))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return len(chosen)


def _due_cell(action: ActionOut) -> date | str | None:
    """The due date as the plan gave it: its own words, or a date cell when it gave a day."""
    if action.due_date and (not action.due_text or action.due_text == _shown_day(action.due_date)):
        return date.fromisoformat(action.due_date)
    return action.due_text


def _shown_day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _export_rows(store: GraphStore, council_id: str) -> tuple[list[str], list[ActionOut], list[list[Any]]]:
    """The export's columns, the actions, and one row of cell values per action."""
    actions = council_actions(store, council_id)
    extras = list(dict.fromkeys(name for action in actions for name in action.extra))
    columns = [*COLUMNS, *extras, "Overdue", "Slipped", LINK_KEY, ROW_KEY]
    texts = {r.id: r.text for r in recommendation_refs(store, council_id)}
    rows = [
        [
            action.ref,
            action.recommendation_text or texts.get(action.recommendation_id or ""),
            action.text,
            action.owner_text,
            _due_cell(action),
            STATUS_LABELS.get(action.status or "", action.status),
            action.rag.capitalize() if action.rag else None,
            action.progress,
            *(action.extra.get(name) for name in extras),
            "Yes" if action.overdue else "No",
            "Yes" if action.slipped else "No",
            action.recommendation_id,
            action.id,
        ]
        for action in actions
    ]
    return columns, actions, rows


def write_plan_export(store: GraphStore, council_id: str, path: Path) -> int:
    """The council's actions as they stand: an .xlsx with a History sheet, or (`.csv`) the plan alone."""
    council = _council_name(store, council_id)
    columns, actions, rows = _export_rows(store, council_id)
    title = f"{council}: action plan (exported from peergraph)"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        _write_csv(path, title, columns, rows)
        return len(actions)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Action plan"
    _start_sheet(sheet, title, columns)
    for offset, (action, values) in enumerate(zip(actions, rows, strict=True)):
        row = HEADER_ROW + 1 + offset
        for number, value in enumerate(values, 1):
            put_text(sheet, row, number, value).alignment = Alignment(wrap_text=True, vertical="top")
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
            entries = [action.id, action.ref, update.seq, update.at, update.status, update.due_date]
            for number, entry in enumerate([*entries, update.note, update.by], 1):
                put_text(history, row, number, entry)
            row += 1
    workbook.save(path)
    return len(actions)


def _write_csv(path: Path, title: str, columns: list[str], rows: list[list[Any]]) -> None:
    """The plan sheet as CSV (UTF-8 with a mark, so Excel reads it as UTF-8), laid out as the workbook."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(title)])
        writer.writerow([])
        writer.writerow([csv_cell(name) for name in columns])
        for values in rows:
            writer.writerow(
                [csv_cell(_shown_day(v.isoformat()) if isinstance(v, date) else v) for v in values]
            )
