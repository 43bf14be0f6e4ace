"""Managing webhook endpoints: create, change, rotate, pause, test, replay, read the log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app

from .. import audit, comments
from ..errors import APIError
from ..extensions import db
from ..models import (
    EndpointStatus,
    MessageStatus,
    WebhookAttempt,
    WebhookEndpoint,
    WebhookMessage,
    utcnow,
)
from . import outbox, signing, urls

if TYPE_CHECKING:
    from ..tokens import Actor

_FIELDS = ("url", "description", "events", "include_personal_data")


def get(endpoint_id: int) -> WebhookEndpoint:
    """Return the endpoint with this id, or raise a 404."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise APIError(404, "not_found", "No such webhook endpoint.")
    return endpoint


def list_all() -> list[WebhookEndpoint]:
    """Return every endpoint, oldest first."""
    return list(db.session.execute(
        sa.select(WebhookEndpoint).order_by(WebhookEndpoint.id)).scalars())


def check_url(url: str) -> None:
    """Raise a 400 naming the url field when the URL must not be called."""
    try:
        urls.check(url, allow_private=current_app.config["WEBHOOKS_ALLOW_PRIVATE"])
    except urls.UnsafeURL as e:
        raise APIError(400, "validation_failed", "The request has invalid fields.",
                       {"url": [str(e)]}) from None


def create(actor: Actor, *, url: str, events: list[str], description: str | None = None,
           include_personal_data: bool = False) -> WebhookEndpoint:
    """Add an endpoint with a fresh secret and commit."""
    check_url(url)
    endpoint = WebhookEndpoint(url=url, events=sorted(set(events)), description=description,
                               include_personal_data=include_personal_data,
                               status=EndpointStatus.ACTIVE, secret=signing.new_secret())
    db.session.add(endpoint)
    db.session.flush()
    audit.record(actor, "webhook.create", "webhook", endpoint.id, after=_settings(endpoint))
    db.session.commit()
    return endpoint


def update(endpoint_id: int, actor: Actor, changes: dict) -> WebhookEndpoint:
    """Change an endpoint's URL, events, description or personal-data setting; commit."""
    endpoint = get(endpoint_id)
    if "url" in changes and changes["url"] != endpoint.url:
        check_url(changes["url"])
    if "events" in changes:
        changes = {**changes, "events": sorted(set(changes["events"]))}
    before, url_before = _settings(endpoint), endpoint.url
    for key in _FIELDS:
        if key in changes:
            setattr(endpoint, key, changes[key])
    after = _settings(endpoint)
    # A new URL on the same host still shows, as the host on both sides.
    changed = {k for k, v in after.items() if before[k] != v or
               (k == "host" and endpoint.url != url_before)}
    if changed:
        audit.record(actor, "webhook.update", "webhook", endpoint.id,
                     before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})
    db.session.commit()
    return endpoint


