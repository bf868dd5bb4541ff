"""Parse throughput over the reference reports, next to the cost of merely reading the same bytes.

    .venv/bin/python benchmarks/parse.py [--seeds DIR] [--repeat N]

Prints reports/s and MB/s for: reading the files (baseline), reading into blocks (format
reader), reading plus the front matter alone (council, dates, peer team), the full parse
(council, team, findings, recommendations), and polarity alone (every finding of the report
judged again), with each stage's ratio to the baseline and the CPU seconds it took (steadier
than wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

from importers.formats import read_document
from importers.front_matter import read_front_matter
from importers.model import Polarity, Section
from importers.parser import parse_file
from importers.polarity import passage_polarity

MAX_BYTES = 50 * 1024 * 1024


_PRIORS = {Section.STRENGTHS: Polarity.STRENGTH, Section.CONSIDERATIONS: Polarity.AREA_FOR_DEVELOPMENT}


def timed(work: Callable[[Path], object], files: list[Path], repeat: int) -> tuple[float, float]:
    """Wall and CPU seconds for `repeat` rounds of `work` over `files`."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for path in files:
            work(path)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    default_seeds = Path(
        os.environ.get("PEERGRAPH_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
    )
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=Path, default=default_seeds)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        raise SystemExit(f"no reports in {args.seeds}")
    parse_file(files[0], MAX_BYTES)  # warm caches (council patterns, regexes) outside the timing
    megabytes = sum(p.stat().st_size for p in files) * args.repeat / 1e6
    reports = len(files) * args.repeat
    findings = {
        p: [(f.text, _PRIORS.get(f.section)) for f in parse_file(p, MAX_BYTES).findings] for p in files
    }
    stages: list[tuple[str, Callable[[Path], object]]] = [
        ("read bytes (baseline)", lambda p: p.read_bytes()),
        ("read into blocks", lambda p: read_document(p, MAX_BYTES)),
        ("read + front matter", lambda p: read_front_matter(read_document(p, MAX_BYTES))),
        ("full parse", lambda p: parse_file(p, MAX_BYTES)),
        ("polarity alone", lambda p: [passage_polarity(text, prior) for text, prior in findings[p]]),
    ]
    print(f"{len(files)} reports x {args.repeat} = {reports} parses, {megabytes:.1f} MB")
    print(f"{'stage':<24}{'seconds':>10}{'reports/s':>12}{'MB/s':>10}{'x baseline':>12}{'cpu s':>9}")
    baseline = None
    for name, work in stages:
        seconds, cpu = timed(work, files, args.repeat)
        baseline = baseline or seconds
        print(
            f"{name:<24}{seconds:>10.3f}{reports / seconds:>12.1f}{megabytes / seconds:>10.2f}"
            f"{seconds / baseline:>12.0f}{cpu:>9.2f}"
        )


if __name__ == "__main__":
    main()
