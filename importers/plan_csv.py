"""An action plan saved as text: the encodings Excel writes, the delimiter, and the rows.

Excel saves "CSV UTF-8" with a byte-order mark, plain "CSV" in Windows-1252 and "Unicode text"
as tab-separated UTF-16 with a byte-order mark; all of them read. Text with no mark is UTF-8,
else UTF-16 when every other byte is zero, else Windows-1252. A few stray control characters
(a NUL byte pasted into a cell) leave the plan readable: the cell loses them and is reported
(by `importers.action_plan`); a file that is mostly control characters is binary and refused.
"""

from __future__ import annotations

import codecs
import csv
from io import StringIO
from pathlib import Path

from importers.plan_limits import MAX_CELL_CHARS, PlanLimitError, check_sheet_size
from peergraph.core.errors import InputFileError
from peergraph.core.spreadsheet_cells import csv_cell_text

BINARY = "binary data, neither an Excel .xlsx workbook nor CSV text"
_BOMS = [  # UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_SAMPLE = 65536
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")


def _unmarked_utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text with no mark: zero bytes in one parity only, as Latin text has."""
    sample = data[: _SAMPLE & ~1]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.4 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.4 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode_plan_text(data: bytes, path: Path) -> str:
    """The file's text by its byte-order mark or its bytes; one-line error for binary data."""
    codec: str | None
    for bom, name in _BOMS:
        if data.startswith(bom):
            codec, body = name, data[len(bom) :]
            break
    else:
        codec, body = _unmarked_utf16(data), data
    try:
        text = body.decode(codec) if codec else body.decode("utf-8")
    except UnicodeDecodeError:
        if codec:
            raise InputFileError(path, f"not readable as {codec.upper()} text") from None
        text = body.decode("cp1252", errors="replace")
    sample = text[:_SAMPLE]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in _ALLOWED_CONTROLS)
    if controls > len(sample) * 0.01 or sample.count("\ufffd") > len(sample) * 0.01:
        raise InputFileError(path, BINARY)
    return text


def _delimiter(text: str) -> str:
    """The CSV delimiter: the sniffer's choice among , ; tab and |, else the commonest of them."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return max(",;\t|", key=sample.count)


def csv_rows(data: bytes, path: Path) -> list[list[str]]:
    """The file's records as rows of fields, within the plan limits; peergraph's own quoting undone."""
    text = decode_plan_text(data, path)
    reader = csv.reader(StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append([csv_cell_text(field) for field in record])
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise PlanLimitError(
                path,
                f"record {reader.line_num} holds a field over the {MAX_CELL_CHARS:,}-character limit of a cell",
            ) from None
        raise InputFileError(path, f"not readable as CSV: {error}") from None
    filled = [row for row in rows if any(row)]
    width = max((max(i for i, field in enumerate(row) if field) + 1 for row in filled), default=0)
    last = max((number for number, row in enumerate(rows, 1) if any(row)), default=0)
    check_sheet_size(path, path.stem, last, width)
    return rows
