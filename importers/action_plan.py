"""Read a council's action plan spreadsheet (.xlsx or CSV) into typed actions.

Councils answer a peer challenge with a spreadsheet whose layout varies: title rows above the
header, a recommendation merged over its action rows, several sheets, RAG ratings that are only a
cell colour. The reader finds the header row on each sheet by its column names, maps the columns
by synonyms, and keeps every column it does not know in `extra`. Dates are read by
`importers.plan_dates`, statuses and RAG colours by `importers.plan_status` (their docstrings hold
the tables), owners by `importers.owners`. Any unreadable file is one `InputFileError`.

Cells are read as values, never as formulas: a formula's saved value, or, when the file saved
none, its text. A plan past a limit (`importers.plan_limits`) is refused whole. A bad cell costs
only itself and is listed in `cell_problems` by sheet, row and column: control characters (a
NUL byte) are dropped from its text, an impossible date ("Q5 2024/25", "31/02/2025") is no date.
A row with no action text is no action: it is listed in `skipped_rows`, with the columns it does
fill when it fills any beyond the recommendation and ref.
"""

from __future__ import annotations

import hashlib
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from importers.limits import read_checked_bytes
from importers.owners import find_owner_roles
from importers.plan_as_of import resolve_as_of, sheet_as_of
from importers.plan_csv import csv_rows
from importers.plan_dates import DueDate, excel_due, parse_due
from importers.plan_limits import MAX_EXPANDED_BYTES, check_cell_length, check_sheet_size
from importers.plan_model import (
    KEY_COLUMNS,
    ActionPlan,
    CellProblem,
    DuePrecision,
    PlanAction,
    PlanStatus,
    Rag,
    SkippedRow,
    SkippedSheet,
)
from importers.plan_status import RAG_STATUS, FillPalette, read_status
from peergraph.core.errors import InputFileError

__all__ = ["ActionPlan", "PlanAction", "SkippedRow", "SkippedSheet", "read_action_plan"]

NO_HEADER = "no action-plan header row found (looked for columns like Action, Lead, Due date, Status)"
HEADER_SEARCH_ROWS = 30
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
    problems: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> what was wrong


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

# Control characters that are never text (all but tab, line feed and carriage return).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A formula element in a worksheet's XML: <f>, <f t="shared" .../>, or with a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _clean_text(value: Any) -> tuple[Any, str | None]:
    """A cell value without control characters, and what was removed (None when nothing)."""
    if not isinstance(value, str) or not _CONTROLS.search(value):
        return value, None
    removed = _CONTROLS.findall(value)
    names = sorted({"NUL" if char == "\x00" else f"U+{ord(char):04X}" for char in removed})
    return _CONTROLS.sub("", value), f"removed {len(removed)} control character(s) ({', '.join(names)})"


def _check_workbook_zip(data: bytes, path: Path) -> bool:
    """Refuse zips that are damaged, too large or not .xlsx workbooks; True if a sheet has formulas.

    Every entry is read once, which checks its CRC, and the worksheets are searched for formulas
    on the way (whose saved values may be missing: see `_workbook_grids`).
    """
    formulas = False
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > MAX_EXPANDED_BYTES:
                raise InputFileError(path, "the workbook expands to over 1 GB; refusing to open it")
            for entry in entries:
                content = archive.read(entry)
                is_sheet = entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")
                formulas = formulas or (is_sheet and _FORMULA_TAG.search(content) is not None)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError) as error:
        raise InputFileError(path, f"not an Excel workbook (damaged zip archive: {error})") from None
    names = {entry.filename for entry in entries}
    if "xl/workbook.bin" in names:
        raise InputFileError(path, "an Excel binary workbook (.xlsb); save it as .xlsx or CSV and try again")
    if "mimetype" in names and "content.xml" in names:
        raise InputFileError(path, "an OpenDocument spreadsheet; save it as .xlsx or CSV and try again")
    if "word/document.xml" in names:
        raise InputFileError(path, "a Word document, not a spreadsheet")
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/workbook") for name in names):
        raise InputFileError(path, "a zip archive that is not an Excel workbook (no xl/workbook.xml)")
    return formulas


