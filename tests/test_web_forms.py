"""The web forms over HTTP: sign-in, sessions, CSRF and roles, against a real `peergraph serve`.

Every form route is posted signed out (401), with a missing or wrong CSRF token (403), and by a
role that may not (403); after each refusal the store is read back to show nothing changed.
The browser tests (tests/test_browser_workflows.py) do each workflow as a person would.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.access.keys import list_keys
from graph.store.credentials import Credentials
from peergraph.examples import EXAMPLES
from tests.fixtures import WESTMOOR
from tests.web_site import CSRF, PASSWORD, WebSite, csrf_of

PLAN = b"Ref,Peer challenge recommendation,Action,Lead officer,Target date,Status\nZ9,x,y,z,2026-01-01,Not started\n"  # fmt: skip


def form_routes(site: WebSite) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every form route, with a well-formed body: (path, fields, files)."""
    action = site.westmoor_actions()[0]
    pattern = next(p for p in site.api("/patterns") if p["instances"])
    item = site.api(f"/patterns/{pattern['id']}")
    quote = (item["development"] + item["strengths"])[0]
    report = (EXAMPLES / "brindleford.md").read_bytes()
    return [
        ("/ui/sign-out", {}, {}),
        ("/ui/reports", {}, {"file": ("brindleford.md", report, "text/markdown")}),
        (f"/ui/councils/{WESTMOOR}/action-plan", {}, {"file": ("plan.csv", PLAN, "text/csv")}),
        (f"/ui/actions/{action['id']}", {"version": str(action["version"]), "status": "at_risk"}, {}),
        (f"/ui/actions/{action['id']}/link", {"recommendation_id": action["recommendation_id"]}, {}),
        (f"/ui/patterns/{pattern['id']}/confirm", {"item_id": quote["id"]}, {}),
        (f"/ui/patterns/{pattern['id']}/reject", {"item_id": quote["id"]}, {}),
        ("/ui/pattern-candidates/candidate-x/accept", {}, {}),
        ("/ui/admin/keys", {"role": "reader"}, {}),
        ("/ui/admin/keys/abc/revoke", {}, {}),
        ("/ui/admin/accounts", {"name": "newbie", "password": PASSWORD, "role": "reader"}, {}),
        ("/ui/admin/accounts/rita/disable", {}, {}),
    ]


def snapshot(site: WebSite) -> dict[str, Any]:
    """What the forms could change: actions, tags on patterns, reviews, keys and accounts."""
    credentials = Credentials(site.credentials_path)
    return {
        "actions": [(a["id"], a["version"], a["recommendation_id"]) for a in site.westmoor_actions()],
        "patterns": [(p["id"], p["instances"]) for p in site.api("/patterns")],
        "reviews": sorted(c["id"] for c in site.api("/councils", limit=500)["items"]),
        "keys": [(k["id"], k["revoked_at"]) for k in list_keys(credentials)],
        "accounts": credentials.query("SELECT name, disabled_at FROM accounts ORDER BY name"),
    }


def test_every_form_route_signed_out_is_401_and_changes_nothing(web_site: WebSite) -> None:
    before = snapshot(web_site)
    with web_site.client() as client:
        for path, fields, files in form_routes(web_site):
            response = client.post(path, data=fields, files=files or None)
            assert response.status_code == 401, (path, response.text[:300])
            assert "sign in" in response.text.lower() or "not signed in" in response.text.lower()
    assert snapshot(web_site) == before


@pytest.mark.parametrize("token", ["", "0" * 64], ids=["missing", "wrong"])
def test_every_form_route_without_the_right_csrf_token_is_403_and_changes_nothing(
    web_site: WebSite, token: str
) -> None:
    before = snapshot(web_site)
    with web_site.client("ada") as client:
        for path, fields, files in form_routes(web_site):
            response = client.post(path, data={**fields, "csrf_token": token}, files=files or None)
            assert response.status_code == 403, (path, response.text[:300])
            assert "csrf_token" in response.text
        assert client.get("/ui/admin").status_code == 200  # still signed in: nothing ended the session
    assert snapshot(web_site) == before


