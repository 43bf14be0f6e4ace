"""Moderators' alerts: at once for a child-safety report or a comment hidden by readers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import Comment, Report, ReportCategory, Thread
from . import kinds, outbox, replies, settings


def on_reported(comment: Comment, *, report: Report, hidden: bool, **_: object) -> int:
    """Alert the moderators about an urgent report; return how many messages were queued."""
    config = current_app.config
    to = settings.recipients(config["MAIL_MODERATOR_ALERTS"])
    if not to:
        return 0
    if report.category is ReportCategory.CHILD_SAFETY:
        kind = CHILD_SAFETY
    elif hidden:
        kind = HIDDEN
    else:
        return 0
    # Ids only: the text of a reported comment stays in the console, out of inboxes.
    context = {"comment_id": comment.id, "report_id": report.id, "hidden": hidden}
    for address in to:
        outbox.enqueue(kind.name, address, config["MAIL_DEFAULT_LOCALE"], context)
    return len(to)


def prepare(context: dict, _message) -> dict | None:
    """Return an alert's variables: the article, the comment's standing, the report count."""
    comment = db.session.get(Comment, context["comment_id"])
    if comment is None:
        return None
    thread = db.session.get(Thread, comment.thread_id)
    reports = db.session.execute(sa.select(sa.func.count(Report.id)).where(
        Report.comment_id == comment.id, Report.resolved_at.is_(None))).scalar_one()
    return {"comment_id": comment.id, "status": comment.status.value,
            "hidden": bool(context.get("hidden")), "open_reports": reports,
            "title": thread.title or thread.key, "thread_key": thread.key,
            "comment_url": replies.comment_url(thread, comment.id)}


CHILD_SAFETY = kinds.register(kinds.Kind("alert.child_safety", "alert_child_safety",
                                         kinds.Unsubscribe.NONE, prepare))
HIDDEN = kinds.register(kinds.Kind("alert.hidden", "alert_hidden", kinds.Unsubscribe.NONE,
                                   prepare))
