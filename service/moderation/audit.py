"""The audit log: every moderator, admin and automatic decision, appended, never changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from .. import events, paging
from ..extensions import db
from ..models import AuditEntry, Comment, CommentStatus
from .actor import Actor

SYSTEM = "system"
# Decisions that restrict a comment: each is a statement of reasons (DSA Art. 17) owed to
# its author.
STATEMENT_ACTIONS = frozenset({"comment.reject", "comment.spam", "comment.delete",
                               "comment.hide", "comment.edit", "filter.spam", "filter.hold"})
# Holding a comment of a pre-moderated thread decides nothing about it; undoing an edit on
# a complaint gives the author back their text.
NOT_A_STATEMENT = frozenset({"premoderation", "appeal"})
SPAM_FILTER = "spam-filter"
# The abuse screener's holds (service/abuse uses the same name).
ABUSE_FILTER = "abuse-filter"


def record(actor: Actor | str | None, action: str, target_type: str,
           target_id: object = None, *, comment: Comment | None = None,
           thread_id: int | None = None, before: dict | None = None,
           after: dict | None = None, reason_code: str | None = None,
           reason_text: str | None = None) -> AuditEntry:
    """Add an entry to the session, inside the caller's transaction."""
    if actor is None or isinstance(actor, str):
        token_id, account_id, name = None, None, actor or SYSTEM
    else:
        token_id, account_id, name = actor.token_id, actor.account_id, actor.name
    entry = AuditEntry(
        token_id=token_id, account_id=account_id, actor=name, action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        comment_id=comment.id if comment is not None else None,
        thread_id=comment.thread_id if comment is not None else thread_id,
        before=before, after=after, reason_code=reason_code, reason_text=reason_text,
    )
    db.session.add(entry)
    return entry


def decided(entry: AuditEntry, comment: Comment) -> AuditEntry:
    """Issue the statement of reasons a recorded decision owes, once its notices are linked."""
    if is_statement(entry):
        db.session.flush()  # the statement's id goes into the author's complaint link
        events.statement_issued.send(entry, comment=comment,
                                     tell_author=_tell_author(entry, comment))
    return entry


def is_statement(entry: AuditEntry) -> bool:
    """Tell whether an entry restricted a comment: a statement of reasons is owed."""
    # Settling reports on an already restricted comment restricts nothing new.
    return (entry.action in STATEMENT_ACTIONS and entry.reason_code not in NOT_A_STATEMENT
            and (entry.before or {}).get("status") != (entry.after or {}).get("status", "-"))


def _tell_author(entry: AuditEntry, comment: Comment) -> bool:
    # A filter's hold waits for a person, whose decision is then told; the widget has
    # already said the comment awaits moderation. Sites may write at the hold too.
    if entry.action == "filter.hold" and not current_app.config["STATEMENTS_FOR_HOLDS"]:
        return False
    # Many sites do not write to spammers: spam scored above the setting goes unsaid.
    limit = current_app.config["STATEMENTS_SPAM_SCORE_MAX"]
    spam = entry.action in ("filter.spam", "comment.spam")
    return not (spam and limit is not None and comment.spam_score > limit)


def on_comment_created(comment: Comment, **_: object) -> None:
    """Record the filter's decision when it did not simply publish a comment."""
    if comment.status is CommentStatus.APPROVED:
        return
    action = "filter.spam" if comment.status is CommentStatus.SPAM else "filter.hold"
    reasons = sorted(comment.spam_reasons or [], key=lambda r: -abs(r.get("weight", 0)))
    # Below the hold threshold the score did not hold it: the abuse screener or
    # pre-moderation did.
    if comment.spam_score >= current_app.config["SPAM_THRESHOLD_LOW"]:
        code = reasons[0]["code"][:40] if reasons else "spam_score"
    elif comment.abuse_hold and comment.status is CommentStatus.PENDING:
        record_abuse_hold(comment)
        return
    else:
        code = "premoderation"
    decided(record(SPAM_FILTER, action, "comment", comment.id, comment=comment,
                   after={"status": comment.status.value, "spam_score": comment.spam_score},
                   reason_code=code, reason_text=", ".join(r["code"] for r in reasons) or None),
            comment)


def record_abuse_hold(comment: Comment, source: str = "local") -> AuditEntry:
    """Record that the abuse screener held a comment, naming its reasons."""
    stored = comment.abuse_reasons or []
    if source == "local":
        reasons = [r for r in stored if r.get("weight", 0) > 0]
    else:
        reasons = [r for r in stored if r.get("code") == "external"][-1:]
    text = "; ".join(r["message"] for r in reasons) or "abuse score"
    return decided(record(ABUSE_FILTER, "filter.hold", "comment", comment.id, comment=comment,
                          after={"status": comment.status.value,
                                 "abuse_score": comment.abuse_score, "screener": source},
                          reason_code=comment.abuse_hold, reason_text=text[:2000]), comment)


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the audit listing; None means any."""

    action: str | None = None
    actor: str | None = None
    token_id: int | None = None
    account_id: int | None = None
    comment_id: int | None = None
    thread_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_entries(q: AuditQuery, *, limit: int,
                 cursor: str | None) -> tuple[list[AuditEntry], str | None]:
    """Return a page of entries, newest first, and the cursor of the next page."""
    query = sa.select(AuditEntry)
    if q.action:
        # "comment" matches every comment.* action; "comment.approve" only itself.
        query = query.where(sa.or_(AuditEntry.action == q.action,
                                   AuditEntry.action.startswith(q.action + ".")))
    for column, value in ((AuditEntry.actor, q.actor), (AuditEntry.token_id, q.token_id),
                          (AuditEntry.account_id, q.account_id),
                          (AuditEntry.comment_id, q.comment_id),
                          (AuditEntry.thread_id, q.thread_id)):
        if value is not None:
            query = query.where(column == value)
    if q.since:
        query = query.where(AuditEntry.created_at >= q.since)
    if q.until:
        query = query.where(AuditEntry.created_at < q.until)
    return paging.by_id(query, AuditEntry.id, limit=limit, cursor=cursor)
