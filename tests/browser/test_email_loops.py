"""Both email loops in a real browser, with a real SMTP server: a notice of illegal content
from the widget to a reversed decision and the period's export (issue 20's "done when"),
and a reader's reply notification from the tick box to its one-click unsubscribe (19's)."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import UTC, datetime

from playwright.sync_api import expect

from service.models import Role
from tests.helpers.browser import fill, open_article, submit, textbox
from tests.helpers.mail import deliver, mail_config, text_of
from tests.helpers.moderation import Mod, make_token
from tests.helpers.transparency import problems

CARL, RITA, MARIE = "carl@example.org", "rita@example.org", "marie@example.org"


def inbox(smtp, address: str) -> list:
    """Return the messages the SMTP server accepted for one address, in order."""
    return [r.message for r in smtp.received if r.rcpt_tos == [address]]


def link(margin, email, path: str) -> str:
    """Return the first link to `path` on this Margin in a received message's text."""
    found = re.search(re.escape(margin.url) + path + r"[\w.\-]+", text_of(email))
    assert found, text_of(email)
    return found.group(0)


def served_with_mail(serve_margin, smtp, **settings):
    margin = serve_margin(mail_config(smtp, **settings))
    # Links in messages lead to this server, as PUBLIC_URL does in production.
    margin.app.config["PUBLIC_URL"] = margin.url
    return margin


def test_notice_statement_complaint_reversal_and_export(browser, page, pages, serve_margin,
                                                        smtp, seed, tmp_path):
    margin = served_with_mail(serve_margin, smtp)
    cid = seed(margin, author="Carl Author", email=CARL,
               body="The mayor took bribes, everyone knows it.")
    client = margin.app.test_client()
    ann = Mod(client, make_token(margin.app, Role.MODERATOR, name="ann-desk"))
    bob = Mod(client, make_token(margin.app, Role.MODERATOR, name="bob-desk"))

    # A reader reports the comment as illegal content from the widget.
    open_article(page, pages, margin)
    page.get_by_role("button", name="Report \u2013 Carl Author").click()
    form = page.locator("form.margin-report-form")
    form.get_by_label("Why are you reporting it?").select_option("illegal_content")
    textbox(form, "Which law does it break?").fill("Loi du 29 juillet 1881, art. 29")
    form.get_by_label("In which country?").select_option("FR")
    textbox(form, "Why is it illegal under that law?").fill("An unproven accusation.")
    textbox(form, "Your name").fill("Rita Reporter")
    textbox(form, "Your email").fill(RITA)
    form.get_by_label("I confirm in good faith").check()
    form.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thank you. Your report was received")).to_be_visible()
    deliver(margin.app)
    [ack] = inbox(smtp, RITA)
    assert ack["Subject"] == "We received your report (notice 1)"

    # A moderator rejects it; the author receives the statement of reasons.
    assert ann.post(f"/comments/{cid}/reject", json={
        "reason_code": "illegal_content",
        "reason_text": "An accusation of a crime stated as fact."}).status_code == 200
    deliver(margin.app)
    [statement] = inbox(smtp, CARL)
    assert "An accusation of a crime stated as fact." in text_of(statement)
    assert "Loi du 29 juillet 1881, art. 29 (FR)" in text_of(statement)
    assert "We acted on it" in text_of(inbox(smtp, RITA)[-1])

    # The author follows the link from the email and contests on the complaint page.
    author = browser.new_context(locale="en-GB")
    author_page = author.new_page()
    author_page.goto(link(margin, statement, "/complaints/"))
    expect(author_page.get_by_role("heading", name="Contest a moderation decision")
           ).to_be_visible()
    author_page.get_by_label("Why should the decision change?").fill(
        "It quotes a published court ruling word for word.")
    author_page.get_by_role("button", name="Send my complaint").click()
    expect(author_page.get_by_role("status")).to_have_text(
        "Your complaint was received. You will be told the outcome.")
    author.close()

    # A second moderator reverses it; the author and the reporter are told.
    [appeal] = bob.get("/appeals").json["items"]
    assert bob.post(f"/appeals/{appeal['id']}/decision", json={
        "outcome": "reverse", "reason": "A faithful quote of a published ruling."}
    ).status_code == 200
    deliver(margin.app)
    assert [m["Subject"] for m in inbox(smtp, CARL)[1:]] == [
        "We received your complaint (complaint 1)",
        "Outcome of your complaint (complaint 1): decision reversed"]
    assert inbox(smtp, RITA)[-1]["Subject"] == (
        "A moderation decision you were party to was reversed")
    for received in smtp.received:
        other = {CARL: RITA, RITA: CARL}[received.rcpt_tos[0]]
        assert other.encode() not in received.raw
    page.reload()
    expect(page.get_by_text("The mayor took bribes, everyone knows it.")).to_be_visible()

    # The period's statements leave Margin in the Transparency Database's format.
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    out = tmp_path / "statements.jsonl"
    result = margin.app.test_cli_runner().invoke(args=[
        "dsa", "statements", "--from", day, "--to", day, "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(row) for row in out.read_text(encoding="utf-8").splitlines()]
    assert [line["puid"].split("-")[2] for line in lines] == [str(cid)]
    assert [problems(line) for line in lines] == [[]]
    assert lines[0]["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"


def test_reply_notification_from_tick_box_to_one_click_unsubscribe(page, pages, serve_margin,
                                                                   smtp, seed):
    margin = served_with_mail(serve_margin, smtp, PREMODERATION="all")
    mod = Mod(margin.app.test_client(), make_token(margin.app, Role.MODERATOR))

    # A reader ticks "Email me when someone replies" and confirms from the email.
    form = open_article(page, pages, margin)
    fill(form, body="Will the ferry take bicycles while the bridge is shut?")
    form.get_by_label("Email me when someone replies").check()
    submit(form)
    expect(form.locator(".margin-status")).to_have_text("Your comment is awaiting moderation.")
    [comment] = mod.get("/comments", status="pending").json["items"]
    assert mod.post(f"/comments/{comment['id']}/approve").status_code == 200
    deliver(margin.app)
    [confirmation] = inbox(smtp, MARIE)
    page.goto(link(margin, confirmation, "/mail/confirm/"))
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_role("heading", name="Address confirmed")).to_be_visible()

    # A reply waits for a moderator; once approved, the reader gets an email.
    reply = seed(margin, author="Bob Boatman", email="bob@example.net",
                 body="Yes, up to six bicycles a crossing.", parent=comment["id"])
    assert deliver(margin.app) == 0
    assert mod.post(f"/comments/{reply}/approve").status_code == 200
    deliver(margin.app)
    [_, announced] = inbox(smtp, MARIE)
    assert "Yes, up to six bicycles a crossing." in text_of(announced)
    assert b"bob@example.net" not in smtp.received[-1].raw

    # Its one-click unsubscribe (RFC 8058), as a mail provider POSTs it.
    assert announced["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = announced["List-Unsubscribe"].strip("<>")
    assert url.startswith(f"{margin.url}/mail/unsubscribe/")
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST",
                                     headers={"Content-Type":
                                              "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200
    again = seed(margin, author="Bob Boatman", email="bob@example.net",
                 body="And the fare is the same as on foot.", parent=comment["id"])
    assert mod.post(f"/comments/{again}/approve").status_code == 200
    assert deliver(margin.app) == 0
    assert len(inbox(smtp, MARIE)) == 2
