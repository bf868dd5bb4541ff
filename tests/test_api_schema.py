"""Schemathesis against the app's own OpenAPI: generated requests to every route find no 5xx.

Bounded (a fixed number of examples per operation, derandomised, no deadline) so it fits in
`make test`. Driven through schemathesis's strategies rather than its pytest plugin, so the
app can sit on a store that fixtures build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from graph.patterns.candidates import start_candidates
from peergraph.core.settings import Settings
from tests.fixtures import copy_store, writable_store

EXAMPLES_PER_OPERATION = 15


def test_generated_requests_find_no_server_errors(seed_db: Path, tmp_path: Path) -> None:
    path = copy_store(seed_db, tmp_path / "graph.lbug")
    with writable_store(Settings(db=path, neo4j_uri=None)) as store:
        app = create_app(Settings(db=path, neo4j_uri=None), store=store)
        # As the service does when it starts (schemathesis runs no lifespan): the candidates are then
        # ready, not a 503 "still being computed" (seconds in discovery's own process)
        run = start_candidates(store, app.state.settings, app.state)
        assert run.done.wait(300) and run.error is None
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12
        checked = []
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def no_server_error(case: schemathesis.Case) -> None:
                case.call_and_validate(checks=[not_a_server_error])

            try:
                no_server_error()
            except Exception as error:  # name the operation that failed
                pytest.fail(f"{operation.label}: {error}")
            checked.append(operation.label)
        assert "POST /reports" in checked and "GET /search" in checked
