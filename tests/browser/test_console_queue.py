"""Working the console's queues in a real browser: the keyboard, bulk, bans, edits with a
statement of reasons, live updates, and hostile bodies shown without running."""

import sqlalchemy as sa
from playwright.sync_api import expect

from service.extensions import db
from service.models import AuditEntry, Ban, BanKind, Comment, CommentStatus
from service.moderation import statements
from tests.helpers.console import (
    MODERATOR,
    make_account,
    report,
    set_status,
    sign_in_page,
    statuses,
)
from tests.helpers.xss import vectors


def card(page, comment_id):
    return page.locator(f'.card[data-id="{comment_id}"]')


def focused_id(page):
    return page.evaluate("document.activeElement.closest('.card')?.dataset.id ?? null")


def mixed_queue(margin, seed):
    """Seed held, reported (one for child safety) and spam comments; return their ids."""
    held = [seed(margin, author="Held One"), seed(margin, author="Held Two")]
    for comment in held:
        set_status(margin.app, comment, CommentStatus.PENDING)
    reported = seed(margin, author="Reported")
    report(margin.app, reported, "harassment", "Calls a neighbour names.")
    urgent = seed(margin, author="Urgent")
    report(margin.app, urgent, "child_safety", "Names a pupil.")
    spam = seed(margin, author="Spammer")
    set_status(margin.app, spam, CommentStatus.SPAM)
    return {"held": held, "reported": reported, "urgent": urgent, "spam": spam}


def test_the_urgent_queue_is_cleared_with_the_keyboard(page, margin, seed):
    make_account(margin.app)
    ids = mixed_queue(margin, seed)
    sign_in_page(page, margin.url)
    expect(page.get_by_role("heading", name="Most urgent (4)")).to_be_visible()
    expect(page.locator('[data-count="spam"]')).to_have_text("1")
    # Child safety first, then the other report, then the held ones, longest waiting first.
    order = [ids["urgent"], ids["reported"], *ids["held"]]
    expect(page.locator(".card")).to_have_count(4)
    assert [int(i) for i in page.locator(".card").evaluate_all(
        "cards => cards.map(c => c.dataset.id)")] == order
    expect(card(page, ids["urgent"])).to_be_focused()
    expect(card(page, ids["urgent"]).get_by_text("Names a pupil.")).to_be_visible()

    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")

    page.keyboard.press("r")  # reject the child-safety one
    expect(card(page, ids["urgent"])).to_have_count(0)
    expect(card(page, ids["reported"])).to_be_focused()
    page.keyboard.press("j")
    expect(card(page, ids["held"][0])).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("a")  # the reported one stays up: its reports are settled
    expect(card(page, ids["held"][0])).to_be_focused()
    page.keyboard.press("s")
    expect(card(page, ids["held"][1])).to_be_focused()
    page.keyboard.press("d")
    expect(page.get_by_text("Nothing here. Well done.")).to_be_visible()
    expect(page.get_by_role("heading", name="Most urgent (0)")).to_be_visible()

    assert statuses(margin.app) == {
        ids["held"][0]: "spam", ids["held"][1]: "deleted", ids["reported"]: "approved",
        ids["urgent"]: "rejected", ids["spam"]: "spam"}
    with margin.app.app_context():
        actors = set(db.session.execute(sa.select(AuditEntry.actor).where(
            AuditEntry.action.startswith("comment."))).scalars())
        people = set(db.session.execute(sa.select(AuditEntry.account_id).where(
            AuditEntry.action.startswith("comment."))).scalars())
    assert actors == {MODERATOR} and None not in people


def test_a_selection_is_marked_as_spam_in_bulk(page, margin, seed):
    make_account(margin.app)
    first, second, third = (seed(margin) for _ in range(3))
    sign_in_page(page, margin.url, path="/console/?queue=approved")
    expect(page.locator(".card")).to_have_count(3)
    expect(card(page, third)).to_be_focused()  # newest first
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.get_by_text("2 selected")).to_be_visible()
    page.get_by_role("region", name="Selection").get_by_role("button", name="Spam").click()
    expect(page.get_by_role("status")).to_have_text("Spam: 2 comments.")
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator('[data-count="spam"]')).to_have_text("2")
    assert statuses(margin.app) == {first: "approved", second: "spam", third: "spam"}


