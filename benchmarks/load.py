"""Import throughput, peak memory and store size for N synthetic reports, parse and load apart.

    .venv/bin/python -m benchmarks.load [--reports 5 500] [--no-tag] [--backend neo4j]

The reports are the reference reports' text recombined under other councils from the reference
table (benchmarks/synthetic.py `synthetic_texts`), written as files and imported the way
`peergraph import` does: parse, tag with the pattern library, load in one transaction per
report; from graph/reports/bulk.py's APART_FROM reports on, as `peergraph import` does it then: read
and tagged in a child process first (its time is in "parse", its peak in "tagger MB"), then loaded
with no model in the importing process. Each N runs in its own process on a fresh embedded store,
so peak memory is that import's alone. The smallest N is the baseline: the table gives each larger N's time per
report as a ratio to it. A second import of the same files is timed too, as `peergraph import`
does it: every report is unchanged, recognised by its bytes without being parsed again.

"ONNX alone" is the model's floor: a fresh embedder, no cache, encoding the sentences the
tagger was given (a deterministic sample of up to 1,500 of them, the rate applied to all), in
the same process after the import. `x floor` is import time per report over that floor; it can
be below 1 when reports repeat sentences, which the vector cache then encodes once. Peak
memory is taken before the floor is measured, so it is the import's own.
`--backend neo4j` runs each N again into an empty Neo4j 5 (tools/neo4j) and prints its table
below the embedded one, from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.neo4j_backend import neo4j_environment, neo4j_server
from benchmarks.seeds import MAX_BYTES, seeds_folder
from benchmarks.synthetic import synthetic_texts
from graph.patterns.embeddings import Embedder, locate_model
from graph.patterns.tagger import PatternTag, TagItem, _split
from graph.patterns.tags import tagger_for
from graph.reports.bulk import APART_FROM, import_files
from graph.reports.loader import ImportSummary, LoadStatus, import_reports, load_report
from graph.store import GraphStore, open_store
from graph.store import queries as q
from importers.parser import parse_file
from peergraph.core.settings import Settings


def import_once(count: int, workdir: Path, tag: bool) -> dict[str, float]:
    """Generate `count` report files in `workdir`, import them twice, and return the figures."""
    reports = workdir / "reports"
    reports.mkdir()
    expected = {}
    for name, council, text in synthetic_texts(count, seeds_folder()):
        (reports / name).write_text(text, encoding="utf-8")
        expected[name] = council.id
    files = sorted(reports.iterdir())
    db = workdir / "graph.lbug"
    # On Neo4j the parent passes the server in NEO4J_URI and friends (benchmarks/neo4j_backend.py)
    settings = (
        Settings(db=db, tag_on_import=tag)
        if os.environ.get("NEO4J_URI")
        else Settings(db=db, neo4j_uri=None, tag_on_import=tag)
    )
    seconds = {"parse": 0.0, "tag": 0.0, "load": 0.0, "reimport": 0.0}
    findings = recommendations = right_council = 0
    sentences = SentenceTally()
    apart = tag and count >= APART_FROM  # as `peergraph import` does it: read and tag apart, then load
    with open_store(settings) as store:
        inner = tagger_for(store, settings) if not apart else None  # the model only in the child then

        def timed_tagger(items: list[TagItem]) -> list[PatternTag]:
            assert inner is not None
            sentences.add(_split(items).texts)
            started = time.perf_counter()
            try:
                return inner(items)
            finally:
                seconds["tag"] += time.perf_counter() - started

        tagger = timed_tagger if inner is not None else None
        if tagger is not None:
            tagger([TagItem("warm-up", "Warm the model before timing.", None)])
            seconds["tag"] = 0.0
            sentences = SentenceTally()
        if apart:
            phases, summary = import_apart(store, files, settings)
            seconds.update(phases)
            for outcome in summary.outcomes:
                findings += outcome.findings
                recommendations += outcome.recommendations
                right_council += (outcome.review_id or "").startswith(expected[outcome.source] + "-")
        for number, path in enumerate([] if apart else files, 1):
            if number % 50 == 0:
                print(f"  {number}/{count} imported", file=sys.stderr, flush=True)
            started = time.perf_counter()
            report = parse_file(path, MAX_BYTES)
            parsed = time.perf_counter()
            tag_before = seconds["tag"]
            outcome = load_report(store, report, tagger=tagger)
            seconds["parse"] += parsed - started
            seconds["load"] += time.perf_counter() - parsed - (seconds["tag"] - tag_before)
            findings += outcome.findings
            recommendations += outcome.recommendations
            right_council += report.council.id == expected[path.name]
        started = time.perf_counter()
        again = import_reports(store, files, MAX_BYTES, tagger=tagger)
        unchanged = sum(outcome.status is LoadStatus.UNCHANGED for outcome in again.outcomes)
        seconds["reimport"] = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if apart:  # what the child tagged, for the floor, read back after the peak: 83,000 texts at 500
            items = [TagItem(r["id"], r["text"], r.get("polarity")) for r in store.read(q.SEARCHABLE_ITEMS)]
            sentences.add(_split(items).texts)
            del items
    store_bytes = sum(p.stat().st_size for p in workdir.glob("graph.lbug*"))
    tagging_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the tagging process
    return {
        "reports": count,
        **seconds,
        "findings": findings,
        "recommendations": recommendations,
        "right_council": right_council,
        "unchanged_on_reimport": unchanged,
        "peak_mb": peak_mb,
        "tagging_peak_mb": tagging_peak_mb if apart else 0.0,
        "store_mb": store_bytes / 1e6,
        "sentences": sentences.count,
        "unique_sentences": len(sentences.distinct),
        "floor": model_floor(sentences) if tag else 0.0,
    }


def import_apart(
    store: GraphStore, files: list[Path], settings: Settings
) -> tuple[dict[str, float], ImportSummary]:
    """`graph.reports.bulk.import_files`, timed: reading and tagging in its child process (given as
    "parse", the tagging included), then loading here."""
    started = time.perf_counter()
    tagged = [started]

    def on_tagged(path: Path, done: int, total: int) -> None:
        tagged[0] = time.perf_counter()
        if done % 50 == 0:
            print(f"  {done}/{total} read and tagged", file=sys.stderr, flush=True)

    summary = import_files(store, files, settings, on_tagged=on_tagged)
    finished = time.perf_counter()
    return {"parse": tagged[0] - started, "tag": 0.0, "load": finished - tagged[0]}, summary


FLOOR_SAMPLE = 1500


class SentenceTally:
    """How many sentences the tagger was given, how many distinct, and a uniform sample of them.

    Kept without the sentences themselves (a reservoir sample and the distinct texts' hashes), so
    the peak memory reported is the import's, not this bookkeeping's: at 500 reports a list of
    every sentence held tens of MB.
    """

    def __init__(self) -> None:
        self.count = 0
        self.distinct: set[int] = set()
        self.sample: list[str] = []
        self._random = random.Random(0)

    def add(self, texts: list[str]) -> None:
        for text in texts:
            self.count += 1
            self.distinct.add(hash(text))
            if len(self.sample) < FLOOR_SAMPLE:
                self.sample.append(text)
            else:
                slot = self._random.randrange(self.count)
                if slot < FLOOR_SAMPLE:
                    self.sample[slot] = text


def model_floor(sentences: SentenceTally) -> float:
    """Seconds the model alone takes to encode every sentence tallied, from a sample's rate (no cache)."""
    if not sentences.count:
        return 0.0
    sample = sentences.sample
    embedder = Embedder(locate_model())
    embedder.encode(["Warm the model before timing."])
    started = time.perf_counter()
    embedder._encode_uncached(sample)
    return (time.perf_counter() - started) * sentences.count / len(sample)


def run_child(count: int, tag: bool, backend: str = "embedded") -> dict[str, float]:
    """Import `count` reports in a fresh process, into a fresh embedded store or an empty Neo4j."""
    command = [sys.executable, "-m", "benchmarks.load", "--child", str(count)]
    if not tag:
        command.append("--no-tag")
    print(
        f"importing {count} synthetic reports into {backend} in a fresh process...",
        file=sys.stderr,
        flush=True,
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if backend == "embedded":
        result = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, env=environment)
        return json.loads(result.stdout)
    with neo4j_server() as settings:
        result = subprocess.run(
            command, check=True, stdout=subprocess.PIPE, text=True,
            env={**environment, **neo4j_environment(settings)},
        )  # fmt: skip
    return json.loads(result.stdout)


def print_table(rows: Sequence[dict[str, float]]) -> None:
    baseline = rows[0]["parse"] + rows[0]["tag"] + rows[0]["load"]
    baseline_per_report = baseline / rows[0]["reports"]
    print(
        f"{'N':>5}{'reports/s':>11}{'parse ms':>10}{'tag ms':>9}{'load ms':>9}{'per report':>12}"
        f"{'x N=' + str(int(rows[0]['reports'])):>9}{'ONNX alone':>12}{'x floor':>9}{'tag x floor':>13}"
        f"{'peak MB':>9}{'tagger MB':>11}{'store MB':>10}{'reimport s':>12}"
    )
    for row in rows:
        count = row["reports"]
        total = row["parse"] + row["tag"] + row["load"]
        floor = row.get("floor", 0.0)
        print(
            f"{count:>5.0f}{count / total:>11.2f}{1000 * row['parse'] / count:>10.0f}"
            f"{1000 * row['tag'] / count:>9.0f}{1000 * row['load'] / count:>9.0f}"
            f"{1000 * total / count:>10.0f}ms{total / count / baseline_per_report:>9.2f}"
            f"{1000 * floor / count:>10.0f}ms{total / floor if floor else 0:>9.2f}"
            f"{row['tag'] / floor if floor else 0:>13.2f}"
            f"{row['peak_mb']:>9.0f}{row.get('tagging_peak_mb', 0):>11.0f}{row['store_mb']:>10.1f}"
            f"{row['reimport']:>12.1f}"
        )
    for row in rows:
        print(
            f"N={row['reports']:.0f}: {row['findings']:.0f} findings, {row['recommendations']:.0f} "
            f"recommendations; council identified right in {row['right_council']:.0f}/{row['reports']:.0f}; "
            f"unchanged on re-import {row['unchanged_on_reimport']:.0f}/{row['reports']:.0f}; "
            f"{row.get('sentences', 0):.0f} sentences tagged, {row.get('unique_sentences', 0):.0f} distinct"
        )
    print(
        f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, nargs="+", default=[5, 500])
    parser.add_argument("--no-tag", dest="tag", action="store_false", help="Import without pattern tagging")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--backend",
        choices=["embedded", "neo4j"],
        default="embedded",
        help="neo4j: also import each N into an empty Neo4j 5 (tools/neo4j) and print both tables",
    )
    args = parser.parse_args()
    if args.child is not None:
        with tempfile.TemporaryDirectory(prefix="peergraph-load-") as workdir:
            print(json.dumps(import_once(args.child, Path(workdir), args.tag)))
        return
    print("embedded store")
    print_table([run_child(count, args.tag) for count in sorted(args.reports)])
    if args.backend == "neo4j":
        print("\nNeo4j 5 (peak MB is peergraph's process alone, not the Neo4j server; store MB not measured)")
        print_table([run_child(count, args.tag, "neo4j") for count in sorted(args.reports)])


if __name__ == "__main__":
    main()
