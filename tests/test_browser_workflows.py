"""Each web workflow done as a person would: signed in, keyboard only, in a real Chromium, offline.

One `peergraph serve` (tests/web_site.py) with an account per role: ada (admin), wes (Westmoor's
council editor), hal (Harrowfield's council editor) and rita (reader). Every form is filled and
sent from the keyboard (focus, type, Enter) with no script of ours; every request must stay on
loopback (the browser's other traffic goes to a dead proxy) and no page may log an error. A
wrong-role attempt posts the real form, or a same-origin copy of it carrying the person's own
CSRF token, and must get 403 with the store unchanged (read back over the JSON API).
Screenshots land in test-artifacts/screenshots/wf-*.png.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from peergraph.examples import EXAMPLES
from tests.browser_helpers import CHROMIUM, FLAGS, SCREENSHOTS
from tests.fixtures import WESTMOOR
from tests.web_site import BRINDLEFORD, PASSWORD, WebSite

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Response

pytestmark = pytest.mark.browser
OFFLINE = ["--proxy-server=127.0.0.1:9"]  # chromium goes to loopback direct, anywhere else nowhere
UNLINKED_ACTION = "Renegotiate the staff car park permits with the facilities contractor"
PLAN_CSV = (
    "Ref,Peer challenge recommendation,Action,Lead officer,Target date,Status,Progress update,Date of update\n"
    f"Z1,Parking arrangements at County Hall,{UNLINKED_ACTION},Head of Facilities,2026-03-31,Not started,,2025-11-20\n"
)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make browser` installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=[*FLAGS, *OFFLINE]
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Person:
    site: WebSite
    context: BrowserContext
    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Response:
        response = self.page.goto(self.site.url + path, wait_until="load")
        assert response is not None
        return response

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"wf-{name}.png"), full_page=True)

    def press(self, selector: str) -> Response:
        """Focus a button or link and press Enter, as a keyboard user does; the page it leads to."""
        self.page.locator(selector).focus()
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        response = navigation.value
        assert response is not None
        return response

    def type_into(self, selector: str, text: str) -> None:
        self.page.locator(selector).focus()
        self.page.keyboard.type(text)

    def flash(self) -> str:
        return self.page.inner_text("#flash") if self.page.locator("#flash").count() else ""

    def csrf(self) -> str:
        return self.page.get_attribute(".session-bar input[name=csrf_token]", "value") or ""

    def forged_post(
        self, path: str, fields: dict[str, str], file: Path | None = None, token: str | None = None
    ) -> int:
        """Send a same-origin form with this person's own CSRF token (or `token`), as a hand-made page would."""
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in {**fields, "csrf_token": self.csrf() if token is None else token}.items()
        )
        upload = '<input type="file" name="file">' if file else ""
        body = (
            f'<!DOCTYPE html><title>form</title><form method="post" action="{html.escape(path)}" '
            f'enctype="multipart/form-data">{hidden}{upload}<button type="submit">Send</button></form>'
        )
        fake = self.site.url + "/__a-page-with-a-form"
        self.page.route(fake, lambda route: route.fulfill(status=200, content_type="text/html", body=body))
        try:
            self.open("/__a-page-with-a-form")
            if file:
                self.page.set_input_files("input[type=file]", str(file))
            return self.press("button").status
        finally:
            self.page.unroute(fake)

    def check_clean(self) -> None:
        # The refusals the tests provoke (and assert) are logged as failed loads; nothing else may be.
        refused = "Failed to load resource: the server responded with a status of 4"
        errors = [e for e in self.errors if not e.startswith(refused)]
        assert not errors, errors
        leaving = [
            u for u in self.requests if not u.startswith((self.site.url + "/", "data:", "about:", "blob:"))
        ]
        assert not leaving, leaving


