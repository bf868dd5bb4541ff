"""FastAPI dependencies: the store, the settings, and who is asking (from the bearer key)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.session import session_principal
from graph.access.keys import Principal, authenticate
from graph.reads.search import SearchIndex
from graph.store import GraphStore
from graph.store.credentials import Credentials
from peergraph.core.errors import UnauthorizedError
from peergraph.core.settings import Settings

bearer = HTTPBearer(auto_error=False, description="An API key from `peergraph keys create`")


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_credentials(request: Request) -> Credentials:
    credentials: Credentials = request.app.state.credentials
    return credentials


def get_search_index(request: Request) -> SearchIndex:
    index: SearchIndex = request.app.state.search_index
    return index


Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings)]
Index = Annotated[SearchIndex, Depends(get_search_index)]
CredentialsDep = Annotated[Credentials, Depends(get_credentials)]


def optional_principal(
    credentials: CredentialsDep, bearer_key: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal | None:
    """The key's principal, None when no key was sent; a bad key is always a 401."""
    if bearer_key is None:
        return None
    return authenticate(credentials, bearer_key.credentials)


def reader(
    settings: AppSettings, principal: Annotated[Principal | None, Depends(optional_principal)]
) -> Principal | None:
    """Reads are open when `open_reads` is set (the default); otherwise any valid key or signed-in person reads.

    A session counts for reads only: changes go through `writer` (a key) or the web forms (a session
    and a CSRF token), so a visitor's cookie alone never changes anything.
    """
    principal = principal or session_principal()
    if principal is None and not settings.open_reads:
        raise UnauthorizedError("reads need an API key or signing in here (PEERGRAPH_OPEN_READS is off)")
    return principal


def writer(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    """Every change needs a key; what it may change is checked against the thing changed."""
    if principal is None:
        raise UnauthorizedError("changes need an API key: send 'Authorization: Bearer <key>'")
    return principal


Reader = Annotated[Principal | None, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
