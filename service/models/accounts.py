"""People who sign in to the console, their sessions, and statement-of-reasons templates."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow
from .tokens import Role


class Account(db.Model):
    """A person with a role, signing in with an email address and a password."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: the sign-in form and the CLI compare this form.
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[Role] = mapped_column(enum_column(Role, "account_role"))
    # None until the person sets one through their one-time link.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Base32 TOTP secret; None: no two-factor.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # sha256 of the one-time set-password link's secret, and when the link stops working.
    setup_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    setup_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Account {self.id} {self.role.value}>"


class ConsoleSession(db.Model):
    """A signed-in browser: the cookie carries a secret, only its hash is kept here."""

    __tablename__ = "console_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Sent back with every state-changing request (a form field or X-CSRF-Token).
    csrf_token: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship()


class StatementTemplate(db.Model):
    """A site's own wording of the statement of reasons for one reason code."""

    __tablename__ = "statement_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    reason_code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    text: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(sa.String(100))
