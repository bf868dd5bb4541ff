"""Canonical owner roles: who a recommendation or action lands on, however the text names it.

Reports and action plans name roles more often than people ("the DASS", "Lead Member",
"Integrated Care Board"); each is mapped to one canonical role so owners can be compared
across councils.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OwnerRole:
    name: str
    kind: str  # role / team / board / organisation
    pattern: re.Pattern[str]


def _role(name: str, kind: str, pattern: str) -> OwnerRole:
    return OwnerRole(name, kind, re.compile(pattern, re.IGNORECASE))


OWNER_ROLES: tuple[OwnerRole, ...] = (
    _role(
        "DASS",
        "role",
        r"\bDASS\b|\bdirector of adult(s)? (social )?(services|social care)\b"
        r"|\bstatutory director\b|\b(executive|corporate) director (of |for )?adult",
    ),
    _role("Principal Social Worker", "role", r"\bprincipal social workers?\b|\bPSWs?\b"),
    _role("Principal Occupational Therapist", "role", r"\bprincipal occupational therapists?\b|\bPOTs?\b"),
    _role(
        "Portfolio Holder",
        "role",
        r"\b(lead|cabinet) members?\b|\bportfolio holders?\b|\bexecutive members? for adult",
    ),
    _role("Leader of the Council", "role", r"\bleader of the council\b|\bcouncil leader\b|\bthe leader\b"),
    _role("Chief Executive", "role", r"\bchief executive\b|\bhead of paid service\b"),
    _role("Director of Public Health", "role", r"\bdirector of public health\b|\bDPH\b"),
    _role("Public Health", "team", r"\bpublic health\b(?! (outcomes|england)\b)"),
    _role(
        "Commissioning",
        "team",
        r"\bcommissioning (teams?|service|function)\b|\bcommissioners?\b|\bstrategic commissioning\b"
        r"|\b(?-i:Operations and Commissioning|Commissioning and Operations)\b",
    ),
    _role("ICB", "organisation", r"\bICBs?\b|\bintegrated care boards?\b"),
    _role("ICO Executive", "board", r"\bICO\b|\bintegrated care organisation\b"),
    _role("S75 Executive Group", "board", r"\bs\.?\s?75\b|\bsection 75\b"),
    _role("Health and Wellbeing Board", "board", r"\bhealth (and|&) well-?being board\b|\bHWBB?\b"),
    _role("Safeguarding Adults Board", "board", r"\bsafeguarding adults? boards?\b|\b[A-Z]?SAB\b"),
    _role("Scrutiny Committee", "board", r"\bscrutiny\b"),
    _role("Transformation Team", "team", r"\btransformation (team|programme board|board)\b"),
    _role(
        "Performance and Intelligence Team",
        "team",
        r"\b(performance|business intelligence|BI|data and intelligence) (team|function|service)\b",
    ),
    _role("Quality Assurance Team", "team", r"\bquality assurance team\b"),
    _role(
        "Care Providers",
        "organisation",
        r"\b(care home |care |external )?providers\b|\bprovider (forum|market)\b|\bcare homes\b",
    ),
    _role(
        "Voluntary Sector",
        "organisation",
        r"\bvoluntary,? (and |community )+(and |faith )*(and )?(social enterprise )?sector\b|\bvoluntary sector\b"
        r"|\bVCSE\b|\bVCFSE\b|\bVCS\b|\bvoluntary, community and faith\b",
    ),
    _role(
        "Senior Leadership Team",
        "team",
        r"\bsenior (leadership|management) team\b|\bSLT\b|\bDMT\b|\b(new |the )?leadership team\b"
        r"|\b(officer )?leadership of adult social care\b|\badult social care leadership\b|\bwider senior team\b",
    ),
)

_BY_NAME = {role.name.lower(): role for role in OWNER_ROLES}


def find_owner_roles(text: str) -> list[str]:
    """Canonical roles named in `text`, in the order they first appear."""
    found: list[tuple[int, str]] = []
    for role in OWNER_ROLES:
        match = role.pattern.search(text)
        if match:
            found.append((match.start(), role.name))
    return [name for _, name in sorted(found)]


def canonical_owner(text: str) -> str | None:
    """The one canonical role a short owner cell names ("Lead Member ASC" -> "Portfolio Holder")."""
    if text.strip().lower() in _BY_NAME:
        return _BY_NAME[text.strip().lower()].name
    roles = find_owner_roles(text)
    return roles[0] if roles else None


def owner_kind(name: str) -> str:
    role = _BY_NAME.get(name.lower())
    return role.kind if role else "person"
