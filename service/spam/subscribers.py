"""Turn moderators' spam/ham decisions into labelled examples every process learns from."""

from __future__ import annotations

import sqlalchemy as sa

from .. import events
from ..extensions import db
from ..models import Comment
from ..models.spam import SpamFeedback, SpamLabel
from .text import domain_of

SOURCE_MODERATOR = "moderator"


def record_decision(comment: Comment, label: str | SpamLabel, actor: str | None = None,
                    source: str = SOURCE_MODERATOR) -> SpamFeedback:
    """Add a labelled example for comment to the session (the caller commits)."""
    label = SpamLabel(label)
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
        email=comment.email or None,
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
