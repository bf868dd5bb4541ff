"""A brief laid out once, as the `Outline` of typed blocks that every writer renders.

This is the only place that decides what a brief says and in what order; the section titles and
sentences built from numbers come from `viz/briefs/text.py`. Writers map blocks to their format.
"""

from __future__ import annotations

from viz.briefs.blocks import (
    Block,
    ChartBlock,
    Figures,
    Heading,
    ListBlock,
    ListItem,
    Outline,
    Paragraph,
    QuoteBlock,
    TableBlock,
    Tone,
)
from viz.briefs.labels import percent, plural, status_label
from viz.briefs.model import Brief, BriefCqc, Quote
from viz.briefs.text import (
    ABOUT,
    COUNCILS,
    CQC,
    CQC_INTRO,
    CQC_PATTERNS,
    DEVELOPMENT,
    DEVELOPMENT_INSTANCES,
    FOUND_NOTHING,
    GOOD_PRACTICE,
    MEANING,
    NO_GOOD_PRACTICE,
    NO_QUESTIONS,
    NO_RECOMMENDATIONS,
    OWNERS,
    PROGRESS,
    QUESTIONS,
    RECOMMENDATIONS,
    RECURRING,
    SOURCES,
    STRENGTHS,
    WHERE,
    chart_alt,
    chart_rows,
    council_rows,
    good_practice_line,
    owners_line,
    progress_sentence,
    ranked_line,
)


def quote_block(quote: Quote, tone: Tone, note: str | None = None) -> QuoteBlock:
    return QuoteBlock(
        number=quote.number,
        text=quote.shown,
        citation=f"[{quote.number}] {quote.cited_as}",
        link=quote.link,
        note=note,
        tone=tone,
    )


def _of(low: int, councils: int) -> str:
    return f"{low} of {councils}" if councils else "no councils"


def cqc_blocks(cqc: BriefCqc) -> list[Block]:
    """CQC's scores beside the peer findings: counts with the councils behind each, and the caveat."""
    header = ["Quality statement", "Councils", "Raised: scored 1–2", "Not raised: scored 1–2"]
    blocks: list[Block] = [
        Heading(level=1, text=CQC),
        Paragraph(text=CQC_INTRO),
        Paragraph(text=cqc.caveat, role="note"),
        TableBlock(
            caption="Councils CQC scored 1 or 2, by whether their peer team raised the statement",
            header=header,
            rows=[
                [
                    r.statement,
                    str(r.councils),
                    _of(r.raised_low, r.raised),
                    _of(r.not_raised_low, r.not_raised),
                ]
                for r in cqc.statements
            ],
            numeric_from=1,
        ),
    ]
    if cqc.patterns:
        blocks += [
            Heading(level=2, text=CQC_PATTERNS),
            TableBlock(
                caption="Councils CQC scored 1 or 2, by whether their peer team described the pattern",
                header=["Pattern", *header],
                rows=[
                    [
                        r.pattern or "",
                        r.statement,
                        str(r.councils),
                        _of(r.raised_low, r.raised),
                        _of(r.not_raised_low, r.not_raised),
                    ]
                    for r in cqc.patterns
                ],
                numeric_from=2,
            ),
        ]
    return blocks


