"""Reads of CQC assessments beside peer findings, for the API, a council page, `/ui/cqc` and briefs.

`council_cqc` sets one council's CQC scores and key findings beside what its peer team said
under each quality statement; `cross_council` asks, across councils, whether the statements
and patterns the peer teams raised were those CQC later scored 1-2. The arithmetic is in
`graph.cqc.analysis`; this module only gathers rows and names them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.cqc import analysis
from graph.cqc import queries as cq
from graph.cqc.read_models import (
    CouncilCqc,
    CouncilDisagreement,
    CqcAssessmentDetail,
    CqcAssessmentOut,
    CqcCitation,
    CqcKeyFindingOut,
    CqcSourceOut,
    CqcStatementScore,
    CrossCouncil,
    CrossCouncilRow,
    ExcludedCouncil,
    GroupOut,
    PeerChallengeDate,
    StatementComparison,
    StatementGapOut,
)
from graph.reads.aggregates import COUNCILS_KEPT, kept_where_versioned
from graph.reads.reviews import finding_out
from graph.store import GraphStore, Row
from graph.store import queries as q
from importers.cqc.model import SCORE_BANDS
from importers.framework import QUALITY_STATEMENTS, QUALITY_STATEMENTS_BY_ID
from peergraph.core.errors import BadRequestError, NotFoundError

STRENGTH, DEVELOPMENT, MIXED = "strength", "area_for_development", "mixed"
STATEMENT_IDS = [qs.id for qs in QUALITY_STATEMENTS]


def caveat(councils: int) -> str:
    """The plain statement every cross-council figure comes with."""
    return (
        f"{councils} {'council has' if councils == 1 else 'councils have'} both a CQC assessment and an "
        "earlier peer challenge report in the store. With so few councils these figures describe what "
        "happened in them; they are descriptions, not proof that peer findings foretell CQC scores."
    )


def _statement_score(statement_id: str, score: int) -> CqcStatementScore:
    qs = QUALITY_STATEMENTS_BY_ID[statement_id]
    return CqcStatementScore(
        quality_statement=qs.id,
        number=qs.number,
        name=qs.name,
        theme=qs.theme,
        score=score,
        band=SCORE_BANDS[score],
        scored_low=score in analysis.LOW_SCORES,
    )


def _assessments(store: GraphStore, council: str | None = None) -> list[CqcAssessmentOut]:
    scores: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.read(cq.CQC_SCORES, {"council": council}):
        scores[row["assessment_id"]][row["quality_statement"]] = row["score"]
    sources: dict[str, list[CqcSourceOut]] = defaultdict(list)
    for row in store.read(cq.CQC_SOURCES, {"council": council}):
        sources[row["assessment_id"]].append(
            CqcSourceOut(
                **{k: row[k] for k in ("id", "shape", "source", "page_updated", "row", "imported_at")}
            )
        )
    return [
        CqcAssessmentOut(
            id=row["id"],
            council_id=row["council_id"],
            council=row["council"],
            region=row["region"],
            published=row["published"],
            rating=row["rating"],
            score=row["score"],
            scores=[
                _statement_score(s, scores[row["id"]][s]) for s in STATEMENT_IDS if s in scores[row["id"]]
            ],
            sources=sources[row["id"]],
        )
        for row in store.read(cq.CQC_ASSESSMENTS, {"council": council})
    ]


def assessments(store: GraphStore, council: str | None = None) -> list[CqcAssessmentOut]:
    """Every CQC assessment in the store (or one council's), by council then date."""
    return _assessments(store, council)


def _latest(found: Iterable[CqcAssessmentOut]) -> dict[str, CqcAssessmentOut]:
    latest: dict[str, CqcAssessmentOut] = {}
    for item in found:
        if item.council_id not in latest or item.published > latest[item.council_id].published:
            latest[item.council_id] = item
    return latest


def _key_findings(store: GraphStore, assessment_id: str) -> list[CqcKeyFindingOut]:
    return [
        CqcKeyFindingOut(
            id=row["id"],
            quality_statement=row["quality_statement"],
            text=row["text"],
            citation=CqcCitation(
                assessment_id=row["assessment_id"],
                source_id=row["source_id"],
                source=row["source"],
                council_id=row["council_id"],
                council=row["council"],
                published=row["published"],
                heading=row["heading"],
                span=(row["span_start"], row["span_end"]),
            ),
        )
        for row in store.read(cq.CQC_KEY_FINDINGS, {"assessment_id": assessment_id})
    ]


def assessment(store: GraphStore, assessment_id: str) -> CqcAssessmentDetail:
    """One assessment with its scores, the files that told it and its key findings, cited."""
    found = next((a for a in _assessments(store) if a.id == assessment_id), None)
    if found is None:
        raise NotFoundError(f"no CQC assessment with id {assessment_id!r}")
    return CqcAssessmentDetail(**found.model_dump(), key_findings=_key_findings(store, assessment_id))


def source_text(store: GraphStore, source_id: str) -> str:
    """The text a CQC source's key-finding spans index."""
    rows = store.read(cq.CQC_SOURCE_TEXT, {"id": source_id})
    if not rows:
        raise NotFoundError(f"no CQC source with id {source_id!r}")
    return str(rows[0]["text"] or "")


def months_between(peer_date: str | None, cqc_date: str) -> int | None:
    """Whole months from a report's month ("2024-06" or "2024-06-19") to CQC's publication month."""
    if not peer_date or len(peer_date) < 7:
        return None
    try:
        peer_year, peer_month = int(peer_date[:4]), int(peer_date[5:7])
        cqc_year, cqc_month = int(cqc_date[:4]), int(cqc_date[5:7])
    except ValueError:
        return None
    return (cqc_year - peer_year) * 12 + (cqc_month - peer_month)


def _peer_date(row: Row, cqc_date: str | None) -> PeerChallengeDate:
    months = months_between(row["report_date"], cqc_date) if cqc_date else None
    order = (
        "unknown" if months is None else "before" if months > 0 else "same_month" if months == 0 else "after"
    )
    return PeerChallengeDate(
        review_id=row["id"],
        title=row["title"],
        report_date=row["report_date"],
        onsite_start=row.get("onsite_start"),
        onsite_end=row.get("onsite_end"),
        months_before_cqc=months,
        order=order,
    )


def _compared(reviews: list[PeerChallengeDate]) -> PeerChallengeDate | None:
    """The latest report dated before (or in the month of) the CQC assessment."""
    earlier = [r for r in reviews if r.order in ("before", "same_month")]
    return max(earlier, key=lambda r: r.report_date or "") if earlier else None


def council_cqc(store: GraphStore, council_id: str) -> CouncilCqc:
    """A council's latest CQC assessment beside its peer challenge, for each quality statement."""
    return _council_cqc(store, _council_row(store, council_id), _assessments(store, council_id))


@kept_where_versioned("assessed_council_cqc", keep=COUNCILS_KEPT)
def assessed_council_cqc(store: GraphStore, council_id: str) -> CouncilCqc | None:
    """`council_cqc` for a council with a CQC assessment; None, without reading its peer challenge,
    for one without (most councils, on a council's page). Kept like the page until the data changes:
    its three reads were half of a council page seen again on Neo4j (10 of 20 ms at 500 reports)."""
    found = _assessments(store, council_id)
    return _council_cqc(store, _council_row(store, council_id), found) if found else None


def _council_row(store: GraphStore, council_id: str) -> Row:
    rows = store.read(q.COUNCIL_BY_ID, {"id": council_id})
    if not rows:
        raise NotFoundError(f"no council with id {council_id!r}")
    return rows[0]


def _council_cqc(store: GraphStore, council: Row, found: list[CqcAssessmentOut]) -> CouncilCqc:
    council_id = council["id"]
    latest = _latest(found).get(council_id)
    review_rows = (
        store.read(cq.CQC_REVIEWS, {"council": council_id})
        if latest
        else store.read(q.COUNCIL_REVIEWS, {"id": council_id})
    )
    reviews = [_peer_date(row, latest.published if latest else None) for row in review_rows]
    compared = _compared(reviews) if latest else None
    if compared is None and reviews:
        compared = max(reviews, key=lambda r: r.report_date or "")
    key_findings = _key_findings(store, latest.id) if latest else []
    findings: dict[tuple[str, str], list[Row]] = defaultdict(list)
    if compared is not None:
        cite = {"review_id": compared.review_id, "council_id": council_id, "council": council["name"],
                "report_date": compared.report_date}  # fmt: skip
        for row in store.read(q.REVIEW_FINDINGS, {"review_id": compared.review_id}):
            if row["quality_statement"]:
                findings[(row["quality_statement"], row["polarity"])].append({**row, **cite})
    scores = {s.quality_statement: s for s in latest.scores} if latest else {}
    statements = [
        StatementComparison(
            quality_statement=qs.id,
            number=qs.number,
            name=qs.name,
            theme=qs.theme,
            cqc_score=scores[qs.id].score if qs.id in scores else None,
            cqc_band=scores[qs.id].band if qs.id in scores else None,
            cqc_key_findings=[k for k in key_findings if k.quality_statement == qs.id],
            peer_strengths=[finding_out(r) for r in findings[(qs.id, STRENGTH)]],
            peer_areas_for_development=[finding_out(r) for r in findings[(qs.id, DEVELOPMENT)]],
            peer_mixed=[finding_out(r) for r in findings[(qs.id, MIXED)]],
        )
        for qs in QUALITY_STATEMENTS
    ]
    return CouncilCqc(
        council_id=council_id,
        council=council["name"],
        region=council["region"],
        assessment=latest,
        earlier_assessments=[a.id for a in found if latest and a.id != latest.id],
        peer_challenge=compared,
        reviews=reviews,
        statements=statements,
    )


def cross_council_evidence(
    store: GraphStore,
) -> tuple[list[analysis.CouncilEvidence], list[ExcludedCouncil]]:
    """One row per council with a CQC assessment and an earlier peer challenge; the rest, with why not."""
    latest = _latest(_assessments(store))
    reviews: dict[str, list[PeerChallengeDate]] = defaultdict(list)
    for row in store.read(cq.CQC_REVIEWS, {"council": None}):
        if row["council_id"] in latest:
            reviews[row["council_id"]].append(_peer_date(row, latest[row["council_id"]].published))
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in store.read(cq.CQC_PEER_COUNTS):
        counts[row["review_id"]][row["polarity"]][row["quality_statement"]] = row["findings"]
    patterns: dict[str, set[str]] = defaultdict(set)
    for row in store.read(q.TAG_ROWS, {"pattern": None, "region": None}):
        if row["polarity"] != STRENGTH:
            patterns[row["review_id"]].add(row["pattern_id"])
    evidence: list[analysis.CouncilEvidence] = []
    excluded: list[ExcludedCouncil] = []
    for council_id, found in sorted(latest.items(), key=lambda item: item[1].council):
        compared = _compared(reviews[council_id])
        if compared is None:
            reason = (
                "no peer challenge report in the store"
                if not reviews[council_id]
                else "its peer challenge reports are all dated after the CQC assessment"
            )
            excluded.append(ExcludedCouncil(council_id=council_id, council=found.council, reason=reason))
            continue
        said = counts[compared.review_id]
        evidence.append(
            analysis.CouncilEvidence(
                council_id=council_id,
                council=found.council,
                cqc_scores={s.quality_statement: s.score for s in found.scores},
                strengths=dict(said[STRENGTH]),
                developments=dict(said[DEVELOPMENT]),
                mixed=dict(said[MIXED]),
                patterns_raised=frozenset(patterns[compared.review_id]),
            )
        )
    return evidence, excluded


def _group(group: analysis.Group, names: dict[str, str]) -> GroupOut:
    return GroupOut(
        councils=len(group.councils),
        scored_low=len(group.scored_low),
        share_low=group.share_low,
        council_names=[names[c] for c in group.councils],
        scored_low_names=[names[c] for c in group.scored_low],
    )


def _row(split: analysis.Split, names: dict[str, str], pattern_names: dict[str, str]) -> CrossCouncilRow:
    return CrossCouncilRow(
        quality_statement=split.quality_statement,
        quality_statement_name=QUALITY_STATEMENTS_BY_ID[split.quality_statement].name,
        pattern=split.pattern,
        pattern_name=pattern_names.get(split.pattern) if split.pattern else None,
        councils=split.councils,
        raised=_group(split.raised, names),
        not_raised=_group(split.not_raised, names),
        difference=split.difference,
    )


def cross_council(
    store: GraphStore,
    *,
    quality_statement: str | None = None,
    pattern: str | None = None,
    top: int = 20,
    min_areas: int = 1,
) -> CrossCouncil:
    """Per statement and per pattern, raised against not raised by CQC score 1-2; the largest disagreements."""
    if min_areas < 1:
        raise BadRequestError("min_areas: must be at least 1")
    if quality_statement is not None and quality_statement not in QUALITY_STATEMENTS_BY_ID:
        raise BadRequestError(
            f"quality_statement: {quality_statement!r} is not one of {', '.join(STATEMENT_IDS)}"
        )
    pattern_names = {row["id"]: row["name"] for row in store.read(q.PATTERN_LIST)}
    if pattern is not None and pattern not in pattern_names:
        raise BadRequestError(f"pattern: no pattern {pattern!r}")
    evidence, excluded = cross_council_evidence(store)
    names = {c.council_id: c.council for c in evidence}
    statements = [quality_statement] if quality_statement else STATEMENT_IDS
    chosen_patterns = [pattern] if pattern else sorted(pattern_names)
    return CrossCouncil(
        councils=len(evidence),
        council_names=[c.council for c in evidence],
        excluded=excluded,
        statements=[
            _row(s, names, pattern_names) for s in analysis.statement_splits(evidence, statements, min_areas)
        ],
        patterns=[
            _row(s, names, pattern_names)
            for s in analysis.pattern_splits(evidence, chosen_patterns, statements)
        ],
        disagreements=[
            CouncilDisagreement(
                council_id=d.council_id,
                council=d.council,
                measure=d.measure,
                statements_compared=len(d.statements),
                peer_more_critical=d.peer_more_critical,
                peer_more_positive=d.peer_more_positive,
                statements=[
                    StatementGapOut(
                        quality_statement=g.quality_statement,
                        cqc_score=g.cqc_score,
                        strengths=g.strengths,
                        areas_for_development=g.developments,
                        mixed=g.mixed,
                        peer_balance=g.peer_balance,
                        cqc_position=g.cqc_position,
                        gap=g.gap,
                    )
                    for g in d.statements
                ],
            )
            for d in analysis.disagreements(evidence)[:top]
        ],
        min_areas=min_areas,
        caveat=caveat(len(evidence)),
        definitions=analysis.DEFINITIONS,
    )
