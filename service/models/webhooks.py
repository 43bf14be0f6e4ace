"""Webhooks: endpoints, the outbox of messages for them, and every delivery attempt."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


class EndpointStatus(enum.StrEnum):
    """Whether an endpoint receives deliveries."""

    ACTIVE = "active"
    # Messages still queue up; they are sent on resume.
    PAUSED = "paused"
    # Gone (410) or failing for too long; no new messages until an admin resumes it.
    DISABLED = "disabled"


class MessageStatus(enum.StrEnum):
    """Where a message in the outbox stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    # Every attempt of the retry schedule failed; a replay sends it again.
    FAILED = "failed"


class WebhookEndpoint(db.Model):
    """A URL that receives signed events of the types it subscribed to."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2048))
    description: Mapped[str | None] = mapped_column(sa.String(500))
    events: Mapped[list] = mapped_column(sa.JSON, default=list)
    include_personal_data: Mapped[bool] = mapped_column(default=False,
                                                        server_default=sa.false())
    status: Mapped[EndpointStatus] = mapped_column(
        enum_column(EndpointStatus, "webhook_endpoint_status"), default=EndpointStatus.ACTIVE)
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(200))
    # The signing key must be usable, so it is stored as is (like a password to an API).
    secret: Mapped[str] = mapped_column(sa.String(100))
    # After a rotation the old secret signs too, until it expires.
    previous_secret: Mapped[str | None] = mapped_column(sa.String(100))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Start of the current run of failures; None once a delivery succeeds.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Failed attempts whose log rows were pruned, so the failure counter never goes down.
    failed_attempts_pruned: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<WebhookEndpoint {self.id} {self.url!r} {self.status.value}>"


class WebhookMessage(db.Model):
    """One event for one endpoint: the outbox row a worker claims and delivers."""

    __tablename__ = "webhook_messages"
    __table_args__ = (
        # The worker's claim: due pending messages in order.
        sa.Index("ix_webhook_messages_status_next", "status", "next_attempt_at"),
        sa.Index("ix_webhook_messages_endpoint_id_id", "endpoint_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    # The webhook-id header: the same on every retry, so receivers can deduplicate.
    msg_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    event_type: Mapped[str] = mapped_column(sa.String(40))
    # The comment the event is about (None for webhook.test), so erasing a person's data
    # finds the bodies that quote it. No foreign key: the outbox is a log of what happened.
    comment_id: Mapped[int | None] = mapped_column(index=True)
    # The exact body sent, serialised once so every attempt signs the same bytes (rewritten
    # only when the personal data in it is erased).
    payload: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus, "webhook_message_status"), default=MessageStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The lease: a worker owns the message until locked_until, so no other sends it.
    locked_by: Mapped[str | None] = mapped_column(sa.String(100))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))

    endpoint: Mapped[WebhookEndpoint] = relationship()

    def __repr__(self) -> str:
        return f"<WebhookMessage {self.id} {self.event_type} {self.status.value}>"


class WebhookAttempt(db.Model):
    """One try at delivering a message, successful or not."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        sa.Index("ix_webhook_attempts_endpoint_id_id", "endpoint_id", "id"),
        sa.Index("ix_webhook_attempts_message_id_id", "message_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_messages.id", ondelete="CASCADE"))
    endpoint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None when no HTTP answer came (refused address, connection error, timeout).
    status_code: Mapped[int | None] = mapped_column()
    duration_ms: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(sa.String(500))
    # When the message is due again after this attempt; None when it is settled.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker: Mapped[str | None] = mapped_column(sa.String(100))
