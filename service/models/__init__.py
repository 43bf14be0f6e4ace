"""Every model, imported here so the metadata (and Alembic) sees each table."""

from . import spam as spam  # the spam scorer's tables
from .base import UTCDateTime, utcnow
from .comments import Comment, CommentStatus, ModerationMode, Thread
from .moderation import AuditEntry, Ban, BanKind, CommentRevision, Report, ReportCategory
from .tokens import ModeratorToken, Role

__all__ = ["AuditEntry", "Ban", "BanKind", "Comment", "CommentRevision", "CommentStatus",
           "ModerationMode", "ModeratorToken", "Report", "ReportCategory", "Role", "Thread",
           "UTCDateTime", "utcnow"]
