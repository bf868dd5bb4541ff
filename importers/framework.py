"""CQC's assessment framework for local authorities: four themes, nine quality statements.

The one place the framework is written down; the parser, the graph and the pages read it here.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES: dict[int, str] = {
    1: "Working with people",
    2: "Providing support",
    3: "Ensuring safety",
    4: "Leadership",
}


@dataclass(frozen=True)
class QualityStatement:
    id: str
    number: int
    name: str
    theme: int


QUALITY_STATEMENTS: tuple[QualityStatement, ...] = (
    QualityStatement("qs1_assessing_needs", 1, "Assessing needs", 1),
    QualityStatement("qs2_healthier_lives", 2, "Supporting people to live healthier lives", 1),
    QualityStatement("qs3_equity", 3, "Equity in experience and outcomes", 1),
    QualityStatement("qs4_care_provision", 4, "Care provision, integration and continuity", 2),
    QualityStatement("qs5_partnerships", 5, "Partnerships and communities", 2),
    QualityStatement("qs6_safe_systems", 6, "Safe systems, pathways and transitions", 3),
    QualityStatement("qs7_safeguarding", 7, "Safeguarding", 3),
    QualityStatement("qs8_governance", 8, "Governance, management and sustainability", 4),
    QualityStatement("qs9_learning", 9, "Learning, improvement and innovation", 4),
)

QUALITY_STATEMENTS_BY_ID = {qs.id: qs for qs in QUALITY_STATEMENTS}
