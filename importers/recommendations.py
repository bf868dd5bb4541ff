"""Find recommendations: the summary list, and sentences in the findings that prescribe an action.

Each sentence of a finding goes to the classifier (importers/recommendation_classifier.py), which
says whether the peer team prescribes something and how firmly; the owner finder
(importers/acting_owners.py) keeps only the roles the sentence asks to act.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from importers.acting_owners import owners_asked_to_act
from importers.recommendation_classifier import SentenceInput, classify_sentence
from importers.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class FoundRecommendation:
    """A recommending sentence of a passage: its offsets in the passage, firmness and owners."""

    start: int
    end: int
    firm: bool
    owners: tuple[str, ...]


def recommendations_in(
    text: str, agents: tuple[str, ...] = (), sentences: Sequence[tuple[int, int]] | None = None
) -> list[FoundRecommendation]:
    """The sentences of a finding's `text` that prescribe an action in the peer team's voice.

    `agents` are the names the report gives the council, so "Trafford should…" reads as the
    council acting. `sentences`: the text's `split_sentences`, when the caller has it already."""
    found = []
    for start, end in split_sentences(text) if sentences is None else sentences:
        sentence = text[start:end]
        verdict = classify_sentence(SentenceInput(sentence, agents=agents))
        if verdict.is_recommendation:
            owners = tuple(owners_asked_to_act(sentence, verdict))
            found.append(FoundRecommendation(start, end, verdict.firm, owners))
    return found


def recommending_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in `text` that prescribe an action."""
    return [(r.start, r.end) for r in recommendations_in(text)]


def summary_recommendation(text: str, agents: tuple[str, ...] = ()) -> FoundRecommendation:
    """An item of a summary list: always a recommendation; firm unless only hedged."""
    verdict = classify_sentence(SentenceInput(text, summary_item=True, agents=agents))
    return FoundRecommendation(0, len(text), verdict.firm, tuple(owners_asked_to_act(text, verdict)))


_SUMMARY_INTRO = re.compile(
    r"(appreciate that|will want to reflect|summary below|specific recommendations are included"
    r"|in due course|following (are|recommendations)|we recommend the following)",
    re.I,
)


def is_summary_intro(text: str) -> bool:
    """True for the boilerplate that introduces a report's summary list of recommendations."""
    return bool(_SUMMARY_INTRO.search(text))
