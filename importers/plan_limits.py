"""The limits an action plan must keep to, in one place; a plan past one is refused whole, never cut.

| limit                         | value     | why                                                            |
|-------------------------------|-----------|----------------------------------------------------------------|
| file size                     | 50 MB     | `PEERGRAPH_MAX_FILE_MB`, shared with reports (core.settings)   |
| rows in one sheet             | 200,000   | twice the largest plan benchmarked (benchmarks/plans.py)       |
| columns in one sheet          | 100       | a plan has about ten; more is a data dump, not a plan          |
| characters in one cell        | 32,767    | Excel's own limit: no real workbook holds more                 |
| unpacked size of an .xlsx     | 1 GB      | past that it is a zip bomb, not an action plan                 |

Rows and columns count the filled part of a sheet only (Excel's "used range" often runs to a
million formatted but empty rows). Only the sheets the reader reads are checked: an instructions
or hidden sheet past a limit is skipped as it would be anyway.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter

from peergraph.core.errors import FileTooLargeError

MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 32_767
MAX_EXPANDED_BYTES = 1 << 30


class PlanLimitError(FileTooLargeError):
    """A plan past one of the limits above: refused whole, naming the file, the place and the limit."""


def check_sheet_size(path: Path, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet that fills more rows or columns than a plan may."""
    if rows > MAX_ROWS:
        raise PlanLimitError(
            path, f"sheet {sheet!r} fills {rows:,} rows, over the {MAX_ROWS:,}-row limit of a plan; split it"
        )
    if columns > MAX_COLUMNS:
        raise PlanLimitError(
            path,
            f"sheet {sheet!r} fills column {get_column_letter(columns)} ({columns}), over the "
            f"{MAX_COLUMNS}-column limit of a plan",
        )


def check_cell_length(path: Path, sheet: str, row: int, column: int, text: str) -> None:
    """Refuse a cell longer than Excel itself allows (row and column 1-based)."""
    if len(text) > MAX_CELL_CHARS:
        raise PlanLimitError(
            path,
            f"sheet {sheet!r} cell {get_column_letter(column)}{row} holds {len(text):,} characters, over the "
            f"{MAX_CELL_CHARS:,}-character limit of a cell",
        )
