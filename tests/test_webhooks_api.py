"""The webhook admin API: who may use it, what it accepts, what it stores, URL safety."""

from __future__ import annotations

import pytest

from service.extensions import db
from service.models import AuditEntry, Role, WebhookEndpoint, WebhookMessage
from service.webhooks import urls
from tests.moderation_helpers import bearer, make_token
from tests.webhook_helpers import add_endpoint, admin_headers

URL = "http://127.0.0.1:9/hook"


@pytest.fixture
def admin(hook_app):
    return admin_headers(hook_app)


def rows(app, model):
    with app.app_context():
        found = db.session.execute(db.select(model).order_by(model.id)).scalars().all()
        db.session.expunge_all()
        return found


def test_create_returns_the_secret_once_and_lists_without_it(hook_app, admin):
    client = hook_app.test_client()
    created = add_endpoint(client, admin, URL, events=["comment.spam", "comment.created"],
                           description="CMS")
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["comment.created", "comment.spam"]
    assert created["status"] == "active" and created["include_personal_data"] is False
    listed = client.get("/api/v1/webhooks", headers=admin).get_json()["items"]
    assert [e["id"] for e in listed] == [created["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in client.get(f"/api/v1/webhooks/{created['id']}",
                                      headers=admin).get_json()
    [row] = rows(hook_app, WebhookEndpoint)
    assert row.secret == created["secret"] and row.description == "CMS"
    assert "webhook.create" in [e.action for e in rows(hook_app, AuditEntry)]


@pytest.mark.parametrize("headers", [{}, bearer("mgn_unknown")])
def test_needs_a_token(hook_app, headers):
    response = hook_app.test_client().post("/api/v1/webhooks", headers=headers,
                                           json={"url": URL, "events": ["comment.created"]})
    assert response.status_code == 401
    assert rows(hook_app, WebhookEndpoint) == []


def test_moderators_may_not_manage_webhooks(hook_app):
    moderator = bearer(make_token(hook_app, Role.MODERATOR))
    client = hook_app.test_client()
    assert client.get("/api/v1/webhooks", headers=moderator).status_code == 403
    assert rows(hook_app, WebhookEndpoint) == []


@pytest.mark.parametrize(("body", "field"), [
    ({"events": ["comment.created"]}, "url"),
    ({"url": URL}, "events"),
    ({"url": URL, "events": []}, "events"),
    ({"url": URL, "events": ["comment.liked"]}, "events"),
    ({"url": "ftp://127.0.0.1/hook", "events": ["comment.created"]}, "url"),
    ({"url": "http:///nohost", "events": ["comment.created"]}, "url"),
    ({"url": "http://127.0.0.1:99999/", "events": ["comment.created"]}, "url"),
    ({"url": URL, "events": ["comment.created"], "secret": "whsec_x"}, "secret"),
    ({"url": URL, "events": ["comment.created"], "description": "d" * 501}, "description"),
])
def test_create_rejects_bad_input(hook_app, admin, body, field):
    response = hook_app.test_client().post("/api/v1/webhooks", headers=admin, json=body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]
    assert rows(hook_app, WebhookEndpoint) == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost:8080/hook", "http://10.1.2.3/hook",
    "http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://[fe80::1]/hook",
    "http://224.0.0.1/hook", "http://0.0.0.0/hook", "http://100.64.0.1/hook",
    # Private IPv4 addresses inside IPv6 forms a translator or relay would deliver to.
    "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",  # NAT64 of the cloud metadata address
    "http://[64:ff9b:1::a9fe:a9fe]/hook",  # local-use NAT64
    "http://[::127.0.0.1]/hook",  # IPv4-compatible
    "http://[::ffff:0:a9fe:a9fe]/hook",  # SIIT
    "http://[2002:a9fe:a9fe::]/hook", "http://[2002:c0a8:1::1]/hook",  # 6to4
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",  # Teredo, client 192.0.2.45
    "http://[fec0::1]/hook",  # site-local
])
def test_private_addresses_are_refused_unless_allowed(make_app, url):
    app = make_app({"WEBHOOKS_ALLOW_PRIVATE": False})
    response = app.test_client().post("/api/v1/webhooks", headers=admin_headers(app),
                                      json={"url": url, "events": ["comment.created"]})
    assert response.status_code == 400
    assert "url" in response.get_json()["error"]["fields"]
    assert rows(app, WebhookEndpoint) == []


