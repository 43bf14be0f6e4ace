"""Moderators' decisions on comments and threads, each one recorded in the audit log."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from .. import comments, events, rendering, threads
from ..error_shape import APIError
from ..extensions import db
from ..models import (
    AuditEntry,
    Comment,
    CommentRevision,
    CommentStatus,
    ModerationMode,
    Thread,
    utcnow,
)
from . import audit, reports
from .actor import Actor

# A statement of reasons names the ground of a decision; these codes group them for
# transparency reports (DSA Art. 17 and 24).
REASON_CODES = (
    "spam", "off_topic", "harassment", "hate_speech", "illegal_content", "child_safety",
    "personal_data", "misinformation", "terms_violation", "duplicate", "reader_reports",
    "other",
)
REASON_TEXT_MAX = 2000

ACTIONS = ("approve", "reject", "spam", "ham", "delete", "restore")
_TARGETS = {
    "approve": CommentStatus.APPROVED,
    "reject": CommentStatus.REJECTED,
    "spam": CommentStatus.SPAM,
    "ham": CommentStatus.APPROVED,
    "delete": CommentStatus.DELETED,
}
_LABELS = {"spam": "spam", "ham": "ham"}


def get_comment(comment_id: int) -> Comment:
    """Return the comment with this id, or raise a 404."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise APIError(404, "not_found", "No such comment.")
    return comment


def decide(comment_id: int, action: str, actor: Actor, *, reason_code: str | None = None,
           reason_text: str | None = None) -> tuple[Comment, bool]:
    """Apply one action to one comment and commit; return it and whether anything changed."""
    comment = get_comment(comment_id)
    changed = apply(comment, action, actor, reason_code=reason_code, reason_text=reason_text)
    db.session.commit()
    return comment, changed


def bulk(ids: Sequence[int], action: str, actor: Actor, *, reason_code: str | None = None,
         reason_text: str | None = None) -> list[tuple[Comment, bool]]:
    """Apply one action to many comments in one transaction: all of them or none."""
    wanted = list(dict.fromkeys(ids))
    found = {c.id: c for c in db.session.execute(
        sa.select(Comment).where(Comment.id.in_(wanted))).scalars()}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise APIError(404, "not_found", "Some comments do not exist; nothing was changed.",
                       {"ids": [f"No such comment: {', '.join(map(str, missing))}."]})
    results = [(found[i], apply(found[i], action, actor, reason_code=reason_code,
                                reason_text=reason_text)) for i in wanted]
    db.session.commit()
    return results


def apply(comment: Comment, action: str, actor: Actor, *, reason_code: str | None = None,
          reason_text: str | None = None) -> bool:
    """Apply an action inside the caller's transaction; False when nothing changed."""
    target = _restored_status(comment) if action == "restore" else _TARGETS[action]
    open_reports = reports.open_for(comment.id)
    # Deciding on a reported comment settles its reports even when the status stays.
    if comment.status is target and not open_reports:
        return False
    before = comment.status
    changed = comments.set_status(comment, target, actor=actor.name, reason_code=reason_code,
                                  reason_text=reason_text)
    if changed and action in _LABELS:
        events.comment_classified.send(comment, label=_LABELS[action], actor=actor.name)
    reports.resolve(open_reports)
    entry = audit.record(actor, f"comment.{action}", "comment", comment.id, comment=comment,
                         before={"status": before.value}, after={"status": target.value},
                         reason_code=reason_code, reason_text=reason_text)
    if open_reports:
        db.session.flush()  # the decision's id goes into a reporter's complaint link
        for report in open_reports:
            report.decision_id = entry.id
            events.notice_decided.send(report, decision=entry,
                                       acted=target is not CommentStatus.APPROVED)
    audit.decided(entry, comment)
    return True


def _restored_status(comment: Comment) -> CommentStatus:
    if comment.status is not CommentStatus.DELETED:
        return comment.status
    # The status before the latest deletion; approved when nobody recorded one.
    before = db.session.execute(
        sa.select(AuditEntry.before)
        .where(AuditEntry.comment_id == comment.id, AuditEntry.action == "comment.delete")
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    status = (before or {}).get("status")
    if status in (None, CommentStatus.DELETED.value):
        return CommentStatus.APPROVED
    return CommentStatus(status)


def edit(comment_id: int, body: str, actor: Actor, *, reason_code: str | None = None,
         reason_text: str | None = None) -> tuple[Comment, bool]:
    """Replace a comment's text, keeping the old one in its history, and commit."""
    comment = get_comment(comment_id)
    changed = revise(comment, body, actor, reason_code=reason_code, reason_text=reason_text)
    if changed:
        db.session.commit()
    return comment, changed


def revise(comment: Comment, body: str, actor: Actor, *, reason_code: str | None = None,
           reason_text: str | None = None) -> bool:
    """Replace a comment's text inside the caller's transaction; False when it is the same."""
    if body == comment.body:
        return False
    revision = CommentRevision(comment_id=comment.id, body=comment.body, html=comment.html,
                               token_id=actor.token_id, actor=actor.name)
    db.session.add(revision)
    comment.body = body
    comment.html = rendering.render(body)
    comment.edited_at = utcnow()
    db.session.flush()
    threads.bump(comment.thread_id)
    audit.decided(audit.record(actor, "comment.edit", "comment", comment.id, comment=comment,
                               before={"revision": revision.id},
                               after={"edited_at": comment.edited_at.isoformat()},
                               reason_code=reason_code, reason_text=reason_text), comment)
    return True


def get_thread(thread_id: int) -> Thread:
    """Return the thread with this id, or raise a 404."""
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise APIError(404, "not_found", "No such thread.")
    return thread


_UNSET = object()


def configure_thread(thread_id: int, actor: Actor, *, closed: bool | None = None,
                     moderation: ModerationMode | object | None = _UNSET,
                     reason_code: str | None = None,
                     reason_text: str | None = None) -> tuple[Thread, bool]:
    """Close or reopen a thread or set its moderation mode, and commit."""
    thread = get_thread(thread_id)
    before = _thread_settings(thread)
    if closed is not None:
        thread.closed = closed
    if moderation is not _UNSET:
        thread.moderation = moderation
    after = _thread_settings(thread)
    if after == before:
        return thread, False
    db.session.flush()
    # The listing shows whether a thread is closed, so its ETag must change.
    threads.bump(thread.id)
    audit.record(actor, "thread.update", "thread", thread.id, thread_id=thread.id,
                 before=before, after=after, reason_code=reason_code, reason_text=reason_text)
    db.session.commit()
    db.session.refresh(thread)
    return thread, True


def _thread_settings(thread: Thread) -> dict:
    return {"closed": bool(thread.closed),
            "moderation": thread.moderation.value if thread.moderation else None}


def find_threads(key: str | None, *, limit: int) -> list[Thread]:
    """Return threads whose key contains the given text (all when None), newest first."""
    query = sa.select(Thread)
    if key:
        query = query.where(Thread.key.contains(key, autoescape=True))
    return list(db.session.execute(query.order_by(Thread.id.desc()).limit(limit)).scalars())


def search_threads(text: str | None, *, limit: int) -> list[Thread]:
    """Return threads whose key or title contains the text (all when None), newest first."""
    query = sa.select(Thread)
    if text:
        query = query.where(sa.or_(Thread.key.contains(text, autoescape=True),
                                   Thread.title.icontains(text, autoescape=True)))
    return list(db.session.execute(query.order_by(Thread.id.desc()).limit(limit)).scalars())
