"""Turn moderators' decisions into labelled examples the abuse model learns from."""

from __future__ import annotations

from .. import events
from ..extensions import db
from ..models import Comment, CommentStatus
from ..models.abuse import AbuseFeedback, AbuseLabel

# Rejections for these reasons teach "abuse"; an approval teaches "not abuse".
ABUSE_REASON_CODES = frozenset({"harassment", "hate_speech"})


def label_of(new: CommentStatus, actor: str | None, reason_code: str | None) -> AbuseLabel | None:
    """Return what a status change teaches, or None when it teaches nothing."""
    if actor is None:
        return None  # the system's own changes (reports hiding a comment) are no verdict
    if new is CommentStatus.REJECTED and reason_code in ABUSE_REASON_CODES:
        return AbuseLabel.ABUSE
    if new is CommentStatus.APPROVED:
        return AbuseLabel.OK
    return None


def _on_status_changed(comment: Comment, *, new: CommentStatus, actor: str | None = None,
                       reason_code: str | None = None, **_: object) -> None:
    """Record a moderator's verdict inside the transaction that made it."""
    label = label_of(new, actor, reason_code)
    if label is None:
        return
    db.session.add(AbuseFeedback(comment_id=comment.id, label=label,
                                 reason_code=reason_code if label is AbuseLabel.ABUSE else None,
                                 actor=actor[:255] if actor else None, text=comment.body))


def connect() -> None:
    """Subscribe to status changes; blinker ignores a second connect of the same receiver."""
    events.comment_status_changed.connect(_on_status_changed)
