"""Latency and throughput of the main read endpoints, on a 500-report synthetic store.

    .venv/bin/python -m benchmarks.api [--reports 500] [--requests 60] [--clients 4] [--backend neo4j]

Starts three servers on loopback: a trivial FastAPI endpoint under uvicorn (the floor,
benchmarks/trivial_app.py), `peergraph serve` over the five reference reports, and `peergraph
serve` over the synthetic store (benchmarks/synthetic.py, tagged), then drives them from this
process over HTTP. Prints p50/p95 latency (sequential requests) and requests/s (several client
threads) per endpoint at 5 and at N reports, and each p95 as a multiple of the trivial
endpoint's, which is sampled once before every timed request of the run, so that both see the
same moments of a shared machine. The trivial endpoint is also timed under 2 uvicorn workers,
the ceiling a second worker could give on this machine. `--backend neo4j` copies both stores into two Neo4j 5 servers
(tools/neo4j; `make neo4j` first), serves them the same way and prints their table beside the
embedded one, from the same run. Before the repeated requests, each endpoint that takes an argument
is also asked once for each of up to `--requests` distinct arguments at N reports (councils,
recommendations, owners, regions and themes, words): the cost of a first visit, which the repeated
requests do not see where a read is kept until the data changes; each endpoint is first asked
untimed for up to 20 other arguments, as a server that has been running would have been.

The servers warm as `peergraph serve` does by default (api/warming.py: the search index, every
council page and every owner's recommendations worked out when the data changes), and the run waits
until they say so (`GET /health`), so first visits of council and owner pages are of pages worked
out ahead. `PEERGRAPH_WARM_READS=false` in the environment measures them computed on the visit
instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing
from pathlib import Path

import httpx

from benchmarks.neo4j_backend import neo4j_copy_of, neo4j_environment
from benchmarks.seeds import seeds_folder
from benchmarks.synthetic import synthetic_store

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")


def start_server(db: Path, port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """`peergraph serve` over the embedded store at `db`, or over the Neo4j that `env` names."""
    process = subprocess.Popen(
        [PEERGRAPH, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}, **(env or {})},
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


def wait_until_warmed(ports: list[int], timeout: float = 600) -> None:
    """Until each server's warm-up is done (`GET /health`), or it does not warm."""
    deadline = time.monotonic() + timeout
    for port in ports:
        while (warming := httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()["warming"]) and (
            warming["state"] != "ready"
        ):
            if time.monotonic() > deadline:
                raise SystemExit(f"server on port {port} did not finish warming: {warming}")
            time.sleep(0.5)
        if warming:
            print(f"server on port {port}: the search index, {warming['councils']} council pages, "
                  f"{warming['owners']} owners' recommendations and {warming['plans']} filter plans "
                  f"worked out in {warming['seconds']} s",
                  file=sys.stderr, flush=True)  # fmt: skip


def start_trivial(port: int, workers: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "benchmarks.trivial_app:app", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ping", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"trivial server on port {port} did not start")


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
        "GET /patterns/matrix": "/patterns/matrix",
        "GET /patterns": "/patterns",
        "GET /ui/patterns": "/ui/patterns",
        "GET /ui/councils/{id}": f"/ui/councils/{council['id']}",
    }


WARM_PATHS = 20
"""Untimed first visits per endpoint before the timed ones, where there are arguments to spare."""


