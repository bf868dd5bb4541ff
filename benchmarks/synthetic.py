"""A synthetic store of N reports for benchmarks: the reference reports re-dated and re-assigned.

Each synthetic report is a parsed seed given another council from the reference table and
another month, with a marker in every item's text so ids differ; the graph's shape and text
sizes are those of real reports. Built stores are cached by size under benchmarks/.cache.

    .venv/bin/python -m benchmarks.synthetic --reports 500
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from graph.loader import load_report
from graph.store import open_store
from importers.councils import load_councils
from importers.model import CouncilRef, Report
from importers.parser import parse_file
from peergraph.settings import Settings

CACHE = Path(__file__).resolve().parent / ".cache"
MAX_BYTES = 50 * 1024 * 1024


def seeds_folder() -> Path:
    return Path(os.environ.get("PEERGRAPH_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")


def synthetic_reports(count: int, seeds: Path) -> list[Report]:
    bases = [parse_file(path, MAX_BYTES) for path in sorted(seeds.glob("*.txt"))]
    councils = list(load_councils())
    reports = []
    for number in range(count):
        base = bases[number % len(bases)]
        council = councils[number % len(councils)]
        year, month = 2023 + (number // len(councils)) // 12, 1 + (number // len(councils)) % 12
        marker = f" [synthetic {number}]"
        reports.append(
            base.model_copy(
                update={
                    "council": CouncilRef(
                        id=council.id,
                        name=council.name,
                        short_name=council.short_name,
                        type=council.type,
                        region=council.region,
                    ),
                    "report_date": f"{year:04d}-{month:02d}",
                    "source": f"synthetic-{number:04d}.txt",
                    "source_sha256": f"{number:064d}",
                    "findings": [f.model_copy(update={"text": f.text + marker}) for f in base.findings],
                    "recommendations": [
                        r.model_copy(update={"text": r.text + marker}) for r in base.recommendations
                    ],
                }
            )
        )
    return reports


def synthetic_store(count: int, seeds: Path | None = None) -> Path:
    """The path of a closed embedded store holding `count` synthetic reports (built once, cached)."""
    path = CACHE / f"synthetic-{count}" / "graph.lbug"
    done = path.parent / "complete"
    if done.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("graph.lbug*"):
        old.unlink()
    started = time.perf_counter()
    reports = synthetic_reports(count, seeds or seeds_folder())
    with open_store(Settings(db=path, neo4j_uri=None)) as store:
        for index, report in enumerate(reports, 1):
            load_report(store, report)
            if index % 50 == 0:
                print(f"  loaded {index}/{count} synthetic reports", file=sys.stderr)
    done.write_text(f"{count} reports in {time.perf_counter() - started:.1f}s\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=500)
    args = parser.parse_args()
    print(synthetic_store(args.reports))


if __name__ == "__main__":
    main()
