"""Words for codes a brief prints: report dates, report sections, action statuses, shares."""

from __future__ import annotations

import calendar
import re
from datetime import date

from importers.plan_model import STATUS_LABELS
from peergraph.core.errors import BadRequestError

SECTION_LABELS = {
    "key_messages": "Key messages",
    "considerations": "Considerations",
    "strengths": "Strengths",
    "narrative": "Narrative",
    "case_file_audit": "Case file audit",
    "preparing_for_assessment": "Preparing for CQC assessment",
}
BRIEF_STATUS_LABELS = {**STATUS_LABELS, "no_status": "No status"}
# Sections whose headings ("Message 7") mean little without the section's name.
_NAMED_SECTIONS = frozenset({"key_messages", "case_file_audit", "preparing_for_assessment"})
_SINCE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_since(text: str | None) -> str | None:
    """A `--since` value as ISO text at its own precision (YYYY, YYYY-MM or YYYY-MM-DD), checked."""
    if text is None or not text.strip():
        return None
    match = _SINCE.match(text.strip())
    if not match:
        raise BadRequestError(f"since: {text!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        raise BadRequestError(f"since: {text!r} is not a real date") from None
    return text.strip()


def on_or_after(report_date: str | None, since: str | None) -> bool:
    """Compare at the coarser precision, so a report dated 2024-03 counts for --since 2024-03-15."""
    if since is None:
        return True
    if not report_date:
        return False
    width = min(len(report_date), len(since))
    return report_date[:width] >= since[:width]


def date_label(value: str | None) -> str:
    """ "2024-06" as "June 2024"; "2024-06-03" as "3 June 2024"; "2024" as is; none as "undated"."""
    if not value:
        return "undated"
    parts = value.split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2][:2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
        if len(parts) == 2:
            return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def section_label(section: str | None, heading: str | None) -> str:
    """The heading the passage sits under, after its section's name where the heading lacks it."""
    name = SECTION_LABELS.get(section or "", (section or "").replace("_", " ").capitalize())
    heading = (heading or "").strip()
    if not heading:
        return name
    if section in _NAMED_SECTIONS and name.casefold() not in heading.casefold():
        return f"{name}: {heading}"
    return heading


def status_label(status: str) -> str:
    return BRIEF_STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def join_words(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def noun(count: int, singular: str, many: str | None = None) -> str:
    """The word alone, agreeing with `count`: "council", "councils"."""
    return singular if count == 1 else many or singular + "s"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """ "1 council", "3 councils", "no councils"."""
    return f"{count or 'no'} {noun(count, singular, many)}"
