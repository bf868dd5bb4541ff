"""A served store with one account per role, for the web workflow tests (browser and HTTP).

The fictional examples but Brindleford (so a test can upload its report), tagged, with
Westmoor's two plans; accounts created with `peergraph accounts create`, as an admin would.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from peergraph.core.settings import Settings
from peergraph.examples import EXAMPLES
from tests.fixtures import MAX_BYTES, WESTMOOR, LiveServer, when_ready, writable_store

PEERGRAPH = str(Path(sys.executable).parent / "peergraph")
HARROWFIELD = "X99000001"
BRINDLEFORD = "X99000006"
PASSWORD = "correct horse battery staple"
ACCOUNTS = {
    "ada": ("admin", None),
    "wes": ("council_editor", WESTMOOR),
    "hal": ("council_editor", HARROWFIELD),
    "rita": ("reader", None),
}
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


@dataclass
class WebSite:
    server: LiveServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def credentials_path(self) -> Path:
        return self.server.db.with_name(self.server.db.name + ".auth.sqlite")

    def api(self, path: str, **params: Any) -> Any:
        """GET a JSON answer; one still computed in the background (503) is asked for again."""
        response = when_ready(lambda: httpx.get(self.url + path, params=params, timeout=120))
        return response.raise_for_status().json()

    def westmoor_actions(self) -> list[dict[str, Any]]:
        return list(self.api(f"/councils/{WESTMOOR}/action-plan")["actions"])

    @contextmanager
    def client(self, name: str | None = None) -> Iterator[httpx.Client]:
        """An HTTP client, signed in as `name` (through the sign-in form) when given."""
        with httpx.Client(base_url=self.url, timeout=120) as client:
            if name:
                page = client.get("/ui/sign-in")
                token = CSRF.search(page.text)
                assert token, page.text[:500]
                signed = client.post(
                    "/ui/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)}
                )
                assert signed.status_code == 303, signed.text[:500]
            yield client


def csrf_of(client: httpx.Client, path: str = "/ui/") -> str:
    """The session's form token, as any page's sign-out form carries it."""
    found = CSRF.search(client.get(path).text)
    assert found
    return found.group(1)


def build_store(path: Path) -> Path:
    from graph.patterns.tags import tagger_for
    from graph.reports.loader import import_reports, report_files
    from importers.councils import councils_for
    from peergraph.cli.demo import import_example_plans

    settings = Settings(db=path, neo4j_uri=None)
    reports = [p for p in report_files([EXAMPLES]) if "brindleford" not in p.name]
    with writable_store(settings) as store:
        summary = import_reports(
            store, reports, MAX_BYTES, councils_for([EXAMPLES]), tagger=tagger_for(store, settings)
        )
        assert not summary.failed, summary.failed
        import_example_plans(store, EXAMPLES, MAX_BYTES)
    return path


def create_accounts(db: Path) -> None:
    for name, (role, council) in ACCOUNTS.items():
        args = [PEERGRAPH, "accounts", "create", name, "--role", role, "--password-stdin", "--db", str(db)]
        if council:
            args += ["--council", council]
        done = subprocess.run(args, input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def web_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebSite]:
    db = build_store(tmp_path_factory.mktemp("web") / "graph.lbug")
    create_accounts(db)
    server = LiveServer(db, env={"PEERGRAPH_EXTRA_COUNCILS": str(EXAMPLES / "councils.csv")})
    try:
        yield WebSite(server)
    finally:
        server.stop()
