"""The widget reading a thread: threading, order, pages, counts, locale, theme, safety."""

import re

from playwright.sync_api import expect

from .conftest import THREAD


def open_article(page, pages, margin, **attrs):
    page.goto(pages.article(margin.url, thread=THREAD, **attrs))
    expect(page.locator(".margin-heading")).not_to_have_text(re.compile("Loading"))
    return page.locator(".margin")


def test_lists_comments_as_a_threaded_tree(page, pages, margin, seed):
    first = seed(margin, author="Ruth Amadi", website="https://ruth.example.org/",
                 body="The **bearings** must be replaced.")
    reply = seed(margin, author="Tom Haverly", body="Six weeks is too long.", parent=first)
    deeper = seed(margin, author="Nadia", body="The contract has penalties.", parent=reply)
    second = seed(margin, author="Ben", body="Will the shuttle take bikes?")

    widget = open_article(page, pages, margin)

    expect(widget.locator(".margin-heading")).to_have_text("4 comments")
    top = widget.locator(".margin-list > .margin-comment")
    expect(top).to_have_count(2)
    expect(top.nth(0)).to_have_id(f"margin-comment-{first}")
    expect(top.nth(1)).to_have_id(f"margin-comment-{second}")
    nested = f"#margin-comment-{first} > .margin-replies > #margin-comment-{reply}"
    expect(page.locator(nested)).to_have_count(1)
    expect(page.locator(f"{nested} > .margin-replies > #margin-comment-{deeper}")).to_have_count(1)
    link = page.locator(f"#margin-comment-{first} > .margin-item .margin-author")
    expect(link).to_have_attribute("href", "https://ruth.example.org/")
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")
    expect(page.locator(f"#margin-comment-{first} .margin-body strong")).to_have_text("bearings")
    time = page.locator(f"#margin-comment-{first} > .margin-item time")
    expect(time).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    expect(time).to_have_text(re.compile("now|second|minute"))


def test_replies_beyond_the_depth_go_flat_and_say_whom_they_answer(page, pages, margin, seed):
    ids = [seed(margin, author="Level 0")]
    for level in range(1, 4):
        ids.append(seed(margin, author=f"Level {level}", parent=ids[-1]))

    open_article(page, pages, margin, depth=2)

    level2, level3 = (page.locator(f"#margin-comment-{ids[n]}") for n in (2, 3))
    expect(level3).to_be_visible()
    expect(page.locator(".margin-replies .margin-replies .margin-replies")).to_have_count(0)
    expect(level3.locator(".margin-replyto")).to_have_text(" · in reply to Level 2")
    expect(level2.locator(".margin-replyto")).to_have_count(0)
    assert level2.evaluate("el => el.parentElement === document.querySelector("
                           f"'#margin-comment-{ids[3]}').parentElement")


def test_defaults_thread_from_canonical_url_and_mount_after_the_script(page, pages, margin,
                                                                      seed):
    seed(margin, thread="/news/canonical-story", body="Filed under the canonical path.")
    head = '<link rel="canonical" href="https://courier.example/news/canonical-story?ref=x">'
    page.goto(pages.article(margin.url, head=head, container=False,
                            body='<p id="before">Before the widget.</p>'))

    expect(page.locator(".margin-body")).to_have_text("Filed under the canonical path.")
    assert page.evaluate("document.querySelector('main script + #margin-comments') !== null")
    expect(page.locator(".margin-heading")).to_have_text("1 comment")


def test_newest_first_toggle_and_load_more(page, pages, margin, seed):
    ids = [seed(margin, author=f"Reader {n}") for n in range(3)]

    widget = open_article(page, pages, margin, limit=2)
    top = widget.locator(".margin-list > .margin-comment")
    expect(top).to_have_count(2)
    more = widget.get_by_role("button", name="Load more comments")
    more.click()
    expect(top).to_have_count(3)
    expect(more).to_be_hidden()
    expect(page.locator(f"#margin-comment-{ids[2]} .margin-item")).to_be_focused()

    widget.get_by_role("button", name="Newest first").click()
    expect(widget.get_by_role("button", name="Newest first")).to_have_attribute(
        "aria-pressed", "true")
    expect(top.first).to_have_id(f"margin-comment-{ids[2]}")
    expect(top).to_have_count(2)


def test_count_script_fills_every_placeholder_from_one_request(page, pages, margin, seed):
    seed(margin, thread="/a")
    seed(margin, thread="/a")
    seed(margin, thread="/b")
    requests = []
    page.on("request", lambda r: "/api/v1/" in r.url and requests.append(r.url))
    body = ('<ul><li><a href="/a" data-margin-count="/a">comments</a></li>'
            '<li><a href="/b" data-margin-count="/b">comments</a></li>'
            '<li><span data-margin-count="/empty">comments</span></li>'
            '<li><span data-margin-count="/a">comments</span></li></ul>')
    page.goto(pages.article(margin.url, script="count.js", body=body))

    counts = page.locator("[data-margin-count]")
    expect(counts).to_have_text(["2 comments", "1 comment", "No comments yet", "2 comments"])
    assert len(requests) == 1 and "/api/v1/counts?" in requests[0]


