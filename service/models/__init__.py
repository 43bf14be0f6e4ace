"""Every model, imported here so the metadata (and Alembic) sees each table."""

from .base import UTCDateTime, utcnow
from .comments import Comment, CommentStatus, ModerationMode, Thread
from .tokens import ModeratorToken, Role

__all__ = ["Comment", "CommentStatus", "ModerationMode", "ModeratorToken", "Role", "Thread",
           "UTCDateTime", "utcnow"]
