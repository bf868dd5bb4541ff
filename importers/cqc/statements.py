"""Match a quality statement's name, in any of the forms CQC prints it, to the reference nine.

CQC's own pages, press releases and the councils who copy them vary the wording: "Safe
pathways, systems and transitions" is "Safe systems, pathways and transitions"; "Equity in
experiences and outcomes", "assessing people's needs", "partnership and communities",
"continuity of care"; a number ("1.", "QS1", "Quality statement one:"), a theme heading before
it, or the "We ..." statement after it. A name matches a statement when it holds every word
that statement's name is made of, and no other statement's; the order, plurals and
connecting words do not count.
"""

from __future__ import annotations

import re
import unicodedata

from importers.framework import QUALITY_STATEMENTS, THEMES, QualityStatement

# The words (as token patterns) that make each statement's name; all must be present.
_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "qs1_assessing_needs": (r"assess\w*", r"needs?"),
    "qs2_healthier_lives": (r"healthier",),
    "qs3_equity": (r"equit\w*",),
    "qs4_care_provision": (r"provision", r"integrat\w*", r"continu\w*"),
    "qs5_partnerships": (r"partners?(hips?)?", r"communit\w*"),
    "qs6_safe_systems": (r"safe(ty)?", r"systems?", r"pathways?", r"transitions?"),
    "qs7_safeguarding": (r"safeguarding",),
    "qs8_governance": (r"governance", r"management", r"sustainab\w*"),
    "qs9_learning": (r"learning", r"improvement", r"innovat\w*"),
}
_COMPILED = {key: tuple(re.compile(rf"^{word}$") for word in words) for key, words in _NAME_WORDS.items()}
_BY_ID = {qs.id: qs for qs in QUALITY_STATEMENTS}

_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine"
# What may stand before the name: numbering, "Quality statement 3:", "QS3", a theme heading.
_PREFIX = re.compile(
    rf"""^\s*(?:
        (?:quality\s+statement|qs)\s*(?:\d|{_NUMBER_WORDS})?\s*[:.)\-–—]?\s*
      | \d{{1,2}}\s*[.):\-–—]\s*
      | [•●▪◦‣∙·*\-–]\s*
    )+""",
    re.I | re.X,
)
_THEME_PREFIX = re.compile(
    rf"^\s*(?:theme\s*(?:\d|{_NUMBER_WORDS})\s*[:.\-–—]?\s*)?(?:{'|'.join(map(re.escape, THEMES.values()))})"
    r"\s*[:\-–—|/>]\s*",
    re.I,
)
_THEME_NUMBER_PREFIX = re.compile(rf"^\s*theme\s*(?:\d|{_NUMBER_WORDS})\s*[:.\-–—]\s*", re.I)
# The "We ..." statement that may follow the name, after a colon, dash or full stop.
_WE_STATEMENT = re.compile(r"\s*(?:[:.\-–—]\s*|\s)We\s.*$", re.S)
_MAX_NAME_WORDS = 12


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    text = re.sub(r"'s\b", "", text)
    return re.findall(r"[a-z]+", text)


def name_core(label: str) -> str:
    """The label without numbering, theme heading or trailing "We ..." statement."""
    core = _WE_STATEMENT.sub("", label.strip())
    for _ in range(3):
        before = core
        core = _PREFIX.sub("", core)
        core = _THEME_PREFIX.sub("", core)
        core = _THEME_NUMBER_PREFIX.sub("", core)
        if core == before:
            break
    return core.strip(" \t:;,.-–—")


def match_statement(label: str) -> QualityStatement | None:
    """The quality statement a label names, or None when it names none (or more than one)."""
    core = name_core(label)
    tokens = _tokens(core)
    if not tokens or len(tokens) > _MAX_NAME_WORDS:
        return None
    found = [
        key
        for key, words in _COMPILED.items()
        if all(any(word.match(token) for token in tokens) for word in words)
    ]
    if len(found) != 1:
        return None
    return _BY_ID[found[0]]
