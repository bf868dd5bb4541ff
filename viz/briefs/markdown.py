"""A brief as Markdown (CommonMark with GitHub tables): one self-contained file.

The chart is embedded as a PNG `data:` URI image, so the file can be mailed or served on its
own (VS Code, Pandoc, Obsidian and most Markdown-to-Word tools show it; GitHub's viewer does not
render `data:` images), and its numbers are always in a table beneath it. Imported text is
backslash-escaped, so nothing from a report can become a link, an image or HTML.
"""

from __future__ import annotations

import base64
import re

from viz.briefs.chart import chart_png
from viz.briefs.labels import percent, plural, status_label
from viz.briefs.model import Brief, Quote
from viz.briefs.text import (
    ABOUT,
    COUNCILS,
    DEVELOPMENT,
    FOUND_NOTHING,
    GOOD_PRACTICE,
    NO_GOOD_PRACTICE,
    NO_PLANS,
    NO_RECOMMENDATIONS,
    OWNERS,
    PROGRESS,
    RECOMMENDATIONS,
    RECURRING,
    SOURCES,
    STRENGTHS,
    WHERE,
    chart_rows,
    council_rows,
    good_practice_line,
    owners_line,
    progress_sentence,
    ranked_line,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")


def escape(text: str) -> str:
    """Text that renders as itself: Markdown punctuation backslash-escaped, one line."""
    flat = " ".join(text.split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return re.sub(r"^([-+]|\d+[.)])(\s)", r"\\\1\2", escaped)


def _url(url: str) -> str:
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def _quote(quote: Quote) -> list[str]:
    cited = escape(f"[{quote.number}] {quote.cited_as}")
    link = f" ([view the passage]({_url(quote.link)}))" if quote.link else ""
    return [f"> {escape(quote.shown)}", ">", f"> — {cited}{link}", ""]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(brief: Brief) -> str:
    out: list[str] = [f"# {escape(brief.title)}", "", f"*{escape(brief.subtitle)}*", ""]
    out += [escape(brief.headline.sentence), ""]
    out += [" · ".join(f"**{f.value}** {escape(f.label.lower())}" for f in brief.headline.figures), ""]

    out += [f"## {WHERE}", ""]
    png = base64.b64encode(chart_png(brief.chart)).decode("ascii")
    out += [f"![{escape(brief.chart.title)}](data:image/png;base64,{png})", ""]
    header, rows = chart_rows(brief.chart)
    out += _table(header, rows)
    if brief.scope.kind == "pattern" and brief.councils:
        out += [f"### {COUNCILS}", "", *_table(*council_rows(brief))]
    if brief.scope.kind != "pattern" and brief.patterns:
        out += [f"### {RECURRING}", ""]
        out += _table(
            ["Pattern", "Councils", "Areas for development", "Strengths"],
            [[p.name, str(p.councils), str(p.development), str(p.strengths)] for p in brief.patterns],
        )

    for section in brief.sections:
        out += [f"## {escape(section.title)}", "", escape(section.intro), ""]
        for title, quotes in ((DEVELOPMENT, section.development), (STRENGTHS, section.strengths)):
            out += [f"### {title}", ""]
            if not quotes:
                out += [FOUND_NOTHING, ""]
            for quote in quotes:
                out += _quote(quote)

    out += [f"## {GOOD_PRACTICE}", ""]
    if not brief.good_practice:
        out += [NO_GOOD_PRACTICE, ""]
    for entry in brief.good_practice:
        out += [f"**{escape(entry.topic)}**: {escape(good_practice_line(entry))}", ""]
        for quote in entry.quotes:
            out += _quote(quote)

    out += [f"## {RECOMMENDATIONS}", ""]
    if not brief.recommendations:
        out += [NO_RECOMMENDATIONS, ""]
    for group in brief.recommendations:
        out += [f"### {escape(group.title)}", ""]
        out += [
            escape(
                f"{plural(group.recommendations, 'recommendation')} to {plural(group.councils, 'council')}."
                + (f" {owners_line(group.owners)}" if group.owners else "")
            ),
            "",
        ]
        for ranked in group.ranked:
            out += [*_quote(ranked.quote)[:-1], f"*{escape(ranked_line(ranked))}*", ""]

    out += [f"## {OWNERS}", ""]
    if brief.owners:
        out += _table(
            ["Owner", "Recommendations", "Councils"],
            [[o.name, str(o.recommendations), str(o.councils)] for o in brief.owners],
        )
    else:
        out += ["The reports name no owner for these recommendations.", ""]

    out += [f"## {PROGRESS}", "", escape(progress_sentence(brief.progress)), ""]
    if brief.progress.actions:
        out += _table(
            ["Status", "Actions", "Share"],
            [
                [status_label(s), str(n), percent(brief.progress.share(n))]
                for s, n in brief.progress.by_status.items()
            ],
        )
    elif not brief.progress.councils_with_plans:
        out += [NO_PLANS, ""]

    out += [f"## {SOURCES}", ""]
    for source in brief.sources:
        text = escape(f"{source.label}, {source.date_label}")
        out += [f"- [{text}]({_url(source.link)})" if source.link else f"- {text}"]
    out += ["", f"## {ABOUT}", ""]
    out += [f"- {escape(note)}" for note in brief.notes]
    out += ["", f"*Built by peergraph on {escape(brief.generated)}.*", ""]
    return "\n".join(out)