WRONG_ROLES = {
    "rita": [
        "/ui/reports",
        "/ui/councils/{W}/action-plan",
        "/ui/actions/{A}",
        "/ui/actions/{A}/link",
        "/ui/patterns/{P}/confirm",
        "/ui/patterns/{P}/reject",
        "/ui/pattern-candidates/candidate-x/accept",
        "/ui/admin/keys",
        "/ui/admin/accounts",
        "/ui/admin/accounts/rita/disable",
    ],
    "hal": [
        "/ui/councils/{W}/action-plan",
        "/ui/actions/{A}",
        "/ui/actions/{A}/link",
        "/ui/pattern-candidates/candidate-x/accept",
        "/ui/admin/keys",
        "/ui/admin/keys/abc/revoke",
        "/ui/admin/accounts",
    ],
    "wes": [
        "/ui/pattern-candidates/candidate-x/accept",
        "/ui/admin/keys",
        "/ui/admin/accounts",
        "/ui/admin/accounts/rita/disable",
    ],
}


@pytest.mark.parametrize("name", list(WRONG_ROLES))
def test_a_role_that_may_not_gets_403_and_changes_nothing(web_site: WebSite, name: str) -> None:
    routes = {path: (fields, files) for path, fields, files in form_routes(web_site)}
    action = web_site.westmoor_actions()[0]["id"]
    pattern = next(p for p in web_site.api("/patterns") if p["instances"])["id"]
    names = {"{W}": WESTMOOR, "{A}": action, "{P}": pattern}
    before = snapshot(web_site)
    with web_site.client(name) as client:
        token = csrf_of(client)
        for template in WRONG_ROLES[name]:
            path = template
            for placeholder, value in names.items():
                path = path.replace(placeholder, value)
            fields, files = routes[path]
            response = client.post(path, data={**fields, "csrf_token": token}, files=files or None)
            assert response.status_code == 403, (name, path, response.status_code, response.text[:300])
        assert client.get("/ui/admin").status_code == 403
    assert snapshot(web_site) == before


def test_another_councils_editor_cannot_decide_a_westmoor_tag(web_site: WebSite) -> None:
    detail = next(
        (p["id"], q["id"])
        for p in web_site.api("/patterns")
        if p["instances"]
        for q in (lambda d: d["development"] + d["strengths"])(web_site.api(f"/patterns/{p['id']}"))
        if q["citation"]["council_id"] == WESTMOOR and q["confirmed"] is None
    )
    before = snapshot(web_site)
    with web_site.client("hal") as client:
        response = client.post(
            f"/ui/patterns/{detail[0]}/confirm", data={"item_id": detail[1], "csrf_token": csrf_of(client)}
        )
    assert response.status_code == 403
    assert "X99000001's data only" in html.unescape(response.text)
    assert snapshot(web_site) == before


def test_sign_in_sets_an_httponly_samesite_cookie_not_secure_over_plain_http(web_site: WebSite) -> None:
    with httpx.Client(base_url=web_site.url) as client:
        page = client.get("/ui/sign-in")
        token = csrf_of_sign_in(page.text)
        response = client.post(
            "/ui/sign-in", data={"name": "rita", "password": PASSWORD, "csrf_token": token}
        )
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and "peergraph_session" in v
    )
    assert response.status_code == 303 and response.headers["location"] == "/ui/"
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_behind_https_the_session_cookie_is_secure(web_site: WebSite) -> None:
    https = {"X-Forwarded-Proto": "https"}  # as a proxy on loopback says; uvicorn trusts 127.0.0.1
    page = httpx.get(web_site.url + "/ui/sign-in", headers=https)
    nonce = re.search(r"peergraph_sign_in=([^;]+);[^,]*Secure", page.headers["set-cookie"])
    assert nonce, page.headers["set-cookie"]
    response = httpx.post(  # by hand: an http client keeps Secure cookies to itself
        web_site.url + "/ui/sign-in",
        headers={**https, "Cookie": f"peergraph_sign_in={nonce.group(1)}"},
        data={"name": "rita", "password": PASSWORD, "csrf_token": csrf_of_sign_in(page.text)},
    )
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and "peergraph_session" in v
    )
    assert response.status_code == 303
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def csrf_of_sign_in(page: str) -> str:
    found = CSRF.search(page)
    assert found
    return found.group(1)


