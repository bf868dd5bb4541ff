"""What reads of the graph return: the shapes the API serves and the pages and briefs render.

Every quoted finding or recommendation carries a `Citation`: which review, where in its text,
and the exact passage, so a reader can always go back to what the peer team wrote.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` to get the next page; null at the end"
    )


class Region(BaseModel):
    code: str = Field(examples=["E12000009"])
    name: str = Field(examples=["South West"])
    councils: int = Field(description="Councils in the region with at least one review")
    reviews: int
    findings: int


class CouncilSummary(BaseModel):
    id: str = Field(description="ONS code", examples=["E06000027"])
    name: str = Field(examples=["Torbay Council"])
    short_name: str
    type: str
    region: str
    reviews: int


class Citation(BaseModel):
    """Where a quoted passage comes from: the review, its council and date, and the offsets."""

    review_id: str
    council_id: str
    council: str
    report_date: str | None
    section: str | None = None
    heading: str | None = None
    span: tuple[int, int] = Field(description="Offsets into the review's text (GET /reviews/{id}/text)")


class SentenceOut(BaseModel):
    """One sentence of a finding and what it says, with offsets into the review's text."""

    span: tuple[int, int]
    polarity: str = Field(examples=["strength"], description="strength, area_for_development or neutral")


class FindingOut(BaseModel):
    id: str
    text: str
    polarity: str = Field(examples=["area_for_development"])
    section: str
    heading: str | None
    theme: int | None
    quality_statement: str | None
    span: tuple[int, int]
    citation: Citation | None = None
    patterns: list[str] = Field(default_factory=list)
    sentences: list[SentenceOut] = Field(
        default_factory=list, description="The finding's sentences, each with its own polarity"
    )


class RecommendationOut(BaseModel):
    id: str
    text: str
    source: str = Field(examples=["summary"])
    firm: bool | None = Field(
        None,
        description="True when it prescribes without hedging; false for a hedged could / might suggestion",
    )
    theme: int | None
    span: tuple[int, int]
    owners: list[str] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list, description="Ids of the findings it addresses")
    citation: Citation | None = None
    action_status: dict[str, int] = Field(
        default_factory=dict, description="Action items implementing it, counted by current status"
    )
    patterns: list[str] = Field(default_factory=list, description="Ids of the patterns it is tagged with")


class TeamMember(BaseModel):
    name: str
    team_role: str | None
    job_title: str | None
    organisation: str | None


class ReviewSummary(BaseModel):
    id: str
    title: str | None
    report_date: str | None
    council_id: str
    council: str
    region: str
    source: str | None = None
    imported_at: str | None = None


class PeerLink(BaseModel):
    """A peer team member on one review, with the council they work for when it is one."""

    person_id: str
    name: str
    team_role: str | None
    job_title: str | None
    review_id: str
    report_date: str | None
    council_id: str
    council: str
    council_short_name: str
    organisation: str | None
    home_council_id: str | None
    home_council_short_name: str | None


class ReviewDetail(ReviewSummary):
    onsite_start: str | None
    onsite_end: str | None
    commissioned_by: str | None
    figures: dict[str, int | None]
    council_asks: list[str]
    lga_contacts: list[str]
    peer_team: list[TeamMember]
    findings: list[FindingOut]
    recommendations: list[RecommendationOut]


class ThemeCount(BaseModel):
    theme: int | None
    polarity: str
    count: int


class CouncilDetail(BaseModel):
    council: CouncilSummary
    reviews: list[ReviewSummary]
    counts: list[ThemeCount] = Field(description="Findings by CQC theme and polarity")
    recommendations: list[RecommendationOut]


class OwnerOut(BaseModel):
    id: str
    name: str
    kind: str
    recommendations: int = Field(description="Summary-list and firm recommendations assigned to it")
    councils: int = Field(description="Councils whose reports make those recommendations")
    suggestions: int = Field(0, description="Hedged suggestions (could, might, may) assigned to it")


