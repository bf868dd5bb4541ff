"""How long a learning brief takes on the five seeds: each scope, each format, against a baseline.

    .venv/bin/python -m benchmarks.briefs [--db STORE] [--runs 5]

Without --db it imports and pattern-tags the seeds (PEERGRAPH_SEEDS, default ../shared/seeds)
into a temporary store first (not timed). Then, per scope (the key_person_dependency pattern,
CQC theme 3, the South West), it prints the median of --runs for: building the `Brief` model;
building and writing it in each format (in this process, libraries already imported); and cold,
in a new Python process each time that opens the store, builds and writes the PDF, as
`peergraph brief` does (the median and the range of --runs processes: one process alone gave
3.2-5.6 s for the same theme 3 brief at 500 reports on a quiet machine). Each is shown as seconds and as a ratio to the baseline, the graph
read `pattern_detail(store, "key_person_dependency")`. The target is under 5 seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.seeds import MAX_BYTES, seeds_folder

TARGET_SECONDS = 5.0
SCOPES: dict[str, dict[str, object]] = {
    "pattern key_person_dependency": {"patterns": ["key_person_dependency"]},
    "theme 3": {"theme": 3},
    "region South West": {"region": "South West"},
}
COLD = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from graph.store import open_store
from peergraph.core.settings import Settings
from viz.briefs import build_brief, write_brief
with open_store(Settings(db=Path(sys.argv[1]), neo4j_uri=None), read_only=True) as store:
    brief = build_brief(store, **json.loads(sys.argv[2]))
write_brief(brief, Path(sys.argv[3]))
print(time.perf_counter() - started)
"""


def seed_store(folder: Path) -> Path:
    from graph.patterns.tags import tagger_for
    from graph.reports.loader import import_reports
    from graph.reports.reference import bootstrap_store
    from graph.store import open_store
    from peergraph.core.settings import Settings

    path = folder / "graph.lbug"
    settings = Settings(db=path, neo4j_uri=None)
    with open_store(settings) as store:
        bootstrap_store(store, settings)  # the patterns to tag with, as `peergraph import` seeds them
        summary = import_reports(
            store, sorted(seeds_folder().glob("*.txt")), MAX_BYTES, tagger=tagger_for(store, settings)
        )
    if summary.failed:
        raise SystemExit(f"seeds failed to import: {summary.failed}")
    return path


def median_seconds(work: Callable[[], object], runs: int) -> float:
    work()  # warm: imports, font registration, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold_seconds(db: Path, kwargs: dict[str, object], target: Path) -> float:
    """One new process's time to open the store, build the brief and write it as PDF."""
    out = subprocess.run(
        [sys.executable, "-c", COLD, str(db), json.dumps(kwargs), str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="A seeded, pattern-tagged store (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from graph.reads.patterns import pattern_detail
    from graph.store import open_store
    from peergraph.core.settings import Settings
    from viz.briefs import FORMATS, build_brief, write_brief

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if args.db is None:
            started = time.perf_counter()
            db = seed_store(folder)
            print(f"seeded store built in {time.perf_counter() - started:.1f} s (not timed below)")
        else:
            db = args.db
        with open_store(Settings(db=db, neo4j_uri=None), read_only=True) as store:
            baseline = median_seconds(lambda: pattern_detail(store, "key_person_dependency"), args.runs)
            print(
                f"baseline pattern_detail(key_person_dependency): {baseline:.3f} s (median of {args.runs})\n"
            )
            print(f"{'scope':<30} {'step':<18} {'seconds':>8} {'x baseline':>11}")
            worst = 0.0
            for name, kwargs in SCOPES.items():

                def build(kwargs: dict[str, object] = kwargs) -> object:
                    return build_brief(store, **kwargs)  # type: ignore[arg-type]

                seconds = median_seconds(build, args.runs)
                print(f"{name:<30} {'build model':<18} {seconds:>8.3f} {seconds / baseline:>11.1f}")
                for fmt in FORMATS:
                    target = folder / f"brief.{fmt}"

                    def build_and_write(kwargs: dict[str, object] = kwargs, target: Path = target) -> object:
                        return write_brief(build_brief(store, **kwargs), target)  # type: ignore[arg-type]

                    seconds = median_seconds(build_and_write, args.runs)
                    worst = max(worst, seconds)
                    print(f"{'':<30} {'build + ' + fmt:<18} {seconds:>8.3f} {seconds / baseline:>11.1f}")
        print()
        for name, kwargs in SCOPES.items():
            times = [cold_seconds(db, kwargs, folder / "cold.pdf") for _ in range(args.runs)]
            seconds = statistics.median(times)
            worst = max(worst, seconds)
            print(
                f"{name:<30} {'cold process, pdf':<18} {seconds:>8.3f} {seconds / baseline:>11.1f}"
                f"   ({min(times):.2f}-{max(times):.2f} s over {args.runs})"
            )
    verdict = "under" if worst < TARGET_SECONDS else "OVER"
    print(f"\nslowest median: {worst:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