def delete(endpoint_id: int, actor: Actor) -> None:
    """Delete an endpoint with its messages and their log, and commit."""
    endpoint = get(endpoint_id)
    audit.record(actor, "webhook.delete", "webhook", endpoint.id, before=_settings(endpoint))
    # Bulk deletes: the ORM would load every message first.
    db.session.execute(sa.delete(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint.id))
    db.session.execute(sa.delete(WebhookMessage).where(WebhookMessage.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.commit()


def rotate_secret(endpoint_id: int, actor: Actor) -> WebhookEndpoint:
    """Give the endpoint a new secret; the old one signs too for the grace period."""
    endpoint = get(endpoint_id)
    grace = timedelta(seconds=current_app.config["WEBHOOKS_SECRET_GRACE_SECONDS"])
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = utcnow() + grace if grace else None
    endpoint.secret = signing.new_secret()
    audit.record(actor, "webhook.rotate_secret", "webhook", endpoint.id,
                 after={"previous_secret_expires_at":
                        endpoint.previous_secret_expires_at.isoformat() if grace else None})
    db.session.commit()
    return endpoint


def set_status(endpoint_id: int, actor: Actor, status: EndpointStatus) -> WebhookEndpoint:
    """Pause or resume an endpoint and commit; resuming also re-enables a disabled one."""
    endpoint = get(endpoint_id)
    before = endpoint.status
    if before is not status:
        endpoint.status = status
        if status is EndpointStatus.ACTIVE:
            endpoint.disabled_reason = None
            endpoint.failing_since = None
        action = "webhook.resume" if status is EndpointStatus.ACTIVE else "webhook.pause"
        audit.record(actor, action, "webhook", endpoint.id, before={"status": before.value},
                     after={"status": status.value})
    db.session.commit()
    return endpoint


def send_test(endpoint_id: int, actor: Actor) -> WebhookMessage:
    """Queue a webhook.test message for this endpoint alone and commit."""
    endpoint = get(endpoint_id)
    message = outbox.message(endpoint, outbox.TEST_EVENT,
                             {"endpoint": endpoint.id, "sent_by": actor.name}, utcnow())
    db.session.add(message)
    db.session.commit()
    return message


def get_message(endpoint_id: int, message_id: int) -> WebhookMessage:
    """Return one of the endpoint's messages, or raise a 404."""
    message = db.session.get(WebhookMessage, message_id)
    if message is None or message.endpoint_id != endpoint_id:
        raise APIError(404, "not_found", "No such message for this endpoint.")
    return message


def replay(endpoint_id: int, actor: Actor, *, message_id: int | None = None,
           since: datetime | None = None) -> int:
    """Send one message, or every message created since a time, again; commit."""
    get(endpoint_id)
    m = WebhookMessage
    query = sa.update(m).where(m.endpoint_id == endpoint_id)
    if message_id is not None:
        get_message(endpoint_id, message_id)
        query = query.where(m.id == message_id)
    else:
        query = query.where(m.created_at >= since)
    # The webhook-id stays the same, so receivers that already have it can tell.
    count = db.session.execute(query.values(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=utcnow(),
        delivered_at=None)).rowcount
    audit.record(actor, "webhook.replay", "webhook", endpoint_id,
                 after={"message": message_id, "since": since.isoformat() if since else None,
                        "messages": count})
    db.session.commit()
    return count


def messages(endpoint_id: int, *, status: MessageStatus | None, limit: int,
             cursor: str | None) -> tuple[list[WebhookMessage], str | None]:
    """Return a page of the endpoint's messages, newest first, and the next cursor."""
    get(endpoint_id)
    query = sa.select(WebhookMessage).where(WebhookMessage.endpoint_id == endpoint_id)
    if status is not None:
        query = query.where(WebhookMessage.status == status)
    return _page(query, WebhookMessage.id, limit, cursor)


def attempts(endpoint_id: int, *, message_id: int | None, limit: int,
             cursor: str | None) -> tuple[list[WebhookAttempt], str | None]:
    """Return a page of the delivery log, newest first, and the next cursor."""
    get(endpoint_id)
    query = sa.select(WebhookAttempt).where(WebhookAttempt.endpoint_id == endpoint_id)
    if message_id is not None:
        query = query.where(WebhookAttempt.message_id == message_id)
    return _page(query, WebhookAttempt.id, limit, cursor)


def _page(query, id_column, limit: int, cursor: str | None):
    if cursor:
        query = query.where(id_column < comments.decode_cursor(cursor))
    rows = list(db.session.execute(query.order_by(id_column.desc()).limit(limit + 1)).scalars())
    if len(rows) > limit:
        return rows[:limit], comments.encode_cursor(rows[limit - 1].id)
    return rows, None


def _settings(endpoint: WebhookEndpoint) -> dict:
    # The audit log, which moderators read, holds the host only: a URL can be a credential.
    return {"host": urls.host_of(endpoint.url), "description": endpoint.description,
            "events": list(endpoint.events),
            "include_personal_data": bool(endpoint.include_personal_data)}