def outline_of(brief: Brief) -> Outline:
    """The brief in reading order: headline, what it means, the chart, quotes, recommendations, questions."""
    blocks: list[Block] = [
        Paragraph(text=brief.headline.sentence, role="lead"),
        Figures(items=brief.headline.figures),
    ]
    if brief.meaning:
        blocks += [Heading(level=1, text=MEANING), ListBlock(items=[ListItem(text=s) for s in brief.meaning])]

    chart = brief.chart
    header, rows = chart_rows(chart)
    blocks += [
        Heading(level=1, text=WHERE),
        ChartBlock(chart=chart, alt=chart_alt(chart)),
        TableBlock(caption="The numbers in the chart", header=header, rows=rows),
    ]
    if brief.scope.kind == "pattern" and brief.councils:
        header, rows = council_rows(brief)
        blocks += [
            Heading(level=2, text=COUNCILS),
            TableBlock(caption="Councils whose reports show it", header=header, rows=rows, numeric_from=2),
        ]
    if brief.scope.kind != "pattern" and brief.patterns:
        blocks += [
            Heading(level=2, text=RECURRING),
            TableBlock(
                caption="Patterns in scope, most councils first",
                header=["Pattern", "Councils", DEVELOPMENT_INSTANCES, STRENGTHS],
                rows=[
                    [p.name, str(p.councils), str(p.development), str(p.strengths)] for p in brief.patterns
                ],
            ),
        ]

    for section in brief.sections:
        blocks += [Heading(level=1, text=section.title), Paragraph(text=section.intro)]
        sides: tuple[tuple[str, Tone, list[Quote]], ...] = (
            (DEVELOPMENT, "development", section.development),
            (STRENGTHS, "strength", section.strengths),
        )
        for title, tone, quotes in sides:
            blocks.append(Heading(level=2, text=title))
            blocks += [quote_block(q, tone) for q in quotes] or [Paragraph(text=FOUND_NOTHING)]

    blocks.append(Heading(level=1, text=GOOD_PRACTICE))
    if not brief.good_practice:
        blocks.append(Paragraph(text=NO_GOOD_PRACTICE))
    for entry in brief.good_practice:
        blocks += [Heading(level=2, text=entry.topic), Paragraph(text=good_practice_line(entry))]
        blocks += [quote_block(q, "strength") for q in entry.quotes]

    blocks.append(Heading(level=1, text=RECOMMENDATIONS))
    if not brief.recommendations:
        blocks.append(Paragraph(text=NO_RECOMMENDATIONS))
    for group in brief.recommendations:
        summary = f"{plural(group.recommendations, 'recommendation')} to {plural(group.councils, 'council')}."
        if group.owners:
            summary += " " + owners_line(group.owners)
        blocks += [Heading(level=2, text=group.title), Paragraph(text=summary)]
        blocks += [quote_block(r.quote, "recommendation", ranked_line(r)) for r in group.ranked]

    blocks.append(Heading(level=1, text=OWNERS))
    if brief.owners:
        blocks.append(
            TableBlock(
                caption="Roles the reports assign recommendations to",
                header=["Owner", "Recommendations", "Councils"],
                rows=[[o.name, str(o.recommendations), str(o.councils)] for o in brief.owners],
            )
        )
    else:
        blocks.append(Paragraph(text="The reports name no owner for these recommendations."))

    blocks.append(Heading(level=1, text=QUESTIONS))
    if not brief.questions:
        blocks.append(Paragraph(text=NO_QUESTIONS))
    else:
        blocks.append(
            ListBlock(
                numbered=True,
                items=[
                    ListItem(text=q.asked + (f" [{q.quote_number}]" if q.quote_number else ""))
                    for q in brief.questions
                ],
            )
        )

    progress = brief.progress
    blocks += [Heading(level=1, text=PROGRESS), Paragraph(text=progress_sentence(progress))]
    if progress.actions:
        blocks.append(
            TableBlock(
                caption="Actions against these recommendations, by status",
                header=["Status", "Actions", "Share"],
                rows=[
                    [status_label(s), str(n), percent(progress.share(n))]
                    for s, n in progress.by_status.items()
                ],
            )
        )

    if brief.cqc is not None:
        blocks += cqc_blocks(brief.cqc)

    blocks += [
        Heading(level=1, text=SOURCES),
        ListBlock(
            items=[
                ListItem(
                    text=f"{s.label}, {s.date_label}",
                    link=s.link,
                    link_text="open the report" if s.link else None,
                )
                for s in brief.sources
            ]
        ),
        Heading(level=1, text=ABOUT),
        ListBlock(items=[ListItem(text=note) for note in brief.notes]),
        Paragraph(text=f"Built by peergraph on {brief.generated}.", role="note"),
    ]
    return Outline(title=brief.title, subtitle=brief.subtitle, blocks=blocks)
