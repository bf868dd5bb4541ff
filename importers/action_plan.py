"""Read a council's action plan spreadsheet (.xlsx or CSV) into typed actions.

Councils answer a peer challenge with a spreadsheet whose layout varies: title rows above the
header, a recommendation merged over its action rows, several sheets, RAG ratings that are only a
cell colour. The reader finds the header row on each sheet by its column names, maps the columns
by synonyms, and keeps every column it does not know in `extra`. Dates are read by
`importers.plan_dates`, statuses and RAG colours by `importers.plan_status` (their docstrings hold
the tables), owners by `importers.owners`. Any unreadable file is one `InputFileError`.
"""

from __future__ import annotations

import csv
import hashlib
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from importers.limits import read_checked_bytes
from importers.owners import find_owner_roles
from importers.plan_dates import excel_due, parse_due
from importers.plan_model import (
    ActionPlan,
    DuePrecision,
    PlanAction,
    PlanStatus,
    Rag,
    SkippedRow,
    SkippedSheet,
)
from importers.plan_status import RAG_STATUS, FillPalette, read_status
from importers.text import decode_text
from peergraph.core.errors import InputFileError

__all__ = ["ActionPlan", "PlanAction", "SkippedRow", "SkippedSheet", "read_action_plan"]

NO_HEADER = "no action-plan header row found (looked for columns like Action, Lead, Due date, Status)"
HEADER_SEARCH_ROWS = 30
MAX_ROWS = 20_000
MAX_COLUMNS = 100
_MAX_EXPANDED_BYTES = 1 << 30  # an .xlsx inflating past 1 GB is a zip bomb, not an action plan
_LONGEST_HEADER = 80
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_PDF_MAGIC = re.compile(rb"%PDF-\d")


class Column(StrEnum):
    REF = "ref"
    RECOMMENDATION = "recommendation"
    ACTION = "action"
    OWNER = "owner"
    DUE = "due"
    STATUS = "status"
    RAG = "rag"
    PROGRESS = "progress"
    UPDATED_ON = "updated_on"


# Header synonyms, matched as whole words in the lower-cased header with punctuation removed.
# Order matters: the first rule that matches wins ("Action owner" is an owner, "Date of update"
# is the update date, "Progress rating" a status, "Actions to address recommendation" an action).
_HEADER_RULES: list[tuple[Column, re.Pattern[str]]] = [
    (
        Column.UPDATED_ON,
        re.compile(r"\b(date (of )?(last )?update|last updated?|updated on|date updated|update date)\b"),
    ),
    (
        Column.REF,
        re.compile(
            r"^((rec(ommendation)?|action|item) )?(ref(erence)?|no|number|num|id|#)( no| number)?$"
            r"|^(rec(ommendation)?|action) (ref|no|number)\b"
        ),
    ),
    (Column.PROGRESS, re.compile(r"\b(status|progress) updates?\b|\bupdate on progress\b")),
    (
        Column.OWNER,
        re.compile(
            r"\b(lead|leads|owner|owners|ownership|responsible|responsibility|accountable|who|by whom)\b"
        ),
    ),
    (
        Column.DUE,
        re.compile(
            r"\b(timescales?|time ?frames?|target (date|completion|timescale|deadline)|due|deadline|by when"
            r"|completion date|date for completion|date to be completed|when)\b|^target$"
        ),
    ),
    (Column.RAG, re.compile(r"\b(b?rag)\b")),
    (Column.STATUS, re.compile(r"\b(status|progress rating|rating|grade)\b")),
    (Column.PROGRESS, re.compile(r"\b(updates?|progress|commentary|comments?|evidence|notes|position)\b")),
    (
        Column.ACTION,
        re.compile(
            r"\b(actions?|what we will do|response|activity|activities|tasks?|next steps|what will be done)\b"
        ),
    ),
    (
        Column.RECOMMENDATION,
        re.compile(
            r"\b(recommendations?|findings?|area for (improvement|development)|considerations?|issues?)\b"
        ),
    ),
]
# The plan columns a header must name one of; the others (owner, due, status) only support.
_CORE = {Column.ACTION, Column.RECOMMENDATION}
_SKIPPED_SHEET_NAME = re.compile(
    r"^(instructions?|guidance( notes)?|how to( use)?\b.*|read ?me|(version |revision )?history|change ?log"
    r"|key|legend|lookups?|lists?|drop ?downs?|data validation|contents|cover( sheet)?|notes)$",
    re.I,
)
# "R3 ", "Recommendation 3:", "3. " or "2.1)" opening a recommendation cell: the ref, when no column has it.
_LEADING_REF = re.compile(
    r"^\s*(?:((?:R|Rec\.?|Recommendation)\s*\d+(?:\.\d+)*)\s*[.):\-–]?|(\d{1,2}(?:\.\d+)*)\s*[.):\-–])\s+",
    re.I,
)


