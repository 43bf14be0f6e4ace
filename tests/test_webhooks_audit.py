"""The audit log, which moderators read, names a webhook's host, never its URL."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from service.extensions import db
from service.models import AuditEntry, Role
from service.webhooks import urls
from tests.moderation_helpers import bearer, make_token
from tests.webhook_helpers import FAST, add_endpoint, admin_headers

SECRET = "T0AAAAAAA/B0BBBBBBB/xoxbSecretPathToken"
URL = f"http://127.0.0.1:9/services/{SECRET}"


def _entries(app) -> list[AuditEntry]:
    with app.app_context():
        found = db.session.execute(sa.select(AuditEntry).where(
            AuditEntry.action.startswith("webhook.")).order_by(AuditEntry.id)).scalars().all()
        db.session.expunge_all()
        return found


def test_a_moderator_reading_the_audit_log_sees_webhook_hosts_not_urls(make_app):
    app = make_app(FAST)
    client = app.test_client()
    admin = admin_headers(app)
    created = add_endpoint(client, admin, URL, description="Slack")
    base = f"/api/v1/webhooks/{created['id']}"
    other = URL.replace("xoxb", "xoxc")
    assert client.patch(base, headers=admin, json={"url": other}).status_code == 200
    assert client.post(f"{base}/pause", headers=admin).status_code == 200
    assert client.delete(base, headers=admin).status_code == 204

    moderator = bearer(make_token(app, Role.MODERATOR))
    answer = client.get("/api/v1/moderation/audit", headers=moderator,
                        query_string={"action": "webhook"})
    assert answer.status_code == 200
    assert SECRET not in answer.get_data(as_text=True)
    assert "SecretPath" not in answer.get_data(as_text=True)
    items = {e["action"]: e for e in answer.get_json()["items"]}
    assert items["webhook.create"]["after"]["host"] == "127.0.0.1:9"
    # The URL changed on the same host: the entry still says the URL changed.
    assert items["webhook.update"]["before"] == {"host": "127.0.0.1:9"}
    assert items["webhook.update"]["after"] == {"host": "127.0.0.1:9"}
    assert items["webhook.delete"]["before"]["host"] == "127.0.0.1:9"
    stored = json.dumps([[e.before, e.after, e.reason_text] for e in _entries(app)])
    assert "SecretPath" not in stored
    assert [e.action for e in _entries(app)] == [
        "webhook.create", "webhook.update", "webhook.pause", "webhook.delete"]


def test_an_unchanged_url_is_not_reported_as_changed(make_app):
    app = make_app(FAST)
    client = app.test_client()
    admin = admin_headers(app)
    created = add_endpoint(client, admin, URL)
    answer = client.patch(f"/api/v1/webhooks/{created['id']}", headers=admin,
                          json={"url": URL, "description": "CMS"})
    assert answer.status_code == 200
    update = _entries(app)[-1]
    assert update.action == "webhook.update"
    assert update.before == {"description": None} and update.after == {"description": "CMS"}


def test_host_of_keeps_neither_path_nor_credentials():
    assert urls.host_of("https://user:pass@hooks.example:8443/a/b?c=d") == "hooks.example:8443"
    assert urls.host_of("https://hooks.example/x") == "hooks.example"
    assert urls.host_of("http://[2001:db8::1]:81/x") == "[2001:db8::1]:81"
    assert urls.host_of("http://[::1") == ""


def test_the_migration_takes_urls_out_of_stored_webhook_entries(make_app):
    app = make_app()
    directory = app.extensions["migrate"].directory
    with app.app_context():
        downgrade(directory=directory, revision="0010_reports_open")
        now = "2026-12-01 12:00:00"
        rows = [
            ("webhook.create", None, {"url": URL, "events": ["comment.created"]}),
            ("webhook.update", {"url": URL}, {"url": "https://u:p@other.example/k", "x": 1}),
            ("webhook.delete", {"url": URL, "description": "Slack"}, None),
            ("webhook.pause", {"status": "active"}, {"status": "paused"}),
            ("comment.edit", {"url": URL}, None),  # not a webhook entry: left alone
        ]
        with db.engine.begin() as conn:
            for action, before, after in rows:
                conn.execute(sa.text(
                    "INSERT INTO audit_log (actor, action, target_type, before, after,"
                    " created_at) VALUES ('admin', :action, 'webhook', :before, :after, :now)"),
                    {"action": action, "now": now,
                     "before": None if before is None else json.dumps(before),
                     "after": None if after is None else json.dumps(after)})
        upgrade(directory=directory)
        found = [(e.action, e.before, e.after) for e in db.session.execute(
            sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]
        db.session.commit()
    assert found == [
        ("webhook.create", None, {"host": "127.0.0.1:9", "events": ["comment.created"]}),
        ("webhook.update", {"host": "127.0.0.1:9"}, {"host": "other.example", "x": 1}),
        ("webhook.delete", {"host": "127.0.0.1:9", "description": "Slack"}, None),
        ("webhook.pause", {"status": "active"}, {"status": "paused"}),
        ("comment.edit", {"url": URL}, None),
    ]
