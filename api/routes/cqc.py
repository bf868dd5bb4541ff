"""CQC's assessments beside peer findings: per council, across councils, and as a spreadsheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import PlainTextResponse, Response

from api.deps import Reader, Store
from api.problems import ERROR_RESPONSES
from graph.cqc import reads as cqc_reads
from graph.cqc.export import cross_council_csv
from graph.cqc.read_models import CouncilCqc, CqcAssessmentDetail, CqcAssessmentOut, CrossCouncil
from importers.framework import QUALITY_STATEMENTS

router = APIRouter(tags=["cqc"], responses=ERROR_RESPONSES)

StatementFilter = Annotated[
    str | None,
    Query(
        description="Only this quality statement (its id)",
        examples=["qs1_assessing_needs"],
        pattern="^(" + "|".join(statement.id for statement in QUALITY_STATEMENTS) + ")$",
    ),
]
PatternFilter = Annotated[
    str | None, Query(description="Only this pattern, for the rows by pattern", examples=["waiting_lists"])
]
Top = Annotated[int, Query(ge=1, le=200, description="How many councils to list by disagreement")]
MinAreas = Annotated[
    int,
    Query(
        ge=1,
        le=50,
        description="Areas for development (or mixed findings) under a statement that count as raising it",
    ),
]


@router.get(
    "/cqc/assessments", summary="CQC's assessments in the store: rating, score and the nine statement scores"
)
def list_assessments(
    store: Store,
    _: Reader,
    council: Annotated[
        str | None, Query(description="Only this council (ONS code)", examples=["E10000015"])
    ] = None,
) -> list[CqcAssessmentOut]:
    return cqc_reads.assessments(store, council)


@router.get(
    "/cqc/assessments/{assessment_id}",
    summary="One CQC assessment with its sources and its key findings, each cited",
)
def get_assessment(
    store: Store, _: Reader, assessment_id: Annotated[str, Path(examples=["E10000015-cqc-2024-05-17"])]
) -> CqcAssessmentDetail:
    return cqc_reads.assessment(store, assessment_id)


@router.get(
    "/cqc/sources/{source_id}/text",
    response_class=PlainTextResponse,
    summary="The text a CQC source's key-finding spans index",
    responses={200: {"content": {"text/plain": {}}}},
)
def get_source_text(
    store: Store, _: Reader, source_id: Annotated[str, Path(examples=["E10000015-cqc-2024-05-17-summary"])]
) -> str:
    return cqc_reads.source_text(store, source_id)


@router.get(
    "/councils/{council_id}/cqc",
    tags=["councils"],
    summary="A council's CQC scores beside what its peer team said, statement by statement, with dates",
)
def council_cqc(
    store: Store, _: Reader, council_id: Annotated[str, Path(examples=["E06000027"])]
) -> CouncilCqc:
    return cqc_reads.council_cqc(store, council_id)


@router.get(
    "/cqc/cross-council",
    summary="Across councils: were the statements and patterns peer teams raised those CQC scored 1-2?",
)
def cross_council(
    store: Store,
    _: Reader,
    quality_statement: StatementFilter = None,
    pattern: PatternFilter = None,
    top: Top = 20,
    min_areas: MinAreas = 1,
) -> CrossCouncil:
    return cqc_reads.cross_council(
        store, quality_statement=quality_statement, pattern=pattern, top=top, min_areas=min_areas
    )


@router.get(
    "/cqc/cross-council.csv",
    response_class=Response,
    summary="The cross-council table as CSV, each cell escaped against spreadsheet formula injection",
    responses={200: {"content": {"text/csv": {}}}},
)
def cross_council_export(
    store: Store,
    _: Reader,
    quality_statement: StatementFilter = None,
    pattern: PatternFilter = None,
    min_areas: MinAreas = 1,
) -> Response:
    table = cqc_reads.cross_council(
        store, quality_statement=quality_statement, pattern=pattern, min_areas=min_areas
    )
    return Response(
        cross_council_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="peergraph-cqc-cross-council.csv"'},
    )