def test_a_wrong_password_or_name_is_401_with_a_message_and_no_session(web_site: WebSite) -> None:
    for name, password in (("rita", "not the password"), ("nobody", PASSWORD)):
        with httpx.Client(base_url=web_site.url) as client:
            token = csrf_of_sign_in(client.get("/ui/sign-in").text)
            response = client.post(
                "/ui/sign-in", data={"name": name, "password": password, "csrf_token": token}
            )
            assert response.status_code == 401
            assert "The name or the password is wrong." in response.text
            assert "peergraph_session" not in client.cookies


def test_sign_in_without_its_csrf_token_is_403(web_site: WebSite) -> None:
    with httpx.Client(base_url=web_site.url) as client:
        client.get("/ui/sign-in")
        response = client.post("/ui/sign-in", data={"name": "rita", "password": PASSWORD, "csrf_token": "x"})
    assert response.status_code == 403
    assert "peergraph_session" not in response.headers.get("set-cookie", "")


def test_sign_out_ends_the_session_for_good(web_site: WebSite) -> None:
    with web_site.client("ada") as client:
        cookie = client.cookies["peergraph_session"]
        assert client.get("/ui/admin").status_code == 200
        out = client.post("/ui/sign-out", data={"csrf_token": csrf_of(client)})
        assert out.status_code == 303 and out.headers["location"] == "/ui/sign-in?signed_out=true"
    replayed = httpx.get(web_site.url + "/ui/admin", cookies={"peergraph_session": cookie})
    assert replayed.status_code == 401


