"""When an action plan was true: the date its updates are recorded at in each action's history.

In this order, the first that gives a date wins:

1. `given`: the person importing says so (`peergraph import-plan --as-of`, the upload's `as_of`);
   it is then the time of every update in the plan;
2. `sheet`: a date in the rows above the header ("As at 30 June 2025", "Last updated: 10/10/2025",
   "Date of update" beside a date cell);
3. `column`: a "Date of update" column; each row's own date is its update's time, and the plan's
   is the latest of them (rows with none take the plan's);
4. `file`: the file's modified time (for an upload, when it was uploaded).

A date needs a day or a month ("As at June 2025" is the end of June); an impossible date is no date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from importers.plan_dates import parse_due
from importers.plan_model import ActionPlan, DuePrecision
from peergraph.core.errors import BadRequestError

_LABEL = re.compile(
    r"\b(?:(?:position|status|progress|correct|accurate)\s+)?(?:as\s+(?:at|of))\b"
    r"|\bdate\s+of\s+(?:last\s+)?update\b|\blast\s+updated?(?:\s+on)?\b|\bupdated\s+on\b|\bdate\s+updated\b"
    r"|\bupdate\s+date\b|\breview(?:ed)?\s+date\b|\bdate\s+reviewed\b",
    re.I,
)


@dataclass(frozen=True)
class SheetDate:
    on: date
    detail: str


def _date_of(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    due = parse_due(str(value))
    return due.on if due.precision in (DuePrecision.DAY, DuePrecision.MONTH) else None


def _shown(value: Any) -> str:
    text = value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def sheet_as_of(sheet: str, rows: Sequence[Sequence[Any]]) -> SheetDate | None:
    """The date the rows above a sheet's header give the plan, with the cell that gives it."""
    for row_index, row in enumerate(rows):
        for column_index, value in enumerate(row):
            if not isinstance(value, str) or not (label := _LABEL.search(value)):
                continue
            place = f"sheet {sheet!r} cell {get_column_letter(column_index + 1)}{row_index + 1}"
            found = _date_of(value[label.end() :].strip(" :-–"))
            if found is not None:
                return SheetDate(found, f"{place}: {_shown(value)}")
            beside = next((cell for cell in row[column_index + 1 :] if cell not in (None, "")), None)
            if beside is not None and (found := _date_of(beside)) is not None:
                return SheetDate(found, f"{place}: {_shown(value)} {_shown(beside)}")
    return None


def resolve_as_of(
    plan: ActionPlan, path: Path, given: date | datetime | None, sheet_dates: Sequence[SheetDate]
) -> None:
    """Set the plan's `as_of`, `as_of_source` and `as_of_detail` by the order in the module docstring."""
    row_dates = [action.updated_on for action in plan.actions if action.updated_on is not None]
    if given is not None:
        plan.as_of, plan.as_of_source, plan.as_of_detail = given, "given", "given when imported"
    elif sheet_dates:
        latest = max(sheet_dates, key=lambda found: found.on)
        plan.as_of, plan.as_of_source, plan.as_of_detail = latest.on, "sheet", latest.detail
    elif row_dates:
        dated = sum(action.updated_on is not None for action in plan.actions)
        plan.as_of, plan.as_of_source = max(row_dates), "column"
        plan.as_of_detail = f"the latest date of update, given on {dated} of {len(plan.actions)} rows"
    else:
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
        plan.as_of, plan.as_of_source, plan.as_of_detail = modified, "file", "the file's modified time"


def parse_as_of(text: str, name: str = "--as-of") -> date | datetime:
    """A date (or ISO date-time) a person gives as the plan's as-of date, or a one-line error."""
    cleaned = text.strip()
    try:
        return datetime.fromisoformat(cleaned) if "T" in cleaned else date.fromisoformat(cleaned)
    except ValueError:
        pass
    due = parse_due(cleaned)
    if due.on is not None and due.precision is DuePrecision.DAY:
        return due.on
    reason = due.problem or "not a day; give YYYY-MM-DD, or a day such as 30/06/2025"
    raise BadRequestError(f"{name}: {cleaned!r}: {reason}")
