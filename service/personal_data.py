"""Personal data by email address: export all of it, erase it; purge old client addresses."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from . import audit, comments, events, threads
from .extensions import db
from .models import Ban, BanKind, Comment, CommentRevision, CommentStatus, Report, utcnow
from .models.spam import SpamFeedback

if TYPE_CHECKING:
    from .tokens import Actor

ERASED_AUTHOR = "[erased]"
# The column is NOT NULL; an empty address matches nobody and shows nothing.
ERASED_EMAIL = ""


def subject_ref(email: str) -> str:
    """Return how the audit log names a person without keeping their address."""
    return "sha256:" + hashlib.sha256(email.lower().encode()).hexdigest()[:24]


def _comments_of(email: str) -> list[Comment]:
    return list(db.session.execute(
        sa.select(Comment).where(Comment.email == email.lower()).order_by(Comment.id)
    ).scalars())


def export(email: str, actor: Actor) -> dict:
    """Return everything stored about an address as plain data, and log the export."""
    rows = _comments_of(email)
    ids = [c.id for c in rows]
    revisions = db.session.execute(sa.select(CommentRevision).where(
        CommentRevision.comment_id.in_(ids)).order_by(CommentRevision.id)).scalars() if ids \
        else []
    bans = db.session.execute(sa.select(Ban).where(
        Ban.kind == BanKind.EMAIL, Ban.value == email.lower())).scalars()
    examples = db.session.execute(sa.select(SpamFeedback).where(
        SpamFeedback.email == email.lower()).order_by(SpamFeedback.id)).scalars()
    data = {
        "email": email,
        "exported_at": utcnow().isoformat(),
        "comments": [{
            "id": c.id, "thread": c.thread.key, "parent": c.parent_id, "author": c.author,
            "email": c.email, "website": c.website, "body": c.body, "status": c.status.value,
            "created_at": c.created_at.isoformat(),
            "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            "ip": c.ip, "user_agent": c.user_agent, "spam_score": c.spam_score,
        } for c in rows],
        "revisions": [{"comment": r.comment_id, "body": r.body,
                       "replaced_at": r.replaced_at.isoformat()} for r in revisions],
        "bans": [{"id": b.id, "created_at": b.created_at.isoformat(),
                  "expires_at": b.expires_at.isoformat() if b.expires_at else None}
                 for b in bans],
        "spam_filter_examples": [{"comment": f.comment_id, "label": f.label.value,
                                  "text": f.text, "website_domain": f.domain, "ip": f.ip,
                                  "created_at": f.created_at.isoformat()} for f in examples],
    }
    audit.record(actor, "personal_data.export", "person", subject_ref(email),
                 after={"comments": len(rows)})
    db.session.commit()
    return data


def erase(email: str, mode: str, actor: Actor) -> dict:
    """Erase an address from every comment and ban, anonymising or removing the comments."""
    rows = _comments_of(email)
    ids = [c.id for c in rows]
    for comment in rows:
        comment.author = ERASED_AUTHOR
        comment.email = ERASED_EMAIL
        comment.website = None
        comment.ip = None
        comment.user_agent = None
        # Reasons may quote the address or the domain it came from.
        comment.spam_reasons = []
        comment.abuse_reasons = []
        if mode == "remove":
            comments.set_status(comment, CommentStatus.DELETED, actor=actor.name,
                                reason_code="personal_data", reason_text="erased on request")
            comment.body = ""
            comment.html = ""
    if mode == "remove" and ids:
        db.session.execute(sa.delete(CommentRevision).where(CommentRevision.comment_id.in_(ids)))
        db.session.execute(sa.update(Report).where(Report.comment_id.in_(ids))
                           .values(text=None))
    bans = db.session.execute(sa.delete(Ban).where(
        Ban.kind == BanKind.EMAIL, Ban.value == email.lower())).rowcount
    # The spam filter's labelled examples keep who sent them for reputation; the text
    # stays to train on unless the comments themselves are removed.
    forget = {"email": None, "domain": None, "ip": None}
    if mode == "remove":
        forget["text"] = ""
    db.session.execute(sa.update(SpamFeedback).where(
        sa.or_(SpamFeedback.email == email.lower(), SpamFeedback.comment_id.in_(ids)))
        .values(**forget).execution_options(synchronize_session=False))
    for thread_id in {c.thread_id for c in rows}:
        # Anonymised comments show a new author name: every listing must refresh.
        threads.bump(thread_id)
    events.personal_data_erased.send(None, email=email, mode=mode, comment_ids=ids)
    result = {"comments": len(rows), "mode": mode, "bans": bans}
    audit.record(actor, "personal_data.erase", "person", subject_ref(email), after=result,
                 reason_code="personal_data")
    db.session.commit()
    return result


def purge_addresses(days: int) -> dict:
    """Erase client addresses older than `days` from every table that keeps them, and commit."""
    cutoff = utcnow() - timedelta(days=days)
    purged_comments = db.session.execute(
        sa.update(Comment).where(Comment.created_at < cutoff, Comment.ip.is_not(None))
        .values(ip=None).execution_options(synchronize_session=False)).rowcount
    purged_reports = db.session.execute(
        sa.update(Report).where(Report.created_at < cutoff, Report.ip.is_not(None))
        .values(ip=None).execution_options(synchronize_session=False)).rowcount
    purged_examples = db.session.execute(
        sa.update(SpamFeedback).where(SpamFeedback.created_at < cutoff,
                                      SpamFeedback.ip.is_not(None))
        .values(ip=None).execution_options(synchronize_session=False)).rowcount
    result = {"comments": purged_comments, "reports": purged_reports,
              "spam_filter_examples": purged_examples, "days": days}
    audit.record(audit.SYSTEM, "personal_data.purge", "ip", None, after=result)
    db.session.commit()
    return result
