"""The graph model: one typed row class per node label, and every relationship.

Each node row class (a frozen dataclass) is the one description of its node type: the embedded
store builds its tables from it, the Neo4j store its constraints, the loader its `SET` lists and
the reads their `RETURN` columns (`set_clause`, `columns`), export/restore walk it, and the rows
the loader writes are instances of it. See DESIGN.md for the picture. Dates are ISO strings
("2024-06", "2024-06-19", "2024-06-19T10:00:00+00:00") in both backends, so they sort as text
and the same Cypher compares them everywhere. Lists and maps are JSON text (`*_json` helpers).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar

STRING, INT, FLOAT, BOOL = "STRING", "INT64", "DOUBLE", "BOOLEAN"
_KINDS = {str: STRING, int: INT, float: FLOAT, bool: BOOL}


@dataclass(frozen=True)
class NodeType:
    label: str
    key: str
    properties: dict[str, str]
    fulltext: tuple[str, ...] = ()
    """Properties searched by the full-text index, where the backend has one."""
    row: type[NodeRow] | None = None
    """The row class this node type is described by."""


@dataclass(frozen=True)
class RelType:
    name: str
    pairs: tuple[tuple[str, str], ...]
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class NodeRow:
    """A node's properties as written and read; subclasses name their label and key."""

    LABEL: ClassVar[str]
    KEY: ClassVar[str] = "id"
    FULLTEXT: ClassVar[tuple[str, ...]] = ()
    VERSION: ClassVar[str | None] = None
    """The property that counts changes, for nodes a restore must never move to an older state."""

    def params(self) -> dict[str, Any]:
        """The row as query parameters (`UNWIND $rows AS row`)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> typing.Self:
        """The node from a query row holding (at least) its properties under their own names."""
        return cls(**{name: row.get(name) for name in _property_names(cls)})


_PROPERTY_NAMES: dict[type[NodeRow], tuple[str, ...]] = {}  # per class: `from_row` runs once a row


def _property_names(row: type[NodeRow]) -> tuple[str, ...]:
    names = _PROPERTY_NAMES.get(row)
    if names is None:
        names = _PROPERTY_NAMES[row] = tuple(f.name for f in dataclasses.fields(row))
    return names


def property_names(row: type[NodeRow]) -> list[str]:
    return list(_property_names(row))


def _kind(annotation: Any) -> str:
    """The store type of a property annotated `str`, `int | None`, …"""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _KINDS[inner]
    return _KINDS[annotation]


def node_type(row: type[NodeRow]) -> NodeType:
    hints = typing.get_type_hints(row)
    properties = {name: _kind(hints[name]) for name in property_names(row)}
    return NodeType(row.LABEL, row.KEY, properties, row.FULLTEXT, row)


def set_clause(variable: str, row: type[NodeRow], *, skip: tuple[str, ...] = (), source: str = "row") -> str:
    """`v.a = row.a, v.b = row.b, …` for every property but the key and `skip`."""
    return ", ".join(
        f"{variable}.{name} = {source}.{name}"
        for name in property_names(row)
        if name != row.KEY and name not in skip
    )


def columns(variable: str, row: type[NodeRow], *, skip: tuple[str, ...] = ()) -> str:
    """`v.a AS a, v.b AS b, …`: every property of the node, under its own name."""
    return ", ".join(f"{variable}.{name} AS {name}" for name in property_names(row) if name not in skip)


@dataclass(frozen=True, kw_only=True)
class MetaNode(NodeRow):
    LABEL = "Meta"
    KEY = "key"
    key: str
    value: str | None
    # On the schema version's node, on Neo4j only: the count of writes (queries.COUNT_WRITE)
    sequence: str | None = None
    writes: int | None = None


@dataclass(frozen=True, kw_only=True)
class RegionNode(NodeRow):
    LABEL = "Region"
    KEY = "code"
    code: str
    name: str


@dataclass(frozen=True, kw_only=True)
class CouncilNode(NodeRow):
    LABEL = "Council"
    id: str
    name: str
    short_name: str
    type: str
    region: str


@dataclass(frozen=True, kw_only=True)
class ReviewNode(NodeRow):
    LABEL = "Review"
    id: str
    kind: str
    title: str | None
    report_date: str | None
    onsite_start: str | None
    onsite_end: str | None
    source: str | None
    source_sha256: str | None
    format: str | None
    commissioned_by: str | None
    documents_read: int | None
    meetings: int | None
    people_met: int | None
    cases_audited: int | None
    hours_on_site: int | None
    council_asks: str | None
    lga_contacts: str | None
    text: str | None
    imported_at: str | None


@dataclass(frozen=True, kw_only=True)
class PersonNode(NodeRow):
    LABEL = "Person"
    id: str
    name: str


@dataclass(frozen=True, kw_only=True)
class OrganisationNode(NodeRow):
    LABEL = "Organisation"
    id: str
    name: str
    council_id: str | None


@dataclass(frozen=True, kw_only=True)
class ThemeNode(NodeRow):
    LABEL = "Theme"
    KEY = "number"
    number: int
    name: str


@dataclass(frozen=True, kw_only=True)
class QualityStatementNode(NodeRow):
    LABEL = "QualityStatement"
    id: str
    number: int
    name: str
    theme: int


@dataclass(frozen=True, kw_only=True)
class FindingNode(NodeRow):
    LABEL = "Finding"
    FULLTEXT = ("text",)
    id: str
    review_id: str
    ordinal: int
    text: str
    polarity: str
    section: str
    heading: str | None
    theme: int | None
    quality_statement: str | None
    span_start: int
    span_end: int
    sentences: str | None
    """JSON list of {span: [start, end], polarity}: the finding's sentences, each with its polarity."""


