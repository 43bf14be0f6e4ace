"""The console's stats, audit, threads and admin pages in Chromium, signed in by the form."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from service.models import Role, utcnow
from tests.helpers.browser import serious_violations
from tests.helpers.console import ADMIN, MODERATOR, backdate, make_account, sign_in_page
from tests.helpers.moderation import Mod, make_token

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
# Set to 1 to refresh the screenshots in docs/images (otherwise they go to test-artifacts).
UPDATE_DOCS = os.environ.get("MARGIN_DOCS_SCREENSHOTS") == "1"


def seed_week(margin, seed) -> list[int]:
    """Post a known week: 3 comments today, 1 two days ago, a spam, a report, 2 decisions."""
    ids = [seed(margin) for _ in range(4)]
    backdate(margin.app, ids[0], days=2)
    seed(margin, hp="bot", author="Spam Bot", email="bot@example.net")
    client = margin.app.test_client()
    assert client.post(f"/api/v1/comments/{ids[1]}/reports", json={"category": "harassment"},
                       environ_base={"REMOTE_ADDR": "198.51.100.1"}).status_code == 201
    mod = Mod(client, make_token(margin.app, Role.MODERATOR, name="desk-bot"))
    assert mod.post(f"/comments/{ids[1]}/reject", {"reason_code": "harassment"}).status_code \
        == 200
    assert mod.post(f"/comments/{ids[2]}/spam", {"reason_code": "spam"}).status_code == 200
    return ids


def mark(page, chart: str, series: str, label: str):
    return page.locator(f'svg[data-chart="{chart}"] rect[data-series="{series}"]'
                        f'[data-label="{label}"]')


def test_stats_page_draws_the_seeded_week(page, margin, seed):
    make_account(margin.app)
    seed_week(margin, seed)
    sign_in_page(page, margin.url, MODERATOR, path="/console/stats")
    today = utcnow().date()
    two_days_ago = today.fromordinal(today.toordinal() - 2).isoformat()
    expect(page.get_by_role("heading", name="Stats", exact=True)).to_be_visible()
    expect(page.locator('[data-figure="received"]')).to_have_text("5")
    expect(mark(page, "daily", "published", today.isoformat())).to_have_attribute(
        "data-value", "3")
    expect(mark(page, "daily", "spam", today.isoformat())).to_have_attribute("data-value", "1")
    expect(mark(page, "daily", "published", two_days_ago)).to_have_attribute("data-value", "1")
    # The columns are drawn to scale: three published comments stand three times as tall.
    tall = mark(page, "daily", "published", today.isoformat()).bounding_box()["height"]
    short = mark(page, "daily", "published", two_days_ago).bounding_box()["height"]
    assert tall == pytest.approx(3 * short, rel=0.02)
    expect(page.locator('svg[data-chart="outcomes"] rect.mark')).to_have_count(2)
    expect(page.locator('svg[data-chart="categories"] rect[data-series="harassment"]')) \
        .to_have_attribute("data-value", "1")
    # The table beside the chart says the same.
    page.locator("details.as-table").first.locator("summary").click()
    row = page.locator('table[data-table="daily"] tr', has_text=today.isoformat())
    expect(row.locator("td").first).to_have_text("4")

    page.get_by_role("link", name="Today").click()
    expect(page.locator('[data-figure="received"]')).to_have_text("4")
    expect(page.locator('svg[data-chart="daily"] rect.mark')).to_have_count(2)
    expect(mark(page, "daily", "published", two_days_ago)).to_have_count(0)


def test_an_admin_creates_a_token_that_works_on_the_api(page, margin):
    make_account(margin.app, ADMIN, Role.ADMIN)
    sign_in_page(page, margin.url, ADMIN, path="/console/stats")
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("newsroom-bot")
    page.get_by_label("Role").select_option("moderator")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token (shown only now)").input_value()
    assert secret.startswith("mgn_")
    request = urllib.request.Request(f"{margin.url}/api/v1/moderation/comments",
                                     headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200 and "items" in json.load(answer)
    page.reload()  # a POST answered a page; the secret does not come back
    expect(page.locator("#token-secret")).to_have_count(0)
    expect(page.locator('tr[data-token="newsroom-bot"]')).to_contain_text("moderator")
    page.get_by_role("button", name="Revoke newsroom-bot").click()
    expect(page.locator('tr[data-token="newsroom-bot"]')).to_contain_text("revoked")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401


def test_a_moderator_is_refused_an_admin_page(page, margin):
    make_account(margin.app)
    sign_in_page(page, margin.url, MODERATOR, path="/console/stats")
    expect(page.get_by_role("navigation", name="Console")).not_to_contain_text("Admin")
    response = page.goto(f"{margin.url}/console/admin/tokens")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not possible")).to_be_visible()
    expect(page.locator("main")).to_contain_text("This needs the admin role.")
    expect(page.get_by_label("Name")).to_have_count(0)


def test_the_audit_page_filters(page, margin, seed):
    make_account(margin.app)
    seed_week(margin, seed)
    sign_in_page(page, margin.url, MODERATOR, path="/console/audit")
    rows = page.locator("tr[data-entry]")
    expect(rows).to_have_count(5)  # account and token created, filter.spam, reject, spam
    page.get_by_label("Action (or its start, such as comment)").fill("comment.reject")
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("harassment")
    expect(rows.first).to_contain_text("desk-bot")
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Who (email or token name)").fill("spam-filter")
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("filter.spam")




def test_every_page_passes_axe(axe_page, serve_margin, seed, artifacts):
    margin = serve_margin({"WEBHOOKS_ALLOW_PRIVATE": True})
    make_account(margin.app, ADMIN, Role.ADMIN)
    make_account(margin.app, "newcomer@example.org", Role.MODERATOR, password=None)
    seed_week(margin, seed)
    english = axe_page.locale == "en-GB"
    page = axe_page
    page.goto(f"{margin.url}/console/signin")
    page.locator("#email").fill(ADMIN)
    page.locator("#password").fill("harbour bridge bearings")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{margin.url}/console/**")
    page.goto(f"{margin.url}/console/admin/webhooks")
    page.locator("#webhook-url").fill("http://127.0.0.1:9/hook")
    page.locator("#webhook-description").fill("Newsroom chat")
    page.locator("#add-webhook ~ form button, section[aria-labelledby=add-webhook] "
                 "button[type=submit]").click()
    expect(page.locator("#webhook-secret")).to_be_visible()
    endpoint = page.locator("tr[data-endpoint]").first.get_attribute("data-endpoint")
    shots = {
        "stats": "/console/stats", "audit": "/console/audit", "threads": "/console/threads",
        "accounts": "/console/admin/accounts", "tokens": "/console/admin/tokens",
        "webhooks": "/console/admin/webhooks", "webhook": f"/console/admin/webhooks/{endpoint}",
        "personal-data": "/console/admin/personal-data",
        "statements": "/console/admin/statements",
    }
    for name, path in shots.items():
        page.goto(f"{margin.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        for summary in page.locator("details.as-table summary").all():
            summary.click()
        assert serious_violations(page) == [], path
        # The English desk views illustrate the docs; the French tablet ones are for review.
        target = DOCS_IMAGES if UPDATE_DOCS and english else artifacts
        suffix = "" if english else "-fr-tablet"
        page.screenshot(path=str(target / f"console-{name}{suffix}.png"), full_page=True)
    # The pages with a refusal or a one-time secret on them.
    page.goto(f"{margin.url}/console/stats?from=2026-02-01&to=2026-01-01")
    assert serious_violations(page) == []
    page.goto(f"{margin.url}/console/admin/tokens")
    page.locator("#token-name").fill("newsroom-bot")
    page.locator("section[aria-labelledby=add-token] button[type=submit]").click()
    expect(page.locator("#token-secret")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{margin.url}/console/admin/accounts")
    page.locator("tr[data-account='newcomer@example.org'] "
                 "form[action$='/accounts/link'] button").click()
    expect(page.locator("#setup-link")).to_be_visible()
    assert serious_violations(page) == []
