"""Find the peer team list in a report and read each of its entries.

The list follows a sentence or heading that introduces it ("The members of the peer challenge
team were:", "2.1 The peer team", "Peer team members") and is written as bullets or a numbered
list, as one paragraph per member, as a table (one row per member, with or without a header
row saying which column is the name, role or organisation), or inside the sentence itself ("The
peer team were: A (Lead Peer), B (Member Peer) and C"). A report that names no team gives an
empty list: nothing is guessed from names met elsewhere in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.blocks import Block, BlockKind, Document
from importers.councils import CouncilTable
from importers.model import PeerTeamMember
from importers.peer_team import member_from_columns, parse_member_line, split_name, strip_honorifics
from importers.sentences import split_sentences

_TEAM = (
    r"(?:members\s+of\s+(?:the|this)\b[^.:;]{0,80}?\bteam|(?:the\s+)?(?:lga\s+)?(?:adult\s+social\s+care\s+)?"
    r"(?:peer|challenge|review)(?:\s+(?:challenge|review))?\s+team(?:\s+members)?|the\s+team(?:\s+members)?)"
)
_VERB = (
    r"(?:were|was|are|is|comprised(?:\s+of)?|comprises|consisted\s+of|consists\s+of|included|includes"
    r"|(?:was|were|is|are)\s+made\s+up\s+of|(?:was|were)\s+as\s+follows|(?:was|were)\s+composed\s+of)"
)
_INTRO = re.compile(
    rf"(?i)\b{_TEAM}\s+{_VERB}\b(?P<after>[^.]*?)(?::|\bas\s+follows\b[.:]?)\s*(?P<inline>.*)$"
)
_HEADING = re.compile(
    r"(?i)^(?:\d+(?:\.\d+)*\.?\s*)?(?:the\s+)?(?:lga\s+)?(?:membership\s+of\s+the\s+)?(?:members\s+of\s+the\s+)?"
    r"(?:peer\s+(?:challenge\s+|review\s+)?team|challenge\s+team|review\s+team)(?:\s+members(?:hip)?)?"
    r"|(?:\d+(?:\.\d+)*\.?\s*)?(?:the\s+)?team\s+members(?:hip)?\s*:?$"
)
_HEADING_END = re.compile(r"\s*:?\s*$")
_HEADER_WORDS = {
    "name": "name",
    "names": "name",
    "peer": "name",
    "member": "name",
    "team member": "name",
    "role": "role",
    "peer role": "role",
    "team role": "role",
    "role on the team": "role",
    "role in the team": "role",
    "job title": "job",
    "title": "job",
    "position": "job",
    "job": "job",
    "job title and organisation": "job",
    "role and organisation": "job",
    "organisation": "organisation",
    "organization": "organisation",
    "council": "organisation",
    "employer": "organisation",
    "authority": "organisation",
}
_MAX_ENTRY_WORDS = 45
_PROSE_VERB = re.compile(r"(?i)\b(?:was|were|is|are|has|have|had|will|would|spent|met|attended|joined)\b")
_LIST_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?:and\s+)?|\s+and\s+(?![^()]*\))")


@dataclass
class TeamList:
    """The members a report lists, and the spans of `document.text` the list takes up."""

    members: list[PeerTeamMember] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _is_heading_intro(block: Block) -> bool:
    text = block.text.strip()
    if len(text.split()) > 8 or block.kind is BlockKind.TABLE_CELL:
        return False
    match = _HEADING.match(text)
    return match is not None and _HEADING_END.fullmatch(text[match.end() :]) is not None


def _sentence_intro(block: Block) -> re.Match[str] | None:
    """The sentence of the block that introduces the team, with what follows it in `inline`."""
    if block.kind is BlockKind.TABLE_CELL or "team" not in block.text.lower():
        return None
    for start, end in split_sentences(block.text):
        if match := _INTRO.search(block.text[start:end]):
            return match
    return None


def find_peer_team(document: Document, councils: CouncilTable | None = None) -> TeamList:
    """The first introduced list in the report that names at least one member."""
    blocks = document.blocks
    for index, block in enumerate(blocks):
        found: TeamList | None = None
        if (match := _sentence_intro(block)) is not None:
            inline = match["inline"].strip()
            if inline:
                found = _sentence_list(block, inline, councils)
            else:
                found = _entries_after(blocks, index + 1, councils)
        elif _is_heading_intro(block):
            start = index + 1
            # A heading may be followed by its own introducing sentence ("The team was:").
            if start < len(blocks) and (following := _sentence_intro(blocks[start])) is not None:
                if following["inline"].strip():
                    found = _sentence_list(blocks[start], following["inline"].strip(), councils)
                else:
                    start += 1
            found = found if found and found.members else _entries_after(blocks, start, councils)
        if found is not None and found.members:
            return found
    return TeamList()


def _entries_after(blocks: list[Block], start: int, councils: CouncilTable | None) -> TeamList:
    """Members from the list, paragraphs or table that begin at `start`."""
    if start >= len(blocks):
        return TeamList()
    first = blocks[start]
    if first.kind is BlockKind.TABLE_CELL:
        return _table_members(blocks, start, councils)
    if first.kind is BlockKind.LIST_ITEM:
        kinds = {BlockKind.LIST_ITEM}
    else:  # one paragraph per member, which a text file's short lines may leave looking like headings
        kinds = {BlockKind.PARAGRAPH, BlockKind.HEADING}
    team = TeamList()
    top = first.level
    for block in blocks[start:]:
        if block.kind not in kinds:
            break
        if block.kind is BlockKind.LIST_ITEM and block.level > top and team.members:
            continue  # a note under an entry ("Lead peer"), not an entry of its own
        members = _entry(block.text, councils)
        if not members:
            break
        team.members.extend(members)
        team.spans.append((block.start, block.end))
    return team


def _entry(text: str, councils: CouncilTable | None) -> list[PeerTeamMember]:
    """An entry's members, or none when the block reads as prose rather than a list entry."""
    if len(text.split()) > _MAX_ENTRY_WORDS:
        return []
    members = parse_member_line(text, councils)
    if members and _PROSE_VERB.search(text) and not re.search(r"[,–—:(]", text[: len(text) // 2 + 1]):
        return []  # "Gavin Butler attended for the three days …": a note about a member
    return members


def _rows(blocks: list[Block], start: int) -> tuple[list[list[Block]], int]:
    """The table's rows of cells from `start`, and the index after it; a row starts where the
    column does not go up."""
    rows: list[list[Block]] = []
    index = start
    while index < len(blocks) and blocks[index].kind is BlockKind.TABLE_CELL:
        cell = blocks[index]
        if not rows or cell.level <= rows[-1][-1].level:
            rows.append([])
        rows[-1].append(cell)
        index += 1
    return rows, index


def _header(row: list[Block]) -> dict[int, str] | None:
    """Which column holds what, when the row is a header row ("Name | Role | Organisation")."""
    fields: dict[int, str] = {}
    for cell in row:
        key = _HEADER_WORDS.get(cell.text.strip(" :*").lower())
        if key is None:
            return None
        fields[cell.level] = key
    return fields if "name" in fields.values() else None


def _table_members(blocks: list[Block], start: int, councils: CouncilTable | None) -> TeamList:
    rows, _ = _rows(blocks, start)
    team = TeamList()
    if not rows:
        return team
    header = _header(rows[0])
    for row in rows[1:] if header else rows:
        members = _row_members(row, header, councils)
        if members:
            team.members.extend(members)
            team.spans.extend((cell.start, cell.end) for cell in row)
        elif team.members:
            break
    return team


def _row_members(
    row: list[Block], header: dict[int, str] | None, councils: CouncilTable | None
) -> list[PeerTeamMember]:
    if header is not None:
        values: dict[str, str] = {}
        for cell in row:
            if (key := header.get(cell.level)) is not None:
                values[key] = f"{values[key]}, {cell.text}" if key in values else cell.text
        if not values.get("name"):
            return []
        member = member_from_columns(
            values["name"], values.get("role"), values.get("job"), values.get("organisation"), councils
        )
        return [member] if member else []
    texts = [cell.text for cell in row]
    # A role first ("Lead Peer | Jo Bloggs | Director, Anyshire Council") reads as "Role: Name, …".
    if len(texts) > 1 and not _names_person(texts[0]) and _names_person(texts[1]):
        return parse_member_line(f"{texts[0]}: {', '.join(texts[1:])}", councils)
    return parse_member_line(", ".join(texts), councils)


def _names_person(text: str) -> bool:
    body, _ = strip_honorifics(text.strip().replace("**", ""))
    name, rest = split_name(body + ",")
    return bool(name) and not rest.strip(" ,*")


def _sentence_list(block: Block, inline: str, councils: CouncilTable | None) -> TeamList:
    """Members listed inside the introducing sentence: "A (Lead Peer), B, Director, X Council and C".

    The sentence is cut at semicolons, commas and "and"; a piece that begins with a person's name
    starts a new entry and any other piece (a job, a council) belongs to the entry before it.
    """
    inline = inline.rstrip(" .")
    entries: list[str] = []
    position = 0
    separator = ""
    for match in [*_LIST_SPLIT.finditer(inline), None]:
        end = match.start() if match else len(inline)
        piece = inline[position:end].strip()
        if piece:
            body, _ = strip_honorifics(piece)
            if not entries or split_name(body + ",")[0]:
                entries.append(piece)
            else:
                entries[-1] += separator + piece  # a job or a council: part of the entry before
        separator = match.group(0) if match else ""
        position = match.end() if match else len(inline)
    team = TeamList()
    for entry in entries:
        team.members.extend(parse_member_line(entry, councils))
    if team.members:
        team.spans.append((block.start, block.end))
    return team
