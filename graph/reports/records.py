"""A parsed `Report` as the typed rows the loader writes: one node row per node, ids decided here.

Keeping this a pure function (no store) means the ids and row shapes can be tested alone, and
the loader only moves rows into the graph. The row classes are the graph model's own
(graph/store/model.py), so a property the parser adds reaches the store in one place.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from graph.reports.ids import item_id, organisation_id, owner_id, person_id, review_id
from graph.store.model import CouncilNode, FindingNode, RecommendationNode, ReviewNode
from importers.councils import load_councils
from importers.model import Report

REVIEW_KIND = "pfa"  # Adult Social Care Preparation for Assurance peer challenge


@dataclass(frozen=True)
class TeamRow:
    """A peer team member on this review: the Person node and its ON_TEAM relationship."""

    person_id: str
    name: str
    team_role: str | None
    job_title: str | None
    ordinal: int


@dataclass(frozen=True)
class EmployerRow:
    """Where a peer team member works: the Organisation node, a council when its name is one."""

    person_id: str
    organisation_id: str
    organisation: str
    council_id: str | None


@dataclass(frozen=True)
class ReportRecords:
    review: ReviewNode
    council: CouncilNode
    findings: list[FindingNode]
    recommendations: list[RecommendationNode]
    addresses: list[tuple[str, str]]
    """(recommendation id, finding id) for each finding a recommendation addresses."""
    assignments: list[tuple[str, str]]
    """(recommendation id, owner id) for each owner a recommendation lands on."""
    team: list[TeamRow]
    employers: list[EmployerRow]

    @property
    def review_id(self) -> str:
        return self.review.id

    def theme_links(self) -> list[dict[str, object]]:
        return [{"id": f.id, "theme": f.theme} for f in self.findings if f.theme is not None]

    def quality_statement_links(self) -> list[dict[str, object]]:
        return [
            {"id": f.id, "quality_statement": f.quality_statement}
            for f in self.findings
            if f.quality_statement is not None
        ]

    def finding_links(self) -> list[dict[str, object]]:
        return [{"id": rec, "finding_id": finding} for rec, finding in self.addresses]

    def owner_links(self) -> list[dict[str, object]]:
        return [{"id": rec, "owner_id": owner} for rec, owner in self.assignments]


def _item_ids(review: str, kind: str, texts: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    ids = []
    for text in texts:
        key = " ".join(text.lower().split())
        ids.append(item_id(review, kind, text, seen[key]))
        seen[key] += 1
    return ids


def _organisation_council(name: str | None) -> str | None:
    """The council an organisation is, when its name is one (for the peer network)."""
    if not name:
        return None
    match = load_councils().identify(name)
    return match.council.id if match and match.as_printed and len(name) < 80 else None


def report_records(report: Report, imported_at: datetime | None = None) -> ReportRecords:
    review = review_id(report.council.id, report.report_date, REVIEW_KIND)
    finding_ids = _item_ids(review, "f", [f.text for f in report.findings])
    recommendation_ids = _item_ids(review, "r", [r.text for r in report.recommendations])
    figures = report.figures
    review_row = ReviewNode(
        id=review,
        kind=REVIEW_KIND,
        title=report.title,
        report_date=report.report_date,
        onsite_start=report.onsite_start.isoformat() if report.onsite_start else None,
        onsite_end=report.onsite_end.isoformat() if report.onsite_end else None,
        source=report.source,
        source_sha256=report.source_sha256,
        format=report.format,
        commissioned_by=report.commissioned_by,
        documents_read=figures.documents_read,
        meetings=figures.meetings,
        people_met=figures.people_met,
        cases_audited=figures.cases_audited,
        hours_on_site=figures.hours_on_site,
        council_asks=json.dumps(report.council_asks, ensure_ascii=False),
        lga_contacts=json.dumps(report.lga_contacts, ensure_ascii=False),
        text=report.text,
        imported_at=(imported_at or datetime.now(UTC)).isoformat(timespec="seconds"),
    )
    findings = [
        FindingNode(
            id=finding_ids[index],
            review_id=review,
            ordinal=index,
            text=finding.text,
            polarity=finding.polarity.value,
            section=finding.section.value,
            heading=finding.heading,
            theme=finding.theme,
            quality_statement=finding.quality_statement,
            span_start=finding.span[0],
            span_end=finding.span[1],
            sentences=json.dumps(
                [{"span": list(s.span), "polarity": s.polarity.value} for s in finding.sentences]
            ),
        )
        for index, finding in enumerate(report.findings)
    ]
    recommendations = [
        RecommendationNode(
            id=recommendation_ids[index],
            review_id=review,
            ordinal=index,
            text=recommendation.text,
            source=recommendation.source.value,
            firm=recommendation.firm,
            theme=recommendation.theme,
            span_start=recommendation.span[0],
            span_end=recommendation.span[1],
        )
        for index, recommendation in enumerate(report.recommendations)
    ]
    addresses = [
        (recommendation_ids[index], finding_ids[finding])
        for index, recommendation in enumerate(report.recommendations)
        for finding in recommendation.addresses
    ]
    assignments = [
        (recommendation_ids[index], owner_id(name))
        for index, recommendation in enumerate(report.recommendations)
        for name in recommendation.owners
    ]
    team = [
        TeamRow(person_id(member.name), member.name, member.team_role, member.job_title, index)
        for index, member in enumerate(report.peer_team)
    ]
    employers = [
        EmployerRow(
            person_id(member.name),
            organisation_id(member.organisation),
            member.organisation,
            _organisation_council(member.organisation),
        )
        for member in report.peer_team
        if member.organisation
    ]
    council = CouncilNode(
        id=report.council.id,
        name=report.council.name,
        short_name=report.council.short_name,
        type=report.council.type,
        region=report.council.region,
    )
    return ReportRecords(
        review_row, council, findings, recommendations, addresses, assignments, team, employers
    )
