"""A parsed `Report` as the rows the loader writes: one record per node, ids decided here.

Keeping this a pure function (no store) means the ids and row shapes can be tested alone, and
the loader only moves rows into the graph.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.reports.ids import item_id, organisation_id, owner_id, person_id, review_id
from importers.councils import load_councils
from importers.model import Report

REVIEW_KIND = "pfa"  # Adult Social Care Preparation for Assurance peer challenge


@dataclass(frozen=True)
class ReportRecords:
    review: dict[str, Any]
    council: dict[str, Any]
    findings: list[dict[str, Any]]
    recommendations: list[dict[str, Any]]
    team: list[dict[str, Any]]
    employers: list[dict[str, Any]]

    @property
    def review_id(self) -> str:
        return str(self.review["id"])

    def theme_links(self) -> list[dict[str, Any]]:
        return [{"id": f["id"], "theme": f["theme"]} for f in self.findings if f["theme"] is not None]

    def quality_statement_links(self) -> list[dict[str, Any]]:
        return [
            {"id": f["id"], "quality_statement": f["quality_statement"]}
            for f in self.findings
            if f["quality_statement"] is not None
        ]

    def finding_links(self) -> list[dict[str, Any]]:
        return [{"id": r["id"], "finding_id": f} for r in self.recommendations for f in r["finding_ids"]]

    def owner_links(self) -> list[dict[str, Any]]:
        return [{"id": r["id"], "owner_id": owner} for r in self.recommendations for owner in r["owner_ids"]]


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
    review_row = {
        "id": review,
        "kind": REVIEW_KIND,
        "title": report.title,
        "report_date": report.report_date,
        "onsite_start": report.onsite_start.isoformat() if report.onsite_start else None,
        "onsite_end": report.onsite_end.isoformat() if report.onsite_end else None,
        "source": report.source,
        "source_sha256": report.source_sha256,
        "format": report.format,
        "commissioned_by": report.commissioned_by,
        "documents_read": report.figures.documents_read,
        "meetings": report.figures.meetings,
        "people_met": report.figures.people_met,
        "cases_audited": report.figures.cases_audited,
        "council_asks": json.dumps(report.council_asks, ensure_ascii=False),
        "lga_contacts": json.dumps(report.lga_contacts, ensure_ascii=False),
        "text": report.text,
        "imported_at": (imported_at or datetime.now(UTC)).isoformat(timespec="seconds"),
    }
    findings = [
        {
            "id": finding_ids[index],
            "ordinal": index,
            "text": finding.text,
            "polarity": finding.polarity.value,
            "section": finding.section.value,
            "heading": finding.heading,
            "theme": finding.theme,
            "quality_statement": finding.quality_statement,
            "span_start": finding.span[0],
            "span_end": finding.span[1],
        }
        for index, finding in enumerate(report.findings)
    ]
    recommendations = [
        {
            "id": recommendation_ids[index],
            "ordinal": index,
            "text": recommendation.text,
            "source": recommendation.source.value,
            "theme": recommendation.theme,
            "span_start": recommendation.span[0],
            "span_end": recommendation.span[1],
            "finding_ids": [finding_ids[index] for index in recommendation.addresses],
            "owner_ids": [owner_id(name) for name in recommendation.owners],
        }
        for index, recommendation in enumerate(report.recommendations)
    ]
    team = [
        {
            "person_id": person_id(member.name),
            "name": member.name,
            "team_role": member.team_role,
            "job_title": member.job_title,
            "ordinal": index,
        }
        for index, member in enumerate(report.peer_team)
    ]
    employers = [
        {
            "person_id": person_id(member.name),
            "organisation_id": organisation_id(member.organisation),
            "organisation": member.organisation,
            "council_id": _organisation_council(member.organisation),
        }
        for member in report.peer_team
        if member.organisation
    ]
    council = {
        "id": report.council.id,
        "name": report.council.name,
        "short_name": report.council.short_name,
        "type": report.council.type,
        "region": report.council.region,
    }
    return ReportRecords(review_row, council, findings, recommendations, team, employers)
