"""Whole CQC pages written in the structures CQC publishes, for tests (and nothing else).

The corpus in ../shared/corpus/cqc holds only the openings of real pages; these write the
whole shape (every score, key findings with sub-headings, the page's end) from given values,
so a test states the values and checks they read back.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from importers.framework import QUALITY_STATEMENTS, QUALITY_STATEMENTS_BY_ID
from tests.fixtures import PROJECT

CORPUS = PROJECT.parent / "shared" / "corpus" / "cqc"
"""The openings of real CQC pages (read from ../shared, never copied into the project)."""

# How CQC's summary pages print the nine names (not always the reference table's wording).
PAGE_NAMES = {
    "qs1_assessing_needs": "Assessing needs",
    "qs2_healthier_lives": "Supporting people to lead healthier lives",
    "qs3_equity": "Equity in experience and outcomes",
    "qs4_care_provision": "Care provision, integration and continuity",
    "qs5_partnerships": "Partnerships and communities",
    "qs6_safe_systems": "Safe pathways, systems and transitions",
    "qs7_safeguarding": "Safeguarding",
    "qs8_governance": "Governance, management and sustainability",
    "qs9_learning": "Learning, improvement and innovation",
}
# How press releases print them: lower case, with CQC's variations.
PRESS_NAMES = {
    "qs1_assessing_needs": "assessing people’s needs",
    "qs2_healthier_lives": "supporting people to lead healthier lives",
    "qs3_equity": "equity in experiences and outcomes",
    "qs4_care_provision": "care provision, integration and continuity of care",
    "qs5_partnerships": "partnership and communities",
    "qs6_safe_systems": "safe pathways, systems and transitions",
    "qs7_safeguarding": "safeguarding",
    "qs8_governance": "governance, management and sustainability",
    "qs9_learning": "learning, improvement and innovation",
}
BANDS = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}
THEME_OF = {qs.id: qs.theme for qs in QUALITY_STATEMENTS}
THEME_TITLES = {
    1: "Theme 1: How {c} works with people",
    2: "Theme 2: How {c} provides support",
    3: "Theme 3: How {c} ensures safety within the system",
    4: "Theme 4: Leadership",
}


@dataclass
class Assessment:
    """The values a page is written from."""

    council: str
    published: str = "17 May 2024"
    rating: str = "Good"
    score: int | None = 78
    scores: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(PAGE_NAMES, 3))
    findings: Mapping[str, Sequence[tuple[str | None, Sequence[str]]]] = field(default_factory=dict)
    """Statement id -> [(sub-heading or None, [paragraphs])] of key findings."""
    names: Mapping[str, str] = field(default_factory=lambda: dict(PAGE_NAMES))


def summary_text(a: Assessment, *, with_sections: bool = False) -> str:
    """The summary page's text as a browser copies it (bullets, indented scores)."""
    lines = [
        f"{a.council}: local authority assessment",
        "",
        f"Published: {a.published} Page last updated: {a.published}",
        "",
        "Downloads",
        "",
        "Overall summary",
        "",
        "Local authority rating and score",
        "",
        f"  • {a.council}",
        f"    {a.rating}",
    ]
    if a.score is not None:
        lines.append(
            f"{a.council} scored {a.score} out of 100 overall, indicating a {a.rating.lower()} standard"
        )
    lines += ["", "Quality statement scores", ""]
    for statement_id, score in a.scores.items():
        lines += [f"  • {a.names[statement_id]}", f"    Score: {score}"]
    lines += [
        "",
        "Summary of people's experiences",
        "",
        "People told us that staff listened to them and understood their needs, although some waited a long time.",
        "",
        "Summary of strengths, areas for development and next steps",
        "",
        "Leaders knew their communities well and had a clear plan to reduce waits for assessments.",
        "",
    ]
    if with_sections:
        lines += _sections_text(a)
    lines += ["Is this page useful?", "", "Feedback"]
    return "\n".join(lines) + "\n"


