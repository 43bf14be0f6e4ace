"""The scorer inside the service: outcomes, floods, reputation, and learning across apps."""

import pytest

from service import events, spam
from service.extensions import db
from service.models import Comment, CommentStatus
from service.models.spam import SpamFeedback, SpamLabel, SpamModel
from service.spam.history import COUNT_CAP, W_APPROVED_CAP
from tests.helpers.app import API
from tests.helpers.spam import SPAM_DEFAULTS, assess, decide, score

PLAIN = "The council should have published the tender documents before the vote, not after."


@pytest.fixture
def sapp(make_app):
    return make_app(SPAM_DEFAULTS)


@pytest.fixture
def sapi(sapp):
    return API(sapp, sapp.test_client())


def stored(api, response):
    return next(c for c in api.rows() if c.id == response.json["id"])


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"body": PLAIN}, "approved", "classifier"),
        ({"body": PLAIN, "hp": "http://buy.example"}, "spam", "honeypot"),
        ({"body": f"{PLAIN} http://a.example http://b.example http://c.example"}, None, "links"),
        ({"body": "Subscribe to my channel!! Check out my new video and subscribe please"},
         None, "classifier"),
        ({"body": PLAIN, "author": "http://cheap-pills.example"}, None, "author_url"),
        ({"body": PLAIN, "elapsed_ms": 400}, None, "too_fast"),
    ],
)
def test_submission_outcome_and_reasons(sapi, fields, status, code):
    response = sapi.post_comment(**fields)
    assert response.status_code == 201
    comment = stored(sapi, response)
    if status:
        assert comment.status.value == status
    else:
        assert comment.status in (CommentStatus.PENDING, CommentStatus.SPAM)
    assert code in [r["code"] for r in comment.spam_reasons]
    assert all(set(r) == {"code", "message", "weight"} for r in comment.spam_reasons)
    assert 0.0 <= comment.spam_score <= 1.0


def test_three_links_wait_for_a_moderator_even_in_plain_text(sapi):
    body = f"{PLAIN} See https://gov.example/r, https://stats.example/t4 and https://news.example/a"
    comment = stored(sapi, sapi.post_comment(body=body))
    assert comment.status is CommentStatus.PENDING
    assert any(r["message"].startswith("3 links") for r in comment.spam_reasons)


@pytest.mark.parametrize(
    ("setting", "status"),
    [("SPAM_MODERATION_WORDS", CommentStatus.PENDING), ("SPAM_BLOCKED_WORDS", CommentStatus.SPAM)],
)
def test_word_lists_from_config(make_app, setting, status):
    app = make_app({**SPAM_DEFAULTS, setting: "lottery, bridge toll"})
    api = API(app, app.test_client())
    assert stored(api, api.post_comment(body=PLAIN)).status is CommentStatus.APPROVED
    held = stored(api, api.post_comment(body="Abolish the Bridge  Toll now, it is unfair."))
    assert held.status is status


def test_same_text_across_threads_is_a_flood(sapi):
    body = "Read the real story the media hides from you on my blog today"
    for n in range(4):
        response = sapi.post_comment(thread=f"/news/{n}", body=body, email=f"p{n}@example.net",
                                     ip=f"198.51.100.{n}")
    reasons = stored(sapi, response).spam_reasons
    flood = next(r for r in reasons if r["code"] == "flood")
    assert flood["message"] == "same text posted 4 times in 10 minutes across 3 threads"
    first = stored(sapi, sapi.post_comment(thread="/other", body="A different thought."))
    assert "flood" not in [r["code"] for r in first.spam_reasons]


def test_reputation_of_email_website_and_address(sapp, sapi):
    bad = sapi.post_comment(body="Nice post, have a look at my shop", email="seller@shop.example",
                            website="https://shop.example/deals", ip="203.0.113.50")
    before = score(sapp, "hello from me", email="seller@shop.example", ip="203.0.113.50",
                   website="http://www.shop.example/")
    decide(sapp, bad.json["id"], "spam")
    after = score(sapp, "hello from me", email="seller@shop.example", ip="203.0.113.50",
                  website="http://www.shop.example/")
    codes = {r.code for r in after.reasons}
    assert {"reputation_email", "reputation_website", "reputation_ip"} <= codes
    assert after.value > before.value
    # A moderator changing their mind clears the mark.
    decide(sapp, bad.json["id"], "ham")
    cleared = score(sapp, "hello from me", email="seller@shop.example", ip="203.0.113.50")
    assert not {"reputation_email", "reputation_ip"} & {r.code for r in cleared.reasons}


