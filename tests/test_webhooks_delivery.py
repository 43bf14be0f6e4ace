"""Webhook delivery through a real HTTP receiver: signatures, outbox, retries, replay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from service.extensions import db
from service.models import (
    AuditEntry,
    EndpointStatus,
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookMessage,
    utcnow,
)
from tests.helpers.webhooks import FAST, Receiver, add_endpoint, admin_headers, drain, post, rows


@pytest.fixture
def admin(hook_app):
    return admin_headers(hook_app)


def test_delivers_signed_payload_verifiable_with_standardwebhooks(hook_app, admin, receiver):
    client = hook_app.test_client()
    endpoint = add_endpoint(client, admin, receiver.url, description="Slack bot")
    assert endpoint["secret"].startswith("whsec_")
    [comment_id] = post(client)

    drain(hook_app)

    [request] = receiver.wait_for(1)
    payload = Webhook(endpoint["secret"]).verify(request.body, request.headers)
    assert payload["type"] == "comment.created"
    assert payload["data"]["comment"]["id"] == comment_id
    assert payload["data"]["comment"]["status"] == "approved"
    assert payload["data"]["comment"]["thread"]["key"] == "/news/harbour"
    assert "email" not in payload["data"]["comment"]
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43).verify(request.body, request.headers)
    [message] = rows(hook_app, WebhookMessage)
    assert message.status is MessageStatus.DELIVERED and message.msg_id == request.id
    [attempt] = rows(hook_app, WebhookAttempt)
    assert attempt.status_code == 200 and attempt.error is None


def test_personal_data_only_when_the_endpoint_asks(hook_app, admin, receiver):
    client = hook_app.test_client()
    add_endpoint(client, admin, receiver.url, include_personal_data=True)
    add_endpoint(client, admin, receiver.url)
    post(client)
    drain(hook_app)
    bodies = [r.json["data"]["comment"] for r in receiver.wait_for(2)]
    assert sorted("email" in b for b in bodies) == [False, True]
    assert {b.get("email") for b in bodies} == {None, "ann@example.com"}


def test_status_change_and_report_events(hook_app, admin, receiver):
    client = hook_app.test_client()
    add_endpoint(client, admin, receiver.url,
                 events=["comment.rejected", "comment.reported", "comment.deleted"])
    [comment_id] = post(client)
    report = client.post(f"/api/v1/comments/{comment_id}/reports",
                         environ_base={"REMOTE_ADDR": "192.0.2.8"}, json={"category": "spam"})
    assert report.status_code == 201, report.get_json()
    for action in ("reject", "delete"):
        decided = client.post(f"/api/v1/moderation/comments/{comment_id}/{action}",
                              headers=admin, json={"reason_code": "spam"})
        assert decided.status_code == 200, decided.get_json()
    drain(hook_app)
    got = {r.json["type"]: r.json["data"] for r in receiver.wait_for(3)}
    assert set(got) == {"comment.reported", "comment.rejected", "comment.deleted"}
    assert got["comment.reported"]["report"]["category"] == "spam"
    assert got["comment.rejected"]["previous_status"] == "approved"
    assert got["comment.deleted"]["comment"]["status"] == "deleted"


def test_rolled_back_change_leaves_no_event(hook_app, admin, monkeypatch):
    client = hook_app.test_client()
    add_endpoint(client, admin, "http://127.0.0.1:9/hook")
    pending_at_commit = []

    def failing_commit():
        pending_at_commit.extend(type(o).__name__ for o in db.session.new)
        raise RuntimeError("the commit failed")

    monkeypatch.setattr(db.session, "commit", failing_commit)
    response = client.post("/api/v1/comments", json={
        "thread": "/t", "author": "Ann", "email": "ann@example.com", "body": "Never stored."})
    monkeypatch.undo()

    assert response.status_code == 500
    assert "WebhookMessage" in pending_at_commit  # the outbox row was in the transaction
    assert rows(hook_app, WebhookMessage) == []
    from service.models import Comment
    assert rows(hook_app, Comment) == []


def test_receiver_down_then_up_gets_everything(hook_app, admin):
    receiver = Receiver().start()
    port = receiver.port
    receiver.stop()  # connection refused from now on
    client = hook_app.test_client()
    add_endpoint(client, admin, f"http://127.0.0.1:{port}/hook")
    post(client, 3)

    drain(hook_app)
    messages = rows(hook_app, WebhookMessage)
    assert {m.status for m in messages} == {MessageStatus.PENDING}
    assert all(m.attempts == 1 and "connection failed" in m.last_error for m in messages)

    up = Receiver(port=port).start()
    try:
        drain(hook_app, ahead=60)
        assert sorted(up.ids()) == sorted(m.msg_id for m in messages)
    finally:
        up.stop()
    assert {m.status for m in rows(hook_app, WebhookMessage)} == {MessageStatus.DELIVERED}
    assert [a.status_code for a in rows(hook_app, WebhookAttempt)] == [None] * 3 + [200] * 3


def test_slow_receiver_times_out_and_is_retried(hook_app, admin, receiver):
    client = hook_app.test_client()
    add_endpoint(client, admin, receiver.url)
    post(client)
    receiver.delay = 2.0  # beyond the 1 s read timeout
    drain(hook_app)
    [attempt] = rows(hook_app, WebhookAttempt)
    assert attempt.status_code is None and attempt.error.startswith("timeout")
    assert attempt.next_attempt_at is not None

    receiver.delay = 0
    drain(hook_app, ahead=60)
    [message] = rows(hook_app, WebhookMessage)
    assert message.status is MessageStatus.DELIVERED and message.attempts == 2
    # The same webhook-id both times, so a receiver that got the slow one can deduplicate.
    assert set(receiver.ids()) == {message.msg_id}


def test_5xx_storm_backs_off_exponentially_then_gives_up(make_app, receiver):
    app = make_app({**FAST, "WEBHOOKS_RETRY_BASE_SECONDS": 10, "WEBHOOKS_RETRY_FACTOR": 3,
                    "WEBHOOKS_RETRY_JITTER": 0.2, "WEBHOOKS_MAX_ATTEMPTS": 5})
    client = app.test_client()
    add_endpoint(client, admin_headers(app), receiver.url)
    post(client)
    receiver.status = 503
    for retry in range(5):
        drain(app, rounds=1, ahead=10 * 3 ** retry * 1.3 if retry else 0)

    attempts = rows(app, WebhookAttempt)
    assert [a.status_code for a in attempts] == [503] * 5
    waits = [(a.next_attempt_at - a.attempted_at).total_seconds() for a in attempts[:-1]]
    for n, wait in enumerate(waits):
        nominal = 10 * 3 ** n
        assert nominal * 0.8 - 1 <= wait <= nominal * 1.2 + 1, (n, waits)
    assert attempts[-1].next_attempt_at is None
    [message] = rows(app, WebhookMessage)
    assert message.status is MessageStatus.FAILED and message.attempts == 5
    assert len(receiver.received) == 5


def test_410_disables_the_endpoint_and_the_audit_log_says_so(hook_app, admin, receiver):
    client = hook_app.test_client()
    endpoint = add_endpoint(client, admin, receiver.url)
    post(client, 2)
    receiver.status = 410
    drain(hook_app)
    [row] = rows(hook_app, WebhookEndpoint)
    assert row.status is EndpointStatus.DISABLED and "410" in row.disabled_reason
    assert len(receiver.received) == 1  # the second message waits for a resume
    [entry] = [e for e in rows(hook_app, AuditEntry) if e.action == "webhook.disable"]
    assert entry.target_id == str(endpoint["id"]) and entry.actor == "system"

    receiver.status = 200
    resumed = client.post(f"/api/v1/webhooks/{endpoint['id']}/resume", headers=admin)
    assert resumed.get_json()["status"] == "active"
    drain(hook_app, ahead=1)
    assert {m.status for m in rows(hook_app, WebhookMessage)} == {MessageStatus.DELIVERED}


def test_endpoint_failing_for_long_is_disabled(make_app, receiver):
    app = make_app({**FAST, "WEBHOOKS_DISABLE_AFTER_SECONDS": 3600})
    client = app.test_client()
    endpoint = add_endpoint(client, admin_headers(app), receiver.url)
    post(client)
    receiver.status = 500
    drain(app)
    assert rows(app, WebhookEndpoint)[0].status is EndpointStatus.ACTIVE
    with app.app_context():
        db.session.get(WebhookEndpoint, endpoint["id"]).failing_since -= timedelta(hours=2)
        db.session.commit()
    drain(app, ahead=60)
    [row] = rows(app, WebhookEndpoint)
    assert row.status is EndpointStatus.DISABLED and "failed since" in row.disabled_reason
    assert [e.action for e in rows(app, AuditEntry)].count("webhook.disable") == 1


def test_replay_one_message_and_everything_since(hook_app, admin, receiver):
    client = hook_app.test_client()
    endpoint = add_endpoint(client, admin, receiver.url)
    post(client, 3)
    drain(hook_app)
    _first, second, third = rows(hook_app, WebhookMessage)
    base = f"/api/v1/webhooks/{endpoint['id']}"

    one = client.post(f"{base}/messages/{second.id}/replay", headers=admin)
    assert one.status_code == 202 and one.get_json() == {"replayed": 1}
    drain(hook_app)
    assert receiver.ids()[3:] == [second.msg_id]

    since = client.post(f"{base}/replay", headers=admin,
                        json={"since": second.created_at.isoformat()})
    assert since.get_json() == {"replayed": 2}
    drain(hook_app)
    assert sorted(receiver.ids()[4:]) == sorted([second.msg_id, third.msg_id])
    log = client.get(f"{base}/attempts", headers=admin, query_string={"limit": 10}).get_json()
    assert len(log["items"]) == 6 and {a["status_code"] for a in log["items"]} == {200}
    assert {"duration_ms", "error", "attempted_at"} <= set(log["items"][0])
    missing = client.post(f"{base}/messages/999999/replay", headers=admin)
    assert missing.status_code == 404


def test_rotation_signs_with_both_secrets_during_the_grace_period(hook_app, admin, receiver):
    client = hook_app.test_client()
    endpoint = add_endpoint(client, admin, receiver.url)
    rotated = client.post(f"/api/v1/webhooks/{endpoint['id']}/rotate-secret", headers=admin)
    assert rotated.status_code == 200
    new_secret = rotated.get_json()["secret"]
    assert new_secret != endpoint["secret"]
    post(client)
    drain(hook_app)
    [request] = receiver.wait_for(1)
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    for secret in (endpoint["secret"], new_secret):
        Webhook(secret).verify(request.body, request.headers)

    with hook_app.app_context():
        row = db.session.get(WebhookEndpoint, endpoint["id"])
        row.previous_secret_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    post(client, body="After the grace period ended.")
    drain(hook_app)
    later = receiver.wait_for(2)[1]
    Webhook(new_secret).verify(later.body, later.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(later.body, later.headers)


def test_paused_endpoint_queues_and_resume_delivers(hook_app, admin, receiver):
    client = hook_app.test_client()
    endpoint = add_endpoint(client, admin, receiver.url)
    paused = client.post(f"/api/v1/webhooks/{endpoint['id']}/pause", headers=admin)
    assert paused.get_json()["status"] == "paused"
    post(client, 2)
    drain(hook_app)
    assert receiver.received == []
    assert len(rows(hook_app, WebhookMessage)) == 2
    client.post(f"/api/v1/webhooks/{endpoint['id']}/resume", headers=admin)
    drain(hook_app)
    assert len(receiver.wait_for(2)) == 2


def test_test_event_reaches_only_that_endpoint(hook_app, admin, receiver):
    client = hook_app.test_client()
    endpoint = add_endpoint(client, admin, receiver.url)
    add_endpoint(client, admin, receiver.url + "/other")
    sent = client.post(f"/api/v1/webhooks/{endpoint['id']}/test", headers=admin)
    assert sent.status_code == 202 and sent.get_json()["event_type"] == "webhook.test"
    drain(hook_app)
    [request] = receiver.wait_for(1)
    assert request.path == "/hook" and request.json["type"] == "webhook.test"
    Webhook(endpoint["secret"]).verify(request.body, request.headers)


def test_delivery_time_check_refuses_a_now_private_address(make_app, receiver):
    # A retry a minute away: with FAST's 0.2 s one came due again within drain()'s rounds
    # on a slow run, and the test saw two refused attempts instead of one.
    app = make_app({**FAST, "WEBHOOKS_RETRY_BASE_SECONDS": 60})
    client = app.test_client()
    add_endpoint(client, admin_headers(app), receiver.url)
    post(client)
    # As if the name now resolved somewhere private: the check runs again per attempt.
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    drain(app)
    assert receiver.received == []
    [attempt] = rows(app, WebhookAttempt)
    assert attempt.status_code is None and "loopback" in attempt.error
    [message] = rows(app, WebhookMessage)
    assert message.status is MessageStatus.PENDING and message.next_attempt_at > utcnow()


def test_outbox_gauges_on_metrics(hook_app, admin, receiver):
    from tests.helpers.metrics import sample, scrape

    client = hook_app.test_client()
    add_endpoint(client, admin, receiver.url)
    post(client, 2)
    before = scrape(client)
    assert sample(before, "margin_webhook_outbox_pending") == 2
    assert 0 <= sample(before, "margin_webhook_oldest_pending_age_seconds") < 3600
    assert sample(before, "margin_webhook_endpoints", status="active") == 1
    receiver.status = 500
    drain(hook_app)
    failed = scrape(client)
    assert sample(failed, "margin_webhook_delivery_failures_total") == 2
    receiver.status = 200
    drain(hook_app, ahead=60)
    assert sample(scrape(client), "margin_webhook_outbox_pending") == 0
