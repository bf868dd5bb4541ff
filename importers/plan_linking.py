"""Link action-plan actions to the report's recommendations: by reference first, else by text.

A reference ("R3", "3", "Recommendation 3", "3.2") names the third recommendation of the report's
summary list; a report without a summary list cannot be linked by reference. Otherwise the
action's recommendation text (or its action text when that is empty) is compared with every
recommendation: half fuzzy token-set similarity (rapidfuzz), half word overlap weighted by how rare
each word is among this report's recommendations. An action links when its best score reaches
`LINK_THRESHOLD` and beats the runner-up by `LINK_MARGIN`; otherwise it stays unlinked, with the
top candidates listed for a person to choose. Pure and deterministic: same input, same links.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from importers.plan_model import PlanAction

# Calibrated on the recommendations of four reference reports (pools of 35–113) against 31
# paraphrased plan rows and 14 unrelated ones: paraphrases scored 0.60–0.92 and were all ranked
# first, unrelated rows at most 0.34; a paraphrase tied with a near-duplicate (margin < 0.05) is
# better left to a person.
LINK_THRESHOLD = 0.45
LINK_MARGIN = 0.05
CANDIDATES = 3
_PREFIX = 6  # words are compared by their first six letters: "prioritise" ~ "prioritisation"

_STOPWORDS_TEXT = """
    a about above across after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each etc few for from further had has
    have having he her here hers him his how i if in into is it its itself just may me might more most must
    my no nor not now of off on once only or other our ours out over own same she should so some such than
    that the their theirs them then there these they this those through to too under until up upon very
    was we were what when where which while who whom why will with within would you your
"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_REFERENCE = re.compile(r"^\s*(?:r|rec|recommendation)?\.?\s*(?:no\.?\s*)?(\d+)(?:[.\-]\d+)*[a-z]?\s*$", re.I)
_WORD = re.compile(r"[a-z0-9]+")


class RecommendationRef(BaseModel):
    id: str
    ordinal: int = Field(description="Position in the report; summary ones are counted in this order")
    text: str
    source: Literal["summary", "inline"]
    firm: bool | None = Field(None, description="Firm recommendation (True) or hedged suggestion (False)")


class ActionLink(BaseModel):
    action_index: int
    recommendation_id: str | None = None
    method: Literal["reference", "text"] | None = Field(None, description="None when unlinked")
    score: float = Field(0.0, ge=0.0, le=1.0)
    candidates: list[tuple[str, float]] = Field(default_factory=list, description="Top 3 by text score")


def content_words(text: str) -> list[str]:
    """The text's words, lower-cased, stopwords dropped, each cut to its first six letters."""
    return [word[:_PREFIX] for word in _WORD.findall(text.lower()) if word not in _STOPWORDS]


def reference_number(ref: str | None) -> int | None:
    """The recommendation number a plan's ref names ("R3", "Recommendation 3", "3.2" -> 3)."""
    match = _REFERENCE.match(ref or "")
    return int(match[1]) if match else None


class _TextIndex:
    """The recommendations' words, with each word's rarity (IDF) among them."""

    def __init__(self, recommendations: Sequence[RecommendationRef]) -> None:
        self.ids = [recommendation.id for recommendation in recommendations]
        self.words = [set(content_words(recommendation.text)) for recommendation in recommendations]
        self.joined = [" ".join(sorted(words)) for words in self.words]
        counts = Counter(word for words in self.words for word in words)
        total = len(recommendations)
        self.idf = {word: math.log((1 + total) / (1 + count)) + 1 for word, count in counts.items()}
        self.unseen_idf = math.log(1 + total) + 1
        self.weights = [self._weight(words) for words in self.words]
        # Actions under one recommendation repeat its text: each distinct text is scored once.
        self._ranked: dict[str, list[tuple[str, float]]] = {}

    def _weight(self, words: set[str]) -> float:
        return sum(self.idf.get(word, self.unseen_idf) for word in words)

    def score(self, query: set[str], position: int, joined_query: str | None = None) -> float:
        """Similarity in 0–1 of the query words to one recommendation."""
        words = self.words[position]
        if not query or not words:
            return 0.0
        joined = joined_query if joined_query is not None else " ".join(sorted(query))
        lexical = fuzz.token_set_ratio(joined, self.joined[position]) / 100
        overlap = self._weight(query & words) / math.sqrt(self._weight(query) * self.weights[position])
        return round(0.5 * lexical + 0.5 * overlap, 4)

    def candidates(self, text: str) -> list[tuple[str, float]]:
        """The best-scoring recommendations for `text`, best first (ties in report order)."""
        if (known := self._ranked.get(text)) is not None:
            return list(known)
        query = set(content_words(text))
        joined = " ".join(sorted(query))
        scored = [
            (self.ids[position], self.score(query, position, joined)) for position in range(len(self.ids))
        ]
        ranked = sorted(enumerate(scored), key=lambda item: (-item[1][1], item[0]))
        self._ranked[text] = [pair for _, pair in ranked[:CANDIDATES]]
        return list(self._ranked[text])


def _by_reference(ref: str | None, summary: Sequence[RecommendationRef]) -> RecommendationRef | None:
    number = reference_number(ref)
    return summary[number - 1] if number is not None and 1 <= number <= len(summary) else None


def _link(
    index: int, action: PlanAction, summary: Sequence[RecommendationRef], texts: _TextIndex
) -> ActionLink:
    candidates = texts.candidates(action.recommendation_text or action.action_text)
    referenced = _by_reference(action.ref, summary)
    if referenced is not None:
        return ActionLink(
            action_index=index,
            recommendation_id=referenced.id,
            method="reference",
            score=1.0,
            candidates=candidates,
        )
    best = candidates[0] if candidates else None
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    if best is not None and best[1] >= LINK_THRESHOLD and best[1] - runner_up >= LINK_MARGIN:
        return ActionLink(
            action_index=index, recommendation_id=best[0], method="text", score=best[1], candidates=candidates
        )
    return ActionLink(action_index=index, candidates=candidates)


def link_actions(actions: list[PlanAction], recommendations: list[RecommendationRef]) -> list[ActionLink]:
    """One link per action, in order: to a recommendation by reference or text, or unlinked with candidates."""
    summary = sorted(
        (item for item in recommendations if item.source == "summary"), key=lambda item: item.ordinal
    )
    texts = _TextIndex(recommendations)
    return [_link(index, action, summary, texts) for index, action in enumerate(actions)]
