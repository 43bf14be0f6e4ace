"""Every model, imported here so the metadata (and Alembic) sees each table."""

from . import abuse as abuse  # the abuse screener's tables
from . import mail as mail  # email: addresses, subscriptions, the outbox
from . import spam as spam  # the spam scorer's tables
from .accounts import Account, ConsoleSession, StatementTemplate
from .base import UTCDateTime, utcnow
from .comments import Comment, CommentStatus, ModerationMode, Thread, email_key
from .moderation import (
    Appeal,
    AppealOutcome,
    AppealParty,
    AuditEntry,
    Ban,
    BanKind,
    CommentRevision,
    Report,
    ReportCategory,
    TrustedFlagger,
)
from .tokens import ModeratorToken, Role
from .webhooks import (
    EndpointStatus,
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookMessage,
)

__all__ = ["Account", "Appeal", "AppealOutcome", "AppealParty", "AuditEntry", "Ban", "BanKind",
           "Comment", "CommentRevision", "CommentStatus", "ConsoleSession", "EndpointStatus",
           "MessageStatus", "ModerationMode", "ModeratorToken", "Report", "ReportCategory",
           "Role", "StatementTemplate", "Thread", "TrustedFlagger", "UTCDateTime",
           "WebhookAttempt", "WebhookEndpoint",
           "WebhookMessage", "email_key", "utcnow"]
