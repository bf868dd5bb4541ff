"""CQC's assessments of local authorities, read from what CQC publishes and what councils copy.

`read_cqc_file(path, max_bytes, councils)` reads one file of any shape (the assessment summary
page as HTML or text, a press release, a quality statement page, or a CSV of many councils)
into a typed `CqcFile`; bad input is a one-line `InputFileError` naming the file (and row).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from importers.councils import CouncilTable, load_councils
from importers.cqc.model import CqcFile, CqcResult, KeyFinding, Rating, Shape, StatementScore
from importers.limits import read_checked_bytes
from peergraph.core.errors import InputFileError

# The readers (and every format's library under them) are imported when a file is read: the
# briefs and the API import this package for its models, and a cold `peergraph brief` spent
# 0.6 s importing HTML, PDF and DOCX readers it never ran.

CSV_SUFFIXES = {".csv"}
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown", ".pdf", ".docx"}
CQC_SUFFIXES = CSV_SUFFIXES | PAGE_SUFFIXES
EXPECTED = "expected a CQC page (.html, .txt, .md, .pdf, .docx) or a CSV of results (.csv)"

__all__ = [
    "CQC_SUFFIXES",
    "CqcFile",
    "CqcResult",
    "KeyFinding",
    "Rating",
    "Shape",
    "StatementScore",
    "read_cqc_file",
]


def read_cqc_file(path: Path, max_bytes: int, councils: CouncilTable | None = None) -> CqcFile:
    """Read one CQC file: a CSV by its suffix, a page (HTML, text, PDF, DOCX) otherwise.

    InputFileError names the file (and row, for a CSV) and why it cannot be read.
    """
    from importers.cqc.bulk import CsvError, read_csv
    from importers.cqc.pages import PageError, read_page
    from importers.formats import read_document, sniff_format

    data = read_checked_bytes(path, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    table = councils if councils is not None else load_councils()
    sniffed = sniff_format(data)
    suffix = path.suffix.lower()
    if sniffed is None and suffix not in CQC_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no extension)"
        raise InputFileError(path, f"unsupported file type {shown}; {EXPECTED}")
    try:
        if suffix in CSV_SUFFIXES and sniffed is None:
            results = read_csv(data, table)
            return CqcFile(source=path.name, source_sha256=sha256, shape=Shape.CSV, results=results)
        result = read_page(read_document(path, max_bytes), table)
    except (PageError, CsvError) as error:
        raise InputFileError(path, str(error)) from None
    return CqcFile(source=path.name, source_sha256=sha256, shape=result.shape, results=[result])
