"""Factories the tests build real things with: stores, servers, clients, files.

Plain functions and classes, not test modules; `tests/conftest.py` turns them into fixtures.
No test module imports another test module: what tests share lives here.
"""

from __future__ import annotations

import csv
import html
import io
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook

from graph.access.keys import Role, create_key
from graph.plans.sheets import HEADER_ROW, write_plan_template
from graph.reports.records import report_records
from graph.reports.reference import bootstrap_store
from graph.store import GraphStore, open_store
from graph.store import queries as q
from graph.store.credentials import open_credentials
from graph.store.schema import SCHEMA_VERSION
from importers.framework import QUALITY_STATEMENTS, QUALITY_STATEMENTS_BY_ID
from importers.model import Report
from peergraph.core.settings import Settings
from peergraph.examples import EXAMPLES

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PROJECT = Path(__file__).resolve().parent.parent

TORBAY = "E06000027"
WESTMOOR = "X99000002"
DUNHOLLOW = "X99000005"
SCRIPT = "<script>alert(1)</script>"
MAX_BYTES = 50 * 1024 * 1024
"""The file size limit the tests parse and import with (the default)."""


@contextmanager
def writable_store(settings: Settings) -> Iterator[GraphStore]:
    """A store opened for writing and bootstrapped, as `peergraph import` opens it."""
    with open_store(settings) as store:
        bootstrap_store(store, settings)
        yield store


def store_settings(store: GraphStore, **overrides: Any) -> Settings:
    """Settings beside an open store, for its credentials and an app over it. A Neo4j store's
    location is a URI, not a folder: its credentials go in a temporary folder of its own."""
    location = store.location
    if "://" in location:
        import hashlib
        import tempfile

        folder = (
            Path(tempfile.gettempdir())
            / f"peergraph-tests-{hashlib.sha256(location.encode()).hexdigest()[:12]}"
        )
        folder.mkdir(exist_ok=True)
        db = folder / "unused.lbug"
    else:
        db = Path(location)
    return Settings(db=db, neo4j_uri=None, **overrides)


def make_key(store: GraphStore, role: Role, council: str | None = None, label: str | None = None) -> str:
    """A new API key for the store's credentials database, as `peergraph keys create` makes it."""
    settings = store_settings(store)
    return create_key(open_credentials(settings), role, council, label, store=store)[1]


def bearer(store: GraphStore, role: Role, council: str | None = None) -> dict[str, str]:
    """The Authorization header of a new key."""
    return {"Authorization": f"Bearer {make_key(store, role, council)}"}