def test_french_page_gets_french_strings_and_plurals(page, pages, margin, seed):
    seed(margin)
    seed(margin)

    widget = open_article(page, pages, margin, lang="fr-FR")

    expect(widget).to_have_attribute("lang", "fr")
    expect(widget.locator(".margin-heading")).to_have_text("2 commentaires")
    expect(widget.get_by_role("textbox", name="Nom", exact=True)).to_be_visible()
    expect(widget.get_by_role("button", name="Publier le commentaire")).to_be_visible()
    widget.get_by_role("button", name="Publier le commentaire").click()
    expect(page.locator("#margin-author-error")).to_have_text("Ce champ est obligatoire.")
    expect(widget.locator("time").first).to_have_text(re.compile("maintenant|seconde|minute"))


def test_french_count_uses_french_plural_rules(page, pages, margin, seed):
    seed(margin, thread="/one")
    body = '<span data-margin-count="/one"></span> <span data-margin-count="/none"></span>'
    page.goto(pages.article(margin.url, script="count.js", body=body, lang="fr"))
    expect(page.locator("[data-margin-count]")).to_have_text(
        ["1 commentaire", "Aucun commentaire pour l\u2019instant"])


def background(locator):
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


def test_dark_theme_and_auto_theme_follow_settings(page, pages, margin):
    widget = open_article(page, pages, margin, theme="dark")
    expect(widget).to_have_class(re.compile("margin-theme-dark"))
    dark = background(widget)
    assert dark == "rgb(22, 27, 34)"

    page.emulate_media(color_scheme="dark")
    assert background(open_article(page, pages, margin)) == dark
    assert background(open_article(page, pages, margin, theme="light")) == "rgb(255, 255, 255)"
    page.emulate_media(color_scheme="light")
    assert background(open_article(page, pages, margin)) == "rgb(255, 255, 255)"


def test_host_page_can_override_the_custom_properties(page, pages, margin):
    body = "<style>.margin { --margin-bg: rgb(1, 2, 3); }</style>"
    widget = open_article(page, pages, margin, body=body)
    assert background(widget) == "rgb(1, 2, 3)"
    first_in_head = page.evaluate("document.head.firstElementChild.outerHTML")
    assert 'class="margin-style"' in first_in_head


def test_widget_adds_no_globals_to_the_host_page(page, pages, margin):
    before = "<script>var before = Object.getOwnPropertyNames(window);</script>"
    open_article(page, pages, margin, head=before)
    added = page.evaluate(
        "Object.getOwnPropertyNames(window).filter(n => !before.includes(n))")
    assert added == []


def test_hostile_author_website_and_body_stay_inert(page, pages, margin, seed):
    hostile = "<img src=x onerror=window.__pwned=1>"
    seed(margin, author=hostile, body=f"<script>window.__pwned=1</script> {hostile}")
    rejected = margin.app.test_client().post("/api/v1/comments", json={
        "thread": THREAD, "author": "Eve", "email": "eve@example.com",
        "website": "javascript:alert(1)", "body": "Click my name."})
    assert rejected.status_code == 400
    assert "website" in rejected.get_json()["error"]["fields"]

    widget = open_article(page, pages, margin)

    expect(widget.locator(".margin-author")).to_have_text(hostile)
    expect(widget.locator(".margin-body")).to_contain_text("<script>")
    assert widget.locator(".margin-comment img, .margin-comment script").count() == 0
    page.wait_for_timeout(200)  # give a stray onerror handler the chance to run
    assert page.evaluate("window.__pwned") is None


def test_more_replies_under_a_busy_comment_load_on_request(page, pages, serve_margin, seed):
    margin = serve_margin({"REPLIES_PER_COMMENT": 2})
    root = seed(margin, author="Busy", body="Everyone answers this one.")
    replies = [seed(margin, author=f"Answer {i}", parent=root) for i in range(5)]

    open_article(page, pages, margin)

    shown = page.locator(f"#margin-comment-{root} > .margin-replies > .margin-comment")
    expect(shown).to_have_count(2)
    more = page.locator(f"#margin-comment-{root} > .margin-more")
    expect(more).to_have_text("Show more replies")
    more.click()
    expect(shown).to_have_count(4)
    expect(page.locator(f"#margin-comment-{replies[2]} > .margin-item")).to_be_focused()
    more.click()
    expect(shown).to_have_count(5)
    expect(more).to_have_count(0)
    ids = shown.evaluate_all("els => els.map(e => +e.id.split('-').pop())")
    assert ids == replies
