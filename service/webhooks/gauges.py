"""Webhook gauges for /metrics, read from the database at scrape time."""

from __future__ import annotations

import sqlalchemy as sa

from .. import metrics
from ..extensions import db
from ..models import (
    EndpointStatus,
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookMessage,
    utcnow,
)


def outbox_depth() -> int:
    """Count the messages not yet delivered (nor given up)."""
    return db.session.execute(
        sa.select(sa.func.count(WebhookMessage.id))
        .where(WebhookMessage.status == MessageStatus.PENDING)).scalar_one()


def oldest_pending_age() -> float:
    """Return how long the oldest undelivered message has waited, in seconds (0: none)."""
    oldest = db.session.execute(
        sa.select(sa.func.min(WebhookMessage.created_at))
        .where(WebhookMessage.status == MessageStatus.PENDING)).scalar_one()
    return 0 if oldest is None else max(0.0, (utcnow() - oldest).total_seconds())


def failed_attempts() -> int:
    """Count the delivery attempts that failed, ever, pruned ones included."""
    logged = db.session.execute(
        sa.select(sa.func.count(WebhookAttempt.id))
        .where(WebhookAttempt.error.is_not(None))).scalar_one()
    pruned = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(WebhookEndpoint.failed_attempts_pruned), 0))
    ).scalar_one()
    return logged + pruned


def endpoints_by_status() -> dict[tuple[str], int]:
    """Count the endpoints in each status."""
    counts = dict(db.session.execute(
        sa.select(WebhookEndpoint.status, sa.func.count(WebhookEndpoint.id))
        .group_by(WebhookEndpoint.status)).all())
    return {(s.value,): counts.get(s, 0) for s in EndpointStatus}


def register() -> None:
    """Register the webhook gauges with /metrics."""
    metrics.register_gauge("margin_webhook_outbox_pending",
                           "Webhook messages waiting to be delivered.", outbox_depth)
    metrics.register_gauge("margin_webhook_oldest_pending_age_seconds",
                           "Seconds the oldest undelivered webhook message has waited.",
                           oldest_pending_age)
    metrics.register_gauge("margin_webhook_delivery_failures",
                           "Webhook delivery attempts that failed.", failed_attempts,
                           kind="counter")
    metrics.register_gauge("margin_webhook_endpoints", "Webhook endpoints, by status.",
                           endpoints_by_status, labels=("status",))
