"""The arithmetic of setting peer findings beside CQC scores: pure functions over typed rows.

Each council in the comparison is one `CouncilEvidence`: its latest CQC assessment, the peer
challenge report before it, the CQC score per quality statement, what the peer team said under
each statement (counts of strengths, areas for development and mixed findings) and the
patterns it raised. Nothing here reads the store, so a small case can be checked by hand.

Definitions (also served with every table):

- a peer team **raised** a statement when its report has at least one finding under that
  statement judged an area for development or mixed (or `min_areas` of them, when asked);
- a peer team **raised a pattern** when at least one area for development, mixed finding or
  recommendation in its report is an instance of it;
- a council **scored low** on a statement when CQC scored it 1 or 2 (significant or some
  shortfalls);
- **disagreement** on a statement, where the peer team said anything under it and CQC scored it:
  the peer balance b = (strengths - developments) / (strengths + developments), counting a mixed
  finding on both sides, runs from -1 (all critical) to +1 (all praise); CQC's position
  c = (score - 2.5) / 1.5 runs from -1 (score 1) to +1 (score 4); the gap |b - c| / 2 runs from 0
  (they agree) to 1 (opposite ends). A council's disagreement is the mean gap over the
  statements where both spoke.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

LOW_SCORES = frozenset({1, 2})

DEFINITIONS: dict[str, str] = {
    "raised": "the peer team's report has at least one finding under the quality statement judged an area "
    "for development or mixed",
    "raised_pattern": "at least one area for development, mixed finding or recommendation in the peer "
    "team's report is an instance of the pattern",
    "scored_low": "CQC scored the quality statement 1 or 2 (significant or some shortfalls)",
    "councils": "councils with a CQC score for the statement and a peer challenge report dated before "
    "(or in the month of) that CQC assessment",
    "disagreement": "per statement where both spoke: peer balance b = (strengths - developments) / "
    "(strengths + developments), a mixed finding counting on both sides, from -1 to +1; CQC position "
    "c = (score - 2.5) / 1.5, from -1 (score 1) to +1 (score 4); gap |b - c| / 2, from 0 (agree) to 1 "
    "(opposite ends). A council's disagreement is its mean gap over those statements",
}


@dataclass(frozen=True)
class CouncilEvidence:
    """One council's CQC scores beside what its peer team said, per quality statement."""

    council_id: str
    council: str
    cqc_scores: Mapping[str, int]
    strengths: Mapping[str, int] = field(default_factory=dict)
    developments: Mapping[str, int] = field(default_factory=dict)
    mixed: Mapping[str, int] = field(default_factory=dict)
    patterns_raised: frozenset[str] = frozenset()

    def raised(self, statement: str, min_areas: int = 1) -> bool:
        """The peer team raised at least `min_areas` areas for development (or mixed findings) there."""
        return self.developments.get(statement, 0) + self.mixed.get(statement, 0) >= min_areas


@dataclass(frozen=True)
class Group:
    """Councils on one side of a split, and those of them CQC scored 1-2."""

    councils: tuple[str, ...] = ()
    scored_low: tuple[str, ...] = ()

    @property
    def share_low(self) -> float | None:
        return len(self.scored_low) / len(self.councils) if self.councils else None


@dataclass(frozen=True)
class Split:
    """For one quality statement (and one pattern, if any): raised against not raised."""

    quality_statement: str
    pattern: str | None
    raised: Group
    not_raised: Group

    @property
    def councils(self) -> int:
        return len(self.raised.councils) + len(self.not_raised.councils)

    @property
    def difference(self) -> float | None:
        """Share scored low where raised, minus where not; None unless both sides have councils."""
        if self.raised.share_low is None or self.not_raised.share_low is None:
            return None
        return self.raised.share_low - self.not_raised.share_low


def _split(
    evidence: Iterable[CouncilEvidence], statement: str, pattern: str | None, min_areas: int = 1
) -> Split:
    """Councils scored on `statement`, split by whether the peer team raised it (or `pattern`)."""
    raised: list[CouncilEvidence] = []
    not_raised: list[CouncilEvidence] = []
    for council in evidence:
        if statement not in council.cqc_scores:
            continue
        said = council.raised(statement, min_areas) if pattern is None else pattern in council.patterns_raised
        (raised if said else not_raised).append(council)

    def group(councils: list[CouncilEvidence]) -> Group:
        return Group(
            councils=tuple(c.council_id for c in councils),
            scored_low=tuple(c.council_id for c in councils if c.cqc_scores[statement] in LOW_SCORES),
        )

    return Split(statement, pattern, group(raised), group(not_raised))


def statement_splits(
    evidence: Sequence[CouncilEvidence], statements: Iterable[str], min_areas: int = 1
) -> list[Split]:
    """Per statement: councils whose peer team raised it (at least `min_areas` areas for development
    or mixed findings there), against the rest, and how many of each CQC scored 1-2."""
    return [_split(evidence, statement, None, min_areas) for statement in statements]


def pattern_splits(
    evidence: Sequence[CouncilEvidence], patterns: Iterable[str], statements: Iterable[str]
) -> list[Split]:
    """Per pattern and statement: councils told about the pattern, against the rest, by CQC score there.

    Only pairs where at least one council raised the pattern are kept.
    """
    wanted = list(statements)
    splits = [_split(evidence, statement, pattern) for pattern in patterns for statement in wanted]
    return [split for split in splits if split.raised.councils]


@dataclass(frozen=True)
class StatementGap:
    quality_statement: str
    cqc_score: int
    strengths: int
    developments: int
    mixed: int
    peer_balance: float
    cqc_position: float
    gap: float


@dataclass(frozen=True)
class Disagreement:
    council_id: str
    council: str
    measure: float
    statements: tuple[StatementGap, ...]

    @property
    def peer_more_critical(self) -> int:
        return sum(s.peer_balance < s.cqc_position for s in self.statements)

    @property
    def peer_more_positive(self) -> int:
        return sum(s.peer_balance > s.cqc_position for s in self.statements)


def peer_balance(strengths: int, developments: int, mixed: int) -> float | None:
    """From -1 (only areas for development) to +1 (only strengths); None when nothing was said."""
    praise, criticism = strengths + mixed, developments + mixed
    return (praise - criticism) / (praise + criticism) if praise + criticism else None


def cqc_position(score: int) -> float:
    """CQC's 1-4 score on the same -1 to +1 scale."""
    return (score - 2.5) / 1.5


def disagreements(evidence: Iterable[CouncilEvidence]) -> list[Disagreement]:
    """Councils where peer findings and CQC scores disagree most first (see the module's definition)."""
    found: list[Disagreement] = []
    for council in evidence:
        gaps = []
        for statement, score in council.cqc_scores.items():
            counts = (
                council.strengths.get(statement, 0),
                council.developments.get(statement, 0),
                council.mixed.get(statement, 0),
            )
            balance = peer_balance(*counts)
            if balance is None:
                continue
            position = cqc_position(score)
            gaps.append(
                StatementGap(statement, score, *counts, balance, position, abs(balance - position) / 2)
            )
        if gaps:
            measure = sum(g.gap for g in gaps) / len(gaps)
            found.append(Disagreement(council.council_id, council.council, measure, tuple(gaps)))
    return sorted(found, key=lambda d: (-d.measure, -len(d.statements), d.council))
