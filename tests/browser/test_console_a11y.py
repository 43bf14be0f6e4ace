"""axe-core in the console's pages, English and French, at a desk and on a tablet."""

from playwright.sync_api import expect

from service.models import CommentStatus, Role
from tests.helpers.browser import serious_violations
from tests.helpers.console import ADMIN, make_account, report, set_status, sign_in_page


def test_sign_in_and_set_password_pages(axe_page, margin):
    _, secret = make_account(margin.app, password=None)
    axe_page.goto(f"{margin.url}/console/signin")
    expect(axe_page.locator("form")).to_be_visible()
    assert serious_violations(axe_page) == []
    axe_page.locator("form button[type=submit]").click()  # empty: the browser's own check
    axe_page.locator("#email").fill("mo@example.org")
    axe_page.locator("#password").fill("wrong but long enough")
    axe_page.locator("form button[type=submit]").click()
    expect(axe_page.get_by_role("alert")).to_be_visible()
    assert serious_violations(axe_page) == []
    axe_page.goto(f"{margin.url}/console/set-password/{secret}")
    assert serious_violations(axe_page) == []
    axe_page.goto(f"{margin.url}/console/set-password/not-a-link")
    assert serious_violations(axe_page) == []


def test_queue_with_cards_author_panel_and_shortcuts(axe_page, margin, seed):
    make_account(margin.app, ADMIN, Role.ADMIN)
    held = seed(margin, website="https://ruth.example.org/")
    reply = seed(margin, parent=held)
    set_status(margin.app, held, CommentStatus.PENDING)
    report(margin.app, reply, "child_safety", "Names a pupil.")
    sign_in_page(axe_page, margin.url, ADMIN)
    expect(axe_page.locator(".card")).to_have_count(2)
    axe_page.locator("details.filters summary").click()
    assert serious_violations(axe_page) == []
    axe_page.keyboard.press("x")
    axe_page.keyboard.press("u")
    expect(axe_page.locator("#author")).to_be_visible()
    assert serious_violations(axe_page) == []
    axe_page.locator(".card").first.focus()
    axe_page.keyboard.press("?")
    expect(axe_page.locator("dialog#keys")).to_be_visible()
    assert serious_violations(axe_page) == []
