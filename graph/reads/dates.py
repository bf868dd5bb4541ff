"""Report-date filters shared by the reads: bounds given as YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

from peergraph.core.errors import BadRequestError

DATE_FORM = r"^\s*([0-9]{4}(-[0-9]{2}){0,2})?\s*$"
"""What a date filter accepts (YYYY, YYYY-MM or YYYY-MM-DD, or nothing), for the API's schema."""


def date_bound(text: str | None, field: str, *, upper: bool) -> str | None:
    """A date bound widened to a whole day (YYYY-MM-DD) for comparing; a bad one is a 400."""
    text = (text or "").strip()
    if not text:
        return None
    parts = text.split("-")
    if not (
        1 <= len(parts) <= 3
        and len(parts[0]) == 4
        and all(part.isascii() and part.isdigit() for part in parts)
        and all(len(part) == 2 for part in parts[1:])
    ):
        raise BadRequestError(f"{field}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    filler = ["12", "31"] if upper else ["01", "01"]
    return "-".join(parts + filler[len(parts) - 1 :])


def within_dates(report_date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a report dated `report_date` (YYYY-MM or a day) may fall between the bounds.

    A report dated by month only is kept when any day of that month is inside them; an undated
    report is kept only when no bound is given.
    """
    low = date_bound(date_from, "from", upper=False)
    high = date_bound(date_to, "to", upper=True)
    if low is None and high is None:
        return True
    if not report_date:
        return False
    try:
        latest = date_bound(report_date, "report_date", upper=True)
        earliest = date_bound(report_date, "report_date", upper=False)
    except BadRequestError:
        return False
    assert latest is not None and earliest is not None
    return (low is None or latest >= low) and (high is None or earliest <= high)
