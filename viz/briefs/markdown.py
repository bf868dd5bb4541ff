"""A brief's outline as Markdown (CommonMark with GitHub tables): one self-contained file.

The chart is embedded as a PNG `data:` URI image with the chart's alt text, so the file can be
mailed or served on its own (VS Code, Pandoc, Obsidian and most Markdown-to-Word tools show it;
GitHub's viewer does not render `data:` images), and its numbers are always in a table beneath
it. Imported text is backslash-escaped, so nothing from a report can become a link, an image or HTML.
"""

from __future__ import annotations

import base64
import re

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
from viz.briefs.chart import chart_png

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


def _link(text: str, url: str | None) -> str:
    return f"[{escape(text)}]({_url(url)})" if url else ""


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * (block.level + 1) + " " + escape(block.text), ""]
    if isinstance(block, Paragraph):
        text = escape(block.text)
        return [f"*{text}*" if block.role == "note" else text, ""]
    if isinstance(block, Figures):
        return [" · ".join(f"**{f.value}** {escape(f.label.lower())}" for f in block.items), ""]
    if isinstance(block, QuoteBlock):
        link = f" ({_link('view the passage', block.link)})" if block.link else ""
        lines = [f"> {escape(block.text)}", ">", f"> — {escape(block.citation)}{link}"]
        if block.note:
            lines += [">", f"> *{escape(block.note)}*"]
        return [*lines, ""]
    if isinstance(block, ListBlock):
        lines = []
        for index, item in enumerate(block.items, start=1):
            marker = f"{index}." if block.numbered else "-"
            link = f" — {_link(item.link_text or item.link or '', item.link)}" if item.link else ""
            lines.append(f"{marker} {escape(item.text)}{link}")
        return [*lines, ""]
    if isinstance(block, TableBlock):
        lines = ["| " + " | ".join(escape(h) for h in block.header) + " |", "|" + "---|" * len(block.header)]
        lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in block.rows]
        return [*lines, ""]
    if isinstance(block, ChartBlock):
        png = base64.b64encode(chart_png(block.chart)).decode("ascii")
        return [f"![{escape(block.alt)}](data:image/png;base64,{png})", ""]
    raise TypeError(f"no Markdown for {type(block).__name__}")


def render_markdown(outline: Outline) -> str:
    out = [f"# {escape(outline.title)}", "", f"*{escape(outline.subtitle)}*", ""]
    for block in outline.blocks:
        out += _block(block)
    return "\n".join(out)
