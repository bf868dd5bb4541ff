"""Turn a report file into a `Report`: council, dates, peer team, findings and recommendations.

The stages are separate functions so each can be used and tested alone:
`read_document` (format readers) -> `parse_document` (this module) -> `Report`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from importers import front_matter
from importers.addressing import addressed_findings
from importers.blocks import Block, BlockKind, Document
from importers.councils import CouncilMatch, CouncilTable, load_councils
from importers.formats import read_document
from importers.model import (
    CouncilRef,
    Figures,
    Finding,
    Polarity,
    Recommendation,
    RecommendationSource,
    Report,
    Section,
    Sentence,
)
from importers.polarity import PassageContext, judge_passage
from importers.quality_statements import guess_quality_statement
from importers.recommendations import is_summary_intro, recommendations_in, summary_recommendation
from importers.sections import Context, Part, walk_sections
from importers.sentences import split_sentences
from peergraph.core.errors import NotAReportError

_FINDING_PARTS = {
    Part.EXECUTIVE_SUMMARY: Section.KEY_MESSAGES,
    Part.KEY_MESSAGES: Section.KEY_MESSAGES,
    Part.CASE_FILE_AUDIT: Section.CASE_FILE_AUDIT,
    Part.THEME: Section.NARRATIVE,
    Part.PREPARING: Section.PREPARING_FOR_ASSESSMENT,
}

# Text inside finding sections that restates the CQC framework or introduces a list.
_BOILERPLATE = re.compile(
    r"^("
    r"(when |if )?I\s"
    r"|quality statements( and i-statements)? from"
    r"|(assessing needs|supporting people to (lead|live) healthier lives|equity in experiences? and outcomes"
    r"|care provision, integration,? and continuity|partnerships and communities"
    r"|safe systems, pathways,? and transitions|safeguarding|governance, management,? and sustainability"
    r"|learning, improvement,? and innovation): we [a-z]+"
    r"|there are a number of observations and suggestions"
    r"|the following are the peer team"
    r"|this (area |theme )?(relates|covers)"
    r"|the peer team considered \d+ cases"
    r"|in addition, a summary of the peer team"
    r")",
    re.I,
)
_ENDS_LIKE_PROSE = re.compile(r"[.!?:;)\"'”’]\s*$")
_PEER_CHALLENGE = re.compile(r"peer (challenge|review)", re.I)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def parse_file(path: Path, max_bytes: int, councils: CouncilTable | None = None) -> Report:
    """Read and parse one report file; raises InputFileError subclasses with a one-line reason.

    `councils` is the reference table to identify the council from (default: the built-in one).
    """
    document = read_document(path, max_bytes)
    return parse_document(document, source=path.name, source_sha256=sha256_of(path), councils=councils)


def parse_document(
    document: Document, source: str, source_sha256: str, councils: CouncilTable | None = None
) -> Report:
    """Parse a document's blocks into a Report whose spans index `document.text`."""
    if not _PEER_CHALLENGE.search(document.text[:20000]):
        raise NotAReportError(source, "not a peer challenge report (no mention of a peer challenge)")
    front = front_matter.read_front_matter(document, councils or load_councils())
    if front.council is None:
        raise NotAReportError(source, "not a peer challenge report (no English council named)")

    council = _council_ref(front.council)
    findings, recommendations = _findings_and_recommendations(document, _council_names(council))
    if not findings:
        raise NotAReportError(source, "not a peer challenge report (no findings under any known heading)")
    figures = front_matter.figures(document)
    return Report(
        source=source,
        source_sha256=source_sha256,
        format=document.format,
        title=_title(document),
        council=council,
        report_date=front.report_month,
        onsite_start=front.onsite_start,
        onsite_end=front.onsite_end,
        commissioned_by=front_matter.commissioned_by(document),
        peer_team=front.peer_team,
        figures=Figures(**figures),
        council_asks=front_matter.council_asks(document),
        key_messages=[f.text for f in findings if f.section is Section.KEY_MESSAGES],
        lga_contacts=front_matter.lga_contacts(document),
        findings=findings,
        recommendations=recommendations,
        text=document.text,
    )