@dataclass
class Grid:
    """One sheet as rows of cell values, merged values copied down their range."""

    name: str
    values: list[list[Any]]
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    section_rows: set[int] = field(default_factory=set)
    fill_rag: Callable[[int, int], Rag | None] = lambda row, column: None


@dataclass
class Header:
    row: int
    columns: dict[Column, int]
    extras: dict[int, str]
    texts: list[str]


def cell_text(value: Any) -> str:
    """A cell value as text: lines stripped, blank lines dropped, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.isoformat()
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


def column_of(header: str) -> Column | None:
    """The plan column a header names ("Responsible officer" -> owner), or None if unknown."""
    normal = " ".join(re.sub(r"[^a-z0-9#]+", " ", header.lower().replace("&", " and ")).split())
    if not normal or len(normal) > _LONGEST_HEADER:
        return None
    for column, pattern in _HEADER_RULES:
        if pattern.search(normal):
            return column
    return None


# --- bytes to grids -----------------------------------------------------------------------------


def _check_workbook_zip(data: bytes, path: Path) -> None:
    """Refuse zips that are damaged, too large or not .xlsx workbooks, naming what they are."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > _MAX_EXPANDED_BYTES:
                raise InputFileError(path, "the workbook expands to over 1 GB; refusing to open it")
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise InputFileError(path, f"not an Excel workbook (damaged zip archive: {error})") from None
    if broken is not None:
        raise InputFileError(path, f"not an Excel workbook (damaged zip archive: bad entry {broken})")
    names = {entry.filename for entry in entries}
    if "xl/workbook.bin" in names:
        raise InputFileError(path, "an Excel binary workbook (.xlsb); save it as .xlsx or CSV and try again")
    if "mimetype" in names and "content.xml" in names:
        raise InputFileError(path, "an OpenDocument spreadsheet; save it as .xlsx or CSV and try again")
    if "word/document.xml" in names:
        raise InputFileError(path, "a Word document, not a spreadsheet")
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/workbook") for name in names):
        raise InputFileError(path, "a zip archive that is not an Excel workbook (no xl/workbook.xml)")


