"""The moderators' daily digest of the queue, sent once a day whatever the number of workers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .. import database
from ..extensions import db
from ..models import Comment, CommentStatus, Report, utcnow
from ..models.mail import MailDigest
from . import kinds, outbox, settings


@dataclass(frozen=True)
class Queue:
    """What waits for moderators."""

    held: int
    reported: int
    oldest: datetime | None

    @property
    def empty(self) -> bool:
        """Tell whether there is nothing to decide."""
        return not (self.held or self.reported)


def queue() -> Queue:
    """Count held comments and comments with open reports; find the oldest held one."""
    held, oldest = db.session.execute(
        sa.select(sa.func.count(Comment.id), sa.func.min(Comment.created_at))
        .where(Comment.status == CommentStatus.PENDING)).one()
    reported = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Report.comment_id)))
        .where(Report.resolved_at.is_(None))).scalar_one()
    if oldest is not None and oldest.tzinfo is None:
        # An aggregate comes back without the column's type on some backends.
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    return Queue(held, reported, oldest)


def run_if_due(config: Mapping, now: datetime | None = None) -> int | None:
    """Make today's digest if its hour has come and no worker made it; None if not due."""
    hour = config["MAIL_DIGEST_HOUR"]
    now = now or utcnow()
    if hour is None or now.hour < hour or not settings.recipients(
            config["MAIL_MODERATOR_ALERTS"]):
        return None
    database.begin_read()
    done = db.session.get(MailDigest, now.date())
    db.session.rollback()
    if done is not None:
        return None
    return make(config, now.date())


def make(config: Mapping, day: date, *, force: bool = False) -> int | None:
    """Claim the day and queue a digest to every moderator if the queue is not empty; commit.

    Returns the number of messages queued, or None when another worker claimed the day
    first (with force, a digest is queued even so: `margin mail digest --force`).
    """
    database.begin_write()
    try:
        # The day's row is the claim: the primary key lets one worker in, however many try.
        with db.session.begin_nested():
            claim = MailDigest(day=day, created_at=utcnow(), messages=0)
            db.session.add(claim)
    except IntegrityError:
        if not force:
            db.session.rollback()
            return None
        claim = db.session.get(MailDigest, day)
    found = queue()
    sent = 0
    if not found.empty:
        context = {"held": found.held, "reported": found.reported, "day": day.isoformat(),
                   "oldest": found.oldest.isoformat() if found.oldest else None}
        for address in settings.recipients(config["MAIL_MODERATOR_ALERTS"]):
            outbox.enqueue(DIGEST.name, address, config["MAIL_DEFAULT_LOCALE"], context)
            sent += 1
    claim.messages += sent
    db.session.commit()
    return sent


def prepare(context: dict, _message) -> dict:
    """Return the digest's variables as counted when it was made."""
    oldest = datetime.fromisoformat(context["oldest"]) if context.get("oldest") else None
    return {**context, "oldest": oldest.strftime("%Y-%m-%d %H:%M UTC") if oldest else None}


DIGEST = kinds.register(kinds.Kind("digest", "digest", kinds.Unsubscribe.NONE, prepare))
