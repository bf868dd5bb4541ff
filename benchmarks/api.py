"""Latency and throughput of the main read endpoints, on a 500-report synthetic store.

    .venv/bin/python -m benchmarks.api [--reports 500] [--requests 200] [--clients 4]

Starts two `peergraph serve` processes on loopback: the baseline over the five reference
reports and one over the synthetic store (benchmarks/synthetic.py), then drives both from this
process over HTTP. Prints p50/p95 latency (sequential requests) and requests/s (several client
threads) per endpoint, with the synthetic store's ratio to the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks.seeds import seeds_folder
from benchmarks.synthetic import synthetic_store

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [PEERGRAPH, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/regions", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"server on port {port} did not start")


def endpoints(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base, timeout=30) as http:
        recommendation = http.get("/recommendations", params={"source": "summary", "limit": 1}).json()[
            "items"
        ][0]
        council = http.get("/councils", params={"limit": 1}).json()["items"][0]
    return {
        "GET /regions": "/regions",
        "GET /councils/{id}": f"/councils/{council['id']}",
        "GET /findings?region&theme": "/findings?region=South%20West&theme=3&limit=50",
        "GET /findings?q": "/findings?q=waiting&limit=50",
        "GET /recommendations?owner": "/recommendations?owner=DASS&limit=50",
        "GET /recommendations/{id}/trace": f"/recommendations/{recommendation['id']}/trace",
        "GET /search?q": "/search?q=single%20points%20of%20failure",
        "GET /owners": "/owners",
    }


def measure(base: str, path: str, requests: int, clients: int) -> tuple[float, float, float]:
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get(path).raise_for_status()  # warm caches (search index) outside the timing
        latencies = []
        for _ in range(requests):
            started = time.perf_counter()
            http.get(path).raise_for_status()
            latencies.append(time.perf_counter() - started)

    def worker(count: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for _ in range(count):
                http.get(path).raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(worker, [requests // clients] * clients))
    throughput = (requests // clients) * clients / (time.perf_counter() - started)
    quantiles = statistics.quantiles(latencies, n=20)
    return 1000 * statistics.median(latencies), 1000 * quantiles[18], throughput


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    synthetic = synthetic_store(args.reports)
    with tempfile.TemporaryDirectory() as folder:
        baseline_db = Path(folder) / "graph.lbug"
        subprocess.run([PEERGRAPH, "import", str(seeds_folder()), "--db", str(baseline_db)], check=True,
                       capture_output=True)  # fmt: skip
        servers = [start_server(baseline_db, 8731), start_server(synthetic, 8732)]
        try:
            base, big = "http://127.0.0.1:8731", "http://127.0.0.1:8732"
            print(f"baseline: 5 reference reports; synthetic: {args.reports} reports; "
                  f"{args.requests} requests per endpoint, {args.clients} client threads")  # fmt: skip
            header = f"{'endpoint':<34}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}  | {'p50 ms':>8}{'p95 ms':>9}{'req/s':>8}"
            print(f"{'':<34}{'--- baseline (5) ---':>26}  | {'--- synthetic ---':>25}{'p95 ratio':>11}")
            print(header + f"{'':>11}")
            for name, path in endpoints(big).items():
                base_path = endpoints(base)[name]
                b50, b95, brps = measure(base, base_path, args.requests, args.clients)
                s50, s95, srps = measure(big, path, args.requests, args.clients)
                print(
                    f"{name:<34}{b50:>9.1f}{b95:>9.1f}{brps:>8.0f}  | {s50:>8.1f}{s95:>9.1f}{srps:>8.0f}{s95 / b95:>10.1f}x"
                )
        finally:
            for server in servers:
                server.terminate()
                server.wait()


if __name__ == "__main__":
    main()