def test_an_author_is_banned_from_the_author_panel(page, margin, seed):
    make_account(margin.app)
    flood = [seed(margin, author="Flooder", email="flood@spam.example",
                  website="https://deals.spam.example/x") for _ in range(2)]
    set_status(margin.app, flood[0], CommentStatus.SPAM)
    sign_in_page(page, margin.url, path="/console/?queue=all")
    expect(card(page, flood[1])).to_be_focused()
    page.keyboard.press("u")
    panel = page.get_by_role("complementary", name="Author")
    expect(panel.get_by_text("flood@spam.example")).to_be_visible()
    expect(panel.locator(".mini")).to_have_count(4)  # two by address, two by client address
    expect(panel.get_by_text("No live ban matches this author.")).to_be_visible()
    panel.get_by_label("This website's domain").check()
    expect(panel.get_by_label("Value")).to_have_value("deals.spam.example")
    panel.get_by_label("Expires after").select_option("month")
    panel.get_by_label("Note").fill("Coupon flood on the bridge story.")
    panel.get_by_role("button", name="Ban").click()
    expect(page.get_by_role("status")).to_have_text("Banned: deals.spam.example.")
    expect(panel.locator(".bans li")).to_contain_text("deals.spam.example")
    with margin.app.app_context():
        [ban] = db.session.execute(sa.select(Ban)).scalars()
        assert (ban.kind, ban.value, ban.note, ban.actor) == (
            BanKind.DOMAIN, "deals.spam.example", "Coupon flood on the bridge story.",
            MODERATOR)
        assert ban.expires_at is not None


def test_an_edit_carries_a_statement_from_the_template(page, margin, seed):
    make_account(margin.app)
    comment = seed(margin, body="Call me on 0117 496 0000 about the bridge works.")
    sign_in_page(page, margin.url, path="/console/?queue=all")
    page.get_by_label("Reason", exact=True).select_option("personal_data")
    expect(page.get_by_label("Statement of reasons")).to_have_value(
        statements.DEFAULTS["personal_data"])
    card(page, comment).focus()
    page.keyboard.press("e")
    editor = card(page, comment).get_by_role("textbox")
    expect(editor).to_be_focused()
    editor.fill("Call me about the bridge works.")
    card(page, comment).get_by_role("button", name="Save edit").click()
    expect(card(page, comment).locator(":scope > .body")).to_have_text(
        "Call me about the bridge works.")
    expect(card(page, comment).get_by_text("Earlier versions (1)")).to_be_visible()
    with margin.app.app_context():
        assert db.session.get(Comment, comment).body == "Call me about the bridge works."
        entry = db.session.execute(sa.select(AuditEntry).filter_by(
            action="comment.edit")).scalar_one()
        assert (entry.reason_code, entry.reason_text, entry.actor) == (
            "personal_data", statements.DEFAULTS["personal_data"], MODERATOR)


def test_the_queue_updates_itself_keeping_place_and_selection(page, margin, seed):
    make_account(margin.app)
    first, second = seed(margin), seed(margin)
    for comment in (first, second):
        set_status(margin.app, comment, CommentStatus.PENDING)
    sign_in_page(page, margin.url, path="/console/?queue=held")
    expect(card(page, first)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("x")
    newcomer = seed(margin, author="Late Arrival")
    set_status(margin.app, newcomer, CommentStatus.PENDING)
    page.clock.fast_forward(16_000)  # past CONSOLE_POLL_SECONDS
    expect(card(page, newcomer)).to_be_visible()
    expect(page.locator('[data-count="held"]')).to_have_text("3")
    expect(card(page, second)).to_be_focused()
    expect(card(page, second).get_by_role("checkbox")).to_be_checked()


XSS_SENTINEL = """
window.__xss = [];
window.xss = function () { window.__xss.push(String(new Error().stack)); };
for (const name of ["alert", "confirm", "prompt", "print"]) window[name] = window.xss;
"""


def test_hostile_bodies_are_shown_without_running(browser, serve_margin, seed):
    margin = serve_margin({"RATELIMIT_COMMENTS": "100000/minute"})
    make_account(margin.app)
    posted = 0
    client = margin.app.test_client()
    for vector in vectors():
        response = client.post("/api/v1/comments", json={
            "thread": "/xss/console", "author": vector[:100], "email": "x@example.com",
            "body": vector}, environ_base={"REMOTE_ADDR": "192.0.2.10"})
        posted += response.status_code == 201
    assert posted > 100
    # Without the page's CSP too: the sanitised HTML alone must not run anything.
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        page.add_init_script(XSS_SENTINEL)
        sign_in_page(page, margin.url, path="/console/?queue=all&limit=200")
        expect(page.locator(".card")).to_have_count(min(posted, 200))
        for target in page.locator(".card .body *").all()[:400]:
            target.dispatch_event("mouseover")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__xss") == []
        assert errors == []
        names = page.locator(".card .author-name").evaluate_all(
            "els => els.map(e => e.children.length)")
        assert set(names) == {0}
    finally:
        context.close()
