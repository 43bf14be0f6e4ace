"""Turn moderators' decisions into labelled examples the abuse model learns from."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

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


def _on_personal_data_erased(_sender, *, mode: str, comment_ids: Sequence[int],
                             **_: object) -> None:
    """Blank the examples' copies of removed comments, as the spam filter's are."""
    # Anonymised comments keep their text, so their examples may keep it too.
    if mode != "remove" or not comment_ids:
        return
    db.session.execute(sa.update(AbuseFeedback)
                       .where(AbuseFeedback.comment_id.in_(comment_ids)).values(text="")
                       .execution_options(synchronize_session=False))


def connect() -> None:
    """Subscribe to decisions and erasures; blinker ignores a second connect of a receiver."""
    events.comment_status_changed.connect(_on_status_changed)
    events.personal_data_erased.connect(_on_personal_data_erased)
