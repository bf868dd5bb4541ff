"""CQC readers: the real openings in ../shared/corpus/cqc, whole pages in the same structures, CSVs, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from importers.councils import load_councils
from importers.cqc import Rating, Shape, read_cqc_file
from importers.cqc.statements import match_statement
from peergraph.core.errors import InputFileError
from peergraph.examples import EXAMPLE_COUNCILS
from tests.fixtures import (
    CORPUS,
    PAGE_NAMES,
    PRESS_NAMES,
    PROJECT,
    Assessment,
    press_release_text,
    results_csv,
    statement_page_text,
    summary_html,
    summary_text,
)

MAX_BYTES = 50 * 1024 * 1024
ORDER = list(PAGE_NAMES)


def scores(*values: int) -> dict[str, int]:
    return dict(zip(ORDER, values, strict=True))


def read(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_cqc_file(path, MAX_BYTES)


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is missing")
    return CORPUS


# --- the real openings ------------------------------------------------------------------------


def test_hertfordshire_summary_reads_back_exactly(corpus: Path) -> None:
    # The opening runs past the ninth score into "Summary of people's experiences": it holds
    # the rating, the score out of 100 and all nine statement scores.
    cqc = read_cqc_file(corpus / "cqc-hertfordshire-assessment.txt", MAX_BYTES)
    (result,) = cqc.results
    assert (cqc.shape, result.council.id, result.council.name) == (
        Shape.SUMMARY,
        "E10000015",
        "Hertfordshire County Council",
    )
    assert (result.published, result.page_updated) == (date(2024, 5, 17), date(2024, 5, 17))
    assert (result.rating, result.score) == (Rating.GOOD, 78)
    assert [result.scores[q] for q in ORDER] == [3, 3, 3, 3, 4, 3, 3, 3, 3]
    assert result.scores["qs6_safe_systems"] == 3  # printed as "Safe pathways, systems and transitions"
    assert result.key_findings == []


def test_kirklees_press_release_reads_back_exactly(corpus: Path) -> None:
    # The opening holds the title, the date and all nine scores; a press release prints no score
    # out of 100, so there is none to read.
    cqc = read_cqc_file(corpus / "cqc-kirklees-press-release.txt", MAX_BYTES)
    (result,) = cqc.results
    assert (cqc.shape, result.council.name, result.published) == (
        Shape.PRESS_RELEASE,
        "Kirklees Council",
        date(2025, 11, 21),
    )
    assert (result.rating, result.score) == (Rating.REQUIRES_IMPROVEMENT, None)
    assert [result.scores[q] for q in ORDER] == [2, 2, 2, 2, 3, 2, 3, 2, 3]


def test_east_riding_quality_statement_page_reads_its_score_and_key_findings(corpus: Path) -> None:
    # The opening holds one statement's score and the first three paragraphs of its key findings,
    # the third cut mid-word by the capture; the page prints no date, rating or overall score.
    cqc = read_cqc_file(corpus / "cqc-east-riding-quality-statement-assessing-needs.txt", MAX_BYTES)
    (result,) = cqc.results
    assert (cqc.shape, result.council.name) == (Shape.QUALITY_STATEMENT, "East Riding of Yorkshire Council")
    assert (result.published, result.rating, result.score) == (None, None, None)
    assert result.scores == {"qs1_assessing_needs": 1}
    assert len(result.key_findings) == 3
    assert result.text is not None
    for finding in result.key_findings:
        start, end = finding.span
        assert result.text[start:end] == finding.text
        assert finding.quality_statement == "qs1_assessing_needs"
    assert result.key_findings[0].text.startswith("When people received an assessment, care plan or review")
    assert "Information and Advice Hub" in result.key_findings[1].text


# --- quality statement names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Safe pathways, systems and transitions", "qs6_safe_systems"),
        ("Safe systems, pathways and transitions", "qs6_safe_systems"),
        ("Equity in experience and outcomes", "qs3_equity"),
        ("Equity in experiences and outcomes", "qs3_equity"),
        ("Supporting people to live healthier lives", "qs2_healthier_lives"),
        ("supporting people to lead healthier lives", "qs2_healthier_lives"),
        ("assessing people’s needs", "qs1_assessing_needs"),
        ("Care provision, integration and continuity of care", "qs4_care_provision"),
        ("partnership and communities", "qs5_partnerships"),
        ("Partnerships and communities", "qs5_partnerships"),
        ("Quality statement 7: Safeguarding", "qs7_safeguarding"),
        ("Quality statement one: Assessing needs", "qs1_assessing_needs"),
        ("QS8 Governance, management and sustainability", "qs8_governance"),
        ("9. learning, improvement and innovation", "qs9_learning"),
        ("Theme 3: Ensuring safety - Safeguarding", "qs7_safeguarding"),
        ("Working with people: Assessing needs", "qs1_assessing_needs"),
        (
            "Safe systems, pathways and transitions: We work with people and our partners to establish and "
            "maintain safe systems of care, in which safety is managed, monitored and assured. We ensure "
            "continuity of care, including when people move between different services.",
            "qs6_safe_systems",
        ),
        (
            "Assessing needs We maximise the effectiveness of people’s care and treatment by assessing and "
            "reviewing their health, care, wellbeing and communication needs with them.",
            "qs1_assessing_needs",
        ),
        ("Theme 2: Providing support", None),
        ("Summary of people's experiences", None),
        ("Key findings for this quality statement", None),
        ("Safe", None),
        ("Hertfordshire County Council", None),
    ],
)
def test_statement_names_match_the_reference_nine(label: str, expected: str | None) -> None:
    found = match_statement(label)
    assert (found.id if found else None) == expected


# --- whole pages written in the same structures -----------------------------------------------

TORBAY = Assessment(
    "Torbay Council",
    published="3 October 2024",
    rating="Requires improvement",
    score=58,
    scores=scores(2, 2, 2, 2, 3, 2, 3, 2, 3),
    findings={
        "qs1_assessing_needs": [
            (None, ["People waited a long time for an assessment of their needs."]),
            (
                "Timeliness of assessments",
                ["Waiting lists had fallen since 2023.", "Carers were assessed in their own right."],
            ),
        ],
        "qs7_safeguarding": [("Section 42 enquiries", ["Enquiries were not always completed in good time."])],
    },
)


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("summary.txt", lambda a: summary_text(a)),
        ("summary.html", lambda a: summary_html(a)),
        ("whole-report.txt", lambda a: summary_text(a, with_sections=True)),
        ("whole-report.html", lambda a: summary_html(a, with_sections=True)),
    ],
)
def test_a_whole_summary_page_reads_every_value(tmp_path: Path, name: str, write) -> None:  # type: ignore[no-untyped-def]
    (result,) = read(tmp_path, name, write(TORBAY)).results
    assert (result.shape, result.council.id, result.published) == (
        Shape.SUMMARY,
        "E06000027",
        date(2024, 10, 3),
    )
    assert (result.rating, result.score) == (Rating.REQUIRES_IMPROVEMENT, 58)
    assert [result.scores[q] for q in ORDER] == [2, 2, 2, 2, 3, 2, 3, 2, 3]
    if name.startswith("whole"):
        found = [(k.quality_statement, k.heading, k.text) for k in result.key_findings]
        assert found == [
            ("qs1_assessing_needs", None, "People waited a long time for an assessment of their needs."),
            ("qs1_assessing_needs", "Timeliness of assessments", "Waiting lists had fallen since 2023."),
            ("qs1_assessing_needs", "Timeliness of assessments", "Carers were assessed in their own right."),
            ("qs7_safeguarding", "Section 42 enquiries", "Enquiries were not always completed in good time."),
        ]
        assert all(result.text and result.text[k.span[0] : k.span[1]] == k.text for k in result.key_findings)
    else:
        assert result.key_findings == []


def test_a_whole_press_release_reads_every_score(tmp_path: Path) -> None:
    (result,) = read(tmp_path, "press.txt", press_release_text(TORBAY)).results
    assert (result.shape, result.council.name, result.rating, result.score) == (
        Shape.PRESS_RELEASE,
        "Torbay Council",
        Rating.REQUIRES_IMPROVEMENT,
        None,
    )
    assert [result.scores[q] for q in ORDER] == [2, 2, 2, 2, 3, 2, 3, 2, 3]
    assert result.statement_scores[0].as_printed == PRESS_NAMES["qs1_assessing_needs"]


def test_a_theme_page_of_several_statements_keeps_each_ones_key_findings(tmp_path: Path) -> None:
    page = statement_page_text(TORBAY, ["qs1_assessing_needs", "qs2_healthier_lives", "qs7_safeguarding"])
    (result,) = read(tmp_path, "theme.txt", page).results
    assert result.shape is Shape.QUALITY_STATEMENT
    assert result.scores == {"qs1_assessing_needs": 2, "qs2_healthier_lives": 2, "qs7_safeguarding": 3}
    by_statement = {k.quality_statement for k in result.key_findings}
    assert by_statement == {"qs1_assessing_needs", "qs7_safeguarding"}
    assert [k.text for k in result.key_findings if k.quality_statement == "qs7_safeguarding"] == [
        "Enquiries were not always completed in good time."
    ]


def test_other_names_of_the_statements_read_the_same(tmp_path: Path) -> None:
    names = {
        **PAGE_NAMES,
        "qs6_safe_systems": "Safe systems, pathways and transitions",
        "qs3_equity": "Equity in experiences and outcomes",
        "qs2_healthier_lives": "Supporting people to live healthier lives",
    }
    page = Assessment("Torbay Council", scores=scores(1, 2, 3, 4, 1, 2, 3, 4, 1), names=names)
    (result,) = read(tmp_path, "summary.txt", summary_text(page)).results
    assert [result.scores[q] for q in ORDER] == [1, 2, 3, 4, 1, 2, 3, 4, 1]


# --- CSV --------------------------------------------------------------------------------------


def test_a_csv_gives_one_result_per_row_with_header_variants(tmp_path: Path) -> None:
    header = ["Local authority", "ONS code", "Date published", "Overall rating", "Score (%)"]
    header += ["QS1", "Supporting people to live healthier lives", "qs3_equity"]
    header += ["Care provision, integration and continuity score", "Partnerships and communities"]
    header += ["Safe pathways, systems and transitions", "Safeguarding (1-4)", "QS 8", "Quality statement 9"]
    rows = [
        ["Torbay Council", "", "2024-10-03", "Requires improvement", "58%", 2, 2, 2, 2, 3, 2, 3, 2, 3],
        ["", "E10000015", "17/05/2024", "good", "78", 3, 3, 3, 3, 4, 3, 3, 3, 3],
        ["Kirklees Council", "E08000034", "21 November 2025", "", "", 2, "", 2, 2, 3, 2, 3, 2, 3],
    ]
    cqc = read(tmp_path, "results.csv", results_csv(header, rows))
    assert cqc.shape is Shape.CSV
    torbay, herts, kirklees = cqc.results
    assert (torbay.council.id, torbay.published, torbay.rating, torbay.score, torbay.row) == (
        "E06000027",
        date(2024, 10, 3),
        Rating.REQUIRES_IMPROVEMENT,
        58,
        2,
    )
    assert [torbay.scores[q] for q in ORDER] == [2, 2, 2, 2, 3, 2, 3, 2, 3]
    assert (herts.council.name, herts.published, herts.rating, herts.score) == (
        "Hertfordshire County Council",
        date(2024, 5, 17),
        Rating.GOOD,
        78,
    )
    assert [herts.scores[q] for q in ORDER] == [3, 3, 3, 3, 4, 3, 3, 3, 3]
    assert (kirklees.rating, kirklees.score, "qs2_healthier_lives" in kirklees.scores) == (None, None, False)
    assert len(kirklees.scores) == 8


def test_the_csv_columns_are_documented_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for column in ("council", "ons_code", "published", "rating", "score", "qs1"):
        assert f"`{column}`" in readme


# --- bad input ---------------------------------------------------------------------------------

GOOD_CSV_HEADER = ["council", "published", "rating", "score", *ORDER]


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("notes.txt", "Shopping list\n\nEggs, milk and bread.\n", "not a CQC local authority assessment"),
        (
            "summary.txt",
            summary_text(Assessment("Narnia Council")),
            "no council in the reference table is named (title: 'Narnia Council')",
        ),
        (
            "summary.txt",
            summary_text(Assessment("Torbay Council", rating="Excellent")),
            "rating 'Excellent' is not one of",
        ),
        (
            "summary.txt",
            summary_text(
                Assessment(
                    "Torbay Council", scores={**scores(3, 3, 3, 3, 3, 3, 3, 3, 3), "qs7_safeguarding": 5}
                )
            ),
            "Safeguarding: score 5 is out of range (quality statement scores are 1-4)",
        ),
        ("summary.txt", summary_text(Assessment("Torbay Council", score=120)), "score 120 is out of range"),
        (
            "summary.txt",
            summary_text(
                Assessment(
                    "Torbay Council",
                    names={**PAGE_NAMES, "qs2_healthier_lives": "Safe systems, pathways and transitions"},
                )
            ),
            "Safe systems, pathways and transitions is named twice in the quality statement scores",
        ),
        (
            "press.txt",
            press_release_text(Assessment("Torbay Council", rating="Very good")),
            "rating 'very good' is not one of Outstanding, Good, Requires improvement, Inadequate",
        ),
        (
            "theme.txt",
            statement_page_text(Assessment("Torbay Council"), ["qs1_assessing_needs", "qs1_assessing_needs"]),
            "Assessing needs is named twice as a quality statement section",
        ),
        (
            "summary.txt",
            summary_text(Assessment("Torbay Council", published="31 Smarch 2024")),
            "date '31 Smarch 2024' is not a date",
        ),
        ("results.csv", results_csv(["name", "rating"], [["Torbay Council", "Good"]]), "no published column"),
        ("results.csv", results_csv(["published", "rating"], [["2024-01-01", "Good"]]), "no council column"),
        (
            "results.csv",
            results_csv(
                GOOD_CSV_HEADER, [["Torbay Council", "2024-10-03", "Good", 70, 3, 3, 3, 3, 3, 3, 3, 3, 9]]
            ),
            "row 2: Learning, improvement and innovation: score 9 is out of range",
        ),
        (
            "results.csv",
            results_csv(GOOD_CSV_HEADER, [["Torbay Council", "2024-10-03", "Superb", 70, *[3] * 9]]),
            "row 2: rating 'Superb' is not one of",
        ),
        (
            "results.csv",
            results_csv(GOOD_CSV_HEADER, [["Torbay Council", "2024-10-03", "Good", 101, *[3] * 9]]),
            "row 2: score 101 is out of range",
        ),
        (
            "results.csv",
            results_csv(GOOD_CSV_HEADER, [["", "2024-10-03", "Good", 70, *[3] * 9]]),
            "row 2: no council",
        ),
        (
            "results.csv",
            results_csv(GOOD_CSV_HEADER, [["Atlantis Council", "2024-10-03", "Good", 70, *[3] * 9]]),
            "row 2: council 'Atlantis Council' is not in the reference table",
        ),
        (
            "results.csv",
            results_csv(
                GOOD_CSV_HEADER,
                [
                    ["Torbay Council", "2024-10-03", "Good", 70, *[3] * 9],
                    ["Torbay", "3 October 2024", "Good", 70, *[3] * 9],
                ],
            ),
            "row 3: Torbay Council published 2024-10-03 is also on row 2",
        ),
        (
            "results.csv",
            results_csv(
                [*GOOD_CSV_HEADER, "Safe systems, pathways and transitions"],
                [["Torbay Council", "2024-10-03"]],
            ),
            "columns 'qs6_safe_systems' and 'Safe systems, pathways and transitions' both name Safe systems",
        ),
        ("results.xlsx", "not really a workbook", "unsupported file type '.xlsx'"),
    ],
)
def test_bad_input_gets_one_line_naming_the_file_and_reason(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        read(tmp_path, name, text)
    message = str(caught.value)
    assert message.startswith(f"{name}: "), message
    assert reason in message, message
    assert "\n" not in message


def test_an_empty_file_and_a_band_that_contradicts_its_score_are_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    with pytest.raises(InputFileError, match=r"empty\.html: the file is empty"):
        read_cqc_file(tmp_path / "empty.html", MAX_BYTES)
    page = statement_page_text(Assessment("Torbay Council"), ["qs7_safeguarding"]).replace(
        "3 - Evidence shows a good standard", "2 - Evidence shows some shortfalls"
    )
    with pytest.raises(InputFileError, match="Safeguarding: 'Score: 3' but its band line says 2"):
        read(tmp_path, "qs.txt", page)


def test_fictional_councils_read_with_their_own_table(tmp_path: Path) -> None:
    table = load_councils([EXAMPLE_COUNCILS])
    path = tmp_path / "westmoor.txt"
    path.write_text(summary_text(Assessment("Westmoor County Council")), encoding="utf-8")
    (result,) = read_cqc_file(path, MAX_BYTES, table).results
    assert result.council.id == "X99000002"


def test_a_title_naming_an_unknown_council_is_refused_even_when_the_text_names_a_known_one(
    tmp_path: Path,
) -> None:
    page = summary_text(Assessment("Narnia Council")).replace(
        "Leaders knew", "Like neighbouring Devon County Council, leaders knew"
    )
    with pytest.raises(InputFileError, match="no council in the reference table is named"):
        read(tmp_path, "summary.txt", page)


def test_scores_copied_into_a_table_read_the_same(tmp_path: Path) -> None:
    """A council's own page repeating the press release, with the scores in a table."""
    cells = "".join(
        f"<tr><td>{PRESS_NAMES[q]}</td><td>{score}</td></tr>"
        for q, score in scores(2, 2, 2, 2, 3, 2, 3, 2, 3).items()
    )
    page = (
        "<!DOCTYPE html><html><body><main><h1>CQC rates Torbay Council’s adult social care provision as good</h1>"
        "<p>Published: 3 October 2024</p><p>The Care Quality Commission has rated Torbay Council as good, "
        f"in how well it meets its duties.</p><table><tr><th>Area</th><th>Score</th></tr>{cells}</table>"
        "</main></body></html>"
    )
    (result,) = read(tmp_path, "news.html", page).results
    assert (result.shape, result.rating) == (Shape.PRESS_RELEASE, Rating.GOOD)
    assert [result.scores[q] for q in ORDER] == [2, 2, 2, 2, 3, 2, 3, 2, 3]
    summary = summary_html(TORBAY).replace(
        '<p class="qs-score__value">Score: ', '<p class="qs-score__value">'
    )
    (result,) = read(tmp_path, "summary.html", summary).results
    assert [result.scores[q] for q in ORDER] == [2, 2, 2, 2, 3, 2, 3, 2, 3]
