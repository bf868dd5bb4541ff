"""Who is signed in on this request: the session cookie, read once per request and kept in a context variable.

The cookie holds a session secret (graph/access/accounts.py). It is HttpOnly and SameSite=Lax
always, and Secure whenever the request came over https (directly, or through a proxy that says
so in X-Forwarded-Proto and that uvicorn trusts); on plain http://localhost it cannot be Secure,
or the browser would drop it, which is why `peergraph serve` is for loopback or behind https.

A session counts for reads everywhere (pages, and the JSON API when reads need sign-in) but for
changes only through the web forms, which check a CSRF token; the JSON API's changes still need
a bearer key, so a cross-site request can never change anything with a visitor's cookie.
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from graph.access.accounts import Session, csrf_token, find_session
from graph.access.keys import Principal, Role
from graph.store.credentials import Credentials
from peergraph.core.errors import ForbiddenError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "peergraph_session"
SIGN_IN_COOKIE = "peergraph_sign_in"  # a nonce that the sign-in form's CSRF token is bound to


@dataclass(frozen=True)
class Visit:
    """The signed-in session of this request (None when signed out), and its form token."""

    session: Session | None = None
    csrf: str = ""

    @property
    def principal(self) -> Principal | None:
        return self.session.principal if self.session else None

    def may_change(self, council_id: str | None = None) -> bool:
        """Whether to show a form: the very check the change will run (this council's data, or any)."""
        principal = self.principal
        if principal is None:
            return False
        try:
            principal.require_council(council_id) if council_id else principal.require_change()
        except ForbiddenError:
            return False
        return True

    @property
    def is_admin(self) -> bool:
        return self.principal is not None and self.principal.role is Role.ADMIN


_VISIT: contextvars.ContextVar[Visit] = contextvars.ContextVar("visit", default=Visit())  # noqa: B039  (frozen)


def current_visit() -> Visit:
    return _VISIT.get()


def session_principal() -> Principal | None:
    return _VISIT.get().principal


def _cookies(scope: Scope) -> dict[str, str]:
    raw = b"; ".join(value for name, value in scope.get("headers") or [] if name == b"cookie")
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw.decode("latin-1"))
    except Exception:  # a malformed cookie header is a visitor without a session, not a 500
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


class WebSessions:
    """Find the request's session (if its cookie names a live one) before any route runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        secret = _cookies(scope).get(SESSION_COOKIE) if scope["type"] == "http" else None
        if not secret:
            await self.app(scope, receive, send)
            return
        credentials: Credentials = scope["app"].state.credentials
        # A message is shown once, on the next page a person opens (not on HEAD or a file).
        take_flash = (
            scope["method"] == "GET"
            and not scope.get("peergraph.head")
            and scope.get("path", "").startswith("/ui/")
        )
        session = await run_in_threadpool(find_session, credentials, secret, take_flash=take_flash)
        visit = Visit(session, csrf_token(credentials, session.session_id)) if session else Visit()
        token = _VISIT.set(visit)

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start" and session is not None:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", b"no-store")]}
            await send(message)

        try:
            await self.app(scope, receive, send_private)
        finally:
            _VISIT.reset(token)


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(response: Response, request: Request, name: str, value: str, *, path: str = "/") -> None:
    response.set_cookie(
        name, value, path=path, httponly=True, samesite="lax", secure=is_https(request), max_age=None
    )


def clear_cookie(response: Response, request: Request, name: str, *, path: str = "/") -> None:
    response.delete_cookie(name, path=path, httponly=True, samesite="lax", secure=is_https(request))