def test_a_next_address_off_the_site_is_ignored(web_site: WebSite) -> None:
    with httpx.Client(base_url=web_site.url) as client:
        token = csrf_of_sign_in(client.get("/ui/sign-in").text)
        response = client.post(
            "/ui/sign-in",
            data={"name": "rita", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        )
    assert response.headers["location"] == "/ui/"


def test_signed_in_pages_are_not_cached(web_site: WebSite) -> None:
    with web_site.client("rita") as client:
        assert client.get("/ui/").headers["cache-control"] == "no-store"


def test_admin_creates_and_revokes_a_key_and_the_token_is_shown_once(web_site: WebSite) -> None:
    from graph.access.keys import authenticate

    credentials = Credentials(web_site.credentials_path)
    with web_site.client("ada") as client:
        token = csrf_of(client)
        made = client.post(
            "/ui/admin/keys", data={"role": "council_editor", "council_id": WESTMOOR, "csrf_token": token}
        )
        assert made.status_code == 303 and made.headers["location"] == "/ui/admin"
        page = client.get("/ui/admin").text
        secret = next(word for word in page.replace("<", " ").split() if word.startswith("pg_"))
        assert authenticate(credentials, secret).council_id == WESTMOOR
        assert secret not in client.get("/ui/admin").text  # shown once
        key_id = secret.split("_")[1]
        revoked = client.post(f"/ui/admin/keys/{key_id}/revoke", data={"csrf_token": token})
        assert revoked.status_code == 303
    with pytest.raises(Exception, match="revoked"):
        authenticate(credentials, secret)


def test_a_disabled_account_is_signed_out_at_once(web_site: WebSite) -> None:
    with web_site.client("ada") as admin:
        created = admin.post(
            "/ui/admin/accounts",
            data={"name": "temp", "password": PASSWORD, "role": "reader", "csrf_token": csrf_of(admin)},
        )
        assert created.status_code == 303
        with web_site.client("temp") as temp:
            assert "Signed in as" in temp.get("/ui/").text
            disabled = admin.post("/ui/admin/accounts/temp/disable", data={"csrf_token": csrf_of(admin)})
            assert disabled.status_code == 303
            assert "Signed in as" not in temp.get("/ui/").text
    with httpx.Client(base_url=web_site.url) as client:
        token = csrf_of_sign_in(client.get("/ui/sign-in").text)
        again = client.post("/ui/sign-in", data={"name": "temp", "password": PASSWORD, "csrf_token": token})
    assert again.status_code == 401


def test_a_short_password_is_refused_naming_the_field(web_site: WebSite) -> None:
    with web_site.client("ada") as client:
        response = client.post(
            "/ui/admin/accounts",
            data={"name": "shorty", "password": "short", "role": "reader", "csrf_token": csrf_of(client)},
        )
    assert response.status_code == 400
    assert "password: use at least 12 characters" in response.text


def test_with_closed_reads_a_signed_in_person_reads_and_a_stranger_gets_401(example_db_copy: Path) -> None:
    from graph.access.accounts import create_account
    from graph.access.keys import Role
    from graph.store.credentials import open_credentials
    from peergraph.core.settings import Settings
    from tests.fixtures import app_client, writable_store

    settings = Settings(db=example_db_copy, neo4j_uri=None)
    with writable_store(settings) as store, app_client(store, open_reads=False) as client:
        create_account(open_credentials(settings), "rita", PASSWORD, Role.READER)
        assert client.get("/ui/councils").status_code == 401
        assert client.get(f"/councils/{WESTMOOR}").status_code == 401
        page = client.get("/ui/sign-in")
        assert page.status_code == 200  # the sign-in page itself is open
        signed = client.post(
            "/ui/sign-in",
            data={"name": "rita", "password": PASSWORD, "csrf_token": csrf_of_sign_in(page.text)},
        )
        assert signed.status_code == 200  # followed the redirect to /ui/
        assert client.get("/ui/councils").status_code == 200
        assert client.get(f"/councils/{WESTMOOR}").status_code == 200  # the JSON API reads too
        change = client.patch(f"/actions/{WESTMOOR}-act-x", json={"version": 1, "status": "complete"})
        assert change.status_code == 401  # ... but never writes with a cookie


def test_a_head_request_does_not_use_up_the_message(web_site: WebSite) -> None:
    with web_site.client("rita") as client:
        assert client.head("/ui/").status_code == 200
        assert "Signed in as rita" in client.get("/ui/").text.split('id="flash"', 1)[-1]
        assert 'id="flash"' not in client.get("/ui/").text  # shown once


def test_after_ten_wrong_passwords_a_name_is_locked_for_a_while_even_with_the_right_one(
    web_site: WebSite,
) -> None:
    from graph.access.accounts import MAX_FAILURES, create_account
    from graph.access.keys import Role

    create_account(Credentials(web_site.credentials_path), "guessed", PASSWORD, Role.READER)

    def attempt(password: str) -> httpx.Response:
        with httpx.Client(base_url=web_site.url) as client:
            token = csrf_of_sign_in(client.get("/ui/sign-in").text)
            return client.post(
                "/ui/sign-in", data={"name": "guessed", "password": password, "csrf_token": token}
            )

    assert [attempt("wrong password!").status_code for _ in range(MAX_FAILURES)] == [401] * MAX_FAILURES
    locked = attempt(PASSWORD)
    assert locked.status_code == 429 and "Too many wrong passwords" in locked.text
    assert "peergraph_session" not in locked.headers.get("set-cookie", "")
