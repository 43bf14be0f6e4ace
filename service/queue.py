"""The moderators' view of comments: every status, filtered, with all that is known."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from . import comments, reports
from .extensions import db
from .models import (
    AuditEntry,
    Comment,
    CommentRevision,
    CommentStatus,
    Report,
    ReportCategory,
    Thread,
)


@dataclass(frozen=True)
class CommentQuery:
    """Filters of the moderation listing; empty or None means any."""

    statuses: tuple[CommentStatus, ...] = ()
    thread: str | None = None
    author: str | None = None
    email: str | None = None
    ip: str | None = None
    text: str | None = None
    score_min: float | None = None
    score_max: float | None = None
    since: datetime | None = None
    until: datetime | None = None
    reported: bool | None = None
    priority: bool | None = None
    oldest_first: bool = False


@dataclass
class CommentRecord:
    """A comment with its reports and history, as a moderator sees it."""

    comment: Comment
    reports: list[Report] = field(default_factory=list)
    revisions: list[CommentRevision] = field(default_factory=list)
    actions: list[AuditEntry] = field(default_factory=list)

    @property
    def open_reports(self) -> int:
        """Count the reports no moderator has settled."""
        return sum(r.resolved_at is None for r in self.reports)

    @property
    def priority(self) -> bool:
        """Tell whether an open report needs attention first (child safety)."""
        return any(r.priority and r.resolved_at is None for r in self.reports)


def _open_reports(category: ReportCategory | None = None):
    query = sa.select(Report.id).where(Report.comment_id == Comment.id,
                                       Report.resolved_at.is_(None))
    if category is not None:
        query = query.where(Report.category == category)
    return query.exists()


def list_comments(q: CommentQuery, *, limit: int,
                  cursor: str | None) -> tuple[list[CommentRecord], str | None]:
    """Return a page of comments matching the filters and the next page's cursor."""
    query = sa.select(Comment)
    if q.statuses:
        query = query.where(Comment.status.in_(q.statuses))
    if q.thread:
        query = query.join(Thread, Thread.id == Comment.thread_id).where(Thread.key == q.thread)
    if q.author:
        query = query.where(sa.func.lower(Comment.author).contains(q.author.lower(),
                                                                   autoescape=True))
    if q.email:
        query = query.where(Comment.email == q.email.lower())
    if q.ip:
        # An address, or a prefix ending in "." or ":" (e.g. "203.0.113.").
        query = query.where(Comment.ip.startswith(q.ip, autoescape=True)
                            if q.ip.endswith((".", ":")) else Comment.ip == q.ip)
    if q.text:
        query = query.where(sa.func.lower(Comment.body).contains(q.text.lower(),
                                                                 autoescape=True))
    if q.score_min is not None:
        query = query.where(Comment.spam_score >= q.score_min)
    if q.score_max is not None:
        query = query.where(Comment.spam_score <= q.score_max)
    if q.since:
        query = query.where(Comment.created_at >= q.since)
    if q.until:
        query = query.where(Comment.created_at < q.until)
    if q.reported is not None:
        query = query.where(_open_reports() if q.reported else ~_open_reports())
    if q.priority is not None:
        priority = _open_reports(ReportCategory.CHILD_SAFETY)
        query = query.where(priority if q.priority else ~priority)
    if cursor:
        after = comments.decode_cursor(cursor)
        query = query.where(Comment.id > after if q.oldest_first else Comment.id < after)
    query = query.order_by(Comment.id if q.oldest_first else Comment.id.desc())
    query = query.options(sa.orm.selectinload(Comment.thread))
    rows = list(db.session.execute(query.limit(limit + 1)).scalars())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = comments.encode_cursor(rows[-1].id)
    return records(rows), next_cursor


def records(rows: Sequence[Comment]) -> list[CommentRecord]:
    """Load the reports and history of these comments in three queries."""
    ids = [c.id for c in rows]
    by_comment = reports.for_comments(ids)
    revisions: dict[int, list[CommentRevision]] = {i: [] for i in ids}
    actions: dict[int, list[AuditEntry]] = {i: [] for i in ids}
    if ids:
        for rev in db.session.execute(sa.select(CommentRevision).where(
                CommentRevision.comment_id.in_(ids)).order_by(CommentRevision.id)).scalars():
            revisions[rev.comment_id].append(rev)
        for entry in db.session.execute(sa.select(AuditEntry).where(
                AuditEntry.comment_id.in_(ids)).order_by(AuditEntry.id)).scalars():
            actions[entry.comment_id].append(entry)
    return [CommentRecord(c, by_comment[c.id], revisions[c.id], actions[c.id]) for c in rows]
