"""The parsed report: what `peergraph parse --json` prints and what the graph loader reads.

Every finding and recommendation carries `span`, offsets into the normalised text the parser
worked on (`Report.text`, printed by `peergraph parse --text`), so each item cites its passage.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


class Polarity(StrEnum):
    STRENGTH = "strength"
    AREA_FOR_DEVELOPMENT = "area_for_development"
    MIXED = "mixed"


class SentencePolarity(StrEnum):
    """What one sentence of a finding says: a paragraph is mixed only when it holds both kinds."""

    STRENGTH = "strength"
    AREA_FOR_DEVELOPMENT = "area_for_development"
    NEUTRAL = "neutral"


class Section(StrEnum):
    KEY_MESSAGES = "key_messages"
    STRENGTHS = "strengths"
    CONSIDERATIONS = "considerations"
    NARRATIVE = "narrative"
    CASE_FILE_AUDIT = "case_file_audit"
    PREPARING_FOR_ASSESSMENT = "preparing_for_assessment"


class RecommendationSource(StrEnum):
    SUMMARY = "summary"
    INLINE = "inline"


class CouncilRef(BaseModel):
    id: str = Field(description="ONS code")
    name: str
    short_name: str
    type: str
    region: str
    as_printed: str = Field("", description="How the report first names the council")


class PeerTeamMember(BaseModel):
    name: str
    team_role: str | None = None
    job_title: str | None = None
    organisation: str | None = None


class Figures(BaseModel):
    documents_read: int | None = None
    meetings: int | None = None
    people_met: int | None = None
    cases_audited: int | None = None
    hours_on_site: int | None = None


class Sentence(BaseModel):
    """One sentence of a finding, with its own polarity and its offsets in the report text."""

    span: tuple[int, int]
    polarity: SentencePolarity


class Finding(BaseModel):
    text: str
    polarity: Polarity
    theme: int | None = Field(None, ge=1, le=4)
    quality_statement: str | None = None
    section: Section
    heading: str | None = Field(None, description="The nearest heading above the finding")
    span: tuple[int, int]
    sentences: list[Sentence] = Field(
        default_factory=list, description="The finding's sentences, each with its own polarity"
    )


class Recommendation(BaseModel):
    text: str
    source: RecommendationSource
    firm: bool = Field(
        True,
        description="True when it prescribes without hedging (recommend, should, needs to); "
        "false for a hedged could / might / may suggestion",
    )
    owners: list[str] = Field(default_factory=list, description="Canonical owner roles")
    theme: int | None = Field(None, ge=1, le=4)
    finding: int | None = Field(None, description="Index of the finding this sentence sits in")
    addresses: list[int] = Field(
        default_factory=list,
        description="Indexes of the findings it addresses: its own for inline, the closest in wording for summary",
    )
    span: tuple[int, int]


class Report(BaseModel):
    source: str
    source_sha256: str
    format: str
    title: str
    council: CouncilRef
    report_date: str | None = Field(None, description="YYYY-MM or YYYY-MM-DD")
    onsite_start: date | None = None
    onsite_end: date | None = None
    commissioned_by: str | None = None
    peer_team: list[PeerTeamMember] = Field(default_factory=list)
    figures: Figures = Field(default_factory=Figures)
    council_asks: list[str] = Field(default_factory=list)
    key_messages: list[str] = Field(default_factory=list)
    lga_contacts: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    patterns: dict[str, list[int]] = Field(
        default_factory=dict, description="pattern id -> indexes into findings, then recommendations"
    )
    text: str = Field(exclude=True, repr=False, description="The normalised text spans index")
