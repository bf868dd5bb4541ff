"""Action-plan import time by plan size, beside reading the same workbook with openpyxl alone.

    .venv/bin/python -m benchmarks.plans [--rows 2000 10000 100000]

Each plan is a synthetic .xlsx (`write_plan`): one row per action under the seven summary
recommendations of the first reference report, with refs, owners, due dates in the forms councils
write, statuses and progress notes. Each size runs in its own process on a fresh embedded store
holding that one report, and is timed as `peergraph import-plan` runs it: the reader
(`read_action_plan`), then the import (linking and one write transaction), then the same file
imported again (every action unchanged). The baseline is openpyxl alone loading the same workbook
and touching every cell value, the floor for any reader built on it. "per row vs smallest" is
the total time per row over that of the smallest plan: near 1.0 is linear, N/N0 is quadratic.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl import Workbook

from benchmarks.seeds import MAX_BYTES, seeds_folder
from graph.plans.loader import import_plan
from graph.reports.loader import load_report
from graph.store import open_store
from importers.action_plan import read_action_plan
from importers.parser import parse_file
from peergraph.core.settings import Settings

HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "Status", "Progress update"]
DUE_FORMS = ["Q3 2025/26", "31/03/2026", "March 2026", "Spring 2026", "2026/27"]
STATUSES = ["On track", "Not started", "Slipped", "Complete", "2 - On track"]
OWNERS = ["DASS / Jane Smith", "Head of Commissioning", "Principal Social Worker", "Lead Member"]
VERBS = ["Review", "Agree", "Publish", "Recruit to", "Train staff on", "Report on", "Co-produce"]
OBJECTS = ["the carers offer", "waiting lists", "the front door", "the workforce plan", "quality assurance"]


def write_plan(path: Path, rows: int) -> None:
    """A plan of `rows` actions, about ten under each of seven recommendations in turn."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Action plan")
    sheet.append(HEADER)
    for number in range(rows):
        recommendation = number // 10 % 7 + 1
        sheet.append(
            [
                f"R{recommendation}",
                f"Recommendation {recommendation}: strengthen the approach set out by the peer team",
                f"{VERBS[number % len(VERBS)]} {OBJECTS[number // 7 % len(OBJECTS)]} (action {number + 1})",
                OWNERS[number % len(OWNERS)],
                DUE_FORMS[number % len(DUE_FORMS)],
                STATUSES[number % len(STATUSES)],
                f"Update {number + 1}: work under way, reported to the improvement board",
            ]
        )
    workbook.save(path)


def openpyxl_baseline(path: Path) -> float:
    """Seconds for openpyxl to load the workbook (values, as the reader does) and read every cell."""
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    filled = sum(
        1 for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v
    )
    assert filled
    return time.perf_counter() - started


def measure(rows: int, workdir: Path) -> dict[str, float]:
    """Generate a plan of `rows` actions in `workdir`, time the baseline and the import, return the figures."""
    report_file = sorted(seeds_folder().glob("*.txt"))[0]
    plan_path = workdir / "plan.xlsx"
    write_plan(plan_path, rows)
    baseline = openpyxl_baseline(plan_path)
    with open_store(Settings(db=workdir / "graph.lbug", neo4j_uri=None, tag_on_import=False)) as store:
        report = parse_file(report_file, MAX_BYTES)
        load_report(store, report)
        started = time.perf_counter()
        plan = read_action_plan(plan_path, MAX_BYTES)
        read = time.perf_counter()
        first = import_plan(store, plan, report.council.id)
        imported = time.perf_counter()
        again = import_plan(store, read_action_plan(plan_path, MAX_BYTES), report.council.id)
        reimported = time.perf_counter()
    return {
        "rows": rows,
        "file_mb": plan_path.stat().st_size / 1e6,
        "baseline": baseline,
        "read": read - started,
        "import": imported - read,
        "reimport": reimported - imported,
        "created": first.created,
        "linked": first.linked,
        "unchanged": again.unchanged,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(rows: int) -> dict[str, float]:
    print(f"timing a {rows:,}-row plan in a fresh process...", file=sys.stderr, flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.plans", "--child", str(rows)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return dict(json.loads(done.stdout))


def print_table(results: Sequence[dict[str, float]]) -> None:
    smallest = results[0]
    per_row_0 = (smallest["read"] + smallest["import"]) / smallest["rows"]
    print(
        f"{'rows':>8}{'file MB':>9}{'openpyxl s':>12}{'read s':>9}{'import s':>10}{'total s':>9}"
        f"{'x openpyxl':>12}{'ms/1k rows':>12}{'per row vs smallest':>21}{'re-import s':>13}{'peak MB':>9}"
    )
    for row in results:
        total = row["read"] + row["import"]
        print(
            f"{row['rows']:>8,.0f}{row['file_mb']:>9.1f}{row['baseline']:>12.2f}{row['read']:>9.2f}"
            f"{row['import']:>10.2f}{total:>9.2f}{total / row['baseline']:>12.2f}"
            f"{1e6 * total / row['rows']:>12.0f}{total / row['rows'] / per_row_0:>21.2f}"
            f"{row['reimport']:>13.2f}{row['peak_mb']:>9.0f}"
        )
    for row in results:
        print(
            f"{row['rows']:,.0f} rows: {row['created']:,.0f} actions created, {row['linked']:,.0f} linked; "
            f"{row['unchanged']:,.0f} unchanged on re-import"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[2_000, 10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        with tempfile.TemporaryDirectory(prefix="peergraph-plans-") as workdir:
            print(json.dumps(measure(args.child, Path(workdir))))
        return
    print_table([run_child(rows) for rows in sorted(args.rows)])


if __name__ == "__main__":
    main()
