"""A review's text as a tree of segments: every finding, sentence and recommendation wraps its span.

The pages render the tree with autoescaped templates; no text is ever marked safe.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.reads.models import FindingOut, RecommendationOut, SentenceOut

__all__ = ["Segment", "review_segments", "segment_text"]


@dataclass
class Segment:
    """A piece of a review's text: plain text, or a finding, sentence or recommendation holding pieces.

    `anchor` is False for the second part of an item cut where it crossed its parent's end
    (only the first part carries the `item-{id}` anchor); `link` is False for a recommendation
    already inside another recommendation's link (links cannot nest), and `in_link` is True for
    anything inside a link, where the page must not place another (pattern links, say). `theme` and `patterns` are
    the item's, shown beside its first part.
    """

    kind: Literal["text", "finding", "sentence", "recommendation", "root"]
    text: str = ""
    id: str | None = None
    polarity: str | None = None
    source: str | None = None
    anchor: bool = True
    link: bool = True
    in_link: bool = False
    theme: int | None = None
    patterns: list[str] = field(default_factory=list)
    children: list[Segment] = field(default_factory=list)


@dataclass(order=True)
class _Span:
    start: int
    neg_end: int
    order: int
    seq: int
    kind: str = field(compare=False)
    item: FindingOut | RecommendationOut | SentenceOut = field(compare=False)
    continued: bool = field(default=False, compare=False)
    owner: str | None = field(default=None, compare=False)
    """For a sentence: the id of its finding."""

    @property
    def end(self) -> int:
        return -self.neg_end


def review_segments(
    text: str,
    findings: Sequence[FindingOut],
    recommendations: Sequence[RecommendationOut],
    *,
    base: int = 0,
    anchored: set[str] | None = None,
    sentences: bool = False,
) -> list[Segment]:
    """The text as a tree: every item wraps its span, nested where spans nest.

    Spans that coincide put the recommendation inside the finding (and inside the finding's
    sentence, with `sentences`); a span that crosses its parent's end is cut there and goes on,
    unanchored, after the parent closes. `text` may be one block of a longer text starting at
    `base` (spans index the whole text); `anchored` carries the ids already given an anchor in
    earlier blocks, so an item cut across blocks is anchored once.
    """
    anchored = set() if anchored is None else anchored
    heap: list[_Span] = []
    seq = 0

    def push(start: int, end: int, order: int, kind: str, item: Any, owner: str | None = None) -> None:
        nonlocal seq
        start, end = max(0, start - base), min(len(text), end - base)
        if end > start:
            heapq.heappush(heap, _Span(start, -end, order, seq, kind, item, owner=owner))
            seq += 1

    for finding in findings:
        push(finding.span[0], finding.span[1], 0, "finding", finding)
        if sentences:
            for sentence in finding.sentences:
                push(sentence.span[0], sentence.span[1], 1, "sentence", sentence, finding.id)
    for rec in recommendations:
        push(rec.span[0], rec.span[1], 2, "recommendation", rec)
    root = Segment("root")
    stack: list[tuple[Segment, int]] = [(root, len(text))]
    pos = 0

    def emit(node: Segment, upto: int) -> None:
        nonlocal pos
        if upto > pos:
            node.children.append(Segment("text", text[pos:upto]))
            pos = upto

    while heap:
        span = heapq.heappop(heap)
        while stack[-1][1] <= span.start:
            node, end = stack.pop()
            emit(node, end)
        emit(stack[-1][0], span.start)
        parent, parent_end = stack[-1]
        end = span.end
        if end > parent_end:
            heapq.heappush(
                heap,
                _Span(
                    parent_end, -end, span.order, seq, span.kind, span.item, continued=True, owner=span.owner
                ),
            )
            seq += 1
            end = parent_end
        if span.kind == "sentence" and span.owner not in {n.id for n, _ in stack}:
            continue  # a sentence cut off from its finding: the finding's colour is enough there
        in_link = any(n.kind == "recommendation" and n.link for n, _ in stack)
        # An inline recommendation repeats only the theme and patterns its finding does not show.
        shown = {p for n, _ in stack if n.kind == "finding" for p in n.patterns}
        themes = {getattr(n, "theme", None) for n, _ in stack if n.kind == "finding"}
        theme = getattr(span.item, "theme", None)
        item = span.item
        item_id = getattr(item, "id", None)
        first = not span.continued and (item_id is None or item_id not in anchored)
        if item_id is not None and first:
            anchored.add(item_id)
        node = Segment(
            span.kind,  # type: ignore[arg-type]
            id=item_id if span.kind != "sentence" else span.owner,
            polarity=getattr(item, "polarity", None),
            source=getattr(item, "source", None),
            anchor=first,
            link=not in_link,
            in_link=in_link,
            theme=None if theme in themes else theme,
            patterns=[p for p in getattr(item, "patterns", []) or [] if p not in shown],
        )
        parent.children.append(node)
        stack.append((node, end))
    while stack:
        node, end = stack.pop()
        emit(node, end)
    return root.children


def segment_text(segments: Iterable[Segment]) -> str:
    """The text a tree of segments covers, in order (the review's text back, for checks)."""
    return "".join(s.text if s.kind == "text" else segment_text(s.children) for s in segments)