def copy_store(source: Path, target: Path) -> Path:
    """Copy a closed embedded store (its file and any write-ahead log beside it)."""
    import shutil

    for part in source.parent.glob(source.name + "*"):
        shutil.copy2(part, target.parent / part.name.replace(source.name, target.name, 1))
    return target


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """`peergraph serve` in a subprocess on loopback, over its own copy of a store."""

    admin_key: str = ""

    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys

        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db.parent / "server.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PEERGRAPH_DB"))}
        self._handle = self.log.open("w")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "peergraph"),
                "serve",
                "--db",
                str(db),
                "--port",
                str(self.port),
            ],
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            env={**environment, **(env or {})},
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"peergraph serve exited: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/regions", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"peergraph serve did not answer in {timeout}s: {self.log.read_text()}")

    def log_once_it_holds(self, text: str, timeout: float = 10.0) -> str:
        """The server's log once `text` is in it, or as it stands after `timeout`: the access log
        line is written after the response has gone, so a client can read the log before it."""
        import time

        deadline = time.monotonic() + timeout
        while text not in (log := self.log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return log

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        self._handle.close()


@contextmanager
def app_client(store: GraphStore, **settings: Any) -> Iterator[TestClient]:
    """An in-process client of the app serving this open store, with any settings given."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    app = create_app(store_settings(store, **settings), store=store)
    with TestClient(app) as client:
        yield client


def when_ready(get: Callable[[], Any], timeout: float = 300.0) -> Any:
    """Call `get` again while it answers 503 (work still running in the background), as a client
    following Retry-After does, but without waiting the full Retry-After each time."""
    deadline = time.monotonic() + timeout
    while True:
        response = get()
        if response.status_code != 503 or time.monotonic() > deadline:
            return response
        time.sleep(1)


def examples_db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus examples/ (with its councils.csv) and Westmoor's two plans, built once a session.

    Tests only read it; a test that writes takes a copy (`copy_store`).
    """
    from graph.plans.loader import import_plan
    from graph.reports.loader import import_reports, report_files
    from importers.action_plan import read_action_plan
    from importers.councils import councils_for

    target = tmp_path_factory.getbasetemp() / "seeds-and-examples" / "graph.lbug"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_store(seed_db, target)
    with writable_store(Settings(db=target, neo4j_uri=None)) as store:
        summary = import_reports(store, list(report_files([EXAMPLES])), MAX_BYTES, councils_for([EXAMPLES]))
        assert not summary.failed, summary.failed
        for plan in ("westmoor-2025-06.csv", "westmoor-2025-10.csv"):
            import_plan(store, read_action_plan(EXAMPLES / "plans" / plan, MAX_BYTES), WESTMOOR, None)
    return target


def fill_template(store: GraphStore, folder: Path, *, status: str, due: str, progress: str) -> Path:
    template = folder / "template.xlsx"
    rows = write_plan_template(store, TORBAY, template)
    workbook = load_workbook(template)
    sheet = workbook["Action plan"]
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + rows):
        sheet.cell(row, 3, f"Deliver recommendation {sheet.cell(row, 1).value}")
        sheet.cell(row, 4, "DASS / Jane Smith")
        sheet.cell(row, 5, due)
        sheet.cell(row, 6, status)
        sheet.cell(row, 8, progress)
    filled = folder / f"filled-{status}-{due.replace('/', '-')}.xlsx"
    workbook.save(filled)
    return filled


def build_example_store(path: Path) -> Path:
    """Import the examples as `peergraph demo` does (reports, their CQC results, the plans), tagged."""
    from graph.patterns.tags import tagger_for
    from graph.reports.loader import import_reports, report_files
    from importers.councils import councils_for
    from peergraph.cli.demo import import_example_cqc, import_example_plans

    settings = Settings(db=path, neo4j_uri=None)
    with writable_store(settings) as store:
        summary = import_reports(
            store,
            list(report_files([EXAMPLES])),
            MAX_BYTES,
            councils_for([EXAMPLES]),
            tagger=tagger_for(store, settings),
        )
        assert not summary.failed, summary.failed
        import_example_plans(store, EXAMPLES, MAX_BYTES)
        import_example_cqc(store, EXAMPLES, MAX_BYTES)
    return path


