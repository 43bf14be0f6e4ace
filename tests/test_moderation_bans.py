"""Bans: matching submissions are kept as spam without a tip-off; expiry; validation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from service.extensions import db
from service.models import AuditEntry, Ban, CommentStatus, Role, utcnow
from tests.helpers.moderation import Mod, make_token


@pytest.fixture
def mod(app, client):
    return Mod(client, make_token(app, Role.MODERATOR, name="desk"))


def post(api, **fields):
    response = api.post_comment(**fields)
    assert response.status_code == 201
    return response.json


@pytest.mark.parametrize(("kind", "value", "fields"), [
    ("email", "Troll@Example.com", {"email": "troll@example.com"}),
    ("ip", "203.0.113.7", {"ip": "203.0.113.7"}),
    ("ip", "203.0.113.0/24", {"ip": "203.0.113.200"}),
    ("ip", "2001:db8::/32", {"ip": "2001:db8:1::5"}),
    ("domain", "casino.example", {"website": "https://www.casino.example/win"}),
    ("domain", "*.casino.example", {"website": "http://casino.example"}),
    # Hosts with up to eight parent domains, and longer ones (another form of the query).
    ("domain", "casino.example", {"website": "https://a.b.c.d.e.f.g.casino.example/"}),
    ("domain", "casino.example", {"website": "https://a.b.c.d.e.f.g.h.i.j.casino.example/"}),
    ("domain", "j.casino.example", {"website": "https://a.b.c.d.e.f.g.h.i.j.casino.example/"}),
])
def test_matching_submissions_are_spam_without_a_tip_off(api, mod, kind, value, fields):
    created = mod.post("/bans", json={"kind": kind, "value": value, "note": "persistent"})
    assert created.status_code == 201
    answer = post(api, body="Banned but unaware.", **fields)
    # Exactly what a held comment gets.
    assert answer["status"] == "pending"
    assert answer["comment"]["html"] == "<p>Banned but unaware.</p>"
    [row] = api.rows()
    assert row.status is CommentStatus.SPAM
    assert "banned" in [r["code"] for r in row.spam_reasons]
    assert api.listing().json["items"] == []
    # Others are unaffected.
    assert post(api, email="ann@example.org", ip="192.0.2.99", website=None,
                body="Nothing to do with it.")["status"] == "approved"


def test_expired_bans_no_longer_match(app, api, mod):
    ban = mod.post("/bans", json={"kind": "email", "value": "troll@example.com",
                                  "expires_at": (utcnow() + timedelta(days=1)).isoformat()})
    assert ban.status_code == 201
    assert post(api, email="troll@example.com")["status"] == "pending"
    assert [b["id"] for b in mod.get("/bans").json["items"]] == [ban.json["id"]]
    # Let the ban's time run out.
    with app.app_context():
        db.session.get(Ban, ban.json["id"]).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert post(api, email="troll@example.com", body="Back again.")["status"] == "approved"
    assert mod.get("/bans").json["items"] == []
    assert [b["id"] for b in mod.get("/bans", expired="true").json["items"]] == [ban.json["id"]]


def test_lifting_a_ban_is_logged(api, mod):
    ban_id = mod.post("/bans", json={"kind": "ip", "value": "192.0.2.10"}).json["id"]
    assert post(api)["status"] == "pending"
    assert mod.delete(f"/bans/{ban_id}").status_code == 204
    assert mod.delete(f"/bans/{ban_id}").status_code == 404
    assert api.rows(Ban) == []
    assert post(api, body="After the ban was lifted.")["status"] == "approved"
    logged = [(e.action, e.target_id, e.actor) for e in api.rows(AuditEntry)
              if e.target_type == "ban"]
    assert logged == [("ban.create", str(ban_id), "desk"), ("ban.delete", str(ban_id), "desk")]


@pytest.mark.parametrize("payload", [
    {"kind": "email", "value": "not-an-address"},
    {"kind": "ip", "value": "300.1.2.3"},
    {"kind": "ip", "value": "203.0.113.0/33"},
    {"kind": "domain", "value": "not a domain"},
    {"kind": "name", "value": "x"},
    {"kind": "email"},
    {"kind": "email", "value": "a@example.com", "expires_at": "2000-01-01T00:00:00Z"},
    {"kind": "email", "value": "a@example.com", "expires_at": "soon"},
    {"kind": "email", "value": "a@example.com", "surprise": True},
])
def test_bad_bans_are_refused(api, mod, payload):
    response = mod.post("/bans", json=payload)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "validation_failed"
    assert api.rows(Ban) == []
