"""Find the owners a recommendation asks to act, not every role it happens to name (issue 14).

A role is an owner when the prescribing clause puts it in the acting seat: the subject of the
prescription ("the SAB might also consider…"), the agent of a passive ("addressed by the
Commissioning Team"), the one an opportunity is for ("for providers to understand…"), the
subject of what is recommended ("recommend that the DASS…"), or the body the action runs through
("consolidated through the new S75 Executive Group"). A role named as a place ("within the ICO",
"on the ICO Executive"), an audience or partner ("to staff and partners", "working with Public
Health"), a beneficiary ("support providers") or a topic ("care providers' fees") is not an owner.
"""

from __future__ import annotations

import re

from importers.owners import OWNER_ROLES
from importers.recommendation_classifier import Cue, RecommendationVerdict, subject_of

_PREPOSITION = re.compile(
    r"\b(by|through|via|of|for|to|with|within|in|on|at|across|into|about|from|than|around|towards|between"
    r"|among|amongst|alongside|beyond|under|over|without|outside|inside|including|against|upon|onto|like"
    r"|throughout|supporting|support|supports|engaging|involving|alongside)\b",
    re.IGNORECASE,
)
_ACTING_PREPOSITIONS = {"by", "through", "via"}
# "The support of the S75 Group", "the role of the wider senior team": the role is the one acting.
_AGENTIVE_OF = re.compile(
    r"\b(?:support|leadership|involvement|engagement|oversight|role|roles|commitment|contribution|input"
    r"|work|buy[- ]in|representation|attendance|ownership)\s+of\s+(?:the\s+|its\s+|a\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_FOR_TO = re.compile(r"^\s*(?:\([^)]*\)\s*)?to\s+[a-z]+", re.IGNORECASE)
_COORDINATION = re.compile(r"[\s,]*(?:and|or|such as|including|as well as)?\s*(?:the\s+)?", re.IGNORECASE)
_THAT_SUBJECT = re.compile(
    r"\bthat\s+(?:the\s+|its\s+|their\s+|your\s+)?(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE
)


# Words each role's pattern in importers/owners.py cannot match without, so a sentence is scanned
# only for the roles it may name; a role missing here is always scanned.
_ROLE_HINTS: dict[str, tuple[str, ...]] = {
    "DASS": ("dass", "director"),
    "Principal Social Worker": ("principal", "psw"),
    "Principal Occupational Therapist": ("principal", "pot"),
    "Portfolio Holder": ("member", "portfolio"),
    "Leader of the Council": ("leader",),
    "Chief Executive": ("chief executive", "head of paid"),
    "Director of Public Health": ("director", "dph"),
    "Public Health": ("public health",),
    "Commissioning": ("commission",),
    "ICB": ("icb", "integrated care board"),
    "ICO Executive": ("ico", "integrated care organisation"),
    "S75 Executive Group": ("75",),
    "Health and Wellbeing Board": ("wellbeing board", "well-being board", "hwb"),
    "Safeguarding Adults Board": ("safeguarding adult", "sab"),
    "Scrutiny Committee": ("scrutiny",),
    "Transformation Team": ("transformation",),
    "Performance and Intelligence Team": ("performance", "intelligence", "bi "),
    "Quality Assurance Team": ("quality assurance team",),
    "Care Providers": ("provider", "care home"),
    "Voluntary Sector": ("voluntary", "vcs", "vcfs"),
    "Senior Leadership Team": ("senior", "slt", "dmt", "leadership"),
}


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """Each role mention (start, end, role), leaving out mentions inside a longer one
    ("public health" in "director of public health")."""
    low = text.lower()
    roles = [r for r in OWNER_ROLES if any(hint in low for hint in _ROLE_HINTS.get(r.name, ("",)))]
    found = sorted(
        ((m.start(), m.end(), role.name) for role in roles for m in role.pattern.finditer(text)),
        key=lambda f: (f[0], f[0] - f[1]),
    )
    kept: list[tuple[int, int, str]] = []
    for start, end, name in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, name))
    return kept


def _last_preposition(gap: str) -> str | None:
    words = list(_PREPOSITION.finditer(gap))
    return words[-1].group(1).lower() if words else None


def _in_parentheses(text: str, start: int, region_start: int) -> bool:
    before = text[region_start:start]
    return before.count("(") > before.count(")")


def _of_is_acting(text: str, region_start: int, start: int, in_subject: bool) -> bool:
    """ "The support of the S75 Group" acts; "consideration of the DASS's role" does not."""
    nominal = _AGENTIVE_OF.search(text[region_start:start])
    if nominal is None:
        return False
    if not in_subject and nominal.group(0).lower().startswith("role"):
        return True  # "consider the role of the wider senior team in ensuring…"
    return _last_preposition(text[region_start : region_start + nominal.start()]) in (
        None,
        *_ACTING_PREPOSITIONS,
    )


def _acting_in_cue(text: str, cue: Cue, mentions: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Roles the clause of one cue puts in the acting seat."""
    acting: list[tuple[int, str]] = []
    previous_end, previous_acting = -1, False
    subject = subject_of(text[cue.clause_start : cue.start])
    subject_start = text.rfind(subject, cue.subject_start, cue.start) if subject else -1
    gerund_subject = subject_start >= 0 and bool(re.match(r"(?:not\s+)?[A-Za-z]{3,}ing\b(?<!thing)", subject))
    for start, end, name in mentions:
        if start < cue.subject_start or start >= cue.clause_end:
            continue
        in_subject = start < cue.start
        region_start = cue.subject_start if in_subject else cue.start
        after_previous = previous_end >= region_start
        gap = text[previous_end if after_previous else region_start : start]
        preposition = _last_preposition(gap)
        if after_previous and (preposition is None or _COORDINATION.fullmatch(gap)):
            is_acting = previous_acting  # "by the Commissioning Team and the Care Home Providers"
        elif preposition in _ACTING_PREPOSITIONS:
            is_acting = True
        elif in_subject and (
            _in_parentheses(text, start, region_start) or (gerund_subject and start >= subject_start)
        ):
            is_acting = (
                False  # an aside, or the object of a proposed action ("embedding the voluntary sector")
            )
        elif preposition == "of":
            is_acting = _of_is_acting(text, region_start, start, in_subject)
        elif preposition == "for":
            is_acting = bool(_FOR_TO.match(text[end : end + 40]))  # "for providers to understand…"
        elif in_subject:
            is_acting = preposition is None
        else:
            is_acting = preposition is None and bool(_THAT_SUBJECT.search(text[cue.start : start]))
        if is_acting and re.match(r"['’]s?\b|['’](?=\s)", text[end : end + 2]):
            is_acting = False  # a topic: "care providers' fees", "the ICB's plans"
        if is_acting:
            acting.append((start, name))
        previous_end, previous_acting = end, is_acting
    return acting


def owners_asked_to_act(text: str, verdict: RecommendationVerdict) -> list[str]:
    """Canonical roles the recommendation `text` asks to act, in the order they appear."""
    if not verdict.cues:
        return []
    mentions = _mentions(text.replace("’", "'").replace("‘", "'"))
    if not mentions:
        return []
    found: dict[str, int] = {}
    for cue in verdict.cues:
        for position, name in _acting_in_cue(text, cue, mentions):
            found.setdefault(name, position)
    return [name for name, _ in sorted(found.items(), key=lambda item: item[1])]
