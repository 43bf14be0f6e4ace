"""The complaints page in Chromium: a second moderator reverses a complaint on the page."""

from __future__ import annotations

from playwright.sync_api import expect

from service.extensions import db
from service.models import Appeal, Comment, CommentStatus
from tests.helpers.appeals import COMPLAINT, file_complaint, reject_in_console
from tests.helpers.browser import serious_violations
from tests.helpers.console import MODERATOR, make_account, sign_in_client, sign_in_page

OTHER = "bo@example.org"


def stored(app, model, row_id):
    with app.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge_all()
        return row


def test_a_second_moderator_reverses_a_complaint(axe_page, serve_margin, seed, artifacts):
    margin = serve_margin()
    make_account(margin.app, MODERATOR, name="Ann Desk")
    make_account(margin.app, OTHER, name="Bob Desk")
    cid = seed(margin, author="Carl Author", email="carl@example.org")
    ann = margin.app.test_client()
    reject_in_console(ann, sign_in_client(ann, MODERATOR), cid)
    appeal_id = file_complaint(margin.app, cid)

    page = axe_page
    sign_in_page(page, margin.url, OTHER, path="/console/appeals")
    card = page.locator(f'article[data-appeal="{appeal_id}"]')
    expect(card.locator('[data-field="text"]')).to_have_text(COMPLAINT)
    expect(card.locator('[data-field="by"]')).to_have_text("Ann Desk")
    expect(page.locator("[data-open-count]")).to_have_attribute("data-open-count", "1")
    assert "carl@example.org" not in page.content()
    assert serious_violations(page) == []
    suffix = "" if page.locale == "en-GB" else "-fr-tablet"
    page.screenshot(path=str(artifacts / f"console-appeals-open{suffix}.png"), full_page=True)

    card.locator('input[name="outcome"][value="reverse"]').check()
    card.locator("textarea[name=reason]").fill("A faithful quote of the ruling.")
    card.locator("button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("[data-open-count]")).to_have_attribute("data-open-count", "0")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / f"console-appeals-done{suffix}.png"), full_page=True)

    appeal = stored(margin.app, Appeal, appeal_id)
    assert (appeal.outcome.value, appeal.reason, appeal.decided_by) == (
        "reverse", "A faithful quote of the ruling.", OTHER)
    assert stored(margin.app, Comment, cid).status is CommentStatus.APPROVED

    page.goto(f"{margin.url}/console/appeals?decided=1")
    decided = page.locator(f'article[data-appeal="{appeal_id}"]')
    expect(decided.locator('[data-field="outcome"]')).to_contain_text(
        "A faithful quote of the ruling.")
    expect(decided.locator('[data-field="comment"]')).to_be_visible()
    expect(decided.locator("form")).to_have_count(0)
    assert serious_violations(page) == []
