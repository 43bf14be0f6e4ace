"""Threads (one per article) and the comments on them."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_column, utcnow


def email_key(address: str) -> str:
    """Return the form an address is looked up by: the whole of it lower-cased."""
    # The local part is case-sensitive by the letter of RFC 5321, by no mail provider in
    # practice: Alice.Smith@ and alice.smith@ are one person, whose data an erase must find.
    return address.strip().lower()


class CommentStatus(enum.StrEnum):
    """Where a comment stands; only approved comments are public."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    REJECTED = "rejected"
    DELETED = "deleted"


class ModerationMode(enum.StrEnum):
    """Which new comments wait for a moderator before they are shown."""

    NONE = "none"
    FIRST_TIME = "first_time"
    ALL = "all"


class Thread(db.Model):
    """An article's comment thread, named by a key the embedding page chooses."""

    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(512), unique=True)
    title: Mapped[str | None] = mapped_column(sa.String(300))
    url: Mapped[str | None] = mapped_column(sa.String(2048))
    closed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # None: the site's PREMODERATION setting applies.
    moderation: Mapped[ModerationMode | None] = mapped_column(
        enum_column(ModerationMode, "moderation_mode")
    )
    # Approved comments, kept in step by every status change so counts never scan.
    comment_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Bumped whenever the public listing changes; the listing's ETag is built from it.
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.key!r}>"


class Comment(db.Model):
    """A reader's comment: the text as written, its rendered HTML and its standing."""

    __tablename__ = "comments"
    __table_args__ = (
        # Top-level comments of a thread in id order (root_id IS NULL), cursor-paginated.
        sa.Index("ix_comments_thread_root_id", "thread_id", "root_id", "id"),
        # The same, partial: PostgreSQL does not treat "root_id IS NULL" as an equality
        # for ordering, so without it a page walks the primary key and filters.
        sa.Index("ix_comments_thread_top_level", "thread_id", "id",
                 postgresql_where=sa.text("root_id IS NULL"),
                 sqlite_where=sa.text("root_id IS NULL")),
        # All replies under a page's top-level comments.
        sa.Index("ix_comments_root_id_id", "root_id", "id"),
        sa.Index("ix_comments_status_id", "status", "id"),
        sa.Index("ix_comments_fingerprint_created", "fingerprint", "created_at"),
        # An author's comments, and their approved ones (spam reputation), by index even
        # without table statistics.
        sa.Index("ix_comments_email_key_status", "email_key", "status"),
        # The moderation queue sorted by abuse score, highest first.
        sa.Index("ix_comments_abuse_score_id", "abuse_score", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("threads.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"), index=True)
    # The top-level comment this one hangs under; None for a top-level comment.
    root_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    depth: Mapped[int] = mapped_column(default=0, server_default="0")
    author: Mapped[str] = mapped_column(sa.String(255))
    # As the author wrote it (email-validator lower-cases only the domain).
    email: Mapped[str] = mapped_column(sa.String(320))
    # The address every lookup compares (erase, export, bans, reputation, the queue):
    # email_key(email). NULL only on rows no code path writes without one.
    email_key: Mapped[str | None] = mapped_column(sa.String(320))
    website: Mapped[str | None] = mapped_column(sa.String(2048))
    body: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus, "comment_status"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(sa.String(45), index=True)
    user_agent: Mapped[str | None] = mapped_column(sa.String(512))
    spam_score: Mapped[float] = mapped_column(default=0.0, server_default="0")
    spam_reasons: Mapped[list] = mapped_column(sa.JSON, default=list)
    abuse_score: Mapped[float] = mapped_column(default=0.0, server_default="0")
    abuse_reasons: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    # The moderation reason code (harassment, hate_speech) under which the abuse
    # screener held the comment; None when it did not.
    abuse_hold: Mapped[str | None] = mapped_column(sa.String(40))
    # Normalised-text hash, so floods of the same text are found by index.
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    # The page's language when the comment was posted (a primary subtag: "en", "fr"), so
    # email about it is written in that language; None when the page did not say.
    locale: Mapped[str | None] = mapped_column(sa.String(8))

    thread: Mapped[Thread] = relationship()

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.status.value}>"
