"""The benchmarks' Neo4j: the test server (tools/neo4j) holding a copy of an embedded store.

`--backend neo4j` in benchmarks/api.py and benchmarks/load.py starts one per store it measures,
so the embedded figures and the Neo4j ones come from the same run on the same graph.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.store import open_store
from graph.store.backup import export_jsonl, restore_jsonl
from peergraph.core.settings import Settings
from tools.neo4j.launcher import LaunchedNeo4j, build


def neo4j_environment(settings: Settings) -> dict[str, str]:
    """What `peergraph serve` or a child process needs in its environment to open this Neo4j."""
    assert settings.neo4j_uri is not None
    return {
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
    }


@contextmanager
def neo4j_server() -> Iterator[Settings]:
    """An empty Neo4j 5 for the length of the block (`make neo4j` first builds its launcher), run
    as a server would be rather than as the tests' quick-starting one."""
    build()
    with tempfile.TemporaryDirectory(prefix="peergraph-bench-neo4j-") as folder:
        launched = LaunchedNeo4j(Path(folder), as_server=True)
        try:
            yield Settings(
                db=Path(folder) / "unused.lbug",
                neo4j_uri=launched.uri,
                neo4j_user="neo4j",
                neo4j_password=launched.password,
            )
        finally:
            launched.stop()


@contextmanager
def neo4j_copy_of(db: Path) -> Iterator[Settings]:
    """A Neo4j 5 holding the same graph as the embedded store at `db` (export, then restore)."""
    with neo4j_server() as settings, tempfile.TemporaryDirectory() as folder:
        backup = Path(folder) / "graph.jsonl"
        with open_store(Settings(db=db, neo4j_uri=None), read_only=True) as source, backup.open("w") as out:
            export_jsonl(source, out)
        with open_store(settings) as target:
            restore_jsonl(target, backup)
        yield settings
