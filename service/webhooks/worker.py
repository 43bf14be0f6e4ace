"""The delivery worker: claim due messages under a lease, send them, record the outcome.

Claims are safe with any number of workers on any number of hosts: on PostgreSQL the
claim query takes the rows with FOR UPDATE SKIP LOCKED, on SQLite the claim runs in a
BEGIN IMMEDIATE transaction (one writer at a time). Either way a claimed message carries
a lease (locked_by, locked_until) that is renewed just before its request; a worker
killed mid-delivery loses its claims when the lease runs out, and another retries them.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from .. import database
from ..extensions import db
from ..models import (
    EndpointStatus,
    MessageStatus,
    WebhookEndpoint,
    WebhookMessage,
    utcnow,
)
from . import delivery, retention

log = logging.getLogger(__name__)
# Pruning is cheap when there is little to prune, but every worker does it: hourly is enough.
PRUNE_INTERVAL_SECONDS = 3600
# app.extensions key of other jobs the worker runs after each batch of deliveries.
JOBS = "margin_worker_jobs"


def new_worker_id() -> str:
    """Return a name for this worker that no other worker shares."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    """Deliver webhook messages for one app until told to stop."""

    def __init__(self, app: Flask, worker_id: str | None = None):
        self.app = app
        self.config = app.config
        self.id = worker_id or new_worker_id()
        self.stop = threading.Event()
        self.session = delivery.new_session(allow_private=self.config["WEBHOOKS_ALLOW_PRIVATE"])
        # Monotonic time of the next prune: the first pass prunes.
        self.prune_due = 0.0

    @property
    def lease(self) -> timedelta:
        """Return how long a claim holds."""
        return timedelta(seconds=self.config["WEBHOOKS_LEASE_SECONDS"])

    def claim(self, now: datetime | None = None) -> list[int]:
        """Lease up to a batch of due messages to this worker and return their ids."""
        m, e = WebhookMessage, WebhookEndpoint
        with self.app.app_context():
            database.begin_write()
            due = now or utcnow()
            ids = list(db.session.execute(
                sa.select(m.id).join(e, e.id == m.endpoint_id)
                .where(m.status == MessageStatus.PENDING, m.next_attempt_at <= due,
                       e.status == EndpointStatus.ACTIVE,
                       sa.or_(m.locked_until.is_(None), m.locked_until < due))
                .order_by(m.next_attempt_at, m.id)
                .limit(self.config["WEBHOOKS_BATCH_SIZE"])
                .with_for_update(of=m, skip_locked=True)
            ).scalars())
            if ids:
                db.session.execute(sa.update(m).where(m.id.in_(ids)).values(
                    locked_by=self.id, locked_until=utcnow() + self.lease))
            db.session.commit()
            return ids

    def process(self, message_id: int) -> bool:
        """Deliver one claimed message once; return whether a request was made."""
        with self.app.app_context():
            database.begin_write()
            now = utcnow()
            m = WebhookMessage
            # Renewing the lease right before the request is what keeps a message from
            # being sent twice at once: it fails if another worker took the claim over.
            renewed = db.session.execute(
                sa.update(m).where(m.id == message_id, m.locked_by == self.id,
                                   m.status == MessageStatus.PENDING)
                .values(locked_until=now + self.lease)
            ).rowcount
            if renewed != 1:
                db.session.rollback()
                return False
            message = db.session.get(m, message_id)
            if message.endpoint.status is not EndpointStatus.ACTIVE:
                message.locked_by = message.locked_until = None
                db.session.commit()
                return False
            env = delivery.envelope(message, now)
            # No transaction stays open during the request (on SQLite it would hold the
            # write lock for every other writer).
            db.session.commit()
            attempted_at = utcnow()
            result = delivery.send(env, self.config, self.session)
            database.begin_write()
            delivery.record(env, result, attempted_at, self.id, self.config)
            db.session.commit()
            return True

    def release(self, message_ids: list[int]) -> None:
        """Give back claims this worker will not use."""
        if not message_ids:
            return
        m = WebhookMessage
        with self.app.app_context():
            database.begin_write()
            db.session.execute(
                sa.update(m).where(m.id.in_(message_ids), m.locked_by == self.id)
                .values(locked_by=None, locked_until=None))
            db.session.commit()

    def run_batch(self, now: datetime | None = None) -> int:
        """Claim and deliver one batch, then the other jobs'; return how much was claimed."""
        ids = self.claim(now)
        for index, message_id in enumerate(ids):
            if self.stop.is_set():
                self.release(ids[index:])
                break
            self.process(message_id)
        # Other capabilities' background work (the external abuse screener) shares
        # these processes: each job claims under its own lease and returns its count.
        others = sum(job(self.id, self.stop) for job in self.app.extensions.get(JOBS, ()))
        return len(ids) + others

    def prune_if_due(self) -> int:
        """Delete settled messages past their retention, at most once an hour; count them."""
        days = self.config["WEBHOOKS_RETENTION_DAYS"]
        if not days or time.monotonic() < self.prune_due:
            return 0
        self.prune_due = time.monotonic() + PRUNE_INTERVAL_SECONDS
        with self.app.app_context():
            pruned = retention.prune(days)
        if pruned:
            log.info("webhook worker %s pruned %d messages settled over %d days ago",
                     self.id, pruned, days)
        return pruned

    def run(self, *, max_seconds: float = 0, parent_pid: int | None = None,
            until_idle: bool = False) -> None:
        """Deliver until stopped (or idle, or out of time, or orphaned)."""
        deadline = time.monotonic() + max_seconds if max_seconds else None
        poll = self.config["WEBHOOKS_POLL_SECONDS"]
        log.info("webhook worker %s started", self.id)
        while not self.stop.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                break
            # Started by `margin serve`: end with the server, even when it was killed.
            if parent_pid is not None and os.getppid() != parent_pid:
                break
            try:
                self.prune_if_due()
                claimed = self.run_batch()
            except SQLAlchemyError:
                log.exception("webhook worker %s: database error; retrying", self.id)
                claimed = 0
            except Exception:
                # A bug must not stop deliveries for good; the message's lease runs out
                # and it is retried like any failed attempt's.
                log.exception("webhook worker %s: unexpected error; carrying on", self.id)
                claimed = 0
            if not claimed:
                if until_idle:
                    break
                self.stop.wait(poll)
        self.session.close()
        log.info("webhook worker %s stopped", self.id)
