"""Every model, imported here so the metadata (and Alembic) sees each table."""

from . import abuse as abuse  # the abuse screener's tables
from . import spam as spam  # the spam scorer's tables
from .accounts import Account, ConsoleSession, StatementTemplate
from .base import UTCDateTime, utcnow
from .comments import Comment, CommentStatus, ModerationMode, Thread, email_key
from .moderation import AuditEntry, Ban, BanKind, CommentRevision, Report, ReportCategory
from .tokens import ModeratorToken, Role
from .webhooks import (
    EndpointStatus,
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookMessage,
)

__all__ = ["Account", "AuditEntry", "Ban", "BanKind", "Comment", "CommentRevision",
           "CommentStatus", "ConsoleSession", "EndpointStatus", "MessageStatus",
           "ModerationMode", "ModeratorToken", "Report", "ReportCategory", "Role",
           "StatementTemplate", "Thread", "UTCDateTime", "WebhookAttempt", "WebhookEndpoint",
           "WebhookMessage", "email_key", "utcnow"]
