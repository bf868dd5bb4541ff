"""The council reference table, and picking the council a report is about."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from importers.councils import (
    COUNCIL_TYPES,
    DATA_FILE,
    REGION_CODES,
    REGIONS,
    Council,
    CouncilTable,
    councils_for,
    find_council_in_text,
    load_councils,
)
from peergraph.core.errors import InputFileError
from peergraph.examples import EXAMPLES

HEADER = "id,name,short_name,type,region,aliases\n"


@pytest.fixture(scope="module")
def table() -> CouncilTable:
    return load_councils()


def _key(form: str) -> str:
    return " ".join(form.replace("&", " and ").replace(".", " ").casefold().split())


# --- the table ---------------------------------------------------------------------------------


def test_table_has_every_upper_tier_council_once(table: CouncilTable) -> None:
    ids = [council.id for council in table]
    assert len(table) == 153
    assert len(set(ids)) == 153
    assert all(re.fullmatch(r"E(06|08|09|10)\d{6}", council_id) for council_id in ids)
    assert len({council.name for council in table}) == 153


def test_regions_are_the_nine_and_none_is_empty(table: CouncilTable) -> None:
    assert table.regions() == REGIONS
    assert len(REGIONS) == 9
    assert {council.region for council in table} == set(REGIONS)
    assert all(table.in_region(region) for region in REGIONS)
    assert REGION_CODES["North East"] == "E12000001"
    assert REGION_CODES["London"] == "E12000007"
    assert REGION_CODES["South West"] == "E12000009"


def test_type_split(table: CouncilTable) -> None:
    counts = Counter(council.type for council in table)
    assert counts == {"county": 21, "unitary": 63, "metropolitan_district": 36, "london_borough": 33}
    assert set(counts) == set(COUNCIL_TYPES)
    prefix = {"county": "E10", "unitary": "E06", "metropolitan_district": "E08", "london_borough": "E09"}
    assert all(council.id.startswith(prefix[council.type]) for council in table)


def test_no_name_or_alias_names_two_councils(table: CouncilTable) -> None:
    owners: dict[str, set[str]] = {}
    for council in table:
        for form in council.forms:
            owners.setdefault(_key(form), set()).add(council.id)
    shared = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_lookup_by_id(table: CouncilTable) -> None:
    torbay = table.by_id("E06000027")
    assert torbay is not None
    assert (torbay.name, torbay.short_name, torbay.type, torbay.region) == (
        "Torbay Council",
        "Torbay",
        "unitary",
        "South West",
    )
    assert torbay.region_code == "E12000009"
    assert "E06000027" in table
    assert table.by_id("E99999999") is None
    # Barnsley and Sheffield keep the codes in force in 2023 (recoded E08000038/39 later).
    assert table.by_id("E08000016") is not None and table.by_id("E08000019") is not None
    assert table.by_id("E08000038") is None


def test_builtin_table_is_cached() -> None:
    assert load_councils() is load_councils()


# --- identification on the reference reports ---------------------------------------------------

SEEDS = {
    "000": ("Torbay Council", "South West"),
    "001": ("Trafford Council", "North West"),
    "002": ("Somerset Council", "South West"),
    "003": ("Gloucestershire County Council", "South West"),
    "004": ("Redcar and Cleveland Borough Council", "North East"),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_report_council(seeds_dir: Path, seed: str) -> None:
    (path,) = seeds_dir.glob(f"{seed}_*.txt")
    text = path.read_text(encoding="utf-8")
    for part in (text, text[:4000]):
        match = find_council_in_text(part)
        assert match is not None
        assert (match.council.name, match.council.region) == SEEDS[seed]
        assert match.as_printed in match.council.forms


def test_seed_as_printed(seeds_dir: Path) -> None:
    printed = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        match = find_council_in_text(path.read_text(encoding="utf-8"))
        assert match is not None
        printed[path.name[:3]] = match.as_printed
    assert printed["000"] == "Torbay"  # the executive summary names the place before the council
    assert printed["003"] == "Gloucestershire County Council"  # title split over two lines


# --- identification on tricky snippets ----------------------------------------------------------

TEAM = (
    "The members of the peer challenge team were:\n"
    "- Alan Sinclair (Lead Peer), Director of Adults & Health, West Sussex County Council.\n"
    "- Councillor Izzi Seccombe (Member Peer), Leader of Warwickshire County Council.\n"
    "- Leire Agirre, Principal Social Worker, Central Bedfordshire Council.\n"
    "- Sam Poe, Head of Commissioning, West Sussex County Council.\n"
)


@pytest.mark.parametrize(
    ("text", "expected_id", "as_printed"),
    [
        pytest.param(
            "Torbay Council (The Council) requested the Local Government Association (LGA) to undertake "
            "an Adult Social Care Preparation for Assurance Peer Challenge.\n\n" + TEAM,
            "E06000027",
            "Torbay Council",
            id="requested-the-LGA-then-peer-team",
        ),
        pytest.param(
            "North Somerset Council asked the LGA to undertake a peer challenge. North Somerset has an "
            "older population than the South West as a whole.",
            "E06000024",
            "North Somerset Council",
            id="north-somerset-is-not-somerset",
        ),
        pytest.param(
            "Bath and North East Somerset Council asked the Local Government Association in.",
            "E06000022",
            "Bath and North East Somerset Council",
            id="banes-is-not-somerset",
        ),
        pytest.param(
            "Feedback report\n\nGCC asked the LGA to undertake an Adult Social Care peer challenge. "
            "Across Gloucestershire, partners work well together.",
            "E10000013",
            "GCC",
            id="acronym-then-county",
        ),
        pytest.param(
            "Adult social care in Hartlepool\n\n" + TEAM + "\nHartlepool's front door works well, and the "
            "council knows its residents.",
            "E06000001",
            "Hartlepool",
            id="peer-team-councils-do-not-win",
        ),
        pytest.param(
            "Bedford Borough Council invited the Local Government Association to undertake a challenge. "
            "Central Bedfordshire and Central Bedfordshire Council are neighbours.",
            "E06000055",
            "Bedford Borough Council",
            id="bedford-not-central-bedfordshire",
        ),
        pytest.param(
            "The peer challenge in County Durham. Durham County Council asked the LGA to help.",
            "E06000047",
            "County Durham",
            id="county-durham",
        ),
        pytest.param(
            "Somerset County Council asked the LGA to undertake a challenge.",
            "E06000066",
            "Somerset County Council",
            id="predecessor-style-maps-to-successor",
        ),
        pytest.param(
            "The LGA was invited by Redcar & Cleveland Council to undertake the challenge.",
            "E06000003",
            "Redcar & Cleveland Council",
            id="passive-and-ampersand",
        ),
        pytest.param(
            "Trafford works across Greater Manchester; Greater Manchester partners and Trafford "
            "Council staff agree.",
            "E08000009",
            "Trafford",
            id="greater-manchester-is-not-manchester",
        ),
        pytest.param(
            "Improvements across Somerset council services were noted.",
            "E06000066",
            "Somerset council",
            id="lower-case-council",
        ),
    ],
)
def test_identify_snippets(table: CouncilTable, text: str, expected_id: str, as_printed: str) -> None:
    match = table.identify(text)
    assert match is not None
    assert (match.council.id, match.as_printed) == (expected_id, as_printed)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The council asked the LGA to undertake a peer challenge. Staff were positive.", id="none"
        ),
        pytest.param(TEAM, id="only-peer-team-councils"),
        pytest.param("Staff were reading documents in Newcastle-under-Lyme.", id="neighbouring-place"),
        pytest.param("", id="empty"),
    ],
)
def test_identify_nothing(table: CouncilTable, text: str) -> None:
    assert table.identify(text) is None


def test_every_form_of_every_council_identifies_that_council(table: CouncilTable) -> None:
    wrong = []
    for council in table:
        for form in council.forms:
            for text in (
                f"{form} asked the Local Government Association to undertake a peer challenge.\n\n{TEAM}",
                f"Adult social care in {form}\n\nThe team met staff and partners.",
            ):
                match = table.identify(text)
                if match is None or match.council.id != council.id:
                    wrong.append((form, match.council.name if match else None))
    assert wrong == []


def _mentions_form_by_form(table: CouncilTable, text: str) -> list[tuple[int, int, str]]:
    """Mentions as found before the one-pass scan: each form's regex over the whole text."""
    lowered = text.lower()
    found = []
    for form in table._forms:
        if form.key in lowered:
            found.extend((m.start(), m.end(), form) for m in form.pattern.finditer(text))
    found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
    chosen, end = [], 0
    for start, stop, form in found:
        if start >= end:
            chosen.append((start, stop, form.pattern.pattern))
            end = stop
    return chosen


