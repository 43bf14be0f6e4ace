"""The demo page served at /, and axe-core finding no accessibility violations."""

import pytest
from playwright.sync_api import expect

from tests.helpers.browser import THREAD, axe_violations


def seed_discussion(seed, margin, thread=THREAD):
    first = seed(margin, thread=thread, author="Ruth Amadi", website="https://ruth.example.org/",
                 body="The engineers will be at the Old Fish Market on *9 December*. "
                      "Bring your questions about the shuttle boat.")
    reply = seed(margin, thread=thread, author="Tom Haverly", parent=first,
                 body="Will they publish the penalty clauses? Traders deserve to see them.")
    seed(margin, thread=thread, author="Ruth Amadi", parent=reply,
         body="Yes: the contract goes to the transport committee on 2 December.")
    seed(margin, thread=thread, author="Priya N.",
         body="Good to see the footway stays open for cyclists.")


@pytest.fixture
def demo_page(browser):
    """Yield a page whose context may inject axe into the demo's strict CSP."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1000, "height": 900},
                                  locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_demo_page_shows_an_article_with_working_comments(demo_page, margin, seed, artifacts):
    seed_discussion(seed, margin, thread="/demo")  # the thread `margin serve` points to
    requested = []
    demo_page.on("request", lambda request: requested.append(request.url))
    response = demo_page.goto(f"{margin.url}/")

    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe" not in policy
    headline = "Harbour Bridge to close for six weeks of repairs"
    expect(demo_page.locator("h1")).to_have_text(headline)
    expect(demo_page.locator(".margin-heading")).to_have_text("4 comments")
    expect(demo_page.locator(".margin-replies .margin-comment")).to_have_count(2)
    expect(demo_page.locator("form.margin-form")).to_be_visible()
    assert demo_page.evaluate("typeof window.Margin") == "undefined"
    demo_page.screenshot(path=str(artifacts / "demo.png"), full_page=True)
    assert [url for url in requested if not url.startswith(f"{margin.url}/")] == []

    assert axe_violations(demo_page) == []


def test_widget_has_no_axe_violations_in_dark_theme_with_errors(page, pages, margin, seed):
    seed_discussion(seed, margin)
    page.goto(pages.article(margin.url, thread=THREAD, theme="dark"))
    expect(page.locator(".margin-heading")).to_have_text("4 comments")
    page.locator(".margin-reply").first.click()
    page.get_by_role("button", name="Post comment").click()
    name = page.get_by_role("textbox", name="Name", exact=True)
    expect(name).to_have_attribute("aria-invalid", "true")

    assert axe_violations(page) == []


def test_french_widget_has_no_axe_violations(page, pages, margin, seed):
    seed_discussion(seed, margin)
    page.goto(pages.article(margin.url, thread=THREAD, lang="fr"))
    expect(page.locator(".margin-heading")).to_have_text("4 commentaires")

    assert axe_violations(page) == []
