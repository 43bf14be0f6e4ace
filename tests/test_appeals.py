"""Statements of reasons, complaints and the appeal queue (DSA Art. 17 and 20)."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner

from service.dsa import appeals, links
from service.extensions import db
from service.models import Appeal, AppealOutcome, AuditEntry, Comment, CommentStatus, Report, Role
from service.moderation import actions
from service.moderation.actor import Actor
from tests.helpers.console import make_account
from tests.helpers.moderation import Mod, make_token
from tests.helpers.notices import ILLEGAL, messages, report, to


@pytest.fixture
def ann(app, client):
    """The moderator who takes decisions."""
    return Mod(client, make_token(app, Role.MODERATOR, name="ann-desk"))


@pytest.fixture
def bob(app, client):
    """Another moderator, who decides complaints."""
    return Mod(client, make_token(app, Role.MODERATOR, name="bob-desk"))


def rejected_after_a_notice(api, client, ann, sent):
    """Post a comment, report it as illegal, reject it; return its id and the link."""
    cid = api.post_comment(author="Carl Author", email="carl@example.org").json["id"]
    assert report(client, cid, **ILLEGAL).status_code == 201
    assert ann.post(f"/comments/{cid}/reject", json={
        "reason_code": "illegal_content", "reason_text": "Defamation of a named official."}
    ).status_code == 200
    [(_, statement)] = to(sent, "statement_of_reasons")
    return cid, statement["complaint_url"]


def test_the_whole_loop_from_notice_to_reversal(api, client, ann, bob):
    with messages() as sent:
        cid, link = rejected_after_a_notice(api, client, ann, sent)

        # The reporter hears the decision; the author gets the statement of reasons.
        [(to_reporter, decided)] = to(sent, "notice_decided")
        assert (to_reporter, decided["acted"], decided["decision"]) == (
            "rita@example.org", True, "reject")
        assert "complaint_url" not in decided  # acted on: nothing for the reporter to contest
        [(to_author, statement)] = to(sent, "statement_of_reasons")
        assert to_author == "carl@example.org"
        assert statement["restriction"] == "disabled"
        assert statement["prompted_by_notice"] is True
        assert (statement["automatic_decision"], statement["automatic_detection"]) == (
            False, False)
        assert statement["ground"] == {"type": "law", "reason_code": "illegal_content",
                                       "law": f"{ILLEGAL['law']} (FR)"}
        assert statement["facts"] == "Defamation of a named official."
        assert statement["complaint_days"] >= 180
        # The author is not told who reported them.
        assert "rita" not in str(statement).lower()

        page = client.get(link)
        assert page.status_code == 200
        assert "unsafe" not in page.headers["Content-Security-Policy"]
        assert '<form method="post"' in page.get_data(as_text=True)
        french = client.get(link, headers={"Accept-Language": "fr-FR,fr;q=0.9"})
        assert "Contester une décision de modération" in french.get_data(as_text=True)

        filed = client.post(link, data={"text": "It is a quote from the court ruling."})
        assert filed.status_code == 201
        assert "received" in filed.get_data(as_text=True)
        [appeal] = api.rows(Appeal)
        assert (appeal.comment_id, appeal.party.value, appeal.decided_at) == (
            cid, "author", None)
        assert to(sent, "appeal_received")[0][0] == "carl@example.org"
        # One complaint per link.
        assert client.post(link, data={"text": "Again."}).status_code == 409
        assert len(api.rows(Appeal)) == 1

        queue = ann.get("/appeals")
        assert [a["id"] for a in queue.json["items"]] == [appeal.id]
        assert queue.json["items"][0]["text"] == "It is a quote from the court ruling."
        assert "carl@example.org" not in queue.get_data(as_text=True)

        # The moderator who took the decision may not decide the complaint.
        same = ann.post(f"/appeals/{appeal.id}/decision",
                        json={"outcome": "reverse", "reason": "I was wrong."})
        assert same.status_code == 409
        assert api.rows(Appeal)[0].decided_at is None

        reversed_ = bob.post(f"/appeals/{appeal.id}/decision",
                             json={"outcome": "reverse", "reason": "A faithful quote."})
        assert reversed_.status_code == 200
        assert (reversed_.json["outcome"], reversed_.json["decided_by"]) == (
            "reverse", "bob-desk")

    assert api.rows(Comment)[0].status is CommentStatus.APPROVED
    assert [c["id"] for c in api.listing().json["items"]] == [cid]
    actions = [(e.action, e.actor) for e in api.rows(AuditEntry) if e.actor != "spam-filter"]
    assert actions[-4:] == [("comment.reject", "ann-desk"), ("appeal.receive", "system"),
                            ("comment.approve", "bob-desk"), ("appeal.reverse", "bob-desk")]
    outcome = dict(((m.kind, m.to), m.facts) for m in sent if m and m.kind.startswith(
        "appeal_decided"))
    assert set(outcome) == {("appeal_decided", "carl@example.org"),
                            ("appeal_decided_other_party", "rita@example.org")}
    assert outcome[("appeal_decided", "carl@example.org")]["outcome"] == "reverse"
    assert ann.get("/appeals").json["items"] == []
    assert [a["id"] for a in ann.get("/appeals", decided="true").json["items"]] == [appeal.id]
    assert bob.post(f"/appeals/{appeal.id}/decision",
                    json={"outcome": "uphold", "reason": "Twice."}).status_code == 409

    figures = ann.get("/stats").json["complaints"]
    assert (figures["received"], figures["decided"], figures["reversed"]) == (1, 1, 1)
    assert figures["median_seconds_to_decision"] >= 0


def test_a_reporter_contests_a_decision_not_to_act(api, client, ann, bob):
    cid = api.post_comment(author="Carl Author", email="carl@example.org").json["id"]
    with messages() as sent:
        assert report(client, cid, category="harassment", text="Insults me.",
                      reporter_email="rita@example.org").status_code == 201
        assert ann.post(f"/comments/{cid}/approve").status_code == 200
        [(address, decided)] = to(sent, "notice_decided")
        assert (address, decided["acted"]) == ("rita@example.org", False)
        # Keeping a comment restricts nothing: no statement to its author.
        assert to(sent, "statement_of_reasons") == []

        assert client.post(decided["complaint_url"], data={"text": "It is an insult."}
                           ).status_code == 201
        [appeal] = api.rows(Appeal)
        assert (appeal.party.value, appeal.report_id) == ("reporter", api.rows(Report)[0].id)
        assert bob.post(f"/appeals/{appeal.id}/decision", json={
            "outcome": "reverse", "reason": "It insults the reader."}).status_code == 200

        assert api.rows(Comment)[0].status is CommentStatus.REJECTED
        # Taking it down now owes its author a statement, on the notice's ground.
        [(author, statement)] = to(sent, "statement_of_reasons")
        assert author == "carl@example.org"
        assert statement["ground"] == {"type": "house_rules", "reason_code": "harassment"}
        kinds = {(m.kind, m.to) for m in sent if m and m.kind.startswith("appeal_decided")}
        assert kinds == {("appeal_decided", "rita@example.org"),
                         ("appeal_decided_other_party", "carl@example.org")}


def test_an_automatic_decision_is_reviewed_by_a_person(api, client, ann):
    cid = api.post_comment(email="carl@example.org").json["id"]
    with messages() as sent:
        for n in range(3):
            assert report(client, cid, ip=f"198.51.100.{n + 1}", category="spam"
                          ).status_code == 201
        [(_, statement)] = to(sent, "statement_of_reasons")
    assert statement["automatic_decision"] is True and statement["prompted_by_notice"]
    assert client.post(statement["complaint_url"], data={"text": "Not spam."}
                       ).status_code == 201
    appeal_id = api.rows(Appeal)[0].id
    # Any person may decide it, the system never does.
    assert ann.post(f"/appeals/{appeal_id}/decision", json={
        "outcome": "uphold", "reason": "It is an advert."}).status_code == 200
    assert api.rows(Comment)[0].status is CommentStatus.PENDING
    assert api.rows(Appeal)[0].outcome.value == "uphold"


def test_a_reversed_deletion_brings_the_comment_back(api, client, ann, bob):
    cid = api.post_comment(email="carl@example.org").json["id"]
    with messages() as sent:
        assert ann.post(f"/comments/{cid}/delete", json={"reason_code": "off_topic"}
                        ).status_code == 200
        [(_, statement)] = to(sent, "statement_of_reasons")
    assert (statement["restriction"], statement["prompted_by_notice"]) == ("removed", False)
    assert client.post(statement["complaint_url"], data={"text": "On topic."}).status_code == 201
    assert bob.post(f"/appeals/{api.rows(Appeal)[0].id}/decision", json={
        "outcome": "reverse", "reason": "It is on topic."}).status_code == 200
    assert api.rows(Comment)[0].status is CommentStatus.APPROVED


def test_a_reversed_edit_gives_the_author_their_text_back(api, client, ann, bob):
    cid = api.post_comment(email="carl@example.org", body="The original words.").json["id"]
    with messages() as sent:
        assert ann.patch(f"/comments/{cid}", json={
            "body": "The [removed] words.", "reason_code": "personal_data"}).status_code == 200
        [(_, statement)] = to(sent, "statement_of_reasons")
        assert statement["restriction"] == "edited"
        assert client.post(statement["complaint_url"], data={"text": "Nothing personal."}
                           ).status_code == 201
        assert bob.post(f"/appeals/{api.rows(Appeal)[0].id}/decision", json={
            "outcome": "reverse", "reason": "No personal data in it."}).status_code == 200
        # Undoing the edit restricts nothing: no second statement.
        assert len(to(sent, "statement_of_reasons")) == 1
    assert api.rows(Comment)[0].body == "The original words."


@pytest.mark.parametrize("body", [
    {}, {"outcome": "maybe", "reason": "x"}, {"outcome": "reverse"},
    {"outcome": "reverse", "reason": "  "}, {"outcome": "uphold", "reason": "ok", "by": 1},
    {"outcome": "uphold", "reason": "x" * 5001},
])
def test_bad_appeal_decisions_are_refused(api, client, ann, bob, body):
    with messages() as sent:
        _, link = rejected_after_a_notice(api, client, ann, sent)
    assert client.post(link, data={"text": "Wrong."}).status_code == 201
    appeal_id = api.rows(Appeal)[0].id

    response = bob.post(f"/appeals/{appeal_id}/decision", json=body)

    assert response.status_code == 400
    assert api.rows(Appeal)[0].decided_at is None
    assert api.rows(Comment)[0].status is CommentStatus.REJECTED


def test_an_unknown_appeal_is_not_found(bob):
    assert bob.post("/appeals/999/decision",
                    json={"outcome": "uphold", "reason": "x"}).status_code == 404
    assert bob.get("/appeals/999").status_code == 404


@pytest.mark.parametrize(("text", "status"), [("", 400), ("   ", 400), ("x" * 5001, 400)])
def test_a_bad_complaint_is_refused_and_nothing_stored(api, client, ann, text, status):
    with messages() as sent:
        _, link = rejected_after_a_notice(api, client, ann, sent)
    response = client.post(link, data={"text": text})
    assert response.status_code == status
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert api.rows(Appeal) == []


def test_forged_or_expired_links_are_refused(app, api, client, ann, monkeypatch):
    with messages() as sent:
        _, link = rejected_after_a_notice(api, client, ann, sent)
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/complaints/{token[:-2]}xx").status_code == 404
    assert client.post(f"/complaints/{token}x", data={"text": "Hi"}).status_code == 404
    with app.app_context():
        decision_id = links.read(token).decision_id
        # A link for the reporter's side of a decision that acted is no link at all.
        reporter_side = links.sign(links.Grant(decision_id, links.AppealParty.REPORTER, 1))
        real_time = time.time()
        monkeypatch.setattr(TimestampSigner, "get_timestamp",
                            lambda self: int(real_time - links.VALID_FOR.total_seconds() - 60))
        old = links.sign(links.Grant(decision_id, links.AppealParty.AUTHOR))
        monkeypatch.undo()
    assert client.get(f"/complaints/{reporter_side}").status_code == 404
    expired = client.post(f"/complaints/{old}", data={"text": "Late."})
    assert expired.status_code == 410
    assert "six months" in expired.get_data(as_text=True)
    assert api.rows(Appeal) == []


def test_links_are_absolute_when_the_public_address_is_set(make_app):
    app = make_app({"PUBLIC_URL": "https://comments.example.org/"})
    with app.app_context():
        url = links.complaint_url(links.Grant(7, links.AppealParty.AUTHOR))
        assert url.startswith("https://comments.example.org/complaints/")
        assert links.read(url.rsplit("/", 1)[1]) == links.Grant(7, links.AppealParty.AUTHOR)


def test_spam_above_the_setting_goes_unsaid(make_app):
    app = make_app({"SPAM_THRESHOLD_LOW": 0.5, "SPAM_THRESHOLD_HIGH": 0.6,
                    "STATEMENTS_SPAM_SCORE_MAX": 0.0})
    client = app.test_client()
    told = []
    from service import events

    def on_statement(entry, comment, tell_author, **_):
        told.append((entry.action, tell_author))

    events.statement_issued.connect(on_statement)
    try:
        response = client.post("/api/v1/comments", json={
            "thread": "/t", "author": "Bot", "email": "bot@example.com",
            "body": "BUY CHEAP PILLS http://spam.example http://spam.example/2 "
                    "http://spam.example/3 http://spam.example/4", "hp": "filled"})
    finally:
        events.statement_issued.disconnect(on_statement)
    assert response.status_code == 201
    assert told == [("filter.spam", False)]


def test_a_console_person_decides_a_complaint_but_not_against_their_own_decision(
        app, api, client):
    cid = api.post_comment(email="carl@example.org").json["id"]
    ann_id, _ = make_account(app, "ann@newsroom.example")
    bob_id, _ = make_account(app, "bob@newsroom.example")
    ann = Actor(token_id=None, name="Ann", role=Role.MODERATOR, account_id=ann_id)
    bob = Actor(token_id=None, name="Bob", role=Role.MODERATOR, account_id=bob_id)
    with messages() as sent, app.app_context():
        actions.apply(db.session.get(Comment, cid), "reject", ann, reason_code="off_topic",
                      reason_text="Not about the article.")
        db.session.commit()
    [(_, statement)] = to(sent, "statement_of_reasons")
    assert client.post(statement["complaint_url"], data={"text": "It was on topic."}
                       ).status_code == 201
    appeal_id = api.rows(Appeal)[0].id
    with app.app_context():
        with pytest.raises(appeals.APIError) as refused:
            appeals.decide(appeal_id, AppealOutcome.REVERSE, "On topic after all.", ann)
        assert refused.value.status == 409
    assert api.rows(Appeal)[0].decided_at is None
    with app.app_context():
        appeals.decide(appeal_id, AppealOutcome.REVERSE, "On topic after all.", bob)
    assert api.rows(Appeal)[0].outcome is AppealOutcome.REVERSE
    assert api.rows(Comment)[0].status is CommentStatus.APPROVED
