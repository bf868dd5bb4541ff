"""Security headers on every response, and Content-Security-Policy helpers for pages with inline code.

Pages set their own Content-Security-Policy (viz/pages.py PAGE_CSP, the graph views and the API
docs theirs); whatever sets none, the JSON API above all, gets `API_CSP`, which lets a response do
nothing at all if a browser ever renders it. Every response also says `nosniff` (a JSON body that
quotes a report is never run as HTML or script), keeps its address to this site when a link is
followed (`Referrer-Policy: same-origin`: URLs name councils and reviews), and cannot be framed by
another site (`frame-ancestors`, in each policy).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
REFERRER_POLICY = "same-origin"
DEFAULT_HEADERS = (
    (b"content-security-policy", API_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", REFERRER_POLICY.encode()),
)


class SecurityHeaders:
    """Add the default security headers to each response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in DEFAULT_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
