"""A brief's outline as a tagged, accessible PDF on A4 (PDF/UA-1), typeset by Typst.

Why Typst (the `typst` wheel, Apache-2.0): ReportLab writes no structure tree, and a tagged PDF
needs one: headings, paragraphs, lists, tables with header cells, quotes, links and the chart as a
figure with alt text, in reading order, with the document's language and title. Typst 0.14+ tags
every PDF it writes and checks PDF/UA-1 on export; its wheel is self-contained (no system library,
no browser), and it typesets a brief in a fraction of a second. WeasyPrint's PDF/UA output would
also do, but needs Debian's Pango installed beside the wheel.

The outline goes in as JSON (`sys.inputs.brief`) and `brief.typ` renders it block by block, so
imported text is data, never Typst markup, and needs no escaping. Text is set in Bitstream Vera
Sans, the font ReportLab ships (already installed), so a brief prints the same on every machine;
system fonts are ignored and Typst's own embedded fonts cover any glyph Vera lacks.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import reportlab
import typst

from peergraph.core.errors import PeergraphError
from viz.briefs.blocks import ChartBlock, Outline
from viz.briefs.chart import chart_svg

TEMPLATE = Path(__file__).with_name("brief.typ")
PDF_STANDARD: Final = "ua-1"
_lock = threading.Lock()


def _font_folder() -> Path:
    return Path(reportlab.__file__).parent / "fonts"


@lru_cache(maxsize=1)
def _compiler() -> typst.Compiler:
    """One compiler, fonts loaded once (Typst's compiler is not safe to share across threads unlocked)."""
    return typst.Compiler(TEMPLATE, font_paths=[_font_folder()], ignore_system_fonts=True)


def _document(outline: Outline) -> dict[str, Any]:
    language, _, region = outline.language.partition("-")
    blocks = []
    for block in outline.blocks:
        data = block.model_dump(mode="json")
        if isinstance(block, ChartBlock):
            data["svg"] = chart_svg(block.chart, block.alt)
        blocks.append(data)
    return {
        "title": outline.title,
        "subtitle": outline.subtitle,
        "author": outline.author,
        "lang": language.lower(),
        "region": region.lower() or None,
        "blocks": blocks,
    }


def render_pdf(outline: Outline) -> bytes:
    """The outline as the bytes of a tagged PDF/UA-1 file."""
    inputs = {"brief": json.dumps(_document(outline), ensure_ascii=False)}
    try:
        with _lock:
            pdf = _compiler().compile(format="pdf", sys_inputs=inputs, pdf_standards=[PDF_STANDARD])
    except typst.TypstError as error:
        raise PeergraphError(f"brief PDF: Typst could not typeset it ({error.message})") from None
    if not isinstance(pdf, bytes):
        raise PeergraphError("brief PDF: Typst returned no document")
    return pdf
