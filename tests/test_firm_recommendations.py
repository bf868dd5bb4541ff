"""What owner pages, traces and plan templates use by default: the summary list and firm recommendations.

Issue 14's examples from Torbay are sentences the parser once took for recommendations; none of
them prescribes anything, so none may appear on an owner page or under `firm=true`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.reads import reviews as reads
from graph.store import GraphStore, open_store
from peergraph.core.settings import Settings
from tests.fixtures import TORBAY, app_client

NOT_RECOMMENDATIONS = (
    "The Jack Sears unit is seen as a success story",
    "The Challenge team did not hear about concerns relating to adult safeguarding",
    "The DASS is also new, having joined",
)
# The definition of a firm recommendation, as cues a sentence carries.
PRESCRIBES = re.compile(
    r"\b(recommend\w*|should|needs?|need for|is needed|are needed|will be needed|required|requires?|"
    r"will (also )?need|will be key|would benefit|benefit from|suggest\w*|essential|important|must|"
    r"ensure|consider\w*)\b|^To [a-z]+\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def store(seed_db: Path) -> Iterator[GraphStore]:
    with open_store(Settings(db=seed_db, neo4j_uri=None), read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store: GraphStore) -> Iterator[TestClient]:
    with app_client(store) as test_client:
        yield test_client


def _all(client: TestClient, path: str, **params: object) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    cursor = None
    while True:
        page = client.get(
            path, params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
        ).json()
        items += page["items"]
        if not (cursor := page["next_cursor"]):
            return items


def test_firm_true_lists_only_recommendations_that_prescribe(client: TestClient) -> None:
    firm = _all(client, "/recommendations", council=TORBAY, firm="true")
    hedged = _all(client, "/recommendations", council=TORBAY, firm="false")
    every = _all(client, "/recommendations", council=TORBAY)

    assert firm and hedged and len(firm) + len(hedged) == len(every)
    assert all(item["firm"] is True for item in firm) and all(item["firm"] is False for item in hedged)
    texts = [str(item["text"]) for item in firm]
    assert not [t for t in texts if any(t.startswith(example) for example in NOT_RECOMMENDATIONS)]
    assert not [t for t in texts if not PRESCRIBES.search(t)]


def test_owner_pages_list_standing_recommendations_and_show_suggestions_apart(
    client: TestClient, store: GraphStore
) -> None:
    owners = [o for o in reads.owners(store) if o.recommendations or o.suggestions]
    assert any(o.suggestions for o in owners)
    for owner in owners:
        standing = reads.recommendations(store, owner=owner.id, standing=True, limit=500).items
        assert len(standing) == owner.recommendations or owner.recommendations > 500
        assert all(r.source == "summary" or r.firm is True for r in standing)
        page = client.get(f"/ui/owners/{owner.id}").text
        recommendations, _, suggestions = page.partition("<h2>Suggestions</h2>")
        for example in NOT_RECOMMENDATIONS:
            assert example not in recommendations
        for r in standing[:20]:
            assert r.text.split("<")[0][:60] in recommendations.replace("&#39;", "'").replace("&amp;", "&")
        if owner.suggestions:
            assert 'class="tag tag--suggestion">Suggestion' in suggestions


def test_a_suggestions_trace_says_it_is_a_suggestion(client: TestClient, store: GraphStore) -> None:
    hedged = reads.recommendations(store, council=TORBAY, firm=False, limit=1).items[0]
    firm = reads.recommendations(store, council=TORBAY, firm=True, limit=1).items[0]

    assert "<h1>Suggestion trace</h1>" in client.get(f"/ui/recommendations/{hedged.id}").text
    assert "<h1>Recommendation trace</h1>" in client.get(f"/ui/recommendations/{firm.id}").text
