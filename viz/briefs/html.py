"""A brief as one self-contained HTML page: inline CSS, an inline SVG chart, no script, no fetches.

Every string from the graph passes through `html.escape`; the only URLs are the citation links to
the web UI (absent when anonymised). A strict Content-Security-Policy `<meta>` keeps it so even if
opened from a mail client or a file share.
"""

from __future__ import annotations

import html

from viz.briefs.chart import chart_svg
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

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #0b0c0c; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
h2 { border-top: 2px solid #1d70b8; padding-top: .75rem; margin-top: 2.5rem; }
.subtitle { color: #505a5f; margin-top: 0; }
.headline { font-size: 1.2rem; }
.figures { display: flex; flex-wrap: wrap; gap: .75rem; padding: 0; list-style: none; }
.figures li { border: 1px solid #b1b4b6; padding: .5rem .75rem; min-width: 7rem; }
.figures strong { display: block; font-size: 1.6rem; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
@media (max-width: 44rem) { .sides { grid-template-columns: 1fr; } }
.development h3 { color: #d4351c; } .strengths h3 { color: #00703c; }
blockquote { margin: 0 0 1rem 0; padding: .25rem 0 .25rem 1rem; border-left: 5px solid #b1b4b6; }
blockquote p { margin: 0 0 .25rem 0; }
.development blockquote { border-left-color: #d4351c; } .strengths blockquote { border-left-color: #00703c; }
.practice blockquote { border-left-color: #00703c; }
cite { font-style: normal; color: #505a5f; font-size: .9rem; }
.ranked { color: #505a5f; font-size: .9rem; margin: -.5rem 0 1rem 1.3rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .75rem .3rem 0; text-align: left; }
td.n, th.n { text-align: right; }
figure { margin: 0; } svg.chart { max-width: 100%; height: auto; }
a { color: #1d70b8; } footer { color: #505a5f; font-size: .9rem; margin-top: 3rem; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _quote(quote: Quote) -> str:
    link = f' <a href="{_e(quote.link)}">view the passage</a>' if quote.link else ""
    return (
        f'<blockquote id="q{quote.number}"><p>{_e(quote.shown)}</p>'
        f"<cite>[{quote.number}] {_e(quote.cited_as)}{link}</cite></blockquote>"
    )


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    def cell(tag: str, index: int, value: str) -> str:
        cls = ' class="n"' if index >= numeric_from else ""
        return f"<{tag}{cls}>{_e(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(brief: Brief) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(brief.title)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>{_e(brief.title)}</h1><p class="subtitle">{_e(brief.subtitle)}</p></header><main>',
        f'<p class="headline">{_e(brief.headline.sentence)}</p><ul class="figures">',
        *(f"<li><strong>{f.value}</strong>{_e(f.label)}</li>" for f in brief.headline.figures),
        "</ul>",
        f"<section><h2>{WHERE}</h2><figure>{chart_svg(brief.chart)}",
        f"<figcaption>{_e(brief.chart.title)}</figcaption></figure>",
        _table(*chart_rows(brief.chart)),
    ]
    if brief.scope.kind == "pattern" and brief.councils:
        parts += [f"<h3>{COUNCILS}</h3>", _table(*council_rows(brief), numeric_from=2)]
    if brief.scope.kind != "pattern" and brief.patterns:
        parts += [
            f"<h3>{RECURRING}</h3>",
            _table(
                ["Pattern", "Councils", DEVELOPMENT, STRENGTHS],
                [[p.name, str(p.councils), str(p.development), str(p.strengths)] for p in brief.patterns],
            ),
        ]
    parts.append("</section>")

    for section in brief.sections:
        parts += [f'<section><h2>{_e(section.title)}</h2><p>{_e(section.intro)}</p><div class="sides">']
        for cls, title, quotes in (
            ("development", DEVELOPMENT, section.development),
            ("strengths", STRENGTHS, section.strengths),
        ):
            body = "".join(_quote(q) for q in quotes) or f"<p>{FOUND_NOTHING}</p>"
            parts.append(f'<div class="{cls}"><h3>{title}</h3>{body}</div>')
        parts.append("</div></section>")

    parts.append(f'<section class="practice"><h2>{GOOD_PRACTICE}</h2>')
    if not brief.good_practice:
        parts.append(f"<p>{NO_GOOD_PRACTICE}</p>")
    for entry in brief.good_practice:
        parts.append(f"<h3>{_e(entry.topic)}</h3><p>{_e(good_practice_line(entry))}</p>")
        parts += [_quote(q) for q in entry.quotes]
    parts.append("</section>")

    parts.append(f"<section><h2>{RECOMMENDATIONS}</h2>")
    if not brief.recommendations:
        parts.append(f"<p>{NO_RECOMMENDATIONS}</p>")
    for group in brief.recommendations:
        summary = f"{plural(group.recommendations, 'recommendation')} to {plural(group.councils, 'council')}."
        if group.owners:
            summary += " " + owners_line(group.owners)
        parts.append(f"<h3>{_e(group.title)}</h3><p>{_e(summary)}</p>")
        for ranked in group.ranked:
            parts.append(_quote(ranked.quote) + f'<p class="ranked">{_e(ranked_line(ranked))}</p>')
    parts.append("</section>")

    parts.append(f"<section><h2>{OWNERS}</h2>")
    if brief.owners:
        parts.append(
            _table(
                ["Owner", "Recommendations", "Councils"],
                [[o.name, str(o.recommendations), str(o.councils)] for o in brief.owners],
            )
        )
    else:
        parts.append("<p>The reports name no owner for these recommendations.</p>")
    parts.append("</section>")

    progress = brief.progress
    parts.append(f"<section><h2>{PROGRESS}</h2><p>{_e(progress_sentence(progress))}</p>")
    if progress.actions:
        parts.append(
            _table(
                ["Status", "Actions", "Share"],
                [
                    [status_label(s), str(n), percent(progress.share(n))]
                    for s, n in progress.by_status.items()
                ],
            )
        )
    elif not progress.councils_with_plans:
        parts.append(f"<p>{NO_PLANS}</p>")
    parts.append("</section>")

    parts.append(f"<section><h2>{SOURCES}</h2><ul>")
    for source in brief.sources:
        text = _e(f"{source.label}, {source.date_label}")
        parts.append(
            f'<li><a href="{_e(source.link)}">{text}</a></li>' if source.link else f"<li>{text}</li>"
        )
    parts.append(f"</ul></section><section><h2>{ABOUT}</h2><ul>")
    parts += [f"<li>{_e(note)}</li>" for note in brief.notes]
    parts.append(f"</ul></section></main><footer>Built by peergraph on {_e(brief.generated)}.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)
