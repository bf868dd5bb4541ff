"""A read CQC file as the typed rows the loader writes: ids decided here, no store.

An assessment is one council's CQC assessment published on one date
(`{council}-cqc-{published}`). Each file that tells part of it is a source, keyed by the
assessment and what the file is (`-summary`, `-press_release`, `-quality_statement-qs1`,
`-csv`), so the same page saved as HTML or as text, or a corrected copy, replaces the one
before it. Key findings are keyed by their source and normalised text, as peer findings are.
The node rows are the graph model's own (graph/store/model.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from graph.reports.ids import item_id, normalised
from graph.store.model import CouncilNode, CqcAssessmentNode, CqcKeyFindingNode, CqcSourceNode
from importers.cqc import CqcFile, CqcResult, Shape
from importers.framework import QUALITY_STATEMENTS_BY_ID


def assessment_id(council_id: str, published: date) -> str:
    return f"{council_id}-cqc-{published.isoformat()}"


def source_id(assessment: str, result: CqcResult) -> str:
    if result.shape is Shape.QUALITY_STATEMENT:
        numbers = "-".join(
            f"qs{QUALITY_STATEMENTS_BY_ID[s.quality_statement].number}" for s in result.statement_scores
        )
        return f"{assessment}-{result.shape.value}-{numbers}"
    return f"{assessment}-{result.shape.value}"


@dataclass(frozen=True)
class ScoreRow:
    """One SCORED relationship: an assessment's score for a statement, and the source that gave it."""

    assessment_id: str
    quality_statement: str
    score: int
    source_id: str


@dataclass
class CqcRecords:
    councils: list[CouncilNode] = field(default_factory=list)
    assessments: list[CqcAssessmentNode] = field(default_factory=list)
    sources: list[CqcSourceNode] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    key_findings: list[CqcKeyFindingNode] = field(default_factory=list)

    @property
    def source_ids(self) -> list[str]:
        return [row.id for row in self.sources]


def cqc_records(cqc: CqcFile, published: list[date], imported_at: datetime | None = None) -> CqcRecords:
    """Rows for every result of the file; `published[i]` dates result i (its own date, or the
    date of the assessment an undated page is attached to)."""
    at = (imported_at or datetime.now(UTC)).isoformat(timespec="seconds")
    records = CqcRecords()
    councils: dict[str, CouncilNode] = {}
    for result, when in zip(cqc.results, published, strict=True):
        council = result.council
        councils[council.id] = CouncilNode(
            id=council.id,
            name=council.name,
            short_name=council.short_name,
            type=council.type,
            region=council.region,
        )
        assessment = assessment_id(council.id, when)
        source = source_id(assessment, result)
        records.assessments.append(
            CqcAssessmentNode(
                id=assessment,
                council_id=council.id,
                published=when.isoformat(),
                rating=result.rating.value if result.rating else None,
                score=result.score,
                updated_at=at,
            )
        )
        records.sources.append(
            CqcSourceNode(
                id=source,
                assessment_id=assessment,
                shape=result.shape.value,
                quality_statements=",".join(s.quality_statement for s in result.statement_scores),
                source=cqc.source,
                source_sha256=cqc.source_sha256,
                page_updated=result.page_updated.isoformat() if result.page_updated else None,
                row=result.row,
                text=result.text,
                imported_at=at,
            )
        )
        records.scores += [
            ScoreRow(assessment, s.quality_statement, s.score, source) for s in result.statement_scores
        ]
        seen: Counter[str] = Counter()
        for ordinal, finding in enumerate(result.key_findings):
            key = normalised(finding.text)
            records.key_findings.append(
                CqcKeyFindingNode(
                    id=item_id(source, "k", finding.text, seen[key]),
                    assessment_id=assessment,
                    source_id=source,
                    quality_statement=finding.quality_statement,
                    ordinal=ordinal,
                    text=finding.text,
                    heading=finding.heading,
                    span_start=finding.span[0],
                    span_end=finding.span[1],
                )
            )
            seen[key] += 1
    records.councils = list(councils.values())
    return records
