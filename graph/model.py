"""The graph model: every node label with its key and typed properties, and every relationship.

This is the one description of the model in code. The embedded store builds its tables from it,
the Neo4j store its constraints, and export/restore walk it; see DESIGN.md for the picture.
Dates are ISO strings ("2024-06", "2024-06-19", "2024-06-19T10:00:00+00:00") in both backends,
so they sort as text and the same Cypher compares them everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STRING, INT, FLOAT, BOOL = "STRING", "INT64", "DOUBLE", "BOOLEAN"


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    properties: dict[str, str]
    fulltext: tuple[str, ...] = ()
    """Properties searched by the full-text index, where the backend has one."""


@dataclass(frozen=True)
class RelType:
    name: str
    pairs: tuple[tuple[str, str], ...]
    properties: dict[str, str] = field(default_factory=dict)


NODE_TYPES: tuple[NodeType, ...] = (
    NodeType("Meta", "key", {"key": STRING, "value": STRING}),
    NodeType("Region", "code", {"code": STRING, "name": STRING}),
    NodeType(
        "Council",
        "id",
        {"id": STRING, "name": STRING, "short_name": STRING, "type": STRING, "region": STRING},
    ),
    NodeType(
        "Review",
        "id",
        {
            "id": STRING,
            "kind": STRING,
            "title": STRING,
            "report_date": STRING,
            "onsite_start": STRING,
            "onsite_end": STRING,
            "source": STRING,
            "source_sha256": STRING,
            "format": STRING,
            "commissioned_by": STRING,
            "documents_read": INT,
            "meetings": INT,
            "people_met": INT,
            "cases_audited": INT,
            "council_asks": STRING,
            "lga_contacts": STRING,
            "text": STRING,
            "imported_at": STRING,
        },
    ),
    NodeType("Person", "id", {"id": STRING, "name": STRING}),
    NodeType("Organisation", "id", {"id": STRING, "name": STRING, "council_id": STRING}),
    NodeType("Theme", "number", {"number": INT, "name": STRING}),
    NodeType("QualityStatement", "id", {"id": STRING, "number": INT, "name": STRING, "theme": INT}),
    NodeType(
        "Finding",
        "id",
        {
            "id": STRING,
            "review_id": STRING,
            "ordinal": INT,
            "text": STRING,
            "polarity": STRING,
            "section": STRING,
            "heading": STRING,
            "theme": INT,
            "quality_statement": STRING,
            "span_start": INT,
            "span_end": INT,
        },
        fulltext=("text",),
    ),
    NodeType(
        "Recommendation",
        "id",
        {
            "id": STRING,
            "review_id": STRING,
            "ordinal": INT,
            "text": STRING,
            "source": STRING,
            "theme": INT,
            "span_start": INT,
            "span_end": INT,
        },
        fulltext=("text",),
    ),
    NodeType("Owner", "id", {"id": STRING, "name": STRING, "kind": STRING}),
    NodeType(
        "ActionItem",
        "id",
        {
            "id": STRING,
            "council_id": STRING,
            "plan_id": STRING,
            "ref": STRING,
            "recommendation_text": STRING,
            "text": STRING,
            "owner_text": STRING,
            "due_date": STRING,
            "due_text": STRING,
            "first_due_date": STRING,
            "status": STRING,
            "rag": STRING,
            "progress": STRING,
            "link_method": STRING,
            "link_score": FLOAT,
            "extra": STRING,
            "updated_at": STRING,
            "version": INT,
        },
    ),
    NodeType(
        "StatusUpdate",
        "id",
        {
            "id": STRING,
            "action_id": STRING,
            "seq": INT,
            "at": STRING,
            "status": STRING,
            "due_date": STRING,
            "note": STRING,
            "by": STRING,
            "source": STRING,
        },
    ),
    NodeType(
        "Pattern",
        "id",
        {
            "id": STRING,
            "name": STRING,
            "description": STRING,
            "origin": STRING,
            "phrasings": STRING,
            "keywords": STRING,
            "threshold": FLOAT,
        },
    ),
    NodeType(
        "TagDecision",
        "id",
        {
            "id": STRING,
            "item_id": STRING,
            "pattern_id": STRING,
            "decision": STRING,
            "by": STRING,
            "at": STRING,
            "note": STRING,
        },
    ),
    # CQC's assessment of a council (graph/cqc): one node per council and publication date, fed
    # by the files (CqcSource) that told it; key findings are quoted from a source, with spans.
    NodeType(
        "CqcAssessment",
        "id",
        {
            "id": STRING,
            "council_id": STRING,
            "published": STRING,
            "rating": STRING,
            "score": INT,
            "updated_at": STRING,
        },
    ),
    NodeType(
        "CqcSource",
        "id",
        {
            "id": STRING,
            "assessment_id": STRING,
            "shape": STRING,
            "quality_statements": STRING,
            "source": STRING,
            "source_sha256": STRING,
            "page_updated": STRING,
            "row": INT,
            "text": STRING,
            "imported_at": STRING,
        },
    ),
    NodeType(
        "CqcKeyFinding",
        "id",
        {
            "id": STRING,
            "assessment_id": STRING,
            "source_id": STRING,
            "quality_statement": STRING,
            "ordinal": INT,
            "text": STRING,
            "heading": STRING,
            "span_start": INT,
            "span_end": INT,
        },
    ),
    NodeType(
        "ApiKey",
        "id",
        {
            "id": STRING,
            "hash": STRING,
            "role": STRING,
            "council_id": STRING,
            "label": STRING,
            "created_at": STRING,
            "revoked_at": STRING,
        },
    ),
)

REL_TYPES: tuple[RelType, ...] = (
    RelType("IN_REGION", (("Council", "Region"),)),
    RelType("REVIEW_OF", (("Review", "Council"),)),
    RelType("ON_TEAM", (("Person", "Review"),), {"team_role": STRING, "job_title": STRING, "ordinal": INT}),
    RelType("WORKS_FOR", (("Person", "Organisation"),)),
    RelType("PART_OF", (("QualityStatement", "Theme"),)),
    RelType("FOUND", (("Review", "Finding"),)),
    RelType("UNDER", (("Finding", "QualityStatement"), ("Finding", "Theme"))),
    RelType("RECOMMENDS", (("Review", "Recommendation"),)),
    RelType("ADDRESSES", (("Recommendation", "Finding"),)),
    RelType("ASSIGNED_TO", (("Recommendation", "Owner"),)),
    RelType("IMPLEMENTS", (("ActionItem", "Recommendation"),), {"method": STRING, "score": FLOAT}),
    RelType("OWNED_BY", (("ActionItem", "Owner"),)),
    RelType("HAS_UPDATE", (("ActionItem", "StatusUpdate"),)),
    RelType("PLAN_OF", (("ActionItem", "Council"),)),
    RelType(
        "INSTANCE_OF",
        (("Finding", "Pattern"), ("Recommendation", "Pattern")),
        {"score": FLOAT, "method": STRING, "confirmed": BOOL, "evidence": STRING, "closest": STRING},
    ),
    # CQC's assessments (graph/cqc)
    RelType("ASSESSED_IN", (("Council", "CqcAssessment"),)),
    RelType("SCORED", (("CqcAssessment", "QualityStatement"),), {"score": INT, "source_id": STRING}),
    RelType("DESCRIBES", (("CqcSource", "CqcAssessment"),)),
    RelType("HAS_KEY_FINDING", (("CqcAssessment", "CqcKeyFinding"),)),
    RelType("ABOUT", (("CqcKeyFinding", "QualityStatement"),)),
    RelType("QUOTED_FROM", (("CqcKeyFinding", "CqcSource"),)),
)

NODES_BY_LABEL = {node.label: node for node in NODE_TYPES}
RELS_BY_NAME = {rel.name: rel for rel in REL_TYPES}