def _sections_text(a: Assessment) -> list[str]:
    lines: list[str] = []
    theme = 0
    for statement_id, score in a.scores.items():
        if THEME_OF[statement_id] != theme:
            theme = THEME_OF[statement_id]
            lines += [THEME_TITLES[theme].format(c=a.council), ""]
        lines += statement_section_text(a, statement_id, score)
    return lines


def statement_section_text(a: Assessment, statement_id: str, score: int) -> list[str]:
    lines = [
        a.names[statement_id],
        f"Score: {score}",
        f"{score} - {BANDS[score]}",
        "What people expect",
        "I have care and support that is coordinated, and everyone works well together and with me.",
        "The local authority commitment",
        f"We work with people to meet their needs under {QUALITY_STATEMENTS_BY_ID[statement_id].name.lower()}.",
        "Key findings for this quality statement",
    ]
    for heading, paragraphs in a.findings.get(statement_id, ()):
        if heading:
            lines.append(heading)
        lines += list(paragraphs)
    return [*lines, ""]


def statement_page_text(a: Assessment, statement_ids: Sequence[str]) -> str:
    """A quality statement page (or a theme page of several), as its text."""
    lines = [f"{a.council}: local authority assessment", "Downloads"]
    for statement_id in statement_ids:
        lines += statement_section_text(a, statement_id, a.scores[statement_id])
    lines += ["Is this page useful?", "Feedback"]
    return "\n".join(lines) + "\n"


def summary_html(a: Assessment, *, with_sections: bool = False) -> str:
    """The summary page as CQC's site serves it: furniture around a <main> with the report."""
    e = html.escape
    scores = "".join(
        f'<li class="qs-score"><h4 class="qs-score__name">{e(a.names[q])}</h4>'
        f'<p class="qs-score__value">Score: {s}</p></li>'
        for q, s in a.scores.items()
    )
    scored = (
        f"<p>{e(a.council)} scored {a.score} out of 100 overall, indicating a {e(a.rating.lower())} standard</p>"
        if a.score is not None
        else ""
    )
    sections = ""
    if with_sections:
        parts = []
        theme = 0
        for q, s in a.scores.items():
            if THEME_OF[q] != theme:
                theme = THEME_OF[q]
                parts.append(f"<h2>{e(THEME_TITLES[theme].format(c=a.council))}</h2>")
            findings = "".join(
                (f"<h4>{e(heading)}</h4>" if heading else "") + "".join(f"<p>{e(p)}</p>" for p in paras)
                for heading, paras in a.findings.get(q, ())
            )
            parts.append(
                f'<section class="quality-statement"><h3>{e(a.names[q])}</h3><p class="score">Score: {s}</p>'
                f"<p>{s} - {e(BANDS[s])}</p><h4>What people expect</h4>"
                "<p>I have care and support that is coordinated, and everyone works well together and with me.</p>"
                "<h4>The local authority commitment</h4><p>We work with people to meet their needs.</p>"
                f"<h4>Key findings for this quality statement</h4>{findings}</section>"
            )
        sections = "".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(a.council)}: local authority assessment - Care Quality Commission</title>
