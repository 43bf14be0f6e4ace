"""Personal data: export, erase (no trace of the address anywhere), purge of old addresses."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

from service import events
from service.extensions import db
from service.models import AuditEntry, Ban, Comment, CommentStatus, Report, Role, utcnow
from service.models.spam import SpamFeedback
from tests.moderation_helpers import Mod, make_token

ANN = "ann@example.com"
ANN_IP = "192.0.2.77"


@pytest.fixture
def admin(app, client):
    return Mod(client, make_token(app, Role.ADMIN, name="dpo"))


@pytest.fixture
def story(api, admin):
    """Ann writes twice (one with a reply from Bob), is reported, edited and banned."""
    first = api.post_comment(ip=ANN_IP, website="https://ann.example/blog",
                             body="Ann's first comment.").json["id"]
    second = api.post_comment(ip=ANN_IP, body="Ann's second comment.").json["id"]
    reply = api.post_comment(ip="192.0.2.88", author="Bob", email="bob@example.com",
                             parent=first, body="Bob answers Ann.").json["id"]
    assert api.client.post(f"/api/v1/comments/{second}/reports",
                           json={"category": "other", "text": "Ann again"}).status_code == 201
    assert admin.patch(f"/comments/{second}", {"body": "Ann's second, edited."}).status_code \
        == 200
    assert admin.post("/bans", json={"kind": "email", "value": ANN}).status_code == 201
    return {"first": first, "second": second, "reply": reply}


def everything_a_moderator_sees(admin) -> str:
    pages = [admin.get("/comments", limit=200), admin.get("/audit", limit=200),
             admin.get("/bans", expired="true")]
    assert all(p.status_code == 200 for p in pages)
    return json.dumps([p.json for p in pages])


def test_export_returns_everything_about_the_address(api, admin, story):
    response = admin.post("/personal-data/export", json={"email": "Ann@Example.com"})
    assert response.status_code == 200
    data = response.json
    assert [c["id"] for c in data["comments"]] == [story["first"], story["second"]]
    assert {c["ip"] for c in data["comments"]} == {ANN_IP}
    assert data["comments"][0]["website"] == "https://ann.example/blog"
    assert [r["body"] for r in data["revisions"]] == ["Ann's second comment."]
    assert len(data["bans"]) == 1
    [entry] = [e for e in api.rows(AuditEntry) if e.action == "personal_data.export"]
    assert entry.actor == "dpo" and entry.target_id.startswith("sha256:")
    assert ANN not in json.dumps([entry.target_id, entry.before, entry.after])


@pytest.mark.parametrize("mode", ["anonymise", "remove"])
def test_erase_leaves_no_trace_of_the_address(api, admin, story, mode):
    seen = []

    def receiver(_sender, email, mode, **_):
        seen.append((email, mode))

    events.personal_data_erased.connect(receiver)
    try:
        response = admin.post("/personal-data/erase", json={"email": ANN, "comments": mode})
    finally:
        events.personal_data_erased.disconnect(receiver)
    assert response.status_code == 200
    assert response.json == {"comments": 2, "mode": mode, "bans": 1}
    assert seen == [(ANN, mode)]

    public = json.dumps(api.listing().json)
    moderator = everything_a_moderator_sees(admin)
    for trace in (ANN, ANN_IP, "ann.example"):
        assert trace not in public
        assert trace not in moderator
    assert admin.post("/personal-data/export", json={"email": ANN}).json["comments"] == []
    assert api.rows(Ban) == []
    rows = {c.id: c for c in api.rows(Comment)}
    assert rows[story["reply"]].email == "bob@example.com"
    items = api.listing().json["items"]
    if mode == "anonymise":
        assert [(c["id"], c["author"]) for c in items] == [
            (story["first"], "[erased]"), (story["second"], "[erased]"),
            (story["reply"], "Bob")]
        assert rows[story["second"]].body == "Ann's second, edited."
    else:
        # Ann's first comment stays only as a placeholder for Bob's reply.
        assert [(c["id"], c["removed"]) for c in items] == [
            (story["first"], True), (story["reply"], False)]
        assert rows[story["first"]].status is CommentStatus.DELETED
        assert rows[story["second"]].body == "" and "Ann's" not in moderator
        assert api.client.get("/api/v1/counts",
                              query_string={"thread": api.DEFAULTS["thread"]}).json == {
            api.DEFAULTS["thread"]: 1}
    [entry] = [e for e in api.rows(AuditEntry) if e.action == "personal_data.erase"]
    assert entry.actor == "dpo" and entry.after["comments"] == 2


@pytest.mark.parametrize("payload", [
    {}, {"email": "nobody"}, {"email": ANN}, {"email": ANN, "comments": "burn"},
    {"email": ANN, "comments": "remove", "also": 1},
])
def test_erase_rejects_bad_input(api, admin, story, payload):
    assert admin.post("/personal-data/erase", json=payload).status_code == 400
    assert {c.email for c in api.rows(Comment)} == {ANN, "bob@example.com"}


def test_purge_erases_old_client_addresses(app, api):
    old = api.post_comment(ip="192.0.2.1", body="An old comment.").json["id"]
    new = api.post_comment(ip="192.0.2.2", body="A new comment.").json["id"]
    for cid in (old, new):
        assert api.client.post(f"/api/v1/comments/{cid}/reports", json={"category": "spam"},
                               environ_base={"REMOTE_ADDR": "198.51.100.5"}).status_code == 201
    with app.app_context():
        long_ago = utcnow() - timedelta(days=31)
        db.session.get(Comment, old).created_at = long_ago
        db.session.execute(db.update(Report).where(Report.comment_id == old)
                           .values(created_at=long_ago))
        db.session.commit()

    result = CliRunner().invoke(FlaskGroup(create_app=lambda: app), ["purge"])
    assert result.exit_code == 0, result.output
    assert "1 comments, 1 reports" in result.output
    assert {c.id: c.ip for c in api.rows(Comment)} == {old: None, new: "192.0.2.2"}
    assert {r.comment_id: r.ip for r in api.rows(Report)} == {old: None, new: "198.51.100.5"}
    [entry] = [e for e in api.rows(AuditEntry) if e.action == "personal_data.purge"]
    assert entry.after == {"comments": 1, "reports": 1, "spam_filter_examples": 0, "days": 30}


@pytest.mark.parametrize("mode", ["anonymise", "remove"])
def test_spam_filter_examples_are_exported_and_erased(api, admin, story, mode):
    assert admin.post(f"/comments/{story['first']}/spam").status_code == 200
    [example] = api.rows(SpamFeedback)
    assert (example.email, example.ip, example.domain) == (ANN, ANN_IP, "ann.example")

    exported = admin.post("/personal-data/export", json={"email": ANN}).json
    assert [e["comment"] for e in exported["spam_filter_examples"]] == [story["first"]]

    assert admin.post("/personal-data/erase",
                      json={"email": ANN, "comments": mode}).status_code == 200
    [example] = api.rows(SpamFeedback)
    assert (example.email, example.ip, example.domain) == (None, None, None)
    assert example.text == ("" if mode == "remove" else "Ann's first comment.")


@pytest.mark.parametrize("mode", ["anonymise", "remove"])
def test_abuse_filter_examples_lose_removed_texts(api, admin, story, mode):
    from service.models.abuse import AbuseFeedback

    assert admin.post(f"/comments/{story['first']}/reject",
                      json={"reason_code": "harassment"}).status_code == 200
    [example] = api.rows(AbuseFeedback)
    assert example.text == "Ann's first comment."

    assert admin.post("/personal-data/erase",
                      json={"email": ANN, "comments": mode}).status_code == 200
    [example] = api.rows(AbuseFeedback)
    assert example.text == ("" if mode == "remove" else "Ann's first comment.")