def _load_workbook(data: bytes, path: Path) -> Any:
    _check_workbook_zip(data, path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
            return openpyxl.load_workbook(BytesIO(data), data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many types on malformed parts
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputFileError(path, f"not a readable Excel workbook: {reason}") from None


def _sheet_values(sheet: Any) -> tuple[list[list[Any]], dict[tuple[int, int], str]]:
    """Cell values row by row (within MAX_ROWS × MAX_COLUMNS), and the number format of date cells."""
    # max_row and max_column count cells that are only formatted, often to a million rows;
    # openpyxl's cell store holds just the cells the file has, so the grid is built from those.
    store = getattr(sheet, "_cells", None)
    cells = store.values() if isinstance(store, dict) else (cell for row in sheet.iter_rows() for cell in row)
    filled = [
        cell
        for cell in cells
        if cell.value is not None and cell.value != "" and cell.row <= MAX_ROWS and cell.column <= MAX_COLUMNS
    ]
    width = max((cell.column for cell in filled), default=0)
    values: list[list[Any]] = [[None] * width for _ in range(max((cell.row for cell in filled), default=0))]
    formats: dict[tuple[int, int], str] = {}
    for cell in filled:
        values[cell.row - 1][cell.column - 1] = cell.value
        if isinstance(cell.value, datetime | date):
            formats[(cell.row - 1, cell.column - 1)] = str(cell.number_format)
    return values, formats


def _worksheet_grid(sheet: Any, palette: FillPalette) -> Grid:
    """A worksheet as a grid: merged values copied to every row of their range (left column)."""
    values, formats = _sheet_values(sheet)
    source: dict[tuple[int, int], tuple[int, int]] = {}
    spans: list[tuple[int, int, int]] = []
    for merged in sheet.merged_cells.ranges:
        top, left, bottom, right = (
            merged.min_row - 1,
            merged.min_col - 1,
            merged.max_row - 1,
            merged.max_col - 1,
        )
        if top >= len(values) or left >= len(values[top]):
            continue
        spans.append((top, left, right))
        for row in range(top + 1, min(bottom, len(values) - 1) + 1):
            values[row][left] = values[top][left]
            source[(row, left)] = (top, left)
            if (top, left) in formats:
                formats[(row, left)] = formats[(top, left)]
    width = max((len(row) for row in values), default=0)
    section_rows = {top for top, left, right in spans if _is_section_row(values[top], left, right, width)}

    def fill_rag(row: int, column: int) -> Rag | None:
        top, left = source.get((row, column), (row, column))
        return palette.rag(sheet.cell(row=top + 1, column=left + 1))

    return Grid(sheet.title, values, formats, section_rows, fill_rag)


def _is_section_row(row: list[Any], left: int, right: int, width: int) -> bool:
    """A row whose only text is one cell merged across most of the table: a section heading."""
    texts = [index for index, value in enumerate(row) if cell_text(value)]
    return texts == [left] and (right - left + 1) * 2 > width and width > 2


def _workbook_grids(data: bytes, path: Path) -> tuple[list[Grid], list[SkippedSheet]]:
    workbook = _load_workbook(data, path)
    palette = FillPalette(workbook)
    grids: list[Grid] = []
    skipped: list[SkippedSheet] = []
    for sheet in workbook.chartsheets:
        skipped.append(SkippedSheet(sheet=sheet.title, reason="a chart sheet"))
    for sheet in workbook.worksheets:
        if _SKIPPED_SHEET_NAME.match(sheet.title.strip()):
            skipped.append(SkippedSheet(sheet=sheet.title, reason="an instructions, history or lookup sheet"))
        elif sheet.sheet_state != "visible":
            skipped.append(SkippedSheet(sheet=sheet.title, reason="a hidden sheet"))
        else:
            grids.append(_worksheet_grid(sheet, palette))
    return grids, skipped


def _delimiter(text: str) -> str:
    """The CSV delimiter: the sniffer's choice among , ; tab and |, else the commonest of them."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return max(",;\t|", key=sample.count)


def _csv_grid(data: bytes, path: Path) -> Grid:
    try:
        text = decode_text(data, path)
    except InputFileError:
        raise InputFileError(path, "binary data, neither an Excel .xlsx workbook nor CSV text") from None
    try:
        rows = list(csv.reader(StringIO(text), delimiter=_delimiter(text)))[:MAX_ROWS]
    except csv.Error as error:
        raise InputFileError(path, f"not readable as CSV: {error}") from None
    values: list[list[Any]] = [list(row[:MAX_COLUMNS]) for row in rows]
    return Grid(path.stem, values)


def _grids(data: bytes, path: Path) -> tuple[list[Grid], list[SkippedSheet]]:
    """The file's sheets as grids, by what the bytes are, whatever the file is called."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _workbook_grids(data, path)
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise InputFileError(
                path, "the workbook is password-protected; remove the password and try again"
            )
        raise InputFileError(
            path, "a legacy Excel .xls file (or other Office 97-2003 file); save it as .xlsx"
        )
    if _PDF_MAGIC.match(data[:1024].lstrip()):
        raise InputFileError(path, "a PDF file, not a spreadsheet; upload the action plan as .xlsx or CSV")
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xltx", ".xltm"}:
        raise InputFileError(path, "not an Excel workbook (not a zip archive)")
    return [_csv_grid(data, path)], []


# --- header -------------------------------------------------------------------------------------


def _header_columns(row: list[Any]) -> dict[Column, int]:
    """The plan columns a row names, each at its first column."""
    found: dict[Column, int] = {}
    for index, value in enumerate(row):
        if isinstance(value, str) and (column := column_of(value)) is not None:
            found.setdefault(column, index)
    return found


def find_header(grid: Grid) -> Header | None:
    """The row among the first 30 naming the most plan columns (≥2, one an action or recommendation)."""
    best: tuple[int, dict[Column, int]] | None = None
    for index, row in enumerate(grid.values[:HEADER_SEARCH_ROWS]):
        columns = _header_columns(row)
        if len(columns) >= 2 and columns.keys() & _CORE and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    if best is None:
        return None
    index, columns = best
    width = max(len(row) for row in grid.values)
    header_row = grid.values[index]
    mapped = set(columns.values())
    extras: dict[int, str] = {}
    for column in range(width):
        if column in mapped:
            continue
        name = cell_text(header_row[column]) if column < len(header_row) else ""
        name = name.replace("\n", " ") or f"column {get_column_letter(column + 1)}"
        while name in extras.values():
            name += " (again)"
        extras[column] = name
    return Header(index, columns, extras, [cell_text(value) for value in header_row])


# --- rows ---------------------------------------------------------------------------------------

# Words that make a capitalised phrase a job, team or body rather than a person's name.
_NOT_NAME_TEXT = """
    head heads director directors manager managers officer officers lead leads member members team teams
    board group council service services commissioning commissioner commissioners adult adults social care
    health principal chief executive assistant deputy interim strategic strategy senior leadership management
    partnership partners workforce development operations operational quality assurance performance
    intelligence business data finance public safeguarding transformation programme project practice
    improvement portfolio holder cabinet provider providers market housing community communities system
    digital policy training learning occupational therapy therapist worker workers contracts hub unit panel
    committee scrutiny forum corporate integrated integration mental disability disabilities prevention
    early help front door directorate department county borough city district all and of for the to with
    nhs icb asc lga hr it comms communications legal support children family families carers direct
    payments reablement brokerage hospital discharge pathway procurement contract fund better extra
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())
_NAME_TOKEN = re.compile(r"^(?:[A-Z]\.?|[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|O[’'][A-Z][a-z]+)$")
_TITLES = frozenset({"Cllr", "Cllr.", "Councillor", "Dr", "Dr.", "Mr", "Mrs", "Ms", "Miss", "Prof"})
_OWNER_PARTS = re.compile(r"\s*(?:[/;,&()\n\[\]]|\s-\s|\s–\s|\band\b|\bwith\b|\bsupported by\b)\s*")


def _person_name(part: str) -> str | None:
    """`part` when it reads as a person's name ("Jane Smith", "J. Smith", "Cllr Ann Lee"), else None."""
    tokens = part.split()
    words = [token for token in tokens if token not in _TITLES]
    if not 2 <= len(words) <= 4 or find_owner_roles(part):
        return None
    if any(not _NAME_TOKEN.match(word) or word.lower().strip(".") in _NOT_NAME_WORDS for word in words):
        return None
    if len(words[-1].rstrip(".")) < 2:  # a surname, not an initial, comes last
        return None
    return part


def owner_people(owner_text: str) -> list[str]:
    """The named people in an owner cell, in order ("DASS / J. Smith" -> ["J. Smith"])."""
    people: list[str] = []
    for part in _OWNER_PARTS.split(owner_text):
        name = _person_name(part.strip(" .:"))
        if name and name not in people:
            people.append(name)
    return people


@dataclass
class _Row:
    """One data row's cells by plan column, with the raw values the typed fields need."""

    texts: dict[Column, str]
    values: dict[Column, Any]
    extra: dict[str, str]


def _read_row(grid: Grid, index: int, header: Header) -> _Row:
    row = grid.values[index]
    texts: dict[Column, str] = {}
    values: dict[Column, Any] = {}
    for column, position in header.columns.items():
        value = row[position] if position < len(row) else None
        values[column] = value
        texts[column] = cell_text(value)
    extra = {
        name: text
        for position, name in header.extras.items()
        if position < len(row) and (text := cell_text(row[position]))
    }
    return _Row(texts, values, extra)


def _due(
    grid: Grid, index: int, header: Header, row: _Row
) -> tuple[date | None, str | None, DuePrecision | None]:
    value = row.values.get(Column.DUE)
    if isinstance(value, datetime | date):
        format_ = grid.formats.get((index, header.columns[Column.DUE]), "General")
        due, text = excel_due(value, format_)
        return due.on, text, due.precision
    text = row.texts.get(Column.DUE, "")
    if not text:
        return None, None, None
    due = parse_due(text)
    return due.on, text, due.precision


def _updated_on(row: _Row) -> date | None:
    value = row.values.get(Column.UPDATED_ON)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    due = parse_due(row.texts.get(Column.UPDATED_ON, ""))
    return due.on if due.precision is DuePrecision.DAY else None


def _status(
    grid: Grid, index: int, header: Header, row: _Row
) -> tuple[PlanStatus | None, str | None, Rag | None]:
    """Status from a grade or words (status column, then RAG column), else from the RAG.

    The RAG comes from words in the RAG column, its fill colour, words in the status column, then
    the status cell's fill colour: words beat colour within a cell.
    """
    status_text = row.texts.get(Column.STATUS, "")
    rag_text = row.texts.get(Column.RAG, "")
    said, rated = read_status(status_text), read_status(rag_text)
    rag_fill = grid.fill_rag(index, header.columns[Column.RAG]) if Column.RAG in header.columns else None
    status_fill = (
        grid.fill_rag(index, header.columns[Column.STATUS]) if Column.STATUS in header.columns else None
    )
    candidates = [
        (rated.rag, rated.rag_status),
        (rag_fill, RAG_STATUS[rag_fill] if rag_fill else None),
        (said.rag, said.rag_status),
        (status_fill, RAG_STATUS[status_fill] if status_fill else None),
    ]
    rag, rag_status = next(((rag, status) for rag, status in candidates if rag), (None, None))
    return said.status or rated.status or rag_status, status_text or rag_text or None, rag


def _action(
    grid: Grid, index: int, header: Header, row: _Row, ref: str | None, recommendation: str
) -> PlanAction:
    owner_text = row.texts.get(Column.OWNER) or None
    due_date, due_text, due_precision = _due(grid, index, header, row)
    status, status_text, rag = _status(grid, index, header, row)
    return PlanAction(
        sheet=grid.name,
        row=index + 1,
        ref=ref,
        recommendation_text=recommendation,
        action_text=row.texts.get(Column.ACTION, ""),
        owner_text=owner_text,
        owner_roles=find_owner_roles(owner_text) if owner_text else [],
        owner_people=owner_people(owner_text) if owner_text else [],
        due_date=due_date,
        due_text=due_text,
        due_precision=due_precision,
        status=status,
        status_text=status_text,
        rag=rag,
        progress=row.texts.get(Column.PROGRESS) or None,
        updated_on=_updated_on(row),
        extra=row.extra,
    )


def _only_heads(action: PlanAction) -> bool:
    """True for a row that holds a recommendation and nothing else: a heading for the rows below."""
    return not (
        action.action_text
        or action.owner_text
        or action.due_text
        or action.status_text
        or action.rag
        or action.progress
        or action.extra
    )


def _sheet_actions(grid: Grid, header: Header) -> tuple[list[PlanAction], list[SkippedRow]]:
    """The actions under the header; rows with a blank recommendation inherit the one above."""
    actions: list[PlanAction] = []
    skipped: list[SkippedRow] = []
    inherited_from: dict[int, int] = {}  # index of an action -> index of the action it inherited from
    previous: PlanAction | None = None
    for index in range(header.row + 1, len(grid.values)):
        row = _read_row(grid, index, header)
        if not any(row.texts.values()) and not row.extra:
            continue
        if index in grid.section_rows:
            skipped.append(
                SkippedRow(sheet=grid.name, row=index + 1, reason=f"section heading: {_snippet(grid, index)}")
            )
            previous = None
            continue
        if [cell_text(value) for value in grid.values[index]] == header.texts:
            skipped.append(SkippedRow(sheet=grid.name, row=index + 1, reason="the header row again"))
            continue
        recommendation = row.texts.get(Column.RECOMMENDATION, "")
        if not recommendation and not row.texts.get(Column.ACTION):
            reason = f"no action or recommendation text: {_snippet(grid, index)}"
            skipped.append(SkippedRow(sheet=grid.name, row=index + 1, reason=reason))
            continue
        ref = row.texts.get(Column.REF) or None
        if not recommendation and previous is not None and Column.RECOMMENDATION in header.columns:
            recommendation, ref = previous.recommendation_text, ref or previous.ref
            inherited_from[len(actions)] = len(actions) - 1
        elif ref is None and (leading := _LEADING_REF.match(recommendation)):
            ref = leading[1] or leading[2]
        previous = _action(grid, index, header, row, ref, recommendation)
        actions.append(previous)
    return _drop_recommendation_headings(grid.name, actions, inherited_from, skipped)


def _drop_recommendation_headings(
    sheet: str, actions: list[PlanAction], inherited_from: dict[int, int], skipped: list[SkippedRow]
) -> tuple[list[PlanAction], list[SkippedRow]]:
    """Drop recommendation-only rows whose actions follow on the rows below and inherit it."""
    heading_rows = {
        source
        for child, source in inherited_from.items()
        if source not in inherited_from and _only_heads(actions[source])
    }
    for source in sorted(heading_rows):
        skipped.append(
            SkippedRow(
                sheet=sheet,
                row=actions[source].row,
                reason="the recommendation heading for the actions below",
            )
        )
    kept = [action for position, action in enumerate(actions) if position not in heading_rows]
    return kept, sorted(skipped, key=lambda item: item.row)


def _snippet(grid: Grid, index: int) -> str:
    text = " | ".join(text for value in grid.values[index] if (text := cell_text(value)))
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


# --- the plan -----------------------------------------------------------------------------------


def read_action_plan(path: Path, max_bytes: int) -> ActionPlan:
    """Read an action plan spreadsheet (.xlsx, or CSV) into typed actions, or one-line InputFileError."""
    data = read_checked_bytes(path, max_bytes)
    grids, sheets_skipped = _grids(data, path)
    if not any(cell_text(value) for grid in grids for row in grid.values for value in row):
        raise InputFileError(path, "the spreadsheet is empty (no cell holds text)")
    plan = ActionPlan(
        source=path.name, source_sha256=hashlib.sha256(data).hexdigest(), sheets_skipped=sheets_skipped
    )
    for grid in grids:
        header = find_header(grid)
        if header is None:
            plan.sheets_skipped.append(SkippedSheet(sheet=grid.name, reason=NO_HEADER))
            continue
        actions, skipped = _sheet_actions(grid, header)
        plan.sheets_read.append(grid.name)
        plan.actions.extend(actions)
        plan.skipped_rows.extend(skipped)
    if not plan.sheets_read:
        raise InputFileError(path, NO_HEADER)
    if not plan.actions:
        raise InputFileError(path, f"no actions below the header row on {', '.join(plan.sheets_read)}")
    return plan
