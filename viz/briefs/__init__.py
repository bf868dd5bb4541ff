"""Learning briefs: what peer challenges found, drafted from the graph, every quote cited.

    brief = build_brief(store, patterns=["key_person_dependency"], anonymise=True)
    write_brief(brief, Path("brief.docx"))   # .md, .html, .docx or .pdf

`build_brief` (build.py) reads the graph into a typed `Brief` (model.py) and lays it out once as an
`Outline` of typed blocks (outline.py, blocks.py); one writer per format renders those blocks
(markdown.py, html.py, docx.py, pdf.py), with the chart drawn by chart.py.
"""

from viz.briefs.build import build_brief
from viz.briefs.model import FORMATS, Brief, Format, Quote
from viz.briefs.write import MEDIA_TYPES, file_name, format_for, render, write_brief

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Brief",
    "Format",
    "Quote",
    "build_brief",
    "file_name",
    "format_for",
    "render",
    "write_brief",
]