def _load_workbook(data: bytes, path: Path, *, values: bool) -> Any:
    """The workbook with each formula cell's saved value (`values`), or with its formula text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
            return openpyxl.load_workbook(BytesIO(data), data_only=values, keep_links=False)
    except Exception as error:  # openpyxl raises many types on malformed parts
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputFileError(path, f"not a readable Excel workbook: {reason}") from None


def _formula_text(value: Any) -> str | None:
    """A formula cell's text as written ("=SUM(A1:A3)"), from a workbook loaded with formulas."""
    if isinstance(value, str) and value.startswith("="):
        return value
    text = getattr(value, "text", None)  # openpyxl's ArrayFormula
    return text if isinstance(text, str) else None


def _unsaved_formulas(workbook: Any) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet, the formula text of every formula cell (1-based row and column)."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in workbook.worksheets:
        cells = getattr(sheet, "_cells", {})
        texts = {key: text for key, cell in cells.items() if (text := _formula_text(cell.value)) is not None}
        if texts:
            found[sheet.title] = texts
    return found


def _sheet_values(
    sheet: Any, path: Path, formulas: dict[tuple[int, int], str]
) -> tuple[list[list[Any]], dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """Cell values row by row, the number format of date cells, and the cells that had problems.

    A formula cell with no saved value takes its formula's text, and is listed as a problem.
    """
    problems: dict[tuple[int, int], str] = {}
    for (row, column), text in formulas.items():
        unsaved = sheet.cell(row=row, column=column)
        if unsaved.value is None:
            unsaved.value = text
            problems[(row - 1, column - 1)] = "a formula with no saved value: read as its text"
    # max_row and max_column count cells that are only formatted, often to a million rows;
    # openpyxl's cell store holds just the cells the file has, so the grid is built from those.
    store = getattr(sheet, "_cells", None)
    cells = store.values() if isinstance(store, dict) else (cell for row in sheet.iter_rows() for cell in row)
    filled = [cell for cell in cells if cell.value is not None and cell.value != ""]
    height = max((cell.row for cell in filled), default=0)
    width = max((cell.column for cell in filled), default=0)
    check_sheet_size(path, sheet.title, height, width)
    values: list[list[Any]] = [[None] * width for _ in range(height)]
    formats: dict[tuple[int, int], str] = {}
    for cell in filled:
        value, removed = _clean_text(cell.value)
        if isinstance(value, str):
            check_cell_length(path, sheet.title, cell.row, cell.column, value)
        if removed:
            problems[(cell.row - 1, cell.column - 1)] = removed
        values[cell.row - 1][cell.column - 1] = value
        if isinstance(value, datetime | date):
            formats[(cell.row - 1, cell.column - 1)] = str(cell.number_format)
    return values, formats, problems


def _worksheet_grid(
    sheet: Any, palette: FillPalette, path: Path, formulas: dict[tuple[int, int], str]
) -> Grid:
    """A worksheet as a grid: merged values copied to every row of their range (left column)."""
    values, formats, problems = _sheet_values(sheet, path, formulas)
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

    return Grid(sheet.title, values, formats, section_rows, fill_rag, problems)


def _is_section_row(row: list[Any], left: int, right: int, width: int) -> bool:
    """A row whose only text is one cell merged across most of the table: a section heading."""
    texts = [index for index, value in enumerate(row) if cell_text(value)]
    return texts == [left] and (right - left + 1) * 2 > width and width > 2


def _workbook_grids(data: bytes, path: Path) -> tuple[list[Grid], list[SkippedSheet]]:
    has_formulas = _check_workbook_zip(data, path)
    workbook = _load_workbook(data, path, values=True)
    # A formula's saved value is what the sheet shows; a file saved by a program that computes
    # none (openpyxl, some exporters) has only the formula, which is then read as its text.
    formulas = _unsaved_formulas(_load_workbook(data, path, values=False)) if has_formulas else {}
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
            grids.append(_worksheet_grid(sheet, palette, path, formulas.get(sheet.title, {})))
    return grids, skipped


def _csv_grid(data: bytes, path: Path) -> Grid:
    values: list[list[Any]] = []
    problems: dict[tuple[int, int], str] = {}
    for row_index, record in enumerate(csv_rows(data, path)):
        row: list[Any] = []
        for column_index, field_text in enumerate(record):
            text, removed = _clean_text(field_text)
            check_cell_length(path, path.stem, row_index + 1, column_index + 1, text)
            if removed:
                problems[(row_index, column_index)] = removed
            row.append(text)
        values.append(row)
    return Grid(path.stem, values, problems=problems)


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


def _problem(grid: Grid, header: Header | None, index: int, position: int, reason: str) -> CellProblem:
    """A bad cell at 0-based (index, position), named as a spreadsheet names it."""
    name = header.texts[position] if header and position < len(header.texts) else None
    return CellProblem(
        sheet=grid.name,
        row=index + 1,
        column=get_column_letter(position + 1),
        header=name.replace("\n", " ") if name else None,
        reason=reason,
    )


def _due(
    grid: Grid, index: int, header: Header, row: _Row, problems: list[CellProblem]
) -> tuple[date | None, str | None, DuePrecision | None]:
    value = row.values.get(Column.DUE)
    if isinstance(value, datetime | date):
        format_ = grid.formats.get((index, header.columns[Column.DUE]), "General")
        due, text = excel_due(value, format_)
        return due.on, text, due.precision
    text = row.texts.get(Column.DUE, "")
    if not text:
        return None, None, None
    due = _dated(grid, index, header, Column.DUE, parse_due(text), problems)
    return due.on, text, due.precision


def _dated(
    grid: Grid, index: int, header: Header, column: Column, due: DueDate, problems: list[CellProblem]
) -> DueDate:
    """`due`, with its problem (an impossible date) reported against the cell."""
    if due.problem is not None:
        problems.append(_problem(grid, header, index, header.columns[column], due.problem))
    return due


def _updated_on(
    grid: Grid, index: int, header: Header, row: _Row, problems: list[CellProblem]
) -> date | None:
    value = row.values.get(Column.UPDATED_ON)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = row.texts.get(Column.UPDATED_ON, "")
    if not text:
        return None
    due = _dated(grid, index, header, Column.UPDATED_ON, parse_due(text), problems)
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
    grid: Grid,
    index: int,
    header: Header,
    row: _Row,
    ref: str | None,
    recommendation: str,
    problems: list[CellProblem],
) -> PlanAction:
    owner_text = row.texts.get(Column.OWNER) or None
    due_date, due_text, due_precision = _due(grid, index, header, row, problems)
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
        updated_on=_updated_on(grid, index, header, row, problems),
        extra=row.extra,
    )


