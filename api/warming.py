"""What the server keeps, worked out ahead in the background whenever the data changes.

A kept read costs its full price once per data version: at 500 reports the search index took
6 s to build on the embedded store and 10 s on Neo4j, and a council page 25-60 ms. Without this,
the first reader after a start or an import pays it. A thread watches the data version (and the
date, which what is overdue depends on) and, when it moves, builds the search index and reads
every reviewed council's page, actions and CQC section into the kept reads
(graph/reads/aggregates.py), which keep every council (COUNCILS_KEPT), then the recommendations of
every owner role as its API routes and its web page ask them (at 500 reports 23-36 ms for a page of
50 and 28-153 ms for the web page's two, against under 0.5 ms kept; 2.1 s and 2 MB for the 21 roles
there, a fixed list: importers/owners.py; the people an action plan names own no recommendation).
On Neo4j it then runs each combination of the page filters once (graph/reads/plans.py), so that
Neo4j has planned them all; only in its first warm-up, as Neo4j keeps the plans (11 s at 500
reports to run them again, for each import).

It reads like any request, so a request during a warm-up gets the same answer, computed itself
or kept; it stops between councils or owners when the server shuts down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from graph.cqc.reads import assessed_council_cqc
from graph.reads import reviews
from graph.reads.actions import council_actions
from graph.reads.aggregates import data_version, one_data_version, sees_every_write
from graph.reads.plans import filter_shapes
from graph.reads.search import SearchIndex
from graph.store import GraphStore, Params
from graph.store.queries import NEO4J, Query
from viz.pages import owner_recommendations, reviewed_councils

log = logging.getLogger("peergraph.warming")

CHECK_EVERY = 5.0
"""Seconds between looks at the data version (one small query on Neo4j or a read-only store, none on
the server's own embedded store)."""


PLAN_FAILURES_KEPT_GOING = 10
"""Filter plans that may fail in one warm-up before it counts as failed (and is tried again later)."""


class WarmState(BaseModel):
    """What the warmer has done, as `GET /health` shows it."""

    state: Literal["warming", "ready", "failed"] = Field(
        "warming",
        description="ready: the search index and every council and owner page are worked out for the"
        " current data (and, on Neo4j, every combination of filters is planned)",
    )
    councils: int = Field(0, description="Council pages worked out in the last warm-up")
    owners: int = Field(0, description="Owners whose recommendations were worked out in the last warm-up")
    plans: int = Field(
        0, description="Combinations of filters run on Neo4j for it to plan (in the first warm-up)"
    )
    seconds: float = Field(0.0, description="How long the last warm-up took")
    error: str | None = Field(
        None,
        description="The kind of error the last warm-up failed with (it is tried again; the log says more)",
    )


class Warmer:
    """The background thread: `start()` once, `stop()` before the store closes."""

    def __init__(
        self,
        store: GraphStore,
        index: SearchIndex,
        *,
        check_every: float = CHECK_EVERY,
        plans: Callable[[GraphStore], Iterable[tuple[Query, Params]]] = filter_shapes,
    ) -> None:
        """`plans`: the queries to run on Neo4j so that it plans them (every combination of filters)."""
        self.store, self.index, self.check_every, self.plans = store, index, check_every, plans
        self._planned = store.backend != NEO4J  # the embedded store keeps no plans
        self.status = WarmState()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="warm-reads", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop at the next council (the index, once begun, is built to the end: 6-10 s at 500 reports)."""
        self._stopping.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("the warm-up did not stop within %.0f s; the store closes under it", timeout)

    def _run(self) -> None:
        warmed: tuple[Any, ...] | None = None
        failures = 0
        while not self._stopping.is_set():
            try:
                # One version read for the whole warm-up, as for a request (a change meanwhile
                # shows at the next look, and is warmed then)
                with one_data_version():
                    now = (*data_version(self.store), date.today())
                    if now != warmed:
                        self.status.state = "warming"
                        if not self._warm():
                            return
                        warmed = now
                        self.status.error, self.status.state = None, "ready"
                failures = 0
            except Exception as error:  # a store that went away, a read that failed: try again later
                if self._stopping.is_set():
                    return
                failures += 1
                log.warning("warming the kept reads failed (%d in a row): %s", failures, error)
                # The reason stays in the log: /health is open to all, and it may name hosts or paths
                self.status.error, self.status.state = type(error).__name__, "failed"
            # After failures, look less often (up to 12 times the interval), not a warning every 5 s
            self._stopping.wait(self.check_every * min(2**failures, 12))

    def _warm(self) -> bool:
        """Whether it finished (False: the server is stopping)."""
        started = time.perf_counter()
        log.info("working out the search index, council and owner pages for the current data")
        self.index.warm(self.store)
        councils = owners = 0
        # A store that cannot see every write keeps no council or owner reads (cached_where_versioned)
        kept = sees_every_write(self.store)
        for council in reviewed_councils(self.store) if kept else []:
            if self._stopping.is_set():
                return False
            reviews.council(self.store, council.id)
            council_actions(self.store, council.id)
            assessed_council_cqc(self.store, council.id)
            councils += 1
        self.status.councils = councils
        # The owners recommendations are assigned to, the canonical roles: the people an action plan
        # names own actions only (their pages list no recommendation), and may be thousands
        assigned = [o for o in reviews.owners(self.store) if o.recommendations or o.suggestions]
        for owner in assigned if kept else []:
            if self._stopping.is_set():
                return False
            reviews.recommendations(self.store, owner=owner.name)  # GET /recommendations?owner=<name>
            reviews.recommendations(self.store, owner=owner.id)  # GET /owners/{id}/recommendations
            owner_recommendations(self.store, owner.id)  # GET /ui/owners/{id}
            owners += 1
        self.status.owners = owners
        # Planned over real rows once there are some (an empty store's plans would be made again
        # when the data comes: Neo4j replans when its statistics move that far)
        if not self._planned and councils:
            if not self._plan():
                return False
            self._planned = True
        self.status.seconds = round(time.perf_counter() - started, 1)
        log.info(
            "search index, %d council and %d owner pages ready in %.1f s",
            councils,
            owners,
            self.status.seconds,
        )
        return True

    def _plan(self) -> bool:
        """Run each combination of the page filters once, so that Neo4j plans it; whether it finished.
        A few that fail are logged and left to their first request: the kept reads are ready."""
        started, failed = time.perf_counter(), 0
        self.status.plans = 0
        for query, params in self.plans(self.store):
            if self._stopping.is_set():
                return False
            try:
                self.store.read(query, params)
                self.status.plans += 1
            except Exception as error:
                failed += 1
                log.warning("planning %s failed: %s", query.name, error)
                if failed > PLAN_FAILURES_KEPT_GOING:  # the store is failing, not one plan: try later
                    raise
        log.info(
            "%d filter plans made in %.1f s (%d failed)",
            self.status.plans,
            time.perf_counter() - started,
            failed,
        )
        return True
