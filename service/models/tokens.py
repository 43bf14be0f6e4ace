"""Moderator and admin API tokens: only a hash of each is stored."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    """What a token may do; an admin may do everything a moderator may."""

    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Return the role's place in the order moderator < admin."""
        return list(Role).index(self)

    def covers(self, needed: Role) -> bool:
        """Tell whether this role includes the needed one."""
        return self.rank >= needed.rank


class ModeratorToken(db.Model):
    """A named bearer token for the moderation API."""

    __tablename__ = "moderator_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "token_role"))
    # sha256 of the token: tokens carry 256 random bits, so a slow hash adds nothing.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the token, safe to show so people can tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<ModeratorToken {self.id} {self.name!r} {self.role.value}>"
