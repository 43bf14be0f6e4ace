"""The widget's form: validation, publishing, moderation, replies, keyboard, failures."""

import re

from playwright.sync_api import expect

from service.comments import set_status
from service.extensions import db
from service.models import Comment, CommentStatus
from tests.helpers.browser import THREAD, fill, open_article, submit, textbox


def post_requests(page):
    posts = []
    page.on("request", lambda r: r.method == "POST" and posts.append(r))
    return posts


def test_client_side_validation_blocks_and_explains(page, pages, margin):
    form = open_article(page, pages, margin)
    posts = post_requests(page)

    submit(form)

    author = textbox(form, "Name")
    expect(author).to_be_focused()
    expect(author).to_have_attribute("aria-invalid", "true")
    expect(author).to_have_accessible_description("This field is required.")
    for name in ("Email", "Comment"):
        expect(textbox(form, name)).to_have_accessible_description("This field is required.")
    expect(textbox(form, "Website")).not_to_have_attribute("aria-invalid", "true")
    status = form.locator(".margin-status")
    expect(status).to_have_text("Please correct the marked fields.")
    expect(status).to_have_attribute("aria-live", "polite")

    fill(form, email="not an email", website="javascript:alert(1)", body="x")
    submit(form)
    expect(textbox(form, "Email")).to_be_focused()
    expect(textbox(form, "Email")).to_have_accessible_description(
        re.compile("valid email address"))
    expect(textbox(form, "Website")).to_have_accessible_description(
        "Enter a web address starting with http:// or https://.")
    expect(textbox(form, "Comment")).to_have_accessible_description(
        "Write at least 2 characters.")
    expect(author).not_to_have_attribute("aria-invalid", "true")
    assert posts == []


def test_server_field_error_is_shown_next_to_its_field(page, pages, serve_margin):
    margin = serve_margin({"BODY_MAX_LENGTH": 20})
    form = open_article(page, pages, margin)

    fill(form, body="This comment is longer than twenty characters.")
    submit(form)

    body = textbox(form, "Comment")
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_accessible_description(re.compile("20"))
    expect(body).to_be_focused()
    expect(body).to_have_value("This comment is longer than twenty characters.")
    expect(form.locator(".margin-status")).to_have_text("Please correct the marked fields.")


def test_server_field_errors_are_explained_in_the_pages_language(page, pages, serve_margin):
    # The server writes its messages in English: a French page shows the widget's own.
    margin = serve_margin({"BODY_MAX_LENGTH": 20})
    form = open_article(page, pages, margin, lang="fr")
    posts = post_requests(page)
    textbox(form, "Nom").fill("Marie Dubois")
    # Well-formed to the widget's check; the server refuses a reserved domain.
    textbox(form, "E-mail").fill("marie@exemple.invalid")
    textbox(form, "Commentaire").fill("Ce commentaire dépasse vingt caractères.")
    page.clock.fast_forward(8_000)
    form.get_by_role("button", name="Publier le commentaire").click()

    email = textbox(form, "E-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(
        "Saisissez une adresse e-mail valide, comme nom@exemple.fr.")
    expect(textbox(form, "Commentaire")).to_have_accessible_description(
        "Vérifiez ce champ : le serveur de commentaires ne l\u2019a pas accepté.")
    expect(form.locator(".margin-status")).to_have_text("Veuillez corriger les champs signalés.")
    assert len(posts) == 1  # the server's answer, not the widget's own check
    with margin.app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


def test_a_reply_to_a_comment_removed_meanwhile_says_so_in_the_pages_language(
        page, pages, margin, seed):
    parent = seed(margin, author="Ruth Amadi", body="Questions for the engineers welcome.")
    form = open_article(page, pages, margin, lang="fr")
    page.locator(f"#margin-comment-{parent} .margin-reply").click()
    textbox(form, "Nom").fill("Marie Dubois")
    textbox(form, "E-mail").fill("marie@example.org")
    textbox(form, "Commentaire").fill("Les ingénieurs répondront-ils en ligne ?")
    with margin.app.app_context():
        set_status(db.session.get(Comment, parent), CommentStatus.REJECTED)
        db.session.commit()
    page.clock.fast_forward(8_000)
    form.get_by_role("button", name="Publier le commentaire").click()

    expect(form.locator(".margin-status")).to_have_text(
        "Le commentaire auquel vous répondez n\u2019est plus disponible.")
    expect(textbox(form, "Commentaire")).to_have_value("Les ingénieurs répondront-ils en ligne ?")
    with margin.app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 1


def test_approved_comment_appears_in_place_and_stays(page, pages, margin):
    form = open_article(page, pages, margin)
    expect(page.locator(".margin-heading")).to_have_text("No comments yet")

    fill(form, website="https://marie.example.org", body="Will the ferry run on Sundays?")
    with page.expect_request(lambda r: r.method == "POST") as posted:
        submit(form)

    sent = posted.value.post_data_json
    assert sent == {"thread": THREAD, "author": "Marie Dubois", "email": "marie@example.org",
                    "website": "https://marie.example.org",
                    "body": "Will the ferry run on Sundays?", "parent": None,
                    "title": "Harbour Bridge to close for repairs", "url": page.url,
                    "hp": "", "elapsed_ms": sent["elapsed_ms"], "nudge": True, "lang": "en"}
    assert sent["elapsed_ms"] >= 8_000

    comment = page.locator(".margin-comment", has_text="Will the ferry run on Sundays?")
    expect(comment.locator(".margin-item")).to_be_focused()
    expect(comment.locator(".margin-author")).to_have_attribute("href", "https://marie.example.org")
    expect(comment.locator(".margin-pending-note")).to_have_count(0)
    expect(page.locator(".margin-heading")).to_have_text("1 comment")
    expect(form.locator(".margin-status")).to_have_text("Your comment was published.")
    expect(textbox(form, "Comment")).to_have_value("")

    page.reload()
    expect(page.locator(".margin-heading")).to_have_text("1 comment")
    expect(comment).to_have_count(1)


