"""The mail outbox: queue a templated message in the caller's transaction.

`enqueue` is the one way any part of Margin sends email. The message is a row written in
the same transaction as the change that causes it, so it exists exactly when the change
does; the workers render and send it after the commit (service/mail/sender.py), retrying
what fails for a while. A new kind of message is a `kinds.register(Kind(...))` and its
templates (service/mail/templates/<template>.en.txt, .fr.txt, .en.html, .fr.html).
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import email_key, utcnow
from ..models.mail import MailMessage, MailStatus
from . import kinds, settings


def enqueue(kind: str, to: str, locale: str | None, context: dict, *,
            at: datetime | None = None, once: str | None = None) -> MailMessage:
    """Queue one message of a registered kind to an address; it is sent after the commit.

    `locale` is "en" or "fr" (anything else: MAIL_DEFAULT_LOCALE); `context` is plain JSON
    the kind's templates read (its `prepare` may look more up when the message is sent);
    `at` delays it; `once` names what the message is about ("statement_of_reasons:42"):
    a message already queued under that name to that address is returned, not queued
    again. Adds to `db.session`, never commits.
    """
    kinds.get(kind)  # a KeyError now rather than a message no worker can render
    address = str(to or "").strip()
    if "@" not in address:
        raise ValueError("a message needs an email address to go to")
    # Stored as JSON: anything else would fail at the commit, far from its cause.
    json.dumps(context)
    key = email_key(address)
    if once is not None:
        queued = db.session.execute(sa.select(MailMessage).where(
            MailMessage.once_key == once, MailMessage.to_key == key)).scalar_one_or_none()
        if queued is not None:
            return queued
    now = utcnow()
    message = MailMessage(kind=kind, to_address=address, to_key=key, once_key=once,
                          locale=settings.locale(locale, current_app.config),
                          context=dict(context), status=MailStatus.PENDING, attempts=0,
                          next_attempt_at=at or now, created_at=now)
    db.session.add(message)
    db.session.flush()
    return message
