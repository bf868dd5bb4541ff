"""The brief as one outline of typed blocks, in reading order: what every writer renders, and all it renders.

`viz/briefs/outline.py` turns a `Brief` into an `Outline` once; the Markdown, HTML, DOCX and PDF
writers each map every block kind to their format in one place and derive nothing themselves.
Text in a block is plain text (never markup): each writer escapes it for its own format.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field


class Figure(BaseModel):
    label: str
    value: int


class ChartData(BaseModel):
    """Instances by region (or by council, for a region brief), split by polarity."""

    title: str
    description: str
    axis: str = Field(description="What each bar is: Region or Council")
    labels: list[str]
    development: list[int]
    strengths: list[int]
    reviewed: list[int] = Field(default_factory=list, description="Councils reviewed, per label (regions)")
    showing: list[int] = Field(
        default_factory=list, description="Councils showing the pattern, per label (pattern briefs by region)"
    )
    instances: bool = Field(
        False, description="Counts are pattern instances (findings and recommendations), not findings"
    )


class Heading(BaseModel):
    """A section heading; level 1 is a section of the brief, 2 and 3 sit inside it (the title is above)."""

    kind: Literal["heading"] = "heading"
    level: Literal[1, 2, 3]
    text: str


class Paragraph(BaseModel):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    role: Literal["body", "lead", "note"] = Field(
        "body", description="lead: the headline sentence; note: a small aside (a footer, a count)"
    )


class Figures(BaseModel):
    """The headline numbers, each a value and what it counts."""

    kind: Literal["figures"] = "figures"
    items: list[Figure]


Tone = Literal["development", "strength", "recommendation"]


class QuoteBlock(BaseModel):
    """A quoted passage as printed, its citation as text, and the link to it when the brief has a base URL."""

    kind: Literal["quote"] = "quote"
    number: int
    text: str
    citation: str = Field(description="[number] council, report date, section")
    link: str | None = None
    note: str | None = Field(None, description="A line under the citation, e.g. how widely it was made")
    tone: Tone


class ListItem(BaseModel):
    text: str
    link: str | None = None
    link_text: str | None = Field(None, description="The words of the link, printed after the text")


class ListBlock(BaseModel):
    kind: Literal["list"] = "list"
    items: list[ListItem]
    numbered: bool = False


class TableBlock(BaseModel):
    kind: Literal["table"] = "table"
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric_from: int = Field(1, description="Columns from this index hold numbers (right-aligned)")


class ChartBlock(BaseModel):
    """The brief's chart; `alt` says in words what it shows, for readers who cannot see it."""

    kind: Literal["chart"] = "chart"
    chart: ChartData
    alt: str


Block = Annotated[
    Heading | Paragraph | Figures | QuoteBlock | ListBlock | TableBlock | ChartBlock,
    Field(discriminator="kind"),
]


class Outline(BaseModel):
    title: str
    subtitle: str
    language: str = Field("en-GB", description="BCP 47 language of the text")
    author: str = "peergraph"
    blocks: list[Block] = Field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]

    def quotes(self) -> list[QuoteBlock]:
        return [block for block in self.blocks if isinstance(block, QuoteBlock)]