@dataclass(frozen=True, kw_only=True)
class RecommendationNode(NodeRow):
    LABEL = "Recommendation"
    FULLTEXT = ("text",)
    id: str
    review_id: str
    ordinal: int
    text: str
    source: str
    firm: bool | None
    theme: int | None
    span_start: int
    span_end: int


@dataclass(frozen=True, kw_only=True)
class OwnerNode(NodeRow):
    LABEL = "Owner"
    id: str
    name: str
    kind: str


@dataclass(frozen=True, kw_only=True)
class ActionItemNode(NodeRow):
    LABEL = "ActionItem"
    VERSION = "version"
    id: str
    council_id: str
    plan_id: str | None
    ref: str | None
    recommendation_text: str | None
    text: str | None
    owner_text: str | None
    due_date: str | None
    due_text: str | None
    first_due_date: str | None
    status: str | None
    rag: str | None
    progress: str | None
    link_method: str | None
    link_score: float | None
    extra: str | None
    updated_at: str | None
    version: int | None


@dataclass(frozen=True, kw_only=True)
class StatusUpdateNode(NodeRow):
    LABEL = "StatusUpdate"
    id: str
    action_id: str
    seq: int
    at: str
    status: str | None
    due_date: str | None
    note: str | None
    by: str | None
    source: str | None


@dataclass(frozen=True, kw_only=True)
class PatternNode(NodeRow):
    LABEL = "Pattern"
    id: str
    name: str
    description: str | None
    origin: str | None
    phrasings: str | None
    keywords: str | None
    threshold: float | None


@dataclass(frozen=True, kw_only=True)
class TagDecisionNode(NodeRow):
    LABEL = "TagDecision"
    id: str
    item_id: str
    pattern_id: str
    decision: str
    by: str | None
    at: str | None
    note: str | None


# CQC's assessment of a council (graph/cqc): one node per council and publication date, fed
# by the files (CqcSource) that told it; key findings are quoted from a source, with spans.
@dataclass(frozen=True, kw_only=True)
class CqcAssessmentNode(NodeRow):
    LABEL = "CqcAssessment"
    id: str
    council_id: str
    published: str
    rating: str | None
    score: int | None
    updated_at: str


@dataclass(frozen=True, kw_only=True)
class CqcSourceNode(NodeRow):
    LABEL = "CqcSource"
    id: str
    assessment_id: str
    shape: str
    quality_statements: str
    """Comma-separated ids of the statements it scores."""
    source: str
    source_sha256: str
    page_updated: str | None
    row: int | None
    text: str | None
    imported_at: str


@dataclass(frozen=True, kw_only=True)
class CqcKeyFindingNode(NodeRow):
    LABEL = "CqcKeyFinding"
    id: str
    assessment_id: str
    source_id: str
    quality_statement: str
    ordinal: int
    text: str
    heading: str | None
    span_start: int
    span_end: int


NODE_TYPES: tuple[NodeType, ...] = tuple(
    node_type(row)
    for row in (
        MetaNode,
        RegionNode,
        CouncilNode,
        ReviewNode,
        PersonNode,
        OrganisationNode,
        ThemeNode,
        QualityStatementNode,
        FindingNode,
        RecommendationNode,
        OwnerNode,
        ActionItemNode,
        StatusUpdateNode,
        PatternNode,
        TagDecisionNode,
        CqcAssessmentNode,
        CqcSourceNode,
        CqcKeyFindingNode,
    )
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