@pytest.mark.parametrize(("address", "allow", "refused"), [
    ("93.184.215.14", False, False),
    ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", False, False),
    ("127.0.0.1", True, False),
    ("10.0.0.1", True, False),
    ("224.0.0.1", True, True),
    ("0.0.0.0", True, True),
    ("64:ff9b::808:808", False, False),  # NAT64 of a public address
    ("2002:808:808::1", False, False),  # 6to4 of a public address
    ("64:ff9b::a9fe:a9fe", True, False),
    ("64:ff9b::e000:1", True, True),  # NAT64 of a multicast address
    ("::ffff:0.0.0.0", True, True),
])
def test_address_rules(address, allow, refused):
    assert (urls._problem(address, allow) is not None) is refused


@pytest.mark.parametrize(("address", "problem"), [
    ("64:ff9b::a9fe:a9fe", "which carries 169.254.169.254, a link-local address"),
    ("::ffff:0:a9fe:a9fe", "which carries 169.254.169.254, a link-local address"),
    ("2002:a00:1::", "which carries 10.0.0.1, a private address"),
    ("::1", "a loopback address"),
    ("fec0::1", "a site-local address"),
])
def test_an_embedded_ipv4_address_is_named_in_the_refusal(address, problem):
    assert urls._problem(address, False) == problem


def test_update_pause_resume_and_delete(hook_app, admin):
    client = hook_app.test_client()
    created = add_endpoint(client, admin, URL)
    base = f"/api/v1/webhooks/{created['id']}"
    changed = client.patch(base, headers=admin, json={
        "events": ["comment.approved"], "include_personal_data": True})
    assert changed.status_code == 200
    assert changed.get_json()["events"] == ["comment.approved"]
    bad = client.patch(base, headers=admin, json={"url": "http://10.0.0.1/"})
    assert bad.status_code == 200  # private addresses are allowed in this app
    refused = client.patch(base, headers=admin, json={"events": []})
    assert refused.status_code == 400
    [row] = rows(hook_app, WebhookEndpoint)
    assert row.events == ["comment.approved"] and row.include_personal_data
    assert row.url == "http://10.0.0.1/"

    assert client.post(f"{base}/pause", headers=admin).get_json()["status"] == "paused"
    assert client.post(f"{base}/resume", headers=admin).get_json()["status"] == "active"
    client.post(f"{base}/test", headers=admin)
    assert len(rows(hook_app, WebhookMessage)) == 1
    assert client.delete(base, headers=admin).status_code == 204
    assert rows(hook_app, WebhookEndpoint) == [] and rows(hook_app, WebhookMessage) == []
    assert client.get(base, headers=admin).status_code == 404
    actions = [e.action for e in rows(hook_app, AuditEntry)]
    for action in ("webhook.update", "webhook.pause", "webhook.resume", "webhook.delete"):
        assert action in actions


def test_messages_are_listed_with_their_payload(hook_app, admin):
    client = hook_app.test_client()
    created = add_endpoint(client, admin, URL)
    for i in range(3):
        client.post("/api/v1/comments", json={"thread": "/t", "author": "Ann",
                                              "email": "ann@example.com",
                                              "body": f"Comment {i} here."})
    base = f"/api/v1/webhooks/{created['id']}/messages"
    page = client.get(base, headers=admin, query_string={"limit": 2}).get_json()
    assert len(page["items"]) == 2 and page["next"]
    rest = client.get(base, headers=admin, query_string={"cursor": page["next"]}).get_json()
    items = page["items"] + rest["items"]
    assert [m["status"] for m in items] == ["pending"] * 3
    assert items[0]["payload"]["type"] == "comment.created"
    one = client.get(f"{base}/{items[0]['id']}", headers=admin).get_json()
    assert one["msg_id"] == items[0]["msg_id"]
    assert client.get(base, headers=admin, query_string={"status": "lost"}).status_code == 400
    assert client.get(f"{base}/999999", headers=admin).status_code == 404
