"""What CQC reads return: shapes the API serves and a council page, `/ui/cqc` or a brief render.

Every quoted passage carries its citation: a peer finding its `Citation` (graph.read_models),
a CQC key finding its `CqcCitation` (the file it was read from, and offsets into its text at
`GET /cqc/sources/{id}/text`). Every cross-council figure carries the councils behind it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from graph.reads.models import FindingOut


class CqcStatementScore(BaseModel):
    quality_statement: str = Field(examples=["qs1_assessing_needs"])
    number: int
    name: str = Field(examples=["Assessing needs"])
    theme: int
    score: int = Field(ge=1, le=4)
    band: str = Field(examples=["Evidence shows some shortfalls"])
    scored_low: bool = Field(description="CQC scored it 1 or 2")


class CqcSourceOut(BaseModel):
    """A file that told part of an assessment."""

    id: str
    shape: str = Field(examples=["summary"], description="summary, press_release, quality_statement or csv")
    source: str = Field(description="The file's name")
    page_updated: str | None
    row: int | None = Field(description="The CSV row, for a CSV")
    imported_at: str | None


class CqcAssessmentOut(BaseModel):
    id: str = Field(examples=["E10000015-cqc-2024-05-17"])
    council_id: str
    council: str
    region: str
    published: str = Field(examples=["2024-05-17"])
    rating: str | None = Field(examples=["Good"])
    score: int | None = Field(description="Overall score out of 100, where a source printed it")
    scores: list[CqcStatementScore] = Field(description="Quality statement scores, in framework order")
    sources: list[CqcSourceOut]


class CqcCitation(BaseModel):
    """Where a CQC key finding comes from: the file, its council and date, and the offsets."""

    assessment_id: str
    source_id: str
    source: str
    council_id: str
    council: str
    published: str
    heading: str | None
    span: tuple[int, int] = Field(description="Offsets into the source's text (GET /cqc/sources/{id}/text)")


class CqcKeyFindingOut(BaseModel):
    id: str
    quality_statement: str
    text: str
    citation: CqcCitation


class CqcAssessmentDetail(CqcAssessmentOut):
    key_findings: list[CqcKeyFindingOut]


class PeerChallengeDate(BaseModel):
    """A peer challenge report's dates against the CQC assessment's."""

    review_id: str
    title: str | None
    report_date: str | None
    onsite_start: str | None
    onsite_end: str | None
    months_before_cqc: int | None = Field(
        description="Months from the report's month to CQC's publication month (negative: after CQC)"
    )
    order: Literal["before", "same_month", "after", "unknown"]


class StatementComparison(BaseModel):
    """One quality statement: CQC's score and findings beside what the peer team said."""

    quality_statement: str
    number: int
    name: str
    theme: int
    cqc_score: int | None
    cqc_band: str | None
    cqc_key_findings: list[CqcKeyFindingOut]
    peer_strengths: list[FindingOut]
    peer_areas_for_development: list[FindingOut]
    peer_mixed: list[FindingOut] = Field(
        description="Findings holding both a strength and an area for development"
    )


class CouncilCqc(BaseModel):
    """A council's CQC assessment beside its peer challenge, statement by statement."""

    council_id: str
    council: str
    region: str
    assessment: CqcAssessmentOut | None = Field(description="The latest assessment; null when none is loaded")
    earlier_assessments: list[str] = Field(default_factory=list, description="Ids of earlier assessments")
    peer_challenge: PeerChallengeDate | None = Field(
        description="The report compared: the latest one dated before (or in the month of) the CQC "
        "assessment, else the latest"
    )
    reviews: list[PeerChallengeDate] = Field(description="Every peer challenge report of the council")
    statements: list[StatementComparison] = Field(description="All nine quality statements, in order")


class GroupOut(BaseModel):
    councils: int = Field(description="Councils on this side")
    scored_low: int = Field(description="Of them, CQC scored the statement 1 or 2")
    share_low: float | None = Field(description="scored_low / councils; null with no councils")
    council_names: list[str]
    scored_low_names: list[str]


class CrossCouncilRow(BaseModel):
    quality_statement: str
    quality_statement_name: str
    pattern: str | None = Field(None, description="Pattern id, for a row by pattern")
    pattern_name: str | None = None
    councils: int = Field(description="Councils behind the row: both sides together")
    raised: GroupOut = Field(description="Councils whose peer team raised it")
    not_raised: GroupOut = Field(description="Councils whose peer team did not")
    difference: float | None = Field(
        description="raised.share_low - not_raised.share_low; null unless both sides have councils"
    )


class StatementGapOut(BaseModel):
    quality_statement: str
    cqc_score: int
    strengths: int
    areas_for_development: int
    mixed: int
    peer_balance: float
    cqc_position: float
    gap: float


class CouncilDisagreement(BaseModel):
    council_id: str
    council: str
    measure: float = Field(description="Mean gap over the statements where both spoke, 0 (agree) to 1")
    statements_compared: int
    peer_more_critical: int = Field(description="Statements where the peer team was more critical than CQC")
    peer_more_positive: int
    statements: list[StatementGapOut]


class ExcludedCouncil(BaseModel):
    council_id: str
    council: str
    reason: str


class CrossCouncil(BaseModel):
    """Across councils: did the peer challenge see CQC's low scores coming?"""

    councils: int = Field(description="Councils with a CQC assessment and an earlier peer challenge report")
    council_names: list[str]
    excluded: list[ExcludedCouncil] = Field(description="Assessed councils left out, and why")
    statements: list[CrossCouncilRow]
    patterns: list[CrossCouncilRow]
    disagreements: list[CouncilDisagreement] = Field(description="Most disagreement first")
    min_areas: int = Field(
        1, description="Areas for development (or mixed findings) under a statement that count as raising it"
    )
    caveat: str
    definitions: dict[str, str]
