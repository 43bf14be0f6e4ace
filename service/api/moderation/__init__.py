"""The moderation API under /api/v1/moderation: every call needs a bearer token."""

# Importing the view modules registers their routes on bp.
from . import audit, bans, comments, personal_data, stats, threads, tokens  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
