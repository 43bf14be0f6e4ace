"""What browser tests share: the demo thread, opening it, filling and sending the form."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

THREAD = "/news/2026/11/harbour-bridge"
AXE = Path(__file__).resolve().parents[1] / "browser" / "vendor" / "axe.min.js"


def textbox(scope, name):
    return scope.get_by_role("textbox", name=name, exact=True)


def open_article(page, pages, served, **attrs):
    page.goto(pages.article(served.url, thread=THREAD, **attrs))
    form = page.locator("form.margin-form")
    expect(form).to_be_visible()
    return form


def fill(form, author="Marie Dubois", email="marie@example.org", website="", body=""):
    textbox(form, "Name").fill(author)
    textbox(form, "Email").fill(email)
    textbox(form, "Website").fill(website)
    textbox(form, "Comment").fill(body)


def submit(form, typing_ms=8_000):
    """Press Post comment after a reader's typing time (instant posts look like bots)."""
    form.page.clock.fast_forward(typing_ms)
    form.get_by_role("button", name="Post comment").click()


def axe_violations(page):
    """Run axe-core on the page; return its violations as readable strings."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]]


def serious_violations(page):
    """Run axe-core on the page; return its serious and critical violations only."""
    return [v for v in axe_violations(page)
            if v.split(" (", 1)[1].startswith(("serious)", "critical)"))]
