"""Facts about the review itself: council, dates, who commissioned it, figures, asks, contacts."""

from __future__ import annotations

import re
from datetime import date

from importers.blocks import BlockKind, Document

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?"

_REPORT_DATE = re.compile(rf"\b(?:final|feedback|draft)?\s*report:?\s*{_MONTH}\s+(\d{{4}})\b", re.I)
_MONTH_YEAR_LINE = re.compile(rf"^{_MONTH}\s+(\d{{4}})$", re.I)
_ONSITE = re.compile(
    rf"{_WEEKDAY}{_DAY}(?:\s+{_MONTH})?\s*(?:to|–|-|and|until)\s*{_WEEKDAY}{_DAY}\s+{_MONTH}(?:\s+(\d{{4}}))?",
    re.I,
)
_ONSITE_CONTEXT = re.compile(r"\b(on[- ]?site|onsite|were in|was in|team (was|were) in|between)\b", re.I)

_FIGURES = {
    "documents_read": re.compile(r"(\d[\d,]*)\s+(?:different\s+|other\s+)?documents", re.I),
    "meetings": re.compile(r"(\d[\d,]*)\s+meetings", re.I),
    "people_met": re.compile(r"(\d[\d,]*)\s+(?:different\s+)?people\b", re.I),
    "cases_audited": re.compile(
        r"(?:audit(?:ed)? of|covering|reviewed|considered|audited)\s+(\d+)\s+(?:case files|cases|files)", re.I
    ),
    "hours_on_site": re.compile(r"(\d[\d,]*)\s+hours", re.I),
}


def report_date(document: Document, onsite_end: date | None) -> str | None:
    """Month of publication as YYYY-MM: the "Final report: …" line, a lone month line, or on-site end."""
    head = document.text[:6000]
    if match := _REPORT_DATE.search(head):
        return f"{int(match.group(2)):04d}-{MONTHS[match.group(1).lower()]:02d}"
    for block in document.blocks[:12]:
        if match := _MONTH_YEAR_LINE.match(block.text.strip()):
            return f"{int(match.group(2)):04d}-{MONTHS[match.group(1).lower()]:02d}"
    if onsite_end is not None:
        return f"{onsite_end.year:04d}-{onsite_end.month:02d}"
    return None


def onsite_dates(document: Document, fallback_year: int | None) -> tuple[date | None, date | None]:
    """First and last day on site, from sentences like "on site from 17 to 19 June 2024"."""
    for block in document.blocks:
        if block.kind is BlockKind.HEADING or not _ONSITE_CONTEXT.search(block.text):
            continue
        for match in _ONSITE.finditer(block.text):
            start_day, start_month, end_day, end_month, year = match.groups()
            year_number = int(year) if year else fallback_year
            if year_number is None:
                continue
            end_month_number = MONTHS[end_month.lower()]
            start_month_number = MONTHS[start_month.lower()] if start_month else end_month_number
            try:
                return (
                    date(year_number, start_month_number, int(start_day)),
                    date(year_number, end_month_number, int(end_day)),
                )
            except ValueError:
                continue
    return None, None


def figures(document: Document) -> dict[str, int]:
    """Documents read, meetings, people met, cases audited and hours, from the report's background.

    Only the front of the report counts (everything before the key messages, case file audit or
    the first theme), so "48 hours" in a finding is never taken for time on site.
    """
    from importers.sections import FRONT_PARTS, walk_sections

    found: dict[str, int] = {}
    text = "\n".join(
        block.text for block, context, _ in walk_sections(document) if context.part in FRONT_PARTS
    )
    for name, pattern in _FIGURES.items():
        if match := pattern.search(text):
            found[name] = int(match.group(1).replace(",", ""))
    return found


_COMMISSIONED = re.compile(
    r"(?:work (?:in [\w ]+ )?was (?:commissioned|led|sponsored) by|commissioned by)\s+([^.]+?)"
    r"(?:,? and supported|(?<!\b[A-Z])\.(?:\s|$)|(?-i:\s+The\s)|$)",
    re.I,
)


