"""Front matter in the shapes real reports use, on openings written here (the people are made up;
the councils are real ones from the reference table): dates with a colon, a dash or nothing,
ranges and on-site days; numbered headings and paragraphs; banners before the title; team lists as
bullets, numbered lists, paragraphs, tables (HTML, Word, tabs, pipes) and sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document as new_word_document

from importers.formats import read_document
from importers.front_matter import FrontMatter, read_front_matter
from importers.model import PeerTeamMember
from importers.peer_team import parse_member_line

MAX_BYTES = 10 * 1024 * 1024
ASKED = "asked the Local Government Association to undertake an Adult Social Care peer challenge."


def front(tmp_path: Path, name: str, content: str | bytes) -> FrontMatter:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return read_front_matter(read_document(path, MAX_BYTES))


def people(members: list[PeerTeamMember]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(m.name, m.team_role, m.job_title, m.organisation) for m in members]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "month"),
    [
        ("Final report: August 2023", "2023-08"),
        ("Final report - October 2023", "2023-10"),
        ("Date of report – March 2024", "2024-03"),
        ("Feedback report: 6 - 8 June 2023", "2023-06"),
        ("Feedback report 28 November – 1 December 2023", "2023-12"),
        ("Report date: 14/03/2024", "2024-03"),
        ("Published 5th Sept 2024", "2024-09"),
        ("July 2023", "2023-07"),
        ("Tuesday 19th to Friday 22nd September 2023", "2023-09"),
    ],
)
def test_the_dated_line_under_the_title(tmp_path: Path, line: str, month: str) -> None:
    opening = (
        "Norfolk County Council\n\nOFFICIAL\n\nAdult social care preparation for assurance peer challenge\n\n"
        f"{line}\n\n"
        f"Norfolk County Council {ASKED} The peer team read documents and met people over three days.\n"
    )
    result = front(tmp_path, "dated.txt", opening)
    assert result.report_month == month
    assert result.council is not None and result.council.name == "Norfolk County Council"


def test_a_title_ending_in_its_month(tmp_path: Path) -> None:
    opening = f"Leeds City Council peer challenge report, March 2024\n\nLeeds City Council {ASKED}\n"
    assert front(tmp_path, "titled.txt", opening).report_month == "2024-03"


def test_only_on_site_days_give_the_last_days_month(tmp_path: Path) -> None:
    """No dated line: the team presents its feedback on its last day on site, so that month is the
    report's, even across a month's end."""
    opening = (
        "Adult social care peer challenge\n\nBackground\n\n"
        f"Leeds City Council {ASKED} The peer team spoke with staff, partners and people who use services.\n\n"
        "The team was on site from 30 May to 1 June 2023, after a case file audit in May.\n"
    )
    result = front(tmp_path, "onsite.txt", opening)
    assert (result.onsite_start, result.onsite_end) == (date(2023, 5, 30), date(2023, 6, 1))
    assert result.report_month == "2023-06"


def test_a_yearless_range_takes_the_year_of_the_report_before_it(tmp_path: Path) -> None:
    opening = (
        "Peer challenge report\n\nFinal report: January 2024\n\n"
        f"Leeds City Council {ASKED} The peer team met councillors, staff and partners in the city.\n\n"
        "The team were in Leeds for three days between 28 – 30 November.\n"
    )
    result = front(tmp_path, "yearless.txt", opening)
    assert (result.onsite_start, result.onsite_end) == (date(2023, 11, 28), date(2023, 11, 30))
    assert result.report_month == "2024-01"
    same_year = opening.replace("January 2024", "December 2023")
    assert front(tmp_path, "same-year.txt", same_year).onsite_start == date(2023, 11, 28)
    undated = opening.replace("Final report: January 2024\n\n", "")
    assert front(tmp_path, "undated.txt", undated).onsite_start is None


def test_the_day_feedback_was_presented(tmp_path: Path) -> None:
    opening = (
        "Peer challenge report\n\nBackground\n\n"
        f"Leeds City Council {ASKED} The peer team met councillors, staff and partners over the visit.\n\n"
        "The findings in this report are based on the presentation delivered to the council on 9 October 2024.\n"
    )
    assert front(tmp_path, "feedback.txt", opening).report_month == "2024-10"


def test_dates_of_other_events_are_not_the_reports(tmp_path: Path) -> None:
    """Background with dates of inspections and appointments, no report date: the month is unknown."""
    opening = (
        "Preparation for Assurance: Peer Challenge Report, Leeds City Council\n\n"
        f"Leeds City Council {ASKED} The peer team used their experience of local government and care.\n\n"
        "On 10th June 2021 the Secretary of State appointed commissioners, after an inspection report "
        "published on 24th March 2021. The commissioners are due to be in place until 9th June 2024.\n"
    )
    result = front(tmp_path, "context.txt", opening)
    assert result.report_month is None
    assert (result.onsite_start, result.onsite_end) == (None, None)


def test_no_date_and_no_team_say_so(tmp_path: Path) -> None:
    opening = (
        "Background\n\n"
        f"Leeds City Council {ASKED} The team were then onsite for three days holding interviews and groups.\n"
    )
    result = front(tmp_path, "none.txt", opening)
    assert (result.report_month, result.peer_team) == (None, [])


# --- team lists ---------------------------------------------------------------------------------


def test_numbered_heading_and_numbered_list(tmp_path: Path) -> None:
    opening = (
        "Peer challenge report\n\nDate of report – March 2024\n\n1. Executive summary\n\n"
        f"1.1 Norfolk County Council {ASKED}\n\n2.1 The peer team\n\n"
        "1. Dr Sam Patel OBE (Lead Peer), Director of Adult Social Services, Leeds City Council\n"
        "2. Councillor Jane Doe, Liberal Democrat, Kent County Council\n"
        "3. Alex Morgan – Principal Social Worker, Surrey County Council\n\n"
        "2.2 What the team did\n\nThe team read documents.\n"
    )
    result = front(tmp_path, "numbered.txt", opening)
    assert people(result.peer_team) == [
        ("Sam Patel", "Lead Peer", "Director of Adult Social Services", "Leeds City Council"),
        ("Jane Doe", "Member Peer", "Liberal Democrat", "Kent County Council"),
        ("Alex Morgan", "Officer Peer", "Principal Social Worker", "Surrey County Council"),
    ]
    assert result.council is not None and result.council.name == "Norfolk County Council"


def test_one_paragraph_per_member_with_the_role_first(tmp_path: Path) -> None:
    opening = (
        f"Background\n\nNorfolk County Council {ASKED}\n\nThe members of the peer challenge team were:\n\n"
        "Lead peer: Sam Patel, Director of Adult Social Services, Leeds City Council\n\n"
        "Member peer: Cllr Jane Doe, Kent County Council\n\n"
        "The team were in Norfolk for three days.\n"
    )
    assert people(front(tmp_path, "paragraphs.txt", opening).peer_team) == [
        ("Sam Patel", "Lead peer", "Director of Adult Social Services", "Leeds City Council"),
        ("Jane Doe", "Member peer", None, "Kent County Council"),
    ]


def test_a_sentence_naming_the_team(tmp_path: Path) -> None:
    opening = (
        f"Background\n\nNorfolk County Council {ASKED} The peer team were: Sam Patel (Lead Peer), "
        "Cllr Jane Doe (Member Peer), Alex Morgan, Head of Commissioning, Surrey County Council and "
        "Robin Lee (LGA Peer Challenge Manager). They spent three days in Norfolk.\n"
    )
    assert people(front(tmp_path, "sentence.txt", opening).peer_team) == [
        ("Sam Patel", "Lead Peer", None, None),
        ("Jane Doe", "Member Peer", None, None),
        ("Alex Morgan", "Officer Peer", "Head of Commissioning", "Surrey County Council"),
        ("Robin Lee", "LGA Peer Challenge Manager", None, None),
    ]


def test_a_text_table_with_tabs_and_one_with_pipes(tmp_path: Path) -> None:
    tabs = (
        f"Background\n\nNorfolk County Council {ASKED}\n\nThe peer team:\n\n"
        "Name\tRole\tOrganisation\nSam Patel\tLead Peer\tLeeds City Council\n"
        "Jane Doe\tMember Peer\tKent County Council\n\nThe team read documents.\n"
    )
    pipes = tabs.replace("\t", " | ").replace("The peer team:", "Peer team members")
    expected = [
        ("Sam Patel", "Lead Peer", None, "Leeds City Council"),
        ("Jane Doe", "Member Peer", None, "Kent County Council"),
    ]
    assert people(front(tmp_path, "tabs.txt", tabs).peer_team) == expected
    assert people(front(tmp_path, "pipes.md", pipes).peer_team) == expected


def test_an_html_table_after_a_banner_and_logo(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><body><main><p><img alt='Local Government Association logo'>"
        "Local Government Association</p><p>OFFICIAL</p>"
        "<h1>Adult social care peer challenge: Somerset Council</h1><p>Final report: 3 June 2024</p>"
        f"<h2>1. Background</h2><p>Somerset Council {ASKED}</p><h2>2.1 The peer team</h2>"
        "<table><tr><th>Name</th><th>Job title</th><th>Organisation</th><th>Role</th></tr>"
        "<tr><td>Dr Sam Patel</td><td>Director of Adult Social Care</td><td>Leeds City Council</td>"
        "<td>Lead Peer</td></tr>"
        "<tr><td>Cllr Jane Doe MBE</td><td>Cabinet Member for Adults</td><td>Kent County Council</td>"
        "<td>Member Peer</td></tr></table>"
        "<p>The team was on site from 21 to 23 May 2024.</p></main></body></html>"
    )
    result = front(tmp_path, "report.html", page)
    assert people(result.peer_team) == [
        ("Sam Patel", "Lead Peer", "Director of Adult Social Care", "Leeds City Council"),
        ("Jane Doe", "Member Peer", "Cabinet Member for Adults", "Kent County Council"),
    ]
    assert result.council is not None and result.council.name == "Somerset Council"
    assert result.report_month == "2024-06"
    assert (result.onsite_start, result.onsite_end) == (date(2024, 5, 21), date(2024, 5, 23))


def test_a_word_table_without_a_header_role_first(tmp_path: Path) -> None:
    word = new_word_document()
    word.add_paragraph("Adult social care peer challenge", style="Title")
    word.add_paragraph("Report – July 2023")
    word.add_paragraph(f"Cornwall Council {ASKED}")
    word.add_paragraph("The peer team was made up of:")
    table = word.add_table(rows=2, cols=3)
    rows = [
        ("Lead Peer", "Sam Patel", "Director of Adult Social Services, Leeds City Council"),
        ("Member Peer", "Councillor Jane Doe", "Kent County Council"),
    ]
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    word.add_paragraph("The team read documents.")
    path = tmp_path / "report.docx"
    word.save(str(path))
    result = read_front_matter(read_document(path, MAX_BYTES))
    assert people(result.peer_team) == [
        ("Sam Patel", "Lead Peer", "Director of Adult Social Services", "Leeds City Council"),
        ("Jane Doe", "Member Peer", None, "Kent County Council"),
    ]
    assert result.report_month == "2023-07"
    assert result.council is not None and result.council.name == "Cornwall Council"


def test_councils_in_the_team_list_do_not_outvote_the_reviewed_one(tmp_path: Path) -> None:
    """Team members' councils, named in paragraphs the old line rules did not recognise, are not
    evidence for the council under review."""
    team = "".join(f"Officer peer: Person{'ABCDE'[n]} Smith, Kent County Council\n\n" for n in range(5))
    opening = (
        "Adult social care peer challenge\n\nFinal report: May 2024\n\n"
        f"The London Borough of Bexley {ASKED}\n\nThe members of the peer challenge team were:\n\n{team}"
        "The team were onsite for three days.\n"
    )
    result = front(tmp_path, "outvoted.txt", opening)
    assert len(result.peer_team) == 5
    assert result.council is not None and result.council.name == "London Borough of Bexley"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jo Bloggs – Lead Peer", [("Jo Bloggs", "Lead Peer", None, None)]),
        ("Jo Bloggs (Member Peer)", [("Jo Bloggs", "Member Peer", None, None)]),
        (
            "Professor Ann O'Neill-Smith PhD, Chair, Norfolk Safeguarding Adults Board",
            [("Ann O'Neill-Smith", "Officer Peer", "Chair", "Norfolk Safeguarding Adults Board")],
        ),
        (
            "Sarah Head, Director of Adult Social Services, Norfolk County Council (Lead Peer)",
            [("Sarah Head", "Lead Peer", "Director of Adult Social Services", "Norfolk County Council")],
        ),
        (
            "Robin Lee, Lead Peer (Leeds City Council)",
            [("Robin Lee", "Lead Peer", None, "Leeds City Council")],
        ),
        (
            "Sam Patel Director of Adults and Health Bournemouth, Christchurch and Poole Council, Lead Peer",
            [
                (
                    "Sam Patel",
                    "Lead Peer",
                    "Director of Adults and Health",
                    "Bournemouth, Christchurch and Poole Council",
                )
            ],
        ),
        ("The team were in Leeds for three days.", []),
        ("Key messages", []),
    ],
)
def test_entry_shapes(line: str, expected: list[tuple[str, str | None, str | None, str | None]]) -> None:
    assert people(parse_member_line(line)) == expected


@pytest.mark.parametrize(
    "intro",
    [
        "The team members were:",
        "The peer challenge team comprised the following peers:",
        "Members of the peer challenge team:",
        "The LGA peer team was as follows.",
        "3.4 Peer team members",
    ],
)
def test_ways_of_introducing_the_list(tmp_path: Path, intro: str) -> None:
    opening = (
        f"Background\n\nNorfolk County Council {ASKED}\n\n{intro}\n\n"
        "- Jo Bloggs, Director of Adult Social Services, Kent County Council\n"
        "- Cllr Sam Smith (Member Peer)\n\nThe team read documents.\n"
    )
    assert [m.name for m in front(tmp_path, "intro.txt", opening).peer_team] == ["Jo Bloggs", "Sam Smith"]