def query_examples(store: GraphStore, torbay: Report) -> dict[str, dict[str, object]]:
    """Parameters for every named query, taken from a store holding the Torbay seed (contract tests)."""
    review = store.read(q.REVIEWS)[0]["id"]
    finding = store.read(q.REVIEW_FINDINGS, {"review_id": review})[0]
    recommendation = store.read(q.REVIEW_RECOMMENDATIONS, {"review_id": review})[0]
    row = {"id": finding["id"], "theme": 1, "quality_statement": "qs1_assessing_needs"}
    tag_row = {
        "item_id": finding["id"],
        "pattern_id": "waiting_lists",
        "score": 0.9,
        "method": "embedding+lexical",
        "evidence": "e",
        "closest": "c",
        "confirmed": None,
    }
    action_row = {
        "id": "a1",
        "plan_id": "p1",
        "ref": "R1",
        "recommendation_text": "r",
        "text": "t",
        "owner_text": "DASS",
        "due_date": "2025-03-31",
        "due_text": "March 2025",
        "status": "on_track",
        "rag": None,
        "progress": None,
        "extra": None,
        "at": "2025-01-01",
    }
    recommendation_filters = {
        "after_review": "",
        "after_ordinal": -1,
        "council": torbay.council.id,
        "region": None,
        "theme": None,
        "q": None,
        "source": "summary",
        "firm": True,
        "standing": True,
        "limit": 5,
    }
    return {
        "schema_version_get": {},
        "schema_version_set": {"value": str(SCHEMA_VERSION)},
        "merge_regions": {"rows": [{"code": "E12000009", "name": "South West"}]},
        "merge_councils": {
            "rows": [
                {
                    "id": "E06000027",
                    "name": "Torbay Council",
                    "short_name": "Torbay",
                    "type": "unitary",
                    "region": "South West",
                }
            ]
        },
        "merge_themes": {"rows": [{"number": 1, "name": "Working with people"}]},
        "merge_quality_statements": {
            "rows": [{"id": "qs1_assessing_needs", "number": 1, "name": "Assessing needs", "theme": 1}]
        },
        "merge_owners": {"rows": [{"id": "owner-dass", "name": "DASS", "kind": "role"}]},
        "review_sha": {"id": review},
        "review_of_file": {"sha256": torbay.source_sha256},
        "review_size": {"id": review},
        "stale_recommendation_links": {"review_id": review, "keep": []},
        "merge_review": {"council_id": "E06000027", "rows": [report_records(torbay).review.params()]},
        "delete_stale_findings": {"review_id": review, "keep": []},
        "delete_stale_recommendations": {"review_id": review, "keep": []},
        "delete_review_team": {"review_id": review},
        "merge_findings": {"review_id": review, "rows": [{**finding}]},
        "delete_finding_framework_links": {"review_id": review},
        "link_findings_to_themes": {"rows": [row]},
        "link_findings_to_quality_statements": {"rows": [row]},
        "merge_recommendations": {
            "review_id": review,
            "rows": [{k: v for k, v in recommendation.items() if k not in ("owners", "findings")}],
        },
        "delete_recommendation_links": {"review_id": review},
        "link_recommendations_to_findings": {
            "rows": [{"id": recommendation["id"], "finding_id": finding["id"]}]
        },
        "assign_recommendations": {"rows": [{"id": recommendation["id"], "owner_id": "owner-dass"}]},
        "merge_team": {
            "review_id": review,
            "rows": [
                {
                    "person_id": "person-x",
                    "name": "X Y",
                    "team_role": "Lead Peer",
                    "job_title": None,
                    "ordinal": 0,
                }
            ],
        },
        "merge_employers": {
            "rows": [
                {"person_id": "person-x", "organisation_id": "org-y", "organisation": "Y", "council_id": None}
            ]
        },
        "count_by_label": {},
        "count_by_rel": {},
        "reviewed_by_region": {},
        "reviewed_by_council": {},
        "totals": {},
        "reviews": {},
        "review_findings": {"review_id": review},
        "review_recommendations": {"review_id": review},
        "regions_summary": {},
        "councils_page": {"after": "", "region": "South West", "min_reviews": 1, "limit": 5},
        "council_by_id": {"id": torbay.council.id},
        "council_reviews": {"id": torbay.council.id},
        "council_theme_counts": {"id": torbay.council.id},
        "council_recommendations": {"id": torbay.council.id},
        "council_recommendation_owners": {"id": torbay.council.id},
        "council_recommendation_findings": {"id": torbay.council.id},
        "council_recommendation_action_statuses": {"id": torbay.council.id},
        "council_recommendation_patterns": {"id": torbay.council.id},
        "council_recommendations_with_lists": {"id": torbay.council.id},
        "review_by_id": {"id": review},
        "review_text": {"id": review},
        "review_team": {"id": review},
        "findings_page": {
            "after_review": "",
            "after_ordinal": -1,
            "council": None,
            "region": "South West",
            "theme": 3,
            "q": "safeguard",
            "quality_statement": None,
            "polarity": None,
            "section": None,
            "pattern": None,
            "limit": 5,
        },
        "recommendations_page": recommendation_filters | {"owner": "DASS", "status": None},
        "findings_page_keys": {
            "after_review": "",
            "after_ordinal": -1,
            "council": None,
            "region": "South West",
            "theme": 3,
            "q": "safeguard",
            "quality_statement": None,
            "polarity": None,
            "section": None,
            "pattern": None,
            "limit": 5,
        },
        "findings_by_ids": {"ids": [finding["id"]]},
        "recommendations_page_keys": recommendation_filters | {"owner": "DASS"},
        "recommendations_of_owner_page_keys": recommendation_filters | {"owner_ids": ["owner-dass"]},
        "owner_ids_named": {"owner": "DASS"},
        "finding_filter_example": {},
        "recommendation_filter_example": {},
        "recommendations_by_ids": {"ids": [recommendation["id"]]},
        "tag_cells": {"region": "South West"},
        "finding_texts": {},
        "findings_of_patterns": {"region": None, "patterns": ["key_person_dependency", "waiting_lists"]},
        "recommendations_of_patterns": {"region": "South West", "patterns": ["key_person_dependency"]},
        "tag_rows_of_pattern_items": {"region": None, "patterns": ["waiting_lists"]},
        "tag_rows_of_theme_items": {"region": "South West", "theme": 3},
        "findings_in_region": {"region": "South West", "theme": None},
        "recommendations_in_region": {"region": None, "theme": 3},
        "recommendation_texts": {},
        "recommendation_texts_of_reviews": {"reviews": [review]},
        "tag_version": {},
        "recommendation_by_id": {"id": recommendation["id"]},
        "recommendation_findings": {"id": recommendation["id"]},
        "recommendation_owner_ids": {"id": recommendation["id"]},
        "owners_summary": {},
        "searchable_items": {},
        "searchable_items_by_ids": {"ids": [finding["id"], recommendation["id"]]},
        "data_version": {},
        "neo4j_version": {},
        "count_write": {},
        "actions_for_recommendation": {"id": recommendation["id"]},
        "action_by_id": {"id": "a1"},
        "council_actions": {"council_id": "E06000027"},
        "action_statuses_of_councils": {"council_ids": ["E06000027"]},
        "actions_page": {
            "after": "",
            "council": "E06000027",
            "status": None,
            "owner": "DASS",
            "due_before": "2030-01-01",
            "limit": 5,
        },
        "existing_actions": {"council_id": "E06000027"},
        "council_recommendation_refs": {"council_id": "E06000027"},
        "create_actions": {"council_id": "E06000027", "rows": [action_row]},
        "update_actions": {"rows": [action_row]},
        "append_status_updates": {
            "rows": [
                {
                    "action_id": "a1",
                    "at": "2025-01-01",
                    "status": "on_track",
                    "due_date": None,
                    "note": None,
                    "by": "test",
                    "source": "import",
                }
            ]
        },
        "delete_action_links": {"ids": ["a1"]},
        "link_actions": {
            "rows": [
                {"id": "a1", "recommendation_id": recommendation["id"], "method": "manual", "score": 1.0}
            ]
        },
        "clear_action_link_method": {"ids": ["a1"]},
        "delete_action_owners": {"ids": ["a1"]},
        "assign_action_owners": {
            "rows": [{"id": "a1", "owner_id": "owner-dass", "name": "DASS", "kind": "role"}]
        },
        "merge_patterns": {
            "rows": [
                {
                    "id": "waiting_lists",
                    "name": "Waiting lists",
                    "description": "d",
                    "origin": "builtin",
                    "phrasings": "[]",
                    "keywords": "[]",
                    "threshold": 0.5,
                }
            ]
        },
        "accepted_patterns": {},
        "pattern_list": {},
        "tag_rows": {"pattern": "waiting_lists", "region": "South West"},
        "review_items": {"review_id": review},
        "reviewed_councils_by_region": {},
        "delete_unconfirmed_tags": {"review_id": review, "pattern": None},
        "merge_finding_tags": {"rows": [tag_row]},
        "merge_recommendation_tags": {"rows": [{**tag_row, "item_id": recommendation["id"]}]},
        "tag_decisions": {"items": [finding["id"]]},
        "record_tag_decision": {
            "id": "x|waiting_lists",
            "item_id": finding["id"],
            "pattern_id": "waiting_lists",
            "decision": "reject",
            "by": "test",
            "at": "2025-01-01",
            "note": None,
        },
        "delete_tag": {"item_id": finding["id"], "pattern_id": "waiting_lists"},
        "item_by_id": {"id": finding["id"]},
        "discovery_items": {},
        "peer_links": {},
        "change_action": {
            "id": "a1",
            "version": 1,
            "status": "slipped",
            "due_date": None,
            "due_text": None,
            "progress": None,
            "at": "2025-02-01",
        },
        **cqc_query_examples(),
    }