def test_pending_comment_shows_to_its_author_across_reloads(page, pages, serve_margin, browser):
    margin = serve_margin({"PREMODERATION": "all"})
    form = open_article(page, pages, margin)
    url = page.url

    fill(form, body="Please keep the footway open.")
    submit(form)

    mine = page.locator(".margin-comment", has_text="Please keep the footway open.")
    note = "Your comment is awaiting moderation."
    expect(mine.locator(".margin-pending-note")).to_have_text(note)
    expect(mine.locator(".margin-item")).to_be_focused()
    expect(page.locator(".margin-heading")).to_have_text("No comments yet")

    page.reload()
    expect(mine.locator(".margin-pending-note")).to_have_text(note)

    stranger = browser.new_context().new_page()
    stranger.goto(url)
    expect(stranger.locator(".margin-heading")).to_have_text("No comments yet")
    expect(stranger.locator(".margin-comment")).to_have_count(0)
    stranger.context.close()

    with margin.app.app_context():
        comment = db.session.execute(db.select(Comment)).scalar_one()
        set_status(comment, CommentStatus.APPROVED, actor="test")
        db.session.commit()
    page.reload()
    expect(page.locator(".margin-heading")).to_have_text("1 comment")
    expect(mine).to_have_count(1)
    expect(mine.locator(".margin-pending-note")).to_have_count(0)
    assert page.evaluate(f"localStorage.getItem('margin:pending:{THREAD}')") is None


def test_reply_moves_the_form_and_cancel_brings_it_back(page, pages, margin, seed):
    parent = seed(margin, author="Ruth Amadi", body="Questions for the engineers welcome.")
    form = open_article(page, pages, margin)
    home = page.locator(".margin > form.margin-form")
    expect(home).to_have_count(1)

    reply = page.locator(f"#margin-comment-{parent} .margin-reply")
    reply.click()
    expect(page.locator(f"#margin-comment-{parent} > form.margin-form")).to_have_count(1)
    expect(form.locator(".margin-form-heading")).to_have_text("Reply to Ruth Amadi")
    expect(textbox(form, "Comment")).to_be_focused()

    form.get_by_role("button", name="Cancel reply").click()
    expect(home).to_have_count(1)
    expect(form.locator(".margin-form-heading")).to_have_text("Leave a comment")
    expect(reply).to_be_focused()

    reply.click()
    fill(form, body="Will they take questions online?")
    submit(form)
    answer = page.locator(f"#margin-comment-{parent} > .margin-replies > .margin-comment")
    expect(answer).to_contain_text("Will they take questions online?")
    expect(home).to_have_count(1)
    expect(page.locator(".margin-heading")).to_have_text("2 comments")


def test_keyboard_only_submission(page, pages, margin):
    open_article(page, pages, margin)
    visited = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        visited.append(focused)
        if focused == "margin-author":
            break
    assert visited[-1] == "margin-author", visited

    page.keyboard.type("Kim Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.org")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "margin-save"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    # The reply-notification box comes next; left unticked.
    assert page.evaluate("document.activeElement.id") == "margin-notify"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "margin-submit"
    page.clock.fast_forward(8_000)
    page.keyboard.press("Enter")

    comment = page.locator(".margin-comment", has_text="Typed without a mouse.")
    expect(comment.locator(".margin-item")).to_be_focused()
    saved = page.evaluate("JSON.parse(localStorage.getItem('margin:identity'))")
    assert saved == {"author": "Kim Keyboard", "email": "kim@example.org", "website": ""}
    page.reload()
    expect(textbox(page, "Name")).to_have_value("Kim Keyboard")
    expect(page.get_by_label("Save my name")).to_be_checked()


def test_rate_limit_shows_the_wait(page, pages, serve_margin):
    margin = serve_margin({"RATELIMIT_COMMENTS": "1/minute"})
    form = open_article(page, pages, margin)
    fill(form, body="First comment goes through.")
    submit(form)
    expect(form.locator(".margin-status")).to_have_text("Your comment was published.")

    textbox(form, "Comment").fill("Second one is too fast.")
    submit(form)

    status = form.locator(".margin-status")
    expect(status).to_have_text(re.compile(r"Please wait \d+ seconds? and try again"))
    seconds = int(re.search(r"wait (\d+)", status.text_content()).group(1))
    assert 1 <= seconds <= 60
    expect(textbox(form, "Comment")).to_have_value("Second one is too fast.")


def test_network_failure_keeps_the_typed_text(page, pages, margin):
    form = open_article(page, pages, margin)
    page.route("**/api/v1/comments", lambda route: route.abort()
               if route.request.method == "POST" else route.continue_())
    fill(form, body="Written on a train going into a tunnel.")
    submit(form)

    expect(form.locator(".margin-status")).to_have_text(
        re.compile("could not be reached. Your text is still here"))
    expect(textbox(form, "Comment")).to_have_value("Written on a train going into a tunnel.")
    expect(textbox(form, "Name")).to_have_value("Marie Dubois")

    page.unroute("**/api/v1/comments")
    submit(form)
    expect(page.locator(".margin-comment")).to_contain_text("Written on a train")