_AWKWARD_MENTIONS = [
    "KENT COUNTY COUNCIL and kent county council, Kent-County-Council, Kent , County Council",
    "\u212aent County Council asked; \u017fomerset council; \u0130slington Council; \u0131slington council",
    "St. Helens, St Helens, ST HELENS, St.Helens, Bath and North East Somerset, Bath & North East Somerset",
    "Greater Manchester and Manchester; West Suffolk, Suffolk; Newcastle-under-Lyme, Newcastle upon Tyne",
    "(Torbay) Torbay's Torbay-based Torbay_x xTorbay Torbay\nCouncil Stockton-on-Tees Stockton on Tees",
    "Kingston upon Hull City Council, Hull City Council, City of York Council, York, Isles of Scilly",
]


def test_one_pass_finds_the_mentions_each_form_would(table: CouncilTable, seeds_dir: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))]
    texts += _AWKWARD_MENTIONS
    texts += [f"{a} {b}." for council in table for a in council.forms[:1] for b in council.forms]
    for text in texts:
        mentions = [(m.start, m.end, m.form.pattern.pattern) for m in table._mentions(text)]
        assert mentions == _mentions_form_by_form(table, text), text[:80]


def test_one_pass_keeps_a_form_from_overlapping_itself() -> None:
    # "Hill Top Hill Top" matches twice, overlapping, in the text; its own regex would find the
    # first only, which "Low Hill" then hides, so no mention of it is left.
    table = CouncilTable(
        [
            Council("E06000901", "Low Hill Council", "Low Hill", "unitary", "North East"),
            Council("E06000902", "Hill Top Council", "Hill Top Hill Top", "unitary", "North East"),
        ]
    )
    text = "Low Hill Top Hill Top Hill Top"
    mentions = [(m.start, m.end, m.form.pattern.pattern) for m in table._mentions(text)]
    assert mentions == _mentions_form_by_form(table, text)
    assert [m.text for m in table._mentions(text)] == ["Low Hill"]


