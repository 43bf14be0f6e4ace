"""Addresses are found however they are capitalised: erase, export, the queue, reputation,
first-time pre-moderation, bans; the migration that keys existing rows; and what erase and
purge take from bans and stored webhook messages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask.cli import FlaskGroup
from flask_migrate import downgrade, upgrade

from service import comments, spam
from service.extensions import db
from service.models import Ban, Comment, CommentStatus, Role, WebhookMessage, utcnow
from service.models.spam import SpamFeedback
from service.submissions import ClientInfo, Submission
from tests.conftest import API
from tests.moderation_helpers import Mod, make_token
from tests.webhook_helpers import FAST, add_endpoint

STORED = ["Alice.Smith@example.com", "ALICE.SMITH@EXAMPLE.COM", "alice.Smith@Example.Com"]
ASKED = ["alice.smith@example.com", "Alice.Smith@example.com", "ALICE.SMITH@example.com"]
IP = "192.0.2.77"


@pytest.fixture
def hooked(make_app):
    app = make_app(FAST)
    client = app.test_client()
    admin = Mod(client, make_token(app, Role.ADMIN, name="dpo"))
    # No receiver: the messages stay stored and pending, as they would behind a slow one.
    add_endpoint(client, admin.headers, "http://127.0.0.1:9/personal",
                 events=["comment.created", "comment.spam"], include_personal_data=True)
    add_endpoint(client, admin.headers, "http://127.0.0.1:9/plain",
                 events=["comment.created", "comment.spam"])
    return app, API(app, client), admin


@pytest.mark.parametrize("asked", ASKED)
@pytest.mark.parametrize("stored", STORED)
@pytest.mark.parametrize("mode", ["anonymise", "remove"])
def test_erase_and_export_find_an_address_however_it_is_capitalised(hooked, stored, asked,
                                                                    mode):
    _, api, admin = hooked
    cid = api.post_comment(email=stored, ip=IP, author="Alice Smith",
                           body="Alice's words on the bridge.").json["id"]
    assert admin.post(f"/comments/{cid}/spam").status_code == 200
    assert [f.email for f in api.rows(SpamFeedback)] == ["alice.smith@example.com"]

    exported = admin.post("/personal-data/export", json={"email": asked})
    assert exported.status_code == 200
    assert [c["id"] for c in exported.json["comments"]] == [cid]
    assert [e["comment"] for e in exported.json["spam_filter_examples"]] == [cid]

    erased = admin.post("/personal-data/erase", json={"email": asked, "comments": mode})
    assert erased.status_code == 200
    assert erased.json["comments"] == 1
    [row] = api.rows()
    assert (row.author, row.email, row.email_key, row.ip) == ("[erased]", "", "", None)
    [example] = api.rows(SpamFeedback)
    assert (example.email, example.ip) == (None, None)
    payloads = [m.payload for m in api.rows(WebhookMessage)]
    assert len(payloads) == 4
    for payload in payloads:
        assert stored not in payload and IP not in payload and "Alice Smith" not in payload
    assert admin.post("/personal-data/export", json={"email": asked}).json["comments"] == []


@pytest.mark.parametrize("asked", ASKED)
def test_the_queue_filters_by_address_however_it_is_capitalised(app, api, asked):
    mod = Mod(api.client, make_token(app, Role.MODERATOR))
    mine = api.post_comment(email="Alice.Smith@example.com").json["id"]
    api.post_comment(email="bob@example.com")
    found = mod.get("/comments", email=asked)
    assert found.status_code == 200
    assert [c["id"] for c in found.json["items"]] == [mine]


@pytest.mark.parametrize("stored, asked", [(s, a) for s in STORED[:2] for a in ASKED[:2]])
def test_reputation_follows_the_address_however_it_is_capitalised(make_app, stored, asked):
    app = make_app()
    api = API(app, app.test_client())
    mod = Mod(api.client, make_token(app, Role.MODERATOR))
    cid = api.post_comment(email=stored, ip="203.0.113.50").json["id"]
    assert mod.post(f"/comments/{cid}/spam").status_code == 200
    with app.app_context():
        score = spam.assess(Submission(thread_key="/t", author="A", email=asked, website=None,
                                       body="hello from me"), ClientInfo(ip="198.51.100.1"))
    assert "reputation_email" in {r.code for r in score.reasons}


@pytest.mark.parametrize("stored, asked", [(s, a) for s in STORED[:2] for a in ASKED[:2]])
def test_first_time_premoderation_knows_an_approved_author_in_any_case(make_app, stored,
                                                                       asked):
    app = make_app({"PREMODERATION": "first_time"})
    api = API(app, app.test_client())
    mod = Mod(api.client, make_token(app, Role.MODERATOR))
    first = api.post_comment(email=stored)
    assert first.json["status"] == "pending"
    assert mod.post(f"/comments/{first.json['id']}/approve").status_code == 200
    assert api.post_comment(email=asked, body="Back again.").json["status"] == "approved"
    with app.app_context():
        assert comments.has_approved_comment(asked)


@pytest.mark.parametrize("banned", ASKED)
def test_an_email_ban_matches_in_any_case(app, api, banned):
    mod = Mod(api.client, make_token(app, Role.MODERATOR))
    assert mod.post("/bans", json={"kind": "email", "value": banned}).status_code == 201
    for stored in STORED:
        api.post_comment(email=stored)
    assert {c.status for c in api.rows()} == {CommentStatus.SPAM}


# --- the migration ---------------------------------------------------------------------

def test_the_migration_keys_existing_comments_and_examples(make_app):
    app = make_app()
    directory = app.extensions["migrate"].directory
    now = "2026-11-24 12:00:00"
    emails = ["Alice.Smith@example.com", "bob@example.com", "ÉLODIE.Ünal@example.com", ""]
    with app.app_context():
        downgrade(directory=directory, revision="0010_reports_open")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO threads (id, key, closed, comment_count, version,"
                                 " created_at) VALUES (1, '/m', false, 0, 0, :now)"),
                         {"now": now})
            for n, email in enumerate(emails, start=1):
                conn.execute(sa.text(
                    "INSERT INTO comments (id, thread_id, depth, author, email, body, html,"
                    " status, created_at, spam_score, spam_reasons, fingerprint) VALUES"
                    " (:id, 1, 0, 'A', :email, 'b', '<p>b</p>', 'approved', :now, 0, '[]',"
                    " 'f')"), {"id": n, "email": email, "now": now})
                conn.execute(sa.text(
                    "INSERT INTO spam_feedback (comment_id, label, source, text, email,"
                    " current, created_at) VALUES (:id, 'spam', 'moderator', 'b', :email,"
                    " true, :now)"), {"id": n, "email": email or None, "now": now})
        upgrade(directory=directory)
        keys = db.session.execute(sa.text(
            "SELECT email_key FROM comments ORDER BY id")).scalars().all()
        examples = db.session.execute(sa.text(
            "SELECT email FROM spam_feedback ORDER BY id")).scalars().all()
        db.session.commit()
        indexes = {i["name"] for i in sa.inspect(db.engine).get_indexes("comments")}
    assert keys == ["alice.smith@example.com", "bob@example.com", "élodie.ünal@example.com",
                    ""]
    assert examples == [*keys[:3], None]
    assert "ix_comments_email_key_status" in indexes
    # Keyed rows are found like new ones.
    client = app.test_client()
    admin = Mod(client, make_token(app, Role.ADMIN))
    erased = admin.post("/personal-data/erase",
                        json={"email": "alice.smith@EXAMPLE.com", "comments": "remove"})
    assert erased.status_code == 200 and erased.json["comments"] == 1


# --- bans, notes and stored messages -----------------------------------------------------

@pytest.mark.parametrize("ip, ban", [
    ("192.0.2.77", "192.0.2.77"),
    ("2001:db8:4:4::9", "2001:db8:4:4::1"),
    ("2001:db8:4:4::9", "2001:db8:4:4::9/128"),
])
def test_erase_lifts_bans_on_the_persons_address_and_clears_notes(app, api, ip, ban):
    admin = Mod(api.client, make_token(app, Role.ADMIN))
    cid = api.post_comment(email="Alice.Smith@example.com", author="Alice Smith", ip=ip)
    assert cid.status_code == 201
    created = [
        admin.post("/bans", json={"kind": "ip", "value": ban,
                                  "note": "Alice Smith again, Alice.Smith@example.com"}),
        admin.post("/bans", json={"kind": "ip", "value": "198.51.100.0/24",
                                  "note": "spam run; also alice.smith@example.com and "
                                          "ALICE SMITH"}),
        admin.post("/bans", json={"kind": "email", "value": "troll@example.net",
                                  "note": "Malice Smithers is someone else"}),
    ]
    assert [r.status_code for r in created] == [201, 201, 201]
    erased = admin.post("/personal-data/erase",
                        json={"email": "alice.smith@example.com", "comments": "anonymise"})
    assert erased.status_code == 200 and erased.json["bans"] == 1
    left = api.rows(Ban)
    assert [(b.value, b.note) for b in left] == [
        ("198.51.100.0/24", "spam run; also [erased] and [erased]"),
        ("troll@example.net", "Malice Smithers is someone else")]
    listed = json.dumps(admin.get("/bans", expired="true").json).lower()
    assert "alice.smith@" not in listed and "2001:db8:4:4" not in listed


def test_purge_drops_client_addresses_from_stored_messages(hooked):
    app, api, _ = hooked
    old = api.post_comment(ip="192.0.2.1", body="An old comment.").json["id"]
    new = api.post_comment(ip="192.0.2.2", body="A new comment.").json["id"]
    with app.app_context():
        db.session.get(Comment, old).created_at = utcnow() - timedelta(days=31)
        db.session.commit()
    result = CliRunner().invoke(FlaskGroup(create_app=lambda: app), ["purge"])
    assert result.exit_code == 0, result.output
    shown = {}
    for message in api.rows(WebhookMessage):
        comment = json.loads(message.payload)["data"]["comment"]
        shown.setdefault(comment["id"], set()).add(comment.get("ip", "absent"))
    # The endpoint with personal data saw addresses; the other never did.
    assert shown == {old: {None, "absent"}, new: {"192.0.2.2", "absent"}}


def test_payloads_without_personal_data_withhold_reasons_about_the_person(hooked):
    _, api, admin = hooked
    first = api.post_comment(email="Seller@shop.example", ip="203.0.113.50").json["id"]
    assert admin.post(f"/comments/{first}/spam").status_code == 200
    second = api.post_comment(email="seller@shop.example", ip="203.0.113.50",
                              body="Buy now, friends.").json["id"]
    # In endpoint order: the one with personal data was added first.
    personal, plain = [json.loads(m.payload) for m in sorted(
        (m for m in api.rows(WebhookMessage) if m.comment_id == second),
        key=lambda m: m.endpoint_id)]
    codes = {r["code"] for r in personal["data"]["comment"]["spam"]["reasons"]}
    assert {"reputation_email", "reputation_ip"} <= codes
    reasons = plain["data"]["comment"]["spam"]["reasons"]
    assert not {"reputation_email", "reputation_ip"} & {r["code"] for r in reasons}
    text = json.dumps(plain)
    assert "email address" not in text and "from this address" not in text
    assert "personal_data" in {r["code"] for r in reasons}
    assert sum(r["weight"] for r in reasons) == pytest.approx(
        sum(r["weight"] for r in personal["data"]["comment"]["spam"]["reasons"]))
