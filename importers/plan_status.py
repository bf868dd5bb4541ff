"""Action status from what councils write or colour: words, scrutiny grades, RAG words and fills.

Status words (the phrase that starts first wins; "not started" beats "started"):

| words                                                                 | status       |
|-----------------------------------------------------------------------|--------------|
| complete(d), done, achieved, delivered, implemented, closed, finished  | complete     |
| on track, in progress, started, underway, ongoing, on target, not yet due, partially complete | on_track |
| at risk, some risk, risk of slippage, concern(s)                      | at_risk      |
| slipped, slippage, delayed, behind, overdue, off track, late, missed   | slipped      |
| not started, not yet started, yet to start, not commenced             | not_started  |
| not achieved, not met, not delivered, failed, cancelled, withdrawn     | not_achieved |

Scrutiny grades ("1", "2 - On track", "Grade 3"): 1 Achieved → complete, 2 On track (not yet
due) → on_track, 3 Slipped → slipped, 4 Not achieved → not_achieved. A grade beats words.

RAG, as words ("Red", "R", "Amber/Green") or as the cell's fill colour classified by hue, with
the meaning the sector gives it (BRAG); a status is taken from the RAG only when no words or
grade give one:

| RAG                    | rag   | status   | meaning                               |
|------------------------|-------|----------|---------------------------------------|
| Blue                   | blue  | complete | done                                  |
| Green                  | green | on_track | on track                              |
| Amber/Green (A/G)      | amber | on_track | on track, minor issues                |
| Amber (yellow, orange) | amber | at_risk  | some risk or slippage                 |
| Red/Amber (R/A, A/R)   | red   | at_risk  | at serious risk                       |
| Red (pink)             | red   | slipped  | off track                             |
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from openpyxl.styles.colors import COLOR_INDEX

from importers.plan_model import PlanStatus, Rag

_WORDS: list[tuple[PlanStatus, re.Pattern[str]]] = [
    (
        PlanStatus.NOT_ACHIEVED,
        re.compile(
            r"\bnot (been )?(achieved|met|delivered)\b|\bunachieved\b|\bfailed\b"
            r"|\bwill not be (achieved|met|delivered)\b|\bcancelled\b|\bwithdrawn\b|\babandoned\b"
        ),
    ),
    (
        PlanStatus.NOT_STARTED,
        re.compile(r"\bnot (yet )?(started|commenced|begun)\b|\byet to (start|begin|commence)\b"),
    ),
    (
        PlanStatus.SLIPPED,
        re.compile(
            r"\bslipp(ed|age|ing)\b|\bdelay(ed)?\b|\bbehind\b|\boverdue\b|\boff[\s-]?track\b"
            r"|\blate\b|\bpast due\b|\bmissed\b"
        ),
    ),
    (PlanStatus.AT_RISK, re.compile(r"\bat risk\b|\bsome risk\b|\brisk of\b|\bconcerns?\b")),
    (
        PlanStatus.ON_TRACK,
        re.compile(
            r"\bon[\s-]?(track|target|schedule)\b|\bin[\s-]progress\b|\bstarted\b|\bunder[\s-]?way\b"
            r"|\bongoing\b|\bnot yet due\b|\bprogressing\b|\bcommenced\b|\bnot yet complete(d)?\b"
            r"|\bpart(ial)?(ly)? (complete(d)?|achieved|met|delivered)\b"
        ),
    ),
    (
        PlanStatus.COMPLETE,
        re.compile(
            r"\bcomplete(d)?\b|\bdone\b|\bachieved\b|\bdelivered\b|\bimplemented\b|\bclosed\b|\bfinished\b"
        ),
    ),
]
_GRADES = {
    1: PlanStatus.COMPLETE,
    2: PlanStatus.ON_TRACK,
    3: PlanStatus.SLIPPED,
    4: PlanStatus.NOT_ACHIEVED,
}
_GRADE = re.compile(r"^\W*(?:grade|score|rating)?\s*([1-4])(?![\d.,/:]*\d)\b", re.I)
_RAG_WORDS: list[tuple[re.Pattern[str], Rag, PlanStatus]] = [
    (
        re.compile(
            r"^\W*(red|r)\s*[/\-]\s*(amber|a)\W*$|\b(red\s*[/\-]\s*amber|amber\s*[/\-]\s*red)\b|^\W*a\s*/\s*r\W*$"
        ),
        Rag.RED,
        PlanStatus.AT_RISK,
    ),
    (
        re.compile(r"\b(amber\s*[/\-]\s*green|green\s*[/\-]\s*amber)\b|^\W*(a\s*/\s*g|g\s*/\s*a)\W*$"),
        Rag.AMBER,
        PlanStatus.ON_TRACK,
    ),
    (re.compile(r"\bblue\b|^\W*b\W*$"), Rag.BLUE, PlanStatus.COMPLETE),
    (re.compile(r"\bgreen\b|^\W*g\W*$"), Rag.GREEN, PlanStatus.ON_TRACK),
    (re.compile(r"\b(amber|yellow|orange)\b|^\W*a\W*$"), Rag.AMBER, PlanStatus.AT_RISK),
    (re.compile(r"\bred\b|^\W*r\W*$"), Rag.RED, PlanStatus.SLIPPED),
]
RAG_STATUS = {
    Rag.BLUE: PlanStatus.COMPLETE,
    Rag.GREEN: PlanStatus.ON_TRACK,
    Rag.AMBER: PlanStatus.AT_RISK,
    Rag.RED: PlanStatus.SLIPPED,
}


@dataclass(frozen=True)
class StatusReading:
    """What one status or RAG cell's text says: a status from a grade or words, and a RAG word."""

    status: PlanStatus | None = None
    rag: Rag | None = None
    rag_status: PlanStatus | None = None