@contextmanager
def signed_in(chromium: Browser, site: WebSite, name: str) -> Iterator[Person]:
    """A fresh browser profile signed in as `name` from the keyboard; checked clean at the end."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    person = Person(site, context, context.new_page())
    person.page.on("console", lambda m: person.errors.append(m.text) if m.type == "error" else None)
    person.page.on("pageerror", lambda error: person.errors.append(str(error)))
    person.page.on("request", lambda request: person.requests.append(request.url))
    try:
        person.open("/ui/sign-in")
        person.type_into("#name", name)
        person.page.keyboard.press("Tab")
        person.page.keyboard.type(PASSWORD)
        with person.page.expect_navigation():
            person.page.keyboard.press("Enter")
        assert f"Signed in as {name}" in person.page.inner_text(".session-bar")
        assert f"Signed in as {name}" in person.flash()
        yield person
        person.check_clean()
    finally:
        context.close()


def test_a_reader_signs_in_sees_no_change_forms_is_refused_and_signs_out(
    chromium: Browser, web_site: WebSite
) -> None:
    action = web_site.westmoor_actions()[0]
    with signed_in(chromium, web_site, "rita") as rita:
        rita.shot("home-signed-in")
        rita.open(f"/ui/actions/{action['id']}")
        assert rita.page.locator("form[action$='/link'], #update-heading").count() == 0
        assert "Sign in" not in rita.page.inner_text("main")  # signed in, only not allowed
        status = rita.forged_post(
            f"/ui/actions/{action['id']}", {"version": str(action["version"]), "status": "complete"}
        )
        assert status == 403
        assert "may read only" in rita.page.inner_text("main")
        assert web_site.westmoor_actions()[0]["version"] == action["version"]

        rita.open("/ui/")
        out = rita.press(".session-bar button")
        assert out.url.endswith("/ui/sign-in?signed_out=true")
        assert "You have signed out." in rita.page.inner_text("main")
        rita.shot("signed-out")
        rita.open("/ui/")
        assert rita.page.locator(".session-bar a[href='/ui/sign-in']").count() == 1


def test_a_wrong_password_says_so(chromium: Browser, web_site: WebSite) -> None:
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(web_site.url + "/ui/sign-in")
        page.locator("#name").focus()
        page.keyboard.type("rita")
        page.keyboard.press("Tab")
        page.keyboard.type("not the password")
        with page.expect_navigation() as navigation:
            page.keyboard.press("Enter")
        assert navigation.value is not None and navigation.value.status == 401
        assert "The name or the password is wrong." in page.inner_text("[role=alert]")
        page.screenshot(path=str(SCREENSHOTS / "wf-sign-in-wrong-password.png"), full_page=True)
    finally:
        context.close()


def test_an_admin_uploads_a_report_another_councils_editor_may_not(
    chromium: Browser, web_site: WebSite
) -> None:
    report = EXAMPLES / "brindleford.md"
    councils = {c["id"] for c in web_site.api("/councils", limit=500)["items"] if c["reviews"]}
    assert BRINDLEFORD not in councils

    with signed_in(chromium, web_site, "hal") as hal:
        hal.open("/ui/councils")
        hal.page.set_input_files("#report-file", str(report))
        refused = hal.press("#upload-report-heading ~ button")
        assert refused.status == 403 and "X99000001's data only" in hal.page.inner_text("main")
    assert BRINDLEFORD not in {c["id"] for c in web_site.api("/councils", limit=500)["items"] if c["reviews"]}

    with signed_in(chromium, web_site, "ada") as ada:
        ada.open("/ui/councils")
        ada.shot("councils-with-upload")
        ada.page.set_input_files("#report-file", str(report))
        landed = ada.press("#upload-report-heading ~ button")
        assert landed.status == 200 and "/ui/reviews/X99000006-" in landed.url
        assert "Brindleford City Council: report loaded" in ada.flash()
        ada.shot("report-uploaded")
    assert web_site.api(f"/councils/{BRINDLEFORD}")["reviews"]


def test_a_council_editor_downloads_the_template_uploads_a_plan_and_links_an_action(
    chromium: Browser, web_site: WebSite, tmp_path: Path
) -> None:
    import openpyxl

    plan = tmp_path / "westmoor-2025-11.csv"
    plan.write_text(PLAN_CSV, encoding="utf-8")
    before = web_site.westmoor_actions()

    with signed_in(chromium, web_site, "hal") as hal:
        assert hal.forged_post(f"/ui/councils/{WESTMOOR}/action-plan", {}, plan) == 403
    assert web_site.westmoor_actions() == before

    with signed_in(chromium, web_site, "wes") as wes:
        wes.open(f"/ui/councils/{WESTMOOR}")
        wes.page.locator("a[href$='action-plan-template.xlsx']").focus()
        with wes.page.expect_download() as download:
            wes.page.keyboard.press("Enter")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        sheet = openpyxl.load_workbook(io.BytesIO(saved.read_bytes())).active
        assert saved.name == f"{WESTMOOR}-action-plan-template.xlsx" and sheet is not None
        assert sheet.max_row > 3

        wes.page.set_input_files("#plan-file", str(plan))
        wes.shot("council-plan-forms")
        landed = wes.press("#plan-forms button[type=submit]")
        assert landed.status == 200 and "1 actions added" in wes.flash() and "1 not linked" in wes.flash()
        wes.shot("plan-uploaded")

        unlinked = next(a for a in web_site.westmoor_actions() if a["text"] == UNLINKED_ACTION)
        assert unlinked["recommendation_id"] is None
        wes.open(f"/ui/actions/{unlinked['id']}")
        choice = wes.page.locator("#recommendation_id option").nth(1).get_attribute("value")
        wes.page.locator("#recommendation_id").focus()
        wes.page.keyboard.press("ArrowDown")  # the second recommendation, chosen from the keyboard
        linked = wes.press("#link-heading ~ button")
        assert linked.status == 200 and "linked" in wes.flash()
        wes.shot("action-linked")
    after = next(a for a in web_site.westmoor_actions() if a["id"] == unlinked["id"])
    assert after["recommendation_id"] == choice


def test_an_editor_updates_an_action_and_sees_a_conflict_as_a_clear_message(
    chromium: Browser, web_site: WebSite
) -> None:
    action = web_site.westmoor_actions()[1]

    with signed_in(chromium, web_site, "hal") as hal:
        status = hal.forged_post(
            f"/ui/actions/{action['id']}", {"version": str(action["version"]), "status": "slipped"}
        )
        assert status == 403
    assert web_site.api(f"/actions/{action['id']}")["version"] == action["version"]

    with signed_in(chromium, web_site, "wes") as wes, signed_in(chromium, web_site, "ada") as ada:
        wes.open(f"/ui/actions/{action['id']}")  # wes reads version v ...
        ada.open(f"/ui/actions/{action['id']}")
        ada.type_into("#note", "Board asked for a new date")
        assert ada.press("#update-heading ~ button").status == 200  # ... ada saves v+1 first
        assert "saved" in ada.flash()

        wes.page.select_option("#status", "at_risk")
        wes.type_into("#note", "Recruitment delayed")
        refused = wes.press("#update-heading ~ button")
        assert refused.status == 409
        assert "Someone else changed this action" in wes.page.inner_text("#conflict")
        assert "Board asked for a new date" in wes.page.inner_text("main")  # the current state, shown
        wes.shot("action-conflict")

        wes.page.select_option("#status", "at_risk")
        wes.page.fill("#due_date", "2026-06-30")
        wes.type_into("#note", "Recruitment delayed")
        saved = wes.press("#update-heading ~ button")
        assert saved.status == 200 and "saved" in wes.flash()
        wes.shot("action-updated")
    now = web_site.api(f"/actions/{action['id']}")
    assert now["status"] == "at_risk" and now["due_date"] == "2026-06-30"
    assert now["history"][-1]["note"] == "Recruitment delayed" and now["history"][-1]["by"] == "account wes"
    assert now["history"][-2]["by"] == "account ada"


def westmoor_quotes(site: WebSite) -> list[tuple[str, dict[str, Any]]]:
    return [
        (pattern["id"], quote)
        for pattern in site.api("/patterns")
        if pattern["instances"]
        for detail in [site.api(f"/patterns/{pattern['id']}")]
        for quote in detail["development"] + detail["strengths"]
        if quote["citation"]["council_id"] == WESTMOOR and quote["confirmed"] is None
    ]


def test_an_editor_confirms_and_rejects_pattern_tags_a_reader_may_not(
    chromium: Browser, web_site: WebSite
) -> None:
    (pattern, first), (other_pattern, second) = westmoor_quotes(web_site)[:2]

    with signed_in(chromium, web_site, "rita") as rita:
        rita.open(f"/ui/patterns/{pattern}")
        assert rita.page.locator(".tag-decision").count() == 0
        assert rita.forged_post(f"/ui/patterns/{pattern}/confirm", {"item_id": first["id"]}) == 403
    assert [q for p, q in westmoor_quotes(web_site) if q["id"] == first["id"]]  # still undecided

    with signed_in(chromium, web_site, "wes") as wes:
        wes.open(f"/ui/patterns/{pattern}")
        wes.shot("pattern-with-tag-decisions")
        landed = wes.press(f"#quote-{first['id']} form[action$='/confirm'] button")
        assert landed.status == 200 and "Tag confirmed" in wes.flash()
        assert "Confirmed by a person" in wes.page.inner_text(f"#quote-{first['id']}")
        wes.shot("tag-confirmed")
        wes.open(f"/ui/patterns/{other_pattern}")
        landed = wes.press(f"#quote-{second['id']} form[action$='/reject'] button")
        assert landed.status == 200 and "Tag rejected" in wes.flash()
    detail = web_site.api(f"/patterns/{pattern}")
    assert (
        next(q for q in detail["development"] + detail["strengths"] if q["id"] == first["id"])["confirmed"]
        is True
    )
    other = web_site.api(f"/patterns/{other_pattern}")
    assert second["id"] not in {q["id"] for q in other["development"] + other["strengths"]}


def test_an_admin_accepts_a_candidate_pattern_an_editor_may_not(chromium: Browser, web_site: WebSite) -> None:
    candidates = web_site.api("/patterns/candidates")
    assert candidates, "the examples hold a theme recurring in three councils"
    before = {p["id"] for p in web_site.api("/patterns")}

    with signed_in(chromium, web_site, "wes") as wes:
        wes.open("/ui/pattern-candidates")
        assert wes.page.locator("form[action$='/accept']").count() == 0
        assert wes.forged_post(f"/ui/pattern-candidates/{candidates[0]['id']}/accept", {}) == 403
        assert "needs an admin" in wes.page.inner_text("main")
    assert {p["id"] for p in web_site.api("/patterns")} == before

    with signed_in(chromium, web_site, "ada") as ada:
        ada.open("/ui/pattern-candidates")
        ada.shot("candidates")
        ada.type_into(f"#pattern-id-{candidates[0]['id']}", "test_accepted_pattern")
        landed = ada.press(f"form[action='/ui/pattern-candidates/{candidates[0]['id']}/accept'] button")
        assert landed.status == 200 and landed.url.endswith("/ui/patterns/test_accepted_pattern")
        assert "added" in ada.flash()
    assert "test_accepted_pattern" in {p["id"] for p in web_site.api("/patterns")}


MAGIC = {"pdf": b"%PDF", "docx": b"PK", "html": b"<!doctype html>", "md": b"#"}


def download_brief(person: Person, form: str, fmt: str, tmp_path: Path) -> bytes:
    person.page.select_option(f"{form} select[name=format]", fmt)
    person.page.locator(f"{form} button").focus()
    with person.page.expect_download(timeout=120_000) as download:
        person.page.keyboard.press("Enter")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.suffix == f".{fmt}"
    return target.read_bytes()


def test_a_reader_downloads_briefs_in_every_format_from_pattern_region_and_theme(
    chromium: Browser, web_site: WebSite, tmp_path: Path
) -> None:
    pattern = next(p["id"] for p in web_site.api("/patterns") if p["instances"])
    with signed_in(chromium, web_site, "rita") as rita:
        rita.open(f"/ui/patterns/{pattern}")
        for fmt in ("md", "html", "docx", "pdf"):
            assert (
                download_brief(rita, "#brief-pattern", fmt, tmp_path).lower().startswith(MAGIC[fmt].lower())
            )
        rita.open("/ui/councils")
        rita.shot("councils-brief-forms")
        rita.page.select_option("#brief-region-region", "South West")
        assert download_brief(rita, "#brief-region", "md", tmp_path).startswith(b"#")
        rita.page.select_option("#brief-theme-theme", "3")
        assert download_brief(rita, "#brief-theme", "docx", tmp_path).startswith(b"PK")


def test_an_admin_manages_accounts_and_keys_an_editor_may_not(chromium: Browser, web_site: WebSite) -> None:
    from graph.access.keys import authenticate
    from graph.store.credentials import Credentials

    credentials = Credentials(web_site.credentials_path)
    with signed_in(chromium, web_site, "wes") as wes:
        assert wes.open("/ui/admin").status == 403
        assert wes.page.locator(".session-bar a[href='/ui/admin']").count() == 0

    with signed_in(chromium, web_site, "ada") as ada:
        ada.open("/ui/admin")
        ada.type_into("#account-name", "newt")
        ada.type_into("#account-password", PASSWORD)
        ada.page.select_option("#account-role", "council_editor")
        ada.page.select_option("#account-council", WESTMOOR)
        assert ada.press("#new-account-heading ~ .fields button").status == 200
        assert "Account newt created" in ada.flash()

        ada.page.select_option("#key-role", "reader")
        ada.type_into("#key-label", "nightly export")
        assert ada.press("#new-key-heading ~ .fields button").status == 200
        token = next(word for word in ada.flash().split() if word.startswith("pg_"))
        assert authenticate(credentials, token).role == "reader"
        ada.shot("admin-key-created")

        key_id = token.split("_")[1]
        assert ada.press(f"#key-{key_id} button").status == 200 and "revoked" in ada.flash()
        assert ada.press("#account-newt button").status == 200 and "disabled" in ada.flash()
        ada.shot("admin")
    with pytest.raises(Exception, match="revoked"):
        authenticate(credentials, token)
    assert credentials.query("SELECT disabled_at FROM accounts WHERE name = 'newt'")[0]["disabled_at"]


def test_the_action_form_is_reached_and_sent_with_the_tab_key_alone(
    chromium: Browser, web_site: WebSite
) -> None:
    action = web_site.westmoor_actions()[2]
    with signed_in(chromium, web_site, "wes") as wes:
        wes.open(f"/ui/actions/{action['id']}")
        for _ in range(80):  # from the top of the page, as a keyboard user starts
            wes.page.keyboard.press("Tab")
            if wes.page.evaluate("() => document.activeElement.id") == "status":
                break
        assert wes.page.evaluate("() => document.activeElement.id") == "status"
        wes.page.keyboard.press("Tab")  # the due date: its day, month and year are a stop each
        assert wes.page.evaluate("() => document.activeElement.id") == "due_date"
        for _ in range(6):
            wes.page.keyboard.press("Tab")
            if wes.page.evaluate("() => document.activeElement.id") == "note":
                break
        assert wes.page.evaluate("() => document.activeElement.id") == "note"
        wes.page.keyboard.type("Typed and sent from the keyboard")
        wes.page.keyboard.press("Tab")
        assert wes.page.evaluate("() => document.activeElement.textContent") == "Save the update"
        with wes.page.expect_navigation() as navigation:
            wes.page.keyboard.press("Enter")
        assert navigation.value is not None and navigation.value.status == 200 and "saved" in wes.flash()
    assert (
        web_site.api(f"/actions/{action['id']}")["history"][-1]["note"] == "Typed and sent from the keyboard"
    )


@pytest.mark.parametrize("token", ["", "f" * 64], ids=["missing", "wrong"])
def test_a_form_without_its_csrf_token_is_refused_in_the_browser(
    chromium: Browser, web_site: WebSite, token: str
) -> None:
    action = web_site.westmoor_actions()[3]
    with signed_in(chromium, web_site, "wes") as wes:
        wes.open("/ui/")
        status = wes.forged_post(
            f"/ui/actions/{action['id']}",
            {"version": str(action["version"]), "status": "complete"},
            token=token,
        )
        assert status == 403 and "csrf_token" in wes.page.inner_text("main")
        wes.shot(f"csrf-{'missing' if not token else 'wrong'}")
    assert web_site.api(f"/actions/{action['id']}")["version"] == action["version"]
