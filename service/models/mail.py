"""Email: readers' addresses and subscriptions, the outbox of messages and its delivery log."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


class MailStatus(enum.StrEnum):
    """Where a message in the mail outbox stands."""

    PENDING = "pending"
    SENT = "sent"
    # Refused for good (a 5xx), or every attempt of the retry schedule failed.
    FAILED = "failed"
    # Nothing left to say when its turn came (the replies it announced were removed).
    CANCELLED = "cancelled"


class MailAddress(db.Model):
    """A reader's address as far as email goes: whether its owner confirmed it."""

    __tablename__ = "mail_addresses"
    # Links name an address by id: SQLite must never give an erased address's id to a
    # new one (PostgreSQL's sequences never do).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    # email_key() of the address: one row per person however they capitalise it.
    email_key: Mapped[str] = mapped_column(sa.String(320), unique=True)
    # As the reader last wrote it, where messages go.
    email: Mapped[str] = mapped_column(sa.String(320))
    # Set when the confirmation link was followed; None: nothing but a confirmation is sent.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The one confirmation link that works (a new confirmation replaces it; used, it is gone).
    confirm_nonce: Mapped[str | None] = mapped_column(sa.String(40))
    confirm_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailSubscription(db.Model):
    """A reader's wish to hear about replies to their comments on one thread."""

    __tablename__ = "mail_subscriptions"
    __table_args__ = (sa.UniqueConstraint("email_key", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(sa.String(320))
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id", ondelete="CASCADE"),
                                           index=True)
    # The page's language when the reader asked: the language of every message about it.
    locale: Mapped[str] = mapped_column(sa.String(8))
    # When the last message about this thread was queued: the throttle's clock.
    last_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailNotice(db.Model):
    """A published reply a subscriber is to hear about; batched into a message in turn."""

    __tablename__ = "mail_notices"
    __table_args__ = (sa.UniqueConstraint("subscription_id", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed by the unique constraint, which starts with it.
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mail_subscriptions.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"))
    # The message that announced it; None while the throttle holds it back. Goes with
    # its message (pruned, erased): a notice without one would be announced again.
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mail_messages.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailMessage(db.Model):
    """One email in the outbox: what to say (kind, context) to whom, and how it went."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        # The sender's claim: due pending messages in order.
        sa.Index("ix_mail_messages_status_next", "status", "next_attempt_at"),
        # A message owed once (a statement of reasons per decision) is queued once, even
        # if the event that calls for it fires again.
        sa.UniqueConstraint("once_key", "to_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A name in service/mail/kinds.py: which templates render it.
    kind: Mapped[str] = mapped_column(sa.String(60))
    to_address: Mapped[str] = mapped_column(sa.String(320))
    to_key: Mapped[str] = mapped_column(sa.String(320), index=True)
    locale: Mapped[str] = mapped_column(sa.String(8))
    # What the templates need, as plain JSON; rendered when sent, so it reads the
    # comments as they are then (a reply removed meanwhile is left out).
    context: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus, "mail_status"),
                                               default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(sa.String(120))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    # What makes the message unique for its recipient ("statement_of_reasons:42"); None:
    # any number may be queued (a reply notification per batch).
    once_key: Mapped[str | None] = mapped_column(sa.String(120))

    def __repr__(self) -> str:
        return f"<MailMessage {self.id} {self.kind} {self.status.value}>"


class MailAttempt(db.Model):
    """One try at handing a message to the mail server: the delivery log."""

    __tablename__ = "mail_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mail_messages.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The server's reply code, None when no server answered (refused, timed out).
    code: Mapped[int | None] = mapped_column()
    # "sent", "temporary" (retried) or "permanent" (given up).
    outcome: Mapped[str] = mapped_column(sa.String(20))
    error: Mapped[str | None] = mapped_column(sa.String(500))
    worker: Mapped[str | None] = mapped_column(sa.String(120))


class MailDigest(db.Model):
    """A day whose moderators' digest was made: a worker claims the day by inserting it."""

    __tablename__ = "mail_digests"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Messages queued: 0 when the queue was empty and nothing was sent.
    messages: Mapped[int] = mapped_column(default=0)
