"""Schemathesis as an attacker runs it: `-n 100 --checks all` against a real `peergraph serve`.

Slow (about ten minutes on 2 cores): `make test-slow`, or
`.venv/bin/pytest -m slow tests/test_api_schemathesis.py`. Every failure schemathesis reports must
be one of `DELIBERATE` below, each with the reason the API answers as it does; anything else
fails the test with schemathesis's own report of it.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.access.keys import Role
from graph.store import open_store
from peergraph.core.settings import Settings
from tests.fixtures import LiveServer, copy_store, make_key

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


@dataclass(frozen=True)
class Deliberate:
    check: str  # schemathesis's code, e.g. ST202 "Schema-valid request rejected"
    says: str  # what the response says, which makes it this case
    reason: str


DELIBERATE = [
    Deliberate(
        "ST202",
        "not a cursor this API issued",
        "cursors are opaque tokens the API issues; any other string is refused with 400 (issue 20: "
        "crafted cursors must get 400, not a scan); the schema cannot describe a signed token",
    ),
    Deliberate(
        "ST202",
        "the file is empty",
        "an empty upload is no report and no plan: 422 naming the field, as for every bad file",
    ),
    Deliberate(
        "ST202",
        "give at least one word to search for",
        "a search for punctuation alone has nothing to match: 422 saying so, not an empty list that "
        "looks like 'no passage mentions it'",
    ),
    Deliberate(
        "ST202",
        "not a day; give YYYY-MM-DD",
        "a plan's as-of date takes several written forms (2025-06-30, 30/06/2025, 30 June 2025), "
        "so the schema says string; one that is no day is a 422 naming it",
    ),
    Deliberate(
        "ST202",
        "no pattern",
        "patterns are data (the library plus accepted candidates), so the schema cannot list them; "
        "an unknown one named in a filter is refused, naming it",
    ),
    Deliberate(
        "ST101",
        "candidate patterns are being computed in the background",
        "discovery compares every sentence with every other (seconds on the seeds on a quiet machine, "
        "minutes at 500 reports); a request waits 5 s, then gets 503 with Retry-After until it is done",
    ),
    Deliberate(
        "ST202",
        "say what to brief on",
        "a brief is on a pattern, a theme or a region; with none of them it is a 400 that says so "
        "(OpenAPI cannot express 'at least one of these query parameters')",
    ),
]


def _failures(junit: Path) -> list[tuple[str, str, str]]:
    """(operation, check codes, schemathesis's text) for every failure and error in the report."""
    found = []
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        for problem in [*case.findall("failure"), *case.findall("error")]:
            found.append((case.get("name", ""), problem.get("message") or problem.tag, problem.text or ""))
    return found


def _is_deliberate(codes: str, text: str) -> bool:
    return bool(codes) and all(
        any(d.check == code.strip() and d.says in text for d in DELIBERATE) for code in codes.split(",")
    )


@pytest.mark.slow
def test_schemathesis_with_every_check_finds_nothing_but_the_deliberate(
    seed_db: Path, tmp_path: Path
) -> None:
    db = copy_store(seed_db, tmp_path / "graph.lbug")
    with open_store(Settings(db=db, neo4j_uri=None)) as store:
        admin = make_key(store, Role.ADMIN, label="schemathesis")
    server = LiveServer(db)
    junit = tmp_path / "schemathesis.xml"
    try:
        run = subprocess.run(
            [
                SCHEMATHESIS, "run", f"{server.url}/openapi.json",
                "-n", "100", "--checks", "all", "--seed", "1",
                "-H", f"Authorization: Bearer {admin}",
                "--request-timeout", "60",
                "--report", "junit", "--report-junit-path", str(junit),
            ],
            capture_output=True, text=True, timeout=3000,
        )  # fmt: skip
    finally:
        server.stop()

    assert junit.exists(), run.stdout[-3000:] + run.stderr[-2000:]
    assert "generated" in run.stdout, run.stdout[-3000:]
    unexpected = [
        (name, codes, text) for name, codes, text in _failures(junit) if not _is_deliberate(codes, text)
    ]
    assert not unexpected, "\n\n".join(f"{name} [{codes}]\n{text[:1500]}" for name, codes, text in unexpected)