# --- whole CQC pages, written in the structures CQC publishes -------------------------------
# The corpus in ../shared/corpus/cqc holds only the openings of real pages; these write the whole
# shape (every score, key findings with sub-headings, the page's end) from given values, so a test
# states the values and checks they read back.

CORPUS = PROJECT.parent / "shared" / "corpus" / "cqc"
"""The openings of real CQC pages (read from ../shared, never copied into the project)."""

# How CQC's summary pages print the nine names (not always the reference table's wording).
PAGE_NAMES = {
    "qs1_assessing_needs": "Assessing needs",
    "qs2_healthier_lives": "Supporting people to lead healthier lives",
    "qs3_equity": "Equity in experience and outcomes",
    "qs4_care_provision": "Care provision, integration and continuity",
    "qs5_partnerships": "Partnerships and communities",
    "qs6_safe_systems": "Safe pathways, systems and transitions",
    "qs7_safeguarding": "Safeguarding",
    "qs8_governance": "Governance, management and sustainability",
    "qs9_learning": "Learning, improvement and innovation",
}
# How press releases print them: lower case, with CQC's variations.
PRESS_NAMES = {
    "qs1_assessing_needs": "assessing people’s needs",
    "qs2_healthier_lives": "supporting people to lead healthier lives",
    "qs3_equity": "equity in experiences and outcomes",
    "qs4_care_provision": "care provision, integration and continuity of care",
    "qs5_partnerships": "partnership and communities",
    "qs6_safe_systems": "safe pathways, systems and transitions",
    "qs7_safeguarding": "safeguarding",
    "qs8_governance": "governance, management and sustainability",
    "qs9_learning": "learning, improvement and innovation",
}
BANDS = {
    1: "Evidence shows significant shortfalls",
    2: "Evidence shows some shortfalls",
    3: "Evidence shows a good standard",
    4: "Evidence shows an exceptional standard",
}
THEME_OF = {qs.id: qs.theme for qs in QUALITY_STATEMENTS}
THEME_TITLES = {
    1: "Theme 1: How {c} works with people",
    2: "Theme 2: How {c} provides support",
    3: "Theme 3: How {c} ensures safety within the system",
    4: "Theme 4: Leadership",
}


