"""What the embedder's in-memory vector cache costs in memory and saves in time, beside the disk cache.

    .venv/bin/python -m benchmarks.vector_memory [--sizes 50000 4096] [--texts 40000]

Fills a disk cache (graph/patterns/vector_cache.py) with vectors for `--texts` distinct texts, then,
for each memory cache size in its own process, looks up 400 "reports" of 300 texts each (every text
in two reports, as sentences repeat across reports) through an embedder with that disk behind it,
and prints the time and the RSS the lookups added. No text reaches the model: every vector is on
disk, so the figures are the caches' alone. The first size is the baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from graph.patterns.embeddings import DIMENSION, MODEL_ID, Embedder, locate_model, text_key
from graph.patterns.vector_cache import VectorCache

REPORTS, PER_REPORT, STEP = 400, 300, 100


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def _texts(count: int) -> list[str]:
    return [f"sentence number {i} about waiting lists and carers" for i in range(count)]


def lookups(disk_path: Path, texts: int, size: int) -> tuple[float, float]:
    """Seconds and MB added for the lookups through a memory cache of `size` vectors."""
    disk = VectorCache(disk_path, MODEL_ID, DIMENSION)
    embedder = Embedder(locate_model(), cache_size=size).with_disk(disk)
    every = _texts(texts)
    before = _rss_mb()
    started = time.perf_counter()
    for report in range(REPORTS):
        first = (report * STEP) % texts
        embedder.encode(every[first : first + PER_REPORT])
    return time.perf_counter() - started, _rss_mb() - before


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 4_096])
    parser.add_argument("--texts", type=int, default=40_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        seconds, added = lookups(Path(args.child[0]), args.texts, int(args.child[1]))
        print(f"{seconds} {added}")
        return
    with tempfile.TemporaryDirectory() as folder:
        disk_path = Path(folder) / "embeddings.sqlite"
        rng = np.random.default_rng(0)
        disk = VectorCache(disk_path, MODEL_ID, DIMENSION)
        disk.put_many(
            (text_key(text), rng.random(DIMENSION, dtype=np.float32)) for text in _texts(args.texts)
        )
        disk.close()
        print(f"{REPORTS} reports x {PER_REPORT} lookups over {args.texts} distinct texts on disk")
        print(f"{'memory cache':>14}{'seconds':>10}{'RSS added MB':>15}{'x baseline s':>15}")
        baseline = None
        for size in args.sizes:
            child = [sys.executable, "-m", "benchmarks.vector_memory", "--texts", str(args.texts)]
            out = subprocess.run([*child, "--child", str(disk_path), str(size)], check=True,
                                 capture_output=True, text=True).stdout.split()  # fmt: skip
            seconds, added = float(out[0]), float(out[1])
            baseline = baseline or seconds
            print(f"{size:>14,}{seconds:>10.2f}{added:>15.0f}{seconds / baseline:>14.2f}x")


if __name__ == "__main__":
    main()
