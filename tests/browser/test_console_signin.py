"""Signing in to the console in a real browser: wrong password, throttling, sign-out,
idle expiry, a refused role, and what the page's policy and cookie look like."""

from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from service.extensions import db
from service.models import ConsoleSession, Role, utcnow
from tests.helpers.console import ADMIN, MODERATOR, PASSWORD, make_account, sign_in_page


def fill_sign_in(page, email, password):
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_wrong_password_then_right_one_then_sign_out(page, margin):
    make_account(margin.app)
    response = page.goto(f"{margin.url}/console/")
    assert page.url.startswith(f"{margin.url}/console/signin")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe" not in policy

    fill_sign_in(page, MODERATOR, "not the password at all")
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    expect(page.get_by_label("Email", exact=True)).to_have_value(MODERATOR)

    fill_sign_in(page, MODERATOR, PASSWORD)
    page.wait_for_url(f"{margin.url}/console/")
    expect(page.get_by_role("heading", name="Most urgent (0)")).to_be_visible()
    [cookie] = [c for c in page.context.cookies() if c["name"] == "margin_console"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/console/"

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(f"{margin.url}/console/")
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    with margin.app.app_context():
        assert db.session.execute(sa.select(sa.func.count(ConsoleSession.id))).scalar() == 0


def test_failed_sign_ins_are_throttled_per_account(page, serve_margin):
    margin = serve_margin({"RATELIMIT_CONSOLE_ACCOUNT": "3/minute"})
    make_account(margin.app)
    page.goto(f"{margin.url}/console/signin")
    for _ in range(3):
        fill_sign_in(page, MODERATOR, "guessing again and again")
        expect(page.get_by_role("alert")).to_contain_text("do not match")
    # Past the budget even the right password is refused, so guessing learns nothing.
    fill_sign_in(page, MODERATOR, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Too many failed attempts")
    assert page.url.startswith(f"{margin.url}/console/signin")
    with margin.app.app_context():
        assert db.session.execute(sa.select(sa.func.count(ConsoleSession.id))).scalar() == 0


def test_an_idle_session_ends(page, serve_margin):
    margin = serve_margin({"CONSOLE_IDLE_MINUTES": 5})
    make_account(margin.app)
    sign_in_page(page, margin.url)
    expect(page.get_by_role("heading", name="Most urgent (0)")).to_be_visible()
    with margin.app.app_context():
        # Six minutes without a request, as far as the server's record goes.
        db.session.execute(sa.update(ConsoleSession).values(
            last_seen_at=utcnow() - timedelta(minutes=6)))
        db.session.commit()
    page.reload()
    expect(page.get_by_label("Password", exact=True)).to_be_visible()
    with margin.app.app_context():
        assert db.session.execute(sa.select(sa.func.count(ConsoleSession.id))).scalar() == 0


def test_disabling_an_account_ends_its_session(page, margin):
    make_account(margin.app)
    sign_in_page(page, margin.url)
    result = margin.app.test_cli_runner().invoke(args=["user", "disable", MODERATOR])
    assert result.exit_code == 0, result.output
    page.reload()
    expect(page.get_by_label("Password", exact=True)).to_be_visible()


def test_a_moderator_is_refused_an_admin_action_an_admin_is_not(page, margin):
    make_account(margin.app)
    make_account(margin.app, ADMIN, Role.ADMIN)
    sign_in_page(page, margin.url)
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    answer = page.request.post(f"{margin.url}/console/api/statements/spam",
                               headers={"X-CSRF-Token": csrf}, data={"text": "Ours."})
    assert answer.status == 403
    assert answer.json()["error"]["code"] == "forbidden"

    page.get_by_role("button", name="Sign out").click()
    sign_in_page(page, margin.url, ADMIN)
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    answer = page.request.post(f"{margin.url}/console/api/statements/spam",
                               headers={"X-CSRF-Token": csrf}, data={"text": "Ours."})
    assert answer.status == 200, answer.text()
    assert answer.json()["text"] == "Ours."


def test_a_request_without_the_csrf_token_is_refused(page, margin, seed):
    make_account(margin.app)
    comment = seed(margin)
    sign_in_page(page, margin.url)
    # The browser sends the session cookie; only the token is missing.
    answer = page.request.post(f"{margin.url}/console/api/comments/{comment}/spam", data={})
    assert answer.status == 403
    assert answer.json()["error"]["code"] == "csrf_failed"
    answer = page.request.post(f"{margin.url}/console/api/comments/{comment}/spam",
                               headers={"X-CSRF-Token": "forged"}, data={})
    assert answer.status == 403
    page.goto(f"{margin.url}/console/?queue=all")
    expect(page.locator(".card .badge.approved")).to_have_count(1)
