"""The widget's Report control: keyboard access, a notice of illegal content, languages;
and the reply-notification box in what the form sends."""

import json

from playwright.sync_api import expect

from service.extensions import db
from service.models import Report
from tests.helpers.browser import axe_violations, fill, open_article, submit, textbox


def reports(served):
    with served.app.app_context():
        return [(r.comment_id, r.category.value, r.law, r.country, r.explanation,
                 r.reporter_name, r.reporter_email, r.good_faith)
                for r in db.session.execute(db.select(Report)).scalars()]


def tab_to(page, name, most=40):
    """Press Tab until the focused element's accessible text starts with name."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == name:
            return
    raise AssertionError(f"{name!r} never got the focus")


def test_a_reader_reports_illegal_content_with_the_keyboard(page, pages, margin, seed):
    cid = seed(margin, author="Tom Haverly")
    open_article(page, pages, margin)
    report_button = page.get_by_role("button", name="Report \u2013 Tom Haverly")
    expect(report_button).to_be_visible()

    tab_to(page, "Report")
    page.keyboard.press("Enter")
    form = page.locator("form.margin-report-form")
    expect(form.get_by_role("heading", name="Report this comment")).to_be_visible()
    category = form.get_by_label("Why are you reporting it?")
    expect(category).to_be_focused()
    # Escape closes it and gives the focus back.
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(report_button).to_be_focused()

    page.keyboard.press("Enter")
    expect(category).to_be_focused()
    category.select_option("illegal_content")
    expect(form.get_by_text("must give your name and email")).to_be_visible()
    # Sent incomplete: each missing field is marked, nothing is stored.
    form.get_by_role("button", name="Send report").press("Enter")
    law = textbox(form, "Which law does it break?")
    expect(law).to_be_focused()
    expect(law).to_have_attribute("aria-invalid", "true")
    expect(form.locator(".margin-status")).to_have_text("Please complete the marked fields.")
    assert reports(margin) == []

    page.keyboard.type("Loi du 29 juillet 1881")
    page.keyboard.press("Tab")
    form.get_by_label("In which country?").select_option("FR")
    textbox(form, "Why is it illegal under that law?").fill("It defames a named official.")
    textbox(form, "Your name").fill("Rita Reporter")
    textbox(form, "Your email").fill("rita@example.org")
    good_faith = form.get_by_label("I confirm in good faith")
    good_faith.focus()
    page.keyboard.press("Space")
    expect(good_faith).to_be_checked()
    assert axe_violations(page) == []
    form.get_by_role("button", name="Send report").press("Enter")

    thanks = page.get_by_text("Thank you. Your report was received")
    expect(thanks).to_be_focused()
    assert reports(margin) == [(cid, "illegal_content", "Loi du 29 juillet 1881", "FR",
                                "It defames a named official.", "Rita Reporter",
                                "rita@example.org", True)]


def test_child_safety_reports_need_no_name_and_french_reads_french(page, pages, margin, seed):
    cid = seed(margin, author="Tom Haverly")
    open_article(page, pages, margin, lang="fr")
    page.get_by_role("button", name="Signaler \u2013 Tom Haverly").click()
    form = page.locator("form.margin-report-form")
    expect(form.get_by_role("heading", name="Signaler ce commentaire")).to_be_visible()
    form.get_by_label("Pourquoi le signalez-vous ?").select_option("child_safety")
    expect(form.get_by_text("Vous pouvez rester anonyme")).to_be_visible()
    form.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_text("Merci. Votre signalement a bien été reçu")).to_be_visible()
    assert reports(margin) == [(cid, "child_safety", None, None, None, None, None, False)]


def test_a_refused_report_says_why(page, pages, margin, seed):
    seed(margin, author="Tom Haverly")
    served = margin
    served.app.config["REPORTS_PER_NETWORK"] = 1
    open_article(page, pages, served)
    form = page.locator("form.margin-report-form")
    button = page.get_by_role("button", name="Report \u2013 Tom Haverly")
    for status in ("Thank you. Your report was received",
                   "This comment has already been reported from your network"):
        button.click()
        form.get_by_label("Why are you reporting it?").select_option("spam")
        form.get_by_role("button", name="Send report").click()
        expect(page.get_by_role("status").filter(has_text=status)).to_be_visible()
    assert len(reports(served)) == 1


def posted_bodies(page):
    """Record the JSON body of every comment POST, then let it through."""
    bodies = []

    def record(route):
        if route.request.method == "POST":
            bodies.append(json.loads(route.request.post_data))
        route.continue_()

    page.route("**/api/v1/comments", record)
    return bodies


def test_the_reply_box_is_off_and_sends_nothing_unless_ticked(page, pages, margin):
    form = open_article(page, pages, margin)
    bodies = posted_bodies(page)
    box = form.get_by_label("Email me when someone replies")
    expect(box).not_to_be_checked()
    fill(form, body="No emails for me, thanks.")
    submit(form)
    expect(form.locator(".margin-status")).to_have_text("Your comment was published.")
    assert len(bodies) == 1 and "notify_replies" not in bodies[0]


def test_the_ticked_reply_box_asks_for_reply_emails(page, pages, margin):
    form = open_article(page, pages, margin, lang="fr")
    bodies = posted_bodies(page)
    form.get_by_label("M\u2019avertir par e-mail des réponses").check()
    for name, value in (("Nom", "Marie Dubois"), ("E-mail", "marie@example.org"),
                        ("Commentaire", "Prévenez-moi des réponses, merci.")):
        textbox(form, name).fill(value)
    form.page.clock.fast_forward(8_000)
    form.get_by_role("button", name="Publier le commentaire").click()
    expect(form.locator(".margin-status")).not_to_have_text("Envoi de votre commentaire…")
    assert len(bodies) == 1
    assert bodies[0]["notify_replies"] is True
    assert bodies[0]["body"] == "Prévenez-moi des réponses, merci."
