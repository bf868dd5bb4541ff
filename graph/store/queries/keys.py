"""API keys, stored hashed."""

from __future__ import annotations

from graph.store.queries.registry import _query

CREATE_API_KEY = _query(
    "create_api_key",
    """CREATE (k:ApiKey {id: $id, hash: $hash, role: $role, council_id: $council_id, label: $label,
                        created_at: $created_at})""",
    writes=True,
)
API_KEY_BY_ID = _query(
    "api_key_by_id",
    """MATCH (k:ApiKey {id: $id})
       RETURN k.id AS id, k.hash AS hash, k.role AS role, k.council_id AS council_id, k.label AS label,
              k.created_at AS created_at, k.revoked_at AS revoked_at""",
)
API_KEYS = _query(
    "api_keys",
    """MATCH (k:ApiKey)
       RETURN k.id AS id, k.role AS role, k.council_id AS council_id, k.label AS label,
              k.created_at AS created_at, k.revoked_at AS revoked_at
       ORDER BY created_at""",
)
REVOKE_API_KEY = _query(
    "revoke_api_key",
    "MATCH (k:ApiKey {id: $id}) WHERE k.revoked_at IS NULL SET k.revoked_at = $at RETURN k.id AS id",
    writes=True,
)
