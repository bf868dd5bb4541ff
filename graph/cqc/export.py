"""The cross-council table as CSV, every cell safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by
Excel, LibreOffice or Sheets as a formula (OWASP, "CSV Injection"); such a cell gets a leading
apostrophe, which spreadsheets show as text and do not evaluate. Numbers here are never
negative (the signed `difference` is left out: it is raised minus not raised), so no figure is
altered.
"""

from __future__ import annotations

import csv
import io

from graph.cqc.read_models import CrossCouncil, CrossCouncilRow

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "kind",
    "quality_statement",
    "quality_statement_name",
    "pattern",
    "pattern_name",
    "councils",
    "raised_councils",
    "raised_scored_low",
    "raised_share_low",
    "not_raised_councils",
    "not_raised_scored_low",
    "not_raised_share_low",
    "raised_scored_low_councils",
    "not_raised_scored_low_councils",
    "note",
)


def spreadsheet_safe(value: object) -> str:
    """The value as a cell that a spreadsheet shows as text and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _cells(kind: str, row: CrossCouncilRow) -> list[object]:
    return [
        kind,
        row.quality_statement,
        row.quality_statement_name,
        row.pattern,
        row.pattern_name,
        row.councils,
        row.raised.councils,
        row.raised.scored_low,
        _share(row.raised.share_low),
        row.not_raised.councils,
        row.not_raised.scored_low,
        _share(row.not_raised.share_low),
        "; ".join(row.raised.scored_low_names),
        "; ".join(row.not_raised.scored_low_names),
        "",
    ]


def cross_council_csv(table: CrossCouncil) -> str:
    """One row per statement, then per pattern and statement, then a note row with the caveat."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = [_cells("statement", row) for row in table.statements]
    rows += [_cells("pattern", row) for row in table.patterns]
    rows.append(["note", *[""] * (len(COLUMNS) - 2), table.caveat])
    for cells in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()
