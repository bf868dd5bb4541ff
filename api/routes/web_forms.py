"""The web pages' forms: each change a signed-in person can make, as a plain HTML form post.

Every handler checks the session and its CSRF token, then calls the very function the JSON API
route for the same change runs (api/routes/*.py), so the web and the API check the same roles in
the same place and cannot disagree. Success is post-redirect-get with a message shown once; a
refusal is an HTML page with the API's status (401, 403, 404, 409, 422).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from api.deps import AppSettings, CredentialsDep, Reader, Store
from api.routes import actions as action_api
from api.routes import patterns as pattern_api
from api.routes import uploads as upload_api
from api.routes.pages import PageRoute, render
from api.session import current_visit
from graph.access.accounts import Session, create_account, csrf_ok, disable_account, list_accounts, set_flash
from graph.access.keys import Principal, Role, create_key, list_keys, revoke_key
from graph.patterns.candidates import CandidatesPending
from graph.patterns.tags import CONFIRM, REJECT
from graph.plans.sheets import write_plan_template
from graph.reads import actions as action_reads
from graph.reads import reviews as reads
from graph.reads.patterns import current_candidates
from graph.store.credentials import Credentials
from importers.plan_model import STATUS_LABELS
from peergraph.core.errors import BadRequestError, ConflictError, ForbiddenError, UnauthorizedError
from viz import pages

router = APIRouter(route_class=PageRoute, include_in_schema=False, default_response_class=HTMLResponse)
Csrf = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=4000)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def signed_in(credentials: Credentials, csrf_token: str) -> tuple[Principal, Session]:
    """The session of a form post, once its CSRF token is right (401 signed out, 403 bad token)."""
    session = current_visit().session
    if session is None:
        raise UnauthorizedError("sign in first (/ui/sign-in): this form changes data")
    if not csrf_ok(credentials, session.session_id, csrf_token):
        raise ForbiddenError("csrf_token: missing or wrong; reload the page and send the form again")
    return session.principal, session


def done(credentials: Credentials, session: Session, message: str, to: str) -> RedirectResponse:
    set_flash(credentials, session.session_id, f"ok:{message}")
    return RedirectResponse(to, status_code=303)


def _field_error(error: ValidationError) -> BadRequestError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "form"
    return BadRequestError(f"{where}: {first.get('msg', 'invalid')}")


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise BadRequestError("role: expected reader, council_editor or admin") from None


# --- reports and action plans ---------------------------------------------------------------------


@router.post("/ui/reports")
async def upload_report(
    request: Request,
    store: Store,
    settings: AppSettings,
    credentials: CredentialsDep,
    file: Annotated[UploadFile, File()],
    csrf_token: Csrf = "",
    replace: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    principal, session = signed_in(credentials, csrf_token)
    result = await upload_api.upload_report(request, store, settings, principal, file, replace)
    return done(
        credentials,
        session,
        f"{result.council}: report {result.status}, {result.findings} findings and "
        f"{result.recommendations} recommendations.",
        f"/ui/reviews/{result.review_id}",
    )


@router.post("/ui/councils/{council_id}/action-plan")
async def upload_action_plan(
    store: Store,
    settings: AppSettings,
    credentials: CredentialsDep,
    council_id: str,
    file: Annotated[UploadFile, File()],
    csrf_token: Csrf = "",
    as_of: Annotated[str, Form(max_length=20)] = "",
) -> RedirectResponse:
    principal, session = signed_in(credentials, csrf_token)
    result = await action_api.upload_action_plan(
        store, settings, principal, council_id, file, as_of.strip() or None
    )
    skipped = f", {result.skipped_rows} rows skipped" if result.skipped_rows else ""
    problems = f", {len(result.cell_problems)} bad cells" if result.cell_problems else ""
    return done(
        credentials,
        session,
        f"Action plan imported as at {result.as_of}: {result.created} actions added, {result.updated} "
        f"changed, {result.unchanged} unchanged, {len(result.unlinked)} not linked{skipped}{problems}.",
        f"/ui/councils/{council_id}",
    )


@router.get("/ui/councils/{council_id}/action-plan-template.xlsx")
def plan_template(store: Store, _: Reader, council_id: str) -> Response:
    with tempfile.TemporaryDirectory(prefix="peergraph-template-") as folder:
        path = Path(folder) / "template.xlsx"
        write_plan_template(store, council_id, path)
        content = path.read_bytes()
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{council_id}-action-plan-template.xlsx"'},
    )


# --- one action: its page, its status, its link ----------------------------------------------------


def action_page(store: Store, action_id: str, status: int = 200, **extra: Any) -> HTMLResponse:
    action = action_reads.action(store, action_id)
    council = reads.council(store, action.council_id)
    return render(
        "action.html",
        {
            "title": f"Action {action.ref or ''}".strip(),
            "section": "actions",
            "action": action,
            "council": council.council,
            "recommendations": [r for r in council.recommendations],
            "statuses": STATUS_LABELS,
            "conflict": None,
            "tried": {},
            **extra,
        },
        status,
    )


@router.get("/ui/actions/{action_id}")
def action(store: Store, _: Reader, action_id: str) -> HTMLResponse:
    return action_page(store, action_id)


@router.post("/ui/actions/{action_id}")
def change_action(
    store: Store,
    credentials: CredentialsDep,
    action_id: str,
    version: Annotated[int, Form()],
    csrf_token: Csrf = "",
    status: Annotated[str, Form(max_length=40)] = "",
    due_date: Annotated[str, Form(max_length=20)] = "",
    note: Text = "",
) -> Response:
    principal, session = signed_in(credentials, csrf_token)
    try:
        change = action_api.ActionChange(
            version=version,
            status=status or None,  # validated by the model
            due_date=date.fromisoformat(due_date) if due_date.strip() else None,
            note=note.strip() or None,
        )
    except ValueError as error:
        raise (
            _field_error(error)
            if isinstance(error, ValidationError)
            else BadRequestError("due_date: use YYYY-MM-DD")
        ) from None
    if change.status is None and change.due_date is None and change.note is None:
        raise BadRequestError("status, due_date, note: change at least one")
    try:
        changed = action_api.change_action(store, principal, action_id, change)
    except ConflictError:
        return action_page(
            store,
            action_id,
            409,
            conflict="Someone else changed this action after you opened it, so your change was not "
            "saved. Its current state is below; make your change again if it still applies.",
            tried={"status": status, "due_date": due_date, "note": note},
        )
    return done(
        credentials,
        session,
        f"Action {changed.ref or ''} saved.".replace("  ", " "),
        f"/ui/actions/{action_id}",
    )


@router.post("/ui/actions/{action_id}/link")
def link_action(
    store: Store,
    credentials: CredentialsDep,
    action_id: str,
    recommendation_id: Annotated[str, Form(max_length=200)],
    csrf_token: Csrf = "",
) -> RedirectResponse:
    principal, session = signed_in(credentials, csrf_token)
    action_api.link_action(
        store, principal, action_id, action_api.LinkRequest(recommendation_id=recommendation_id)
    )
    return done(credentials, session, "Action linked to the recommendation.", f"/ui/actions/{action_id}")


# --- patterns: tag decisions and candidates ---------------------------------------------------------


def _decide_tag(
    store: Store,
    credentials: Credentials,
    pattern_id: str,
    item_id: str,
    csrf_token: str,
    note: str,
    decision: str,
) -> RedirectResponse:
    principal, session = signed_in(credentials, csrf_token)
    body = pattern_api.Decision(item_id=item_id, note=note.strip() or None)
    pattern_api._decide(store, principal, pattern_id, body, decision)
    word = "confirmed" if decision == CONFIRM else "rejected: it is no longer shown here"
    return done(credentials, session, f"Tag {word}.", f"/ui/patterns/{pattern_id}#quote-{item_id}")


ItemId = Annotated[str, Form(max_length=200)]
Note = Annotated[str, Form(max_length=2000)]


@router.post("/ui/patterns/{pattern_id}/confirm")
def confirm_tag(
    store: Store,
    credentials: CredentialsDep,
    pattern_id: str,
    item_id: ItemId,
    csrf_token: Csrf = "",
    note: Note = "",
) -> RedirectResponse:
    return _decide_tag(store, credentials, pattern_id, item_id, csrf_token, note, CONFIRM)


@router.post("/ui/patterns/{pattern_id}/reject")
def reject_tag(
    store: Store,
    credentials: CredentialsDep,
    pattern_id: str,
    item_id: ItemId,
    csrf_token: Csrf = "",
    note: Note = "",
) -> RedirectResponse:
    return _decide_tag(store, credentials, pattern_id, item_id, csrf_token, note, REJECT)


@router.get("/ui/pattern-candidates")
async def candidates(store: Store, settings: AppSettings, request: Request, _: Reader) -> HTMLResponse:
    try:
        found = await run_in_threadpool(
            current_candidates, store, settings, request.app.state, pattern_api.CANDIDATES_WAIT_SECONDS
        )
    except CandidatesPending as pending:
        return render(
            "candidates.html",
            {"title": "Candidate patterns", "section": "patterns", "candidates": [], "pending": pending},
        )
    return render(
        "candidates.html", {"title": "Candidate patterns", "section": "patterns", "candidates": found}
    )


@router.post("/ui/pattern-candidates/{candidate_id}/accept")
async def accept_candidate(
    request: Request,
    store: Store,
    settings: AppSettings,
    credentials: CredentialsDep,
    candidate_id: str,
    csrf_token: Csrf = "",
    pattern_id: Annotated[str, Form(max_length=80)] = "",
) -> RedirectResponse:
    principal, session = signed_in(credentials, csrf_token)
    principal.require_admin()
    try:
        body = pattern_api.AcceptRequest(pattern_id=pattern_id.strip() or None)
    except ValidationError as error:
        raise _field_error(error) from None
    accepted = await pattern_api.accept(store, settings, request, principal, candidate_id, body)
    return done(
        credentials,
        session,
        f"Pattern “{accepted.name}” added; every review tagged.",
        f"/ui/patterns/{accepted.id}",
    )


# --- admin: keys and accounts -----------------------------------------------------------------------


def _admin(credentials: Credentials, csrf_token: str) -> tuple[Principal, Session]:
    principal, session = signed_in(credentials, csrf_token)
    principal.require_admin()
    return principal, session


@router.get("/ui/admin")
def admin(store: Store, credentials: CredentialsDep) -> HTMLResponse:
    principal = current_visit().principal
    if principal is None:
        raise UnauthorizedError("sign in first (/ui/sign-in) as an admin")
    principal.require_admin()
    return render(
        "admin.html",
        {
            "title": "Keys and accounts",
            "section": "admin",
            "keys": list_keys(credentials),
            "accounts": list_accounts(credentials),
            "councils": pages.reviewed_councils(store),
            "roles": [role.value for role in Role],
        },
    )


@router.post("/ui/admin/keys")
def admin_create_key(
    store: Store,
    credentials: CredentialsDep,
    role: Annotated[str, Form(max_length=40)],
    csrf_token: Csrf = "",
    council_id: Annotated[str, Form(max_length=40)] = "",
    label: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    _, session = _admin(credentials, csrf_token)
    key_id, token = create_key(
        credentials, _role(role), council_id or None, label.strip() or None, store=store
    )
    return done(
        credentials,
        session,
        f"Key {key_id} created: {token} (copy it now: it is not shown again).",
        "/ui/admin",
    )


@router.post("/ui/admin/keys/{key_id}/revoke")
def admin_revoke_key(credentials: CredentialsDep, key_id: str, csrf_token: Csrf = "") -> RedirectResponse:
    _, session = _admin(credentials, csrf_token)
    revoke_key(credentials, key_id)
    return done(credentials, session, f"Key {key_id} revoked.", "/ui/admin")


@router.post("/ui/admin/accounts")
def admin_create_account(
    store: Store,
    credentials: CredentialsDep,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[str, Form(max_length=40)],
    csrf_token: Csrf = "",
    council_id: Annotated[str, Form(max_length=40)] = "",
) -> RedirectResponse:
    _, session = _admin(credentials, csrf_token)
    create_account(credentials, name.strip(), password, _role(role), council_id or None, store=store)
    return done(credentials, session, f"Account {name.strip()} created.", "/ui/admin")


@router.post("/ui/admin/accounts/{name}/disable")
def admin_disable_account(credentials: CredentialsDep, name: str, csrf_token: Csrf = "") -> RedirectResponse:
    principal, session = _admin(credentials, csrf_token)
    if name == principal.account:
        raise BadRequestError("name: you cannot disable the account you are signed in with")
    disable_account(credentials, name)
    return done(credentials, session, f"Account {name} disabled; its sessions ended.", "/ui/admin")
