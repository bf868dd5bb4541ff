"""Load parsed reports into the store: one transaction per report, idempotent, corrections replace.

Importing the same file twice changes nothing: a file whose bytes are already in the store is
not even parsed again (unless `force`, e.g. after upgrading peergraph). A
corrected file for the same review (same council and month) replaces that review's findings
and recommendations in one transaction: items whose text is unchanged keep their ids and
everything attached to them; items that disappeared are removed. A failure part-way rolls the
whole report back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph.patterns.tagger import PatternTag, TagItem
from graph.patterns.tags import Tagger, pattern_decisions, write_review_tags
from graph.reports.records import ReportRecords, report_records
from graph.reports.replacement import carry_action_links, check_replacement, stale_action_links, stored_review
from graph.store import GraphStore, Tx
from graph.store import queries as q
from importers.councils import CouncilTable
from importers.model import Report
from peergraph.core.errors import InputFileError

REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


class LoadStatus(StrEnum):
    LOADED = "loaded"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class LoadOutcome:
    source: str
    status: LoadStatus
    review_id: str | None = None
    council: str | None = None
    findings: int = 0
    recommendations: int = 0
    reason: str | None = None


@dataclass
class ImportSummary:
    outcomes: list[LoadOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[LoadOutcome]:
        return [o for o in self.outcomes if o.status is LoadStatus.SKIPPED]


def _write_records(tx: Tx, records: ReportRecords, tagging: _Tagging | None = None) -> None:
    review = records.review_id
    moving_links = stale_action_links(tx, records)
    tx.run(q.MERGE_COUNCILS, {"rows": [records.council.params()]})
    tx.run(q.MERGE_REVIEW, {"council_id": records.council.id, "rows": [records.review.params()]})
    tx.run(q.DELETE_STALE_FINDINGS, {"review_id": review, "keep": [f.id for f in records.findings]})
    tx.run(
        q.DELETE_STALE_RECOMMENDATIONS,
        {"review_id": review, "keep": [r.id for r in records.recommendations]},
    )
    tx.run(q.DELETE_REVIEW_TEAM, {"review_id": review})
    tx.run(q.DELETE_FINDING_FRAMEWORK_LINKS, {"review_id": review})
    tx.run(q.DELETE_RECOMMENDATION_LINKS, {"review_id": review})
    if records.findings:
        tx.run(q.MERGE_FINDINGS, {"review_id": review, "rows": [f.params() for f in records.findings]})
    if links := records.theme_links():
        tx.run(q.LINK_FINDINGS_TO_THEMES, {"rows": links})
    if links := records.quality_statement_links():
        tx.run(q.LINK_FINDINGS_TO_QUALITY_STATEMENTS, {"rows": links})
    if records.recommendations:
        rows = [r.params() for r in records.recommendations]
        tx.run(q.MERGE_RECOMMENDATIONS, {"review_id": review, "rows": rows})
    carry_action_links(tx, records, moving_links)
    if links := records.finding_links():
        tx.run(q.LINK_RECOMMENDATIONS_TO_FINDINGS, {"rows": links})
    if links := records.owner_links():
        tx.run(q.ASSIGN_RECOMMENDATIONS, {"rows": links})
    if records.team:
        tx.run(q.MERGE_TEAM, {"review_id": review, "rows": [asdict(member) for member in records.team]})
    if records.employers:
        tx.run(q.MERGE_EMPLOYERS, {"rows": [asdict(employer) for employer in records.employers]})
    if tagging is not None:
        write_review_tags(tx, review, tagging.items, tagging.tags, tagging.decisions)


@dataclass(frozen=True)
class _Tagging:
    items: list[dict[str, Any]]
    tags: list[PatternTag]
    decisions: dict[tuple[str, str], str]


def _tag_records(store: GraphStore, records: ReportRecords, tagger: Tagger) -> _Tagging:
    """Tag the report's items before its transaction opens (embedding is slow; the write is not)."""
    items = _tagged_items(records)
    tags = tagger([TagItem(item["id"], item["text"], item["polarity"]) for item in items])
    return _Tagging(items, tags, pattern_decisions(store, [item["id"] for item in items]))


