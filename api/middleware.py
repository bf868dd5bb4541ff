"""The one ASGI middleware every request passes: its id, HEAD for every GET, and no 5xx without an id.

Written as plain ASGI rather than Starlette's BaseHTTPMiddleware: it costs less per request,
and it can answer an unexpected error itself, with the request id in the header and the body
and a normal response that keeps the connection healthy, instead of leaving it to the server.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api.context import _REQUEST_ID, _SANE_ID
from api.problems import PROBLEM_JSON
from graph.reads.aggregates import one_data_version

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("peergraph.api")


class RequestContext:
    """Give every HTTP request an id (X-Request-ID), answer HEAD as GET without a body, log it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        token = _REQUEST_ID.set(request_id)
        head = scope["method"] == "HEAD"
        if head:  # answered as GET; inner layers can still tell (a HEAD must not use up a message)
            scope = {**scope, "method": "GET", "peergraph.head": True}
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", request_id.encode())]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        try:
            with one_data_version():
                await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope.get("path", ""))
            if response_started:  # too late for a problem document; the server ends the response
                raise
            status = 500
            body = json.dumps(
                {
                    "type": "about:blank",
                    "title": "Internal Server Error",
                    "status": 500,
                    "detail": "an unexpected error occurred; quote the request id to an operator",
                    "instance": scope.get("path", ""),
                    "request_id": request_id,
                }
            ).encode()
            await send_with_id(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", PROBLEM_JSON.encode()),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send_with_id({"type": "http.response.body", "body": body})
        finally:
            log.info(
                "%s %s %s %.1fms",
                "HEAD" if head else scope["method"],
                scope.get("path", ""),
                status,
                1000 * (time.perf_counter() - started),
            )
            _REQUEST_ID.reset(token)
