"""Front matter on the openings of real reports of other councils (../shared/corpus/openings/):
the council, the report month where the text gives one (none where it does not), and every team
member whose entry the opening holds whole, with the organisation the entry names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from importers.councils import load_councils
from importers.formats import read_document
from importers.front_matter import FrontMatter, read_front_matter

OPENINGS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "openings"
NAMES = sorted(path.stem for path in OPENINGS.glob("*.json")) if OPENINGS.is_dir() else []
MAX_BYTES = 10 * 1024 * 1024


def _key(text: str | None) -> str:
    return re.sub(r"[^a-z]", "", (text or "").lower())


@pytest.fixture(scope="module", params=NAMES or [None])
def opening(request: pytest.FixtureRequest) -> tuple[dict[str, Any], FrontMatter]:
    if request.param is None:
        pytest.skip(f"the corpus openings are not in {OPENINGS} (shared/ is kept beside the checkout)")
    gold = json.loads((OPENINGS / f"{request.param}.json").read_text(encoding="utf-8"))
    document = read_document(OPENINGS / gold["excerpt_file"], MAX_BYTES)
    return gold, read_front_matter(document)


def test_the_council(opening: tuple[dict[str, Any], FrontMatter]) -> None:
    gold, front = opening
    expected = load_councils().identify(gold["council"])
    assert expected is not None and front.council is not None
    assert front.council.id == expected.id


def test_the_report_month_or_none(opening: tuple[dict[str, Any], FrontMatter]) -> None:
    gold, front = opening
    assert front.report_month == gold["report_date"]


def test_every_whole_team_entry(opening: tuple[dict[str, Any], FrontMatter]) -> None:
    gold, front = opening
    found = {_key(member.name): member for member in front.peer_team}
    whole = [member for member in gold["peer_team"] if not member.get("cut")]
    for member in whole:
        assert _key(member["name"]) in found, f"{member['raw']!r} not read"
        if member["organisation"]:
            assert _key(found[_key(member["name"])].organisation) == _key(member["organisation"]), member[
                "raw"
            ]
    cut = {_key(member["name"]) for member in gold["peer_team"] if member.get("cut")}
    unexpected = set(found) - {_key(member["name"]) for member in whole} - cut
    assert not unexpected, f"not team members: {unexpected}"
    if not gold["peer_team"]:
        assert front.peer_team == []
