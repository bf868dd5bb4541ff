"""Imported text into spreadsheet cells as text, never as a formula (OWASP's CSV-injection guidance).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return can run as a formula
when Excel or LibreOffice opens the file (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Every writer
of XLSX or CSV puts imported text through this module:

- XLSX: `put_text` stores such text as a plain string with Excel's quote-prefix style, the mark
  Excel itself sets when someone types `'=...`; the cell shows and keeps the text exactly, and
  stays text if someone edits it.
- CSV has no types, so `csv_cell` prefixes such text with a single quote, as OWASP advises, and
  `csv_cell_text` takes that quote off again when peergraph reads the file back: a round trip
  changes nothing, a text that itself starts with quotes before `=` included.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula, quotes before it aside."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def put_text(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write `value` to a cell; text that starts like a formula is stored as quote-prefixed text."""
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str) and starts_like_formula(value):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        cell.quotePrefix = True
    return cell


def csv_cell(value: Any) -> str:
    """A value as a CSV field: text that starts like a formula gets a leading single quote."""
    text = "" if value is None else str(value)
    return "'" + text if starts_like_formula(text) else text


def csv_cell_text(field: str) -> str:
    """A CSV field as peergraph wrote it, back to its text: the inverse of `csv_cell`."""
    return field[1:] if field.startswith("'") and starts_like_formula(field) else field
