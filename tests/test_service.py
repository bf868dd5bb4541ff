"""One writer, many clients: while `peergraph serve` holds the embedded store, every command works.

A real server on loopback over a store of the fictional examples; the commands run as a user
would run them, in other processes, and the results are read back over HTTP.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from peergraph.examples import EXAMPLES
from tests.fixtures import WESTMOOR, LiveServer, free_port
from tests.neo4j_server import Neo4jServer

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")
BRINDLEFORD = "X99000006"


def peergraph(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PEERGRAPH, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Every example but Brindleford imported untagged, then served."""
    db = tmp_path_factory.mktemp("served") / "graph.lbug"
    reports = [
        p for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".md", ".html") and "brindleford" not in p.name
    ]
    done = peergraph("import", *map(str, reports), "--no-tag", "--db", str(db))
    assert done.returncode == 0, done.stderr
    server = LiveServer(db)
    yield server
    server.stop()


def test_every_write_command_works_while_serving_and_shows_over_http(served: LiveServer) -> None:
    db = str(served.db)
    key = peergraph("keys", "create", "--role", "admin", "--label", "while serving", "--db", db)
    assert key.returncode == 0, key.stderr
    token = key.stdout.strip()

    imported = peergraph("import", str(EXAMPLES / "brindleford.md"), "--no-tag", "--db", db)
    assert imported.returncode == 0, imported.stderr
    plan = peergraph(
        "import-plan", str(EXAMPLES / "plans" / "westmoor-2025-06.csv"), "--council", WESTMOOR, "--db", db
    )
    assert plan.returncode == 0, plan.stderr
    tagged = peergraph("tag", "--pattern", "workforce", "--db", db)
    assert tagged.returncode == 0, tagged.stderr
    stats = json.loads(peergraph("stats", "--json", "--db", db).stdout)

    with httpx.Client(base_url=served.url, timeout=30) as http:
        headers = {"Authorization": f"Bearer {token}"}
        assert (
            http.get("/councils/X99000006", headers=headers).json()["reviews"][0]["council_id"] == BRINDLEFORD
        )
        actions = http.get(f"/councils/{WESTMOOR}/action-plan").json()["actions"]
        assert actions and all(a["council_id"] == WESTMOOR for a in actions)
        workforce = http.get("/patterns/workforce").json()
        assert workforce["pattern"]["instances"] > 0
        assert stats["reviews"] == len(http.get("/councils", params={"limit": 100}).json()["items"])
        # the key made through the CLI works on the server: a write it allows succeeds
        link = http.post(
            f"/actions/{actions[0]['id']}/link", headers=headers, json={"recommendation_id": "nope"}
        )
        assert link.status_code == 404, link.text
    keys = [json.loads(line) for line in peergraph("keys", "list", "--db", db).stdout.splitlines()]
    assert any(k["label"] == "while serving" for k in keys)


def test_concurrent_imports_through_the_server_lose_nothing(served: LiveServer, tmp_path: Path) -> None:
    db = str(served.db)
    (tmp_path / "councils.csv").write_bytes(
        (EXAMPLES / "councils.csv").read_bytes()
    )  # the fictional councils
    copies = []
    for month in ("January", "February", "April"):  # three more reviews of Westmoor, another month each
        text = (EXAMPLES / "westmoor.md").read_text(encoding="utf-8")
        copy = tmp_path / f"westmoor-{month}.md"
        copy.write_text(
            text.replace("Feedback report: March 2025", f"Feedback report: {month} 2025"), encoding="utf-8"
        )
        copies.append(copy)
    before = json.loads(peergraph("stats", "--json", "--db", db).stdout)["reviews"]
    results: list[subprocess.CompletedProcess[str]] = []
    threads = [
        threading.Thread(
            target=lambda c=copy: results.append(peergraph("import", str(c), "--no-tag", "--db", db))
        )
        for copy in copies
    ]
    for thread in threads:
        thread.start()
    with httpx.Client(base_url=served.url, timeout=30) as http:
        while any(t.is_alive() for t in threads):
            for review in http.get(f"/councils/{WESTMOOR}").json()["reviews"]:
                detail = http.get(f"/reviews/{review['id']}").json()
                assert detail["findings"], "a reader saw a review with no findings: half a report"
    for thread in threads:
        thread.join()
    assert all(r.returncode == 0 for r in results), [r.stdout[-600:] + r.stderr for r in results]
    after = json.loads(peergraph("stats", "--json", "--db", db).stdout)["reviews"]
    assert after - before == len(copies)


def test_a_read_only_query_through_the_server_cannot_write_or_touch_files(
    served: LiveServer, tmp_path: Path
) -> None:
    target = tmp_path / "x.csv"
    for cypher in (
        f"COPY (MATCH (v:Review) RETURN v.id) TO '{target}'",
        "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
        "CHECKPOINT",
        "MATCH (c:Council) SET c.name = 'x'",
    ):
        done = peergraph("query", cypher, "--db", str(served.db))
        assert done.returncode != 0 and done.stderr.count("\n") == 1, (cypher, done.stderr)
    assert not target.exists()
    assert peergraph("query", "MATCH (v:Review) RETURN count(v) AS n", "--db", str(served.db)).returncode == 0


def test_a_second_server_on_a_held_store_says_in_use_in_one_line(served: LiveServer) -> None:
    done = peergraph("serve", "--db", str(served.db), "--port", str(free_port()), timeout=60)
    assert done.returncode == 3
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "in use by pid" in done.stderr and "Traceback" not in done.stderr