def _tagged_items(records: ReportRecords) -> list[dict[str, Any]]:
    """The items a report's tagger is given: its findings, then its recommendations."""
    items: list[dict[str, Any]] = [
        {"id": f.id, "kind": "Finding", "text": f.text, "polarity": f.polarity} for f in records.findings
    ]
    return items + [
        {"id": r.id, "kind": "Recommendation", "text": r.text, "polarity": None}
        for r in records.recommendations
    ]


def tag_items_of(report: Report | ReportRecords) -> list[TagItem]:
    """What the tagger is given of a report, as `_tag_records` gives it (a tagging process's input)."""
    records = report if isinstance(report, ReportRecords) else report_records(report)
    return [TagItem(item["id"], item["text"], item["polarity"]) for item in _tagged_items(records)]


def load_report(
    store: GraphStore,
    report: Report,
    *,
    force: bool = False,
    replace: bool = False,
    tagger: Tagger | None = None,
) -> LoadOutcome:
    """Write one parsed report, and its pattern tags, in a single transaction.

    Unchanged files are left alone unless `force`; without a `tagger` no tags are written. A file
    that would replace a stored review and lose much of it is refused unless `replace`
    (graph/reports/replacement.py).
    """
    records = report_records(report)
    existing = store.read(q.REVIEW_SHA, {"id": records.review_id})
    common = {
        "source": report.source,
        "review_id": records.review_id,
        "council": report.council.name,
        "findings": len(records.findings),
        "recommendations": len(records.recommendations),
    }
    same_file = bool(existing) and existing[0]["sha256"] == report.source_sha256
    if same_file and not force:
        return LoadOutcome(status=LoadStatus.UNCHANGED, **common)  # type: ignore[arg-type]
    # The same bytes read again (after an upgrade) are no damaged copy: the new reading stands.
    if existing and not same_file and not replace and (stored := stored_review(store, records.review_id)):
        check_replacement(report.source, records, stored)
    tagging = _tag_records(store, records, tagger) if tagger is not None else None
    store.write(lambda tx: _write_records(tx, records, tagging))
    status = LoadStatus.UPDATED if existing else LoadStatus.LOADED
    return LoadOutcome(status=status, **common)  # type: ignore[arg-type]


def _review_of_file(
    store: GraphStore, path: Path, max_bytes: int, sha256_of: Callable[[Path], str]
) -> LoadOutcome | None:
    """The outcome for a file whose exact bytes are already loaded, or None to parse and load it.

    Files the parser would refuse (unreadable, over the size limit) get None, so that they are
    refused with its reason.
    """
    try:
        if path.stat().st_size > max_bytes:
            return None
        sha256 = sha256_of(path)
    except OSError:
        return None
    rows = store.read(q.REVIEW_OF_FILE, {"sha256": sha256})
    if not rows:
        return None
    row = rows[0]
    return LoadOutcome(
        source=path.name,
        status=LoadStatus.UNCHANGED,
        review_id=row["id"],
        council=row["council"],
        findings=row["findings"],
        recommendations=row["recommendations"],
    )


def report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The report files named, and those inside named folders (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
            )
        else:
            yield path


def import_reports(
    store: GraphStore,
    paths: Iterable[Path],
    max_bytes: int,
    councils: CouncilTable | None = None,
    on_file: Callable[[Path, LoadOutcome], None] | None = None,
    *,
    force: bool = False,
    replace: bool = False,
    tagger: Tagger | None = None,
) -> ImportSummary:
    """Parse and load every report under `paths`; a bad file is skipped with its reason, not fatal."""
    from importers.parser import parse_file, sha256_of

    summary = ImportSummary()
    for path in report_files(paths):
        try:
            known = None if force else _review_of_file(store, path, max_bytes, sha256_of)
            outcome = known or load_report(
                store, parse_file(path, max_bytes, councils), force=force, replace=replace, tagger=tagger
            )
        except InputFileError as error:
            outcome = LoadOutcome(source=path.name, status=LoadStatus.SKIPPED, reason=error.reason)
        summary.outcomes.append(outcome)
        if on_file is not None:
            on_file(path, outcome)
    return summary
