"""Read CQC results in bulk from a CSV: one row per council's assessment.

Columns (header names matched loosely: case, spaces, punctuation and a trailing "score" or
"(1-4)" do not count; columns not listed are ignored):

| column | also accepted as | holds |
|---|---|---|
| council | local authority, authority, la, council name, local authority name, name | the council as CQC names it |
| ons_code | ons, code, council id, la code, gss code | the ONS code (E10000015); either this or council is needed |
| published | date published, publication date, published date, date, assessment date | 17 May 2024, 2024-05-17 or 17/05/2024 |
| rating | overall rating, cqc rating | Outstanding, Good, Requires improvement or Inadequate |
| score | overall score, score out of 100, percentage, overall percentage | 0-100, "78" or "78%" |
| one column per quality statement | its name in any CQC form ("Safe pathways, systems and transitions"), its id (qs6_safe_systems), or qs1 ... qs9 | 1-4 |

`published` is required; any value may be blank where it is not known. A council with the
same publication date twice, a statement with two columns, a score out of range or a rating
that is not one of the four is refused with the row it is on (row 1 is the header).
"""

from __future__ import annotations

import csv
import io
import re

from importers.councils import CouncilTable
from importers.cqc.model import CqcResult, Shape, StatementScore
from importers.cqc.statements import match_statement
from importers.cqc.values import parse_date, parse_overall_score, parse_rating, parse_statement_score
from importers.framework import QUALITY_STATEMENTS, QUALITY_STATEMENTS_BY_ID, QualityStatement
from importers.model import CouncilRef

_FIELDS: dict[str, tuple[str, ...]] = {
    "council": (
        "council",
        "local authority",
        "authority",
        "la",
        "council name",
        "local authority name",
        "name",
    ),
    "ons_code": ("ons code", "ons", "code", "council id", "la code", "gss code", "ons code council", "id"),
    "published": (
        "published",
        "date published",
        "publication date",
        "published date",
        "date of publication",
        "date",
        "assessment date",
        "report published",
    ),
    "rating": ("rating", "overall rating", "cqc rating", "rating overall"),
    "score": (
        "score",
        "overall score",
        "score out of 100",
        "overall score out of 100",
        "percentage",
        "overall percentage",
        "percentage score",
        "overall score percentage",
        "score percentage",
    ),
}
_FIELD_BY_HEADER = {header: name for name, headers in _FIELDS.items() for header in headers}
_STATEMENT_NUMBER = re.compile(r"^(?:qs|quality statement)\s*(?P<n>[1-9])$")


class CsvError(ValueError):
    """Why a CSV cannot be read; the caller names the file."""


def _header_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9%]+", " ", header.replace("’", "'").casefold()).strip()
    return re.sub(r"\s*%$", " percentage", key).strip()


def _statement_column(header: str) -> QualityStatement | None:
    key = _header_key(header)
    key = re.sub(r"\s*(?:score|1 4|out of 4)$", "", key).strip()
    if number := _STATEMENT_NUMBER.match(key.replace("_", " ")):
        return QUALITY_STATEMENTS[int(number["n"]) - 1]
    for statement in QUALITY_STATEMENTS:
        if key.replace(" ", "_") == statement.id:
            return statement
    return match_statement(header)


def _columns(header: list[str]) -> tuple[dict[str, int], dict[str, tuple[int, QualityStatement]]]:
    fields: dict[str, int] = {}
    statements: dict[str, tuple[int, QualityStatement]] = {}
    for index, raw in enumerate(header):
        key = _header_key(raw)
        if not key:
            continue
        if (name := _FIELD_BY_HEADER.get(key)) is not None:
            if name in fields:
                raise CsvError(f"columns {header[fields[name]]!r} and {raw!r} both hold {name}")
            fields[name] = index
            continue
        if (statement := _statement_column(raw)) is not None:
            if statement.id in statements:
                first = header[statements[statement.id][0]]
                raise CsvError(f"columns {first!r} and {raw!r} both name {statement.name}")
            statements[statement.id] = (index, statement)
    if "council" not in fields and "ons_code" not in fields:
        raise CsvError("no council column (council, local authority or ons_code) in the header")
    if "published" not in fields:
        raise CsvError("no published column (published, date published or publication date) in the header")
    return fields, statements


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(data: bytes, councils: CouncilTable) -> list[CqcResult]:
    """One result per data row; CsvError names the row (1 is the header) and the reason."""
    text = _decode(data)
    if "\x00" in text[:65536]:
        raise CsvError("binary data, not a CSV")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise CsvError(f"not a readable CSV ({error})") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise CsvError("no header row")
    fields, statements = _columns(rows[0])
    results: list[CqcResult] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        try:
            result = _row(row, number, fields, statements, councils)
        except ValueError as error:
            raise CsvError(f"row {number}: {error}") from None
        key = (result.council.id, str(result.published))
        if key in seen:
            raise CsvError(
                f"row {number}: {result.council.name} published {result.published} is also on row {seen[key]}"
            )
        seen[key] = number
        results.append(result)
    if not results:
        raise CsvError("a header but no rows")
    return results


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _row(
    row: list[str],
    number: int,
    fields: dict[str, int],
    statements: dict[str, tuple[int, QualityStatement]],
    councils: CouncilTable,
) -> CqcResult:
    name, code = _cell(row, fields.get("council")), _cell(row, fields.get("ons_code"))
    council = _council(name, code, councils)
    published = _cell(row, fields.get("published"))
    if not published:
        raise ValueError("no published date")
    rating, score = _cell(row, fields.get("rating")), _cell(row, fields.get("score"))
    scores = [
        StatementScore(
            quality_statement=statement.id,
            score=parse_statement_score(value, statement.name),
            as_printed=statement.name,
        )
        for index, statement in statements.values()
        if (value := _cell(row, index))
    ]
    return CqcResult(
        shape=Shape.CSV,
        council=council,
        published=parse_date(published),
        rating=parse_rating(rating) if rating else None,
        score=parse_overall_score(score) if score else None,
        statement_scores=sorted(scores, key=lambda s: QUALITY_STATEMENTS_BY_ID[s.quality_statement].number),
        row=number,
    )


def _council(name: str, code: str, councils: CouncilTable) -> CouncilRef:
    if not name and not code:
        raise ValueError("no council")
    by_code = councils.by_id(code.upper()) if code else None
    if code and by_code is None:
        raise ValueError(f"ons_code {code!r} is not a council in the reference table")
    match = councils.identify(name) if name else None
    if name and match is None:
        raise ValueError(f"council {name!r} is not in the reference table")
    if by_code is not None and match is not None and match.council.id != by_code.id:
        raise ValueError(f"council {name!r} is not the council with ons_code {by_code.id} ({by_code.name})")
    council = by_code or match.council  # type: ignore[union-attr]
    return CouncilRef(
        id=council.id,
        name=council.name,
        short_name=council.short_name,
        type=council.type,
        region=council.region,
        as_printed=name or council.name,
    )