class StatusUpdateOut(BaseModel):
    seq: int
    at: str
    status: str | None
    due_date: str | None
    note: str | None
    by: str | None


class ActionOut(BaseModel):
    id: str
    council_id: str
    ref: str | None
    text: str | None
    recommendation_text: str | None = None
    owner_text: str | None
    owners: list[str] = Field(default_factory=list)
    due_date: str | None
    due_text: str | None
    status: str | None
    rag: str | None
    progress: str | None
    overdue: bool = False
    slipped: bool = False
    version: int
    recommendation_id: str | None = None
    link_method: str | None = None
    link_score: float | None = None
    extra: dict[str, str] = Field(
        default_factory=dict, description="The plan's columns peergraph does not know, by header"
    )
    history: list[StatusUpdateOut] = Field(default_factory=list)


class Trace(BaseModel):
    """Who owns a recommendation and where it is up to: its findings, owners and actions."""

    recommendation: RecommendationOut
    review: ReviewSummary
    findings: list[FindingOut]
    owners: list[OwnerOut]
    actions: list[ActionOut]


class SearchHit(BaseModel):
    kind: str = Field(examples=["finding"])
    id: str
    score: float
    text: str
    snippet: str
    highlights: list[tuple[int, int]] = Field(description="Offsets into `snippet` of the matched words")
    citation: Citation
    polarity: str | None = Field(None, description="A finding's polarity; null for a recommendation")
    theme: int | None = None
    region: str | None = None
    also_recommendations: list[str] = Field(
        default_factory=list,
        description="Recommendations inside this finding's passage that also matched: one hit per passage",
    )


class PatternSummary(BaseModel):
    id: str = Field(examples=["key_person_dependency"])
    name: str
    description: str
    origin: str = Field(description="builtin, user (a pattern file) or accepted (from discovery)")
    councils: int = Field(description="Councils with at least one instance")
    regions: int
    instances: int
    development: int = Field(
        description="Instances in areas for development, mixed findings or recommendations"
    )
    strengths: int = Field(description="Instances in findings judged strengths")


class PatternCouncil(BaseModel):
    council_id: str
    council: str
    region: str
    development: int
    strengths: int


class PatternRegion(BaseModel):
    region: str
    councils: int = Field(description="Reviewed councils in the region showing the pattern")
    reviewed_councils: int
    share: float = Field(description="councils / reviewed_councils")


class PatternQuote(BaseModel):
    kind: str = Field(examples=["finding"])
    id: str
    text: str
    evidence: str = Field(description="The sentence that matched: a verbatim part of `text`")
    score: float
    polarity: str | None
    confirmed: bool | None = Field(description="True once a person confirmed the tag")
    citation: Citation
    region: str | None = Field(None, examples=["South West"], description="The council's region")


class PatternDetail(BaseModel):
    pattern: PatternSummary
    councils: list[PatternCouncil]
    regions: list[PatternRegion]
    development: list[PatternQuote]
    strengths: list[PatternQuote]


class PatternMatrix(BaseModel):
    by: str = Field(examples=["region"])
    measure: str = Field(examples=["councils"], description="councils showing the pattern, or instances")
    rows: list[str] = Field(description="Pattern ids")
    row_names: list[str]
    columns: list[str] = Field(description="Regions, or council ids")
    column_names: list[str]
    cells: list[list[int]] = Field(description="cells[i][j]: the measure for pattern i in column j")


class CouncilSimilarity(BaseModel):
    a: str
    b: str
    jaccard: float
    shared: list[str]


class PatternPair(BaseModel):
    a: str
    b: str
    items: int = Field(description="Items tagged with both")
    councils: int = Field(description="Councils showing both")
    lift: float


class CandidateQuoteOut(BaseModel):
    item_id: str
    council: str
    text: str


class CandidateOut(BaseModel):
    id: str
    name: str
    description: str
    councils: list[str]
    regions: list[str]
    items: int
    quotes: list[CandidateQuoteOut]
    cohesion: float
    nearest_pattern: str | None
    nearest_similarity: float
