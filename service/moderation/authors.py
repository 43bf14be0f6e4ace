"""What a moderator sees of a comment's author: their comments, reputation, bans; parents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..models import Ban, Comment, email_key
from ..spam.history import HistorySettings, history_reasons
from ..spam.rules import Evidence
from . import bans
from .queue import CommentQuery, CommentRecord, list_comments

# Reputation reasons are the history reasons about the author, not about this text.
_REPUTATION = ("reputation_email", "reputation_website", "reputation_ip",
               "reputation_approved")


@dataclass
class AuthorHistory:
    """An author as the spam filter and the moderators know them."""

    comment: Comment
    by_email: list[CommentRecord] = field(default_factory=list)
    by_ip: list[CommentRecord] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    reputation: list[dict] = field(default_factory=list)
    bans: list[Ban] = field(default_factory=list)


def history(comment: Comment, *, limit: int) -> AuthorHistory:
    """Return the history of the author of this comment, newest comments first."""
    found = AuthorHistory(comment)
    found.by_email, _ = list_comments(CommentQuery(email=comment.email), limit=limit,
                                      cursor=None)
    if comment.ip:
        found.by_ip, _ = list_comments(CommentQuery(ip=comment.ip), limit=limit, cursor=None)
    found.statuses = {status.value: n for status, n in db.session.execute(
        sa.select(Comment.status, sa.func.count()).where(
            Comment.email_key == email_key(comment.email)).group_by(Comment.status)).all()}
    evidence = Evidence(body="", email=comment.email, website=comment.website or "",
                        ip=comment.ip or "")
    found.reputation = [
        {"code": r.code, "message": r.message, "weight": r.weight}
        for r in history_reasons(evidence, HistorySettings()) if r.code in _REPUTATION]
    found.bans = bans.affecting(comment.email, comment.website, comment.ip)
    return found


def parents(rows: Sequence[Comment]) -> dict[int, Comment]:
    """Return the parent of each reply among these comments, by the parent's id."""
    ids = {c.parent_id for c in rows if c.parent_id is not None}
    if not ids:
        return {}
    return {c.id: c for c in db.session.execute(
        sa.select(Comment).where(Comment.id.in_(ids))).scalars()}

