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
    assert done.stdout.count("loaded") == len(examples) >= 6
    assert "files skipped" in done.stdout and "0 files skipped" in done.stdout
    stats = json.loads(
        subprocess.run([PEERGRAPH, "stats", "--db", str(db), "--json"], capture_output=True, text=True).stdout
    )
    assert stats["reviews"] == len(examples) and stats["regions"] >= 4
    assert stats["findings"] > 150 and stats["recommendations"] > 50
    assert stats["action_items"] == 9, "the Westmoor example plan, imported in two versions"
    assert "westmoor-2025-10.csv" in done.stdout and "8 changed" in done.stdout
