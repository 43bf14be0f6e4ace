"""The webhook outbox as the fault tests see it: subscribe, then read what was queued."""

from __future__ import annotations

import json

import sqlalchemy as sa

from service import database
from service.extensions import db
from service.models import EndpointStatus, WebhookEndpoint, WebhookMessage
from service.webhooks import signing

# Never called: no webhook worker runs in these tests, messages only queue.
HOOK = "http://127.0.0.1:9/hook"


def subscribe(app) -> None:
    """Add an endpoint subscribed to new comments, so each one queues a message."""
    with app.app_context():
        database.begin_write()
        db.session.add(WebhookEndpoint(url=HOOK, events=["comment.created"],
                                       status=EndpointStatus.ACTIVE,
                                       secret=signing.new_secret()))
        db.session.commit()


def queued_comment_ids(app) -> list[int]:
    """Return the ids of the comments whose comment.created message is in the outbox."""
    with app.app_context():
        bodies = db.session.execute(
            sa.select(WebhookMessage.payload)
            .where(WebhookMessage.event_type == "comment.created")
            .order_by(WebhookMessage.id)).scalars()
        return [json.loads(body)["data"]["comment"]["id"] for body in bodies]
