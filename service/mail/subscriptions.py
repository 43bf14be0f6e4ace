"""Readers' subscriptions: asked for with a comment, confirmed once per address (double
opt-in), ended by a signed link; exported and erased with the rest of a person's data."""

from __future__ import annotations

import enum
import secrets
from collections.abc import Mapping
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Comment, CommentStatus, Thread, email_key, utcnow
from ..models.mail import MailAddress, MailMessage, MailStatus, MailSubscription
from . import kinds, links, outbox, settings

# A confirmation is sent at most this often to one address, however often a form names
# it: nobody can flood someone else's inbox by ticking the box with their address.
CONFIRM_RESEND_AFTER = timedelta(hours=24)
ERASED_ADDRESS = ""


class Outcome(enum.StrEnum):
    """What following a link did."""

    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"  # used before: the address stays confirmed
    REPLACED = "replaced"  # a newer link was sent, or the address was forgotten
    UNSUBSCRIBED = "unsubscribed"
    NOTHING_TO_UNSUBSCRIBE = "nothing_to_unsubscribe"  # used before


def on_created(comment: Comment, *, notify_replies: bool = False, **_: object) -> None:
    """Store the author's wish to hear about replies; spam asks for nothing."""
    if notify_replies and comment.email_key and comment.status is not CommentStatus.SPAM:
        subscribe(comment.email, comment.thread_id, comment.locale)


def subscribe(email: str, thread_id: int, locale: str | None) -> MailSubscription:
    """Subscribe an address to replies on a thread, asking it to confirm if it has not."""
    config = current_app.config
    key = email_key(email)
    chosen = settings.locale(locale, config)
    address = _get_or_add(MailAddress, {"email_key": key},
                          {"email": email.strip(), "created_at": utcnow()})
    address.email = email.strip()
    subscription = _get_or_add(MailSubscription, {"email_key": key, "thread_id": thread_id},
                               {"locale": chosen, "created_at": utcnow()})
    subscription.locale = chosen
    now = utcnow()
    if address.confirmed_at is None and (
            address.confirm_sent_at is None
            or now - address.confirm_sent_at >= CONFIRM_RESEND_AFTER):
        address.confirm_nonce = secrets.token_urlsafe(16)
        address.confirm_sent_at = now
        outbox.enqueue(CONFIRM.name, address.email, chosen, {"nonce": address.confirm_nonce})
    return subscription


def _get_or_add(model, keys: dict, values: dict):
    """Return the row with these keys, adding it if missing (another writer may race us)."""
    query = sa.select(model).filter_by(**keys).with_for_update()
    row = db.session.execute(query).scalar_one_or_none()
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = model(**keys, **values)
            db.session.add(row)
    except IntegrityError:
        # Added by a concurrent request between our look and our insert.
        row = db.session.execute(query).scalar_one()
    return row


def confirm(config: Mapping, token: str) -> tuple[Outcome, str]:
    """Confirm the address a link names; return what happened and the page's language."""
    link = links.read_confirm(config, token)
    address = db.session.get(MailAddress, link.address_id, with_for_update=True)
    if address is not None and address.confirm_nonce == link.nonce:
        address.confirmed_at = utcnow()
        address.confirm_nonce = None
        outcome = Outcome.CONFIRMED
    elif address is not None and address.confirmed_at is not None:
        outcome = Outcome.ALREADY_CONFIRMED
    else:
        outcome = Outcome.REPLACED
    db.session.commit()
    return outcome, link.locale


def unsubscribe(config: Mapping, token: str) -> tuple[Outcome, links.Unsubscribe]:
    """End the subscription a link names (a thread, or all of them); commit."""
    link = links.read_unsubscribe(config, token)
    address = db.session.get(MailAddress, link.address_id, with_for_update=True)
    ended = 0
    if address is not None:  # None: erased since
        query = sa.delete(MailSubscription).where(
            MailSubscription.email_key == address.email_key)
        if link.thread_id is not None:
            query = query.where(MailSubscription.thread_id == link.thread_id)
        ended = db.session.execute(query).rowcount
        if link.thread_id is None and (address.confirmed_at or address.confirm_nonce):
            # Everything: the address must be confirmed again before anything else is
            # sent, and a new tick of the box may ask for that at once.
            address.confirmed_at = address.confirm_nonce = address.confirm_sent_at = None
            ended += 1
    db.session.commit()
    return (Outcome.UNSUBSCRIBED if ended else Outcome.NOTHING_TO_UNSUBSCRIBE), link


def export(email: str) -> list[dict]:
    """Return an address's subscriptions and confirmation, as plain data."""
    key = email_key(email)
    address = db.session.execute(sa.select(MailAddress).where(
        MailAddress.email_key == key)).scalar_one_or_none()
    rows = db.session.execute(
        sa.select(MailSubscription, Thread.key)
        .join(Thread, Thread.id == MailSubscription.thread_id)
        .where(MailSubscription.email_key == key).order_by(MailSubscription.id)).all()
    confirmed = address.confirmed_at.isoformat() if address and address.confirmed_at else None
    return [{"thread": thread_key, "language": sub.locale, "confirmed_at": confirmed,
             "created_at": sub.created_at.isoformat(),
             "last_notified_at": sub.last_notified_at.isoformat()
             if sub.last_notified_at else None} for sub, thread_key in rows]


def on_personal_data_erased(_sender, *, email: str, **_: object) -> None:
    """Forget an address: its subscriptions, its confirmation, mail not yet sent to it."""
    erase(email)


def erase(email: str) -> int:
    """Remove an address's subscriptions and unsent mail; blank it in the delivery log."""
    key = email_key(email)
    removed = db.session.execute(
        sa.delete(MailSubscription).where(MailSubscription.email_key == key)).rowcount
    db.session.execute(sa.delete(MailAddress).where(MailAddress.email_key == key))
    removed += db.session.execute(sa.delete(MailMessage).where(
        MailMessage.to_key == key, MailMessage.status == MailStatus.PENDING)).rowcount
    # What was sent stays in the log (that it went, and how), without whom it went to.
    db.session.execute(sa.update(MailMessage).where(MailMessage.to_key == key).values(
        to_address=ERASED_ADDRESS, to_key=ERASED_ADDRESS, context={}))
    return removed


def prepare_confirm(context: dict, message) -> dict | None:
    """Return the confirmation's variables, unless this link is no longer the one."""
    address = db.session.execute(sa.select(MailAddress).where(
        MailAddress.email_key == message.to_key)).scalar_one_or_none()
    if address is None or address.confirm_nonce != context["nonce"]:
        return None  # confirmed, replaced or erased since
    return {"confirm_url": links.confirm_url(current_app.config, address.id,
                                             context["nonce"], message.locale)}


CONFIRM = kinds.register(kinds.Kind("confirm", "confirm", kinds.Unsubscribe.ALL,
                                    prepare_confirm))
