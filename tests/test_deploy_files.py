"""The files `docker compose up` needs are present and wired together (Docker itself cannot run here)."""

from __future__ import annotations

import re

import yaml

from graph.store import GraphStore
from tests.fixtures import PROJECT, app_client


def test_compose_runs_neo4j_and_the_api_wired_by_neo4j_uri() -> None:
    compose = yaml.safe_load((PROJECT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j, api = compose["services"]["neo4j"], compose["services"]["peergraph"]
    assert neo4j["image"].startswith("neo4j:5")
    assert "${NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert "healthcheck" in neo4j and "neo4j-data" in compose["volumes"]
    assert any(volume.startswith("neo4j-data:") for volume in neo4j["volumes"])
    assert api["build"] == "."
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert any(str(port).endswith(":8000") for port in api["ports"])


def test_dockerfile_serves_on_port_8000_and_env_example_names_the_password() -> None:
    dockerfile = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
    assert 'CMD ["peergraph", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    for package in ("peergraph", "graph", "importers", "api", "viz"):
        assert f"COPY {package} ./{package}" in dockerfile
    assert "NEO4J_PASSWORD=" in (PROJECT / ".env.example").read_text(encoding="utf-8")
    assert ".env" in (PROJECT / ".gitignore").read_text(encoding="utf-8").split()


def test_compose_runs_the_neo4j_line_the_tests_run() -> None:
    compose = yaml.safe_load((PROJECT / "docker-compose.yml").read_text(encoding="utf-8"))
    pom = (PROJECT / "tools" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    tested = re.search(r"<neo4j.version>(\d+\.\d+)\.\d+</neo4j.version>", pom)
    assert tested is not None
    assert compose["services"]["neo4j"]["image"] == f"neo4j:{tested.group(1)}-community"


def test_the_image_s_health_check_asks_a_path_served_without_a_key(seed_store: GraphStore) -> None:
    """The check runs with no API key, and a server may close its reads (PEERGRAPH_OPEN_READS=false)."""
    dockerfile = (PROJECT / "Dockerfile").read_text(encoding="utf-8")
    (path,) = re.findall(r"HEALTHCHECK .*?urlopen\('http://127\.0\.0\.1:8000(/[^']*)'", dockerfile, re.S)
    with app_client(seed_store, open_reads=False) as client:
        assert client.get("/regions").status_code == 401
        assert client.get(path).status_code == 200


def neo4j_setting(variable: str) -> str:
    """The setting a NEO4J_ variable sets in Neo4j's Docker image: `_` for `.`, `__` for `_`."""
    return variable.removeprefix("NEO4J_").replace("__", "\0").replace("_", ".").replace("\0", "_")


def test_compose_s_neo4j_plans_as_the_tests_neo4j_does_whatever_the_length_of_a_value() -> None:
    """One plan per combination of filters (graph/reads/plans.py), in both Neo4j servers."""
    compose = yaml.safe_load((PROJECT / "docker-compose.yml").read_text(encoding="utf-8"))
    settings = {
        neo4j_setting(name): value
        for name, value in compose["services"]["neo4j"]["environment"].items()
        if name.startswith("NEO4J_") and name != "NEO4J_PASSWORD"
    }
    assert settings["internal.cypher.use_parameter_size"] == "false"
    launcher = PROJECT / "tools" / "neo4j" / "src" / "main" / "java" / "peergraph" / "Neo4jLauncher.java"
    assert "cypher_size_hint_parameters, false" in launcher.read_text(encoding="utf-8")
