"""A brief's outline as one self-contained HTML page: inline CSS, an inline SVG chart, no script, no fetches.

Every string from the graph passes through `html.escape`; the only URLs are the citation links to
the web UI (only when the brief has a base URL, never when anonymised). A strict
Content-Security-Policy `<meta>` keeps it so even if opened from a mail client or a file share.
"""

from __future__ import annotations

import html

from viz.briefs.blocks import (
    Block,
    ChartBlock,
    Figures,
    Heading,
    ListBlock,
    Outline,
    Paragraph,
    QuoteBlock,
    TableBlock,
)
from viz.briefs.chart import chart_svg

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
blockquote { margin: 0 0 1rem 0; padding: .25rem 0 .25rem 1rem; border-left: 5px solid #b1b4b6; }
blockquote p { margin: 0 0 .25rem 0; }
blockquote.development { border-left-color: #d4351c; } blockquote.strength { border-left-color: #00703c; }
blockquote.recommendation { border-left-color: #1d70b8; }
cite { font-style: normal; color: #505a5f; font-size: .9rem; }
.note { color: #505a5f; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .25rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .75rem .3rem 0; text-align: left; }
td.n, th.n { text-align: right; }
figure { margin: 0; } svg.chart { max-width: 100%; height: auto; }
a { color: #1d70b8; } footer { color: #505a5f; font-size: .9rem; margin-top: 3rem; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(block: TableBlock) -> str:
    def cell(tag: str, index: int, value: str) -> str:
        cls = ' class="n"' if index >= block.numeric_from else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{cls}{scope}>{_e(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(block.header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in block.rows
    )
    return f"<table><caption>{_e(block.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level + 1}>{_e(block.text)}</h{block.level + 1}>"
    if isinstance(block, Paragraph):
        cls = {"lead": ' class="headline"', "note": ' class="note"'}.get(block.role, "")
        return f"<p{cls}>{_e(block.text)}</p>"
    if isinstance(block, Figures):
        items = "".join(f"<li><strong>{f.value}</strong>{_e(f.label)}</li>" for f in block.items)
        return f'<ul class="figures">{items}</ul>'
    if isinstance(block, QuoteBlock):
        link = f' <a href="{_e(block.link)}">view the passage</a>' if block.link else ""
        note = f'<p class="note">{_e(block.note)}</p>' if block.note else ""
        return (
            f'<blockquote class="{block.tone}" id="q{block.number}"><p>{_e(block.text)}</p>'
            f"<cite>{_e(block.citation)}{link}</cite>{note}</blockquote>"
        )
    if isinstance(block, ListBlock):
        tag = "ol" if block.numbered else "ul"
        items = "".join(
            f"<li>{_e(item.text)}"
            + (f' — <a href="{_e(item.link)}">{_e(item.link_text or item.link)}</a>' if item.link else "")
            + "</li>"
            for item in block.items
        )
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, ChartBlock):
        return f"<figure>{chart_svg(block.chart, block.alt)}<figcaption>{_e(block.chart.title)}</figcaption></figure>"
    raise TypeError(f"no HTML for {type(block).__name__}")


def render_html(outline: Outline) -> str:
    parts = [
        "<!doctype html>",
        f'<html lang="{_e(outline.language)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="author" content="{_e(outline.author)}">',
        f"<title>{_e(outline.title)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>{_e(outline.title)}</h1><p class="subtitle">{_e(outline.subtitle)}</p></header><main>',
        *(_block(block) for block in outline.blocks),
        "</main></body></html>",
    ]
    return "\n".join(parts)
