"""Due dates as councils write them in action plans, UK style, to the last day the text allows.

| text                                    | date        | precision |
|-----------------------------------------|-------------|-----------|
| 31/03/2025, 31.03.25, 2025-03-31         | 2025-03-31  | day       |
| 31 March 2025, 31st Mar 25, 31-Mar-2025  | 2025-03-31  | day       |
| March 2025, Mar-25, end of March 25      | 2025-03-31  | month     |
| by end March 2025, 03/2025, 2025-03      | 2025-03-31  | month     |
| Q3 2024/25 (UK financial year, Q1=Apr)   | 2024-12-31  | quarter   |
| Q1 2025 (calendar quarter)               | 2025-03-31  | quarter   |
| Spring / Summer / Autumn 2025            | 31 May / 31 Aug / 30 Nov | quarter |
| Winter 2025 (Dec–Feb), Winter 2024/25    | end of February after | quarter |
| 2025/26, 2025-26, FY25/26 (financial)    | 2026-03-31  | year      |
| 2025, end of 2025                        | 2025-12-31  | year      |
| ongoing, TBC, immediate, 31 March        | none        | none      |
| 31/02/2025, 03/31/2025, 13/2025, Q5 2024/25, Q3 2024/26 | none, with a `problem` | none |

Numeric dates are always day/month/year: "03/31/2025" is no date rather than a guess at US
order. A text shaped like a date that no calendar has (the 31st of February, a fifth quarter,
a financial year whose years do not follow each other) gives no date and says why in
`problem`, so the reader can report the cell. When a cell holds several dates ("June 2025,
revised to March 2026") the latest is due; one impossible date among them makes the cell give none.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from importers.plan_model import DuePrecision

DAY, MONTH, QUARTER, YEAR = (
    DuePrecision.DAY,
    DuePrecision.MONTH,
    DuePrecision.QUARTER,
    DuePrecision.YEAR,
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(\d{4}|\d{2})"
_SEASON_END = {"spring": (5, 0), "summer": (8, 0), "autumn": (11, 0), "fall": (11, 0), "winter": (2, 1)}


@dataclass(frozen=True)
class DueDate:
    """A due date and how precisely the text gave it; both None when the text names no date.

    `problem` says why a text shaped like a date gives none ("no such day: 31/02/2025").
    """

    on: date | None = None
    precision: DuePrecision | None = None
    problem: str | None = None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int | None:
    """A four- or two-digit year (two digits are 20xx), or None outside 1990–2100."""
    year = int(text) + (2000 if len(text) == 2 else 0)
    return year if 1990 <= year <= 2100 else None


def _next_year(first: int, second: str) -> bool:
    """True when `second` ("25" or "2025") is the year after `first`, as in 2024/25."""
    return int(second) == (first + 1 if len(second) == 4 else (first + 1) % 100)


def _day(year_text: str, month: int, day: int, text: str) -> DueDate:
    year = _year(year_text)
    if year is None:
        return DueDate(problem=f"year out of range (1990-2100): {text}")
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        # e.g. 31/02/2025, or US order 03/31/2025: consumed, but never guessed at
        return DueDate(problem=f"no such day (dates read day/month/year): {text}")
    return DueDate(date(year, month, day), DAY)


def _month(year_text: str, month: int, text: str) -> DueDate | None:
    year = _year(year_text)
    if year is None:
        return None
    return (
        DueDate(month_end(year, month), MONTH)
        if 1 <= month <= 12
        else DueDate(problem=f"no such month: {text}")
    )


def _no_quarter(quarter: int, text: str) -> DueDate | None:
    """A problem for a quarter numbered outside 1-4, else None (the quarter is fine)."""
    return None if 1 <= quarter <= 4 else DueDate(problem=f"no such quarter (Q1-Q4): {text}")


def _financial_quarter(quarter: int, first_text: str, second_text: str, text: str) -> DueDate | None:
    first = _year(first_text)
    if first is None:
        return None
    if (impossible := _no_quarter(quarter, text)) is not None:
        return impossible
    if not _next_year(first, second_text):
        return DueDate(problem=f"no such financial year (its years must follow each other): {text}")
    # UK financial year from April: Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec of the first year; Q4 Jan–Mar.
    year, month = (first, 3 + 3 * quarter) if quarter < 4 else (first + 1, 3)
    return DueDate(month_end(year, month), QUARTER)


def _calendar_quarter(quarter: int, year_text: str, text: str) -> DueDate | None:
    year = _year(year_text)
    if year is None:
        return None
    return _no_quarter(quarter, text) or DueDate(month_end(year, 3 * quarter), QUARTER)


def _season(season: str, year_text: str, second_text: str | None) -> DueDate | None:
    year = _year(year_text)
    if year is None:
        return None
    month, offset = _SEASON_END[season.lower()]
    if second_text is not None:  # "Winter 2024/25": the season ends in the second year
        if not _next_year(year, second_text):
            return None
        offset = 1 if season.lower() == "winter" else 0
    return DueDate(month_end(year + offset, month), QUARTER)


def _financial_year(first_text: str, second_text: str, prefixed: bool) -> DueDate | None:
    first = _year(first_text)
    # A bare "11/12" could be a day and month; two-digit years need a prefix or to be past 12.
    if first is None or (len(first_text) == 2 and not prefixed and int(first_text) <= 12):
        return None
    return DueDate(date(first + 1, 3, 31), YEAR) if _next_year(first, second_text) else None


def _calendar_year(year_text: str) -> DueDate | None:
    year = _year(year_text)
    return DueDate(date(year, 12, 31), YEAR) if year else None


_Builder = Callable[[re.Match[str]], DueDate | None]
# Most specific first; a match overlapping one already taken is ignored.
_PATTERNS: list[tuple[re.Pattern[str], _Builder]] = [
    (
        re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
        lambda m: _day(m[1], int(m[2]), int(m[3]), m[0]),
    ),
    (
        re.compile(r"\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*" + _YEAR + r"\b"),
        lambda m: _day(m[3], int(m[2]), int(m[1]), m[0]),
    ),
    (
        re.compile(
            r"\b(\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?" + _MONTH + r"[\s\-,]+" + _YEAR + r"\b", re.I
        ),
        lambda m: _day(m[3], _MONTHS[m[2].lower()], int(m[1]), m[0]),
    ),
    (
        re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,\s*(\d{4})\b", re.I),
        lambda m: _day(m[3], _MONTHS[m[1].lower()], int(m[2]), m[0]),
    ),
    (
        re.compile(
            r"\bQ(?:uarter)?\s*(\d{1,2})\s*(?:of\s+)?(?:FY\s*)?" + _YEAR + r"\s*[/\-]\s*" + _YEAR + r"\b",
            re.I,
        ),
        lambda m: _financial_quarter(int(m[1]), m[2], m[3], m[0]),
    ),
    (
        re.compile(r"\b(?:FY\s*)?" + _YEAR + r"\s*[/\-]\s*" + _YEAR + r"\s*Q(?:uarter)?\s*(\d{1,2})\b", re.I),
        lambda m: _financial_quarter(int(m[3]), m[1], m[2], m[0]),
    ),
    (
        re.compile(r"\bQ(?:uarter)?\s*(\d{1,2})\s*(?:of\s+)?" + _YEAR + r"\b", re.I),
        lambda m: _calendar_quarter(int(m[1]), m[2], m[0]),
    ),
    (
        re.compile(r"\b(\d{4})\s*Q(\d{1,2})\b", re.I),
        lambda m: _calendar_quarter(int(m[2]), m[1], m[0]),
    ),
    (
        re.compile(
            r"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _YEAR + r"(?:\s*/\s*" + _YEAR + r")?\b",
            re.I,
        ),
        lambda m: _season(m[1], m[2], m[3]),
    ),
    (
        re.compile(r"\b(FY\s*|financial year\s*)?" + _YEAR + r"\s*[/\-]\s*" + _YEAR + r"\b", re.I),
        lambda m: _financial_year(m[2], m[3], prefixed=bool(m[1])),
    ),
    (
        re.compile(r"\b" + _MONTH + r"[\s\-',]*" + _YEAR + r"\b", re.I),
        lambda m: _month(m[2], _MONTHS[m[1].lower()], m[0]),
    ),
    (
        re.compile(r"\b(\d{1,2})\s*/\s*(\d{4})\b|\b(\d{4})-(\d{2})\b"),
        lambda m: _month(m[2], int(m[1]), m[0]) if m[1] else _month(m[3], int(m[4]), m[0]),
    ),
    (
        re.compile(r"\b(20\d{2})\b"),
        lambda m: _calendar_year(m[1]),
    ),
]


def parse_due(text: str) -> DueDate:
    """The date a due cell's text means (the latest, when it names several), with its precision."""
    taken: list[tuple[int, int]] = []
    found: list[DueDate] = []
    for pattern, build in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            due = build(match)
            if due is None:
                continue
            taken.append(match.span())
            if due.problem is not None:
                return due
            if due.on is not None:
                found.append(due)
    if not found:
        return DueDate()
    finer = list(DuePrecision)
    return max(found, key=lambda due: (due.on, -finer.index(due.precision or YEAR)))


def excel_due(value: datetime | date, number_format: str) -> tuple[DueDate, str]:
    """A date cell's due date and its text as shown: a format without days ("mmm-yy") means a month."""
    day = value.date() if isinstance(value, datetime) else value
    # Drop quoted literals and [colour]/[locale] codes before looking for d, m and y.
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]', "", number_format.lower())
    if "d" in shown or "m" not in shown or "y" not in shown:
        return DueDate(day, DAY), day.strftime("%d/%m/%Y")
    text = day.strftime("%B %Y" if "mmmm" in shown else "%b-%y")
    return DueDate(month_end(day.year, day.month), MONTH), text