def first_visit_paths(base: str, count: int) -> dict[str, tuple[list[str], list[str]]]:
    """For each endpoint that takes an argument, up to `count` distinct paths none of them asked
    before: what a kept read costs the first time (the tables of repeated requests see it kept).
    Before them, up to WARM_PATHS other paths of the same endpoint to ask untimed (at least one)."""
    with httpx.Client(base_url=base, timeout=60) as http:
        councils = [
            c["id"] for c in http.get("/councils", params={"reviewed": True, "limit": 200}).json()["items"]
        ]
        recommendations = http.get("/recommendations", params={"limit": 200}).json()["items"]
        owners = [o["name"] for o in http.get("/owners").json()]
        regions = [r["name"] for r in http.get("/regions").json()]
    words = list(dict.fromkeys(
        word.lower() for r in recommendations for word in r["text"].split() if word.isalpha() and len(word) >= 7
    ))  # fmt: skip
    half = len(councils) // 2

    def split(paths: list[str], spare: list[str]) -> tuple[list[str], list[str]]:
        """The warm-ups (spare paths, else the first path) and the timed paths (up to `count`)."""
        if spare:
            return spare[:WARM_PATHS], paths[:count]
        return paths[:1], paths[1 : count + 1]

    areas = [(region, theme) for region in regions for theme in (1, 2, 3, 4)]
    return {
        "GET /councils/{id}": split(
            [f"/councils/{c}" for c in councils[:half]], [f"/councils/{c}" for c in councils[:half][count:]]
        ),
        "GET /ui/councils/{id}": split(
            [f"/ui/councils/{c}" for c in councils[half:]],
            [f"/ui/councils/{c}" for c in councils[half:][count:]],
        ),
        # Every region and theme is timed; the warm-ups ask the same queries with a polarity instead
        "GET /findings?region&theme": split(
            [f"/findings?region={region}&theme={theme}&limit=50" for region, theme in areas],
            [f"/findings?region={region}&polarity=strength&limit=50" for region in regions],
        ),
        "GET /findings?q": split(
            [f"/findings?q={word}&limit=50" for word in words[:count]],
            [f"/findings?q={word}&limit=50" for word in words[2 * count :]],
        ),
        # Every owner is timed; the warm-ups ask the same reads with a second filter
        "GET /recommendations?owner": split(
            [f"/recommendations?owner={owner}&limit=50" for owner in owners],
            [f"/recommendations?owner={owner}&source=summary&limit=50" for owner in owners],
        ),
        "GET /recommendations/{id}/trace": split(
            [f"/recommendations/{r['id']}/trace" for r in recommendations],
            [f"/recommendations/{r['id']}/trace" for r in recommendations[count:]],
        ),
        "GET /search?q": split(
            [f"/search?q={word}" for word in words[count : 2 * count]],
            [f"/search?q={word}" for word in words[2 * count + WARM_PATHS :]],
        ),
    }


def measure_first_visits(base: str, count: int, floor: Floor) -> list[tuple[str, int, float, float]]:
    """Each endpoint's distinct paths, each asked once (after one request to the trivial endpoint).

    Other paths of each endpoint are asked untimed first, as a server that has been running would
    have: on Neo4j the first queries of a kind after a start are planned, read cold pages and run
    before the JIT has compiled them (1.4 s for an owner page whose next owner takes 40 ms; a trace
    37 ms p50 on a new server, 10 ms on one that had run for half an hour)."""
    rows = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for warm in ("/search?q=care", "/findings?q=care&limit=50"):  # build the text indexes
            http.get(warm).raise_for_status()
        for name, (warm_ups, paths) in first_visit_paths(base, count).items():
            for warm in warm_ups:
                http.get(warm).raise_for_status()
            latencies = []
            for path in paths:
                floor.sample()
                started = time.perf_counter()
                http.get(path).raise_for_status()
                latencies.append(time.perf_counter() - started)
            rows.append((name, len(paths), *_p50_p95(latencies)))
    return rows


def print_first_visits(title: str, rows: list[tuple[str, int, float, float]], t95: float) -> None:
    print(f"\n{title}: first visits (distinct arguments, each asked once)")
    print(f"{'endpoint':<34}{'paths':>7}{'p50 ms':>9}{'p95 ms':>9}{'p95 x trivial':>15}")
    for name, paths, p50, p95 in rows:
        print(f"{name:<34}{paths:>7}{p50:>9.1f}{p95:>9.1f}{p95 / t95:>14.1f}x")


TRIVIAL = "http://127.0.0.1:8730"


