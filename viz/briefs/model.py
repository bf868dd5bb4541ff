"""What a learning brief holds: a typed `Brief` that every writer (Markdown, HTML, DOCX, PDF) renders.

The builder (`viz/briefs/build.py`) fills it from graph reads only. Every quote keeps its true
`Citation` and the full text of the item it quotes (`source_text`), so `Quote.verbatim` can be
checked; what a writer prints is `shown`, `council_label`, `section_label` and `link`, which an
anonymised brief has rewritten (see `viz/briefs/anonymise.py`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from graph.reads.models import Citation, PatternSummary
from viz.briefs.blocks import ChartData, Figure, Outline

Format = Literal["md", "html", "docx", "pdf"]
FORMATS: tuple[Format, ...] = ("md", "html", "docx", "pdf")


class Scope(BaseModel):
    """What the brief is about: patterns, or a CQC theme, optionally within a region and since a date."""

    patterns: list[str] = Field(default_factory=list)
    pattern_names: list[str] = Field(default_factory=list)
    theme: int | None = None
    theme_name: str | None = None
    region: str | None = None
    since: str | None = Field(
        None, description="Reviews whose report date is on or after this (YYYY[-MM[-DD]])"
    )
    anonymised: bool = False

    @property
    def kind(self) -> Literal["pattern", "theme", "region"]:
        if self.patterns:
            return "pattern"
        return "theme" if self.theme is not None else "region"


class Quote(BaseModel):
    """A verbatim passage from a report, with where it comes from."""

    number: int = Field(0, description="Position in the brief, from 1, in reading order")
    kind: Literal["finding", "recommendation"]
    item_id: str
    text: str = Field(description="The passage quoted: a verbatim part of `source_text`")
    shown: str = Field(description="The passage as printed (council names replaced when anonymised)")
    source_text: str = Field(description="The whole finding or recommendation the passage comes from")
    polarity: str | None = None
    citation: Citation
    council_label: str = Field(description="Council name, or its anonymised label")
    date_label: str = Field(description="Report date as words, e.g. June 2024")
    section_label: str = Field(description="Section or heading of the report the passage sits under")
    link: str | None = Field(None, description="The passage in the web UI; none when anonymised")

    @property
    def verbatim(self) -> bool:
        return bool(self.text) and self.text in self.source_text

    @property
    def cited_as(self) -> str:
        """The citation as one line of text: council, report date, section."""
        return ", ".join(part for part in (self.council_label, self.date_label, self.section_label) if part)


class Headline(BaseModel):
    sentence: str
    councils: int = Field(description="Councils with at least one finding or instance in scope")
    reviewed_councils: int = Field(description="Councils with a review in scope (region, since)")
    regions: int
    reviews: int
    first_date: str | None
    last_date: str | None
    development: int
    strengths: int
    recommendations: int
    figures: list[Figure] = Field(default_factory=list)


class FoundSection(BaseModel):
    """Areas for development beside strengths, for one pattern or for the whole scope."""

    title: str
    intro: str
    development: list[Quote] = Field(default_factory=list)
    strengths: list[Quote] = Field(default_factory=list)


class GoodPractice(BaseModel):
    """A council whose report records a strength on something others are asked to improve."""

    topic: str
    council_label: str
    strengths: int = Field(description="Strength instances on the topic in this council's report")
    quotes: list[Quote] = Field(default_factory=list, description="Quotes not already shown above")
    shown_above: list[int] = Field(
        default_factory=list, description="Numbers of this council's quotes already shown"
    )


class CouncilCount(BaseModel):
    council_id: str = ""
    label: str
    region: str
    development: int
    strengths: int


class OwnerCount(BaseModel):
    name: str
    recommendations: int
    councils: int


class RankedRecommendation(BaseModel):
    """One recommendation quoted, standing for those like it (near-identical wording) in scope."""

    quote: Quote
    councils: int = Field(description="Councils that received this recommendation or one worded like it")
    similar: int = Field(description="Recommendations it stands for, itself included")
    owners: list[str] = Field(default_factory=list, description="Roles the report assigns it to")


class RecommendationGroup(BaseModel):
    """Recommendations on one subject (a pattern), most widely made first."""

    title: str
    recommendations: int
    councils: int
    owners: list[OwnerCount] = Field(default_factory=list)
    ranked: list[RankedRecommendation] = Field(default_factory=list)


class ActionProgress(BaseModel):
    """Where councils' action plans are up to on the recommendations in scope."""

    councils_with_plans: int
    councils_in_scope: int
    actions: int
    complete: int
    on_track: int
    overdue: int
    by_status: dict[str, int] = Field(default_factory=dict)

    def share(self, count: int) -> float:
        return count / self.actions if self.actions else 0.0


class Question(BaseModel):
    """A question an adviser could put to a council, from a recommendation peer teams made firmly."""

    # Not `text`: the anonymiser leaves fields of that name as the report wrote them.
    asked: str
    quote_number: int | None = Field(None, description="The recommendation's quote number, when quoted above")


class SourceReview(BaseModel):
    label: str
    date_label: str
    link: str | None = None


class CqcRow(BaseModel):
    """One quality statement (or pattern and statement): councils scored 1-2 by CQC, raised or not."""

    statement: str
    pattern: str | None = None
    councils: int = Field(description="Councils behind the row, both sides together")
    raised: int
    raised_low: int = Field(description="Of the councils whose peer team raised it, those CQC scored 1-2")
    not_raised: int
    not_raised_low: int


class BriefCqc(BaseModel):
    """CQC's scores beside the peer findings, across every council with both in the store."""

    councils: int
    caveat: str
    statements: list[CqcRow] = Field(default_factory=list)
    patterns: list[CqcRow] = Field(default_factory=list)


class Brief(BaseModel):
    title: str
    subtitle: str
    scope: Scope
    generated: str = Field(description="ISO date the brief was built")
    headline: Headline
    sections: list[FoundSection]
    good_practice: list[GoodPractice] = Field(default_factory=list)
    patterns: list[PatternSummary] = Field(
        default_factory=list,
        description="The patterns briefed on, or those recurring most in scope, counted in scope by the "
        "functions the pattern pages use (graph.reads.patterns)",
    )
    councils: list[CouncilCount] = Field(default_factory=list)
    recommendations: list[RecommendationGroup] = Field(default_factory=list)
    owners: list[OwnerCount] = Field(default_factory=list)
    progress: ActionProgress
    chart: ChartData
    meaning: list[str] = Field(default_factory=list, description='"What this means": sentences from the data')
    questions: list[Question] = Field(default_factory=list)
    sources: list[SourceReview] = Field(default_factory=list)
    cqc: BriefCqc | None = Field(None, description="CQC scores beside peer findings, where any are loaded")
    notes: list[str] = Field(default_factory=list)
    outline: Outline | None = Field(
        None,
        description="What the writers render; laid out last by the builder, after any anonymising "
        "(the anonymiser rewrites the fields above, and leaves any field named `text` as written)",
    )

    def quotes(self) -> list[Quote]:
        """Every quote in the brief, in reading order."""
        found = [q for section in self.sections for q in (*section.development, *section.strengths)]
        practice = [q for entry in self.good_practice for q in entry.quotes]
        recs = [r.quote for group in self.recommendations for r in group.ranked]
        return [*found, *practice, *recs]
