"""The workers' share of email: claim due messages under a lease, send, log, retry.

Runs in the webhook workers (`margin worker`, or the one `margin serve` starts) as one of
their jobs, with the same claiming: on PostgreSQL FOR UPDATE SKIP LOCKED, on SQLite a
BEGIN IMMEDIATE transaction, and a lease (locked_by, locked_until) renewed just before
sending, so several workers never send one message twice. Before each batch it also
turns throttled reply notices into messages and makes the moderators' daily digest.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from .. import database
from ..extensions import db
from ..models import utcnow
from ..models.mail import MailAttempt, MailMessage, MailStatus
from . import compose, digest, replies, transport
from .transport import Outcome

log = logging.getLogger(__name__)
WORKER_JOBS = "margin_worker_jobs"
RETRY_FACTOR = 4
RETRY_JITTER = 0.2
PRUNE_INTERVAL_SECONDS = 3600


def retry_delay(retry: int, config: Mapping, rng: random.Random | None = None) -> float:
    """Return the seconds before retry number `retry` (1 is the first), with jitter."""
    nominal = min(float(config["MAIL_RETRY_BASE_SECONDS"]) * RETRY_FACTOR ** (retry - 1),
                  float(config["MAIL_RETRY_MAX_SECONDS"]))
    # Messages that failed together (a server down) come back spread out.
    return nominal * (rng or random).uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)


class Job:
    """Send the mail outbox from a worker process."""

    def __init__(self, app: Flask):
        self.app = app
        self.config = app.config
        self.prune_due = 0.0

    @property
    def lease(self) -> timedelta:
        """Return how long a claim holds: the webhooks' lease, longer than a send may take."""
        return timedelta(seconds=max(float(self.config["WEBHOOKS_LEASE_SECONDS"]),
                                     3 * float(self.config["MAIL_TIMEOUT_SECONDS"])))

    def __call__(self, worker_id: str, stop: threading.Event | None = None,
                 now: datetime | None = None) -> int:
        """Queue what is due, then send one batch; return how many messages were claimed."""
        with self.app.app_context():
            replies.flush_due(self.config, now)
            digest.run_if_due(self.config, now)
        self.prune_if_due()
        ids = self.claim(worker_id, now)
        for index, message_id in enumerate(ids):
            if stop is not None and stop.is_set():
                self.release(worker_id, ids[index:])
                break
            self.process(worker_id, message_id)
        return len(ids)

    def claim(self, worker_id: str, now: datetime | None = None,
              only: int | None = None) -> list[int]:
        """Lease up to a batch of due messages (or just message `only`); return their ids."""
        m = MailMessage
        with self.app.app_context():
            database.begin_write()
            due = now or utcnow()
            query = (sa.select(m.id).where(m.status == MailStatus.PENDING,
                                           m.next_attempt_at <= due,
                                           sa.or_(m.locked_until.is_(None),
                                                  m.locked_until < due))
                     .order_by(m.next_attempt_at, m.id)
                     .limit(self.config["WEBHOOKS_BATCH_SIZE"])
                     .with_for_update(skip_locked=True))
            if only is not None:
                query = query.where(m.id == only)
            ids = list(db.session.execute(query).scalars())
            if ids:
                db.session.execute(sa.update(m).where(m.id.in_(ids)).values(
                    locked_by=worker_id, locked_until=utcnow() + self.lease))
            db.session.commit()
            return ids

    def release(self, worker_id: str, ids: list[int]) -> None:
        """Give back claims this worker will not use."""
        with self.app.app_context():
            database.begin_write()
            db.session.execute(sa.update(MailMessage).where(
                MailMessage.id.in_(ids), MailMessage.locked_by == worker_id)
                .values(locked_by=None, locked_until=None))
            db.session.commit()

    def process(self, worker_id: str, message_id: int) -> transport.Result | None:
        """Render and send one claimed message, then log it; None if it was not sent."""
        with self.app.app_context():
            database.begin_write()
            m = MailMessage
            # Renewed right before sending: fails if another worker took the claim over.
            renewed = db.session.execute(
                sa.update(m).where(m.id == message_id, m.locked_by == worker_id,
                                   m.status == MailStatus.PENDING)
                .values(locked_until=utcnow() + self.lease)).rowcount
            if renewed != 1:
                db.session.rollback()
                return None
            message = db.session.get(m, message_id)
            try:
                email = compose.build(message, self.config)
            except Exception as e:
                # A kind whose templates fail would fail the same way on every retry.
                log.exception("mail %s (%s) could not be rendered", message_id, message.kind)
                result = transport.Result(Outcome.PERMANENT, None,
                                          f"could not render: {type(e).__name__}: {e}"[
                                              :transport.ERROR_MAX])
                record(message_id, result, utcnow(), worker_id, self.config)
                db.session.commit()
                return result
            if email is None:
                message.status = MailStatus.CANCELLED
                message.locked_by = message.locked_until = None
                db.session.commit()
                return None
            to = message.to_address
            name = f"{utcnow():%Y%m%dT%H%M%S}-{message.id}-{message.kind}"
            # No transaction stays open while the mail server answers.
            db.session.commit()
            attempted_at = utcnow()
            result = transport.send(email, to, self.config, self.app.instance_path, name)
            database.begin_write()
            record(message_id, result, attempted_at, worker_id, self.config)
            db.session.commit()
            return result

    def prune_if_due(self) -> int:
        """Delete settled messages older than MAIL_RETENTION_DAYS, at most once an hour."""
        days = self.config["MAIL_RETENTION_DAYS"]
        if not days or time.monotonic() < self.prune_due:
            return 0
        self.prune_due = time.monotonic() + PRUNE_INTERVAL_SECONDS
        with self.app.app_context():
            database.begin_write()
            pruned = db.session.execute(sa.delete(MailMessage).where(
                MailMessage.status != MailStatus.PENDING,
                MailMessage.created_at < utcnow() - timedelta(days=days))).rowcount
            db.session.commit()
        return pruned


def record(message_id: int, result: transport.Result, attempted_at: datetime,
           worker_id: str, config: Mapping) -> MailAttempt | None:
    """Log an attempt and settle or reschedule the message, inside the caller's transaction."""
    message = db.session.get(MailMessage, message_id)
    if message is None:  # erased meanwhile
        return None
    attempt = MailAttempt(message_id=message.id, attempted_at=attempted_at, code=result.code,
                          outcome=result.outcome.value, error=result.error, worker=worker_id)
    db.session.add(attempt)
    # Only the lease holder moves the message on; one whose lease was taken over logs.
    if message.locked_by != worker_id or message.status is not MailStatus.PENDING:
        return attempt
    message.locked_by = message.locked_until = None
    message.attempts += 1
    message.last_error = result.error
    now = utcnow()
    if result.outcome is Outcome.SENT:
        message.status, message.sent_at = MailStatus.SENT, now
    elif result.outcome is Outcome.PERMANENT or message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        message.status = MailStatus.FAILED
        log.warning("mail %s (%s) given up after %d attempts: %s", message.id, message.kind,
                    message.attempts, result.error)
    else:
        wait = retry_delay(message.attempts, config)
        message.next_attempt_at = now + timedelta(seconds=wait)
        log.info("mail %s (%s) failed (%s); retry in %.0f s", message.id, message.kind,
                 result.error, wait)
    return attempt