# The columns a row with no action may fill and still be only a heading or an untouched template row.
_HEADING_COLUMNS = {Column.REF, Column.RECOMMENDATION}


def _filled_beyond_heading(grid: Grid, index: int, header: Header, row: _Row) -> list[str]:
    """The headers of the cells a row fills besides its ref, recommendation and peergraph's keys."""
    names = [
        header.texts[position] or get_column_letter(position + 1)
        for column, position in header.columns.items()
        if column not in _HEADING_COLUMNS and row.texts.get(column)
    ]
    names += [name for name in row.extra if name not in KEY_COLUMNS]
    rag_column = header.columns.get(Column.RAG)
    if rag_column is not None and not row.texts.get(Column.RAG) and grid.fill_rag(index, rag_column):
        names.append(header.texts[rag_column] or "RAG")
    return list(dict.fromkeys(name.replace("\n", " ") for name in names))


@dataclass
class _SheetReading:
    actions: list[PlanAction] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def _sheet_actions(grid: Grid, header: Header) -> _SheetReading:
    """The actions under the header; rows with a blank recommendation inherit the one above.

    A row with no action text (when the sheet has an action column) is no action: a heading for
    the rows below, a template row left blank, or a row to look at when it fills other cells.
    """
    reading = _SheetReading()
    headings: dict[int, SkippedRow] = {}  # skipped rows whose recommendation later rows inherit
    heading: tuple[str, str | None, SkippedRow | None] | None = None  # recommendation, ref, its row
    has_action_column = Column.ACTION in header.columns
    for index in range(header.row + 1, len(grid.values)):
        row = _read_row(grid, index, header)
        if not any(row.texts.values()) and not row.extra:
            continue
        if index in grid.section_rows:
            reason = f"section heading: {_snippet(grid, index)}"
            reading.skipped.append(SkippedRow(sheet=grid.name, row=index + 1, reason=reason))
            heading = None
            continue
        if [cell_text(value) for value in grid.values[index]] == header.texts:
            reading.skipped.append(SkippedRow(sheet=grid.name, row=index + 1, reason="the header row again"))
            continue
        recommendation = row.texts.get(Column.RECOMMENDATION, "")
        ref = row.texts.get(Column.REF) or None
        if recommendation and ref is None and (leading := _LEADING_REF.match(recommendation)):
            ref = leading[1] or leading[2]
        action_text = row.texts.get(Column.ACTION, "")
        if not action_text and (has_action_column or not recommendation):
            filled = _filled_beyond_heading(grid, index, header, row)
            what = "no action text" if has_action_column else "no action or recommendation text"
            reason = (
                f"{what}, though it fills {', '.join(filled)}: {_snippet(grid, index)}" if filled else what
            )
            skipped = SkippedRow(sheet=grid.name, row=index + 1, reason=reason, filled=filled)
            reading.skipped.append(skipped)
            if recommendation:
                heading = (recommendation, ref, skipped)
            continue
        if recommendation:
            heading = (recommendation, ref, None)
        elif heading is not None and Column.RECOMMENDATION in header.columns:
            recommendation, ref = heading[0], ref or heading[1]
            if heading[2] is not None:
                headings[heading[2].row] = heading[2]
        reading.actions.append(_action(grid, index, header, row, ref, recommendation, reading.problems))
    for skipped in headings.values():
        if not skipped.filled:
            skipped.reason = "the recommendation heading for the actions below"
    return reading


