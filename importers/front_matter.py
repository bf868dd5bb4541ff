"""Facts about the review itself: council, dates, who commissioned it, figures, asks, contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from importers.blocks import BlockKind, Document
from importers.councils import CouncilMatch, CouncilTable, load_councils
from importers.model import PeerTeamMember
from importers.review_dates import review_dates
from importers.team_list import find_peer_team

_FIGURES = {
    "documents_read": re.compile(r"(\d[\d,]*)\s+(?:different\s+|other\s+)?documents", re.I),
    "meetings": re.compile(r"(\d[\d,]*)\s+meetings", re.I),
    "people_met": re.compile(r"(\d[\d,]*)\s+(?:different\s+)?people\b", re.I),
    "cases_audited": re.compile(
        r"(?:audit(?:ed)? of|covering|reviewed|considered|audited)\s+(\d+)\s+(?:case files|cases|files)", re.I
    ),
    "hours_on_site": re.compile(r"(\d[\d,]*)\s+hours", re.I),
}


@dataclass(frozen=True)
class FrontMatter:
    """Who the review was of and by, and when: what the front of a report says about itself."""

    council: CouncilMatch | None
    report_month: str | None
    onsite_start: date | None
    onsite_end: date | None
    peer_team: list[PeerTeamMember]


def read_front_matter(document: Document, councils: CouncilTable | None = None) -> FrontMatter:
    """The council (not counting councils named in the team list), dates and peer team.

    Works on a report's opening alone, without its findings.
    """
    table = councils if councils is not None else load_councils()
    team = find_peer_team(document, table)
    dates = review_dates(document)
    return FrontMatter(
        council=table.identify(document.text, ignore=team.spans),
        report_month=dates.report_month,
        onsite_start=dates.onsite_start,
        onsite_end=dates.onsite_end,
        peer_team=team.members,
    )


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
