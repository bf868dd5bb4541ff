"""How a bulk import's loading stage should hold the embedded store: peak RSS, store size and time
of loading N synthetic reports as `graph/reports/bulk.py` does, for each interval between two
`release_memory` calls, with the database as a bulk import opens it (`loading_in_bulk`: one thread,
a capped pool) and as any other command does (LadybugDB's defaults).

    .venv/bin/python -m benchmarks.release_memory [--reports 500] [--every 0 100]

The reports are read and tagged once, in a child process as a bulk import does it; then each
loading runs in a fresh process of its own (so that its peak is its own) into a fresh store,
reopening the database every that many reports. 0 never reopens; the defaults are the baseline.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.seeds import MAX_BYTES, seeds_folder
from benchmarks.synthetic import synthetic_texts


def peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return 0.0


def load(tagged: Path, every: int, in_bulk: bool) -> None:
    """Load the child's results into a fresh store, reopening it every `every` reports, as a bulk
    import opens it or with LadybugDB's defaults; print one line."""
    from contextlib import nullcontext

    from graph.reports import bulk
    from graph.reports.loader import load_report
    from graph.store import open_store
    from peergraph.core.settings import Settings

    with tempfile.TemporaryDirectory(prefix="peergraph-release-") as folder:
        settings = Settings(db=Path(folder) / "graph.lbug", neo4j_uri=None, tag_on_import=False)
        started = time.perf_counter()
        with open_store(settings) as store, store.loading_in_bulk() if in_bulk else nullcontext():
            for number, path in enumerate(sorted(tagged.iterdir()), 1):
                with path.open("rb") as stored:
                    _, report, tags = pickle.load(stored)
                load_report(store, report, force=True, tagger=bulk._tagged_already(tags, report))
                if every and number % every == 0:
                    store.release_memory()
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(folder).glob("graph.lbug*")) / 1e6
    label = str(every) if every else "never"
    opened = "as bulk imports do" if in_bulk else "defaults (baseline)"
    print(f"{label:>14}  {opened:<21}{peak_mb():>10.0f}{size:>10.0f}{seconds:>8.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--every", type=int, nargs="+", default=[0, 100])
    parser.add_argument("--load", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load(Path(args.load[0]), int(args.load[1]), args.load[2] == "bulk")
        return
    from graph.patterns.catalogue import load_patterns
    from graph.patterns.tags import TaggerRecipe
    from graph.reports import bulk
    from peergraph.core.settings import Settings

    with tempfile.TemporaryDirectory(prefix="peergraph-release-tags-") as folder:
        work = Path(folder)
        (work / "reports").mkdir()
        (work / "tagged").mkdir()
        for name, _, text in synthetic_texts(args.reports, seeds_folder()):
            (work / "reports" / name).write_text(text, encoding="utf-8")
        patterns = tuple(load_patterns(Settings().pattern_file_paths))
        recipe = TaggerRecipe(patterns, work / "embeddings.sqlite", 200_000)
        print(f"reading and tagging {args.reports} synthetic reports...", file=sys.stderr, flush=True)
        files = sorted((work / "reports").iterdir())
        _, failure = bulk._tag_in_child(files, MAX_BYTES, None, recipe, work / "tagged", None)
        if failure:
            raise SystemExit(failure)
        print(f"loading {args.reports} reports; peak RSS of the loading process alone")
        print(f"{'reopen every':>14}  {'database opened':<21}{'peak MB':>10}{'store MB':>10}{'s':>8}")
        for every in args.every:
            for opened in ("defaults", "bulk"):
                command = [
                    sys.executable,
                    "-m",
                    "benchmarks.release_memory",
                    "--load",
                    str(work / "tagged"),
                    str(every),
                    opened,
                ]
                subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
