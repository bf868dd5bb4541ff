"""Signing in and out of the web pages (accounts: graph/access/accounts.py; the cookie: api/session.py)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import CredentialsDep
from api.routes.pages import PageRoute, render
from api.session import SESSION_COOKIE, SIGN_IN_COOKIE, clear_cookie, current_visit, set_cookie
from graph.access.accounts import (
    LOCK_MINUTES,
    check_password,
    csrf_ok,
    csrf_token,
    end_session,
    record_sign_in,
    session_id,
    set_flash,
    sign_in_locked,
    start_session,
)
from graph.store.credentials import Credentials
from peergraph.core.errors import ForbiddenError, UnauthorizedError

router = APIRouter(route_class=PageRoute, include_in_schema=False, default_response_class=HTMLResponse)
SIGN_IN = "/ui/sign-in"
FormText = Annotated[str, Form(max_length=200)]


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a page of this site only, never another host."""
    if target and target.startswith("/ui/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/ui/"


def sign_in_form(
    request: Request, credentials: Credentials, *, target: str | None, status: int = 200, **context: object
) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    page = render(
        "sign_in.html",
        {
            "title": "Sign in",
            "section": "sign-in",
            "sign_in_token": csrf_token(credentials, f"sign-in:{nonce}"),
            "next": safe_next(target),
            "signed_out": False,
            "error": None,
            **context,
        },
        status,
    )
    set_cookie(page, request, SIGN_IN_COOKIE, nonce, path=SIGN_IN)
    return page


@router.get(SIGN_IN)
def sign_in_page(
    request: Request,
    credentials: CredentialsDep,
    signed_out: bool = False,
    next: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    return sign_in_form(request, credentials, target=next, signed_out=signed_out)


@router.post(SIGN_IN)
async def sign_in(
    request: Request,
    credentials: CredentialsDep,
    name: FormText,
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: FormText = "",
    next: Annotated[str, Form(max_length=500)] = "/ui/",
) -> Response:
    nonce = request.cookies.get(SIGN_IN_COOKIE, "")
    if not nonce or not csrf_ok(credentials, f"sign-in:{nonce}", csrf_token):
        raise ForbiddenError("csrf_token: the sign-in form has expired or is not this site's; open it again")
    name = name.strip()
    if await run_in_threadpool(sign_in_locked, credentials, name):
        return sign_in_form(
            request,
            credentials,
            target=next,
            status=429,
            error=f"Too many wrong passwords for this name: try again in {LOCK_MINUTES} minutes.",
        )
    principal = await run_in_threadpool(check_password, credentials, name, password)
    await run_in_threadpool(lambda: record_sign_in(credentials, name, succeeded=principal is not None))
    if principal is None or principal.account is None:
        return sign_in_form(
            request, credentials, target=next, status=401, error="The name or the password is wrong."
        )
    secret = await run_in_threadpool(start_session, credentials, principal.account)
    council = f" for {principal.council_id}" if principal.council_id else ""
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(response, request, SESSION_COOKIE, secret)
    clear_cookie(response, request, SIGN_IN_COOKIE, path=SIGN_IN)
    welcome = f"ok:Signed in as {principal.account} ({principal.role}{council})."
    await run_in_threadpool(set_flash, credentials, session_id(secret), welcome)
    return response


@router.post("/ui/sign-out")
def sign_out(request: Request, credentials: CredentialsDep, csrf_token: FormText = "") -> RedirectResponse:
    session = current_visit().session
    if session is None:
        raise UnauthorizedError("you are not signed in")
    if not csrf_ok(credentials, session.session_id, csrf_token):
        raise ForbiddenError("csrf_token: missing or wrong; reload the page and sign out again")
    end_session(credentials, session.session_id)
    response = RedirectResponse(f"{SIGN_IN}?signed_out=true", status_code=303)
    clear_cookie(response, request, SESSION_COOKIE)
    return response