class Floor:
    """The trivial endpoint's latencies, one request before each timed request of the whole run, so
    that its p95 is taken over the same moments as the endpoints' (measured once at the start, from
    20 requests, it moved 3.7-16.2 ms between two quiet runs)."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self._http = httpx.Client(base_url=TRIVIAL, timeout=60)

    def sample(self) -> None:
        started = time.perf_counter()
        self._http.get("/ping").raise_for_status()
        self.latencies.append(time.perf_counter() - started)

    def p50_p95(self) -> tuple[float, float]:
        return _p50_p95(self.latencies)

    def close(self) -> None:
        self._http.close()


def _p50_p95(latencies: list[float]) -> tuple[float, float]:
    return 1000 * statistics.median(latencies), 1000 * statistics.quantiles(latencies, n=20)[18]


def measure(
    base: str, path: str, requests: int, clients: int, floor: Floor | None = None
) -> tuple[float, float, float]:
    """p50 and p95 ms of sequential requests (each after one to the trivial endpoint, given its
    `floor`), and req/s from `clients` threads."""
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get(path).raise_for_status()  # warm caches (search index) outside the timing
        latencies = []
        for _ in range(requests):
            if floor is not None:
                floor.sample()
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
    return *_p50_p95(latencies), throughput


Row = tuple[str, tuple[float, float, float], tuple[float, float, float]]


def measure_table(base: str, big: str, args: argparse.Namespace, floor: Floor) -> list[Row]:
    """Each endpoint at 5 reports (`base`) and at N (`big`)."""
    base_paths = endpoints(base)
    return [
        (
            name,
            measure(base, base_paths[name], args.requests, args.clients, floor),
            measure(big, path, args.requests, args.clients, floor),
        )
        for name, path in endpoints(big).items()
    ]


def print_table(title: str, rows: list[Row], reports: int, t95: float) -> dict[str, float]:
    """One backend's table; returns the p95 at N by endpoint."""
    print(f"\n{title}")
    print(f"{'':<34}{'--- 5 reports ---':>26}  | {'--- ' + str(reports) + ' reports ---':>25}"
          f"{'p95 x trivial':>16}{'p95 x 5':>9}")  # fmt: skip
    print(f"{'endpoint':<34}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}  | {'p50 ms':>8}{'p95 ms':>9}{'req/s':>8}"
          f"{'at 5':>8}{'at N':>8}")  # fmt: skip
    for name, (b50, b95, brps), (s50, s95, srps) in rows:
        print(
            f"{name:<34}{b50:>9.1f}{b95:>9.1f}{brps:>8.0f}  | {s50:>8.1f}{s95:>9.1f}{srps:>8.0f}"
            f"{b95 / t95:>7.1f}x{s95 / t95:>7.1f}x{s95 / b95:>8.1f}x"
        )
    return {name: at_n[1] for name, _, at_n in rows}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--backend",
        choices=["embedded", "neo4j"],
        default="embedded",
        help="neo4j: also serve the same two stores from Neo4j 5 (tools/neo4j) and print both tables",
    )
    args = parser.parse_args()

    synthetic = synthetic_store(args.reports)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        baseline_db = Path(folder) / "graph.lbug"
        subprocess.run([PEERGRAPH, "import", str(seeds_folder()), "--db", str(baseline_db)], check=True,
                       capture_output=True)  # fmt: skip
        servers = [start_server(baseline_db, 8731), start_server(synthetic, 8732)]
        servers += [start_trivial(8730, 1), start_trivial(8733, 2)]
        if args.backend == "neo4j":
            print("copying both stores into two Neo4j 5 servers...", file=sys.stderr, flush=True)
            small = neo4j_environment(stack.enter_context(neo4j_copy_of(baseline_db)))
            large = neo4j_environment(stack.enter_context(neo4j_copy_of(synthetic)))
            servers += [
                start_server(Path(folder) / "unused-5.lbug", 8734, small),
                start_server(Path(folder) / "unused-n.lbug", 8735, large),
            ]
        try:
            wait_until_warmed([8731, 8732] + ([8734, 8735] if args.backend == "neo4j" else []))
            print(f"baseline: 5 reference reports; synthetic: {args.reports} reports; "
                  f"{args.requests} requests per endpoint, {args.clients} client threads", flush=True)  # fmt: skip
            floor = stack.enter_context(closing(Floor()))
            # First visits before the repeated requests, so that none of their paths was asked before
            embedded_first = measure_first_visits("http://127.0.0.1:8732", args.requests, floor)
            neo4j_first = (
                measure_first_visits("http://127.0.0.1:8735", args.requests, floor)
                if args.backend == "neo4j"
                else []
            )
            embedded_rows = measure_table("http://127.0.0.1:8731", "http://127.0.0.1:8732", args, floor)
            neo4j_rows = (
                measure_table("http://127.0.0.1:8734", "http://127.0.0.1:8735", args, floor)
                if args.backend == "neo4j"
                else []
            )
            t50, t95 = floor.p50_p95()
            w50, w95, wrps = measure("http://127.0.0.1:8733", "/ping", args.requests, args.clients)
            trps = measure(TRIVIAL, "/ping", args.requests, args.clients)[2]
            print(f"trivial endpoint, 1 worker: p50 {t50:.1f} ms, p95 {t95:.1f} ms over the "
                  f"{len(floor.latencies)} requests between the others, {trps:.0f} req/s; "
                  f"2 workers: p50 {w50:.1f} ms, p95 {w95:.1f} ms, {wrps:.0f} req/s")  # fmt: skip
            embedded = print_table("embedded store", embedded_rows, args.reports, t95)
            print_first_visits(f"embedded store, {args.reports} reports", embedded_first, t95)
            if neo4j_rows:
                neo4j = print_table("Neo4j 5", neo4j_rows, args.reports, t95)
                print_first_visits(f"Neo4j 5, {args.reports} reports", neo4j_first, t95)
                print(f"\n{'endpoint':<34}{'p95 ms embedded':>17}{'p95 ms Neo4j':>14}{'Neo4j / embedded':>18}"
                      f"   (at {args.reports} reports)")  # fmt: skip
                for name, p95 in embedded.items():
                    print(f"{name:<34}{p95:>17.1f}{neo4j[name]:>14.1f}{neo4j[name] / p95:>17.1f}x")
        finally:
            for server in servers:
                server.terminate()
                server.wait()


if __name__ == "__main__":
    main()