def test_a_busy_port_gets_one_line(served: LiveServer, tmp_path: Path) -> None:
    busy = served.url.rsplit(":", 1)[1]
    done = peergraph("serve", "--db", str(tmp_path / "other.lbug"), "--port", busy, timeout=60)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"peergraph: port {busy} on 127.0.0.1 is already in use; choose another with --port (make demo PORT=...)"
    )
    demo = peergraph("demo", "--db", str(tmp_path / "demo.lbug"), "--port", busy, timeout=60)
    assert demo.returncode == 2 and "already in use" in demo.stderr and "importing" not in demo.stdout


def test_a_store_of_schema_version_1_moves_its_api_keys_out_of_the_graph(tmp_path: Path) -> None:
    from graph.access.keys import Role, authenticate
    from graph.store import open_store
    from graph.store.credentials import open_credentials
    from graph.store.schema import SCHEMA_VERSION, stored_version
    from peergraph.core.settings import Settings

    settings = Settings(db=tmp_path / "old.lbug", neo4j_uri=None)
    secret = "s" * 43

    with open_store(settings) as store:  # made as version 1 made it: keys were ApiKey nodes
        store.run_cypher(
            "CREATE NODE TABLE ApiKey(id STRING, hash STRING, role STRING, council_id STRING, label STRING, "
            "created_at STRING, revoked_at STRING, PRIMARY KEY(id))",
            write=True,
        )
        store.run_cypher(
            "CREATE (:ApiKey {id: 'k1', hash: $hash, role: 'admin', label: 'old', created_at: '2025-01-01'})",
            {"hash": hashlib.sha256(secret.encode()).hexdigest()},
            write=True,
        )
        store.run_cypher("MATCH (m:Meta {key: 'schema_version'}) SET m.value = '1'", write=True)
    with open_store(settings) as store:
        assert stored_version(store) == SCHEMA_VERSION == 2
        assert "ApiKey" not in store.table_names()  # type: ignore[attr-defined]
    principal = authenticate(open_credentials(settings), f"pg_k1_{secret}")
    assert principal.role is Role.ADMIN


def test_restore_never_brings_back_a_revoked_key(tmp_path: Path) -> None:
    db = tmp_path / "graph.lbug"
    assert peergraph("import", str(EXAMPLES / "westmoor.md"), "--no-tag", "--db", str(db)).returncode == 0
    token = peergraph("keys", "create", "--role", "admin", "--db", str(db)).stdout.strip()
    key_id = token.split("_")[1]
    backup = tmp_path / "backup.jsonl"
    assert peergraph("export", "-o", str(backup), "--db", str(db)).returncode == 0
    assert '"ApiKey"' not in backup.read_text(encoding="utf-8")
    assert peergraph("keys", "revoke", key_id, "--db", str(db)).returncode == 0
    assert peergraph("restore", str(backup), "--db", str(db)).returncode == 0
    keys = [json.loads(line) for line in peergraph("keys", "list", "--db", str(db)).stdout.splitlines()]
    assert [k["revoked_at"] is not None for k in keys if k["id"] == key_id] == [True]


@pytest.mark.neo4j
def test_on_neo4j_every_write_command_works_beside_a_server_with_nothing_of_ours_between(
    neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    """Neo4j takes many clients itself: the CLI writes straight to it while `serve` runs."""
    neo4j_server.wipe()
    db = str(tmp_path / "unused.lbug")  # names the credentials database beside it (auth.sqlite)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")},
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PEERGRAPH, *args, "--db", db], capture_output=True, text=True, env=env, timeout=300
        )

    westmoor = next(p for p in EXAMPLES.iterdir() if p.name.startswith("westmoor") and p.suffix == ".md")
    assert cli("import", str(westmoor), "--no-tag").returncode == 0
    server = LiveServer(Path(db), env={k: v for k, v in env.items() if k.startswith("NEO4J_")})
    try:
        key = cli("keys", "create", "--role", "admin", "--label", "beside neo4j")
        assert key.returncode == 0, key.stderr
        imported = cli("import", str(EXAMPLES / "brindleford.md"), "--no-tag")
        assert imported.returncode == 0, imported.stderr
        plan = cli("import-plan", str(EXAMPLES / "plans" / "westmoor-2025-06.csv"), "--council", WESTMOOR)
        assert plan.returncode == 0, plan.stderr
        tagged = cli("tag", "--pattern", "workforce")
        assert tagged.returncode == 0, tagged.stderr
        assert not (Path(db).parent / "unused.lbug").exists(), "nothing went to an embedded store"

        with httpx.Client(base_url=server.url, timeout=30) as http:
            headers = {"Authorization": f"Bearer {key.stdout.strip()}"}
            assert http.get(f"/councils/{BRINDLEFORD}").json()["reviews"][0]["council_id"] == BRINDLEFORD
            actions = http.get(f"/councils/{WESTMOOR}/action-plan").json()["actions"]
            assert actions and all(a["council_id"] == WESTMOOR for a in actions)
            assert http.get("/patterns/workforce").json()["pattern"]["instances"] > 0
            link = http.post(
                f"/actions/{actions[0]['id']}/link", headers=headers, json={"recommendation_id": "nope"}
            )
            assert link.status_code == 404, link.text  # the CLI's key is good on the server
    finally:
        server.stop()