def _title(document: Document) -> str:
    for block in document.blocks[:8]:
        if "peer challenge" in block.text.lower() or "peer review" in block.text.lower():
            return block.text
    return document.blocks[0].text


def _council_names(council: CouncilRef) -> tuple[str, ...]:
    """The names a report may use for its council as the subject of a recommendation."""
    names = {council.short_name, council.as_printed, council.name}
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def _council_ref(match: CouncilMatch) -> CouncilRef:
    council = match.council
    return CouncilRef(
        id=council.id,
        name=council.name,
        short_name=council.short_name,
        type=council.type,
        region=council.region,
        as_printed=match.as_printed,
    )


def _is_finding_text(text: str, kind: BlockKind, in_list: bool = False) -> bool:
    if kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return False
    if _BOILERPLATE.match(text):
        return False
    if in_list and len(text.split()) >= 5:
        return True  # bullets in a list of observations often drop the full stop
    # A line without closing punctuation is a title or a question the council posed, not a finding.
    return bool(_ENDS_LIKE_PROSE.search(text)) or len(text.split()) > 25


def _findings_and_recommendations(
    document: Document, agents: tuple[str, ...] = ()
) -> tuple[list[Finding], list[Recommendation]]:
    findings: list[Finding] = []
    recommendations: list[Recommendation] = []
    previous: Block | None = None
    for block, context, is_marker in walk_sections(document):
        in_list = (
            block.kind is BlockKind.LIST_ITEM
            and previous is not None
            and previous.kind is BlockKind.LIST_ITEM
        )
        previous = block
        if is_marker:
            continue
        if context.part is Part.RECOMMENDATIONS:
            if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and not is_summary_intro(block.text):
                item = summary_recommendation(block.text, agents)
                recommendations.append(
                    Recommendation(
                        text=block.text,
                        source=RecommendationSource.SUMMARY,
                        firm=item.firm,
                        owners=list(item.owners),
                        span=(block.start, block.end),
                    )
                )
            continue
        section = _FINDING_PARTS.get(context.part)
        if section is None or not _is_finding_text(block.text, block.kind, in_list):
            continue
        sentences = split_sentences(block.text)  # for polarity and recommendations alike
        finding = _finding(block.text, (block.start, block.end), section, context, sentences)
        findings.append(finding)
        for found in recommendations_in(block.text, agents, sentences):
            start, end = found.start, found.end
            recommendations.append(
                Recommendation(
                    text=block.text[start:end],
                    source=RecommendationSource.INLINE,
                    firm=found.firm,
                    owners=list(found.owners),
                    theme=finding.theme,
                    finding=len(findings) - 1,
                    addresses=[len(findings) - 1],
                    span=(block.start + start, block.start + end),
                )
            )
    summary = [r for r in recommendations if r.source is RecommendationSource.SUMMARY]
    finding_texts = [f.text for f in findings]
    for recommendation, addressed in zip(
        summary, addressed_findings([r.text for r in summary], finding_texts), strict=True
    ):
        recommendation.addresses = addressed
    return findings, recommendations


def _finding(
    text: str, span: tuple[int, int], section: Section, context: Context, sentences: list[tuple[int, int]]
) -> Finding:
    if section is Section.NARRATIVE and context.prior is not None:
        section = Section.STRENGTHS if context.prior is Polarity.STRENGTH else Section.CONSIDERATIONS
    judgement = judge_passage(text, PassageContext(prior=context.prior, section=section), sentences=sentences)
    theme = context.theme if section not in (Section.KEY_MESSAGES, Section.PREPARING_FOR_ASSESSMENT) else None
    statement = context.quality_statement
    if statement is None and theme is not None:
        statement = guess_quality_statement(text, theme)
    return Finding(
        text=text,
        polarity=judgement.polarity,
        theme=theme,
        quality_statement=statement,
        section=section,
        heading=context.heading,
        span=span,
        sentences=[
            Sentence(span=(span[0] + s.start, span[0] + s.end), polarity=s.polarity)
            for s in judgement.sentences
        ],
    )
