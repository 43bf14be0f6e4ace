"""Personal data by email address: export all of it, erase it; purge old client addresses."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from datetime import timedelta

import sqlalchemy as sa

from .. import clients, comments, events, threads
from ..extensions import db
from ..mail import subscriptions as mail_subscriptions
from ..models import (
    Ban,
    BanKind,
    Comment,
    CommentRevision,
    CommentStatus,
    Report,
    email_key,
    utcnow,
)
from ..models.spam import SpamFeedback
from . import audit
from .actor import Actor

ERASED_AUTHOR = "[erased]"
# The column is NOT NULL; an empty address matches nobody and shows nothing.
ERASED_EMAIL = ""
# What a ban note says where it named an erased person.
ERASED_MENTION = "[erased]"
# Shorter author names are too likely to be part of other words or other people's names.
_NAME_MIN_LENGTH = 3


def subject_ref(email: str) -> str:
    """Return how the audit log names a person without keeping their address."""
    return "sha256:" + hashlib.sha256(email_key(email).encode()).hexdigest()[:24]


def _comments_of(email: str) -> list[Comment]:
    return list(db.session.execute(
        sa.select(Comment).where(Comment.email_key == email_key(email)).order_by(Comment.id)
    ).scalars())


def _bans_of(email: str, rows: list[Comment]) -> list[Ban]:
    """Return the bans on this address and on the single clients its comments came from."""
    # A network ban wider than one client (a /24, a /48) covers others and names nobody.
    clients_seen = set()
    for comment in rows:
        address = clients.canonical(comment.ip)
        if address:
            parsed = ipaddress.ip_address(address)
            clients_seen.add(str(clients.ban_network(parsed)))
            clients_seen.add(str(ipaddress.ip_network(parsed)))
    whose = sa.and_(Ban.kind == BanKind.EMAIL, Ban.value == email_key(email))
    if clients_seen:
        whose = sa.or_(whose, sa.and_(Ban.kind == BanKind.IP,
                                      Ban.value.in_(sorted(clients_seen))))
    return list(db.session.execute(sa.select(Ban).where(whose).order_by(Ban.id)).scalars())


def _forget_in_notes(email: str, rows: list[Comment]) -> int:
    """Replace the address and its authors' names in every ban note; return notes changed."""
    names = {c.author for c in rows if len(c.author.strip()) >= _NAME_MIN_LENGTH}
    mentions = [re.escape(email.strip())]
    mentions += [rf"(?<!\w){re.escape(name.strip())}(?!\w)" for name in names]
    pattern = re.compile("|".join(mentions), re.IGNORECASE)
    changed = 0
    for ban in db.session.execute(sa.select(Ban).where(Ban.note.is_not(None))).scalars():
        note = pattern.sub(ERASED_MENTION, ban.note)
        if note != ban.note:
            ban.note = note
            changed += 1
    return changed


def _notices_by(email: str):
    """Return the condition for the notices this address made as their reporter."""
    return sa.func.lower(Report.reporter_email) == email.strip().lower()


def export(email: str, actor: Actor) -> dict:
    """Return everything stored about an address as plain data, and log the export."""
    rows = _comments_of(email)
    ids = [c.id for c in rows]
    revisions = db.session.execute(sa.select(CommentRevision).where(
        CommentRevision.comment_id.in_(ids)).order_by(CommentRevision.id)).scalars() if ids \
        else []
    bans = _bans_of(email, rows)
    examples = db.session.execute(sa.select(SpamFeedback).where(
        SpamFeedback.email == email_key(email)).order_by(SpamFeedback.id)).scalars()
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
        "bans": [{"id": b.id, "kind": b.kind.value, "value": b.value, "note": b.note,
                  "created_at": b.created_at.isoformat(),
                  "expires_at": b.expires_at.isoformat() if b.expires_at else None}
                 for b in bans],
        "notices": [{"id": r.id, "comment": r.comment_id, "category": r.category.value,
                     "text": r.text, "law": r.law, "country": r.country,
                     "explanation": r.explanation, "reporter_name": r.reporter_name,
                     "reporter_email": r.reporter_email,
                     "created_at": r.created_at.isoformat()}
                    for r in db.session.execute(sa.select(Report).where(
                        _notices_by(email)).order_by(Report.id)).scalars()],
        "spam_filter_examples": [{"comment": f.comment_id, "label": f.label.value,
                                  "text": f.text, "website_domain": f.domain, "ip": f.ip,
                                  "created_at": f.created_at.isoformat()} for f in examples],
        "email_subscriptions": mail_subscriptions.export(email),
    }
    audit.record(actor, "personal_data.export", "person", subject_ref(email),
                 after={"comments": len(rows)})
    db.session.commit()
    return data


def erase(email: str, mode: str, actor: Actor) -> dict:
    """Erase an address from every comment and ban, anonymising or removing the comments."""
    rows = _comments_of(email)
    ids = [c.id for c in rows]
    # Before the comments lose the names and addresses that find them.
    personal_bans = _bans_of(email, rows)
    notes = _forget_in_notes(email, rows)
    for comment in rows:
        comment.author = ERASED_AUTHOR
        comment.email = ERASED_EMAIL
        comment.email_key = ERASED_EMAIL
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
    # Notices this person made stay (moderators decided on them), without who made them.
    db.session.execute(sa.update(Report).where(_notices_by(email)).values(
        reporter_email=None, reporter_name=None).execution_options(synchronize_session=False))
    for ban in personal_bans:
        db.session.delete(ban)
    bans = len(personal_bans)
    # The spam filter's labelled examples keep who sent them for reputation; the text
    # stays to train on unless the comments themselves are removed.
    forget = {"email": None, "domain": None, "ip": None}
    if mode == "remove":
        forget["text"] = ""
    db.session.execute(sa.update(SpamFeedback).where(
        sa.or_(SpamFeedback.email == email_key(email), SpamFeedback.comment_id.in_(ids)))
        .values(**forget).execution_options(synchronize_session=False))
    for thread_id in {c.thread_id for c in rows}:
        # Anonymised comments show a new author name: every listing must refresh.
        threads.bump(thread_id)
    events.personal_data_erased.send(None, email=email, mode=mode, comment_ids=ids)
    result = {"comments": len(rows), "mode": mode, "bans": bans}
    audit.record(actor, "personal_data.erase", "person", subject_ref(email),
                 after={**result, "ban_notes": notes}, reason_code="personal_data")
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
    events.client_addresses_purged.send(None, before=cutoff)
    purged_examples = db.session.execute(
        sa.update(SpamFeedback).where(SpamFeedback.created_at < cutoff,
                                      SpamFeedback.ip.is_not(None))
        .values(ip=None).execution_options(synchronize_session=False)).rowcount
    result = {"comments": purged_comments, "reports": purged_reports,
              "spam_filter_examples": purged_examples, "days": days}
    audit.record(audit.SYSTEM, "personal_data.purge", "ip", None, after=result)
    db.session.commit()
    return result