<script>window.analytics = [];</script></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header role="banner"><a href="/">Care Quality Commission</a><nav><ul><li><a href="/care-services">Find and compare services</a></li><li><a href="/guidance-regulation">Guidance for providers</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> / <a href="/care-system">Care system</a></div>
<main id="main">
<h1>{e(a.council)}: local authority assessment</h1>
<p class="published">Published: {e(a.published)} <span>Page last updated: {e(a.published)}</span></p>
<p><a href="#downloads">Downloads</a></p>
<h2>Overall summary</h2>
<h3>Local authority rating and score</h3>
<ul class="rating"><li><span class="rating__name">{e(a.council)}</span> <span class="rating__value">{e(a.rating)}</span></li></ul>
{scored}
<h3>Quality statement scores</h3>
<ul class="qs-scores">{scores}</ul>
<h3>Summary of people's experiences</h3>
<p>People told us that staff listened to them and understood their needs, although some waited a long time.</p>
<h3>Summary of strengths, areas for development and next steps</h3>
<p>Leaders knew their communities well and had a clear plan to reduce waits for assessments.</p>
{sections}
</main>
<footer role="contentinfo"><p>© Care Quality Commission</p><a href="/feedback">Feedback</a></footer>
</body></html>
"""


def press_release_text(a: Assessment, *, names: Mapping[str, str] = PRESS_NAMES) -> str:
    """A CQC press release announcing the rating, with the nine scores as a numbered list."""
    lines = [
        f"CQC rates {a.council}’s adult social care provision as {a.rating.lower()}",
        "",
        f"Published: {a.published} Page last updated: {a.published}",
        "Categories",
        "Media",
        "",
        f"The Care Quality Commission (CQC), has rated {a.council} as {a.rating.lower()}, in how well they are "
        "meeting their responsibilities to ensure people have access to adult social care and support under "
        "the Care Act (2014).",
        "",
        "CQC looked at nine areas spread across four themes to assess how well the authority is meeting their "
        f"responsibilities in order to create their {a.rating.lower()} rating. CQC has given each of these "
        "nine areas a score out of four with one being the evidence shows significant shortfalls, and four "
        "showing an exceptional standard.",
        "",
    ]
    for number, (statement_id, score) in enumerate(a.scores.items(), start=1):
        lines += [f"{number}.    {names[statement_id]}: {score}", ""]
    lines += [
        "The chief inspector of adult social care said:",
        "",
        f'"During our assessment of {a.council}, we found committed staff and strong partnerships."',
        "",
        "Ends",
        "",
        "About the Care Quality Commission",
        "The Care Quality Commission is the independent regulator of health and social care in England.",
    ]
    return "\n".join(lines) + "\n"


def results_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([["" if cell is None else str(cell) for cell in row] for row in rows])
    return out.getvalue()


def cqc_query_examples() -> dict[str, dict[str, object]]:
    """Parameters for every CQC named query, for the contract test that runs each one."""
    from dataclasses import asdict
    from datetime import date

    from graph.cqc.records import cqc_records
    from importers.cqc import CqcFile, CqcResult, KeyFinding, Rating, Shape, StatementScore
    from importers.model import CouncilRef

    torbay = CouncilRef(
        id="E06000027", name="Torbay Council", short_name="Torbay", type="unitary", region="South West"
    )
    result = CqcResult(
        shape=Shape.SUMMARY,
        council=torbay,
        published=date(2024, 10, 3),
        rating=Rating.GOOD,
        score=70,
        statement_scores=[
            StatementScore(quality_statement="qs1_assessing_needs", score=2, as_printed="Assessing needs")
        ],
        key_findings=[
            KeyFinding(quality_statement="qs1_assessing_needs", text="People waited.", span=(0, 14))
        ],
        text="People waited.",
    )
    records = cqc_records(
        CqcFile(source="t.txt", source_sha256="0" * 64, shape=Shape.SUMMARY, results=[result]),
        [date(2024, 10, 3)],
    )
    assessment = records.assessments[0].id
    return {
        "cqc_source_shas": {"ids": records.source_ids},
        "cqc_known_councils": {"ids": ["E06000027"]},
        "cqc_latest_assessment": {"council_id": "E06000027"},
        "merge_cqc_assessments": {"rows": [a.params() for a in records.assessments]},
        "delete_cqc_source_key_findings": {"ids": records.source_ids},
        "delete_cqc_source_scores": {"ids": records.source_ids},
        "merge_cqc_sources": {"rows": [s.params() for s in records.sources]},
        "merge_cqc_scores": {"rows": [asdict(s) for s in records.scores]},
        "create_cqc_key_findings": {"rows": [k.params() for k in records.key_findings]},
        "cqc_assessments": {"council": None},
        "cqc_scores": {"council": "E06000027"},
        "cqc_sources": {"council": None},
        "cqc_key_findings": {"assessment_id": assessment},
        "cqc_source_text": {"id": records.source_ids[0]},
        "cqc_reviews": {"council": None},
        "cqc_peer_counts": {},
    }