@dataclass
class Assessment:
    """The values a page is written from."""

    council: str
    published: str = "17 May 2024"
    rating: str = "Good"
    score: int | None = 78
    scores: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(PAGE_NAMES, 3))
    findings: Mapping[str, Sequence[tuple[str | None, Sequence[str]]]] = field(default_factory=dict)
    """Statement id -> [(sub-heading or None, [paragraphs])] of key findings."""
    names: Mapping[str, str] = field(default_factory=lambda: dict(PAGE_NAMES))


def summary_text(a: Assessment, *, with_sections: bool = False) -> str:
    """The summary page's text as a browser copies it (bullets, indented scores)."""
    lines = [
        f"{a.council}: local authority assessment",
        "",
        f"Published: {a.published} Page last updated: {a.published}",
        "",
        "Downloads",
        "",
        "Overall summary",
        "",
        "Local authority rating and score",
        "",
        f"  • {a.council}",
        f"    {a.rating}",
    ]
    if a.score is not None:
        lines.append(
            f"{a.council} scored {a.score} out of 100 overall, indicating a {a.rating.lower()} standard"
        )
    lines += ["", "Quality statement scores", ""]
    for statement_id, score in a.scores.items():
        lines += [f"  • {a.names[statement_id]}", f"    Score: {score}"]
    lines += [
        "",
        "Summary of people's experiences",
        "",
        "People told us that staff listened to them and understood their needs, although some waited a long time.",
        "",
        "Summary of strengths, areas for development and next steps",
        "",
        "Leaders knew their communities well and had a clear plan to reduce waits for assessments.",
        "",
    ]
    if with_sections:
        lines += _sections_text(a)
    lines += ["Is this page useful?", "", "Feedback"]
    return "\n".join(lines) + "\n"