def _snippet(grid: Grid, index: int) -> str:
    text = " | ".join(text for value in grid.values[index] if (text := cell_text(value)))
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


# --- the plan -----------------------------------------------------------------------------------


def read_action_plan(path: Path, max_bytes: int, as_of: date | datetime | None = None) -> ActionPlan:
    """Read an action plan spreadsheet (.xlsx, or CSV) into typed actions, or one-line InputFileError.

    `as_of` is when the plan was true, if the person importing it says so; else the sheet's own
    date, else the file's modified time (`importers.plan_as_of`).
    """
    data = read_checked_bytes(path, max_bytes)
    grids, sheets_skipped = _grids(data, path)
    if not any(cell_text(value) for grid in grids for row in grid.values for value in row):
        raise InputFileError(path, "the spreadsheet is empty (no cell holds text)")
    plan = ActionPlan(
        source=path.name, source_sha256=hashlib.sha256(data).hexdigest(), sheets_skipped=sheets_skipped
    )
    sheet_dates = []
    for grid in grids:
        header = find_header(grid)
        if header is None:
            plan.sheets_skipped.append(SkippedSheet(sheet=grid.name, reason=NO_HEADER))
            continue
        reading = _sheet_actions(grid, header)
        plan.sheets_read.append(grid.name)
        plan.actions.extend(reading.actions)
        plan.skipped_rows.extend(reading.skipped)
        plan.cell_problems.extend(
            _problem(grid, header if row >= header.row else None, row, column, reason)
            for (row, column), reason in grid.problems.items()
        )
        plan.cell_problems.extend(reading.problems)
        sheet_dates.append(sheet_as_of(grid.name, grid.values[: header.row]))
    if not plan.sheets_read:
        raise InputFileError(path, NO_HEADER)
    if not plan.actions:
        raise InputFileError(path, f"no actions below the header row on {', '.join(plan.sheets_read)}")
    plan.cell_problems.sort(
        key=lambda problem: (plan.sheets_read.index(problem.sheet), problem.row, problem.column)
    )
    resolve_as_of(plan, path, as_of, [found for found in sheet_dates if found is not None])
    return plan
