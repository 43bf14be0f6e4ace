"""What the spam scorer keeps: moderators' labelled examples and rebuilt models."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


class SpamLabel(enum.StrEnum):
    """A moderator's verdict on a comment's text."""

    SPAM = "spam"
    HAM = "ham"


class SpamFeedback(db.Model):
    """One labelled example the classifier learns from, in id order, in every process."""

    __tablename__ = "spam_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept after the comment goes, so a rebuild still learns from it.
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[SpamLabel] = mapped_column(enum_column(SpamLabel, "spam_label"))
    # "moderator" for decisions; other sources (imports) may follow.
    source: Mapped[str] = mapped_column(sa.String(32))
    actor: Mapped[str | None] = mapped_column(sa.String(255))
    text: Mapped[str] = mapped_column(sa.Text)
    # Reputation looks these up: the comment's address key (email_key), website domain
    # and client address.
    email: Mapped[str | None] = mapped_column(sa.String(320), index=True)
    domain: Mapped[str | None] = mapped_column(sa.String(255), index=True)
    ip: Mapped[str | None] = mapped_column(sa.String(45), index=True)
    # False once a later decision on the same comment replaces this one.
    current: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SpamFeedback {self.id} {self.label.value}>"


class SpamModel(db.Model):
    """A classifier rebuilt by `margin spam train`; the newest one is live everywhere."""

    __tablename__ = "spam_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    blob: Mapped[bytes] = mapped_column(sa.LargeBinary)
    # The newest feedback row the rebuild learned from; later rows are applied on top.
    feedback_upto: Mapped[int] = mapped_column(default=0, server_default="0")
    summary: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<SpamModel {self.id}>"
