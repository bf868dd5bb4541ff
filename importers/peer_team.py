"""Read the peer team list ("Alan Sinclair (Lead Peer), Director of Adults & Health, West Sussex
County Council.") into name, team role, job title and organisation.

Reports punctuate these lines in several ways: commas, runs of spaces, or nothing at all between
the name and the job title ("Victoria Collins Director of Adult Services Milton Keynes City
Council, Lead Peer"), so the name ends where the first job-title word begins.
"""

from __future__ import annotations

import re

from importers.model import PeerTeamMember

_HONORIFIC = re.compile(r"^(councillor|cllr\.?|dr\.?|mr\.?|mrs\.?|ms\.?|professor|prof\.?)\s+", re.I)
_ROLE_IN_BRACKETS = re.compile(r"\((lead peer|member peer|[^()]*peer[^()]*|challenge manager)\)", re.I)
_TRAILING_ROLE = re.compile(r",\s*(lead peer|member peer|peer challenge manager|challenge manager)\.?$", re.I)
_TITLE_WORDS = {
    "director",
    "deputy",
    "assistant",
    "head",
    "principal",
    "chief",
    "corporate",
    "executive",
    "interim",
    "strategic",
    "strategy",
    "senior",
    "transformation",
    "challenge",
    "peer",
    "leader",
    "chair",
    "adviser",
    "advisor",
    "manager",
    "expert",
    "psw",
    "lead",
    "member",
    "service",
    "services",
    "programme",
    "independent",
    "consultant",
    "former",
    "cabinet",
    "portfolio",
    "associate",
    "practice",
    "operations",
    "group",
    "team",
    "lga",
    "vice",
    "co-chair",
    "social",
    "adult",
    "improvement",
    "commissioning",
}
_ORGANISATION = re.compile(
    r"(council|association|nhs|trust|board|icb|partnership|group|college|university|corporation|"
    r"government|team|foundation|authority|lga|adass|department)\b",
    re.I,
)
_ORGANISATION_TAIL = re.compile(
    r"((?:[A-Z][\w'&-]*,?\s+(?:and\s+|upon\s+|on\s+|of\s+)?){0,5}"
    r"(?:City |County |Borough |Metropolitan |District )*(?:Council|Association|Trust|Board))\s*$"
)
_NAME_TOKEN = re.compile(r"^[A-Z][a-zA-Z'’\-]+\*?$|^[A-Z]\.?$|^(de|van|von|le|la|da)$")


def _team_role(line: str, job_title: str, organisation: str, honorific: bool) -> str:
    lowered = line.lower()
    if bracket := _ROLE_IN_BRACKETS.search(line):
        return bracket.group(1).strip().title().replace("Of", "of")
    if trailing := _TRAILING_ROLE.search(line):
        role = trailing.group(1).lower()
        return "Challenge Manager" if "manager" in role else role.title()
    if "challenge manage" in lowered:
        return "Challenge Manager"
    if honorific and line.lower().startswith(("councillor", "cllr")):
        return "Member Peer"
    if "expert by experience" in lowered:
        return "Expert by Experience"
    if "local government association" in organisation.lower() or "lga" in job_title.lower().split():
        return "LGA Adviser"
    return "Officer Peer"


def _split_name(text: str) -> tuple[str, str]:
    """(name, rest) where the name is the leading run of capitalised name tokens."""
    tokens = text.split()
    name_tokens: list[str] = []
    for token in tokens:
        bare = token.rstrip(",.")
        if name_tokens and (bare.lower() in _TITLE_WORDS or not _NAME_TOKEN.match(bare)):
            break
        if not _NAME_TOKEN.match(bare):
            break
        name_tokens.append(bare)
        if token.endswith(",") or len(name_tokens) == 4:
            break
    name = " ".join(name_tokens)
    rest = text[len(" ".join(tokens[: len(name_tokens)])) :].lstrip(" ,")
    return name.rstrip("*"), rest


def parse_member_line(line: str) -> list[PeerTeamMember]:
    """One or two members from one line of the team list (two when it reads "A* and B, PSW …")."""
    line = " ".join(line.replace("**", "").split()).rstrip(". ")
    honorific = bool(_HONORIFIC.match(line))
    body = _HONORIFIC.sub("", line)
    body_without_role = _ROLE_IN_BRACKETS.sub("", body)
    body_without_role = _TRAILING_ROLE.sub("", body_without_role).strip(" ,")
    pair = re.match(
        r"^([A-Z][\w'’-]+\s+[A-Z][\w'’-]+)\*?\s+and\s+([A-Z][\w'’-]+\s+[A-Z][\w'’-]+)\*?\s+(.*)$",
        body_without_role,
    )
    names: list[str]
    if pair:
        names, rest = [pair.group(1), pair.group(2)], pair.group(3)
    else:
        name, rest = _split_name(body_without_role)
        if not name or len(name.split()) < 2:
            return []
        names = [name]
    parts = [p.strip() for p in re.split(r",\s*", rest) if p.strip()]
    organisation = ""
    if parts and _ORGANISATION.search(parts[-1]) and len(parts) > 1:
        organisation = parts.pop()
    elif parts and (tail := _ORGANISATION_TAIL.search(parts[-1])) and tail.start() > 0:
        organisation = tail.group(1).strip()
        parts[-1] = parts[-1][: tail.start()].strip()
    elif len(parts) == 1 and _ORGANISATION.search(parts[0]) and re.search(r"council$", parts[0], re.I):
        organisation, parts = parts[0], []
    job_title = ", ".join(p for p in parts if p)
    role = _team_role(line, job_title, organisation, honorific)
    return [
        PeerTeamMember(name=n, team_role=role, job_title=job_title or None, organisation=organisation or None)
        for n in names
    ]
