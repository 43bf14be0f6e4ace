"""Reader reports: notices about comments, which hide a comment once enough readers agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from .. import clients, comments, events
from ..error_shape import APIError
from ..extensions import db
from ..models import AuditEntry, Comment, CommentStatus, Report, ReportCategory, utcnow
from . import audit, flaggers

PRIORITY_CATEGORIES = frozenset({ReportCategory.CHILD_SAFETY})
HIDE_REASON = "reader_reports"
# A moderator who kept a comment public has decided: readers' reports queue it again,
# they no longer hide it.
_KEPT_BY_MODERATOR = ("comment.approve", "comment.ham")


@dataclass(frozen=True)
class Notice:
    """What a reader says about a comment; the schema checked what a category requires."""

    category: ReportCategory
    text: str | None = None
    law: str | None = None
    country: str | None = None
    explanation: str | None = None
    reporter_name: str | None = None
    reporter_email: str | None = None
    good_faith: bool = False
    flagger_token: str | None = None


def submit(comment_id: int, notice: Notice, ip: str | None) -> tuple[Report, bool]:
    """Store a reader's notice and commit; return it and whether it hid the comment."""
    comment = db.session.get(Comment, comment_id)
    # Only public comments can be reported; others do not exist as far as readers know.
    if comment is None or comment.status is not CommentStatus.APPROVED:
        raise APIError(404, "not_found", "No such comment.")
    open_from = _open_report_networks(comment.id)
    cap = current_app.config["REPORTS_PER_NETWORK"]
    if cap and open_from.count(clients.group(ip)) >= cap:
        raise APIError(409, "conflict", "This comment has been reported from your network "
                                        "already; moderators will see it.")
    flagger = flaggers.find(notice.flagger_token, notice.reporter_email)
    report = Report(comment_id=comment.id, category=notice.category, text=notice.text, ip=ip,
                    priority=notice.category in PRIORITY_CATEGORIES, law=notice.law,
                    country=notice.country, explanation=notice.explanation,
                    reporter_name=notice.reporter_name, reporter_email=notice.reporter_email,
                    good_faith=notice.good_faith,
                    flagger_id=flagger.id if flagger else None)
    db.session.add(report)
    db.session.flush()
    hidden = _hide_if_over_threshold(comment, {*open_from, clients.group(ip)})
    events.comment_reported.send(comment, report=report, hidden=hidden)
    events.notice_received.send(report, comment=comment)
    db.session.commit()
    return report, hidden


def _open_report_networks(comment_id: int) -> list[str]:
    # One entry per open report: the client it counts as (an IPv6 reader's /64).
    return [clients.group(ip) for ip in db.session.execute(
        sa.select(Report.ip).where(Report.comment_id == comment_id,
                                   Report.resolved_at.is_(None))).scalars()]


def _kept_by_moderator(comment_id: int) -> bool:
    return db.session.execute(
        sa.select(AuditEntry.id).where(AuditEntry.comment_id == comment_id,
                                       AuditEntry.action.in_(_KEPT_BY_MODERATOR)).limit(1)
    ).first() is not None


def _hide_if_over_threshold(comment: Comment, networks: set[str]) -> bool:
    threshold = current_app.config["REPORTS_HIDE_THRESHOLD"]
    reporters = len(networks)
    if not threshold or reporters < threshold or _kept_by_moderator(comment.id):
        return False
    comments.set_status(comment, CommentStatus.PENDING, actor=audit.SYSTEM,
                        reason_code=HIDE_REASON,
                        reason_text=f"{reporters} readers reported it")
    audit.decided(audit.record(audit.SYSTEM, "comment.hide", "comment", comment.id,
                               comment=comment, before={"status": CommentStatus.APPROVED.value},
                               after={"status": CommentStatus.PENDING.value},
                               reason_code=HIDE_REASON,
                               reason_text=f"{reporters} readers reported it"), comment)
    return True


def open_for(comment_id: int) -> list[Report]:
    """Return the comment's reports that no moderator has settled yet."""
    return list(db.session.execute(
        sa.select(Report).where(Report.comment_id == comment_id, Report.resolved_at.is_(None))
    ).scalars())


def resolve(reports: Sequence[Report]) -> None:
    """Mark reports settled by a moderator's decision, now."""
    now = utcnow()
    for report in reports:
        report.resolved_at = now


def for_comments(comment_ids: Sequence[int]) -> dict[int, list[Report]]:
    """Return every report of these comments, oldest first, grouped by comment."""
    grouped: dict[int, list[Report]] = {i: [] for i in comment_ids}
    if comment_ids:
        for report in db.session.execute(
            sa.select(Report).where(Report.comment_id.in_(comment_ids)).order_by(Report.id)
        ).scalars():
            grouped[report.comment_id].append(report)
    return grouped
