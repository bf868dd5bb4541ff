"""Start and stop the Neo4j 5 test server that `make neo4j` builds (tools/neo4j/run).

The tests (tests/neo4j_server.py) and the benchmarks (`--backend neo4j`) both use it: a real
Community kernel and Bolt server on a free loopback port, with a throwaway data folder and a
random password. It stops when `stop()` closes its standard input, or when this process dies.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import IO

TOOL = Path(__file__).resolve().parent
PROJECT = TOOL.parent.parent
START_TIMEOUT_S = 240.0  # a cold JVM on a loaded 2-core machine has taken 45 s; leave room
STOP_TIMEOUT_S = 30.0


class Neo4jUnavailable(Exception):
    """This machine cannot run the test server (no JDK or Maven): the Neo4j tests skip."""


def build() -> None:
    """Build the launcher with `make neo4j` (seconds once ~/.m2 holds the jars)."""
    if not (shutil.which("java") and shutil.which("mvn") and shutil.which("make")):
        raise Neo4jUnavailable("no Neo4j for the tests: this machine lacks java (JDK 17), mvn or make")
    done = subprocess.run(
        ["make", "--no-print-directory", "-s", "neo4j"], cwd=PROJECT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"make neo4j failed:\n{done.stdout}\n{done.stderr}")


# What a server would run with, for the benchmarks: the JIT's every tier (with the tests' first
# tier alone, Neo4j's own time for a council's recommendations at 500 reports was 9-12 ms, with
# every tier 4-9) and a page cache that holds a 500-report store (180 MB).
SERVER_JAVA_OPTS = "-Xms1g -Xmx1g -XX:+UseG1GC"
SERVER_PAGE_CACHE_MB = 512


class LaunchedNeo4j:
    """The launcher in a subprocess; `stop()` closes its stdin and waits for a clean shutdown.
    `as_server` runs it as a server would (SERVER_JAVA_OPTS); the tests' default starts faster."""

    def __init__(self, folder: Path, *, as_server: bool = False) -> None:
        self.password = secrets.token_urlsafe(18)
        self.log = folder / "launcher.log"
        self._log = self.log.open("w")
        server = ["--page-cache-mb", str(SERVER_PAGE_CACHE_MB)] if as_server else []
        self.process = subprocess.Popen(
            [str(TOOL / "run"), "--data", str(folder / "home"), *server],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env={
                **os.environ,
                "NEO4J_PASSWORD": self.password,
                **({"NEO4J_JAVA_OPTS": SERVER_JAVA_OPTS} if as_server else {}),
            },
        )
        started = time.monotonic()
        self.uri = self._wait_until_ready()
        self.start_seconds = time.monotonic() - started

    def _wait_until_ready(self) -> str:
        assert self.process.stdout is not None
        lines: Queue[str] = Queue()
        threading.Thread(target=_forward, args=(self.process.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except Empty:
                if self.process.poll() is not None:
                    break
                continue
            if line.startswith("ready "):
                return line.split()[1]
        self.stop()
        raise RuntimeError(f"the Neo4j test server did not start:\n{self.log.read_text()[-4000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()  # the launcher's signal to shut down
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def _forward(stream: IO[str], lines: Queue[str]) -> None:
    for line in stream:
        lines.put(line.strip())
