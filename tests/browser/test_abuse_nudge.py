"""The widget's abuse nudge: the reader sees why, in the page's language, and chooses."""

from playwright.sync_api import expect

from service.extensions import db
from service.models import Comment

from .test_posting import fill, open_article, submit

ABUSE = {"ABUSE_THRESHOLD": 0.5, "ABUSE_THRESHOLD_FR": 0.5}


def stored(served):
    with served.app.app_context():
        rows = db.session.execute(db.select(Comment)).scalars().all()
        return [(c.body, c.status.value) for c in rows]


def test_the_reader_is_nudged_then_edits(page, pages, serve_margin):
    served = serve_margin(ABUSE)
    form = open_article(page, pages, served)
    fill(form, body="I will kill you if you print this again, idiot.")
    submit(form)
    nudge = form.get_by_role("alert")
    expect(nudge).to_contain_text("Your comment may break this site\u2019s rules (a threat")
    expect(nudge).to_contain_text("“i will kill you”")
    assert stored(served) == []

    nudge.get_by_role("button", name="Edit my comment").click()
    body = form.get_by_role("textbox", name="Comment", exact=True)
    expect(body).to_be_focused()
    expect(nudge).to_be_hidden()
    body.fill("I strongly disagree with this article and hope you print a correction.")
    submit(form)
    expect(form.locator(".margin-status")).to_have_text("Your comment was published.")
    assert stored(served) == [
        ("I strongly disagree with this article and hope you print a correction.", "approved")]


def test_the_reader_posts_anyway_and_the_comment_is_held(page, pages, serve_margin):
    served = serve_margin(ABUSE)
    form = open_article(page, pages, served, lang="fr")
    for name, value in (("Nom", "Marie Dubois"), ("E-mail", "marie@example.org"),
                        ("Commentaire", "Espèce de connard, je vais te tuer.")):
        form.get_by_role("textbox", name=name, exact=True).fill(value)
    form.page.clock.fast_forward(8_000)
    form.get_by_role("button", name="Publier le commentaire").click()
    nudge = form.get_by_role("alert")
    expect(nudge).to_contain_text("Votre commentaire risque d\u2019enfreindre les règles du site")
    expect(nudge).to_contain_text("une menace")
    nudge.get_by_role("button", name="Publier quand même").click()
    expect(form.locator(".margin-status")).to_have_text(
        "Votre commentaire est en attente de modération.")
    assert stored(served) == [("Espèce de connard, je vais te tuer.", "pending")]


def test_no_nudge_when_the_site_turns_it_off(page, pages, serve_margin):
    served = serve_margin({**ABUSE, "ABUSE_NUDGE": False})
    form = open_article(page, pages, served)
    fill(form, body="I will kill you if you print this again, idiot.")
    submit(form)
    expect(form.locator(".margin-status")).to_have_text("Your comment is awaiting moderation.")
    expect(form.get_by_role("alert")).to_be_hidden()
    assert stored(served)[0][1] == "pending"
