"""The moderators' view of comments: every status, filtered, with all that is known."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from .. import cursors, networks, paging
from ..extensions import db
from ..fields import MAX_ID
from ..models import (
    AuditEntry,
    Comment,
    CommentRevision,
    CommentStatus,
    Report,
    ReportCategory,
    Thread,
    email_key,
)
from ..networks import Network
from . import reports


class QueueOrder(enum.StrEnum):
    """How the moderation listing is sorted."""

    NEWEST = "newest"
    OLDEST = "oldest"
    # Open priority reports (child safety) first, then trusted flaggers' notices, then the
    # most open reports, then the longest waiting.
    URGENT = "urgent"
    # Highest abuse score first.
    ABUSE = "abuse"


@dataclass(frozen=True)
class CommentQuery:
    """Filters of the moderation listing; empty or None means any."""

    statuses: tuple[CommentStatus, ...] = ()
    thread: str | None = None
    author: str | None = None
    email: str | None = None
    # An address, a prefix ending in "." or ":", or a network.
    ip: str | Network | None = None
    text: str | None = None
    score_min: float | None = None
    score_max: float | None = None
    abuse_min: float | None = None
    abuse_max: float | None = None
    since: datetime | None = None
    until: datetime | None = None
    reported: bool | None = None
    priority: bool | None = None
    # True: what waits for a moderator, held (pending) or with open reports.
    waiting: bool | None = None
    order: QueueOrder = QueueOrder.NEWEST


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

    @property
    def trusted(self) -> bool:
        """Tell whether a trusted flagger's notice is open (DSA Art. 22)."""
        return any(r.flagger_id is not None and r.resolved_at is None for r in self.reports)


def _open_reports(category: ReportCategory | None = None):
    query = sa.select(Report.id).where(Report.comment_id == Comment.id,
                                       Report.resolved_at.is_(None))
    if category is not None:
        query = query.where(Report.category == category)
    return query.exists()


def list_comments(q: CommentQuery, *, limit: int,
                  cursor: str | None) -> tuple[list[CommentRecord], str | None]:
    """Return a page of comments matching the filters and the next page's cursor."""
    query = _filtered(q)
    if q.order is QueueOrder.URGENT:
        return _urgent_page(query, limit, cursor)
    if q.order is QueueOrder.ABUSE:
        return _abuse_page(query, limit, cursor)
    rows, next_cursor = paging.by_id(
        query.options(sa.orm.selectinload(Comment.thread)), Comment.id, limit=limit,
        cursor=cursor, oldest_first=q.order is QueueOrder.OLDEST)
    return records(rows), next_cursor


def count_comments(q: CommentQuery) -> int:
    """Count the comments matching the filters (the order does not matter)."""
    return db.session.execute(
        sa.select(sa.func.count()).select_from(_filtered(q).subquery())).scalar_one()


def _filtered(q: CommentQuery) -> sa.Select:
    """Return the selection of comments matching every filter of q, unordered."""
    query = sa.select(Comment)
    if q.statuses:
        query = query.where(Comment.status.in_(q.statuses))
    if q.thread:
        query = query.join(Thread, Thread.id == Comment.thread_id).where(Thread.key == q.thread)
    if q.author:
        query = query.where(sa.func.lower(Comment.author).contains(q.author.lower(),
                                                                   autoescape=True))
    if q.email:
        query = query.where(Comment.email_key == email_key(q.email))
    if isinstance(q.ip, Network):
        query = query.where(networks.in_network(Comment.ip, str(q.ip)))
    elif q.ip:
        query = query.where(Comment.ip.startswith(q.ip, autoescape=True)
                            if q.ip.endswith((".", ":")) else Comment.ip == q.ip)
    if q.text:
        query = query.where(sa.func.lower(Comment.body).contains(q.text.lower(),
                                                                 autoescape=True))
    if q.score_min is not None:
        query = query.where(Comment.spam_score >= q.score_min)
    if q.score_max is not None:
        query = query.where(Comment.spam_score <= q.score_max)
    if q.abuse_min is not None:
        query = query.where(Comment.abuse_score >= q.abuse_min)
    if q.abuse_max is not None:
        query = query.where(Comment.abuse_score <= q.abuse_max)
    if q.since:
        query = query.where(Comment.created_at >= q.since)
    if q.until:
        query = query.where(Comment.created_at < q.until)
    if q.reported is not None:
        query = query.where(_open_reports() if q.reported else ~_open_reports())
    if q.priority is not None:
        priority = _open_reports(ReportCategory.CHILD_SAFETY)
        query = query.where(priority if q.priority else ~priority)
    if q.waiting is not None:
        waiting = sa.or_(Comment.status == CommentStatus.PENDING, _open_reports())
        query = query.where(waiting if q.waiting else ~waiting)
    return query


def _page_of(query: sa.Select, limit: int) -> sa.Select:
    """Return the query for a page and one row more (which tells that a next page exists)."""
    return query.options(sa.orm.selectinload(Comment.thread)).limit(limit + 1)


# --- highest abuse score first ----------------------------------------------------------

_ABUSE_PREFIX = "a1"