def _sections_text(a: Assessment) -> list[str]:
    lines: list[str] = []
    theme = 0
    for statement_id, score in a.scores.items():
        if THEME_OF[statement_id] != theme:
            theme = THEME_OF[statement_id]
            lines += [THEME_TITLES[theme].format(c=a.council), ""]
        lines += statement_section_text(a, statement_id, score)
    return lines


def statement_section_text(a: Assessment, statement_id: str, score: int) -> list[str]:
    lines = [
        a.names[statement_id],
        f"Score: {score}",
        f"{score} - {BANDS[score]}",
        "What people expect",
        "I have care and support that is coordinated, and everyone works well together and with me.",
        "The local authority commitment",
        f"We work with people to meet their needs under {QUALITY_STATEMENTS_BY_ID[statement_id].name.lower()}.",
        "Key findings for this quality statement",
    ]
    for heading, paragraphs in a.findings.get(statement_id, ()):
        if heading:
            lines.append(heading)
        lines += list(paragraphs)
    return [*lines, ""]


def statement_page_text(a: Assessment, statement_ids: Sequence[str]) -> str:
    """A quality statement page (or a theme page of several), as its text."""
    lines = [f"{a.council}: local authority assessment", "Downloads"]
    for statement_id in statement_ids:
        lines += statement_section_text(a, statement_id, a.scores[statement_id])
    lines += ["Is this page useful?", "Feedback"]
    return "\n".join(lines) + "\n"


def summary_html(a: Assessment, *, with_sections: bool = False) -> str:
    """The summary page as CQC's site serves it: furniture around a <main> with the report."""
    e = html.escape
    scores = "".join(
        f'<li class="qs-score"><h4 class="qs-score__name">{e(a.names[q])}</h4>'
        f'<p class="qs-score__value">Score: {s}</p></li>'
        for q, s in a.scores.items()
    )
    scored = (
        f"<p>{e(a.council)} scored {a.score} out of 100 overall, indicating a {e(a.rating.lower())} standard</p>"
        if a.score is not None
        else ""
    )
    sections = ""
    if with_sections:
        parts = []
        theme = 0
        for q, s in a.scores.items():
            if THEME_OF[q] != theme:
                theme = THEME_OF[q]
                parts.append(f"<h2>{e(THEME_TITLES[theme].format(c=a.council))}</h2>")
            findings = "".join(
                (f"<h4>{e(heading)}</h4>" if heading else "") + "".join(f"<p>{e(p)}</p>" for p in paras)
                for heading, paras in a.findings.get(q, ())
            )
            parts.append(
                f'<section class="quality-statement"><h3>{e(a.names[q])}</h3><p class="score">Score: {s}</p>'
                f"<p>{s} - {e(BANDS[s])}</p><h4>What people expect</h4>"
                "<p>I have care and support that is coordinated, and everyone works well together and with me.</p>"
                "<h4>The local authority commitment</h4><p>We work with people to meet their needs.</p>"
                f"<h4>Key findings for this quality statement</h4>{findings}</section>"
            )
        sections = "".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(a.council)}: local authority assessment - Care Quality Commission</title>
