"""Walk a report's blocks and say, for each, which part of the report it sits in.

Reports differ in heading wording and markup ("Theme 3: Ensuring safety", "3. How the Local
Authority ensures safety within the system", a bullet reading "Leadership"), so markers are
recognised by pattern, in context: a theme named in the Background's description of the CQC
framework is not the start of that theme's findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from importers.blocks import Block, BlockKind, Document
from importers.framework import QUALITY_STATEMENTS
from importers.model import Polarity


class Part(StrEnum):
    FRONT = "front"
    EXECUTIVE_SUMMARY = "executive_summary"
    BACKGROUND = "background"
    FRAMEWORK = "framework"
    KEY_MESSAGES = "key_messages"
    CASE_FILE_AUDIT = "case_file_audit"
    THEME = "theme"
    PREPARING = "preparing_for_assessment"
    RECOMMENDATIONS = "recommendations"
    TOP_TIPS = "top_tips"
    LESSONS = "lessons"
    NEXT_STEPS = "next_steps"
    CONTACT = "contact"


FRONT_PARTS = frozenset({Part.FRONT, Part.EXECUTIVE_SUMMARY, Part.BACKGROUND, Part.FRAMEWORK})
"""Parts that describe the review itself rather than what it found."""


@dataclass(frozen=True)
class Context:
    """Where a block sits: the report part, theme, quality statement and Strengths/Considerations."""

    part: Part
    theme: int | None
    quality_statement: str | None
    prior: Polarity | None
    heading: str | None


_NUMBER_WORDS = {
    w: i for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"], 1)
}

_PART_HEADINGS: list[tuple[re.Pattern[str], Part]] = [
    (re.compile(r"^executive summary$", re.I), Part.EXECUTIVE_SUMMARY),
    (re.compile(r"^(background|report details)$", re.I), Part.BACKGROUND),
    (re.compile(r"^care quality commission\b.*\bthemes$", re.I), Part.FRAMEWORK),
    (re.compile(r"^key messages$", re.I), Part.KEY_MESSAGES),
    (re.compile(r"^case file audit( findings)?$", re.I), Part.CASE_FILE_AUDIT),
    (re.compile(r"^preparing for (the )?(cqc )?(assessment|inspection|assurance)", re.I), Part.PREPARING),
    (re.compile(r"^(summary of )?recommendations\b", re.I), Part.RECOMMENDATIONS),
    (re.compile(r"^top tips\b", re.I), Part.TOP_TIPS),
    (re.compile(r"^lessons learn", re.I), Part.LESSONS),
    (re.compile(r"^(immediate )?next steps$", re.I), Part.NEXT_STEPS),
    (re.compile(r"^contact( details)?$", re.I), Part.CONTACT),
]

_THEME_NUMBERED = re.compile(r"^theme\s*([1-4])\b", re.I)
_THEME_HOW = re.compile(
    r"^(?:([1-4])[.:)]?\s*)?how the local authority\s+(works? with people|provides? support|ensures? safety)",
    re.I,
)
_THEME_HOW_NUMBERS = {"work": 1, "prov": 2, "ensu": 3}
_LEADERSHIP = re.compile(
    r"^(?:(?:theme\s*)?4[.:)]?\s*)?(how the local authority (is|ensures) )?leadership$", re.I
)
_QUALITY_STATEMENT = re.compile(
    r"^quality statement\s+(one|two|three|four|five|six|seven|eight|nine|\d)\b", re.I
)
_STRENGTHS = re.compile(r"^(key )?strengths?( and (good|notable) practice)?$", re.I)
_CONSIDERATIONS = re.compile(
    r"^(considerations?|areas? (for|of) (development|improvement|consideration)|areas to consider)$", re.I
)
_THEME_DESCRIPTION = re.compile(r"^this theme covers", re.I)


def _marker_text(block: Block) -> str | None:
    """The block's text if it could be a section marker (a heading or a short title-like line)."""
    if block.kind is BlockKind.HEADING:
        return block.text.strip()
    if block.kind in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH) and len(block.text.split()) <= 10:
        text = block.text.strip()
        if not re.search(r"[.;:,]$", text):
            return text
    return None


def _quality_statement_id(number: int) -> tuple[str, int]:
    statement = QUALITY_STATEMENTS[number - 1]
    return statement.id, statement.theme


def walk_sections(document: Document) -> Iterator[tuple[Block, Context, bool]]:
    """Yield (block, context, is_marker) for every block, in order."""
    part, theme, statement, prior, heading = Part.FRONT, None, None, None, None
    blocks = document.blocks
    for index, block in enumerate(blocks):
        marker = _marker_text(block)
        is_marker = False
        if marker is not None:
            following = blocks[index + 1].text if index + 1 < len(blocks) else ""
            new_part = next((p for pattern, p in _PART_HEADINGS if pattern.search(marker)), None)
            theme_number: int | None = None
            if match := _THEME_NUMBERED.match(marker):
                if not _THEME_DESCRIPTION.match(following) and "this theme covers" not in marker.lower():
                    theme_number = int(match.group(1))
            elif match := _THEME_HOW.match(marker):
                theme_number = _THEME_HOW_NUMBERS[match.group(2)[:4].lower()]
            elif _LEADERSHIP.match(marker) and part is Part.THEME and theme == 3:
                theme_number = 4
            if block.kind is BlockKind.TABLE_CELL:
                theme_number = None
            if theme_number is not None:
                part, theme, statement, prior, heading = Part.THEME, theme_number, None, None, marker
                is_marker = True
            elif (qs := _QUALITY_STATEMENT.match(marker)) and block.kind is BlockKind.HEADING:
                word = qs.group(1).lower()
                number = _NUMBER_WORDS.get(word) or int(word)
                statement, theme = _quality_statement_id(number)
                part, prior, heading = Part.THEME, None, marker
                is_marker = True
            elif (new_part is not None and block.kind is BlockKind.HEADING) or (
                new_part is not None and new_part is not Part.FRAMEWORK and len(marker.split()) <= 4
            ):
                assert new_part is not None
                part, theme, statement, prior, heading = new_part, None, None, None, marker
                is_marker = True
            elif _STRENGTHS.match(marker):
                prior, heading, is_marker = Polarity.STRENGTH, marker, True
            elif _CONSIDERATIONS.match(marker):
                prior, heading, is_marker = Polarity.AREA_FOR_DEVELOPMENT, marker, True
            elif block.kind is BlockKind.HEADING:
                heading, is_marker = marker, True
        yield block, Context(part, theme, statement, prior, heading), is_marker
