"""Turn moderators' spam/ham decisions into labelled examples every process learns from."""

from __future__ import annotations

import sqlalchemy as sa

from .. import events
from ..extensions import db
from ..models import Comment
from ..models.spam import SpamFeedback, SpamLabel
from .text import domain_of

SOURCE_MODERATOR = "moderator"
# Every process applies decisions in id order and remembers the newest id it applied, so
# ids must become visible in the order they were handed out. PostgreSQL hands out
# sequence values before commit: decisions take turns under this transaction lock.
# (SQLite writers already take turns.)
FEEDBACK_LOCK_KEY = 0x6D617267696E  # "margin"


def record_decision(comment: Comment, label: str | SpamLabel, actor: str | None = None,
                    source: str = SOURCE_MODERATOR) -> SpamFeedback:
    """Add a labelled example for comment to the session (the caller commits)."""
    label = SpamLabel(label)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(FEEDBACK_LOCK_KEY)))
    # The newest decision on a comment is the one reputation and rebuilds believe.
    db.session.execute(
        sa.update(SpamFeedback)
        .where(SpamFeedback.comment_id == comment.id, SpamFeedback.current.is_(True))
        .values(current=False)
    )
    row = SpamFeedback(
        comment_id=comment.id,
        label=label,
        source=source,
        actor=actor[:255] if actor else None,
        text=comment.body,
        email=comment.email_key or None,
        domain=domain_of(comment.website)[:255] or None,
        ip=comment.ip or None,
    )
    db.session.add(row)
    return row


def _on_classified(comment: Comment, label: str, actor: str | None = None, **_: object) -> None:
    """Record a moderator's decision inside the transaction that made it."""
    record_decision(comment, label, actor)


def connect() -> None:
    """Subscribe to comment_classified; blinker ignores a second connect of the same receiver."""
    events.comment_classified.connect(_on_classified)