<script>window.analytics = [];</script></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header role="banner"><a href="/">Care Quality Commission</a><nav><ul><li><a href="/care-services">Find and compare services</a></li><li><a href="/guidance-regulation">Guidance for providers</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> / <a href="/care-system">Care system</a></div>
<main id="main">
<h1>{e(a.council)}: local authority assessment</h1>
<p class="published">Published: {e(a.published)} <span>Page last updated: {e(a.published)}</span></p>
<p><a href="#downloads">Downloads</a></p>
<h2>Overall summary</h2>
<h3>Local authority rating and score</h3>
<ul class="rating"><li><span class="rating__name">{e(a.council)}</span> <span class="rating__value">{e(a.rating)}</span></li></ul>
{scored}
<h3>Quality statement scores</h3>
<ul class="qs-scores">{scores}</ul>
<h3>Summary of people's experiences</h3>
<p>People told us that staff listened to them and understood their needs, although some waited a long time.</p>
<h3>Summary of strengths, areas for development and next steps</h3>
<p>Leaders knew their communities well and had a clear plan to reduce waits for assessments.</p>
{sections}
</main>
<footer role="contentinfo"><p>© Care Quality Commission</p><a href="/feedback">Feedback</a></footer>
</body></html>
"""


def press_release_text(a: Assessment, *, names: Mapping[str, str] = PRESS_NAMES) -> str:
    """A CQC press release announcing the rating, with the nine scores as a numbered list."""
    lines = [
        f"CQC rates {a.council}’s adult social care provision as {a.rating.lower()}",
        "",
        f"Published: {a.published} Page last updated: {a.published}",
        "Categories",
        "Media",
        "",
        f"The Care Quality Commission (CQC), has rated {a.council} as {a.rating.lower()}, in how well they are "
        "meeting their responsibilities to ensure people have access to adult social care and support under "
        "the Care Act (2014).",
        "",
        "CQC looked at nine areas spread across four themes to assess how well the authority is meeting their "
        f"responsibilities in order to create their {a.rating.lower()} rating. CQC has given each of these "
        "nine areas a score out of four with one being the evidence shows significant shortfalls, and four "
        "showing an exceptional standard.",
        "",
    ]
    for number, (statement_id, score) in enumerate(a.scores.items(), start=1):
        lines += [f"{number}.    {names[statement_id]}: {score}", ""]
    lines += [
        "The chief inspector of adult social care said:",
        "",
        f'"During our assessment of {a.council}, we found committed staff and strong partnerships."',
        "",
        "Ends",
        "",
        "About the Care Quality Commission",
        "The Care Quality Commission is the independent regulator of health and social care in England.",
    ]
    return "\n".join(lines) + "\n"


def results_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([["" if cell is None else str(cell) for cell in row] for row in rows])
    return out.getvalue()


def cqc_query_examples() -> dict[str, dict[str, object]]:
    """Parameters for every CQC named query, for the contract test that runs each one."""
    from dataclasses import asdict
    from datetime import date

    from graph.cqc.records import cqc_records
    from importers.cqc import CqcFile, CqcResult, KeyFinding, Rating, Shape, StatementScore
    from importers.model import CouncilRef

    torbay = CouncilRef(
        id="E06000027", name="Torbay Council", short_name="Torbay", type="unitary", region="South West"
    )
    result = CqcResult(
        shape=Shape.SUMMARY,
        council=torbay,
        published=date(2024, 10, 3),
        rating=Rating.GOOD,
        score=70,
        statement_scores=[
            StatementScore(quality_statement="qs1_assessing_needs", score=2, as_printed="Assessing needs")
        ],
        key_findings=[
            KeyFinding(quality_statement="qs1_assessing_needs", text="People waited.", span=(0, 14))
        ],
        text="People waited.",
    )
    records = cqc_records(
        CqcFile(source="t.txt", source_sha256="0" * 64, shape=Shape.SUMMARY, results=[result]),
        [date(2024, 10, 3)],
    )
    assessment = records.assessments[0].id
    return {
        "cqc_source_shas": {"ids": records.source_ids},
        "cqc_known_councils": {"ids": ["E06000027"]},
        "cqc_latest_assessment": {"council_id": "E06000027"},
        "merge_cqc_assessments": {"rows": [a.params() for a in records.assessments]},
        "delete_cqc_source_key_findings": {"ids": records.source_ids},
        "delete_cqc_source_scores": {"ids": records.source_ids},
        "merge_cqc_sources": {"rows": [s.params() for s in records.sources]},
        "merge_cqc_scores": {"rows": [asdict(s) for s in records.scores]},
        "create_cqc_key_findings": {"rows": [k.params() for k in records.key_findings]},
        "cqc_assessments": {"council": None},
        "cqc_scores": {"council": "E06000027"},
        "cqc_sources": {"council": None},
        "cqc_key_findings": {"assessment_id": assessment},
        "cqc_source_text": {"id": records.source_ids[0]},
        "cqc_reviews": {"council": None},
        "cqc_peer_counts": {},
    }


def flat_routes(routes: list[object]) -> list[object]:
    """Routes with their own path, looking inside included routers (however FastAPI keeps them)."""
    flat: list[object] = []
    for route in routes:
        included = getattr(route, "original_router", None) or getattr(route, "router", None)
        if getattr(route, "path", None) is None and included is not None:
            flat += flat_routes(included.routes)
        else:
            flat.append(route)
    return flat
