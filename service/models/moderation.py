"""Moderation records: the audit log, edit history, reader reports and bans."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


class AuditEntry(db.Model):
    """One action by a moderator, an admin or the system; rows are only ever added."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_comment_id_id", "comment_id", "id"),
        sa.Index("ix_audit_log_action_created", "action", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # None for the system (the spam filter, reader-report thresholds, the CLI).
    token_id: Mapped[int | None] = mapped_column(index=True)
    # The person (a console account) who acted; None for tokens and the system.
    account_id: Mapped[int | None] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(sa.String(100))
    action: Mapped[str] = mapped_column(sa.String(40))
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[str | None] = mapped_column(sa.String(100))
    # Plain ids, no foreign keys: the log outlives what it describes.
    comment_id: Mapped[int | None] = mapped_column()
    thread_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    reason_code: Mapped[str | None] = mapped_column(sa.String(40))
    reason_text: Mapped[str | None] = mapped_column(sa.Text)


class CommentRevision(db.Model):
    """A comment's text as it was before a moderator edited it."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    token_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(sa.String(100))


class ReportCategory(enum.StrEnum):
    """Why a reader reported a comment."""

    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE_SPEECH = "hate_speech"
    ILLEGAL_CONTENT = "illegal_content"
    CHILD_SAFETY = "child_safety"
    OTHER = "other"


class Report(db.Model):
    """A reader's notice about a comment; open until a moderator decides on the comment."""

    __tablename__ = "reports"
    __table_args__ = (
        sa.Index("ix_reports_comment_resolved", "comment_id", "resolved_at"),
        # Open reports only, with what the queue's urgent order reads: its cost follows the
        # reports still waiting, not every report ever made.
        sa.Index("ix_reports_open", "comment_id", "priority", "created_at",
                 sqlite_where=sa.text("resolved_at IS NULL"),
                 postgresql_where=sa.text("resolved_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id", ondelete="CASCADE"))
    category: Mapped[ReportCategory] = mapped_column(
        enum_column(ReportCategory, "report_category"))
    text: Mapped[str | None] = mapped_column(sa.Text)
    # The reporter's address: counts distinct reporters; erased by `margin purge`.
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    priority: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A notice of illegal content (DSA Art. 16(2)): the law, where, and why.
    law: Mapped[str | None] = mapped_column(sa.String(500))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    explanation: Mapped[str | None] = mapped_column(sa.Text)
    # Who reported it, when they said; never shown publicly, erased with their data.
    reporter_name: Mapped[str | None] = mapped_column(sa.String(100))
    reporter_email: Mapped[str | None] = mapped_column(sa.String(320))
    good_faith: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Set when a trusted flagger (DSA Art. 22) made the notice. A plain id, no foreign
    # key: the notice stays a trusted flagger's after the flagger is removed, as the
    # statements exported about it say.
    flagger_id: Mapped[int | None] = mapped_column()
    # The audit entry of the decision that settled it: the notice behind a statement.
    decision_id: Mapped[int | None] = mapped_column(index=True)


class BanKind(enum.StrEnum):
    """What a ban matches."""

    EMAIL = "email"
    IP = "ip"
    DOMAIN = "domain"


class Ban(db.Model):
    """Submissions matching this are kept as spam, without telling the sender."""

    __tablename__ = "bans"
    __table_args__ = (sa.Index("ix_bans_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[BanKind] = mapped_column(enum_column(BanKind, "ban_kind"))
    # Normalised: a lower-case address, a network in CIDR form, a lower-case domain.
    value: Mapped[str] = mapped_column(sa.String(320))
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None: never expires.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    token_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(sa.String(100))


class TrustedFlagger(db.Model):
    """A body whose notices come first (DSA Art. 22): known by a token, an address, or both."""

    __tablename__ = "trusted_flaggers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    # Lower-case; a notice giving this reporter address counts as the flagger's.
    email: Mapped[str | None] = mapped_column(sa.String(320), unique=True)
    # sha256 of the flagger's token, sent with its notices; None: known by address only.
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppealParty(enum.StrEnum):
    """Who contests a decision: the comment's author, or the reader who reported it."""

    AUTHOR = "author"
    REPORTER = "reporter"


class AppealOutcome(enum.StrEnum):
    """What a second person decided on a complaint."""

    UPHOLD = "uphold"
    REVERSE = "reverse"


class Appeal(db.Model):
    """A complaint against a moderation decision (DSA Art. 20), open until a person decides."""

    __tablename__ = "appeals"
    __table_args__ = (sa.Index("ix_appeals_decided_created", "decided_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The audit entry of the decision contested: plain ids, like the log itself.
    decision_id: Mapped[int] = mapped_column(index=True)
    comment_id: Mapped[int | None] = mapped_column(index=True)
    report_id: Mapped[int | None] = mapped_column()
    party: Mapped[AppealParty] = mapped_column(enum_column(AppealParty, "appeal_party"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[AppealOutcome | None] = mapped_column(
        enum_column(AppealOutcome, "appeal_outcome"))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    decided_by: Mapped[str | None] = mapped_column(sa.String(100))
    decided_by_token_id: Mapped[int | None] = mapped_column()
