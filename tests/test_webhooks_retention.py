"""Retention: settled webhook messages past WEBHOOKS_RETENTION_DAYS go, with their attempts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask.cli import FlaskGroup

from service.extensions import db
from service.models import MessageStatus, WebhookAttempt, WebhookMessage
from service.webhooks import retention
from service.webhooks.worker import Worker
from tests.helpers.metrics import sample, scrape
from tests.helpers.webhooks import FAST, Receiver, add_endpoint, admin_headers, drain, post, rows


@pytest.fixture
def app(make_app):
    # One attempt each, so a message to a closed port is given up at once.
    return make_app({**FAST, "WEBHOOKS_MAX_ATTEMPTS": 1})


@pytest.fixture
def settled(app, receiver):
    """Deliver three messages to a receiver and give three up on a closed port."""
    client = app.test_client()
    admin = admin_headers(app)
    closed = Receiver().start()
    closed_url = closed.url
    closed.stop()
    good = add_endpoint(client, admin, receiver.url)
    bad = add_endpoint(client, admin, closed_url)
    post(client, 3)
    drain(app)
    by_status = {}
    for m in rows(app, WebhookMessage):
        by_status.setdefault((m.endpoint_id, m.status), []).append(m.id)
    assert sorted(by_status) == sorted([(good["id"], MessageStatus.DELIVERED),
                                        (bad["id"], MessageStatus.FAILED)])
    return {"delivered": by_status[good["id"], MessageStatus.DELIVERED],
            "failed": by_status[bad["id"], MessageStatus.FAILED], "client": client,
            "admin": admin, "good": good}


def age(app, ids: list[int], days: float) -> None:
    """Move messages (and what they did) `days` into the past."""
    shift = timedelta(days=days)
    with app.app_context():
        for message in db.session.execute(
                sa.select(WebhookMessage).where(WebhookMessage.id.in_(ids))).scalars():
            message.created_at -= shift
            message.next_attempt_at -= shift
            if message.delivered_at:
                message.delivered_at -= shift
        db.session.commit()


def attempts_of(app, ids: list[int]) -> int:
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count(WebhookAttempt.id))
                                  .where(WebhookAttempt.message_id.in_(ids))).scalar_one()


def purge(app):
    return CliRunner().invoke(FlaskGroup(create_app=lambda: app), ["purge"])


def test_purge_deletes_old_settled_messages_and_their_attempts(app, settled):
    delivered, failed = settled["delivered"], settled["failed"]
    old = [delivered[0], failed[0], failed[1]]
    age(app, old, 31)
    age(app, [delivered[1]], 29)  # recent enough
    # An old message waiting for a retry stays, however old.
    replayed = settled["client"].post(
        f"/api/v1/webhooks/{settled['good']['id']}/messages/{delivered[2]}/replay",
        headers=settled["admin"])
    assert replayed.status_code == 202
    age(app, [delivered[2]], 40)
    failures_before = sample(scrape(app.test_client()), "margin_webhook_delivery_failures_total")
    assert failures_before == 3
    assert attempts_of(app, old) == 3

    result = purge(app)

    assert result.exit_code == 0, result.output
    assert "Deleted 3 webhook messages settled more than 30 days ago" in result.output
    kept = {m.id: m.status for m in rows(app, WebhookMessage)}
    assert kept == {delivered[1]: MessageStatus.DELIVERED, delivered[2]: MessageStatus.PENDING,
                    failed[2]: MessageStatus.FAILED}
    assert attempts_of(app, old) == 0
    assert attempts_of(app, list(kept)) == 3
    # The counter on /metrics counts the pruned failures still.
    assert sample(scrape(app.test_client()),
                  "margin_webhook_delivery_failures_total") == failures_before


def test_retention_zero_keeps_everything(make_app, receiver):
    app = make_app({**FAST, "WEBHOOKS_RETENTION_DAYS": 0})
    add_endpoint(app.test_client(), admin_headers(app), receiver.url)
    post(app.test_client(), 2)
    drain(app)
    ids = [m.id for m in rows(app, WebhookMessage)]
    age(app, ids, 400)
    result = purge(app)
    assert result.exit_code == 0 and "webhook" not in result.output
    worker = Worker(app)
    assert worker.prune_if_due() == 0
    assert [m.id for m in rows(app, WebhookMessage)] == ids


def test_prune_goes_batch_by_batch(app, settled):
    ids = settled["delivered"] + settled["failed"]
    age(app, ids, 60)
    with app.app_context():
        assert retention.prune(30, batch=2) == 6
    assert rows(app, WebhookMessage) == []
    assert attempts_of(app, ids) == 0


def test_worker_prunes_when_it_starts_then_at_most_hourly(app, settled):
    delivered, failed = settled["delivered"], settled["failed"]
    age(app, [delivered[0]], 31)
    worker = Worker(app)
    worker.run(until_idle=True)
    assert delivered[0] not in {m.id for m in rows(app, WebhookMessage)}

    age(app, [failed[0]], 31)
    worker.run(until_idle=True)
    assert failed[0] in {m.id for m in rows(app, WebhookMessage)}  # within the hour

    worker.prune_due = 0  # as if the hour had passed
    worker.run(until_idle=True)
    left = {m.id for m in rows(app, WebhookMessage)}
    assert left == set(delivered[1:] + failed[1:])
    assert attempts_of(app, [delivered[0], failed[0]]) == 0