def _status_words(text: str) -> PlanStatus | None:
    """The status named by the phrase that starts first (longest on a tie)."""
    best: tuple[int, int, PlanStatus] | None = None
    for status, pattern in _WORDS:
        match = pattern.search(text)
        if match and (best is None or (match.start(), -len(match[0])) < best[:2]):
            best = (match.start(), -len(match[0]), status)
    return best[2] if best else None


def read_status(text: str) -> StatusReading:
    """Read a status or RAG cell's text: a scrutiny grade, status words, and RAG words."""
    lowered = " ".join(text.lower().split())
    grade = _GRADE.match(lowered)
    status = _GRADES[int(grade[1])] if grade else _status_words(lowered)
    for pattern, rag, rag_status in _RAG_WORDS:
        if pattern.search(lowered):
            return StatusReading(status, rag, rag_status)
    return StatusReading(status)


def rag_of_rgb(hex_rgb: str) -> Rag | None:
    """The RAG colour an RRGGBB fill shows, by hue; None for white, grey, black and purple."""
    red, green, blue = (int(hex_rgb[index : index + 2], 16) / 255 for index in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    # Very pale fills are banding or decoration (Excel's pale blue), not a rating.
    if saturation < 0.3 or not 0.1 < lightness < 0.91:
        return None
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:
        return Rag.RED
    if degrees < 70:
        return Rag.AMBER
    if degrees < 170:
        return Rag.GREEN
    if degrees < 260:
        return Rag.BLUE
    return None


_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Excel numbers theme colours lt1, dk1, lt2, dk2, then accents; the scheme lists dk1 first.
_THEME_ORDER = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6"]


def theme_colours(theme_xml: bytes | str | None) -> list[str]:
    """The workbook theme's colours as RRGGBB, in Excel's theme index order; empty when unreadable."""
    if not theme_xml:
        return []
    try:
        root = ElementTree.fromstring(theme_xml)
    except ElementTree.ParseError:
        return []
    scheme = root.find(f".//{_DRAWING}clrScheme")
    if scheme is None:
        return []
    colours: dict[str, str] = {}
    for slot in scheme:
        name = slot.tag.removeprefix(_DRAWING)
        for colour in slot:
            value = colour.get("val") if colour.tag == f"{_DRAWING}srgbClr" else colour.get("lastClr")
            if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                colours[name] = value.upper()
    return [colours.get(name, "") for name in _THEME_ORDER]


def _apply_tint(hex_rgb: str, tint: float) -> str:
    """Excel's tint: darken (tint < 0) or lighten (tint > 0) the colour's lightness."""
    red, green, blue = (int(hex_rgb[index : index + 2], 16) / 255 for index in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return "".join(f"{round(part * 255):02X}" for part in colorsys.hls_to_rgb(hue, lightness, saturation))


class FillPalette:
    """Resolves a cell's fill (RGB, indexed or theme colour) to a RAG colour for one workbook."""

    def __init__(self, workbook: Any) -> None:
        self._theme = theme_colours(getattr(workbook, "loaded_theme", None))
        self._indexed: list[str] = list(getattr(workbook, "_colors", None) or COLOR_INDEX)

    def rgb(self, colour: Any) -> str | None:
        """The RRGGBB an openpyxl Color stands for, or None when it cannot be resolved."""
        kind = getattr(colour, "type", None)
        value: str | None = None
        if kind == "rgb" and isinstance(colour.rgb, str):
            value = colour.rgb
        elif kind == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(self._indexed):
            value = self._indexed[colour.indexed]
        elif kind == "theme" and isinstance(colour.theme, int) and colour.theme < len(self._theme):
            value = self._theme[colour.theme]
        if not value or not re.fullmatch(r"([0-9A-Fa-f]{2})?[0-9A-Fa-f]{6}", value):
            return None
        value = value[-6:].upper()  # the alpha byte is ignored by Excel for fills
        tint = getattr(colour, "tint", 0.0) or 0.0
        return _apply_tint(value, tint) if tint else value

    def rag(self, cell: Any) -> Rag | None:
        """The RAG colour a cell's solid pattern fill shows, or None."""
        fill = getattr(cell, "fill", None)
        if getattr(fill, "fill_type", None) is None:
            return None
        rgb = self.rgb(getattr(fill, "fgColor", None))
        return rag_of_rgb(rgb) if rgb else None
