"""Reply notifications: a published reply becomes a notice, notices become throttled messages.

A reader subscribed to a thread (and whose address is confirmed) hears about replies to
their comments there once they are published, at once or when a moderator approves them;
never about held, spam or removed ones, never about their own. At most one message per
thread per MAIL_REPLY_THROTTLE_MINUTES: replies published meanwhile wait as notices and go
together in the next message, which the workers queue once the time has passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from .. import database
from ..extensions import db
from ..models import Comment, CommentStatus, Thread, utcnow
from ..models.mail import MailAddress, MailNotice, MailSubscription
from . import kinds, outbox

# A reply's text in a message is cut here; the link leads to the whole of it.
EXCERPT_CHARS = 1000


def on_created(comment: Comment, **_: object) -> None:
    """Notify about a reply published as soon as it was posted."""
    if comment.status is CommentStatus.APPROVED:
        published(comment)


def on_status_changed(comment: Comment, *, old: CommentStatus, new: CommentStatus,
                      **_: object) -> None:
    """Notify about a reply a moderator (or the screener) published."""
    if new is CommentStatus.APPROVED and old is not CommentStatus.APPROVED:
        published(comment)


def published(reply: Comment) -> MailNotice | None:
    """Record that a reply's parent's author is to hear about it; send now if due."""
    if reply.parent_id is None:
        return None
    parent = db.session.get(Comment, reply.parent_id)
    key = parent.email_key if parent is not None else None
    # Nobody hears about their own reply, under whatever capitalisation of the address.
    if not key or key == reply.email_key:
        return None
    # Locked: two replies approved at once must not both find the throttle open.
    subscription = db.session.execute(
        sa.select(MailSubscription).where(MailSubscription.email_key == key,
                                          MailSubscription.thread_id == reply.thread_id)
        .with_for_update()).scalar_one_or_none()
    if subscription is None or not _confirmed(key):
        return None
    # Approved again after a removal: it was announced (or is waiting) already.
    known = db.session.execute(sa.select(MailNotice.id).where(
        MailNotice.subscription_id == subscription.id,
        MailNotice.comment_id == reply.id)).first()
    if known:
        return None
    now = utcnow()
    notice = MailNotice(subscription_id=subscription.id, comment_id=reply.id, created_at=now)
    db.session.add(notice)
    db.session.flush()
    if _throttle_open(subscription, current_app.config, now):
        announce(subscription, now)
    return notice


def _confirmed(key: str) -> bool:
    return db.session.execute(sa.select(MailAddress.id).where(
        MailAddress.email_key == key, MailAddress.confirmed_at.is_not(None))).first() is not None


def _window(config: Mapping) -> timedelta:
    return timedelta(minutes=float(config["MAIL_REPLY_THROTTLE_MINUTES"]))


def _throttle_open(subscription: MailSubscription, config: Mapping, now: datetime) -> bool:
    last = subscription.last_notified_at
    return last is None or now - last >= _window(config)


def announce(subscription: MailSubscription, now: datetime) -> int:
    """Queue one message for the subscription's waiting notices; return how many it covers."""
    notices = list(db.session.execute(
        sa.select(MailNotice).where(MailNotice.subscription_id == subscription.id,
                                    MailNotice.message_id.is_(None))
        .order_by(MailNotice.comment_id)).scalars())
    address = db.session.execute(sa.select(MailAddress).where(
        MailAddress.email_key == subscription.email_key)).scalar_one_or_none()
    if not notices or address is None or address.confirmed_at is None:
        return 0
    message = outbox.enqueue(REPLY.name, address.email, subscription.locale, {
        "thread_id": subscription.thread_id,
        "comment_ids": [n.comment_id for n in notices]})
    for notice in notices:
        notice.message_id = message.id
    subscription.last_notified_at = now
    return len(notices)


def flush_due(config: Mapping, now: datetime | None = None) -> int:
    """Queue the messages whose throttle has passed, and commit; return how many."""
    now = now or utcnow()
    s, n = MailSubscription, MailNotice
    waiting = sa.select(n.id).where(n.subscription_id == s.id, n.message_id.is_(None)).exists()
    query = sa.select(s).where(waiting, sa.or_(s.last_notified_at.is_(None),
                                               s.last_notified_at <= now - _window(config)))
    # Looked for first without the write lock: every worker asks every second or so.
    database.begin_read()
    anything = db.session.execute(query.with_only_columns(s.id).limit(1)).first()
    db.session.rollback()
    if not anything:
        return 0
    database.begin_write()
    due = list(db.session.execute(
        query.order_by(s.id).with_for_update(of=s, skip_locked=True)).scalars())
    queued = sum(1 for subscription in due if announce(subscription, now))
    db.session.commit()
    return queued


def prepare(context: dict, message) -> dict | None:
    """Return the reply message's variables: the replies still public, the article."""
    thread = db.session.get(Thread, context["thread_id"])
    subscribed = db.session.execute(sa.select(MailSubscription.id).where(
        MailSubscription.email_key == message.to_key,
        MailSubscription.thread_id == context["thread_id"])).first()
    if thread is None or not subscribed or not _confirmed(message.to_key):
        return None  # unsubscribed or erased since it was queued
    found = db.session.execute(sa.select(Comment).where(
        Comment.id.in_(context["comment_ids"]),
        Comment.status == CommentStatus.APPROVED).order_by(Comment.id)).scalars()
    shown = [{"author": c.author, "text": _excerpt(c.body), "url": comment_url(thread, c.id)}
             for c in found]
    if not shown:
        return None  # every reply it announced was removed meanwhile
    # The replier's address is never among them: only the name they chose to show.
    return {"thread_id": thread.id, "title": thread.title or thread.key,
            "article_url": thread.url, "replies": shown}


def comment_url(thread: Thread, comment_id: int) -> str | None:
    """Return the link to a comment on its article (the widget's anchor), if it has a URL."""
    return f"{thread.url.split('#', 1)[0]}#margin-comment-{comment_id}" if thread.url else None


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"


REPLY = kinds.register(kinds.Kind("reply", "reply", kinds.Unsubscribe.THREAD, prepare))
