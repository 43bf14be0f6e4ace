"""What the abuse screener keeps: moderators' decisions and the external screener's queue."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


class AbuseLabel(enum.StrEnum):
    """A moderator's verdict on whether a comment's text is abuse."""

    ABUSE = "abuse"
    OK = "ok"


class AbuseFeedback(db.Model):
    """One labelled example the abuse model learns from, in id order, in every process."""

    __tablename__ = "abuse_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[AbuseLabel] = mapped_column(enum_column(AbuseLabel, "abuse_label"))
    # The moderation reason code of a rejection (harassment, hate_speech), or None.
    reason_code: Mapped[str | None] = mapped_column(sa.String(40))
    actor: Mapped[str | None] = mapped_column(sa.String(255))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<AbuseFeedback {self.id} {self.label.value}>"


class CheckStatus(enum.StrEnum):
    """Where a comment's screening by the external service stands."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class AbuseCheck(db.Model):
    """A comment waiting for (or screened by) the external screener, claimed under a lease."""

    __tablename__ = "abuse_checks"
    __table_args__ = (sa.Index("ix_abuse_checks_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[CheckStatus] = mapped_column(enum_column(CheckStatus, "abuse_check_status"),
                                                default=CheckStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(sa.String(120))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    # The service's answer: flagged, categories, category_scores (as it sent them).
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<AbuseCheck {self.id} {self.status.value}>"


class AbuseModelSnapshot(db.Model):
    """The model learned from moderators' decisions, saved so a new process starts from it."""

    __tablename__ = "abuse_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The last decision (abuse_feedback.id) the weights include, in id order.
    applied: Mapped[int]
    weights: Mapped[bytes] = mapped_column(sa.LargeBinary)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<AbuseModelSnapshot {self.id} through {self.applied}>"