def test_match_stands_in_for_a_council(table: CouncilTable) -> None:
    match = table.identify("Trafford Council asked the Local Government Association to help.")
    assert match is not None
    assert (match.id, match.name, match.short_name, match.type, match.region) == (
        "E08000009",
        "Trafford Council",
        "Trafford",
        "metropolitan_district",
        "North West",
    )


# --- extra CSVs ----------------------------------------------------------------------------------


def _example_council_count() -> int:
    return len((EXAMPLES / "councils.csv").read_text(encoding="utf-8").strip().splitlines()) - 1


def test_extra_csv_merges() -> None:
    table = load_councils([EXAMPLES / "councils.csv"])
    assert len(table) == 153 + _example_council_count()
    westmoor = table.by_id("X99000002")
    assert westmoor is not None
    assert (westmoor.name, westmoor.short_name, westmoor.type, westmoor.region) == (
        "Westmoor County Council",
        "Westmoor",
        "county",
        "South West",
    )
    match = table.identify(
        "Westmoor County Council (The Council) requested the LGA to undertake a peer challenge.\n\n" + TEAM
    )
    assert match is not None and match.council.id == "X99000002"
    assert find_council_in_text("Westmoor County Council requested the LGA in.") is None  # built-in only
    assert len(load_councils()) == 153


