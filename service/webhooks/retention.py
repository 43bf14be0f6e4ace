"""Retention: delivered and given-up messages are deleted, with their attempts, after a while."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from .. import database
from ..extensions import db
from ..models import MessageStatus, WebhookAttempt, WebhookEndpoint, WebhookMessage, utcnow

BATCH = 500


def prune(days: int, *, batch: int = BATCH) -> int:
    """Delete messages settled more than `days` days ago, a batch per transaction; count them."""
    cutoff = utcnow() - timedelta(days=days)
    m = WebhookMessage
    # A message settled before the cutoff was created before it too: that bound lets the
    # created_at index skip the recent rows.
    settled = sa.and_(m.created_at < cutoff, sa.or_(
        sa.and_(m.status == MessageStatus.DELIVERED, m.delivered_at < cutoff),
        # A given-up message's next_attempt_at is when its last attempt was due.
        sa.and_(m.status == MessageStatus.FAILED, m.next_attempt_at < cutoff)))
    pruned = 0
    while True:
        database.begin_write()
        # Short transactions (SQLite has one writer at a time); rows another transaction
        # holds (a replay) are left for the next run.
        ids = list(db.session.execute(
            sa.select(m.id).where(settled).order_by(m.id).limit(batch)
            .with_for_update(skip_locked=True)).scalars())
        if ids:
            _keep_failure_count(ids)
            # Their attempts go too: the foreign key cascades (SQLite has foreign keys on).
            pruned += db.session.execute(
                sa.delete(m).where(m.id.in_(ids))
                .execution_options(synchronize_session=False)).rowcount
        db.session.commit()
        if len(ids) < batch:
            return pruned


def _keep_failure_count(message_ids: list[int]) -> None:
    # The failed-deliveries counter on /metrics must not drop when the log is pruned.
    a, e = WebhookAttempt, WebhookEndpoint
    failures = db.session.execute(
        sa.select(a.endpoint_id, sa.func.count(a.id))
        .where(a.message_id.in_(message_ids), a.error.is_not(None))
        .group_by(a.endpoint_id)).all()
    for endpoint_id, count in failures:
        db.session.execute(
            sa.update(e).where(e.id == endpoint_id)
            .values(failed_attempts_pruned=e.failed_attempts_pruned + count,
                    updated_at=e.updated_at)
            .execution_options(synchronize_session=False))
