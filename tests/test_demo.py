"""`make demo` on a fresh machine: the fictional examples import whole into their own store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from peergraph.examples import EXAMPLES

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


def test_demo_imports_every_example_and_reports_what_it_found(tmp_path: Path) -> None:
    db = tmp_path / "demo.lbug"
    done = subprocess.run(
        [PEERGRAPH, "demo", "--no-serve", "--db", str(db)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    examples = [p for p in EXAMPLES.iterdir() if p.suffix in (".md", ".html")]
    reports, _, cqc = done.stdout.partition("CQC import")
    assert reports.count("loaded") == len(examples) >= 6
    assert "files skipped" in done.stdout and "0 files skipped" in done.stdout
    stats = json.loads(
        subprocess.run([PEERGRAPH, "stats", "--db", str(db), "--json"], capture_output=True, text=True).stdout
    )
    assert stats["reviews"] == len(examples) and stats["regions"] >= 4
    assert stats["findings"] > 150 and stats["recommendations"] > 50
    assert stats["action_items"] == 9, "the Westmoor example plan, imported in two versions"
    assert "westmoor-2025-10.csv" in done.stdout and "8 changed" in done.stdout
    cqc_files = [
        p for p in EXAMPLES.with_name("examples-cqc").iterdir() if p.suffix in (".html", ".txt", ".csv")
    ]
    assert cqc.count("loaded") == len(cqc_files) - 1 >= 4, "every CQC example but the councils table"
    assert "0 files skipped" in cqc
    assessments = subprocess.run(
        [PEERGRAPH, "query", "MATCH (a:CqcAssessment) RETURN count(a) AS n", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert json.loads(assessments.stdout) == {"n": 6}, (
        "one fictional CQC assessment per example council, and Westmoor's page joins its own"
    )
