"""Every model, imported here so the metadata (and Alembic) sees each table."""

from . import spam as spam  # the spam scorer's tables
from .base import UTCDateTime, utcnow
from .comments import Comment, CommentStatus, ModerationMode, Thread

__all__ = ["Comment", "CommentStatus", "ModerationMode", "Thread", "UTCDateTime", "utcnow"]