def commissioned_by(document: Document) -> str | None:
    if match := _COMMISSIONED.search(document.text[:10000]):
        return match.group(1).strip(" ,")
    return None


_ASK_INTRO = re.compile(
    r"(asked (the )?(lga )?peer (challenge )?team to (comment|look|consider|focus)|questions posed by the council"
    r"|specific areas|the council (was|were) seeking|the dass was seeking|was seeking an? (external|independent))",
    re.I,
)


_FINDINGS_START = re.compile(
    r"^(theme\s*1\b|case file audit|1[.:]? how the local authority|how the local authority)", re.I
)
_UNPUNCTUATED = re.compile(r"[^.!?:;]\s*$")


def council_asks(document: Document) -> list[str]:
    """What the council asked the peer team to look at: the sentence that says so and its list.

    Only the front of the report counts (before the case file audit or Theme 1), and a
    "questions posed by the council … as follows" sentence takes the question titles after it.
    """
    asks: list[str] = []
    blocks = document.blocks
    front = next(
        (
            i
            for i, b in enumerate(blocks)
            if b.kind is not BlockKind.TABLE_CELL
            and _FINDINGS_START.match(b.text)
            and i > 5
            and not blocks[min(i + 1, len(blocks) - 1)].text.lower().startswith("this theme covers")
        ),
        len(blocks),
    )
    for index, block in enumerate(blocks[:front]):
        if block.kind is BlockKind.HEADING or not _ASK_INTRO.search(block.text):
            continue
        following = blocks[index + 1 : front]
        if re.search(r"\bas follows\b", block.text, re.I):
            asks.extend(b.text for b in following if _UNPUNCTUATED.search(b.text) and len(b.text) > 30)
            continue
        items = []
        for item in following:
            if item.kind is not BlockKind.LIST_ITEM:
                break
            items.append(item.text)
        if items and block.text.rstrip().endswith(":"):
            asks.extend(items)
        else:
            sentence = next(
                (s.strip() for s in re.split(r"(?<=[.])\s+", block.text) if _ASK_INTRO.search(s)), None
            )
            if sentence:
                asks.append(sentence)
                asks.extend(items)
    return list(dict.fromkeys(asks))


_CONTACT_SENTENCE = re.compile(r"([A-Z][a-z]+(?:\s+[A-Z][a-zA-Z'-]+){1,2}) is the (main contact[^.:]*)")
_PERSON_NAME = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2}$")
_NOT_NAME_WORDS = {"local", "government", "association", "contact", "details", "immediate", "next", "steps"}
_CHIA = re.compile(
    r"([A-Z][a-z]+\s+[A-Z][a-zA-Z'-]+),\s+the\s+([\w ]*(?:Care and Health Improvement Advis[eo]r|Principal Advis[eo]r)"
    r"[^,.;]*)"
)


def lga_contacts(document: Document) -> list[str]:
    """LGA people named as contacts: "Name, role" for main contacts, CHIAs and programme leads."""
    contacts: list[str] = []
    text = document.text
    for match in _CONTACT_SENTENCE.finditer(text):
        contacts.append(f"{match.group(1)}, {match.group(2).strip()}")
    for match in _CHIA.finditer(text):
        contacts.append(f"{match.group(1)}, {match.group(2).strip()}")
    blocks = document.blocks
    for index, block in enumerate(blocks[:-1]):
        name = block.text.split(" - ")[0].strip()
        if (
            block.kind is BlockKind.HEADING
            and _PERSON_NAME.match(name)
            and not _NOT_NAME_WORDS & set(name.lower().split())
            and index > len(blocks) * 0.7
        ):
            role = block.text.split(" - ", 1)[1] if " - " in block.text else blocks[index + 1].text
            contacts.append(f"{name}, {role.strip(' <>')}")
    return list(dict.fromkeys(contacts))
