"""When the review happened: the report's month and the days the team was on site.

The report month is the month the report gives for itself, found in this order:

1. a dated line in the title block, before the first paragraph of prose: "Final report: August
   2023", "Final report - October 2023", "Date of report – March 2024", "Feedback report: 6 - 8
   June 2023" (a range gives its last day's month), "Published 12/03/2024", a month alone under
   the title ("July 2023"), or a title ending in one ("… peer challenge report, March 2024");
2. else the day feedback was presented ("the presentation delivered to the Council on 19 June
   2024"), the feedback being what the report writes up;
3. else the last day on site ("The team was on site from 17 to 19 June 2024"), since the team
   presents its feedback on its last day there.

Only the front of the report is read for these (before the findings), so a date in a finding or
in background ("On 10th June 2021 the then Secretary of State …") is never taken for the report's.
A report that gives none of them has no month: nothing is guessed from other years in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from importers.blocks import Block, BlockKind, Document

_MONTH_NAMES = (
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_ABBREVIATED = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_TO = r"\s*(?:to|–|—|-|and|until|till|&)\s*"
_YEAR = r"(?:19|20)\d{2}"
# "6 - 8 June 2023", "Tuesday 19th to Friday 22nd September 2023", "30 May to 1 June 2024",
# "17, 18 and 19 June 2024", "the 5th of March 2024", "June 2023", "6th June 2023".
_WRITTEN = re.compile(
    rf"(?i)\b(?:{_WEEKDAY}(?:the\s+)?(?P<first>{_DAY})(?:\s+(?:of\s+)?(?P<first_month>{_MONTH}))?"
    rf"(?:\s*,\s*{_DAY})*{_TO}{_WEEKDAY}(?:the\s+)?)?(?:(?P<day>{_DAY})\s+(?:of\s+)?)?"
    rf"(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))\b"
)
_YEARLESS_RANGE = re.compile(
    rf"(?i)\b{_WEEKDAY}(?:the\s+)?(?P<first>{_DAY})(?:\s+(?:of\s+)?(?P<first_month>{_MONTH}))?"
    rf"(?:\s*,\s*{_DAY})*{_TO}{_WEEKDAY}(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})"
    rf"(?P<year>)(?!,?\s+{_YEAR})\b"
)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>(?:19|20)\d{2})\b")
_LABEL = re.compile(
    r"(?i)\b(?:(?:final|feedback|draft|full|summary|peer\s+challenge|challenge)\s+report|report\s+date"
    r"|date\s+of\s+(?:the\s+)?(?:report|publication|issue)|publication\s+date|published(?:\s+on)?"
    r"|issued(?:\s+on)?|dated|date|report)\s*[:\-–—]?\s*$"
)
_LINE_FURNITURE = re.compile(r"(?i)\b(?:final|draft|version\s*\d+(?:\.\d+)?|v\d+(?:\.\d+)?)\b|[|:,–—()-]")
_TITLE_WORDS = re.compile(r"(?i)\b(?:peer\s+(?:challenge|review)|report|assurance)\b")
_FEEDBACK = re.compile(r"(?i)\b(?:feedback|presentation|presented)\b[^.]{0,120}?\bon\s+(?:the\s+)?$")
_ONSITE_CONTEXT = re.compile(
    r"(?i)\b(?:on[- ]?site|onsite|were\s+in|was\s+in|visited|site\s+visit|took\s+place|spent)\b"
)
_PROSE_WORDS = 25
_TITLE_BLOCKS = 20


@dataclass(frozen=True)
class ReviewDates:
    """The report month ("YYYY-MM" or None) and the first and last day on site."""

    report_month: str | None
    onsite_start: date | None
    onsite_end: date | None


@dataclass(frozen=True)
class _Found:
    start: date | None
    end: date
    at: int  # offset of the match in the searched text
    stop: int


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or _ABBREVIATED[key[:4] if key.startswith("sept") else key[:3]]


def _dated(match: re.Match[str], fallback_year: int | None = None) -> _Found | None:
    """The (first day, last day) a written date or range says; None for an impossible date."""
    year = int(match["year"]) if match["year"] else fallback_year
    if year is None:
        return None
    month = _month_number(match["month"])
    try:
        last_day = int(re.sub(r"\D", "", match["day"])) if match["day"] else None
        first_day = int(re.sub(r"\D", "", match["first"])) if match["first"] else None
        if last_day is None:
            return _Found(None, date(year, month, 1), match.start(), match.end())
        end = date(year, month, last_day)
        if first_day is None:
            return _Found(end, end, match.start(), match.end())
        first_month = _month_number(match["first_month"]) if match["first_month"] else month
        first_year = year - 1 if first_month > month else year
        return _Found(date(first_year, first_month, first_day), end, match.start(), match.end())
    except ValueError:
        return None


def _dates_in(text: str) -> list[_Found]:
    found = [f for m in _WRITTEN.finditer(text) if (f := _dated(m))]
    for match in _NUMERIC.finditer(text):
        try:
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue
        found.append(_Found(day, day, match.start(), match.end()))
    return sorted(found, key=lambda f: f.at)


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def title_blocks(document: Document) -> list[Block]:
    """The blocks before the first paragraph of prose: title, banners, dates, contents."""
    blocks: list[Block] = []
    for block in document.blocks[:_TITLE_BLOCKS]:
        if (
            block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            and len(block.text.split()) >= _PROSE_WORDS
        ):
            break
        blocks.append(block)
    return blocks


def title_date(document: Document) -> date | None:
    """The date the title block gives the report (its last day, for a range), or None."""
    labelled: date | None = None
    alone: date | None = None
    titled: date | None = None
    for block in title_blocks(document):
        text = block.text.strip()
        for found in _dates_in(text):
            before, after = text[: found.at], text[found.stop :]
            if labelled is None and _LABEL.search(before):
                labelled = found.end
            elif alone is None and not _LINE_FURNITURE.sub(" ", before + " " + after).strip():
                alone = found.end
            elif titled is None and _TITLE_WORDS.search(before) and not after.strip(" .)"):
                titled = found.end
    return labelled or alone or titled


def _front_blocks(document: Document) -> list[Block]:
    from importers.sections import FRONT_PARTS, walk_sections

    return [b for b, context, _ in walk_sections(document) if context.part in FRONT_PARTS]


def onsite_dates(blocks: list[Block], report: date | None) -> tuple[date | None, date | None]:
    """First and last day on site, from a sentence about the visit that gives a range of days.

    A range without its year ("between 26 – 28 September") is dated by the report's own date:
    its year, or the year before when the month falls after the report's. Without one it is not read.
    """
    for block in blocks:
        if block.kind is BlockKind.HEADING or not _ONSITE_CONTEXT.search(block.text):
            continue
        for match in _WRITTEN.finditer(block.text):
            found = _dated(match) if match["first"] else None
            if found is not None and found.start is not None:
                return found.start, found.end
        if report is None:
            continue
        for match in _YEARLESS_RANGE.finditer(block.text):
            year = report.year - 1 if _month_number(match["month"]) > report.month else report.year
            found = _dated(match, year)
            if found is not None and found.start is not None:
                return found.start, found.end
    return None, None


def feedback_date(blocks: list[Block]) -> date | None:
    """The day the feedback was presented, where the front of the report says so."""
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            continue
        for found in _dates_in(block.text):
            if found.start is not None and _FEEDBACK.search(block.text[max(0, found.at - 160) : found.at]):
                return found.end
    return None


def review_dates(document: Document) -> ReviewDates:
    """The report month (by the order in the module docstring) and the on-site days."""
    front = _front_blocks(document)
    titled = title_date(document)
    start, end = onsite_dates(front, titled)
    chosen = titled or feedback_date(front) or end
    return ReviewDates(_month(chosen) if chosen else None, start, end)