def _abuse_page(query: sa.Select, limit: int,
                cursor: str | None) -> tuple[list[CommentRecord], str | None]:
    """Return a page sorted by abuse score, highest first (newest first among equals)."""
    if cursor:
        score, after = cursors.decode(cursor, _ABUSE_PREFIX, _abuse_key)
        query = query.where(sa.or_(Comment.abuse_score < score,
                                   sa.and_(Comment.abuse_score == score, Comment.id < after)))
    query = query.order_by(Comment.abuse_score.desc(), Comment.id.desc())
    rows = list(db.session.execute(_page_of(query, limit)).scalars())
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        # repr() keeps every bit of the float, so the next page starts exactly after it.
        next_cursor = cursors.encode(_ABUSE_PREFIX, repr(float(last.abuse_score)), last.id)
    return records(rows[:limit]), next_cursor


def _abuse_key(values: list[str]) -> tuple[float, int]:
    score, id_ = values
    key = (float(score), int(id_))
    if not 0.0 <= key[0] <= 1.0 or not 0 < key[1] <= MAX_ID:
        raise ValueError(values)
    return key


# --- most urgent first ----------------------------------------------------------------

_URGENT_PREFIX = "u1"
# A comment's most urgent open notice: child safety, then a trusted flagger's, then others.
URGENCY_CHILD_SAFETY = 2
URGENCY_TRUSTED_FLAGGER = 1
URGENCY_RANKS = (0, URGENCY_TRUSTED_FLAGGER, URGENCY_CHILD_SAFETY)


@dataclass(frozen=True)
class _UrgencyKey:
    """Where a comment stands in the urgent order; the cursor carries the last one's."""

    priority: int
    open_reports: int
    first_open: datetime | None
    id: int


def _urgent_page(query: sa.Select, limit: int,
                 cursor: str | None) -> tuple[list[CommentRecord], str | None]:
    """Return a page sorted by urgency and the cursor after it."""
    # Open reports per comment, from the partial index on open reports: a notice with
    # priority (child safety) first, then a trusted flagger's, then the comments more
    # readers flagged, then the one whose first open report has waited longest;
    # unreported ones oldest first.
    rank = sa.case((Report.priority, URGENCY_CHILD_SAFETY),
                   (Report.flagger_id.is_not(None), URGENCY_TRUSTED_FLAGGER), else_=0)
    open_ = (sa.select(Report.comment_id, sa.func.max(rank).label("priority"),
                       sa.func.count().label("open_reports"),
                       sa.func.min(Report.created_at).label("first_open"))
             .where(Report.resolved_at.is_(None))
             .group_by(Report.comment_id).subquery("open_reports"))
    priority = sa.func.coalesce(open_.c.priority, 0)
    count = sa.func.coalesce(open_.c.open_reports, 0)
    query = query.outerjoin(open_, open_.c.comment_id == Comment.id).add_columns(
        priority, count, open_.c.first_open)
    if cursor:
        query = query.where(_after(_decode_urgent(cursor), priority, count, open_.c.first_open))
    # A comment has a first open report exactly when it has open reports, so within one
    # count the first_open values are all set or all NULL: NULLs never meet non-NULLs.
    query = query.order_by(priority.desc(), count.desc(), open_.c.first_open, Comment.id)
    found = db.session.execute(_page_of(query, limit)).all()
    next_cursor = None
    if len(found) > limit:
        comment, *key = found[limit - 1]
        next_cursor = _encode_urgent(_UrgencyKey(*key, comment.id))
    return records([row[0] for row in found[:limit]]), next_cursor


def _after(key: _UrgencyKey, priority, count, first_open) -> sa.ColumnElement[bool]:
    """Return the condition for rows after `key` in the urgent order."""
    if key.first_open is None:
        tail = Comment.id > key.id
    else:
        tail = sa.or_(first_open > key.first_open,
                      sa.and_(first_open == key.first_open, Comment.id > key.id))
    return sa.or_(priority < key.priority,
                  sa.and_(priority == key.priority,
                          sa.or_(count < key.open_reports,
                                 sa.and_(count == key.open_reports, tail))))


def _encode_urgent(key: _UrgencyKey) -> str:
    first = "" if key.first_open is None else _micros(key.first_open)
    return cursors.encode(_URGENT_PREFIX, key.priority, key.open_reports, first, key.id)


def _decode_urgent(cursor: str) -> _UrgencyKey:
    """Return the key inside an urgent-order cursor, or raise a 400."""
    return cursors.decode(cursor, _URGENT_PREFIX, _urgency_key)


def _urgency_key(values: list[str]) -> _UrgencyKey:
    priority, count, first, id_ = values
    key = _UrgencyKey(int(priority), int(count), _from_micros(int(first)) if first else None,
                      int(id_))
    if (key.priority not in URGENCY_RANKS or key.open_reports < 0
            or (key.first_open is None) != (key.open_reports == 0)
            or not 0 < key.id <= MAX_ID):
        raise ValueError(values)
    return key


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _from_micros(micros: int) -> datetime:
    return datetime.fromtimestamp(micros // 1_000_000, UTC).replace(
        microsecond=micros % 1_000_000)


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