def test_approved_authors_score_lower(sapp, sapi):
    text = "I think the vote was rushed."
    before = score(sapp, text, email="regular@example.org")
    for n in range(3):
        sapi.post_comment(body=f"{PLAIN} Point {n} of mine.", email="regular@example.org")
    after = score(sapp, text, email="regular@example.org")
    approved = next(r for r in after.reasons if r.code == "reputation_approved")
    assert approved.message == "the author has 3 approved comments"
    assert approved.weight < 0
    assert after.value < before.value


def test_history_counts_stop_at_the_cap(sapp, sapi):
    # Past the cap no weight grows, and counting on would make a prolific author's every
    # submission count all their comments.
    for n in range(COUNT_CAP + 2):
        sapi.post_comment(body=f"{PLAIN} Point {n} of mine.", email="prolific@example.org")
    scored = score(sapp, "I think the vote was rushed.", email="prolific@example.org")
    approved = next(r for r in scored.reasons if r.code == "reputation_approved")
    assert approved.message == f"the author has {COUNT_CAP} or more approved comments"
    assert approved.weight == W_APPROVED_CAP


@pytest.mark.parametrize("label", ["spam", "ham"])
def test_a_decision_changes_the_next_score_in_every_app(make_app, label):
    first, second = make_app(SPAM_DEFAULTS), make_app(SPAM_DEFAULTS)
    api = API(first, first.test_client())
    text = "Great giveaway on my page, win a tablet, details in my profile"
    similar = "Win a tablet in the great giveaway, details in my profile"
    before = [score(app, similar).value for app in (first, second)]
    assert before[0] == before[1]
    posted = api.post_comment(body=text, email="x@example.org", ip="192.0.2.77")
    decide(first, posted.json["id"], label)
    after = [score(app, similar).value for app in (first, second)]
    assert after[0] == after[1]  # same rows, same order: the same weights everywhere
    assert (after[1] > before[1]) if label == "spam" else (after[1] < before[1])
    with first.app_context():
        rows = db.session.execute(db.select(SpamFeedback)).scalars().all()
        assert [(r.label, r.source, r.text, r.current) for r in rows] == [
            (SpamLabel(label), "moderator", text, True)]
    with second.app_context():
        assert spam.live_model().applied == rows[0].id


def test_a_rolled_back_decision_teaches_nothing(sapp, sapi):
    posted = sapi.post_comment(body="Free followers for everyone, message me now")
    before = score(sapp, "free followers, message me")
    with sapp.app_context():
        comment = db.session.get(Comment, posted.json["id"])
        events.comment_classified.send(comment, label="spam", actor="mod")
        db.session.flush()  # the row exists in this transaction, not yet for anyone else
        assert assess("free followers, message me").value == before.value
        db.session.rollback()
    assert score(sapp, "free followers, message me").value == before.value


def test_an_unreadable_stored_model_falls_back_to_the_shipped_one(sapp, caplog):
    before = score(sapp, PLAIN)
    with sapp.app_context():
        db.session.add(SpamModel(blob=b"not a model", summary="broken"))
        db.session.commit()
    after = score(sapp, PLAIN)
    assert after.value == before.value
    assert "stored spam model #1 is unreadable" in caplog.text


def test_decisions_become_visible_in_id_order(make_app):
    """A decision committed while an earlier one is still open would be skipped forever."""
    import threading

    import sqlalchemy as sa

    first, second = make_app(SPAM_DEFAULTS), make_app(SPAM_DEFAULTS)
    api = API(first, first.test_client())
    ids = [api.post_comment(body=f"Message number {n} about the giveaway",
                            email=f"p{n}@example.org").json["id"] for n in range(2)]
    seen_by_later = []

    def later_decision():
        with second.app_context():
            comment = db.session.get(Comment, ids[1])
            events.comment_classified.send(comment, label="spam", actor="mod")
            db.session.commit()
            with db.engine.connect() as conn:
                seen_by_later.append(conn.execute(
                    sa.select(sa.func.count(SpamFeedback.id))).scalar())

    with first.app_context():
        events.comment_classified.send(db.session.get(Comment, ids[0]), label="spam",
                                       actor="mod")
        db.session.flush()  # the earlier decision has its id; its transaction is open
        later = threading.Thread(target=later_decision)
        later.start()
        later.join(timeout=2)  # without turn-taking the later one commits in this time
        db.session.commit()
    later.join(timeout=60)
    assert seen_by_later == [2]
    rows = API(first, first.test_client()).rows(SpamFeedback)
    assert [r.comment_id for r in rows] == ids
