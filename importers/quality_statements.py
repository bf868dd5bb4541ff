"""Guess which of a theme's quality statements a finding speaks to, when no heading says so."""

from __future__ import annotations

import re

from importers.framework import QUALITY_STATEMENTS
from importers.literals import PatternSet

_CUES: dict[str, str] = {
    "qs1_assessing_needs": r"assess|review(s|ing)? of|care (and support )?plan|eligib|waiting|front door|triage"
    r"|direct payment|financial assessment|carers'? assessment|occupational therap",
    "qs2_healthier_lives": r"prevent|early (help|intervention)|wellbeing|well-being|information(,)? (and )?advice"
    r"|reablement|healthier|independence|technology|community (offer|asset)",
    "qs3_equity": r"equalit|equity|diversit|inclusi|EDI\b|inequalit|protected characteristic|seldom heard"
    r"|ethnic|lgbt|autis|learning disabilit",
    "qs4_care_provision": r"market|commission|provider|care home|domiciliary|home care|sufficiency|workforce"
    r"|fair cost|brokerage|placement|integrat",
    "qs5_partnerships": r"partner|voluntary|VCSE|VCFSE|ICB|NHS|health colleagues|communit(y|ies)|collaborat",
    "qs6_safe_systems": r"transition|preparing for adulthood|hospital discharge|discharge|pathway|continuity"
    r"|safe systems|move between|business continuity|emergency",
    "qs7_safeguarding": r"safeguard|section 42|s42|abuse|neglect|making safeguarding personal|MSP\b|SAB\b"
    r"|deprivation of liberty|DoLS|mental capacity",
    "qs8_governance": r"governance|leader|strateg|vision|budget|financ|scrutiny|member|performance|data"
    r"|risk register|assurance|oversight|sustainab",
    "qs9_learning": r"learning|improvement|innovat|training|development|feedback|complaint|co-?production"
    r"|reflect|best practice",
}
_PATTERNS = {key: re.compile(rf"\b({value})", re.I) for key, value in _CUES.items()}
# The same matches as each pattern's findall, tried only where a cue word starts (see PatternSet).
_SCANS = {key: PatternSet([pattern]) for key, pattern in _PATTERNS.items()}


def guess_quality_statement(text: str, theme: int) -> str | None:
    """The id of the theme's quality statement whose cue words the text uses most, or None."""
    scores = {
        statement.id: len(_SCANS[statement.id].finditer(text))
        for statement in QUALITY_STATEMENTS
        if statement.theme == theme
    }
    best = max(scores, key=lambda key: scores[key], default=None)
    return best if best is not None and scores[best] > 0 else None