@pytest.mark.parametrize(
    ("example", "expected_id"),
    [("westmoor.md", "X99000002"), ("harrowfield.md", "X99000001"), ("elmbridge-vale.md", "X99000003")],
)
def test_example_reports_with_extra_csv(example: str, expected_id: str) -> None:
    table = load_councils([EXAMPLES / "councils.csv"])
    match = find_council_in_text((EXAMPLES / example).read_text(encoding="utf-8"), table)
    assert match is not None and match.council.id == expected_id


def test_extra_csv_row_replaces_same_id(tmp_path: Path) -> None:
    extra = tmp_path / "override.csv"
    extra.write_text(HEADER + "E06000027,Torbay Council,Torbay,unitary,South West,TC\n", encoding="utf-8")
    table = load_councils([extra])
    assert len(table) == 153
    torbay = table.by_id("E06000027")
    assert torbay is not None and torbay.aliases == ("TC",)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(
            "id,name,short_name,type,region\nX99000009,Fenwick Council,Fenwick,unitary,North East\n",
            "missing column(s) aliases",
            id="missing-column",
        ),
        pytest.param(
            HEADER + "X99000009,Fenwick Council,Fenwick,unitary,Midlands,\n",
            "line 2: region 'Midlands'",
            id="bad-region",
        ),
        pytest.param(
            HEADER + "X99000009,Fenwick Council,Fenwick,parish,North East,\n",
            "line 2: type 'parish'",
            id="bad-type",
        ),
        pytest.param(
            HEADER
            + "X99000009,Fenwick Council,Fenwick,unitary,North East,\nX9,Ash Council,Ash,unitary,London,\n",
            "line 3: id 'X9'",
            id="bad-id",
        ),
        pytest.param(
            HEADER + "X99000009,Fenwick Council,Fenwick,unitary,North East\n",
            "line 2: missing field 'aliases'",
            id="short-row",
        ),
        pytest.param(
            HEADER + "X99000009,Fenwick Council,,unitary,North East,\n",
            "line 2: empty 'short_name'",
            id="empty-field",
        ),
        pytest.param(
            HEADER + "X99000009,Fenwick Council,Fenwick,unitary,North East,GCC\n",
            "line 2: 'GCC' already names Gloucestershire County Council",
            id="alias-clash",
        ),
        pytest.param(
            HEADER + "X99000009,Fenwick Council,Fenwick,unitary,North East,\n"
            "X99000009,Fenwick Council,Fenwick,unitary,North East,\n",
            "line 3: id X99000009 appears twice",
            id="duplicate-id",
        ),
    ],
)
def test_malformed_extra_csv(tmp_path: Path, content: str, reason: str) -> None:
    extra = tmp_path / "bad-councils.csv"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_councils([extra])
    message = str(caught.value)
    assert message.startswith("bad-councils.csv: ")
    assert reason in message
    assert "\n" not in message
    assert caught.value.path == str(extra)


def test_councils_for_picks_up_a_councils_csv_beside_the_reports(tmp_path: Path) -> None:
    with_examples = 153 + _example_council_count()
    assert len(councils_for([EXAMPLES])) == with_examples
    assert len(councils_for([EXAMPLES / "westmoor.md"])) == with_examples
    assert councils_for([tmp_path / "report.txt"]) is load_councils()
    extra = tmp_path / "more.csv"
    extra.write_text(HEADER + "X99000009,Fenwick Council,Fenwick,unitary,North East,\n", encoding="utf-8")
    table = councils_for([EXAMPLES, EXAMPLES / "harrowfield.md"], [extra])
    assert len(table) == with_examples + 1 and "X99000009" in table and "X99000001" in table


def test_missing_extra_csv(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"^nowhere\.csv: cannot read"):
        load_councils([tmp_path / "nowhere.csv"])


def test_data_file_is_the_packaged_csv() -> None:
    assert DATA_FILE.name == "councils.csv" and DATA_FILE.parent.name == "data"
    assert DATA_FILE.read_text(encoding="utf-8").startswith(HEADER)
