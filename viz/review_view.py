"""A review's page: the report's own headings and paragraphs, a contents list, and filters.

The stored text is the reader's blocks joined by blank lines, so the blocks come back by
splitting on them; which blocks are headings, and how deep, is decided by the same walk over
sections the parser used (importers/sections.py), so the page's headings are the ones the
findings were filed under. Each paragraph holds its findings (with their sentences, each with
its own polarity) and recommendations as nested segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.reads.models import FindingOut, RecommendationOut
from importers.blocks import Block, BlockKind, Document
from importers.sections import walk_sections
from importers.text import looks_like_heading
from peergraph.core.errors import BadRequestError
from viz.segments import Segment, review_segments

_BLOCK_BREAK = re.compile(r"\n\n+")
POLARITIES = ("strength", "area_for_development", "mixed")
KINDS = ("finding", "recommendation")


@dataclass
class ReportBlock:
    """One block of the report: a heading (level 3 to 5 on the page) or a paragraph of segments."""

    kind: str
    level: int
    text: str
    id: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class ContentsEntry:
    id: str
    text: str
    children: list[ContentsEntry] = field(default_factory=list)


def text_blocks(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every blank-line separated block of the stored text."""
    spans, pos = [], 0
    for match in _BLOCK_BREAK.finditer(text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def heading_levels(text: str, item_spans: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Block start -> page heading level (3 parts and themes, 4 quality statements, 5 the rest).

    A block holding a finding or recommendation is never a heading, whatever its shape.
    """
    blocks = []
    for start, end in text_blocks(text):
        body = text[start:end]
        kind = (
            BlockKind.HEADING
            if looks_like_heading(body) and not _covered(item_spans, start, end)
            else BlockKind.PARAGRAPH
        )
        blocks.append(Block(kind, body, start, end))
    levels: dict[int, int] = {}
    previous = None
    for block, context, is_marker in walk_sections(Document("stored", "text", text, blocks)):
        if block.kind is BlockKind.HEADING or (
            is_marker and not _covered(item_spans, block.start, block.end)
        ):
            if previous is None or (context.part, context.theme) != (previous.part, previous.theme):
                levels[block.start] = 3
            elif context.quality_statement != previous.quality_statement:
                levels[block.start] = 4
            else:
                levels[block.start] = 5
        previous = context
    return _without_contents_lists(levels, text_blocks(text))


def _without_contents_lists(levels: dict[int, int], blocks: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Drop the report's own contents list: a run of three or more headings with nothing between.

    The last heading of such a run does head what follows, so it stays.
    """
    kept = dict(levels)
    run: list[int] = []
    for start, _ in [*blocks, (-1, -1)]:
        if start in levels:
            run.append(start)
            continue
        if len(run) >= 3:
            for heading in run[:-1]:
                kept.pop(heading)
        run = []
    return kept


def report_blocks(
    text: str, findings: Sequence[FindingOut], recommendations: Sequence[RecommendationOut]
) -> list[ReportBlock]:
    """The report as headings and paragraphs, each paragraph's items as nested segments."""
    spans = [f.span for f in findings] + [r.span for r in recommendations]
    levels = heading_levels(text, spans)
    anchored: set[str] = set()
    out: list[ReportBlock] = []
    for number, (start, end) in enumerate(text_blocks(text), 1):
        body = text[start:end]
        if start in levels:
            out.append(ReportBlock("heading", levels[start], body, f"part-{number}"))
            continue
        inside_f = [f for f in findings if f.span[0] < end and start < f.span[1]]
        inside_r = [r for r in recommendations if r.span[0] < end and start < r.span[1]]
        segments = review_segments(body, inside_f, inside_r, base=start, anchored=anchored, sentences=True)
        out.append(ReportBlock("paragraph", 0, body, f"part-{number}", segments))
    return out


def contents(blocks: Iterable[ReportBlock]) -> list[ContentsEntry]:
    """Level 3 headings, each with the level 4 headings under it."""
    entries: list[ContentsEntry] = []
    for block in blocks:
        if block.kind != "heading":
            continue
        if block.level == 3 or not entries:
            entries.append(ContentsEntry(block.id, block.text))
        elif block.level == 4:
            entries[-1].children.append(ContentsEntry(block.id, block.text))
    return entries


@dataclass(frozen=True)
class ReviewFilters:
    """The review page's filters, as its GET form sends them (empty means any)."""

    theme: int | None = None
    polarity: str | None = None
    pattern: str | None = None
    kind: str | None = None

    @classmethod
    def parse(
        cls, theme: str | None, polarity: str | None, pattern: str | None, kind: str | None
    ) -> ReviewFilters:
        theme_text = (theme or "").strip()
        if theme_text and theme_text not in ("1", "2", "3", "4"):
            raise BadRequestError("theme: expected 1, 2, 3 or 4")
        polarity = (polarity or "").strip() or None
        if polarity is not None and polarity not in POLARITIES:
            raise BadRequestError(f"polarity: expected one of {', '.join(POLARITIES)}")
        kind = (kind or "").strip() or None
        if kind is not None and kind not in KINDS:
            raise BadRequestError("kind: expected finding or recommendation")
        return cls(
            theme=int(theme_text) if theme_text else None,
            polarity=polarity,
            pattern=(pattern or "").strip() or None,
            kind=kind,
        )

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.theme, self.polarity, self.pattern, self.kind))

    def matches(self, item: FindingOut | RecommendationOut) -> bool:
        is_finding = isinstance(item, FindingOut)
        if self.kind is not None and self.kind != ("finding" if is_finding else "recommendation"):
            return False
        if self.polarity is not None and (not is_finding or item.polarity != self.polarity):  # type: ignore[union-attr]
            return False
        if self.theme is not None and item.theme != self.theme:
            return False
        return self.pattern is None or self.pattern in item.patterns


def filtered_items(
    filters: ReviewFilters, findings: Sequence[FindingOut], recommendations: Sequence[RecommendationOut]
) -> list[dict[str, Any]]:
    """The items a filter keeps, in the report's order, each with its kind."""
    items: list[tuple[int, str, FindingOut | RecommendationOut]] = [
        (f.span[0], "finding", f) for f in findings if filters.matches(f)
    ] + [(r.span[0], "recommendation", r) for r in recommendations if filters.matches(r)]
    return [{"kind": kind, "item": item} for _, kind, item in sorted(items, key=lambda t: (t[0], t[1]))]
