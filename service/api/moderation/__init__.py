"""The moderation API under /api/v1/moderation: every call needs a bearer token."""

# Importing the view modules registers their routes on bp.
from . import (  # noqa: F401
    appeals,
    audit,
    bans,
    comments,
    flaggers,
    personal_data,
    stats,
    threads,
    tokens,
)
from .blueprint import bp

__all__ = ["bp"]
