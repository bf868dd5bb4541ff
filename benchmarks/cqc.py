"""CQC import and comparison speed: every English council's summary page and a CSV of all of them.

    .venv/bin/python -m benchmarks.cqc [--seeds DIR]

Writes, for each of the 153 councils in the reference table, a whole summary page as text (the
nine scores, then each statement's section with three paragraphs of key findings) and one CSV
row, then prints, beside reading the bytes alone (the baseline): reading the pages into blocks,
reading them as CQC results, loading them (one transaction a file), importing them again
(unchanged), loading the CSV, and the cross-council read with the five reference reports loaded.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.seeds import MAX_BYTES, seeds_folder
from graph.cqc.loader import CqcStatus, import_cqc_files
from graph.cqc.reads import council_cqc, cross_council
from graph.reports.loader import import_reports
from graph.reports.reference import bootstrap_store
from graph.store import open_store
from importers.councils import Council, load_councils
from importers.cqc import read_cqc_file
from importers.formats import read_document
from importers.framework import QUALITY_STATEMENTS
from peergraph.core.settings import Settings

BANDS = {
    1: "significant shortfalls",
    2: "some shortfalls",
    3: "a good standard",
    4: "an exceptional standard",
}
RUNS = 5
RATINGS = ((39, "Inadequate"), (63, "Requires improvement"), (88, "Good"), (101, "Outstanding"))


def _page(council: Council, scores: list[int], rng: random.Random) -> str:
    score = round(sum(scores) / 36 * 100)
    rating = next(name for bound, name in RATINGS if score < bound)
    day = rng.randint(1, 28)
    lines = [
        f"{council.name}: local authority assessment",
        f"Published: {day} March 2025 Page last updated: {day} March 2025",
        "Overall summary",
        "Local authority rating and score",
        f"  • {council.name}",
        f"    {rating}",
        f"{council.name} scored {score} out of 100 overall, indicating a {rating.lower()} standard",
        "Quality statement scores",
    ]
    for qs, value in zip(QUALITY_STATEMENTS, scores, strict=True):
        lines += [f"  • {qs.name}", f"    Score: {value}"]
    lines += ["Summary of people's experiences", "People told us staff listened to them.", ""]
    for qs, value in zip(QUALITY_STATEMENTS, scores, strict=True):
        lines += [qs.name, f"Score: {value}", f"{value} - Evidence shows {BANDS[value]}"]
        lines += ["Key findings for this quality statement", "Timeliness"]
        lines += [
            f"Finding {n} for {qs.name.lower()} in {council.short_name}: people waited {rng.randint(2, 30)} weeks."
            for n in range(3)
        ]
        lines.append("")
    return "\n".join(lines) + "\n"


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=Path, default=seeds_folder())
    args = parser.parse_args()
    rng = random.Random(18)
    councils = list(load_councils())
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        pages = folder / "pages"
        pages.mkdir()
        rows = ["council,published,rating,score," + ",".join(qs.id for qs in QUALITY_STATEMENTS)]
        for council in councils:
            scores = [rng.choice((1, 2, 2, 3, 3, 3, 4)) for _ in QUALITY_STATEMENTS]
            (pages / f"{council.id}.txt").write_text(_page(council, scores, rng), encoding="utf-8")
            rows.append(f'"{council.name}",2025-06-01,Good,70,' + ",".join(map(str, scores)))
        csv_file = folder / "all.csv"
        csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
        files = sorted(pages.iterdir())
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        read_cqc_file(files[0], MAX_BYTES)  # warm the council table and regexes outside the timing
        settings = Settings(db=folder / "graph.lbug", neo4j_uri=None)
        with open_store(settings) as store:
            bootstrap_store(store, settings)
            stages: list[tuple[str, Callable[[], object]]] = [
                ("read bytes (baseline)", lambda: [p.read_bytes() for p in files]),
                ("read into blocks", lambda: [read_document(p, MAX_BYTES) for p in files]),
                ("read as CQC results", lambda: [read_cqc_file(p, MAX_BYTES) for p in files]),
                ("read and load", lambda: import_cqc_files(store, files, MAX_BYTES)),
                ("import again (unchanged)", lambda: import_cqc_files(store, files, MAX_BYTES)),
            ]
            print(
                f"{len(files)} summary pages ({megabytes:.1f} MB, 27 key findings each) and a {len(councils)}-row CSV"
            )
            print(f"{'stage':<28}{'seconds':>10}{'pages/s':>10}{'x baseline':>12}")
            baseline = None
            for name, work in stages:
                seconds = _timed(work)
                baseline = baseline or seconds
                print(f"{name:<28}{seconds:>10.3f}{len(files) / seconds:>10.1f}{seconds / baseline:>12.1f}")
            again = import_cqc_files(store, files, MAX_BYTES)
            assert all(o.status is CqcStatus.UNCHANGED for o in again.outcomes)
            csv_seconds = _timed(lambda: import_cqc_files(store, [csv_file], MAX_BYTES))
            print(f"{'load the CSV (153 rows)':<28}{csv_seconds:>10.3f}")
            seeds = sorted(args.seeds.glob("*.txt"))
            if seeds:
                import_reports(store, seeds, MAX_BYTES)  # untagged: patterns do not change the timing much
                for label, work in (
                    ("cross-council read", lambda: cross_council(store)),
                    ("one council's comparison", lambda: council_cqc(store, "E06000027")),
                ):
                    work()  # warm
                    seconds = _timed(lambda work=work: [work() for _ in range(RUNS)]) / RUNS  # type: ignore[misc]
                    print(
                        f"{label:<28}{seconds * 1000:>9.0f} ms  (153 assessed councils, {len(seeds)} with reports)"
                    )


if __name__ == "__main__":
    main()
