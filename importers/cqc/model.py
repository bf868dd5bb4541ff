"""What the CQC readers yield: a local authority's assessment as CQC published it, typed.

One file gives one `CqcFile` holding one `CqcResult` (a page or a press release) or several (a
CSV, one per row). A quality statement page's key findings carry `span`, offsets into the text
the reader worked on (`CqcResult.text`), so each can be cited as peer findings are.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from importers.model import CouncilRef


class Rating(StrEnum):
    """CQC's overall rating of a local authority's adult social care."""

    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"


class Shape(StrEnum):
    """Which kind of CQC publication a result was read from."""

    SUMMARY = "summary"
    PRESS_RELEASE = "press_release"
    QUALITY_STATEMENT = "quality_statement"
    CSV = "csv"


SCORE_BANDS: dict[int, str] = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}
"""CQC's words for each quality statement score."""


class StatementScore(BaseModel):
    quality_statement: str = Field(description="Quality statement id", examples=["qs1_assessing_needs"])
    score: int = Field(ge=1, le=4)
    as_printed: str = Field(description="The statement's name as the source wrote it")


class KeyFinding(BaseModel):
    """One paragraph of a quality statement's key findings, with where it sits in the text."""

    quality_statement: str
    text: str
    heading: str | None = Field(None, description="The sub-heading it sits under, if any")
    span: tuple[int, int] = Field(description="Offsets into the result's `text`")


class CqcResult(BaseModel):
    """One council's CQC assessment, as far as one page (or one CSV row) tells it."""

    shape: Shape
    council: CouncilRef
    published: date | None = Field(None, description="When CQC published the assessment (or press release)")
    page_updated: date | None = Field(None, description="'Page last updated', where the page says")
    rating: Rating | None = None
    score: int | None = Field(None, ge=0, le=100, description="The overall score out of 100 (a percentage)")
    statement_scores: list[StatementScore] = Field(default_factory=list)
    key_findings: list[KeyFinding] = Field(default_factory=list)
    text: str | None = Field(None, description="The text `key_findings` spans index (pages only)")
    row: int | None = Field(None, description="The CSV row it came from (1 is the header)")

    @property
    def scores(self) -> dict[str, int]:
        """Quality statement id -> score."""
        return {s.quality_statement: s.score for s in self.statement_scores}


class CqcFile(BaseModel):
    """Everything one file holds: its results, and what identifies the file's bytes."""

    source: str = Field(description="The file's name")
    source_sha256: str
    shape: Shape
    results: list[CqcResult]
