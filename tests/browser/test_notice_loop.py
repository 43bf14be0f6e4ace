"""The notice-and-action loop in a real browser: a reader's notice from the widget, a
moderator's decision, the author's complaint on the complaint page, another moderator's
reversal, and who is told what on the way."""

from playwright.sync_api import expect

from service.models import Role
from tests.helpers.browser import axe_violations, open_article, textbox
from tests.helpers.moderation import Mod, make_token
from tests.helpers.notices import messages, to


def test_report_decide_contest_reverse(browser, page, pages, margin, seed):
    cid = seed(margin, author="Carl Author", email="carl@example.org",
               body="The mayor took bribes, everyone knows it.")
    client = margin.app.test_client()
    ann = Mod(client, make_token(margin.app, Role.MODERATOR, name="ann-desk"))
    bob = Mod(client, make_token(margin.app, Role.MODERATOR, name="bob-desk"))

    with messages() as sent:
        open_article(page, pages, margin)
        page.get_by_role("button", name="Report \u2013 Carl Author").click()
        form = page.locator("form.margin-report-form")
        form.get_by_label("Why are you reporting it?").select_option("illegal_content")
        textbox(form, "Which law does it break?").fill("Loi du 29 juillet 1881, art. 29")
        form.get_by_label("In which country?").select_option("FR")
        textbox(form, "Why is it illegal under that law?").fill("An unproven accusation.")
        textbox(form, "Your name").fill("Rita Reporter")
        textbox(form, "Your email").fill("rita@example.org")
        form.get_by_label("I confirm in good faith").check()
        form.get_by_role("button", name="Send report").click()
        expect(page.get_by_text("Thank you. Your report was received")).to_be_visible()
        assert [address for address, _ in to(sent, "notice_received")] == ["rita@example.org"]

        assert ann.post(f"/comments/{cid}/reject", json={
            "reason_code": "illegal_content",
            "reason_text": "An accusation of a crime stated as fact."}).status_code == 200
        [(author, statement)] = to(sent, "statement_of_reasons")
        assert author == "carl@example.org" and statement["prompted_by_notice"]
        assert [(a, f["acted"]) for a, f in to(sent, "notice_decided")] == [
            ("rita@example.org", True)]

        # The author, in French, follows the link in the statement.
        context = browser.new_context(bypass_csp=True, locale="fr-FR")
        author_page = context.new_page()
        author_page.goto(margin.url + statement["complaint_url"])
        expect(author_page.get_by_role("heading", name="Contester une décision de modération")
               ).to_be_visible()
        assert axe_violations(author_page) == []
        author_page.get_by_label("Pourquoi la décision devrait-elle changer ?").fill(
            "C'est la citation exacte d'un jugement publié.")
        author_page.get_by_role("button", name="Envoyer ma réclamation").click()
        expect(author_page.get_by_role("status")).to_have_text(
            "Votre réclamation a bien été reçue. Vous serez informé du résultat.")
        context.close()

        [appeal] = ann.get("/appeals").json["items"]
        assert ann.post(f"/appeals/{appeal['id']}/decision", json={
            "outcome": "reverse", "reason": "Mine."}).status_code == 409
        assert bob.post(f"/appeals/{appeal['id']}/decision", json={
            "outcome": "reverse", "reason": "A faithful quote of a published ruling."}
        ).status_code == 200
        told = sorted((m.kind, m.to) for m in sent if m and m.kind.startswith("appeal_"))
        assert told == [("appeal_decided", "carl@example.org"),
                        ("appeal_decided_other_party", "rita@example.org"),
                        ("appeal_received", "carl@example.org")]

    # The comment is back on the page.
    page.reload()
    expect(page.get_by_text("The mayor took bribes, everyone knows it.")).to_be_visible()
